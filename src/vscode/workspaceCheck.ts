import * as vscode from 'vscode';
import type { Citation, Claim, DocumentAnalysis, Finding } from '../core/types';
import type { AnalysisService } from './analysisService';
import { CheckPool } from './checkPool';
import type { WorkerNoteResult } from './checkWorker';
import { isNote, type DiagnosticsController } from './diagnostics';
import { log, notifyWithLog } from './log';
import { readSettings } from './settings';

const decoder = new TextDecoder('utf-8', { fatal: true });
/** Longest stretch of work before the check yields to hovers and typing. */
const SLICE_MS = 10;
/** Files read ahead of the one being analysed, so that reading overlaps analysis. */
const READ_AHEAD = 8;
/**
 * Findings and progress go to the window at most this often, findings sooner when this many
 * diagnostics are waiting. Each message costs the window work that competes with hovers, and a
 * large one holds the extension host while it is serialised.
 */
const PUBLISH_MS = 500;
const PUBLISH_MAX = 250;
/**
 * Notes per batch sent to the worker thread. Two batches are out at a time, so the worker
 * never waits for the extension host, and a cancelled check stops within two batches.
 */
const WORKER_BATCH = 16;
/** True while a pass over notes runs (Check Workspace, or a re-check of notes changed on disk), for `when` clauses. */
const CHECKING_KEY = 'claimLens.checkingWorkspace';
/**
 * Resolves once the window has taken in everything sent to it before: it answers calls in the
 * order they come. A pass publishes its next findings only then, so hovers never queue behind
 * more than one batch of them.
 */
const windowCaughtUp = (checking: boolean): Promise<void> =>
  Promise.resolve(vscode.commands.executeCommand('setContext', CHECKING_KEY, checking)).then(() => undefined, () => undefined);

/** Changes on disk are checked once this long has passed without another one (a branch switch). */
const QUIET_MS = 500;

/**
 * Node's fs, when the extension host runs in Node; undefined in a browser. A remote extension
 * host (code-server, SSH, WSL) reads `file:` URIs through workspace.fs by way of the window,
 * which takes milliseconds a file; Node's fs takes a fraction of one.
 */
const nodeFs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs/promises') as
  { readFile(path: string): Promise<Uint8Array>; stat(path: string): Promise<{ isFile(): boolean }> } | undefined;

/**
 * Between slices the check rests this long. On a busy machine with few cores, a check that
 * takes a whole core starves the window, and hovers wait on the window too.
 */
const REST_MS = 10;
const rest = () => new Promise<void>((resolve) => setTimeout(resolve, REST_MS));

/** What Check Workspace keeps of a note: what reports and link checks need, not the whole analysis. */
export interface CheckedNote {
  uri: vscode.Uri;
  claims: Claim[];
  findings: Finding[];
  /** Only the citations that carry a URL. */
  citations: Citation[];
}

/** How a pass over notes went. `skipped` notes were gone or unreadable; `failed` ones threw. */
export interface CheckSummary {
  notes: number;
  checked: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
  ms: number;
}

/** A pass over notes that changed on disk. */
export interface FlushSummary extends CheckSummary {
  uris: string[];
}

type Outcome = 'checked' | 'skipped' | 'failed';
type Read = { text: string } | { error: string };

function compact(uri: vscode.Uri, a: DocumentAnalysis): CheckedNote {
  return { uri, claims: a.claims, findings: a.findings, citations: a.citations.filter((c) => c.url) };
}

/** One token that is cancelled when any of `tokens` is. */
function anyOf(tokens: Array<vscode.CancellationToken | undefined>): { token: vscode.CancellationToken; dispose(): void } {
  const source = new vscode.CancellationTokenSource();
  const subs = tokens.filter((t): t is vscode.CancellationToken => !!t).map((t) => {
    if (t.isCancellationRequested) source.cancel();
    return t.onCancellationRequested(() => source.cancel());
  });
  return { token: source.token, dispose: () => { for (const s of subs) s.dispose(); source.dispose(); } };
}

/**
 * Check Workspace: analyses every note in the workspace folders (minus files.exclude, and
 * what src/core/noteFiles.ts says is not a note), in short slices that yield to the editor, with a
 * cancellable progress notification. Afterwards it keeps those notes current as files
 * change on disk, coalescing bursts (a branch switch) into one pass.
 *
 * A note that is deleted, renamed or unreadable while it is checked is skipped, and the log
 * says so. A note whose check throws is logged and counted; the others are still checked.
 */
export class WorkspaceChecker implements vscode.Disposable {
  /** Compact results by note URI. */
  readonly results = new Map<string, CheckedNote>();
  /** How the last Check Workspace went. */
  lastRun: CheckSummary | undefined;
  /** Passes over notes changed on disk so far. */
  flushes = 0;
  private readonly flushed = new vscode.EventEmitter<FlushSummary>();
  /** Fires after each pass over notes that changed on disk. */
  readonly onDidFlush = this.flushed.event;
  private readonly changed = new vscode.EventEmitter<void>();
  /**
   * Fires when `results` changed: once at the end of each pass (not per note), and when the
   * editor re-analysed an open checked note or a checked note was deleted.
   */
  readonly onDidChangeResults = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing = false;
  private readonly disposables: vscode.Disposable[] = [this.flushed, this.changed];
  private running: Promise<number> | undefined;
  /** The worker thread that reads and analyses notes, in a Node extension host; undefined in a browser. */
  private readonly pool: CheckPool | undefined;
  /** Where the last pass read and analysed notes, for the log. */
  private where = '';
  /** Passes running now: Check Workspace and re-checks of changed notes may overlap. */
  private passes = 0;
  /** Notes open in an editor, by URI. */
  private readonly openKeys = new Set(vscode.workspace.textDocuments.filter(isNote).map((d) => d.uri.toString()));

  /** `workerScript`: dist/checkWorker.js, when the extension's files are on a local disk. */
  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController, workerScript?: string) {
    this.pool = CheckPool.create(workerScript);
    // A checked note that opens gets its hints back. The editor analyses an opened note itself,
    // unless `claimLens.run` is manual; then they come from what the check found.
    this.disposables.push(vscode.workspace.onDidOpenTextDocument((doc) => {
      const entry = isNote(doc) ? this.results.get(doc.uri.toString()) : undefined;
      const s = entry && readSettings(doc.uri);
      if (entry && s && s.enable && s.run === 'manual') this.diagnostics.publishAnalysis(doc.uri, entry); // its highlights too
    }), diagnostics.onDidUpdate((uri) => this.takeEditorAnalysis(uri)), vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isNote(doc)) this.openKeys.add(doc.uri.toString());
    }), vscode.workspace.onDidCloseTextDocument((doc) => {
      // Closed without saving its changes, the note is again what is on disk: read it from there.
      const key = doc.uri.toString();
      this.openKeys.delete(key);
      if (doc.isDirty && this.watcher && this.results.has(key)) {
        this.pending.add(key);
        this.scheduleFlush();
      }
    }));
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
    if (!analysis) return;
    this.results.set(key, compact(uri, analysis));
    if (this.passes === 0) this.changed.fire();
  }

  /**
   * The results, with every open checked note analysed as its editor holds it now (the cache
   * answers for a version already analysed). What the workspace report is built from.
   */
  async currentResults(): Promise<CheckedNote[]> {
    for (const doc of vscode.workspace.textDocuments) {
      const key = doc.uri.toString();
      if (!isNote(doc) || !this.results.has(key) || this.diagnostics.skipped.has(key)) continue;
      try {
        const { analysis } = await this.analyses.analyze(doc);
        if (!doc.isClosed && this.results.has(key)) this.results.set(key, compact(doc.uri, analysis));
      } catch (e) {
        log().error(`Check Workspace could not re-analyse ${key}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      }
    }
    return [...this.results.values()];
  }

  /**
   * Runs with a progress notification; resolves to the number of notes checked. `token`
   * cancels it as the notification's Cancel button does. While a run is going, a second
   * call joins it.
   */
  run(token?: vscode.CancellationToken): Promise<number> {
    this.running ??= Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claim Lens: checking the workspace'), cancellable: true },
      async (progress, progressToken) => {
        const cancel = anyOf([progressToken, token]);
        try {
          return await this.checkAll(progress, cancel.token);
        } finally {
          cancel.dispose();
        }
      },
    )).finally(() => { this.running = undefined; });
    return this.running;
  }

  async listNotes(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    // Leaving `exclude` undefined applies files.exclude.
    const found = await vscode.workspace.findFiles('**/*.{md,markdown,MD}', undefined, undefined, token);
    this.analyses.notes.reload(); // read the .gitignore files afresh
    const out: vscode.Uri[] = [];
    let sliceStart = Date.now();
    for (const uri of found) {
      if (token?.isCancellationRequested) break;
      if (await this.wanted(uri)) out.push(uri);
      if (Date.now() - sliceStart > SLICE_MS) {
        await rest();
        sliceStart = Date.now();
      }
    }
    const keyed = out.map((uri) => ({ uri, key: uri.toString() }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.uri);
  }

  /** A note, as the editor and the CLI judge it: see src/core/noteFiles.ts. */
  private wanted(uri: vscode.Uri): Promise<boolean> {
    return this.analyses.notes.isNote(uri);
  }

  /**
   * Drops what an earlier check found in files that are no longer notes (a glob or a .gitignore
   * changed since), so that the Problems panel agrees with the editor. Notes left out for other
   * reasons (files.exclude) keep theirs.
   */
  private async forgetNonNotes(listed: readonly vscode.Uri[]): Promise<void> {
    const keys = new Set(listed.map((u) => u.toString()));
    for (const [key, entry] of [...this.results]) {
      if (!keys.has(key) && !(await this.analyses.notes.isNote(entry.uri))) this.forget(entry.uri);
    }
  }

  private async checkAll(progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<number> {
    this.watch(); // from the start, so that notes changing during the check are checked again
    const notes = await this.listNotes(token);
    await this.forgetNonNotes(notes);
    let reported = 0;
    const summary = await this.pass(notes, token, (done) => {
      progress.report({ message: vscode.l10n.t('{0} of {1} notes', done, notes.length), increment: (100 * (done - reported)) / Math.max(1, notes.length) });
      reported = done;
    });
    if (token.isCancellationRequested) summary.cancelled = true;
    this.lastRun = summary;
    log().info(`Check Workspace: checked ${summary.checked} of ${summary.notes} notes in ${summary.ms} ms ${this.where}`
      + `, skipped ${summary.skipped}, failed ${summary.failed}${summary.cancelled ? ' (cancelled)' : ''}`);
    if (summary.failed) notifyWithLog(vscode.l10n.t('Claim Lens: Check Workspace could not check {0} note(s); the others were checked.', summary.failed), 'warning');
    return summary.checked;
  }

  /** Checks `uris` in order, in the worker thread when there is one. */
  private async pass(uris: readonly vscode.Uri[], token: vscode.CancellationToken, onSlice?: (done: number) => void): Promise<CheckSummary> {
    const start = Date.now();
    const summary: CheckSummary = { notes: uris.length, checked: 0, skipped: 0, failed: 0, cancelled: false, ms: 0 };
    const pool = this.pool && !this.pool.broken ? this.pool : undefined;
    if (this.passes++ === 0) void windowCaughtUp(true);
    try {
      if (pool) {
        try {
          await this.passInWorker(pool, uris, token, summary, onSlice);
        } finally {
          pool.release();
        }
      } else await this.passInThread(uris, token, summary, onSlice);
    } finally {
      if (--this.passes === 0) {
        void windowCaughtUp(false);
        this.changed.fire();
      }
    }
    this.where = pool && !pool.broken ? 'in a worker thread' : 'on the extension host thread';
    summary.ms = Date.now() - start;
    return summary;
  }

  /**
   * The worker reads and analyses the notes, two batches ahead of the one the extension host
   * takes in; this thread only turns findings into diagnostics and publishes them. Notes open
   * in an editor, and any other scheme than `file:`, are checked here, as is every note of a
   * batch the worker failed on.
   */
  private async passInWorker(pool: CheckPool, uris: readonly vscode.Uri[], token: vscode.CancellationToken, summary: CheckSummary, onSlice?: (done: number) => void): Promise<void> {
    const publisher = this.publisher(onSlice);
    const send = async (from: number) => {
      const chunk = uris.slice(from, from + WORKER_BATCH);
      const jobs = await Promise.all(chunk.map(async (uri) => {
        if (uri.scheme !== 'file' || this.openNote(uri)) return undefined;
        try {
          const options = await this.analyses.optionsFor(uri);
          return { path: uri.fsPath, options, snapshots: this.analyses.snapshotsFor(options) };
        } catch {
          return undefined; // checkNote() logs what went wrong
        }
      }));
      const results = pool.check(jobs.filter((j) => j !== undefined));
      results.catch(() => undefined); // seen when this batch is taken in, or dropped on cancellation
      return { chunk, jobs, results };
    };
    const ahead: Array<ReturnType<typeof send>> = [];
    for (let from = 0; from < uris.length && ahead.length < 2; from += WORKER_BATCH) ahead.push(send(from));
    let nextFrom = 2 * WORKER_BATCH;
    for (let done = 0; done < uris.length;) {
      if (token.isCancellationRequested) {
        summary.cancelled = true;
        break;
      }
      const { chunk, jobs, results } = await ahead.shift()!;
      const t = Date.now();
      if (nextFrom < uris.length) {
        ahead.push(send(nextFrom));
        nextFrom += WORKER_BATCH;
      }
      let got: WorkerNoteResult[] | undefined;
      try {
        got = await results;
      } catch (e) {
        log().warn(`Check Workspace checks notes on the extension host thread instead: ${e instanceof Error ? e.message : String(e)}`);
      }
      let k = 0;
      for (let j = 0; j < chunk.length; j++) {
        const outcome = jobs[j] && got ? this.record(chunk[j], got[k++], publisher.batch) : await this.checkNote(chunk[j], undefined, publisher.batch);
        summary[outcome]++;
      }
      done += chunk.length;
      publisher.slice(done);
      // Publishing costs this thread more than anything else here (VS Code converts and
      // serialises every diagnostic): rest at least as long as the batch took, counting the
      // wait for the window.
      const took = Date.now() - t;
      const waitFrom = Date.now();
      await publisher.caughtUp;
      const waited = Date.now() - waitFrom;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(REST_MS, 2 * took) - waited));
    }
    publisher.flush();
  }

  /**
   * Batches diagnostics for the window and reports progress, each at most every PUBLISH_MS.
   * `caughtUp` resolves once the window has taken in the last batch.
   */
  private publisher(onSlice?: (done: number) => void) {
    let published = Date.now();
    let reported = published;
    let waiting = 0;
    const self = {
      batch: [] as Array<[vscode.Uri, vscode.Diagnostic[]]>,
      slice: (done: number) => {
        const now = Date.now();
        waiting = self.batch.reduce((n, [, d]) => n + d.length, 0);
        if (self.batch.length && (now - published > PUBLISH_MS || waiting >= PUBLISH_MAX)) {
          self.flush();
          published = now;
        }
        if (now - reported > PUBLISH_MS) {
          onSlice?.(done);
          reported = now;
        }
      },
      caughtUp: Promise.resolve(),
      flush: () => {
        if (self.batch.length === 0) return;
        this.diagnostics.publishMany(self.batch);
        self.batch = [];
        self.caughtUp = windowCaughtUp(true);
      },
    };
    return self;
  }

  /**
   * Checks `uris` on this thread. Files are read a few ahead of the note being analysed,
   * findings are published once per slice, and the host gets the thread back between slices.
   */
  private async passInThread(uris: readonly vscode.Uri[], token: vscode.CancellationToken, summary: CheckSummary, onSlice?: (done: number) => void): Promise<void> {
    const reads = new Map<number, Promise<Read>>();
    const readAt = (i: number) => { if (i < uris.length && !reads.has(i)) reads.set(i, this.read(uris[i])); };
    for (let i = 0; i < READ_AHEAD; i++) readAt(i);
    const publisher = this.publisher(onSlice);
    let sliceStart = Date.now();
    for (let i = 0; i < uris.length; i++) {
      if (token.isCancellationRequested) {
        summary.cancelled = true;
        break;
      }
      readAt(i + READ_AHEAD);
      const read = reads.get(i)!;
      reads.delete(i);
      summary[await this.checkNote(uris[i], read, publisher.batch)]++;
      if (Date.now() - sliceStart > SLICE_MS) {
        publisher.slice(i + 1);
        await publisher.caughtUp;
        await rest(); // let hovers and typing through
        sliceStart = Date.now();
      }
    }
    publisher.flush();
  }

  /** A note's text. Other schemes than `file:` go through workspace.fs, so virtual workspaces work. */
  private read(uri: vscode.Uri): Promise<Read> {
    // A regular file only: a note linked to /dev/zero or a FIFO is never read.
    const notRegular = new Error('not a regular file (a device, pipe or socket)');
    const bytes = uri.scheme === 'file' && nodeFs
      ? nodeFs.stat(uri.fsPath).then((st) => { if (!st.isFile()) throw notRegular; return nodeFs.readFile(uri.fsPath); })
      : Promise.resolve(vscode.workspace.fs.stat(uri)).then((st) => { if (!(st.type & vscode.FileType.File)) throw notRegular; return vscode.workspace.fs.readFile(uri); });
    return bytes.then(
      (bytes): Read => {
        try {
          return { text: decoder.decode(bytes) };
        } catch {
          return { error: 'not UTF-8 text' };
        }
      },
      (e: unknown): Read => ({ error: (e instanceof Error && e.message) || String(e) }),
    );
  }

  /** Checks one note: the editor's text when it is open, the file otherwise. Never throws. */
  async checkOne(uri: vscode.Uri): Promise<Outcome> {
    return this.checkNote(uri);
  }

  private async checkNote(uri: vscode.Uri, read?: Promise<Read>, batch?: Array<[vscode.Uri, vscode.Diagnostic[]]>): Promise<Outcome> {
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
      return this.keep(key, entry);
    } catch (e) {
      return this.failed(key, e instanceof Error ? e.stack ?? e.message : String(e));
    }
  }

  private keep(key: string, entry: CheckedNote): Outcome {
    this.results.set(key, entry);
    this.diagnostics.workspaceChecked.add(key);
    return 'checked';
  }

  private failed(key: string, why: string): Outcome {
    log().error(`Check Workspace could not check ${key}: ${why}`);
    return 'failed';
  }

  /** The note's editor document, when it is open: its text wins over the file's. */
  private openNote(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && isNote(d));
  }

  /** Takes in what the worker made of a note, as checkNote() does with its own analysis. */
  private record(uri: vscode.Uri, r: WorkerNoteResult, batch: Array<[vscode.Uri, vscode.Diagnostic[]]>): Outcome {
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
      return this.keep(key, entry);
    } catch (e) {
      return this.failed(key, e instanceof Error ? e.stack ?? e.message : String(e));
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
      this.scheduleFlush();
    };
    this.disposables.push(this.watcher, this.watcher.onDidChange(queue), this.watcher.onDidCreate(queue), this.watcher.onDidDelete((u) => {
      this.pending.delete(u.toString());
      const had = this.results.has(u.toString());
      this.forget(u);
      if (had && this.passes === 0) this.changed.fire();
    }));
  }

  private scheduleFlush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), QUIET_MS);
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
        if (await this.wanted(uri)) uris.push(uri);
      }
      this.flushes++;
      const summary = await this.pass(uris, new vscode.CancellationTokenSource().token); // never cancelled
      log().info(`Check Workspace: re-checked ${summary.checked} note(s) changed on disk in one pass of ${summary.ms} ms, skipped ${summary.skipped}, failed ${summary.failed}`);
      this.flushed.fire({ ...summary, uris: uris.map((u) => u.toString()) });
    } catch (e) {
      log().error(`Check Workspace could not re-check changed notes: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      this.flushing = false;
      if (this.pending.size) this.scheduleFlush();
    }
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    this.pool?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
