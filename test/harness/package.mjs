// The packaged extension, for the tests: `npm run package` builds claim-lens.vsix; the tests read
// its file list and install it into code-server's extensions folder, as a user would install it.
//
//   const vsix = await packagedExtension();   // builds once per test run, reused while its inputs stay the same
//   zipEntries(vsix)                          // ['extension/package.json', ...]
//   readZipEntry(vsix, 'extension/package.json')
//
// The package stage of `npm test` (test/package/) builds it afresh; the UI tests that follow reuse
// it. Run alone, the first UI test file builds it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where `npm run package` writes the package (git-ignored as *.vsix). */
export const VSIX = path.join(ROOT, 'claim-lens.vsix');
const STAMP = path.join(ROOT, 'test-results', 'claim-lens.vsix.inputs');

// What goes into the package, or decides what does: a change to any of them means a new build.
const INPUTS = ['src', 'media', 'docs/rules', 'docs/images/hover-card.png', 'docs/images/add-citation.png', 'docs/images/report.png', 'schemas', 'package.json', 'package.nls.json', '.vscodeignore', 'esbuild.mjs', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];

function walk(p, out) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const n of fs.readdirSync(p).sort()) walk(path.join(p, n), out);
  } else {
    out.push(p);
  }
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** A hash over the package's inputs and the package itself. */
function stampFor(vsix) {
  const files = [];
  for (const i of INPUTS) walk(path.join(ROOT, i), files);
  const h = createHash('sha256');
  for (const f of files) h.update(`${path.relative(ROOT, f)}\0`).update(fs.readFileSync(f)).update('\0');
  return JSON.stringify({ inputs: h.digest('hex'), vsix: fs.existsSync(vsix) ? sha256(fs.readFileSync(vsix)) : null });
}

/** Runs `npm run package`; rejects with its output when it fails or writes no package. */
export async function buildPackage({ timeout = 180_000 } = {}) {
  fs.rmSync(VSIX, { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { code, out } = await new Promise((resolve) => {
    let text = '';
    const child = spawn(npm, ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.stdout.on('data', (b) => { text += b; });
    child.stderr.on('data', (b) => { text += b; });
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, out: `${text}\n${e.message}` }); });
    child.on('close', (c, s) => { clearTimeout(timer); resolve({ code: c ?? (s ? 128 : 1), out: text }); });
  });
  if (code !== 0 || !fs.existsSync(VSIX)) throw new Error(`npm run package failed (exit ${code}):\n${out}`);
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, stampFor(VSIX));
  return { vsix: VSIX, output: out };
}

/** The .vsix for this test run: the last one built, if nothing it is made of changed since; else a new build. */
export async function packagedExtension() {
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8') : '';
  if (fs.existsSync(VSIX) && stamp === stampFor(VSIX)) return VSIX;
  return (await buildPackage()).vsix;
}

/** The zip's central directory: one { name, method, compressedSize, size, offset } per entry. */
export function zipDirectory(file) {
  const buf = fs.readFileSync(file);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KB, at the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error(`${file}: zip64 is not supported here`);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** The names of the zip's entries, in the order stored. */
export function zipEntries(file) {
  return zipDirectory(file).map((e) => e.name);
}

/** One entry's bytes (stored or deflated), or undefined when the zip has no such entry. */
export function readZipEntry(file, name) {
  const entry = zipDirectory(file).find((e) => e.name === name);
  if (!entry) return undefined;
  const buf = fs.readFileSync(file);
  const h = entry.offset;
  if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`${file}: bad local header for ${name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${file}: ${name} uses compression method ${entry.method}`);
}
