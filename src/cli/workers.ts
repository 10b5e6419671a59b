// The worker threads of a check, in a module of their own: the launcher (bin.ts) starts them
// before the rest of the CLI is loaded, so it must not import the analysis.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export const WORKER_ROLE = 'claim-lens-check-worker';
/** Below this many notes, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 48;
const YOUNG_MB = 128;

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Whether the paths may hold enough notes for threads: a folder among them, or many files. */
export function mayBeMany(paths: readonly string[]): boolean {
  if (paths.length === 0 || paths.length >= PARALLEL_THRESHOLD) return true;
  return paths.some((p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * Worker threads started before the notes are listed: a thread's start-up (about 70 ms, most of
 * it Node's own) overlaps the main thread's loading, listing and reading. Each waits for the
 * run's plan; `stop()` ends the ones a run turned out not to need.
 */
export class Workers {
  readonly threads: Worker[] = [];
  constructor(count: number, script: string) {
    for (let i = 0; i < count; i++) {
      // A large young generation: with two threads allocating, frequent scavenges are what
      // keeps them from running in parallel on a small machine.
      const w = new Worker(script, { workerData: { role: WORKER_ROLE }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
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
