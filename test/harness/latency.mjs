// Latency figures measured by the load tests, for `npm run bench:load` (bench/load.mjs), which
// sets CLAIM_LENS_LATENCY_DIR and asserts its targets on them. Under `npm test` nothing is written:
// the tests print their figures and assert behaviour only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes <CLAIM_LENS_LATENCY_DIR>/<name>.json: { metrics: { 'name': ms, ... }, ...raw }. */
export function recordLatency(name, record) {
  const dir = process.env.CLAIM_LENS_LATENCY_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}
