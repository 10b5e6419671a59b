import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { GitignoreSet, parseGitignore } from '../core/gitignore';
import { noteVerdict, skipsFolder, type GlobScope, type NoteRules } from '../core/noteFiles';
import { escapeName } from '../core/format/text';

/** A file to check, or a path that could not be used. */
export type Found = { file: string } | { error: string };

/** A path in the `/`-separated form the core's rules use. */
export const slashed = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

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
      const rules = (file: string): NoteRules => ({ root: slashed(abs), scopes: scopesFor(file), gitignore });
      walk(abs, root, gitignore, rules, add, out);
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
      for (const d of found) readGitignore(d, set);
      return set;
    }
  }
  return new GitignoreSet();
}

function readGitignore(dir: string, set: GitignoreSet): void {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return; // none, or unreadable: it ignores nothing
  }
  set.add(slashed(dir), parseGitignore(text));
}

function walk(dir: string, root: string, gitignore: GitignoreSet, rules: (file: string) => NoteRules, add: (file: string) => void, errors: Found[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    errors.push({ error: `cannot read folder '${escapeName(relative(process.cwd(), dir) || '.')}': ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
    return;
  }
  if (names.includes('.gitignore')) readGitignore(dir, gitignore);
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = lstatSync(p);
      if (st.isSymbolicLink()) {
        const real = realpathSync(p);
        if (real !== root && !real.startsWith(root + sep)) continue;
        st = statSync(p);
        if (st.isDirectory()) continue; // never walk a linked folder: it could loop
      }
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!skipsFolder(slashed(p), rules(join(p, 'x.md')))) walk(p, root, gitignore, rules, add, errors);
    } else if (st.isFile() && noteVerdict(slashed(p), rules(p)) === undefined) add(p);
  }
}


/** Why a file was not read: `special` (a device, FIFO, socket or folder), `too-large`, or an I/O code. */
export type ReadFailure = { error: string; reason: 'special' | 'too-large' | 'io'; code?: string };

/**
 * Reads a regular file, at most `cap` bytes. Devices, FIFOs and sockets are never opened for
 * reading (`/dev/zero` would never end, a FIFO would block); the check is made again on the open
 * descriptor, so a file swapped for one meanwhile is not read either.
 */
export function readRegularFile(file: string, cap = Number.POSITIVE_INFINITY): { bytes: Buffer } | ReadFailure {
  const io = (e: unknown): ReadFailure => {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: 'io', code, error: code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})` };
  };
  const special = (isDir: boolean): ReadFailure => ({ reason: 'special', error: isDir ? 'is a folder' : 'is not a regular file (a device, pipe or socket); it is not read' });
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return io(e);
  }
  if (!st.isFile()) return special(st.isDirectory());
  if (st.size > cap) return { reason: 'too-large', error: `is larger than ${Math.round(cap / 1024 / 1024)} MB; it is not read` };
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not wait.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return io(e);
  }
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) return special(fst.isDirectory());
    const limit = Math.min(cap, Number.MAX_SAFE_INTEGER);
    // One byte more than allowed tells a file that grew past the cap.
    let buf = Buffer.allocUnsafe(Math.min(fst.size, limit) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > limit) return { reason: 'too-large', error: `is larger than ${Math.round(cap / 1024 / 1024)} MB; it is not read` };
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) return { reason: 'too-large', error: `is larger than ${Math.round(cap / 1024 / 1024)} MB; it is not read` };
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    return io(e);
  } finally {
    closeSync(fd);
  }
}

/** Reads a note as UTF-8 text (BOM dropped, as editors do), or says why it cannot. */
export function readNote(file: string, cap?: number): { text: string } | { error: string } {
  const r = readRegularFile(file, cap);
  if ('error' in r) return { error: r.error };
  const bytes = r.bytes;
  if (bytes.subarray(0, 8192).includes(0)) return { error: 'is not a text file (it holds binary data)' };
  // What a fatal TextDecoder does (BOM dropped, invalid UTF-8 refused), at a fraction of its cost:
  // a validation pass and the plain decoder.
  if (!isUtf8(bytes)) return { error: 'is not UTF-8 text' };
  const text = bytes.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
