import { parseBlocks, type ParsedBlocks } from './blocks';
import { readFrontMatter, type FrontMatter } from './frontMatter';
import { LineIndex } from './text';

/** A note split into its parts, before any claim is read: what a re-parse of one region updates. */
export interface ParsedNote {
  text: string;
  lines: LineIndex;
  front: FrontMatter;
  parsed: ParsedBlocks;
}

/** Notes longer than this are parsed in slices: only one slice's tokens are alive at a time. */
export const SLICE_CHARS = 64 * 1024;

/** Parses a note: front matter, then the Markdown blocks after it. */
export function parseNote(text: string): ParsedNote {
  const steps = parseSteps(text, SLICE_CHARS);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** Parses a note in slices of about `sliceChars`, awaiting `pause()` between them; undefined once `isCancelled()` turns true. */
export async function parseNoteAsync(text: string, sliceChars: number, pause: () => Promise<void>, isCancelled: () => boolean = () => false): Promise<ParsedNote | undefined> {
  const steps = parseSteps(text, sliceChars);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
    if (isCancelled()) return undefined;
  }
}

/**
 * Parses a note slice by slice, yielding between slices. Each slice is parsed on its own;
 * every top-level block in it but the last is final (once a later line has closed a block,
 * no line can change it), and the next slice starts at that last block, so the result
 * equals one parse of the whole note, with a fraction of its tokens alive at once.
 */
export function* parseSteps(text: string, sliceChars: number): Generator<void, ParsedNote, void> {
  const lines = new LineIndex(text);
  const front = readFrontMatter(lines);
  const parsed: ParsedBlocks = { blocks: [], html: [], definitions: [], tops: [], deep: [] };
  let from = front.endLine;
  let size = sliceChars;
  while (from < lines.lineCount) {
    let to = from;
    const limit = lines.starts[from] + size;
    while (to < lines.lineCount && lines.starts[to] < limit) to++;
    // One block filled the last slice (or one line fills this one). Most such blocks (a
    // paragraph, a table) end at a blank line: end this slice just past the next one, so the
    // block is parsed whole once, not again at every doubling.
    if (size > sliceChars || (to === from + 1 && to < lines.lineCount && lines.starts[to] - lines.starts[from] > size)) to = pastNextBlank(lines, to);
    const atEnd = to >= lines.lineCount;
    const region = parseBlocks(text.slice(lines.starts[from], atEnd ? text.length : lines.starts[to]), lines, from);
    let next = to;
    const last = region.tops[region.tops.length - 1];
    if (!atEnd && last) {
      if (last[0] <= from) {
        size *= 2; // one block fills the slice: take a bigger one
        continue;
      }
      next = last[0];
    }
    for (const b of region.blocks) if (b.segs[0].line < next) parsed.blocks.push(b);
    for (const h of region.html) if (h.line < next) parsed.html.push(h);
    for (const d of region.definitions) if (d.startLine < next) parsed.definitions.push(d);
    for (const t of region.tops) if (t[0] < next) parsed.tops.push(t);
    for (const l of region.deep) if (l < next) parsed.deep.push(l);
    from = next;
    size = sliceChars;
    if (from < lines.lineCount) yield;
  }
  return { text, lines, front, parsed };
}

function isBlank(lines: LineIndex, line: number): boolean {
  const end = lines.lineEnd(line);
  for (let i = lines.starts[line]; i < end; i++) {
    const c = lines.text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The line after the first non-blank line that follows a blank line, at or after `line`. */
function pastNextBlank(lines: LineIndex, line: number): number {
  let l = line;
  while (l < lines.lineCount && !isBlank(lines, l)) l++;
  while (l < lines.lineCount && isBlank(lines, l)) l++;
  return Math.min(l + 1, lines.lineCount);
}

/** The last note parsed for edits: a quick fix asks several questions about one text. */
let lastParsed: ParsedNote | undefined;

/** parseNote(), keeping the last result: for edits, which ask about the same text again and again. */
export function parseNoteCached(text: string): ParsedNote {
  if (lastParsed?.text !== text) lastParsed = parseNote(text);
  return lastParsed;
}
