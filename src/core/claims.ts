// Claims: which sentences of a block carry markers, and the claim each flagged sentence makes.
// Sources are attached by the caller (sourcesOf), so this stage never reads the sources stage.
import { positionAt, type ProseBlock } from './blocks';
import type { ClaimLensConfig } from './config';
import { INVISIBLE, scanInline, type InlineScan, type RawCite } from './inline';
import { compileMatcher, type MarkerMatch, type MarkerMatcher } from './markers';
import { splitSentences } from './sentences';
import { clauseStart, isTagFragment, markerLeads, sentenceLike } from './claimScope';
import { builtInLabel, type StatusDefinition } from './vocabulary';
import type { LineIndex } from './text';
import type { Claim, Marker, Range, Source } from './types';

const TASK_BOX = /^\[[ xX]\][ \t]+/;
/** Numbers per claim in BlockWork.flagged. */
export const FLAG_STRIDE = 8;
const matchers = new WeakMap<ClaimLensConfig, MarkerMatcher>();

/** One compiled matcher per config object. */
export function matcherFor(config: ClaimLensConfig): MarkerMatcher {
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

export interface ScannedBlock {
  block: ProseBlock;
  scan: InlineScan;
  work: BlockWork;
  /** For an evidence cell: the cell before it in its row, which may hold the claim it qualifies. */
  prev?: { block: ProseBlock; work: BlockWork | undefined };
}
/**
 * Per-block results keyed by block text (the same string objects from one parse to the
 * next, so lookups hash nothing), shared between analyses of one note under one config.
 */
export type BlockCache = Map<string, BlockWork & { kind: string; footnote?: string }>;
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
/** Scans a block and finds its flagged sentences; undefined when it has nothing to read. */
export function blockWork(block: ProseBlock, matcher: MarkerMatcher, cache: BlockCache | undefined): BlockWork | undefined {
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

/** A flagged claim with the sources of its citations attached, and what its findings need. */
export interface FlaggedClaim {
  claim: Claim;
  /** The flagged sentence in the block's content. */
  start: number;
  end: number;
  markers: Marker[];
  /** Every marker is the writer's own view. */
  own: boolean;
  def: StatusDefinition;
}

/** The sources of every claim that has none: one frozen array, not one per claim. */
const NO_SOURCES: readonly Source[] = Object.freeze([]);

/**
 * The claim of the flagged sentence at `f` in sb.work.flagged. `byStart` is the block's
 * citations sorted by start; `sourcesOf` turns the claim's citations into its sources.
 */
export function flaggedClaim(
  sb: ScannedBlock, f: number, lines: LineIndex, matcher: MarkerMatcher, config: ClaimLensConfig,
  noteSources: readonly Source[], citesOf: (from: number, to: number) => readonly RawCite[], sourcesOf: (cited: readonly RawCite[]) => Source[],
): FlaggedClaim | undefined {
  const { block } = sb;
  const { flagged, marks } = sb.work;
  const s = flagged[f];
  const e = flagged[f + 1];
  const here: Marker[] = [];
  let status: string | undefined;
  let own = true;
  for (let q = flagged[f + 2]; q < flagged[f + 3]; q++) {
    const m = marks[q];
    const mr = { start: positionAt(block.segs, m.start), end: positionAt(block.segs, m.end) };
    here.push({ text: lines.slice(mr), status: m.status, range: mr });
    if (status === undefined || matcher.rank.get(m.status)! < matcher.rank.get(status)!) status = m.status;
    if (!m.own) own = false;
  }
  if (!status) return undefined;
  let range: Range = { start: positionAt(block.segs, s), end: positionAt(block.segs, e) };
  let annotation: Claim['annotation'];
  let cited = citesOf(flagged[f + 6], flagged[f + 7]);
  if (flagged[f + 4] >= 0) {
    const ar = { start: positionAt(block.segs, flagged[f + 4]), end: positionAt(block.segs, flagged[f + 5]) };
    annotation = { text: lines.slice(ar), range: ar };
  } else if (sb.prev) {
    // A table's evidence cell ("Speaker judgment; methodology not published") qualifies the claim cell before it.
    const prev = sb.prev;
    const pr = { start: positionAt(prev.block.segs, 0), end: positionAt(prev.block.segs, prev.block.content.length) };
    annotation = { text: lines.slice(range), range };
    range = pr;
    cited = [...(prev.work?.scan.cites ?? []), ...cited];
  }
  const sources = cited.length ? sourcesOf(cited) : [];
  const claim: Claim = { status, text: lines.slice(range), range, markers: here, sources: sources.length ? sources : noteSources.length ? noteSources.map((x) => ({ ...x })) : NO_SOURCES as Source[] };
  if (annotation) claim.annotation = annotation;
  if (own) claim.own = true;
  const def = config.statuses.find((x) => x.name === claim.status)!;
  // A label the config gives a status travels with its claims, to the report, hover and exports.
  if (def.label !== builtInLabel(def.name)) claim.label = def.label;
  return { claim, start: s, end: e, markers: here, own, def };
}
