import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePageMessage } from '../../src/vscode/reportMessages';

const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } };

test('the report page’s messages are checked into known shapes; anything else is dropped', () => {
  assert.deepEqual(parsePageMessage({ type: 'reveal', path: 'notes/a.md', range }), { type: 'reveal', path: 'notes/a.md', range });
  assert.deepEqual(parsePageMessage({ type: 'export', format: 'sarif' }), { type: 'export', format: 'sarif' });
  assert.deepEqual(parsePageMessage({ type: 'refresh', extra: 1 }), { type: 'refresh' });
  assert.deepEqual(parsePageMessage({ type: 'state', generation: 3, busy: false, probe: 7 }), { type: 'state', generation: 3, busy: false, probe: 7 });
  assert.deepEqual(parsePageMessage({ type: 'state', generation: 3, busy: true }), { type: 'state', generation: 3, busy: true });
  for (const bad of [
    null, 'reveal', 42, {}, { type: 'run', command: 'x' },
    { type: 'reveal', path: 1, range }, { type: 'reveal', path: 'a.md' },
    { type: 'reveal', path: 'a.md', range: { start: { line: -1, character: 0 }, end: range.end } },
    { type: 'reveal', path: 'a.md', range: { start: { line: 1.5, character: 0 }, end: range.end } },
    { type: 'export', format: 'text' }, { type: 'export', format: 'html' }, { type: 'export', format: '__proto__' },
    { type: 'state', generation: '3', busy: false }, { type: 'state', generation: 3 },
  ]) assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
});
