import { statSync } from 'node:fs';
import type { Format } from '../core/format/index';
import { PARALLEL_THRESHOLD, type Workers } from './workers';
import type { ReadPolicy } from './readPolicy';
import { ConfigCache, runTask, type Task, type TaskResult } from './tasks';

export { PARALLEL_THRESHOLD } from './workers';
/** A batch ends at this many notes or this many bytes, whichever comes first. */
const BATCH = 16;
const BATCH_BYTES = 256 * 1024;

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

/** Whether a run this large is worth the threads: enough notes, and enough bytes to repay their warm-up. */
export function worthThreads(tasks: readonly Task[], size: (t: Task) => number, explicitJobs: boolean): boolean {
  if (tasks.length < PARALLEL_THRESHOLD) return false;
  if (explicitJobs) return true; // asked for by name: the caller knows their machine
  let bytes = 0;
  for (const t of tasks) if ((bytes += size(t)) >= PARALLEL_BYTES) return true;
  return false;
}

/** What a worker is sent once: every note, the batches, the shared count of batches taken, and how to read and write. */
interface Plan { tasks: readonly Task[]; batches: number[][]; taken: Int32Array; format: Format; policy: ReadPolicy }

/** The next batch for whichever thread asks: one shared count, so no thread waits on another for work. */
function takeBatch(taken: Int32Array, count: number): number {
  const k = Atomics.add(taken, 0, 1);
  return k < count ? k : -1;
}

/**
 * Checks notes on this thread and the given workers (this same script, started as a worker).
 * Every thread takes the next batch from a count in shared memory as it finishes one, so none
 * holds work in reserve that another could be doing: the threads end within a batch of each
 * other. This thread never yields until the batches run out; the workers' results wait in its
 * queue until then.
 */
export function runParallel(tasks: readonly Task[], pool: Workers, format: Format, policy: ReadPolicy, size: (t: Task) => number = fileSize): Promise<TaskResult[]> {
  const results = new Array<TaskResult>(tasks.length);
  const batches = planBatches(tasks, size);
  const taken = new Int32Array(new SharedArrayBuffer(4));
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
    const take = (indices: readonly number[], got: readonly TaskResult[]) => {
      indices.forEach((i, k) => { results[i] = got[k]; });
      finished += indices.length;
      if (finished === tasks.length) settle();
    };
    if (pool.failed) return settle(pool.failed);
    const plan: Plan = { tasks, batches, taken, format, policy };
    for (const w of pool.threads) {
      w.on('message', (m: { batch: number; results: TaskResult[] }) => take(batches[m.batch], m.results));
      w.on('error', (e) => settle(e));
      // A worker that stops while holding a batch would leave the run waiting for it forever.
      // (A worker whose batches ran out exits with 0, after its last results.)
      w.on('exit', (code) => { if (code !== 0) settle(new Error(`a worker thread stopped (exit code ${code}) before the check was done`)); });
      w.postMessage(plan);
    }
    const configs = new ConfigCache();
    for (let k = takeBatch(taken, batches.length); k >= 0 && !settled; k = takeBatch(taken, batches.length)) {
      take(batches[k], batches[k].map((i) => runTask(tasks[i], configs, format, false, policy)));
    }
    if (tasks.length === 0) settle();
  });
}

/** The worker's side: take batches until none is left, posting each one's results. */
export function serveWorker(port: { once(event: 'message', f: (m: Plan) => void): void; postMessage(m: unknown, transfer?: ArrayBuffer[]): void }): void {
  port.once('message', ({ tasks, batches, taken, format, policy }) => {
    const configs = new ConfigCache();
    for (let k = takeBatch(taken, batches.length); k >= 0; k = takeBatch(taken, batches.length)) {
      const results = batches[k].map((i) => runTask(tasks[i], configs, format, false, policy));
      // Fragments made as UTF-8 bytes (tasks.ts) are moved to the main thread, not copied.
      const moved: ArrayBuffer[] = [];
      for (const r of results) if ('fragment' in r && r.fragment instanceof Uint8Array) moved.push(r.fragment.buffer as ArrayBuffer);
      port.postMessage({ batch: k, results }, moved);
    }
  });
}
