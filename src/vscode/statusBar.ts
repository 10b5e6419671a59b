import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { isNote, type DiagnosticsController } from './diagnostics';
import { claimsText, noteCounts, noteReportCommand } from './noteCounts';

/** Context key: the active note is over claimLens.maxFileSizeKB and was not analysed. */
export const SKIPPED_CONTEXT = 'claimLens.activeNoteSkipped';

/** Shows the active note's flagged and unsourced counts; a click opens that note's report. */
export class ClaimStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('claimLens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController) {
    this.item.name = vscode.l10n.t('Claim Lens');
    this.item.command = 'claimLens.showReport';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidUpdate((uri) => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }),
    );
    this.update();
  }

  /** Whether "Analyse This Note Anyway" applies to the active note, as the `when` clauses see it. */
  private skippedShown: boolean | undefined;

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const skipped = !!doc && isNote(doc) && this.diagnostics.skipped.has(doc.uri.toString());
    if (skipped !== this.skippedShown) {
      this.skippedShown = skipped;
      void vscode.commands.executeCommand('setContext', SKIPPED_CONTEXT, skipped);
    }
    if (skipped) {
      this.item.text = `$(circle-slash) ${vscode.l10n.t('Claim Lens: note too large')}`;
      this.item.tooltip = vscode.l10n.t('This note is over claimLens.maxFileSizeKB and was not analysed. Click to analyse it anyway.');
      this.item.command = { command: 'claimLens.analyzeAnyway', title: vscode.l10n.t('Analyse This Note Anyway') };
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

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
