import { setFlagsFromString } from 'node:v8';

/**
 * Up to this many bytes of notes, a run is short enough that compiling is a large part of it:
 * without inlining, V8's optimizing compiler does far less work per hot function (about 0.1 CPU
 * seconds less per thread on 5–10 MB), while the code it makes is a little slower. On this
 * project's dense corpus the two balanced at about 20 MB (docs/performance.md).
 */
export const SHORT_RUN_BYTES = 16 * 1024 * 1024;

let tuned = false;

/**
 * Sets V8's flags for a run of `bytes` bytes of notes: before any note is analysed, so before the
 * analysis is compiled. Flags are the process's (worker threads share them), so only the CLI's
 * own process calls this, once.
 */
export function tuneForRun(bytes: number): void {
  if (tuned || bytes > SHORT_RUN_BYTES) return;
  tuned = true;
  setFlagsFromString('--no-turbo-inlining');
}
