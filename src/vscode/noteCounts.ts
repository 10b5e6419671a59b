import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/types';

export interface NoteCounts {
  /** Flagged claims not suppressed. */
  claims: number;
  /** Of those, claims that cite nothing and are not the writer's own view. */
  unsourced: number;
}

/** The active note's counts, as the status bar and the language status item show them. */
export function noteCounts(analysis: DocumentAnalysis): NoteCounts {
  const active = analysis.claims.filter((c) => !c.suppressed);
  return { claims: active.length, unsourced: active.filter((c) => c.sources.length === 0 && !c.own).length };
}

export function claimsText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 claim') : vscode.l10n.t('{0} claims', n);
}

export function unsourcedText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 without a source') : vscode.l10n.t('{0} without a source', n);
}

/** Opens the verification report of one note, without asking which scope. */
export function noteReportCommand(uri: vscode.Uri): vscode.Command {
  return { title: vscode.l10n.t('Show Report'), command: 'claimLens.showReport', arguments: [uri.toString()], tooltip: vscode.l10n.t("Open this note's verification report") };
}
