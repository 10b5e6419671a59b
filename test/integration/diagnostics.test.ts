import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, openNote, r, setSetting, waitForDiagnostics, workspaceUri } from './util';

describe('diagnostics', () => {
  before(async () => {
    await api();
  });

  afterEach(async () => {
    await setSetting('severity.opinion', undefined);
    await setSetting('enable', undefined);
    await setSetting('run', undefined);
  });

  it('flags every marked sentence with its exact range, code and source', async () => {
    const editor = await openNote('notes', 'keynote.md');
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.length >= 4);
    const rows = diags.map((d) => [codeValue(d), ...r(d)]).sort((a, b) => Number(a[1]) - Number(b[1]) || String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(rows, [
      ['claim.opinion', 9, 0, 9, 63],
      ['claim.unverified', 11, 2, 11, 77],
      ['claim.prediction', 12, 2, 12, 62],
      ['claim.paraphrase', 14, 7, 14, 48],
    ]);
    const opinion = diags.find((d) => codeValue(d) === 'claim.opinion')!;
    assert.equal(opinion.message, 'Speaker opinion — source: Keynote recording (front matter)');
    assert.equal(opinion.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(opinion.source, 'claim-lens');
    // The rule link opens the page shipped with the extension, in the Markdown preview.
    const target = (opinion.code as { target: vscode.Uri }).target;
    assert.deepEqual([target.scheme, target.path, JSON.parse(decodeURIComponent(target.query))], ['command', 'claimLens.openRuleDocs', ['claim.opinion']]);
    const page = await vscode.commands.executeCommand<vscode.Uri>('claimLens.openRuleDocs', 'claim.opinion');
    const ext = vscode.extensions.getExtension('claim-lens.claim-lens')!;
    assert.equal(page.toString(), vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'claim.opinion.md').toString());
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(page)), /^# claim\.opinion/);
    assert.equal(opinion.relatedInformation?.[0].location.range.start.line, 2, 'related information points at the front-matter source');
    const prediction = diags.find((d) => codeValue(d) === 'claim.prediction')!;
    assert.match(prediction.message, /footnote \[\^qa\]/);
    // Sourced from the front matter: nothing to act on, so information, although unverified defaults to warning.
    assert.equal(diags.find((d) => codeValue(d) === 'claim.unverified')!.severity, vscode.DiagnosticSeverity.Information);
    for (const d of diags) assert.equal(editor.document.getText(d.range).length > 0, true);
  });

  it('gives a claim without a source one warning, claim.no-source over its sentence, and marks unused definitions as unnecessary', async () => {
    const editor = await openNote('notes', 'unsourced.md');
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.length >= 2);
    assert.deepEqual(diags.map(codeValue).sort(), ['claim.no-source', 'source.unused'], 'the claim.opinion finding is part of the warning');
    const noSource = diags.find((d) => codeValue(d) === 'claim.no-source')!;
    assert.equal(editor.document.getText(noSource.range), 'The panellist claimed that golden paths halve onboarding time (speaker opinion).');
    assert.match(noSource.message, /^Speaker opinion — no source\. No primary source for this opinion claim/);
    // Plain text in the Problems panel: no Markdown code marks.
    assert.match(noSource.message, /or declare source: in the front matter\.$/);
    for (const d of diags) assert.ok(!d.message.includes('`'), d.message);
    assert.equal(noSource.severity, vscode.DiagnosticSeverity.Warning);
    const unused = diags.find((d) => codeValue(d) === 'source.unused')!;
    assert.deepEqual(unused.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.equal(unused.severity, vscode.DiagnosticSeverity.Hint);
  });

  it('updates as you type and drops findings once the marker is gone', async () => {
    const editor = await openNote('notes', 'unsourced.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    const line = editor.document.lineAt(2);
    const at = line.text.indexOf('(speaker opinion)');
    await editor.edit((b) => b.replace(new vscode.Range(2, at, 2, at + '(speaker opinion)'.length), '(editorial view)'));
    const after = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.message.startsWith('Editorial view')));
    assert.ok(after.length > 0);
    await editor.edit((b) => b.replace(new vscode.Range(2, at, 2, at + '(editorial view)'.length), '(checked)'));
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeValue(x).startsWith('claim.')));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('applies settings without a reload: severity and enable', async () => {
    const editor = await openNote('notes', 'keynote.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    await setSetting('severity.opinion', 'error');
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion' && x.severity === vscode.DiagnosticSeverity.Error));
    await setSetting('severity.opinion', 'off');
    await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => codeValue(x) === 'claim.opinion'));
    await setSetting('severity.opinion', 'error');
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    // The old spelling still works.
    await setSetting('severity.opinion', 'ignore');
    await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => codeValue(x) === 'claim.opinion'));
    await setSetting('severity.opinion', undefined);
    await setSetting('enable', false);
    await waitForDiagnostics(uri, (d) => d.length === 0);
    await setSetting('enable', undefined);
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
  });

  it('sets the severity of claim.no-source and the source.* rules from settings, off included', async () => {
    const editor = await openNote('notes', 'unsourced.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.severity === vscode.DiagnosticSeverity.Warning));
    try {
      await setSetting('rules.claim.no-source', 'error');
      await setSetting('rules.source.unused', 'warning');
      await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.severity === vscode.DiagnosticSeverity.Error)
        && d.some((x) => codeValue(x) === 'source.unused' && x.severity === vscode.DiagnosticSeverity.Warning));
      await setSetting('rules.claim.no-source', 'off');
      await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion') && !d.some((x) => codeValue(x) === 'claim.no-source'));
    } finally {
      await setSetting('rules.claim.no-source', undefined);
      await setSetting('rules.source.unused', undefined);
    }
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.severity === vscode.DiagnosticSeverity.Warning));
  });

  it('Analyse This Note Anyway does nothing to a note within the size limit, and says so', async () => {
    const { diagnostics } = await api();
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const forced = (diagnostics as unknown as { forced: Set<string> }).forced;
    forced.delete(editor.document.uri.toString());
    assert.equal(await vscode.commands.executeCommand('claimLens.analyzeAnyway'), undefined);
    assert.equal(forced.has(editor.document.uri.toString()), false, 'a note within the limit is not marked as forced');
    const pkg = vscode.extensions.getExtension('claim-lens.claim-lens')!.packageJSON as { contributes: { menus: { commandPalette: Array<{ command: string; when?: string }> } } };
    assert.match(pkg.contributes.menus.commandPalette.find((m) => m.command === 'claimLens.analyzeAnyway')!.when ?? '', /claimLens\.activeNoteSkipped/);
  });

  it('skips a note over claimLens.maxFileSizeKB, says so, and analyses it on request', async () => {
    await setSetting('maxFileSizeKB', 0.1);
    try {
      const editor = await openNote('notes', 'keynote.md');
      const uri = editor.document.uri;
      await vscode.commands.executeCommand('claimLens.checkNote');
      const skipped = await waitForDiagnostics(uri, (d) => d.length === 1 && codeValue(d[0]) === 'file.too-large');
      assert.match(skipped[0].message, /over claimLens\.maxFileSizeKB/);
      await vscode.commands.executeCommand('claimLens.analyzeAnyway');
      await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    } finally {
      await setSetting('maxFileSizeKB', undefined);
    }
  });

  it('shows config problems as diagnostics on the config file', async () => {
    const cfg = workspaceUri('archive', '.claimlens.yaml');
    await vscode.workspace.fs.writeFile(cfg, new TextEncoder().encode('statuses:\n  opinion:\n    severity: loud\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(cfg);
      await vscode.window.showTextDocument(doc);
      const diags = await waitForDiagnostics(cfg, (d) => d.length > 0);
      assert.equal(codeValue(diags[0]), 'config.invalid');
      assert.deepEqual(r(diags[0]).slice(0, 2), [2, 14]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(cfg);
    }
  });

  it('Check Workspace covers notes that were never opened, and they stay after closing', async () => {
    const { checker } = await api();
    const unopened = workspaceUri('archive', 'unopened.md');
    assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()), false);
    const n = await vscode.commands.executeCommand<number>('claimLens.checkWorkspace');
    assert.ok(typeof n === 'number' && n >= 4, `checked ${n} notes`);
    const diags = await waitForDiagnostics(unopened, (d) => d.length > 0);
    assert.deepEqual(diags.map(codeValue).sort(), ['claim.no-source']);
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(checker.results.has(unopened.toString()));
  });

  it('Check Workspace leaves hints out for notes that are not open, and an opened note shows them, even when claimLens.run is manual', async () => {
    const { checker } = await api();
    const uri = workspaceUri('archive', 'hinted.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Hinted\n\nThe speaker said it works (speaker opinion).\n\n[unused]: https://example.org/unused\n'));
    await setSetting('run', 'manual');
    try {
      await checker.run();
      const closed = await waitForDiagnostics(uri, (d) => d.length > 0);
      assert.deepEqual(closed.map(codeValue).sort(), ['claim.no-source']);
      // Manual: the editor does not analyse the note on open; the hint comes from the check.
      await vscode.window.showTextDocument(uri);
      const open = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'source.unused'));
      assert.deepEqual(open.map(codeValue).sort(), ['claim.no-source', 'source.unused']);
      assert.equal(open.find((x) => codeValue(x) === 'source.unused')!.severity, vscode.DiagnosticSeverity.Hint);
    } finally {
      await setSetting('run', undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
