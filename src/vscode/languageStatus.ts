import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { AnalysisService } from './analysisService';
import { isNote, type DiagnosticsController } from './diagnostics';
import { claimsText, noteCounts, noteReportCommand, unsourcedText } from './noteCounts';

const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };

/**
 * Claim Lens in the `{}` Markdown language status: the active note's counts with a link to its
 * report (a warning while claims lack a source), and a second entry linking to the settings.
 */
export class ClaimLanguageStatus extends Disposable {
  readonly item = this.own(vscode.languages.createLanguageStatusItem('claimLens.languageStatus', MARKDOWN));
  readonly settings = this.own(vscode.languages.createLanguageStatusItem('claimLens.settings', MARKDOWN));

  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController) {
    super();
    this.item.name = vscode.l10n.t('Claim Lens');
    this.settings.name = vscode.l10n.t('Claim Lens settings');
    this.settings.text = `$(gear) ${vscode.l10n.t('Claim Lens')}`;
    this.settings.detail = vscode.l10n.t('settings');
    this.settings.command = { title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', arguments: ['claimLens'] };
    this.ownAll(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidUpdate((uri) => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const item = this.item;
    if (doc && isNote(doc) && this.diagnostics.isTooLarge(doc.uri)) {
      item.severity = vscode.LanguageStatusSeverity.Information;
      item.text = vscode.l10n.t('Claim Lens: not analysed');
      item.detail = vscode.l10n.t('over claimLens.maxFileSizeKB');
      item.command = { title: vscode.l10n.t('Analyse This Note Anyway'), command: 'claimLens.analyzeAnyway' };
      return;
    }
    const analysis = doc && isNote(doc) ? this.analyses.peek(doc) : undefined;
    if (!doc || !analysis) {
      item.severity = vscode.LanguageStatusSeverity.Information;
      item.text = vscode.l10n.t('Claim Lens');
      item.detail = undefined;
      item.command = undefined;
      return;
    }
    const { claims, unsourced } = noteCounts(analysis);
    item.text = `$(checklist) ${vscode.l10n.t('Claim Lens: {0}', claimsText(claims))}`;
    item.detail = unsourced ? unsourcedText(unsourced) : claims ? vscode.l10n.t('all sourced') : undefined;
    item.severity = unsourced ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.accessibilityInformation = { label: vscode.l10n.t('Claim Lens: {0} flagged claims, {1} without a source', claims, unsourced) };
    item.command = noteReportCommand(doc.uri);
  }
}
