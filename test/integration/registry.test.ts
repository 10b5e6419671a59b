import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeValue, hoverText, openNote, spyOnPublishing, waitForDiagnostics, workspaceUri } from './util';

describe('sources registry', () => {
  before(async () => {
    await api();
  });

  it('resolves [@key], checks quotations against the snapshot, and links times into the recording', async () => {
    const editor = await openNote('notes', 'registry.md');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'quote.not-in-source') && d.some((x) => codeValue(x) === 'source.unknown-key'));
    const para = diags.find((d) => codeValue(d) === 'claim.paraphrase')!;
    assert.match(para.message, /source: The talk \(registry talk\)/);
    const miss = diags.find((d) => codeValue(d) === 'quote.not-in-source')!;
    assert.equal(editor.document.getText(miss.range), 'we never test anything');
    const hover = await hoverText(uri, new vscode.Position(2, 5));
    assert.ok(hover.includes('https://media.example.org/talk.mp4#t=754'), hover);
    assert.match(hover, /Quotation found in the saved copy/);
  });

  it('completes keys after [@, and Go to Definition opens the registry entry', async () => {
    const editor = await openNote('notes', 'registry.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.length > 0);
    const line = editor.document.lineAt(6).text;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(6, line.indexOf('@') + 1), '@');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('talk') && labels.includes('spec'), labels.join(', '));
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', uri, new vscode.Position(2, editor.document.lineAt(2).text.indexOf('@talk') + 2));
    const loc = defs[0] as vscode.Location;
    assert.ok(loc.uri.path.endsWith('/.claimlens.yaml'), loc.uri.path);
    assert.equal(loc.range.start.line, 5);
  });

  it('offers Add to registry for an unknown key, and quote fixes', async () => {
    const editor = await openNote('notes', 'registry.md');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'source.unknown-key'));
    const unknown = diags.find((d) => codeValue(d) === 'source.unknown-key')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknown.range);
    const add = actions.find((a) => a.title === 'Add @nowhere to the sources registry…');
    assert.ok(add?.command, actions.map((a) => a.title).join(', '));
    assert.deepEqual(add.command.arguments, [uri.toString(), 'nowhere']);
    const miss = diags.find((d) => codeValue(d) === 'quote.not-in-source')!;
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, miss.range);
    const replace = fixes.find((a) => a.title === 'Replace the quotation with the closest passage');
    assert.ok(replace?.edit);
    const original = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(replace.edit));
    assert.ok(/“[a-z ]*we test everything[a-z ]*” \[@talk\]/.test(editor.document.getText()), editor.document.getText());
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeValue(x) === 'quote.not-in-source'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('shows a stale source as a hint, and the registry file has no problems', async () => {
    const editor = await openNote('notes', 'registry.md');
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'source.stale'));
    assert.equal(diags.find((d) => codeValue(d) === 'source.stale')!.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepEqual(vscode.languages.getDiagnostics(workspaceUri('.claimlens.yaml')).filter((d) => d.source === 'claim-lens'), []);
  });
});

describe('link health', () => {
  it('Check Source Links reports dead links, asking only 127.0.0.1', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const uri = workspaceUri('notes', 'links.md');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# Links\n\nSpeaker opinion [ok](http://127.0.0.1:${port}/ok). Not verified [gone](http://127.0.0.1:${port}/gone).\n`));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
      const result = await vscode.commands.executeCommand<{ checked: number; dead: number }>('claimLens.checkLinks');
      assert.ok(result && result.dead >= 1, JSON.stringify(result));
      const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'source.unreachable'));
      const dead = diags.filter((x) => codeValue(x) === 'source.unreachable');
      assert.equal(dead.length, 1);
      assert.match(dead[0].message, /\/gone answered 404/);
    } finally {
      server.close();
    }
  });

  it('Check Source Links over the workspace gives every checked note that is not open its findings, whole and without hints', async () => {
    const { checker, diagnostics } = await api();
    const uri = workspaceUri('archive', 'links-closed.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Closed\n\nThe vendor said it ships in May (not verified) [gone](https://links.example/gone).\n\n[unused]: https://links.example/unused\n'));
    // Every link answers from here, with no network: /gone is dead, the rest are fine.
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      const url = input instanceof Request ? input.url : String(input);
      return new Response(null, { status: url.endsWith('/gone') ? 404 : 200 });
    }) as typeof fetch;
    try {
      await checker.run();
      assert.ok(checker.results.has(uri.toString()));
      const { result, calls } = await spyOnPublishing(diagnostics.collection, async () => vscode.commands.executeCommand<{ checked: number; dead: number }>('claimLens.checkLinks', 'workspace'));
      assert.ok(result && result.dead >= 1, JSON.stringify(result));
      // The bulk notes alone have thousands of findings: more than VS Code passes on in one call.
      const total = calls.reduce((n, c) => n + c.diagnostics, 0);
      assert.ok(total > 1100, `${total} diagnostics`);
      for (const c of calls) assert.ok(c.diagnostics <= 1100, `a call carried ${c.diagnostics} diagnostics`);
      const published = new Set(calls.flatMap((c) => c.uris));
      for (const key of checker.results.keys()) assert.ok(published.has(key), `${key} was not published again`);
      const codes = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens').map(codeValue).sort();
      assert.deepEqual(codes, ['claim.unverified', 'source.unreachable'], 'the dead link is reported; the unused definition, a hint, waits for the note to open');
    } finally {
      globalThis.fetch = realFetch;
      await vscode.workspace.fs.delete(uri);
    }
  });
});
