import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { applyEdits, citationEdits, suppressionEdit, uniqueLabel } from '../../src/core/edits';

function cite(text: string, target: Parameters<typeof citationEdits>[3], style: Parameters<typeof citationEdits>[4], index = 0) {
  const a = analyzeText(text);
  const edits = citationEdits(text, a, a.claims[index], target, style);
  return { out: applyEdits(text, edits), edits };
}

const NOTE = '# Notes\n\nIt grew (speaker opinion). Next sentence.\n';

test('reference style adds a citation and a definition at the end of the note', () => {
  const { out } = cite(NOTE, { url: 'https://example.org/post', title: 'Vendor post' }, 'reference');
  assert.equal(out, '# Notes\n\nIt grew (speaker opinion) [Vendor post][vendor-post]. Next sentence.\n\n[vendor-post]: https://example.org/post "Vendor post"\n');
  const after = analyzeText(out);
  assert.deepEqual(after.claims[0].sources.map((s) => [s.via, s.url]), [['reference', 'https://example.org/post']]);
  assert.equal(after.findings.some((f) => f.code === 'claim.no-source' || f.code === 'source.unused'), false);
});

test('footnote style adds a footnote after the existing ones', () => {
  const text = 'It grew (speaker opinion).\n\nOther[^a].\n\n[^a]: First.\n\nTail paragraph.\n';
  const { out } = cite(text, { url: 'https://example.org/x', title: 'X' }, 'footnote');
  assert.equal(out, 'It grew (speaker opinion)[^x].\n\nOther[^a].\n\n[^a]: First.\n\n[^x]: [X](https://example.org/x)\n\nTail paragraph.\n');
  assert.deepEqual(analyzeText(out).claims[0].sources.map((s) => [s.via, s.url, s.title]), [['footnote', 'https://example.org/x', 'X']]);
});

test('inline style adds a link', () => {
  const { out } = cite(NOTE, { url: 'https://example.org/a b', title: 'A [b]' }, 'inline');
  assert.equal(out, '# Notes\n\nIt grew (speaker opinion) [A \\[b\\]](<https://example.org/a b>). Next sentence.\n');
  assert.deepEqual(analyzeText(out).claims[0].sources.map((s) => s.url), ['https://example.org/a b']);
});

test('an existing definition is reused, by label or by URL', () => {
  const text = 'It grew (speaker opinion).\n\n[post]: https://example.org/post "Post"\n';
  assert.equal(cite(text, { title: 'Post', definition: { kind: 'reference', label: 'post' } }, 'reference').out, 'It grew (speaker opinion) [Post][post].\n\n[post]: https://example.org/post "Post"\n');
  assert.equal(cite(text, { url: 'https://example.org/post', title: 'Whatever' }, 'reference').out, 'It grew (speaker opinion) [Whatever][post].\n\n[post]: https://example.org/post "Post"\n');
});

test('new labels are unique and definitions go after the existing ones, keeping CRLF', () => {
  const text = 'It grew (speaker opinion).\r\n\r\n[post]: https://example.org/1\r\n';
  const { out } = cite(text, { url: 'https://example.org/2', title: 'Post' }, 'reference');
  assert.equal(out, 'It grew (speaker opinion) [Post][post-2].\r\n\r\n[post]: https://example.org/1\r\n[post-2]: https://example.org/2 "Post"\r\n');
  assert.equal(uniqueLabel('Ünïcode Title!', ['unicode-title']), 'unicode-title-2');
});

test('citing what the claim already cites changes nothing', () => {
  const { out } = cite(NOTE, { url: 'https://example.org/post', title: 'P' }, 'reference');
  const again = analyzeText(out);
  assert.deepEqual(citationEdits(out, again, again.claims[0], { url: 'https://example.org/post', title: 'P' }, 'reference'), []);
});

test('only the citation and the definition change; no other byte moves', () => {
  const text = 'A (speaker opinion) here.  \nMore text *with* `code`.\n\n> Quote: not verified.\n';
  for (const style of ['reference', 'footnote', 'inline'] as const) {
    const { out, edits } = cite(text, { url: 'https://example.org/z', title: 'Z' }, style, 1);
    let rebuilt = out;
    // Removing exactly the inserted texts gives back the original.
    for (const e of edits) rebuilt = rebuilt.replace(e.newText, '');
    assert.equal(rebuilt, text, style);
  }
});

test('suppression goes on its own line with the quote prefix, or right after a claim inside a paragraph', () => {
  const text = '> Quote line (speaker opinion).\n\nFirst line.\nSecond, not verified.\n';
  const a = analyzeText(text);
  const quoted = applyEdits(text, [suppressionEdit(text, a.claims[0], 'kept on purpose')!]);
  assert.equal(quoted, '> <!-- claim-lens-disable-next-line opinion -- kept on purpose -->\n> Quote line (speaker opinion).\n\nFirst line.\nSecond, not verified.\n');
  assert.equal(analyzeText(quoted).claims[0].suppressed?.reason, 'kept on purpose');
  const mid = applyEdits(text, [suppressionEdit(text, a.claims[1], 'a --> b\nc')!]);
  assert.equal(mid, '> Quote line (speaker opinion).\n\nFirst line.\nSecond, not verified. <!-- claim-lens-disable-line unverified -- a —› b c -->\n');
  const after = analyzeText(mid);
  assert.equal(after.claims[1].suppressed?.reason, 'a —› b c');
  assert.equal(suppressionEdit(mid, after.claims[1], 'again'), undefined, 'a second suppression is refused');
});

test('Suppress with reason… suppresses only the claim it was invoked on, not others of its status on the line', () => {
  const text = 'It grew (speaker opinion). It fell (speaker opinion). Then it rose (speaker opinion).\n\n- A list (speaker opinion). And more (speaker opinion).\n';
  const a = analyzeText(text);
  assert.equal(a.claims.length, 5);
  for (let i = 0; i < a.claims.length; i++) {
    const edit = suppressionEdit(text, a.claims[i], 'why');
    assert.ok(edit, `claim ${i} can be suppressed`);
    const after = analyzeText(applyEdits(text, [edit]));
    assert.deepEqual(after.claims.map((c) => c.text), a.claims.map((c) => c.text), 'the sentences stay as they were');
    assert.deepEqual(after.claims.map((c) => !!c.suppressed), a.claims.map((_, k) => k === i), `only claim ${i} is suppressed:\n${applyEdits(text, [edit])}`);
  }
  // The scoped comment, as the quick fix writes it.
  assert.equal(applyEdits(text, [suppressionEdit(text, a.claims[1], 'why')!]).split('\n')[0], 'It grew (speaker opinion). It fell (speaker opinion). <!-- claim-lens-disable-claim opinion -- why --> Then it rose (speaker opinion).');
  // A claim alone on its line still gets the line-level comment.
  const alone = 'Intro.\nIt grew (speaker opinion).\n';
  assert.match(applyEdits(alone, [suppressionEdit(alone, analyzeText(alone).claims[0], 'why')!]), /claim-lens-disable-line opinion -- why/);
});

test('a claim in a table row is suppressed inside its cell, and the table stays whole', () => {
  const text = '| Claim | Note |\n|---|---|\n| Growth doubled (speaker opinion) | Q&A |\n| Churn fell | ok |\n';
  const a = analyzeText(text);
  const edit = suppressionEdit(text, a.claims[0], 'a | b `c`')!;
  const out = applyEdits(text, [edit]);
  assert.equal(out, '| Claim | Note |\n|---|---|\n| Growth doubled (speaker opinion) <!-- claim-lens-disable-line opinion -- a ¦ b \'c\' --> | Q&A |\n| Churn fell | ok |\n');
  const after = analyzeText(out);
  assert.equal(after.claims[0].text, 'Growth doubled (speaker opinion)');
  assert.equal(after.claims[0].suppressed?.reason, "a ¦ b 'c'");
  // A row that starts with the claim, where the end is no place for a comment, gets a leading pipe.
  const bare = 'Claim | Note\n--|--\nGrowth doubled (speaker opinion) <!--| Q&A\n';
  const claim = analyzeText(bare).claims[0];
  const fixed = applyEdits(bare, [suppressionEdit(bare, claim, 'why')!]);
  assert.equal(fixed, 'Claim | Note\n--|--\n|<!-- claim-lens-disable-line opinion -- why --> Growth doubled (speaker opinion) <!--| Q&A\n');
  assert.equal(analyzeText(fixed).claims[0].text, claim.text);
  assert.ok(analyzeText(fixed).claims[0].suppressed);
});

test('disable-line suppresses the claims on its own line only', () => {
  const text = 'Growth doubled (speaker opinion). <!-- claim-lens-disable-line opinion -- on purpose -->\nChurn fell (speaker opinion).\n';
  const [first, second] = analyzeText(text).claims;
  assert.equal(first.suppressed?.reason, 'on purpose');
  assert.equal(second.suppressed, undefined);
});

test('no suppression is offered where an unclosed <!-- would swallow any comment', () => {
  const text = 'Intro <!-- never closed\n.\n    Growth doubled (speaker opinion).\n';
  const claim = analyzeText(text).claims[0];
  assert.ok(claim, 'the claim is found');
  assert.equal(suppressionEdit(text, claim, 'why'), undefined);
});

test('a new link definition after a footnote keeps a blank line, so it stays a definition', () => {
  const text = 'It grew (speaker opinion).\n\n[^a]: A footnote.\n';
  const { out } = cite(text, { url: 'https://example.org/r', title: 'R' }, 'reference');
  assert.equal(out, 'It grew (speaker opinion) [R][r].\n\n[^a]: A footnote.\n\n[r]: https://example.org/r "R"\n');
  const a = analyzeText(out);
  assert.deepEqual(a.claims[0].sources.map((s) => s.url), ['https://example.org/r']);
  assert.equal(a.findings.some((f) => f.code === 'source.undefined-reference'), false);
});

test('registry edits keep comments and formatting, and never write over broken YAML', async () => {
  const { addRegistryEntry, setRegistryField } = await import('../../src/core/configEdits');
  const { parseConfig } = await import('../../src/core/config');
  const text = '# My config\nstatuses:\n  opinion:\n    markers: ["editorial view"]  # keep me\n\nsources:\n  old:\n    url: https://example.org/old # dead\n    archive: https://archive.example.org/old\n';
  const added = addRegistryEntry(text, 'new-talk', { url: 'https://example.org/talk', title: 'The talk' });
  assert.ok('edit' in added);
  const out = applyEdits(text, [added.edit]);
  assert.equal(out, text + '  new-talk:\n    url: https://example.org/talk\n    title: The talk\n');
  assert.deepEqual(parseConfig(out).config.sources['new-talk'].url, 'https://example.org/talk');
  assert.ok('error' in addRegistryEntry(out, 'new-talk', { url: 'x', title: 'y' }), 'a second add is refused');
  const swapped = setRegistryField(text, 'old', 'url', 'https://archive.example.org/old');
  assert.ok('edit' in swapped);
  assert.equal(parseConfig(applyEdits(text, [swapped.edit])).config.sources.old.url, 'https://archive.example.org/old');
  const broken = addRegistryEntry('sources:\n  a: [unclosed\n', 'k', { url: 'u', title: 't' });
  assert.ok('error' in broken && /not valid YAML/.test(broken.error));
  assert.ok('edit' in addRegistryEntry('', 'first', { url: 'https://e.org', title: 'E' }));
  // An empty `sources:` keeps the comment on its line; a written null is replaced, its comment kept.
  const add = (t: string) => { const r = addRegistryEntry(t, 'k', { url: 'https://e.org', title: 'E' }); assert.ok('edit' in r, JSON.stringify(r)); return applyEdits(t, [r.edit]); };
  assert.equal(add('ignore: []\nsources:  # the registry, keep this\nrules: {}\n'), 'ignore: []\nsources:  # the registry, keep this\n  k:\n    url: https://e.org\n    title: E\nrules: {}\n');
  assert.equal(add('sources: ~ # none yet\n'), 'sources: # none yet\n  k:\n    url: https://e.org\n    title: E\n');
  assert.equal(add('sources:\r\n'), 'sources:\r\n  k:\r\n    url: https://e.org\r\n    title: E\r\n');
});
