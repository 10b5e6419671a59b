// Faults: notes that vanish or fail during Check Workspace, and commands that fail.
// test/harness/integration.mjs writes faults/f-00…f-29.md, faults/bad-encoding.md (not UTF-8)
// and faults/throws.md (cites THROW_URL). faults/ sorts after bulk/'s 400 notes, so a check
// reaches them a while after it starts.
import * as assert from 'node:assert/strict';
import { renameSync, unlinkSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, spyNotifications, waitFor, workspaceUri } from './util';

const THROW_URL = 'https://example.org/claim-lens-test-injected-failure';
const faultNote = (name: string) => workspaceUri('faults', name);
const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => faultNote(`f-${String(from + i).padStart(2, '0')}.md`));
const bad = faultNote('bad-encoding.md');
const throws = faultNote('throws.md');

/** Resolves once passes over changes on disk have covered every one of `uris`. */
function flushed(checker: Awaited<ReturnType<typeof api>>['checker'], uris: vscode.Uri[]): Promise<void> {
  return new Promise((resolve) => {
    const seen = new Set<string>();
    const sub = checker.onDidFlush((f) => {
      for (const u of f.uris) seen.add(u);
      if (uris.every((u) => seen.has(u.toString()))) {
        sub.dispose();
        resolve();
      }
    });
  });
}

describe('faults', function () {
  this.timeout(300_000);

  it('skips notes deleted or renamed during Check Workspace, with no error dialog, and logs each skip', async () => {
    const ext = await api();
    const { checker } = ext;
    const deleted = numbered(0, 5);
    const renamed = numbered(5, 10);
    const renamedTo = renamed.map((u) => faultNote(`renamed-${u.path.split('/').pop()}`));
    const kept = numbered(10, 30);
    const spy = spyNotifications();
    try {
      checker.results.clear();
      const running = checker.run();
      try {
        await waitFor(() => checker.results.size >= 1); // the notes are listed and the check is under way
        assert.ok(![...checker.results.keys()].some((k) => k.includes('/faults/')), 'the check has not reached faults/ yet');
      } catch (e) {
        await running;
        throw e;
      }
      // The watcher runs from the start of the check: the new names are checked as changes on disk.
      const seenRenamed = flushed(checker, renamedTo);
      for (const u of deleted) unlinkSync(u.fsPath);
      renamed.forEach((u, i) => renameSync(u.fsPath, renamedTo[i].fsPath));
      const checked = await running;
      const run = checker.lastRun!;
      assert.equal(run.cancelled, false);
      assert.equal(run.skipped, 11, `10 gone and bad-encoding.md: ${JSON.stringify(run)}`);
      assert.equal(run.failed, 0);
      assert.equal(checked, run.notes - 11);
      for (const u of kept) assert.ok(checker.results.has(u.toString()), `${u.path} was checked`);
      for (const u of [...deleted, ...renamed]) {
        assert.ok(!checker.results.has(u.toString()), `${u.path} is not in the results`);
        assert.ok(ext.recentLog().some((l) => l.startsWith('[warn] Check Workspace skipped') && l.includes(u.toString())), `the log says ${u.path} was skipped`);
      }
      await seenRenamed;
      for (const u of renamedTo) assert.ok(checker.results.has(u.toString()), `${u.path} was checked under its new name`);
      assert.deepEqual(spy.shown, [], 'no error or warning notification');
    } finally {
      spy.restore();
    }
  });

  it('keeps checking the other notes when one note fails, and says so once with Show log', async () => {
    const ext = await api();
    const { checker, diagnostics } = ext;
    const later = workspaceUri('notes', 'registry.md'); // sorts after faults/: checked after the failure
    const saved = diagnostics.extraFindings;
    // A fault injected where a real one could arise: findings from outside the note's text.
    diagnostics.extraFindings = (a, uri) => {
      if (a.citations.some((c) => c.url === THROW_URL)) throw new Error('injected failure');
      return saved(a, uri);
    };
    const spy = spyNotifications();
    try {
      checker.results.clear();
      const checked = await checker.run();
      const run = checker.lastRun!;
      assert.equal(run.failed, 1, JSON.stringify(run));
      assert.equal(run.skipped, 1, JSON.stringify(run));
      assert.equal(checked, run.notes - 2);
      for (const u of [...numbered(10, 30), later]) assert.ok(checker.results.has(u.toString()), `${u.path} was checked`);
      assert.ok(!checker.results.has(throws.toString()) && !checker.results.has(bad.toString()));
      const log = ext.recentLog();
      assert.ok(log.some((l) => l.startsWith('[error] Check Workspace could not check') && l.includes(throws.toString()) && l.includes('injected failure')), 'the failure is logged');
      assert.ok(log.some((l) => l.startsWith('[warn] Check Workspace skipped') && l.includes(bad.toString()) && l.includes('not UTF-8')), 'the unreadable note is logged');
      assert.equal(spy.shown.length, 1, JSON.stringify(spy.shown));
      assert.equal(spy.shown[0].kind, 'warning');
      assert.match(spy.shown[0].message, /could not check 1 note/);
      assert.deepEqual(spy.shown[0].items, ['Show log']);
    } finally {
      spy.restore();
      diagnostics.extraFindings = saved;
    }
  });

  it('a failing command logs the error and shows it with a Show log action, without throwing', async () => {
    const ext = await api();
    const spy = spyNotifications();
    // A hover link to a saved copy that is gone.
    const result = await Promise.resolve(vscode.commands.executeCommand('claimLens.openSnapshot', workspaceUri('notes', 'registry.md').toString(), 'snapshots/gone.md', 3))
      .finally(() => spy.restore());
    assert.equal(result, undefined);
    assert.equal(spy.shown.length, 1, JSON.stringify(spy.shown));
    assert.equal(spy.shown[0].kind, 'error');
    assert.match(spy.shown[0].message, /^Claim Lens: Open Snapshot: /);
    assert.deepEqual(spy.shown[0].items, ['Show log']);
    assert.ok(ext.recentLog().some((l) => l.startsWith('[error] Open Snapshot: ') && l.includes('gone.md')), ext.recentLog().slice(-5).join('\n'));
  });
});
