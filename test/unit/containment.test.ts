// Contained reads: a config (from a pull request, say) cannot make the CLI read and print files
// outside the checked folders, follow a link out of them, or read a device or a pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containedPath, isWithin, pathKind } from '../../src/core/containment';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'dist/cli.js');

function run(args: string[], cwd: string) {
  // The timeout only stops a run that would hang for ever (a FIFO read on today's code).
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-contain-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const SECRET = 'SECRET-7f3a token=hunter2 the launch slipped to May because the vendor said so';
/** A quotation close to the secret's text: today's code prints the secret as the "closest passage". */
const NOTE = (key: string) => `The host said "the launch slipped to June because the vendor said so" [@${key}].\n`;

test('core: absolute and UNC paths are refused before any file system access, unless opted in', () => {
  assert.equal(pathKind('/etc/passwd'), 'absolute');
  assert.equal(pathKind('C:\\Users\\me\\.env'), 'absolute');
  assert.equal(pathKind('\\\\evil-host\\share\\x'), 'unc');
  assert.equal(pathKind('//evil-host/share/x'), 'unc');
  assert.equal(pathKind('snapshots/a.txt'), 'relative');
  let touched = 0;
  const req = { base: '/w/cfg', roots: ['/w'], join: (a: string, b: string) => `${a}/${b}`, realpath: (p: string) => { touched++; return p; } };
  assert.deepEqual(containedPath({ ...req, written: '\\\\evil-host\\share\\x', allowOutside: false }), { refused: 'unc' });
  assert.deepEqual(containedPath({ ...req, written: '/etc/passwd', allowOutside: false }), { refused: 'absolute' });
  assert.equal(touched, 0, 'a refused UNC or absolute path is never resolved (resolving would reach the host)');
  assert.deepEqual(containedPath({ ...req, written: '/etc/passwd', allowOutside: true }), { path: '/etc/passwd' });
  // A link inside the root that leads out of it.
  const linked = { ...req, realpath: (p: string) => (p === '/w/cfg/snap.txt' ? '/home/me/.git-credentials' : p) };
  assert.deepEqual(containedPath({ ...linked, written: 'snap.txt', allowOutside: false }), { refused: 'outside' });
  assert.deepEqual(containedPath({ ...req, written: 'a.txt', allowOutside: false }), { path: '/w/cfg/a.txt' });
  assert.ok(isWithin('/w', '/w/x') && !isWithin('/w', '/wx/y') && isWithin('/', '/etc') && isWithin('C:\\W', 'c:/w/x', true));
});

test('the CLI does not read snapshots outside the checked folder, through .., absolute paths or links, and never prints them', () => {
  const outside = folder({ 'credentials': SECRET });
  const dir = folder({
    '.claimlens.yaml': [
      'sources:',
      '  up:', '    title: Up', '    snapshot: ../' + outside.split('/').pop() + '/credentials',
      '  abs:', '    title: Abs', `    snapshot: ${join(outside, 'credentials')}`,
      '  link:', '    title: Link', '    snapshot: linked.txt',
      '  unc:', '    title: Unc', '    snapshot: "\\\\\\\\127.0.0.1\\\\share\\\\x.txt"',
      '',
    ].join('\n'),
    'up.md': NOTE('up'), 'abs.md': NOTE('abs'), 'link.md': NOTE('link'), 'unc.md': NOTE('unc'),
  });
  symlinkSync(join(outside, 'credentials'), join(dir, 'linked.txt'));
  for (const format of ['json', 'text', 'sarif', 'markdown']) {
    const r = run(['check', '.', '--format', format, '--fail-on', 'never'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('SECRET') && !r.stdout.includes('hunter2') && !r.stdout.includes('launch slipped to May'), `${format}: the outside file's text is not in the output`);
    assert.ok(!r.stderr.includes('SECRET'));
  }
  const text = run(['check', '.', '--fail-on', 'never'], dir).stdout;
  assert.match(text, /^\.claimlens\.yaml:\d+:\d+: error config\.invalid The snapshot "\.\.\/[^"]+" of source `up` leads outside the checked folders/m);
  assert.match(text, /of source `abs` is an absolute path/);
  assert.match(text, /The snapshot "linked\.txt" of source `link` leads outside the checked folders/);
  assert.match(text, /of source `unc` is a network \(UNC\) path/);
  // The user's opt-in (a flag, never the config) reads them.
  const allowed = run(['check', '.', '--format', 'json', '--fail-on', 'never', '--allow-outside-snapshots'], dir);
  assert.equal(allowed.code, 0, allowed.stderr);
  const abs = JSON.parse(allowed.stdout).files.find((f: { path: string }) => f.path === 'abs.md');
  assert.match(abs.diagnostics[0].message, /Closest passage .*launch slipped to May/, 'with the flag the absolute snapshot is read');
});

test('a .claimlens.yaml that links out of the tree is not read, and nothing of the target is shown', () => {
  const outside = folder({ 'secret.yaml': 'AWS_SECRET_KEY_7f3a: x\nstatuses:\n  opinion:\n    enabled: false\n' });
  const dir = folder({ 'n.md': 'Speaker opinion.\n' });
  symlinkSync(join(outside, 'secret.yaml'), join(dir, '.claimlens.yaml'));
  const r = run(['check', '.', '--fail-on', 'never'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('AWS_SECRET_KEY'), r.stdout);
  assert.match(r.stdout, /^\.claimlens\.yaml:1:1: error config\.invalid is a symbolic link to a file outside the checked folders, so it was not read; using the defaults/m);
  assert.match(r.stdout, /^n\.md:1:1: information claim\.opinion/m, 'the defaults apply, not the target');
  // A link inside the tree is followed.
  const inside = folder({ 'conf/real.yaml': 'statuses:\n  opinion:\n    enabled: false\n', 'n.md': 'Speaker opinion.\n' });
  symlinkSync(join(inside, 'conf/real.yaml'), join(inside, '.claimlens.yaml'));
  const ok = run(['check', '.', '--format', 'json'], inside);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).files.map((f: { path: string }) => f.path), ['n.md']);
});

test('special files are never read: a snapshot or config that is /dev/zero or a FIFO', { skip: process.platform === 'win32' ? 'no /dev/zero or FIFOs' : false }, () => {
  const dir = folder({
    '.claimlens.yaml': 'sources:\n  z:\n    title: Zero\n    snapshot: /dev/zero\n  f:\n    title: Fifo\n    snapshot: pipe\n',
    'z.md': NOTE('z'), 'f.md': NOTE('f'),
  });
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0, 'mkfifo');
  const r = run(['check', '.', '--fail-on', 'never', '--allow-outside-snapshots'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /The snapshot "\/dev\/zero" of source `z` is not a regular file/);
  assert.match(r.stdout, /The snapshot "pipe" of source `f` is not a regular file/);
  // A config found in the tree that is a FIFO, and a note that is a device.
  const cfg = folder({ 'n.md': 'Speaker opinion.\n' });
  assert.equal(spawnSync('mkfifo', [join(cfg, '.claimlens.yaml')]).status, 0, 'mkfifo');
  symlinkSync('/dev/zero', join(cfg, 'zero.md'));
  const c = run(['check', '.', 'zero.md', '--fail-on', 'never'], cfg);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /^\.claimlens\.yaml:1:1: error config\.invalid is not a regular file/m);
  assert.match(c.stdout, /^zero\.md:1:1: warning file\.unreadable This file is not a regular file/m);
});

test('a note that cannot be read is a file.unreadable finding that follows --fail-on, and still named on stderr', () => {
  const dir = folder({ 'good.md': 'Plain text.\n', 'latin1.md': Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) });
  const never = run(['check', '.', '--fail-on', 'never'], dir);
  assert.equal(never.code, 0);
  assert.equal(never.stderr, "claim-lens: 'latin1.md' is not UTF-8 text; skipped\n");
  assert.match(never.stdout, /^latin1\.md:1:1: warning file\.unreadable This file is not UTF-8 text, so it was not checked\./m);
  assert.equal(run(['check', '.'], dir).code, 1, 'the default --fail-on warning fails the run with 1, not 2');
  assert.equal(run(['check', '.', '--fail-on', 'error'], dir).code, 0);
  const off = folder({ '.claimlens.yaml': 'rules:\n  file.unreadable: error\n', 'latin1.md': Buffer.from([0xe9]) });
  assert.equal(run(['check', '.', '--fail-on', 'error'], off).code, 1, 'its severity is configurable');
});

test('file names and titles cannot inject lines or terminal sequences into text output and stderr', { skip: process.platform === 'win32' ? 'no newlines in Windows file names' : false }, () => {
  const dir = folder({
    'a\n::error file=x::injected.md': 'It grew [x] (speaker opinion).\n\n[x]: https://example.org "\u001b[2J\u001b]0;owned\u0007 title"\n',
    'b\n::add-mask::x.md': Buffer.from([0xe9]),
  });
  const r = run(['check', '.', '--fail-on', 'never'], dir);
  assert.equal(r.code, 0, r.stderr);
  for (const out of [r.stdout, r.stderr]) {
    assert.ok(!out.split('\n').some((l) => l.startsWith('::')), `no line starts a workflow command:\n${out}`);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(out), 'no control characters');
  }
  assert.match(r.stdout, /^a\\n::error file=x::injected\.md:1:1: information claim\.opinion .*\\x1b\[2J\\x1b\]0;owned\\x07 title/m);
  assert.match(r.stderr, /^claim-lens: 'b\\n::add-mask::x\.md' is not UTF-8 text; skipped$/m);
});
