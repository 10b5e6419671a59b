// Which files a config may make Claim Lens read. Pure: the adapters (CLI, editor, worker) bring
// the file system as a realpath function, and do the reading (regular files only, bounded).

/** Snapshots and config files larger than this are not read (10 MB). */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

export type PathKind = 'relative' | 'absolute' | 'unc';

/** `//host/share`, `\\host\share` (and `\\?\…`) are UNC; `/x`, `\x`, `C:…` are absolute. */
export function pathKind(p: string): PathKind {
  if (/^[\\/]{2}/.test(p)) return 'unc';
  if (/^[\\/]/.test(p) || /^[A-Za-z]:/.test(p)) return 'absolute';
  return 'relative';
}

function normalise(p: string, caseInsensitive: boolean): string {
  const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
  return caseInsensitive ? s.toLowerCase() : s;
}

/** True when `target` is `root` or lies under it; both are real, absolute paths. */
export function isWithin(root: string, target: string, caseInsensitive = false): boolean {
  const r = normalise(root, caseInsensitive);
  const t = normalise(target, caseInsensitive);
  return t === r || t.startsWith(`${r}/`);
}

export function isWithinAny(roots: readonly string[], target: string, caseInsensitive = false): boolean {
  return roots.some((r) => isWithin(r, target, caseInsensitive));
}

export interface ContainedPathRequest {
  /** The path as the config wrote it. */
  written: string;
  /** The config file's folder: relative paths are resolved against it. */
  base: string;
  /** Real paths of the folders reads may reach (the checked folder, the workspace folder). */
  roots: readonly string[];
  /** The user's opt-in (a CLI flag or a user setting, never the config): absolute, UNC and outside paths are read. */
  allowOutside: boolean;
  join(base: string, rel: string): string;
  /** The path with every symbolic link resolved, or undefined when it does not exist. */
  realpath(p: string): string | undefined;
  caseInsensitive?: boolean;
}

export type Refusal = 'absolute' | 'unc' | 'missing' | 'outside';
export type ContainedPath = { path: string } | { refused: Refusal };

/**
 * Decides where a snapshot path written in a config may be read: resolved against the config's
 * folder, followed through symbolic links to its real path, and inside one of the roots. Absolute
 * and UNC paths are refused before anything touches the file system (a UNC path would connect
 * to another host), unless the user opted in.
 */
export function containedPath(req: ContainedPathRequest): ContainedPath {
  const kind = pathKind(req.written);
  if (kind !== 'relative' && !req.allowOutside) return { refused: kind };
  const lexical = kind === 'relative' ? req.join(req.base, req.written) : req.written;
  const real = req.realpath(lexical);
  if (real === undefined) return { refused: 'missing' };
  if (!req.allowOutside && !isWithinAny(req.roots, real, req.caseInsensitive)) return { refused: 'outside' };
  return { path: real };
}

/** Why a snapshot was not read, for a message; never the target's content or real path. */
export function refusalReason(r: Refusal | 'special' | 'too-large', where: string, optIn: string): string {
  switch (r) {
    case 'absolute': return `is an absolute path; snapshots are read only inside ${where} (${optIn} allows others)`;
    case 'unc': return `is a network (UNC) path; snapshots are read only inside ${where} (${optIn} allows others)`;
    case 'outside': return `leads outside ${where} (through \`..\` or a symbolic link); it is not read (${optIn} allows it)`;
    case 'missing': return 'cannot be found';
    case 'special': return 'is not a regular file; it is not read';
    case 'too-large': return `is larger than ${MAX_READ_BYTES / 1024 / 1024} MB; it is not read`;
  }
}
