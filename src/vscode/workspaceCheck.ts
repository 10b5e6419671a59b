import * as vscode from 'vscode';
import { addSummary, fileReport, newSummary, summarizeFile } from '../core/report';
import type { AnalysisService } from './analysisService';
import { compact, type CheckedNote, type CheckResults } from './checkResults';
import type { PoolJob } from './checkPool';
import type { DiagnosticsBatch } from './checkPublisher';
import { CheckScheduler, type CheckSummary, type NoteCheck, type Outcome } from './checkScheduler';
import type { WorkerNoteResult } from './checkWorker';
import { SHOW_REPORT } from './commandIds';
import { isNote, type DiagnosticsController } from './diagnostics';
import { Disposable } from './disposable';
import { errorText, log, notifyWithLog } from './log';
import { NoteDiscovery, type NoteRead } from './noteDiscovery';
import { NoteWatcher } from './noteWatcher';
import { readSettings } from './settings';

export type { CheckedNote } from './checkResults';
export type { CheckSummary } from './checkScheduler';
export type { FlushSummary } from './noteWatcher';

/** One token that is cancelled when any of `tokens` is. */
function anyOf(tokens: Array<vscode.CancellationToken | undefined>): { token: vscode.CancellationToken; dispose(): void } {
  const source = new vscode.CancellationTokenSource();
  const subs = tokens.filter((t): t is vscode.CancellationToken => !!t).map((t) => {
    if (t.isCancellationRequested) source.cancel();
    return t.onCancellationRequested(() => source.cancel());
  });
  return { token: source.token, dispose: () => { for (const s of subs) s.dispose(); source.dispose(); } };
}

/** Claims and claims without a source in `notes`, counted as the report counts them (src/core/report.ts). */
export function countClaims(notes: Iterable<CheckedNote>): { claims: number; withoutSource: number } {
  const total = newSummary();
  for (const n of notes) addSummary(total, summarizeFile(fileReport('', n)));
  return { claims: total.claims, withoutSource: total.withoutSource };
}

/**
 * Check Workspace: analyses every note in the workspace folders (minus files.exclude, and
 * what src/core/noteFiles.ts says is not a note), in short slices that yield to the editor, with a
 * cancellable progress notification, and ends with a summary notification. Afterwards it keeps
 * those notes current as files change on disk (see NoteWatcher).
 *
 * The roles live apart: NoteDiscovery finds and reads notes, CheckScheduler paces passes over
 * them (worker thread or slices), CheckPublisher sends diagnostics to the window in batches,
 * CheckResults holds what was found and tells who listens, NoteWatcher follows the disk. This
 * class checks one note and ties them together.
 *
 * A note that is deleted, renamed or unreadable while it is checked is skipped, and the log
 * says so. A note whose check throws is logged and counted; the others are still checked.
 */
export class WorkspaceChecker extends Disposable implements NoteCheck {
  /** How the last Check Workspace went. */
  lastRun: CheckSummary | undefined;
  /**
   * Fires with the notes whose results changed: once at the end of each pass (not per note), and
   * when the editor re-analysed an open checked note or a checked note was deleted.
   */
  readonly onDidChangeResults: vscode.Event<vscode.Uri[]>;
  private readonly discovery: NoteDiscovery;
  private readonly scheduler: CheckScheduler;
  private readonly watcher: NoteWatcher;
  private running: Promise<number> | undefined;
  /** Notes open in an editor, by URI. */
  private readonly openKeys = new Set(vscode.workspace.textDocuments.filter(isNote).map((d) => d.uri.toString()));

  /** `workerScript`: dist/checkWorker.js, when the extension's files are on a local disk. */
  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController, readonly results: CheckResults, workerScript?: string) {
    super();
    this.onDidChangeResults = results.onDidChange;
    this.discovery = new NoteDiscovery(analyses.notes);
    this.scheduler = this.own(new CheckScheduler(this, results, diagnostics, workerScript));
    this.watcher = this.own(new NoteWatcher(results, {
      isNote: (uri) => this.discovery.isNote(uri),
      pass: (uris) => this.scheduler.pass(uris, new vscode.CancellationTokenSource().token), // never cancelled
      forget: (uri) => this.forget(uri),
    }));
    // A checked note that opens gets its hints back. The editor analyses an opened note itself,
    // unless `claimLens.run` is manual; then they come from what the check found.
    this.ownAll(vscode.workspace.onDidOpenTextDocument((doc) => {
      const entry = isNote(doc) ? this.results.get(doc.uri.toString()) : undefined;
      const s = entry && readSettings(doc.uri);
      if (entry && s && s.enable && s.run === 'manual') this.diagnostics.publishAnalysis(doc.uri, entry); // its highlights too
    }), diagnostics.onDidUpdate((uri) => this.takeEditorAnalysis(uri)), vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isNote(doc)) this.openKeys.add(doc.uri.toString());
    }), vscode.workspace.onDidCloseTextDocument((doc) => {
      this.openKeys.delete(doc.uri.toString());
    }));
  }

  /** Passes over notes changed on disk so far. */
  get flushes(): number {
    return this.watcher.flushes;
  }

  /** Fires after each pass over notes that changed on disk. */
  get onDidFlush() {
    return this.watcher.onDidFlush;
  }

  /**
   * A checked note open in an editor stays current with its text: what the editor analysed
   * and published replaces what the check found, so reports and link checks agree with the
   * status bar and with the CLI once the note is saved.
   */
  private takeEditorAnalysis(uri: vscode.Uri): void {
    const key = uri.toString();
    // Cheap for the thousands of closed notes a check publishes: two set lookups.
    if (!this.openKeys.has(key) || !this.results.has(key)) return;
    const doc = this.openNote(uri);
    const analysis = doc && this.analyses.peek(doc);
    if (analysis) this.results.update(compact(uri, analysis));
  }

  /**
   * The results, with every open checked note analysed as its editor holds it now (the cache
   * answers for a version already analysed). What the workspace report is built from.
   */
  async currentResults(): Promise<CheckedNote[]> {
    for (const doc of vscode.workspace.textDocuments) {
      const key = doc.uri.toString();
      if (!isNote(doc) || !this.results.has(key) || this.diagnostics.isTooLarge(doc.uri)) continue;
      try {
        const { analysis } = await this.analyses.analyze(doc);
        // Quietly: listeners (an open report) are reading the results now.
        if (!doc.isClosed) this.results.update(compact(doc.uri, analysis), { quiet: true });
      } catch (e) {
        log().error(`Check Workspace could not re-analyse ${key}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      }
    }
    return [...this.results.values()];
  }

  /**
   * Runs with a progress notification; resolves to the number of notes checked. `token`
   * cancels it as the notification's Cancel button does. While a run is going, a second
   * call joins it. Unless `quiet`, a run that was not cancelled ends with a summary notification.
   */
  run(token?: vscode.CancellationToken, options: { quiet?: boolean } = {}): Promise<number> {
    this.running ??= Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claim Lens: checking the workspace'), cancellable: true },
      async (progress, progressToken) => {
        const cancel = anyOf([progressToken, token]);
        try {
          return await this.checkAll(progress, cancel.token, options.quiet === true);
        } finally {
          cancel.dispose();
        }
      },
    )).finally(() => { this.running = undefined; });
    return this.running;
  }

  listNotes(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    return this.discovery.listNotes(token);
  }

  /**
   * Drops what an earlier check found in files that are no longer notes (a glob or a .gitignore
   * changed since), so that the Problems panel agrees with the editor. Notes left out for other
   * reasons (files.exclude) keep theirs.
   */
  private async forgetNonNotes(listed: readonly vscode.Uri[]): Promise<void> {
    const keys = new Set(listed.map((u) => u.toString()));
    for (const [key, entry] of this.results.entries()) {
      if (!keys.has(key) && !(await this.discovery.isNote(entry.uri))) this.forget(entry.uri);
    }
  }

  private async checkAll(progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken, quiet: boolean): Promise<number> {
    this.watcher.start(); // from the start, so that notes changing during the check are checked again
    const notes = await this.listNotes(token);
    await this.forgetNonNotes(notes);
    let reported = 0;
    const summary = await this.scheduler.pass(notes, token, (done) => {
      progress.report({ message: vscode.l10n.t('{0} of {1} notes', done, notes.length), increment: (100 * (done - reported)) / Math.max(1, notes.length) });
      reported = done;
    });
    if (token.isCancellationRequested) summary.cancelled = true;
    this.lastRun = summary;
    log().info(`Check Workspace: checked ${summary.checked} of ${summary.notes} notes in ${summary.ms} ms ${this.scheduler.where}`
      + `, skipped ${summary.skipped}, failed ${summary.failed}${summary.cancelled ? ' (cancelled)' : ''}`);
    if (summary.failed) notifyWithLog(vscode.l10n.t('Claim Lens: Check Workspace could not check {0} note(s); the others were checked.', summary.failed), 'warning');
    if (!summary.cancelled && !quiet) this.showSummary(summary, notes);
    return summary.checked;
  }

  /** "Checked N notes: M claims, K without source." with Show report; it never waits for the user. */
  private showSummary(summary: CheckSummary, listed: readonly vscode.Uri[]): void {
    const checked = listed.map((u) => this.results.get(u.toString())).filter((n): n is CheckedNote => n !== undefined);
    const { claims, withoutSource } = countClaims(checked);
    const showReport = vscode.l10n.t('Show report');
    const message = vscode.l10n.t('Claim Lens: checked {0} note(s): {1} claim(s), {2} without source.', summary.checked, claims, withoutSource);
    void Promise.resolve(vscode.window.showInformationMessage(message, showReport)).then((pick) => {
      if (pick === showReport) return vscode.commands.executeCommand(SHOW_REPORT, 'workspace');
      return undefined;
    }).then(undefined, (e: unknown) => log().error(`Check Workspace could not open the report: ${errorText(e)}`));
  }

  /** A note's text from disk (see NoteDiscovery). */
  read(uri: vscode.Uri): Promise<NoteRead> {
    return this.discovery.read(uri);
  }

  /** What the worker thread needs to check a note; undefined for a note checked on this thread. */
  async jobFor(uri: vscode.Uri): Promise<PoolJob | undefined> {
    if (uri.scheme !== 'file' || this.openNote(uri)) return undefined;
    try {
      const options = await this.analyses.optionsFor(uri);
      return { path: uri.fsPath, options, snapshots: this.analyses.snapshotsFor(options) };
    } catch {
      return undefined; // check() logs what went wrong
    }
  }

  /** Checks one note: the editor's text when it is open, the file otherwise. Never throws. */
  async checkOne(uri: vscode.Uri): Promise<Outcome> {
    return this.check(uri);
  }

  async check(uri: vscode.Uri, read?: Promise<NoteRead>, batch?: DiagnosticsBatch): Promise<Outcome> {
    const key = uri.toString();
    try {
      const open = this.openNote(uri);
      let entry: CheckedNote;
      if (open) {
        const analysis = await this.diagnostics.current(open);
        if (!analysis) return 'skipped'; // too large, or it changed meanwhile and a newer check follows
        entry = compact(uri, analysis);
      } else {
        const got = await (read ?? this.read(uri));
        if ('error' in got) {
          // Deleted, renamed, unreadable or not UTF-8: skip quietly, note it in the log.
          log().warn(`Check Workspace skipped ${key}: ${got.error}`);
          this.forget(uri);
          return 'skipped';
        }
        entry = compact(uri, await this.analyses.analyzeText(uri, got.text));
        const diags = this.diagnostics.closedNoteDiagnosticsFor(uri, entry);
        if (batch) batch.push([uri, diags]);
        else this.diagnostics.publishMany([[uri, diags]]);
      }
      this.results.keep(entry);
      return 'checked';
    } catch (e) {
      return this.failed(key, e instanceof Error ? e.stack ?? e.message : String(e));
    }
  }

  /** Takes in what the worker made of a note, as check() does with its own analysis. */
  record(uri: vscode.Uri, r: WorkerNoteResult, batch: DiagnosticsBatch): Outcome {
    const key = uri.toString();
    if ('error' in r) {
      log().warn(`Check Workspace skipped ${key}: ${r.error}`);
      this.forget(uri);
      return 'skipped';
    }
    if ('failed' in r) return this.failed(key, r.failed);
    try {
      const entry: CheckedNote = { uri, ...r.note };
      batch.push([uri, this.diagnostics.closedNoteDiagnosticsFor(uri, entry)]);
      this.results.keep(entry);
      return 'checked';
    } catch (e) {
      return this.failed(key, e instanceof Error ? e.stack ?? e.message : String(e));
    }
  }

  private failed(key: string, why: string): Outcome {
    log().error(`Check Workspace could not check ${key}: ${why}`);
    return 'failed';
  }

  /** The note's editor document, when it is open: its text wins over the file's. */
  openNote(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && isNote(d));
  }

  private forget(uri: vscode.Uri): void {
    this.results.forget(uri);
    this.diagnostics.clear(uri);
  }
}
