import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';

const claims = (text: string) => analyzeText(text).claims;
const one = (text: string) => {
  const c = claims(text);
  assert.equal(c.length, 1, `expected one claim in ${JSON.stringify(text)}, got ${c.length}`);
  return c[0];
};

test('every default marker is found, in any case', () => {
  const cases: Array<[string, string]> = [
    ['speaker opinion', 'opinion'], ['speaker judgment', 'opinion'], ["the show's judgment", 'opinion'], ['speaker metaphor', 'opinion'],
    ['metaphor only', 'opinion'], ['qualitative argument', 'opinion'],
    ['speaker paraphrase', 'paraphrase'], ['oral remarks', 'paraphrase'], ['comes from subtitles', 'paraphrase'], ['from the Q&A', 'paraphrase'],
    ['unverified', 'unverified'], ['not verified', 'unverified'], ['could not be fetched', 'unverified'], ['no public repo link', 'unverified'],
    ['no public case link', 'unverified'], ['no verbatim source', 'unverified'], ['not verbatim', 'unverified'], ['not captured', 'unverified'],
    ['no official roadmap', 'unverified'], ['community wish', 'unverified'],
    ['predictive', 'prediction'], ['prediction', 'prediction'],
    ['internal poll', 'context'], ['show context', 'context'], ['methodology not published', 'context'], ['hallway survey', 'context'],
  ];
  for (const [marker, status] of cases) {
    for (const variant of [marker, marker.toUpperCase(), marker.replace(/'/g, '’')]) {
      const c = one(`The figure (${variant}) stands.`);
      assert.equal(c.status, status, variant);
      assert.equal(c.markers[0].text, variant);
    }
  }
});

test('markers match on word boundaries only', () => {
  assert.deepEqual(claims('Unverifiedness and predictions and hallway surveys are not markers.'), []);
  assert.deepEqual(claims('A prepredictive word is not one either.'), []);
});

test('the most severe marker sets the status', () => {
  const c = one('Speaker opinion, a prediction, from an internal poll, and not verified.');
  assert.equal(c.status, 'unverified');
  assert.deepEqual(c.markers.map((m) => m.status), ['opinion', 'prediction', 'context', 'unverified']);
  assert.equal(one('A hallway survey says so (prediction).').status, 'prediction');
  assert.equal(one('Speaker paraphrase and speaker opinion.').status, 'paraphrase');
});

test('markers never count in headings, code, HTML, comments, front matter or definitions', () => {
  const text = [
    '---', 'note: speaker opinion', '---', '# Speaker opinion', '', '```', 'not verified', '```', '', '    speaker paraphrase', '',
    '<div>hallway survey</div>', '', '<!-- unverified -->', '', '[d]: https://example.org "speaker opinion"', '',
    'Plain `speaker opinion` and <b title="not verified">x</b> [d].',
  ].join('\n');
  assert.deepEqual(claims(text), []);
});

test('markers count in table cells, quotes, list items and footnotes', () => {
  const text = '| a | b |\n|---|---|\n| x | speaker opinion |\n\n> not verified\n\n- hallway survey\n\nSee[^n].\n\n[^n]: speaker paraphrase\n';
  assert.deepEqual(claims(text).map((c) => c.status), ['opinion', 'unverified', 'context', 'paraphrase']);
});

test('a marker split over a soft line break still counts', () => {
  const c = one('The host\nsaid it (speaker\nopinion).');
  assert.equal(c.range.start.line, 0);
  assert.equal(c.range.end.line, 2);
});

test('sources: a sentence never borrows a neighbour\'s link', () => {
  const a = analyzeText('See [post](https://example.org/p). This is speaker opinion. And [this](https://example.org/t) too.');
  assert.equal(a.claims.length, 1);
  assert.deepEqual(a.claims[0].sources, []);
  assert.equal(a.findings.filter((f) => f.code === 'claim.no-source').length, 1);
});

test('sources: in-sentence citations beat the front matter', () => {
  const text = '---\nsource: {url: "https://example.org/rec", title: Recording}\n---\nIt grew (speaker opinion) [per](https://example.org/x). It shrank (speaker judgment).';
  const [a, b] = claims(text);
  assert.deepEqual(a.sources.map((s) => [s.via, s.url, s.title]), [['inline', 'https://example.org/x', 'per']]);
  assert.deepEqual(b.sources.map((s) => [s.via, s.url, s.title]), [['note', 'https://example.org/rec', 'Recording']]);
});

test('sources: reference labels are case- and space-insensitive, and defined anywhere', () => {
  const c = one('[^x]: foot\n\nSpeaker opinion per [the  Post][My   Ref].\n\n[my ref]: https://example.org/r\n');
  assert.deepEqual(c.sources.map((s) => [s.via, s.url, s.label]), [['reference', 'https://example.org/r', 'my ref']]);
});

test('sources: several citations are all listed, each once', () => {
  const c = one('Speaker opinion, see https://example.org/a and <https://example.org/a> and [b](https://example.org/b).');
  assert.deepEqual(c.sources.map((s) => s.url), ['https://example.org/a', 'https://example.org/b']);
});

test('claim.no-source sits on the marker, the status on the sentence', () => {
  const a = analyzeText('It grew (speaker opinion).');
  const status = a.findings.find((f) => f.code === 'claim.opinion')!;
  const none = a.findings.find((f) => f.code === 'claim.no-source')!;
  assert.deepEqual(status.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 26 } });
  assert.deepEqual(none.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 24 } });
  assert.equal(status.message, 'Speaker opinion — no source');
});

test('messages name the marker and the source', () => {
  const a = analyzeText('---\nsource:\n  url: https://example.org/k\n  title: Keynote recording\n---\nIt grew (speaker opinion).');
  assert.equal(a.findings[0].message, 'Speaker opinion — source: Keynote recording (front matter)');
  assert.deepEqual(a.findings[0].related?.map((r) => r.range.start.line), [1]);
});

test('unused definitions are hints marked unnecessary; undefined references are warnings', () => {
  const a = analyzeText('Text [a][missing] and [^gone].\n\n[spare]: https://example.org\n');
  assert.deepEqual(a.findings.map((f) => [f.code, f.severity, f.unnecessary ?? false]), [
    ['source.undefined-reference', 'warning', false],
    ['source.undefined-reference', 'warning', false],
    ['source.unused', 'hint', true],
  ]);
});

test('suppression: reasons are kept and suppressed claims raise nothing', () => {
  const a = analyzeText('<!-- claim-lens-disable-next-line opinion -- quoted on purpose -->\nIt grew (speaker opinion).\n');
  assert.deepEqual(a.claims[0].suppressed, { reason: 'quoted on purpose' });
  assert.deepEqual(a.findings, []);
});

test('suppression: disable-next-line skips blank lines and applies to that line only', () => {
  const a = analyzeText('<!-- claim-lens-disable-next-line -->\n\nSpeaker opinion.\n\nSpeaker judgment.\n');
  assert.deepEqual(a.claims.map((c) => !!c.suppressed), [true, false]);
});

test('suppression: status lists filter, disable/enable regions nest by line', () => {
  const text = '<!-- claim-lens-disable opinion -->\nSpeaker opinion. Not verified.\n<!-- claim-lens-enable -->\nSpeaker opinion.\n';
  assert.deepEqual(analyzeText(text).claims.map((c) => [c.status, !!c.suppressed]), [['opinion', true], ['unverified', false], ['opinion', false]]);
});

test('front matter errors become a diagnostic at the broken spot', () => {
  const a = analyzeText('---\ntitle: ok\nsource: [a, b\n---\nSpeaker opinion.\n');
  const f = a.findings.find((x) => x.code === 'frontmatter.invalid');
  assert.ok(f, 'front matter error reported');
  assert.ok(f.range.start.line >= 2 && f.range.start.line <= 3, `placed at line ${f.range.start.line}`);
  assert.equal(a.claims.length, 1);
});

test('a BOM, NUL characters and lone CRs keep ranges exact', () => {
  for (const text of ['\uFEFFSpeaker opinion here.', 'A\0b speaker opinion.', 'Line one.\rSpeaker opinion.\rEnd.']) {
    const a = analyzeText(text);
    assert.equal(a.claims.length, 1, JSON.stringify(text));
    const c = a.claims[0];
    const lines = text.split(/\r\n|\r|\n/);
    assert.equal(lines[c.range.start.line].slice(c.range.start.character, c.range.end.character), c.text);
  }
});

test('definitions inside quotes and lists resolve; images use definitions without being sources', () => {
  const a = analyzeText('> Speaker opinion per [q].\n>\n> [q]: https://example.org/q\n\n- Not verified ![chart][img].\n\n  [img]: https://example.org/chart.png\n');
  assert.deepEqual(a.claims.map((c) => c.sources.map((s) => s.url)), [['https://example.org/q'], []]);
  assert.deepEqual(a.findings.filter((f) => f.code.startsWith('source.')), []);
});

test('each link definition keeps its own destination; the first of a label wins', () => {
  const a = analyzeText('Speaker opinion [x].\n\n[x]: https://example.org/first\n[x]: https://example.org/second\n');
  assert.deepEqual(a.claims[0].sources.map((s) => s.url), ['https://example.org/first']);
  const b = analyzeText('Speaker opinion [x].\n\n.[x]: https://example.org/first\n\n[x]: https://example.org/second\n');
  assert.deepEqual(b.claims[0].sources.map((s) => s.url), ['https://example.org/second']);
});

test('front matter with lone CR line ends places its problems in bounds', () => {
  const text = '---\rt: [\r---\rSpeaker opinion.';
  const a = analyzeText(text);
  const lines = text.split('\r');
  for (const f of a.findings) assert.ok(f.range.end.line < lines.length && f.range.end.character <= lines[f.range.end.line].length, JSON.stringify(f.range));
});

test('every finding carries its message as a template and arguments, for translation', () => {
  const a = analyzeText('---\nsource: {url: "https://example.org/r", title: Rec}\n---\nSpeaker opinion [x][nope] and [y](javascript:z).\n\n[^u]: unused\n');
  assert.ok(a.findings.length >= 4);
  for (const f of a.findings) {
    assert.ok(f.l10n, `${f.code} has a template`);
    const filled = f.l10n.message.replace(/\{(\d+)\}/g, (_m, i: string) => String(f.l10n!.args[Number(i)]));
    assert.equal(filled, f.message);
  }
});
