import * as vscode from 'vscode';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import { isWithinAny, MAX_READ_BYTES, pathKind, refusalReason, type Refusal } from '../core/containment';
import type { YamlProblem } from '../core/yamlNodes';
import { decodeLenient, isConfigName, nearestConfig, runAsync } from '../core/workspace';

/** The names a config may have, nearest first (src/core/workspace.ts decides). */
export { CONFIG_NAMES } from '../core/workspace';
import { Disposable } from './disposable';
import { log } from './log';
import { workspacePort } from './workspaceFs';
import { readSettings } from './settings';


export interface LoadedConfig {
  uri?: vscode.Uri;
  config: ClaimLensConfig;
  problems: YamlProblem[];
  /** Registry snapshots, read ahead (analysis is synchronous): path as written → text. */
  snapshots: Map<string, string>;
  /** Why files it names were not read (also in `problems`): kept while the config is edited. */
  readProblems?: YamlProblem[];
}

const DEFAULT: LoadedConfig = { config: defaultConfig(), problems: [], snapshots: new Map() };

/**
 * Node's fs in a Node extension host (undefined in a browser): symbolic links are followed to
 * their real path with it. Elsewhere a path through a link is refused, since it cannot be resolved.
 */
const nodeFs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs/promises') as
  { realpath(path: string): Promise<string> } | undefined;
const caseInsensitive = (globalThis as { process?: { platform?: string } }).process?.platform === 'win32';

const ROOT_WORDS = 'the workspace folder';
const OPT_IN = 'the user setting claimLens.allowSnapshotsOutsideWorkspace';

/**
 * The user's opt-in to snapshots outside the workspace: read from the user's own settings only
 * (the setting is machine-scoped, so a workspace cannot set it), and never in an untrusted workspace.
 */
function outsideAllowed(): boolean {
  if (!vscode.workspace.isTrusted) return false;
  return vscode.workspace.getConfiguration('claimLens').inspect<unknown>('allowSnapshotsOutsideWorkspace')?.globalValue === true;
}

/** Where a snapshot may be read, or why not. */
export type SnapshotTarget = { uri: vscode.Uri } | { refused: Refusal | 'special' | 'too-large'; message: string };

/**
 * Finds the config for a note: `claimLens.configFile` when set, else the nearest
 * `.claimlens.yaml` upward inside the workspace folder. Reads through workspace.fs,
 * so virtual workspaces work, and forgets what it read when a config file changes.
 */
export class ConfigService extends Disposable {
  private readonly files = new Map<string, Promise<LoadedConfig | undefined>>();
  /** The nearest config's path by folder URI, once looked for. */
  private readonly nearest = new Map<string, Promise<string | undefined>>();
  private readonly changed = this.own(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly loadedOne = this.own(new vscode.EventEmitter<LoadedConfig>());
  /** Fires when a config file was read, so its problems can be shown. */
  readonly onDidLoad = this.loadedOne.event;

  constructor() {
    super();
    const watcher = vscode.workspace.createFileSystemWatcher('**/.claimlens.{yaml,yml}');
    const forget = () => this.invalidate();
    this.ownAll(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget),
      vscode.workspace.onDidSaveTextDocument((d) => { if (isConfigUri(d.uri)) forget(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens.configFile') || e.affectsConfiguration('claimLens.allowSnapshotsOutsideWorkspace')) forget(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(forget));
  }

  invalidate(): void {
    this.files.clear();
    this.nearest.clear();
    this.changed.fire();
  }

  async forDocument(uri: vscode.Uri): Promise<LoadedConfig> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const explicit = readSettings(uri).configFile;
    if (explicit) {
      const target = /^[a-z][a-z0-9+.-]+:\/\//i.test(explicit) ? vscode.Uri.parse(explicit)
        : /^(\/|[A-Za-z]:[\\/])/.test(explicit) ? vscode.Uri.file(explicit)
          : folder ? vscode.Uri.joinPath(folder.uri, explicit) : undefined;
      if (target && this.allowed(target)) {
        // The user's own setting: followed wherever it leads (in a trusted workspace).
        const found = await this.read(target, false);
        if (found) return found;
        log().warn(`claimLens.configFile '${explicit}' could not be read; looking for .claimlens.yaml instead`);
      } else if (target) {
        log().warn(`claimLens.configFile '${explicit}' is outside the workspace and the workspace is not trusted; ignored`);
      }
    }
    // The nearest config, as src/core/workspace.ts looks for it: up to the workspace folder; a
    // note outside every folder only looks in its own.
    const dir = vscode.Uri.joinPath(uri, '..');
    let nearest = this.nearest.get(dir.toString());
    if (!nearest) {
      nearest = runAsync(nearestConfig(uri.path, folder?.uri.path, folder ? 64 : 1), workspacePort(uri));
      this.nearest.set(dir.toString(), nearest);
    }
    const path = await nearest;
    const found = path === undefined ? undefined : await this.read(uri.with({ path, query: '', fragment: '' }));
    if (found) return found;
    return DEFAULT;
  }

  /** Untrusted workspaces only read configs inside their folders. */
  private allowed(target: vscode.Uri): boolean {
    return vscode.workspace.isTrusted || !!vscode.workspace.getWorkspaceFolder(target);
  }

  /**
   * Why a config file found in the tree must not be read, if it must not: a symbolic link out of
   * the workspace folder (a pull request can add a link), a device or FIFO, over 10 MB.
   */
  private async configRefusal(uri: vscode.Uri, found: boolean): Promise<string | undefined | 'absent'> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return 'absent';
    }
    if (!(stat.type & vscode.FileType.File)) return stat.type & vscode.FileType.Directory ? 'absent' : 'is not a regular file, so it was not read; using the defaults';
    if (stat.size > MAX_READ_BYTES) return `is larger than ${MAX_READ_BYTES / 1024 / 1024} MB, so it was not read; using the defaults`;
    if (found && stat.type & vscode.FileType.SymbolicLink) {
      const outside = 'is a symbolic link to a file outside the workspace folder, so it was not read; using the defaults';
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || uri.scheme !== 'file' || !nodeFs) return outside;
      try {
        const [real, root] = await Promise.all([nodeFs.realpath(uri.fsPath), nodeFs.realpath(folder.uri.fsPath)]);
        if (!isWithinAny([root], real, caseInsensitive)) return outside;
      } catch {
        return outside;
      }
    }
    return undefined;
  }

  private read(uri: vscode.Uri, found = true): Promise<LoadedConfig | undefined> {
    const key = uri.toString();
    let p = this.files.get(key);
    if (!p) {
      p = (async () => {
        const refusal = await this.configRefusal(uri, found);
        if (refusal === 'absent') return undefined;
        if (refusal !== undefined) {
          const at = { line: 0, character: 0 };
          const loaded: LoadedConfig = { uri, config: defaultConfig(), problems: [{ message: refusal, range: { start: at, end: at } }], snapshots: new Map() };
          this.loadedOne.fire(loaded);
          return loaded;
        }
        let bytes: Uint8Array;
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch {
          return undefined;
        }
        // An open editor may hold newer text than the disk.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        const text = open ? open.getText() : decodeLenient(bytes);
        const loaded: LoadedConfig = { uri, ...parseConfig(text), snapshots: new Map() };
        await this.readSnapshots(loaded);
        this.loadedOne.fire(loaded);
        return loaded;
      })();
      this.files.set(key, p);
    }
    return p;
  }

  /**
   * Where the snapshot `written` of a config may be read: resolved against the config's folder,
   * followed through symbolic links to its real path, inside the workspace folder, a regular file
   * of at most 10 MB. Absolute and UNC paths only with the user's opt-in. The same rules as the
   * CLI's (src/core/containment.ts).
   */
  async snapshotTarget(configUri: vscode.Uri, written: string): Promise<SnapshotTarget> {
    const refuse = (r: Refusal | 'special' | 'too-large'): SnapshotTarget => ({ refused: r, message: refusalReason(r, ROOT_WORDS, OPT_IN) });
    const allow = outsideAllowed();
    const kind = pathKind(written);
    if (kind !== 'relative' && !allow) return refuse(kind);
    let target: vscode.Uri;
    if (kind === 'relative') target = vscode.Uri.joinPath(configUri, '..', written);
    else if (configUri.scheme === 'file') target = vscode.Uri.file(written);
    else target = configUri.with({ path: written.replace(/\\/g, '/') });
    const folder = vscode.workspace.getWorkspaceFolder(configUri);
    const roots = (folder ? [folder] : vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
    if (target.scheme === 'file' && nodeFs) {
      let real: string;
      try {
        real = await nodeFs.realpath(target.fsPath);
      } catch {
        return refuse('missing');
      }
      const realRoots = await Promise.all(roots.filter((r) => r.scheme === 'file').map((r) => nodeFs.realpath(r.fsPath).catch(() => r.fsPath)));
      if (!allow && !isWithinAny(realRoots, real, caseInsensitive)) return refuse('outside');
      target = vscode.Uri.file(real);
    } else if (!allow) {
      // No realpath here: every folder on the way from the workspace folder must be no link.
      const root = roots.find((r) => r.scheme === target.scheme && r.authority === target.authority && isWithinAny([r.path], target.path));
      if (!root) return refuse('outside');
      const rest = target.path.slice(root.path.replace(/\/+$/, '').length).split('/').filter(Boolean);
      let at = root;
      for (const part of rest) {
        at = vscode.Uri.joinPath(at, part);
        try {
          if ((await vscode.workspace.fs.stat(at)).type & vscode.FileType.SymbolicLink) return refuse('outside');
        } catch {
          return refuse('missing');
        }
      }
    }
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(target);
    } catch {
      return refuse('missing');
    }
    // Devices, FIFOs and sockets are FileType.Unknown: never read (/dev/zero would never end).
    if (!(stat.type & vscode.FileType.File)) return refuse('special');
    if (stat.size > MAX_READ_BYTES) return refuse('too-large');
    return { uri: target };
  }

  /** Reads each registry snapshot once, and watches them: a changed copy changes the checks. */
  private async readSnapshots(loaded: LoadedConfig): Promise<void> {
    const dir = vscode.Uri.joinPath(loaded.uri!, '..');
    const entries = Object.values(loaded.config.sources).filter((s) => !!s.snapshot);
    const paths = [...new Set(entries.map((s) => s.snapshot!))];
    for (const p of paths) {
      const where = await this.snapshotTarget(loaded.uri!, p);
      if ('refused' in where) {
        // Said at each registry entry, like the CLI; never with the target's content or real path.
        if (where.refused !== 'missing') {
          for (const src of entries) {
            if (src.snapshot !== p) continue;
            const problem = { message: `The snapshot ${JSON.stringify(p)} of source \`${src.key}\` ${where.message}; its quotations are not checked.`, range: src.range };
            loaded.problems.push(problem);
            (loaded.readProblems ??= []).push(problem);
          }
        }
        continue;
      }
      try {
        loaded.snapshots.set(p, decodeLenient(await vscode.workspace.fs.readFile(where.uri)));
      } catch {
        log().warn(`Snapshot ${p} of ${loaded.uri!.toString()} could not be read; its quotations are not checked.`);
      }
    }
    if (paths.length && !this.snapshotWatchers.has(dir.toString())) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, `{${paths.join(',')}}`));
      const forget = () => this.invalidate();
      this.snapshotWatchers.set(dir.toString(), w);
      this.ownAll(w, w.onDidChange(forget), w.onDidCreate(forget), w.onDidDelete(forget));
    }
  }

  private readonly snapshotWatchers = new Map<string, vscode.FileSystemWatcher>();
}

export function isConfigUri(uri: vscode.Uri): boolean {
  return isConfigName(uri.path);
}
