import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { ANALYZE_ANYWAY, SHOW_REPORT } from './commandIds';
import { isNote, type DiagnosticsController } from './diagnostics';
import { Disposable } from './disposable';
import { claimsText, noteCounts, noteReportCommand } from './noteCounts';

/** Context key: the active note is over claimLens.maxFileSizeKB and was not analysed. */
export const SKIPPED_CONTEXT = 'claimLens.activeNoteSkipped';

/** Shows the active note's flagged and unsourced counts; a click opens that note's report. */
export class ClaimStatusBar extends Disposable {
  readonly item = this.own(vscode.window.createStatusBarItem('claimLens.status', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController) {
    super();
    this.item.name = vscode.l10n.t('Claim Lens');
    this.item.command = SHOW_REPORT;
    this.ownAll(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidUpdate((uri) => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }),
    );
    this.update();
  }

  /** Whether "Analyse This Note Anyway" applies to the active note, as the `when` clauses see it. */
  private skippedShown: boolean | undefined;

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const skipped = !!doc && isNote(doc) && this.diagnostics.isTooLarge(doc.uri);
    if (skipped !== this.skippedShown) {
      this.skippedShown = skipped;
      void vscode.commands.executeCommand('setContext', SKIPPED_CONTEXT, skipped);
    }
    if (skipped) {
      this.item.text = `$(circle-slash) ${vscode.l10n.t('Claim Lens: note too large')}`;
      this.item.tooltip = vscode.l10n.t('This note is over claimLens.maxFileSizeKB and was not analysed. Click to analyse it anyway.');
      this.item.command = { command: ANALYZE_ANYWAY, title: vscode.l10n.t('Analyse This Note Anyway') };
      this.item.show();
      return;
    }
    const analysis = doc && isNote(doc) ? this.analyses.peek(doc) : undefined;
    if (!doc || !analysis) {
      this.item.hide();
      return;
    }
    const { claims, unsourced } = noteCounts(analysis);
    // Worded, so the item is plainly Claim Lens's and says what it counts.
    this.item.text = unsourced
      ? `$(checklist) ${claimsText(claims)} · ${vscode.l10n.t('{0} unsourced', unsourced)}`
      : `$(checklist) ${claimsText(claims)}`;
    this.item.tooltip = vscode.l10n.t("Claim Lens: {0} flagged claim(s), {1} without a source. Click to open this note's verification report.", claims, unsourced);
    this.item.accessibilityInformation = { label: vscode.l10n.t('Claim Lens: {0} flagged claims, {1} without a source', claims, unsourced) };
    // The note's report at once: the workspace report is in the command palette.
    this.item.command = noteReportCommand(doc.uri);
    this.item.show();
  }
}
