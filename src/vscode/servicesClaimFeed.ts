import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { Claim } from '../core/types';
import type { AnalysisService } from './analysisService';
import type { ClaimFeed, FedNote } from './claimFeed';
import { isNote, type DiagnosticsController } from './diagnostics';
import type { WorkspaceChecker } from './workspaceCheck';

/**
 * The Claims view's feed from the services as they are: an open note's claims are its editor's
 * latest analysis; any other note's are what Check Workspace found. The only file that knows
 * where claims are held.
 */
export class ServicesClaimFeed extends Disposable implements ClaimFeed {
  /** The last analysis each open note published: kept while a newer version is being analysed. */
  private readonly open = new Map<string, FedNote>();
  private readonly openDocs = new Map<string, vscode.TextDocument>();
  /** The claims of each checked note as last reported, to tell which changed after a pass. */
  private seen = new Map<string, readonly Claim[]>();
  private readonly changed = this.own(new vscode.EventEmitter<readonly vscode.Uri[]>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly analyses: AnalysisService, private readonly diagnostics: DiagnosticsController, private readonly checker: WorkspaceChecker) {
    super();
    for (const doc of vscode.workspace.textDocuments) if (isNote(doc)) this.openDocs.set(doc.uri.toString(), doc);
    for (const doc of this.openDocs.values()) this.take(doc);
    for (const [key, entry] of checker.results) this.seen.set(key, entry.claims);
    this.ownAll(
      vscode.workspace.onDidOpenTextDocument((doc) => { if (isNote(doc)) this.openDocs.set(doc.uri.toString(), doc); }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        this.openDocs.delete(key);
        if (this.open.delete(key)) this.changed.fire([doc.uri]);
      }),
      // Fires for every note whose findings were published: an open note analysed, a note checked.
      diagnostics.onDidUpdate((uri) => {
        const key = uri.toString();
        const doc = this.openDocs.get(key);
        if (doc) this.take(doc);
        // Reported now: the end of the pass need not report it again.
        const checked = this.checker.results.get(key);
        if (checked) this.seen.set(key, checked.claims);
        this.changed.fire([uri]);
      }),
      checker.onDidChangeResults(() => {
        const uris = this.resultsChanged();
        if (uris.length) this.changed.fire(uris);
      }),
    );
  }

  private take(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const analysis = this.analyses.peek(doc);
    if (analysis) this.open.set(key, { uri: doc.uri, claims: analysis.claims, findings: analysis.findings });
    // Cleared (disabled, no longer a note) or too large to analyse: it has no claims to show.
    else if (!this.diagnostics.collection.has(doc.uri) || this.diagnostics.isTooLarge(doc.uri)) this.open.delete(key);
  }

  /** The checked notes whose claims are not the ones last reported, and those gone. */
  private resultsChanged(): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    const now = new Map<string, readonly Claim[]>();
    for (const [key, entry] of this.checker.results) {
      now.set(key, entry.claims);
      if (this.seen.get(key) !== entry.claims) out.push(entry.uri);
    }
    for (const key of this.seen.keys()) if (!now.has(key)) out.push(vscode.Uri.parse(key));
    this.seen = now;
    return out;
  }

  get(uri: vscode.Uri): FedNote | undefined {
    const key = uri.toString();
    return this.open.get(key) ?? this.checker.results.get(key);
  }

  *all(): Iterable<FedNote> {
    yield* this.open.values();
    for (const [key, entry] of this.checker.results) if (!this.open.has(key)) yield entry;
  }
}
