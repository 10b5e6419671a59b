import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import markdownIt, { type Token } from 'markdown-it';
import * as vscode from 'vscode';
import { api, codeValue, hoverText, openNote, recordLatency, waitFor, waitForDiagnostics, workspaceUri } from './util';

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
    assert.deepEqual([...new Set(commands)].sort(), ['claimLens.addCitation', 'claimLens.openRuleDocs', 'claimLens.showReport', 'claimLens.suppressClaim']);
  });

  it('puts the actions before the sources, so a long card keeps them in sight', async () => {
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const text = await hoverText(editor.document.uri, new vscode.Position(9, 10));
    const actions = text.indexOf('(command:claimLens.addCitation?');
    assert.ok(actions > 0 && actions < text.indexOf('Primary source') && actions < text.indexOf('keynote.mp4'), text);
    assert.ok(text.includes('(command:claimLens.openRuleDocs?'), 'a link to the rule page');
  });

  it("on a front-matter source's URL, lists the claims citing it, each a link that reveals the claim", async () => {
    const editor = await openNote('notes', 'keynote.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const line = editor.document.lineAt(3).text;
    const at = line.indexOf('https://media.example.org/keynote.mp4');
    assert.ok(at > 0, line);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, at + 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*Keynote recording\*\*/);
    assert.match(text, /Cited by \d+ flagged claim/);
    const links = [...text.matchAll(/\(command:claimLens\.revealClaim\?([^)]+)\)/g)].map((m) => JSON.parse(decodeURIComponent(m[1])) as [string, number, number, number, number]);
    assert.ok(links.length >= 1, text);
    assert.ok(links.every((l) => l[0] === uri.toString()));
    assert.ok(links.some((l) => l[1] === 9), 'the opinion claim on line 10 is listed');
    const trusted = hovers[0].contents[0] as vscode.MarkdownString;
    assert.ok(typeof trusted.isTrusted === 'object' && trusted.isTrusted.enabledCommands.includes('claimLens.revealClaim'), 'the reveal command is trusted in the hover, and only ours are');
    // The link reveals the claim: the cursor moves to it.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const opinion = links.find((l) => l[1] === 9)!;
    await vscode.commands.executeCommand('claimLens.revealClaim', ...opinion);
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), uri.toString());
    assert.deepEqual([active.selection.start.line, active.selection.start.character, active.selection.end.line, active.selection.end.character], opinion.slice(1));
  });
});

describe('responsiveness', () => {
  it('answers hovers, with their card, while Check Workspace runs', async () => {
    const { checker } = await api();
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    checker.results.clear();
    const running = vscode.commands.executeCommand<number>('claimLens.checkWorkspace');
    // Let the check get going, then ask for hovers while it works.
    await waitFor(() => checker.results.size >= 20);
    const times: number[] = [];
    for (let i = 0; i < 5 && checker.results.size < 400; i++) {
      const t = Date.now();
      const text = await hoverText(editor.document.uri, new vscode.Position(9, 10));
      times.push(Date.now() - t);
      assert.match(text, /Opinion/);
    }
    const checked = await running;
    assert.ok(checked >= 400, `checked ${checked} notes`);
    assert.ok(times.length >= 3, `the check finished before the hovers could be timed (${times.length})`);
    // The times are printed; `npm run bench:load` asserts their targets (a median within 100 ms,
    // none over 500 ms), which on a busy machine would measure the machine.
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    console.log(`      hover times while checking: ${times.join(', ')} ms`);
    recordLatency('integration-hover-during-check', { metrics: { 'hover median': median, 'hover max': Math.max(...times) }, times });
  });
});

describe('hover links with hostile URLs', () => {
  // Each URL tries to end its link early and add an image (fetched whenever the card shows) or
  // a command link to Claim Lens's own commands, with arguments the note chose.
  const IMG = 'https://example.org/a)![x](https://evil.example/img.png)';
  const CMD = `https://example.org/b)[a](command:claimLens.openSnapshot?${encodeURIComponent(JSON.stringify(['x', '../../secret', 0]))})`;
  const SLASH = 'https://example.org/c\\\\'; // a URL ending in a backslash (escaped in the note)
  const dir = () => join(workspaceUri().fsPath, 'hostilelinks');

  before(async () => {
    await api();
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), '.claimlens.yaml'), `sources:\n  reg:\n    title: Reg\n    kind: recording\n    url: "${CMD}"\n    archive: "${IMG}"\n`);
    writeFileSync(join(dir(), 'links.md'), [
      '---', 'source:', `  url: "${IMG}"`, '  title: Front', '---',
      `Inline [x](<${IMG}>) here (speaker opinion).`,
      'By reference [y] (speaker opinion).',
      'At 12:34 in the talk [@reg] (speaker opinion).',
      `A slash [z](<${SLASH}>) then (speaker opinion).`,
      'Only the front matter (speaker opinion).',
      '', `[y]: <${CMD}> "t"`, '',
    ].join('\n'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir(), { recursive: true, force: true });
  });

  it('keeps every source inside its own link: no image, no command link from a URL', async () => {
    const editor = await openNote('hostilelinks', 'links.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.filter((x) => codeValue(x) === 'claim.opinion').length === 5);
    const md = markdownIt('commonmark');
    const positions = [5, 6, 7, 8, 9].map((l) => new vscode.Position(l, 2)).concat([new vscode.Position(7, editor.document.lineAt(7).text.indexOf('@reg') + 1)]);
    let sourceLinks = 0;
    for (const pos of positions) {
      const text = await hoverText(uri, pos);
      const links: string[] = [];
      let images = 0;
      const walk = (tokens: Token[]) => {
        for (const t of tokens) {
          if (t.type === 'link_open') links.push(String(t.attrGet('href')));
          if (t.type === 'image') images++;
          if (t.children) walk(t.children);
        }
      };
      walk(md.parse(text, {}));
      assert.equal(images, 0, `no image at line ${pos.line + 1}:\n${text}`);
      for (const href of links.filter((h) => h.startsWith('command:'))) {
        const [, command, args] = /^command:([\w.]+)\?(.*)$/.exec(href) ?? [];
        assert.ok(['claimLens.addCitation', 'claimLens.suppressClaim', 'claimLens.showReport', 'claimLens.openSnapshot', 'claimLens.openRuleDocs', 'claimLens.revealClaim'].includes(command), href);
        assert.ok(!decodeURIComponent(args ?? '').includes('../../secret'), `no command with the note's arguments: ${href}`);
      }
      const sources = links.filter((h) => /^https?:/.test(h));
      assert.ok(sources.every((h) => h.startsWith('https://example.org/') || h.startsWith('https://media.example.org/')), sources.join('\n'));
      sourceLinks += sources.length;
    }
    assert.ok(sourceLinks >= 6, `the sources are still links (${sourceLinks})`);
  });
});
