import type { ClaimLensConfig } from './config';
import type { GitignoreSet } from './gitignore';
import { pathGlob } from './glob';

/**
 * Which files are notes. The editor (on open and as you type), Check Workspace and the CLI's
 * folder walks all ask `noteVerdict`, so they never disagree. Paths are `/`-separated and in
 * the same terms throughout (absolute paths, or URI paths): each rule says which folder it is
 * relative to.
 */

export const NOTE_EXTENSIONS: readonly string[] = ['.md', '.markdown'];

/** Globs written relative to one folder: a config file's, or a workspace folder's (settings). */
export interface GlobScope {
  /** The folder, `/`-separated, without a trailing slash. */
  base: string;
  /** When not empty, a note must match one of these. */
  include?: readonly string[];
  /** A note must match none of these. */
  exclude?: readonly string[];
}

export interface NoteRules {
  /**
   * The folder notes are looked for in (a workspace folder, a folder the CLI walks). Dot-folders,
   * dot-files and node_modules below it are skipped. Undefined: none are.
   */
  root?: string;
  /** The config's and the settings' globs. A scope applies to paths inside its folder only. */
  scopes?: readonly GlobScope[];
  /** .gitignore files, with bases in the same terms as the paths. */
  gitignore?: GitignoreSet;
}

/** Why a file is not a note. */
export type NotANote = 'extension' | 'hidden' | 'include' | 'exclude' | 'gitignore';

/** The path `path` has below `base`, or undefined when it is not inside it. */
export function below(base: string, path: string): string | undefined {
  if (base === '') return path;
  const root = base.endsWith('/') ? base : `${base}/`;
  return path.startsWith(root) ? path.slice(root.length) : undefined;
}

export function hasNoteExtension(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return NOTE_EXTENSIONS.some((e) => name.endsWith(e) && name.length > e.length);
}

/** Whether a folder or file name is one that is never looked into: node_modules, `.git`, `.vscode`… */
export function isHiddenName(name: string): boolean {
  return name === 'node_modules' || (name.startsWith('.') && name.length > 1);
}

/** The globs of a config file, which sits in `base`: `include`, and `exclude` with the older `ignore`. */
export function configScope(base: string, config: Pick<ClaimLensConfig, 'include' | 'exclude' | 'ignore'>): GlobScope {
  return { base, include: config.include, exclude: [...config.exclude, ...config.ignore] };
}

/** Undefined when `path` is a note; otherwise why not. */
export function noteVerdict(path: string, rules: NoteRules = {}): NotANote | undefined {
  if (!hasNoteExtension(path)) return 'extension';
  const inRoot = rules.root === undefined ? undefined : below(rules.root, path);
  if (inRoot !== undefined && inRoot.split('/').some(isHiddenName)) return 'hidden';
  for (const s of rules.scopes ?? []) {
    const rel = below(s.base, path);
    if (rel === undefined) continue;
    if (s.include?.length && !s.include.some((g) => pathGlob(g)(rel))) return 'include';
    if (s.exclude?.some((g) => pathGlob(g)(rel))) return 'exclude';
  }
  if (rules.gitignore?.ignores(path)) return 'gitignore';
  return undefined;
}

export function isNotePath(path: string, rules: NoteRules = {}): boolean {
  return noteVerdict(path, rules) === undefined;
}

/**
 * Whether a folder walk can skip a folder without looking inside: it is hidden, .gitignored, or
 * excluded by a glob that takes a folder's contents with it. (Include globs never prune: `notes/**`
 * says nothing about which folders lead there.)
 */
export function skipsFolder(folder: string, rules: NoteRules = {}): boolean {
  const inRoot = rules.root === undefined ? undefined : below(rules.root, folder);
  if (inRoot && inRoot.split('/').some(isHiddenName)) return true;
  for (const s of rules.scopes ?? []) {
    const rel = below(s.base, folder);
    // A folder matching an exclude glob excludes all inside it (see pathGlob): test a path inside.
    if (rel && s.exclude?.some((g) => pathGlob(g)(`${rel}/`))) return true;
  }
  return !!rules.gitignore?.ignores(folder, true);
}
