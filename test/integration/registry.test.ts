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
  // A server on 127.0.0.1: /ok answers 200, the rest 404. It records what it was asked.
  let server: import('node:http').Server;
  let port = 0;
  const requests: Array<{ url: string; ua: string }> = [];
  const allow = (value: boolean | undefined) => vscode.workspace.getConfiguration('claimLens').update('allowInternalLinkChecks', value, vscode.ConfigurationTarget.Global);

  before(async () => {
    const { createServer } = await import('node:http');
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', ua: String(req.headers['user-agent']) });
      res.statusCode = req.url === '/ok' ? 200 : 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    await allow(undefined);
    try {
      await vscode.workspace.getConfiguration('claimLens').update('allowInternalLinkChecks', undefined, vscode.ConfigurationTarget.Workspace);
    } catch {
      // Never written: the setting is machine-scoped.
    }
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  async function openLinksNote(): Promise<vscode.TextEditor> {
    const uri = workspaceUri('notes', 'links.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# Links\n\nSpeaker opinion [ok](http://127.0.0.1:${port}/ok). Not verified [gone](http://127.0.0.1:${port}/gone).\n`));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    return editor;
  }

  it('Check Source Links requests no internal address by default, nor when only the workspace asks', async () => {
    const editor = await openLinksNote();
    try {
      // A workspace cannot opt in: VS Code refuses the machine-scoped value there, or Claim Lens ignores it.
      await vscode.workspace.getConfiguration('claimLens').update('allowInternalLinkChecks', true, vscode.ConfigurationTarget.Workspace);
    } catch {
      // Refused, as it should be.
    }
    requests.length = 0;
    const result = await vscode.commands.executeCommand<{ checked: number; dead: number; internal: number }>('claimLens.checkLinks');
    assert.deepEqual(result && [result.checked, result.dead, result.internal], [0, 0, 2]);
    assert.deepEqual(requests, [], 'the server saw no request');
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => codeValue(d) === 'source.unreachable'), []);
    // A Node extension host looks names up (and pins connections) rather than using the browser's way.
    assert.ok((await api()).recentLog().some((l) => l.includes('Check Source Links: 2 link(s); name lookup on; internal addresses refused')), (await api()).recentLog().join('\n'));
  });

  it('Check Source Links reports dead links, asking only 127.0.0.1, once the user setting allows internal addresses', async () => {
    await allow(true);
    const editor = await openLinksNote();
    requests.length = 0;
    const result = await vscode.commands.executeCommand<{ checked: number; dead: number }>('claimLens.checkLinks');
    assert.ok(result && result.dead >= 1, JSON.stringify(result));
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'source.unreachable'));
    const dead = diags.filter((x) => codeValue(x) === 'source.unreachable');
    assert.equal(dead.length, 1);
    assert.match(dead[0].message, /\/gone answered 404/);
    assert.deepEqual(requests.map((q) => q.url).sort(), ['/gone', '/ok']);
    assert.ok((await api()).recentLog().some((l) => l.includes('internal addresses allowed')));
    for (const q of requests) assert.match(q.ua, /^claim-lens\/\S+ \(Claim Lens link check; \+https:\/\/github\.com\/claim-lens\/claim-lens\)$/);
  });

  it('Check Source Links offline says the links could not be checked, and reports none as dead', async () => {
    const { links } = await api();
    const uri = workspaceUri('notes', 'offline-links.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Offline\n\nSpeaker opinion [a](https://a.offline.example/x). Not verified [b](https://b.offline.example/y).\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const realNet = links.net;
    // No network: the resolver cannot be reached, and no route to anything.
    links.net = {
      fetch: async () => { throw Object.assign(new Error('connect ENETUNREACH'), { code: 'ENETUNREACH' }); },
      resolve: async (host: string) => { throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' }); },
    };
    try {
      const result = await vscode.commands.executeCommand<{ checked: number; dead: number; offline: number }>('claimLens.checkLinks');
      assert.deepEqual(result && [result.checked, result.dead, result.offline], [0, 0, 2]);
      await (await api()).diagnostics.check(editor.document);
      assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => codeValue(d) === 'source.unreachable'), []);
      // Names that do not resolve anywhere, with nothing answering: offline too, not dead.
      links.net = {
        fetch: async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); },
        resolve: async (host: string) => { throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }); },
      };
      const again = await vscode.commands.executeCommand<{ checked: number; dead: number; offline: number }>('claimLens.checkLinks');
      assert.deepEqual(again && [again.checked, again.dead, again.offline], [0, 0, 2]);
      await (await api()).diagnostics.check(editor.document);
      assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => codeValue(d) === 'source.unreachable'), []);
    } finally {
      links.net = realNet;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it("Check Source Links reports dead links at the note's configured severity, and not at all when the rule is off", async () => {
    await allow(true);
    const folder = workspaceUri('notes', 'quiet-links');
    const enc = (t: string) => new TextEncoder().encode(t);
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, '.claimlens.yaml'), enc('rules:\n  source.unreachable: information\n'));
      const uri = vscode.Uri.joinPath(folder, 'links.md');
      await vscode.workspace.fs.writeFile(uri, enc(`# Links\n\nNot verified [gone](http://127.0.0.1:${port}/gone).\n`));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.unverified'));
      await vscode.commands.executeCommand('claimLens.checkLinks');
      const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'source.unreachable'));
      assert.deepEqual(diags.filter((x) => codeValue(x) === 'source.unreachable').map((x) => x.severity), [vscode.DiagnosticSeverity.Information]);
      // Off: the next analysis drops the finding.
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, '.claimlens.yaml'), enc('rules:\n  source.unreachable: off\n'));
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), ' '));
      await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.unverified') && !d.some((x) => codeValue(x) === 'source.unreachable'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    }
  });

  it('Check Source Links over the workspace gives every checked note that is not open its findings, whole and without hints', async () => {
    const { checker, diagnostics, links } = await api();
    const uri = workspaceUri('archive', 'links-closed.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Closed\n\nThe vendor said it ships in May (not verified) [gone](https://links.example/gone).\n\n[unused]: https://links.example/unused\n'));
    // Every link answers from here, with no network: /gone is dead, the rest are fine. The
    // lookup calls every host public, so only the stub decides.
    const realNet = links.net;
    links.net = {
      fetch: async (url: string) => new Response(null, { status: url.endsWith('/gone') ? 404 : 200 }),
      resolve: async () => ['93.184.216.34'],
    };
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
      links.net = realNet;
      await vscode.workspace.fs.delete(uri);
    }
  });
});
