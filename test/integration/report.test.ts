import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, codeValue, EXTENSION_ID, openNote, waitFor, waitForDiagnostics, workspaceUri, type ExtensionApi, type PageState, type ReportPanelApi } from './util';

describe('verification report', () => {
  it('opens its panel from the command, with the note’s claims', async () => {
    const ext = await api();
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    await vscode.commands.executeCommand('claimLens.showReport', editor.document.uri.toString());
    const panel = ext.reportPanel();
    assert.ok(panel, 'the report panel is open');
    await panel.whenRendered();
    assert.equal(panel.claimCount, 4);
    assert.match(panel.lastRenderedHtml, /Content-Security-Policy/);
    assert.match(panel.lastRenderedHtml, /script-src 'nonce-/);
  });
});

// A note of the tests' own, so that edits to it leave the other tests' notes alone.
const LIVE_TEXT = [
  '# Live',
  '',
  'The speaker said the rollout went well (speaker opinion).',
  '',
  'A vendor slide showed rate limiting for Q3 (not verified).',
  '',
  'Meshes will converge by 2028, which remains predictive.',
  '',
].join('\n');
const live = () => workspaceUri('notes', 'report-live.md');
const exported = () => workspaceUri('notes', 'report-live.claims.md');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens');

/** The number of flagged claims the status bar shows for the active note. */
function statusBarClaims(ext: ExtensionApi): number {
  const m = /\$\(checklist\) (\d+)/.exec(ext.statusBarText());
  assert.ok(m, `the status bar shows counts: ${ext.statusBarText()}`);
  return Number(m[1]);
}

/** Opens (or reveals) the report for `scope` and returns its panel once the build is shown. */
async function showReport(ext: ExtensionApi, scope: string): Promise<ReportPanelApi> {
  await vscode.commands.executeCommand('claimLens.showReport', scope);
  const panel = ext.reportPanel();
  assert.ok(panel, 'the report panel is open');
  await panel.whenRendered();
  return panel;
}

/**
 * Once the report has followed every change and shows its last build: what the page says it
 * shows. The page answers after handling every message sent before, a late `busy` included.
 * A probe that reaches a page while the webview swaps it for the next one can go unanswered:
 * it is asked again, until the page of the last build answers.
 */
async function pageWhenSettled(panel: ReportPanelApi): Promise<PageState> {
  await waitFor(() => !panel.following);
  await panel.whenRendered();
  let state: PageState | undefined;
  for (let attempt = 0; attempt < 12; attempt++) {
    state = await panel.probePage(5_000);
    if (state && state.generation === panel.shownGeneration) return state;
  }
  assert.fail(`the page of build ${panel.shownGeneration} never answered (last answer ${JSON.stringify(state)}); the tabs: ${vscode.window.tabGroups.all.map((g) => g.tabs.map((t) => t.label).join(', ')).join(' | ')}`);
}

async function setFilesExclude(value: Record<string, boolean>): Promise<void> {
  await vscode.workspace.getConfiguration('files').update('exclude', value, vscode.ConfigurationTarget.Workspace);
}

/** Check Workspace afresh, over the notes that files.exclude leaves in. */
async function checkWorkspace(ext: ExtensionApi): Promise<void> {
  ext.checker.results.clear();
  await ext.checker.run();
  assert.ok(![...ext.checker.results.keys()].some((k) => k.includes('/bulk/')), 'the bulk notes are left out');
}

/** The note in the first editor group, as the user types in it beside the report. */
async function focusNote(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
}

/** `claim-lens check` on `paths` in the workspace folder, as JSON (in a child process: the host stays free). */
function cliCheck(paths: string[]): Promise<{ summary: { claims: number }; files: Array<{ path: string; claims: unknown[] }> }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const args = [join(ext.extensionPath, 'dist', 'cli.js'), 'check', ...paths, '--format', 'json', '--fail-on', 'never', '--jobs', '1'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: workspaceUri().fsPath, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!stdout) reject(new Error(`the CLI printed no JSON: ${error?.message ?? ''} ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('the report stays right', function () {
  this.timeout(300_000);

  before(async () => {
    await vscode.workspace.fs.writeFile(live(), new TextEncoder().encode(LIVE_TEXT));
    // The workspace report of the bulk notes lists some 8,000 claims, and its page takes long to
    // load on a busy machine: these tests check the workspace without them.
    await setFilesExclude({ load: true, bulk: true, faults: true });
  });

  after(async () => {
    await setFilesExclude({ load: true });
    (await api()).reportPanel()?.dispose();
    for (const uri of [live(), exported()]) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) {
        await vscode.window.showTextDocument(doc);
        if (doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it('never leaves Refresh disabled under a busy bar: opened, refreshed and following quick edits, the page ends on the newest report', async () => {
    const ext = await api();
    const uri = live();
    let editor = await focusNote(uri);
    // The note cites nothing: each claim's one diagnostic is claim.no-source.
    const opinions = (d: vscode.Diagnostic[]) => d.filter((x) => codeValue(x) === 'claim.no-source' && x.message.startsWith('Speaker opinion')).length;
    await waitForDiagnostics(uri, (d) => opinions(d) === 1);
    // Opening renders a page and starts a build at once; a refresh right after a render does
    // the same. Either way a `busy` can reach the page that the finished build put there.
    for (let round = 0; round < 6; round++) {
      if (round % 2 === 0) ext.reportPanel()?.dispose();
      const panel = await showReport(ext, uri.toString());
      if (round % 2 === 1) {
        void panel.refresh();
        await panel.refresh();
      }
      const state = await pageWhenSettled(panel);
      assert.deepEqual(state, { generation: panel.shownGeneration, busy: false }, `round ${round}`);
      assert.equal(panel.claimCount, 3);
    }
    const panel = ext.reportPanel()!;
    editor = await focusNote(uri);
    // Quick edits, as typing: the report follows them as the status bar does.
    for (let i = 0; i < 5; i++) {
      await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), `\nEdit ${i} is the speaker opinion.\n`));
      if (i === 2) await waitFor(() => panel.following); // one follow lands mid-way, the others after
    }
    await waitForDiagnostics(uri, (d) => opinions(d) === 6);
    await waitFor(() => panel.claimCount === 8);
    const state = await pageWhenSettled(panel);
    assert.deepEqual(state, { generation: panel.shownGeneration, busy: false });
    assert.equal(statusBarClaims(ext), panel.claimCount);
  });

  it('the workspace report follows a saved note, Refresh shows it, and it agrees with the CLI', async () => {
    const ext = await api();
    const uri = live();
    await checkWorkspace(ext);
    ext.reportPanel()?.dispose();
    const editor = await focusNote(uri); // the report opens beside it
    const panel = await showReport(ext, 'workspace');
    const before = panel.claimCount;
    const mine = () => panel.postedState?.report?.fileReports.find((f) => f.path === 'notes/report-live.md')?.claims.length ?? 0;
    const had = mine();
    assert.ok(had > 0, 'the note is in the workspace report');
    await focusNote(uri);
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '\nThe vendor said it ships in May (not verified).\n'));
    assert.ok(await editor.document.save());
    await waitFor(() => panel.claimCount === before + 1);
    // The Refresh button, as the page sends it.
    await panel.receive({ type: 'refresh' });
    assert.equal(panel.claimCount, before + 1);
    assert.equal(mine(), had + 1);
    assert.equal(ext.checker.results.get(uri.toString())?.claims.length, had + 1);
    assert.deepEqual(await pageWhenSettled(panel), { generation: panel.shownGeneration, busy: false });
    // The CLI, on the same notes as saved: notes with unsaved edits from other tests left out.
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
    const paths = [...ext.checker.results.values()].filter((n) => !dirty.has(n.uri.toString())).map((n) => vscode.workspace.asRelativePath(n.uri, false));
    assert.ok(paths.includes('notes/report-live.md'));
    const cli = await cliCheck(paths);
    const shown = new Set(paths);
    const inReport = (panel.postedState?.report?.fileReports ?? []).filter((f) => shown.has(f.path)).reduce((n, f) => n + f.claims.length, 0);
    assert.equal(inReport, cli.summary.claims, 'the workspace report and the CLI count the same claims');
    assert.equal(cli.files.find((f) => f.path === 'notes/report-live.md')?.claims.length, mine());
  });

  it('an exported Markdown report is Claim Lens output: no diagnostics, and Check Workspace and the workspace report count nothing in it', async () => {
    const ext = await api();
    const uri = live();
    await checkWorkspace(ext);
    ext.reportPanel()?.dispose();
    await focusNote(uri); // the report opens beside it
    const workspaceClaims = (await showReport(ext, 'workspace')).claimCount;
    await focusNote(uri);
    const panel = await showReport(ext, uri.toString());
    assert.ok(panel.claimCount > 0);
    // Export → Markdown, accepting the file name the save dialog proposes.
    const w = vscode.window as unknown as { showSaveDialog: (o: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined> };
    const dialog = w.showSaveDialog;
    let proposed: vscode.Uri | undefined;
    w.showSaveDialog = (o) => Promise.resolve((proposed = o.defaultUri));
    try {
      await panel.receive({ type: 'export', format: 'markdown' });
    } finally {
      w.showSaveDialog = dialog;
    }
    assert.equal(proposed?.toString(), exported().toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(exported()));
    assert.match(text, /^<!-- claim-lens-report/);
    assert.match(text, /speaker opinion/, 'the export quotes the flagged sentences');
    // Opened in the editor, it raises nothing.
    const doc = await vscode.workspace.openTextDocument(exported());
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    const analysis = await ext.diagnostics.check(doc);
    assert.deepEqual(analysis && [analysis.claims.length, analysis.findings.length], [0, 0]);
    assert.deepEqual(ours(exported()).map(codeValue), []);
    // Check Workspace and the workspace report: the same claims as before the export.
    await checkWorkspace(ext);
    assert.ok(ext.checker.results.has(exported().toString()), 'Check Workspace read the export');
    assert.equal(ext.checker.results.get(exported().toString())?.claims.length ?? 0, 0);
    const after = await showReport(ext, 'workspace');
    assert.equal(after.claimCount, workspaceClaims);
    assert.ok(!after.postedState?.report?.fileReports.some((f) => f.path === 'notes/report-live.claims.md'));
  });
});
