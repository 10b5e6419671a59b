import * as vscode from 'vscode';
import { analyzeText } from '../core/index';
import type { Claim } from '../core/types';
import type { ConfigService } from './configService';
import { CONFIG_NAMES } from './configService';
import { toRange } from './convert';

const EXAMPLE = ['media', 'walkthrough', 'example-note.md'];

/** A starter config: every line is a comment or an example the user can delete. */
const STARTER = `# Claim Lens configuration. See the README's ".claimlens.yaml" section for every key.

# Severity of findings that are not claim statuses: error, warning, information, hint or off.
rules:
  claim.no-source: warning

# Your own statuses, reported as claim.<name>:
# statuses:
#   hearsay:
#     label: Hearsay
#     markers: ["per the grapevine"]

# Sources that notes cite as [@key] or [@key, 12:34]:
# sources:
#   keynote:
#     url: https://example.org/keynote.mp4
#     title: The keynote
#     kind: recording
`;

/**
 * The walkthrough's actions. The example note ships with the extension and opens as an untitled
 * copy, so trying Add Citation on it writes nothing to the user's workspace unless they save it.
 */
export class Walkthrough {
  private example: vscode.TextDocument | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly configs: ConfigService) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('claimLens.walkthrough.openExample', () => this.openExample()),
      vscode.commands.registerCommand('claimLens.walkthrough.showHover', () => this.atClaim((c) => c.sources.length > 0, 'editor.action.showHover')),
      vscode.commands.registerCommand('claimLens.walkthrough.addCitation', () => this.atClaim((c) => c.sources.length === 0 && !c.own, 'claimLens.addCitation')),
      vscode.commands.registerCommand('claimLens.walkthrough.showReport', async () => {
        const editor = await this.openExample();
        return vscode.commands.executeCommand('claimLens.showReport', editor.document.uri.toString());
      }),
      vscode.commands.registerCommand('claimLens.openConfig', () => this.openConfig()),
    ];
  }

  /** Shows the example note: the copy already open, or a new untitled one. */
  async openExample(): Promise<vscode.TextEditor> {
    if (!this.example || this.example.isClosed) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, ...EXAMPLE));
      this.example = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
    }
    return vscode.window.showTextDocument(this.example, { preview: false, viewColumn: vscode.ViewColumn.One });
  }

  /** Puts the cursor in the example's first claim that `pick` accepts, then runs `command` there. */
  private async atClaim(pick: (c: Claim) => boolean, command: string): Promise<unknown> {
    const editor = await this.openExample();
    const claim = analyzeText(editor.document.getText()).claims.find(pick);
    if (!claim) return undefined;
    const range = toRange(claim.range);
    const at = range.start.translate(0, Math.min(4, Math.max(0, range.end.character - range.start.character)));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return vscode.commands.executeCommand(command);
  }

  /**
   * Opens the config that applies to the active note (or the first folder). Only when there is
   * none, and only because the user asked, creates `.claimlens.yaml` with a starter, left unsaved.
   */
  async openConfig(): Promise<void> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    const probe = active && vscode.workspace.getWorkspaceFolder(active) ? active : folder ? vscode.Uri.joinPath(folder.uri, 'note.md') : undefined;
    const loaded = probe ? await this.configs.forDocument(probe) : undefined;
    if (loaded?.uri) {
      await vscode.window.showTextDocument(loaded.uri, { preview: false });
      return;
    }
    if (!folder) {
      // No folder to put it in: a copy to save wherever the user likes.
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: STARTER });
      await vscode.window.showTextDocument(doc, { preview: false });
      return;
    }
    const target = vscode.Uri.joinPath(folder.uri, CONFIG_NAMES[0]);
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { ignoreIfExists: true });
    edit.insert(target, new vscode.Position(0, 0), STARTER);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: could not create {0}.', target.fsPath || target.path));
      return;
    }
    await vscode.window.showTextDocument(target, { preview: false });
  }
}
