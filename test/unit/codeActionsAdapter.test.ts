// The quick fixes (src/vscode/codeActions.ts) on the `vscode` stand-in (test/unit/vscodeStub/):
// which fixes a diagnostic gets, what they run or edit, and that a stale or failed analysis
// never offers a wrong fix. The diagnostics are the core's findings, converted as the extension
// converts them. In the real VS Code: test/integration/quickfix.test.ts.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import type { DocumentAnalysis } from '../../src/core/types';
import type { AnalysisService } from '../../src/vscode/analysisService';
import { ClaimCodeActionProvider } from '../../src/vscode/codeActions';
import { ADD_CITATION, ADD_TO_REGISTRY, SUPPRESS_CLAIM } from '../../src/vscode/commandIds';
import { codeOf, toDiagnostic } from '../../src/vscode/convert';
import { textDocument } from './vscodeStub/document';
import { stub } from './vscodeStub/vscode';

const URI = vscode.Uri.parse('file:///w/notes/n.md');
const { config } = parseConfig('sources:\n  talk:\n    url: https://media.example.org/talk.mp4\n    title: The talk\n');

function setup(text: string, opts: { version?: number; fail?: boolean } = {}) {
  const analysis = analyzeText(text, { config, today: '2026-12-01' });
  const doc = textDocument(URI, text, 3);
  const analyses = {
    peek: () => (opts.fail ? undefined : analysis),
    analyze: async (): Promise<{ analysis: DocumentAnalysis; version: number }> => {
      if (opts.fail) throw new Error('analysis failed');
      return { analysis, version: opts.version ?? 3 };
    },
  } as unknown as AnalysisService;
  const diagnostics = analysis.findings.map((f) => toDiagnostic(f, URI, () => vscode.Uri.parse('https://example.org/rule')));
  const provider = new ClaimCodeActionProvider(analyses);
  const ask = (only?: vscode.CodeActionKind, diags = diagnostics) => provider.provideCodeActions(doc, new vscode.Range(0, 0, 0, 0), { diagnostics: diags, only, triggerKind: 1 } as vscode.CodeActionContext, new vscode.CancellationTokenSource().token);
  return { analysis, diagnostics, ask };
}

const UNSOURCED = '# N\n\nThe spec is speaker opinion [@nowhere].\n';

beforeEach(() => stub.reset());

test('a claim without a source: Add citation… (preferred, for the no-source finding) and Suppress with reason…', async () => {
  const { diagnostics, ask } = setup(UNSOURCED);
  const actions = await ask();
  const add = actions.find((a) => a.command?.command === ADD_CITATION);
  const suppress = actions.find((a) => a.command?.command === SUPPRESS_CLAIM);
  assert.ok(add && suppress, actions.map((a) => a.title).join(', '));
  assert.equal(add.isPreferred, true);
  assert.deepEqual(add.diagnostics?.map(codeOf), ['claim.no-source']);
  assert.deepEqual(add.command?.arguments, [URI.toString(), 2, 0]);
  assert.ok(add.kind && vscode.CodeActionKind.QuickFix.contains(add.kind));
  // Suppress answers every finding of the claim, not the unknown key.
  assert.deepEqual(suppress.diagnostics?.map(codeOf).sort(), diagnostics.map(codeOf).filter((c) => c?.startsWith('claim.')).sort());
});

test('an unknown registry key: Add @key to the sources registry…', async () => {
  const { ask } = setup(UNSOURCED);
  const add = (await ask()).find((a) => a.command?.command === ADD_TO_REGISTRY);
  assert.ok(add);
  assert.deepEqual(add.command?.arguments, [URI.toString(), 'nowhere']);
  assert.deepEqual(add.diagnostics?.map(codeOf), ['source.unknown-key']);
});

test('a note with a front-matter source: Cite it in the sentence, as an edit', async () => {
  const text = '---\nsource: https://example.org/ep1\n---\n# N\n\nThe rollout went well (speaker opinion).\n';
  const { ask } = setup(text);
  const cite = (await ask()).find((a) => a.edit);
  assert.ok(cite, 'a Cite fix');
  assert.match(cite.title, /^Cite “https:\/\/example\.org\/ep1”$/);
  const edits = cite.edit!.entries();
  assert.equal(edits.length, 1);
  assert.equal(edits[0][0].toString(), URI.toString());
  assert.ok(edits[0][1].some((e) => e.newText.includes('https://example.org/ep1')), JSON.stringify(edits[0][1]));
});

test('no fixes for another kind, for a version that is no longer current, or from a failed analysis', async () => {
  assert.deepEqual(await setup(UNSOURCED).ask(vscode.CodeActionKind.Refactor), []);
  assert.deepEqual(await setup(UNSOURCED, { version: 2 }).ask(), [], 'the note changed since');
  // A failed analysis offers no fix for the claim (none could be placed), and says so in the log.
  const failed = await setup(UNSOURCED, { fail: true }).ask();
  assert.ok(!failed.some((a) => a.command?.command === ADD_CITATION || a.command?.command === SUPPRESS_CLAIM), JSON.stringify(failed.map((a) => a.title)));
  assert.ok(stub.logged.some((l) => l.startsWith('[error] Quick fixes for') && l.includes('analysis failed')), stub.logged.join('\n'));
});

test('diagnostics of other extensions get no fixes', async () => {
  const { diagnostics, ask } = setup(UNSOURCED);
  const foreign = diagnostics.map((d) => Object.assign(new vscode.Diagnostic(d.range, d.message, d.severity), { source: 'markdownlint', code: d.code }));
  assert.deepEqual(await ask(undefined, foreign), []);
});
