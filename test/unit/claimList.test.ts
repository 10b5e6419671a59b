import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { claimAfter, claimBefore, claimMatcher, claimsNeedingSource, compareStatuses, groupKeys, inNoteOrder, isFiltering, needsSource, NO_FILTER, NO_SOURCE_KEY, readable, shorten, sourceKey } from '../../src/core/claimList';

const NOTE = [
  '# Talk',
  '',
  'The speaker said most teams already migrated (speaker opinion).',
  '',
  'A vendor slide showed rate limiting for Q3 (not verified) [slides](https://example.org/slides).',
  '',
  'In my opinion the demo was rushed.',
  '',
  'Meshes will converge by 2028, which remains predictive [slides](https://example.org/slides) [blog](https://example.org/blog).',
  '',
  'The CEO reportedly resigned. <!-- claim-lens-disable-line unverified -- checked by phone -->',
  '',
].join('\n');

const claims = analyzeText(NOTE).claims;
const byText = (t: string) => {
  const c = claims.find((x) => x.text.includes(t));
  assert.ok(c, `no claim with ${t}: ${JSON.stringify(claims.map((x) => x.text))}`);
  return c;
};

test('a claim needs a source when it cites none, is not the writer\'s own view, and is not suppressed', () => {
  assert.equal(needsSource(byText('most teams')), true);
  assert.equal(needsSource(byText('rate limiting')), false, 'cites the slides');
  assert.equal(needsSource(byText('demo was rushed')), false, 'the writer\'s own opinion');
  const suppressed = byText('CEO');
  assert.ok(suppressed.suppressed);
  assert.equal(needsSource(suppressed), false);
});

test('filters: statuses, text in the sentence, markers or sources, and without source; all parts must hold', () => {
  const pass = (f: Partial<typeof NO_FILTER>) => claims.filter((c) => !c.suppressed).filter(claimMatcher({ ...NO_FILTER, ...f })).map((c) => c.status);
  assert.equal(isFiltering(NO_FILTER), false);
  assert.equal(isFiltering({ ...NO_FILTER, text: '  ' }), false, 'blank text is no filter');
  assert.equal(isFiltering({ ...NO_FILTER, unsourced: true }), true);
  assert.deepEqual(pass({}), ['opinion', 'unverified', 'opinion', 'prediction']);
  assert.deepEqual(pass({ statuses: ['opinion'] }), ['opinion', 'opinion']);
  assert.deepEqual(pass({ statuses: ['opinion', 'prediction'], unsourced: true }), ['opinion']);
  assert.deepEqual(pass({ text: 'RATE limiting' }), ['unverified'], 'any case');
  assert.deepEqual(pass({ text: 'speaker opinion' }), ['opinion'], 'a marker');
  assert.deepEqual(pass({ text: 'example.org/blog' }), ['prediction'], 'a source URL');
  assert.deepEqual(pass({ text: 'blog' }), ['prediction'], 'a source title');
  assert.deepEqual(pass({ text: 'slides', statuses: ['prediction'] }), ['prediction']);
  assert.deepEqual(pass({ text: 'nowhere' }), []);
});

test('group keys: one status; each distinct source, or the group without source', () => {
  const twoSources = byText('Meshes');
  assert.deepEqual(groupKeys(twoSources, 'status'), ['prediction']);
  assert.deepEqual(groupKeys(twoSources, 'source'), ['url:https://example.org/slides', 'url:https://example.org/blog']);
  assert.deepEqual(groupKeys(byText('most teams'), 'source'), [NO_SOURCE_KEY]);
  assert.equal(sourceKey({ title: 'Hallway chat', via: 'footnote' }), 'title:Hallway chat');
  const front = analyzeText('---\nsource: https://example.org/ep1\n---\n\nThe host said it works (speaker opinion).\n').claims[0];
  assert.deepEqual(groupKeys(front, 'source'), ['url:https://example.org/ep1'], 'a front-matter source is a group too');
});

test('statuses sort in the built-in precedence order, custom ones after by name', () => {
  assert.deepEqual(['context', 'zeta', 'opinion', 'alpha', 'unverified', 'prediction', 'paraphrase'].sort(compareStatuses),
    ['unverified', 'paraphrase', 'opinion', 'prediction', 'context', 'alpha', 'zeta']);
});

test('shorten keeps a short sentence, and cuts a long one at a word on one line', () => {
  assert.equal(shorten('A short\n  sentence.'), 'A short sentence.');
  const long = `${'word '.repeat(40)}end.`;
  const s = shorten(long, 50);
  assert.ok(s.length <= 50, s);
  assert.match(s, /^word( word)*…$/);
  assert.equal(shorten('x'.repeat(60), 20), `${'x'.repeat(19)}…`, 'no space: cut anyway');
});

test('next and previous claim from a position, wrapping round the note', () => {
  const at = (line: number, character: number) => ({ range: { start: { line, character }, end: { line, character: character + 5 } } });
  const list = inNoteOrder([at(8, 0), at(2, 0), at(2, 40), at(4, 0)]);
  assert.deepEqual(list.map((c) => [c.range.start.line, c.range.start.character]), [[2, 0], [2, 40], [4, 0], [8, 0]]);
  const pos = (line: number, character: number) => ({ line, character });
  assert.equal(claimAfter(list, pos(0, 0)), list[0]);
  assert.equal(claimAfter(list, pos(2, 0)), list[1], 'the one after the claim the cursor is on');
  assert.equal(claimAfter(list, pos(2, 45)), list[2]);
  assert.equal(claimAfter(list, pos(9, 0)), list[0], 'wraps to the first');
  assert.equal(claimBefore(list, pos(4, 0)), list[1]);
  assert.equal(claimBefore(list, pos(4, 3)), list[2], 'inside a claim: its start');
  assert.equal(claimBefore(list, pos(1, 0)), list[3], 'wraps to the last');
  assert.equal(claimAfter([], pos(0, 0)), undefined);
  assert.equal(claimBefore([], pos(0, 0)), undefined);
});

test('a label reads as prose: links as their text, no footnote references or emphasis marks', () => {
  assert.equal(readable('It **doubled** (not verified) [slides](https://example.org/s) and [the post][post].[^qa]'), 'It doubled (not verified) slides and the post.');
  assert.equal(readable('Cites [@talk, 12:34] and `code`.'), 'Cites [@talk, 12:34] and code.');
  assert.equal(readable('An [unclosed bracket (speaker opinion).'), 'An [unclosed bracket (speaker opinion).');
});

test('with the findings, the claims needing a source are exactly those reported as claim.no-source', () => {
  const text = [
    'The speaker said most teams already migrated (speaker opinion).',
    '',
    'The host said it scales (speaker opinion). <!-- claim-lens-disable-line no-source -- said on air, no recording -->',
    '',
    'Meshes will converge by 2028, which remains predictive.',
    '',
    'In my opinion the demo was rushed.',
    '',
  ].join('\n');
  const config = parseConfig('statuses:\n  prediction:\n    needsSource: false\n').config;
  const a = analyzeText(text, { config });
  const needy = claimsNeedingSource(a.claims, a.findings);
  assert.deepEqual(a.claims.filter((c) => needy.has(c)).map((c) => c.text.slice(0, 12)), ['The speaker '], 'a no-source suppression, needsSource: false and the writer\'s own view need none');
  assert.equal(a.findings.filter((f) => f.code === 'claim.no-source').length, needy.size);
  // Without findings, the claim alone decides: only the writer's own view is left out.
  assert.deepEqual(a.claims.filter((c) => claimsNeedingSource(a.claims).has(c)).map((c) => c.text.slice(0, 12)), ['The speaker ', 'The host sai', 'Meshes will ']);
  // The rule switched off: nothing is reported, so nothing is counted.
  const off = analyzeText(text, { config: parseConfig('rules:\n  claim.no-source: off\n').config });
  assert.equal(claimsNeedingSource(off.claims, off.findings).size, 0);
  // The filter takes the same answer.
  const match = claimMatcher({ ...NO_FILTER, unsourced: true }, (c) => needy.has(c));
  assert.deepEqual(a.claims.filter(match).map((c) => c.text.slice(0, 12)), ['The speaker ']);
});
