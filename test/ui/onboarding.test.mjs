// UI tests of what a new user meets first: the note `npm start` opens, the language status item
// and the status bar, the Markdown preview's badges and the walkthrough, in the real workbench.
// The screenshots the README shows are saved to docs/images/ (walkthrough, preview, language status).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimHighlights, openFile, openWorkbench, runCommand, screenshot, SCREENSHOT_DIR, squiggles, withScreenshotOnFailure } from '../harness/ui-driver.mjs';
import { packagedExtension } from '../harness/package.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
// The README's pictures are replaced only on request (CLAIM_LENS_DOCS_IMAGES=1); otherwise the clips go to test-results.
const IMAGES = process.env.CLAIM_LENS_DOCS_IMAGES ? join(ROOT, 'docs', 'images') : SCREENSHOT_DIR;
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-ui-onboarding-'));
const folder = join(scratch, 'examples');
cpSync(join(ROOT, 'examples'), folder, { recursive: true });
const NOTE = 'podcast-episode-118.md';

let wb;
let page;

/** The report's webview (the last webview opened), and its claims. */
const reportFrame = (p) => p.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');

describe('onboarding in the workbench', { concurrency: false }, () => {
  before(async () => {
    wb = await openWorkbench({
      folder,
      vsix: await packagedExtension(),
      // As `npm start` (scripts/start.mjs) does: the note opens in an editor at start.
      openFile: join(folder, NOTE),
      viewport: { width: 1600, height: 900 },
      settings: { 'workbench.startupEditor': 'none', 'editor.hover.delay': 150, '[markdown]': { 'editor.wordWrap': 'off' } },
    });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('opens with the example note in the editor, flagged', () => withScreenshotOnFailure('onboarding-start', async () => {
    await page.locator('.tabs-container .tab.active', { hasText: NOTE }).waitFor();
    await claimHighlights(page).first().waitFor(); // sourced claims show as highlights, not problems
  }, page));

  it('the status bar item is labelled as Claim Lens\'s and opens the note\'s report with one click', () => withScreenshotOnFailure('onboarding-status-bar', async () => {
    const item = page.locator('.statusbar-item[aria-label^="Claim Lens:"]').first();
    await item.waitFor();
    const text = (await item.innerText()).trim();
    assert.match(text, /^\d+ claims( · \d+ unsourced)?$/, text);
    await item.locator('a, .statusbar-item-label').first().click();
    // No "active note or workspace?" question: the report opens on the note.
    const frame = reportFrame(page);
    await frame.locator('li.claim').first().waitFor();
    assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'no question was asked');
    const claims = Number(/^(\d+)/.exec(text)[1]);
    assert.equal(await frame.locator('li.claim:not(.is-suppressed)').count(), claims);
    await screenshot(page, 'onboarding-status-bar-report');
    await runCommand(page, 'View: Close All Editor Groups');
  }, page));

  it('the language status item names Claim Lens, counts the note\'s claims and links to the report and the settings', () => withScreenshotOnFailure('onboarding-language-status', async () => {
    await openFile(page, NOTE);
    await claimHighlights(page).first().waitFor();
    const indicator = page.locator('[id="status.languageStatus"]');
    await indicator.waitFor();
    await indicator.locator('a').first().click();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Claim Lens' }).last();
    await hover.waitFor();
    const text = await hover.innerText();
    assert.match(text, /Claim Lens: \d+ claims/);
    assert.match(text, /without a source|all sourced/);
    assert.match(text, /Show Report/);
    assert.match(text, /Open Settings/);
    await page.waitForTimeout(300); // the hover's fade-in, for the picture only
    await saveClip(page, 'language-status.png', hover);
    await hover.getByText('Open Settings').click();
    await page.locator('.settings-editor').waitFor();
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Claim Lens: Citation Style' }).first().waitFor();
    await runCommand(page, 'View: Close All Editor Groups');
  }, page));

  it('marks the flagged sentences in the Markdown preview with badges that link to the source', () => withScreenshotOnFailure('onboarding-preview', async () => {
    await openFile(page, NOTE);
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const preview = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    const badges = preview.locator('.claim-lens-badge');
    await badges.first().waitFor();
    // One per unsuppressed claim in the note; the suppressed thesis gets none.
    assert.equal(await badges.count(), 10);
    assert.equal(await preview.locator('.claim-lens-badge[data-claim-status="opinion"]').count(), 4);
    const link = preview.locator('.claim-lens-badge a.claim-lens-source').first();
    assert.equal(await link.getAttribute('href'), 'https://podcasts.example.org/ops-hour/118.mp3');
    // The contributed stylesheet is applied: statuses have different colours.
    const colour = (status) => preview.locator(`.claim-lens-badge[data-claim-status="${status}"]`).first().evaluate((e) => getComputedStyle(e).color);
    assert.notEqual(await colour('opinion'), await colour('unverified'));
    assert.notEqual(await colour('opinion'), await colour('paraphrase'));
    await saveClip(page, 'preview.png');
    await runCommand(page, 'View: Close All Editor Groups');
  }, page));

  it('opens the walkthrough from the command palette, and its first step opens the example note', () => withScreenshotOnFailure('onboarding-walkthrough', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const pick = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row', { hasText: 'Get started with Claim Lens' }).first();
    await pick.waitFor();
    await pick.click();
    const welcome = page.locator('.gettingStartedContainer');
    await welcome.locator('text=Get started with Claim Lens').first().waitFor();
    for (const step of ['See a flagged claim', 'Hover a claim', 'Add a citation', 'Open the verification report', 'Tune it with .claimlens.yaml']) {
      await welcome.locator('.getting-started-step', { hasText: step }).first().waitFor();
    }
    // The first step's media: the Markdown page beside the steps.
    await welcome.locator('.getting-started-media').first().waitFor();
    await page.waitForTimeout(800); // the steps slide in and the media fades in, for the picture only
    await saveClip(page, 'walkthrough.png');
    await welcome.getByRole('button', { name: 'Open Example Note' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
    await squiggles(page, 'warning').first().waitFor();
    await screenshot(page, 'onboarding-walkthrough-example');
  }, page));
});

/** Saves the window (or a locator's box, with some margin) as <name> in IMAGES, and to test-results. */
async function saveClip(p, name, locator) {
  await screenshot(p, name.replace(/\.png$/, ''));
  let clip;
  if (locator) {
    const box = await locator.boundingBox();
    const view = p.viewportSize();
    if (box && view) {
      const x = Math.max(0, box.x - 240);
      const y = Math.max(0, box.y - 40);
      clip = { x, y, width: Math.min(view.width - x, box.width + 480), height: Math.min(view.height - y, box.height + 80) };
    }
  }
  await p.screenshot({ path: join(IMAGES, name), clip });
}
