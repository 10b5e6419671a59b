import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

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
      out.push({ error: `cannot find '${p}'` });
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
    errors.push({ error: `cannot read folder '${relative(process.cwd(), dir) || '.'}': ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
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

/** Reads a note as UTF-8 text (BOM dropped, as editors do), or says why it cannot. */
export function readNote(file: string): { text: string } | { error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { error: 'is not a text file (it holds binary data)' };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: 'is not UTF-8 text' };
  }
}
