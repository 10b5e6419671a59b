import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics';

/**
 * Findings and progress go to the window at most this often, findings sooner when this many
 * diagnostics are waiting. Each message costs the window work that competes with hovers, and a
 * large one holds the extension host while it is serialised.
 */
const PUBLISH_MS = 500;
const PUBLISH_MAX = 250;
/** True while a pass over notes runs (Check Workspace, or a re-check of notes changed on disk), for `when` clauses. */
const CHECKING_KEY = 'claimLens.checkingWorkspace';

/**
 * Sets the `claimLens.checkingWorkspace` context key. Resolves once the window has taken in
 * everything sent to it before: it answers calls in the order they come. A pass publishes its
 * next findings only then, so hovers never queue behind more than one batch of them.
 */
export const windowCaughtUp = (checking: boolean): Promise<void> =>
  Promise.resolve(vscode.commands.executeCommand('setContext', CHECKING_KEY, checking)).then(() => undefined, () => undefined);

export type DiagnosticsBatch = Array<[vscode.Uri, vscode.Diagnostic[]]>;

/**
 * Publishes a pass's diagnostics to the window in batches and reports its progress, each at
 * most every PUBLISH_MS. `caughtUp` resolves once the window has taken in the last batch.
 */
export class CheckPublisher {
  /** What waits to be published; a pass adds to it. */
  batch: DiagnosticsBatch = [];
  caughtUp: Promise<void> = Promise.resolve();
  private published = Date.now();
  private reported = this.published;

  constructor(private readonly diagnostics: DiagnosticsController, private readonly onSlice?: (done: number) => void) {}

  /** The end of a slice of work, `done` notes in: publish and report if it is time. */
  slice(done: number): void {
    const now = Date.now();
    const waiting = this.batch.reduce((n, [, d]) => n + d.length, 0);
    if (this.batch.length && (now - this.published > PUBLISH_MS || waiting >= PUBLISH_MAX)) {
      this.flush();
      this.published = now;
    }
    if (now - this.reported > PUBLISH_MS) {
      this.onSlice?.(done);
      this.reported = now;
    }
  }

  /** Publishes what waits, now. */
  flush(): void {
    if (this.batch.length === 0) return;
    this.diagnostics.publishMany(this.batch);
    this.batch = [];
    this.caughtUp = windowCaughtUp(true);
  }
}
