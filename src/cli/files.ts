import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { escapeName } from '../core/format/text';

export const NOTE_EXTENSIONS = new Set(['.md', '.markdown']);

/** A file to check, or a path that could not be used. */
export type Found = { file: string } | { error: string };

/**
 * Expands paths into note files: folders recursively, skipping node_modules and
 * dot-folders, following no symlink out of the folder it was found in.
 * `skip` tells whether a file found by walking is ignored by the config.
 */
export function collectFiles(paths: readonly string[], skip: (file: string) => boolean = () => false): Found[] {
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
      walk(abs, root, (f) => { if (!skip(f)) add(f); }, out);
    } else add(abs);
  }
  return out;
}

function walk(dir: string, root: string, add: (file: string) => void, errors: Found[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    errors.push({ error: `cannot read folder '${escapeName(relative(process.cwd(), dir) || '.')}': ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
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
    if (st.isDirectory()) walk(p, root, add, errors);
    else if (st.isFile() && NOTE_EXTENSIONS.has(extname(name).toLowerCase())) add(p);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

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
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: 'is not UTF-8 text' };
  }
}
