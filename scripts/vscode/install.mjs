#!/usr/bin/env node
// Installs what the real-VS-Code test harness needs, idempotently:
//   - Debian packages chromium, libkrb5-dev and ripgrep (apt-get only when one is missing);
//   - code-server 4.100.3 (VS Code 1.100.3) into <repo>/.vscode-test/code-server/ (git-ignored);
//   - checks that playwright-core (a devDependency of the project) can be loaded.
//
// Usage: node scripts/vscode/install.mjs [--force]
// Exported for other scripts: ensureInstalled(), codeServerEntry(), REPO_ROOT, CODE_SERVER_DIR.
//
// Why the odd environment for `npm install`: see shared/real-vscode.md. In short, code-server's
// postinstall refuses to run as root without unsafe-perm, runs nested `npm install`s in
// lib/vscode and lib/vscode/extensions (whose dependency install scripts npm 11 blocks by default,
// and whose package.json we cannot add an `allowScripts` field to), node-pty's install runs
// `npx node-gyp`, and @vscode/ripgrep downloads `rg` from GitHub unless its cache is pre-seeded.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // ships VS Code 1.100.3; last release that runs on Node 20
const RIPGREP_PKG_VERSION = '1.15.11'; // @vscode/ripgrep version pinned by code-server 4.100.3
const RIPGREP_ASSET_VERSION = 'v13.0.0-10';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_ROOT = path.join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_DIR = path.join(CACHE_ROOT, 'code-server');
const MARKER = path.join(CODE_SERVER_DIR, '.installed.json');
const LOG_FILE = path.join(CACHE_ROOT, 'code-server-install.log');

export function codeServerEntry() {
  return path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

const log = (msg) => console.log(`[vscode-install] ${msg}`);

class InstallError extends Error {}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new InstallError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new InstallError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function ensureAptPackages() {
  const hasDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasDpkg) {
    // Not Debian: accept the tools if they are present, otherwise fail with a clear message.
    if (fs.existsSync('/usr/bin/chromium') && spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0) return;
    throw new InstallError(`this installer needs Debian/apt for: ${APT_PACKAGES.join(', ')}`);
  }
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) {
    log(`apt packages present: ${APT_PACKAGES.join(', ')}`);
    return;
  }
  const sudo = isRoot() ? [] : ['sudo', '-n'];
  if (!isRoot() && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) {
    throw new InstallError(`missing apt packages ${missing.join(', ')}; run as root or install them: apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = Date.now();
  log(`apt-get update (missing: ${missing.join(', ')})`);
  const aptOut = { stdio: ['ignore', 'pipe', 'inherit'], env };
  const [c1, ...a1] = [...sudo, 'apt-get', 'update', '-qq'];
  run(c1, a1, aptOut);
  log(`apt-get install -y ${missing.join(' ')}`);
  const [c2, ...a2] = [...sudo, 'apt-get', 'install', '-y', '-qq', ...missing];
  run(c2, a2, aptOut);
  const still = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (still.length) throw new InstallError(`apt-get did not install: ${still.join(', ')}`);
  log(`apt packages installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function ripgrepTarget() {
  switch (process.arch) {
    case 'x64': return 'x86_64-unknown-linux-musl';
    case 'arm64': return 'aarch64-unknown-linux-musl';
    default: throw new InstallError(`unsupported architecture for the ripgrep cache: ${process.arch}`);
  }
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
  } catch {
    return null;
  }
}

function wantedMarker() {
  // Native modules are built for this Node major, so a different major means a reinstall.
  return { codeServer: CODE_SERVER_VERSION, nodeMajor: process.versions.node.split('.')[0], arch: process.arch };
}

function codeServerIsInstalled() {
  const m = readMarker();
  const w = wantedMarker();
  return !!m && m.codeServer === w.codeServer && m.nodeMajor === w.nodeMajor && m.arch === w.arch && fs.existsSync(codeServerEntry());
}

function tailOfFile(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function installCodeServer() {
  const nodeMajor = process.versions.node.split('.')[0];
  if (nodeMajor !== '20') {
    throw new InstallError(`code-server ${CODE_SERVER_VERSION} needs Node 20 (its postinstall refuses other majors); this is Node ${process.versions.node}`);
  }
  const t0 = Date.now();
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });

  // A private TMPDIR for the install: holds the pre-seeded ripgrep download cache, and keeps
  // node-gyp and friends out of the shared /tmp.
  const tmp = path.join(CACHE_ROOT, 'code-server-install-tmp');
  fs.rmSync(tmp, { recursive: true, force: true });
  const rgCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  fs.mkdirSync(rgCache, { recursive: true });
  const rgPath = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg';
  const rgTar = path.join(rgCache, `ripgrep-${RIPGREP_ASSET_VERSION}-${ripgrepTarget()}.tar.gz`);
  run('tar', ['czf', rgTar, '-C', path.dirname(fs.realpathSync(rgPath)), path.basename(fs.realpathSync(rgPath))]);

  fs.writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({
      name: 'claim-lens-code-server-cache',
      private: true,
      description: 'Cache of code-server for the real-VS-Code tests; made by scripts/vscode/install.mjs',
      dependencies: { 'code-server': CODE_SERVER_VERSION },
    }, null, 2) + '\n',
  );

  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall aborts as root without it
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`
    // npm 11 blocks dependency install scripts unless approved. The nested `npm install`s that
    // code-server's postinstall runs inside its own lib/vscode (a separate project whose
    // package.json we don't control) need them too, and `allow-scripts` is refused in
    // project-scoped installs, so approve all scripts for this one pinned install tree.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
  };
  if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) {
    env.npm_config_nodedir = '/usr'; // node-gyp builds against the local headers instead of downloading them
  }
  delete env.NODE_OPTIONS;

  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  const out = fs.openSync(LOG_FILE, 'w');
  log(`npm install code-server@${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CODE_SERVER_DIR)} (about 1 min; log: ${path.relative(REPO_ROOT, LOG_FILE)})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise((resolve) => {
    const child = spawn(npm, ['install', '--omit=dev', '--foreground-scripts', '--no-save'], {
      cwd: CODE_SERVER_DIR,
      env,
      stdio: ['ignore', out, out],
    });
    const beat = setInterval(() => log(`  ... still installing (${((Date.now() - t0) / 1000).toFixed(0)} s)`), 20000);
    child.on('error', (e) => { clearInterval(beat); fs.appendFileSync(LOG_FILE, `\nspawn error: ${e.message}\n`); resolve(-1); });
    child.on('exit', (c, s) => { clearInterval(beat); resolve(c ?? (s ? 128 : 1)); });
  });
  fs.closeSync(out);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (code !== 0) {
    throw new InstallError(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code}). Last lines of ${LOG_FILE}:\n${tailOfFile(LOG_FILE)}`);
  }

  // Verify the parts that the postinstall builds or fetches, then that the server starts.
  const cs = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
  const mustExist = [
    codeServerEntry(),
    path.join(cs, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(cs, 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(cs, 'lib', 'vscode', 'node_modules.asar'),
  ];
  const absent = mustExist.filter((f) => !fs.existsSync(f));
  if (absent.length) {
    throw new InstallError(`code-server install is incomplete, missing:\n  ${absent.join('\n  ')}\nLast lines of ${LOG_FILE}:\n${tailOfFile(LOG_FILE)}`);
  }
  const v = spawnSync(process.execPath, [codeServerEntry(), '--version'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: tmpHomeForVersionCheck() },
    timeout: 60000,
  });
  if (v.status !== 0 || !v.stdout.includes(CODE_SERVER_VERSION)) {
    throw new InstallError(`code-server --version failed (exit ${v.status}): ${v.stdout}${v.stderr}`);
  }
  fs.writeFileSync(MARKER, JSON.stringify({ ...wantedMarker(), installedAt: new Date().toISOString() }, null, 2) + '\n');
  const versionLine = v.stdout.split('\n').find((l) => l.includes(' with Code ')) ?? CODE_SERVER_VERSION;
  log(`code-server ${versionLine.replace(/ [0-9a-f]{40}/, '')} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function tmpHomeForVersionCheck() {
  // code-server may write ~/.config/code-server/config.yaml; keep that out of the real HOME.
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-home-'));
  process.once('exit', () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function checkPlaywright() {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  try {
    require.resolve('playwright-core');
  } catch {
    throw new InstallError('playwright-core is not installed in the project: run `npm install` (it is a devDependency)');
  }
  log('playwright-core found');
}

/** Ensures everything is installed. Throws an Error with a readable message on failure. */
export async function ensureInstalled({ force = false } = {}) {
  ensureAptPackages();
  if (!force && codeServerIsInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed`);
  } else {
    await installCodeServer();
  }
  checkPlaywright();
}

const isMain = process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const t0 = Date.now();
  try {
    await ensureInstalled({ force: process.argv.includes('--force') });
    log(`ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    console.error(`[vscode-install] FAILED: ${e instanceof InstallError ? e.message : e?.stack || e}`);
    process.exit(1);
  }
}
