import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { toJson } from '../../src/core/format/json';
import { toMarkdown } from '../../src/core/format/markdown';
import { toSarif } from '../../src/core/format/sarif';
import { toClaimReview } from '../../src/core/format/claimreview';
import { toAnnotations } from '../../src/core/format/annotations';
import { buildReport, fileReport } from '../../src/core/report';
import { parseConfig } from '../../src/core/config';
import { encodeLinkDestination } from '../../src/core/format/escape';
import { commandLink, escapeMd, safeLink } from '../../src/vscode/markdownText';
import markdownIt, { type Token } from 'markdown-it';

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
  assert.ok(md.includes('[ok](https://example.org/ok)'), 'safe links stay links');
  const json = JSON.parse(toJson(report));
  assert.equal(json.files[0].path, 'notes/<evil>.md', 'JSON carries text as data, unchanged');
  const sarif = JSON.parse(toSarif(report));
  assert.ok(sarif.runs[0].results.every((r: { message: { text: string } }) => !/\n/.test(r.message.text)));
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'notes/%3Cevil%3E.md');
});

// Hover links and the Markdown report: whatever a URL holds, it stays inside its own link.
const PAYLOADS = [
  'https://example.org/a)![x](https://evil.example/img.png)',
  'https://example.org/a)[a](command:claimLens.openSnapshot?%5B%22..%2F..%2Fsecret%22%5D)',
  'https://example.org/a\\',
  'https://example.org/a\\)![x](https://evil.example/img.png)',
  'https://example.org/a|b\\',
  'https://example.org/(a)[b]`c`*d*_e_\u00e9\u0007',
  'mailto:a@example.org?subject=)![x](https://evil.example/i.png)',
];

/** Renders Markdown as VS Code's hover would (CommonMark), and lists its links and images. */
function renderLinks(markdown: string): { links: string[]; images: number; html: string } {
  const md = markdownIt('commonmark');
  const html = md.render(markdown);
  const links: string[] = [];
  let images = 0;
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'link_open') links.push(String(t.attrGet('href') ?? ''));
      if (t.type === 'image') images++;
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return { links, images, html };
}

test('encodeLinkDestination: nothing in a URL can end the link; the result is plain ASCII Markdown cannot read', () => {
  for (const url of PAYLOADS) {
    const dest = encodeLinkDestination(url);
    assert.match(dest, /^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$/, dest);
    assert.equal(decodeURIComponent(dest), decodeURIComponent(url.trim()), 'the link still goes where the URL says');
  }
  assert.equal(encodeLinkDestination('https://example.org/a%20b%zz'), 'https://example.org/a%20b%25zz');
});

test('hover links: one link per source whatever its URL, from every kind of source, and no image or command link', () => {
  for (const url of PAYLOADS) {
    // The hover's source line: the link, then the URL as text and how it is cited.
    const line = `- $(link) ${safeLink('Title', url)} — ${escapeMd(url)} *(by reference)*\n`;
    const r = renderLinks(line);
    assert.equal(r.images, 0, `${url}: no image`);
    assert.equal(r.links.length, 1, `${url}: exactly one link\n${r.html}`);
    assert.ok(!r.links.some((h) => /^command:/i.test(h)), `${url}: no command link`);
    assert.ok(r.links[0].startsWith(url.startsWith('mailto:') ? 'mailto:' : 'https://example.org/'), r.links[0]);
  }
  // The same payloads as each kind of source a note or the registry can give.
  const evil = 'https://example.org/a)![x](https://evil.example/img.png)';
  const note = [
    '---', 'source:', `  url: "${evil}"`, '  title: Talk', '---',
    `Inline [x](<${evil}>) here (speaker opinion).`,
    'By reference [y] (speaker opinion).',
    'At 12:34 in the talk [@reg] (speaker opinion).',
    'Only the front matter (speaker opinion).',
    '', `[y]: <${evil}> "t"`, '',
  ].join('\n');
  const config = parseConfig(`sources:\n  reg:\n    title: Reg\n    kind: recording\n    url: "${evil}"\n    archive: "https://archive.example/web/a\\\\)![x](https://evil.example/i.png)"\n`).config;
  const a = analyzeText(note, { config });
  const urls = new Set<string>();
  for (const c of a.claims) {
    for (const s of c.sources) if (s.url) urls.add(s.url);
    for (const t of c.timestamps ?? []) urls.add(t.url);
  }
  urls.add(config.sources.reg.archive!);
  assert.ok(urls.size >= 3, [...urls].join('\n'));
  assert.ok([...urls].some((u) => u.includes('#t=')), 'a timestamp link is among them');
  for (const url of urls) {
    const r = renderLinks(safeLink('t', url));
    assert.deepEqual([r.links.length, r.images], [1, 0], `${url}\n${r.html}`);
  }
});

test('Markdown report: a |, a trailing \\ or a ) in a URL does not break the source cell or add a link', () => {
  const note = [
    'A [x](<https://example.org/a|b\\>) and (speaker opinion).',
    'B [y](<https://example.org/c\\>) (speaker opinion).',
    'C [z](<https://example.org/d)![i](https://evil.example/i.png)>) (speaker opinion).',
    '',
  ].join('\n');
  const md = toMarkdown(buildReport([fileReport('n.md', analyzeText(note))]));
  const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  assert.equal(rows.length, 3, md);
  const table = markdownIt('commonmark').enable('table');
  for (const row of rows) {
    const html = table.render(`| Line | Status | Sentence | Source |\n|---:|---|---|---|\n${row}\n`);
    assert.equal((html.match(/<td/g) ?? []).length, 4, `four cells:\n${row}\n${html}`);
    assert.equal((html.match(/<a /g) ?? []).length, 1, `one link:\n${html}`);
    assert.ok(!html.includes('<img'), html);
  }
});

test('ClaimReview and Web Annotation exports drop javascript:, data: and other non-http(s)/mailto URLs, and are safe in a <script>', () => {
  const note = [
    'A [x](javascript:alert(1)) claim (speaker opinion).',
    'B [y](data:text/html,<script>alert(1)</script>) claim (speaker opinion).',
    'C [@reg] claim (speaker opinion).',
    'D </script><script>alert(1)</script><!-- \u2028 [ok](https://example.org/ok?a=1&b=2) claim (speaker opinion).',
    '',
  ].join('\n');
  const config = parseConfig('sources:\n  reg:\n    title: Reg\n    url: "vbscript:msgbox(1)"\n    archive: "javascript:alert(2)"\n').config;
  const analysis = analyzeText(note, { config });
  const report = buildReport([fileReport('n.md', analysis)]);
  for (const [name, out] of [['claimreview', toClaimReview(report)], ['annotations', toAnnotations(report, () => note)]] as const) {
    assert.ok(!/"(url|archivedAt|source)": "(?!https?:|mailto:|#|n\.md)/.test(out), `${name}: every URL field is http(s), mailto or the note\n${out}`);
    assert.ok(!/[<>&\u2028\u2029]/.test(out), `${name}: no raw <, >, & or line separators`);
    assert.ok(out.includes('https://example.org/ok?a=1\\u0026b=2'), `${name}: safe links stay, escaped`);
    // The escapes change the bytes, not the value.
    const parsed = JSON.stringify(JSON.parse(out));
    assert.ok(parsed.includes('</script><script>alert(1)</script>'), `${name}: the text survives as data`);
  }
  const html = `<script type="application/ld+json">${toClaimReview(report)}</script>`;
  assert.equal(html.match(/<\/script/gi)?.length, 1, 'the JSON cannot close the script element');
});

test('registry url and archive with unsafe schemes are flagged source.unsafe-url where they are cited', () => {
  const config = parseConfig('sources:\n  reg:\n    title: Reg\n    url: "javascript:alert(1)"\n    archive: "data:text/html,x"\n  ok:\n    title: Ok\n    url: https://example.org\n').config;
  const a = analyzeText('It grew [@reg] (speaker opinion). It shrank [@ok] (speaker opinion).\n', { config });
  const unsafe = a.findings.filter((f) => f.code === 'source.unsafe-url');
  assert.equal(unsafe.length, 2, JSON.stringify(a.findings));
  assert.ok(unsafe.every((f) => f.range.start.line === 0 && f.range.start.character === 8));
});

test('command links: arguments from a config (a snapshot path) cannot end the link', () => {
  const snapshot = "a)![x](https://evil.example/i.png)[y](command:workbench.action.quit)'*";
  const r = renderLinks(commandLink('Open the snapshot there', 'claimLens.openSnapshot', ['file:///w/n.md', snapshot, 3]));
  assert.deepEqual([r.links.length, r.images], [1, 0], r.html);
  const [, query] = /^command:claimLens\.openSnapshot\?(.*)$/.exec(r.links[0])!;
  assert.deepEqual(JSON.parse(decodeURIComponent(query)), ['file:///w/n.md', snapshot, 3], 'the arguments arrive as they were');
});
