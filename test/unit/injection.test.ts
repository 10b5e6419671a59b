import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { toJson } from '../../src/core/format/json';
import { toMarkdown } from '../../src/core/format/markdown';
import { toSarif } from '../../src/core/format/sarif';
import { buildReport, fileReport } from '../../src/core/report';

const NOTE = [
  '---',
  'source:',
  '  url: "data:text/html,<script>alert(1)</script>"',
  '  title: "<img src=x onerror=alert(1)> [x](command:workbench.action.quit)"',
  '---',
  'Raw <b>HTML</b> and <script>alert(1)</script> here (speaker opinion).',
  'A [link](javascript:alert(1)) and ![img](https://example.org/i.png) — not verified.',
  'A [cmd](command:workbench.action.quit) link and [data](data:text/html;base64,PHNjcmlwdD4=) (speaker judgment).',
  'Markdown ![x](javascript:y) `code` **bold** [ok](https://example.org/ok) — speaker metaphor.',
  '',
].join('\n');

test('only http, https and mailto sources are links; other schemes are reported as source.unsafe-url', () => {
  const a = analyzeText(NOTE);
  const unsafe = a.findings.filter((f) => f.code === 'source.unsafe-url');
  assert.deepEqual(unsafe.map((f) => f.range.start.line), [1, 6, 7, 7]);
  assert.equal(analyzeText('[rel](./other.md) and [m](mailto:a@b.org) (speaker opinion).').findings.some((f) => f.code === 'source.unsafe-url'), false);
});

test('payloads in notes never become markup, links or script in any output', () => {
  const report = buildReport([fileReport('notes/<evil>.md', analyzeText(NOTE))]);
  const md = toMarkdown(report);
  assert.ok(!/<script|<img|<b>/i.test(md), 'no raw HTML in the Markdown report');
  // Brackets from the note are escaped (`\]`), so only an unescaped `](` could start a link.
  assert.ok(!/(?<!\\)\]\(<?(javascript|command|data):/i.test(md), 'no unsafe link in the Markdown report');
  assert.ok(md.includes('[ok](<https://example.org/ok>)'), 'safe links stay links');
  const json = JSON.parse(toJson(report));
  assert.equal(json.files[0].path, 'notes/<evil>.md', 'JSON carries text as data, unchanged');
  const sarif = JSON.parse(toSarif(report));
  assert.ok(sarif.runs[0].results.every((r: { message: { text: string } }) => !/\n/.test(r.message.text)));
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'notes/%3Cevil%3E.md');
});
