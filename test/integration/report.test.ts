import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, openNote, waitForDiagnostics } from './util';

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
