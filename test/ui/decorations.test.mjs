// UI test: claims as highlights, the default, in code-server's workbench in Chromium. A careful
// note (every claim labelled and sourced) shows a highlight and a gutter mark per claim, in a
// colour per status, and no problem at all; a note with unsourced claims one warning per claim.
// The screenshot of the careful note goes to test-results/screenshots/decorations.png; with
// CLAIM_LENS_DOCS_IMAGES=1 it also replaces docs/images/decorations.png (the README's picture).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimHighlights, openFile, openProblems, openWorkbench, problemRows, screenshot, squiggles, withScreenshotOnFailure } from '../harness/ui-driver.mjs';
import { packagedExtension } from '../harness/package.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'claim-lens-deco-'));
const folder = join(scratch, 'examples');
cpSync(join(ROOT, 'examples'), folder, { recursive: true });

let wb;
let page;

const gutterMarks = () => page.locator('.editor-group-container.active .margin [class*="ced-"]');

describe('claims as highlights in the workbench', { concurrency: false }, () => {
  before(async () => {
    wb = await openWorkbench({ folder, vsix: await packagedExtension(), settings: { 'workbench.startupEditor': 'none', '[markdown]': { 'editor.wordWrap': 'on' }, 'claimLens.endOfLineLabels': true } });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('highlights each claim of a careful note in its status colour, with a gutter mark, and shows no problem', () => withScreenshotOnFailure('decorations', async () => {
    await openFile(page, 'panel-platform-teams.md');
    // Seven claims on seven lines: 2 unverified, 2 opinion, 1 each paraphrase, prediction, context.
    await page.waitForFunction(() => document.querySelectorAll('.editor-group-container.active .margin [class*="ced-"]').length >= 7);
    const colours = new Set(await claimHighlights(page).evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor).filter((c) => c && c !== 'rgba(0, 0, 0, 0)')));
    assert.equal(colours.size, 5, `one colour per status: ${[...colours].join(', ')}`);
    assert.ok(await gutterMarks().count() >= 7);
    assert.equal(await squiggles(page, 'warning').count(), 0, 'no warning squiggle');
    assert.equal(await squiggles(page, 'info').count(), 0, 'no information squiggle either');
    // The end-of-line label (claimLens.endOfLineLabels) names the status and the source.
    // VS Code draws it as injected text, or as a pseudo-element's content in older versions.
    const labels = await page.locator('.editor-group-container.active .view-line span[class*="ced-"]').evaluateAll((els) => els.map((e) => `${e.textContent} ${getComputedStyle(e, '::after').content}`));
    assert.ok(labels.some((l) => l.includes('opinion · Panel video')), labels.join(' | '));
    await page.mouse.move(0, 0); // no hover in the picture
    const file = await screenshot(page, 'decorations');
    if (process.env.CLAIM_LENS_DOCS_IMAGES === '1') copyFileSync(file, join(ROOT, 'docs', 'images', 'decorations.png'));
    await openProblems(page);
    await page.locator('.markers-panel', { hasText: 'No problems have been detected in the workspace.' }).waitFor();
    await page.keyboard.press('Control+Shift+M');
  }, page));

  it('gives each claim that needs a source exactly one warning in the Problems panel', () => withScreenshotOnFailure('decorations-unsourced', async () => {
    await openFile(page, 'paper-reading-llm-evals.md');
    await squiggles(page, 'warning').first().waitFor();
    await openProblems(page);
    const rows = problemRows(page, { hasText: 'claim.no-source' });
    await rows.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.markers-panel .monaco-list-row').length >= 5);
    assert.equal(await rows.count(), 4, 'four unsourced claims, four rows');
    assert.equal(await problemRows(page, { hasText: /claim\.(unverified|prediction|context)\b/ }).count(), 0, 'no second row for a claim');
    await screenshot(page, 'decorations-unsourced');
    await page.keyboard.press('Control+Shift+M');
  }, page));
});
