import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseGitignore } from '../../src/core/gitignore';
import { globToRegExp } from '../../src/core/glob';

test('globs: *, **, ?, braces, anchoring and folder contents', () => {
  const m = (g: string, p: string) => globToRegExp(g).test(p);
  assert.ok(m('drafts/**', 'drafts/a/b.md'));
  assert.ok(!m('drafts/**', 'notes/drafts.md'));
  assert.ok(m('*.tmp.md', 'deep/x.tmp.md'), 'a glob without a slash matches at any depth');
  assert.ok(m('build', 'a/build/x.md'), 'a folder name matches its contents');
  assert.ok(!m('/build', 'a/build/x.md'), 'a leading slash anchors');
  assert.ok(m('notes/?.md', 'notes/a.md'));
  assert.ok(!m('notes/?.md', 'notes/ab.md'));
  assert.ok(m('*.{md,markdown}', 'x.markdown'));
  assert.ok(m('**/secret.md', 'secret.md'));
});

test('gitignore: comments, negation and trailing slashes', () => {
  const rules = parseGitignore('# comment\n\nnode_modules/\n*.log\ndrafts/\n!drafts/keep.md\n');
  assert.ok(isIgnored(rules, 'node_modules/a/readme.md'));
  assert.ok(isIgnored(rules, 'drafts/x.md'));
  assert.ok(!isIgnored(rules, 'drafts/keep.md'));
  assert.ok(!isIgnored(rules, 'notes/a.md'));
});
