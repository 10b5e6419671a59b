// Check Workspace's worker thread (dist/checkWorker.js) gives what the extension host's own
// thread gives: the same analysis options, sent as plain data, and the same compact results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeText, type AnalyzeOptions } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import type { WorkerNoteResult, WorkerOptions, WorkerReply } from '../../src/vscode/checkWorker';
import { makeNote, rng } from '../../bench/corpus';
import { ROOT } from './helpers';

const WS = join(ROOT, 'test/integration/workspace');

function ask(w: Worker, notes: Array<{ path: string; options: number }>): Promise<WorkerNoteResult[]> {
  return new Promise((resolve, reject) => {
    w.once('message', (m: WorkerReply) => resolve(m.results));
    w.once('error', reject);
    w.postMessage({ type: 'check', seq: 1, notes });
  });
}

test('the worker thread checks notes exactly as the extension host thread does', async () => {
  const { config } = parseConfig(readFileSync(join(WS, '.claimlens.yaml'), 'utf8'));
  // A user severity, as AnalysisService.optionsFor() applies it, and a registry snapshot.
  config.statuses = config.statuses.map((s) => (s.name === 'opinion' ? { ...s, severity: 'error' } : s));
  const snapshots = new Map([['snapshots/talk.md', readFileSync(join(WS, 'snapshots/talk.md'), 'utf8')]]);
  const inThread: AnalyzeOptions = { config, snapshot: (p) => snapshots.get(p), today: '2026-11-22', staleAfterDays: 30 };
  const sent: WorkerOptions = { config, snapshots, today: inThread.today, staleAfterDays: inThread.staleAfterDays };

  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-worker-'));
  const paths = ['notes/keynote.md', 'notes/registry.md', 'notes/unsourced.md', 'notes/injection.md', 'archive/unopened.md'].map((p) => join(WS, p));
  const rand = rng(11);
  for (let i = 0; i < 20; i++) {
    const p = join(dir, `gen-${i}.md`);
    writeFileSync(p, makeNote(rand, 500 + Math.floor(rand() * 8000), i));
    paths.push(p);
  }
  const w = new Worker(join(ROOT, 'dist/checkWorker.js'));
  try {
    w.postMessage({ type: 'options', id: 7, options: sent });
    const got = await ask(w, paths.map((path) => ({ path, options: 7 })));
    assert.equal(got.length, paths.length);
    let quotes = 0;
    let registry = 0;
    paths.forEach((p, i) => {
      const a = analyzeText(readFileSync(p, 'utf8'), inThread);
      assert.deepEqual(got[i], { note: { claims: a.claims, findings: a.findings, citations: a.citations.filter((c) => c.url) } }, p);
      quotes += a.claims.filter((c) => c.quotes?.length).length;
      registry += a.claims.filter((c) => c.sources.some((s) => s.via === 'registry')).length;
    });
    // The sample exercises what the options carry: the registry, its snapshot, the severities.
    assert.ok(quotes > 0 && registry > 0, `quotes ${quotes}, registry ${registry}`);
    const reg = got[1] as { note: { findings: Array<{ code: string; severity: string }> } };
    assert.ok(reg.note.findings.some((f) => f.code === 'claim.opinion' && f.severity === 'error'), JSON.stringify(reg.note.findings.map((f) => [f.code, f.severity])));
    assert.ok(reg.note.findings.some((f) => f.code === 'source.stale'), 'stale sources need today and staleAfterDays');
  } finally {
    await w.terminate();
  }
});

test('the worker thread says why a note was skipped: gone, or not UTF-8', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-worker-'));
  writeFileSync(join(dir, 'bad.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]));
  const w = new Worker(join(ROOT, 'dist/checkWorker.js'));
  try {
    w.postMessage({ type: 'options', id: 0, options: { config: parseConfig('').config, snapshots: new Map() } });
    const [gone, bad] = await ask(w, [{ path: join(dir, 'gone.md'), options: 0 }, { path: join(dir, 'bad.md'), options: 0 }]);
    assert.match((gone as { error: string }).error, /ENOENT/);
    assert.deepEqual(bad, { error: 'not UTF-8 text' });
  } finally {
    await w.terminate();
  }
});

test('the worker thread never reads a device or a FIFO as a note', { skip: process.platform === 'win32' ? 'no /dev/zero or FIFOs' : false, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-worker-'));
  symlinkSync('/dev/zero', join(dir, 'zero.md'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.md')]).status, 0, 'mkfifo');
  const w = new Worker(join(ROOT, 'dist/checkWorker.js'));
  try {
    w.postMessage({ type: 'options', id: 0, options: { config: parseConfig('').config, snapshots: new Map() } });
    const results = await ask(w, [{ path: join(dir, 'zero.md'), options: 0 }, { path: join(dir, 'pipe.md'), options: 0 }]);
    for (const r of results) assert.match((r as { error: string }).error, /is not a regular file/);
  } finally {
    await w.terminate();
  }
});
