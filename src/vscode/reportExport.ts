// Export of the verification report: the save dialog the format registry describes, and the write.
import * as vscode from 'vscode';
import { formatReport, outputFormat, type Format } from '../core/format/index';
import type { Report } from '../core/report';
import { errorText, log, notifyWithLog } from './log';

/**
 * Asks where to save the report in `format`, then writes it there. Nothing is written unless the
 * user picks a file. `uris` maps the report's paths to the notes, whose open text Web Annotations use.
 */
export async function exportReport(report: Report, format: Format, scope: { scope: 'note' | 'workspace'; noteUri?: string }, uris: Readonly<Record<string, string>>): Promise<void> {
  const f = outputFormat(format);
  const target = await vscode.window.showSaveDialog({
    defaultUri: defaultExportUri(scope, f.ext),
    filters: { [vscode.l10n.t(f.filterName)]: [...f.filterExts] },
    saveLabel: vscode.l10n.t('Export'),
    title: vscode.l10n.t('Export Verification Report'),
  });
  if (!target) return;
  try {
    // Annotations place their selectors in the notes' text: use what is open, by path.
    const texts = (path: string) => {
      const uri = uris[path];
      return uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() : undefined;
    };
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(formatReport(report, format, texts)));
  } catch (e) {
    log().error(`Exporting the report to ${target.toString(true)} failed: ${errorText(e)}`);
    notifyWithLog(vscode.l10n.t('Claim Lens could not write {0}: {1}', target.toString(true), errorText(e)));
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Verification report saved to {0}', vscode.workspace.asRelativePath(target)));
}

/** `<note>.claims.<ext>` beside a note; `claim-lens-report.<ext>` in the first workspace folder. */
function defaultExportUri(scope: { scope: 'note' | 'workspace'; noteUri?: string }, ext: string): vscode.Uri | undefined {
  try {
    if (scope.scope === 'note' && scope.noteUri) {
      const note = vscode.Uri.parse(scope.noteUri, true);
      const base = note.path.slice(note.path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
      return vscode.Uri.joinPath(note, '..', `${base || 'note'}.claims.${ext}`);
    }
  } catch {
    // fall through to the workspace
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, `claim-lens-report.${ext}`) : undefined;
}
