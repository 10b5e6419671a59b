import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import markdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { analyzeText } from '../../src/core/index';
import { claimLensPreview } from '../../src/preview/plugin';
import { fastest, ROOT } from './helpers';

/** As VS Code's preview configures markdown-it: HTML and linkify on. */
const plain = () => markdownIt({ html: true, linkify: true }).use(footnote);
const withPlugin = (options?: Parameters<typeof claimLensPreview>[1]) => plain().use(claimLensPreview, options);

const badges = (html: string) => [...html.matchAll(/<span class="claim-lens-badge[^"]*" data-claim-status="([^"]*)"/g)].map((m) => m[1]);

/** The visible text of rendered HTML: tags dropped, entities of the escaper decoded. */
const BADGE = /<span class="claim-lens-badge[^>]*><span class="claim-lens-label">[^<]*<\/span>(?: <a [^>]*>source<\/a>| <span class="claim-lens-missing">no source<\/span>)?<\/span>/g;
const visible = (html: string) => html.replace(BADGE, '').replace(/<[^>]+>/g, '');

for (const name of ['podcast-episode-118.md', 'paper-reading-llm-evals.md', 'panel-platform-teams.md']) {
  test(`${name}: one badge per flagged sentence, in order, with its status; the text reads the same`, () => {
    const text = readFileSync(join(ROOT, 'examples', name), 'utf8');
    const claims = analyzeText(text).claims.filter((c) => !c.suppressed);
    assert.ok(claims.length > 2, 'the example has claims');
    const html = withPlugin().render(text);
    assert.deepEqual(badges(html), claims.map((c) => c.status));
    // Every claim's words are inside a span of its status.
    for (const status of new Set(claims.map((c) => c.status))) assert.match(html, new RegExp(`<span class="claim-lens-claim claim-lens-status-${status}" data-claim-status="${status}">`));
    // Apart from the added spans, the rendered text is what markdown-it renders without the plugin.
    assert.equal(visible(html), visible(plain().render(text)));
  });
}

test('a claim with a front-matter source links it from its badge; an unsourced one says so', () => {
  const text = '---\nsource:\n  url: https://media.example.org/keynote.mp4\n  title: Keynote\n---\n\nMeshes will converge (speaker opinion).\n';
  const html = withPlugin().render(text);
  assert.match(html, /Meshes will converge \(speaker opinion\)\.<\/span><span class="claim-lens-badge claim-lens-status-opinion" data-claim-status="opinion" title="Claim Lens: Opinion — source: Keynote"><span class="claim-lens-label">Opinion<\/span> <a class="claim-lens-source" href="https:\/\/media.example.org\/keynote.mp4" title="Keynote">source<\/a><\/span>/);
  const bare = withPlugin().render('Meshes will converge (speaker opinion).\n');
  assert.match(bare, /class="claim-lens-badge claim-lens-status-opinion claim-lens-unsourced"/);
  assert.match(bare, /<span class="claim-lens-missing">no source<\/span>/);
});

test('a badge goes right after its claim: before a line break, not at the start of the next line', () => {
  const html = withPlugin().render('Tracing costs more (speaker opinion).\nMeshes will win by 2028, which is predictive.\n');
  assert.deepEqual(badges(html), ['opinion', 'prediction']);
  assert.match(html, /\(speaker opinion\)\.<\/span><span class="claim-lens-badge[^>]*>.*?<\/span><\/span>\n<span class="claim-lens-claim[^>]*>Meshes will win/);
});

test('the badge stays outside a link the claim ends in, and wraps text inside emphasis without breaking nesting', () => {
  const html = withPlugin().render('The *cost* claim is speaker opinion, see [the talk](https://example.org/talk).\n');
  assert.equal(badges(html).length, 1);
  assert.match(html, /<\/a><span class="claim-lens-claim[^>]*>\.<\/span><span class="claim-lens-badge/);
  assert.match(html, /<em><span class="claim-lens-claim[^>]*>cost<\/span><\/em>/);
  assert.match(html, /<a href="https:\/\/example.org\/talk"><span class="claim-lens-claim[^>]*>the talk<\/span><\/a>/); // no link nested in it
});

test('escapes: note text, titles and URLs cannot add markup; only http(s) and mailto sources are linked', () => {
  const text = [
    '---', 'source:', '  url: "https://e.example/a?x=1&y=<b>"', '  title: "<img src=x onerror=alert(1)> \\"q\\""', '---', '',
    'Tail sampling &amp; \\*pays\\* for itself <b>fast</b> (speaker opinion).', '',
    'Another thing is speaker opinion [x](javascript:alert(1)).', '',
  ].join('\n');
  const html = withPlugin().render(text);
  assert.equal(badges(html).length, 2);
  // (Without a front-matter plugin markdown-it renders the front matter itself: look at the badges only.)
  const ours = [...html.matchAll(BADGE)].map((m) => m[0]).join('\n');
  assert.doesNotMatch(ours, /<img|<b>|javascript:/);
  assert.match(ours, /title="Claim Lens: Opinion — source: &lt;img src=x onerror=alert\(1\)&gt; &quot;q&quot;"/);
  assert.doesNotMatch(ours, /href=/, 'a URL with <, > or quotes is not linked');
  const amp = withPlugin().render('Tail sampling pays (speaker opinion) [docs](https://e.example/a?x=1&y=2).\n');
  assert.match(amp, /<a class="claim-lens-source" href="https:\/\/e.example\/a\?x=1&amp;y=2" title="docs">source<\/a>/);
  const mail = withPlugin().render('Tail sampling pays (speaker opinion) [ask](mailto:a@e.example).\n');
  assert.match(mail, /class="claim-lens-source" href="mailto:a@e.example"/);
  // The note's own escapes and entities render as markdown-it renders them.
  assert.match(html, /data-claim-status="opinion">Tail sampling &amp; \*pays\* for itself <\/span><b><span [^>]*>fast<\/span><\/b>/);
  assert.equal(visible(html), visible(plain().render(text)));
});

test('a custom status from a config is escaped in attributes and sanitised in the class', async () => {
  const { parseConfig } = await import('../../src/core/index');
  const { config } = parseConfig('statuses:\n  hearsay:\n    label: \'"><b>Hearsay</b>\'\n    markers: ["per the grapevine"]\n');
  const html = withPlugin({ analyze: { config } }).render('Revenue doubled, per the grapevine.\n');
  assert.deepEqual(badges(html), ['hearsay']);
  assert.match(html, /<span class="claim-lens-label">&quot;&gt;&lt;b&gt;Hearsay&lt;\/b&gt;<\/span>/);
  assert.doesNotMatch(html, /<b>Hearsay/);
});

test('an ordinary README gets no badge and renders exactly as without the plugin', () => {
  // Real READMEs of the packages the extension ships with, and a small one.
  const readme = (pkg: string) => readFileSync(join(ROOT, 'node_modules', pkg, 'README.md'), 'utf8');
  for (const pkg of ['markdown-it', 'yaml', 'mocha', 'ajv']) assert.equal(withPlugin().render(readme(pkg)), plain().render(readme(pkg)), pkg);
  // picomatch's README does hold one marked opinion ("IMHO, also incorrect"): that one sentence gets a badge.
  const pico = withPlugin().render(readme('picomatch'));
  assert.deepEqual(badges(pico), ['opinion']);
  assert.equal(visible(pico), visible(plain().render(readme('picomatch'))));
  const text = '# Widget\n\nInstall with `npm i widget`. It is fast and small.\n\n```js\nwidget(); // in my opinion\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
  assert.equal(withPlugin().render(text), plain().render(text));
});

test('disabled renders unchanged, as an option and as a function of env', () => {
  const text = readFileSync(join(ROOT, 'examples/podcast-episode-118.md'), 'utf8');
  assert.equal(withPlugin({ enabled: false }).render(text), plain().render(text));
  const md = withPlugin({ enabled: (env) => (env as { on?: boolean }).on === true });
  assert.equal(md.render(text, { on: false }), plain().render(text));
  assert.ok(badges(md.render(text, { on: true })).length > 0);
});

test('an analysis given by the caller is used instead of analysing again', () => {
  const text = 'Plain sentence.\n';
  const fake = analyzeText('Plain sentence (speaker opinion).\n');
  fake.claims[0].range = { start: { line: 0, character: 0 }, end: { line: 0, character: 15 } };
  const html = withPlugin({ analysis: () => fake }).render(text);
  assert.match(html, /<span class="claim-lens-claim claim-lens-status-opinion" data-claim-status="opinion">Plain sentence.<\/span><span class="claim-lens-badge/);
});

test('malformed input and a failing analysis never throw and render unchanged', () => {
  const hostile = ['', '\u0000\uD800 (speaker opinion)', '> - [ ] *a **b (speaker opinion) `c', '| x (speaker opinion) |\n|-|\n| y (unverified) |', '\t\t- a\n\t\t  b (speaker opinion)\r\n', '[x]: <>\n\n&#0; &bogus; \\ (speaker opinion)'];
  for (const text of hostile) assert.doesNotThrow(() => withPlugin().render(text), JSON.stringify(text));
  const broken = withPlugin({ analysis: () => { throw new Error('boom'); } });
  const text = 'Meshes will converge (speaker opinion).\n';
  assert.equal(broken.render(text), plain().render(text));
  // Ranges that point nowhere sensible are ignored, not rendered as garbage.
  const nonsense = analyzeText(text);
  nonsense.claims[0].range = { start: { line: 99, character: 0 }, end: { line: 0, character: 1e9 } };
  assert.equal(withPlugin({ analysis: () => nonsense }).render(text), plain().render(text));
});

test('the bundle for static sites (dist/markdown-it-claim-lens.js) works with a plain markdown-it', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(join(ROOT, 'dist/markdown-it-claim-lens.js')) as { claimLensPreview: typeof claimLensPreview; parseConfig: (t: string) => { config: unknown } };
  const md = markdownIt().use(bundle.claimLensPreview, { analyze: { config: bundle.parseConfig('statuses:\n  hearsay:\n    markers: ["per the grapevine"]\n').config } as never });
  assert.deepEqual(badges(md.render('Revenue doubled, per the grapevine. Meshes will win (speaker opinion).\n')), ['hearsay', 'opinion']);
});

test('hostile sizes: many claims in one paragraph, in many paragraphs, in a table, cost about what analysing and rendering cost', () => {
  const n = 5_000;
  const cases = {
    'one paragraph': Array.from({ length: n }, (_, i) => `Claim ${i} is *speaker* opinion.`).join(' ') + '\n',
    'one paragraph of lines': Array.from({ length: n }, (_, i) => `Claim \\_${i}\\_ &amp; more is speaker opinion.`).join('\n') + '\n',
    paragraphs: Array.from({ length: n }, (_, i) => `Claim ${i} is speaker opinion [x](https://e.example/${i}).`).join('\n\n') + '\n',
    'a table': '| a | b |\n|---|---|\n' + Array.from({ length: n / 4 }, (_, i) => `| Claim ${i} | speaker opinion |`).join('\n') + '\n',
    'unmatched markup': `${'*[`_'.repeat(n)} is speaker opinion.\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    // The baseline, measured here: what the plugin cannot avoid (analysing the note, rendering it).
    const base = fastest(() => analyzeText(text), 2) + fastest(() => plain().render(text), 2);
    const html = withPlugin().render(text);
    assert.ok(badges(html).length > 0 || name === 'unmatched markup', name);
    // A fresh instance each time, so the plugin's cache of the last analysis does not help.
    const marked = fastest(() => withPlugin().render(text), 2);
    // Generous, for a busy machine: every case measured 1–3.2× here; a path quadratic in the claims is far beyond.
    assert.ok(marked < 6 * base, `${name}: ${marked.toFixed(0)} ms with the plugin, ${base.toFixed(0)} ms to analyse and render`);
  }
});
