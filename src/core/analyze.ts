// The analysis of one note, stage by stage: parse (parse.ts) → definitions (definitions.ts) →
// block scan and flagged sentences (claims.ts) → citations and sources (sources.ts) → times and
// quotations (enrich.ts) → suppression and findings (suppression.ts, messages.ts). This file only
// orders the stages and reuses per-block results between analyses of the same note.
import { MAX_DEPTH, type ProseBlock } from './blocks';
import { defaultConfig, type ClaimLensConfig } from './config';
import { blockWork, FLAG_STRIDE, flaggedClaim, matcherFor, type BlockCache, type BlockWork, type ScannedBlock } from './claims';
import { claimLike } from './claimScope';
import { countUse, readDefinitions, resolveFootnotes, unusedDefinitions } from './definitions';
import { sentenceQuotes, sentenceTimes, type QuoteContext } from './enrich';
import type { FrontMatter } from './frontMatter';
import { emptyAnalysis, isGeneratedOutput } from './generated';
import type { MarkerMatcher } from './markers';
import { findingSink, ruleMessage, type FindingSink } from './findings';
import { claimMessageL10n, noSourceMsg, sharedText } from './messages';
import { parseNote, type ParsedNote } from './parse';
import { NOTE_QUOTE_BUDGET } from './quotes';
import { blockCitations, citeSource, citesIn, sentenceSources, type CiteContext } from './sources';
import { noteDirectives, suppressionFor, type Directive } from './suppression';
import type { LineIndex } from './text';
import { quotedUrl, isUnsafeScheme } from './urls';
import type { Citation, Claim, Definition, DocumentAnalysis, Finding, Position, Range, Source } from './types';

export { parseNote, parseSteps, SLICE_CHARS, type ParsedNote } from './parse';
export type { BlockCache, BlockWork } from './claims';
export { claimMessage, claimMessageL10n, fillTemplate, msg } from './messages';
export { isUnsafeScheme } from './urls';

export interface AnalyzeOptions {
  config?: ClaimLensConfig;
  /** Reads a registry source's snapshot (path relative to the config file); undefined when unreadable. */
  snapshot?: (path: string) => string | undefined;
  /** Today, as YYYY-MM-DD, for `source.stale`; findings about age are skipped without it. */
  today?: string;
  /** How old `accessed` may be, in days, before a source is stale. Default 365. */
  staleAfterDays?: number;
}

let defaults: ClaimLensConfig | undefined;

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

/**
 * Like analyzeParsed(), but `pauseIfDue()` is awaited every few hundred blocks so the caller can
 * give its thread back (it returns a promise when it pauses); undefined when it answers false (the caller gave up).
 */
export async function analyzeParsedAsync(note: ParsedNote, options: AnalyzeOptions, cache: BlockCache | undefined, memo: OutputMemo | undefined, pauseIfDue: () => boolean | Promise<boolean>): Promise<DocumentAnalysis | undefined> {
  const steps = analysisSteps(note, options, cache, memo);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    // Awaited only when the caller pauses: between pauses the steps run without a turn of the event loop.
    let go = pauseIfDue();
    if (typeof go !== 'boolean') go = await go;
    if (!go) return undefined;
  }
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
  const sink = findingSink(config.rules, findings, sharedText);

  noteFindings(note, sink);
  const defs = readDefinitions(parsed, lines, sink);

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
    if (block.footnote !== undefined) defs.footDefs.get(block.footnote)?.blocks.push(sb);
  }
  resolveFootnotes(defs);
  const directives = noteDirectives(parsed.html, scanned, lines, matcher.rank, sink);

  // Everything a block yields depends on the block, the definitions, the suppressions and the
  // note's own sources; when none of those changed, the last analysis's output is reused.
  const signature = memo ? contextSignature(defs.definitions, directives, front.sources) : '';
  const citations: Citation[] = [];
  const claims: Claim[] = [];
  const ctx: OutputContext = {
    lines, front, matcher, config, resolveRef: defs.resolveRef, resolveFoot: defs.resolveFoot, registry: config.sources,
    today: options.today, staleAfterDays: options.staleAfterDays, directives, snapshot: options.snapshot, quoteBudget: { left: NOTE_QUOTE_BUDGET },
  };
  for (const sb of scanned) {
    if (++step % STEP_BLOCKS === 0) yield;
    let out = memo?.get(sb.block);
    if (!out || out.signature !== signature) {
      out = blockOutput(sb, ctx, signature);
      memo?.set(sb.block, out);
    }
    for (const d of out.used) countUse(defs, d);
    // Loops, not push(...x): a block may hold more items than a call can take arguments.
    for (const x of out.citations) citations.push(x);
    for (const x of out.claims) claims.push(x);
    for (const x of out.findings) findings.push(x);
  }

  unusedDefinitions(defs.definitions, sink);
  // `claim-lens-disable-file` for every status silences the whole note: its claims stay, suppressed.
  if (directives.some((d) => d.kind === 'disable-file' && (d.statuses.length === 0 || d.statuses.includes('all')))) findings.length = 0;
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { claims, findings, definitions: defs.definitions, citations, noteSources: front.sources };
}

/** Findings about the note as a whole: its front matter, and containers nested too deeply to read. */
function noteFindings(note: ParsedNote, sink: FindingSink): void {
  const { lines, front, parsed } = note;
  // Front matter is other tools' business too: unless it declares the note's sources, what Claim
  // Lens can't read in it is one hint at most, not a warning per key it never reads.
  if (front.problems.length && !declaresSources(lines, front.endLine)) {
    const p = front.problems[0];
    sink.add('frontmatter.invalid', ruleMessage('frontmatter.invalid', 'default', p.message), p.range, undefined, { severity: 'hint' });
  } else {
    for (const p of front.problems) sink.add('frontmatter.invalid', ruleMessage('frontmatter.invalid', 'default', p.message), p.range);
  }
  for (const src of front.sources) {
    if (src.url && src.definition && isUnsafeScheme(src.url)) sink.add('source.unsafe-url', ruleMessage('source.unsafe-url', 'note', quotedUrl(src.url)), src.definition, { url: src.url });
  }
  // Containers nested past MAX_DEPTH: their lines were read as plain text.
  for (const l of parsed.deep) {
    const text = lines.line(l);
    const first = text.length - text.trimStart().length;
    sink.add('markdown.too-deep', ruleMessage('markdown.too-deep', 'default', MAX_DEPTH), { start: { line: l, character: first }, end: { line: l, character: text.length } });
  }
}

/** Whether the front matter (lines [0, end)) has a `source:` or `sources:` key of its own. */
function declaresSources(lines: LineIndex, end: number): boolean {
  for (let l = 1; l < end; l++) if (/^\s*sources?\s*:/.test(lines.line(l))) return true;
  return false;
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

interface OutputContext extends CiteContext, QuoteContext {
  lines: LineIndex;
  front: FrontMatter;
  matcher: MarkerMatcher;
  config: ClaimLensConfig;
  directives: readonly Directive[];
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
  const { lines, resolveRef, resolveFoot } = ctx;
  const out: BlockOutput = { signature, citations: [], claims: [], findings: [], used: [] };
  const sink = findingSink(ctx.config.rules, out.findings, sharedText);
  blockCitations(block, scan.cites, ctx, out, sink);
  // Sentences and citations both run in text order: walk them together, not one inside the other.
  const byStart = scan.cites.every((c, i, a) => i === 0 || a[i - 1].start <= c.start) ? scan.cites : [...scan.cites].sort((a, b) => a.start - b.start);
  const citesOf = (from: number, to: number) => citesIn(byStart, from, to);
  const sourcesOf = (cited: Parameters<typeof sentenceSources>[0]) => sentenceSources(cited, 0, cited.length, resolveRef, resolveFoot, ctx.registry);
  const { flagged } = sb.work;
  for (let f = 0; f < flagged.length; f += FLAG_STRIDE) {
    const fc = flaggedClaim(sb, f, lines, ctx.matcher, ctx.config, ctx.front.sources, citesOf, sourcesOf);
    if (!fc) continue;
    const { claim, start: s, end: e, markers: here, own, def } = fc;
    out.claims.push(claim);
    const times = sentenceTimes(block, scan.cites, s, e, claim.sources);
    if (times.length) claim.timestamps = times;
    const quotes = sentenceQuotes(block, s, e, claim.sources, ctx, sink);
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
    sink.claim(`claim.${claim.status}`, def.severity, claimMessageL10n(claim), claim.range, related?.length ? { related } : undefined);
    // The writer's own view ("in my opinion") has no primary source to find.
    if (claim.sources.length === 0 && !sup && def.needsSource && !own) {
      sink.add('claim.no-source', noSourceMsg(def), claim.markers[0].range, { status: claim.status });
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
      const src = c.kind === 'registry' ? citeSource(c, resolveRef, resolveFoot, ctx.registry) : undefined;
      if (src) sources.push(src);
    }
    sentenceQuotes(block, s, e, sources, ctx, sink);
  }
  return out;
}
