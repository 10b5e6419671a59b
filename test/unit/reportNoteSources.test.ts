import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { analyzeText } from '../../src/core/analyze';
import { toMarkdown } from '../../src/core/format/markdown';
import { buildReport, fileReport, noteSourcesOf, ownSources } from '../../src/core/report';
import { toViewReport, type ViewReport } from '../../src/vscode/reportHtml';
import { ROOT } from './helpers';

const NOTE = [
  '---', 'source:', '  url: https://example.org/episode', '  title: Ops Hour 118', '---',
  'It grew (speaker opinion).', '',
  'It shrank (speaker paraphrase).', '',
  'It moved [post](https://example.org/post) (speaker opinion).', '',
].join('\n');

const report = () => buildReport([fileReport('notes/ep.md', analyzeText(NOTE)), fileReport('notes/bare.md', analyzeText('Bare (speaker opinion).\n'))]);

test('the note-level source is listed once per file; each claim lists only its own sources', () => {
  const [bare, ep] = report().files;
  assert.deepEqual(noteSourcesOf(ep).map((s) => s.url), ['https://example.org/episode']);
  assert.deepEqual(noteSourcesOf(bare), []);
  assert.deepEqual(ep.claims.map((c) => ownSources(c).map((s) => s.url)), [[], [], ['https://example.org/post']]);
});

test('Markdown report: the note source under the file heading, "note source" on claims that take only it', () => {
  const md = toMarkdown(report());
  assert.equal(md.split('https://example.org/episode').length - 1, 1, md);
  assert.match(md, /## notes\/ep\.md\n\nNote source: \[Ops Hour 118\]\(https:\/\/example\.org\/episode\)\n\n\| Line \|/);
  const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  assert.deepEqual(rows.map((r) => r.split(' | ').pop()), ['**none** |', 'note source |', 'note source |', '[post](https://example.org/post) (in the sentence) |']);
});

test('the report view: note sources on the file, claims flagged as taking them, and the text filter still finds them', () => {
  const v = toViewReport(report());
  const ep = v.fileReports.find((f) => f.path === 'notes/ep.md')!;
  assert.deepEqual(ep.noteSources?.map((s) => [s.title, s.url]), [['Ops Hour 118', 'https://example.org/episode']]);
  assert.deepEqual(ep.claims.map((c) => [c.sources.length, c.noteSource === true]), [[0, true], [0, true], [1, false]]);
  assert.equal(v.fileReports.find((f) => f.path === 'notes/bare.md')!.noteSources, undefined);
  const sandbox: Record<string, unknown> = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(join(ROOT, 'media/reportModel.js'), 'utf8'), sandbox);
  const M = sandbox.ClaimLensReportModel as { filterClaims(r: ViewReport, f: unknown): { files: Array<{ path: string; noteSources?: unknown[]; claims: unknown[] }>; shown: number } };
  const found = M.filterClaims(v, { text: 'ops hour' });
  assert.equal(found.shown, 2, 'the two claims that take the note source');
  assert.equal(found.files[0].noteSources?.length, 1, 'a filtered file keeps its note sources');
});
