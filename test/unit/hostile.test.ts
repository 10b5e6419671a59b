// Hostile inputs: huge, deeply nested, binary, malformed or adversarial notes and configs.
// Each case must finish within a stated time bound, never throw, and give a clear result.
//
// The core cases run one at a time in a worker thread (with a main thread's 1 MB stack), so a
// case that hangs is terminated well past its bound instead of stalling the suite.
//
// Measuring, so that a busy machine (CI neighbours; four busy loops on two cores) does not fail
// a bound: times are the process's CPU time (the main thread only waits meanwhile), which busy
// neighbours barely stretch. The case's baseline runs once right before and once right after the
// call, and the larger counts, so the baseline sees the machine as the call did even when the
// load changes mid-run. A reference parse (markdown-it on an ordinary 256 KB note) is timed before
// and after too: its slowdown against an idle machine (REFERENCE_MS) scales the fixed bounds and
// the floor.
//
// Bounds, for a 2-core CI machine (fixed ones are for an idle machine, scaled as above):
// - Notes: at most 3× markdown-it's own parse of the same note (`markdownIt().parse`, as
//   `npm run bench` runs it), and never under FLOOR_MS (300 ms). The floor absorbs timer noise
//   on inputs the baseline reads in a few ms, and is still far below what superlinear behaviour
//   costs at these sizes (a quadratic pass over 1 MB takes seconds to minutes).
// - YAML (front matter, `.claimlens.yaml`): at most 3× the yaml package's own parseDocument of
//   the same text (without its duplicate-key check, which is quadratic), never under FLOOR_MS.
// - Notes that are nearly all claims (100,000 flagged sentences) or registry citations: 4×,
//   since every claim or citation is output markdown-it never builds.
// - Quotations against a saved copy: 12× markdown-it's parse of the note and of the copy (see
//   quoteHeavy); on small inputs (6 and 12 KB, a 100 KB copy made of `[`) a fixed 2 s.
// - 150,000 bare URLs (3.9 MB): a fixed 2 s. markdown-it's parse does not look for bare
//   URLs; with linkify on, which does, it takes 3–4 s here.
// - 10 MB inputs and 5 MB markers: a fixed 5 s.
// - 1 MB of pathological inline markup: a fixed 1.5 s. markdown-it's inline phase, which
//   Claim Lens does not use, is itself slow on several of these inputs, so it is no baseline.
// - CLI runs: 5 s each by the clock, process start included (10 s for the 5 MB front matter),
//   scaled by how much slower the reference parse runs by the clock before and after the run.
// - Memory (100,000 flagged sentences): the heap the result retains stays within 3× what
//   markdown-it's token stream for the same note retains, and under 400 MB.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { parseDocument } from 'yaml';
import { analyzeText, type AnalyzeOptions } from '../../src/core/analyze';
import { parseConfig, type ConfigResult } from '../../src/core/config';
import { GitignoreSet, parseGitignore } from '../../src/core/gitignore';
import { noteVerdict, type NoteRules } from '../../src/core/noteFiles';
import { LineIndex } from '../../src/core/text';
import type { DocumentAnalysis, Range } from '../../src/core/types';
import { assertRangesExact, ROOT } from './helpers';
// The baseline is markdown-it as published, loaded at run time: the bundler's rewrite of its
// class fields (scripts/markdownItFields.mjs), which Claim Lens's own bundles get, must not touch it.
const markdownIt: typeof import('markdown-it').default = createRequire(__filename)('markdown-it');

const FLOOR_MS = 300;
const BIG_MS = 5000;
/** 1 MB of pathological inline markup: about 15× an ordinary 1 MB note (it takes about half that alone), far below a quadratic pass. */
const INLINE_MS = 1500;
/** A hung case is terminated this long after its bound has passed. */
const GRACE_MS = 1000;
const MB = 1024 * 1024;

/**
 * What markdown-it takes to parse REFERENCE (an ordinary 256 KB note) on an idle 2-core machine,
 * a little over the figures taken. Measured next to each case, the reference says how much
 * slower the machine is at that moment: floors and fixed bounds grow by that factor, so a busy
 * machine (four busy loops on two cores) slows both sides of a bound alike.
 */
const REFERENCE_MS = 40;

/** A bound from the case's baseline and the machine's load (1 on an idle machine, never less). */
type Bound = ((baselineMs: number, load: number) => number) & { fixed?: boolean };

const relative: Bound = (base, load) => Math.max(3 * base, FLOOR_MS * load);
/** Notes that are nearly all claims: each claim is output markdown-it never builds (ranges, markers, two findings). */
const claimHeavy: Bound = (base, load) => Math.max(4 * base, FLOOR_MS * load);
/**
 * Notes where every sentence is flagged, cites, or nearly matches a marker: each sentence is scanned,
 * split, placed (tag fragment, clause, question) and looked up against the registry or the
 * vocabulary. The quadratic paths these replaced took 40–60 s on 1 MB, a hundred times this bound.
 */
const sentenceHeavy: Bound = (base, load) => Math.max(8 * base, 3 * FLOOR_MS * load);
/**
 * Quotations against a saved copy: the copy is read into words and a word index (2–4× what
 * markdown-it's parse of the same copy takes), then each quotation looks its candidate passages
 * up. 12× still fails the quadratic search this replaced by more than twenty times.
 */
const quoteHeavy: Bound = (base, load) => Math.max(12 * base, FLOOR_MS * load);
/** A fixed bound, stated for an idle machine; it has no baseline of its own. */
const absolute = (ms: number): Bound => Object.assign((_: number, load: number) => ms * load, { fixed: true });

// ---------------------------------------------------------------------------------------------
// Generators (all in memory).

/** Forces a flat string, so neither side of a timing pays for flattening a rope. */
function flat(s: string): string {
  /$/.test(s);
  return s;
}

/** Repeats `unit` until the text reaches `size` characters. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

const TRAILER = 'After it grew (speaker opinion).';

/** A hostile paragraph, then an ordinary flagged paragraph that must still be found. */
function withTrailer(hostile: string): string {
  return flat(`${hostile}\n\n${TRAILER}\n`);
}

function sentences(n: number, make: (i: number) => string, perParagraph = 10): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(make(i) + ((i + 1) % perParagraph === 0 ? '\n\n' : '\n'));
  return flat(out.join(''));
}

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
].join('\n');

const DEPTH = 10_000;
/** 10,000-deep YAML in four spellings; `key` is the top-level key that holds it. */
function deepYaml(kind: 'seq' | 'map' | 'dash' | 'indent', key: string): string {
  switch (kind) {
    case 'seq':
      return `${key}: ${'['.repeat(DEPTH)}x${']'.repeat(DEPTH)}`;
    case 'map':
      return `${key}: ${'{a: '.repeat(DEPTH)}x${'}'.repeat(DEPTH)}`;
    case 'dash':
      return `${key}:\n  ${'- '.repeat(DEPTH)}x`;
    case 'indent': {
      // One more space per level: 10,000 levels is already 50 MB of indentation.
      const lines = [`${key}:`];
      for (let i = 1; i <= DEPTH; i++) lines.push(' '.repeat(i) + 'a:');
      lines.push(' '.repeat(DEPTH + 1) + 'x');
      return lines.join('\n');
    }
  }
}

const frontMatter = (yaml: string, body = 'It grew (speaker opinion).\n') => flat(`---\n${yaml}\n---\n${body}`);

function inRange(r: Range, lines: number): boolean {
  return r.start.line >= 0 && r.end.line < lines && (r.start.line < r.end.line || r.start.character <= r.end.character);
}

function codes(a: DocumentAnalysis): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of a.findings) out[f.code] = (out[f.code] ?? 0) + 1;
  return out;
}

/** The one claim whose text is exactly `text`. */
function claimOf(a: DocumentAnalysis, text: string) {
  const found = a.claims.filter((c) => c.text === text);
  assert.equal(found.length, 1, `expected one claim ${JSON.stringify(text)}, found ${found.length} among ${a.claims.length}`);
  return found[0];
}

// ---------------------------------------------------------------------------------------------
// Cases. Each builds its input untimed, times its baseline and its call, then checks the result
// inside the worker (the result never crosses threads) and returns a few facts for the report.

interface Case<I = unknown, R = unknown> {
  prepare(): I;
  baseline(input: I): void;
  run(input: I): R;
  check(result: R, input: I): Record<string, unknown> | void;
  bound: Bound;
  /** Measure the heap the result retains, and the heap the baseline's output retains (in a fresh worker). */
  memory?: boolean;
}

let md: ReturnType<typeof markdownIt> | undefined;
/** markdown-it's own parse, as `npm run bench` runs it (the README's baseline). */
const mdParse = (text: string) => (md ??= markdownIt()).parse(text, {});

/** A note analysed with default (or given) config, against markdown-it's full parse. */
function note(make: () => string, check: (a: DocumentAnalysis, text: string) => Record<string, unknown> | void, opts: { bound?: Bound; options?: () => AnalyzeOptions; memory?: boolean } = {}): Case<{ text: string; options: AnalyzeOptions }, DocumentAnalysis> {
  return {
    prepare: () => ({ text: make(), options: opts.options?.() ?? {} }),
    baseline: ({ text }) => void mdParse(text),
    run: ({ text, options }) => analyzeText(text, options),
    check: (a, { text }) => check(a, text),
    bound: opts.bound ?? relative,
    memory: opts.memory,
  };
}

/** A 5 MB marker: parseConfig then analyzeText. Either the config reports the marker or the analysis uses it; neither may throw, and together they stay within 5 s. */
function hugeMarker(marker: () => string): Case {
  return {
    prepare: () => ({ text: flat(`statuses:\n  opinion:\n    markers: ["${marker()}"]\n`) }),
    baseline: ({ text }: { text: string }) => void parseDocument(text),
    run: ({ text }: { text: string }) => {
      const r = parseConfig(text);
      return { problems: r.problems, analysis: analyzeText('It grew (speaker opinion).\n', { config: r.config }) };
    },
    check: (r: { problems: ConfigResult['problems']; analysis: DocumentAnalysis }) => {
      claimOf(r.analysis, 'It grew (speaker opinion).');
      return { problems: r.problems.map((p) => p.message.slice(0, 80)) };
    },
    bound: absolute(BIG_MS),
  } as Case;
}

/** A note with front matter: the baseline is markdown-it's parse plus yaml's parse of the front matter. */
function fmNote(yaml: string, check: (a: DocumentAnalysis, text: string) => Record<string, unknown> | void): Case<{ text: string }, DocumentAnalysis> {
  return {
    prepare: () => ({ text: frontMatter(yaml) }),
    baseline: ({ text }) => {
      parseDocument(yaml, { uniqueKeys: false });
      mdParse(text);
    },
    run: ({ text }) => analyzeText(text),
    check: (a, { text }) => check(a, text),
    bound: relative,
  };
}

/** A `.claimlens.yaml`: the baseline is the yaml package's own parse of the same text. */
function config(make: () => string, check: (r: ConfigResult, text: string) => Record<string, unknown> | void, bound: Bound = relative): Case<{ text: string }, ConfigResult> {
  return {
    prepare: () => ({ text: flat(make()) }),
    // yaml's duplicate-key check is quadratic in a map's size (a Set does it in linear time).
    baseline: ({ text }) => void parseDocument(text, { uniqueKeys: false }),
    run: ({ text }) => parseConfig(text),
    check: (r, { text }) => check(r, text),
    bound,
  };
}

/** A hostile frontmatter.invalid case: problems placed inside the front matter, and the note still read. */
function fmInvalid(a: DocumentAnalysis, text: string) {
  const fmLines = text.slice(0, text.indexOf('\n---\n') + 1).split('\n').length;
  const bad = a.findings.filter((f) => f.code === 'frontmatter.invalid');
  assert.ok(bad.length >= 1, `no frontmatter.invalid; findings: ${JSON.stringify(codes(a))}`);
  for (const f of bad) assert.ok(inRange(f.range, fmLines), `frontmatter.invalid outside the front matter: ${JSON.stringify(f.range)}`);
  assertRangesExact(text, a, 'front matter');
  claimOf(a, 'It grew (speaker opinion).');
  return { problems: bad.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message.slice(0, 80)}`) };
}

/** A hostile config.invalid case: problems placed inside the file. */
function cfgInvalid(r: ConfigResult, text: string) {
  const lines = text.split('\n').length;
  assert.ok(r.problems.length >= 1, 'no problem reported');
  for (const p of r.problems) assert.ok(inRange(p.range, lines), `problem outside the file: ${JSON.stringify(p.range)}`);
  assert.ok(r.config.statuses.length > 0, 'the built-in statuses still apply');
  return { problems: r.problems.slice(0, 4).map((p) => `${p.range.start.line}:${p.range.start.character} ${p.message.slice(0, 80)}`) };
}

const INLINE: Record<string, () => string> = {
  // Unit repeated to 1 MB, after "Text " (so no line starts a fence or an HTML block),
  // with a marker at the end of the same paragraph so the scanner has to read all of it.
  'brackets [[[[': () => '['.repeat(MB),
  'brackets after an @ (@ [[[[': () => '@ ' + '['.repeat(MB),
  'backticks ````': () => '`'.repeat(MB),
  'backtick runs of growing length': () => {
    const out: string[] = [];
    let size = 0;
    for (let i = 1; size < MB; i++) {
      out.push('`'.repeat(i) + ' ');
      size += i + 1;
    }
    return out.join('');
  },
  'unclosed < <<<<': () => '<'.repeat(MB),
  'unclosed comments <!--<!--': () => fill('<!--', MB),
  'unclosed tags <a <a': () => fill('<a ', MB),
  'unclosed autolinks <http://a<http://a': () => fill('<http://a', MB),
  'emphasis runs *_*_': () => fill('*_', MB),
  'closers ](](': () => fill('](', MB),
  'unclosed link destinations [a]([a](': () => fill('[a](', MB),
  'shortcut references [a] [a]': () => fill('[a] ', MB),
  'unclosed footnote refs [^[^': () => fill('[^', MB),
  'unclosed registry cites [@[@': () => fill('[@', MB),
};

const REDOS = ['(a+)+$', '(x+x+)+y', '(a|aa)+$', '^(a+)+b', '([a-zA-Z]+)*$', '(.*a){20}', '\\d+\\d+\\d+x'];
for (let i = 0; REDOS.length < 107; i++) {
  const k = 2 + (i % 10);
  REDOS.push('('.repeat(k) + 'a*' + ')*'.repeat(k - 1) + ')' + (i >= 10 ? `{${i}}` : ''));
}

// ---------------------------------------------------------------------------------------------
// Quotations, registry citations, suppressions and many markers.

/** Words drawn from a small vocabulary by a fixed generator: the same text in every run. */
function words(count: number, seed: number, vocabulary = VOCABULARY): string[] {
  const out: string[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(vocabulary[x % vocabulary.length]);
  }
  return out;
}
const VOCABULARY = 'the team said that sampling costs money every question budget traces logs metrics agents vendor quarter error keep pays itself cut bill labels high cardinality'.split(' ');

/** Prose of about `size` characters, a sentence every nine words, a paragraph every ten lines. */
function prose(size: number, seed: number): string {
  const w = words(Math.ceil(size / 6), seed);
  const lines: string[] = [];
  for (let i = 0; i < w.length; i += 9) lines.push(w.slice(i, i + 9).join(' ') + '.' + ((lines.length + 1) % 10 === 0 ? '\n' : ''));
  return flat(lines.join('\n'));
}

const REGISTRY = 'sources:\n  k:\n    url: https://example.org/talk\n    title: The talk\n    snapshot: copy.md\n  k1:\n    url: https://example.org/k1\n    title: K1\n';
interface QuoteInput { text: string; copy: string; options: AnalyzeOptions }

/** A note citing a saved copy: the baseline is markdown-it's parse of the note and of the copy. */
function quotes(make: () => { text: string; copy: string }, check: (a: DocumentAnalysis, input: QuoteInput) => Record<string, unknown> | void, bound: Bound): Case<QuoteInput, DocumentAnalysis> {
  return {
    prepare: () => {
      const { text, copy } = make();
      const config = parseConfig(REGISTRY).config;
      return { text: flat(text), copy: flat(copy), options: { config, snapshot: (p: string) => (p === 'copy.md' ? copy : undefined) } };
    },
    baseline: ({ text, copy }) => {
      mdParse(text);
      mdParse(copy);
    },
    run: ({ text, options }) => analyzeText(text, options),
    check,
    bound,
  };
}

function misses(a: DocumentAnalysis) {
  return a.findings.filter((f) => f.code === 'quote.not-in-source');
}

/**
 * A quotation of `size` characters that is not in a copy of the same size, where every passage
 * the length of the quotation shares as many words with it as any other: the most candidates,
 * each as long as the quotation.
 */
function longQuotation(size: number): Case {
  const sentence = 'every question costs money and the team said so.';
  return quotes(
    () => ({ text: `She said “${words(size / 6, 7, sentence.slice(0, -1).split(' ')).join(' ')}” [@k].\n`, copy: fill(`${sentence} `, size) }),
    (a) => {
      const miss = misses(a);
      assert.equal(miss.length, 1, JSON.stringify(a.findings.map((f) => f.code)));
      assert.match(miss[0].message, /Closest passage \(\d+% alike\)/);
    },
    absolute(2000),
  ) as Case;
}

/** `count` sentences, each a flagged marker or a registry citation, in one paragraph. */
function directivePairs(unit: string, size: number): string {
  return flat(fill(unit, size));
}

const CASES: Record<string, Case> = {
  '10 MB single-line paragraph, no markers': note(
    () => flat(fill('lorem ipsum dolor sit amet ', 10 * MB)),
    (a, text) => {
      assert.equal(text.length >= 10 * MB && !text.includes('\n'), true);
      assert.deepEqual({ claims: a.claims.length, findings: a.findings.length }, { claims: 0, findings: 0 });
    },
    { bound: absolute(BIG_MS) },
  ),

  '10 MB single-line paragraph, markers sprinkled': note(
    () => flat(fill('Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(17) + 'It grew (speaker opinion). ', 10 * MB)),
    (a, text) => {
      const expected = text.split('(speaker opinion)').length - 1;
      assert.equal(a.claims.length, expected);
      assert.ok(a.claims.every((c) => c.status === 'opinion' && c.text === 'It grew (speaker opinion).'), 'every claim is exactly its sentence');
      assert.deepEqual(codes(a), { 'claim.opinion': expected, 'claim.no-source': expected });
      assertRangesExact(text, a, '10 MB');
      return { claims: expected };
    },
    { bound: absolute(BIG_MS) },
  ),

  '50,000 nested block quotes': note(
    () => withTrailer('>'.repeat(50_000) + ' deep (speaker opinion).'),
    (a, text) => {
      assertRangesExact(text, a, 'block quotes');
      claimOf(a, TRAILER);
      assert.ok(a.claims.length <= 2);
      return { claims: a.claims.length };
    },
  ),

  '50,000 nested lists on one line (- - - …)': note(
    () => withTrailer('- '.repeat(50_000) + 'deep (speaker opinion).'),
    (a, text) => {
      assertRangesExact(text, a, 'lists');
      claimOf(a, TRAILER);
      assert.ok(a.claims.length <= 2);
      return { claims: a.claims.length };
    },
  ),

  '3,000 nested list levels, indentation growing (9 MB)': note(
    () => {
      // 50,000 levels of growing indentation would be 2.5 GB of spaces; 3,000 is 9 MB.
      const out: string[] = [];
      for (let i = 0; i < 3000; i++) out.push(' '.repeat(2 * i) + `- item ${i} (speaker opinion).\n`);
      return withTrailer(out.join(''));
    },
    (a, text) => {
      assertRangesExact(text, a, 'indented lists');
      claimOf(a, TRAILER);
      assert.ok(a.claims.length <= 3001);
      return { claims: a.claims.length };
    },
    { bound: absolute(BIG_MS) },
  ),

  '1 MB table, markers in cells': note(
    () => {
      const rows = ['| claim | note | more |', '|---|---|---|'];
      let size = 0;
      for (let i = 0; size < MB; i++) {
        const row = `| Row ${i} grew (speaker opinion). | plain ${i} | x |`;
        rows.push(row);
        size += row.length + 1;
      }
      return flat(rows.join('\n') + '\n');
    },
    (a, text) => {
      const rows = text.split('\n').length - 3;
      assert.equal(a.claims.length, rows, 'one claim per row');
      assert.equal(a.claims[rows - 1].text, `Row ${rows - 1} grew (speaker opinion).`);
      assertRangesExact(text, a, 'table');
      return { rows };
    },
  ),

  '100,000 footnotes (refs and definitions)': note(
    () => {
      const n = 100_000;
      const defs: string[] = [];
      for (let i = 0; i < n; i++) defs.push(`[^f${i}]: https://example.org/f/${i}\n`);
      return flat(sentences(n, (i) => `Claim ${i} grew (speaker opinion).[^f${i}]`) + '\n' + defs.join(''));
    },
    (a, text) => {
      assert.equal(a.claims.length, 100_000);
      const last = a.claims[99_999];
      assert.equal(last.text, 'Claim 99999 grew (speaker opinion).[^f99999]');
      assert.deepEqual([last.sources[0].via, last.sources[0].label, last.sources[0].url], ['footnote', 'f99999', 'https://example.org/f/99999']);
      assert.deepEqual(codes(a), { 'claim.opinion': 100_000 }, 'every footnote resolves and is used');
      assertRangesExact(text, a, 'footnotes');
    },
    // Every footnote is a claim with a source: output markdown-it never builds.
    { bound: claimHeavy },
  ),

  '50,000 reference definitions, half cited': note(
    () => {
      const n = 50_000;
      const defs: string[] = [];
      for (let i = 0; i < n; i++) defs.push(`[r${i}]: https://example.org/r/${i} "Ref ${i}"\n`);
      return flat(sentences(n / 2, (i) => `Claim ${i} grew (speaker opinion) [see][r${2 * i}].`) + '\n' + defs.join(''));
    },
    (a, text) => {
      assert.equal(a.claims.length, 25_000);
      const s = a.claims[24_999].sources[0];
      assert.deepEqual([s.via, s.url, s.title], ['reference', 'https://example.org/r/49998', 'Ref 49998']);
      assert.deepEqual(codes(a), { 'claim.opinion': 25_000, 'source.unused': 25_000 });
      assertRangesExact(text, a, 'references');
    },
  ),

  'UTF-8 BOM at the start of the text': note(
    () => '\uFEFFIt grew (speaker opinion).\n\n\uFEFFAgain it grew (speaker opinion).\n',
    (a, text) => {
      assertRangesExact(text, a, 'BOM');
      assert.equal(a.claims.length, 2);
      return { texts: a.claims.map((c) => JSON.stringify(c.text)) };
    },
  ),

  'UTF-8 BOM before front matter': note(
    () => '\uFEFF---\nsource: https://example.org/ep\n---\nIt grew (speaker opinion).\n',
    (a, text) => {
      assertRangesExact(text, a, 'BOM front matter');
      assert.equal(claimOf(a, 'It grew (speaker opinion).').sources[0]?.url, 'https://example.org/ep');
    },
  ),

  'NULs inside text': note(
    () => 'Intro\0 text. It\0grew (speaker opinion).\n\n\0\0 Then\0 it grew (speaker\0 opinion) again (not verified).\n',
    (a, text) => {
      assertRangesExact(text, a, 'NUL');
      assert.deepEqual(a.claims.map((c) => c.status), ['opinion', 'unverified']);
      assert.equal(a.claims[0].text, 'It\0grew (speaker opinion).');
      return { texts: a.claims.map((c) => JSON.stringify(c.text)) };
    },
  ),

  'control characters U+0001/U+0002 are text, not markup': note(
    () => 'First (speaker\u0001opinion).\n\nSecond (speaker\u0002opinion).\n\nThird (speaker opinion)\u0002.\n',
    (a, text) => {
      assertRangesExact(text, a, 'control characters');
      // Only line breaks, spaces, emphasis and link brackets may sit between a marker's words.
      assert.deepEqual(a.claims.map((c) => c.text), ['Third (speaker opinion)\u0002.']);
    },
  ),

  'front matter: YAML alias bomb': fmNote(`${BOMB}\nsources: *i\nsource: *i`, (a, text) => fmInvalid(a, text)),
  'front matter: 10,000-deep [[[…]]]': fmNote(deepYaml('seq', 'source'), fmInvalid),
  'front matter: 10,000-deep {a: {a: …}}': fmNote(deepYaml('map', 'source'), fmInvalid),
  'front matter: 10,000-deep - - - …': fmNote(deepYaml('dash', 'source'), fmInvalid),
  'front matter: 10,000-deep a:\\n a:\\n  …': fmNote(deepYaml('indent', 'source'), fmInvalid),
  // Every claim that cites nothing takes the note's source: a 5 MB one would be repeated in each
  // claim's message and report entry. Past 4,096 characters it is reported, is no link, and its
  // title is shortened (docs/rules/frontmatter.invalid.md).
  'front matter: 5 MB string': fmNote(`source: "https://example.org/${'x'.repeat(5 * MB)}"`, (a, text) => {
    const r = fmInvalid(a, text);
    assert.deepEqual(codes(a), { 'claim.opinion': 1, 'frontmatter.invalid': 1 });
    const source = claimOf(a, 'It grew (speaker opinion).').sources[0];
    assert.equal(source.url, undefined);
    assert.ok(source.title.length <= 81 && source.title.startsWith('https://example.org/xxx'), source.title.slice(0, 100));
    return r;
  }),
  'front matter: wrong shapes (maps, nested lists)': fmNote('source: {a: 1}\nsources: [[x], {b: 2}]', (a, text) => {
    const r = fmInvalid(a, text);
    assert.equal(a.findings.filter((f) => f.code === 'frontmatter.invalid').length, 3, JSON.stringify(r));
    return r;
  }),
  'front matter: numbers and booleans as sources': fmNote('source: 3\nsources: [1, 2, true]', (a, text) => {
    // A source is "a URL or a mapping with url and title": a YAML number or boolean is neither.
    const bad = a.findings.filter((f) => f.code === 'frontmatter.invalid');
    assert.equal(bad.length, 4, `frontmatter.invalid: ${bad.length}; sources taken: ${JSON.stringify(a.claims[0]?.sources.map((s) => s.url))}`);
    assertRangesExact(text, a, 'numbers');
  }),

  'config: YAML alias bomb': config(
    () => `${BOMB}\nsources: *i\nignore: *i\norder: *i\nstatuses:\n  opinion:\n    markers: *i\n`,
    (r, text) => {
      const out = cfgInvalid(r, text);
      const lines = r.problems.map((p) => p.range.start.line);
      for (const l of [9, 10, 11, 14]) assert.ok(lines.includes(l), `a problem on line ${l} (the alias): ${JSON.stringify(out)}`);
      assert.deepEqual([r.config.sources, r.config.ignore], [{}, []]);
      return out;
    },
  ),
  'config: 10,000-deep [[[…]]]': config(() => deepYaml('seq', 'statuses'), cfgInvalid),
  'config: 10,000-deep {a: {a: …}}': config(() => deepYaml('map', 'sources'), cfgInvalid),
  'config: 10,000-deep - - - …': config(() => deepYaml('dash', 'ignore'), cfgInvalid),
  'config: 10,000-deep a:\\n a:\\n  …': config(() => deepYaml('indent', 'rules'), cfgInvalid),
  'config: 5 MB strings as an ignore glob and a source title': config(
    () => `ignore: ["${'x'.repeat(5 * MB)}"]\nsources:\n  k:\n    url: https://example.org\n    title: "${'t'.repeat(5 * MB)}"\n`,
    (r) => {
      // A title is copied into every citing claim: it is shortened, and that is reported once.
      assert.deepEqual(r.problems.map((p) => p.message), ['Source `k` is too long to copy into each claim that cites it: its title (5242880 characters) is shortened to 300.']);
      assert.equal(r.config.ignore[0].length, 5 * MB);
      assert.equal(r.config.sources.k.title.length, 300);
    },
  ),
  'config: wrong types everywhere': config(
    () => 'statuses: 3\nsources: [1,2]\nignore: {a: 1}\norder: 5\nrules: [x]\ndefaults: maybe\n',
    (r, text) => {
      const out = cfgInvalid(r, text);
      assert.deepEqual(
        r.problems.map((p) => [p.range.start.line, p.range.start.character]),
        [[0, 10], [1, 9], [2, 8], [3, 7], [4, 7], [5, 10]],
        JSON.stringify(out),
      );
      assert.deepEqual(r.config.statuses.map((s) => s.name), ['unverified', 'paraphrase', 'opinion', 'prediction', 'context']);
      return out;
    },
  ),

  'config: a 5 MB marker of many words': hugeMarker(() => `${fill('ab ', 5 * MB)}z`),
  'config: a 5 MB marker of one word': hugeMarker(() => 'x'.repeat(5 * MB)),

  'regex-like markers on 1 MB of aaaa… and xxxx…': note(
    () => flat(`${'a'.repeat(MB)}\n\n${'x'.repeat(MB)}\n\nLiteral one (a+)+$ here.\n\nLiteral two (x+x+)+y here.\n\nPlain aaaa (speaker opinion).\n`),
    (a, text) => {
      assertRangesExact(text, a, 'regex-like markers');
      assert.deepEqual(a.claims.map((c) => c.text), ['Literal one (a+)+$ here.', 'Literal two (x+x+)+y here.', 'Plain aaaa (speaker opinion).']);
      assert.deepEqual(a.claims.map((c) => c.markers.map((m) => m.text)), [['(a+)+$'], ['(x+x+)+y'], ['speaker opinion']]);
    },
    { options: () => {
      const markers = REDOS.map((m) => JSON.stringify(m)).join(', ');
      const r = parseConfig(`statuses:\n  opinion:\n    markers: [${markers}]\n`);
      // Markers are literals, never regexes: `(a+)+$` matches the text "(a+)+$". A marker that
      // holds an emphasis or code character (* _ ` \) could never match the text as read,
      // so it is a config.invalid and ignored.
      const markup = REDOS.filter((m) => /[*_`\\]/.test(m));
      assert.ok(markup.length > 0 && markup.length < REDOS.length);
      assert.deepEqual(r.problems.map((p) => /; `(.*)` holds markup characters/.exec(p.message)?.[1]), markup);
      return { config: r.config };
    } },
  ),

  'markers holding * or [ ]: brackets matched as written, emphasis characters reported': {
    prepare: () => ({ text: 'statuses:\n  opinion:\n    markers: ["((((a*)*)*)*)", "a*b", "[draft]"]\n' }),
    baseline: () => undefined,
    run: ({ text }: { text: string }) => {
      const r = parseConfig(text);
      return { problems: r.problems, analysis: analyzeText('One ((((a*)*)*)*) here.\n\nTwo a*b here.\n\nThree [draft] here.\n', { config: r.config }) };
    },
    check: (r: { problems: ConfigResult['problems']; analysis: DocumentAnalysis }) => {
      const matched = r.analysis.claims.map((c) => c.markers[0].text);
      // Brackets are matched as written ("[citation needed]"); a marker holding an emphasis or code
      // character can never match the text as read, so it is a config.invalid.
      assert.deepEqual(matched, ['[draft]'], `matched ${JSON.stringify(matched)}`);
      assert.equal(r.problems.length, 2, JSON.stringify(r.problems.map((p) => p.message)));
    },
    bound: absolute(FLOOR_MS),
  } as Case,

  '100,000 flagged sentences (time and memory)': note(
    () => sentences(100_000, (i) => `Sentence ${i} grew (speaker opinion).`),
    (a, text) => {
      assert.equal(a.claims.length, 100_000);
      assert.deepEqual(codes(a), { 'claim.opinion': 100_000, 'claim.no-source': 100_000 });
      assertRangesExact(text, a, 'flagged');
    },
    { memory: true, bound: sentenceHeavy },
  ),

  '100,000 flagged sentences in one paragraph': note(
    () => flat('It grew (speaker opinion).\n'.repeat(100_000)),
    (a, text) => {
      assert.equal(a.claims.length, 100_000);
      assertRangesExact(text, a, 'one paragraph');
    },
    { bound: sentenceHeavy },
  ),

  '150,000 bare URLs in one paragraph': note(
    () => flat('See https://example.org/c '.repeat(150_000) + 'and it grew (speaker opinion).\n'),
    (a, text) => {
      assert.equal(a.citations.length, 150_000);
      assert.equal(a.claims.length, 1);
      assertRangesExact(text, a, 'bare URLs');
    },
    // markdown-it's parse finds no bare URLs; with linkify on, which does, it takes 3–4 s on this 3.9 MB.
    { bound: absolute(2000) },
  ),

  'quotations: a 6 KB quotation against a 6 KB saved copy': longQuotation(6 * 1024),
  'quotations: a 12 KB quotation against a 12 KB saved copy': longQuotation(12 * 1024),

  'quotations: a 100 KB saved copy made of [': quotes(
    () => ({ text: 'She said “the brackets say so” [@k].\n', copy: '['.repeat(100 * 1024) }),
    (a) => {
      assert.equal(misses(a).length, 1);
      assert.doesNotMatch(misses(a)[0].message, /Closest passage/, 'no word in common, no passage');
    },
    absolute(2000),
  ) as Case,

  'quotations: 1,000 short quotations against a 1 MB saved copy': quotes(
    () => {
      const copy = prose(MB, 11);
      const copyWords = copy.replace(/[.\n]/g, ' ').split(/\s+/).filter(Boolean);
      const out: string[] = [];
      for (let i = 0; i < 1000; i++) {
        // Even: three words in a row from one sentence of the copy. Odd: a word the copy lacks.
        const at = (i * 997) % (copyWords.length - 40);
        const start = at - (at % 9);
        const q = i % 2 === 0 ? copyWords.slice(start, start + 3).join(' ') : `${copyWords[at]} ${copyWords[at + 1]} nowhere${i}`;
        out.push(`She said “${q}” [@k].`);
      }
      return { text: out.join('\n\n') + '\n', copy };
    },
    (a) => {
      // Quotation i is on line 2i: exactly the odd ones are missing from the copy.
      const all = misses(a);
      assert.deepEqual(all.map((f) => f.range.start.line), Array.from({ length: 500 }, (_, k) => 2 * (2 * k + 1)));
      assert.ok(all.every((f) => /Closest passage/.test(f.message)));
      return { misses: all.length };
    },
    quoteHeavy,
  ) as Case,

  '1 MB paragraph of "It grew [@k1]. " with no marker': note(
    () => withTrailer(fill('It grew [@k1]. ', MB)),
    (a, text) => {
      const n = text.split('[@k1]').length - 1;
      assert.equal(a.citations.length, n);
      claimOf(a, TRAILER);
      assert.equal(a.claims.length, 1);
      return { citations: n };
    },
    // Every citation is output markdown-it never builds (a range, a source): as for claims.
    { options: () => ({ config: parseConfig(REGISTRY).config }), bound: sentenceHeavy },
  ),

  '256 KB of disable/enable comment pairs around flagged sentences': note(
    () => withTrailer(directivePairs('<!-- claim-lens-disable -->\nIt grew (speaker opinion).\n<!-- claim-lens-enable -->\n\n', MB / 4)),
    (a) => {
      assert.equal(a.claims.filter((c) => !c.suppressed).length, 1, 'only the trailer is not suppressed');
      assert.equal(claimOf(a, TRAILER).suppressed, undefined);
      return { claims: a.claims.length };
    },
  ),

  '256 KB of inline disable/enable pairs, flagged sentences between': note(
    () => withTrailer(directivePairs('It grew (speaker opinion). <!-- claim-lens-disable --> It grew (speaker opinion). <!-- claim-lens-enable -->\n', MB / 4)),
    (a, text) => {
      // A disable and an enable on the same line: by lines, nothing is left disabled.
      assert.equal(a.claims.length, 2 * (text.split('\n').length - 4) + 1);
      assert.equal(a.claims.filter((c) => c.suppressed).length, 0);
    },
  ),

  '256 KB of disables for another status, and disable-line comments': note(
    () => withTrailer(directivePairs('<!-- claim-lens-disable opinion -- not this one -->\nIt grew (predictive).\n\nIt grew (speaker opinion). <!-- claim-lens-disable-line prediction -->\n\n', MB / 4)),
    (a) => {
      assert.equal(a.claims.filter((c) => c.status === 'prediction' && c.suppressed).length, 0);
      assert.equal(a.claims.filter((c) => c.status === 'opinion' && !c.suppressed).length, 0, 'opinion is disabled from the first comment on');
      return { claims: a.claims.length };
    },
  ),

  '2 MB of unclosed <!-- claim-lens- starting a line': note(
    () => flat(`It grew (speaker opinion).\n\n${fill('<!-- claim-lens-disable ', 2 * MB)}\n\nAfter (speaker opinion).\n`),
    (a) => {
      // An unclosed comment runs to the end of the note (CommonMark): the claim after it is inside.
      assert.deepEqual(a.claims.map((c) => [c.text, c.suppressed]), [['It grew (speaker opinion).', undefined]]);
    },
  ),

  '2 MB of unclosed <!-- claim-lens- inside a paragraph': note(
    () => withTrailer(`Text ${fill('<!-- claim-lens-', 2 * MB)}`),
    (a) => {
      assert.equal(claimOf(a, TRAILER).suppressed, undefined);
    },
  ),

  '2 MB of closed comments, then one directive': note(
    () => withTrailer(`Text ${fill('<!-- a --> ', 2 * MB)}<!-- claim-lens-disable -->`),
    (a) => {
      assert.deepEqual(claimOf(a, TRAILER).suppressed, { reason: null });
    },
  ),

  '1,000 config markers against a 1 MB note holding their words': note(
    () => {
      // Every sentence starts like a marker; every tenth is one.
      const out: string[] = [];
      let size = 0;
      for (let i = 0; size < MB; i++) {
        const line = i % 10 === 0 ? `The team said marker ${i % 1000} word${i % 1000} here.` : `The team said marker ${i % 1000} term${i % 1000} here.`;
        out.push(line);
        size += line.length + 1;
      }
      return flat(out.join('\n') + '\n');
    },
    (a, text) => {
      const lines = text.split('\n').length - 1;
      assert.equal(a.claims.length, Math.ceil(lines / 10));
      assert.ok(a.claims.every((c) => c.status === 'opinion' && /^marker \d+ word\d+$/.test(c.markers[0].text)));
      return { claims: a.claims.length };
    },
    { options: () => {
      const markers = Array.from({ length: 1000 }, (_, i) => JSON.stringify(`marker ${i} word${i}`)).join(', ');
      const r = parseConfig(`statuses:\n  opinion:\n    markers: [${markers}]\n`);
      assert.deepEqual(r.problems, []);
      return { config: r.config };
    }, bound: sentenceHeavy },
  ),

  'front matter with 100,000 keys': {
    prepare: () => {
      // The list on the first line sends it past the quick key: value reader, to the yaml package.
      const yaml = 'tags: [a, b]\n' + Array.from({ length: 100_000 }, (_, i) => `k${i}: v${i}`).join('\n');
      return { yaml, text: frontMatter(yaml) };
    },
    // The yaml package's own parse, without its duplicate-key check (quadratic: a Set does it in linear time).
    baseline: ({ yaml, text }: { yaml: string; text: string }) => {
      parseDocument(yaml, { uniqueKeys: false });
      mdParse(text);
    },
    run: ({ text }: { text: string }) => analyzeText(text),
    check: (a: DocumentAnalysis) => {
      claimOf(a, 'It grew (speaker opinion).');
    },
    bound: relative,
  } as Case,

  // A 330 KB note: one 300 KB title copied into 1,000 claims and their messages took 2 GB and
  // failed with "Invalid string length". Titles are capped at 300 characters, URLs at 2,048.
  'a 300 KB link-definition title and a 300 KB registry title, each cited 500 times': note(
    () => flat('It grew [x] (speaker opinion).\n\nIt fell [@big] (speaker opinion).\n\n'.repeat(500) + `[x]: https://example.org/${'u'.repeat(3000)} "${'T'.repeat(300_000)}"\n`),
    (a, text) => {
      assert.equal(a.claims.length, 1000);
      for (const c of a.claims) for (const s of c.sources) assert.ok(s.title.length <= 300 && (s.url ?? '').length <= 2048, 'capped');
      assert.equal(a.findings.filter((f) => f.code === 'source.too-long').length, 1, 'reported once');
      const size = JSON.stringify(a).length;
      assert.ok(size < 10 * text.length, `the analysis is ${size} characters for a ${text.length}-character note`);
      return { size };
    },
    { bound: claimHeavy, options: () => ({ config: parseConfig(`sources:\n  big:\n    url: https://example.org/big\n    title: "${'R'.repeat(300_000)}"\n`).config }) },
  ),

};

for (const [name, make] of Object.entries(INLINE)) {
  CASES[`pathological inline: 1 MB of ${name}`] = {
    ...note(
      () => withTrailer(`Text ${make()} tail (speaker opinion).`),
      (a, text) => {
        assertRangesExact(text, a, name);
        claimOf(a, TRAILER);
        assert.ok(a.claims.length <= 2, `${a.claims.length} claims`);
        return { claims: a.claims.length };
      },
      { bound: absolute(INLINE_MS) },
    ),
    // markdown-it's own inline phase, which Claim Lens does not use, is itself slow on several
    // of these (2.4 s on 1 MB of `[`, 4 s on `[^`): no baseline, an absolute bound instead.
    baseline: () => undefined,
  } as Case;
}

/**
 * Globs built to make a backtracking matcher blow up, against short names: the config's
 * `exclude`/`ignore` and a .gitignore, as Check Workspace, the editor and the CLI ask them. A
 * regular expression took minutes here; the bound is markdown-it's parse of the same names
 * (so, in practice, the floor), far below what exponential work costs.
 */
CASES['globs that backtrack: *a*a*a*a*a*a*a*a*a*a*a*b and a/**/**/… against 40-character names'] = {
  prepare: () => {
    const names = [`/ws/${'a'.repeat(40)}.md`, `/ws/${'a/'.repeat(40)}c.md`, `/ws/${'ab'.repeat(20)}.md`];
    const gitignore = new GitignoreSet([{ base: '/ws', rules: parseGitignore('a/**/**/**/**/**/**/**/**/**/b\n[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*b\n') }]);
    const rules = { root: '/ws', scopes: [{ base: '/ws', include: ['{x,*a*a*a*a*a*a*a*a*a*a*a*,y}*', 'a/**'], exclude: ['*a*a*a*a*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*a*a*a*a*a*b/'] }], gitignore };
    return { names, rules, text: names.join('\n') };
  },
  baseline: ({ text }: { text: string }) => void mdParse(text),
  run: ({ names, rules }: { names: string[]; rules: NoteRules }) => names.map((n) => noteVerdict(n, rules) ?? 'note'),
  check: (verdicts: string[]) => {
    assert.deepEqual(verdicts, ['note', 'note', 'note']);
    return { verdicts };
  },
  bound: relative,
} as Case;

// ---------------------------------------------------------------------------------------------
// The worker side. One long-lived worker runs the cases one at a time (warmed up once); a case
// that overruns is terminated with its worker, and the next case starts a fresh one.

interface Outcome {
  /** The case's baseline: the larger of the quickest runs before and after the call (NaN for fixed bounds). */
  baselineMs: number;
  /** The machine's slowdown, from the reference parse measured around the call: 1 when idle. */
  load: number;
  /** CPU time of the call, and the time it took by the clock. */
  ms: number;
  wallMs?: number;
  error?: string;
  info?: Record<string, unknown>;
  heap?: { ours: number; baseline: number };
}

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** An ordinary 256 KB note (prose, links, emphasis, code, paragraphs): the load gauge. */
let reference: string | undefined;
function referenceNote(): string {
  if (reference) return reference;
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MB / 4; i++) {
    const line = i % 11 === 10 ? '' : `Sentence ${i} says the [team](https://example.org/${i}) grew *fast* and \`ok\` here.`;
    lines.push(line);
    size += line.length + 1;
  }
  return (reference = flat(lines.join('\n')));
}

/** CPU time of one run of `f`, as the call itself is timed. */
function once(f: () => void): number {
  const t = cpuNow();
  f();
  return cpuNow() - t;
}

/** The quickest of a few runs (one past a second): the load gauge, where a moment's hiccup must not count. */
function quickest(f: () => void): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = cpuNow();
    f();
    best = Math.min(best, cpuNow() - t);
    if (best > 1000) break;
  }
  return best;
}

/**
 * CPU time of this process, in ms. The main thread only waits while a case runs, so this is the
 * worker's work (and its collector's): what busy neighbours do not stretch, as they stretch the clock.
 */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs one case. The baseline and the reference are timed right before and right after the
 * call, and the larger of each pair is used: when the machine gets busier (or quieter) during
 * the call, one of the two saw the machine as the call did.
 */
function runInWorker(name: string, send: (m: unknown) => void): void {
  const c = CASES[name];
  try {
    const input = c.prepare();
    const gc = c.memory ? gcFunction() : undefined;
    const gauge = () => void mdParse(referenceNote());
    let heapBase = 0;
    if (gc) {
      // What markdown-it's token stream for the same note retains.
      gc();
      gc();
      const before = process.memoryUsage().heapUsed;
      const tokens = mdParse((input as { text: string }).text);
      gc();
      heapBase = process.memoryUsage().heapUsed - before;
      void tokens.length;
    }
    const fixed = c.bound.fixed === true;
    const baseBefore = fixed ? NaN : once(() => c.baseline(input));
    const refBefore = quickest(gauge);
    send({ kind: 'baseline', baselineMs: baseBefore, load: Math.max(1, refBefore / REFERENCE_MS) });
    let before = 0;
    if (gc) {
      gc();
      before = process.memoryUsage().heapUsed;
    }
    const t = cpuNow();
    const wall = performance.now();
    let result: unknown;
    let threw: unknown;
    try {
      result = c.run(input);
    } catch (e) {
      threw = e;
    }
    const ms = cpuNow() - t;
    const wallMs = performance.now() - wall;
    let heap: Outcome['heap'];
    if (gc && threw === undefined) {
      gc();
      heap = { ours: process.memoryUsage().heapUsed - before, baseline: heapBase };
    }
    const refAfter = quickest(gauge);
    const baseAfter = fixed ? NaN : once(() => c.baseline(input));
    const baselineMs = Math.max(baseBefore, baseAfter);
    const load = Math.max(1, refBefore / REFERENCE_MS, refAfter / REFERENCE_MS);
    if (threw !== undefined) {
      send({ kind: 'done', outcome: { baselineMs, load, ms, wallMs, error: `threw after ${ms.toFixed(0)} ms: ${String((threw as Error).stack ?? threw).slice(0, 400)}` } });
      return;
    }
    let info: Record<string, unknown> | undefined;
    let error: string | undefined;
    try {
      info = c.check(result, input) ?? undefined;
    } catch (e) {
      error = `wrong result: ${String((e as Error).message).slice(0, 400)}`;
    }
    send({ kind: 'done', outcome: { baselineMs, load, ms, wallMs, error, info, heap } satisfies Outcome });
  } catch (e) {
    send({ kind: 'done', outcome: { baselineMs: 0, load: 1, ms: 0, error: `harness: ${String((e as Error).stack ?? e).slice(0, 400)}` } });
  }
}

function workerMain(): void {
  const send = (m: unknown) => parentPort!.postMessage(m);
  // Warm both sides up once, so no timing pays for compilation.
  const warm = sentences(300, (i) => `Warm ${i} [link](https://example.org/${i}) *em* \`code\` (speaker opinion).[^w${i % 3}]`) + '\n[^w0]: x\n';
  for (let k = 0; k < 3; k++) {
    mdParse(warm);
    analyzeText(warm);
    parseConfig('statuses:\n  opinion:\n    markers: [a b]\n');
    parseDocument('a: [1, {b: 2}]');
  }
  parentPort!.on('message', (m: { run: string }) => runInWorker(m.run, send));
  send({ kind: 'ready' });
}

let pool: Promise<Worker> | undefined;

function getWorker(): Promise<Worker> {
  return (pool ??= new Promise((resolve, reject) => {
    // The stack of a main thread (Node's default is 984 KB, as in the extension host), not a
    // worker's 4 MB, so stack overflows show as they would there.
    const w = new Worker(__filename, { workerData: { hostileWorker: true }, stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: 6144, stackSizeMb: 1 } });
    w.stdout.resume();
    w.stderr.resume();
    w.unref();
    w.once('message', () => resolve(w));
    w.once('error', reject);
  }));
}

function dropWorker(w: Worker): void {
  pool = undefined;
  void w.terminate();
}

/** Runs one case; terminates its worker once the case is GRACE_MS past its bound. */
async function runCase(name: string): Promise<Outcome & { bound: number }> {
  // Heap figures need a worker whose heap holds nothing from earlier cases.
  const fresh = CASES[name].memory === true;
  if (fresh && pool) dropWorker(await pool);
  const w = await getWorker();
  return new Promise((resolve) => {
    let done = false;
    let timer = setTimeout(() => finish({ baselineMs: NaN, load: 1, ms: NaN, error: 'the baseline did not finish within 120 s' }, true), 120_000);
    const finish = (o: Outcome, kill = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      if (kill || fresh) dropWorker(w);
      // The bound comes from the baselines on both sides of the call.
      resolve({ ...o, bound: CASES[name].bound(o.baselineMs, o.load) });
    };
    const onMessage = (m: { kind: string; baselineMs?: number; load?: number; outcome?: Outcome }) => {
      if (m.kind === 'baseline') {
        // A hung case is stopped once it has used twice its bound in CPU time (this thread only
        // waits, so the process's CPU time is the worker's), or, should the worker get no CPU at
        // all, once the clock says 20 times that.
        const early = CASES[name].bound(m.baselineMs!, m.load!);
        const cpuStart = cpuNow();
        const started = performance.now();
        clearTimeout(timer);
        const poll = () => {
          const cpu = cpuNow() - cpuStart;
          const wall = performance.now() - started;
          if (cpu > 2 * early + GRACE_MS || wall > 20 * (2 * early + GRACE_MS)) {
            finish({ baselineMs: m.baselineMs!, load: m.load!, ms: cpu, wallMs: wall, error: `still running after ${cpu.toFixed(0)} ms of CPU (${wall.toFixed(0)} ms by the clock; bound ${early.toFixed(0)} ms, baseline ${m.baselineMs!.toFixed(0)} ms); terminated` }, true);
          } else timer = setTimeout(poll, 100);
        };
        timer = setTimeout(poll, 100);
      } else if (m.kind === 'done') finish(m.outcome!);
    };
    const onError = (e: Error) => finish({ baselineMs: NaN, load: 1, ms: NaN, error: `worker died: ${String(e.stack ?? e).slice(0, 400)}` }, true);
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage({ run: name });
  });
}

// ---------------------------------------------------------------------------------------------
// The CLI side.

const CLI = join(ROOT, 'dist/cli.js');
const dirs: string[] = [];

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-hostile-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/**
 * How much slower the machine runs ordinary work by the clock right now: the reference parse's
 * quickest of three runs by the clock, against an idle machine (1 at least). A CLI run is a
 * separate process whose CPU time this one cannot see, so its bound follows the clock, scaled.
 */
function clockLoad(): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    mdParse(referenceNote());
    best = Math.min(best, performance.now() - t);
  }
  return Math.max(1, best / REFERENCE_MS);
}

function cli(args: string[], cwd: string, stated = BIG_MS) {
  const before = clockLoad();
  const t = performance.now();
  // Killed well past any bound the load could give it.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 10 * stated + GRACE_MS, maxBuffer: 256 * MB });
  const ms = performance.now() - t;
  const load = Math.max(before, clockLoad());
  assert.ok(!r.error, `the CLI failed to run: ${String(r.error)} after ${ms.toFixed(0)} ms (stdout ${r.stdout?.length ?? 0} chars)`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms, limitMs: stated * load, load };
}

/** Checked after the result, so a wrong result is reported as such even when it was also slow. */
function assertWithin(r: { ms: number; limitMs: number; load: number }) {
  assert.ok(r.ms <= r.limitMs, `the CLI took ${r.ms.toFixed(0)} ms (bound ${r.limitMs.toFixed(0)} ms${r.load > 1 ? `, the machine ${r.load.toFixed(1)}× slower than idle` : ''})`);
}

/** One line on stderr, short enough to read, naming the file. */
function assertOneLine(stderr: string, file: string, reason: RegExp) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got ${lines.length}: ${stderr.slice(0, 300)}`);
  assert.ok(lines[0].length <= 300, `a short line, got ${lines[0].length} chars: ${lines[0].slice(0, 300)}…`);
  assert.match(lines[0], /^claim-lens: /);
  assert.ok(lines[0].includes(file), `names ${file}: ${lines[0]}`);
  assert.match(lines[0], reason);
}

const GOOD = 'It grew (speaker opinion).\n';

function defineCliTests(): void {
  test('CLI: a binary file renamed .md is named, skipped, reported as file.unreadable, exit 1', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 0xab), Buffer.from([0, 0, 0, 0])]);
    const dir = workspace({ 'image.md': png, 'good.md': GOOD });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, 'image.md', /binary/);
    const files = JSON.parse(r.stdout).files as Array<{ path: string; diagnostics: Array<{ code: string }> }>;
    assert.deepEqual(files.map((f) => f.path), ['good.md', 'image.md'], 'the other note is still checked');
    assert.deepEqual(files[1].diagnostics.map((d) => d.code), ['file.unreadable']);
    assertWithin(r);
  });

  test('CLI: invalid UTF-8 is "not UTF-8 text", skipped, reported as file.unreadable, exit 1', () => {
    const bad = Buffer.concat([Buffer.from('It grew (speaker opinion). caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(' done.\n')]);
    const dir = workspace({ 'latin.md': bad, 'good.md': GOOD });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, 'latin.md', /is not UTF-8 text/);
    assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['good.md', 'latin.md']);
    assertWithin(r);
  });

  test('CLI: a UTF-8 BOM is dropped and ranges are exact', () => {
    const dir = workspace({ 'bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('It grew (speaker opinion).\r\nNext.\n')]) });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const claim = JSON.parse(r.stdout).files[0].claims[0];
    assert.equal(claim.text, 'It grew (speaker opinion).');
    assert.deepEqual(claim.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 26 } });
    assert.equal(new LineIndex('It grew (speaker opinion).\r\nNext.\n').slice(claim.range), claim.text);
    assertWithin(r);
  });

  test('CLI: a 5 MB glob and globs that backtrack in the config and a .gitignore, over a folder walk', () => {
    const dir = workspace({
      '.claimlens.yaml': `exclude: ["${'x'.repeat(5 * MB)}", "*a*a*a*a*a*a*a*a*a*a*a*b", "{x,*a*a*a*a*a*a*a*a*a*a*a*b}"]\n`,
      '.gitignore': 'a/**/**/**/**/**/**/**/**/**/b\n',
      [`${'a'.repeat(40)}.md`]: 'It grew (speaker opinion).\n',
      [`${'a/'.repeat(40)}c.md`]: 'It grew (speaker opinion).\n',
    });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.stderr, '');
    assert.equal(JSON.parse(r.stdout).files.length, 2);
    assertWithin(r);
  });

  test('CLI: front matter holding a 5 MB string, with 40 flagged sentences', () => {
    const body = 'It grew (speaker opinion).\n\n'.repeat(40);
    const dir = workspace({ 'big.md': `---\nsource: "https://example.org/${'x'.repeat(5 * MB)}"\n---\n${body}` });
    const r = cli(['check', '.', '--format', 'json'], dir, 2 * BIG_MS);
    assert.ok(r.stderr === '', r.stderr.slice(0, 300));
    // The over-long source is a frontmatter.invalid warning (so exit 1), not a skipped note.
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.claims, 40);
    const diagnostics = out.files[0].diagnostics.filter((d: { code: string }) => d.code === 'frontmatter.invalid');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 1);
    assert.ok(r.stdout.length < MB, `${r.stdout.length} chars of output`);
    assertWithin(r);
  });

  test('CLI: .claimlens.yaml with wrong types everywhere gives config.invalid at each place, exit 1', () => {
    const dir = workspace({ '.claimlens.yaml': 'statuses: 3\nsources: [1,2]\nignore: {a: 1}\n', 'n.md': GOOD });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout);
    const cfg = out.files.find((f: { path: string }) => f.path === '.claimlens.yaml');
    assert.ok(cfg, 'the config is listed among files');
    assert.deepEqual(cfg.diagnostics.map((d: { code: string; severity: string; range: Range }) => [d.code, d.severity, d.range.start.line]), [
      ['config.invalid', 'error', 0], ['config.invalid', 'error', 1], ['config.invalid', 'error', 2],
    ]);
    assert.equal(out.files.find((f: { path: string }) => f.path === 'n.md').claims.length, 1, 'the note is still checked');
    assertWithin(r);
  });

  test('CLI: .claimlens.yaml with a 10,000-deep nesting and an alias bomb, exit 1', () => {
    const dir = workspace({ '.claimlens.yaml': `${BOMB}\n${deepYaml('seq', 'statuses')}\nsources: *i\n`, 'n.md': GOOD });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout);
    const cfg = out.files.find((f: { path: string }) => f.path === '.claimlens.yaml');
    assert.ok(cfg.diagnostics.length >= 2 && cfg.diagnostics.every((d: { code: string }) => d.code === 'config.invalid'));
    assert.equal(out.files.find((f: { path: string }) => f.path === 'n.md').claims.length, 1);
    assertWithin(r);
  });

  test('CLI: a marker of 10,000 words gives config.invalid, not a skipped note', () => {
    const dir = workspace({ '.claimlens.yaml': `statuses:\n  opinion:\n    markers: ["${'ab '.repeat(10_000)}z"]\n`, 'n.md': GOOD });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.ok(r.stderr === '', `stderr (${r.stderr.length} chars): ${r.stderr.slice(0, 200)}…`);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files.find((f: { path: string }) => f.path === 'n.md')?.claims.length, 1, 'the note is checked');
    assertWithin(r);
  });

  after(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
}

// ---------------------------------------------------------------------------------------------

if (isMainThread) {
  for (const name of Object.keys(CASES)) {
    test(name, async (t) => {
      const o = await runCase(name);
      const ratio = (o.baselineMs >= 1 ? ` (${(o.ms / o.baselineMs).toFixed(2)}× baseline ${o.baselineMs.toFixed(0)} ms)` : '') + (o.load > 1 ? ` (machine ${o.load.toFixed(1)}× slower than idle)` : '');
      t.diagnostic(`${o.ms.toFixed(0)} ms of CPU${o.wallMs !== undefined ? ` (${o.wallMs.toFixed(0)} ms by the clock)` : ''}, bound ${o.bound.toFixed(0)} ms${ratio}${o.heap ? `; heap retained ${(o.heap.ours / MB).toFixed(0)} MB vs markdown-it tokens ${(o.heap.baseline / MB).toFixed(0)} MB` : ''}${o.info ? `; ${JSON.stringify(o.info)}` : ''}`);
      assert.ok(!o.error, o.error);
      assert.ok(o.ms <= o.bound, `took ${o.ms.toFixed(0)} ms, bound ${o.bound.toFixed(0)} ms${ratio}`);
      if (o.heap) {
        assert.ok(o.heap.ours <= 400 * MB, `retained ${(o.heap.ours / MB).toFixed(0)} MB`);
        assert.ok(o.heap.ours <= 3 * o.heap.baseline, `retained ${(o.heap.ours / MB).toFixed(0)} MB, over 3× markdown-it's ${(o.heap.baseline / MB).toFixed(0)} MB`);
      }
    });
  }
  defineCliTests();
  after(async () => {
    if (pool) dropWorker(await pool);
  });
} else if ((workerData as { hostileWorker?: boolean } | null)?.hostileWorker) {
  workerMain();
}
