import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { toJson } from '../../src/core/format/json';
import { outputFormat } from '../../src/core/format/index';
import { buildReport, fileReport } from '../../src/core/report';
import { assertRangesExact, FIXTURES, fixtureNames, readFixture, toCrlf } from './helpers';

// Each fixture note has its expected JSON beside it. UPDATE_FIXTURES=1 rewrites them;
// review the diff before committing.
for (const name of fixtureNames()) {
  test(`fixture ${name} matches its expected JSON`, () => {
    const text = readFixture(name);
    const json = JSON.parse(toJson(buildReport([fileReport(name, analyzeText(text))])));
    const actual = { claims: json.files[0].claims, diagnostics: json.files[0].diagnostics };
    const expectedPath = join(FIXTURES, name.replace(/\.md$/, '.json'));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
    assert.ok(existsSync(expectedPath), `missing ${expectedPath}; run with UPDATE_FIXTURES=1 and review it`);
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
  });

  test(`fixture ${name}: ranges slice to their text, LF and CRLF alike`, () => {
    const lf = readFixture(name).replace(/\r\n/g, '\n');
    const crlf = toCrlf(lf);
    const a = analyzeText(lf);
    const b = analyzeText(crlf);
    assertRangesExact(lf, a, `${name} (LF)`);
    assertRangesExact(crlf, b, `${name} (CRLF)`);
    // Positions never count line terminators, so both files give the same ranges.
    assert.deepEqual(b.claims.map((c) => c.range), a.claims.map((c) => c.range));
    assert.deepEqual(b.claims.map((c) => c.text.replace(/\r\n/g, '\n')), a.claims.map((c) => c.text));
    assert.deepEqual(b.findings.map((f) => [f.code, f.range]), a.findings.map((f) => [f.code, f.range]));
  });
}

test('there is a fixture for every construct', () => {
  const names = fixtureNames();
  for (const construct of ['paragraphs', 'lists', 'tables', 'blockquotes', 'footnotes', 'references', 'links', 'ignored', 'unicode', 'abbreviations', 'suppression', 'quotes']) {
    assert.ok(names.includes(`${construct}.md`), `no fixture for ${construct}`);
  }
});

test('JSON assembled from per-file fragments equals one JSON.stringify of the whole report', () => {
  const files = fixtureNames().slice(0, 6).map((name) => fileReport(name, analyzeText(readFixture(name))));
  const report = buildReport(files);
  const whole = JSON.parse(toJson(report));
  assert.equal(toJson(report), JSON.stringify(whole, null, 2) + '\n');
  assert.equal(toJson(buildReport([])), JSON.stringify(JSON.parse(toJson(buildReport([]))), null, 2) + '\n');
});

test('the JSON fragment as UTF-8 (what the CLI writes) decodes to the fragment as text', () => {
  const json = outputFormat('json');
  const decoder = new TextDecoder();
  for (const name of fixtureNames()) {
    const file = fileReport(name, analyzeText(readFixture(name)));
    assert.equal(decoder.decode(json.utf8Fragment!(file)), json.fragment!(file), name);
  }
});
