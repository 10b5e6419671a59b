// The package a user installs: `npm run package` writes claim-lens.vsix (offline: vsce is a
// devDependency and needs no marketplace), the zip holds the Node entry, the browser entry and the
// CLI, and code-server's `--install-extension` installs it into a fresh extensions folder, where
// the real VS Code activates it and flags an example note. The UI tests (test/ui/) then run this
// same package (test/harness/package.mjs reuses it while its inputs are unchanged).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage, readZipEntry, zipEntries } from '../harness/package.mjs';
import { claimHighlights, openFile, openProblems, openWorkbench, problemRows, squiggles, withScreenshotOnFailure } from '../harness/ui-driver.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const { version, publisher, name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ID = `${publisher}.${name}`;
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-package-'));
const folder = join(scratch, 'examples');
cpSync(join(ROOT, 'examples'), folder, { recursive: true });

let vsix;
let wb;

/** `extension/` plus a manifest path such as ./dist/extension.js. */
const inZip = (p) => `extension/${p.replace(/^\.\//, '')}`;

describe('the packaged extension (claim-lens.vsix)', { concurrency: false }, () => {
  before(async () => {
    ({ vsix } = await buildPackage()); // fresh for this run: the UI tests that follow reuse it
    wb = await openWorkbench({ folder, vsix, settings: { '[markdown]': { 'editor.wordWrap': 'off' } } });
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('npm run package writes a .vsix holding the Node entry, the browser entry and the CLI', () => {
    const names = zipEntries(vsix);
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/web/extension.js', 'extension/dist/cli.js', 'extension/dist/cliMain.js', 'extension/dist/checkWorker.js',
      'extension/media/report.js', 'extension/media/report.css', 'extension/docs/rules/claim.opinion.md', 'extension/schemas/claimlens.schema.json', 'extension.vsixmanifest']) {
      assert.ok(names.includes(f), `${f} is not in the package; it holds:\n${names.join('\n')}`);
    }
    // The manifest inside names entries that are inside.
    const manifest = JSON.parse(readZipEntry(vsix, 'extension/package.json').toString('utf8'));
    assert.equal(manifest.version, version);
    for (const entry of [manifest.main, manifest.browser, ...Object.values(manifest.bin)]) {
      assert.ok(names.includes(inZip(entry)), `the manifest names ${entry}, which is not in the package`);
    }
    // Bundles only: no sources, tests, source maps or dependencies (esbuild bundled them).
    const stray = names.filter((n) => /^extension\/(src|out|test|bench|node_modules|scripts|examples)\//.test(n) || /\.(map|ts)$/.test(n));
    assert.deepEqual(stray, []);
    // Two builds, not one file twice: the browser build requires nothing but the vscode API.
    const web = readZipEntry(vsix, 'extension/dist/web/extension.js').toString('utf8');
    const node = readZipEntry(vsix, 'extension/dist/extension.js').toString('utf8');
    assert.ok(web !== node, 'the browser entry is the Node entry');
    const required = (code) => [...new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]))].sort();
    assert.deepEqual(required(web), ['vscode']);
  });

  it('installs with code-server --install-extension, activates in the real VS Code and flags an example note', () => withScreenshotOnFailure('package-activates', async (page) => {
    const installed = join(wb.extensionsDir, `${ID}-${version}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/web/extension.js', 'dist/cli.js', 'dist/cliMain.js']) assert.ok(existsSync(join(installed, f)), `${f} was not installed`);
    await openFile(page, 'podcast-episode-118.md');
    // Its claims are all sourced, so they show as highlights; the one warning is a misquotation.
    await claimHighlights(page).first().waitFor();
    await squiggles(page, 'warning').first().waitFor();
    await openProblems(page);
    await problemRows(page, { hasText: 'This quotation is not in the saved copy of “Ops Hour, episode 118”' }).first().waitFor();
    // The extension's own log, from the extension host that ran it.
    const line = await waitFor(() => activationLine(join(wb.userDataDir, 'logs')), 60_000);
    assert.match(line, new RegExp(`Claim Lens ${version.replace(/\./g, '\\.')} activated: Node build, Node extension host`));
  }, wb.page));
});

/** The activation line of the Claim Lens log: <user-data>/logs/<session>/exthost<N>/<id>/Claim Lens.log. */
function activationLine(logs) {
  if (!existsSync(logs)) return undefined;
  for (const session of readdirSync(logs)) {
    for (const host of readdirSync(join(logs, session)).filter((n) => n.startsWith('exthost'))) {
      const f = join(logs, session, host, ID, 'Claim Lens.log');
      const line = existsSync(f) ? readFileSync(f, 'utf8').split('\n').find((l) => l.includes(' activated: ')) : undefined;
      if (line) return line;
    }
  }
  return undefined;
}

async function waitFor(get, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not there within ${timeout / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
