// Process-level rows of `npm run bench`: `node dist/cli.js check --format json` against a process
// that only parses the same files with markdown-it (bench/parseOnly.cjs), each a whole process
// from start to exit, interleaved, as medians. What a user waits for, startup included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus } from './corpus';

/** How often a dense note's sentences carry a marker: about one claim per 400 bytes, as real notes. */
export const DENSE_MARKS = 1.7;
/** The environment variable naming a folder of real Markdown (every `.md` of rust-lang/rfcs). */
export const REAL_ENV = 'CLAIM_LENS_BENCH_REAL';

export interface ProcessRow {
  name: string;
  files: number;
  bytes: number;
  claims: number;
  parseMs: number[];
  /** The same script with markdown-it as Claim Lens bundles it (out/bench/parseOnly.js): not the target's baseline, shown beside it. */
  parseBundledMs: number[];
  oneThreadMs: number[];
  bothCoresMs: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(args: string[]): number {
  const t = performance.now();
  // Output goes to /dev/null: the check still formats and writes all of it.
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const took = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} … exited ${r.status}: ${r.stderr}`);
  return took;
}

/** Every `.md` under `dir`, sorted, skipping dot-folders. */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...markdownFiles(p));
    else if (st.isFile() && name.endsWith('.md')) out.push(p);
  }
  return out;
}

/**
 * Times the parse process, the check on one thread (`--jobs 1`) and the check as users run it
 * (one thread per core), `runs` times each, rotating who goes first so drift hits all alike.
 * Also the parse process with markdown-it as Claim Lens's bundles compile it (class fields as
 * plain assignments, scripts/markdownItFields.mjs), which parses faster than the published
 * build: shown beside the target, so the ratio to the published build is never read alone.
 */
export function measureProcesses(name: string, files: string[], root: string, runs: number): ProcessRow {
  const cli = join(root, 'dist/cli.js');
  const parse = [join(root, 'bench/parseOnly.cjs'), ...files];
  const parseBundled = [join(root, 'out/bench/parseOnly.js'), ...files];
  const check = (jobs: string[]) => [cli, 'check', '--format', 'json', '--fail-on', 'never', ...jobs, ...files];
  // One check to /dev/stdout first: it warms the file cache and tells what was checked.
  const first = spawnSync(process.execPath, check(['--jobs', '1']), { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (first.status !== 0) throw new Error(`the check failed on ${name}: ${first.stderr}`);
  const report = JSON.parse(first.stdout) as { files: Array<{ claims: unknown[] }> };
  if (report.files.length !== files.length) throw new Error(`the check reported ${report.files.length} of ${files.length} files`);
  const row: ProcessRow = {
    name, files: files.length, bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    claims: report.files.reduce((n, f) => n + f.claims.length, 0), parseMs: [], parseBundledMs: [], oneThreadMs: [], bothCoresMs: [],
  };
  const contenders: Array<[number[], string[]]> = [[row.parseMs, parse], [row.parseBundledMs, parseBundled], [row.oneThreadMs, check(['--jobs', '1'])], [row.bothCoresMs, check([])]];
  run(parse);
  run(parseBundled);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const [into, args] = contenders[(i + k) % contenders.length];
      into.push(run(args));
    }
  }
  return row;
}

/** The dense corpus, written to a temporary folder; the caller removes it. */
export function writeDenseCorpus(totalBytes: number): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-dense-'));
  const files = makeCorpus(11, totalBytes, DENSE_MARKS).map((text, i) => {
    const file = join(dir, `note-${String(i).padStart(4, '0')}.md`);
    writeFileSync(file, text);
    return file;
  });
  return { dir, files };
}

/** `judged: false` (smoke runs): tiny inputs say nothing about the target, so no PASS or MISS. */
export interface ProcessTarget { over: 'oneThreadMs' | 'bothCoresMs'; atMost: number; judged?: boolean }

/** A Markdown table row with the ratios, the target and PASS or MISS. */
export function processLine(r: ProcessRow, target: ProcessTarget): { line: string; json: Record<string, unknown> } {
  const p = median(r.parseMs);
  const one = median(r.oneThreadMs);
  const both = median(r.bothCoresMs);
  const ratio = median(r[target.over]) / p;
  const pass = ratio <= target.atMost;
  const s = (x: number) => (x / 1000).toFixed(2);
  const range = (xs: number[]) => `${s(median(xs))} (${s(Math.min(...xs))}–${s(Math.max(...xs))})`;
  const pb = median(r.parseBundledMs);
  const line = `| ${r.name} | ${r.files} | ${(r.bytes / 1e6).toFixed(2)} MB | ${Math.round(r.bytes / Math.max(1, r.claims))} B | ${range(r.parseMs)} | ${range(r.oneThreadMs)} | **${(one / p).toFixed(2)}×** | ${range(r.bothCoresMs)} | **${(both / p).toFixed(2)}×** | ${target.over === 'bothCoresMs' ? 'both cores' : 'one thread'} ≤ ${target.atMost.toFixed(1)}×: ${target.judged === false ? 'not judged on a smoke run' : `**${pass ? 'PASS' : 'MISS'}**`} | ${range(r.parseBundledMs)} | ${(median(r[target.over]) / pb).toFixed(2)}× |`;
  return {
    line,
    json: { name: r.name, files: r.files, bytes: r.bytes, claims: r.claims, parseMs: p, oneThreadMs: one, bothCoresMs: both, oneThreadOverParse: one / p, bothCoresOverParse: both / p, target: `${target.over} ≤ ${target.atMost}× parse`, pass: target.judged === false ? undefined : pass, parseBundledMs: pb, overParseBundled: median(r[target.over]) / pb },
  };
}

export const PROCESS_HEADER = '| corpus | files | size | bytes per claim | parse process s | check --jobs 1 s | ÷ parse | check (both cores) s | ÷ parse | target | parse, markdown-it as bundled s | target\'s check ÷ that |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|';

export function removeCorpus(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
