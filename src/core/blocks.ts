import markdownIt, { type MarkdownIt } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import type { LineIndex } from './text';
import type { Position } from './types';

/** Maps offsets of a block's content back to the note: one entry per content line. */
export interface Segment {
  line: number;
  /** Offset in the content where this line's text starts. */
  cOff: number;
  /** Source column of that offset. */
  sCol: number;
}

export interface ProseBlock {
  kind: 'paragraph' | 'heading' | 'cell' | 'footnote';
  /** Inline content, exactly as in the source apart from container prefixes. */
  content: string;
  segs: Segment[];
  /** Set on blocks inside a footnote definition. */
  footnote?: string;
}

export interface BlockDefinition {
  kind: 'reference' | 'footnote';
  startLine: number;
  endLine: number;
  /** For link definitions: markdown-it's normalised label, destination and title. */
  key?: string;
  href?: string;
  title?: string;
  /** Not inside a quote, list or footnote: a line after it can hold another top-level definition. */
  top: boolean;
}

export interface HtmlBlock {
  line: number;
  content: string;
}

export interface ParsedBlocks {
  blocks: ProseBlock[];
  html: HtmlBlock[];
  definitions: BlockDefinition[];
  /** Line ranges [start, end) of the top-level blocks, in order: where a re-parse may start and stop. */
  tops: Array<[number, number]>;
  /** Lines where a quote, list or footnote would have nested deeper than MAX_DEPTH: read as plain text from there. */
  deep: number[];
}

interface Env {
  references?: Record<string, { href: string; title: string }>;
  claimLensDefs: BlockDefinition[];
  claimLensDeep?: number[];
}

/**
 * How deep (in markdown-it token levels: a list and its item are two) containers may nest.
 * Past markdown-it's own `maxNesting` (100) it silently drops the rest of the note, and its
 * recursion grows with the depth; below this limit a quote, list or footnote that would
 * nest deeper is not opened, so its line is read as plain text (and reported).
 */
export const MAX_DEPTH = 64;

type BlockRule = (state: { env: unknown; line: number; level: number }, start: number, end: number, silent: boolean) => boolean;

let engine: MarkdownIt | undefined;

/**
 * A block-level markdown-it: we read inline content ourselves (with exact offsets,
 * which markdown-it's inline tokens lack), so its inline phase is switched off.
 */
function getEngine(): MarkdownIt {
  if (engine) return engine;
  const md = markdownIt({ html: true }).use(footnote);
  md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join', 'footnote_tail'], true);
  const rules = (md.block.ruler as unknown as { __rules__: Array<{ name: string; fn: BlockRule; alt: string[] }> }).__rules__;
  for (const kind of ['reference', 'footnote_def'] as const) {
    const rule = rules.find((r) => r.name === kind);
    if (!rule) continue;
    const original = rule.fn;
    const wrapped: BlockRule = (state, start, end, silent) => {
      // Both rules read a definition only where a line starts with `[` (their own first test):
      // every other block start returns at once, without the table swap below.
      const at = state as unknown as { src: string; bMarks: number[]; tShift: number[] };
      if (at.src.charCodeAt(at.bMarks[start] + at.tShift[start]) !== 0x5b) return false;
      const env = state.env as Env;
      const level = state.level;
      if (silent || kind !== 'reference') {
        const ok = original(state, start, end, silent);
        if (ok && !silent) (env.claimLensDefs ??= []).push({ kind: 'footnote', startLine: start, endLine: state.line, top: level === 0 });
        return ok;
      }
      // markdown-it keeps only the first definition of a label. Give the rule an empty table,
      // so every definition, duplicates too, yields its own destination; then merge first-wins.
      const shared = env.references;
      const own: Record<string, { href: string; title: string }> = {};
      env.references = own;
      let ok: boolean;
      try {
        ok = original(state, start, end, silent);
      } finally {
        env.references = shared ?? {};
      }
      if (ok) {
        const [key] = Object.keys(own);
        const def: BlockDefinition = { kind: 'reference', startLine: start, endLine: state.line, top: level === 0 };
        if (key !== undefined) {
          Object.assign(def, { key, href: own[key].href, title: own[key].title });
          if (!(key in env.references!)) env.references![key] = own[key];
        }
        (env.claimLensDefs ??= []).push(def);
      }
      return ok;
    };
    md.block.ruler.at(kind, wrapped as never, { alt: rule.alt });
  }
  for (const kind of ['blockquote', 'list', 'footnote_def'] as const) {
    const rule = rules.find((r) => r.name === kind);
    if (!rule) continue;
    const original = rule.fn;
    const capped: BlockRule = (state, start, end, silent) => {
      if ((state as unknown as { level: number }).level < MAX_DEPTH) return original(state, start, end, silent);
      // Too deep: the line stays text. Note where, once per place a container was refused.
      if (!silent && original(state, start, end, true)) ((state.env as Env).claimLensDeep ??= []).push(start);
      return false;
    };
    md.block.ruler.at(kind, capped as never, { alt: rule.alt });
  }
  engine = md;
  return md;
}

/** A destination as markdown-it stores it: punycode host, percent-encoded. */
export function normalizeLink(url: string): string {
  return getEngine().normalizeLink(url);
}

export function normalizeLabel(label: string): string {
  return getEngine().utils.normalizeReference(label);
}

/**
 * Parses Markdown (front matter already blanked) into the blocks that can hold prose.
 * `mdText` may be a slice of the note starting at line `lineOffset`; every line number
 * returned is a line of the whole note, which `lines` indexes.
 */
export function parseBlocks(mdText: string, lines: LineIndex, lineOffset = 0): ParsedBlocks {
  const md = getEngine();
  const env: Env = { claimLensDefs: [] };
  const tokens = md.parse(mdText, env as unknown as Record<string, unknown>);
  const blocks: ProseBlock[] = [];
  const html: HtmlBlock[] = [];
  const tops: Array<[number, number]> = [];
  let footnoteLabel: string | undefined;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.level === 0 && tok.map && tok.nesting >= 0) tops.push([tok.map[0] + lineOffset, tok.map[1] + lineOffset]);
    switch (tok.type) {
      case 'paragraph_open':
      case 'heading_open': {
        const inline = tokens[t + 1];
        if (inline?.type === 'inline' && inline.map && inline.content) {
          const kind = tok.type === 'heading_open' ? 'heading' : footnoteLabel !== undefined ? 'footnote' : 'paragraph';
          const block: ProseBlock = { kind, content: inline.content, segs: paragraphSegments(inline.content, inline.map[0] + lineOffset, lines) };
          if (footnoteLabel !== undefined) block.footnote = footnoteLabel;
          blocks.push(block);
        }
        break;
      }
      case 'tr_open': {
        if (!tok.map) break;
        let cells = 0;
        for (let k = t + 1; k < tokens.length && tokens[k].type !== 'tr_close'; k++) {
          if (tokens[k].type === 'th_open' || tokens[k].type === 'td_open') cells++;
        }
        tableCells(lines, tok.map[0] + lineOffset, cells, blocks);
        break;
      }
      case 'html_block':
        if (tok.map && tok.content.includes('claim-lens-')) html.push({ line: tok.map[0] + lineOffset, content: tok.content });
        break;
      case 'footnote_reference_open':
        footnoteLabel = String(tok.meta?.label ?? '');
        break;
      case 'footnote_reference_close':
        footnoteLabel = undefined;
        break;
    }
  }
  // Definitions leave no token of their own; they are top-level blocks all the same.
  const definitions = env.claimLensDefs.map((d): BlockDefinition => ({ ...d, startLine: d.startLine + lineOffset, endLine: d.endLine + lineOffset }));
  // Both are in line order and the blocks do not overlap: one walk finds the block holding each (not one search each).
  const own = tops.length;
  let k = 0;
  for (const d of definitions) {
    while (k < own && tops[k][1] <= d.startLine) k++;
    if (!(k < own && tops[k][0] <= d.startLine)) tops.push([d.startLine, d.endLine]);
  }
  tops.sort((a, b) => a[0] - b[0]);
  const deep = (env.claimLensDeep ?? []).map((l) => l + lineOffset);
  return { blocks, html, definitions, tops, deep };
}

export const DEF_LABEL = /\[((?:[^\\\]]|\\.)+)\]:/;

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x1680;
}

/** Whether src[..srcEnd) ends with content[lead..tail), compared in place from the end. */
function sameTail(src: string, srcEnd: number, content: string, lead: number, tail: number): boolean {
  // Compared natively (a substring is a view of the string, not a copy): a loop of charCodeAt
  // is slow until V8 has compiled it, and most of a check's run is before that.
  if (tail - lead > 12) return srcEnd >= tail - lead && src.slice(srcEnd - (tail - lead), srcEnd) === content.slice(lead, tail);
  for (let i = srcEnd - 1, j = tail - 1; j >= lead; i--, j--) if (src.charCodeAt(i) !== content.charCodeAt(j)) return false;
  return true;
}

/** A line as markdown-it saw it: NUL becomes U+FFFD there. */
function sourceLine(lines: LineIndex, line: number): string {
  const s = lines.line(line);
  return s.includes('\0') ? s.replace(/\0/g, '\uFFFD') : s;
}

/** Where each line of a block's content sits in the note. */
export function segmentsOf(content: string, firstLine: number, lines: LineIndex): Segment[] {
  return paragraphSegments(content.replace(/\n$/, ''), firstLine, lines);
}

function paragraphSegments(content: string, firstLine: number, lines: LineIndex): Segment[] {
  const segs: Segment[] = [];
  let off = 0;
  let line = firstLine;
  for (;;) {
    const nl = content.indexOf('\n', off);
    const end = nl < 0 ? content.length : nl;
    let lead = off;
    while (lead < end && (content.charCodeAt(lead) === 32 || content.charCodeAt(lead) === 9)) lead++;
    let tail = end;
    while (tail > lead && isWs(content.charCodeAt(tail - 1))) tail--;
    const src = sourceLine(lines, line);
    let srcEnd = src.length;
    while (srcEnd > 0 && isWs(src.charCodeAt(srcEnd - 1))) srcEnd--;
    const len = tail - lead;
    let sCol: number;
    // The content line is a suffix of the source line; compare in place, without copies.
    if (srcEnd >= len && sameTail(src, srcEnd, content, lead, tail)) sCol = srcEnd - len;
    else {
      const found = src.indexOf(content.slice(lead, tail));
      sCol = found >= 0 ? found : 0;
    }
    segs.push({ line, cOff: lead, sCol });
    if (nl < 0) break;
    off = nl + 1;
    line++;
  }
  return segs;
}

/** Splits a table row in the source into its cells, each a block of its own. */
function tableCells(lines: LineIndex, line: number, count: number, out: ProseBlock[]): void {
  const src = sourceLine(lines, line);
  let p = 0;
  // Container prefixes: indentation and block-quote markers.
  while (p < src.length && (src[p] === ' ' || src[p] === '\t' || src[p] === '>')) p++;
  if (src[p] === '|') p++;
  let cells = 0;
  while (p <= src.length && cells < count) {
    const q = cellEnd(src, p);
    let a = p;
    let b = q;
    while (a < b && isWs(src.charCodeAt(a))) a++;
    while (b > a && isWs(src.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ kind: 'cell', content: src.slice(a, b), segs: [{ line, cOff: 0, sCol: a }] });
    cells++;
    if (q >= src.length) break;
    p = q + 1;
  }
}

/** Where the cell starting at `p` ends: the next `|` that no backslash escapes, or the line's end. Found natively. */
function cellEnd(src: string, p: number): number {
  let q = src.indexOf('|', p);
  for (;;) {
    if (q < 0) return src.length;
    // The walk a character at a time stepped over each backslash and the character after it.
    let escaped = false;
    for (let e = src.indexOf('\\', p); e >= 0 && e < q; e = src.indexOf('\\', e + 2)) if (e + 1 === q) escaped = true;
    if (!escaped) return q;
    p = q + 1;
    q = src.indexOf('|', p);
  }
}

/** The note position of an offset in a block's content. */
export function positionAt(segs: readonly Segment[], offset: number): Position {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].cOff <= offset) lo = mid;
    else hi = mid - 1;
  }
  const seg = segs[lo];
  return { line: seg.line, character: seg.sCol + Math.max(0, offset - seg.cOff) };
}
