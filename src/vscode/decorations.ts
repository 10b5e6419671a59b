import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { statusLabel } from '../core/report';
import type { Claim } from '../core/types';
import { claimDecorations, DECORATED_STATUSES, type ClaimDecoration, type DecorationKind } from './claimDisplay';
import { toRange } from './convert';
import type { DiagnosticsController, NoteClaims } from './diagnostics';
import { readSettings } from './settings';

const KINDS: readonly DecorationKind[] = [...DECORATED_STATUSES, 'other'];

/** `opinion · Keynote recording 41:10`: the status, then the primary source and where in it. */
export function claimLabel(c: Claim): string {
  const status = statusLabel(c.status, c.label).toLowerCase();
  const source = c.sources[0];
  if (!source) return `${status} · ${vscode.l10n.t('no source')}`;
  const at = c.timestamps?.[0]?.text;
  return `${status} · ${source.title}${at ? ` ${at}` : ''}`;
}

/**
 * Shows claims as highlights: a background and underline per status, a gutter mark, and
 * optionally an end-of-line label. One decoration type per status for the whole window, reused
 * by every editor; each analysis replaces a note's ranges in the editors that show it.
 */
export class ClaimDecorations extends Disposable {
  private readonly types = new Map<DecorationKind, vscode.TextEditorDecorationType>();
  /** The gutter marks apart, on each claim's first character: a wrapped or long claim gets one mark, not one per line. */
  private readonly gutters = new Map<DecorationKind, vscode.TextEditorDecorationType>();
  private readonly labelType: vscode.TextEditorDecorationType;
  /** What each open note highlights, from its latest analysis. */
  private readonly byUri = new Map<string, ClaimDecoration[]>();
  private readonly labels = new Map<string, boolean>();
  private readonly applied = this.own(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a note's highlights were set on the editors that show it (for tests). */
  readonly onDidApply = this.applied.event;

  constructor(extensionUri: vscode.Uri, diagnostics: DiagnosticsController) {
    super();
    for (const kind of KINDS) {
      const icon = (theme: string) => vscode.Uri.joinPath(extensionUri, 'media', 'gutter', `${kind}-${theme}.svg`);
      this.types.set(kind, this.own(vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(`claimLens.${kind}Background`),
        borderColor: new vscode.ThemeColor(`claimLens.${kind}Underline`),
        borderStyle: 'solid',
        borderWidth: '0 0 1px 0',
        overviewRulerColor: new vscode.ThemeColor(`claimLens.${kind}Underline`),
        overviewRulerLane: vscode.OverviewRulerLane.Center,
        // Typing at either end of a claim does not stretch its highlight.
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      })));
      this.gutters.set(kind, this.own(vscode.window.createTextEditorDecorationType({
        light: { gutterIconPath: icon('light'), gutterIconSize: 'contain' },
        dark: { gutterIconPath: icon('dark'), gutterIconSize: 'contain' },
      })));
    }
    this.labelType = this.own(vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('claimLens.labelForeground'), margin: '0 0 0 2em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }));
    this.onDispose(() => this.byUri.clear());
    this.ownAll(
      diagnostics.onDidShowClaims(({ uri, analysis }) => this.update(uri, analysis)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => { for (const e of editors) this.apply(e); }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.byUri.delete(d.uri.toString());
        this.labels.delete(d.uri.toString());
      }),
    );
  }

  /** Replaces a note's highlights with those of its latest analysis, or removes them. */
  update(uri: vscode.Uri, analysis?: NoteClaims): void {
    const key = uri.toString();
    const s = readSettings(uri);
    const items = analysis && s.enable && s.display !== 'diagnostics' ? claimDecorations(analysis.claims, analysis.findings, claimLabel) : [];
    if (items.length === 0 && !this.byUri.has(key)) return; // nothing shown, nothing to show
    if (items.length) this.byUri.set(key, items);
    else this.byUri.delete(key);
    this.labels.set(key, s.endOfLineLabels);
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === key) this.apply(e, true);
    this.applied.fire(uri);
  }

  private apply(editor: vscode.TextEditor, force = false): void {
    const key = editor.document.uri.toString();
    const items = this.byUri.get(key);
    if (!items && !force) return; // a new editor starts without highlights
    const ranges = new Map<DecorationKind, vscode.Range[]>(KINDS.map((k) => [k, []]));
    for (const d of items ?? []) ranges.get(d.kind)!.push(toRange(d.range));
    for (const [kind, list] of ranges) {
      editor.setDecorations(this.types.get(kind)!, list);
      editor.setDecorations(this.gutters.get(kind)!, list.map((r) => new vscode.Range(r.start, r.start)));
    }
    editor.setDecorations(this.labelType, items && this.labels.get(key) ? this.labelOptions(editor.document, items) : []);
  }

  /** One label at the end of each line where claims end, naming them in order. */
  private labelOptions(doc: vscode.TextDocument, items: readonly ClaimDecoration[]): vscode.DecorationOptions[] {
    const byLine = new Map<number, string[]>();
    for (const d of items) {
      const line = d.range.end.line;
      if (line >= doc.lineCount) continue;
      const list = byLine.get(line);
      if (list) list.push(d.label);
      else byLine.set(line, [d.label]);
    }
    return [...byLine].map(([line, labels]) => {
      const end = doc.lineAt(line).range.end;
      return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: labels.join('  |  ') } } };
    });
  }

  /** For tests: the ranges a note highlights per status, and its labels. */
  shownFor(uri: vscode.Uri): { ranges: Record<DecorationKind, vscode.Range[]>; labels: string[]; labelsShown: boolean } {
    const items = this.byUri.get(uri.toString()) ?? [];
    const ranges = Object.fromEntries(KINDS.map((k) => [k, items.filter((d) => d.kind === k).map((d) => toRange(d.range))])) as Record<DecorationKind, vscode.Range[]>;
    return { ranges, labels: items.map((d) => d.label), labelsShown: this.labels.get(uri.toString()) === true };
  }
}
