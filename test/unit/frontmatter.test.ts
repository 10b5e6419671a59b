import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFrontMatter, YAML_ONLY } from '../../src/core/frontMatter';
import { LineIndex } from '../../src/core/text';

const SAMPLES = [
  'title: Keynote\nsource: https://example.org/talk',
  'title: "Quoted: title"\nsource:\n  url: https://example.org/k.mp4\n  title: Keynote recording',
  'source:\n  title: Only a title',
  'source:\n  url: https://example.org/x\n  title: A title with spaces   ',
  'source: https://example.org/x # a comment',
  'source: 2027',
  'source: true',
  'source: [a, b',
  'sources:\n  - https://example.org/a\n  - url: https://example.org/b\n    title: B',
  'title: x\n  url: y',
  'source: https://a\nsource: https://b',
  'tags:\n  - a\n  - b\nsource: https://example.org/t',
  'meta:\n  author: Someone\nsource: https://example.org/m',
  '# just a comment\nsource:   https://example.org/spaced   ',
  'source:\n  url: https://example.org/u\n  kind: recording',
  'source: &a https://example.org/anchor',
  'source: |\n  https://example.org/block',
  'source:\n\turl: tab',
  'title: Ünïcode — dash\nsource: https://example.org/ü',
  'source:',
  '',
];

test('the fast front-matter reader agrees with the yaml package on every shape it accepts', () => {
  for (const body of SAMPLES) {
    const text = `---\n${body}\n---\nBody (speaker opinion).\n`;
    const lines = new LineIndex(text);
    const fast = readFrontMatter(lines);
    YAML_ONLY.on = true;
    try {
      const slow = readFrontMatter(lines);
      assert.deepEqual(fast, slow, JSON.stringify(body));
    } finally {
      YAML_ONLY.on = false;
    }
  }
});
