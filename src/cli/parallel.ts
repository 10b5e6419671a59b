import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Format } from '../core/format/index';
import type { ReadPolicy } from './readPolicy';
import { ConfigCache, runTask, type Task, type TaskResult } from './tasks';

export const WORKER_ROLE = 'claim-lens-check-worker';
/** Below this many notes, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 48;
/** A batch ends at this many notes or this many bytes, whichever comes first. */
const BATCH = 16;
const BATCH_BYTES = 256 * 1024;
/** Batches a worker holds at once: the next is waiting when it finishes one. */
const IN_FLIGHT = 2;
const YOUNG_MB = 128;

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * The notes in batches, largest notes first: the long ones start early and the short ones fill
 * in at the end, so no thread is left with one big note while the others idle.
 */
export function planBatches(tasks: readonly Task[], size: (t: Task) => number): number[][] {
  const sizes = tasks.map((t) => size(t));
  const order = tasks.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const batches: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const i of order) {
    cur.push(i);
    bytes += sizes[i];
    if (cur.length >= BATCH || bytes >= BATCH_BYTES) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
  }
  if (cur.length) batches.push(cur);
  return batches;
}

export function fileSize(t: Task): number {
  try {
    return statSync(t.file).size;
  } catch {
    return 0; // it will fail to read, quickly, wherever it goes
  }
}

/** Below this many bytes of notes in all, a second thread's warm-up costs more than it saves. */
export const PARALLEL_BYTES = 1_000_000;

/**
 * Worker threads started before the notes are listed: loading and compiling this script, the
 * larger part of a thread's start-up, overlaps the main thread's listing and reading. Each waits
 * for batches; `stop()` ends the ones a run turned out not to need.
 */
export class Workers {
  readonly threads: Worker[] = [];
  constructor(count: number, script: string, format: Format, policy: ReadPolicy) {
    for (let i = 0; i < count; i++) {
      // A large young generation: with two threads allocating, frequent scavenges are what
      // keeps them from running in parallel on a small machine.
      const w = new Worker(script, { workerData: { role: WORKER_ROLE, format, policy }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
      // Kept for the run to report: a failure before the run begins must not be uncaught.
      w.on('error', (e) => { this.failed ??= e; });
      this.threads.push(w);
    }
  }
  failed: Error | undefined;
  stop(): void {
    for (const w of this.threads.splice(0)) void w.terminate();
  }
}

/** Whether a run this large is worth the threads: enough notes, and enough bytes to repay their warm-up. */
export function worthThreads(tasks: readonly Task[], size: (t: Task) => number, explicitJobs: boolean): boolean {
  if (tasks.length < PARALLEL_THRESHOLD) return false;
  if (explicitJobs) return true; // asked for by name: the caller knows their machine
  let bytes = 0;
  for (const t of tasks) if ((bytes += size(t)) >= PARALLEL_BYTES) return true;
  return false;
}

/**
 * Checks notes on this thread and the given workers (this same script, started as a worker).
 * Workers ask for batches as they finish, holding one in reserve, and this thread takes batches
 * between their messages, so every core works and none waits on another.
 */
export function runParallel(tasks: readonly Task[], pool: Workers, format: Format, policy: ReadPolicy, size: (t: Task) => number = fileSize): Promise<TaskResult[]> {
  const results = new Array<TaskResult>(tasks.length);
  const batches = planBatches(tasks, size);
  let next = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (e?: Error) => {
      if (settled) return;
      settled = true;
      pool.stop();
      if (e) reject(e);
      else resolve(results);
    };
    const take = (indices: number[], got: readonly TaskResult[]) => {
      indices.forEach((i, k) => { results[i] = got[k]; });
      finished += indices.length;
      if (finished === tasks.length) settle();
    };
    const hand = (w: Worker) => {
      if (next >= batches.length) return;
      const indices = batches[next++];
      w.postMessage({ indices, tasks: indices.map((i) => tasks[i]) });
    };
    // One batch fewer than workers: this thread works too.
    for (const w of pool.threads.slice(0, Math.max(0, batches.length - 1))) {
      w.on('message', (m: { indices: number[]; results: TaskResult[] }) => {
        hand(w);
        take(m.indices, m.results);
      });
      w.on('error', (e) => settle(e));
      for (let k = 0; k < IN_FLIGHT; k++) hand(w);
    }
    // This thread's share: one batch at a time, then a turn of the event loop for the workers'
    // messages, so a worker is never kept waiting for its next batch.
    const configs = new ConfigCache();
    const work = () => {
      if (settled || next >= batches.length) return;
      const indices = batches[next++];
      take(indices, indices.map((i) => runTask(tasks[i], configs, format, false, policy)));
      setImmediate(work);
    };
    if (pool.failed) settle(pool.failed);
    else if (tasks.length === 0) settle();
    else work();
  });
}

/** The worker's side: analyse each batch it is sent and post the results back. */
export function serveWorker(port: { on(event: 'message', f: (m: { indices: number[]; tasks: Task[] }) => void): void; postMessage(m: unknown, transfer?: ArrayBuffer[]): void }, format: Format, policy: ReadPolicy): void {
  const configs = new ConfigCache();
  port.on('message', ({ indices, tasks }) => {
    const results = tasks.map((t) => runTask(t, configs, format, false, policy));
    // Fragments made as UTF-8 bytes (tasks.ts) are moved to the main thread, not copied.
    const moved: ArrayBuffer[] = [];
    for (const r of results) if ('fragment' in r && r.fragment instanceof Uint8Array) moved.push(r.fragment.buffer as ArrayBuffer);
    port.postMessage({ indices, results }, moved);
  });
}
