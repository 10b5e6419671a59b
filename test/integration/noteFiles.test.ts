import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, setSetting, waitForDiagnostics, workspaceUri } from './util';

// scoped/.claimlens.yaml says `include: ["notes/**"]`: scoped/notes/inside.md is a note,
// scoped/outside.md is not. The editor, Check Workspace and the CLI ask one module
// (src/core/noteFiles.ts), so they agree.

interface Controller {
  check(doc: vscode.TextDocument): Promise<{ claims: unknown[] } | undefined>;
}
interface Analyses {
  analyze(doc: vscode.TextDocument): Promise<{ analysis: { claims: unknown[]; findings: unknown[] } }>;
}

const inside = () => workspaceUri('scoped', 'notes', 'inside.md');
const outside = () => workspaceUri('scoped', 'outside.md');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens');

describe('which files are notes', () => {
  const created: vscode.Uri[] = [];

  before(async () => {
    await api();
  });

  afterEach(async () => {
    await setSetting('exclude', undefined);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && [inside(), outside()].some((u) => u.toString() === d.uri.toString()))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('a folder whose .claimlens.yaml says include: ["notes/**"] gets no diagnostics outside notes/, on open and as you type; inside it does', async () => {
    const { diagnostics, analyses } = await api() as unknown as { diagnostics: Controller; analyses: Analyses };
    const out = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(outside()));
    const inEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(inside()));
    // The note inside notes/ gets its findings on open.
    const found = await waitForDiagnostics(inside(), (d) => d.length > 0);
    assert.deepEqual(found.map(codeValue).sort(), ['claim.no-source']);
    assert.ok(inEditor.document.uri.toString() === inside().toString());
    // The one outside gets none: the editor's own check says it is no note, and its analysis is empty.
    assert.equal(await diagnostics.check(out.document), undefined);
    assert.deepEqual((await analyses.analyze(out.document)).analysis, { claims: [], findings: [], definitions: [], citations: [], noteSources: [] });
    assert.deepEqual(ours(outside()), []);
    // Typing a marker changes nothing.
    const typed = new vscode.WorkspaceEdit(); // the editor in the background is no longer visible
    typed.insert(outside(), new vscode.Position(2, 0), 'It was not verified in this research. ');
    assert.ok(await vscode.workspace.applyEdit(typed));
    assert.match(out.document.getText(), /not verified in this research/);
    assert.equal(await diagnostics.check(out.document), undefined);
    assert.deepEqual(ours(outside()), []);
    // Typing inside notes/ is analysed as usual.
    await inEditor.edit((b) => b.insert(new vscode.Position(3, 0), '\nIt was not verified in this research.\n'));
    await waitForDiagnostics(inside(), (d) => d.some((x) => codeValue(x) === 'claim.no-source' && x.message.startsWith('Not verified in this research')));
  });

  it('Check Workspace agrees with the editor: it checks notes/ and leaves the rest of the folder alone', async () => {
    const { checker } = await api();
    const listed = (await checker.listNotes()).map((u) => u.toString());
    assert.ok(listed.includes(inside().toString()), 'scoped/notes/inside.md is a note');
    assert.ok(!listed.includes(outside().toString()), 'scoped/outside.md is not');
    assert.ok(listed.includes(workspaceUri('notes', 'keynote.md').toString()), 'the scoped config says nothing about notes outside its folder');
    await checker.run();
    assert.ok(checker.results.has(inside().toString()));
    assert.ok(!checker.results.has(outside().toString()));
    await waitForDiagnostics(inside(), (d) => d.length > 0);
    assert.deepEqual(ours(outside()), []);
  });

  it('claimLens.exclude and .gitignore: the editor drops an open note\'s findings, and Check Workspace skips it', async () => {
    const { checker } = await api();
    const { diagnostics } = await api() as unknown as { diagnostics: Controller };
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(inside()));
    await waitForDiagnostics(inside(), (d) => d.length > 0);
    await setSetting('exclude', ['scoped/notes/inside.md']);
    await waitForDiagnostics(inside(), (d) => d.length === 0);
    assert.ok(!(await checker.listNotes()).some((u) => u.toString() === inside().toString()));
    await setSetting('exclude', undefined);
    await waitForDiagnostics(inside(), (d) => d.length > 0);

    // A .gitignore beside the config ignores a note: written here, not kept in the repository,
    // whose own git would obey it.
    const gitignore = workspaceUri('scoped', '.gitignore');
    const ignored = workspaceUri('scoped', 'notes', 'ignored.md');
    created.push(gitignore, ignored);
    await vscode.workspace.fs.writeFile(ignored, new TextEncoder().encode('# Ignored\n\nThe speaker said so (speaker opinion).\n'));
    await vscode.workspace.fs.writeFile(gitignore, new TextEncoder().encode('notes/ignored.md\n'));
    const listed = (await checker.listNotes()).map((u) => u.toString()); // reads the .gitignore files afresh
    assert.ok(!listed.includes(ignored.toString()));
    assert.ok(listed.includes(inside().toString()));
    const doc = await vscode.workspace.openTextDocument(ignored);
    await vscode.window.showTextDocument(doc);
    assert.equal(await diagnostics.check(doc), undefined);
    assert.deepEqual(ours(ignored), []);
  });
});
