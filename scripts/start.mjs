#!/usr/bin/env node
// npm start: builds the extension and opens it on examples/ in a real VS Code. Desktop VS Code
// when `code` is on the PATH; otherwise code-server on 127.0.0.1, printing the URL to open.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const EXAMPLES = join(ROOT, 'examples');
// The note that opens in the editor, so there is something flagged to look at straight away.
const NOTE = join(EXAMPLES, 'podcast-episode-118.md');

execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { stdio: 'inherit', cwd: ROOT });

const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (code && !code.startsWith(ROOT)) {
  console.log(`Opening examples/ and ${basename(NOTE)} in desktop VS Code (${code}) with Claim Lens loaded from this folder…`);
  // A folder and a file: the window opens the folder with the file in an editor.
  const r = spawnSync(code, ['--extensionDevelopmentPath', ROOT, EXAMPLES, NOTE], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

const { ensureInstalled, codeServerEntry } = await import('./vscode/install.mjs');
await ensureInstalled();

const port = await new Promise((res) => {
  const s = createServer().listen(Number(process.env.PORT) || 0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-start-'));
const dir = (name) => {
  const d = join(scratch, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const userData = dir('user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'git.openRepositoryInParentFolders': 'never' }, null, 2));
// code-server writes a config.yaml with a password under HOME: keep it in the scratch folder.
const home = dir('home');
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), EXTENSIONS_GALLERY: '{}' };
const child = spawn(process.execPath, [codeServerEntry(), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--ignore-last-opened', '--user-data-dir', userData, '--extensions-dir', dir('extensions'), EXAMPLES], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });

const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (c) => {
  console.error(`code-server exited (${c})`);
  process.exit(c ?? 1);
});

for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
// `openFile` in the payload opens the note in an editor of the folder's window (as `code FOLDER FILE`).
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split('/').map(encodeURIComponent).join('/')}`;
const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remote(ROOT)], ['openFile', remote(NOTE)], ['skipWelcome', 'true']]));
console.log(`\nClaim Lens is running in VS Code (code-server ${'4.100.3'}) on the example notes, with ${basename(NOTE)} open. Open:\n\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(EXAMPLES)}&payload=${payload}\n\nPress Ctrl+C to stop.`);
