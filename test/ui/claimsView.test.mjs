// UI test: the Claims view in code-server's workbench, used as a person would: open it from the
// activity bar, check the workspace from its welcome button, click a claim, step to the next one
// with the keyboard, filter to the claims without a source. Screenshots go to
// test-results/screenshots/ (claims-view.png is the README's docs/images/claims-view.png).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbench, screenshot, withScreenshotOnFailure } from '../harness/ui-driver.mjs';
import { packagedExtension } from '../harness/package.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-ui-view-'));
const folder = join(scratch, 'workspace');
cpSync(join(ROOT, 'test/integration/workspace'), folder, { recursive: true });

let wb;
let page;

describe('the Claims view in the workbench', { concurrency: false }, () => {
  before(async () => {
    wb = await openWorkbench({ folder, vsix: await packagedExtension(), settings: { 'workbench.startupEditor': 'none', '[markdown]': { 'editor.wordWrap': 'off' } } });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('opens from the activity bar, fills from its Check Workspace button, and a click reveals the claim in its note', () => withScreenshotOnFailure('claims-view', async () => {
    const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label^="Claim Lens"]');
    await icon.waitFor();
    await icon.click();
    const sidebar = page.locator('.part.sidebar');
    // No note open and no check yet: the welcome message offers Check Workspace.
    const button = sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Check Workspace' });
    await button.waitFor();
    assert.match(await sidebar.locator('.welcome-view-content').innerText(), /No flagged claims yet/);
    await button.click();
    const rows = sidebar.locator('.monaco-list-row');
    const claim = rows.filter({ hasText: 'A vendor slide showed rate limiting for Q3 (not verified in this write-up).' });
    await claim.first().waitFor();
    // The note's group, with its count; the claim with its status and source.
    await rows.filter({ hasText: 'keynote.md' }).filter({ hasText: '4' }).first().waitFor();
    assert.match(await claim.first().innerText(), /Unverified · Keynote recording/);
    // The badge counts the claims without a source.
    const badge = page.locator('.part.activitybar .action-item:has(a.action-label[aria-label^="Claim Lens"]) .badge-content');
    await badge.waitFor();
    assert.match(await badge.innerText(), /^[1-9]\d*$/);
    await claim.first().click();
    // The editor opens the note with the sentence selected: the status bar says where, and how much.
    await page.locator('.tabs-container .tab.active', { hasText: 'keynote.md' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /Ln 12, Col 78 \(75 selected\)/ }).first().waitFor();
    // Wider, for the picture: drag the sash between the side bar and the editor.
    const box = await sidebar.boundingBox();
    await page.mouse.move(box.x + box.width, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 220, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(1, 1); // no hover in the picture
    await screenshot(page, 'claims-view');
  }, page));

  it('Alt+] in the note selects the next claim, and the view selects it too', () => withScreenshotOnFailure('claims-view-next', async () => {
    await page.keyboard.press('Control+1'); // the editor takes the focus, its selection kept
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
    await page.keyboard.press('Alt+BracketRight');
    await page.locator('.statusbar-item', { hasText: /Ln 13, Col \d+ \(\d+ selected\)/ }).first().waitFor();
    const selected = page.locator('.part.sidebar .monaco-list-row.selected', { hasText: 'Meshes will converge by 2028' });
    await selected.first().waitFor();
    await page.keyboard.press('Alt+BracketLeft');
    await page.locator('.statusbar-item', { hasText: /Ln 12, Col 78 \(75 selected\)/ }).first().waitFor();
  }, page));

  it('the title bar filters to the claims without a source, says so, and clears the filter', () => withScreenshotOnFailure('claims-view-filter', async () => {
    const sidebar = page.locator('.part.sidebar');
    await sidebar.hover(); // the title actions show on hover
    await sidebar.locator('.action-label[aria-label^="Only Claims Without Source"]:visible').first().click();
    // The view's message says which filter is on (its description is hidden while it is alone in its container).
    await sidebar.locator('.message', { hasText: /Filter: without source \(\d+ of \d+ claims\)/ }).first().waitFor();
    // Keynote's claims all cite its front-matter source: its group is gone; the unsourced note's claim stays.
    await sidebar.locator('.monaco-list-row', { hasText: 'keynote.md' }).first().waitFor({ state: 'detached' });
    const unsourced = sidebar.locator('.monaco-list-row', { hasText: 'The panellist claimed that golden paths halve onboarding time' });
    await unsourced.first().waitFor();
    assert.match(await unsourced.first().innerText(), /without source/);
    await screenshot(page, 'claims-view-filtered');
    await sidebar.hover();
    await sidebar.locator('.action-label[aria-label^="Clear Claims Filter"]:visible').first().click();
    await sidebar.locator('.monaco-list-row', { hasText: 'keynote.md' }).first().waitFor();
    // The message goes with the filter.
    const message = sidebar.locator('.message', { hasText: 'Filter:' });
    for (let i = 0; i < 300 && (await message.filter({ visible: true }).count()) > 0; i++) await page.waitForTimeout(100); // polling, not a settle wait
    assert.equal(await message.filter({ visible: true }).count(), 0);
  }, page));

  it('a claim\'s context menu offers Add Citation only when it has no source, and Copy Sentence always', () => withScreenshotOnFailure('claims-view-menu', async () => {
    const sidebar = page.locator('.part.sidebar');
    const menuItems = async (rowText) => {
      await sidebar.locator('.monaco-list-row', { hasText: rowText }).first().click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.locator('.action-label', { hasText: 'Copy Sentence' }).first().waitFor();
      const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      return items;
    };
    const unsourced = await menuItems('The panellist claimed that golden paths halve onboarding time');
    assert.ok(unsourced.includes('Add Citation'), JSON.stringify(unsourced));
    const sourced = await menuItems('A vendor slide showed rate limiting for Q3');
    assert.ok(!sourced.includes('Add Citation'), JSON.stringify(sourced));
  }, page));
});
