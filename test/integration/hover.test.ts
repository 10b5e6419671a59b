import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, openNote, waitForDiagnostics } from './util';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

describe('hover cards', () => {
  before(async () => {
    await api();
  });

  it('shows status, markers, the primary source and command links on a flagged sentence', async () => {
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const text = await hoverText(editor.document.uri, new vscode.Position(9, 10));
    assert.match(text, /\$\(person\) \*\*Opinion\*\*/);
    assert.match(text, /\*speaker opinion\*/);
    assert.ok(text.includes('[Keynote recording](https://media.example.org/keynote.mp4)'), text);
    assert.match(text, /from the note\\'s front matter/);
    for (const cmd of ['claimLens.addCitation', 'claimLens.suppressClaim', 'claimLens.showReport']) assert.ok(text.includes(`(command:${cmd}?`), `missing ${cmd}`);
  });

  it('lists the claims that cite a footnote, on the footnote', async () => {
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.length >= 4);
    const text = await hoverText(editor.document.uri, new vscode.Position(14, 2));
    assert.ok(text.includes('**\\[\\^qa\\]**'), text);
    assert.match(text, /Cited by 1 flagged claim/);
    assert.match(text, /line 13/);
  });

  it('escapes note text: no injected links, HTML or command URIs', async () => {
    const editor = await openNote('notes', 'injection.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const text = await hoverText(editor.document.uri, new vscode.Position(5, 5));
    assert.ok(!text.includes('](command:workbench'), 'no command link from the note');
    assert.ok(!/<script|<img/i.test(text), 'no raw HTML from the note');
    assert.ok(text.includes('command:workbench.action.quit'.replace(/[.:]/g, (c) => `\\${c}`)), 'the unsafe URL is shown as escaped text');
    const commands = [...text.matchAll(/\(command:([\w.]+)\?/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(commands)].sort(), ['claimLens.addCitation', 'claimLens.showReport', 'claimLens.suppressClaim']);
  });
});
