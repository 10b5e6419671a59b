// npm run bench: our analysis against markdown-it's own parse (the baseline) and markdownlint,
// in one process, interleaved, warm, as medians. Ratios matter; absolute times vary here.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import markdownIt from 'markdown-it';
import { analyzeText } from '../src/core/analyze';
import { makeCorpus, makeNote, rng } from './corpus';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 2 : 7;
const md = markdownIt();

interface Row { name: string; bytes: number; parse: number[]; ours: number[]; lint: number[] }

// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, CommonJS, bench only
const lintSync: ((o: object) => unknown) | undefined = (() => { try { return require('markdownlint/sync').lint; } catch { return undefined; } })();

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name: string, texts: string[], withLint: boolean): Row {
  const row: Row = { name, bytes: texts.reduce((n, t) => n + t.length, 0), parse: [], ours: [], lint: [] };
  const parseAll = () => { for (const t of texts) md.parse(t, {}); };
  const oursAll = () => { for (const t of texts) analyzeText(t); };
  const lintAll = () => { lintSync!({ strings: Object.fromEntries(texts.map((t, i) => [String(i), t])) }); };
  parseAll(); oursAll(); // warm-up
  for (let i = 0; i < runs; i++) {
    // Interleave, alternating who goes first, so drift hits both alike.
    if (i % 2) { row.ours.push(time(oursAll)); row.parse.push(time(parseAll)); }
    else { row.parse.push(time(parseAll)); row.ours.push(time(oursAll)); }
    if (withLint && lintSync && i < (smoke ? 1 : 3)) row.lint.push(time(lintAll));
  }
  return row;
}

const sizes = smoke ? [20_000] : [20_000, 1_000_000];
const rows: Row[] = [];
rows.push(measure(smoke ? 'corpus (smoke, 200 KB)' : 'corpus (5 MB, 2–200 KB notes)', makeCorpus(42, smoke ? 200_000 : 5_000_000), true));
for (const size of sizes) rows.push(measure(`single note ${size >= 1e6 ? size / 1e6 + ' MB' : size / 1e3 + ' KB'}`, [makeNote(rng(size), size, 1)], size <= 1_000_000));

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
console.log('| text | size | markdown-it parse ms (min–max) | Claim Lens ms (min–max) | ours ÷ parse | markdownlint ms | markdownlint ÷ ours |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const results = rows.map((r) => {
  const p = median(r.parse);
  const o = median(r.ours);
  const l = r.lint.length ? median(r.lint) : undefined;
  console.log(`| ${r.name} | ${(r.bytes / 1e6).toFixed(2)} MB | ${fmt(p)} (${fmt(Math.min(...r.parse))}–${fmt(Math.max(...r.parse))}) | ${fmt(o)} (${fmt(Math.min(...r.ours))}–${fmt(Math.max(...r.ours))}) | ${(o / p).toFixed(2)}× | ${l === undefined ? '—' : fmt(l)} | ${l === undefined ? '—' : (l / o).toFixed(1) + '×'} |`);
  return { name: r.name, bytes: r.bytes, parseMs: p, oursMs: o, lintMs: l, oursOverParse: o / p, lintOverOurs: l === undefined ? undefined : l / o };
});
if (!smoke) {
  mkdirSync(join(__dirname, '../../bench'), { recursive: true });
  writeFileSync(join(__dirname, '../../bench/results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, results }, null, 2) + '\n');
}
