import * as vscode from 'vscode';
import { ADD_CITATION, ADD_NOTE_SOURCE, ADD_TO_REGISTRY, ANALYZE_ANYWAY, CHECK_LINKS, CHECK_NOTE, CHECK_WORKSPACE, OPEN_RULE_DOCS, OPEN_SNAPSHOT, REVEAL_CLAIM, SHOW_REPORT, SUPPRESS_CLAIM, USE_ARCHIVE } from './commandIds';
import { RULE_DESCRIPTIONS, rulePage } from '../core/rules';
import { codeOf } from './convert';
import type { DiagnosticsController } from './diagnostics';
import type { EditCommands } from './editCommands';
import { reportError } from './log';
import { ReportPanel } from './reportPanel';
import type { RegistryCommands } from './registryCommands';
import type { ReportSources } from './reportSources';
import type { WorkspaceChecker } from './workspaceCheck';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  registry: RegistryCommands;
  edits: EditCommands;
  diagnostics: DiagnosticsController;
  checker: WorkspaceChecker;
  reports: ReportSources;
}

/** Wraps a command so a failure is logged and shown with a Show log action, never thrown. */
function safe<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R> | R) {
  return async (...args: A): Promise<R | undefined> => {
    try {
      return await fn(...args);
    } catch (e) {
      reportError(name, e);
      return undefined;
    }
  };
}

async function openRuleDocs(extensionUri: vscode.Uri, code?: unknown): Promise<vscode.Uri | undefined> {
  let pick = typeof code === 'string' ? code : undefined;
  if (!pick) {
    const editor = vscode.window.activeTextEditor;
    const here = editor && vscode.languages.getDiagnostics(editor.document.uri).find((d) => codeOf(d) && d.range.contains(editor.selection.active));
    pick = here ? codeOf(here) : undefined;
  }
  if (!pick) {
    const item = await vscode.window.showQuickPick(Object.entries(RULE_DESCRIPTIONS).map(([label, detail]) => ({ label, detail })), { title: vscode.l10n.t('Claim Lens rule documentation') });
    pick = item?.label;
  }
  if (!pick) return undefined;
  // The page shipped with the extension (.vscodeignore keeps docs/rules), in the Markdown preview.
  const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', rulePage(pick));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

/** Opens a note with a claim's range selected: the "Cited by" links of a hover use it. */
async function revealClaim(uri: unknown, line: unknown, character: unknown, endLine?: unknown, endCharacter?: unknown): Promise<vscode.TextEditor | undefined> {
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const [l, c] = [n(line), n(character)];
  if (typeof uri !== 'string' || l === undefined || c === undefined) return undefined;
  const start = new vscode.Position(l, c);
  const end = n(endLine) !== undefined && n(endCharacter) !== undefined ? new vscode.Position(n(endLine)!, n(endCharacter)!) : start;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const range = doc.validateRange(new vscode.Range(start, end));
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(range.end, range.start) });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const showReport = async (arg?: unknown) => {
    const scope = arg === 'workspace' ? 'workspace' : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.languageId === 'markdown' ? vscode.window.activeTextEditor.document.uri : undefined;
    let source;
    if (scope === 'workspace' || scope === undefined) source = d.reports.forWorkspace();
    else {
      const which = arg === undefined && vscode.workspace.workspaceFolders?.length
        ? await vscode.window.showQuickPick([{ label: vscode.l10n.t('Active note'), id: 'note' }, { label: vscode.l10n.t('Whole workspace'), id: 'workspace' }], { title: vscode.l10n.t('Verification report for…') })
        : { id: 'note' };
      if (!which) return undefined;
      source = which.id === 'workspace' ? d.reports.forWorkspace() : d.reports.forNote(scope);
    }
    return ReportPanel.show(d.extensionUri, source);
  };
  return [
    vscode.commands.registerCommand(ADD_CITATION, safe(vscode.l10n.t('Add Citation'), (...a: unknown[]) => d.edits.addCitation(...a))),
    vscode.commands.registerCommand(ADD_NOTE_SOURCE, safe(vscode.l10n.t('Add a Source for This Note'), (u?: unknown, url?: unknown, title?: unknown) => d.edits.addNoteSource(u, url, title))),
    vscode.commands.registerCommand(SUPPRESS_CLAIM, safe(vscode.l10n.t('Suppress Claim'), (...a: unknown[]) => d.edits.suppressClaim(...a))),
    vscode.commands.registerCommand(SHOW_REPORT, safe(vscode.l10n.t('Show Verification Report'), showReport)),
    vscode.commands.registerCommand(CHECK_WORKSPACE, safe(vscode.l10n.t('Check Workspace'), () => d.checker.run())),
    vscode.commands.registerCommand(CHECK_NOTE, safe(vscode.l10n.t('Check Note'), async () => {
      const doc = vscode.window.activeTextEditor?.document;
      return doc ? d.diagnostics.check(doc) : undefined;
    })),
    vscode.commands.registerCommand(ANALYZE_ANYWAY, safe(vscode.l10n.t('Analyse This Note Anyway'), async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return undefined;
      // Only a note that was skipped for its size has anything to analyse anyway: say so, rather than do nothing visible.
      if (!d.diagnostics.isTooLarge(doc.uri)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: this note is within claimLens.maxFileSizeKB and is analysed already.'));
        return undefined;
      }
      return d.diagnostics.analyseAnyway(doc);
    })),
    vscode.commands.registerCommand(REVEAL_CLAIM, safe(vscode.l10n.t('Reveal Claim'), revealClaim)),
    vscode.commands.registerCommand(OPEN_RULE_DOCS, safe(vscode.l10n.t('Open Rule Documentation'), (code?: unknown) => openRuleDocs(d.extensionUri, code))),
    vscode.commands.registerCommand(ADD_TO_REGISTRY, safe(vscode.l10n.t('Add to Registry'), (u?: unknown, k?: unknown) => d.registry.addToRegistry(u, k))),
    vscode.commands.registerCommand(USE_ARCHIVE, safe(vscode.l10n.t('Use Archived Copy'), (u?: unknown, k?: unknown) => d.registry.useArchive(u, k))),
    vscode.commands.registerCommand(OPEN_SNAPSHOT, safe(vscode.l10n.t('Open Snapshot'), (u?: unknown, p?: unknown, l?: unknown) => d.registry.openSnapshot(u, p, l))),
    vscode.commands.registerCommand(CHECK_LINKS, safe(vscode.l10n.t('Check Source Links'), (scope?: unknown) => d.registry.checkLinks(scope))),
    ReportPanel.registerSerializer(d.extensionUri, (state) => d.reports.restore(state)),
  ];
}
