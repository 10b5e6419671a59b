import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { analyzeText } from '../../src/core/analyze';
import { annotationsFragment, assembleAnnotations, toAnnotations } from '../../src/core/format/annotations';
import { assembleClaimReview, claimReviewFragment, toClaimReview } from '../../src/core/format/claimreview';
import { buildReport, fileReport, statusLabel, type Report } from '../../src/core/report';
import { fixtureNames, readFixture, ROOT, toCrlf } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON-LD */

const FAMILY = '👨‍👩‍👧'; // five code points, one grapheme cluster

/** Notes in our users' style: emoji, CRLF, block quotes, footnotes, suppressions, odd paths. */
const NOTES: Record<string, string> = {
  'notes/emoji talk.md': [
    '---', 'source: { url: "https://media.example.org/keynote.mp4", title: Keynote recording }', '---',
    '# Keynote 🎤', '',
    'It grew 🚀 tenfold in a year (speaker opinion). The count is not verified [^n].',
    '<!-- claim-lens-disable-next-line -- quoted for the record -->',
    'Speaker judgment: the best talk 🏆 of the year.',
    '',
    '> The host said the migration is done',
    '> across 🌍 regions (speaker paraphrase).',
    '',
    `Ok ${FAMILY} ${'b'.repeat(26)}. The family 👪 plan ships next year (predictive).`,
    '',
    'See the [slides](https://conf.example.org/slides "Slides") for more, a qualitative argument.',
    '',
    '[^n]: Footnote text without a link.',
  ].join('\n'),
  'notes/meetup#3.md': toCrlf([
    '# Meetup',
    '',
    'The speaker said that the cache',
    'halves latency (oral remarks).',
    `Padding line ${'x'.repeat(17)}.`,
    'Filler words go here, well ok. The roadmap is a community wish.',
    '',
    'Nothing flagged here.',
  ].join('\n')),
  'notes/plain.md': '# No claims here\n\nJust prose.\n',
};

function report(notes: Record<string, string>): Report {
  return buildReport(Object.entries(notes).map(([path, text]) => fileReport(path, analyzeText(text))));
}

const texts = (notes: Record<string, string>) => (path: string) => notes[path];

function fixtureNotes(): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const name of fixtureNames()) {
    notes[`fixtures/${name}`] = readFixture(name);
    notes[`fixtures/crlf/${name}`] = toCrlf(readFixture(name));
  }
  return notes;
}

function schema(name: string): any {
  return JSON.parse(readFileSync(join(ROOT, 'test/unit/shapes', name), 'utf8'));
}

function validator(s: object): ValidateFunction {
  return new Ajv({ allErrors: true }).compile(s);
}

function valid(validate: ValidateFunction, doc: unknown): void {
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
}

const clone = (v: any): any => JSON.parse(JSON.stringify(v));

// ---------------------------------------------------------------- ClaimReview

test('claimreview: one self-contained ClaimReview per claim, suppressed ones included', () => {
  const r = report(NOTES);
  const out = toClaimReview(r);
  assert.ok(out.endsWith(']\n'));
  const doc = JSON.parse(out);
  const claims = r.files.flatMap((f) => f.claims);
  assert.equal(doc.length, claims.length);
  assert.ok(claims.length >= 7);
  doc.forEach((item: any, i: number) => {
    const c = claims[i];
    assert.equal(item['@context'], 'https://schema.org');
    assert.equal(item['@type'], 'ClaimReview');
    assert.equal(item.reviewRating.alternateName, statusLabel(c.status));
    assert.doesNotMatch(item.claimReviewed, /[\r\n]/);
    assert.deepEqual(item.author, { '@type': 'Organization', name: 'Claim Lens' });
    assert.equal(item.datePublished, undefined, 'no date unless options.now');
    assert.equal(item.url, undefined, 'no url unless options.base');
    const urls = c.sources.flatMap((s) => (s.url ? [s.url] : []));
    assert.deepEqual((item.itemReviewed.appearance ?? []).flatMap((a: any) => (a.url ? [a.url] : [])), urls);
    assert.equal(/Suppressed in the note/.test(item.reviewRating.ratingExplanation), !!c.suppressed);
  });
  const quoted = doc.find((d: any) => d.claimReviewed.startsWith('The host said'));
  assert.equal(quoted.claimReviewed, 'The host said the migration is done across 🌍 regions (speaker paraphrase).');
  const suppressed = doc.find((d: any) => /Suppressed/.test(d.reviewRating.ratingExplanation));
  assert.match(suppressed.reviewRating.ratingExplanation, /Suppressed in the note: quoted for the record\.$/);
  const footnote = doc.find((d: any) => d.claimReviewed.startsWith('The count is not verified'));
  assert.deepEqual(footnote.itemReviewed.appearance, [{ '@type': 'CreativeWork', name: 'Footnote text without a link.' }]);
  assert.equal(toClaimReview(report(NOTES)), out, 'deterministic');
});

test('claimreview: validates against the schema.org shape, and the Google shape once it has a url', () => {
  const shape = schema('claimreview.schema.json');
  const validate = validator(shape);
  const google = validator({ ...shape, items: { $ref: '#/definitions/GoogleClaimReview' } });
  const plain = JSON.parse(toClaimReview(report(NOTES)));
  valid(validate, plain);
  valid(validate, JSON.parse(toClaimReview(report(fixtureNotes()))));
  valid(validate, JSON.parse(toClaimReview(buildReport([]))));
  assert.equal(google(plain), false, 'without options.base there is no url, which Google requires');

  const now = new Date('2026-03-04T23:30:00Z');
  const published = JSON.parse(toClaimReview(report(NOTES), { now, base: 'https://notes.example.org/team/', author: { name: 'Ada', url: 'https://ada.example.org', type: 'Person' } }));
  valid(google, published);
  const first = published[0];
  assert.equal(first.datePublished, '2026-03-04');
  assert.deepEqual(first.author, { '@type': 'Person', name: 'Ada', url: 'https://ada.example.org' });
  assert.equal(published.find((d: any) => d.claimReviewed.startsWith('The roadmap')).url, 'https://notes.example.org/team/notes/meetup%233.md#L6');
  assert.equal(published.find((d: any) => d.claimReviewed.startsWith('It grew')).url, 'https://notes.example.org/team/notes/emoji%20talk.md#L6');

  // The validators are live: broken documents fail.
  const broken = [
    (d: any) => delete d[0].claimReviewed,
    (d: any) => (d[0]['@type'] = 'Review'),
    (d: any) => (d[0].reviewRating.alternateName = 3),
    (d: any) => (d[0].itemReviewed.appearance = [{ '@type': 'CreativeWork', url: 'not a url' }]),
    (d: any) => (d[0].datePublished = 'yesterday'),
    (d: any) => delete d[0]['@context'],
  ];
  for (const breakIt of broken) {
    const doc = clone(published);
    breakIt(doc);
    assert.equal(validate(doc), false, `should fail: ${breakIt}`);
  }
  const noVerdict = clone(published);
  delete noVerdict[0].reviewRating.alternateName;
  assert.equal(google(noVerdict), false, 'Google requires reviewRating.alternateName');
});

test('claimreview: file fragments assemble to the same bytes', () => {
  const r = report(NOTES);
  const options = { now: new Date('2026-01-01T00:00:00Z'), base: 'https://x.example/' };
  assert.equal(assembleClaimReview(r.files.map((f) => claimReviewFragment(f, options))), toClaimReview(r, options));
  assert.equal(toClaimReview(buildReport([])), '[]\n');
});

// ---------------------------------------------------------------- Web Annotation

/** Code points of a string: what TextPositionSelector counts. */
const cps = (s: string) => Array.from(s);

function checkRoundTrip(notes: Record<string, string>, doc: any): number {
  const r = report(notes);
  const items: any[] = doc.first?.items ?? [];
  assert.equal(doc.total, items.length);
  assert.equal(items.length, r.files.reduce((n, f) => n + f.claims.length, 0));
  assert.equal(new Set(items.map((a) => a.id)).size, items.length, 'ids are unique');
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let checked = 0;
  let k = 0;
  for (const f of r.files) {
    const text = notes[f.path];
    const points = cps(text);
    const bounds = new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
    for (const c of f.claims) {
      const a = items[k++];
      assert.equal(a.target.source, f.path.split('/').map(encodeURIComponent).join('/'));
      const [quote, position] = a.target.selector;
      assert.equal(quote.type, 'TextQuoteSelector');
      assert.equal(position.type, 'TextPositionSelector');
      assert.equal(quote.exact, c.text);
      // The round trip: code-point positions slice the note's text to `exact`…
      assert.equal(points.slice(position.start, position.end).join(''), quote.exact, `${f.path}: ${c.text}`);
      // …and prefix and suffix are the text right around it, at most 32 code points, whole graphemes.
      const before = points.slice(0, position.start).join('');
      const after = points.slice(position.end).join('');
      assert.ok(before.endsWith(quote.prefix), `${f.path}: prefix ${JSON.stringify(quote.prefix)}`);
      assert.ok(after.startsWith(quote.suffix), `${f.path}: suffix ${JSON.stringify(quote.suffix)}`);
      assert.ok(cps(quote.prefix).length <= 32 && cps(quote.suffix).length <= 32);
      assert.ok(bounds.has(before.length - quote.prefix.length), `${f.path}: prefix starts mid-grapheme ${JSON.stringify(quote.prefix)}`);
      assert.ok(bounds.has(text.length - after.length + quote.suffix.length), `${f.path}: suffix ends mid-grapheme ${JSON.stringify(quote.suffix)}`);
      if (before.length >= 40) assert.ok(cps(quote.prefix).length >= 24, 'prefix keeps most of its context');
      checked++;
    }
  }
  return checked;
}

test('annotations: one Annotation per claim in an AnnotationCollection, with tags, descriptions and links', () => {
  const r = report(NOTES);
  const out = toAnnotations(r, texts(NOTES));
  assert.ok(out.endsWith('}\n'));
  const doc = JSON.parse(out);
  assert.equal(doc['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(doc.type, 'AnnotationCollection');
  assert.equal(doc.first.type, 'AnnotationPage');
  assert.equal(doc.first.partOf, doc.id);
  assert.equal(doc.last, doc.first.id);
  const items = doc.first.items;
  const claims = r.files.flatMap((f) => f.claims);
  items.forEach((a: any, i: number) => {
    const c = claims[i];
    assert.equal(a['@context'], undefined, 'the context is given once, at the top');
    assert.equal(a.type, 'Annotation');
    assert.equal(a.motivation, 'assessing');
    assert.equal(a.created, undefined);
    assert.deepEqual(a.body[0], { type: 'TextualBody', purpose: 'tagging', value: c.status });
    assert.equal(a.body.some((b: any) => b.value === 'suppressed'), !!c.suppressed);
    const links = a.body.filter((b: any) => b.purpose === 'linking').map((b: any) => b.source);
    assert.deepEqual(links, [...new Set(c.sources.flatMap((s) => (s.url ? [s.url] : [])))]);
    assert.equal(a.target.type, 'SpecificResource');
  });
  assert.equal(items[0].id, '#notes/emoji%20talk.md:6:1');
  assert.ok(items.some((a: any) => a.target.source === 'notes/meetup%233.md'));
  assert.equal(toAnnotations(report(NOTES), texts(NOTES)), out, 'deterministic');
});

test('annotations: TextPositionSelector counts code points; emoji are one character', () => {
  const doc = JSON.parse(toAnnotations(report(NOTES), texts(NOTES)));
  const text = NOTES['notes/emoji talk.md'];
  const a = doc.first.items.find((x: any) => x.target.selector[0].exact.startsWith('The host said'));
  const unit = text.indexOf('The host said');
  const [, position] = a.target.selector;
  // 🎤 and 🚀 and 🏆 come before it: three astral characters, three code units fewer than UTF-16.
  assert.equal(position.start, unit - 3);
  assert.equal(cps(text).slice(position.start, position.end).join(''), a.target.selector[0].exact);
  assert.notEqual(text.slice(position.start, position.end), a.target.selector[0].exact, 'UTF-16 slicing would be wrong here');
});

test('annotations: prefix and suffix stop at grapheme boundaries (ZWJ emoji, CRLF)', () => {
  const doc = JSON.parse(toAnnotations(report(NOTES), texts(NOTES)));
  const quote = (start: string) => doc.first.items.find((x: any) => x.target.selector[0].exact.startsWith(start)).target.selector[0];
  // 32 code points back lands inside the family emoji: the prefix starts after it.
  assert.equal(quote('The family').prefix, ` ${'b'.repeat(26)}. `);
  // 32 code points back lands between CR and LF: the prefix starts after the line break.
  assert.equal(quote('The roadmap').prefix, 'Filler words go here, well ok. ');
  assert.equal(quote('The roadmap').suffix, '\r\n\r\nNothing flagged here.');
});

test('annotations: round-trip on every fixture, LF and CRLF', () => {
  const notes = { ...NOTES, ...fixtureNotes() };
  const n = checkRoundTrip(notes, JSON.parse(toAnnotations(report(notes), texts(notes))));
  assert.ok(n > 50, `only ${n} claims checked`);
});

test('annotations: validate against the Web Annotation shape; the validator is live', () => {
  const validate = validator(schema('annotation.schema.json'));
  const notes = { ...NOTES, ...fixtureNotes() };
  const doc = JSON.parse(toAnnotations(report(notes), texts(notes), { now: new Date('2026-03-04T05:06:07.890Z') }));
  valid(validate, doc);
  valid(validate, JSON.parse(toAnnotations(buildReport([]), () => undefined)));
  valid(validate, JSON.parse(toAnnotations(report(NOTES), () => undefined)));
  const standalone = validator({ ...schema('annotation.schema.json'), allOf: [{ $ref: '#/definitions/StandaloneAnnotation' }] });
  valid(standalone, { '@context': doc['@context'], ...doc.first.items[0] });

  const broken = [
    (d: any) => delete d['@context'],
    (d: any) => (d['@context'] = ['http://www.w3.org/ns/anno.jsonld']),
    (d: any) => delete d.first,
    (d: any) => (d.first.items = []),
    (d: any) => delete d.first.items[0].target,
    (d: any) => delete d.first.items[0].id,
    (d: any) => (d.first.items[0].type = 'Note'),
    (d: any) => (d.first.items[0].motivation = 'flagging'),
    (d: any) => (d.first.items[0].created = '2026-03-04T05:06:07+01:00'),
    (d: any) => delete d.first.items[0].body[0].value,
    (d: any) => (d.first.items[0].bodyValue = 'x'),
    (d: any) => delete d.first.items[0].target.source,
    (d: any) => delete d.first.items[0].target.selector[0].exact,
    (d: any) => (d.first.items[0].target.selector[1].start = -1),
    (d: any) => (d.first.items[0].target.selector[1].end = 1.5),
    (d: any) => (d.first.items[0].id = 'has space'),
  ];
  for (const breakIt of broken) {
    const d = clone(doc);
    breakIt(d);
    assert.equal(validate(d), false, `should fail: ${breakIt}`);
  }
  assert.equal(standalone(doc.first.items[0]), false, 'a top-level Annotation needs @context');
});

test('annotations: options give dates and absolute ids and sources', () => {
  const doc = JSON.parse(toAnnotations(report(NOTES), texts(NOTES), {
    now: new Date('2026-03-04T05:06:07.890Z'),
    base: 'https://notes.example.org/team/',
    id: 'https://notes.example.org/exports/claims.jsonld',
  }));
  assert.equal(doc.id, 'https://notes.example.org/exports/claims.jsonld#claims');
  const a = doc.first.items[0];
  assert.equal(a.created, '2026-03-04T05:06:07Z');
  assert.equal(a.id, 'https://notes.example.org/exports/claims.jsonld#notes/emoji%20talk.md:6:1');
  assert.equal(a.target.source, 'https://notes.example.org/team/notes/emoji%20talk.md');
  assert.throws(() => toAnnotations(report(NOTES), texts(NOTES), { base: 'relative/' }), /not an absolute URL/);
});

test('annotations: without the note text (or with a changed one) only the quote is given', () => {
  const r = report(NOTES);
  const changed = { ...NOTES, 'notes/emoji talk.md': NOTES['notes/emoji talk.md'].replace('tenfold', 'twofold') };
  for (const source of [() => undefined, texts(changed)]) {
    const doc = JSON.parse(toAnnotations(r, source));
    const a = doc.first.items[0];
    assert.deepEqual(a.target.selector, [{ type: 'TextQuoteSelector', exact: r.files[0].claims[0].text }]);
  }
});

test('annotations: an empty report is a collection with total 0; fragments assemble to the same bytes', () => {
  const empty = JSON.parse(toAnnotations(buildReport([]), () => undefined));
  assert.equal(empty.total, 0);
  assert.equal(empty.first, undefined);
  const r = report(NOTES);
  const options = { now: new Date('2026-01-01T00:00:00Z') };
  assert.equal(assembleAnnotations(r.files.map((f) => annotationsFragment(f, NOTES[f.path], options)), r, options), toAnnotations(r, texts(NOTES), options));
});

test('format registry: every format made per file assembles to the bytes of the whole report, and the CLI and the report view offer its formats', async () => {
  const { OUTPUT_FORMATS, FORMATS, isFormat } = await import('../../src/core/format/index');
  const { USAGE } = await import('../../src/cli/args');
  const r = report(NOTES);
  for (const f of OUTPUT_FORMATS) {
    const whole = f.whole(r, texts(NOTES));
    assert.ok(whole.length > 0, f.id);
    if (f.fragment && f.assemble) {
      assert.equal(f.assemble(r.files.map((file) => f.fragment!(file, NOTES[file.path])), r), whole, `${f.id}: fragments assemble to the whole`);
    }
    assert.ok(USAGE.includes(f.id), `the CLI's usage names ${f.id}`);
  }
  assert.deepEqual([...FORMATS].sort(), ['annotations', 'claimreview', 'json', 'markdown', 'sarif', 'text']);
  assert.equal(isFormat('html'), false);
  assert.deepEqual(OUTPUT_FORMATS.filter((f) => !f.exportable).map((f) => f.id), ['text'], 'the report view exports every format but plain text');
});
