import * as vscode from 'vscode';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import type { YamlProblem } from '../core/yamlNodes';
import { log } from './log';
import { readSettings } from './settings';

export const CONFIG_NAMES = ['.claimlens.yaml', '.claimlens.yml'];

export interface LoadedConfig {
  uri?: vscode.Uri;
  config: ClaimLensConfig;
  problems: YamlProblem[];
  /** Registry snapshots, read ahead (analysis is synchronous): path as written → text. */
  snapshots: Map<string, string>;
}

const DEFAULT: LoadedConfig = { config: defaultConfig(), problems: [], snapshots: new Map() };
const decoder = new TextDecoder();

/**
 * Finds the config for a note: `claimLens.configFile` when set, else the nearest
 * `.claimlens.yaml` upward inside the workspace folder. Reads through workspace.fs,
 * so virtual workspaces work, and forgets what it read when a config file changes.
 */
export class ConfigService implements vscode.Disposable {
  private readonly files = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly loadedOne = new vscode.EventEmitter<LoadedConfig>();
  /** Fires when a config file was read, so its problems can be shown. */
  readonly onDidLoad = this.loadedOne.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.loadedOne];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.claimlens.{yaml,yml}');
    const forget = () => this.invalidate();
    this.disposables.push(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget),
      vscode.workspace.onDidSaveTextDocument((d) => { if (isConfigUri(d.uri)) forget(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens.configFile')) forget(); }));
  }

  invalidate(): void {
    this.files.clear();
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
        const found = await this.read(target);
        if (found) return found;
        log().warn(`claimLens.configFile '${explicit}' could not be read; looking for .claimlens.yaml instead`);
      } else if (target) {
        log().warn(`claimLens.configFile '${explicit}' is outside the workspace and the workspace is not trusted; ignored`);
      }
    }
    let dir = vscode.Uri.joinPath(uri, '..');
    const stop = folder?.uri.path;
    for (let depth = 0; depth < 64; depth++) {
      for (const name of CONFIG_NAMES) {
        const found = await this.read(vscode.Uri.joinPath(dir, name));
        if (found) return found;
      }
      const parent = vscode.Uri.joinPath(dir, '..');
      if (!stop || dir.path === stop || parent.path === dir.path || !dir.path.startsWith(stop)) break;
      dir = parent;
    }
    return DEFAULT;
  }

  /** Untrusted workspaces only read configs inside their folders. */
  private allowed(target: vscode.Uri): boolean {
    return vscode.workspace.isTrusted || !!vscode.workspace.getWorkspaceFolder(target);
  }

  private read(uri: vscode.Uri): Promise<LoadedConfig | undefined> {
    const key = uri.toString();
    let p = this.files.get(key);
    if (!p) {
      p = (async () => {
        let bytes: Uint8Array;
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch {
          return undefined;
        }
        // An open editor may hold newer text than the disk.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        const text = open ? open.getText() : decoder.decode(bytes);
        const loaded: LoadedConfig = { uri, ...parseConfig(text), snapshots: new Map() };
        await this.readSnapshots(loaded);
        this.loadedOne.fire(loaded);
        return loaded;
      })();
      this.files.set(key, p);
    }
    return p;
  }

  /** Reads each registry snapshot once, and watches them: a changed copy changes the checks. */
  private async readSnapshots(loaded: LoadedConfig): Promise<void> {
    const dir = vscode.Uri.joinPath(loaded.uri!, '..');
    const paths = [...new Set(Object.values(loaded.config.sources).map((s) => s.snapshot).filter((p): p is string => !!p))];
    for (const p of paths) {
      const target = /^(\/|[A-Za-z]:[\\/])/.test(p) ? vscode.Uri.file(p) : vscode.Uri.joinPath(dir, p);
      // Untrusted workspaces read nothing from outside their folders.
      if (!this.allowed(target)) continue;
      try {
        loaded.snapshots.set(p, decoder.decode(await vscode.workspace.fs.readFile(target)));
      } catch {
        log().warn(`Snapshot ${p} of ${loaded.uri!.toString()} could not be read; its quotations are not checked.`);
      }
    }
    if (paths.length && !this.snapshotWatchers.has(dir.toString())) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, `{${paths.join(',')}}`));
      const forget = () => this.invalidate();
      this.snapshotWatchers.set(dir.toString(), w);
      this.disposables.push(w, w.onDidChange(forget), w.onDidCreate(forget), w.onDidDelete(forget));
    }
  }

  private readonly snapshotWatchers = new Map<string, vscode.FileSystemWatcher>();

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function isConfigUri(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return CONFIG_NAMES.includes(name);
}
