import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Format } from '../core/format/index';
import type { ReadPolicy } from './readPolicy';
import { ConfigCache, runTask, type Task, type TaskResult } from './tasks';

export const WORKER_ROLE = 'claim-lens-check-worker';
/** Below this many notes, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 48;
const BATCH = 16;
const YOUNG_MB = 128;

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Checks notes on `jobs` worker threads (this same script, started as a worker). Workers
 * ask for batches as they finish, so a few long notes do not leave a core idle.
 */
export function runParallel(tasks: readonly Task[], jobs: number, script: string, format: Format, policy: ReadPolicy): Promise<TaskResult[]> {
  const results = new Array<TaskResult>(tasks.length);
  let next = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const hand = (w: Worker) => {
      if (next >= tasks.length) {
        void w.terminate();
        return;
      }
      const start = next;
      next = Math.min(tasks.length, next + BATCH);
      w.postMessage({ start, tasks: tasks.slice(start, next) });
    };
    for (let i = 0; i < Math.min(jobs, Math.ceil(tasks.length / BATCH)); i++) {
      // A large young generation: with two threads allocating, frequent scavenges are what
      // keeps them from running in parallel on a small machine.
      const w = new Worker(script, { workerData: { role: WORKER_ROLE, format, policy }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
      workers.push(w);
      w.on('message', (m: { start: number; results: TaskResult[] }) => {
        m.results.forEach((r, k) => { results[m.start + k] = r; });
        finished += m.results.length;
        if (finished === tasks.length) {
          for (const x of workers) void x.terminate();
          resolve(results);
        } else hand(w);
      });
      w.on('error', (e) => {
        for (const x of workers) void x.terminate();
        reject(e);
      });
      hand(w);
    }
  });
}

/** The worker's side: analyse each batch it is sent and post the results back. */
export function serveWorker(port: { on(event: 'message', f: (m: { start: number; tasks: Task[] }) => void): void; postMessage(m: unknown): void }, format: Format, policy: ReadPolicy): void {
  const configs = new ConfigCache();
  port.on('message', ({ start, tasks }) => {
    port.postMessage({ start, results: tasks.map((t) => runTask(t, configs, format, false, policy)) });
  });
}
