import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, openNote, waitFor, waitForDiagnostics } from './util';

interface OnboardingApi {
  statusBarText(): string;
  statusBarCommand(): string | vscode.Command | undefined;
  languageStatus(): { text: string; detail?: string; severity: vscode.LanguageStatusSeverity; command?: vscode.Command };
  reportPanel(): { whenRendered(): Promise<unknown>; postedState: { report?: { claims: number; fileReports: Array<{ path: string; claims: unknown[] }> } } | undefined; dispose(): void } | undefined;
  extendMarkdownIt(md: unknown): unknown;
}

const onboarding = async () => (await api()) as unknown as OnboardingApi;

/** Fails if `p` has not settled within `ms`: a command that asks a question never settles on its own. */
function within<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  return Promise.race([Promise.resolve(p), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s: did it ask something?`)), ms))]);
}

describe('onboarding: language status, status bar, walkthrough, preview', () => {
  afterEach(async () => {
    (await onboarding()).reportPanel()?.dispose();
    // The example's untitled copy is unsaved: revert it, so closing never asks to save.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the language status names Claim Lens, counts the note\'s claims and warns while one lacks a source', async () => {
    const ext = await onboarding();
    const editor = await openNote('notes', 'unsourced.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    await waitFor(() => ext.languageStatus().text.includes('1 claim'));
    const item = ext.languageStatus();
    assert.equal(item.text, '$(checklist) Claim Lens: 1 claim');
    assert.equal(item.detail, '1 without a source');
    assert.equal(item.severity, vscode.LanguageStatusSeverity.Warning);
    assert.equal(item.command?.command, 'claimLens.showReport');
    assert.deepEqual(item.command?.arguments, [editor.document.uri.toString()]);
    // A note whose claims all cite a source is information only.
    const keynote = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(keynote.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    await waitFor(() => ext.languageStatus().command?.arguments?.[0] === keynote.document.uri.toString());
    assert.match(ext.languageStatus().text, /^\$\(checklist\) Claim Lens: \d+ claims$/);
    assert.equal(ext.languageStatus().severity, vscode.LanguageStatusSeverity.Information);
    assert.equal(ext.languageStatus().detail, 'all sourced');
  });

  it('the status bar is labelled, and its click opens the active note\'s report without asking', async () => {
    const ext = await onboarding();
    const editor = await openNote('notes', 'unsourced.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    // The item follows the active note: wait for this note's counts, not the previous note's.
    const expected = '$(checklist) 1 claim · 1 unsourced';
    await waitFor(() => ext.statusBarText() === expected).catch(() => undefined);
    assert.equal(ext.statusBarText(), expected);
    const click = ext.statusBarCommand();
    assert.ok(click && typeof click === 'object', 'the click runs a command with the note as its argument');
    assert.equal(click.command, 'claimLens.showReport');
    // The workspace has folders, so the command palette's Show Report would ask "note or workspace?":
    // the click must not.
    await within(vscode.commands.executeCommand(click.command, ...(click.arguments ?? [])), 30_000, 'the status bar click');
    const panel = ext.reportPanel();
    assert.ok(panel, 'the report opened');
    await panel.whenRendered();
    await waitFor(() => !!panel.postedState?.report);
    const files = panel.postedState!.report!.fileReports;
    assert.deepEqual(files.map((f) => f.path.split('/').pop()), ['unsourced.md']);
  });

  it('the walkthrough opens its example note as an untitled copy, flagged, and writes nothing', async () => {
    await within(vscode.commands.executeCommand('claimLens.walkthrough.openExample'), 30_000, 'Open Example Note');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor is open');
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /Platform Summit keynote/);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source') && d.some((x) => codeValue(x) === 'claim.opinion'));
    // Asked again, it shows the same copy rather than opening another.
    await vscode.commands.executeCommand('claimLens.walkthrough.openExample');
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    // The report step opens that copy's report, without a question.
    await within(vscode.commands.executeCommand('claimLens.walkthrough.showReport'), 30_000, 'the walkthrough report');
    const panel = (await onboarding()).reportPanel();
    assert.ok(panel);
    await panel.whenRendered();
    await waitFor(() => !!panel.postedState?.report);
    assert.equal(panel.postedState!.report!.claims, 4);
  });

  it('Open or Create Config opens the workspace\'s existing .claimlens.yaml rather than creating one', async () => {
    await openNote('notes', 'keynote.md');
    await within(vscode.commands.executeCommand('claimLens.openConfig'), 30_000, 'Open or Create Config');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.path.endsWith('/.claimlens.yaml'), doc?.uri.toString());
    assert.equal(doc.isDirty, false);
  });

  it('the Markdown preview gets the plugin: extendMarkdownIt marks a flagged sentence', async () => {
    const ext = await onboarding();
    const markdownIt = (await import('markdown-it')).default;
    const md = ext.extendMarkdownIt(markdownIt()) as { render(src: string, env?: unknown): string };
    const html = md.render('Meshes will converge (speaker opinion).\n', {});
    assert.match(html, /<span class="claim-lens-badge claim-lens-status-opinion/);
    await vscode.workspace.getConfiguration('claimLens').update('preview.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.doesNotMatch(md.render('Meshes will converge (speaker opinion).\n', {}), /claim-lens/);
    } finally {
      await vscode.workspace.getConfiguration('claimLens').update('preview.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
