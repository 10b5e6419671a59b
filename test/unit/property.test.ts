// Property-based tests of the core over notes written by a grammar (test/unit/gen/noteGrammar.ts).
// The same properties run here (about 2,000 cases) and in `npm run fuzz` (100,000 cases), which
// requires this compiled module with CLAIM_LENS_FUZZ=1 and calls runProperties().
// Reproduce a run with FUZZ_SEED=<seed>; every note in test/fixtures/fuzz/ is checked as well.
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeParsed, analyzeText, parseSteps, type AnalyzeOptions, type ParsedNote } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { applyEdits, citationEdits, sanitizeReason, suppressionEdit, type CitationStyle, type CitationTarget } from '../../src/core/edits';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { LineIndex } from '../../src/core/text';
import type { Claim, DocumentAnalysis, Range, TextEdit } from '../../src/core/types';
import * as G from './gen/noteGrammar';
import { ROOT } from './helpers';

export const DEFAULT_SEED = 20260613;
export const FUZZ_FIXTURES = join(ROOT, 'test/fixtures/fuzz');

// ---------------------------------------------------------------------------------------------
// Options the analysis runs with: the defaults, and a config with a custom status and a registry.

const REGISTRY_YAML = [
  'statuses:',
  '  disputed:',
  '    label: Disputed',
  '    severity: warning',
  '    markers: ["disputed by", "contested"]',
  'sources:',
  '  talk:',
  '    url: https://media.example.org/keynote.mp4',
  '    title: Keynote recording',
  '    kind: recording',
  '    accessed: 2025-01-01',
  '    snapshot: snapshots/talk.md',
  '  paper:',
  '    url: https://papers.example.org/p?id=1',
  '    title: The paper',
  '    kind: primary',
  '',
].join('\n');
const SNAPSHOT = '# Keynote\n\nThe speaker said <b>latency dropped</b> by forty percent in Q3.\n\nWe expect growth next year &mdash; maybe.\n';

export const OPTION_SETS: AnalyzeOptions[] = [
  {},
  { config: parseConfig(REGISTRY_YAML).config, snapshot: () => SNAPSHOT, today: '2027-06-01', staleAfterDays: 365 },
];
const optionsArb = fc.nat(OPTION_SETS.length - 1);

// ---------------------------------------------------------------------------------------------
// Failures

/** A broken invariant; `kind` stays the same while a counterexample is minimised. */
export class PropertyFailure extends Error {
  constructor(readonly kind: string, message: string) {
    super(`[${kind}] ${message}`);
  }
}

function fail(kind: string, message: string): never {
  throw new PropertyFailure(kind, message);
}

function kindOf(e: unknown): string {
  if (e instanceof PropertyFailure) return e.kind;
  const err = e instanceof Error ? e : new Error(String(e));
  return `crash:${err.name}:${err.message.replace(/\d+/g, 'N').slice(0, 80)}`;
}

const show = (x: unknown) => JSON.stringify(x);

/** The first place two values differ, for readable messages. */
function firstDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return `${path}: ${show(a)} ≠ ${show(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: differ (prototype or undefined-valued key)`;
}

// ---------------------------------------------------------------------------------------------
// Invariants

function inBounds(lines: LineIndex, r: Range | undefined): boolean {
  if (!r) return false;
  const ok = (p: Range['start']) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.line(p.line).length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

/** Every range lies in the text; claims and markers slice to their text. */
export function checkRanges(text: string, a: DocumentAnalysis): void {
  const lines = new LineIndex(text);
  const where = (r: Range) => `${show(r)} (line count ${lines.lineCount})`;
  for (const c of a.claims) {
    if (!inBounds(lines, c.range)) fail('ranges:claim-out-of-bounds', `claim ${show(c.text)} at ${where(c.range)}`);
    const sliced = lines.slice(c.range);
    if (sliced !== c.text) fail('ranges:claim-text', `claim text ${show(c.text)} but its range ${show(c.range)} slices to ${show(sliced)}`);
    if (c.markers.length === 0) fail('ranges:claim-without-marker', `claim ${show(c.text)} has no marker`);
    for (const m of c.markers) {
      if (!inBounds(lines, m.range)) fail('ranges:marker-out-of-bounds', `marker ${show(m.text)} at ${where(m.range)}`);
      const ms = lines.slice(m.range);
      if (ms !== m.text) fail('ranges:marker-text', `marker text ${show(m.text)} but its range ${show(m.range)} slices to ${show(ms)}`);
    }
    for (const t of c.timestamps ?? []) if (!inBounds(lines, t.range)) fail('ranges:timestamp-out-of-bounds', `timestamp ${show(t.text)} at ${where(t.range)}`);
    for (const q of c.quotes ?? []) if (!inBounds(lines, q.range)) fail('ranges:quote-out-of-bounds', `quote ${show(q.text)} at ${where(q.range)}`);
    for (const s of c.sources) if (s.definition && !inBounds(lines, s.definition)) fail('ranges:source-out-of-bounds', `source ${show(s.title)} at ${where(s.definition)}`);
  }
  for (const f of a.findings) {
    if (!inBounds(lines, f.range)) fail('ranges:finding-out-of-bounds', `${f.code} at ${where(f.range)}`);
    for (const r of f.related ?? []) if (!inBounds(lines, r.range)) fail('ranges:related-out-of-bounds', `${f.code} related ${show(r.message)} at ${where(r.range)}`);
  }
  for (const d of a.definitions) if (!inBounds(lines, d.range)) fail('ranges:definition-out-of-bounds', `definition ${show(d.label)} at ${where(d.range)}`);
  for (const c of a.citations) {
    if (!inBounds(lines, c.range)) fail('ranges:citation-out-of-bounds', `${c.kind} citation at ${where(c.range)}`);
    if (c.definition && !inBounds(lines, c.definition)) fail('ranges:citation-definition-out-of-bounds', `${c.kind} citation's definition at ${where(c.definition)}`);
  }
}

function sameAnalysis(kind: string, what: string, got: DocumentAnalysis, want: DocumentAnalysis): void {
  if (!isDeepStrictEqual(got, want)) fail(kind, `${what}: ${firstDiff(got, want)}`);
}

function parseSliced(text: string, sliceChars: number): ParsedNote {
  const steps = parseSteps(text, sliceChars);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

export interface Edit {
  op: number;
  at: number;
  len: number;
  text: string;
}

/** Applies one writer's edit: insert, delete, replace or paste, at positions taken modulo the length. */
export function applyEdit(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  const end = Math.min(text.length, at + e.len);
  switch (e.op % 4) {
    case 0: return text.slice(0, at) + e.text + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(end);
    case 2: return text.slice(0, at) + e.text + text.slice(end);
    default: {
      const from = (e.at * 7 + e.len) % (text.length + 1);
      return text.slice(0, at) + text.slice(from, from + e.len * 4) + text.slice(at);
    }
  }
}

const offsetOf = (lines: LineIndex, p: Range['start']) => lines.offsetAt(p);

/** Suppressing a claim keeps the same sentence, now suppressed; a second suppression is refused. */
export function checkSuppression(text: string, claim: Claim, why: string, o: AnalyzeOptions): void {
  if (claim.suppressed) {
    if (suppressionEdit(text, claim, why, o) !== undefined) fail('suppression:suppressed-not-refused', `claim ${show(claim.text)} is suppressed already, yet suppressionEdit returned an edit`);
    return;
  }
  const edit = suppressionEdit(text, claim, why, o);
  const lines = new LineIndex(text);
  if (!edit) {
    // Refusing is allowed only where an unclosed `<!--` before the claim's end would swallow any comment put near it.
    const head = text.slice(0, lines.offsetAt(claim.range.end));
    const open = head.lastIndexOf('<!--');
    if (open >= 0 && head.indexOf('-->', open + 4) < 0) return;
    fail('suppression:refused', `suppressionEdit refused the unsuppressed claim ${show(claim.text)}`);
  }
  const at = lines.offsetAt(edit.range.start);
  if (at !== lines.offsetAt(edit.range.end)) fail('suppression:replaces-text', `the edit replaces ${show(lines.slice(edit.range))}`);
  const next = applyEdits(text, [edit]);
  const after = analyzeText(next, o);
  const nextLines = new LineIndex(next);
  // The same sentence is the one that carries the same first marker, moved by the insertion.
  const m0 = offsetOf(lines, claim.markers[0].range.start);
  const moved = m0 >= at ? m0 + edit.newText.length : m0;
  const same = after.claims.find((c) => c.markers.some((m) => offsetOf(nextLines, m.range.start) === moved));
  const ctx = `claim ${show(claim.text)} (${claim.status}) after inserting ${show(edit.newText)} at ${show(edit.range.start)}`;
  if (!same) fail('suppression:claim-lost', `${ctx}: no claim carries its marker any more; claims now ${show(after.claims.map((c) => c.text))}`);
  if (same.text !== claim.text) fail('suppression:text-changed', `${ctx}: the sentence now reads ${show(same.text)}`);
  if (!same.suppressed) fail('suppression:not-suppressed', `${ctx}: the claim is not suppressed`);
  // CommonMark replaces NUL with U+FFFD, in comments too.
  const reason = sanitizeReason(why).replace(/\0/g, '\uFFFD') || null;
  if (same.suppressed.reason !== reason) fail('suppression:reason', `${ctx}: reason ${show(same.suppressed.reason)}, expected ${show(reason)}`);
  if (suppressionEdit(next, same, why, o) !== undefined) fail('suppression:twice', `${ctx}: a second suppressionEdit was not refused`);
}

/** Edits applied as LSP does: same-position inserts appear in array order. */
function lspApply(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const items = edits.map((e, k) => ({ from: lines.offsetAt(e.range.start), to: lines.offsetAt(e.range.end), text: e.newText, k }));
  items.sort((a, b) => a.from - b.from || a.k - b.k);
  let out = '';
  let pos = 0;
  for (const e of items) {
    out += text.slice(pos, e.from) + e.text;
    pos = Math.max(pos, e.to);
  }
  return out + text.slice(pos);
}

/** The sources a writer can pick in Add Citation, as the extension offers them. */
export function citationTargets(a: DocumentAnalysis, o: AnalyzeOptions): CitationTarget[] {
  const out: CitationTarget[] = [];
  for (const r of Object.values(o.config?.sources ?? {})) out.push({ url: r.url, title: r.title, registry: r.key });
  const urls = new Set<string>();
  for (const d of a.definitions) {
    if (d.url) urls.add(d.url);
    out.push({ url: d.url, title: d.title, definition: { kind: d.kind, label: d.label } });
  }
  for (const s of a.noteSources) {
    if (!s.url || urls.has(s.url)) continue;
    urls.add(s.url);
    out.push({ url: s.url, title: s.title });
  }
  for (const c of a.citations) {
    if (!c.url || c.definition || urls.has(c.url)) continue;
    urls.add(c.url);
    out.push({ url: c.url, title: c.title ?? c.url });
  }
  return out;
}

export const STYLES: readonly CitationStyle[] = ['reference', 'footnote', 'inline'];

/** Citing changes nothing but the inserted texts, and citing the same source again changes nothing. */
export function checkCitation(text: string, a: DocumentAnalysis, claim: Claim, target: CitationTarget, style: CitationStyle, o: AnalyzeOptions): void {
  const edits = citationEdits(text, a, claim, target, style);
  if (edits.length === 0) return;
  const lines = new LineIndex(text);
  const ctx = `${style} citation of ${show(target)} in ${show(claim.text)}`;
  for (const e of edits) {
    if (!inBounds(lines, e.range)) fail('citation:edit-out-of-bounds', `${ctx}: edit at ${show(e.range)}`);
    if (lines.offsetAt(e.range.start) !== lines.offsetAt(e.range.end)) fail('citation:replaces-text', `${ctx}: an edit replaces ${show(lines.slice(e.range))}`);
  }
  const next = applyEdits(text, edits);
  const expected = lspApply(text, edits);
  if (next !== expected) fail('citation:apply-order', `${ctx}: applyEdits gave ${show(next)}, but inserting ${show(edits.map((e) => e.newText))} in order gives ${show(expected)}`);
  // Removing the inserted texts gives back the note, byte for byte.
  const ins = edits.map((e, k) => ({ at: lines.offsetAt(e.range.start), len: e.newText.length, k })).sort((x, y) => x.at - y.at || x.k - y.k);
  let removed = '';
  let pos = 0;
  let shift = 0;
  for (const i of ins) {
    removed += next.slice(pos, i.at + shift);
    pos = i.at + shift + i.len;
    shift += i.len;
  }
  removed += next.slice(pos);
  if (removed !== text) fail('citation:other-bytes', `${ctx}: removing the inserted texts does not give back the note`);
  // The claim that carries the same marker now cites the source: citing again is [].
  const after = analyzeText(next, o);
  const nextLines = new LineIndex(next);
  const m0 = lines.offsetAt(claim.markers[0].range.start);
  const moved = m0 + ins.filter((i) => i.at <= m0).reduce((n, i) => n + i.len, 0);
  const same = after.claims.find((c) => c.markers.some((m) => nextLines.offsetAt(m.range.start) === moved));
  if (!same) fail('citation:claim-lost', `${ctx}: after ${show(next)} no claim carries the marker ${show(claim.markers[0].text)}; claims now ${show(after.claims.map((c) => c.text))}`);
  const again = citationEdits(next, after, same, target, style);
  if (again.length) fail('citation:not-idempotent', `${ctx}: after ${show(next)} the claim ${show(same.text)} has sources ${show(same.sources.map((s) => [s.via, s.url, s.label]))} and citing again gives ${show(again.map((e) => e.newText))}`);
}

/** IncrementalAnalyzer after each edit equals analyzeText of the new text. */
export function checkIncremental(note: string, edits: readonly Edit[], o: AnalyzeOptions): void {
  const inc = new IncrementalAnalyzer(o);
  let text = note;
  sameAnalysis('incremental:first', 'IncrementalAnalyzer on the first version differs from analyzeText', inc.analyze(text), analyzeText(text, o));
  for (const [k, e] of edits.entries()) {
    const before = text;
    text = applyEdit(text, e);
    const got = inc.analyze(text);
    sameAnalysis('incremental:differs', `after edit ${k} (${show(e)}) of ${show(before)} giving ${show(text)} (mode ${inc.lastMode}), IncrementalAnalyzer differs from analyzeText`, got, analyzeText(text, o));
  }
}

/** Lengths of the common prefix and suffix of two texts, not overlapping. */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  while (q < max - p && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return [p, q];
}

function tryCheck(run: () => void): unknown {
  try {
    run();
    return undefined;
  } catch (e) {
    return e;
  }
}

// ---------------------------------------------------------------------------------------------
// Properties

interface Property<T extends { note: string }> {
  name: string;
  /** Share of the cases. */
  weight: number;
  arb: fc.Arbitrary<T>;
  check(input: T): void;
  /** Rewrites a failing input into a form whose note can be cut down without changing its meaning. */
  normalize?(input: T, kind: string): T;
  /** Parts of a normalised input that minimisation may cut down, other than the note. */
  parts?: ReadonlyArray<{ get(input: T): string; set(input: T, value: string): T }>;
}

const prop = <T extends { note: string }>(p: Property<T>) => p as unknown as Property<{ note: string }>;

export const PROPERTIES: ReadonlyArray<Property<{ note: string }>> = [
  prop({
    name: 'ranges',
    weight: 5,
    arb: fc.record({ note: G.note, opt: optionsArb }),
    check({ note, opt }) {
      checkRanges(note, analyzeText(note, OPTION_SETS[opt]));
    },
  }),
  prop({
    name: 'deterministic',
    weight: 2,
    arb: fc.record({ note: G.note, other: G.note, opt: optionsArb }),
    check({ note, other, opt }) {
      const o = OPTION_SETS[opt];
      const first = analyzeText(note, o);
      analyzeText(other, o); // module-level caches see another note in between
      sameAnalysis('deterministic:differs', 'a second analysis of the same note differs', analyzeText(note, o), first);
    },
  }),
  prop({
    name: 'sliced-parse',
    weight: 1,
    arb: fc.record({ note: G.note, slice: fc.integer({ min: 1, max: 300 }), opt: optionsArb }),
    check({ note, slice, opt }) {
      const o = OPTION_SETS[opt];
      sameAnalysis('sliced:differs', `parsing in ${slice}-character slices differs from one parse`, analyzeParsed(parseSliced(note, slice), o), analyzeText(note, o));
    },
  }),
  prop({
    name: 'incremental',
    weight: 4,
    arb: fc.record({
      note: G.note,
      edits: fc.array(fc.record({ op: fc.nat(3), at: fc.nat(), len: fc.nat(80), text: G.snippet }), { minLength: 1, maxLength: 3 }),
      opt: optionsArb,
    }),
    // A failing edit becomes one replacement at an exact offset: the note before and after it,
    // and the old and new middles, then shrink one at a time.
    normalize(input, kind) {
      const o = OPTION_SETS[input.opt];
      let text = input.note;
      for (const e of input.edits) {
        const next = applyEdit(text, e);
        const [p, q] = commonEnds(text, next);
        const single = { note: text, edits: [{ op: 2, at: p, len: text.length - q - p, text: next.slice(p, next.length - q) }], opt: input.opt };
        if (kindOf(tryCheck(() => checkIncremental(single.note, single.edits, o))) === kind) return single;
        text = next;
      }
      return input;
    },
    parts: [
      { get: (i) => i.edits[0].text, set: (i, text) => ({ ...i, edits: [{ ...i.edits[0], text }] }) },
      {
        get: (i) => i.note.slice(i.edits[0].at, i.edits[0].at + i.edits[0].len),
        set: (i, mid) => ({ ...i, note: i.note.slice(0, i.edits[0].at) + mid + i.note.slice(i.edits[0].at + i.edits[0].len), edits: [{ ...i.edits[0], len: mid.length }] }),
      },
      { get: (i) => i.note.slice(0, i.edits[0].at), set: (i, pre) => ({ ...i, note: pre + i.note.slice(i.edits[0].at), edits: [{ ...i.edits[0], at: pre.length }] }) },
      { get: (i) => i.note.slice(i.edits[0].at + i.edits[0].len), set: (i, post) => ({ ...i, note: i.note.slice(0, i.edits[0].at + i.edits[0].len) + post }) },
    ],
    check({ note, edits, opt }) {
      checkIncremental(note, edits, OPTION_SETS[opt]);
    },
  }),
  prop({
    name: 'suppression',
    weight: 4,
    arb: fc.record({ note: G.note, reason: G.reason, start: fc.nat(), opt: optionsArb }),
    check({ note, reason, start, opt }) {
      const o = OPTION_SETS[opt];
      const claims = analyzeText(note, o).claims;
      for (let k = 0; k < Math.min(claims.length, 6); k++) checkSuppression(note, claims[(start + k) % claims.length], reason, o);
    },
  }),
  prop({
    name: 'citation',
    weight: 4,
    arb: fc.record({ note: G.note, claim: fc.nat(), target: fc.nat(), fresh: G.newSource, useFresh: fc.nat(2), opt: optionsArb }),
    check({ note, claim, target, fresh, useFresh, opt }) {
      const o = OPTION_SETS[opt];
      const a = analyzeText(note, o);
      if (!a.claims.length) return;
      const c = a.claims[claim % a.claims.length];
      const targets = citationTargets(a, o);
      const t = useFresh === 0 || !targets.length ? fresh : targets[target % targets.length];
      for (const style of STYLES) checkCitation(note, a, c, t, style, o);
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// Running

export interface Failure {
  property: string;
  seed: number;
  path: string;
  /** Cases run in the failing batch before the failure. */
  numRuns: number;
  kind: string;
  message: string;
  /** The counterexample, shrunk by fast-check and then minimised line by line and char by char. */
  input: { note: string } & Record<string, unknown>;
}

export interface RunOptions {
  /** Only these properties. */
  only?: readonly string[];
  /** Cases per batch; batch k of a property runs with seed + k. Default: one batch. */
  batch?: number;
  /** Time fast-check may spend shrinking a counterexample, in ms; then it keeps the smallest so far. */
  shrinkMs?: number;
  /** Time allowed to minimise a counterexample further, in ms. */
  minimizeMs?: number;
  /**
   * After a failure, run the property's remaining cases: cases that break an invariant already
   * reported are counted, not reported again, so each broken invariant is reported once.
   */
  keepGoing?: boolean;
  /** Stop everything at the first failure. */
  bail?: boolean;
  onProgress?: (property: string, done: number, total: number) => void;
  onFailure?: (failure: Failure) => void;
}

export interface PropertyRun {
  /** Cases run. */
  cases: number;
  /** Cases that broke each invariant reported (with keepGoing, every such case is counted). */
  broken: Map<string, number>;
}

export function seedFromEnv(): number {
  const s = process.env.FUZZ_SEED;
  if (s === undefined || s === '') return DEFAULT_SEED;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, not ${s}`);
  return n;
}

/** Cases for each property out of `numRuns`, by weight. */
export function shares(numRuns: number): Map<string, number> {
  const total = PROPERTIES.reduce((n, p) => n + p.weight, 0);
  const out = new Map<string, number>();
  let given = 0;
  PROPERTIES.forEach((p, k) => {
    const n = k === PROPERTIES.length - 1 ? numRuns - given : Math.round((numRuns * p.weight) / total);
    out.set(p.name, n);
    given += n;
  });
  return out;
}

/** Removes chunks of the input (lines, then characters) while the same invariant still breaks. */
function minimize(p: Property<{ note: string }>, original: { note: string }, kind: string, ms: number): { note: string } {
  const deadline = Date.now() + ms;
  const failsWith = (input: { note: string }) => kindOf(tryCheck(() => p.check(input))) === kind;
  if (!failsWith(original)) return original;
  let input = p.normalize?.(original, kind) ?? original;
  const parts = p.parts ?? [{ get: (i: { note: string }) => i.note, set: (i: { note: string }, note: string) => ({ ...i, note }) }];
  let part = parts[0];
  const fails = (value: string) => failsWith(part.set(input, value));
  const ddmin = (pieces: string[]): string[] => {
    let n = 2;
    while (pieces.length > 0 && Date.now() < deadline) {
      const size = Math.max(1, Math.ceil(pieces.length / n));
      let reduced = false;
      for (let i = 0; i < pieces.length && Date.now() < deadline; i += size) {
        const cand = [...pieces.slice(0, i), ...pieces.slice(i + size)];
        if (fails(cand.join(''))) {
          pieces = cand;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (size === 1) break;
        n = Math.min(n * 2, pieces.length);
      }
    }
    return pieces;
  };
  for (let round = 0; round < 3 && Date.now() < deadline; round++) {
    const before = show(input);
    for (const x of parts) {
      part = x;
      let value = ddmin(x.get(input).split(/(?<=\r\n|\n|\r(?!\n))/)).join('');
      input = x.set(input, value);
      value = ddmin(value.split('')).join('');
      input = x.set(input, value);
    }
    if (show(input) === before) break;
  }
  return input;
}

/**
 * Runs every property on `numRuns` cases in all, shared by weight, from `seed`. A property stops
 * at its first failure unless `keepGoing`. Returns the failures, and for each property the cases
 * run and how many broke each invariant.
 */
export function runProperties(numRuns: number, seed: number, options: RunOptions = {}): { failures: Failure[]; runs: Map<string, PropertyRun> } {
  const failures: Failure[] = [];
  const runs = new Map<string, PropertyRun>();
  const per = shares(numRuns);
  for (const p of PROPERTIES) {
    if (options.only && !options.only.includes(p.name)) continue;
    const total = per.get(p.name) ?? 0;
    const batch = options.batch ?? Math.max(total, 1);
    const run: PropertyRun = { cases: 0, broken: new Map() };
    runs.set(p.name, run);
    for (let k = 0; run.cases < total;) {
      const n = Math.min(batch, total - run.cases);
      const batchSeed = seed + k;
      /** The invariant this batch found broken first: shrinking keeps to it. */
      let target: string | undefined;
      let shrinkUntil = Infinity;
      const hits = new Map<string, number>();
      let details: fc.RunDetails<[{ note: string }]> | undefined;
      fc.assert(
        fc.property(p.arb, (input) => {
          // Past the shrinking budget every candidate passes, so fast-check ends with the smallest failure so far.
          if (Date.now() > shrinkUntil) return;
          try {
            p.check(input);
          } catch (e) {
            const kind = kindOf(e);
            if (run.broken.has(kind)) {
              hits.set(kind, (hits.get(kind) ?? 0) + 1);
              return;
            }
            if (target === undefined) {
              target = kind;
              shrinkUntil = Date.now() + (options.shrinkMs ?? 2000);
            }
            if (kind !== target) return;
            throw e;
          }
        }),
        { numRuns: n, seed: batchSeed, reporter: (d) => { details = d; } },
      );
      if (details?.failed) {
        const shrunk = details.counterexample?.[0] ?? { note: '' };
        const err = details.errorInstance;
        const kind = kindOf(err);
        const input = minimize(p, shrunk, kind, options.minimizeMs ?? 1500);
        let message = err instanceof Error ? err.message : String(err);
        try {
          p.check(input);
        } catch (e) {
          message = e instanceof Error ? `${e.message}${e instanceof PropertyFailure ? '' : `\n${e.stack}`}` : String(e);
        }
        const f: Failure = { property: p.name, seed: batchSeed, path: details.counterexamplePath ?? '', numRuns: details.numRuns, kind, message, input: input as Failure['input'] };
        failures.push(f);
        run.broken.set(kind, 0);
        options.onFailure?.(f);
        if (options.bail || !options.keepGoing) {
          run.cases += details.numRuns;
          run.broken.set(kind, 1);
          if (options.bail) return { failures, runs };
          break;
        }
        continue; // the same batch again: its failing case now counts as known
      }
      for (const [kind, h] of hits) run.broken.set(kind, (run.broken.get(kind) ?? 0) + h);
      run.cases += n;
      k++;
      options.onProgress?.(p.name, run.cases, total);
    }
  }
  return { failures, runs };
}

export function formatFailure(f: Failure): string {
  // Enough cases in all that this property runs at least as many as it took to fail.
  const p = PROPERTIES.find((x) => x.name === f.property);
  const weights = PROPERTIES.reduce((n, x) => n + x.weight, 0);
  const runs = p ? Math.max(Math.ceil(((f.numRuns + 1) * weights) / p.weight), 1) : f.numRuns;
  return [
    `Property "${f.property}" failed: FUZZ_SEED=${f.seed}, path "${f.path}", after ${f.numRuns} cases of that seed.`,
    `Reproduce: FUZZ_SEED=${f.seed}${runs > 2000 ? ` FUZZ_RUNS=${runs}` : ''} node --test out/test/unit/property.test.js`,
    f.message,
    `Minimal input: ${show(f.input)}`,
  ].join('\n');
}

/**
 * A regression fixture: the note as Markdown, and the exact input as JSON (where lone surrogates
 * survive). Named <seed>-<property>; further invariants of the same property in one run add theirs.
 */
export function fixtureFiles(f: Failure, first = true): { name: string; md: string; json: string } {
  const invariant = f.kind.replace(/^[^:]*:/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return {
    name: first ? `${f.seed}-${f.property}` : `${f.seed}-${f.property}-${invariant}`,
    md: f.input.note,
    json: `${JSON.stringify({ property: f.property, seed: f.seed, path: f.path, kind: f.kind, message: f.message, input: f.input }, null, 2)}\n`,
  };
}

/** Every property, over every claim and a fixed set of edits and sources: for regression notes. */
export function checkNoteExhaustively(note: string): void {
  for (const o of OPTION_SETS) {
    const a = analyzeText(note, o);
    checkRanges(note, a);
    sameAnalysis('deterministic:differs', 'a second analysis differs', analyzeText(note, o), a);
    for (const slice of [1, 16, 256]) sameAnalysis('sliced:differs', `parsing in ${slice}-character slices differs`, analyzeParsed(parseSliced(note, slice), o), a);
    const lines = new LineIndex(note);
    for (let l = 0; l < Math.min(lines.lineCount, 40); l++) {
      for (const e of [{ op: 0, at: lines.starts[l], len: 0, text: 'x' }, { op: 0, at: lines.lineEnd(l), len: 0, text: '\n' }, { op: 1, at: lines.starts[l], len: 1, text: '' }, { op: 1, at: lines.lineEnd(l), len: 2, text: '' }]) {
        const inc = new IncrementalAnalyzer(o);
        inc.analyze(note);
        const text = applyEdit(note, e);
        sameAnalysis('incremental:differs', `after edit ${show(e)} giving ${show(text)}`, inc.analyze(text), analyzeText(text, o));
      }
    }
    for (const c of a.claims) for (const why of ['checked', '']) checkSuppression(note, c, why, o);
    const targets = [...citationTargets(a, o), { url: 'https://example.org/new', title: 'New source' }, { url: 'https://example.org/a b', title: 'A | B' }];
    for (const c of a.claims.slice(0, 10)) for (const t of targets) for (const style of STYLES) checkCitation(note, a, c, t, style, o);
  }
}

/** The regression notes in test/fixtures/fuzz/, each with the input of its failing case when saved. */
export function regressionFixtures(): Array<{ name: string; note: string; property?: string; input?: { note: string } }> {
  if (!existsSync(FUZZ_FIXTURES)) return [];
  return readdirSync(FUZZ_FIXTURES).filter((n) => n.endsWith('.md')).sort().map((name) => {
    const side = join(FUZZ_FIXTURES, name.replace(/\.md$/, '.json'));
    if (existsSync(side)) {
      const meta = JSON.parse(readFileSync(side, 'utf8')) as { property?: string; input?: { note: string } };
      if (meta.input && typeof meta.input.note === 'string') return { name, note: meta.input.note, property: meta.property, input: meta.input };
    }
    return { name, note: readFileSync(join(FUZZ_FIXTURES, name), 'utf8') };
  });
}

export function checkRegression(r: ReturnType<typeof regressionFixtures>[number]): void {
  const p = PROPERTIES.find((x) => x.name === r.property);
  if (p && r.input) p.check(r.input);
  checkNoteExhaustively(r.note);
}

// ---------------------------------------------------------------------------------------------
// node:test registrations (not when the fuzz script requires this module)

if (process.env.CLAIM_LENS_FUZZ !== '1') {
  const seed = seedFromEnv();
  const numRuns = Number(process.env.FUZZ_RUNS ?? 2000);
  const per = shares(numRuns);
  for (const p of PROPERTIES) {
    test(`property ${p.name}: ${per.get(p.name)} cases, FUZZ_SEED=${seed}`, () => {
      const { failures } = runProperties(numRuns, seed, { only: [p.name] });
      if (failures.length) throw new Error(formatFailure(failures[0]));
    });
  }
  test('fuzz regression fixtures (test/fixtures/fuzz/)', async (t) => {
    for (const r of regressionFixtures()) {
      await t.test(r.name, () => checkRegression(r));
    }
  });
}
