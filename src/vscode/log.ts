import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);
const RECENT_MAX = 500;
const recent: string[] = [];

/**
 * The "Claim Lens" log, created on first use so activation stays cheap. The last few hundred
 * lines are also kept in memory (see recentLog) so tests can read what was logged.
 */
export function log(): vscode.LogOutputChannel {
  channel ??= new Proxy(vscode.window.createOutputChannel('Claim Lens', { log: true }), {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && LEVELS.has(prop)) {
        return (message: string | Error, ...args: unknown[]) => {
          recent.push(`[${prop}] ${message instanceof Error ? message.message : message}`);
          if (recent.length > RECENT_MAX) recent.splice(0, recent.length - RECENT_MAX);
          return (value as (...a: unknown[]) => unknown).call(target, message, ...args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return channel;
}

/** The most recent lines written to the log, oldest first, as `[level] message`. */
export function recentLog(): readonly string[] {
  return recent;
}

/** Tells the user something went wrong, with a button that opens the log. Never throws. */
export function notifyWithLog(message: string, kind: 'error' | 'warning' = 'error'): void {
  const show = vscode.l10n.t('Show log');
  const shown = kind === 'error' ? vscode.window.showErrorMessage(message, show) : vscode.window.showWarningMessage(message, show);
  void Promise.resolve(shown).then(
    (pick) => { if (pick === show) log().show(true); },
    () => undefined,
  );
}

/** Logs an error and tells the user, with a button that opens the log. Never throws. */
export function reportError(what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log().error(`${what}: ${message}`, error instanceof Error && error.stack ? error.stack : '');
  notifyWithLog(vscode.l10n.t('Claim Lens: {0}: {1}', what, message));
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}

/** An error's message, or the thrown value as text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
