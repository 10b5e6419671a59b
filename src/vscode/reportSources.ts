import * as vscode from 'vscode';
import { buildReport, fileReport } from '../core/report';
import type { AnalysisService } from './analysisService';
import type { DiagnosticsController } from './diagnostics';
import type { ReportPanelState, ReportSource } from './reportPanel';
import type { WorkspaceChecker } from './workspaceCheck';

const pathOf = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);

/**
 * Report sources for the active note or the whole workspace, built on the shared report model.
 * Each says when its notes changed, so an open report follows edits as the status bar does.
 */
export class ReportSources {
  constructor(private readonly analyses: AnalysisService, private readonly checker: WorkspaceChecker, private readonly diagnostics: DiagnosticsController) {}

  forNote(uri: vscode.Uri): ReportSource {
    const key = uri.toString();
    return {
      title: vscode.l10n.t('Claim Lens: {0}', pathOf(uri)),
      scope: 'note',
      noteUri: key,
      // The open note's findings were published again: it was analysed anew. (A note that closes
      // is cleared, not changed; and the build would open it again.)
      onDidChange: (listener, thisArgs, disposables) => this.diagnostics.onDidUpdate((u) => {
        if (u.toString() === key && vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) listener.call(thisArgs, u);
      }, undefined, disposables),
      build: async () => {
        const doc = await vscode.workspace.openTextDocument(uri);
        const { analysis } = await this.analyses.analyze(doc);
        const path = pathOf(uri);
        return { report: buildReport([fileReport(path, analysis)]), uris: { [path]: uri.toString() } };
      },
    };
  }

  forWorkspace(): ReportSource {
    return {
      title: vscode.l10n.t('Claim Lens: workspace'),
      scope: 'workspace',
      onDidChange: this.checker.onDidChangeResults,
      build: async () => {
        // The report itself follows: no summary notification with a Show report button.
        if (this.checker.results.size === 0) await this.checker.run(undefined, { quiet: true });
        const files = [];
        const uris: Record<string, string> = {};
        // Open notes as their editors hold them now, the others as last checked.
        for (const note of await this.checker.currentResults()) {
          const path = pathOf(note.uri);
          files.push(fileReport(path, note));
          uris[path] = note.uri.toString();
        }
        return { report: buildReport(files), uris };
      },
    };
  }

  restore(state: ReportPanelState): ReportSource | undefined {
    return state.scope === 'note' && state.noteUri ? this.forNote(vscode.Uri.parse(state.noteUri)) : this.forWorkspace();
  }
}
