// Check Workspace's results store (src/vscode/checkResults.ts) on the `vscode` stand-in: what it
// tells its listeners and when, and which notes keep their diagnostics when they close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CheckResults } from '../../src/vscode/checkResults';

const note = (name: string) => ({ uri: vscode.Uri.parse(`file:///w/${name}.md`), claims: [], findings: [], citations: [] });

test('outside a pass every change is told at once; inside one, once at its end with every note it changed', () => {
  const store = new CheckResults();
  const told: string[][] = [];
  store.onDidChange((uris) => told.push(uris.map((u) => u.path)));
  store.keep(note('a'));
  assert.deepEqual(told, [['/w/a.md']]);
  store.beginBatch();
  store.beginBatch(); // passes overlap: a re-check of changes on disk during Check Workspace
  store.keep(note('b'));
  store.keep(note('c'));
  store.forget(note('a').uri);
  store.endBatch();
  assert.equal(told.length, 1, 'nothing until the last pass ends');
  store.endBatch();
  assert.deepEqual(told[1].sort(), ['/w/a.md', '/w/b.md', '/w/c.md']);
  store.beginBatch();
  store.endBatch();
  assert.deepEqual(told[2], [], 'a pass that changed nothing still says it ended');
  store.dispose();
});

test('update replaces only a note the check has, quietly when asked; forget says whether there was one', () => {
  const store = new CheckResults();
  let told = 0;
  store.onDidChange(() => told++);
  store.update(note('x'));
  assert.equal(store.has(note('x').uri.toString()), false, 'an editor analysis does not add a note to the check');
  store.keep(note('x'));
  store.update({ ...note('x'), claims: [{} as never] }, { quiet: true });
  assert.equal(store.get(note('x').uri.toString())?.claims.length, 1);
  assert.equal(told, 1, 'quiet: not told');
  assert.equal(store.forget(note('x').uri), true);
  assert.equal(store.forget(note('x').uri), false);
  assert.equal(told, 2);
});

test('a note the check published keeps its diagnostics when it closes, even after the results are cleared, until it is forgotten', () => {
  const store = new CheckResults();
  const key = note('k').uri.toString();
  assert.equal(store.keepsDiagnostics(key), false);
  store.keep(note('k'));
  store.clear();
  assert.equal(store.size, 0);
  assert.equal(store.keepsDiagnostics(key), true, 'the window still shows what the check published');
  store.forget(note('k').uri);
  assert.equal(store.keepsDiagnostics(key), false);
});
