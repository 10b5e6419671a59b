// The workspace port of src/core/workspace.ts over Node's fs, synchronous: the CLI and Check
// Workspace's worker thread implement reading and listing here, and nothing else.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join, sep } from 'node:path';
import { decodeNote, readNoteText, runSync, type DecodeFailure, type EntryKind, type FolderEntry, type ReadFailure, type Utf8Codec, type WorkspacePort } from '../core/workspace';

export type { ReadFailure } from '../core/workspace';

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
  const tooLarge = (): ReadFailure => ({ reason: 'too-large', error: `is larger than ${Math.round(cap / 1024 / 1024)} MB; it is not read` });
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return io(e);
  }
  if (!st.isFile()) return special(st.isDirectory());
  if (st.size > cap) return tooLarge();
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
        if (n > limit) return tooLarge();
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) return tooLarge();
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    return io(e);
  } finally {
    closeSync(fd);
  }
}

/** A path in the `/`-separated form the core's rules use. */
export const slashed = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

function kindOf(st: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
}

/**
 * Node's fs as the core's workspace port. With `root` (a real path), a listing never leads out
 * of it: a symbolic link to something outside is left out, and so is a link to a folder inside
 * (it could loop); a link to a file inside is listed as that file.
 */
export function nodeWorkspace(root?: string): WorkspacePort {
  return {
    stat(path) {
      let st;
      try {
        st = lstatSync(path);
      } catch {
        return undefined;
      }
      if (!st.isSymbolicLink()) return kindOf(st);
      try {
        return kindOf(statSync(path));
      } catch {
        return 'other'; // a link that leads nowhere is still there
      }
    },
    list(folder) {
      const out: FolderEntry[] = [];
      for (const name of readdirSync(folder)) {
        const p = join(folder, name);
        try {
          let st = lstatSync(p);
          if (st.isSymbolicLink()) {
            const real = realpathSync(p);
            if (root !== undefined && real !== root && !real.startsWith(root + sep)) continue;
            st = statSync(p);
            if (st.isDirectory()) continue; // never walk a linked folder: it could loop
          }
          out.push({ name, kind: kindOf(st) });
        } catch {
          // gone meanwhile, or a link that leads nowhere: not a note
        }
      }
      return out;
    },
    read(path, cap) {
      const r = readRegularFile(path, cap);
      return 'error' in r ? r : r.bytes;
    },
  };
}

const plain = nodeWorkspace();

/** What a fatal TextDecoder does, at a fraction of its cost: a validation pass and the plain decoder. */
export const nodeUtf8: Utf8Codec = {
  valid: (bytes) => isUtf8(bytes),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
};

/** Reads a note's text (BOM dropped, as editors do), or says why it cannot: see src/core/workspace.ts. */
export function readNoteFile(file: string, cap?: number): { text: string } | ReadFailure | DecodeFailure {
  return runSync(readNoteText(file, cap, nodeUtf8), plain);
}

export { decodeNote };
