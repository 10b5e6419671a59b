import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastest } from './helpers';
import markdownIt from 'markdown-it';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { checkQuote, findQuotations, stripMarkup } from '../../src/core/quotes';
import { findTimes, timestampUrl } from '../../src/core/timestamps';

const CONFIG = parseConfig([
  'sources:',
  '  talk:',
  '    url: https://www.youtube.com/watch?v=abc123',
  '    title: The talk',
  '    kind: recording',
  '    accessed: 2026-10-01',
  '    snapshot: talk.md',
  '  spec:',
  '    url: https://example.org/spec',
  '    title: The spec',
  '    accessed: 2024-01-01',
  '    archive: https://archive.example.org/spec',
].join('\n'));

const SNAPSHOT = '# Transcript\n\n<p>We ship <b>every</b> quarter &amp; we test twice.</p>\n\n**Speaker:** Latency is a *feature* of the design.\n';
const options = { config: CONFIG.config, today: '2026-11-22', snapshot: (p: string) => (p === 'talk.md' ? SNAPSHOT : undefined) };

test('the registry reads every field and reports bad ones where they are', () => {
  assert.deepEqual(CONFIG.problems, []);
  assert.equal(CONFIG.config.sources.talk.kind, 'recording');
  assert.deepEqual(CONFIG.config.sources.talk.range.start, { line: 1, character: 2 });
  const bad = parseConfig('sources:\n  x:\n    kind: podcast\n    accessed: yesterday\n    colour: red\n  "bad key!":\n    url: https://e.org\n');
  assert.deepEqual(bad.problems.map((p) => [p.range.start.line, p.message.split(' ')[0]]), [[1, 'Source'], [2, '`kind`'], [3, '`accessed`'], [4, 'Unknown'], [5, 'A']]);
});

test('[@key] cites the registry; locators and several keys work; unknown keys are reported', () => {
  const a = analyzeText('It ships yearly (speaker opinion) [see @spec, p. 4; @talk]. The date is not verified [@nope].\n', options);
  assert.deepEqual(a.claims[0].sources.map((s) => [s.via, s.label, s.url]), [['registry', 'spec', 'https://example.org/spec'], ['registry', 'talk', 'https://www.youtube.com/watch?v=abc123']]);
  assert.deepEqual(a.claims[1].sources, []);
  const unknown = a.findings.find((f) => f.code === 'source.unknown-key')!;
  assert.deepEqual([unknown.range.start.character, unknown.range.end.character], [85, 92]);
  assert.deepEqual(a.citations.filter((c) => c.kind === 'registry').map((c) => c.label), ['spec', 'talk']);
});

test('a stale source is a hint on each citation; a fresh one is not', () => {
  const a = analyzeText('Speaker opinion [@spec]. Speaker judgment [@talk].\n', options);
  const stale = a.findings.filter((f) => f.code === 'source.stale');
  assert.equal(stale.length, 1);
  assert.equal(stale[0].severity, 'hint');
  assert.match(stale[0].message, /@spec was last accessed 1056 days ago/);
  assert.equal(analyzeText('Speaker opinion [@spec].\n', { ...options, staleAfterDays: 5000 }).findings.some((f) => f.code === 'source.stale'), false);
});

test('times become links into the recording: YouTube t=, #t= elsewhere', () => {
  const a = analyzeText('At 12:34 the speaker said so (speaker paraphrase) [@talk, 1:02:03].\n', options);
  assert.deepEqual(a.claims[0].timestamps?.map((t) => [t.text, t.seconds, t.url]), [
    ['12:34', 754, 'https://www.youtube.com/watch?v=abc123&t=754s'],
    ['1:02:03', 3723, 'https://www.youtube.com/watch?v=abc123&t=3723s'],
  ]);
  const fm = analyzeText('---\nsource: https://media.example.org/k.mp4\n---\nAt 41:10 it was said (speaker paraphrase).\n');
  assert.deepEqual(fm.claims[0].timestamps?.map((t) => t.url), ['https://media.example.org/k.mp4#t=2470']);
  assert.equal(analyzeText('---\nsource: https://example.org/post\n---\nAt 12:34 (speaker paraphrase).\n').claims[0].timestamps, undefined, 'not a recording');
  assert.deepEqual(findTimes('ratio 3:2, at 10:15:30, v1.2:3').map((t) => t.seconds), [36930]);
  assert.equal(timestampUrl('https://youtu.be/xyz?t=5', 9), 'https://youtu.be/xyz?t=9s');
});

test('quotations are checked against the snapshot, with markup and case folded', () => {
  const a = analyzeText('He said “we ship EVERY quarter & we test twice” (speaker paraphrase) [@talk]. She said "latency is a bug of the design" [@talk].\n', options);
  const [found] = a.claims[0].quotes!;
  assert.equal(found.found, true);
  assert.equal(found.line, 2);
  const miss = a.findings.find((f) => f.code === 'quote.not-in-source')!;
  assert.ok(miss, 'an unmarked sentence that cites a snapshot is checked too');
  assert.match(miss.message, /Closest passage \(\d+% alike\): “Latency is a feature of the design\.”/);
});

test('helpers: quotations need two words; markup is stripped; a 1 MB snapshot is checked in time linear in its size', () => {
  assert.deepEqual(findQuotations('a “single” word and “two words” and "three straight words"').map((q) => q.text), ['two words', 'three straight words']);
  assert.equal(stripMarkup('<script>x()</script># Title\n[link](http://a) and **bold** &amp; `code`').trim(), 'Title\nlink and bold & code');
  const big = Array.from({ length: 20000 }, (_, i) => `Line ${i} says something about topic ${i % 97} and more words here.`).join('\n');
  const r = checkQuote({ text: 'something about topic 12 and fewer words', start: 0, end: 0 }, big);
  assert.equal(r.found, false);
  assert.ok(r.similarity > 0.6, String(r.similarity));
  // Bounded relative to markdown-it's parse of the same text, timed in this run: a search that
  // grew faster than the snapshot would be many times slower (it takes under 1× here).
  const baseline = fastest(() => markdownIt().parse(big, {}), 3);
  const took = fastest(() => checkQuote({ text: 'something about topic 12 and fewer words', start: 0, end: 0 }, big), 3);
  assert.ok(took < 10 * baseline, `took ${took.toFixed(0)} ms on ${big.length} chars; markdown-it's parse ${baseline.toFixed(0)} ms`);
});

