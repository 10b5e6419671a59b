import * as vscode from 'vscode';
import type { ClaimLensConfig } from '../core/config';
import type { CitationStyle } from '../core/edits';
import type { SeveritySetting } from '../core/types';
import { RULE_DEFAULTS } from '../core/rules';
import { DEFAULT_STATUSES } from '../core/vocabulary';
import { DISPLAYS, type Display } from './claimDisplay';

export type RunMode = 'onType' | 'onSave' | 'manual';

export interface Settings {
  enable: boolean;
  run: RunMode;
  citationStyle: CitationStyle;
  configFile: string;
  /**
   * Severities the user set explicitly: by status name (`opinion`) and by rule code
   * (`claim.no-source`, `source.unreachable`).
   */
  severity: Record<string, SeveritySetting>;
  staleAfterDays: number;
  /** Notes larger than this are not analysed in the editor unless asked. */
  maxFileSizeKB: number;
  /** Globs relative to the workspace folder: which Markdown files are notes. */
  include: string[];
  exclude: string[];
  /** How a clean claim shows: a highlight, a diagnostic, or both. */
  display: Display;
  /** Whether highlighted claims get an end-of-line label (`opinion · Keynote 12:34`). */
  endOfLineLabels: boolean;
}

const RUN: readonly RunMode[] = ['onType', 'onSave', 'manual'];
const STYLES: readonly CitationStyle[] = ['reference', 'footnote', 'inline'];
// `off` as in .claimlens.yaml; `ignore`, the old spelling, still works.
const SEVERITY: Record<string, SeveritySetting> = { error: 'error', warning: 'warning', information: 'information', hint: 'hint', off: 'off', ignore: 'off' };

/** Rules whose severity a setting `claimLens.rules.<code>` sets, as `rules:` does in .claimlens.yaml. */
export const RULE_SETTINGS: readonly string[] = ['claim.no-source', ...Object.keys(RULE_DEFAULTS).filter((c) => c.startsWith('source.'))];

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

let cache: Map<string, Settings> | undefined;

/**
 * Caches readSettings() per workspace folder (resource settings differ by folder, not by
 * file) until a `claimLens` setting or the folders change. Call it in activate() before
 * anything else listens to configuration changes, so the cache is cleared first.
 */
export function cacheSettings(): vscode.Disposable {
  cache = new Map();
  const clear = () => cache?.clear();
  const subs = [
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens')) clear(); }),
    vscode.workspace.onDidChangeWorkspaceFolders(clear),
  ];
  return { dispose: () => { for (const s of subs) s.dispose(); cache = undefined; } };
}

/** Reads settings for a resource, normalising whatever is there to safe values. */
export function readSettings(scope?: vscode.Uri): Settings {
  if (!cache) return read(scope);
  const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
  // Outside any folder, a resource sees only the workspace's and the user's values.
  const key = folder ? folder.uri.toString() : scope ? '' : '<none>';
  let hit = cache.get(key);
  if (!hit) cache.set(key, (hit = read(folder ? folder.uri : scope)));
  return hit;
}

function read(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('claimLens', scope);
  const severity: Record<string, SeveritySetting> = {};
  for (const s of DEFAULT_STATUSES) {
    // Only explicit settings override the config file; defaults defer to it.
    const i = c.inspect<unknown>(`severity.${s.name}`);
    const set = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (typeof set === 'string' && Object.hasOwn(SEVERITY, set)) severity[s.name] = SEVERITY[set];
  }
  for (const code of RULE_SETTINGS) {
    const i = c.inspect<unknown>(`rules.${code}`);
    const set = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (typeof set === 'string' && Object.hasOwn(SEVERITY, set)) severity[code] = SEVERITY[set];
  }
  const enable = c.get<unknown>('enable');
  const stale = c.get<unknown>('staleAfterDays');
  const maxKB = c.get<unknown>('maxFileSizeKB');
  const configFile = c.get<unknown>('configFile');
  return {
    enable: typeof enable === 'boolean' ? enable : true,
    run: pick(c.get<unknown>('run'), RUN, 'onType'),
    citationStyle: pick(c.get<unknown>('citationStyle'), STYLES, 'reference'),
    configFile: typeof configFile === 'string' ? configFile.trim() : '',
    severity,
    staleAfterDays: typeof stale === 'number' && Number.isFinite(stale) && stale >= 0 ? Math.floor(stale) : 365,
    maxFileSizeKB: typeof maxKB === 'number' && Number.isFinite(maxKB) && maxKB > 0 ? maxKB : 5120,
    include: globs(c.get<unknown>('include')),
    exclude: globs(c.get<unknown>('exclude')),
    display: pick(c.get<unknown>('display'), DISPLAYS, 'decorations'),
    endOfLineLabels: c.get<unknown>('endOfLineLabels') === true,
  };
}

/** A list of globs, whatever the setting holds: strings that are not blank. */
function globs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
}

/** The config with the user's severity settings laid over it. */
export function withSeverities(config: ClaimLensConfig, severity: Record<string, SeveritySetting>): ClaimLensConfig {
  if (Object.keys(severity).length === 0) return config;
  const rules = { ...config.rules };
  for (const code of RULE_SETTINGS) if (severity[code]) rules[code] = severity[code];
  return { ...config, rules, statuses: config.statuses.map((s) => (Object.hasOwn(severity, s.name) ? { ...s, severity: severity[s.name] } : s)) };
}
