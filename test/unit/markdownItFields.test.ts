import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import markdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { makeCorpus } from '../../bench/corpus';
import { fixtureNames, readFixture, ROOT } from './helpers';

// This file is bundled like the extension and the CLI, so `markdown-it` here is the library as
// scripts/markdownItFields.mjs rewrites it. The published one is loaded at run time, untouched.
const published = createRequire(__filename);
type Md = ReturnType<typeof markdownIt>;
const stock = (): Md => published('markdown-it')({ html: true }).use(published('markdown-it-footnote'));
const ours = (): Md => markdownIt({ html: true }).use(footnote);
const tokenClass = (md: Md) => (new md.block.State('', md, {}, []) as unknown as { Token: { toString(): string } }).Token;

test('the bundled markdown-it makes its tokens by assignment; the published one by the helper', () => {
  assert.doesNotMatch(tokenClass(ours()).toString(), /_defineProperty/);
  assert.match(tokenClass(stock()).toString(), /_defineProperty\(/, 'the published build changed: the rewrite may no longer be needed');
});

test('the rewritten markdown-it gives the same tokens as the published one', () => {
  const a = ours();
  const b = stock();
  const texts = [
    ...fixtureNames().map(readFixture),
    ...readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.md')).map((n) => readFileSync(join(ROOT, 'examples', n), 'utf8')),
    ...makeCorpus(7, 150_000, 1.7),
    '# h\n\n> q\n> - [x] a | b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nx\n```\n\n<div>\nhtml\n</div>\n\nText[^1] **b** _i_ `c` <https://a.example> ![i](u "t")\n\n[^1]: note\n\n[r]: https://r.example "T"\n',
  ];
  for (const t of texts) {
    const env = {};
    assert.equal(JSON.stringify(a.parse(t, env)), JSON.stringify(b.parse(t, {})));
    assert.equal(a.render(t), b.render(t));
  }
});

test('the rewrite refuses a field that a prototype also defines', async () => {
  const { rewriteFields } = (await import(pathToFileURL(join(ROOT, 'scripts/markdownItFields.mjs')).href)) as { rewriteFields: (s: string) => string };
  const plain = 'var A = class {\n\tconstructor() {\n\t\t_defineProperty(this, "x", 1);\n\t}\n};';
  assert.equal(rewriteFields(plain), 'var A = class {\n\tconstructor() {\n\t\t(this.x = 1);\n\t}\n};');
  const accessor = 'var A = class {\n\tconstructor() {\n\t\t_defineProperty(this, "x", 1);\n\t}\n\tget x() {\n\t\treturn 2;\n\t}\n};';
  assert.throws(() => rewriteFields(accessor), /x/);
});
