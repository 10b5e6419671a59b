import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineIndex } from '../../src/core/text';
import { ROOT } from './helpers';
import { PARALLEL_BYTES, PARALLEL_THRESHOLD, planBatches, worthThreads } from '../../src/cli/parallel';
import { runCheck } from '../../src/cli/check';
import { readPolicy } from '../../src/cli/readPolicy';
import { WORKER_ROLE } from '../../src/cli/workers';
import { Worker } from 'node:worker_threads';

const CLI = join(ROOT, 'dist/cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

test('json: the contract, with sorted files and exact ranges', () => {
  const dir = workspace({
    'b.md': 'It grew (speaker opinion).\n',
    'a/notes.markdown': '---\nsource: https://example.org/ep\n---\nAn 🚀 hallway survey said so.\r\n',
    'a/ignored.txt': 'speaker opinion',
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['tool', 'files', 'summary']);
  assert.equal(out.tool.name, 'claim-lens');
  assert.match(out.tool.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(out.files.map((f: { path: string }) => f.path), ['a/notes.markdown', 'b.md']);
  const claim = out.files[0].claims[0];
  assert.deepEqual(Object.keys(claim), ['status', 'text', 'range', 'markers', 'sources']);
  assert.deepEqual(claim.sources, [{ url: 'https://example.org/ep', title: 'https://example.org/ep', via: 'note' }]);
  assert.deepEqual(out.summary, {
    files: 2, claims: 2, byStatus: { opinion: 1, context: 1 }, withoutSource: 1, suppressed: 0,
    diagnostics: { error: 0, warning: 1, information: 2, hint: 0 },
  });
  const lines = new LineIndex('---\nsource: https://example.org/ep\n---\nAn 🚀 hallway survey said so.\r\n');
  assert.equal(lines.slice(claim.range), claim.text);
  assert.equal(claim.range.end.character, 'An 🚀 hallway survey said so.'.length, 'characters count UTF-16 code units');
});

test('text: compiler-style lines, 1-based', () => {
  const dir = workspace({ 'n.md': '# T\n\nIt grew (speaker opinion).\n' });
  const r = run(['check', 'n.md'], dir);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'n.md:3:1: information claim.opinion Speaker opinion — no source');
  assert.equal(lines[1], 'n.md:3:10: warning claim.no-source No primary source for this opinion claim: cite one in the sentence, or declare `source:` in the front matter.');
  assert.match(lines[2], /^1 claim in 1 file \(1 opinion\); 1 without source$/);
});

test('--fail-on sets which findings fail the run', () => {
  const dir = workspace({ 'n.md': '---\nsource: https://example.org\n---\nIt grew (speaker opinion).\n' });
  assert.equal(run(['check', '.'], dir).code, 0, 'information does not reach warning');
  assert.equal(run(['check', '.', '--fail-on', 'information'], dir).code, 1);
  assert.equal(run(['check', '.', '--fail-on=error'], dir).code, 0);
  const dir2 = workspace({ 'n.md': 'Not verified.\n' });
  assert.equal(run(['check', '.', '--fail-on', 'never'], dir2).code, 0);
  assert.equal(run(['check', '.', '--fail-on', 'warning'], dir2).code, 1);
});

test('usage errors exit 2 with one line on stderr', () => {
  const dir = workspace({ 'n.md': 'x' });
  for (const args of [['check', '--format', 'xml'], ['check', '--bogus'], ['lint'], [], ['check', '--fail-on', 'loud'], ['check', '--config']]) {
    const r = run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^claim-lens: /);
  }
  const help = run(['--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: claim-lens check/);
});

test('bad files are named on stderr and reported as file.unreadable; a missing path makes the run exit 2', () => {
  const dir = workspace({
    'good.md': 'Speaker opinion.\n',
    'latin1.md': Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]),
    'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
  });
  const r = run(['check', '.', 'missing.md', '--format', 'json'], dir);
  assert.equal(r.code, 2);
  const errs = r.stderr.trim().split('\n').sort();
  assert.deepEqual(errs, [
    "claim-lens: 'binary.md' is not a text file (it holds binary data); skipped",
    "claim-lens: 'latin1.md' is not UTF-8 text; skipped",
    "claim-lens: cannot find 'missing.md'",
  ]);
  const files = JSON.parse(r.stdout).files as Array<{ path: string; diagnostics: Array<{ code: string }> }>;
  assert.deepEqual(files.map((f) => f.path), ['binary.md', 'good.md', 'latin1.md']);
  assert.deepEqual(files.filter((f) => f.path !== 'good.md').map((f) => f.diagnostics.map((d) => d.code)), [['file.unreadable'], ['file.unreadable']]);
});

test('folders skip node_modules, dot-folders and links out of the tree', () => {
  const outside = workspace({ 'o.md': 'Speaker opinion.' });
  const dir = workspace({
    'n.md': 'Speaker opinion.',
    'node_modules/x/readme.md': 'Speaker opinion.',
    '.git/x.md': 'Speaker opinion.',
    'sub/deep/d.MD': 'Speaker opinion.',
  });
  symlinkSync(join(outside, 'o.md'), join(dir, 'link.md'));
  symlinkSync(outside, join(dir, 'linkdir'));
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['n.md', 'sub/deep/d.MD']);
});

test('the nearest .claimlens.yaml applies; --config overrides it', () => {
  const dir = workspace({
    '.claimlens.yaml': 'statuses:\n  opinion:\n    markers: ["editorial view"]\n',
    'sub/.claimlens.yaml': 'statuses:\n  opinion:\n    enabled: false\n',
    'top.md': 'An editorial view.',
    'sub/inner.md': 'Speaker opinion and an editorial view.',
    'other.yaml': 'defaults: false\nstatuses:\n  mine:\n    markers: [editorial view]\n',
  });
  const byPath = (stdout: string) => Object.fromEntries(JSON.parse(stdout).files.map((f: { path: string; claims: Array<{ status: string }> }) => [f.path, f.claims.map((c) => c.status)]));
  assert.deepEqual(byPath(run(['check', '.', '--format', 'json'], dir).stdout), { 'top.md': ['opinion'], 'sub/inner.md': [] });
  assert.deepEqual(byPath(run(['check', '.', '--format', 'json', '--config', 'other.yaml'], dir).stdout), { 'top.md': ['mine'], 'sub/inner.md': ['mine'] });
  const missing = run(['check', '.', '--config', 'nope.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot find config file 'nope.yaml'/);
});

test('config errors are reported at file:line:col and the check goes on', () => {
  const dir = workspace({ '.claimlens.yaml': 'statuses:\n  opinion:\n    severity: loud\n', 'n.md': 'Speaker opinion.' });
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^\.claimlens\.yaml:3:15: error config\.invalid Severity must be one of/m);
  assert.match(r.stdout, /^n\.md:1:1: information claim\.opinion/m);
});

test('the config ignore list skips matching notes in folders', () => {
  const dir = workspace({ '.claimlens.yaml': 'ignore: ["drafts/**", "*.tmp.md"]\n', 'drafts/a.md': 'Speaker opinion.', 'x.tmp.md': 'Speaker opinion.', 'keep.md': 'Speaker opinion.' });
  assert.deepEqual(JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout).files.map((f: { path: string }) => f.path), ['keep.md']);
});

const paths = (stdout: string) => JSON.parse(stdout).files.map((f: { path: string }) => f.path);

test('include: a folder whose config says include: ["notes/**"] gets no findings outside notes/', () => {
  const dir = workspace({
    'proj/.claimlens.yaml': 'include: ["notes/**"]\nexclude: ["notes/drafts/"]\n',
    'proj/notes/a.md': 'It grew (speaker opinion).\n',
    'proj/notes/deep/b.md': 'It grew (speaker opinion).\n',
    'proj/notes/drafts/c.md': 'It grew (speaker opinion).\n',
    'proj/README.md': 'It grew (speaker opinion).\n[unused]: https://example.org\n',
    'proj/docs/notes/x.md': 'It grew (speaker opinion).\n',
    'other.md': 'It grew (speaker opinion).\n',
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  const out = JSON.parse(r.stdout);
  // other.md is outside the config's folder: its include says nothing about it.
  assert.deepEqual(paths(r.stdout), ['other.md', 'proj/notes/a.md', 'proj/notes/deep/b.md']);
  assert.ok(out.files.every((f: { path: string; diagnostics: unknown[] }) => f.path === 'other.md' || f.path.startsWith('proj/notes/')));
  assert.equal(out.summary.files, 3);
  // Walking the project folder itself, or from inside it, gives the same notes.
  assert.deepEqual(paths(run(['check', 'proj', '--format', 'json'], dir).stdout), ['proj/notes/a.md', 'proj/notes/deep/b.md']);
  assert.deepEqual(paths(run(['check', '.', '--format', 'json'], join(dir, 'proj')).stdout), ['notes/a.md', 'notes/deep/b.md']);
  // A file named on the command line is checked whatever the globs say.
  assert.deepEqual(paths(run(['check', 'proj/README.md', '--format', 'json'], dir).stdout), ['proj/README.md']);
});

test('folder walks skip .gitignored notes, as Check Workspace does; a file named on the command line is still checked', () => {
  const dir = workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n*.generated.md\n',
    'notes/.gitignore': 'scratch.md\n!keep.generated.md\n',
    'notes/a.md': 'It grew (speaker opinion).\n',
    'notes/scratch.md': 'It grew (speaker opinion).\n',
    'notes/x.generated.md': 'It grew (speaker opinion).\n',
    'notes/keep.generated.md': 'It grew (speaker opinion).\n',
    'build/out.md': 'It grew (speaker opinion).\n',
  });
  assert.deepEqual(paths(run(['check', '.', '--format', 'json'], dir).stdout), ['notes/a.md', 'notes/keep.generated.md']);
  // Walking a folder inside the repository, the .gitignore above it still applies.
  assert.deepEqual(paths(run(['check', 'notes', '--format', 'json'], dir).stdout), ['notes/a.md', 'notes/keep.generated.md']);
  assert.deepEqual(paths(run(['check', 'notes/scratch.md', 'build/out.md', '--format', 'json'], dir).stdout), ['build/out.md', 'notes/scratch.md']);
});

test('a note whose front matter says claim-lens: false is checked and has nothing to report', () => {
  const dir = workspace({ 'off.md': '---\nclaim-lens: false\n---\nIt grew (speaker opinion).\n', 'on.md': 'It grew (speaker opinion).\n' });
  const out = JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout);
  assert.deepEqual(out.files.map((f: { path: string; claims: unknown[]; diagnostics: unknown[] }) => [f.path, f.claims.length, f.diagnostics.length]), [['off.md', 0, 0], ['on.md', 1, 2]]);
});

test('markdown: a verification report with counts and one table per file', () => {
  const dir = workspace({ 'n.md': 'It grew (speaker opinion). A | pipe [x](https://example.org/x) and not verified.\n' });
  const r = run(['check', '.', '--format', 'markdown'], dir);
  assert.match(r.stdout, /^<!-- claim-lens-report: [^\n]* -->\n\n# Claim Lens verification report\n/);
  assert.match(r.stdout, /\| Unverified \| 1 \|/);
  assert.match(r.stdout, /\| Opinion \| 1 \|/);
  assert.match(r.stdout, /\| Sourced \| 1 \|\n\| Without source \| 1 \|/);
  assert.match(r.stdout, /^## n\.md$/m);
  assert.ok(r.stdout.includes('| 1 | Unverified | A \\| pipe \\[x\\](https://example.org/x) and not verified. | [x](https://example.org/x) (in the sentence) |'), r.stdout);
});

test('checking on worker threads gives byte-for-byte the output of one thread', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 70; i++) files[`n${String(i).padStart(2, '0')}/note.md`] = `# Note ${i}\n\nIt grew ${i}% (speaker opinion). Not verified [x].\n\n[x]: https://example.org/${i}\n`;
  files['bad.md'] = Buffer.from([0x00, 0x01]) as unknown as string;
  const dir = workspace(files);
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], dir);
  const two = run(['check', '.', '--format', 'json', '--jobs', '2'], dir);
  assert.equal(one.code, 1);
  assert.equal(two.code, 1);
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.stderr, one.stderr);
  assert.match(one.stderr, /'bad\.md' is not a text file/);
  assert.equal(JSON.parse(two.stdout).summary.files, 71);
  assert.equal(run(['check', '.', '--jobs', '0'], dir).code, 2, '--jobs must be at least 1');
});

test('notes of very different sizes on three threads, largest first, give the output of one thread', () => {
  const files: Record<string, string> = {};
  // From 60 bytes to 100 KB of plain text after one claim, so batches end on bytes as well as counts.
  for (let i = 0; i < 60; i++) files[`m${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nIt grew ${i}% (speaker opinion).\n\n` + 'Plain words, nothing to flag.\n\n'.repeat(((i * 7919) % 61) ** 2 * 0.9);
  const dir = workspace(files);
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], dir);
  const three = run(['check', '.', '--format', 'json', '--jobs', '3'], dir);
  assert.equal(one.code, 1);
  assert.equal(three.stdout, one.stdout);
  assert.equal(JSON.parse(three.stdout).summary.files, 60);
});

test('batches for the threads: every note once, the largest first, at most 16 notes or about 256 KB each', () => {
  const sizes = [10, 300_000, 5, 120_000, 200_000, ...Array.from({ length: 40 }, (_, i) => 100 + i)];
  const tasks = sizes.map((_, i) => ({ file: String(i), path: String(i) }));
  const batches = planBatches(tasks, (t) => sizes[Number(t.file)]);
  assert.deepEqual(batches.flat().sort((a, b) => a - b), sizes.map((_, i) => i));
  assert.deepEqual(batches[0], [1], 'a note over the byte budget goes alone');
  assert.deepEqual(batches[1], [4, 3], 'then the next largest, until the budget is reached');
  assert.ok(batches.every((b) => b.length <= 16));
  const order = batches.flat().map((i) => sizes[i]);
  assert.deepEqual(order, [...order].sort((a, b) => b - a));
});

test('a folder of more than a megabyte checked as users run it (on the threads the launcher starts) gives the output of one thread', () => {
  const files: Record<string, string> = {};
  // 60 notes of about 20 KB: enough notes and bytes for threads (PARALLEL_THRESHOLD, PARALLEL_BYTES).
  for (let i = 0; i < 60; i++) files[`t${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nIt grew ${i}% (speaker opinion).\n\n` + `Plain words, nothing to flag, line ${i}.\n\n`.repeat(500);
  const dir = workspace(files);
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], dir);
  const auto = run(['check', '.', '--format', 'json'], dir);
  assert.equal(auto.code, one.code);
  assert.equal(auto.stdout, one.stdout);
  assert.equal(JSON.parse(auto.stdout).summary.files, 60);
});

test('the launcher started as a worker (as in-process callers may) serves batches, as the main module does', async () => {
  const dir = workspace({ 'a.md': 'It grew (speaker opinion).\n', 'b.md': 'Plain.\n' });
  for (const script of ['dist/cliMain.js', 'dist/cli.js']) {
    const w = new Worker(join(ROOT, script), { workerData: { role: WORKER_ROLE }, stderr: true, stdout: true });
    let said = '';
    w.stderr.on('data', (b) => { said += b; });
    w.stdout.on('data', (b) => { said += b; });
    const tasks = ['a.md', 'b.md'].map((n) => ({ file: join(dir, n), path: n }));
    const taken = new Int32Array(new SharedArrayBuffer(4));
    w.postMessage({ tasks, batches: [[0, 1]], taken, format: 'json', policy: readPolicy([dir]) });
    // A worker that ran the command itself would print a usage error and exit without a word.
    const got = await new Promise<{ batch: number; results: Array<{ path: string }> } | 'exited'>((resolve) => {
      w.once('message', resolve);
      w.once('exit', () => resolve('exited'));
    });
    await w.terminate();
    assert.notEqual(got, 'exited', `${script} exited: ${said}`);
    if (got !== 'exited') assert.deepEqual(got.results.map((r) => r.path), ['a.md', 'b.md'], script);
    assert.equal(said, '', script);
  }
});

test('a worker thread that stops while holding a batch fails the run at once, instead of leaving it waiting', async () => {
  const files: Record<string, string> = {};
  // Enough notes that this thread is still at work when the worker takes its first batch.
  for (let i = 0; i < 60; i++) files[`x${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nIt grew ${i}% (speaker opinion).\n\n` + `Plain words, line ${i}.\n\n`.repeat(1500);
  const dir = workspace(files);
  const script = join(dir, 'dies.js');
  // Takes the next batch, as a worker does, and stops without a word.
  writeFileSync(script, "require('node:worker_threads').parentPort.once('message', ({ taken }) => { Atomics.add(taken, 0, 1); process.exit(3); });\n");
  await assert.rejects(runCheck({ paths: [dir], format: 'json', failOn: 'never', jobs: 2 }, script), /worker thread stopped \(exit code 3\)/);
});

test('threads only where they repay their warm-up: enough notes, and by default enough bytes', () => {
  const tasks = (n: number) => Array.from({ length: n }, (_, i) => ({ file: String(i), path: String(i) }));
  const each = (bytes: number) => () => bytes;
  assert.equal(worthThreads(tasks(PARALLEL_THRESHOLD - 1), each(PARALLEL_BYTES), false), false, 'too few notes');
  assert.equal(worthThreads(tasks(PARALLEL_THRESHOLD - 1), each(PARALLEL_BYTES), true), false, 'too few notes, even when asked for');
  assert.equal(worthThreads(tasks(PARALLEL_THRESHOLD), each(Math.floor(PARALLEL_BYTES / PARALLEL_THRESHOLD) - 1), false), false, 'too few bytes');
  assert.equal(worthThreads(tasks(PARALLEL_THRESHOLD), each(Math.ceil(PARALLEL_BYTES / PARALLEL_THRESHOLD)), false), true);
  assert.equal(worthThreads(tasks(PARALLEL_THRESHOLD), each(10), true), true, '--jobs given: the notes are enough');
});

test('a small folder checked as users run it (no --jobs) gives the output of one thread', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[`s${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nIt grew ${i}% (speaker opinion).\n`;
  const dir = workspace(files);
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], dir);
  const auto = run(['check', '.', '--format', 'json'], dir);
  const single = run(['check', 's00.md', '--format', 'json'], dir);
  assert.equal(auto.code, one.code);
  assert.equal(auto.stdout, one.stdout);
  assert.equal(JSON.parse(single.stdout).summary.files, 1);
});

// One server on 127.0.0.1 for the link-check tests: /ok answers, /slow never does, the rest are 404.
let linkServer: Server;
let linkPort = 0;
const linkRequests: Array<{ url: string; ua: string }> = [];
before(async () => {
  linkServer = createServer((req, res) => {
    linkRequests.push({ url: req.url ?? '', ua: String(req.headers['user-agent']) });
    if (req.url?.startsWith('/slow')) return; // never answers
    res.statusCode = req.url === '/ok' ? 200 : 404;
    res.end();
  });
  await new Promise<void>((r) => linkServer.listen(0, '127.0.0.1', r));
  linkPort = (linkServer.address() as AddressInfo).port;
});
after(async () => {
  linkServer.closeAllConnections();
  await new Promise<void>((r) => linkServer.close(() => r()));
});

/** Runs the CLI without blocking this thread, so the server above can answer it. */
function runAsync(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const start = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => { stdout += b; });
  child.stderr.on('data', (b) => { stderr += b; });
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr, ms: Date.now() - start })));
}

const linkNote = () => `Speaker opinion [ok](http://127.0.0.1:${linkPort}/ok). Not verified [gone](http://127.0.0.1:${linkPort}/gone).\n`;

test('--check-links with --allow-internal-links reports dead links as source.unreachable, asking only 127.0.0.1, as Claim Lens', async () => {
  linkRequests.length = 0;
  const dir = workspace({ 'n.md': linkNote() });
  const r = await runAsync(['check', '.', '--check-links', '--allow-internal-links', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  const diags = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { code: string }) => d.code === 'source.unreachable');
  assert.equal(diags.length, 1);
  assert.match(diags[0].message, /\/gone answered 404/);
  assert.deepEqual(linkRequests.map((q) => q.url).sort(), ['/gone', '/ok']);
  for (const q of linkRequests) assert.match(q.ua, /^claim-lens\/\d+\.\d+\.\d+\S* \(Claim Lens link check; \+https:\/\/github\.com\/claim-lens\/claim-lens\)$/);
  // Without --check-links, nothing is fetched.
  linkRequests.length = 0;
  assert.ok(!run(['check', '.', '--format', 'json'], dir).stdout.includes('source.unreachable'));
  assert.deepEqual(linkRequests, []);
});

test('--check-links follows the config\'s severity for source.unreachable: off silences it, error raises it', async () => {
  for (const [severity, expected] of [['off', undefined], ['error', 'error']] as const) {
    const dir = workspace({ 'n.md': linkNote(), '.claimlens.yaml': `rules:\n  source.unreachable: ${severity}\n` });
    const r = await runAsync(['check', '.', '--check-links', '--allow-internal-links', '--format', 'json', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0, r.stderr);
    const diags = JSON.parse(r.stdout).files.flatMap((f: { diagnostics: Array<{ code: string; severity: string }> }) => f.diagnostics).filter((d: { code: string }) => d.code === 'source.unreachable');
    assert.deepEqual(diags.map((d: { severity: string }) => d.severity), expected ? [expected] : [], severity);
  }
});

test('--check-links alone requests no internal address: the links are named on stderr as not checked, never dead', async () => {
  linkRequests.length = 0;
  const dir = workspace({ 'n.md': `${linkNote()}\nAlso not verified [meta](http://169.254.169.254/latest/) and [dec](http://2130706433:${linkPort}/gone?dec).\n` });
  const r = await runAsync(['check', '.', '--check-links', '--format', 'json', '--fail-on', 'error'], dir);
  assert.equal(r.code, 0, 'not checked is not a failure');
  assert.deepEqual(linkRequests, [], 'the server saw no request');
  assert.ok(!r.stdout.includes('source.unreachable'));
  assert.equal(r.stderr, `claim-lens: 4 links not checked (internal address): http://127.0.0.1:${linkPort}/ok, http://127.0.0.1:${linkPort}/gone, http://169.254.169.254/latest/, and 1 more; --allow-internal-links checks them\n`);
});

test('--links-deadline ends the whole link check: slow links are "not checked", and the run ends soon after', async () => {
  const dir = workspace({ 'n.md': Array.from({ length: 12 }, (_, i) => `Not verified [s${i}](http://127.0.0.1:${linkPort}/slow?${i}).`).join('\n\n') + '\n' });
  const baseline = await runAsync(['check', '.', '--format', 'json'], dir); // the same run without links: startup and analysis
  const deadline = 1;
  const r = await runAsync(['check', '.', '--check-links', '--allow-internal-links', '--links-deadline', String(deadline), '--format', 'json'], dir);
  assert.equal(r.code, 1);
  assert.ok(!r.stdout.includes('source.unreachable'), 'a link cut short by the deadline is not dead');
  assert.match(r.stderr, /^claim-lens: 12 links not checked \(deadline reached\): .*; raise --links-deadline \(now 1 s\)\n$/);
  assert.ok(r.ms < baseline.ms * 4 + deadline * 1000 * 4, `${r.ms} ms with a ${deadline} s deadline; ${baseline.ms} ms without links`);
});

test('link-check options: values are checked', () => {
  const dir = workspace({ 'n.md': 'Plain.\n' });
  for (const bad of ['0', '-1', 'soon', '100000']) {
    const r = run(['check', '.', '--check-links', '--links-deadline', bad], dir);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--links-deadline needs a number of seconds/);
  }
  assert.match(run(['check', '.', '--allow-internal-links=yes'], dir).stderr, /takes no value/);
  assert.match(run(['--help'], dir).stdout, /--allow-internal-links[\s\S]*--links-deadline SECONDS/);
});
