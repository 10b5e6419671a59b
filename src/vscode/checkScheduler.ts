import type * as vscode from 'vscode';
import type { CheckResults } from './checkResults';
import { CheckPool, type PoolJob } from './checkPool';
import { CheckPublisher, windowCaughtUp, type DiagnosticsBatch } from './checkPublisher';
import type { WorkerNoteResult } from './checkWorker';
import type { DiagnosticsController } from './diagnostics';
import { errorText, log } from './log';
import type { NoteRead } from './noteDiscovery';

/** Longest stretch of work before the check yields to hovers and typing. */
const SLICE_MS = 10;
/** Files read ahead of the one being analysed, so that reading overlaps analysis. */
const READ_AHEAD = 8;
/**
 * Notes per batch sent to the worker thread. Two batches are out at a time, so the worker
 * never waits for the extension host, and a cancelled check stops within two batches.
 */
const WORKER_BATCH = 16;
/**
 * Between slices the check rests this long. On a busy machine with few cores, a check that
 * takes a whole core starves the window, and hovers wait on the window too.
 */
const REST_MS = 10;
const rest = () => new Promise<void>((resolve) => setTimeout(resolve, REST_MS));

/** How a pass over notes went. `skipped` notes were gone or unreadable; `failed` ones threw. */
export interface CheckSummary {
  notes: number;
  checked: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
  ms: number;
}

export type Outcome = 'checked' | 'skipped' | 'failed';

/** What a pass needs done to one note; the checker does it. */
export interface NoteCheck {
  /** The note's editor document, when it is open: it is checked on this thread. */
  openNote(uri: vscode.Uri): vscode.TextDocument | undefined;
  /** What the worker thread needs to check a note, or undefined to check it on this thread. */
  jobFor(uri: vscode.Uri): Promise<PoolJob | undefined>;
  read(uri: vscode.Uri): Promise<NoteRead>;
  /** Checks a note on this thread (`read`: its text, read ahead). Never throws. */
  check(uri: vscode.Uri, read: Promise<NoteRead> | undefined, batch: DiagnosticsBatch): Promise<Outcome>;
  /** Takes in what the worker made of a note. Never throws. */
  record(uri: vscode.Uri, result: WorkerNoteResult, batch: DiagnosticsBatch): Outcome;
}

/**
 * Paces passes over notes: in the worker thread when there is one (two batches ahead), else on
 * this thread in short slices with rests between them, publishing as it goes. Passes may overlap
 * (Check Workspace and re-checks of notes changed on disk); the results store tells their
 * changes once the last one ends.
 */
export class CheckScheduler {
  /** The worker thread that reads and analyses notes, in a Node extension host; undefined in a browser. */
  private readonly pool: CheckPool | undefined;
  /** Where the last pass read and analysed notes, for the log. */
  where = '';
  /** Passes running now. */
  private passes = 0;

  /** `workerScript`: dist/checkWorker.js, when the extension's files are on a local disk. */
  constructor(private readonly notes: NoteCheck, private readonly results: CheckResults, private readonly diagnostics: DiagnosticsController, workerScript?: string) {
    this.pool = CheckPool.create(workerScript);
  }

  /** Whether a pass is running now. */
  get busy(): boolean {
    return this.passes > 0;
  }

  /** Checks `uris` in order, in the worker thread when there is one. */
  async pass(uris: readonly vscode.Uri[], token: vscode.CancellationToken, onSlice?: (done: number) => void): Promise<CheckSummary> {
    const start = Date.now();
    const summary: CheckSummary = { notes: uris.length, checked: 0, skipped: 0, failed: 0, cancelled: false, ms: 0 };
    const pool = this.pool && !this.pool.broken ? this.pool : undefined;
    if (this.passes++ === 0) void windowCaughtUp(true);
    this.results.beginBatch();
    const publisher = new CheckPublisher(this.diagnostics, onSlice);
    try {
      if (pool) {
        try {
          await this.inWorker(pool, uris, token, summary, publisher);
        } finally {
          pool.release();
        }
      } else await this.inThread(uris, token, summary, publisher);
    } finally {
      if (--this.passes === 0) void windowCaughtUp(false);
      this.results.endBatch();
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
  private async inWorker(pool: CheckPool, uris: readonly vscode.Uri[], token: vscode.CancellationToken, summary: CheckSummary, publisher: CheckPublisher): Promise<void> {
    const send = async (from: number) => {
      const chunk = uris.slice(from, from + WORKER_BATCH);
      const jobs = await Promise.all(chunk.map((uri) => this.notes.jobFor(uri)));
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
        log().warn(`Check Workspace checks notes on the extension host thread instead: ${errorText(e)}`);
      }
      let k = 0;
      for (let j = 0; j < chunk.length; j++) {
        const outcome = jobs[j] && got ? this.notes.record(chunk[j], got[k++], publisher.batch) : await this.notes.check(chunk[j], undefined, publisher.batch);
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
   * Checks `uris` on this thread. Files are read a few ahead of the note being analysed,
   * findings are published once per slice, and the host gets the thread back between slices.
   */
  private async inThread(uris: readonly vscode.Uri[], token: vscode.CancellationToken, summary: CheckSummary, publisher: CheckPublisher): Promise<void> {
    const reads = new Map<number, Promise<NoteRead>>();
    const readAt = (i: number) => { if (i < uris.length && !reads.has(i)) reads.set(i, this.notes.read(uris[i])); };
    for (let i = 0; i < READ_AHEAD; i++) readAt(i);
    let sliceStart = Date.now();
    for (let i = 0; i < uris.length; i++) {
      if (token.isCancellationRequested) {
        summary.cancelled = true;
        break;
      }
      readAt(i + READ_AHEAD);
      const read = reads.get(i)!;
      reads.delete(i);
      summary[await this.notes.check(uris[i], read, publisher.batch)]++;
      if (Date.now() - sliceStart > SLICE_MS) {
        publisher.slice(i + 1);
        await publisher.caughtUp;
        await rest(); // let hovers and typing through
        sliceStart = Date.now();
      }
    }
    publisher.flush();
  }

  dispose(): void {
    this.pool?.dispose();
  }
}
