import { DEF_LABEL, MAX_DEPTH, normalizeLabel, parseBlocks, segmentsOf, type ParsedBlocks, type ProseBlock, type Segment } from './blocks';
import { defaultConfig, type ClaimLensConfig } from './config';
import { readFrontMatter, type FrontMatter } from './frontMatter';
import { emptyAnalysis, isGeneratedOutput } from './generated';
import { scanInline, type InlineScan, type RawCite } from './inline';
import { compileMatcher, INVISIBLE, type MarkerMatch, type MarkerMatcher } from './markers';
import { splitSentences } from './sentences';
import { claimLike, clauseStart, isTagFragment, markerLeads, sentenceLike } from './claimScope';
import { builtInLabel, type StatusDefinition } from './vocabulary';
import { checkQuote, findQuotations, NOTE_QUOTE_BUDGET, type QuoteBudget } from './quotes';
import type { RegistrySource } from './registry';
import { capSource, shortenTitle } from './sourceCaps';
import { findTimes, isRecording, timestampUrl } from './timestamps';
import { readDirectives, suppressionFor, type Directive } from './suppression';
import { LineIndex } from './text';
import type { Citation, Claim, ClaimQuote, ClaimTimestamp, Definition, Localizable, DocumentAnalysis, Finding, Marker, Position, Range, Severity, SeveritySetting, Source } from './types';

export interface AnalyzeOptions {
  config?: ClaimLensConfig;
  /** Reads a registry source's snapshot (path relative to the config file); undefined when unreadable. */
  snapshot?: (path: string) => string | undefined;
  /** Today, as YYYY-MM-DD, for `source.stale`; findings about age are skipped without it. */
  today?: string;
  /** How old `accessed` may be, in days, before a source is stale. Default 365. */
  staleAfterDays?: number;
}

const TASK_BOX = /^\[[ xX]\][ \t]+/;
/** Numbers per claim in BlockWork.flagged. */
const FLAG_STRIDE = 8;
const matchers = new WeakMap<ClaimLensConfig, MarkerMatcher>();
let defaults: ClaimLensConfig | undefined;

function matcherFor(config: ClaimLensConfig): MarkerMatcher {
  let m = matchers.get(config);
  if (!m) {
    m = compileMatcher(config.statuses);
    matchers.set(config, m);
  }
  return m;
}

/** What a block's own text yields, in offsets of its content: reusable wherever the block moves. */
export interface BlockWork {
  scan: InlineScan;
  /** The prefilter found a possible marker. */
  marked: boolean;
  /**
   * Flagged claims, flat, FLAG_STRIDE numbers each (a note of 100,000 claims makes no 200,000
   * small objects): the claim's start and end; the range [from, to) of its markers in `marks`;
   * the fragment that holds the markers when it is not the claim itself (or -1, -1); and the
   * range whose citations are the claim's sources.
   */
  flagged: number[];
  /** The markers of the flagged sentences, in order. */
  marks: MarkerMatch[];
  /** Sentences without markers that cite the sources registry: their quotations are checked too. */
  citing: Array<{ start: number; end: number }>;
  /** A table cell that only annotates: its markers lead it, or it holds nothing but them and words about a claim. */
  tagCell?: boolean;
}

interface ScannedBlock {
  block: ProseBlock;
  scan: InlineScan;
  work: BlockWork;
  /** For an evidence cell: the cell before it in its row, which may hold the claim it qualifies. */
  prev?: { block: ProseBlock; work: BlockWork | undefined };
}

/** A note split into its parts, before any claim is read: what a re-parse of one region updates. */
export interface ParsedNote {
  text: string;
  lines: LineIndex;
  front: FrontMatter;
  parsed: ParsedBlocks;
}

/**
 * Per-block results keyed by block text (the same string objects from one parse to the
 * next, so lookups hash nothing), shared between analyses of one note under one config.
 */
export type BlockCache = Map<string, BlockWork & { kind: string; footnote?: string }>;

/** Results of sentenceTimes() and sentenceQuotes() with nothing in them (never stored). */
const NO_TIMES: ClaimTimestamp[] = [];
const NO_QUOTES: ClaimQuote[] = [];

/** The sources of every claim that has none: one frozen array, not one per claim. */
const NO_SOURCES: readonly Source[] = Object.freeze([]);

/** Blocks with nothing to read: no marker, no citation. */
const NOTHING: BlockWork = { scan: { prose: '', cites: [], directives: [] }, marked: false, flagged: [], marks: [], citing: [] };
/** Whether an `@` sits inside brackets, as in `[@key]`: one linear pass, no backtracking. */
function hasBracketedAt(c: string): boolean {
  let open = false;
  for (let i = 0; i < c.length; i++) {
    const ch = c.charCodeAt(i);
    if (ch === 91) open = true;
    else if (ch === 93) open = false;
    else if (ch === 64 && open) return true;
  }
  return false;
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

function blockWork(block: ProseBlock, matcher: MarkerMatcher, cache: BlockCache | undefined): BlockWork | undefined {
  const c = block.content;
  const hit = cache?.get(c);
  // A block with nothing to read is cached as an object whose prototype is NOTHING.
  if (hit && hit.kind === block.kind && hit.footnote === block.footnote) return Object.getPrototypeOf(hit) === NOTHING ? undefined : hit;
  const marked = block.kind !== 'heading' && matcher.mayMatch(c);
  // Footnote text is always read: an unlinked footnote resolves to its own words.
  if (!marked && block.footnote === undefined && !c.includes('[') && !c.includes('<') && !c.includes('://')) {
    cache?.set(c, Object.assign(Object.create(NOTHING) as BlockWork, { kind: block.kind }));
    return undefined;
  }
  const registry = block.kind !== 'heading' && c.includes('@') && hasBracketedAt(c);
  const scan = scanInline(c, marked || registry);
  const flagged: BlockWork['flagged'] = [];
  const citing: BlockWork['citing'] = [];
  const marks = marked ? matcher.find(scan.prose, 0, scan.prose.length) : [];
  if (marks.length || registry) {
    // Registry citations in text order, walked with the sentences (not searched once per sentence).
    const regStarts = scan.cites.filter((x) => x.kind === 'registry').map((x) => x.start).sort((a, b) => a - b);
    let mi = 0;
    let ri = 0;
    let prevStart = -1;
    let prevEnd = -1;
    for (const [first, end] of splitSentences(scan.prose)) {
      // A task-list checkbox is list syntax, not part of the sentence.
      let start = first;
      if (first === 0) {
        start = TASK_BOX.exec(c)?.[0].length ?? 0;
        while (start > 0 && start < end && (scan.prose[start] === ' ' || scan.prose[start] === INVISIBLE)) start++;
      }
      while (mi < marks.length && marks[mi].start < start) mi++;
      let k = mi;
      while (k < marks.length && marks[k].start < end) k++;
      // A question marked only by common words is no claim: "What is the opinion of the npm team?"
      if (k > mi && isQuestion(scan.prose, start, end, marks[k - 1].end) && allCommon(marks, mi, k)) k = mi;
      if (k > mi) {
        const last = flagged.length - FLAG_STRIDE;
        // A marker that introduces what follows ("In my opinion, not really.") is never a tag of the sentence before.
        const intro = marks[mi].intro && markerLeads(scan.prose, start, marks[mi].start);
        if (prevStart >= 0 && !intro && isTagFragment(scan.prose, start, end, marks, mi, k) && sentenceLike(scan.prose.slice(prevStart, prevEnd))) {
          // A fragment of its own qualifies the sentence before it: flag that one, markers beside it.
          if (last >= 0 && (flagged[last + 5] >= 0 ? flagged[last + 5] : flagged[last + 1]) === prevEnd) {
            flagged[last + 3] = k;
            if (flagged[last + 4] < 0) flagged[last + 4] = start;
            flagged[last + 5] = end;
            flagged[last + 7] = end;
          } else {
            flagged.push(prevStart, prevEnd, mi, k, start, end, prevStart, end);
          }
        } else {
          flagged.push(start, end, mi, k, -1, -1, sourceFrom(scan.prose, start, marks, mi, k), end);
        }
      } else {
        while (ri < regStarts.length && regStarts[ri] < start) ri++;
        if (ri < regStarts.length && regStarts[ri] < end) citing.push({ start, end });
      }
      mi = k;
      prevStart = start;
      prevEnd = end;
    }
  }
  const tagCell = block.kind === 'cell' && flagged.length === FLAG_STRIDE && flagged[4] < 0 &&
    (markerLeads(scan.prose, flagged[0], marks[flagged[2]].start) || isTagFragment(scan.prose, flagged[0], flagged[1], marks, flagged[2], flagged[3]));
  // The masked copy has served its purpose: keeping it would double the note in memory.
  const work = { ...(tagCell ? { tagCell } : {}), scan: { cites: scan.cites, directives: scan.directives, prose: '' }, marked, flagged, marks: flagged.length ? marks : [], citing, kind: block.kind, footnote: block.footnote };
  cache?.set(c, work);
  return work;
}

/**
 * Where a flagged sentence's citations start. A sentence of several clauses ("[docs](…) (v1.35);
 * “Google donated it” is speaker paraphrase—no verbatim source") takes its sources from the
 * marker's clause on when that clause quotes what was said or its marker says there is no
 * source; otherwise a clause like "the count is speaker judgment" is about the clause before it.
 */
function sourceFrom(prose: string, start: number, marks: readonly MarkerMatch[], from: number, to: number): number {
  const cs = clauseStart(prose, start, marks[from].start);
  if (cs <= start) return start;
  let q = cs;
  while (q < prose.length && (prose[q] === ' ' || prose[q] === '\u0001')) q++;
  if (prose[q] === '"') return cs;
  for (let i = from; i < to; i++) if (marks[i].sourceless) return cs;
  return start;
}

function allCommon(marks: readonly MarkerMatch[], from: number, to: number): boolean {
  for (let q = from; q < to; q++) if (!marks[q].common) return false;
  return true;
}

/** Whether [start, end) ends with a question mark that comes after its last marker. */
function isQuestion(prose: string, start: number, end: number, lastMarkerEnd: number): boolean {
  let i = end;
  while (i > start && ')]}"\'\u0001\u0002\u0003 '.includes(prose[i - 1])) i--;
  return i > start && i > lastMarkerEnd && (prose[i - 1] === '?' || prose[i - 1] === '\uFF1F');
}

interface FootnoteDef {
  def: Definition;
  blocks: ScannedBlock[];
}

/** Analyses one note: its claims, their sources, and every finding, as plain data. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  return analyzeParsed(parseNote(text), options);
}

/**
 * Reads claims, sources and findings from a parsed note. With a block cache, blocks whose
 * text was seen before reuse their scan, sentences and markers.
 */
export function analyzeParsed(note: ParsedNote, options: AnalyzeOptions = {}, cache?: BlockCache, memo?: OutputMemo): DocumentAnalysis {
  const steps = analysisSteps(note, options, cache, memo);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** Blocks handled between two points where an async caller may pause. */
const STEP_BLOCKS = 512;

/**
 * The analysis as a generator that yields every few hundred blocks, so an async caller
 * can give the thread back between steps; analyzeParsed() simply runs it to the end.
 */
export function* analysisSteps(note: ParsedNote, options: AnalyzeOptions = {}, cache?: BlockCache, memo?: OutputMemo): Generator<void, DocumentAnalysis, void> {
  // A report Claim Lens wrote quotes claims and names statuses: never flag its own output.
  if (isGeneratedOutput(note.text)) return emptyAnalysis();
  const config = options.config ?? (defaults ??= defaultConfig());
  const matcher = matcherFor(config);
  const { lines, front, parsed } = note;
  // `claim-lens: false` in the front matter: the writer turned this note off.
  if (front.off) return { claims: [], findings: [], definitions: [], citations: [], noteSources: [] };
  const findings: Finding[] = [];
  const rule = (code: string): SeveritySetting => config.rules[code] ?? 'warning';
  const push = (code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>) => {
    if (severity !== 'off') findings.push(finding(code, severity, message, range, extra));
  };

  // Front matter is other tools' business too: unless it declares the note's sources, what Claim
  // Lens can't read in it is one hint at most, not a warning per key it never reads.
  if (front.problems.length && !declaresSources(lines, front.endLine)) {
    const p = front.problems[0];
    const sev = rule('frontmatter.invalid');
    push('frontmatter.invalid', sev === 'off' ? 'off' : 'hint', msg('Front matter: {0}', p.message), p.range);
  } else {
    for (const p of front.problems) push('frontmatter.invalid', rule('frontmatter.invalid'), msg('Front matter: {0}', p.message), p.range);
  }
  for (const src of front.sources) {
    if (src.url && src.definition && isUnsafeScheme(src.url)) push('source.unsafe-url', rule('source.unsafe-url'), msg("The note's source {0} uses a scheme that Claim Lens never opens; only http, https and mailto sources become links.", JSON.stringify(src.url.slice(0, 80))), src.definition);
  }

  // Containers nested past MAX_DEPTH: their lines were read as plain text.
  for (const l of parsed.deep) {
    const text = lines.line(l);
    const first = text.length - text.trimStart().length;
    push('markdown.too-deep', rule('markdown.too-deep'), msg('Quotes, lists or footnotes nest too deeply here (more than {0} levels, where a list and its item are two): from this line on, Claim Lens reads them as plain text.', MAX_DEPTH), { start: { line: l, character: first }, end: { line: l, character: text.length } });
  }

  // Definitions declared in the note.
  const refDefs = new Map<string, Definition>();
  const footDefs = new Map<string, FootnoteDef>();
  const definitions: Definition[] = [];
  for (const d of parsed.definitions) {
    const first = lines.line(d.startLine);
    // Definitions may sit in a quote or a list: find the label wherever the line puts it.
    const labelAt = DEF_LABEL.exec(first);
    if (!labelAt) continue;
    let last = d.endLine - 1;
    while (last > d.startLine && lines.line(last).trim() === '') last--;
    const range: Range = { start: { line: d.startLine, character: labelAt.index }, end: { line: last, character: lines.line(last).trimEnd().length } };
    const label = labelAt[1];
    if (d.kind === 'reference') {
      if (d.key === undefined || d.href === undefined || refDefs.has(d.key)) continue;
      const capped = capSource(d.href, d.title || label);
      if (capped.problem) push('source.too-long', rule('source.too-long'), msg('This source is too long to copy into each claim that cites it: {0}.', capped.problem), range);
      const def: Definition = { kind: 'reference', label, url: capped.url, title: capped.title, range, uses: 0 };
      refDefs.set(d.key, def);
      definitions.push(def);
    } else {
      const name = label.replace(/^\^/, '');
      if (footDefs.has(name)) continue;
      const def: Definition = { kind: 'footnote', label: name, title: '', range, uses: 0 };
      footDefs.set(name, { def, blocks: [] });
      definitions.push(def);
    }
  }

  // Scan every block that can cite or claim something.
  const scanned: ScannedBlock[] = [];
  let step = 0;
  let last: { block: ProseBlock; work: BlockWork | undefined } | undefined;
  for (const block of parsed.blocks) {
    if (++step % STEP_BLOCKS === 0) yield;
    const work = blockWork(block, matcher, cache);
    const before = last;
    last = { block, work };
    if (!work) continue;
    const sb: ScannedBlock = { block, scan: work.scan, work };
    if (work.tagCell && before?.block.kind === 'cell' && before.block.segs[0].line === block.segs[0].line && !before.work?.flagged.length && claimLike(before.block.content)) sb.prev = before;
    scanned.push(sb);
    if (block.footnote !== undefined) footDefs.get(block.footnote)?.blocks.push(sb);
  }

  const resolveRef = (label: string) => refDefs.get(normalizeLabel(label));
  // Footnotes resolve to their first link, or to their own text.
  for (const { def, blocks } of footDefs.values()) {
    for (const { scan } of blocks) {
      for (const cite of scan.cites) {
        const s = citeSource(cite, resolveRef, () => undefined);
        if (s?.url) {
          def.url = s.url;
          def.title = s.title;
          break;
        }
      }
      if (def.url) break;
    }
    if (!def.title) def.title = blocks.length ? shortenTitle(collapse(blocks[0].block.content)) : def.label;
  }
  const resolveFoot = (label: string) => footDefs.get(label)?.def;

  // Suppression directives, in line order.
  const directives: Directive[] = [];
  const addDirectives = (html: string, at: (offset: number) => Position) => {
    for (const d of readDirectives(html, at)) {
      const bad = d.statuses.filter((s) => s !== 'all' && s !== 'no-source' && !matcher.rank.has(s));
      if (bad.length) push('suppression.invalid', rule('suppression.invalid'), msg('Unknown status {0} in a claim-lens comment. Known: {1}.', bad.map((b) => `\`${b}\``).join(', '), [...matcher.rank.keys(), 'no-source'].join(', ')), d.range);
      let line = d.endLine;
      if (d.kind === 'disable-next-line') {
        line++;
        while (line < lines.lineCount - 1 && lines.line(line).trim() === '') line++;
      }
      directives.push({ ...d, line });
    }
  };
  for (const h of parsed.html) {
    // The block's lines sit in the note after any quote or list prefix: place them as prose is placed.
    const segs = segmentsOf(h.content, h.line, lines);
    addDirectives(h.content, (o) => toPos(segs, o));
  }
  for (const { block, scan } of scanned) {
    for (const [s, e] of scan.directives) addDirectives(block.content.slice(s, e), (o) => toPos(block.segs, s + o));
  }
  directives.sort((a, b) => a.line - b.line);

  // Everything a block yields depends on the block, the definitions, the suppressions and the
  // note's own sources; when none of those changed, the last analysis's output is reused.
  const signature = memo ? contextSignature(definitions, directives, front.sources) : '';
  const citations: Citation[] = [];
  const claims: Claim[] = [];
  const ctx: OutputContext = { lines, front, matcher, config, rule, resolveRef, resolveFoot, directives, options, quoteBudget: { left: NOTE_QUOTE_BUDGET } };
  for (const sb of scanned) {
    if (++step % STEP_BLOCKS === 0) yield;
    let out = memo?.get(sb.block);
    if (!out || out.signature !== signature) {
      out = blockOutput(sb, ctx, signature);
      memo?.set(sb.block, out);
    }
    for (const d of out.used) {
      const def = d.kind === 'reference' ? refDefs.get(d.key) : footDefs.get(d.key)?.def;
      if (def) def.uses++;
    }
    // Loops, not push(...x): a block may hold more items than a call can take arguments.
    for (const x of out.citations) citations.push(x);
    for (const x of out.claims) claims.push(x);
    for (const x of out.findings) findings.push(x);
  }

  for (const def of definitions) {
    // A heading anchor ("[summary]: #summary", as in RFC templates) is navigation, not a source.
    if (def.uses > 0 || (def.kind === 'reference' && def.url?.startsWith('#'))) continue;
    push('source.unused', rule('source.unused'), def.kind === 'reference' ? msg('Link definition [{0}] is never cited in this note.', def.label) : msg('Footnote [^{0}] is never cited in this note.', def.label), def.range, { unnecessary: true });
  }
  // `claim-lens-disable-file` for every status silences the whole note: its claims stay, suppressed.
  if (directives.some((d) => d.kind === 'disable-file' && (d.statuses.length === 0 || d.statuses.includes('all')))) findings.length = 0;
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { claims, findings, definitions, citations, noteSources: front.sources };
}

/** What one block contributes to an analysis, in note positions. */
export interface BlockOutput {
  signature: string;
  citations: Citation[];
  claims: Claim[];
  findings: Finding[];
  /** Definitions the block cites, to count their uses. */
  used: Array<{ kind: 'reference' | 'footnote'; key: string }>;
}

/** Block outputs from the last analysis of a note, keyed by block object (a moved block is a new object). */
export type OutputMemo = WeakMap<ProseBlock, BlockOutput>;

interface OutputContext {
  lines: LineIndex;
  front: FrontMatter;
  matcher: MarkerMatcher;
  config: ClaimLensConfig;
  rule: (code: string) => SeveritySetting;
  resolveRef: (label: string) => Definition | undefined;
  resolveFoot: (label: string) => Definition | undefined;
  directives: readonly Directive[];
  options: AnalyzeOptions;
  /** Work left for checking this note's quotations. */
  quoteBudget: QuoteBudget;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function contextSignature(definitions: readonly Definition[], directives: readonly Directive[], sources: readonly Source[]): string {
  const parts: string[] = [];
  for (const d of definitions) parts.push(`${d.kind}\u0001${d.label}\u0001${d.url ?? ''}\u0001${d.title}\u0001${rangeKey(d.range)}`);
  for (const d of directives) parts.push(`${d.kind}\u0001${d.line}\u0001${d.range.start.character}\u0001${d.statuses.join(',')}\u0001${d.reason ?? ''}`);
  for (const s of sources) parts.push(`${s.url ?? ''}\u0001${s.title}`);
  return parts.join('\u0002');
}

/** Citations, claims and findings of one block. */
function blockOutput(sb: ScannedBlock, ctx: OutputContext, signature: string): BlockOutput {
  const { block, scan } = sb;
  const { lines, matcher, rule, resolveRef, resolveFoot } = ctx;
  const out: BlockOutput = { signature, citations: [], claims: [], findings: [], used: [] };
  const push = (code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>) => {
    if (severity !== 'off') out.findings.push(finding(code, severity, message, range, extra));
  };
  for (const cite of scan.cites) {
    const range = { start: toPos(block.segs, cite.start), end: toPos(block.segs, cite.end) };
    // A bare URL is http(s) by construction.
    if (cite.url && !cite.image && cite.kind !== 'bare' && isUnsafeScheme(cite.url)) {
      push('source.unsafe-url', rule('source.unsafe-url'), msg('The link {0} uses a scheme that Claim Lens never opens; only http, https and mailto sources become links.', JSON.stringify(cite.url.slice(0, 80))), range);
    }
    if (cite.kind === 'reference' || cite.kind === 'shortcut') {
      const def = resolveRef(cite.label!);
      if (def) {
        out.used.push({ kind: 'reference', key: normalizeLabel(cite.label!) });
        if (!cite.image) out.citations.push({ kind: 'reference', range, label: cite.label, url: def.url, definition: def.range });
      } else if (cite.kind === 'reference' && !isTimestamp(cite.label!) && !isTimestamp(cite.text ?? '')) {
        // "[14:00][]" in talk notes is a time, not a reference.
        push('source.undefined-reference', rule('source.undefined-reference'), msg('Reference [{0}] has no link definition in this note.', cite.label!), range);
      }
    } else if (cite.kind === 'footnote') {
      const def = resolveFoot(cite.label!);
      if (def) {
        out.used.push({ kind: 'footnote', key: cite.label! });
        out.citations.push({ kind: 'footnote', range, label: cite.label, url: def.url, definition: def.range });
      } else {
        push('source.undefined-reference', rule('source.undefined-reference'), msg('Footnote [^{0}] has no definition in this note.', cite.label!), range);
      }
    } else if (cite.kind === 'registry') {
      const src = ctx.config.sources[cite.label!];
      // "[@alice]" with "[@alice]: https://github.com/alice" is a link unless the registry has an @alice.
      const asLink = src ? undefined : resolveRef(`@${cite.label!}`);
      if (asLink) {
        out.used.push({ kind: 'reference', key: normalizeLabel(`@${cite.label!}`) });
        out.citations.push({ kind: 'reference', range, label: `@${cite.label!}`, url: asLink.url, definition: asLink.range });
        continue;
      }
      if (!src) {
        push('source.unknown-key', rule('source.unknown-key'), msg('Unknown source key @{0}: add it to `sources:` in .claimlens.yaml.', cite.label!), range, { data: { key: cite.label! } });
        continue;
      }
      out.citations.push({ kind: 'registry', range, label: src.key, url: src.url, title: src.title });
      // The registry is input too: a `javascript:` url or archive is reported where it is cited.
      for (const u of [src.url, src.archive]) {
        if (u && isUnsafeScheme(u)) push('source.unsafe-url', rule('source.unsafe-url'), msg('Source @{0} has the link {1}, whose scheme Claim Lens never opens; only http, https and mailto sources become links.', src.key, JSON.stringify(u.slice(0, 80))), range);
      }
      const age = ageInDays(src.accessed, ctx.options.today);
      if (age !== undefined && age > (ctx.options.staleAfterDays ?? 365)) {
        push('source.stale', rule('source.stale'), msg('Source @{0} was last accessed {1} days ago ({2}); check it is still what it says.', src.key, age, src.accessed!), range);
      }
    } else {
      out.citations.push({ kind: cite.kind, range, url: cite.url, title: cite.title || (cite.text ? plain(cite.text) : '') || cite.url });
    }
  }
  // Sentences and citations both run in text order: walk them together, not one inside the other.
  const byStart = scan.cites.every((c, i, a) => i === 0 || a[i - 1].start <= c.start) ? scan.cites : [...scan.cites].sort((a, b) => a.start - b.start);
  const { flagged, marks } = sb.work;
  for (let f = 0; f < flagged.length; f += FLAG_STRIDE) {
    const s = flagged[f];
    const e = flagged[f + 1];
    const here: Marker[] = [];
    let status: string | undefined;
    let own = true;
    for (let q = flagged[f + 2]; q < flagged[f + 3]; q++) {
      const m = marks[q];
      const mr = { start: toPos(block.segs, m.start), end: toPos(block.segs, m.end) };
      here.push({ text: lines.slice(mr), status: m.status, range: mr });
      if (status === undefined || matcher.rank.get(m.status)! < matcher.rank.get(status)!) status = m.status;
      if (!m.own) own = false;
    }
    if (!status) continue;
    let range: Range = { start: toPos(block.segs, s), end: toPos(block.segs, e) };
    let annotation: Claim['annotation'];
    let cited = citesIn(byStart, flagged[f + 6], flagged[f + 7]);
    if (flagged[f + 4] >= 0) {
      const ar = { start: toPos(block.segs, flagged[f + 4]), end: toPos(block.segs, flagged[f + 5]) };
      annotation = { text: lines.slice(ar), range: ar };
    } else if (sb.prev) {
      // A table's evidence cell ("Speaker judgment; methodology not published") qualifies the claim cell before it.
      const prev = sb.prev;
      const pr = { start: toPos(prev.block.segs, 0), end: toPos(prev.block.segs, prev.block.content.length) };
      annotation = { text: lines.slice(range), range };
      range = pr;
      cited = [...(prev.work?.scan.cites ?? []), ...cited];
    }
    const sources = cited.length ? sentenceSources(cited, 0, cited.length, resolveRef, resolveFoot, ctx.config.sources) : [];
    const claim: Claim = { status, text: lines.slice(range), range, markers: here, sources: sources.length ? sources : ctx.front.sources.length ? ctx.front.sources.map((x) => ({ ...x })) : NO_SOURCES as Source[] };
    if (annotation) claim.annotation = annotation;
    if (own) claim.own = true;
    const def = ctx.config.statuses.find((x) => x.name === claim.status)!;
    // A label the config gives a status travels with its claims, to the report, hover and exports.
    if (def.label !== builtInLabel(def.name)) claim.label = def.label;
    out.claims.push(claim);
    const times = sentenceTimes(block, scan.cites, s, e, claim.sources);
    if (times.length) claim.timestamps = times;
    const quotes = sentenceQuotes(block, s, e, claim.sources, ctx, push);
    if (quotes.length) claim.quotes = quotes;
    // A `disable-claim` comment counts only right after this claim's sentence (or its tag fragment).
    const adjacentTo = (end: Position) => (d: { range: Range }) => d.range.start.line === end.line && d.range.start.character >= end.character && lines.line(end.line).slice(end.character, d.range.start.character).trim() === '';
    const after = adjacentTo(claim.range.end);
    const afterTag = claim.annotation ? adjacentTo(claim.annotation.range.end) : undefined;
    const sup = suppressionFor(ctx.directives, claim.status, claim.range.start.line, Math.max(claim.range.end.line, here[here.length - 1].range.end.line),
      (d) => after(d) || (afterTag !== undefined && afterTag(d)));
    if (sup && !sup.noSourceOnly) {
      claim.suppressed = { reason: sup.reason };
      continue;
    }
    const related = claim.sources.length ? claim.sources.filter((x) => x.definition).map((x) => ({ message: `Source: ${x.title}`, range: x.definition! })) : undefined;
    push(`claim.${claim.status}`, def.severity, claimMessageL10n(claim), claim.range, related?.length ? { related } : undefined);
    // The writer's own view ("in my opinion") has no primary source to find.
    if (claim.sources.length === 0 && !sup && def.needsSource && !own) {
      push('claim.no-source', rule('claim.no-source'), noSourceMsg(def), claim.markers[0].range);
    }
  }
  // Sentences with no marker that cite the registry still have their quotations checked.
  // Both in text order: one walk, not a search of every citation per sentence.
  let ci = 0;
  for (const { start: s, end: e } of sb.work.citing) {
    while (ci < byStart.length && byStart[ci].start < s) ci++;
    const sources: Source[] = [];
    for (let k = ci; k < byStart.length && byStart[k].start < e; k++) {
      const c = byStart[k];
      const src = c.kind === 'registry' ? citeSource(c, resolveRef, resolveFoot, ctx.config.sources) : undefined;
      if (src) sources.push(src);
    }
    sentenceQuotes(block, s, e, sources, ctx, push);
  }
  return out;
}

/**
 * Messages seen recently, by template and arguments: notes repeat the same few messages
 * ("Speaker opinion — no source") thousands of times, and each repeat shares one string
 * and one Localizable instead of allocating its own.
 */
/** The text of each shared message (those sharedMsg() made), by identity. */
const texts = new Map<Localizable, string>();
const shared = new Map<string, Map<string, Localizable>>();
let sharedCount = 0;
const MAX_SHARED = 4096;

/** Like msg(), but a repeat of a recent message is the same object, and so shares its text too. */
function sharedMsg(template: string, ...args: Array<string | number>): Localizable {
  let key = args.length === 1 ? String(args[0]) : '';
  if (args.length > 1) for (const a of args) key += `${String(a).length}:${String(a)}`;
  // Long arguments (a long title) rarely repeat: they are not kept.
  if (key.length > 512) return msg(template, ...args);
  let byArgs = shared.get(template);
  let m = byArgs?.get(key);
  if (!m) {
    m = msg(template, ...args);
    if (++sharedCount > MAX_SHARED) {
      shared.clear();
      texts.clear();
      sharedCount = 1;
      byArgs = undefined;
    }
    if (!byArgs) shared.set(template, (byArgs = new Map()));
    byArgs.set(key, m);
    texts.set(m, fillTemplate(m));
  }
  return m;
}

const noSourceMsgs = new WeakMap<StatusDefinition, Localizable>();

function noSourceMsg(def: StatusDefinition): Localizable {
  let m = noSourceMsgs.get(def);
  if (!m) noSourceMsgs.set(def, (m = sharedMsg('No primary source for this {0} claim: cite one in the sentence, or declare `source:` in the front matter.', def.label.toLowerCase())));
  return m;
}

/** Messages of claims without sources, by the claim's marker text. */
const noSourceClaims = new Map<string, Localizable>();
let lastNoSource: { names: string; m: Localizable } = { names: '', m: msg('') };

function finding(code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>): Finding {
  const text = texts.get(message) ?? fillTemplate(message);
  const f: Finding = { code, severity: severity as Severity, message: text, l10n: message, range };
  return extra ? Object.assign(f, extra) : f;
}

/** A message from a template and its arguments: the English text, and the parts to translate it. */
export function msg(template: string, ...args: Array<string | number>): Localizable {
  return { message: template, args };
}

export function fillTemplate(l: Localizable): string {
  const t = l.message;
  let out = '';
  let from = 0;
  // `{n}` placeholders, filled in one pass; a placeholder without its argument stays as written.
  for (let at = t.indexOf('{'); at >= 0; at = t.indexOf('{', at + 1)) {
    let end = at + 1;
    while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
    if (end === at + 1 || t.charCodeAt(end) !== 125) continue;
    const arg = l.args[Number(t.slice(at + 1, end))];
    if (arg === undefined) continue;
    out += t.slice(from, at) + String(arg);
    from = end + 1;
    at = end;
  }
  return from === 0 ? t : out + t.slice(from);
}

const TIMESTAMP = /^\s*\d{1,2}:\d{2}(?::\d{2})?\s*$/;

function isTimestamp(label: string): boolean {
  return TIMESTAMP.test(label);
}

/** Whether the front matter (lines [0, end)) has a `source:` or `sources:` key of its own. */
function declaresSources(lines: LineIndex, end: number): boolean {
  for (let l = 1; l < end; l++) if (/^\s*sources?\s*:/.test(lines.line(l))) return true;
  return false;
}

/** A URL with a scheme other than http, https and mailto: shown as text, never opened. */
export function isUnsafeScheme(url: string): boolean {
  // The common case, without a regex match: an http(s) URL.
  if (/^https?:/i.test(url)) return false;
  const m = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url);
  return !!m && !['http', 'https', 'mailto'].includes(m[1].toLowerCase());
}

function ageInDays(date: string | undefined, today: string | undefined): number | undefined {
  if (!date || !today) return undefined;
  const a = Date.parse(date);
  const b = Date.parse(today);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.floor((b - a) / 86_400_000);
}

/** Times in a sentence that cites a recording, as links to those moments. */
function sentenceTimes(block: ProseBlock, cites: readonly RawCite[], s: number, e: number, sources: readonly Source[]): ClaimTimestamp[] {
  if (sources.length === 0) return NO_TIMES;
  const recording = sources.find((x) => x.url && isRecording(x));
  if (!recording) return NO_TIMES;
  const text = block.content.slice(s, e);
  const out: ClaimTimestamp[] = [];
  const seen = new Set<number>();
  for (const t of findTimes(text)) {
    const at = s + t.start;
    // The same moment written twice ("at 12:34 … [@talk, 12:34]") is one link.
    if (seen.has(t.seconds)) continue;
    seen.add(t.seconds);
    // A time inside a link's URL is part of the URL, not a moment.
    if (cites.some((c) => c.kind !== 'registry' && at >= c.start && at < c.end)) continue;
    out.push({ text: text.slice(t.start, t.end), seconds: t.seconds, url: timestampUrl(recording.url!, t.seconds), range: { start: toPos(block.segs, at), end: toPos(block.segs, s + t.end) } });
  }
  return out;
}

/** Checks a sentence's quotations against the snapshot of the first source that has one. */
function sentenceQuotes(block: ProseBlock, s: number, e: number, sources: readonly Source[], ctx: OutputContext, push: (code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>) => void): ClaimQuote[] {
  if (sources.length === 0 || !ctx.options.snapshot) return NO_QUOTES;
  const withCopy = sources.find((x) => x.snapshot);
  if (!withCopy) return NO_QUOTES;
  const quotes = findQuotations(block.content.slice(s, e));
  if (!quotes.length) return [];
  const copy = ctx.options.snapshot(withCopy.snapshot!);
  if (copy === undefined) return [];
  const out: ClaimQuote[] = [];
  for (const q of quotes) {
    const r = checkQuote(q, copy, ctx.quoteBudget);
    // The note's budget for quotations is spent: the rest are left unchecked.
    if (!r) break;
    const range = { start: toPos(block.segs, s + q.start), end: toPos(block.segs, s + q.end) };
    out.push({ text: r.text, range, found: r.found, passage: r.passage, context: r.context, similarity: r.similarity, snapshot: withCopy.snapshot!, line: r.line });
    if (!r.found) {
      push('quote.not-in-source', ctx.rule('quote.not-in-source'), r.passage
        ? msg('This quotation is not in the saved copy of “{0}” ({1}). Closest passage ({2}% alike): “{3}”.', withCopy.title, withCopy.snapshot!, Math.round(r.similarity * 100), r.passage)
        : msg('This quotation is not in the saved copy of “{0}” ({1}).', withCopy.title, withCopy.snapshot!), range,
      // For the quick fixes (Diagnostic.data), which never parse the message.
      { data: r.passage ? { passage: r.passage, snapshot: withCopy.snapshot! } : { snapshot: withCopy.snapshot! } });
    }
  }
  return out;
}

function toPos(segs: Segment[], offset: number): Position {
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

function citeSource(
  cite: RawCite,
  resolveRef: (label: string) => Definition | undefined,
  resolveFoot: (label: string) => Definition | undefined,
  registry?: Record<string, RegistrySource>,
): Source | undefined {
  if (cite.image) return undefined; // an image shows something; it is not a source
  switch (cite.kind) {
    case 'inline':
      return { url: cite.url!, title: shortenTitle(cite.title || plain(cite.text ?? '') || cite.url!), via: 'inline' };
    case 'autolink':
    case 'bare':
      return { url: cite.url!, title: cite.url!, via: 'inline' };
    case 'reference':
    case 'shortcut': {
      const def = resolveRef(cite.label!);
      if (!def) return undefined;
      const title = def.title !== def.label ? def.title : shortenTitle(plain(cite.text ?? '')) || def.label;
      return { url: def.url, title, via: 'reference', label: def.label, definition: def.range };
    }
    case 'footnote': {
      const def = resolveFoot(cite.label!);
      if (!def) return undefined;
      const s: Source = { title: def.title, via: 'footnote', label: def.label, definition: def.range };
      if (def.url) s.url = def.url;
      return s;
    }
    case 'registry': {
      const r = registry?.[cite.label!];
      if (!r) {
        const def = resolveRef(`@${cite.label!}`);
        return def ? { url: def.url, title: def.title, via: 'reference', label: def.label, definition: def.range } : undefined;
      }
      const s: Source = { title: r.title, via: 'registry', label: r.key };
      for (const f of ['url', 'kind', 'publisher', 'published', 'accessed', 'snapshot', 'archive'] as const) if (r[f] !== undefined) (s as unknown as Record<string, string>)[f] = r[f]!;
      return s;
    }
  }
}

const NO_CITES: readonly RawCite[] = Object.freeze([]);

/** The citations that start in [from, to), found by binary search in citations sorted by start. */
function citesIn(cites: readonly RawCite[], from: number, to: number): readonly RawCite[] {
  let lo = 0;
  let hi = cites.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cites[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < cites.length && cites[end].start < to) end++;
  return end > lo ? cites.slice(lo, end) : NO_CITES;
}

/** The sources cited by cites[from..to), each once: the first citation of a URL (or label) wins. */
function sentenceSources(
  cites: readonly RawCite[], from: number, to: number,
  resolveRef: (label: string) => Definition | undefined,
  resolveFoot: (label: string) => Definition | undefined,
  registry: Record<string, RegistrySource>,
): Source[] {
  const out: Source[] = [];
  const urls = new Set<string>();
  let others: Set<string> | undefined;
  for (let k = from; k < to; k++) {
    const c = cites[k];
    // A URL already cited in this sentence adds nothing: skip it before building its source.
    if (c.url !== undefined && (c.kind === 'bare' || c.kind === 'autolink' || c.kind === 'inline') && urls.has(c.url)) continue;
    const s = citeSource(c, resolveRef, resolveFoot, registry);
    if (!s) continue;
    if (s.url) {
      if (urls.has(s.url)) continue;
      urls.add(s.url);
    } else {
      const key = `${s.via}:${s.label ?? s.title}`;
      if ((others ??= new Set()).has(key)) continue;
      others.add(key);
    }
    out.push(s);
  }
  return out;
}

function plain(text: string): string {
  return collapse(text.replace(/[*_`~]/g, '').replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function oneSpaced(text: string): string {
  // Printable ASCII with single spaces (the usual marker) is already in its one-spaced form.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 ? text.charCodeAt(i + 1) === 32 : c < 32 || c > 126) return text.replace(/\s+/g, ' ');
  }
  return text;
}

/** "Speaker opinion — source: Keynote recording (front matter)" */
export function claimMessage(claim: Claim): string {
  return fillTemplate(claimMessageL10n(claim));
}

export function claimMessageL10n(claim: Claim): Localizable {
  const names = claim.markers.length === 1 ? oneSpaced(claim.markers[0].text) : [...new Set(claim.markers.map((m) => oneSpaced(m.text)))].join(', ');
  if (claim.sources.length === 0) {
    // Claims in a row mostly carry the same marker: compare with the last one before hashing.
    if (names === lastNoSource.names) return lastNoSource.m;
    let m = noSourceClaims.get(names);
    if (!m) {
      if (noSourceClaims.size >= 1024) noSourceClaims.clear();
      noSourceClaims.set(names, (m = sharedMsg('{0} — no source', names[0].toUpperCase() + names.slice(1))));
    }
    lastNoSource = { names, m };
    return m;
  }
  const head = names[0].toUpperCase() + names.slice(1);
  const s = claim.sources[0];
  const n = claim.sources.length - 1;
  const more = n > 0 ? ' (+{3} more)' : '';
  switch (s.via) {
    case 'inline': return msg(`{0} — source: {1} (inline link)${more}`, head, s.title, '', n);
    case 'reference': return msg(`{0} — source: {1} (reference [{2}])${more}`, head, s.title, s.label ?? '', n);
    case 'footnote': return msg(`{0} — source: {1} (footnote [^{2}])${more}`, head, s.title, s.label ?? '', n);
    case 'registry': return msg(`{0} — source: {1} (registry {2})${more}`, head, s.title, s.label ?? '', n);
    case 'note': return sharedMsg(`{0} — source: {1} (front matter)${more}`, head, s.title, '', n);
  }
}

