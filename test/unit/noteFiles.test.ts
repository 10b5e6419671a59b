import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { parseConfig } from '../../src/core/config';
import { GitignoreSet, parseGitignore } from '../../src/core/gitignore';
import { configScope, isNotePath, noteVerdict, skipsFolder, type NoteRules } from '../../src/core/noteFiles';

const config = (yaml: string) => {
  const r = parseConfig(yaml);
  assert.deepEqual(r.problems, []);
  return r.config;
};

test('notes: Markdown files only, not in dot-folders or node_modules below the root', () => {
  const rules: NoteRules = { root: '/ws' };
  assert.equal(noteVerdict('/ws/a.md', rules), undefined);
  assert.equal(noteVerdict('/ws/a/b.markdown', rules), undefined);
  assert.equal(noteVerdict('/ws/A.MD', rules), undefined, 'extensions in any case');
  assert.equal(noteVerdict('/ws/a.txt', rules), 'extension');
  assert.equal(noteVerdict('/ws/.md', rules), 'extension');
  assert.equal(noteVerdict('/ws/.github/a.md', rules), 'hidden');
  assert.equal(noteVerdict('/ws/.draft.md', rules), 'hidden');
  assert.equal(noteVerdict('/ws/x/node_modules/pkg/README.md', rules), 'hidden');
  assert.equal(noteVerdict('/home/.me/ws/a.md', { root: '/home/.me/ws' }), undefined, 'only folders below the root count');
});

test('notes: include, exclude and ignore from the config, relative to its folder', () => {
  const scope = configScope('/ws/proj', config('include: ["notes/**"]\nexclude: ["notes/drafts/"]\nignore: ["*.tmp.md"]\n'));
  const rules: NoteRules = { root: '/ws', scopes: [scope] };
  assert.equal(noteVerdict('/ws/proj/notes/a.md', rules), undefined);
  assert.equal(noteVerdict('/ws/proj/notes/deep/a.md', rules), undefined);
  assert.equal(noteVerdict('/ws/proj/README.md', rules), 'include');
  assert.equal(noteVerdict('/ws/proj/other/notes/a.md', rules), 'include', 'a glob with a slash is anchored at the config folder');
  assert.equal(noteVerdict('/ws/proj/notes/drafts/a.md', rules), 'exclude');
  assert.equal(noteVerdict('/ws/proj/notes/x.tmp.md', rules), 'exclude', '`ignore` is `exclude` by its older name');
  assert.equal(noteVerdict('/ws/elsewhere/a.md', rules), undefined, 'a config says nothing about files outside its folder');
  assert.ok(skipsFolder('/ws/proj/notes/drafts', rules), 'a walk need not enter an excluded folder');
  assert.ok(!skipsFolder('/ws/proj/other', rules), 'include never prunes a walk');
});

test('notes: the settings\' globs narrow the config\'s, each relative to its own folder', () => {
  const rules: NoteRules = {
    root: '/ws',
    scopes: [configScope('/ws/proj', config('include: ["notes/**"]\n')), { base: '/ws', include: ['proj/**'], exclude: ['**/private/**'] }],
  };
  assert.ok(isNotePath('/ws/proj/notes/a.md', rules));
  assert.equal(noteVerdict('/ws/proj/notes/private/a.md', rules), 'exclude');
  assert.equal(noteVerdict('/ws/other/notes/a.md', rules), 'include');
});

test('notes: .gitignore rules, with the folders they sit in', () => {
  const gitignore = new GitignoreSet();
  gitignore.add('/ws', parseGitignore('build/\n*.generated.md\n'));
  gitignore.add('/ws/notes', parseGitignore('scratch.md\n'));
  const rules: NoteRules = { root: '/ws', gitignore };
  assert.equal(noteVerdict('/ws/build/a.md', rules), 'gitignore');
  assert.equal(noteVerdict('/ws/x/y.generated.md', rules), 'gitignore');
  assert.equal(noteVerdict('/ws/notes/scratch.md', rules), 'gitignore');
  assert.equal(noteVerdict('/ws/scratch.md', rules), undefined, 'a .gitignore applies below its own folder');
  assert.equal(noteVerdict('/ws/notes/a.md', rules), undefined);
  assert.ok(skipsFolder('/ws/build', rules));
});

test('config: include and exclude must be lists of strings', () => {
  const r = parseConfig('include: notes\nexclude: [""]\n');
  assert.deepEqual(r.problems.map((p) => p.message), ['`include` must be a list of strings.', 'Each entry of `exclude` must be a non-empty string.']);
  assert.deepEqual(r.config.include, []);
  assert.deepEqual(r.config.exclude, []);
});

const NOTE = 'It grew (speaker opinion).\n\n[unused]: https://example.org\n\nSee [the paper][missing].\n';

test('front matter `claim-lens: false` (or `claimLens: false`) turns one note off: no claims, no findings', () => {
  const on = analyzeText(NOTE);
  assert.ok(on.claims.length === 1 && on.findings.length >= 2, JSON.stringify(on.findings.map((f) => f.code)));
  for (const fm of ['claim-lens: false', 'claimLens: false', 'title: x\nclaim-lens: False', 'claim-lens: false\ntags: [a, b]\nsource: [1, 2']) {
    const a = analyzeText(`---\n${fm}\n---\n${NOTE}`);
    assert.deepEqual({ claims: a.claims.length, findings: a.findings.map((f) => f.code) }, { claims: 0, findings: [] }, fm);
  }
  for (const fm of ['claim-lens: true', 'claim-lens: "false"', 'notes: false']) {
    const a = analyzeText(`---\n${fm}\n---\n${NOTE}`);
    assert.equal(a.claims.length, 1, fm);
  }
});

test('<!-- claim-lens-disable-file --> silences every finding of the note; its claims stay, suppressed', () => {
  const text = `---\nsource: [\n---\n<!-- claim-lens-disable-file -- not reviewed -->\n\n${NOTE}\n<!-- claim-lens-disable-next-line nosuchstatus -->\nA hallway survey said so.\n`;
  const a = analyzeText(text);
  assert.deepEqual(a.findings.map((f) => f.code), []);
  assert.equal(a.claims.length, 2);
  assert.ok(a.claims.every((c) => c.suppressed?.reason === 'not reviewed'));
  // Naming statuses still suppresses those alone.
  const b = analyzeText(`<!-- claim-lens-disable-file opinion -->\n\n${NOTE}`);
  assert.equal(b.claims[0].suppressed?.reason, null);
  assert.deepEqual(b.findings.map((f) => f.code).sort(), ['source.undefined-reference', 'source.unused']);
  const c = analyzeText(`<!-- claim-lens-disable-file all -->\n\n${NOTE}`);
  assert.deepEqual(c.findings, []);
});
