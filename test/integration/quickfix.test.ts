import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, openNote, setSetting, waitForDiagnostics, workspaceUri } from './util';

async function fixes(uri: vscode.Uri, range: vscode.Range, only?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, only?.value);
}

describe('quick fixes', () => {
  before(async () => {
    await api();
  });

  afterEach(async () => {
    await setSetting('citationStyle', undefined);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers Add citation (preferred on claim.no-source) and Suppress, and honours context.only', async () => {
    const editor = await openNote('notes', 'unsourced.md');
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    const range = diags.find((d) => codeValue(d) === 'claim.no-source')!.range;
    const actions = await fixes(editor.document.uri, range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Add citation…'), titles.join(', '));
    assert.ok(titles.includes('Suppress with reason…'));
    assert.equal(actions.find((a) => a.title === 'Add citation…')!.isPreferred, true);
    const ours = actions.filter((a) => ['Add citation…', 'Suppress with reason…'].includes(a.title) || a.title.startsWith('Cite “'));
    assert.ok(ours.length >= 2 && ours.every((a) => a.kind?.value === 'quickfix'), ours.map((a) => `${a.title}:${a.kind?.value}`).join(', '));
    const refactors = await fixes(editor.document.uri, range, vscode.CodeActionKind.Refactor);
    assert.deepEqual(refactors.filter((a) => a.title.includes('citation') || a.title.includes('Suppress')), [], 'none of ours when only refactorings are asked for');
  });

  it('Replace the quotation with the closest passage writes what one speaker said: no label, no words from the next turn', async () => {
    const editor = await openNote('notes', 'podcast.md');
    const doc = editor.document;
    const original = doc.getText();
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'quote.not-in-source'));
    const miss = diags.find((d) => codeValue(d) === 'quote.not-in-source')!;
    assert.equal(doc.getText(miss.range), 'every question costs money twice');
    const replace = (await fixes(doc.uri, miss.range)).find((a) => a.title === 'Replace the quotation with the closest passage');
    assert.ok(replace?.edit, 'the fix is offered');
    assert.ok(await vscode.workspace.applyEdit(replace.edit));
    const written = /“([^”]*)”/.exec(doc.getText())![1];
    // Transcripts label turns `**Name:**`, `Name:` or with a time `[00:12:34]` at the start of a line.
    assert.doesNotMatch(written, /\b(Host|Guest)\b|\*\*|:|\[\d/, `the written quotation holds a speaker label: “${written}”`);
    // A real passage: its words run, in order, inside one speaker's turn of the transcript.
    const transcript = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('snapshots', 'ops-hour-118-transcript.md')));
    const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean).join(' ');
    const turns = transcript.split(/\n\s*\n/).map((t) => words(t.replace(/^\*\*[^*]+:\*\*/, '')));
    assert.ok(words(written).split(' ').length >= 3, written);
    assert.ok(turns.some((t) => ` ${t} `.includes(` ${words(written)} `)), `“${written}” is not a passage of one turn`);
    assert.equal(written, 'every question costs money');
    // It is what the transcript says, so the warning goes.
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeValue(x) === 'quote.not-in-source'));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo restores the note');
  });

  it('does not offer Mark the sentence as speaker paraphrase on a sentence that already says so', async () => {
    const editor = await openNote('notes', 'podcast.md');
    const doc = editor.document;
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'quote.not-in-source'));
    const miss = diags.find((d) => codeValue(d) === 'quote.not-in-source')!;
    const line = doc.lineAt(miss.range.start.line).text;
    assert.match(line, /speaker paraphrase/);
    const titles = (await fixes(doc.uri, miss.range)).map((a) => a.title);
    assert.ok(titles.includes('Replace the quotation with the closest passage'), titles.join(', '));
    assert.ok(!titles.includes('Mark the sentence as speaker paraphrase'), titles.join(', '));
    // Without the marker the fix is offered; applied, it is offered no more.
    const at = line.indexOf(', a speaker paraphrase');
    assert.ok(at > 0, line);
    await editor.edit((b) => b.delete(new vscode.Range(miss.range.start.line, at, miss.range.start.line, at + ', a speaker paraphrase'.length)));
    const bare = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'quote.not-in-source') && !d.some((x) => codeValue(x) === 'claim.paraphrase'));
    const again = bare.find((d) => codeValue(d) === 'quote.not-in-source')!;
    const mark = (await fixes(doc.uri, again.range)).find((a) => a.title === 'Mark the sentence as speaker paraphrase');
    assert.ok(mark?.edit, 'offered on a sentence without the marker');
    assert.ok(await vscode.workspace.applyEdit(mark.edit));
    const marked = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.paraphrase') && d.some((x) => codeValue(x) === 'quote.not-in-source'));
    const after = (await fixes(doc.uri, marked.find((d) => codeValue(d) === 'quote.not-in-source')!.range)).map((a) => a.title);
    assert.ok(!after.includes('Mark the sentence as speaker paraphrase'), after.join(', '));
  });

  it('Add a source for this note… writes the front matter, one undoable edit, and the claims take it', async () => {
    const editor = await openNote('notes', 'unsourced.md');
    const doc = editor.document;
    const original = doc.getText();
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.no-source'));
    const noSource = diags.find((d) => codeValue(d) === 'claim.no-source')!;
    const action = (await fixes(doc.uri, noSource.range)).find((a) => a.title === 'Add a source for this note…');
    assert.ok(action?.command, 'offered on claim.no-source');
    assert.equal(action.command.command, 'claimLens.addNoteSource');
    // The command asks for the URL and the title; a test passes them as the input boxes would.
    const applied = await vscode.commands.executeCommand<boolean>(action.command.command, ...(action.command.arguments ?? []), 'https://example.org/panel', 'Panel recording');
    assert.equal(applied, true);
    assert.ok(doc.getText().startsWith('---\nsource:\n  url: "https://example.org/panel"\n  title: "Panel recording"\n---\n\n# Panel notes'), doc.getText());
    const after = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion' && x.message.includes('Panel recording')));
    assert.ok(!after.some((x) => codeValue(x) === 'claim.no-source'));
    // Offered no more: nothing needs a source.
    const claimRange = after.find((x) => codeValue(x) === 'claim.opinion')!.range;
    assert.ok(!(await fixes(doc.uri, claimRange)).some((a) => a.title === 'Add a source for this note…'));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo restores the note');
  });

  const expected: Record<string, string> = {
    reference: 'The speaker said most teams already migrated (speaker opinion) [Keynote recording][keynote-recording].',
    footnote: 'The speaker said most teams already migrated (speaker opinion)[^keynote-recording].',
    inline: 'The speaker said most teams already migrated (speaker opinion) [Keynote recording](https://media.example.org/keynote.mp4).',
  };
  for (const style of ['reference', 'footnote', 'inline']) {
    it(`Cite “note source” writes a ${style} citation as one undoable edit`, async () => {
      await setSetting('citationStyle', style);
      const editor = await openNote('notes', 'keynote.md');
      const doc = editor.document;
      const original = doc.getText();
      const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
      const range = diags.find((d) => codeValue(d) === 'claim.opinion')!.range;
      const cite = (await fixes(doc.uri, range)).find((a) => a.title === 'Cite “Keynote recording”');
      assert.ok(cite?.edit, 'the Cite action carries its edit');
      assert.ok(await vscode.workspace.applyEdit(cite.edit));
      assert.ok(doc.getText().includes(expected[style]), doc.getText());
      if (style === 'reference') assert.ok(doc.getText().includes('[keynote-recording]: https://media.example.org/keynote.mp4 "Keynote recording"'));
      if (style === 'footnote') assert.ok(doc.getText().includes('[^keynote-recording]: [Keynote recording](https://media.example.org/keynote.mp4)'));
      // The sentence now cites its source itself, and the fix is not offered again.
      const cited = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion' && !x.message.includes('front matter')));
      const again = (await fixes(doc.uri, cited.find((d) => codeValue(d) === 'claim.opinion')!.range)).map((a) => a.title);
      assert.ok(!again.includes('Cite “Keynote recording”'), again.join(', '));
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'one undo restores the note');
    });
  }
});
