// Helpers for UI tests that drive a real VS Code 1.100.3 workbench (code-server in Debian's
// Chromium, through playwright-core) as a person would: keyboard shortcuts, the mouse, what is on
// screen. Every wait is on a selector or a condition; there are no fixed sleeps.
//
//   import { openWorkbench, openFile, squiggles, openProblems, problemRows, hoverOver, quickFix,
//            runCommand, screenshot, withScreenshotOnFailure } from './ui-driver.mjs';
//   const wb = await openWorkbench({ folder, vsix: await packagedExtension() }); // or extensionDevelopmentPath
//   try {
//     await withScreenshotOnFailure('my-flow', async (page) => {
//       await openFile(page, 'note.md');
//       await squiggles(page, 'warning').first().waitFor();
//       ...
//     });
//   } finally { await wb.close(); }
//
// Selectors were checked against VS Code 1.100.3 (see shared/real-vscode.md). The waits are
// generous (CLAIM_LENS_UI_TIMEOUT_MS, default 60 s): on a busy machine the workbench is slow, not
// wrong, and a passing run never waits for a timeout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkbench } from '../../scripts/vscode/code-server-host.mjs';
import { ensureInstalled } from '../../scripts/vscode/install.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.resolve(process.env.CLAIM_LENS_SCREENSHOT_DIR || path.join(REPO_ROOT, 'test-results', 'screenshots'));
const DEFAULT_TIMEOUT = Number(process.env.CLAIM_LENS_UI_TIMEOUT_MS) || 60000;
const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

let currentPage = null;
const DEFAULT_UI_LOG_DIR = path.join(REPO_ROOT, 'test-results', 'vscode-logs', 'ui');
let uiLogsCleared = false;

/**
 * Starts code-server + chromium with the extension loaded (no test runner) and waits until the
 * workbench shows the folder in the Explorer.
 * @param {object} opts  as startWorkbench() in scripts/vscode/code-server-host.mjs, without
 *   extensionTestsPath: { folder, vsix? | extensionDevelopmentPath?, env?, settings?, headless?, logDir?, viewport? },
 *   plus { install?: boolean (default true: run the idempotent installer first), timeout?: ms }
 * @returns the workbench handle: { page, context, url, port, close(), ... }
 */
export async function openWorkbench(opts) {
  const { install = true, timeout = 2 * DEFAULT_TIMEOUT, extensionTestsPath, ...rest } = opts;
  if (extensionTestsPath) throw new Error('openWorkbench() is for UI tests; use run-integration.mjs for extensionTestsPath');
  if (install) await ensureInstalled();
  if (!rest.logDir && !uiLogsCleared) {
    fs.rmSync(DEFAULT_UI_LOG_DIR, { recursive: true, force: true }); // once per process
    uiLogsCleared = true;
  }
  const wb = await startWorkbench({ logDir: DEFAULT_UI_LOG_DIR, ...rest });
  wb.page.setDefaultTimeout(DEFAULT_TIMEOUT); // for the tests' own waits too
  try {
    const ready = rest.folder ? '.explorer-folders-view .monaco-list-row' : '.monaco-workbench .part.editor';
    await wb.page.locator(ready).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    await screenshot(wb.page, 'open-workbench-failed').catch(() => {});
    await wb.close();
    throw new Error(`the workbench did not become ready: ${e.message}`, { cause: e });
  }
  currentPage = wb.page;
  return wb;
}

/** The quick input (Ctrl+P / F1) widget. */
function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/**
 * Presses `key` until the quick input shows (a key press can be lost while the workbench is busy,
 * e.g. before the editor has the focus); returns its input box.
 */
async function openQuickInput(page, key, timeout) {
  const input = quickInput(page).locator('input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: attempt < 3 ? Math.min(timeout, 10000) : timeout });
      return input;
    } catch (e) {
      if (attempt >= 3) throw new Error(`the quick input did not open after ${attempt} presses of ${key}: ${e.message}`, { cause: e });
    }
  }
}

/**
 * Waits until the quick input no longer shows `value`: it closed, or a command put its own picker
 * in the same widget (which may show before a poll ever saw the widget hidden).
 */
async function quickInputDone(page, value, what, timeout) {
  const widget = quickInput(page);
  const input = widget.locator('input');
  const deadline = Date.now() + timeout;
  for (;;) {
    if (!(await widget.isVisible())) return;
    const now = await input.inputValue({ timeout: 1000 }).catch(() => value);
    if (now !== value) return;
    if (Date.now() > deadline) throw new Error(`the quick input still showed ${JSON.stringify(value)} ${timeout / 1000} s after ${what}`);
    await page.waitForTimeout(50); // polling interval, not a settle wait
  }
}

/**
 * Opens a file the way a person does: Ctrl+P, type the name, pick it from the list.
 * Waits until its editor shows text. `name` is a file name or workspace-relative path.
 */
export async function openFile(page, name, { timeout = DEFAULT_TIMEOUT } = {}) {
  const base = path.basename(name);
  const input = await openQuickInput(page, `${mod}+P`, timeout);
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout });
}

/**
 * Runs a command from the command palette: F1, type the title, Enter on the matching entry.
 * Returns once the palette is gone: closed, or replaced by the command's own picker (which the
 * caller then waits for, e.g. its first row).
 */
export async function runCommand(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  const input = await openQuickInput(page, 'F1', timeout);
  await input.fill(`>${title}`);
  // The palette filters as you type; wait until the highlighted entry is the one asked for.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title });
  try {
    await focused.first().waitFor({ state: 'visible', timeout: Math.min(timeout, 10000) });
    await page.keyboard.press('Enter');
  } catch {
    const any = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await any.waitFor({ state: 'visible', timeout });
    await any.click();
  }
  await quickInputDone(page, `>${title}`, `choosing ${JSON.stringify(title)}`, timeout);
}

/** Moves the cursor of the active editor to a 1-based line (and column) with Ctrl+G. */
export async function gotoLine(page, line, column, { timeout = DEFAULT_TIMEOUT } = {}) {
  const input = await openQuickInput(page, 'Control+G', timeout); // Ctrl+G on macOS too
  const value = column ? `:${line}:${column}` : `:${line}`;
  await input.fill(value);
  await page.keyboard.press('Enter');
  await quickInputDone(page, value, `going to ${value}`, timeout);
}

/** Squiggles in the active editor: kind 'error' | 'warning' | 'info' | 'hint'. */
export function squiggles(page, kind = 'warning') {
  const cls = kind === 'hint' ? '.squiggly-hint' : `.squiggly-${kind}`;
  return page.locator(`.editor-group-container.active .monaco-editor ${cls}`);
}

/**
 * Claim highlights in the active editor: what extension decoration types draw over text (VS Code
 * names their classes `ced-…`; Claim Lens is the only extension in these workbenches).
 */
export function claimHighlights(page) {
  return page.locator('.editor-group-container.active .view-overlays .cdr[class*="ced-"]');
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its locator. */
export async function openProblems(page, { timeout = DEFAULT_TIMEOUT } = {}) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press(`${mod}+Shift+M`);
  }
  await panel.waitFor({ state: 'visible', timeout });
  return panel;
}

/** Rows of the Problems panel (file rows and marker rows); filter with { hasText }. */
export function problemRows(page, filter) {
  return page.locator('.markers-panel .monaco-list-row', filter);
}

/**
 * Moves the mouse over `locator` (e.g. a squiggle) and waits for the editor hover.
 * @returns {{ locator: import('playwright-core').Locator, text: string }}
 */
export async function hoverOver(page, locator, { timeout = DEFAULT_TIMEOUT, contains } = {}) {
  const target = locator.first();
  await target.waitFor({ state: 'visible', timeout });
  // Move away first so that a hover already showing (or a mouse already there) re-triggers.
  await page.mouse.move(1, 1);
  const box = await target.boundingBox();
  if (!box) throw new Error('hover target has no box');
  // Aim at the middle of the element (for a squiggle: the text it underlines).
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  const hover = page.locator('.monaco-hover:visible').last();
  await hover.waitFor({ state: 'visible', timeout });
  // The hover can open with "Loading..." and fill in later; wait for real content.
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await hover.innerText().catch(() => '')).trim();
    const ok = text && !/^Loading\.\.\.$/.test(text) && (!contains || text.includes(contains));
    if (ok) return { locator: hover, text };
    if (Date.now() > deadline) throw new Error(`hover text ${JSON.stringify(text)} never showed ${JSON.stringify(contains ?? 'content')}`);
    await page.waitForTimeout(50); // polling interval for the text, not a settle wait
  }
}

/**
 * Opens the quick-fix menu at the cursor (Ctrl+.) and applies an action with Enter: the first one,
 * or the one whose text contains `title` (reached with the arrow keys; clicking a row is blocked by
 * the context view's pointer block). Returns the titles that the menu offered.
 */
export async function quickFix(page, { title, timeout = DEFAULT_TIMEOUT } = {}) {
  const widget = page.locator('.action-widget');
  // A key press can be lost while the workbench is busy: press again if the menu did not open.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(`${mod}+.`);
    try {
      await widget.waitFor({ state: 'visible', timeout: attempt < 3 ? Math.min(timeout, 10000) : timeout });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  const rows = widget.locator('.monaco-list-row.action');
  await rows.first().waitFor({ state: 'visible', timeout });
  const titles = (await rows.allInnerTexts()).map((t) => t.trim());
  if (title) {
    const index = titles.findIndex((t) => t.includes(title));
    if (index < 0) {
      await page.keyboard.press('Escape');
      throw new Error(`no quick fix ${JSON.stringify(title)}; offered: ${JSON.stringify(titles)}`);
    }
    const target = widget.locator('.monaco-list-row.action.focused', { hasText: title });
    for (let i = 0; i <= titles.length && !(await target.isVisible()); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await target.waitFor({ state: 'visible', timeout });
  }
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout });
  return titles;
}

/** Saves a PNG of the whole window into test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${String(name).replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Runs fn(page); if it throws, saves test-results/screenshots/<name>-FAILED.png and rethrows.
 * `page` defaults to the page of the last openWorkbench().
 */
export async function withScreenshotOnFailure(name, fn, page = currentPage) {
  if (!page) throw new Error('withScreenshotOnFailure: no workbench page (call openWorkbench first or pass one)');
  try {
    return await fn(page);
  } catch (e) {
    try {
      const file = await screenshot(page, `${name}-FAILED`);
      e.message += `\n  screenshot: ${path.relative(process.cwd(), file)}`;
    } catch {
      // page gone
    }
    throw e;
  }
}
