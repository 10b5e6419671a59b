import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/edits';
import { noteSourceEdit } from '../../src/core/noteSourceEdit';

const SRC = { url: 'https://example.org/ep/118', title: 'Ops Hour: episode 118' };

function add(text: string, source = SRC): string | undefined {
  const edit = noteSourceEdit(text, source);
  return edit && applyEdits(text, [edit]);
}

/** After the edit, every claim takes the note's source and no claim.no-source is left. */
function sourced(text: string): void {
  const a = analyzeText(text);
  assert.ok(a.claims.length > 0);
  assert.deepEqual(a.noteSources.map((s) => [s.url, s.title]).slice(-1), [[SRC.url, SRC.title]]);
  assert.equal(a.findings.some((f) => f.code === 'claim.no-source' || f.code === 'frontmatter.invalid'), false, JSON.stringify(a.findings));
  assert.ok(a.claims.every((c) => c.sources.some((s) => s.via === 'note' && s.url === SRC.url)));
}

test('a note without front matter gets one, with the source, before its first line', () => {
  const text = '# Episode\n\nIt grew (speaker opinion). It shrank (speaker paraphrase).\n';
  assert.equal(analyzeText(text).findings.filter((f) => f.code === 'claim.no-source').length, 2);
  const out = add(text)!;
  assert.equal(out, '---\nsource:\n  url: "https://example.org/ep/118"\n  title: "Ops Hour: episode 118"\n---\n\n# Episode\n\nIt grew (speaker opinion). It shrank (speaker paraphrase).\n');
  sourced(out);
});

test('front matter without sources gets a source: before its closing fence', () => {
  const text = '---\ntitle: Episode 118\ntags: [ops]\n---\nIt grew (speaker opinion).\n';
  const out = add(text)!;
  assert.equal(out, '---\ntitle: Episode 118\ntags: [ops]\nsource:\n  url: "https://example.org/ep/118"\n  title: "Ops Hour: episode 118"\n---\nIt grew (speaker opinion).\n');
  sourced(out);
});

test('a sources: list gets one more item, in its own indentation; an empty flow list gets the first', () => {
  const text = '---\nsources:\n    - url: https://example.org/a\n      title: A\n# a comment\nauthor: me\n---\nIt grew (speaker opinion).\n';
  const out = add(text)!;
  assert.equal(out, '---\nsources:\n    - url: https://example.org/a\n      title: A\n    - url: "https://example.org/ep/118"\n      title: "Ops Hour: episode 118"\n# a comment\nauthor: me\n---\nIt grew (speaker opinion).\n');
  assert.deepEqual(analyzeText(out).noteSources.map((s) => s.url), ['https://example.org/a', SRC.url]);
  const empty = '---\nsources: []\n---\nIt grew (speaker opinion).\n';
  const filled = add(empty)!;
  assert.equal(filled, '---\nsources: [{ url: "https://example.org/ep/118", title: "Ops Hour: episode 118" }]\n---\nIt grew (speaker opinion).\n');
  sourced(filled);
});

test('CRLF notes stay CRLF; a byte-order mark stays first', () => {
  const text = '\uFEFF# Episode\r\n\r\nIt grew (speaker opinion).\r\n';
  const out = add(text)!;
  assert.equal(out, '\uFEFF---\r\nsource:\r\n  url: "https://example.org/ep/118"\r\n  title: "Ops Hour: episode 118"\r\n---\r\n\r\n# Episode\r\n\r\nIt grew (speaker opinion).\r\n');
  assert.equal(out.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
  sourced(out);
  const withFm = '---\r\ntitle: x\r\n---\r\nIt grew (speaker opinion).\r\n';
  const out2 = add(withFm)!;
  assert.equal(out2, '---\r\ntitle: x\r\nsource:\r\n  url: "https://example.org/ep/118"\r\n  title: "Ops Hour: episode 118"\r\n---\r\nIt grew (speaker opinion).\r\n');
  sourced(out2);
});

test('a title or URL with YAML syntax in it is quoted; nothing is added twice or to a note that has its source', () => {
  const odd = { url: 'https://example.org/a#b: c', title: '"Quoted" #1: [x] {y}\nnext' };
  const out = add('It grew (speaker opinion).\n', odd)!;
  assert.deepEqual(analyzeText(out).noteSources.map((s) => [s.url, s.title]), [[odd.url, '"Quoted" #1: [x] {y} next']]);
  assert.equal(noteSourceEdit(out, odd), undefined, 'applied once, not offered again');
  assert.equal(noteSourceEdit('---\nsource: https://example.org/x\n---\nIt grew (speaker opinion).\n', SRC), undefined);
  const listed = '---\nsources:\n  - https://example.org/ep/118\n---\nx\n';
  assert.equal(noteSourceEdit(listed, SRC), undefined);
  assert.equal(noteSourceEdit('---\nsources: [unclosed\n---\nx\n', SRC), undefined, 'unreadable front matter is left alone');
});

test('an empty note gets front matter only', () => {
  assert.equal(add(''), '---\nsource:\n  url: "https://example.org/ep/118"\n  title: "Ops Hour: episode 118"\n---\n');
});
