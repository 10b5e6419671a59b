import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRuntime, hostKind } from '../../src/vscode/runtime';

test('under Node the runtime is a Node host; the browser build in a worker is proved by test/ui/webworker.test.mjs', () => {
  assert.equal(hostKind(), 'node');
  // Unit tests are built without the bundle's __CLAIM_LENS_BUILD__ define.
  assert.equal(describeRuntime(), 'unbundled build, Node extension host');
});
