// UI tests: the extension in code-server's workbench, driven in Chromium the way a person
// would use it. Each step saves a screenshot to test-results/screenshots/ (and on failure).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gotoLine, hoverOver, openFile, openProblems, openWorkbench, problemRows, quickFix, runCommand, screenshot, squiggles, withScreenshotOnFailure } from '../harness/ui-driver.mjs';
import { packagedExtension } from '../harness/package.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-ui-'));
const folder = join(scratch, 'workspace');
cpSync(join(ROOT, 'test/integration/workspace'), folder, { recursive: true });

let wb;
let page;

describe('Claim Lens in the workbench', { concurrency: false }, () => {
  before(async () => {
    // Claims as diagnostics too (the default shows clean ones only as highlights: test/ui/decorations.test.mjs).
    wb = await openWorkbench({ folder, vsix: await packagedExtension(), settings: { 'editor.hover.delay': 150, 'workbench.startupEditor': 'none', '[markdown]': { 'editor.wordWrap': 'off' }, 'claimLens.display': 'both' } });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('underlines flagged sentences and lists them in the Problems panel', () => withScreenshotOnFailure('problems', async () => {
    await openFile(page, 'keynote.md');
    await squiggles(page, 'info').first().waitFor();
    // Every claim cites the note's source: nothing to act on, so no warning, not even for "not verified".
    assert.equal(await squiggles(page, 'warning').count(), 0);
    await screenshot(page, '1-squiggles');
    await openProblems(page);
    const row = problemRows(page, { hasText: 'Speaker opinion — source: Keynote recording (front matter)' });
    await row.first().waitFor();
    assert.match(await row.first().innerText(), /claim-lens/);
    await problemRows(page, { hasText: 'Not verified — source: Keynote recording' }).first().waitFor();
    await screenshot(page, '2-problems-panel');
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  }, page));

  it('shows the hover card with the source link', () => withScreenshotOnFailure('hover', async () => {
    const { locator, text } = await hoverOver(page, squiggles(page, 'info'), { contains: 'Primary source' }); // the card's own text: the problem's part above it shows first
    assert.match(text, /Opinion/);
    assert.match(text, /front matter/);
    const link = locator.locator('a', { hasText: 'Keynote recording' });
    assert.equal(await link.getAttribute('data-href') ?? await link.getAttribute('href'), 'https://media.example.org/keynote.mp4');
    await page.waitForTimeout(300); // let the hover's fade-in finish, for the picture only
    await screenshot(page, '3-hover-card');
    await page.keyboard.press('Escape');
  }, page));

  it('applies Add citation with Ctrl+. and the saved file holds the citation', () => withScreenshotOnFailure('quick-fix', async () => {
    await openFile(page, 'unsourced.md');
    await squiggles(page, 'warning').first().waitFor();
    await gotoLine(page, 3, 70); // on the marker that has no source
    const offered = await quickFix(page, { title: 'Add citation' });
    assert.ok(offered.some((t) => t.includes('Suppress with reason')), JSON.stringify(offered));
    const pick = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row', { hasText: 'Spare link' });
    await pick.first().waitFor();
    await screenshot(page, '4-add-citation-picker');
    await page.keyboard.type('Spare'); // narrow the list to the note's own link definition
    await page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row.focused', { hasText: 'Spare link' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container.active .view-line', { hasText: '[Spare link][spare].' }).waitFor();
    await page.keyboard.press('Control+S');
    // No missing-source warning remains in the note.
    await squiggles(page, 'warning').first().waitFor({ state: 'detached' });
    await screenshot(page, '5-citation-added');
    const saved = await waitForFile(join(folder, 'notes/unsourced.md'), (t) => t.includes('(speaker opinion) [Spare link][spare].'));
    assert.ok(saved.includes('[spare]: https://example.org/spare "Spare link"'));
  }, page));

  it('opens the report from the command palette, and a click in it reveals the claim', () => withScreenshotOnFailure('report', async () => {
    await openFile(page, 'keynote.md');
    await runCommand(page, 'Claim Lens: Show Verification Report');
    // The command asks which scope, in the same quick input; Enter once the active note is the focused item.
    await page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row.focused', { hasText: 'Active note' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const row = frame.locator('li.claim', { hasText: 'not verified in this write-up' });
    await row.first().waitFor();
    assert.equal(await frame.locator('li.claim').count(), 4);
    await screenshot(page, '6-report');
    await row.first().click();
    // The editor selects the claim's sentence: the status bar says where, and how much.
    await page.locator('.statusbar-item', { hasText: /Ln 12, Col 78 \(75 selected\)/ }).first().waitFor();
    await screenshot(page, '7-report-reveal');
  }, page));

  it('the report follows quick edits, and Refresh always ends enabled, with no busy bar, on the status bar\'s count', () => withScreenshotOnFailure('report-follows', async () => {
    // The report for keynote.md is open beside the note, and the note has the focus (the click above).
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const flagged = page.locator('.statusbar-item [aria-label*="flagged claims"], .statusbar-item[aria-label*="flagged claims"]').first();
    const statusBarCount = async () => Number(/(\d+) flagged claims/.exec(await flagged.getAttribute('aria-label'))?.[1]);
    await flagged.waitFor();
    const before = await statusBarCount();
    await page.locator('.editor-group-container.active .view-line', { hasText: 'Meshes will converge' }).first().click();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 3; i++) await page.keyboard.type(`\n\nEdit ${i} is the speaker opinion.`);
    await until(async () => (await statusBarCount()) === before + 3);
    const settled = frame.locator('body:not(.busy) #refresh:enabled');
    // The report follows: the newest claims are listed, and the page is not busy.
    await frame.locator('li.claim', { hasText: 'Edit 2 is the speaker opinion.' }).first().waitFor();
    await settled.waitFor();
    assert.equal(await frame.locator('li.claim:not(.is-suppressed)').count(), await statusBarCount());
    await screenshot(page, '7b-report-follows');
    // Refresh, again and again: each time the new page replaces the busy one and ends enabled.
    for (let i = 0; i < 3; i++) {
      await settled.click();
      await settled.waitFor();
      assert.equal(await frame.locator('li.claim:not(.is-suppressed)').count(), before + 3);
    }
    // The status bar shows the active editor's note: give the note the focus back.
    const noteLine = page.locator('.editor-group-container .view-line', { hasText: 'Edit 2 is the speaker opinion.' }).first();
    await noteLine.click();
    assert.equal(await statusBarCount(), before + 3);
    // Closed and opened again: a new panel renders its page and starts a build at once, which is
    // where a late `busy` used to land. Each time the report ends with Refresh enabled.
    for (let i = 0; i < 3; i++) {
      await runCommand(page, 'View: Close Editors in Other Groups'); // the report, beside the note
      await frame.locator('li.claim').first().waitFor({ state: 'detached' });
      await showReportForActiveNote(page);
      await frame.locator('li.claim', { hasText: 'Edit 2 is the speaker opinion.' }).first().waitFor();
      await settled.click(); // a Refresh button left disabled cannot be clicked
      await settled.waitFor();
      assert.equal(await frame.locator('li.claim:not(.is-suppressed)').count(), before + 3);
      await noteLine.click();
    }
    await runCommand(page, 'File: Revert File');
    await page.locator('.editor-group-container .view-line', { hasText: 'Edit 0 is the speaker opinion.' }).first().waitFor({ state: 'detached' });
  }, page));

  it('suggests registry keys after [@ and shows a source card on a citation', () => withScreenshotOnFailure('registry', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, 'registry.md');
    await squiggles(page, 'warning').first().waitFor();
    await gotoLine(page, 5, 1);
    await page.keyboard.press('End');
    await page.keyboard.type(' [@');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'talk' });
    await row.first().waitFor();
    assert.match(await row.first().innerText(), /The talk/);
    await screenshot(page, '8-registry-completion');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Home');
    // Hover the end of the citation `[@talk, 12:34]`, not the middle of the sentence.
    const span = page.locator('.view-line span', { hasText: '@talk, 12:34' }).first();
    const box = await span.boundingBox();
    await page.mouse.move(1, 1);
    await page.mouse.move(box.x + box.width - 24, box.y + box.height / 2, { steps: 4 });
    const card = page.locator('.monaco-hover:visible', { hasText: 'Accessed' }).last();
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /The talk/);
    assert.match(text, /Saved copy: snapshots\/talk\.md/);
    await page.waitForTimeout(300); // let the hover's fade-in finish, for the picture only
    await screenshot(page, '9-registry-hover');
    await page.keyboard.press('Escape');
  }, page));
});

/**
 * Claim Lens: Show Verification Report, for the active note. The command's picker takes over the
 * palette's widget, so this waits for the picker's row rather than for the palette to close.
 */
async function showReportForActiveNote(page) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Claim Lens: Show Verification Report');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Claim Lens: Show Verification Report' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row.focused', { hasText: 'Active note' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Polls `ok` (async) until it holds, for at most 30 s. */
async function until(ok) {
  for (let i = 0; i < 300; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never held: ${ok}`);
}

async function waitForFile(path, ok) {
  // The save goes through the server: poll the file a few times rather than sleep once.
  for (let i = 0; i < 100; i++) {
    const text = readFileSync(path, 'utf8');
    if (ok(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} never held the expected text:\n${readFileSync(path, 'utf8')}`);
}
