import * as vscode from 'vscode';
import { claimMatcher, claimsNeedingSource, compareStatuses, isFiltering, groupKeys, inNoteOrder, NO_FILTER, NO_SOURCE_KEY, readable, shorten, sourceKey, type ClaimFilter, type GroupBy } from '../core/claimList';
import { statusLabel } from '../core/report';
import type { Claim, Finding } from '../core/types';
import type { ClaimFeed } from './claimFeed';
import { viaText } from './hover';
import { escapeMd, safeLink } from './markdownText';

/** A note as the view holds it. */
export interface NoteState {
  key: string;
  uri: vscode.Uri;
  /** Workspace-relative path, for labels and order. */
  path: string;
  /** What the feed gave, to tell a change from the same claims again. */
  fed: { claims: readonly Claim[]; findings?: readonly Finding[] };
  /** Its claims that are not suppressed, in note order. */
  claims: Claim[];
  /** Its claims that need a source and cite none. */
  needy: ReadonlySet<Claim>;
  /** `claims` through the current filter, computed when first needed. */
  shown?: Claim[];
}

/** A group: a note (file grouping), a status or a source; `file` set for a note inside a status or source group. */
export interface GroupNode {
  kind: 'group';
  id: string;
  by: GroupBy;
  /** The note's key (file grouping), the status, or the source key. */
  key: string;
  /** For a note inside a status or source group. */
  file?: string;
  parent?: GroupNode;
}

export interface ClaimNode {
  kind: 'claim';
  id: string;
  note: NoteState;
  claim: Claim;
  parent: GroupNode;
}

export type ClaimTreeNode = GroupNode | ClaimNode;

/** One icon per built-in status, as the hover card shows it; built-in theme colours. */
const ICONS: Record<string, [icon: string, color: string]> = {
  unverified: ['warning', 'charts.orange'],
  paraphrase: ['comment-discussion', 'charts.blue'],
  opinion: ['person', 'charts.purple'],
  prediction: ['telescope', 'charts.green'],
  context: ['info', 'charts.yellow'],
};

/** Above this many claims in all, groups start collapsed: the user opens the ones wanted. */
const EXPAND_UP_TO = 200;

/**
 * The Claims view's tree: claims grouped by note, status or source, through a filter. Children
 * are built only when a group is expanded, and a change to some notes refreshes only their
 * groups when the set of groups stays the same.
 */
export class ClaimsTree implements vscode.TreeDataProvider<ClaimTreeNode>, vscode.Disposable {
  private readonly notes = new Map<string, NoteState>();
  private by: GroupBy;
  private filter: ClaimFilter = NO_FILTER;
  private matches = claimMatcher(NO_FILTER, (c) => this.needy.has(c));
  /** Every note's claims that need a source, for the filter. */
  private readonly needy = new Set<Claim>();
  /** Group nodes by id: the same object each time, so that a refresh can name it. */
  private readonly groups = new Map<string, GroupNode>();
  /** Claims shown per status or source group, and the group's label; undefined until needed. */
  private totals: Map<string, { count: number; label: string }> | undefined;
  private shownTotal: number | undefined;
  /** Claims that need a source and cite none, in every note, whatever the filter. */
  unsourced = 0;
  /** Claims in every note, whatever the filter. */
  claimCount = 0;
  /** Claim nodes built so far: children are built only for expanded groups. */
  built = 0;
  private readonly changed = new vscode.EventEmitter<ClaimTreeNode | ClaimTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after the tree took in a change: notes, filter or grouping. */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly feed: ClaimFeed, by: GroupBy = 'file') {
    this.by = by;
    for (const n of feed.all()) this.put(n.uri, n.claims, n.findings);
  }

  get groupBy(): GroupBy {
    return this.by;
  }

  get activeFilter(): ClaimFilter {
    return this.filter;
  }

  setGroupBy(by: GroupBy): void {
    if (by === this.by) return;
    this.by = by;
    this.reset();
  }

  setFilter(f: ClaimFilter): void {
    this.filter = isFiltering(f) ? { statuses: [...f.statuses], text: f.text.trim(), unsourced: f.unsourced } : NO_FILTER;
    this.matches = claimMatcher(this.filter, (c) => this.needy.has(c));
    for (const n of this.notes.values()) n.shown = undefined;
    this.reset();
  }

  /** Statuses present in the notes, with how many claims each, before the filter. */
  statusCounts(): Array<{ status: string; label: string; count: number }> {
    const counts = new Map<string, { label: string; count: number }>();
    for (const n of this.notes.values()) {
      for (const c of n.claims) {
        const e = counts.get(c.status);
        if (e) e.count++;
        else counts.set(c.status, { label: statusLabel(c.status, c.label), count: 1 });
      }
    }
    return [...counts].sort(([a], [b]) => compareStatuses(a, b)).map(([status, e]) => ({ status, ...e }));
  }

  /** Notes and their claims after the filter, in note order, for next/previous claim. */
  shownClaims(uri: vscode.Uri): Claim[] {
    const n = this.notes.get(uri.toString());
    return n ? this.shown(n) : [];
  }

  /** How many claims pass the filter, in all notes. */
  get shownCount(): number {
    if (this.shownTotal === undefined) {
      let total = 0;
      for (const n of this.notes.values()) total += this.shown(n).length;
      this.shownTotal = total;
    }
    return this.shownTotal;
  }

  /** Takes in the notes the feed says changed. */
  update(keys: Iterable<string>): void {
    const by = this.by;
    const rootsBefore = by === 'file' || !this.totals ? undefined : this.rootKeys();
    // Totals never built: the root was never shown, and there is nothing to refresh piecemeal.
    let structural = by !== 'file' && !this.totals;
    const touched = new Set<string>();
    for (const key of keys) {
      const before = this.notes.get(key);
      const fed = this.feed.get(before?.uri ?? vscode.Uri.parse(key));
      // The very claims it has: a workspace check reports each note more than once.
      if (before && fed && fed.claims === before.fed.claims && fed.findings === before.fed.findings) continue;
      const had = before ? this.membersOf(before) : new Map<string, Claim[]>();
      if (before) this.remove(before);
      const after = fed ? this.put(fed.uri, fed.claims, fed.findings) : undefined;
      const has = after ? this.membersOf(after) : new Map<string, Claim[]>();
      // A note that appears in the tree or leaves it changes the root.
      if (by === 'file' && had.size !== has.size) structural = true;
      // A group whose claims from this note are the very same objects as before needs no refresh.
      for (const g of new Set([...had.keys(), ...has.keys()])) if (!sameClaims(had.get(g), has.get(g))) touched.add(g);
    }
    this.shownTotal = undefined;
    if (rootsBefore) {
      const now = this.rootKeys();
      if (now.size !== rootsBefore.size || [...now].some((k) => !rootsBefore.has(k))) structural = true;
    }
    if (structural) this.changed.fire(undefined);
    else if (touched.size) this.changed.fire([...touched].map((g) => this.group(by, g)));
    this.updated.fire();
  }

  private rootKeys(): Set<string> {
    return new Set([...this.ensureTotals()].filter(([, t]) => t.count > 0).map(([k]) => k));
  }

  /** A note's shown claims in one status or source group. */
  private count(n: NoteState, g: string): number {
    return this.shown(n).filter((c) => groupKeys(c, this.by as 'status' | 'source').includes(g)).length;
  }

  private reset(): void {
    this.groups.clear();
    this.totals = undefined;
    this.shownTotal = undefined;
    this.changed.fire(undefined);
    this.updated.fire();
  }

  private put(uri: vscode.Uri, all: readonly Claim[], findings?: readonly Finding[]): NoteState | undefined {
    const claims = inNoteOrder(all.filter((c) => !c.suppressed));
    if (claims.length === 0) return undefined;
    const key = uri.toString();
    const old = this.notes.get(key);
    if (old) this.remove(old);
    const n: NoteState = { key, uri, fed: { claims: all, findings }, path: vscode.workspace.asRelativePath(uri), claims, needy: claimsNeedingSource(claims, findings) };
    this.notes.set(key, n);
    for (const c of n.needy) this.needy.add(c);
    this.unsourced += n.needy.size;
    this.claimCount += claims.length;
    if (this.totals) this.addTotals(n, 1);
    return n;
  }

  private remove(n: NoteState): void {
    this.notes.delete(n.key);
    for (const c of n.needy) this.needy.delete(c);
    this.unsourced -= n.needy.size;
    this.claimCount -= n.claims.length;
    if (this.totals) this.addTotals(n, -1);
  }

  private shown(n: NoteState): Claim[] {
    return (n.shown ??= this.filter === NO_FILTER ? n.claims : n.claims.filter(this.matches));
  }

  /** The groups a note's shown claims fall into, with its claims in each. */
  private membersOf(n: NoteState): Map<string, Claim[]> {
    const shown = this.shown(n);
    const out = new Map<string, Claim[]>();
    if (shown.length === 0) return out;
    if (this.by === 'file') return out.set(n.key, shown);
    for (const c of shown) {
      for (const k of groupKeys(c, this.by)) {
        const list = out.get(k);
        if (list) list.push(c);
        else out.set(k, [c]);
      }
    }
    return out;
  }

  private addTotals(n: NoteState, sign: 1 | -1): void {
    if (this.by === 'file') return;
    for (const c of this.shown(n)) {
      const keys = groupKeys(c, this.by);
      for (const k of keys) {
        let t = this.totals!.get(k);
        if (!t) this.totals!.set(k, (t = { count: 0, label: this.groupLabel(c, k) }));
        t.count += sign;
      }
    }
  }

  private groupLabel(c: Claim, key: string): string {
    if (this.by === 'status') return statusLabel(c.status, c.label);
    if (key === NO_SOURCE_KEY) return vscode.l10n.t('Without source');
    const s = c.sources.find((x) => sourceKey(x) === key);
    return s?.title || s?.url || key;
  }

  private ensureTotals(): Map<string, { count: number; label: string }> {
    if (!this.totals) {
      this.totals = new Map();
      for (const n of this.notes.values()) this.addTotals(n, 1);
    }
    return this.totals;
  }

  private group(by: GroupBy, key: string, file?: string, parent?: GroupNode): GroupNode {
    const id = file ? `${by}:${key}\n${file}` : `${by}:${key}`;
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = { kind: 'group', id, by, key, file, parent }));
    return g;
  }

  /** The node of a claim in the tree as it is grouped now, for TreeView.reveal(). */
  nodeFor(uri: vscode.Uri, claim: Claim): ClaimNode | undefined {
    const note = this.notes.get(uri.toString());
    if (!note || !this.shown(note).includes(claim)) return undefined;
    if (this.by === 'file') return this.claimNode(note, claim, this.group('file', note.key));
    const top = this.group(this.by, groupKeys(claim, this.by)[0]);
    return this.claimNode(note, claim, this.group(this.by, top.key, note.key, top));
  }

  private claimNode(note: NoteState, claim: Claim, parent: GroupNode): ClaimNode {
    this.built++;
    return { kind: 'claim', id: `${parent.id}#${claim.range.start.line}:${claim.range.start.character}`, note, claim, parent };
  }

  getChildren(node?: ClaimTreeNode): ClaimTreeNode[] {
    if (!node) return this.roots();
    if (node.kind === 'claim') return [];
    if (node.by === 'file' || node.file) {
      const note = this.notes.get(node.file ?? node.key);
      if (!note) return [];
      const claims = node.file ? this.shown(note).filter((c) => groupKeys(c, node.by as 'status' | 'source').includes(node.key)) : this.shown(note);
      return claims.map((c) => this.claimNode(note, c, node));
    }
    // A status or source: the notes with claims in it, by path.
    const notes = [...this.notes.values()].filter((n) => this.shown(n).some((c) => groupKeys(c, node.by as 'status' | 'source').includes(node.key)));
    return this.byPath(notes).map((n) => this.group(node.by, node.key, n.key, node));
  }

  private byPath(notes: NoteState[]): NoteState[] {
    return notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private roots(): GroupNode[] {
    if (this.by === 'file') return this.byPath([...this.notes.values()].filter((n) => this.shown(n).length > 0)).map((n) => this.group('file', n.key));
    const totals = [...this.ensureTotals()].filter(([, t]) => t.count > 0);
    if (this.by === 'status') totals.sort(([a], [b]) => compareStatuses(a, b));
    // Without source first: those are the claims to act on.
    else totals.sort(([a, x], [b, y]) => Number(b === NO_SOURCE_KEY) - Number(a === NO_SOURCE_KEY) || x.label.localeCompare(y.label));
    return totals.map(([key]) => this.group(this.by, key));
  }

  getParent(node: ClaimTreeNode): ClaimTreeNode | undefined {
    return node.parent;
  }

  getTreeItem(node: ClaimTreeNode): vscode.TreeItem {
    if (node.kind === 'claim') return this.claimItem(node);
    const state = this.shownCount > EXPAND_UP_TO ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const note = node.by === 'file' || node.file ? this.notes.get(node.file ?? node.key) : undefined;
    if (note) {
      const count = node.file ? this.count(note, node.key) : this.shown(note).length;
      // No resourceUri: the workbench would add the Problems panel's colours and counts to it.
      const item = new vscode.TreeItem(note.path.split('/').pop() ?? note.path, state);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('markdown');
      const dir = note.path.includes('/') ? note.path.slice(0, note.path.lastIndexOf('/')) : '';
      item.description = [countText(count, node.file ? 0 : this.unsourcedShown(note)), dir].filter(Boolean).join(' · ');
      item.tooltip = note.path;
      item.contextValue = 'claimFile';
      return item;
    }
    const t = this.ensureTotals().get(node.key);
    const item = new vscode.TreeItem(t?.label ?? node.key, state);
    item.id = node.id;
    item.description = countText(t?.count ?? 0, 0);
    if (node.by === 'status') {
      const [icon, color] = ICONS[node.key] ?? ['tag', ''];
      item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    } else item.iconPath = new vscode.ThemeIcon(node.key === NO_SOURCE_KEY ? 'circle-slash' : 'link');
    item.contextValue = node.by === 'status' ? 'claimStatus' : 'claimSource';
    return item;
  }

  private unsourcedShown(n: NoteState): number {
    return this.filter.unsourced ? 0 : this.shown(n).filter((c) => n.needy.has(c)).length;
  }

  private claimItem(node: ClaimNode): vscode.TreeItem {
    const { claim: c, note } = node;
    const item = new vscode.TreeItem(shorten(readable(c.text)), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = `${statusLabel(c.status, c.label)} · ${sourceText(c, note.needy.has(c))}`;
    const [icon, color] = ICONS[c.status] ?? ['tag', ''];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = note.needy.has(c) ? 'claimWithoutSource' : 'claim';
    const r = c.range;
    item.command = { command: 'claimLens.claims.reveal', title: vscode.l10n.t('Reveal Claim'), arguments: [note.uri.toString(), r.start.line, r.start.character, r.end.line, r.end.character] };
    item.accessibilityInformation = { label: `${statusLabel(c.status, c.label)}: ${item.label as string}; ${sourceText(c, note.needy.has(c))}` };
    return item;
  }

  /** The tooltip, built only when the user hovers the item. */
  resolveTreeItem(item: vscode.TreeItem, node: ClaimTreeNode): vscode.TreeItem {
    if (node.kind === 'claim') item.tooltip = claimTooltip(node.claim, node.note.path, node.note.needy.has(node.claim));
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.updated.dispose();
  }
}

function sameClaims(a: readonly Claim[] | undefined, b: readonly Claim[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((c, i) => c === b[i]);
}

function countText(count: number, unsourced: number): string {
  return unsourced ? vscode.l10n.t('{0} · {1} without source', count, unsourced) : String(count);
}

function sourceText(c: Claim, needy: boolean): string {
  if (c.sources.length === 0) return needy ? vscode.l10n.t('without source') : c.own ? vscode.l10n.t("the writer's own view") : vscode.l10n.t('no source needed');
  const first = c.sources[0].title || c.sources[0].url || '';
  return c.sources.length > 1 ? `${first} +${c.sources.length - 1}` : first;
}

/** Status, markers and sources; every piece of note text escaped, links only for safe URLs. */
export function claimTooltip(c: Claim, path: string, needy: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  const [icon] = ICONS[c.status] ?? ['tag'];
  md.appendMarkdown(`$(${icon}) **${escapeMd(statusLabel(c.status, c.label))}** · ${escapeMd(path)}:${c.range.start.line + 1}\n\n`);
  md.appendMarkdown(`${escapeMd(c.text)}\n\n`);
  md.appendMarkdown(`${escapeMd(vscode.l10n.t('Marked as'))}: ${c.markers.map((m) => `*${escapeMd(m.text)}*`).join(', ')}\n\n`);
  if (c.sources.length) {
    for (const s of c.sources) md.appendMarkdown(`- $(link) ${safeLink(s.title, s.url)} *(${escapeMd(viaText(s))})*\n`);
  } else if (needy) {
    md.appendMarkdown(`$(circle-slash) ${escapeMd(vscode.l10n.t('No primary source: nothing cited in the sentence, and no source in the front matter.'))}\n`);
  } else {
    md.appendMarkdown(`${escapeMd(c.own ? vscode.l10n.t("The writer's own view: no source needed.") : vscode.l10n.t('No source needed (the config or a suppression says so).'))}\n`);
  }
  return md;
}
