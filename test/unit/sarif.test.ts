import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { analyzeText } from '../../src/core/analyze';
import { toSarif } from '../../src/core/format/sarif';
import { buildReport, fileReport } from '../../src/core/report';
import { ROOT } from './helpers';

// The published schema lives in ../shared/schemas (or SARIF_SCHEMA); it is not ours to copy.
const schemaPath = process.env.SARIF_SCHEMA ?? join(ROOT, '../shared/schemas/sarif-schema-2.1.0.json');

function sample(): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON
  const text = [
    '---', 'source: https://example.org/talk', '---',
    'It grew 🚀 (speaker opinion). The count is not verified [^n].',
    '<!-- claim-lens-disable-next-line -- quoted for the record -->',
    'Speaker judgment.',
    '', '[^n]: Footnote text.', '', '[spare]: https://example.org/spare',
  ].join('\n');
  return JSON.parse(toSarif(buildReport([fileReport('notes/a b.md', analyzeText(text))])));
}

test('sarif: results carry rules, levels, UTF-16 regions and suppressions', () => {
  const sarif = sample();
  const run = sarif.runs[0];
  assert.equal(sarif.version, '2.1.0');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  for (const r of run.results) {
    assert.equal(ids[r.ruleIndex], r.ruleId);
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'notes/a%20b.md');
  }
  for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`docs/rules/${rule.id.replace('.', '\\.')}\\.md$`));
  const opinion = run.results.find((r: { ruleId: string; suppressions?: unknown }) => r.ruleId === 'claim.opinion' && !r.suppressions);
  assert.equal(opinion.level, 'note');
  assert.deepEqual(opinion.locations[0].physicalLocation.region, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 30 });
  assert.equal(run.results.find((r: { ruleId: string }) => r.ruleId === 'claim.unverified').level, 'warning');
  const suppressed = run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
  assert.deepEqual(suppressed.map((r: { suppressions: unknown[] }) => r.suppressions), [[{ kind: 'inSource', justification: 'quoted for the record' }]]);
  assert.ok(ids.includes('source.unused'));
});

test('sarif: validates against the SARIF 2.1.0 schema', (t) => {
  const sarif = sample();
  if (!existsSync(schemaPath)) {
    // Say plainly what was checked instead of passing silently.
    const msg = `SARIF schema not found at ${schemaPath} (set SARIF_SCHEMA); checked only the required fields`;
    t.diagnostic(msg);
    console.warn(`WARNING: ${msg}`);
    assert.equal(sarif.version, '2.1.0');
    assert.ok(Array.isArray(sarif.runs));
    for (const run of sarif.runs) {
      assert.equal(typeof run.tool.driver.name, 'string');
      for (const r of run.results) assert.equal(typeof r.message.text, 'string');
    }
    return;
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const broken = { ...sarif, version: '9.9' };
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  // The validator is live: a broken document must fail.
  assert.equal(validate(broken), false);
});
