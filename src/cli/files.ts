import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GitignoreSet } from '../core/gitignore';
import type { GlobScope, NoteRules } from '../core/noteFiles';
import { escapeName } from '../core/format/text';
import { readGitignore, runSync, walkNotes } from '../core/workspace';
import { nodeWorkspace, readNoteFile, slashed } from '../node/workspaceFs';

export { readRegularFile, slashed, type ReadFailure } from '../node/workspaceFs';

/** A file to check, or a path that could not be used. */
export type Found = { file: string } | { error: string };

/**
 * Expands paths into note files. A file named on the command line is always checked. A folder
 * is walked for what src/core/noteFiles.ts calls notes, as the editor and Check Workspace do:
 * Markdown files, not in dot-folders or node_modules, not .gitignored, and as the config's
 * `include`, `exclude` and `ignore` say (`scopesFor` gives a file's config globs). No symlink
 * out of the folder is followed.
 */
export function collectFiles(paths: readonly string[], scopesFor: (file: string) => readonly GlobScope[] = () => []): Found[] {
  const out: Found[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push({ file });
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      out.push({ error: `cannot find '${escapeName(p)}'` });
      continue;
    }
    if (st.isDirectory()) {
      let root: string;
      try {
        root = realpathSync(abs);
      } catch {
        root = abs;
      }
      const gitignore = outerGitignores(abs);
      // The walk is in the core's `/`-separated terms; a file's globs are asked for by its own path.
      const rules = (file: string): NoteRules => ({ root: slashed(abs), scopes: scopesFor(resolve(file)), gitignore });
      for (const found of runSync(walkNotes(slashed(abs), gitignore, rules), nodeWorkspace(root))) {
        if ('file' in found) add(resolve(found.file));
        else out.push({ error: `cannot read folder '${escapeName(relative(process.cwd(), resolve(found.unreadFolder)) || '.')}': ${(found.error as NodeJS.ErrnoException).code ?? 'error'}` });
      }
    } else add(abs);
  }
  return out;
}

/**
 * The .gitignore files above a walked folder, up to the top of its git repository (the folder
 * with `.git`), so that `claim-lens check notes` skips what the repository's .gitignore says.
 * Outside a repository, none: the walk reads the folder's own.
 */
function outerGitignores(folder: string): GitignoreSet {
  const found: string[] = [];
  for (let dir = dirname(folder), last = folder; dir !== last; last = dir, dir = dirname(dir)) {
    found.push(dir);
    if (existsSync(join(dir, '.git'))) {
      const set = new GitignoreSet();
      const fs = nodeWorkspace();
      for (const d of found) runSync(readGitignore(slashed(d), set), fs);
      return set;
    }
  }
  return new GitignoreSet();
}

/** Reads a note as UTF-8 text (BOM dropped, as editors do), or says why it cannot ("is …", "cannot …"). */
export function readNote(file: string, cap?: number): { text: string } | { error: string } {
  const r = readNoteFile(file, cap);
  if ('text' in r) return r;
  // A decoding failure says what the file is not; a read failure already says "is …" or "cannot …".
  return { error: r.reason === 'binary' || r.reason === 'encoding' ? `is ${r.error}` : r.error };
}
