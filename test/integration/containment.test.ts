// Contained reads in the editor: a `.claimlens.yaml` in the workspace cannot make Claim Lens read
// (and show in diagnostics or hovers) files outside the workspace folder, follow a symbolic link
// out of it, or read a device or a FIFO; Open Snapshot opens only what the same rules allow.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { api, codeValue, hoverText, openNote, spyNotifications, waitForDiagnostics, workspaceUri } from './util';

const SECRET = 'SECRET-7f3a token=hunter2 the launch slipped to May because the vendor said so';
const NOTE = (key: string) => `# ${key}\n\nThe host said "the launch slipped to June because the vendor said so" [@${key}] (speaker paraphrase).\n`;

describe('contained reads in the editor', () => {
  const folder = () => workspaceUri().fsPath;
  // Outside the workspace folder, beside it in the test's scratch folder.
  const outside = () => join(dirname(folder()), 'outside-secrets');
  const dir = () => join(folder(), 'contained');
  const linkedCfg = () => join(folder(), 'linkedcfg');

  before(async () => {
    await api();
    mkdirSync(outside(), { recursive: true });
    writeFileSync(join(outside(), 'credentials'), SECRET);
    writeFileSync(join(outside(), 'secret.yaml'), 'AWS_SECRET_KEY_7f3a: x\nstatuses:\n  paraphrase:\n    enabled: false\n');
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), 'inside.md'), 'We checked it: “the launch slipped to May”.\n');
    symlinkSync(join(outside(), 'credentials'), join(dir(), 'linked.txt'));
    spawnSync('mkfifo', [join(dir(), 'pipe')]);
    writeFileSync(join(dir(), '.claimlens.yaml'), [
      'sources:',
      '  up:', '    title: Up', '    snapshot: ../../outside-secrets/credentials',
      '  abs:', '    title: Abs', `    snapshot: ${JSON.stringify(join(outside(), 'credentials'))}`,
      '  link:', '    title: Link', '    snapshot: linked.txt',
      '  fifo:', '    title: Fifo', '    snapshot: pipe',
      '  ok:', '    title: Ok', '    snapshot: inside.md',
      '',
    ].join('\n'));
    for (const key of ['up', 'abs', 'link', 'fifo']) writeFileSync(join(dir(), `${key}.md`), NOTE(key));
    mkdirSync(linkedCfg(), { recursive: true });
    symlinkSync(join(outside(), 'secret.yaml'), join(linkedCfg(), '.claimlens.yaml'));
    writeFileSync(join(linkedCfg(), 'n.md'), '# n\n\nIt grew (speaker paraphrase).\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of [dir(), linkedCfg(), outside()]) rmSync(p, { recursive: true, force: true });
  });

  it('reports snapshots outside the workspace folder, through links, absolute paths or FIFOs, and never reads them', async () => {
    const config = vscode.Uri.file(join(dir(), '.claimlens.yaml'));
    const editors = [];
    for (const key of ['up', 'abs', 'link', 'fifo']) editors.push(await openNote('contained', `${key}.md`));
    const problems = await waitForDiagnostics(config, (d) => d.filter((x) => codeValue(x) === 'config.invalid').length >= 4);
    const text = problems.map((d) => d.message).join('\n');
    // Plain text in the Problems panel: the core's `code` marks are dropped.
    assert.ok(!text.includes('`'), text);
    assert.match(text, /The snapshot "\.\.\/\.\.\/outside-secrets\/credentials" of source up leads outside the workspace folder/);
    assert.match(text, /of source abs is an absolute path/);
    assert.match(text, /The snapshot "linked\.txt" of source link leads outside the workspace folder/);
    assert.match(text, /The snapshot "pipe" of source fifo is not a regular file/);
    assert.ok(!text.includes('SECRET'), text);
    // Opened and edited, the config still shows them beside its parse problems.
    const cfgEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(config));
    await cfgEditor.edit((e) => e.insert(new vscode.Position(0, 0), 'colour: blue\n'));
    const edited = await waitForDiagnostics(config, (d) => d.some((x) => /colour/.test(x.message)));
    assert.equal(edited.filter((d) => /^The snapshot /.test(d.message)).length, 4, edited.map((d) => d.message).join('\n'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    for (const editor of editors) {
      const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.paraphrase'));
      assert.ok(!diags.some((d) => codeValue(d) === 'quote.not-in-source'), 'no quotation is checked against them');
      assert.ok(diags.every((d) => !d.message.includes('launch slipped to May')), 'nothing of the outside file is shown');
      const hover = await hoverText(editor.document.uri, new vscode.Position(2, 5));
      assert.ok(!hover.includes('hunter2') && !hover.includes('slipped to May'), hover);
    }
  });

  it('Open Snapshot opens a registry snapshot inside the workspace, and refuses an absolute path and any other', async () => {
    const note = workspaceUri('contained', 'up.md').toString();
    await vscode.commands.executeCommand('claimLens.openSnapshot', note, 'inside.md', 0);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(dir(), 'inside.md'));
    const spy = spyNotifications();
    try {
      // An absolute path was joined onto the config's folder (the wrong file); now the rules refuse it.
      await vscode.commands.executeCommand('claimLens.openSnapshot', note, join(outside(), 'credentials'), 0);
      await vscode.commands.executeCommand('claimLens.openSnapshot', note, 'linked.txt', 0);
      await vscode.commands.executeCommand('claimLens.openSnapshot', note, '../../outside-secrets/credentials', 0);
      await vscode.commands.executeCommand('claimLens.openSnapshot', note, '../notes/keynote.md', 0);
    } finally {
      spy.restore();
    }
    assert.deepEqual(spy.shown.map((s) => s.kind), ['error', 'error', 'error', 'error'], JSON.stringify(spy.shown));
    assert.match(spy.shown[0].message, /is an absolute path/);
    assert.match(spy.shown[1].message, /leads outside the workspace folder/);
    assert.match(spy.shown[3].message, /is not a snapshot in the sources registry/);
    const open = vscode.workspace.textDocuments.map((d) => d.uri.fsPath);
    assert.ok(!open.some((p) => p.startsWith(outside()) || p.endsWith('linked.txt')), open.join('\n'));
  });

  it('a .claimlens.yaml that links out of the workspace is not read, and nothing of the target is shown', async () => {
    const editor = await openNote('linkedcfg', 'n.md');
    // The defaults apply: the target would have turned paraphrase off. (Unsourced, the claim's one diagnostic is claim.no-source.)
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.message.startsWith('Speaker paraphrase')));
    const problems = await waitForDiagnostics(vscode.Uri.file(join(linkedCfg(), '.claimlens.yaml')), (d) => d.some((x) => codeValue(x) === 'config.invalid'));
    assert.match(problems[0].message, /is a symbolic link to a file outside the workspace folder, so it was not read/);
    assert.ok(problems.every((p) => !p.message.includes('AWS_SECRET_KEY')));
  });
});
