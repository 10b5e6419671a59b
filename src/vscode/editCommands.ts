import * as vscode from 'vscode';
import { citationEdits, suppressionEdit } from '../core/edits';
import type { Claim, DocumentAnalysis, TextEdit } from '../core/types';
import type { AnalysisService } from './analysisService';
import { askNewSource, pickCitation, validateUrl } from './citationPicker';
import { noteSourceEdit } from '../core/noteSourceEdit';
import { fromPosition, toRange } from './convert';
import { claimNear } from './lookup';
import { readSettings } from './settings';

/** The note and position a command acts on: its arguments, or the active editor's cursor. */
async function target(args: unknown[]): Promise<{ doc: vscode.TextDocument; pos: vscode.Position } | undefined> {
  const [uri, line, character] = args;
  if (typeof uri === 'string' && typeof line === 'number' && typeof character === 'number') {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return { doc, pos: new vscode.Position(line, character) };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: open a Markdown note and put the cursor on a flagged sentence.'));
    return undefined;
  }
  return { doc: editor.document, pos: editor.selection.active };
}

/** The same claim in a newer analysis: same text, nearest to where it was. */
function findAgain(a: DocumentAnalysis, claim: Claim): Claim | undefined {
  return a.claims.filter((c) => c.text === claim.text).sort((x, y) => Math.abs(x.range.start.line - claim.range.start.line) - Math.abs(y.range.start.line - claim.range.start.line))[0];
}

/**
 * Applies edits as one undoable WorkspaceEdit, but only to the version they were
 * computed for. Returns false, and says so, when the note changed in between.
 */
export async function applyToVersion(doc: vscode.TextDocument, version: number, edits: readonly TextEdit[]): Promise<boolean> {
  if (doc.version !== version) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: the note changed before the edit could be applied; nothing was changed. Try again.'));
    return false;
  }
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, toRange(e.range), e.newText);
  return vscode.workspace.applyEdit(we);
}

export class EditCommands {
  constructor(private readonly analyses: AnalysisService) {}

  private async claimFor(args: unknown[]) {
    const t = await target(args);
    if (!t) return undefined;
    const { analysis } = await this.analyses.analyze(t.doc);
    const claim = claimNear(analysis, fromPosition(t.pos));
    if (!claim) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: there is no flagged sentence at the cursor.'));
      return undefined;
    }
    return { doc: t.doc, analysis, claim };
  }

  async addCitation(...args: unknown[]): Promise<boolean> {
    const found = await this.claimFor(args);
    if (!found) return false;
    const registry = (await this.analyses.configFor(found.doc.uri)).sources;
    const chosen = await pickCitation(found.analysis, found.claim, registry);
    if (!chosen) return false;
    // The user may have typed while choosing: recompute against the note as it is now.
    const { doc } = found;
    const { analysis, version } = await this.analyses.analyze(doc);
    const claim = findAgain(analysis, found.claim);
    if (!claim) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: the sentence changed while you chose a source; nothing was inserted.'));
      return false;
    }
    const style = chosen.definition?.kind === 'footnote' ? 'footnote' : readSettings(doc.uri).citationStyle;
    const edits = citationEdits(doc.getText(), analysis, claim, chosen, style);
    if (!edits.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: the sentence already cites that source.'));
      return false;
    }
    return applyToVersion(doc, version, edits);
  }

  /**
   * "Add a source for this note…": asks for a URL and a title (or takes them as arguments, as
   * tests do) and writes them to the note's front matter as its `source:`, one undoable edit.
   */
  async addNoteSource(uri?: unknown, url?: unknown, title?: unknown): Promise<boolean> {
    const t = await target(typeof uri === 'string' ? [uri, 0, 0] : []);
    if (!t) return false;
    const given = typeof url === 'string' && !validateUrl(url) ? { url: url.trim(), title: typeof title === 'string' && title.trim() ? title.trim() : url.trim() } : undefined;
    const source = given ?? (await askNewSource(vscode.l10n.t('Source for this note')));
    if (!source) return false;
    // Computed against the note as it is once the source is chosen, and applied to that version only.
    const { doc } = t;
    const version = doc.version;
    const edit = noteSourceEdit(doc.getText(), source);
    if (!edit) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: this note already declares its source in the front matter, or its front matter cannot be read; nothing was changed.'));
      return false;
    }
    return applyToVersion(doc, version, [edit]);
  }

  async suppressClaim(...args: unknown[]): Promise<boolean> {
    const found = await this.claimFor(args);
    if (!found) return false;
    if (found.claim.suppressed) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claim Lens: this claim is already suppressed.'));
      return false;
    }
    const reason = await vscode.window.showInputBox({
      title: vscode.l10n.t('Suppress claim'),
      prompt: vscode.l10n.t('Why does this {0} claim stay as it is?', found.claim.status),
      placeHolder: vscode.l10n.t('e.g. the speaker’s view is the point of this note'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Record a reason, so the report can show it.')),
      ignoreFocusOut: true,
    });
    if (reason === undefined) return false;
    const { doc } = found;
    const { analysis, version } = await this.analyses.analyze(doc);
    const claim = findAgain(analysis, found.claim);
    if (!claim || claim.suppressed) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: the sentence changed or is already suppressed; nothing was inserted.'));
      return false;
    }
    const edit = suppressionEdit(doc.getText(), claim, reason, await this.analyses.optionsFor(doc.uri));
    if (!edit) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Claim Lens: an unclosed <!-- before this sentence would swallow any comment put near it; nothing was inserted. Close that comment, or wrap the block in claim-lens-disable … claim-lens-enable.'));
      return false;
    }
    return applyToVersion(doc, version, [edit]);
  }
}
