import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { makeNote, rng } from '../../bench/corpus';
import { fixtureNames, readFixture } from './helpers';

const SNIPPETS = [
  ' (speaker opinion)', ' not verified', '.', '\n', '\n\n', '[ref1]', '[^f1]', '`', '```\n', '> ', '- ', '| a | b |\n|---|---|\n| c | speaker paraphrase |\n',
  '\n[ref1]: https://example.org/changed "Changed"\n', '\n[^f1]: Now with a [link](https://example.org/f).\n', '<!-- claim-lens-disable-next-line -->\n', '---\n', '    ', '[x](https://example.org/x)', '"', '# ',
];

/** One random edit of the kinds a writer makes: type, delete, paste a block, edit a definition. */
function edit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.35) return text.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + text.slice(at);
  if (r < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 40)));
  if (r < 0.75) {
    // Paste a block copied from elsewhere in the note.
    const from = Math.floor(rand() * text.length);
    return text.slice(0, at) + text.slice(from, from + Math.floor(rand() * 300)) + text.slice(at);
  }
  if (r < 0.9) {
    // Edit a link definition's destination, or its label.
    const m = /\[(ref\d|\^f\d)\]: ?(\S*)/.exec(text.slice(at)) ?? /\[(ref\d|\^f\d)\]: ?(\S*)/.exec(text);
    if (m) {
      const i = text.indexOf(m[0]);
      const repl = rand() < 0.5 ? m[0].replace(m[2], `https://example.org/e${Math.floor(rand() * 99)}`) : m[0].replace(m[1], `${m[1]}x`);
      return text.slice(0, i) + repl + text.slice(i + m[0].length);
    }
  }
  return text.slice(0, at) + String.fromCharCode(97 + Math.floor(rand() * 26)) + text.slice(at);
}

function checkSequence(start: string, seed: number, steps: number) {
  const rand = rng(seed);
  const inc = new IncrementalAnalyzer();
  let text = start;
  assert.deepEqual(inc.analyze(text), analyzeText(text));
  let incremental = 0;
  for (let i = 0; i < steps; i++) {
    text = edit(text, rand);
    const got = inc.analyze(text);
    if (inc.lastMode === 'incremental') incremental++;
    assert.deepEqual(got, analyzeText(text), `seed ${seed}, step ${i} (${inc.lastMode})`);
  }
  return incremental;
}

test('random edits give exactly the findings of a full analysis (generated notes)', () => {
  let incremental = 0;
  for (let seed = 1; seed <= 40; seed++) incremental += checkSequence(makeNote(rng(seed), 3000 + seed * 50, seed), seed, 25);
  // The point is to reuse work: most edits must not fall back to a full parse.
  assert.ok(incremental > 40 * 25 * 0.5, `only ${incremental} of ${40 * 25} edits were incremental`);
});

test('random edits give exactly the findings of a full analysis (fixture notes, LF and CRLF)', () => {
  let seed = 1000;
  for (const name of fixtureNames()) {
    const text = readFixture(name);
    checkSequence(text, seed++, 15);
    checkSequence(text.replace(/\r?\n/g, '\r\n'), seed++, 10);
  }
});

test('editing a definition updates every claim that cites it', () => {
  const inc = new IncrementalAnalyzer();
  const before = 'Speaker opinion [a].\n\nMore text.\n\nNot verified [a].\n\n[a]: https://example.org/one\n';
  assert.deepEqual(inc.analyze(before).claims.map((c) => c.sources[0]?.url), ['https://example.org/one', 'https://example.org/one']);
  const after = inc.analyze(before.replace('/one', '/two'));
  assert.equal(inc.lastMode, 'incremental');
  assert.deepEqual(after.claims.map((c) => c.sources[0]?.url), ['https://example.org/two', 'https://example.org/two']);
  const removed = inc.analyze(before.replace('[a]: https://example.org/one\n', ''));
  assert.deepEqual(removed.claims.map((c) => c.sources.length), [0, 0]);
});

test('an unclosed fence falls back to a full parse and stays correct', () => {
  const inc = new IncrementalAnalyzer();
  const text = 'Para one.\n\nSpeaker opinion.\n\nNot verified.\n\nLast paragraph.\n';
  inc.analyze(text);
  const fenced = text.replace('Speaker opinion.', '```\nSpeaker opinion.');
  assert.deepEqual(inc.analyze(fenced), analyzeText(fenced));
  assert.equal(inc.analyze(fenced).claims.length, 0);
});

test('a note parsed in small slices gives exactly the one-pass result', async () => {
  const { parseProgressively } = await import('../../src/core/incremental');
  const { analyzeParsed } = await import('../../src/core/analyze');
  const notes = [...fixtureNames().map(readFixture), ...[1, 2, 3, 4, 5].map((s) => makeNote(rng(s), 6000, s))];
  for (const [i, text] of notes.entries()) {
    for (const slice of [64, 300, 2048]) {
      let pauses = 0;
      const note = await parseProgressively(text, slice, async () => { pauses++; });
      assert.ok(note);
      assert.deepEqual(analyzeParsed(note), analyzeText(text), `note ${i}, slices of ${slice}`);
      if (slice === 64 && text.length > 2000) assert.ok(pauses > 3, 'it yields between slices');
    }
  }
});

test('a cancelled slice-by-slice parse stops and returns nothing', async () => {
  const { parseProgressively } = await import('../../src/core/incremental');
  let n = 0;
  const note = await parseProgressively(makeNote(rng(9), 20000, 9), 256, async () => { n++; }, () => n >= 2);
  assert.equal(note, undefined);
  assert.equal(n, 2);
});
