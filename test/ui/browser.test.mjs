// The browser bundle in a real browser: Debian's Chromium loads dist/web/core.js (built for
// the browser, no Node built-ins) and checks the example notes. Its JSON must equal the CLI's,
// byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const TODAY = '2026-11-22';

test('the browser bundle gives the CLI’s results on the example notes, byte for byte', async () => {
  const cli = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', 'examples', '--format', 'json', '--jobs', '1'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLAIM_LENS_TODAY: TODAY } });
  assert.equal(cli.stderr, '');
  const names = readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.md')).sort();
  const notes = names.map((n) => ({ path: `examples/${n}`, text: readFileSync(join(ROOT, 'examples', n), 'utf8') }));
  const config = readFileSync(join(ROOT, 'examples/.claimlens.yaml'), 'utf8');
  const snapshots = { 'snapshots/ops-hour-118-transcript.md': readFileSync(join(ROOT, 'examples/snapshots/ops-hour-118-transcript.md'), 'utf8') };

  const profile = mkdtempSync(join(tmpdir(), 'claim-lens-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CLAIM_LENS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><title>Claim Lens core</title>');
    await page.addScriptTag({ content: readFileSync(join(ROOT, 'dist/web/core.js'), 'utf8') });
    const inBrowser = await page.evaluate(([n, c, s, t]) => globalThis.ClaimLensCore.checkNotes(n, c, s, t), [notes, config, snapshots, TODAY]);
    // Node's own globals are absent there: the bundle really ran as browser code.
    assert.equal(await page.evaluate(() => typeof globalThis.process), 'undefined');
    assert.equal(inBrowser, cli.stdout);
    assert.ok(JSON.parse(inBrowser).summary.claims > 10);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
