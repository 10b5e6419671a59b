// Check Workspace ends with a summary notification: how many notes, claims and claims without a
// source, with a Show report button that opens the workspace report. A cancelled check says nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './util';

interface Shown { message: string; items: string[] }

/** Records information notifications while installed, answering each with `answer(message)`. */
function spyInfo(answer: (message: string) => string | undefined): { shown: Shown[]; restore(): void } {
  const shown: Shown[] = [];
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = w.showInformationMessage;
  w.showInformationMessage = (message: string, ...rest: unknown[]) => {
    shown.push({ message, items: rest.filter((x): x is string => typeof x === 'string') });
    return Promise.resolve(answer(message));
  };
  return { shown, restore: () => { w.showInformationMessage = saved; } };
}

const SUMMARY = /^Claim Lens: checked \d+ note\(s\): \d+ claim\(s\), \d+ without source\.$/;

describe('Check Workspace summary', function () {
  this.timeout(300_000);

  it('ends with "checked N notes: M claims, K without source" and Show report opens the workspace report', async () => {
    const ext = await api();
    const { checker } = ext;
    ext.reportPanel()?.dispose();
    const spy = spyInfo((m) => (SUMMARY.test(m) ? 'Show report' : undefined));
    try {
      checker.results.clear();
      const checked = await checker.run();
      await waitFor(() => spy.shown.some((s) => SUMMARY.test(s.message)));
      const summaries = spy.shown.filter((s) => SUMMARY.test(s.message));
      assert.equal(summaries.length, 1, JSON.stringify(spy.shown));
      // The counts are those of what the check found, as the report counts them.
      let claims = 0;
      let unsourced = 0;
      for (const note of checker.results.values()) {
        for (const c of note.claims as Array<{ sources: unknown[]; suppressed?: unknown }>) {
          claims++;
          if (!c.suppressed && c.sources.length === 0) unsourced++;
        }
      }
      assert.ok(checked > 100 && claims > 0 && unsourced > 0, `${checked} notes, ${claims} claims, ${unsourced} unsourced`);
      assert.equal(summaries[0].message, `Claim Lens: checked ${checked} note(s): ${claims} claim(s), ${unsourced} without source.`);
      assert.deepEqual(summaries[0].items, ['Show report']);
      // Show report: the workspace report opens, with every checked note's claims.
      await waitFor(() => ext.reportPanel() !== undefined);
      const panel = ext.reportPanel()!;
      await waitFor(() => (panel.postedState?.report?.fileReports.length ?? 0) > 1);
      assert.ok(panel.postedState!.report!.fileReports.length > 100, 'the whole workspace, not one note');
    } finally {
      spy.restore();
      ext.reportPanel()?.dispose();
    }
  });

  it('says nothing when the check is cancelled', async () => {
    const ext = await api();
    const spy = spyInfo(() => undefined);
    const cancelled = new vscode.CancellationTokenSource();
    try {
      cancelled.cancel();
      await ext.checker.run(cancelled.token);
      assert.equal(ext.checker.lastRun?.cancelled, true);
      // A check that was not cancelled does show it, so the spy would have seen one by now.
      await ext.checker.run();
      await waitFor(() => spy.shown.length > 0);
      assert.equal(spy.shown.filter((s) => SUMMARY.test(s.message)).length, 1, JSON.stringify(spy.shown));
    } finally {
      spy.restore();
      cancelled.dispose();
    }
  });
});
