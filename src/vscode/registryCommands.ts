import * as vscode from 'vscode';
import { addRegistryEntry, setRegistryField, type ConfigEdit } from '../core/configEdits';
import type { AnalysisService } from './analysisService';
import { validateUrl } from './citationPicker';
import type { ConfigService } from './configService';
import { toRange } from './convert';
import type { DiagnosticsController } from './diagnostics';
import type { LinkCheckSummary, LinkHealth } from './linkHealth';
import type { WorkspaceChecker } from './workspaceCheck';

const decoder = new TextDecoder();

/** Applies a config edit to the config file, open or not, as one undoable edit. */
async function applyConfigEdit(uri: vscode.Uri, make: (text: string) => ConfigEdit, create = false): Promise<boolean> {
  // Claim Lens never writes outside the workspace, even to a configFile that lives elsewhere.
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: {0} is outside the workspace, so it was not changed.', uri.fsPath || uri.toString()));
    return false;
  }
  let text = '';
  let version: number | undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    text = open.getText();
    version = open.version;
  } else if (!create) text = decoder.decode(await vscode.workspace.fs.readFile(uri));
  const result = make(text);
  if ('error' in result) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: {0}', result.error));
    return false;
  }
  if (open && open.version !== version) return false;
  const we = new vscode.WorkspaceEdit();
  if (create) we.createFile(uri, { ignoreIfExists: false });
  we.replace(uri, toRange(result.edit.range), result.edit.newText);
  return vscode.workspace.applyEdit(we);
}

export class RegistryCommands {
  constructor(
    private readonly configs: ConfigService,
    private readonly analyses: AnalysisService,
    private readonly diagnostics: DiagnosticsController,
    private readonly checker: WorkspaceChecker,
    private readonly links: LinkHealth,
  ) {}

  /** Add to registry…: asks for the URL and title, then writes the entry into the note's config. */
  async addToRegistry(noteUri?: unknown, key?: unknown): Promise<boolean> {
    if (typeof noteUri !== 'string' || typeof key !== 'string') return false;
    const note = vscode.Uri.parse(noteUri);
    const url = await vscode.window.showInputBox({ title: vscode.l10n.t('Add @{0} to the sources registry (1/2)', key), prompt: vscode.l10n.t('URL of the source'), placeHolder: 'https://', validateInput: validateUrl, ignoreFocusOut: true });
    if (url === undefined) return false;
    const title = await vscode.window.showInputBox({ title: vscode.l10n.t('Add @{0} to the sources registry (2/2)', key), prompt: vscode.l10n.t('Title of the source'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a title.')), ignoreFocusOut: true });
    if (title === undefined) return false;
    const loaded = await this.configs.forDocument(note);
    let target = loaded.uri;
    let create = false;
    if (!target) {
      // No config yet: the registry goes into a new .claimlens.yaml at the workspace folder's root.
      const folder = vscode.workspace.getWorkspaceFolder(note);
      if (!folder) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: open the note in a workspace folder to keep a sources registry.'));
        return false;
      }
      target = vscode.Uri.joinPath(folder.uri, '.claimlens.yaml');
      create = true;
    }
    const ok = await applyConfigEdit(target, (text) => addRegistryEntry(text, key, { url: url.trim(), title: title.trim() }), create);
    if (ok) {
      await vscode.workspace.textDocuments.find((d) => d.uri.toString() === target!.toString())?.save();
      this.configs.invalidate();
    }
    return ok;
  }

  /** Use the archived copy: sets a registry source's url to its archive. */
  async useArchive(noteUri?: unknown, key?: unknown): Promise<boolean> {
    if (typeof noteUri !== 'string' || typeof key !== 'string') return false;
    const loaded = await this.configs.forDocument(vscode.Uri.parse(noteUri));
    const src = loaded.config.sources[key];
    if (!loaded.uri || !src?.archive) return false;
    const ok = await applyConfigEdit(loaded.uri, (text) => setRegistryField(text, key, 'url', src.archive!));
    if (ok) this.configs.invalidate();
    return ok;
  }

  /** Opens a registry snapshot at a line, from a hover's link. */
  async openSnapshot(noteUri?: unknown, path?: unknown, line?: unknown): Promise<void> {
    if (typeof noteUri !== 'string' || typeof path !== 'string') return;
    const loaded = await this.configs.forDocument(vscode.Uri.parse(noteUri));
    if (!loaded.uri) return;
    // Only a snapshot the registry names: the command's arguments are not a way to open any file.
    // A refusal is an error the command wrapper logs and shows.
    if (!Object.values(loaded.config.sources).some((s) => s.snapshot === path)) throw new Error(`${JSON.stringify(path)} is not a snapshot in the sources registry`);
    // The same rules as reading it: an absolute path is not joined onto the config's folder, and
    // a path the rules refuse (outside the workspace, through a link, a device) is not opened.
    const where = await this.configs.snapshotTarget(loaded.uri, path);
    if ('refused' in where) throw new Error(`the snapshot ${JSON.stringify(path)} ${where.message}`);
    const at = new vscode.Position(typeof line === 'number' && Number.isInteger(line) && line >= 0 ? line : 0, 0);
    await vscode.window.showTextDocument(where.uri, { selection: new vscode.Range(at, at), preview: true });
  }

  /**
   * Check Source Links: the active note's links, or with `workspace` every checked note's.
   * Never runs on its own.
   */
  async checkLinks(scope?: unknown): Promise<LinkCheckSummary | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: link checks are off in an untrusted workspace.'));
      return undefined;
    }
    const analyses: Array<Pick<import('../core/types').DocumentAnalysis, 'citations'>> = [];
    const active = vscode.window.activeTextEditor?.document;
    if (scope === 'workspace') for (const r of this.checker.results.values()) analyses.push(r);
    else if (active?.languageId === 'markdown') analyses.push((await this.analyses.analyze(active)).analysis);
    else {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: open a note to check its source links.'));
      return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claim Lens: checking source links'), cancellable: true }, (_p, token) => this.links.check(analyses, token));
    this.diagnostics.refreshAll(); // open notes are analysed again, and their findings replace these
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    this.diagnostics.publishMany([...this.checker.results.values()].map((n) => [n.uri, open.has(n.uri.toString())
      ? this.diagnostics.diagnosticsFor(n.uri, n)
      : this.diagnostics.closedNoteDiagnosticsFor(n.uri, n)]));
    // Offline is its own outcome: those links are neither checked nor dead.
    const parts = result.offline && !result.checked
      ? [vscode.l10n.t('Claim Lens: links could not be checked (offline): no host answered and the network could not be reached. None is reported as dead.')]
      : [vscode.l10n.t('Claim Lens: checked {0} link(s); {1} did not answer.', result.checked, result.dead)];
    if (result.offline && result.checked) parts.push(vscode.l10n.t('{0} could not be checked (offline).', result.offline));
    if (result.internal) parts.push(vscode.l10n.t('{0} not checked: internal address (the user setting claimLens.allowInternalLinkChecks allows them).', result.internal));
    if (result.deadline) parts.push(vscode.l10n.t('{0} not checked: the check reached its time limit.', result.deadline));
    void vscode.window.showInformationMessage(parts.join(' '));
    return result;
  }
}
