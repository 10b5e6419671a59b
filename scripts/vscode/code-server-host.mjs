// Starts a real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3, installed by
// scripts/vscode/install.mjs) and opens it in Debian's Chromium through playwright-core.
//
//   const wb = await startWorkbench({ folder, extensionDevelopmentPath?, vsix?, extensionTestsPath?, openFile?, env?,
//                                     settings?, headless?, logDir?, userDataDir?, extensionsDir? });
//   wb.page / wb.context   playwright Page and BrowserContext showing the workbench
//   wb.url, wb.port        where code-server listens (127.0.0.1 only)
//   wb.exitCode            Promise<number>: the code the extension test runner reports through
//                          codeAutomationExit (only settles when extensionTestsPath is given, or 1
//                          if code-server or the page dies first)
//   await wb.close()       ends chromium and code-server's whole process group, removes scratch dirs
//
// `settings` is written to <user-data-dir>/User/settings.json over DEFAULT_SETTINGS. While a
// workbench is open, SIGINT/SIGTERM/SIGHUP close it and exit the process (128+signal); on
// process.exit or an uncaught exception the processes are killed synchronously; if this process
// is SIGKILLed, a watchdog kills code-server and chromium exits when its pipe closes.
//
// The extension runs in code-server's Node extension host (a "remote" workspace extension, uiKind
// Web). With settings { 'remote.extensionKind': { 'claim-lens.claim-lens': ['web'] } } it runs its
// browser build in the workbench's web worker extension host instead (test/ui/webworker.test.mjs);
// the payload's extensionDevelopmentKind is not honoured by the 1.100 web workbench. Variables in `env` are set on the code-server process, which passes its environment on to
// the extension host. See shared/real-vscode.md for the background.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { codeServerEntry, CODE_SERVER_VERSION } from './install.mjs';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Only ever talk to loopback: the machine has no other network, and this keeps chromium quiet.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Settings written to User/settings.json unless overridden by `settings`. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // The web workbench defaults to afterDelay (desktop: off), which would silently write edits made
  // by UI tests back into the workspace folder.
  'files.autoSave': 'off',
};

// Runs code-server as its child and, being the leader of their process group, kills the whole
// group when its stdin closes, which is also when the process that started it dies, even by SIGKILL.
const WATCHDOG = `
const { spawn } = require('child_process');
const killGroup = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch { process.exit(1); } };
const child = spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('exit', (code, signal) => process.exit(code ?? 1));
process.stdin.on('end', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();
`;

const live = new Set(); // workbenches not yet closed, for the signal/exit handlers

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, n = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** True while a process of group `pgid` is alive (zombies waiting to be reaped by init don't count). */
function groupAlive(pgid) {
  if (!killGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  try {
    for (const e of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      let stat;
      try {
        stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      } catch {
        continue;
      }
      // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** SIGKILLs every process whose command line contains `marker` (a unique scratch path). */
function killByCmdlineMarker(marker) {
  if (process.platform !== 'linux') return;
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.includes(marker)) process.kill(Number(e), 'SIGKILL');
    } catch {
      // gone or not ours
    }
  }
}

let handlersInstalled = false;
function onSignal(signal) {
  const code = 128 + (os.constants.signals[signal] ?? 1);
  console.error(`[vscode] ${signal}: closing the workbench`);
  const all = [...live].map((wb) => wb.close().catch(() => {}));
  const hard = setTimeout(() => process.exit(code), 8000);
  hard.unref();
  Promise.all(all).finally(() => process.exit(code));
}
function onExit() {
  // Synchronous last resort (process.exit, uncaught exception): kill what is left.
  for (const wb of live) wb.killNow();
}
function installProcessHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);
  process.on('exit', onExit);
}
function removeProcessHandlersIfIdle() {
  if (!handlersInstalled || live.size) return;
  handlersInstalled = false;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, onSignal);
  process.off('exit', onExit);
}

const SCRATCH_PREFIX = 'claim-lens-vscode-';

/** Removes scratch folders left by runs whose process was killed (SIGKILL skips all cleanup). */
function removeStaleScratch() {
  let names;
  try {
    names = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(SCRATCH_PREFIX));
  } catch {
    return;
  }
  for (const n of names) {
    const d = path.join(os.tmpdir(), n);
    try {
      const pid = Number(fs.readFileSync(path.join(d, 'owner.pid'), 'utf8'));
      try {
        process.kill(pid, 0);
        continue; // owner still running
      } catch (e) {
        if (e.code === 'EPERM') continue;
      }
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // no owner file (yet) or already gone
    }
  }
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new Error(`cannot load playwright-core (a devDependency; run npm install): ${e.message}`, { cause: e });
  }
}

/**
 * The workbench hands console output over as the console call's arguments, e.g.
 * ["  %d passing (%s)", 2, "597ms"] (an array, or its JSON); turn that back into the line the
 * console would print.
 */
export function formatAutomationMessage(message) {
  if (Array.isArray(message)) return message.length ? format(...message) : '';
  if (typeof message !== 'string') return format(message);
  if (message.startsWith('[')) {
    try {
      const args = JSON.parse(message);
      if (Array.isArray(args)) return format(...args);
    } catch {
      // not JSON: print as is
    }
  }
  return message;
}

/** `code-server --install-extension <vsix>`, offline (the environment turns the marketplace off). */
async function installVsix(entry, vsix, { userDataDir, extensionsDir, env, log }) {
  const args = [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix];
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, args, { cwd: env.HOME, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000); // a busy machine, not a hang
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('exit', (c, s) => resolve(c ?? (s ? 128 : 1)));
  });
  clearTimeout(timer);
  const text = tail(log);
  if (code !== 0 || !/successfully installed/.test(text)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}). Last lines of ${log}:\n${text}`);
  }
}

function toRemoteUri(port, p) {
  const abs = path.resolve(p).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${port}${abs.startsWith('/') ? '' : '/'}${abs}`;
}

/**
 * @param {object} o
 * @param {string} [o.folder] workspace folder to open (absolute or relative to cwd); none: empty window
 * @param {string} [o.extensionDevelopmentPath] folder with the extension's package.json, loaded from there
 * @param {string} [o.vsix] a packaged extension, installed into the extensions folder with
 *   `code-server --install-extension` before the server starts (as a user installs one)
 * @param {string} [o.extensionTestsPath] JS module exporting run(): makes this a test run
 * @param {Record<string,string>} [o.env] extra environment for code-server and the extension host
 * @param {object} [o.settings] user settings, merged over DEFAULT_SETTINGS
 * @param {boolean} [o.headless=true]
 * @param {string} [o.logDir] where code-server.log, browser-console.log and the workbench's logs go
 *   (kept after close); default: inside the scratch folder, removed on close
 * @param {string} [o.userDataDir] default: a fresh scratch folder
 * @param {string} [o.extensionsDir] default: a fresh scratch folder
 * @param {(level: string, message: string) => void} [o.onLog] receives the workbench's console output
 *   (codeAutomationLog), extension host console.log included, formatted as the console would
 * @param {{width:number,height:number}} [o.viewport] default 1280x800
 * @param {boolean} [o.keepScratch] keep the scratch folder (also env CLAIM_LENS_KEEP_SCRATCH=1)
 */
export async function startWorkbench(o) {
  const {
    folder,
    extensionDevelopmentPath,
    vsix,
    extensionTestsPath,
    openFile,
    env = {},
    settings = {},
    headless = true,
    onLog,
    viewport = { width: 1280, height: 800 },
    keepScratch = process.env.CLAIM_LENS_KEEP_SCRATCH === '1',
  } = o;
  const entry = codeServerEntry();
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed: run node scripts/vscode/install.mjs`);
  }
  const chromiumPath = process.env.CLAIM_LENS_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: run node scripts/vscode/install.mjs`);
  const { chromium } = await loadPlaywright();

  removeStaleScratch();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), SCRATCH_PREFIX));
  fs.writeFileSync(path.join(scratch, 'owner.pid'), String(process.pid));
  const dir = (name) => {
    const d = path.join(scratch, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const logDir = o.logDir ? path.resolve(o.logDir) : dir('logs');
  fs.mkdirSync(logDir, { recursive: true });
  const userDataDir = o.userDataDir ? path.resolve(o.userDataDir) : dir('user-data');
  const extensionsDir = o.extensionsDir ? path.resolve(o.extensionsDir) : dir('extensions');
  const home = dir('home');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  // A reused user-data-dir keeps its settings unless new ones are given.
  if (!fs.existsSync(settingsFile) || o.settings) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  }

  const state = { child: null, context: null, closed: false, closing: null, exited: false };
  let resolveExit;
  const exitCode = new Promise((r) => { resolveExit = r; });
  let exitSettled = false;
  const settleExit = (code, why) => {
    if (exitSettled) return;
    exitSettled = true;
    if (why) console.error(`[vscode] ${why}`);
    resolveExit(code);
  };

  const wb = {
    page: null,
    context: null,
    url: null,
    port: 0,
    exitCode,
    logDir,
    userDataDir,
    extensionsDir,
    scratch,
    close: () => {
      state.closing ??= closeImpl();
      return state.closing;
    },
    killNow: () => {
      if (state.child?.pid) killGroup(state.child.pid, 'SIGKILL');
      killByCmdlineMarker(scratch);
      if (!keepScratch) {
        try {
          fs.rmSync(scratch, { recursive: true, force: true });
        } catch {
          // left for removeStaleScratch() of a later run
        }
      }
    },
  };

  async function closeImpl() {
    state.closed = true;
    settleExit(1, null);
    if (state.context) {
      await Promise.race([state.context.close().catch(() => {}), sleep(5000)]);
    }
    const pid = state.child?.pid;
    if (pid) {
      killGroup(pid, 'SIGTERM');
      // code-server takes over 1 s to shut down gracefully; nothing in it needs saving, so 0.5 s.
      for (let i = 0; i < 10 && groupAlive(pid); i++) await sleep(50);
      killGroup(pid, 'SIGKILL');
      for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(50);
    }
    // Chromium runs in a process group of its own; anything left that names our scratch folder
    // (the chromium profile, code-server's dirs) goes too.
    killByCmdlineMarker(scratch);
    if (state.consoleLog) await new Promise((r) => state.consoleLog.end(r));
    live.delete(wb);
    removeProcessHandlersIfIdle();
    if (!keepScratch) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }

  live.add(wb);
  installProcessHandlers();

  try {
    const baseEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(k)),
    );
    const childEnv = {
      ...baseEnv,
      HOME: home,
      XDG_CONFIG_HOME: dir('xdg/config'),
      XDG_DATA_HOME: dir('xdg/data'),
      XDG_CACHE_HOME: dir('xdg/cache'),
      XDG_STATE_HOME: dir('xdg/state'),
      XDG_RUNTIME_DIR: dir('xdg/runtime'),
      EXTENSIONS_GALLERY: '{}', // no marketplace
      ...env,
    };
    delete childEnv.NODE_OPTIONS;
    const csLog = path.join(logDir, 'code-server.log');
    if (vsix) await installVsix(entry, path.resolve(vsix), { userDataDir, extensionsDir, env: childEnv, log: csLog });

    // Pick a free port; retry if someone else takes it before code-server binds.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = [
        entry,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--ignore-last-opened',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
      ];
      if (folder) args.push(path.resolve(folder));
      const out = fs.openSync(csLog, 'a');
      const child = spawn(process.execPath, ['-e', WATCHDOG, '--', ...args], {
        cwd: home,
        env: childEnv,
        detached: true, // own process group, killed as a whole
        stdio: ['pipe', out, out],
      });
      fs.closeSync(out);
      child.stdin.on('error', () => {});
      state.child = child;
      state.exited = false;
      child.on('exit', (code, sig) => {
        state.exited = true;
        if (!state.closed) settleExit(1, `code-server exited unexpectedly (${code ?? sig}); see ${csLog}`);
      });
      const deadline = Date.now() + 120_000; // generous: a busy machine starts it slowly
      let up = false;
      while (Date.now() < deadline && !state.exited) {
        if (await httpOk(`http://127.0.0.1:${port}/healthz`)) { up = true; break; }
        await sleep(100);
      }
      if (up) {
        wb.port = port;
        break;
      }
      killGroup(child.pid, 'SIGKILL');
      const text = tail(csLog);
      if (attempt < 3 && /EADDRINUSE/.test(text)) continue;
      throw new Error(`code-server did not start on port ${port}. Last lines of ${csLog}:\n${text}`);
    }

    const port = wb.port;
    const payload = [['skipWelcome', 'true']];
    if (extensionDevelopmentPath) payload.unshift(['extensionDevelopmentPath', toRemoteUri(port, extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.splice(1, 0, ['extensionTestsPath', toRemoteUri(port, extensionTestsPath)]);
    // A file to open in an editor at start, as `npm start` does (scripts/start.mjs).
    if (openFile) payload.push(['openFile', toRemoteUri(port, openFile)]);
    const query = [
      folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true',
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    ];
    wb.url = `http://127.0.0.1:${port}/?${query.join('&')}`;

    const context = await chromium.launchPersistentContext(dir('chromium-profile'), {
      executablePath: chromiumPath,
      headless,
      args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
      viewport,
      handleSIGINT: false, // our own handlers close code-server too
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    state.context = context;
    wb.context = context;

    const consoleLog = fs.createWriteStream(path.join(logDir, 'browser-console.log'), { flags: 'a' });
    state.consoleLog = consoleLog;
    await context.exposeFunction('codeAutomationLog', (level, message) => {
      const text = formatAutomationMessage(message);
      if (onLog) onLog(level, text);
      consoleLog.write(`[${level}] ${text}\n`);
    });
    await context.exposeFunction('codeAutomationExit', (code, logs) => {
      try {
        for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
          const target = path.join(logDir, 'workbench', relativePath);
          if (!target.startsWith(path.join(logDir, 'workbench'))) continue;
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, contents);
        }
      } catch {
        // logs are a convenience only
      }
      settleExit(typeof code === 'number' ? code : 1);
    });
    context.on('close', () => { if (!state.closed) settleExit(1, 'the browser closed unexpectedly'); });

    const page = context.pages()[0] ?? (await context.newPage());
    wb.page = page;
    page.on('console', (m) => consoleLog.write(`[console.${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e.message}\n`));
    page.on('crash', () => settleExit(1, 'the workbench page crashed'));
    await page.goto(wb.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    return wb;
  } catch (e) {
    await wb.close();
    throw e;
  }
}
