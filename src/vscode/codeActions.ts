import * as vscode from 'vscode';
import { ADD_CITATION, ADD_TO_REGISTRY, SUPPRESS_CLAIM, USE_ARCHIVE } from './commandIds';
import { citationEdits } from '../core/edits';
import type { Claim, DocumentAnalysis } from '../core/types';
import type { AnalysisService } from './analysisService';
import { codeOf, dataOf, fromPosition, toRange } from './convert';
import { claimAt } from './lookup';
import { readSettings } from './settings';
import { log } from './log';

/**
 * Quick fixes driven by our diagnostics' codes: Add citation… (preferred for a missing
 * source), Cite the note's own source at once, and Suppress with reason….
 */
export class ClaimCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analyses: AnalysisService) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const ours = context.diagnostics.filter((d) => codeOf(d)?.startsWith('claim.'));
    // A claim shown only as a highlight has no diagnostic: its fixes come from the analysis showing.
    const highlighted = ours.length ? undefined : this.highlightedClaimAt(doc, range);
    const needsAnalysis = ours.length > 0 || !!highlighted || context.diagnostics.some((d) => codeOf(d) === 'quote.not-in-source');
    if (!needsAnalysis) return this.sourceFixes(doc, context.diagnostics);
    try {
      const { analysis, version } = await this.analyses.analyze(doc);
      if (token.isCancellationRequested || version !== doc.version) return [];
      const sourceFixes = this.sourceFixes(doc, context.diagnostics, analysis);
      const actions: vscode.CodeAction[] = [];
      const seen = new Set<Claim>();
      let noteSourceOffered = false;
      const at = highlighted ? [highlighted] : ours.map((d) => d.range.start);
      for (const start of at) {
        const claim = claimAt(analysis, fromPosition(start));
        if (!claim || seen.has(claim)) continue;
        seen.add(claim);
        const noSource = ours.filter((d) => codeOf(d) === 'claim.no-source' && claimAt(analysis, fromPosition(d.range.start)) === claim);
        const related = ours.filter((d) => claimAt(analysis, fromPosition(d.range.start)) === claim);
        const args = [doc.uri.toString(), claim.range.start.line, claim.range.start.character];

        const add = new vscode.CodeAction(vscode.l10n.t('Add citation…'), vscode.CodeActionKind.QuickFix);
        add.command = { command: ADD_CITATION, title: add.title, arguments: args };
        add.diagnostics = noSource.length ? noSource : related;
        add.isPreferred = noSource.length > 0;
        actions.push(add);

        const style = readSettings(doc.uri).citationStyle;
        for (const source of analysis.noteSources.slice(0, 3)) {
          if (!source.url || claim.sources.some((s) => s.via !== 'note' && s.url === source.url)) continue;
          const edits = citationEdits(doc.getText(), analysis, claim, { url: source.url, title: source.title }, style);
          if (!edits.length) continue;
          const cite = new vscode.CodeAction(vscode.l10n.t('Cite “{0}”', source.title), vscode.CodeActionKind.QuickFix);
          cite.edit = new vscode.WorkspaceEdit();
          for (const e of edits) cite.edit.insert(doc.uri, toRange(e.range).start, e.newText);
          cite.diagnostics = related;
          actions.push(cite);
        }

        // One source for the whole note, in its front matter: every claim that cites nothing takes it.
        if (noSource.length && !noteSourceOffered) {
          noteSourceOffered = true;
          const note = new vscode.CodeAction(vscode.l10n.t('Add a source for this note…'), vscode.CodeActionKind.QuickFix);
          note.command = { command: 'claimLens.addNoteSource', title: note.title, arguments: [doc.uri.toString()] };
          note.diagnostics = noSource;
          actions.push(note);
        }

        const suppress = new vscode.CodeAction(vscode.l10n.t('Suppress with reason…'), vscode.CodeActionKind.QuickFix);
        suppress.command = { command: SUPPRESS_CLAIM, title: suppress.title, arguments: args };
        suppress.diagnostics = related;
        actions.push(suppress);
      }
      return [...actions, ...sourceFixes];
    } catch (e) {
      log().error(`Quick fixes for ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [];
    }
  }

  /**
   * The start of the claim under the cursor when claims show as highlights, from the analysis
   * already showing (never a new one: this runs on every cursor move).
   */
  private highlightedClaimAt(doc: vscode.TextDocument, range: vscode.Range): vscode.Position | undefined {
    if (readSettings(doc.uri).display === 'diagnostics') return undefined;
    const analysis = this.analyses.peek(doc);
    const claim = analysis && claimAt(analysis, fromPosition(range.start));
    return claim && !claim.suppressed ? toRange(claim.range).start : undefined;
  }

  /** Fixes for the sources registry, quotations and dead links. */
  private sourceFixes(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[], analysis?: DocumentAnalysis): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of diagnostics) {
      const code = codeOf(d);
      if (code === 'source.unknown-key') {
        const key = dataOf(d, 'source.unknown-key')?.key;
        if (!key) continue;
        const a = new vscode.CodeAction(vscode.l10n.t('Add @{0} to the sources registry…', key), vscode.CodeActionKind.QuickFix);
        a.command = { command: ADD_TO_REGISTRY, title: a.title, arguments: [doc.uri.toString(), key] };
        a.diagnostics = [d];
        a.isPreferred = true;
        out.push(a);
      } else if (code === 'quote.not-in-source') {
        const passage = dataOf(d, 'quote.not-in-source')?.passage;
        if (passage) {
          const replace = new vscode.CodeAction(vscode.l10n.t('Replace the quotation with the closest passage'), vscode.CodeActionKind.QuickFix);
          replace.edit = new vscode.WorkspaceEdit();
          replace.edit.replace(doc.uri, d.range, passage.replace(/[.,;:]$/, ''));
          replace.diagnostics = [d];
          out.push(replace);
        }
        // Not once the sentence says so: the fix was applied, or the writer marked it already.
        const claim = analysis && claimAt(analysis, fromPosition(d.range.start));
        if (claim?.markers.some((m) => /speaker paraphrase/i.test(m.text))) continue;
        const mark = new vscode.CodeAction(vscode.l10n.t('Mark the sentence as speaker paraphrase'), vscode.CodeActionKind.QuickFix);
        mark.edit = new vscode.WorkspaceEdit();
        // Right after the closing quotation mark.
        mark.edit.insert(doc.uri, d.range.end.translate(0, 1), ' (speaker paraphrase)');
        mark.diagnostics = [d];
        out.push(mark);
      } else if (code === 'source.unreachable') {
        const key = dataOf(d, 'source.unreachable')?.key;
        if (!key) continue;
        const a = new vscode.CodeAction(vscode.l10n.t('Use the archived copy of @{0}', key), vscode.CodeActionKind.QuickFix);
        a.command = { command: USE_ARCHIVE, title: a.title, arguments: [doc.uri.toString(), key] };
        a.diagnostics = [d];
        out.push(a);
      }
    }
    return out;
  }
}
