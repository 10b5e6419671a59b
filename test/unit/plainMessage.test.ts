import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { firstMarker, plainFinding } from '../../src/core/plainMessage';

test('Problems messages carry no Markdown code marks', () => {
  const a = analyzeText('It grew (speaker opinion).\n\nSee [@nope].\n');
  const noSource = a.findings.find((f) => f.code === 'claim.no-source')!;
  assert.match(noSource.message, /`source:`/, 'the core message keeps its marks (CLI, fixtures)');
  assert.equal(plainFinding(noSource), 'No primary source for this opinion claim: cite one in the sentence, or declare source: in the front matter.');
  for (const f of a.findings) assert.equal(plainFinding(f).includes('`'), false, f.message);
});

test('a sentence with many markers is named by its first, and how many more', () => {
  const a = analyzeText('It grew, allegedly (speaker opinion, IMO, not verified).\n');
  const claim = a.findings.find((f) => f.code.startsWith('claim.') && f.code !== 'claim.no-source')!;
  assert.ok(claim.message.split(',').length >= 3, claim.message);
  const plain = plainFinding(claim);
  assert.match(plain, /^Allegedly \(\+3 more\) — no source$/);
  assert.equal(firstMarker('Speaker opinion'), 'Speaker opinion');
  // The editor's one warning for a claim without a source leads with the claim's message.
  const merged = { code: 'claim.no-source', message: '', l10n: { message: '{0} — no source. No primary source for this {1} claim.', args: ['Allegedly, speaker opinion', 'unverified'] } };
  assert.equal(plainFinding(merged), 'Allegedly (+1 more) — no source. No primary source for this unverified claim.');
});

test('translation sees the core template; a quotation passage keeps its backticks', () => {
  const seen: string[] = [];
  const f = { code: 'quote.not-in-source', message: 'x', l10n: { message: 'Closest passage: “{0}”. See `{1}`.', args: ['a `b` c', '`snap`'] } };
  const out = plainFinding(f, (l) => {
    seen.push(l.message);
    return l.message.replace(/\{(\d+)\}/g, (_, i: string) => String(l.args[Number(i)]));
  });
  assert.deepEqual(seen, ['Closest passage: “{0}”. See `{1}`.']);
  assert.equal(out, 'Closest passage: “a `b` c”. See `snap`.');
  assert.equal(plainFinding({ code: 'suppression.invalid', message: 'Unknown `x`.' }), 'Unknown x.');
});
