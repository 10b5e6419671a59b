import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Claim } from '../../src/core/types';
import type { ClaimFeed, FedNote } from '../../src/vscode/claimFeed';
import { ClaimsTree, type ClaimTreeNode } from '../../src/vscode/claimsTree';
import type { ClaimsView } from '../../src/vscode/claimsView';
import { api, waitFor, workspaceUri } from './util';

// The Claims view through its provider, as the workbench reads it: roots, children, items.
// A note of the tests' own, so that edits to it leave the other tests' notes alone.
const NOTE = [
  '# Claims view',
  '',
  'The speaker said most teams already migrated (speaker opinion).',
  '',
  'A vendor slide showed rate limiting for Q3 (not verified) [slides](https://example.org/slides).',
  '',
  'Meshes will converge by 2028, which remains predictive.',
  '',
  'In my opinion the demo was rushed.',
  '',
].join('\n');
const note = () => workspaceUri('notes', 'claims-view.md');

async function view(): Promise<ClaimsView> {
  return (await api() as unknown as { claimsView: ClaimsView }).claimsView;
}

const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

/** The tree once it has taken in every change waiting for its debounce. */
function settled(v: ClaimsView): ClaimsTree {
  v.flush();
  return v.tree;
}

/** The group of a note, at the root (file grouping) or under a status or source group. */
function noteGroup(tree: ClaimsTree, uri: vscode.Uri, under?: ClaimTreeNode): ClaimTreeNode | undefined {
  return tree.getChildren(under).find((n) => n.kind === 'group' && (n.file ?? n.key) === uri.toString());
}

function rootNamed(tree: ClaimsTree, label: string): ClaimTreeNode {
  const root = tree.getChildren().find((n) => labelOf(tree.getTreeItem(n)) === label);
  assert.ok(root, `no group ${label}: ${tree.getChildren().map((n) => labelOf(tree.getTreeItem(n))).join(', ')}`);
  return root;
}

/** The labels of a note's claims in the tree (under `under`, or at the root). */
function claimLabels(tree: ClaimsTree, uri: vscode.Uri, under?: ClaimTreeNode): string[] {
  const g = noteGroup(tree, uri, under);
  return g ? tree.getChildren(g).map((n) => labelOf(tree.getTreeItem(n))) : [];
}

/** Every claim the tree shows, whatever the grouping: the leaves. */
function leaves(tree: ClaimsTree, node?: ClaimTreeNode): Array<Extract<ClaimTreeNode, { kind: 'claim' }>> {
  return tree.getChildren(node).flatMap((n) => (n.kind === 'claim' ? [n] : leaves(tree, n)));
}

async function waitForClaims(v: ClaimsView, uri: vscode.Uri, ok: (labels: string[]) => boolean): Promise<string[]> {
  await waitFor(() => ok(claimLabels(settled(v), uri)), 60_000).catch(() => assert.fail(`the view never showed the expected claims; it shows ${JSON.stringify(claimLabels(v.tree, uri))}`));
  return claimLabels(v.tree, uri);
}

describe('Claims view', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    await vscode.workspace.fs.writeFile(note(), new TextEncoder().encode(NOTE));
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(note()));
  });

  afterEach(async () => {
    const v = await view();
    v.setGroupBy('file');
    await vscode.commands.executeCommand('claimLens.claims.clearFilter');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(note()).then(undefined, () => undefined);
  });

  it('lists an open note\'s claims in note order under its file, with counts, status and source', async () => {
    const v = await view();
    const labels = await waitForClaims(v, note(), (l) => l.length === 4);
    assert.deepEqual(labels, [
      'The speaker said most teams already migrated (speaker opinion).',
      'A vendor slide showed rate limiting for Q3 (not verified) slides.',
      'Meshes will converge by 2028, which remains predictive.',
      'In my opinion the demo was rushed.',
    ]);
    const tree = v.tree;
    const group = noteGroup(tree, note())!;
    const gi = tree.getTreeItem(group);
    assert.equal(labelOf(gi), 'claims-view.md');
    // Two claims need a source: the writer's own opinion does not, the slide cites one.
    assert.equal(gi.description, '4 · 2 without source · notes');
    assert.equal((gi.iconPath as vscode.ThemeIcon).id, 'markdown');
    const items = tree.getChildren(group).map((n) => tree.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.description), ['Opinion · without source', 'Unverified · slides', 'Prediction · without source', "Opinion · the writer's own view"]);
    assert.deepEqual(items.map((i) => i.contextValue), ['claimWithoutSource', 'claim', 'claimWithoutSource', 'claim']);
    assert.deepEqual(items.map((i) => (i.iconPath as vscode.ThemeIcon).id), ['person', 'warning', 'telescope', 'person']);
    assert.equal(((items[1].iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'charts.orange');
    // The tooltip escapes note text: the sentence's link is not a link in it.
    const tip = tree.resolveTreeItem(items[1], tree.getChildren(group)[1]).tooltip as vscode.MarkdownString;
    assert.match(tip.value, /\*\*Unverified\*\*/);
    assert.match(tip.value, /\\\[slides\\\]\\\(https\\:\/\/example\\\.org\/slides\\\)/, 'the sentence, escaped');
    assert.match(tip.value, /\[slides\]\(https:\/\/example\.org\/slides\)/, 'the source, a link');
    assert.match(tip.value, /\*not verified\*/);
    assert.equal(tip.isTrusted, false);
  });

  it('groups by status and by source, with counts per group, and remembers the choice', async () => {
    const v = await view();
    await waitForClaims(v, note(), (l) => l.length === 4);
    await vscode.commands.executeCommand('claimLens.claims.groupBy', 'status');
    assert.equal(v.tree.groupBy, 'status');
    assert.equal((v as unknown as { state: vscode.Memento }).state.get('claimLens.claims.groupBy'), 'status');
    const tree = v.tree;
    const roots = tree.getChildren().map((n) => labelOf(tree.getTreeItem(n)));
    // In the built-in precedence order.
    assert.deepEqual(roots.filter((r) => ['Unverified', 'Opinion', 'Prediction'].includes(r)), ['Unverified', 'Opinion', 'Prediction']);
    const opinion = rootNamed(tree, 'Opinion');
    assert.deepEqual(claimLabels(tree, note(), opinion), ['The speaker said most teams already migrated (speaker opinion).', 'In my opinion the demo was rushed.']);
    assert.equal(tree.getTreeItem(noteGroup(tree, note(), opinion)!).description, '2 · notes');
    // The group's count is every opinion shown, in every note.
    assert.equal(tree.getTreeItem(opinion).description, String(leaves(tree, opinion).length));

    await vscode.commands.executeCommand('claimLens.claims.groupBy', 'source');
    const first = tree.getChildren()[0];
    assert.equal(labelOf(tree.getTreeItem(first)), 'Without source', 'the claims to act on come first');
    assert.deepEqual(claimLabels(tree, note(), first), ['The speaker said most teams already migrated (speaker opinion).', 'Meshes will converge by 2028, which remains predictive.', 'In my opinion the demo was rushed.']);
    const slides = rootNamed(tree, 'slides');
    assert.equal(claimLabels(tree, note(), slides).length, 1);
    assert.equal((tree.getTreeItem(slides).iconPath as vscode.ThemeIcon).id, 'link');
    // Every claim's node can be revealed: its parents lead back to a root.
    const leaf = leaves(tree, slides)[0];
    assert.equal(tree.getParent(tree.getParent(leaf)!)!, slides);
  });

  it('filters by status, by text and to claims without source, shows the filter in the description, and clears it', async () => {
    const v = await view();
    await waitForClaims(v, note(), (l) => l.length === 4);
    await vscode.commands.executeCommand('claimLens.claims.filterStatus', ['prediction', 'opinion']);
    assert.deepEqual(claimLabels(v.tree, note()).map((l) => l.slice(0, 12)), ['The speaker ', 'Meshes will ', 'In my opinio']);
    assert.equal(v.view.description, 'Filter: Opinion, Prediction');
    await vscode.commands.executeCommand('claimLens.claims.filterText', 'MESHES');
    assert.deepEqual(claimLabels(v.tree, note()).map((l) => l.slice(0, 12)), ['Meshes will ']);
    assert.equal(v.view.description, 'Filter: Opinion, Prediction · “MESHES”');
    await vscode.commands.executeCommand('claimLens.claims.filterText', '');
    await vscode.commands.executeCommand('claimLens.claims.filterUnsourced');
    assert.deepEqual(claimLabels(v.tree, note()).map((l) => l.slice(0, 12)), ['The speaker ', 'Meshes will ']);
    assert.equal(v.view.description, 'Filter: Opinion, Prediction · without source');
    assert.equal(v.view.message, `Filter: Opinion, Prediction · without source (${leaves(v.tree).length} of ${v.tree.claimCount} claims)`);
    // Every claim the view shows now needs a source, in every note.
    assert.ok(leaves(v.tree).every((n) => n.claim.sources.length === 0 && !n.claim.own));
    // A filter nothing passes says so.
    await vscode.commands.executeCommand('claimLens.claims.filterText', 'no claim says this');
    assert.deepEqual(v.tree.getChildren(), []);
    assert.equal(v.view.message, 'No claims match the filter: Opinion, Prediction · “no claim says this” · without source.');
    await vscode.commands.executeCommand('claimLens.claims.clearFilter');
    assert.equal(v.view.description, undefined);
    assert.equal(v.view.message, undefined);
    assert.equal(claimLabels(v.tree, note()).length, 4);
    assert.equal(leaves(v.tree).length, v.tree.claimCount, 'the total the message gives is every claim');
    // The toggle turns "without source" off again.
    await vscode.commands.executeCommand('claimLens.claims.filterUnsourced');
    await vscode.commands.executeCommand('claimLens.claims.filterUnsourced');
    assert.equal(v.view.description, undefined);
  });

  it('the badge counts the claims without a source, and the view follows edits, refreshing only the edited note', async () => {
    const v = await view();
    await waitForClaims(v, note(), (l) => l.length === 4);
    v.tree.getChildren(); // the root as the workbench has it
    const before = v.tree.unsourced;
    assert.equal(v.view.badge?.value, before);
    await vscode.commands.executeCommand('claimLens.claims.filterUnsourced');
    assert.equal(leaves(v.tree).length, before, 'the badge counts what the quick filter shows');
    await vscode.commands.executeCommand('claimLens.claims.clearFilter');
    v.tree.getChildren();
    const fired: Array<ClaimTreeNode | ClaimTreeNode[] | undefined> = [];
    const sub = v.tree.onDidChangeTreeData((e) => fired.push(e));
    try {
      await editor.edit((b) => b.insert(new vscode.Position(9, 0), '\nThe vendor supposedly doubled its staff.\n'));
      await waitForClaims(v, note(), (l) => l.length === 5);
    } finally {
      sub.dispose();
    }
    assert.equal(v.view.badge?.value, before + 1);
    assert.equal(v.view.badge?.tooltip, `${before + 1} claim(s) without a source`);
    // Only the edited note's group was refreshed, not the whole tree.
    assert.ok(fired.length > 0);
    for (const e of fired) {
      assert.ok(Array.isArray(e), 'no refresh of the whole tree');
      assert.deepEqual(e.map((n) => n.id), [`file:${note().toString()}`]);
    }
    await vscode.commands.executeCommand('undo');
    await waitForClaims(v, note(), (l) => l.length === 4);
    assert.equal(v.view.badge?.value, before);
  });

  it('a click reveals the claim\'s sentence, selected, and next/previous claim walk the note, following the filter', async () => {
    const v = await view();
    await waitForClaims(v, note(), (l) => l.length === 4);
    const tree = v.tree;
    const third = tree.getTreeItem(tree.getChildren(noteGroup(tree, note()))[2]);
    assert.equal(third.command?.command, 'claimLens.claims.reveal');
    // Another note in front: the click brings this one back, its sentence selected.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('notes', 'podcast.md')));
    await vscode.commands.executeCommand(third.command!.command, ...third.command!.arguments!);
    const shown = vscode.window.activeTextEditor;
    assert.equal(shown?.document.uri.toString(), note().toString());
    assert.equal(shown.document.getText(shown.selection), 'Meshes will converge by 2028, which remains predictive.');
    await vscode.window.showTextDocument(shown.document); // the editor takes the focus, as a click in it would

    const selected = () => vscode.window.activeTextEditor!.document.getText(vscode.window.activeTextEditor!.selection).slice(0, 12);
    await vscode.commands.executeCommand('claimLens.nextClaim');
    assert.equal(selected(), 'In my opinio');
    await vscode.commands.executeCommand('claimLens.nextClaim');
    assert.equal(selected(), 'The speaker ', 'wraps round to the first');
    await vscode.commands.executeCommand('claimLens.previousClaim');
    assert.equal(selected(), 'In my opinio', 'and back to the last');
    await vscode.commands.executeCommand('claimLens.previousClaim');
    assert.equal(selected(), 'Meshes will ');
    // With the quick filter on, they step over claims that have a source.
    await vscode.commands.executeCommand('claimLens.claims.filterUnsourced');
    await vscode.commands.executeCommand('claimLens.previousClaim');
    assert.equal(selected(), 'The speaker ');
    await vscode.commands.executeCommand('claimLens.nextClaim');
    assert.equal(selected(), 'Meshes will ', 'past the sourced slide');
  });

  it('an item\'s context commands: Copy Sentence copies it, Add Citation runs on its claim', async () => {
    const v = await view();
    await waitForClaims(v, note(), (l) => l.length === 4);
    const first = v.tree.getChildren(noteGroup(v.tree, note()))[0];
    await vscode.commands.executeCommand('claimLens.claims.copySentence', first);
    assert.equal(await vscode.env.clipboard.readText(), 'The speaker said most teams already migrated (speaker opinion).');
    // Add Citation is the editor's command, given the claim's place: it asks for a source and cites it there.
    const offered: string[] = [];
    const w = vscode.window as unknown as { showQuickPick: (items: readonly vscode.QuickPickItem[]) => Thenable<vscode.QuickPickItem | undefined> };
    const showQuickPick = w.showQuickPick;
    w.showQuickPick = async (items) => {
      const list = await items;
      offered.push(...list.map((i) => i.label));
      return list.find((i) => i.label.includes('slides'));
    };
    try {
      assert.equal(await vscode.commands.executeCommand('claimLens.claims.addCitation', first), true, `cited; offered ${JSON.stringify(offered)}`);
    } finally {
      w.showQuickPick = showQuickPick;
    }
    const doc = await vscode.workspace.openTextDocument(note());
    assert.match(doc.lineAt(2).text, /^The speaker said most teams already migrated \(speaker opinion\)\s?\[slides\]/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), NOTE);
  });
});

describe('Claims view with 10,000 claims', () => {
  /** 1,000 notes of 10 claims each, from a feed of the test's own. */
  function bigFeed() {
    const claim = (i: number, j: number): Claim => ({
      status: ['opinion', 'paraphrase', 'prediction', 'unverified', 'context'][j % 5],
      text: `Claim ${j} of note ${i} (speaker opinion).`,
      range: { start: { line: j * 2, character: 0 }, end: { line: j * 2, character: 30 } },
      markers: [{ text: 'speaker opinion', status: 'opinion', range: { start: { line: j * 2, character: 20 }, end: { line: j * 2, character: 35 } } }],
      sources: j % 2 ? [{ title: `Source ${j % 3}`, url: `https://example.org/${j % 3}`, via: 'inline' }] : [],
    });
    const notes = new Map<string, FedNote>();
    for (let i = 0; i < 1000; i++) {
      const uri = workspaceUri('big', `note-${String(i).padStart(4, '0')}.md`); // never written: the feed is the test's
      notes.set(uri.toString(), { uri, claims: Array.from({ length: 10 }, (_, j) => claim(i, j)) });
    }
    const emitter = new vscode.EventEmitter<readonly vscode.Uri[]>();
    const feed: ClaimFeed = { all: () => notes.values(), get: (u) => notes.get(u.toString()), onDidChange: emitter.event };
    return { notes, feed, claim };
  }

  it('builds children only for the groups opened, and an edit refreshes only its note', () => {
    const { notes, feed, claim } = bigFeed();
    const tree = new ClaimsTree(feed);
    try {
      assert.equal(tree.shownCount, 10_000);
      assert.equal(tree.unsourced, 5_000);
      const roots = tree.getChildren();
      assert.equal(roots.length, 1000);
      // So many claims: groups start collapsed, and no claim node exists yet.
      assert.equal(tree.getTreeItem(roots[0]).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.equal(tree.getTreeItem(roots[0]).description, '10 · 5 without source · big');
      assert.equal(tree.built, 0);
      assert.equal(tree.getChildren(roots[7]).length, 10);
      assert.equal(tree.built, 10, 'one group opened: its claims only');

      const fired: Array<ClaimTreeNode | ClaimTreeNode[] | undefined> = [];
      tree.onDidChangeTreeData((e) => fired.push(e));
      const edited = [...notes.values()][7];
      notes.set(edited.uri.toString(), { uri: edited.uri, claims: [...edited.claims, claim(7, 10)] });
      tree.update([edited.uri.toString()]);
      assert.equal(fired.length, 1);
      assert.ok(Array.isArray(fired[0]));
      assert.deepEqual(fired[0], [roots[7]], 'the same group object the workbench holds, and nothing else');
      assert.equal(tree.unsourced, 5_001);
      assert.equal(tree.shownCount, 10_001);
      // Told again of the same claims (a workspace check reports a note more than once): nothing to redraw.
      fired.length = 0;
      tree.update([edited.uri.toString()]);
      assert.deepEqual(fired, []);
      assert.equal(tree.unsourced, 5_001);

      // By status: five groups, counted without building a claim node.
      tree.setGroupBy('status');
      const built = tree.built;
      const statuses = tree.getChildren();
      assert.deepEqual(statuses.map((n) => tree.getTreeItem(n).description), ['2000', '2000', '2001', '2000', '2000']);
      assert.equal(tree.built, built);
      // An edit that keeps the set of statuses refreshes the statuses it touched only.
      fired.length = 0;
      notes.set(edited.uri.toString(), edited);
      tree.update([edited.uri.toString()]);
      assert.equal(fired.length, 1);
      assert.ok(Array.isArray(fired[0]));
      assert.deepEqual((fired[0] as ClaimTreeNode[]).map((n) => tree.getTreeItem(n).label), ['Opinion']);
      // A note that leaves the tree changes the root in file grouping.
      tree.setGroupBy('file');
      tree.getChildren();
      fired.length = 0;
      notes.delete(edited.uri.toString());
      tree.update([edited.uri.toString()]);
      assert.deepEqual(fired, [undefined]);
      assert.equal(tree.getChildren().length, 999);
      assert.equal(tree.unsourced, 4_995);
    } finally {
      tree.dispose();
    }
  });
});
