import { analyzeParsed, analyzeParsedAsync, type AnalyzeOptions, type OutputMemo } from './analyze';
import type { BlockCache } from './claims';
import { parseNote, parseNoteAsync, SLICE_CHARS, type ParsedNote } from './parse';
import { parseBlocks, type BlockDefinition, type HtmlBlock, type ParsedBlocks, type ProseBlock } from './blocks';
import { LineIndex } from './text';
import type { DocumentAnalysis } from './types';

/**
 * Analyses successive versions of one note. After an edit it re-parses only the top-level
 * blocks around the change (plus one block of context on each side, which must come out
 * the same, or it falls back to a full parse) and reuses every other block's work.
 * Reference and footnote resolution always runs over the whole note, so editing a
 * definition updates every claim that cites it.
 */
export class IncrementalAnalyzer {
  private note: ParsedNote | undefined;
  private cache: BlockCache = new Map();
  private memo: OutputMemo = new WeakMap();
  /** How the last update was done, for tests and the bench. */
  lastMode: 'full' | 'incremental' | 'unchanged' = 'full';

  constructor(private options: AnalyzeOptions = {}) {}

  /** Changes the config: cached block work depends on it. */
  setOptions(options: AnalyzeOptions): void {
    this.options = options;
    this.cache = new Map();
    this.memo = new WeakMap();
  }

  /**
   * Like analyze(), but a full parse of a long note is done in slices of about `sliceChars`
   * characters with `pause()` awaited between them, so the caller's thread is never held for
   * long. Returns undefined when `isCancelled()` turns true.
   */
  async analyzeAsync(text: string, pause: () => Promise<void>, isCancelled: () => boolean = () => false, sliceChars = SLICE_CHARS): Promise<DocumentAnalysis | undefined> {
    const old = this.note;
    if (old && (old.text === text || text.length < sliceChars)) return this.analyze(text);
    if (old) {
      const note = reparse(old, text);
      if (note) {
        this.note = note;
        this.lastMode = 'incremental';
        return analyzeParsed(note, this.options, this.cache, this.memo);
      }
    }
    const note = await parseNoteAsync(text, sliceChars, pause, isCancelled);
    if (!note) return undefined;
    this.note = note;
    this.lastMode = 'full';
    // Reading the blocks is sliced too: pause whenever a slice has run for a while.
    let mark = Date.now();
    return analyzeParsedAsync(note, this.options, this.cache, this.memo, () => {
      if (Date.now() - mark < SLICE_MS) return true;
      return pause().then(() => {
        if (isCancelled()) return false;
        mark = Date.now();
        return true;
      });
    });
  }

  analyze(text: string): DocumentAnalysis {
    const old = this.note;
    let note: ParsedNote | undefined;
    if (old && old.text === text) {
      note = old;
      this.lastMode = 'unchanged';
    } else if (old) {
      note = reparse(old, text);
      this.lastMode = note ? 'incremental' : 'full';
    }
    note ??= parseNote(text);
    this.note = note;
    const result = analyzeParsed(note, this.options, this.cache, this.memo);
    // Forget the work of blocks that no longer exist, now and then, so the cache stays small.
    if (this.cache.size > 2 * note.parsed.blocks.length + 256) {
      const live = new Set(note.parsed.blocks.map((b) => b.content));
      for (const key of this.cache.keys()) if (!live.has(key)) this.cache.delete(key);
    }
    return result;
  }
}

const CHUNK = 4096;
/** How long an async analysis may hold the thread before it pauses. */
const SLICE_MS = 20;

/**
 * Lengths of the common prefix and suffix of two texts (not overlapping). Whole chunks are
 * compared as strings first, which V8 does with a memory compare, then the last chunk by char.
 */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p + CHUNK <= max && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  const room = max - p;
  while (q + CHUNK <= room && a.slice(a.length - q - CHUNK, a.length - q) === b.slice(b.length - q - CHUNK, b.length - q)) q += CHUNK;
  while (q < room && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return [p, q];
}

/** Index of the last element whose start is <= line, or -1. */
function lastStartingBy<T>(items: readonly T[], start: (t: T) => number, line: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (start(items[mid]) <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const blockLine = (b: ProseBlock) => b.segs[0].line;

function shiftBlock(b: ProseBlock, delta: number): ProseBlock {
  return delta === 0 ? b : { ...b, segs: b.segs.map((s) => ({ ...s, line: s.line + delta })) };
}

/** Keeps items starting before `from`, and shifts those starting at or after `to` by `delta`. */
function splice<T>(items: readonly T[], start: (t: T) => number, from: number, to: number, middle: readonly T[], shift: (t: T) => T): T[] {
  const out: T[] = [];
  for (const t of items) if (start(t) < from) out.push(t);
  for (const t of middle) out.push(t);
  for (const t of items) if (start(t) >= to) out.push(shift(t));
  return out;
}

/**
 * Re-parses only the region of `old` that an edit touched. Returns undefined when a full
 * parse is needed: the front matter changed, or the blocks after the edit parse differently.
 */
function reparse(old: ParsedNote, text: string): ParsedNote | undefined {
  const [p, q] = commonEnds(old.text, text);
  const editStart = old.lines.positionAt(p).line;
  const editEnd = old.lines.positionAt(old.text.length - q).line;
  // Edits at or next to the front matter can change what it is, and so can closing one.
  if (editStart <= old.front.endLine) return undefined;
  if (old.front.endLine === 0 && text.startsWith('---')) return undefined;
  const tops = old.parsed.tops;
  // One top-level block of context before the edit: an edit can join a paragraph to it.
  const at = lastStartingBy(tops, (t) => t[0], editStart);
  const from = at > 0 ? tops[at - 1][0] : Math.max(old.front.endLine, 0);
  // The first block starting after the edit is the sync block: it must parse the same again.
  let syncIndex = lastStartingBy(tops, (t) => t[0], editEnd) + 1;
  while (syncIndex < tops.length && tops[syncIndex][0] <= editEnd) syncIndex++;
  const sync = tops[syncIndex];
  const oldTo = sync ? sync[1] : old.lines.lineCount;

  const lines = new LineIndex(text);
  const delta = lines.lineCount - old.lines.lineCount;
  const newTo = oldTo + delta;
  if (newTo <= from || newTo > lines.lineCount) return undefined;
  const startOffset = lines.starts[from];
  const endOffset = newTo < lines.lineCount ? lines.starts[newTo] : text.length;
  const region = parseBlocks(text.slice(startOffset, endOffset), lines, from);
  if (sync) {
    const last = region.tops[region.tops.length - 1];
    if (!last || last[0] !== sync[0] + delta || last[1] !== sync[1] + delta) return undefined;
  }
  const shiftLine = <T extends { line: number }>(t: T): T => (delta ? { ...t, line: t.line + delta } : t);
  const parsed: ParsedBlocks = {
    blocks: splice(old.parsed.blocks, blockLine, from, oldTo, region.blocks, (b) => shiftBlock(b, delta)),
    html: splice<HtmlBlock>(old.parsed.html, (h) => h.line, from, oldTo, region.html, shiftLine),
    definitions: splice<BlockDefinition>(old.parsed.definitions, (d) => d.startLine, from, oldTo, region.definitions,
      (d) => (delta ? { ...d, startLine: d.startLine + delta, endLine: d.endLine + delta } : d)),
    tops: splice<[number, number]>(tops, (t) => t[0], from, oldTo, region.tops, (t) => (delta ? [t[0] + delta, t[1] + delta] : t)),
    deep: splice<number>(old.parsed.deep, (l) => l, from, oldTo, region.deep, (l) => l + delta),
  };
  return { text, lines, front: old.front, parsed };
}

/** Parses a note in slices, pausing between them (kept under this name for callers). */
export const parseProgressively = parseNoteAsync;

export { parseNote };
