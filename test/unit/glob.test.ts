import { test } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import ignore from 'ignore';
import { GitignoreSet, isIgnored, parseGitignore } from '../../src/core/gitignore';
import { compileGlob, pathGlob } from '../../src/core/glob';

// Paths the tables run every pattern against: no empty segments (no file is named '').
const PATHS = [
  'a', 'b', 'ab', 'abc', 'a.md', 'b.md', 'x.markdown', 'x.MD', '.hidden.md', 'a.tmp.md',
  'a/b', 'a/b.md', 'a/b/c.md', 'a/x/y/b.md', 'a/b/c/d', 'x/a/b.md', 'notes/a.md', 'notes/ab.md',
  'notes/drafts/x.md', 'drafts/x.md', 'drafts/a/b.md', 'notes/drafts.md', 'build/x.md', 'a/build/x.md',
  'secret.md', 'deep/secret.md', 'deep/er/secret.md', 'a-1.md', 'a-9.md', 'a-x.md', 'a]b.md', 'a[b.md',
  'a{b.md', 'a*b.md', 'foo.md', 'bar.md', 'foo/bar.md', 'foobar.md', 'fooXbar.md', 'x/foo/y/bar.md',
  'aaaaaaaaab', 'aaaaaaaaa', 'v1.2.md', 'v12.md',
];

// Patterns picomatch and compileGlob must agree on, whole path against whole pattern. Two
// differences are meant, and left out: `[!0-9]` negates the class (picomatch reads the `!`
// literally; git and the ignore package negate), and `**` that is not a whole segment, as in
// `**.md`, is one `*` (as in git and bash; picomatch lets it cross folders).
const PATTERNS = [
  '*', '*.md', 'a*', '*b', 'a?c', '?.md', '??.md', 'a/*', 'a/*.md', 'a/**', 'a/**/b.md', '**/b.md', '**',
  '**/*.md', 'a/**/*', 'notes/?.md', 'notes/??.md', '*.{md,markdown}', '{a,b}.md', '{a,b}*', '{a*,*b}.md',
  '{foo,bar}/**', 'foo{,bar}.md', '{a,{b,x}}.md', '{notes,drafts}/**/*.md', 'a-[0-9].md',
  'a-[^0-9].md', '[ab].md', '**/**', 'a/**/**', '**/**/b.md', '[a-c]*', 'a[]]b.md', 'a\\[b.md', 'a\\{b.md', 'a\\*b.md', 'a[*]b.md', '*a*a*a*b',
  'foo*bar.md', 'foo/**/bar.md', '**/foo/**/bar.md', 'v1.2.md', 'v1?2.md', 'a/*/c.md', '*/b.md', '**/a/**',
  'a**b', 'a/b*', 'a/b/**', 'x/**/b.md', '{a,b}/**/*.md', 'a{-1,-9}.md',
];

test('compileGlob matches whole paths as picomatch does (dot: true), on a table of patterns and paths', () => {
  const differ: string[] = [];
  for (const pattern of PATTERNS) {
    const ours = compileGlob(pattern);
    const theirs = picomatch(pattern, { dot: true });
    for (const path of PATHS) if (ours.matches(path) !== theirs(path)) differ.push(`${pattern} ${path}: ours ${ours.matches(path)}, picomatch ${theirs(path)}`);
  }
  assert.deepEqual(differ, []);
});

/** The config's rules, with picomatch doing the matching: the path, or a folder it is in, matches the pattern at any depth when it has no slash. */
function reference(pattern: string, path: string): boolean {
  let g = pattern.trim().replace(/^\.\//, '');
  let anchored = g.startsWith('/');
  g = g.replace(/^\/+/, '');
  const folderOnly = g.endsWith('/');
  g = g.replace(/\/+$/, '');
  anchored ||= g.includes('/');
  const m = picomatch(anchored ? g : `**/${g}`, { dot: true });
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    if (i === parts.length && folderOnly) break;
    if (m(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}

test('pathGlob (the config and the settings): any depth without a slash, anchored with one, folders take their contents', () => {
  const patterns = [...PATTERNS, 'drafts/', 'drafts', '/drafts', 'build', '/build', 'secret.md', 'a/b/', 'notes/drafts/', './notes/**', '{drafts,build}/', 'dr*/'];
  const differ: string[] = [];
  for (const pattern of patterns) {
    const ours = pathGlob(pattern);
    for (const path of PATHS) if (ours(path) !== reference(pattern, path)) differ.push(`${pattern} ${path}: ours ${ours(path)}`);
  }
  assert.deepEqual(differ, []);
  // The cases the table stands for, spelled out.
  const m = (g: string, p: string) => pathGlob(g)(p);
  assert.ok(m('drafts/**', 'drafts/a/b.md'));
  assert.ok(!m('drafts/**', 'notes/drafts.md'));
  assert.ok(m('drafts/', 'notes/drafts/x.md'), 'a folder pattern matches everything under the folder, at any depth');
  assert.ok(!m('drafts/', 'drafts'), 'a folder pattern matches no file of that name');
  assert.ok(m('*.tmp.md', 'deep/x.tmp.md'), 'a glob without a slash matches at any depth');
  assert.ok(m('build', 'a/build/x.md'), 'a folder name matches its contents');
  assert.ok(!m('/build', 'a/build/x.md'), 'a leading slash anchors');
  assert.ok(m('*.{md,markdown}', 'x.markdown'));
  assert.ok(m('{a*,*b}.md', 'xb.md'), 'braces hold wildcards');
  assert.ok(m('a-[0-9].md', 'a-7.md') && !m('a-[0-9].md', 'a-x.md'), 'classes');
  assert.ok(m('a-[!0-9].md', 'a-x.md') && !m('a-[!0-9].md', 'a-7.md'), 'negated classes');
  assert.ok(m('**.md', 'x.md') && !m('/**.md', 'a/x.md'), '`**` inside a segment is one `*`');
  assert.ok(m('**/secret.md', 'secret.md'));
});

// .gitignore files and the paths asked about, for comparing with the `ignore` package.
const GITIGNORES = [
  'node_modules/\n*.log\ndrafts/\n!drafts/keep.md\n',
  'drafts/**\n!drafts/keep.md\n',
  '*.md\n!notes/*.md\n',
  '/build\nsecret.md\n',
  'a/**/b.md\n',
  '# comment\n\n\\#hash.md\n\\!bang.md\n',
  'notes/\n!notes/a.md\n',
  '*\n!*/\n!*.md\n',
  'a/b/\n',
  '**/drafts\n',
  '[ab].md\n',
  'x/*\n!x/y/\n',
  'trailing.md   \n',
  '*.md\n!/*.md\n',
];
const GIT_PATHS = [
  ...PATHS, 'drafts/keep.md', 'drafts/other.md', 'notes/b.md', 'notes/sub/c.md', 'build', 'src/build/x.md',
  'x.log', 'a/x.log', 'node_modules/a.md', 'a/node_modules/b.md', '#hash.md', '!bang.md', 'x/y/z.md', 'x/z.md',
  'trailing.md', 'drafts', 'q/drafts/z.md',
];

test('parseGitignore and GitignoreSet answer as the ignore package does, on a table of .gitignore files and paths', () => {
  const differ: string[] = [];
  for (const text of GITIGNORES) {
    const rules = parseGitignore(text);
    const theirs = ignore({ ignorecase: false }).add(text); // git's default on Linux
    for (const path of GIT_PATHS) {
      if (isIgnored(rules, path) !== theirs.ignores(path)) differ.push(`${JSON.stringify(text)} ${path}: ours ${isIgnored(rules, path)}`);
    }
  }
  assert.deepEqual(differ, []);
});

test('gitignore: a file in an ignored folder stays ignored; nested .gitignore files override shallower ones', () => {
  const rules = parseGitignore('# comment\n\nnode_modules/\n*.log\ndrafts/\n!drafts/keep.md\n');
  assert.ok(isIgnored(rules, 'node_modules/a/readme.md'));
  assert.ok(isIgnored(rules, 'drafts/x.md'));
  assert.ok(isIgnored(rules, 'drafts/keep.md'), 'git cannot re-include a file whose folder is ignored');
  assert.ok(!isIgnored(rules, 'notes/a.md'));
  const set = new GitignoreSet();
  set.add('/r', parseGitignore('*.md\n'));
  set.add('/r/notes', parseGitignore('!*.md\n'));
  assert.ok(set.ignores('/r/a.md'));
  assert.ok(!set.ignores('/r/notes/a.md'), 'the deeper .gitignore wins');
  assert.ok(!set.ignores('/elsewhere/a.md'), 'rules apply below their folder only');
  set.add('/r', parseGitignore('private/\n'));
  set.add('/r/private', parseGitignore('!*.md\n'));
  assert.ok(set.ignores('/r/private/a.md'), 'a .gitignore inside an ignored folder is never read by git');
});

test('globs: a pattern with many stars answers at once, whatever the path (no backtracking)', () => {
  const g = pathGlob('*a*a*a*a*a*a*a*a*a*a*a*b');
  assert.equal(g('a'.repeat(40)), false);
  assert.equal(g(`${'a'.repeat(40)}b`), true);
  const huge = pathGlob('x'.repeat(5 * 1024 * 1024));
  assert.equal(huge('notes/a.md'), false, 'a glob longer than any path matches nothing, and builds nothing');
  assert.equal(compileGlob(`${'x'.repeat(4095)}*`).matches('x'.repeat(4096)), true, 'up to 4,096 characters, a glob matches');
  const deep = compileGlob('a/**/**/**/**/**/**/**/**/**/b');
  assert.equal(deep.matches(`${'a/'.repeat(40)}c`), false);
  assert.equal(deep.matches(`${'a/'.repeat(40)}b`), true);
});
