import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanInline } from '../../src/core/inline';
import { splitSentences } from '../../src/core/sentences';

const split = (s: string) => {
  const { prose } = scanInline(s);
  return splitSentences(prose).map(([a, b]) => s.slice(a, b));
};

test('splits on terminators followed by space', () => {
  assert.deepEqual(split('One. Two! Three? Four'), ['One.', 'Two!', 'Three?', 'Four']);
});

for (const [name, text] of [
  ['e.g. and i.e.', 'Tools, e.g. Envoy, i.e. a proxy, win.'],
  ['vs.', 'Envoy vs. Nginx is close.'],
  ['versions', 'Version v1.35 and 2.0.1 shipped.'],
  ['percentages', 'It was ~10% faster.'],
  ['comparisons with decimals', 'At ≥6.8 GB/s it held.'],
  ['Fig.', 'As Fig. 2 shows, it held.'],
  ['URLs', 'See https://example.org/a.b/c.d for more.'],
  ['inline links', 'See [the post](https://example.org/a. b) now.'],
  ['inline code', 'Call `a.b(). C` first.'],
  ['initials', 'J. Doe agreed.'],
  ['lower-case continuation', 'It took approx. ten minutes.'],
  ['a list number at the start of a line', 'Steps:\n2. Then it ran.'],
] as const) {
  test(`does not end a sentence at ${name}`, () => {
    assert.deepEqual(split(text), [text]);
  });
}

test('keeps closing quotes and brackets with the sentence', () => {
  assert.deepEqual(split('He said “done.” Then (it ended.) Next [^1]. Last'), ['He said “done.”', 'Then (it ended.)', 'Next [^1].', 'Last']);
});

test('splits CJK text at full stops with no space after', () => {
  assert.deepEqual(split('第一句。第二句！Third.'), ['第一句。', '第二句！', 'Third.']);
});

test('ellipses and runs of terminators end together', () => {
  assert.deepEqual(split('Wait... What?! Fine.'), ['Wait...', 'What?!', 'Fine.']);
});

test('a footnote reference after the period stays with the sentence', () => {
  assert.deepEqual(split('It shipped.[^a] Then it broke.'), ['It shipped.[^a]', 'Then it broke.']);
});

test('a parenthetical standing alone joins the sentence before it', () => {
  assert.deepEqual(split('It shipped in May. (Not verified.) Next one.'), ['It shipped in May. (Not verified.)', 'Next one.']);
  assert.deepEqual(split('First. (speaker opinion)'), ['First. (speaker opinion)']);
});

test('sentences inside a quotation stay with the sentence that quotes them', () => {
  assert.deepEqual(split('He said “We are done. Totally.” (speaker opinion). Then he left.'), ['He said “We are done. Totally.” (speaker opinion).', 'Then he left.']);
  assert.deepEqual(split('An "unclosed quote. Ends here. Next.'), ['An "unclosed quote.', 'Ends here.', 'Next.']);
});

test('number abbreviations hold only before a number; etc. and no. can end a sentence', () => {
  assert.deepEqual(split('See No. 5 and p. 12 here. We tried gRPC, REST, etc. The rest failed. The answer was no. Then it ended.'), [
    'See No. 5 and p. 12 here.', 'We tried gRPC, REST, etc.', 'The rest failed.', 'The answer was no.', 'Then it ended.',
  ]);
});

test('a quoted sentence followed by a lower-case word does not end the sentence', () => {
  assert.deepEqual(split('She said “it works.” and then left (speaker paraphrase). Next.'), ['She said “it works.” and then left (speaker paraphrase).', 'Next.']);
  assert.deepEqual(split('He asked “why now?” and nobody answered. Done.'), ['He asked “why now?” and nobody answered.', 'Done.']);
});

test('a lower-case letter before a period is a word, not an initial', () => {
  assert.deepEqual(split('It deployed in 40 s. The chart comes from subtitles.'), ['It deployed in 40 s.', 'The chart comes from subtitles.']);
  assert.deepEqual(split('Ask J. Smith.'), ['Ask J. Smith.']);
});
