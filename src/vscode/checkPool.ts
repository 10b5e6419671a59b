// Check Workspace's worker thread, seen from the extension host. Only a Node extension host
// has worker_threads; the browser build never starts one and checks notes on its own thread.
import type { AnalyzeOptions } from '../core/analyze';
import type { WorkerNoteResult, WorkerOptions, WorkerReply, WorkerRequest } from './checkWorker';

interface WorkerLike {
  postMessage(m: WorkerRequest): void;
  on(event: 'message', f: (m: WorkerReply) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  on(event: 'exit', f: (code: number) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

const workerThreads = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:worker_threads') as
  { Worker: new (script: string) => WorkerLike } | undefined;

/** An idle worker is stopped after this long; the next check starts another (in some 50 ms). */
const IDLE_MS = 60_000;

export interface PoolJob {
  path: string;
  options: AnalyzeOptions;
  snapshots: Map<string, string>;
}

/**
 * One worker thread that reads and analyses notes in batches. Options go to it once per
 * options object (a config with the user's settings), as plain data. If the worker fails,
 * every pending and later batch is rejected, and the caller checks those notes itself.
 */
export class CheckPool {
  private worker: WorkerLike | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve(r: WorkerNoteResult[]): void; reject(e: Error): void }>();
  private ids = new WeakMap<AnalyzeOptions, number>();
  private nextId = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** Why the worker cannot be used, once it failed. */
  broken: string | undefined;

  private constructor(private readonly script: string) {}

  /** A pool when this extension host can start worker threads, else undefined. */
  static create(script: string | undefined): CheckPool | undefined {
    return workerThreads && script ? new CheckPool(script) : undefined;
  }

  /** Checks notes in the worker; the results come in the same order. */
  check(jobs: readonly PoolJob[]): Promise<WorkerNoteResult[]> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    if (jobs.length === 0) return Promise.resolve([]);
    clearTimeout(this.idle);
    this.idle = undefined;
    let w: WorkerLike;
    try {
      w = this.start();
    } catch (e) {
      this.fail(`the worker thread could not start: ${e instanceof Error ? e.message : String(e)}`);
      return Promise.reject(new Error(this.broken));
    }
    const notes = jobs.map((j) => {
      let id = this.ids.get(j.options);
      if (id === undefined) {
        id = this.nextId++;
        this.ids.set(j.options, id);
        const options: WorkerOptions = { config: j.options.config!, snapshots: j.snapshots, today: j.options.today, staleAfterDays: j.options.staleAfterDays };
        w.postMessage({ type: 'options', id, options });
      }
      return { path: j.path, options: id };
    });
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      w.postMessage({ type: 'check', seq, notes });
    });
  }

  /** The caller is done for now: stop the worker once it has idled a while. */
  release(): void {
    clearTimeout(this.idle);
    // A cancelled check may leave a batch or two in the worker; they are long done by then.
    if (this.worker) this.idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  private start(): WorkerLike {
    if (this.worker) return this.worker;
    const w = new workerThreads!.Worker(this.script);
    w.unref(); // never what keeps the extension host alive
    w.on('message', (m) => {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.resolve(m.results);
    });
    w.on('error', (e) => this.fail(`the worker thread failed: ${e.stack ?? e.message}`));
    w.on('exit', (code) => { if (this.worker === w) this.fail(`the worker thread exited (code ${code})`); });
    this.worker = w;
    this.ids = new WeakMap();
    return w;
  }

  private fail(reason: string): void {
    this.broken = reason;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the worker thread was stopped'));
    this.pending.clear();
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.stop();
  }
}
