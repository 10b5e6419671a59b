// The workspace port of src/core/workspace.ts in the extension: reading and listing through
// workspace.fs, so virtual workspaces work, and through Node's fs for `file:` URIs when the
// extension host runs in Node. Which files are notes, decoding and the config lookup are the core's.
import * as vscode from 'vscode';
import type { AsyncWorkspacePort, EntryKind, ReadFailure } from '../core/workspace';

/**
 * Node's fs, when the extension host runs in Node; undefined in a browser. A remote extension
 * host (code-server, SSH, WSL) reads `file:` URIs through workspace.fs by way of the window,
 * which takes milliseconds a file; Node's fs takes a fraction of one.
 */
const nodeFs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs/promises') as
  { readFile(path: string): Promise<Uint8Array>; stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number }> } | undefined;

const notRegular: ReadFailure = { reason: 'special', error: 'not a regular file (a device, pipe or socket)' };
const tooLarge = (cap: number): ReadFailure => ({ reason: 'too-large', error: `is larger than ${Math.round(cap / 1024 / 1024)} MB; it is not read` });

function kindOf(type: vscode.FileType): EntryKind {
  return type & vscode.FileType.File ? 'file' : type & vscode.FileType.Directory ? 'folder' : 'other';
}

/**
 * The port for the URIs that share `base`'s scheme and authority; the core's paths are their
 * URI paths. A failed read throws, and the core says why with the error's message.
 */
export function workspacePort(base: vscode.Uri): AsyncWorkspacePort {
  const at = (path: string) => base.with({ path, query: '', fragment: '' });
  const local = base.scheme === 'file' && nodeFs ? nodeFs : undefined;
  return {
    async stat(path) {
      try {
        return kindOf((await vscode.workspace.fs.stat(at(path))).type);
      } catch {
        return undefined;
      }
    },
    async list(folder) {
      return (await vscode.workspace.fs.readDirectory(at(folder))).map(([name, type]) => ({ name, kind: kindOf(type) }));
    },
    async read(path, cap = Number.POSITIVE_INFINITY) {
      // A regular file only: a note linked to /dev/zero or a FIFO is never read.
      const uri = at(path);
      if (local) {
        const st = await local.stat(uri.fsPath);
        if (!st.isFile()) return notRegular;
        if (st.size > cap) return tooLarge(cap);
        return local.readFile(uri.fsPath);
      }
      const st = await vscode.workspace.fs.stat(uri);
      if (!(st.type & vscode.FileType.File)) return notRegular;
      if (st.size > cap) return tooLarge(cap);
      return vscode.workspace.fs.readFile(uri);
    },
  };
}
