#!/usr/bin/env node
// A stand-in for the VS Code executable, for @vscode/test-electron's
//   runTests({ vscodeExecutablePath: '<repo>/scripts/vscode/code', extensionDevelopmentPath,
//              extensionTestsPath, launchArgs: [folder, ...], extensionTestsEnv })
// (scripts/vscode/code is a shell wrapper that runs this file). It understands the arguments
// runTests 2.5.x passes, runs the tests in a real VS Code 1.100.3 (code-server's extension host,
// through scripts/vscode/code-server-host.mjs), prints the extension host's console output and exits
// with the test runner's exit code.
//
// Arguments used: --extensionDevelopmentPath (only the first one), --extensionTestsPath,
// --user-data-dir, --extensions-dir, --extensionEnvironment (JSON), the first folder given as a
// positional argument or --folder-uri=file://..., --version. Everything else that desktop VS Code
// accepts (--no-sandbox, --disable-gpu-sandbox, --disable-updates, --skip-welcome,
// --skip-release-notes, --disable-workspace-trust, --disable-extensions, --new-window, ...) is ignored.
//
// Environment:
//   CLAIM_LENS_TEST_TIMEOUT_MS   whole-run timeout, default 300000 (5 min); on timeout exit 1
//   CLAIM_LENS_VSCODE_LOG_DIR    where code-server/browser/workbench logs and a failure screenshot
//                                go; default <repo>/test-results/vscode-logs/integration (emptied first)
//   CLAIM_LENS_VERBOSE=1         also print the workbench's own chatter
//   CLAIM_LENS_HEADLESS=0        show the browser window (needs a display)
//   everything else (and extensionTestsEnv) reaches the extension host unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, CODE_SERVER_VERSION } from './install.mjs';

const VSCODE_VERSION = '1.100.3';

const VALUE_FLAGS = new Set([
  'extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'extensionEnvironment',
  'folder-uri', 'file-uri', 'locale', 'log', 'profile', 'install-extension', 'uninstall-extension',
  'enable-proposed-api', 'crash-reporter-directory', 'sync', 'category', 'logsPath', 'remote',
  'inspect-extensions', 'inspect-brk-extensions', 'disable-extension', 'goto',
]);
const IGNORED_BOOLEANS = new Set([
  'no-sandbox', 'disable-gpu-sandbox', 'disable-updates', 'skip-welcome', 'skip-release-notes',
  'disable-workspace-trust', 'disable-extensions', 'new-window', 'reuse-window', 'wait', 'verbose',
  'disable-gpu', 'disable-telemetry', 'disable-crash-reporter', 'disable-chromium-sandbox',
  'skip-add-to-recently-opened', 'disable-lcd-text', 'no-cached-data', 'disable-keytar', 'headless',
  'enable-proposed-api', 'preserve-env', 'force-user-env', 'disable-dev-shm-usage',
]);

/** Parses a desktop `code` command line. Exported for tests. */
export function parseArgs(argv) {
  const r = { extensionDevelopmentPaths: [], positionals: [], ignored: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') {
      if (a !== '--') r.positionals.push(a);
      continue;
    }
    let name = a.slice(2);
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (VALUE_FLAGS.has(name) && name !== 'enable-proposed-api' && i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    switch (name) {
      case 'extensionDevelopmentPath': r.extensionDevelopmentPaths.push(value); break;
      case 'extensionTestsPath': r.extensionTestsPath = value; break;
      case 'user-data-dir': r.userDataDir = value; break;
      case 'extensions-dir': r.extensionsDir = value; break;
      case 'extensionEnvironment': r.extensionEnvironment = value; break;
      case 'folder-uri': r.folderUri = value; break;
      case 'version': case 'v': r.version = true; break;
      case 'help': case 'h': r.help = true; break;
      default:
        if (IGNORED_BOOLEANS.has(name) || VALUE_FLAGS.has(name)) r.ignored.push(a);
        else r.unknown.push(a);
    }
  }
  return r;
}

function toPath(p) {
  if (!p) return p;
  return p.startsWith('file:') ? fileURLToPath(p) : path.resolve(p);
}

const WORKBENCH_CHATTER = [
  /^Resolving connection token/, /^Resolved connection token/, /^Creating a socket/,
  /^Ignoring fetching additional builtin extensions/, /^\[Service Worker\]/, /^ChatSessionStore:/,
  /^Updating additional builtin extensions cache/, /^Started local extension host with pid/,
  /^\[LocalProcessExtensionHost\]/,
];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    console.log(`${VSCODE_VERSION}\n(code-server ${CODE_SERVER_VERSION})\n${process.arch}`);
    return 0;
  }
  if (args.help) {
    console.log('Claim Lens code adapter: runs VS Code extension tests in code-server. See scripts/vscode/code-adapter.mjs');
    return 0;
  }
  const verbose = process.env.CLAIM_LENS_VERBOSE === '1';
  const log = (m) => console.error(`[code-adapter] ${m}`);
  if (args.unknown.length) log(`ignoring unknown arguments: ${args.unknown.join(' ')}`);
  if (verbose && args.ignored.length) log(`ignoring: ${args.ignored.join(' ')}`);
  const [devPath, ...moreDevPaths] = args.extensionDevelopmentPaths.map(toPath);
  if (!devPath) throw new Error('--extensionDevelopmentPath is required');
  if (moreDevPaths.length) log(`only the first --extensionDevelopmentPath is honoured; ignoring ${moreDevPaths.join(', ')}`);
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required (this adapter only runs tests)');
  const testsPath = toPath(args.extensionTestsPath);
  const folder = args.folderUri ? toPath(args.folderUri) : args.positionals.map(toPath).find((p) => {
    try { return fs.statSync(p).isDirectory(); } catch { return false; }
  });
  const extra = args.positionals.map(toPath).filter((p) => p !== folder);
  if (extra.length) log(`ignoring: ${extra.join(' ')} (only one folder is opened)`);
  let env = {};
  if (args.extensionEnvironment) {
    try {
      env = JSON.parse(args.extensionEnvironment);
    } catch {
      throw new Error('--extensionEnvironment must be JSON');
    }
  }

  const logDir = path.resolve(process.env.CLAIM_LENS_VSCODE_LOG_DIR || path.join(REPO_ROOT, 'test-results', 'vscode-logs', 'integration'));
  fs.rmSync(logDir, { recursive: true, force: true });
  const timeoutMs = Number(process.env.CLAIM_LENS_TEST_TIMEOUT_MS) || 300000;

  const { startWorkbench } = await import('./code-server-host.mjs');
  const t0 = Date.now();
  const wb = await startWorkbench({
    folder,
    extensionDevelopmentPath: devPath,
    extensionTestsPath: testsPath,
    userDataDir: args.userDataDir && toPath(args.userDataDir),
    extensionsDir: args.extensionsDir && toPath(args.extensionsDir),
    env,
    logDir,
    headless: process.env.CLAIM_LENS_HEADLESS !== '0',
    onLog: (level, text) => {
      if (!verbose && WORKBENCH_CHATTER.some((re) => re.test(text))) return;
      (level === 'error' ? process.stderr : process.stdout).write(text + '\n');
    },
  });
  if (verbose) log(`workbench at ${wb.url}`);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let code = await Promise.race([wb.exitCode, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    log(`TIMEOUT: no test result after ${timeoutMs / 1000} s (CLAIM_LENS_TEST_TIMEOUT_MS). Is engines.vscode <= ${VSCODE_VERSION} and does run() settle?`);
    code = 1;
  }
  if (code !== 0) {
    let shot = false;
    try {
      await wb.page?.screenshot({ path: path.join(logDir, 'failure.png'), timeout: 5000 });
      shot = true;
    } catch {
      // best effort (the page is gone after a signal)
    }
    log(`exit code ${code}; logs${shot ? ' and failure.png' : ''} in ${path.relative(process.cwd(), logDir) || logDir}`);
  } else if (verbose) {
    log(`passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await wb.close();
  return code;
}

const isMain = process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`[code-adapter] ${e?.message || e}`);
      process.exit(1);
    },
  );
}
