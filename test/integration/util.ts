import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClaimLensApi } from '../../src/vscode/api';

export const EXTENSION_ID = 'claim-lens.claim-lens';

export type { CheckSummary } from '../../src/vscode/checkScheduler';

/** What activate() returns (src/vscode/api.ts). */
export type ExtensionApi = ClaimLensApi;

export interface PageState { generation: number; busy: boolean }

export interface ReportPanelApi {
  claimCount: number;
  whenRendered(): Promise<unknown>;
  lastRenderedHtml: string;
  postedState: { report?: { claims: number; fileReports: Array<{ path: string; claims: unknown[] }> } } | undefined;
  shownGeneration: number;
  following: boolean;
  lastPageState: PageState | undefined;
  probePage(timeoutMs?: number): Promise<PageState | undefined>;
  receive(message: unknown): Promise<void>;
  refresh(): Promise<void>;
  dispose(): void;
}

export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens');

/** Waits, on events and never on sleeps, until a note's diagnostics satisfy `ok`. */
export function waitForDiagnostics(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = ours(uri);
      if (ok(d)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${uri.path}; have ${JSON.stringify(ours(uri).map((d) => [codeValue(d), d.range.start.line]))}`));
    }, timeoutMs);
    check();
  });
}

export function codeValue(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function openNote(...parts: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...parts));
  return vscode.window.showTextDocument(doc);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('claimLens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export const r = (d: { range: vscode.Range }) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

/** All hover contents at a position, as one Markdown string. */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

/** Resolves once `ok()` holds, checking on each turn of the event loop (no fixed sleeps). */
export function waitFor(ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (ok()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out'));
      else setImmediate(tick);
    };
    tick();
  });
}

export interface Notification { kind: 'error' | 'warning'; message: string; items: string[] }

/**
 * Records the error and warning notifications shown while it is installed, answering each as if
 * the user dismissed it. The extension and the tests share one `vscode` API object.
 */
export function spyNotifications(): { shown: Notification[]; restore(): void } {
  const shown: Notification[] = [];
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = { error: w.showErrorMessage, warning: w.showWarningMessage };
  const fake = (kind: Notification['kind']) => (message: string, ...rest: unknown[]) => {
    shown.push({ kind, message, items: rest.filter((x): x is string => typeof x === 'string') });
    return Promise.resolve(undefined);
  };
  w.showErrorMessage = fake('error');
  w.showWarningMessage = fake('warning');
  return { shown, restore: () => { w.showErrorMessage = saved.error; w.showWarningMessage = saved.warning; } };
}

/**
 * Records each DiagnosticCollection.set() call while `fn` runs: the notes and diagnostics it
 * carried. VS Code sends the window at most 1,100 diagnostics per call and drops the rest.
 */
export async function spyOnPublishing<T>(collection: vscode.DiagnosticCollection, fn: () => Promise<T>): Promise<{ result: T; calls: Array<{ uris: string[]; diagnostics: number }> }> {
  const calls: Array<{ uris: string[]; diagnostics: number }> = [];
  const set = collection.set;
  collection.set = function (this: vscode.DiagnosticCollection, ...args: unknown[]) {
    const entries = Array.isArray(args[0]) ? args[0] as Array<[vscode.Uri, readonly vscode.Diagnostic[] | undefined]> : [[args[0], args[1]] as [vscode.Uri, readonly vscode.Diagnostic[] | undefined]];
    calls.push({ uris: entries.map(([u]) => u.toString()), diagnostics: entries.reduce((n, [, d]) => n + (d?.length ?? 0), 0) });
    return (set as (...a: unknown[]) => void).apply(this, args);
  } as typeof collection.set;
  try {
    return { result: await fn(), calls };
  } finally {
    collection.set = set;
  }
}

/**
 * Latency figures for `npm run bench:load` (bench/load.mjs), which sets CLAIM_LENS_LATENCY_DIR
 * and asserts its targets on them; under `npm test` nothing is written (as test/harness/latency.mjs).
 */
export function recordLatency(name: string, record: { metrics: Record<string, number> } & Record<string, unknown>): void {
  const dir = process.env.CLAIM_LENS_LATENCY_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}
