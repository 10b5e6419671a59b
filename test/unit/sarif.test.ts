import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { analyzeText } from '../../src/core/analyze';
import { toSarif } from '../../src/core/format/sarif';
import { buildReport, fileReport } from '../../src/core/report';
import { ROOT } from './helpers';

// The published schema is not ours to copy. It lives in shared/schemas/ beside the clone (CI puts
// a copy of shared/ there), or beside a folder above it (a git worktree); SARIF_SCHEMA overrides.
const SCHEMA = join('shared', 'schemas', 'sarif-schema-2.1.0.json');
function findSchema(): { path?: string; tried: string[] } {
  if (process.env.SARIF_SCHEMA) return { path: process.env.SARIF_SCHEMA, tried: [process.env.SARIF_SCHEMA] };
  const tried: string[] = [];
  for (let dir = dirname(ROOT); ; dir = dirname(dir)) {
    const candidate = join(dir, SCHEMA);
    tried.push(candidate);
    if (existsSync(candidate)) return { path: candidate, tried };
    if (dirname(dir) === dir) return { tried };
  }
}

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

test('sarif: validates against the SARIF 2.1.0 schema', () => {
  const sarif = sample();
  const { path: schemaPath, tried } = findSchema();
  // No schema, no validation: that is a failure, not a lighter check.
  assert.ok(schemaPath && existsSync(schemaPath), `the SARIF 2.1.0 schema was not found; looked at:\n  ${tried.join('\n  ')}\nPut shared/ beside the clone or set SARIF_SCHEMA.`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const broken = { ...sarif, version: '9.9' };
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  // The validator is live: a broken document must fail.
  assert.equal(validate(broken), false);
});
