import { positionAt, segmentsOf, type ParsedBlocks, type ProseBlock } from './blocks';
import { ruleMessage, type FindingSink } from './findings';
import type { LineIndex } from './text';
import type { Position, Range } from './types';

export interface Directive {
  /** `disable-claim` suppresses only the claim that ends right before it (spaces between at most). */
  kind: 'disable-next-line' | 'disable-line' | 'disable-claim' | 'disable' | 'enable' | 'disable-file';
  /** Statuses named, or empty for all. `no-source` names the missing-source finding alone. */
  statuses: string[];
  reason: string | null;
  /** The line the directive applies from: the next non-blank line for disable-next-line, its own last line for disable-line. */
  line: number;
  range: Range;
}

/** The start of a directive comment; its body runs to the first `-->` after it. */
const DIRECTIVE_HEAD = /<!--\s*claim-lens-(disable-next-line|disable-line|disable-claim|disable-file|disable|enable)(?![\w-])/g;

/**
 * Reads the claim-lens comments in a piece of HTML, as directives with their ranges. Each
 * comment's end is searched for once, and once no `-->` is left nothing later can close, so
 * text full of unclosed `<!-- claim-lens-…` is read in one pass.
 */
export function readDirectives(html: string, at: (offset: number) => { line: number; character: number }): Array<Omit<Directive, 'line'> & { endLine: number }> {
  const out: Array<Omit<Directive, 'line'> & { endLine: number }> = [];
  DIRECTIVE_HEAD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE_HEAD.exec(html)) !== null) {
    const bodyAt = m.index + m[0].length;
    const close = html.indexOf('-->', bodyAt);
    if (close < 0) break;
    const body = html.slice(bodyAt, close);
    const sep = body.search(/(?:^|\s)--(?:\s|$)/);
    const names = (sep < 0 ? body : body.slice(0, sep)).trim();
    const reason = sep < 0 ? null : body.slice(sep).replace(/^\s*--/, '').trim() || null;
    const start = at(m.index);
    const end = at(close + 3);
    out.push({
      kind: m[1] as Directive['kind'],
      statuses: names ? names.split(/[\s,]+/).filter(Boolean) : [],
      reason,
      range: { start, end },
      endLine: end.line,
    });
    DIRECTIVE_HEAD.lastIndex = close + 3;
  }
  return out;
}

export interface SuppressionResult {
  suppressed: boolean;
  /** Only the missing-source finding is suppressed. */
  noSourceOnly: boolean;
  reason: string | null;
}

const applies = (d: Directive, status: string) => d.statuses.length === 0 || d.statuses.includes(status) || d.statuses.includes('all');
const noSource = (d: Directive) => d.statuses.includes('no-source');
const isLine = (d: Directive) => d.kind === 'disable-next-line' || d.kind === 'disable-line';

/** For each index, the first index at or after it whose directive passes `test` (or the length). */
function nextWhere(all: readonly Directive[], test: (d: Directive) => boolean): Int32Array {
  const next = new Int32Array(all.length + 1).fill(all.length);
  for (let i = all.length - 1; i >= 0; i--) next[i] = test(all[i]) ? i : next[i + 1];
  return next;
}

/** Lookups over a note's directives, so that each claim costs a few binary searches, not a pass over all of them. */
class SuppressionIndex {
  private readonly lines: Int32Array;
  /** Before index k: the last `enable`, or -1. */
  private readonly lastEnable: Int32Array;
  private readonly byStatus = new Map<string, { open: Int32Array; line: Int32Array; file: number }>();
  private readonly noSource: { open: Int32Array; line: Int32Array; file: number };

  constructor(private readonly all: readonly Directive[]) {
    this.lines = Int32Array.from(all, (d) => d.line);
    this.lastEnable = new Int32Array(all.length + 1);
    let last = -1;
    for (let i = 0; i <= all.length; i++) {
      this.lastEnable[i] = last;
      if (i < all.length && all[i].kind === 'enable') last = i;
    }
    this.noSource = this.tables(noSource);
  }

  private tables(test: (d: Directive) => boolean) {
    const file = this.all.findIndex((d) => d.kind === 'disable-file' && test(d));
    return {
      open: nextWhere(this.all, (d) => d.kind === 'disable' && test(d)),
      line: nextWhere(this.all, (d) => isLine(d) && test(d)),
      file: file < 0 ? this.all.length : file,
    };
  }

  private forStatus(status: string) {
    let t = this.byStatus.get(status);
    if (!t) this.byStatus.set(status, (t = this.tables((d) => applies(d, status))));
    return t;
  }

  /** The number of directives on lines up to `line`. */
  private upTo(line: number): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The first directive, in the order the claim meets them, that passes a table's test: the
   * disables still open at the claim's first line, then the file-wide ones and those for its
   * lines, in note order.
   */
  private first(t: { open: Int32Array; line: Int32Array; file: number }, startLine: number, endLine: number): Directive | undefined {
    const k = this.upTo(startLine);
    const open = t.open[this.lastEnable[k] + 1];
    if (open < k) return this.all[open];
    const from = this.upTo(startLine - 1);
    const line = t.line[from];
    const at = Math.min(t.file, line < this.upTo(endLine) ? line : this.all.length);
    return at < this.all.length ? this.all[at] : undefined;
  }

  /** The directives on one line. */
  onLine(line: number): readonly Directive[] {
    return this.all.slice(this.upTo(line - 1), this.upTo(line));
  }

  lookup(status: string, startLine: number, endLine: number): SuppressionResult | undefined {
    const d = this.first(this.forStatus(status), startLine, endLine);
    if (d) return { suppressed: true, noSourceOnly: false, reason: d.reason };
    const n = this.first(this.noSource, startLine, endLine);
    return n ? { suppressed: true, noSourceOnly: true, reason: n.reason } : undefined;
  }
}

const indexes = new WeakMap<readonly Directive[], SuppressionIndex>();

/**
 * Decides whether the directives suppress a claim with this status on these lines. The
 * directives are in line order (as analyzeText sorts them) and are not changed afterwards:
 * the lookups built on the first call are kept with the array.
 */
export function suppressionFor(directives: readonly Directive[], status: string, startLine: number, endLine: number, endsRightBefore?: (d: Directive) => boolean): SuppressionResult | undefined {
  let index = indexes.get(directives);
  if (!index) indexes.set(directives, (index = new SuppressionIndex(directives)));
  const found = index.lookup(status, startLine, endLine);
  if ((found && !found.noSourceOnly) || !endsRightBefore) return found;
  // `disable-claim` covers only the claim whose sentence ends right before it, on its last line.
  let result = found;
  for (const d of index.onLine(endLine)) {
    if (d.kind !== 'disable-claim' || !endsRightBefore(d)) continue;
    if (applies(d, status)) return { suppressed: true, noSourceOnly: false, reason: d.reason };
    if (noSource(d)) result ??= { suppressed: true, noSourceOnly: true, reason: d.reason };
  }
  return result;
}

/**
 * Every claim-lens directive in the note (HTML blocks, and comments inside scanned prose), in
 * line order, each with the line it applies from; unknown statuses are reported.
 */
export function noteDirectives(
  html: ParsedBlocks['html'], scanned: ReadonlyArray<{ block: ProseBlock; scan: { directives: ReadonlyArray<[number, number]> } }>,
  lines: LineIndex, rank: ReadonlyMap<string, number>, sink: FindingSink,
): Directive[] {
  const directives: Directive[] = [];
  const addDirectives = (text: string, at: (offset: number) => Position) => {
    for (const d of readDirectives(text, at)) {
      const bad = d.statuses.filter((s) => s !== 'all' && s !== 'no-source' && !rank.has(s));
      if (bad.length) sink.add('suppression.invalid', ruleMessage('suppression.invalid', 'default', bad.map((b) => `\`${b}\``).join(', '), [...rank.keys(), 'no-source'].join(', ')), d.range, { statuses: bad });
      let line = d.endLine;
      if (d.kind === 'disable-next-line') {
        line++;
        while (line < lines.lineCount - 1 && lines.line(line).trim() === '') line++;
      }
      directives.push({ ...d, line });
    }
  };
  for (const h of html) {
    // The block's lines sit in the note after any quote or list prefix: place them as prose is placed.
    const segs = segmentsOf(h.content, h.line, lines);
    addDirectives(h.content, (o) => positionAt(segs, o));
  }
  for (const { block, scan } of scanned) {
    for (const [s, e] of scan.directives) addDirectives(block.content.slice(s, e), (o) => positionAt(block.segs, s + o));
  }
  directives.sort((a, b) => a.line - b.line);
  return directives;
}
