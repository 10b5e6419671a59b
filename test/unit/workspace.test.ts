// src/core/workspace.ts: the one port for "the notes in a workspace", tried on an in-memory
// tree, synchronously and asynchronously, with the same answers as the CLI's Node port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitignoreSet } from '../../src/core/gitignore';
import { configScope } from '../../src/core/noteFiles';
import { parseConfig } from '../../src/core/config';
import {
  configFolders, decodeNote, nearestConfig, readNoteText, runAsync, runSync, walkNotes,
  type AsyncWorkspacePort, type FolderEntry, type WorkspacePort,
} from '../../src/core/workspace';
import { nodeUtf8, nodeWorkspace, slashed } from '../../src/node/workspaceFs';

const enc = new TextEncoder();

/** A tree in memory: a path ending in `/` is a folder, `null` a device. */
function memory(files: Record<string, string | Uint8Array | null>): WorkspacePort & { asked: string[] } {
  const asked: string[] = [];
  const kinds = new Map<string, 'file' | 'folder' | 'other'>();
  for (const [p, v] of Object.entries(files)) {
    const path = p.replace(/\/$/, '');
    kinds.set(path, p.endsWith('/') ? 'folder' : v === null ? 'other' : 'file');
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) kinds.set(path.slice(0, i), 'folder');
  }
  return {
    asked,
    stat(path) {
      asked.push(`stat ${path}`);
      return kinds.get(path);
    },
    list(folder) {
      asked.push(`list ${folder}`);
      if (kinds.get(folder) !== 'folder') throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
      const out: FolderEntry[] = [];
      for (const [p, kind] of kinds) if (p.startsWith(`${folder}/`) && !p.slice(folder.length + 1).includes('/')) out.push({ name: p.slice(folder.length + 1), kind });
      return out.reverse(); // the walk sorts
    },
    read(path) {
      asked.push(`read ${path}`);
      const v = files[path];
      if (v === undefined) throw new Error(`ENOENT: ${path}`);
      if (v === null) return { reason: 'special', error: 'is not a regular file' };
      return typeof v === 'string' ? enc.encode(v) : v;
    },
  };
}

const promised = (p: WorkspacePort): AsyncWorkspacePort => ({
  stat: async (x) => p.stat(x),
  list: async (x) => p.list(x),
  read: async (x, c) => p.read(x, c),
});

test('decodeNote: UTF-8 with its BOM dropped; not UTF-8 and binary files are said apart', () => {
  assert.deepEqual(decodeNote(Uint8Array.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0xc3, 0xa9])), { text: '# é' });
  assert.deepEqual(decodeNote(Uint8Array.from([0x23, 0x20, 0xff, 0xfe])), { reason: 'encoding', error: 'not UTF-8 text' });
  assert.deepEqual(decodeNote(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), { reason: 'binary', error: 'not a text file (it holds binary data)' });
  // A NUL byte after the first 8 KB is text's business, not a sign of a binary file.
  const late = new Uint8Array(9000).fill(0x61);
  late[8500] = 0;
  assert.ok('text' in decodeNote(late));
});

test('decodeNote: Node\'s faster UTF-8 (isUtf8 and the plain decoder) gives the fatal TextDecoder\'s answers', () => {
  const cases = [
    Uint8Array.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0xc3, 0xa9]), // BOM, then "# é"
    Uint8Array.from([0x23, 0x20, 0xff, 0xfe]), // not UTF-8
    Uint8Array.from([0xed, 0xa0, 0x80]), // a lone surrogate, which UTF-8 forbids
    Uint8Array.from([0xf0, 0x9f, 0x98]), // a truncated emoji
    enc.encode('plain ASCII, CJK 漢字 and an emoji 😀\n'),
    Uint8Array.from([0x41, 0x00, 0x42]), // binary
    new Uint8Array(0),
  ];
  for (const bytes of cases) assert.deepEqual(decodeNote(bytes, nodeUtf8), decodeNote(bytes), Buffer.from(bytes).toString('hex'));
});

test('readNoteText: a read failure, a thrown error and bad bytes all say why, synchronously and asynchronously', async () => {
  const fs = memory({ '/w/a.md': '# A', '/w/dev.md': null, '/w/bad.md': Uint8Array.from([0xff]) });
  for (const run of [<T>(t: Parameters<typeof runSync<T>>[0]) => Promise.resolve(runSync(t, fs)), <T>(t: Parameters<typeof runSync<T>>[0]) => runAsync(t, promised(fs))]) {
    assert.deepEqual(await run(readNoteText('/w/a.md')), { text: '# A' });
    assert.deepEqual(await run(readNoteText('/w/dev.md')), { reason: 'special', error: 'is not a regular file' });
    assert.deepEqual(await run(readNoteText('/w/bad.md')), { reason: 'encoding', error: 'not UTF-8 text' });
    assert.deepEqual(await run(readNoteText('/w/gone.md')), { reason: 'io', error: 'ENOENT: /w/gone.md' });
  }
});

test('nearestConfig: the nearest folder wins, .yaml before .yml, a folder of that name does not count, the stop is kept', async () => {
  const fs = memory({
    '/w/.claimlens.yaml': 'a', '/w/p/.claimlens.yml': 'b', '/w/p/q/.claimlens.yaml/': '', '/w/p/q/r/n.md': '', '/.claimlens.yaml': 'top',
  });
  assert.equal(runSync(nearestConfig('/w/p/q/r/n.md'), fs), '/w/p/.claimlens.yml');
  assert.equal(await runAsync(nearestConfig('/w/p/q/r/n.md'), promised(fs)), '/w/p/.claimlens.yml');
  assert.equal(runSync(nearestConfig('/w/x.md', '/w'), fs), '/w/.claimlens.yaml');
  assert.equal(runSync(nearestConfig('/v/x.md', '/v'), fs), undefined, 'nothing above the stop is read');
  assert.equal(runSync(nearestConfig('/v/x.md'), fs), '/.claimlens.yaml', 'without a stop, up to the top');
  assert.equal(runSync(nearestConfig('/w/p/q/r/n.md', undefined, 1), fs), undefined, 'maxDepth 1: the note\'s own folder only');
  assert.deepEqual(configFolders('/w/p/n.md', '/w'), ['/w/p', '/w']);
  assert.deepEqual(configFolders('/elsewhere/n.md', '/w'), ['/elsewhere'], 'a note outside the stop looks in its own folder');
});

test('walkNotes: notes in sorted order, hidden folders and .gitignored ones never entered, config globs applied', () => {
  const fs = memory({
    '/w/b.md': '', '/w/a.md': '', '/w/x.txt': '', '/w/.git/c.md': '', '/w/node_modules/d.md': '',
    '/w/.gitignore': 'build/\n', '/w/build/e.md': '', '/w/notes/f.markdown': '', '/w/notes/drafts/g.md': '', '/w/dev.md': null,
  });
  const gitignore = new GitignoreSet();
  const scope = configScope('/w', parseConfig('exclude: ["notes/drafts/"]\n').config);
  const found = runSync(walkNotes('/w', gitignore, () => ({ root: '/w', scopes: [scope], gitignore })), fs);
  assert.deepEqual(found, [{ file: '/w/a.md' }, { file: '/w/b.md' }, { file: '/w/notes/f.markdown' }]);
  assert.ok(!fs.asked.some((a) => /list \/w\/(\.git|node_modules|build|notes\/drafts)$/.test(a)), fs.asked.join('\n'));
  const unread = runSync(walkNotes('/nowhere', new GitignoreSet(), () => ({})), fs);
  assert.equal(unread.length, 1);
  assert.ok('unreadFolder' in unread[0] && unread[0].unreadFolder === '/nowhere');
});

test('the Node port gives the walk what the in-memory one does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-port-'));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, 'sub', 'n.md'), '# N');
  writeFileSync(join(dir, '.hidden', 'h.md'), '# H');
  writeFileSync(join(dir, '.claimlens.yaml'), 'statuses: []\n');
  const root = slashed(dir);
  const found = runSync(walkNotes(root, new GitignoreSet(), () => ({ root })), nodeWorkspace(dir));
  assert.deepEqual(found, [{ file: `${root}/sub/n.md` }]);
  assert.equal(runSync(nearestConfig(`${root}/sub/n.md`, root), nodeWorkspace()), `${root}/.claimlens.yaml`);
  assert.deepEqual(runSync(readNoteText(`${root}/sub/n.md`), nodeWorkspace()), { text: '# N' });
});
