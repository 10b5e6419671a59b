import type * as vscode from 'vscode';

/**
 * The base of every adapter that holds listeners, emitters, watchers or timers: `own` registers
 * what it holds as it is created, and `dispose` releases all of it once, in the order it was taken, so that no
 * class writes its own loop (and none forgets an emitter).
 */
export class Disposable implements vscode.Disposable {
  private readonly owned: Array<{ dispose(): unknown }> = [];
  private disposed = false;

  /** Registers `d` to be disposed with this object, and returns it. */
  protected own<T extends { dispose(): unknown }>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /** Registers several at once. */
  protected ownAll(...ds: Array<{ dispose(): unknown }>): void {
    for (const d of ds) this.own(d);
  }

  /** Runs `f` on dispose: a timer to clear, a cache to drop. */
  protected onDispose(f: () => void): void {
    this.own({ dispose: f });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned.splice(0)) {
      try {
        d.dispose();
      } catch {
        // One that fails must not keep the others alive.
      }
    }
  }
}
