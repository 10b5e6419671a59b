// npm run bench: Claim Lens against markdown-it's own parse (the baseline) and markdownlint,
// in one process, interleaved, warmed up, as medians (min–max). Ratios are what matter here:
// absolute times vary from run to run on these machines. `--smoke` runs tiny inputs only.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
// The same library as Claim Lens bundles it: its class fields compiled as plain assignments.
import bundledMarkdownIt from 'markdown-it';
import { analyzeText } from '../src/core/analyze';
import { IncrementalAnalyzer } from '../src/core/incremental';
import { runCheck } from '../src/cli/check';
import { makeCorpus, makeNote, rng } from './corpus';
import { stubVscode } from './stubVscode';
import { markdownFiles, measureProcesses, PROCESS_HEADER, processLine, REAL_ENV, removeCorpus, writeDenseCorpus } from './processes';
// The baseline is markdown-it as published, loaded at run time: the bundler's rewrite of its
// class fields (scripts/markdownItFields.mjs), which Claim Lens's own bundles get, must not touch it.
const markdownIt: typeof import('markdown-it').default = createRequire(__filename)('markdown-it');

const smoke = process.argv.includes('--smoke');
const ROOT = resolve(__dirname, '../..');
const RUNS = smoke ? 2 : 7;
const md = markdownIt();
const mdBundled = bundledMarkdownIt();
type Lint = (o: object) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, bench only
const lint: Lint | undefined = (() => { try { return require('markdownlint/sync').lint as Lint; } catch { return undefined; } })();

const now = () => performance.now();
function time(fn: () => void): number {
  const t = now();
  fn();
  return now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (bytes: number) => bytes / 1e6;

interface Row { name: string; bytes: number; parse: number[]; parseBundled: number[]; ours: number[]; lint: number[]; reps: number }

function compare(name: string, texts: string[], lintRuns: number): Row {
  const row: Row = { name, bytes: texts.reduce((n, t) => n + t.length, 0), parse: [], parseBundled: [], ours: [], lint: [], reps: 1 };
  // Small inputs are repeated to about 1 MB per run, so timer resolution does not dominate.
  const reps = Math.max(1, Math.round(1_000_000 / texts.reduce((n, t) => n + t.length, 0)));
  const parseAll = () => { for (let k = 0; k < reps; k++) for (const t of texts) md.parse(t, {}); };
  const bundledAll = () => { for (let k = 0; k < reps; k++) for (const t of texts) mdBundled.parse(t, {}); };
  const oursAll = () => { for (let k = 0; k < reps; k++) for (const t of texts) analyzeText(t); };
  row.reps = reps;
  parseAll(); bundledAll(); oursAll(); // warm-up
  const contenders: Array<[number[], () => void]> = [[row.parse, parseAll], [row.parseBundled, bundledAll], [row.ours, oursAll]];
  for (let i = 0; i < RUNS; i++) {
    // Interleave, rotating who goes first, so drift hits all alike.
    for (let k = 0; k < contenders.length; k++) {
      const [into, fn] = contenders[(i + k) % contenders.length];
      into.push(time(fn));
    }
  }
  for (let i = 0; i < lintRuns && lint; i++) row.lint.push(time(() => lint({ strings: Object.fromEntries(texts.map((t, k) => [String(k), t])) })));
  return row;
}

const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, runs: RUNS, smoke };
const lines: string[] = [];
const say = (s = '') => { lines.push(s); console.log(s); };

// 1. Full analysis: corpus and single notes.
const rows: Row[] = [];
rows.push(compare(smoke ? 'smoke corpus' : 'corpus, 5 MB of 2–200 KB notes', smoke ? makeCorpus(42, 200_000).map((t) => t.slice(0, 20_000)) : makeCorpus(42, 5_000_000), smoke ? 1 : 3));
for (const size of smoke ? [20_000] : [20_000, 1_000_000, 10_000_000]) {
  const label = size >= 1e6 ? `${size / 1e6} MB` : `${size / 1e3} KB`;
  rows.push(compare(`one ${label} note`, [makeNote(rng(size), size, 1)], size <= 1_000_000 ? (smoke ? 1 : 3) : 0));
}
say('| text | size | markdown-it parse ms | Claim Lens ms | ours ÷ parse | ms per MB (ours) | markdownlint ms | markdownlint ÷ ours | parse, markdown-it as bundled ms | ours ÷ that |');
say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
out.analysis = rows.map((r) => {
  // Times per pass over the text; repeated runs are divided back.
  r.parse = r.parse.map((x) => x / r.reps);
  r.ours = r.ours.map((x) => x / r.reps);
  r.parseBundled = r.parseBundled.map((x) => x / r.reps);
  const p = median(r.parse);
  const pb = median(r.parseBundled);
  const o = median(r.ours);
  const l = r.lint.length ? median(r.lint) : undefined;
  const range = (xs: number[]) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  say(`| ${r.name} | ${mb(r.bytes).toFixed(2)} MB | ${range(r.parse)} | ${range(r.ours)} | **${(o / p).toFixed(2)}×** | ${(o / mb(r.bytes)).toFixed(0)} | ${l === undefined ? 'not run' : range(r.lint)} | ${l === undefined ? '—' : `**${(l / o).toFixed(1)}×**`} | ${range(r.parseBundled)} | ${(o / pb).toFixed(2)}× |`);
  return { name: r.name, bytes: r.bytes, parseMs: p, oursMs: o, lintMs: l, oursOverParse: o / p, lintOverOurs: l === undefined ? undefined : l / o, msPerMB: o / mb(r.bytes), parseBundledMs: pb, oursOverParseBundled: o / pb };
});
const perMB = (out.analysis as Array<{ name: string; msPerMB: number }>).filter((r) => r.name.startsWith('one '));
if (perMB.length > 1) {
  const xs = perMB.map((r) => r.msPerMB);
  const spread = Math.max(...xs) / Math.min(...xs) - 1;
  out.linearity = spread;
  say(`\nLinearity: time per MB from ${perMB[0].name.slice(4)} to ${perMB[perMB.length - 1].name.slice(4)} varies by **${(spread * 100).toFixed(0)}%** (target: within 25%).`);
}

// 2. Typing: one keystroke in the middle of a note, with the incremental analyzer.
say('\n| typing | full analysis ms | keystroke median ms | keystroke p95 ms | keystroke ÷ full |');
say('|---|---:|---:|---:|---:|');
const typing: unknown[] = [];
for (const size of smoke ? [20_000] : [20_000, 1_000_000]) {
  const text = makeNote(rng(size), size, 1);
  const full = median(Array.from({ length: RUNS }, () => time(() => analyzeText(text))));
  const inc = new IncrementalAnalyzer();
  inc.analyze(text);
  const mid = text.indexOf('\n', Math.floor(text.length / 2));
  let cur = text;
  const keys: number[] = [];
  for (let i = 0; i < (smoke ? 30 : 300); i++) {
    // Flat strings, as an editor hands them over.
    cur = Buffer.from(cur.slice(0, mid + i) + 'x' + cur.slice(mid + i)).toString();
    keys.push(time(() => inc.analyze(cur)));
  }
  const label = size >= 1e6 ? `${size / 1e6} MB` : `${size / 1e3} KB`;
  say(`| one ${label} note | ${ms(full)} | **${ms(median(keys))}** | **${ms(pct(keys, 0.95))}** | **${(100 * median(keys) / full).toFixed(1)}%** |`);
  typing.push({ bytes: size, fullMs: full, keyMedianMs: median(keys), keyP95Ms: pct(keys, 0.95), keyOverFull: median(keys) / full });
}
out.typing = typing;

// 3. The longest the extension host is held: a first analysis parsed in slices that yield.
async function longestHold(text: string): Promise<number> {
  let longest = 0;
  let mark = now();
  const pause = async () => {
    longest = Math.max(longest, now() - mark);
    await new Promise((r) => setImmediate(r));
    mark = now();
  };
  const inc = new IncrementalAnalyzer();
  mark = now();
  await inc.analyzeAsync(text, pause);
  return Math.max(longest, now() - mark);
}

// 4. Peak memory on the 10 MB note, each contender in a fresh process.
function peakRss(kind: 'parse' | 'ours' | 'none', size: number): number {
  const script = `
    const { makeNote, rng } = require(${JSON.stringify(join(ROOT, 'out/bench/corpus.js'))});
    const text = makeNote(rng(${size}), ${size}, 1);
    global.gc();
    const base = process.memoryUsage().rss;
    if (${JSON.stringify(kind)} === 'parse') require(${JSON.stringify(join(ROOT, 'node_modules/markdown-it'))})().parse(text, {});
    if (${JSON.stringify(kind)} === 'ours') require(${JSON.stringify(join(ROOT, 'out/bench/analyzeOnly.js'))}).analyzeText(text);
    console.log(JSON.stringify({ base, peak: process.resourceUsage().maxRSS * 1024 }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  const { base, peak } = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return peak - base;
}

// 5. 5,000 notes through the CLI, one thread against one per core.
async function workspace(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-bench-'));
  const rand = rng(5000);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `folder-${i % 50}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `note-${i}.md`), makeNote(rand, 2000 + Math.floor(rand() * 18_000), i));
  }
  // The worker threads run the CLI's main module (dist/cli.js is the launcher in front of it).
  const cli = join(ROOT, 'dist/cliMain.js');
  const opts = (jobs: number) => ({ paths: [dir], format: 'json' as const, failOn: 'never' as const, jobs });
  await runCheck(opts(2), cli); // warm-up
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < (smoke ? 1 : 3); i++) {
    let t = now(); await runCheck(opts(1), cli); one.push(now() - t);
    t = now(); await runCheck(opts(2), cli); two.push(now() - t);
  }
  rmSync(dir, { recursive: true, force: true });
  return { notes: count, oneThreadMs: median(one), twoThreadsMs: median(two), ratio: median(two) / median(one) };
}

// 6. Activation and bundle size, on the minified production bundle.
function activation() {
  const outfile = join(mkdtempSync(join(tmpdir(), 'claim-lens-bundle-')), 'extension.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build tool, bench only
  (require('esbuild') as typeof import('esbuild')).buildSync({ entryPoints: [join(ROOT, 'src/extension.ts')], bundle: true, platform: 'node', format: 'cjs', minify: true, external: ['vscode'], outfile, logLevel: 'error' });
  const size = statSync(outfile).size;
  const load = (Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown });
  const original = load._load;
  const stub = stubVscode();
  load._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? stub : original.call(Module, request, ...rest));
  const t = now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the real load
  const ext = require(outfile) as { activate(ctx: unknown): unknown };
  ext.activate({ subscriptions: [], extensionUri: stub, workspaceState: stub, globalState: stub });
  const took = now() - t;
  load._load = original;
  return { bytes: size, activateMs: took };
}

void (async () => {
  const holds: Record<string, number> = {};
  for (const size of smoke ? [200_000] : [1_000_000, 10_000_000]) holds[`${size / 1e6} MB`] = await longestHold(makeNote(rng(size), size, 1));
  out.longestHoldMs = holds;
  say(`\nLongest single hold of the thread during a first analysis (parse in 64 KB slices): ${Object.entries(holds).map(([k, v]) => `${k}: **${ms(v)} ms**`).join(', ')} (target: at most 50 ms).`);

  if (!smoke) {
    const memSize = 10_000_000;
    const parse = peakRss('parse', memSize);
    const ours = peakRss('ours', memSize);
    out.memory = { bytes: memSize, parsePeakBytes: parse, oursPeakBytes: ours, ratio: ours / parse };
    say(`\nPeak memory on the 10 MB note, above the note itself: markdown-it parse ${(parse / 2 ** 20).toFixed(0)} MiB, Claim Lens ${(ours / 2 ** 20).toFixed(0)} MiB: **${(ours / parse).toFixed(2)}×** (target: at most 1.3×).`);
  }

  const ws = await workspace(smoke ? 60 : 5000);
  out.workspace = ws;
  say(`\nCLI on ${ws.notes} notes: one thread ${ms(ws.oneThreadMs)} ms, two threads ${ms(ws.twoThreadsMs)} ms: **${ws.ratio.toFixed(2)}×** (target: at most 0.65× on 2 cores).`);

  // 7. Whole processes: the CLI's check against a process that only parses, on dense notes and on real Markdown.
  say('\nWhole processes, `node dist/cli.js check --format json` against `node bench/parseOnly.cjs` (markdown-it and markdown-it-footnote, parse only) on the same files, medians (min–max):\n');
  say(PROCESS_HEADER);
  const procRuns = smoke ? 1 : 7;
  const processRows: unknown[] = [];
  const dense = writeDenseCorpus(smoke ? 200_000 : 5_000_000);
  try {
    const r = processLine(measureProcesses(`dense notes (generated, ${smoke ? 'smoke' : '5 MB'})`, dense.files, ROOT, procRuns), { over: 'bothCoresMs', atMost: 1.5, judged: !smoke });
    say(r.line);
    processRows.push(r.json);
  } finally {
    removeCorpus(dense.dir);
  }
  const real = process.env[REAL_ENV];
  if (smoke) say(`\nReal Markdown: not run in a smoke run.`);
  else if (!real) say(`\nReal Markdown: **skipped**, ${REAL_ENV} is not set. Set it to a folder holding every .md of rust-lang/rfcs (see bench/README.md).`);
  else {
    const files = markdownFiles(real);
    if (!files.length) say(`\nReal Markdown: **skipped**, no .md file under ${REAL_ENV}=${real}.`);
    else {
      const r = processLine(measureProcesses('rust-lang/rfcs, every .md', files, ROOT, procRuns), { over: 'bothCoresMs', atMost: 1.0 });
      say(r.line);
      processRows.push(r.json);
    }
  }
  out.processes = processRows;

  const act = activation();
  out.activation = act;
  say(`\nProduction bundle: dist/extension.js **${(act.bytes / 1024).toFixed(0)} KB** (target: under 400 KB); load and activate() **${ms(act.activateMs)} ms** (target: under 50 ms).`);

  if (!smoke) writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify({ ...out, table: lines.join('\n') }, null, 2) + '\n');
})();
