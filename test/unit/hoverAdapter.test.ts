// The hover adapter (src/vscode/hover.ts) on the `vscode` stand-in (test/unit/vscodeStub/): which
// card shows where, which commands it may run, and that it never throws at the user. The same
// cards in the real VS Code: test/integration/hover.test.ts.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import type { AnalysisService } from '../../src/vscode/analysisService';
import { ADD_CITATION, COMMAND_IDS, OPEN_SNAPSHOT, SHOW_REPORT, SUPPRESS_CLAIM } from '../../src/vscode/commandIds';
import type { ConfigService } from '../../src/vscode/configService';
import { ClaimHoverProvider, HOVER_COMMANDS, hoverFor } from '../../src/vscode/hover';
import { textDocument } from './vscodeStub/document';
import { stub } from './vscodeStub/vscode';

const URI = vscode.Uri.parse('file:///w/notes/n.md');
const { config } = parseConfig('sources:\n  talk:\n    url: https://media.example.org/talk.mp4\n    title: The talk\n    accessed: 2026-11-01\n');
const TEXT = [
  '# N', '',
  'The rollout went well (speaker opinion).', '',
  'Rates rose 40% (not verified) [spec][s].', '',
  'She said it [@talk].', '',
  'A plain sentence.', '',
  '[s]: https://example.org/spec', '',
].join('\n');
const analysis = analyzeText(TEXT, { config, today: '2026-12-01' });
const text = (h: vscode.Hover | undefined) => (h?.contents ?? []).map((c) => (c as vscode.MarkdownString).value).join('\n---\n');

beforeEach(() => stub.reset());

test('a flagged sentence: its card, over the sentence, with our commands only', () => {
  const h = hoverFor(URI, analysis, new vscode.Position(2, 5), config.sources);
  assert.ok(h);
  assert.equal(h.contents.length, 1);
  assert.deepEqual([h.range?.start.line, h.range?.start.character, h.range?.end.line, h.range?.end.character], [2, 0, 2, 40]);
  const md = h.contents[0] as vscode.MarkdownString;
  // Only the extension's own commands may run from a hover, whatever the note says.
  assert.deepEqual(md.isTrusted, { enabledCommands: HOVER_COMMANDS });
  for (const id of [ADD_CITATION, OPEN_SNAPSHOT, SHOW_REPORT, SUPPRESS_CLAIM]) assert.ok(HOVER_COMMANDS.includes(id), id);
  for (const id of HOVER_COMMANDS) assert.ok((COMMAND_IDS as readonly string[]).includes(id), `${id} is one of ours`);
  assert.equal(md.supportHtml, false);
  assert.match(md.value, /\*\*Opinion\*\*/);
  assert.match(md.value, /\*speaker opinion\*/);
  assert.match(md.value, /No primary source/);
  // Each action knows the note and where the claim starts.
  const links = [...md.value.matchAll(/\(command:([\w.]+)\?([^)]*)\)/g)].map((m) => [m[1], JSON.parse(decodeURIComponent(m[2]))]);
  for (const [c] of links) assert.ok(HOVER_COMMANDS.includes(c), c);
  for (const id of [ADD_CITATION, SUPPRESS_CLAIM, SHOW_REPORT]) assert.ok(links.some(([c]) => c === id), `a ${id} link`);
  assert.deepEqual(links.find(([c]) => c === ADD_CITATION)![1], [URI.toString(), 2, 0]);
});

test('a citation inside a flagged sentence: the sentence\'s card and the claims citing it', () => {
  const h = hoverFor(URI, analysis, new vscode.Position(4, 33), config.sources);
  assert.ok(h);
  assert.equal(h.contents.length, 2, text(h));
  assert.match(text(h), /\*\*Unverified\*\*/);
  assert.match(text(h), /Cited by 1 flagged claim/);
  assert.deepEqual([h.range?.start.character, h.range?.end.character], [30, 39], 'the range is the citation\'s');
});

test('a registry citation: what the registry knows, and how long ago it was accessed', () => {
  const h = hoverFor(URI, analysis, new vscode.Position(6, 14), config.sources);
  assert.ok(h);
  const plain = text(h).replace(/\\/g, ''); // Markdown escapes dropped
  assert.match(plain, /@talk/);
  assert.ok(plain.includes('[The talk](https://media.example.org/talk.mp4)'), plain);
  assert.match(plain, /Accessed 2026-11-01 \(\d+ days ago\)/);
});

test('no card away from claims and citations', () => {
  assert.equal(hoverFor(URI, analysis, new vscode.Position(8, 3), config.sources), undefined);
  assert.equal(hoverFor(URI, analysis, new vscode.Position(0, 0), config.sources), undefined);
});

test('the provider never throws at the user: a failed analysis is logged and shows no card', async () => {
  const analyses = { peek: () => undefined, analyze: async () => { throw new Error('boom'); } } as unknown as AnalysisService;
  const configs = { forDocument: async () => ({ config }) } as unknown as ConfigService;
  const provider = new ClaimHoverProvider(analyses, configs);
  const token = new vscode.CancellationTokenSource().token;
  assert.equal(await provider.provideHover(textDocument(URI, TEXT), new vscode.Position(2, 5), token), undefined);
  assert.ok(stub.logged.some((l) => l.startsWith('[error] Hover on') && l.includes('boom')), stub.logged.join('\n'));
});

test('the provider answers from the analysis, and not once the hover is cancelled', async () => {
  const analyses = { peek: () => analysis, analyze: async () => ({ analysis, version: 1 }) } as unknown as AnalysisService;
  const configs = { forDocument: async () => ({ config }) } as unknown as ConfigService;
  const provider = new ClaimHoverProvider(analyses, configs);
  const live = new vscode.CancellationTokenSource();
  const h = await provider.provideHover(textDocument(URI, TEXT), new vscode.Position(2, 5), live.token);
  assert.match(text(h), /\*\*Opinion\*\*/);
  live.cancel();
  assert.equal(await provider.provideHover(textDocument(URI, TEXT), new vscode.Position(2, 5), live.token), undefined);
});
