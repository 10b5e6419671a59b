import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchesOf } from '../../src/core/batches';

test('batches: runs stay within the limit, in order, and lose nothing', () => {
  const len = (xs: number[]) => xs.length;
  const items = [[1, 2], [3], [4, 5, 6], [], [7, 8]];
  const runs = batchesOf(items, len, 3);
  assert.deepEqual(runs, [[[1, 2], [3]], [[4, 5, 6], []], [[7, 8]]]);
  assert.deepEqual(runs.flat(), items);
  for (const run of runs) assert.ok(run.reduce((n, x) => n + x.length, 0) <= 3);
});

test('batches: an item heavier than the limit goes alone; no items, no runs', () => {
  assert.deepEqual(batchesOf([1, 5, 1, 1], (n) => n, 2), [[1], [5], [1, 1]]);
  assert.deepEqual(batchesOf([], () => 1, 2), []);
});
