import { GitignoreSet, parseGitignore } from './gitignore';
import { noteVerdict, skipsFolder, type NoteRules } from './noteFiles';

/**
 * "The notes in a workspace", as one port. A host (the CLI, Check Workspace's worker thread, the
 * extension) implements only reading and listing; which files are notes, how bytes become a
 * note's text, and where a note's config is are decided here, once, for all of them.
 *
 * Paths are `/`-separated, in whatever terms the host uses throughout (absolute file paths, or
 * the path part of a URI). The logic is written as generators that yield what they need from the
 * port, so that one walk serves a synchronous host (the CLI, worker threads) and an asynchronous
 * one (workspace.fs): see `runSync` and `runAsync`.
 */

/** What is at a path. `other`: a device, FIFO or socket, or a link that leads nowhere. */
export type EntryKind = 'file' | 'folder' | 'other';

export interface FolderEntry {
  name: string;
  kind: EntryKind;
}

/** Why bytes were not read: `special` (a device, FIFO, socket or folder), `too-large`, or an I/O code. */
export interface ReadFailure {
  error: string;
  reason: 'special' | 'too-large' | 'io';
  code?: string;
}

/**
 * The host's side, synchronous. `list` gives a folder's entries with the host's policy on links
 * already applied (a host that must not leave a tree leaves such links out); it throws when the
 * folder cannot be read. `read` reads a regular file only, at most `cap` bytes.
 */
export interface WorkspacePort {
  stat(path: string): EntryKind | undefined;
  list(folder: string): FolderEntry[];
  read(path: string, cap?: number): Uint8Array | ReadFailure;
}

/** The same port, for hosts whose file system answers asynchronously (workspace.fs). */
export interface AsyncWorkspacePort {
  stat(path: string): Promise<EntryKind | undefined>;
  list(folder: string): Promise<FolderEntry[]>;
  read(path: string, cap?: number): Promise<Uint8Array | ReadFailure>;
}

/** One request of the logic to the port. */
export type PortRequest =
  | { op: 'stat'; path: string }
  | { op: 'list'; path: string }
  | { op: 'read'; path: string; cap?: number };

/** The port's answer to a request, or the error it threw (as `{ thrown }`). */
type PortAnswer = EntryKind | undefined | FolderEntry[] | Uint8Array | ReadFailure | { thrown: unknown };

/** Logic over the port: yields requests, gets answers, returns its result. */
export type PortTask<T> = Generator<PortRequest, T, PortAnswer>;

const thrown = (a: PortAnswer): a is { thrown: unknown } => typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Uint8Array) && 'thrown' in a;

function ask(port: WorkspacePort, r: PortRequest): PortAnswer {
  try {
    return r.op === 'stat' ? port.stat(r.path) : r.op === 'list' ? port.list(r.path) : port.read(r.path, r.cap);
  } catch (e) {
    return { thrown: e };
  }
}

async function askAsync(port: AsyncWorkspacePort, r: PortRequest): Promise<PortAnswer> {
  try {
    return await (r.op === 'stat' ? port.stat(r.path) : r.op === 'list' ? port.list(r.path) : port.read(r.path, r.cap));
  } catch (e) {
    return { thrown: e };
  }
}

/** Runs `task` against a synchronous port. */
export function runSync<T>(task: PortTask<T>, port: WorkspacePort): T {
  let step = task.next();
  while (!step.done) step = task.next(ask(port, step.value));
  return step.value;
}

/** Runs `task` against an asynchronous port. */
export async function runAsync<T>(task: PortTask<T>, port: AsyncWorkspacePort): Promise<T> {
  let step = task.next();
  while (!step.done) step = task.next(await askAsync(port, step.value));
  return step.value;
}

// ---- Decoding ----

/** How much of a file is looked at for a NUL byte, which no text note holds. */
const BINARY_SNIFF_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Why bytes are not a note's text. `error` completes "This file is …" and "skipped: …". */
export type DecodeFailure = { error: string; reason: 'binary' | 'encoding' };

/**
 * A host's own UTF-8 codec, when it has one faster than a fatal TextDecoder (Node: `isUtf8` and
 * the plain decoder, a fraction of the cost). `decode` keeps a byte-order mark; decodeNote drops it.
 */
export interface Utf8Codec {
  valid(bytes: Uint8Array): boolean;
  decode(bytes: Uint8Array): string;
}

/**
 * A note's text from its bytes, as every host reads it: UTF-8 only (a wrong byte is no guess at
 * Latin-1), a byte-order mark dropped as editors do, and a NUL byte in the first 8 KB taken for a
 * binary file (an image saved as `.md`). `codec`: the host's faster UTF-8, same answers.
 */
export function decodeNote(bytes: Uint8Array, codec?: Utf8Codec): { text: string } | DecodeFailure {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { reason: 'binary', error: 'not a text file (it holds binary data)' };
  const notUtf8: DecodeFailure = { reason: 'encoding', error: 'not UTF-8 text' };
  if (codec) {
    if (!codec.valid(bytes)) return notUtf8;
    const text = codec.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return notUtf8;
  }
}

/** Text that is not a note (a config, a .gitignore): a wrong byte becomes U+FFFD, never an error. */
export function decodeLenient(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

const isFailure = (a: PortAnswer): a is ReadFailure => typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Uint8Array) && 'reason' in a;

/** Reads a note's text, or says why it cannot (a read failure, or bytes that are no text). */
export function* readNoteText(path: string, cap?: number, codec?: Utf8Codec): PortTask<{ text: string } | ReadFailure | DecodeFailure> {
  const got = yield { op: 'read', path, cap };
  if (thrown(got)) return { reason: 'io', error: errorText(got.thrown) };
  if (isFailure(got)) return got;
  return decodeNote(got as Uint8Array, codec);
}

const errorText = (e: unknown) => (e instanceof Error && e.message) || String(e);

// ---- The nearest config ----

export const CONFIG_NAMES: readonly string[] = ['.claimlens.yaml', '.claimlens.yml'];

/** The folder a `/`-separated path is in ('/' for the top). */
export function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  // No slash left: a drive (`C:`) or the top.
  return i < 0 ? trimmed || '/' : i === 0 ? '/' : trimmed.slice(0, i);
}

const joinPath = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/** Whether a file name is a config's. */
export function isConfigName(path: string): boolean {
  return CONFIG_NAMES.includes(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * The folders a note's config is looked for in, nearest first: the note's own, then each one up,
 * up to `stop` (a workspace folder) or the top. At most `maxDepth` folders.
 */
export function configFolders(notePath: string, stop?: string, maxDepth = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  const top = stop?.replace(/\/+$/, '');
  let dir = parentOf(notePath);
  for (let depth = 0; depth < maxDepth; depth++) {
    out.push(dir);
    const up = parentOf(dir);
    if (up === dir || (top !== undefined && (dir === top || top === '' || !dir.startsWith(`${top}/`)))) break;
    dir = up;
  }
  return out;
}

/**
 * The nearest config of a note: the first `.claimlens.yaml` or `.claimlens.yml` in its folder or
 * a folder above (see `configFolders`). Anything there but a folder counts, so that a config that
 * is a device or a broken link is found and reported rather than skipped for one further up.
 */
export function* nearestConfig(notePath: string, stop?: string, maxDepth?: number): PortTask<string | undefined> {
  for (const dir of configFolders(notePath, stop, maxDepth)) {
    for (const name of CONFIG_NAMES) {
      const path = joinPath(dir, name);
      const kind = yield { op: 'stat', path };
      if (kind !== undefined && !thrown(kind) && kind !== 'folder') return path;
    }
  }
  return undefined;
}

// ---- Which files are notes, in a folder walk ----

/** A note found by a walk, or a folder it could not read. */
export type WalkFound = { file: string } | { unreadFolder: string; error: unknown };

/**
 * Walks `root` for notes as src/core/noteFiles.ts judges them: folders that cannot hold a note
 * are not entered, each folder's .gitignore is read on the way down into `gitignore`, and
 * `rulesFor` gives a file's globs (from its config). Names are visited in sorted order.
 */
export function* walkNotes(root: string, gitignore: GitignoreSet, rulesFor: (file: string) => NoteRules): PortTask<WalkFound[]> {
  const out: WalkFound[] = [];
  const visit = function* (dir: string): PortTask<void> {
    const listed = yield { op: 'list', path: dir };
    if (thrown(listed)) {
      out.push({ unreadFolder: dir, error: listed.thrown });
      return;
    }
    const entries = (listed as FolderEntry[]).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) yield* readGitignore(dir, gitignore);
    for (const e of entries) {
      const p = joinPath(dir, e.name);
      if (e.kind === 'folder') {
        if (!skipsFolder(p, rulesFor(joinPath(p, 'x.md')))) yield* visit(p);
      } else if (e.kind === 'file' && noteVerdict(p, rulesFor(p)) === undefined) out.push({ file: p });
    }
  };
  yield* visit(root);
  return out;
}

/** Adds the .gitignore of `dir` to `set`; one that is absent or unreadable ignores nothing. */
export function* readGitignore(dir: string, set: GitignoreSet): PortTask<void> {
  const got = yield { op: 'read', path: joinPath(dir, '.gitignore') };
  if (thrown(got) || isFailure(got)) return;
  set.add(dir, parseGitignore(decodeLenient(got as Uint8Array)));
}
