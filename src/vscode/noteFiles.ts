import * as vscode from 'vscode';
import { GitignoreSet, parseGitignore } from '../core/gitignore';
import { configScope, noteVerdict, type GlobScope, type NotANote } from '../core/noteFiles';
import { decodeLenient } from '../core/workspace';
import type { ConfigService } from './configService';
import { Disposable } from './disposable';
import { errorText, log } from './log';
import { readSettings } from './settings';

const MAX_GITIGNORES = 200;

/**
 * Asks the core's `noteVerdict` whether a document is a note, with what it needs from VS Code:
 * the nearest config's globs, the `claimLens.include`/`exclude` settings, and the workspace
 * folder's .gitignore files (read once, read again when one changes). The editor and Check
 * Workspace both ask here.
 */
export class NoteFiles extends Disposable {
  private readonly gitignores = new Map<string, Promise<GitignoreSet>>();
  private readonly changed = this.own(new vscode.EventEmitter<void>());
  /** Fires when a .gitignore changed: which files are notes may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly configs: ConfigService) {
    super();
    const watcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
    const forget = () => {
      this.gitignores.clear();
      this.changed.fire();
    };
    this.ownAll(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget));
  }

  /** Forgets the .gitignore files read, so the next question reads them again. */
  reload(): void {
    this.gitignores.clear();
  }

  async isNote(uri: vscode.Uri): Promise<boolean> {
    return (await this.verdict(uri)) === undefined;
  }

  /** Undefined for a note; otherwise why it is not one. */
  async verdict(uri: vscode.Uri): Promise<NotANote | undefined> {
    // A new note that was never saved has no name yet to judge it by.
    if (uri.scheme === 'untitled') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const loaded = await this.configs.forDocument(uri);
    const scopes: GlobScope[] = [];
    if (loaded.uri && loaded.uri.scheme === uri.scheme && loaded.uri.authority === uri.authority) {
      scopes.push(configScope(vscode.Uri.joinPath(loaded.uri, '..').path, loaded.config));
    }
    if (folder) {
      const s = readSettings(uri);
      scopes.push({ base: folder.uri.path, include: s.include, exclude: s.exclude });
    }
    return noteVerdict(uri.path, { root: folder?.uri.path, scopes, gitignore: folder ? await this.gitignoreOf(folder) : undefined });
  }

  private gitignoreOf(folder: vscode.WorkspaceFolder): Promise<GitignoreSet> {
    const key = folder.uri.toString();
    let p = this.gitignores.get(key);
    if (!p) {
      p = this.read(folder);
      this.gitignores.set(key, p);
    }
    return p;
  }

  private async read(folder: vscode.WorkspaceFolder): Promise<GitignoreSet> {
    const set = new GitignoreSet();
    let files: vscode.Uri[];
    try {
      files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '**/node_modules/**', MAX_GITIGNORES);
    } catch (e) {
      // Some virtual file systems have no file search: then no .gitignore applies.
      log().warn(`.gitignore files of ${folder.uri.toString()} could not be listed: ${errorText(e)}`);
      return set;
    }
    for (const f of files) {
      try {
        set.add(vscode.Uri.joinPath(f, '..').path, parseGitignore(decodeLenient(await vscode.workspace.fs.readFile(f))));
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    return set;
  }
}
