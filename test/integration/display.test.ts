// How claims show: highlights by default, diagnostics for what the writer should act on, and
// claimLens.display to choose. The harness runs the other tests with display "both".
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { api, codeValue, hoverText, openNote, setSetting, waitFor, waitForDiagnostics, workspaceUri, type ExtensionApi } from './util';

const ROOT = resolve(__dirname, '../../..');
/** Every claim labelled and sourced (front matter and links): 2 unverified, 2 opinion, 1 each of the rest. */
const careful = () => workspaceUri('display', 'careful.md');
/** Four claims that need a source and have none. */
const unsourced = () => workspaceUri('display', 'unsourced.md');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens');
const CAREFUL_COUNTS = { unverified: 2, paraphrase: 1, opinion: 2, prediction: 1, context: 1, other: 0 };

async function claimRanges(ext: ExtensionApi, uri: vscode.Uri): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const a = (await (ext.analyses as unknown as { analyze(d: vscode.TextDocument): Promise<{ analysis: { claims: Array<{ range: vscode.Range }> } }> }).analyze(doc)).analysis;
  return a.claims.map((c) => `${c.range.start.line}:${c.range.start.character}-${c.range.end.line}:${c.range.end.character}`).sort();
}
const flat = (ranges: Record<string, vscode.Range[]>) => Object.values(ranges).flat().map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`).sort();
const counts = (ranges: Record<string, vscode.Range[]>) => Object.fromEntries(Object.entries(ranges).map(([k, v]) => [k, v.length]));

describe('claims as highlights (claimLens.display)', () => {
  let ext: ExtensionApi;

  before(async () => {
    ext = await api();
    await vscode.workspace.fs.writeFile(careful(), readFileSync(join(ROOT, 'examples', 'panel-platform-teams.md')));
    await vscode.workspace.fs.writeFile(unsourced(), readFileSync(join(ROOT, 'examples', 'paper-reading-llm-evals.md')));
  });

  beforeEach(async () => {
    await setSetting('display', undefined); // the default: highlights
  });

  afterEach(async () => {
    await setSetting('display', 'both'); // what the harness gives the other tests
    await setSetting('endOfLineLabels', undefined);
    await setSetting('severity.unverified', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('display'), { recursive: true });
  });

  it('a carefully labelled and sourced note shows no warnings, and each of its claims is highlighted in its status colour', async () => {
    const editor = await openNote('display', 'careful.md');
    const uri = editor.document.uri;
    await waitFor(() => flat(ext.decorations.shownFor(uri).ranges).length === 7);
    const shown = ext.decorations.shownFor(uri);
    assert.deepEqual(counts(shown.ranges), CAREFUL_COUNTS);
    assert.deepEqual(flat(shown.ranges), await claimRanges(ext, uri), 'each claim, exactly its sentence');
    const diags = ours(uri);
    assert.deepEqual(diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).map(codeValue), []);
    assert.deepEqual(diags.filter((d) => codeValue(d).startsWith('claim.')).map(codeValue), [], 'nothing to act on: no claim diagnostic at all');
    assert.equal(shown.labelsShown, false, 'end-of-line labels are off by default');
    // The hover card and the quick fixes of a claim still work without a diagnostic under them.
    const first = shown.ranges.opinion[0];
    assert.match(await hoverText(uri, first.start.translate(0, 2)), /Primary source/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(first.start.translate(0, 2), first.start.translate(0, 2)));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Add citation…') && titles.includes('Suppress with reason…'), titles.join(', '));
    // Labels on request: the status and the primary source, at the end of the line.
    await setSetting('endOfLineLabels', true);
    await waitFor(() => ext.decorations.shownFor(uri).labelsShown);
    assert.ok(ext.decorations.shownFor(uri).labels.includes('opinion · Panel video'), ext.decorations.shownFor(uri).labels.join(' | '));
  });

  it('a note with four unsourced claims shows exactly four warnings, one claim.no-source per claim over its sentence', async () => {
    const editor = await openNote('display', 'unsourced.md');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.equal(warnings.length, 4, warnings.map((d) => d.message).join('\n'));
    assert.deepEqual(warnings.map(codeValue), ['claim.no-source', 'claim.no-source', 'claim.no-source', 'claim.no-source']);
    assert.deepEqual(warnings.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort(), await claimRanges(ext, uri));
    assert.deepEqual(diags.filter((d) => codeValue(d).startsWith('claim.') && codeValue(d) !== 'claim.no-source'), [], 'the status finding is part of the warning');
    // Add citation is still the preferred fix of the warning.
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warnings[0].range);
    assert.equal(fixes.find((a) => a.title === 'Add citation…')?.isPreferred, true);
    await waitFor(() => flat(ext.decorations.shownFor(uri).ranges).length === 4);
  });

  it('display "diagnostics": clean claims are information diagnostics, without highlights, unless their severity was set', async () => {
    await setSetting('display', 'diagnostics');
    const editor = await openNote('display', 'careful.md');
    const uri = editor.document.uri;
    let diags = await waitForDiagnostics(uri, (d) => d.filter((x) => codeValue(x).startsWith('claim.')).length === 7);
    assert.deepEqual([...new Set(diags.map((d) => d.severity))], [vscode.DiagnosticSeverity.Information], 'unverified, a warning by default, is information once sourced');
    await waitFor(() => flat(ext.decorations.shownFor(uri).ranges).length === 0);
    // A severity the user chose is kept.
    await setSetting('severity.unverified', 'warning');
    diags = await waitForDiagnostics(uri, (d) => d.filter((x) => x.severity === vscode.DiagnosticSeverity.Warning).length === 2);
    assert.deepEqual(diags.filter((x) => x.severity === vscode.DiagnosticSeverity.Warning).map(codeValue), ['claim.unverified', 'claim.unverified']);
  });

  it('display "both": highlights and information diagnostics; and back to highlights only', async () => {
    await setSetting('display', 'both');
    const editor = await openNote('display', 'careful.md');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (d) => d.filter((x) => codeValue(x).startsWith('claim.')).length === 7);
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
    await waitFor(() => flat(ext.decorations.shownFor(uri).ranges).length === 7);
    assert.deepEqual(counts(ext.decorations.shownFor(uri).ranges), CAREFUL_COUNTS);
    await setSetting('display', undefined);
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeValue(x).startsWith('claim.')));
    assert.equal(flat(ext.decorations.shownFor(uri).ranges).length, 7);
  });

  it('a status of your own from .claimlens.yaml gets the neutral highlight', async () => {
    const config = workspaceUri('display', 'custom', '.claimlens.yaml');
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('statuses:\n  hunch:\n    markers: ["gut feeling"]\n    needsSource: false\n'));
    await vscode.workspace.fs.writeFile(workspaceUri('display', 'custom', 'hunch.md'), new TextEncoder().encode('# Hunch\n\nThe fleet is mostly idle at night (gut feeling).\n\nThe panellist said it works (speaker opinion) [talk](https://example.org/talk).\n'));
    const editor = await openNote('display', 'custom', 'hunch.md');
    const uri = editor.document.uri;
    await waitFor(() => flat(ext.decorations.shownFor(uri).ranges).length === 2);
    const { ranges } = ext.decorations.shownFor(uri);
    assert.deepEqual(counts(ranges), { unverified: 0, paraphrase: 0, opinion: 1, prediction: 0, context: 0, other: 1 });
    assert.equal(editor.document.getText(ranges.other[0]), 'The fleet is mostly idle at night (gut feeling).');
    assert.deepEqual(ours(uri).map(codeValue), [], 'clean claims only: no problem');
  });

  it('Check Workspace: a careful note that is not open gets no problems, an unsourced one one warning per claim', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ext.checker.run();
    assert.ok(ext.checker.results.get(careful().toString())?.claims.length === 7, 'the careful note was checked');
    await waitForDiagnostics(unsourced(), (d) => d.filter((x) => x.severity === vscode.DiagnosticSeverity.Warning).length === 4);
    assert.deepEqual(ours(careful()), []);
  });
});
