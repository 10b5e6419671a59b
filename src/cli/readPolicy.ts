import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { containedPath, isWithinAny, type ContainedPath } from '../core/containment';

/**
 * Which files the CLI may read on a config's say (snapshots, and configs reached through a
 * symbolic link): inside the working folder or a folder named on the command line, unless the
 * user passed --allow-outside-snapshots. Plain data, so worker threads get the same.
 */
export interface ReadPolicy {
  roots: string[];
  allowOutside: boolean;
}

export const OPT_IN_FLAG = '--allow-outside-snapshots';
export const ROOT_WORDS = 'the checked folders';

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** The working folder and every folder argument, as real paths. */
export function readPolicy(paths: readonly string[], allowOutside = false, cwd = process.cwd()): ReadPolicy {
  const roots = new Set<string>();
  const here = real(cwd);
  if (here) roots.add(here);
  for (const p of paths) {
    const abs = resolve(cwd, p);
    try {
      if (!statSync(abs).isDirectory()) continue;
    } catch {
      continue;
    }
    const r = real(abs);
    if (r) roots.add(r);
  }
  return { roots: [...roots], allowOutside };
}

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

/** Where a snapshot written in the config at `configPath` may be read, or why not. */
export function resolveSnapshot(configPath: string, written: string, policy: ReadPolicy): ContainedPath {
  return containedPath({ written, base: dirname(configPath), roots: policy.roots, allowOutside: policy.allowOutside, join, realpath: real, caseInsensitive });
}

/**
 * Whether a config file found by the upward lookup may be read: one that is a symbolic link is
 * followed only to a file inside the checked folders (a pull request can add a link; it cannot
 * add files above the checkout).
 */
export function configReadable(path: string, policy: ReadPolicy): boolean {
  let link: boolean;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
  if (!link) return true;
  const target = real(path);
  return target !== undefined && isWithinAny(policy.roots, target, caseInsensitive);
}
