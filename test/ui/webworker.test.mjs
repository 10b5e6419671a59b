// UI test: the browser build (`browser` in package.json, dist/web/extension.js) in the web worker
// extension host of code-server's workbench, in Chromium: the host that vscode.dev and github.dev
// use. The user setting `remote.extensionKind: { "claim-lens.claim-lens": ["web"] }` makes the
// workbench run the extension in its web worker host instead of the server's Node host. (The URL
// payload's `extensionDevelopmentKind`, the web twin of `code --extensionDevelopmentKind=web`, is
// not honoured by VS Code 1.100's web workbench: its environment service exposes the value under
// another name, and the extension kinds stay [workspace, web].)
//
// It checks real behaviour on an example note, then proves where all of that ran, from three
// sides, at the end of the session: the workbench's Running Extensions view labels the extension
// "web worker", the extension's own log says the browser build runs in a WorkerGlobalScope, and
// the server's Node extension host never activated it. Without the setting, the same test fails
// on that proof (the view shows the server's address, and the log says Node build).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gotoLine, hoverOver, openFile, openProblems, openWorkbench, problemRows, quickFix, runCommand, screenshot, squiggles, withScreenshotOnFailure } from '../harness/ui-driver.mjs';
import { packagedExtension } from '../harness/package.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-webworker-'));
const folder = join(scratch, 'examples');
cpSync(join(ROOT, 'examples'), folder, { recursive: true });
const NOTE = 'podcast-episode-118.md';
const ID = 'claim-lens.claim-lens';
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let wb;
let page;

describe('Claim Lens in the web worker extension host', { concurrency: false }, () => {
  before(async () => {
    wb = await openWorkbench({
      folder,
      vsix: await packagedExtension(),
      settings: {
        'remote.extensionKind': { [ID]: ['web'] },
        'claimLens.display': 'both', // claims as diagnostics too, for the Problems panel and Explorer counts below
        'editor.hover.delay': 150,
        '[markdown]': { 'editor.wordWrap': 'off' },
      },
    });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('flags the example note: squiggles and Problems panel rows, snapshot quotations included', () => withScreenshotOnFailure('web-problems', async () => {
    await openFile(page, NOTE);
    await squiggles(page, 'info').first().waitFor();
    await squiggles(page, 'warning').first().waitFor();
    await openProblems(page);
    const row = (text) => problemRows(page, { hasText: text }).first();
    await row('Speaker opinion — source: Ops Hour, episode 118 (front matter)').waitFor();
    assert.match(await row('Speaker opinion — source: Ops Hour, episode 118 (front matter)').innerText(), /claim-lens/);
    // The sources registry comes from .claimlens.yaml and the saved transcript from snapshots/:
    // the worker reads both through vscode.workspace.fs.
    await row('Not verified in this research — source: Ops Hour, episode 118 (registry ops-hour-118)').waitFor();
    await row('This quotation is not in the saved copy of “Ops Hour, episode 118”').waitFor();
    await screenshot(page, 'web-1-problems');
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  }, page));

  it('shows the hover card with the note’s source', () => withScreenshotOnFailure('web-hover', async () => {
    const { locator, text } = await hoverOver(page, squiggles(page, 'info'), { contains: 'Primary source' }); // the card's own text: the problem's part above it shows first
    assert.match(text, /Opinion/);
    assert.match(text, /front matter/);
    const link = locator.locator('a', { hasText: 'Ops Hour, episode 118' }).first();
    assert.equal(await link.getAttribute('data-href') ?? await link.getAttribute('href'), 'https://podcasts.example.org/ops-hour/118.mp3');
    await page.waitForTimeout(300); // let the hover's fade-in finish, for the picture only
    await screenshot(page, 'web-2-hover-card');
    await page.keyboard.press('Escape');
  }, page));

  it('applies a quick fix: Suppress with reason writes the comment above the sentence', () => withScreenshotOnFailure('web-quick-fix', async () => {
    await gotoLine(page, 12, 20);
    const offered = await quickFix(page, { title: 'Suppress with reason' });
    assert.ok(offered.some((t) => t.includes('Add citation')), JSON.stringify(offered));
    const input = page.locator('.quick-input-widget:visible input');
    await input.waitFor();
    await input.fill('kept as the host’s view');
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container.active .view-line', { hasText: 'claim-lens-disable-next-line opinion -- kept as the host’s view' }).waitFor();
    await screenshot(page, 'web-3-quick-fix');
    await page.keyboard.press('Control+Z'); // leave the note as it was
    await page.locator('.editor-group-container.active .view-line', { hasText: 'kept as the host’s view' }).waitFor({ state: 'detached' });
  }, page));

  it('opens the verification report, a webview served from the worker', () => withScreenshotOnFailure('web-report', async () => {
    await runCommand(page, 'Claim Lens: Show Verification Report');
    // The command asks which scope; Enter once the active note is the focused item.
    await page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row.focused', { hasText: 'Active note' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await frame.locator('li.claim', { hasText: 'not verified in this research' }).first().waitFor();
    assert.equal(await frame.locator('li.claim').count(), 11); // as `claim-lens check` counts them
    await screenshot(page, 'web-4-report');
    await runCommand(page, 'View: Close All Editors');
  }, page));

  it('checks the whole workspace: every example note gets its diagnostics', () => withScreenshotOnFailure('web-check-workspace', async () => {
    await runCommand(page, 'Claim Lens: Check Workspace');
    // The notes that were never opened, found through the workspace's file search, get their
    // problems. The Explorer counts warnings: the note with unsourced claims gets a count, the
    // careful one (every claim sourced, so information only) none, though its claims are listed.
    // The count is drawn by CSS; the label's accessible name says it in words.
    const badge = (name) => page.locator(`.explorer-folders-view .monaco-icon-label[aria-label*="${name} • "][aria-label*=" problem"]`);
    await badge('paper-reading-llm-evals.md').first().waitFor();
    await openProblems(page);
    // Warnings first: the note with unsourced claims heads the panel; the careful note's
    // information rows sit below the fold, so the panel's filter brings them up.
    await problemRows(page, { hasText: 'paper-reading-llm-evals.md' }).first().waitFor();
    const filter = page.locator('.markers-panel-container input, .viewpane-filter input').first();
    await filter.fill('panel-platform');
    await problemRows(page, { hasText: 'panel-platform-teams.md' }).first().waitFor();
    await filter.fill('');
    assert.equal(await badge('panel-platform-teams.md').count(), 0, 'no Explorer badge on a careful note');
    await screenshot(page, 'web-5-check-workspace');
    await page.keyboard.press('Control+Shift+M');
  }, page));

  it('runs in the web worker host: the workbench says so, the extension says so, the Node host never ran it', () => withScreenshotOnFailure('web-host', async () => {
    // The workbench's own record of where each extension runs. An extension in the server's Node
    // host is labelled with the server's address instead.
    await runCommand(page, 'Developer: Show Running Extensions');
    const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
    await rows.first().waitFor();
    // The view names the extension by its display name (one under development: by its id). Its
    // list only renders the rows in view, sorted by activation time: scroll until ours shows.
    const entry = rows.filter({ hasText: /claim-lens\.claim-lens|Claim Lens/ }).first();
    const box = await rows.first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -10000);
    for (let i = 0; i < 20 && !(await entry.isVisible()); i++) {
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(100); // let the list render the rows scrolled into view
    }
    await entry.waitFor();
    const label = await entry.innerText();
    assert.match(label, /web worker/, label);
    assert.doesNotMatch(label, /127\.0\.0\.1/, label);
    await screenshot(page, 'web-6-running-extensions');

    // The extension's log: which bundle VS Code loaded, and what global scope it runs in.
    await runCommand(page, 'Output: Show Output Channels');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Extension Host (Worker)' }).first().waitFor();
    await page.keyboard.type('Claim Lens');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Claim Lens' }).first().waitFor();
    await page.keyboard.press('Enter');
    const line = page.locator('.panel .monaco-editor .view-line', { hasText: 'activated:' }).first();
    await line.waitFor();
    const logged = (await line.innerText()).replace(/\s+/g, ' '); // the editor renders spaces as U+00A0
    assert.match(logged, new RegExp(`Claim Lens ${version.replace(/\./g, '\\.')} activated: browser build, web worker extension host`), logged);
    await screenshot(page, 'web-7-log');

    // The server's Node extension host activated other extensions (git at startup), never ours.
    const logs = nodeHostLogs(join(wb.userDataDir, 'logs'));
    assert.ok(logs.length > 0, 'no remoteexthost.log under the server’s logs');
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /_doActivateExtension vscode\./);
    // It may name ours (say, when it scans the extensions it will not run); it must never activate it.
    const mentions = text.split('\n').filter((l) => l.includes(ID));
    if (mentions.length) console.log(`the Node extension host's log names ${ID}:\n${mentions.join('\n')}`);
    const activations = mentions.filter((l) => /activat/i.test(l));
    assert.deepEqual(activations, [], `the Node extension host activated ${ID}`);
  }, page));
});

/** The server's Node extension host logs: <user-data-dir>/logs/<session>/exthost<N>/remoteexthost.log. */
function nodeHostLogs(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const session of readdirSync(dir)) {
    for (const host of readdirSync(join(dir, session)).filter((n) => n.startsWith('exthost'))) {
      const f = join(dir, session, host, 'remoteexthost.log');
      if (existsSync(f)) out.push(f);
    }
  }
  return out;
}
