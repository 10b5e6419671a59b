import { setFlagsFromString } from 'node:v8';

/**
 * Up to this many bytes of notes, a run is short enough that V8's optimizing compiler is a large
 * part of it (its background threads used about as much CPU as the main thread on 5–10 MB). Two
 * settings make it do less: without inlining it works far less per hot function, while the
 * code it makes is a little slower (on this project's dense corpus the two balanced at about
 * 20 MB); and a larger interrupt budget optimizes only functions that stay hot for longer. On
 * one thread about 9× V8's default budget was best (dense notes and rust-lang/rfcs took 4–7%
 * less time than at 4×, and a quarter less CPU than at the default). With threads, the compiler's
 * background work competes with them for the cores, and 15× was better again (on two cores,
 * 2–3% less time on both corpora; on one thread it cost 7% more). Measured in docs/performance.md.
 */
export const SHORT_RUN_BYTES = 16 * 1024 * 1024;

let tuned = false;

/**
 * Sets V8's flags for a run of `bytes` bytes of notes: before any note is analysed, so before the
 * analysis is compiled. Flags are the process's (worker threads share them), so only the CLI's
 * own process calls this, once.
 */
export function tuneForRun(bytes: number, threads: boolean): void {
  if (tuned || bytes > SHORT_RUN_BYTES) return;
  tuned = true;
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString(`--interrupt-budget=${threads ? 1_000_000 : 600_000}`);
}
