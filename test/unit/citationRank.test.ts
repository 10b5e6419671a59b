import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { rankCitations } from '../../src/core/citationRank';
import { parseConfig } from '../../src/core/config';


test("the note's own sources come first, then unused definitions, then registry entries of other notes", () => {
  const text = [
    '---', 'source: https://example.org/episode', '---',
    'Kubernetes cluster growth was large (speaker opinion).', '',
    'Earlier we cited [the post][post] and [@mine] and [a page](https://example.org/page).', '',
    '[post]: https://example.org/post "Post"',
    '[spare]: https://example.org/spare "Kubernetes cluster growth spare"', '',
  ].join('\n');
  // `other` shares words with the sentence: it would win on relevance alone.
  const { config } = parseConfig('sources:\n  other:\n    url: https://example.org/other\n    title: Kubernetes cluster growth survey\n  mine:\n    url: https://example.org/mine\n    title: Mine\n');
  const a = analyzeText(text, { config });
  const ranked = rankCitations(a, a.claims[0], config.sources);
  const order = ranked.map((c) => `${c.origin}:${c.label ?? c.url}`);
  assert.deepEqual(order.slice(-2), ['definition:spare', 'registry:other'], order.join(', '));
  const tier0 = ranked.filter((c) => c.tier === 0).map((c) => `${c.origin}:${c.label ?? c.url}`).sort();
  assert.deepEqual(tier0, ['definition:post', 'link:https://example.org/page', 'note:https://example.org/episode', 'registry:mine']);
  assert.equal(ranked[0].origin, 'note');
});

test('each URL is offered once', () => {
  const text = '---\nsource: https://example.org/a\n---\nIt grew (speaker opinion) [A][a] <https://example.org/b> and <https://example.org/b>.\n\n[a]: https://example.org/a\n';
  const a = analyzeText(text);
  const urls = rankCitations(a, a.claims[0]).map((c) => c.url);
  assert.deepEqual([...urls].sort(), ['https://example.org/a', 'https://example.org/b']);
  // A bare link's title is its URL: it is shown once, not as the label and again beside it.
  const bare = rankCitations(a, a.claims[0]).find((c) => c.url === 'https://example.org/b')!;
  assert.deepEqual([bare.title, bare.description], ['https://example.org/b', '']);
  const post = analyzeText('It grew (speaker opinion) [Post][p].\n\n[p]: https://example.org/p "Post"\n');
  assert.deepEqual(rankCitations(post, post.claims[0]).map((c) => [c.title, c.description]), [['Post', 'https://example.org/p']]);
});
