// Markers know where they stand (issue 11): common words count only as annotations, a tag
// fragment or evidence cell qualifies the claim before it, sources come from the marker's clause,
// and the writer's own view expects no source. Each case is from a real note or the survey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { toJson } from '../../src/core/format/json';
import { buildReport, fileReport } from '../../src/core/report';
import { assertRangesExact } from './helpers';

const claims = (text: string) => analyzeText(text).claims;
const summary = (text: string) => claims(text).map((c) => [c.status, c.text]);
const noSource = (text: string) => analyzeText(text).findings.filter((f) => f.code === 'claim.no-source').length;

test('ordinary uses of the vocabulary\'s words are not markers', () => {
  for (const text of [
    'Branch prediction can have significant effects.',
    'We train with next-token prediction.',
    'Predictive maintenance is big, and predictive text helps.',
    'The model outputs a prediction for each token. The prediction head is small.',
    'Lifetime parameters are not captured in opaque types.',
    'View your unverified certificate.',
    'Use /statusline to always show context usage.',
    'The 2025 slide Prediction #6: robots everywhere.',
    'The current bindings suffer a drawback in that they are not verified.',
    'This can bound supposedly-internal compiler APIs to external consumers.',
    'Editors list the pages containing [citation needed] tags.',
    'Captaining IMO Gold, Deep Think and on-policy RL.',
    'Add the speaker opinion marker to a sentence to flag it.',
    'They use a loss between `p` (`F`\'s prediction for the correct class) and `s`.',
    'Hear it not as prediction about our future but as encouragement.',
    'Rod: want ben\'s opinion, but there may be no chance of that?',
    'Joyee: what is the opinion of the npm team?',
    'Establishing the official position, opinion, or will of the project as a whole.',
    'Note passages that come to mind while you are reading, paraphrasing, and asking questions.',
  ]) assert.deepEqual(summary(text), [], text);
});

test('common words count where writers put annotations', () => {
  const cases: Array<[string, string, string]> = [
    ['Sidecars disappear by 2028 (prediction).', 'prediction', 'Sidecars disappear by 2028 (prediction).'],
    ['Prediction: WASM wins by 2030.', 'prediction', 'Prediction: WASM wins by 2030.'],
    ['Rate limiting ships in Q3 — not verified.', 'unverified', 'Rate limiting ships in Q3 — not verified.'],
    ['The pricing is unverified.', 'unverified', 'The pricing is unverified.'],
    ['Adoption will pass 80% by 2027, which remains predictive.', 'prediction', 'Adoption will pass 80% by 2027, which remains predictive.'],
    ['The overhead number was NOT VERIFIED by us.', 'unverified', 'The overhead number was NOT VERIFIED by us.'],
    ['Unverified: the team shipped in a week.', 'unverified', 'Unverified: the team shipped in a week.'],
    ['She said the API is frozen (paraphrasing the CEO).', 'paraphrase', 'She said the API is frozen (paraphrasing the CEO).'],
    ['The quote is paraphrased.', 'paraphrase', 'The quote is paraphrased.'],
    ['Migrate every module (probably not feasible, in Ruben\'s opinion).', 'opinion', 'Migrate every module (probably not feasible, in Ruben\'s opinion).'],
    ['It is the opinion of the author that deprecation should happen.', 'opinion', 'It is the opinion of the author that deprecation should happen.'],
  ];
  for (const [text, status, claim] of cases) assert.deepEqual(summary(text), [[status, claim]], text);
});

test('conventions real writers use are found', () => {
  const cases: Array<[string, string]> = [
    ['The API will be stable in 2027 (?).', 'unverified'],
    ['Revenue grew 40% [?].', 'unverified'],
    ['The team moved 40 PB [citation needed].', 'unverified'],
    ['The CEO allegedly resigned.', 'unverified'],
    ['Supposedly, it was fast.', 'unverified'],
    ['The firm reportedly raised $10M.', 'unverified'],
    ['In my opinion, Rust is great.', 'opinion'],
    ['IMO this is fine.', 'opinion'],
    ['My take is that it fails.', 'opinion'],
    ['He said costs doubled, paraphrase from memory.', 'paraphrase'],
    ['Costs are rising, roughly what she said.', 'paraphrase'],
    ['Anecdotally, teams love it.', 'context'],
    ['My prediction is that Kubernetes fades.', 'prediction'],
  ];
  for (const [text, status] of cases) assert.deepEqual(summary(text), [[status, text]], text);
});

test('a tag fragment qualifies the claim before it; the marker stands beside the claim', () => {
  const text = 'Said their team moved 40 PB off tape in 18 months?? I couldn\'t find this anywhere, unverified';
  const [c] = claims(text);
  assert.equal(c.text, 'Said their team moved 40 PB off tape in 18 months??');
  assert.equal(c.annotation?.text, 'I couldn\'t find this anywhere, unverified');
  assert.deepEqual(c.markers.map((m) => m.text), ['unverified']);
  assertRangesExact(text, analyzeText(text), 'tag');
  assert.deepEqual(summary('They say we will drop POSIX semantics within a decade. Not sure if serious. predictive.'), [['prediction', 'They say we will drop POSIX semantics within a decade.']]);
  assert.deepEqual(summary('A listener poll showed 62% of teams have no budget owner. Internal poll, usable only as show context.'), [['context', 'A listener poll showed 62% of teams have no budget owner.']]);
  // An introducing marker is never a tag: "not really" is the writer's own claim.
  assert.deepEqual(summary('Permissions are granted indirectly. In my opinion, not really.'), [['opinion', 'In my opinion, not really.']]);
  // A sentence with content of its own is its own claim.
  assert.deepEqual(summary('The roadmap is set. The pricing is unverified.'), [['unverified', 'The pricing is unverified.']]);
});

test('a table\'s evidence cell qualifies the claim cell before it, not a label cell', () => {
  const text = '| Topic | Said | Evidence |\n|---|---|---|\n| Cost | Logs are 70% of the bill | Speaker judgment; methodology not published |\n| Gateway adoption | Speaker opinion | Said on stage |\n';
  const a = analyzeText(text);
  assert.deepEqual(a.claims.map((c) => [c.status, c.text, c.annotation?.text]), [
    ['opinion', 'Logs are 70% of the bill', 'Speaker judgment; methodology not published'],
    ['opinion', 'Speaker opinion', undefined],
  ]);
  assertRangesExact(text, a, 'cells');
  // The diagnostic covers the claim cell.
  assert.deepEqual(a.findings.find((f) => f.code === 'claim.opinion')!.range, a.claims[0].range);
});

test('a clause whose marker says there is no source never takes a link from another clause', () => {
  const text = '[DRA concept docs](https://k8s.example/dra) (v1.35 stable); "Google donated at KubeCon to CNCF" is speaker paraphrase—no verbatim source captured in this write-up.';
  assert.deepEqual(claims(text)[0].sources, []);
  // A clause that refers back keeps the sentence's sources.
  const back = claims('See [Conformance](https://example.org/c) for the list; the count is speaker judgment.\n');
  assert.deepEqual(back[0].sources.map((s) => s.url), ['https://example.org/c']);
  // A citation in the marker's own clause is its source.
  const own = claims('[Docs](https://example.org/a) describe it; "it is done" is speaker paraphrase per [talk](https://example.org/t).');
  assert.deepEqual(own[0].sources.map((s) => s.url), ['https://example.org/t']);
});

test('the writer\'s own view needs no source; a speaker\'s does', () => {
  assert.equal(noSource('In my opinion, Rust is great.'), 0);
  assert.equal(claims('IMO this is fine.')[0].own, true);
  assert.equal(noSource('The host said Rust is great (speaker opinion).'), 1);
  // A sentence with both is a speaker's claim too.
  assert.equal(noSource('IMO the host is right that Rust is great (speaker opinion).'), 1);
  // needsSource: false in the config turns claim.no-source off for a status.
  const { config } = parseConfig('statuses:\n  prediction:\n    needsSource: false\n');
  assert.equal(analyzeText('Growth doubles by 2030 (prediction).', { config }).findings.filter((f) => f.code === 'claim.no-source').length, 0);
});

test('markers with punctuation are valid in the config and match as written', () => {
  const { config, problems } = parseConfig('statuses:\n  unverified:\n    markers: ["[unsourced]", "???", { text: "my hunch", own: true }, { text: "guess", place: annotation }]\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(summary('Revenue doubled [unsourced].'), []);
  const withConfig = (t: string) => analyzeText(t, { config }).claims.map((c) => [c.status, c.markers.map((m) => m.text)]);
  assert.deepEqual(withConfig('Revenue doubled [unsourced].'), [['unverified', ['[unsourced]']]]);
  assert.deepEqual(withConfig('Revenue doubled ???'), [['unverified', ['???']]]);
  assert.deepEqual(withConfig('It doubles, my hunch.'), [['unverified', ['my hunch']]]);
  assert.equal(analyzeText('It doubles, my hunch.', { config }).claims[0].own, true);
  assert.deepEqual(withConfig('A guess is cheap. It doubles (guess).'), [['unverified', ['guess']]]);
  const bad = parseConfig('statuses:\n  opinion:\n    markers: ["?", "*bold*", { text: "x", place: nowhere }]\n').problems.map((p) => p.message);
  assert.equal(bad.length, 3, JSON.stringify(bad));
});

test('the JSON contract: annotation and own appear only when set', () => {
  const text = 'Logs grew 40% last year. Unverified.\n\nIn my opinion, this is fine.\n\nIt grew (speaker opinion).\n';
  const json = JSON.parse(toJson(buildReport([fileReport('n.md', analyzeText(text))])));
  const [tagged, own, plain] = json.files[0].claims;
  assert.deepEqual(Object.keys(tagged), ['status', 'text', 'range', 'markers', 'sources', 'annotation']);
  assert.equal(tagged.annotation.text, 'Unverified.');
  assert.deepEqual(Object.keys(own), ['status', 'text', 'range', 'markers', 'sources', 'own']);
  assert.deepEqual(Object.keys(plain), ['status', 'text', 'range', 'markers', 'sources']);
});

test('ordinary Markdown stays quiet', () => {
  const codes = (t: string) => analyzeText(t).findings.map((f) => f.code);
  assert.deepEqual(codes('Thanks [@alice] for the fix.\n\n[@alice]: https://github.com/alice\n'), []);
  assert.deepEqual(codes('Thanks [@bob] for the fix.\n'), ['source.unknown-key']);
  assert.deepEqual(codes('# Summary\n\nSee [summary].\n\n[summary]: #summary\n[motivation]: #motivation\n'), []);
  assert.deepEqual(codes('At [14:00][] Alice spoke; at [1:02:03][] Bob.\n'), []);
  const fm = analyzeText('---\ntitle: [unclosed\ntags: {a\n---\nText.\n').findings;
  assert.deepEqual(fm.map((f) => [f.code, f.severity]), [['frontmatter.invalid', 'hint']]);
  assert.deepEqual(analyzeText('---\nsource: [unclosed\n---\nText.\n').findings.map((f) => [f.code, f.severity]), [['frontmatter.invalid', 'warning']]);
  // A [@handle] with a definition is a link: a claim citing it takes it as its source.
  const c = claims('It grew (speaker opinion) [@alice].\n\n[@alice]: https://github.com/alice\n')[0];
  assert.deepEqual(c.sources.map((s) => [s.via, s.url]), [['reference', 'https://github.com/alice']]);
});
