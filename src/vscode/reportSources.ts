import * as vscode from 'vscode';
import { buildReport, fileReport } from '../core/report';
import type { AnalysisService } from './analysisService';
import type { ReportPanelState, ReportSource } from './reportPanel';
import type { WorkspaceChecker } from './workspaceCheck';

const pathOf = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);

/** Report sources for the active note or the whole workspace, built on the shared report model. */
export class ReportSources {
  constructor(private readonly analyses: AnalysisService, private readonly checker: WorkspaceChecker) {}

  forNote(uri: vscode.Uri): ReportSource {
    return {
      title: vscode.l10n.t('Claim Lens: {0}', pathOf(uri)),
      scope: 'note',
      noteUri: uri.toString(),
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
      build: async () => {
        if (this.checker.results.size === 0) await this.checker.run();
        const files = [];
        const uris: Record<string, string> = {};
        for (const note of this.checker.results.values()) {
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
