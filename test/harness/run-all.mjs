#!/usr/bin/env node
// npm test: build, lint and type-check, the bench smoke run, then the unit tests (node:test),
// the integration tests (mocha in a real VS Code), the package (the .vsix built, installed and
// activated) and the UI tests (Chromium driving the workbench, on that package). Every stage runs
// even if an earlier one failed; the last line sums them up.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const only = process.argv.slice(2);

const stages = [
  { name: 'build', cmd: ['node', 'esbuild.mjs'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'types', cmd: ['npx', 'tsc', '--noEmit'] },
  { name: 'bench', cmd: ['node', 'out/bench/bench.js', '--smoke'] },
  { name: 'unit', cmd: ['node', '--test', '--test-reporter=spec', 'out/test/unit/'], counts: 'node' },
  { name: 'integration', cmd: ['node', 'test/harness/integration.mjs'], counts: 'mocha' },
  // Builds claim-lens.vsix with `npm run package`, installs it into the real VS Code; the UI tests run it.
  { name: 'package', cmd: ['node', '--test', '--test-reporter=spec', 'test/package/'], counts: 'node' },
  { name: 'ui', cmd: ['node', '--test', '--test-reporter=spec', '--test-concurrency=1', 'test/ui/'], counts: 'node' },
].filter((s) => only.length === 0 || only.includes(s.name));

function run(stage) {
  return new Promise((done) => {
    let out = '';
    const child = spawn(stage.cmd[0], stage.cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tee = (stream, sink) => stream.on('data', (b) => { out += b; sink.write(b); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

/** Test counts from a runner's own summary; a stage that ran no test counts as a failure. */
function counts(kind, out) {
  const num = (re) => Number(re.exec(out)?.[1] ?? 0);
  if (kind === 'node') return { passed: num(/ℹ pass (\d+)/), failed: num(/ℹ fail (\d+)/) + num(/ℹ cancelled (\d+)/) };
  return { passed: num(/(\d+) passing/), failed: num(/(\d+) failing/) };
}

let passed = 0;
let failed = 0;
const summary = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const t = Date.now();
  const { code, out } = await run(stage);
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (stage.counts) {
    const c = counts(stage.counts, out);
    if (code !== 0 && c.failed === 0) c.failed = 1; // the runner itself failed
    if (c.passed + c.failed === 0) c.failed = 1;
    passed += c.passed;
    failed += c.failed;
    summary.push(`${stage.name}: ${c.passed} passed, ${c.failed} failed (${secs} s)`);
  } else {
    if (code !== 0) failed++;
    summary.push(`${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} (${secs} s)`);
  }
}
console.log(`\n${summary.join('\n')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
