import * as vscode from 'vscode';
import { globToRegExp } from '../core/glob';
import { isIgnored, parseGitignore, type IgnoreRule } from '../core/gitignore';
import type { DocumentAnalysis } from '../core/types';
import type { AnalysisService } from './analysisService';
import type { ConfigService } from './configService';
import { isNote, type DiagnosticsController } from './diagnostics';
import { log } from './log';

const decoder = new TextDecoder('utf-8', { fatal: true });
const SLICE_MS = 15;

/** Relative path of `uri` below `base`, or undefined when it is not below it. */
function below(base: vscode.Uri, uri: vscode.Uri): string | undefined {
  const root = base.path.endsWith('/') ? base.path : `${base.path}/`;
  return uri.scheme === base.scheme && uri.authority === base.authority && uri.path.startsWith(root) ? uri.path.slice(root.length) : undefined;
}

/**
 * Check Workspace: analyses every note in the workspace folders (minus files.exclude,
 * .gitignore and the config's `ignore`), in short slices that yield to the editor, with a
 * cancellable progress notification. Afterwards it keeps those notes current as files
 * change on disk, coalescing bursts (a branch switch) into one pass.
 */
export class WorkspaceChecker implements vscode.Disposable {
  readonly results = new Map<string, { uri: vscode.Uri; analysis: DocumentAnalysis }>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<number> | undefined;

  constructor(private readonly analyses: AnalysisService, private readonly configs: ConfigService, private readonly diagnostics: DiagnosticsController) {}

  /** Runs with a progress notification; resolves to the number of notes checked. */
  run(): Promise<number> {
    this.running ??= Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claim Lens: checking the workspace'), cancellable: true },
      (progress, token) => this.checkAll(progress, token),
    )).finally(() => { this.running = undefined; });
    return this.running;
  }

  async listNotes(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    // Leaving `exclude` undefined applies files.exclude.
    const found = await vscode.workspace.findFiles('**/*.{md,markdown,MD}', undefined, undefined, token);
    const ignores = await this.gitignores(token);
    const out: vscode.Uri[] = [];
    for (const uri of found) {
      if (uri.path.split('/').some((seg) => seg === 'node_modules' || (seg.startsWith('.') && seg.length > 1))) continue;
      if (ignores.some(({ base, rules }) => { const rel = below(base, uri); return rel !== undefined && isIgnored(rules, rel); })) continue;
      if (await this.ignoredByConfig(uri)) continue;
      out.push(uri);
    }
    return out.sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  private async gitignores(token?: vscode.CancellationToken): Promise<Array<{ base: vscode.Uri; rules: IgnoreRule[] }>> {
    const files = await vscode.workspace.findFiles('**/.gitignore', '**/node_modules/**', 200, token);
    const out: Array<{ base: vscode.Uri; rules: IgnoreRule[] }> = [];
    for (const f of files) {
      try {
        out.push({ base: vscode.Uri.joinPath(f, '..'), rules: parseGitignore(new TextDecoder().decode(await vscode.workspace.fs.readFile(f))) });
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    return out;
  }

  private async ignoredByConfig(uri: vscode.Uri): Promise<boolean> {
    const loaded = await this.configs.forDocument(uri);
    if (!loaded.uri || loaded.config.ignore.length === 0) return false;
    const rel = below(vscode.Uri.joinPath(loaded.uri, '..'), uri);
    return rel !== undefined && loaded.config.ignore.some((g) => globToRegExp(g).test(rel));
  }

  private async checkAll(progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<number> {
    const notes = await this.listNotes(token);
    let done = 0;
    let sliceStart = Date.now();
    for (const uri of notes) {
      if (token.isCancellationRequested) break;
      await this.checkOne(uri);
      done++;
      if (Date.now() - sliceStart > SLICE_MS) {
        progress.report({ message: vscode.l10n.t('{0} of {1} notes', done, notes.length), increment: (100 * SLICE_MS) / Math.max(1, notes.length) });
        await new Promise((r) => setTimeout(r, 0)); // let hovers and typing through
        sliceStart = Date.now();
      }
    }
    this.watch();
    log().info(`Check Workspace: ${done} of ${notes.length} notes${token.isCancellationRequested ? ' (cancelled)' : ''}`);
    return done;
  }

  /** Checks one note: the editor's text when it is open, the file otherwise. Never throws. */
  async checkOne(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && isNote(d));
      let analysis: DocumentAnalysis | undefined;
      if (open) analysis = await this.diagnostics.check(open);
      else {
        let text: string;
        try {
          text = decoder.decode(await vscode.workspace.fs.readFile(uri));
        } catch (e) {
          // Deleted, renamed, unreadable or not UTF-8: skip quietly, note it in the log.
          log().warn(`Check Workspace skipped ${key}: ${(e as Error).message || 'not UTF-8 text'}`);
          this.forget(uri);
          return;
        }
        analysis = await this.analyses.analyzeText(uri, text);
        this.diagnostics.publishAnalysis(uri, analysis);
      }
      if (analysis) {
        this.results.set(key, { uri, analysis });
        this.diagnostics.workspaceChecked.add(key);
      }
    } catch (e) {
      log().error(`Check Workspace failed on ${key}: ${(e as Error).stack ?? e}`);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.results.delete(key);
    this.diagnostics.workspaceChecked.delete(key);
    this.diagnostics.clear(uri);
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}');
    const queue = (uri: vscode.Uri) => {
      this.pending.add(uri.toString());
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => void this.flush(), 300);
    };
    this.disposables.push(this.watcher, this.watcher.onDidChange(queue), this.watcher.onDidCreate(queue), this.watcher.onDidDelete((u) => this.forget(u)));
  }

  /** Re-checks the notes that changed on disk, as one pass. */
  private async flush(): Promise<void> {
    const batch = [...this.pending].map((s) => vscode.Uri.parse(s));
    this.pending = new Set();
    for (const uri of batch) {
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue; // the editor's text wins
      if (await this.ignoredByConfig(uri)) continue;
      await this.checkOne(uri);
      await new Promise((r) => setTimeout(r, 0));
    }
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    for (const d of this.disposables) d.dispose();
  }
}
