#!/usr/bin/env node
// Runs VS Code extension integration tests in a real VS Code.
//
//   node test/harness/run-integration.mjs <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder>
//
// <extensionTestsPath> is a compiled JS module exporting run() (e.g. a mocha runner). Exit code 0
// when run() resolves, non-zero when it rejects/throws, the module is missing, or on timeout.
//
// By default the tests run in VS Code 1.100.3 from code-server (installed by
// scripts/vscode/install.mjs, which this calls first) through scripts/vscode/code, the stand-in
// VS Code executable, using @vscode/test-electron's runTests(). With CLAIM_LENS_VSCODE=desktop,
// runTests downloads desktop VS Code instead (CLAIM_LENS_VSCODE_VERSION, default 1.100.3); that
// needs access to Microsoft's update server and, on Linux without a display, xvfb-run.
//
// Environment: CLAIM_LENS_TEST_TIMEOUT_MS, CLAIM_LENS_VSCODE_LOG_DIR, CLAIM_LENS_VERBOSE (see
// scripts/vscode/code-adapter.mjs); everything else in the environment reaches the extension host.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADAPTER = path.join(REPO_ROOT, 'scripts', 'vscode', 'code');
const DEFAULT_DESKTOP_VERSION = '1.100.3'; // the VS Code inside code-server 4.100.3

function usage(msg) {
  if (msg) console.error(`run-integration: ${msg}`);
  console.error('usage: node test/harness/run-integration.mjs <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder>');
  process.exit(2);
}

function checkEngine(extPath, version) {
  try {
    const range = JSON.parse(fs.readFileSync(path.join(extPath, 'package.json'), 'utf8')).engines?.vscode ?? '';
    const m = /^\^?(\d+)\.(\d+)\.(\d+)/.exec(range);
    if (!m) return;
    const want = m.slice(1).map(Number);
    const have = version.split('.').map(Number);
    const tooOld = have[0] < want[0] || (have[0] === want[0] && (have[1] < want[1] || (have[1] === want[1] && have[2] < want[2])));
    if (tooOld) {
      console.error(`run-integration: WARNING engines.vscode is ${range} but VS Code ${version} runs the tests; ` +
        'VS Code silently skips such an extension and the run then times out.');
    }
  } catch {
    // no package.json: runTests will report that
  }
}

async function main() {
  const [extArg, testsArg, folderArg] = process.argv.slice(2);
  if (!extArg || !testsArg || !folderArg) usage('three arguments are needed');
  const extensionDevelopmentPath = path.resolve(extArg);
  const extensionTestsPath = path.resolve(testsArg);
  const folder = path.resolve(folderArg);
  if (!fs.existsSync(path.join(extensionDevelopmentPath, 'package.json'))) usage(`no package.json in ${extensionDevelopmentPath}`);
  if (!fs.existsSync(folder)) usage(`workspace folder ${folder} does not exist`);

  const desktop = process.env.CLAIM_LENS_VSCODE === 'desktop';
  const t0 = Date.now();
  if (!desktop) {
    const { ensureInstalled } = await import('../../scripts/vscode/install.mjs');
    await ensureInstalled();
  }
  let runTests;
  try {
    ({ runTests } = await import('@vscode/test-electron'));
  } catch (e) {
    throw new Error(`cannot load @vscode/test-electron (a devDependency; run npm install): ${e.message}`, { cause: e });
  }

  // A fresh profile per run, so no state leaks from one run into the next.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-lens-it-'));
  const launchArgs = [
    folder,
    `--user-data-dir=${path.join(scratch, 'user-data')}`,
    `--extensions-dir=${path.join(scratch, 'extensions')}`,
  ];
  const options = { extensionDevelopmentPath, extensionTestsPath, launchArgs };
  if (desktop) {
    options.version = process.env.CLAIM_LENS_VSCODE_VERSION || DEFAULT_DESKTOP_VERSION;
    options.launchArgs.push('--disable-extensions'); // other installed extensions stay out of the way
    checkEngine(extensionDevelopmentPath, options.version);
  } else {
    options.vscodeExecutablePath = ADAPTER;
    checkEngine(extensionDevelopmentPath, DEFAULT_DESKTOP_VERSION);
  }
  try {
    const code = await runTests(options);
    console.log(`run-integration: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code ?? 0;
  } catch (e) {
    // runTests rejects with TestRunFailedError { code, signal } on a non-zero exit
    console.error(`run-integration: FAILED (${e?.message || e}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`run-integration: ${e?.message || e}`);
    process.exit(1);
  },
);
