import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastest } from './helpers';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';

const statusesOf = (text: string, configYaml: string) => {
  const { config, problems } = parseConfig(configYaml);
  assert.deepEqual(problems, [], 'config should have no problems');
  return analyzeText(text, { config }).claims.map((c) => c.status);
};

test('an empty config gives the defaults', () => {
  const { config, problems } = parseConfig('');
  assert.deepEqual(problems, []);
  assert.deepEqual(config.statuses.map((s) => s.name), ['unverified', 'paraphrase', 'opinion', 'prediction', 'context']);
});

test('markers extend a default status', () => {
  assert.deepEqual(statusesOf('This is an editorial view. The host gave a speaker opinion.', 'statuses:\n  opinion:\n    markers: ["editorial view"]\n'), ['opinion', 'opinion']);
});

test('replace: true swaps a status\'s markers', () => {
  assert.deepEqual(statusesOf('This is an editorial view. The host gave a speaker opinion.', 'statuses:\n  opinion:\n    replace: true\n    markers: ["editorial view"]\n'), ['opinion']);
});

test('enabled: false switches a default status off', () => {
  assert.deepEqual(statusesOf('A hallway survey said so. It is not verified.', 'statuses:\n  context:\n    enabled: false\n'), ['unverified']);
});

test('defaults: false starts from an empty vocabulary', () => {
  assert.deepEqual(statusesOf('Speaker opinion. Disputed by the vendor.', 'defaults: false\nstatuses:\n  disputed:\n    markers: [disputed by]\n'), ['disputed']);
});

test('a custom status has its severity, label and place in the order', () => {
  const { config, problems } = parseConfig('statuses:\n  disputed:\n    label: Disputed\n    severity: error\n    markers: ["disputed by"]\norder: [disputed, unverified]\n');
  assert.deepEqual(problems, []);
  assert.equal(config.statuses[0].name, 'disputed');
  const a = analyzeText('Disputed by the vendor and not verified.', { config });
  assert.equal(a.claims[0].status, 'disputed', 'disputed outranks unverified by the configured order');
  const f = a.findings.find((x) => x.code === 'claim.disputed');
  assert.equal(f?.severity, 'error');
});

test('without an order, custom statuses rank after the defaults', () => {
  assert.deepEqual(statusesOf('Disputed by many, speaker opinion.', 'statuses:\n  disputed:\n    markers: ["disputed by"]\n'), ['opinion']);
});

test('status severity off keeps the claim but drops its diagnostic', () => {
  const { config } = parseConfig('statuses:\n  opinion:\n    severity: off\n');
  const a = analyzeText('---\nsource: https://example.org\n---\nSpeaker opinion.', { config });
  assert.equal(a.claims.length, 1);
  assert.deepEqual(a.findings, []);
});

test('rules set severities of other findings', () => {
  const { config } = parseConfig('rules:\n  claim.no-source: error\n  source.unused: off\n');
  const a = analyzeText('Speaker opinion.\n\n[x]: https://example.org\n', { config });
  assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['claim.no-source', 'error'], ['claim.opinion', 'information']]);
});

test('config errors carry line and column, and the rest still applies', () => {
  const yaml = [
    'statuses:',
    '  opinion:',
    '    markers: ["editorial view"]',
    '    severity: loud',
    '  Bad Name:',
    '    markers: [x]',
    'colour: blue',
    'rules:',
    '  claim.nope: warning',
  ].join('\n');
  const { config, problems } = parseConfig(yaml);
  const at = problems.map((p) => [p.range.start.line, p.range.start.character, p.message.split(' ')[0]]);
  assert.deepEqual(at, [
    [3, 14, 'Severity'],
    [4, 2, 'A'],
    [6, 0, 'Unknown'],
    [8, 2, 'Unknown'],
  ]);
  const opinion = config.statuses.find((s) => s.name === 'opinion')!;
  assert.ok(opinion.markers.some((m) => m.text === 'editorial view'), 'the valid part of the broken status still applies');
  assert.equal(opinion.severity, 'information');
});

test('a YAML syntax error is placed where it is', () => {
  const { config, problems } = parseConfig('statuses:\n  opinion:\n    markers: [unclosed\n');
  assert.ok(problems.length > 0);
  assert.equal(problems[0].range.start.line >= 2, true);
  assert.ok(config.statuses.length >= 5, 'defaults survive a syntax error');
});

test('wrong types are reported, not thrown', () => {
  for (const yaml of ['[1, 2]', 'statuses: 3', 'statuses:\n  opinion: yes', 'ignore: drafts', 'order: {a: 1}', 'defaults: maybe']) {
    const { problems } = parseConfig(yaml);
    assert.ok(problems.length > 0, `expected a problem for ${JSON.stringify(yaml)}`);
  }
});

test('an alias bomb is refused, not expanded', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
  const { problems } = parseConfig(bomb);
  assert.ok(problems.length > 0);
  // Relative to the same document without anchors and aliases, timed in this run: expanded, the
  // bomb would be 100,000 nodes against 50.
  const plain = bomb.replace(/[&*]/g, '');
  const baseline = fastest(() => parseConfig(plain));
  const took = fastest(() => parseConfig(bomb));
  // Expanded, it would take hundreds of milliseconds; 20 ms of slack absorbs a busy machine.
  assert.ok(took < 20 * baseline + 20, `the alias bomb took ${took.toFixed(1)} ms, the same text without aliases ${baseline.toFixed(1)} ms`);
});

test('a status label set in the config reaches the Markdown report, ClaimReview and the report view', async () => {
  const { toMarkdown } = await import('../../src/core/format/markdown');
  const { toClaimReview } = await import('../../src/core/format/claimreview');
  const { buildReport, fileReport, statusLabel } = await import('../../src/core/report');
  const { config } = parseConfig('statuses:\n  opinion:\n    label: Editorial view\n');
  const analysis = analyzeText('The host said it works (speaker opinion).\n', { config });
  assert.equal(analysis.claims[0].label, 'Editorial view');
  const report = buildReport([fileReport('n.md', analysis)]);
  assert.match(toMarkdown(report), /\| Editorial view \|/);
  assert.equal(JSON.parse(toClaimReview(report))[0].reviewRating.alternateName, 'Editorial view');
  assert.equal(statusLabel('opinion', analysis.claims[0].label), 'Editorial view');
  // Without a label in the config, claims carry none, and the built-in one shows.
  const plain = analyzeText('The host said it works (speaker opinion).\n').claims[0];
  assert.equal(plain.label, undefined);
  assert.equal(statusLabel(plain.status, plain.label), 'Opinion');
});
