import * as vscode from 'vscode';
import type { CheckResults } from './checkResults';
import type { CheckSummary } from './checkScheduler';
import { Disposable } from './disposable';
import { log } from './log';

/** Changes on disk are checked once this long has passed without another one (a branch switch). */
const QUIET_MS = 500;

/** A pass over notes that changed on disk. */
export interface FlushSummary extends CheckSummary {
  uris: string[];
}

/** What the watcher needs of the checker. */
export interface WatchedChecks {
  isNote(uri: vscode.Uri): Promise<boolean>;
  /** Checks `uris` as one pass, never cancelled. */
  pass(uris: readonly vscode.Uri[]): Promise<CheckSummary>;
  /** Drops a deleted note's results and diagnostics. */
  forget(uri: vscode.Uri): void;
}

/**
 * Keeps checked notes current as files change on disk, once Check Workspace has run: changes
 * are coalesced into one pass once the disk has been quiet for QUIET_MS (a branch switch is one
 * pass), and a deleted note is dropped at once.
 */
export class NoteWatcher extends Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing = false;
  /** Passes over notes changed on disk so far. */
  flushes = 0;
  private readonly flushed = this.own(new vscode.EventEmitter<FlushSummary>());
  /** Fires after each pass over notes that changed on disk. */
  readonly onDidFlush = this.flushed.event;

  constructor(private readonly results: CheckResults, private readonly checks: WatchedChecks) {
    super();
    this.onDispose(() => clearTimeout(this.timer));
    this.own(vscode.workspace.onDidCloseTextDocument((doc) => {
      // Closed without saving its changes, the note is again what is on disk: read it from there.
      const key = doc.uri.toString();
      if (doc.isDirty && this.watcher && this.results.has(key)) this.queue(key);
    }));
  }

  /** Starts watching, if it has not yet. */
  start(): void {
    if (this.watcher || this.isDisposed) return;
    const w = this.own(vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}'));
    this.watcher = w;
    const queue = (uri: vscode.Uri) => this.queue(uri.toString());
    this.ownAll(w.onDidChange(queue), w.onDidCreate(queue), w.onDidDelete((u) => {
      this.pending.delete(u.toString());
      this.checks.forget(u);
    }));
  }

  private queue(key: string): void {
    this.pending.add(key);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), QUIET_MS);
  }

  /** Re-checks the notes that changed on disk, as one pass. */
  private async flush(): Promise<void> {
    if (this.flushing) return; // the running pass schedules the next one when it ends
    this.flushing = true;
    const keys = [...this.pending];
    this.pending = new Set();
    try {
      const uris: vscode.Uri[] = [];
      for (const key of keys) {
        // The editor's text wins, and the editor keeps a checked note current; a note new to
        // the check is checked from its editor's text.
        if (this.results.has(key) && vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) continue;
        const uri = vscode.Uri.parse(key);
        if (await this.checks.isNote(uri)) uris.push(uri);
      }
      this.flushes++;
      const summary = await this.checks.pass(uris);
      log().info(`Check Workspace: re-checked ${summary.checked} note(s) changed on disk in one pass of ${summary.ms} ms, skipped ${summary.skipped}, failed ${summary.failed}`);
      this.flushed.fire({ ...summary, uris: uris.map((u) => u.toString()) });
    } catch (e) {
      log().error(`Check Workspace could not re-check changed notes: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      this.flushing = false;
      if (this.pending.size) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.flush(), QUIET_MS);
      }
    }
  }
}
