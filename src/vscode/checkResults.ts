import * as vscode from 'vscode';
import type { Citation, Claim, DocumentAnalysis, Finding } from '../core/types';
import { Disposable } from './disposable';

/** What Check Workspace keeps of a note: what reports and link checks need, not the whole analysis. */
export interface CheckedNote {
  uri: vscode.Uri;
  claims: Claim[];
  findings: Finding[];
  /** Only the citations that carry a URL. */
  citations: Citation[];
}

export function compact(uri: vscode.Uri, a: Pick<DocumentAnalysis, 'claims' | 'findings' | 'citations'>): CheckedNote {
  return { uri, claims: a.claims, findings: a.findings, citations: a.citations.filter((c) => c.url) };
}

/**
 * What Check Workspace found, by note URI: the one place the checker, the editor's diagnostics,
 * reports and link checks read it from. Changes are told through `onDidChange`: once per pass
 * over notes (with every note it changed), or at once for a change made outside a pass.
 */
export class CheckResults extends Disposable {
  private readonly notes = new Map<string, CheckedNote>();
  /**
   * Notes whose diagnostics in the window came from a check, so they stay when the note closes.
   * Unlike the results, `clear()` leaves it: the window still shows those diagnostics.
   */
  private readonly published = new Set<string>();
  private readonly changed = this.own(new vscode.EventEmitter<vscode.Uri[]>());
  /** Fires with the notes whose results changed (or were dropped); a pass fires once at its end, even for none. */
  readonly onDidChange = this.changed.event;
  private batches = 0;
  private pending = new Map<string, vscode.Uri>();

  get size(): number {
    return this.notes.size;
  }

  get(key: string): CheckedNote | undefined {
    return this.notes.get(key);
  }

  has(key: string): boolean {
    return this.notes.has(key);
  }

  keys(): IterableIterator<string> {
    return this.notes.keys();
  }

  values(): IterableIterator<CheckedNote> {
    return this.notes.values();
  }

  /** The entries, by note URI, as a Map iterates them. */
  [Symbol.iterator](): IterableIterator<[string, CheckedNote]> {
    return this.notes.entries();
  }

  /** A copy of the entries, safe to iterate while results change. */
  entries(): Array<[string, CheckedNote]> {
    return [...this.notes];
  }

  /** Whether a note's diagnostics came from a check, so they stay when it closes. */
  keepsDiagnostics(key: string): boolean {
    return this.published.has(key);
  }

  /** Records a note the check analysed and published. */
  keep(entry: CheckedNote): void {
    const key = entry.uri.toString();
    this.notes.set(key, entry);
    this.published.add(key);
    this.touched(entry.uri);
  }

  /**
   * Replaces a checked note's results with its editor's newer analysis (nothing is published).
   * `quiet`: listeners are not told, for a caller that is answering one of them.
   */
  update(entry: CheckedNote, options: { quiet?: boolean } = {}): void {
    const key = entry.uri.toString();
    if (!this.notes.has(key)) return;
    this.notes.set(key, entry);
    if (!options.quiet) this.touched(entry.uri);
  }

  /** Drops a note: gone, unreadable, or no longer a note. True when there was something to drop. */
  forget(uri: vscode.Uri): boolean {
    const key = uri.toString();
    this.published.delete(key);
    const had = this.notes.delete(key);
    if (had) this.touched(uri);
    return had;
  }

  /** Forgets every result (the diagnostics shown stay, see `keepsDiagnostics`). */
  clear(): void {
    this.notes.clear();
  }

  /** Changes from now until the matching `endBatch` are told at once, at its end. Batches nest. */
  beginBatch(): void {
    this.batches++;
  }

  endBatch(): void {
    if (--this.batches > 0) return;
    this.batches = 0;
    const uris = [...this.pending.values()];
    this.pending = new Map();
    this.changed.fire(uris);
  }

  private touched(uri: vscode.Uri): void {
    if (this.batches > 0) this.pending.set(uri.toString(), uri);
    else this.changed.fire([uri]);
  }
}
