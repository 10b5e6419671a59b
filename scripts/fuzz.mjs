#!/usr/bin/env node
// npm run fuzz: the property tests of test/unit/property.test.ts on 100,000 cases (after
// `node esbuild.mjs`). Each broken invariant is reported once, with its seed and a minimised
// counterexample, which is saved as a regression fixture in test/fixtures/fuzz/<seed>-<property>.md
// (plus a .json with the exact input); the unit tests then check every note there.
//
//   node scripts/fuzz.mjs [--runs N] [--seed S] [--only ranges,citation] [--bail]
//
// FUZZ_RUNS and FUZZ_SEED set the defaults. The exit code is 1 when an invariant broke, 2 on a usage error.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const COMPILED = join(ROOT, 'out/test/unit/property.test.js');

function usage(message) {
  console.error(`fuzz: ${message}`);
  console.error('usage: node scripts/fuzz.mjs [--runs N] [--seed S] [--only NAME,…] [--bail]');
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { runs: process.env.FUZZ_RUNS ?? '100000', seed: process.env.FUZZ_SEED, only: undefined, bail: false };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--bail') opts.bail = true;
  else if (a === '--runs' || a === '--seed' || a === '--only') {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    opts[a.slice(2)] = args[++i];
  } else usage(`unknown argument ${a}`);
}
const numRuns = Number(opts.runs);
if (!Number.isInteger(numRuns) || numRuns < 1) usage(`--runs must be a positive integer, not ${opts.runs}`);
if (opts.seed !== undefined && opts.seed !== '' && !Number.isInteger(Number(opts.seed))) usage(`--seed must be an integer, not ${opts.seed}`);
if (!existsSync(COMPILED)) usage(`${relative(ROOT, COMPILED)} is missing: run \`node esbuild.mjs\` first (npm run fuzz does)`);

// Requiring the compiled test module registers no node:test tests with this set.
process.env.CLAIM_LENS_FUZZ = '1';
const require = createRequire(import.meta.url);
const props = require(COMPILED);
const seed = opts.seed !== undefined && opts.seed !== '' ? Number(opts.seed) : props.DEFAULT_SEED;
const only = opts.only ? opts.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const names = props.PROPERTIES.map((p) => p.name);
for (const n of only ?? []) if (!names.includes(n)) usage(`unknown property ${n}; known: ${names.join(', ')}`);

const shares = props.shares(numRuns);
const planned = [...shares].filter(([n]) => !only || only.includes(n)).reduce((s, [, c]) => s + c, 0);
console.log(`fuzz: ${planned} cases from FUZZ_SEED=${seed} over ${[...shares].filter(([n]) => !only || only.includes(n)).map(([n, c]) => `${n} (${c})`).join(', ')}`);

const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(1);
const finished = new Map();
let lastPrint = 0;
const written = [];
const failed = new Set();

const { failures, runs } = props.runProperties(numRuns, seed, {
  only,
  batch: 1000,
  keepGoing: !opts.bail,
  bail: opts.bail,
  shrinkMs: 15000,
  minimizeMs: 15000,
  onProgress(name, done, total) {
    finished.set(name, done);
    const all = [...finished.values()].reduce((s, n) => s + n, 0);
    if (done === total || Date.now() - lastPrint > 5000) {
      lastPrint = Date.now();
      console.log(`fuzz: ${name} ${done}/${total}; ${all}/${planned} cases in all, ${secs()} s`);
    }
  },
  onFailure(f) {
    mkdirSync(props.FUZZ_FIXTURES, { recursive: true });
    const files = props.fixtureFiles(f, !failed.has(f.property));
    failed.add(f.property);
    const base = join(props.FUZZ_FIXTURES, files.name);
    writeFileSync(`${base}.md`, files.md);
    writeFileSync(`${base}.json`, files.json);
    written.push(`${relative(ROOT, base)}.md`);
    console.log(`\nfuzz: FAILED ${props.formatFailure(f)}`);
    console.log(`fuzz: counterexample written to ${relative(ROOT, base)}.md (exact input in ${relative(ROOT, base)}.json); FUZZ_SEED=${f.seed}\n`);
  },
});

const total = [...runs.values()].reduce((s, r) => s + r.cases, 0);
console.log(`\nfuzz: ${total} cases in ${secs()} s (FUZZ_SEED=${seed})`);
for (const [name, r] of runs) {
  const broken = [...r.broken].map(([kind, n]) => `${kind} in ${n} case${n === 1 ? '' : 's'}`).join('; ');
  console.log(`  ${name}: ${r.cases} cases${broken ? `, BROKEN: ${broken}` : ', ok'}`);
}
if (failures.length) {
  console.log(`fuzz: ${failures.length} invariant${failures.length === 1 ? '' : 's'} broken; regression fixtures: ${written.join(', ')}`);
  process.exit(1);
}
console.log('fuzz: every invariant held');
