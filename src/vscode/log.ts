import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Claim Lens" log, created on first use so activation stays cheap. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Claim Lens', { log: true });
  return channel;
}

/** Logs an error and tells the user, with a button that opens the log. Never throws. */
export function reportError(what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log().error(`${what}: ${message}`, error instanceof Error && error.stack ? error.stack : '');
  const show = vscode.l10n.t('Show log');
  void vscode.window.showErrorMessage(vscode.l10n.t('Claim Lens: {0}: {1}', what, message), show).then(
    (pick) => { if (pick === show) log().show(true); },
    () => undefined,
  );
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
