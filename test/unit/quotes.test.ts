// Quotation checks: what a closest passage may hold, and the linear-time helpers against the
// plain definitions they replace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeHTML } from 'entities';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { checkQuote, editDistance, normalizeText, stripMarkup } from '../../src/core/quotes';
import { ROOT } from './helpers';

const TRANSCRIPT = readFileSync(join(ROOT, 'examples/snapshots/ops-hour-118-transcript.md'), 'utf8');
const EPISODE = readFileSync(join(ROOT, 'examples/podcast-episode-118.md'), 'utf8');
const EXAMPLES = parseConfig(readFileSync(join(ROOT, 'examples/.claimlens.yaml'), 'utf8')).config;

const quote = (text: string, copy: string) => checkQuote({ text, start: 0, end: text.length }, copy);
/** Speaker labels and times as transcripts write them at the start of a line. */
const LABEL = /(^|\s)(\*\*)?(Host|Guest|Ada|Q|A)(\*\*)?:|\[\d\d:\d\d(:\d\d)?\]/;

/** Whether the passage's words run, in order, inside one line's text after its label. */
function inOneTurn(copy: string, passage: string): boolean {
  const words = normalizeText(passage).split(' ');
  return copy.split(/\n\s*\n/).some((turn) => normalizeText(stripMarkup(turn).replace(/^\s*(\[[\d:]+\]\s*)?[A-Z][\w ]*:\s/, '')).includes(words.join(' ')));
}

test('the closest passage stops at the end of the sentence, before the next speaker, and holds no label', () => {
  const r = quote('every question costs money twice', TRANSCRIPT);
  assert.equal(r.found, false);
  assert.equal(r.passage, 'every question costs money.');
  assert.doesNotMatch(r.passage!, LABEL);
  assert.ok(inOneTurn(TRANSCRIPT, r.passage!), r.passage);
  assert.doesNotMatch(r.context!, /Guest|eBPF/, 'the hover context stays in the host’s turn');
});

test('the example episode: the message and its passage quote only what the host said', () => {
  const a = analyzeText(EPISODE, { config: EXAMPLES, snapshot: (p) => (p === 'snapshots/ops-hour-118-transcript.md' ? TRANSCRIPT : undefined) });
  const misses = a.findings.filter((f) => f.code === 'quote.not-in-source');
  assert.equal(misses.length, 1, JSON.stringify(misses.map((f) => f.message)));
  const passage = /Closest passage \(\d+% alike\): “(.*)”\.$/.exec(misses[0].message)?.[1];
  assert.equal(passage, 'every question costs money.');
  const found = a.claims.flatMap((c) => c.quotes ?? []).filter((q) => q.found).map((q) => q.passage);
  assert.deepEqual(found, ['pays for itself within a quarter', 'a tax on curiosity.']);
});

test('a quotation is found only within one speaker’s turn, never across a label or a time', () => {
  const copy = '**Host:** It costs money.\n\n**Guest:** I expect eBPF to win.\n\n[00:12:34] Ada: We agree.\n[00:13:00] Bob: Fine by me.\n';
  assert.equal(quote('it costs money', copy).found, true);
  assert.equal(quote('costs money. I expect', copy).found, false, 'across Host → Guest');
  assert.equal(quote('we agree fine by me', copy).found, false, 'across two timed turns');
  const r = quote('we agree with bob', copy);
  assert.equal(r.passage, 'We agree.');
  // A plain "Name:" that starts lines in a transcript is a label too.
  const plain = 'Host: Welcome back to the show.\nGuest: Thanks for having me here.\n';
  const p = quote('welcome back to the show guest thanks', plain);
  assert.doesNotMatch(p.passage!, LABEL);
  assert.equal(quote('show. thanks for', plain).found, false);
  // One line that starts "Words:" in prose is not a transcript: its words stay quotable.
  assert.equal(quote('the point: we ship', 'Intro here.\nThe point: we ship weekly.\n').found, true);
});

test('a quotation that spans sentences may be matched by a passage that does, within the turn', () => {
  const copy = '**Guest:** We cut our bill. Tail sampling pays for itself.\n\n**Host:** Good.\n';
  assert.equal(quote('we cut our bill. tail sampling pays for itself', copy).found, true);
  const r = quote('we cut the bill. tail sampling pays', copy);
  assert.equal(r.passage, 'We cut our bill. Tail sampling pays');
  assert.equal(quote('we cut our bill and more', copy).passage, 'We cut our bill.');
});

test('every HTML entity in a saved copy is decoded: caf&eacute; is "café"', () => {
  assert.equal(stripMarkup('caf&eacute; &Eacute;l&egrave;ve &amp; &frac12; &#233; &bogus;'), 'café Élève & ½ é &bogus;');
  assert.equal(quote('the café was full', 'We met at the caf&eacute; &mdash; the caf&eacute; was full.').found, true);
});

test('no shared word, no passage: nothing to offer as a replacement', () => {
  const r = quote('entirely different words', 'The talk was about sampling.');
  assert.deepEqual([r.found, r.passage, r.similarity], [false, undefined, 0]);
});

// The plain definitions the linear-time versions must agree with.
function stripReference(s: string): string {
  return s
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, (m) => m.replace(/[^\n]/g, ''))
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ''))
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return decodeHTML(m);
    })
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`+)/g, '');
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const markup = fc.array(fc.constantFrom('[', ']', '(', ')', '!', '<', '>', '\n', ' ', 'a', 'b', '*', '`', '-', '<!--', '-->', '<script>', '</script>', '<STYLE x>', '</style>', '&amp;', '#', '/'), { maxLength: 60 }).map((a) => a.join(''));

test('stripMarkup agrees with the regexes it replaces', () => {
  fc.assert(fc.property(markup, (s) => stripMarkup(s) === stripReference(s)), { numRuns: 3000 });
});

test('editDistance is the Levenshtein distance, across 32-character blocks', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'), maxLength: 90 });
  fc.assert(fc.property(text, text, (a, b) => editDistance(a, b) === levenshtein(a, b)), { numRuns: 2000 });
  assert.equal(editDistance('a'.repeat(100), 'b'.repeat(64)), 100);
});
