// The worker thread of Check Workspace in a Node extension host (dist/checkWorker.js): it reads
// and analyses notes, so the extension host's own thread only receives compact results and
// stays free for hovers and typing. No `vscode` here: a worker thread cannot load it.
import { parentPort } from 'node:worker_threads';
import { analyzeText, type AnalyzeOptions } from '../core/analyze';
import type { ClaimLensConfig } from '../core/config';
import type { Citation, Claim, Finding } from '../core/types';
import { readNoteFile } from '../node/workspaceFs';

/** The analysis options, as plain data: the snapshot callback becomes the map it reads. */
export interface WorkerOptions {
  config: ClaimLensConfig;
  snapshots: Map<string, string>;
  today?: string;
  staleAfterDays?: number;
}

/** What the extension host sends: options once per id, then batches of notes to check. */
export type WorkerRequest =
  | { type: 'options'; id: number; options: WorkerOptions }
  | { type: 'check'; seq: number; notes: Array<{ path: string; options: number }> };

/** A note's outcome: what Check Workspace keeps of it, or why it was skipped or failed. */
export type WorkerNoteResult =
  | { note: { claims: Claim[]; findings: Finding[]; citations: Citation[] } }
  | { error: string }
  | { failed: string };

export interface WorkerReply {
  seq: number;
  results: WorkerNoteResult[];
}

export function toAnalyzeOptions(o: WorkerOptions): AnalyzeOptions {
  return { config: o.config, snapshot: (p) => o.snapshots.get(p), today: o.today, staleAfterDays: o.staleAfterDays };
}

/** Reads and analyses one note, as the extension host's own thread would. Never throws. */
export function checkFile(path: string, options: AnalyzeOptions): WorkerNoteResult {
  // A regular file only (a note linked to /dev/zero or a FIFO is never read), decoded as every
  // host decodes a note (src/core/workspace.ts).
  const read = readNoteFile(path);
  if ('error' in read) return { error: read.error };
  try {
    const a = analyzeText(read.text, options);
    return { note: { claims: a.claims, findings: a.findings, citations: a.citations.filter((c) => c.url) } };
  } catch (e) {
    return { failed: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
}

/**
 * The worker works this long, then rests this long: on a machine with two cores, a thread
 * that never rests takes a whole core from the window and the extension host, which every
 * hover goes through.
 */
const SLICE_MS = 10;
const REST_MS = 10;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Answers the extension host's requests on `port`. */
export function serve(port: { on(event: 'message', f: (m: WorkerRequest) => void): void; postMessage(m: WorkerReply): void }): void {
  const options = new Map<number, AnalyzeOptions>();
  let sliceStart = Date.now();
  port.on('message', (m) => {
    if (m.type === 'options') {
      options.set(m.id, toAnalyzeOptions(m.options));
      return;
    }
    const results = m.notes.map((n) => {
      if (Date.now() - sliceStart > SLICE_MS) {
        Atomics.wait(sleeper, 0, 0, REST_MS);
        sliceStart = Date.now();
      }
      return checkFile(n.path, options.get(n.options) ?? {});
    });
    port.postMessage({ seq: m.seq, results });
  });
}

if (parentPort) serve(parentPort);
