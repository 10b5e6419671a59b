#!/usr/bin/env node
// npm run test:integration — the integration suite in a real VS Code, on a fresh copy of the
// test workspace (tests edit notes and settings; the repository's copy stays untouched).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-ws-'));
const folder = join(scratch, 'workspace');
cpSync(join(root, 'test/integration/workspace'), folder, { recursive: true });
// A bulk of generated notes, so Check Workspace runs long enough to test responsiveness.
const { makeNote, rng } = await import(join(root, 'out/bench/corpus.js'));
mkdirSync(join(folder, 'bulk'), { recursive: true });
const rand = rng(7);
for (let i = 0; i < 400; i++) writeFileSync(join(folder, 'bulk', `note-${i}.md`), makeNote(rand, 4000 + Math.floor(rand() * 16000), i));
// 10,000 small notes (1–2 KB) for the load tests (test/integration/load.test.ts). files.exclude
// hides them from every other test's Check Workspace; the load tests lift it while they run.
mkdirSync(join(folder, 'load'), { recursive: true });
for (let i = 0; i < 10_000; i++) writeFileSync(join(folder, 'load', `note-${String(i).padStart(5, '0')}.md`), makeNote(rand, 1000 + Math.floor(rand() * 1000), 1000 + i));
// Notes for the fault tests (test/integration/workspaceFaults.test.ts): some to delete or rename
// during a check, one that is not UTF-8, one whose check the tests make fail.
mkdirSync(join(folder, 'faults'), { recursive: true });
for (let i = 0; i < 30; i++) writeFileSync(join(folder, 'faults', `f-${String(i).padStart(2, '0')}.md`), `# Fault ${i}\n\nThe speaker said this works (speaker opinion).\n`);
writeFileSync(join(folder, 'faults', 'bad-encoding.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xfd, 0x0a, 0xc3, 0x28, 0x0a]));
writeFileSync(join(folder, 'faults', 'throws.md'), '# Throws\n\nA claim with a link (speaker opinion) [link](https://example.org/claim-lens-test-injected-failure).\n');
mkdirSync(join(folder, '.vscode'), { recursive: true });
// Claims show as diagnostics as well as highlights, so the tests of diagnostics, quick fixes and
// Check Workspace see every claim; test/integration/display.test.ts tests the default (highlights only).
writeFileSync(join(folder, '.vscode', 'settings.json'), `${JSON.stringify({ 'files.exclude': { load: true }, 'claimLens.display': 'both' }, null, 2)}\n`);
// The whole run's hang guard (scripts/vscode/code-adapter.mjs): generous, since a busy machine runs it several times slower.
const env = { ...process.env, CLAIM_LENS_TEST_TIMEOUT_MS: process.env.CLAIM_LENS_TEST_TIMEOUT_MS || String(20 * 60_000) };
const r = spawnSync(process.execPath, [join(root, 'test/harness/run-integration.mjs'), root, join(root, 'out/test/integration/index.js'), folder], { stdio: 'inherit', env });
rmSync(scratch, { recursive: true, force: true });
process.exit(r.status ?? 1);
