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
const r = spawnSync(process.execPath, [join(root, 'test/harness/run-integration.mjs'), root, join(root, 'out/test/integration/index.js'), folder], { stdio: 'inherit' });
rmSync(scratch, { recursive: true, force: true });
process.exit(r.status ?? 1);
