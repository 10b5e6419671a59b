import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { claimAfter, claimBefore, compareStatuses, GROUP_BYS, isFiltering, type ClaimFilter, type GroupBy } from '../core/claimList';
import type { ClaimFeed } from './claimFeed';
import { ClaimsTree, type ClaimTreeNode } from './claimsTree';
import { fromPosition, toRange } from './convert';
import { reportError } from './log';

export const CLAIMS_VIEW = 'claimLens.claims';
const GROUP_BY_STATE = 'claimLens.claims.groupBy';
/** Changes are taken in once the feed has been quiet this long: a workspace check sends thousands. */
const DEBOUNCE_MS = 150;

/** Runs a command body; a failure is logged and shown, never thrown at the user. */
function safe<A extends unknown[]>(name: string, fn: (...args: A) => unknown) {
  return async (...args: A): Promise<unknown> => {
    try {
      return await fn(...args);
    } catch (e) {
      reportError(name, e);
      return undefined;
    }
  };
}

/**
 * The Claims view in its activity-bar container: the tree, its badge (claims without a source),
 * the active filter in its description, and the commands of its title bar, its items and
 * next/previous claim in the editor.
 */
export class ClaimsView extends Disposable {
  readonly tree: ClaimsTree;
  readonly view: vscode.TreeView<ClaimTreeNode>;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(feed: ClaimFeed, private readonly state: vscode.Memento) {
    super();
    const saved = state.get<string>(GROUP_BY_STATE);
    this.tree = new ClaimsTree(feed, GROUP_BYS.includes(saved as GroupBy) ? saved as GroupBy : 'file');
    this.view = vscode.window.createTreeView(CLAIMS_VIEW, { treeDataProvider: this.tree, showCollapseAll: true });
    this.onDispose(() => clearTimeout(this.timer));
    this.ownAll(this.tree, this.view,
      feed.onDidChange((uris) => {
        for (const u of uris) this.pending.add(u.toString());
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
      }),
      this.tree.onDidUpdate(() => this.showState()),
      ...this.registerCommands());
    this.showState();
  }

  /** Takes in the changes waiting for the debounce now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const keys = [...this.pending];
    this.pending.clear();
    this.tree.update(keys);
  }

  /** Whether changes are waiting for the debounce. */
  get busy(): boolean {
    return this.timer !== undefined;
  }

  private showState(): void {
    const n = this.tree.unsourced;
    this.view.badge = n ? { value: n, tooltip: vscode.l10n.t('{0} claim(s) without a source', n) } : undefined;
    const f = this.tree.activeFilter;
    const filtering = isFiltering(f);
    const summary = filtering ? this.describe(f) : '';
    this.view.description = filtering ? vscode.l10n.t('Filter: {0}', summary) : undefined;
    // The message too: in its own container the view's title takes the container's, without the description.
    const shown = this.tree.shownCount;
    this.view.message = !filtering ? undefined : shown === 0
      ? vscode.l10n.t('No claims match the filter: {0}.', summary)
      : vscode.l10n.t('Filter: {0} ({1} of {2} claims)', summary, shown, this.tree.claimCount);
    void vscode.commands.executeCommand('setContext', 'claimLens.claimsFiltered', filtering);
    void vscode.commands.executeCommand('setContext', 'claimLens.claimsGroupBy', this.tree.groupBy);
  }

  private describe(f: ClaimFilter): string {
    const labels = new Map(this.tree.statusCounts().map((s) => [s.status, s.label]));
    const parts: string[] = [];
    if (f.statuses.length) parts.push([...f.statuses].sort(compareStatuses).map((s) => labels.get(s) ?? s).join(', '));
    if (f.text) parts.push(`“${f.text}”`);
    if (f.unsourced) parts.push(vscode.l10n.t('without source'));
    return parts.join(' · ');
  }

  setGroupBy(by: GroupBy): void {
    this.tree.setGroupBy(by);
    void this.state.update(GROUP_BY_STATE, by);
  }

  setFilter(f: Partial<ClaimFilter>): void {
    this.tree.setFilter({ ...this.tree.activeFilter, ...f });
  }

  private async pickGroupBy(arg?: unknown): Promise<void> {
    if (typeof arg === 'string' && GROUP_BYS.includes(arg as GroupBy)) return this.setGroupBy(arg as GroupBy);
    const labels: Record<GroupBy, string> = { file: vscode.l10n.t('File'), status: vscode.l10n.t('Status'), source: vscode.l10n.t('Source') };
    const items = GROUP_BYS.map((by) => ({ label: labels[by], by, description: by === this.tree.groupBy ? vscode.l10n.t('current') : undefined }));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Group claims by') });
    if (pick) this.setGroupBy(pick.by);
  }

  private async pickStatuses(arg?: unknown): Promise<void> {
    if (Array.isArray(arg)) return this.setFilter({ statuses: arg.filter((s): s is string => typeof s === 'string') });
    const current = new Set(this.tree.activeFilter.statuses);
    const items = this.tree.statusCounts().map((s) => ({ label: s.label, description: String(s.count), status: s.status, picked: current.has(s.status) }));
    const picks = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Show claims of these statuses'), canPickMany: true, placeHolder: vscode.l10n.t('None picked shows every status') });
    if (picks) this.setFilter({ statuses: picks.length === items.length ? [] : picks.map((p) => p.status) });
  }

  private async askText(arg?: unknown): Promise<void> {
    const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter claims by text'),
      prompt: vscode.l10n.t('Shows claims whose sentence, markers or sources contain this text. Empty shows all.'),
      value: this.tree.activeFilter.text,
    });
    if (text !== undefined) this.setFilter({ text });
  }

  /** Opens the note with the claim's sentence selected. Arguments: note URI, then its range. */
  private async reveal(uri: unknown, ...range: unknown[]): Promise<vscode.TextEditor | undefined> {
    if (typeof uri !== 'string' || range.length !== 4 || !range.every((n) => typeof n === 'number')) return undefined;
    const [sl, sc, el, ec] = range as number[];
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const selection = doc.validateRange(new vscode.Range(sl, sc, el, ec));
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(selection.start, selection.end), preserveFocus: true, preview: true });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  /** Selects the next (or previous) claim of the active note that the view shows, and shows it in the view. */
  private async step(forward: boolean): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'markdown') return false;
    this.flush();
    const claims = this.tree.shownClaims(editor.document.uri);
    const sel = editor.selection;
    const claim = forward ? claimAfter(claims, fromPosition(sel.end)) : claimBefore(claims, fromPosition(sel.start));
    if (!claim) {
      vscode.window.setStatusBarMessage(isFiltering(this.tree.activeFilter) ? vscode.l10n.t('Claim Lens: no claim in this note matches the filter') : vscode.l10n.t('Claim Lens: no flagged claim in this note'), 3000);
      return false;
    }
    const range = editor.document.validateRange(toRange(claim.range));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const node = this.view.visible ? this.tree.nodeFor(editor.document.uri, claim) : undefined;
    if (node) await Promise.resolve(this.view.reveal(node, { select: true, focus: false })).catch(() => undefined);
    return true;
  }

  private registerCommands(): vscode.Disposable[] {
    const command = (id: string, name: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, safe(name, fn));
    return [
      command('claimLens.claims.groupBy', vscode.l10n.t('Group Claims By'), (by) => this.pickGroupBy(by)),
      command('claimLens.claims.filterStatus', vscode.l10n.t('Filter Claims by Status'), (s) => this.pickStatuses(s)),
      command('claimLens.claims.filterText', vscode.l10n.t('Filter Claims by Text'), (t) => this.askText(t)),
      command('claimLens.claims.filterUnsourced', vscode.l10n.t('Show Only Claims Without Source'), () => this.setFilter({ unsourced: !this.tree.activeFilter.unsourced })),
      command('claimLens.claims.clearFilter', vscode.l10n.t('Clear Claims Filter'), () => this.setFilter({ statuses: [], text: '', unsourced: false })),
      command('claimLens.claims.reveal', vscode.l10n.t('Reveal Claim'), (uri, ...range) => this.reveal(uri, ...range)),
      command('claimLens.claims.copySentence', vscode.l10n.t('Copy Sentence'), async (node) => {
        if (!isClaimNode(node)) return;
        await vscode.env.clipboard.writeText(node.claim.text.replace(/\s*\n\s*/g, ' '));
      }),
      // The editor's Add Citation, on the claim the item stands for.
      command('claimLens.claims.addCitation', vscode.l10n.t('Add Citation'), (node) => {
        if (!isClaimNode(node)) return undefined;
        return vscode.commands.executeCommand('claimLens.addCitation', node.note.uri.toString(), node.claim.range.start.line, node.claim.range.start.character);
      }),
      command('claimLens.nextClaim', vscode.l10n.t('Next Claim'), () => this.step(true)),
      command('claimLens.previousClaim', vscode.l10n.t('Previous Claim'), () => this.step(false)),
    ];
  }
}

function isClaimNode(x: unknown): x is Extract<ClaimTreeNode, { kind: 'claim' }> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'claim';
}
