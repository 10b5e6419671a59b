import * as vscode from 'vscode';
import { batchesOf } from '../core/batches';
import { parseConfig } from '../core/config';
import { configFindings, ruleFinding, ruleMessage } from '../core/findings';
import type { DocumentAnalysis, Finding } from '../core/types';
import type { AnalysisService } from './analysisService';
import type { CheckResults } from './checkResults';
import { displayedFindings } from './claimDisplay';
import { isConfigUri, type ConfigService } from './configService';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import { Disposable } from './disposable';
import { log } from './log';
import { readSettings } from './settings';

const DEBOUNCE_MS = 250;

/**
 * Findings from outside a note's text (link checks), for its citations. `uri` is the note's: the
 * extension always passes it; a test's wrapper may leave it out, and gets the default severities.
 */
export type ExtraFindings = (analysis: Pick<DocumentAnalysis, 'citations'>, uri?: vscode.Uri) => Finding[];
/** What showing a note's claims takes from its analysis. */
export type NoteClaims = Pick<DocumentAnalysis, 'claims' | 'findings'>;
/**
 * The most diagnostics one DiagnosticCollection.set() call gets to the window. VS Code sends
 * at most 1,100 per call and silently leaves out the notes after that; it keeps at most 1,000
 * per note, so a note never needs more than one call of its own.
 */
const DIAGNOSTICS_PER_CALL = 1000;

export function isNote(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && doc.uri.scheme !== 'git' && doc.uri.scheme !== 'output';
}

const docsUris = new Map<string, vscode.Uri>();
/**
 * The rule page of a diagnostic code: a command link that opens the page shipped in the extension
 * (docs/rules) in the Markdown preview, offline and at the installed version, not a web page.
 * One shared Uri per code, since thousands of diagnostics carry one.
 */
export const docsUri = (code: string) => {
  let uri = docsUris.get(code);
  if (!uri) docsUris.set(code, (uri = vscode.Uri.parse(`command:claimLens.openRuleDocs?${encodeURIComponent(JSON.stringify([code]))}`)));
  return uri;
};

/**
 * Owns the one DiagnosticCollection. Analyses notes on open, on change (debounced) and
 * on save as `claimLens.run` says, drops results for versions that are no longer current,
 * and clears a note when it closes unless a workspace check covers it.
 */
export class DiagnosticsController extends Disposable {
  readonly collection = this.own(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Notes over claimLens.maxFileSizeKB that were skipped, and those the user asked to analyse anyway. */
  private readonly skipped = new Set<string>();
  private readonly forced = new Set<string>();
  /** The version of each open note whose findings are showing. */
  private readonly shown = new Map<string, number>();
  private readonly updated = this.own(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a note's diagnostics were replaced. */
  readonly onDidUpdate = this.updated.event;
  private findingsFromOutside: ExtraFindings = () => [];
  private readonly claimsShown = this.own(new vscode.EventEmitter<{ uri: vscode.Uri; analysis?: NoteClaims }>());
  /** Fires with an open note's analysis once it shows, and without one when the note shows nothing. */
  readonly onDidShowClaims = this.claimsShown.event;

  /** `checked`: what Check Workspace found; a note it covers keeps its findings when it closes. */
  constructor(private readonly analyses: AnalysisService, configs: ConfigService, private readonly checked?: CheckResults) {
    super();
    this.onDispose(() => { for (const t of this.timers.values()) clearTimeout(t); });
    this.ownAll(
      vscode.workspace.onDidOpenTextDocument((d) => this.onOpen(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.onSave(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens')) this.refreshAll(); }),
      configs.onDidChange(() => this.refreshAll()),
      analyses.notes.onDidChange(() => this.refreshAll()),
      configs.onDidLoad((c) => {
        if (!c.uri) return;
        this.readProblems.set(c.uri.toString(), c.readProblems ?? []);
        this.setConfigProblems(c.uri, c.problems);
      }),
    );
  }

  /** Findings that come from outside the note's text, such as link checks. */
  useExtraFindings(f: ExtraFindings): void {
    this.findingsFromOutside = f;
  }

  /** The same, as a property: the tests inject a fault here (test/integration/workspaceFaults.test.ts). */
  get extraFindings(): ExtraFindings {
    return this.findingsFromOutside;
  }

  set extraFindings(f: ExtraFindings) {
    this.findingsFromOutside = f;
  }

  /** Whether a note was left unanalysed for being over claimLens.maxFileSizeKB. */
  isTooLarge(uri: vscode.Uri): boolean {
    return this.skipped.has(uri.toString());
  }

  /** Analyses a note whatever its size (Analyse This Note Anyway), now and each time again. */
  analyseAnyway(doc: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    this.forced.add(doc.uri.toString());
    return this.check(doc);
  }

  /** Analyses every open note, as at startup or after a settings change. */
  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (isNote(doc)) {
        const s = readSettings(doc.uri);
        if (!s.enable) this.clear(doc.uri);
        else if (s.run !== 'manual' || this.collection.has(doc.uri)) void this.check(doc);
      } else if (isConfigUri(doc.uri)) this.publishConfig(doc);
    }
  }

  private onOpen(doc: vscode.TextDocument): void {
    if (isConfigUri(doc.uri)) return this.publishConfig(doc);
    if (!isNote(doc)) return;
    const s = readSettings(doc.uri);
    if (s.enable && s.run !== 'manual') void this.check(doc);
  }

  private onChange(doc: vscode.TextDocument): void {
    if (isConfigUri(doc.uri)) return this.publishConfig(doc);
    if (!isNote(doc)) return;
    const s = readSettings(doc.uri);
    if (!s.enable || s.run !== 'onType') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc);
    }, DEBOUNCE_MS));
  }

  private onSave(doc: vscode.TextDocument): void {
    if (!isNote(doc)) return;
    const s = readSettings(doc.uri);
    if (s.enable && s.run !== 'manual') void this.check(doc);
  }

  private onClose(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.skipped.delete(key);
    this.shown.delete(key);
    if (isNote(doc) && !this.checked?.keepsDiagnostics(key)) this.clear(doc.uri);
  }

  clear(uri: vscode.Uri): void {
    this.shown.delete(uri.toString());
    this.collection.delete(uri);
    this.claimsShown.fire({ uri });
    this.updated.fire(uri);
  }

  /** Analyses a note now and publishes its findings, unless it changed meanwhile. */
  async check(doc: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const key = doc.uri.toString();
    if (!(await this.analyses.notes.isNote(doc.uri))) {
      // Not a note: whatever showed before (the config or a setting changed) goes.
      this.skipped.delete(key);
      if (!doc.isClosed && this.collection.has(doc.uri)) this.clear(doc.uri);
      else this.claimsShown.fire({ uri: doc.uri });
      return undefined;
    }
    const limitKB = readSettings(doc.uri).maxFileSizeKB;
    // Length in UTF-16 units is close enough to bytes to decide; it costs nothing to read.
    if (doc.getText().length > limitKB * 1024 && !this.forced.has(key)) {
      this.skipped.add(key);
      this.shown.delete(key);
      this.claimsShown.fire({ uri: doc.uri });
      const size = (doc.getText().length / (1024 * 1024)).toFixed(1);
      const tooLarge = ruleFinding('file.too-large', undefined, ruleMessage('file.too-large', 'default', size, limitKB),
        { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lineAt(0).text.length } }, { limitKB });
      this.publish(doc.uri, tooLarge ? [tooLarge] : []);
      return undefined;
    }
    this.skipped.delete(key);
    try {
      const result = await this.analyses.analyze(doc);
      if (doc.isClosed || doc.version !== result.version) return undefined; // stale: a newer run follows
      this.publishAnalysis(doc.uri, result.analysis);
      this.shown.set(key, doc.version);
      return result.analysis;
    } catch (e) {
      log().error(`Analysis of ${doc.uri.toString()} failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
  }

  /**
   * An open note's analysis. When its findings for this very version are showing, nothing is
   * published again: the window would redraw them, and an open hover with them.
   */
  async current(doc: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const shown = this.analyses.peek(doc);
    return shown && this.shown.get(doc.uri.toString()) === doc.version ? shown : this.check(doc);
  }

  publishAnalysis(uri: vscode.Uri, analysis: NoteClaims & Pick<DocumentAnalysis, 'citations'>): void {
    this.publishMany([[uri, this.diagnosticsFor(uri, analysis)]]);
    this.claimsShown.fire({ uri, analysis });
  }

  /**
   * The diagnostics an analysis shows, with findings from outside the text (link checks). Claims
   * show as `claimLens.display` says: one warning for a claim without the source it needs, and a
   * clean claim as a highlight, information, or both (src/vscode/claimDisplay.ts).
   */
  diagnosticsFor(uri: vscode.Uri, analysis: NoteClaims & Pick<DocumentAnalysis, 'citations'>, keep?: (f: Finding) => boolean): vscode.Diagnostic[] {
    const extra = this.findingsFromOutside(analysis, uri);
    const s = readSettings(uri);
    const shown = displayedFindings(analysis.claims, analysis.findings, { display: s.display, explicit: new Set(Object.keys(s.severity)) });
    const findings = extra.length ? [...shown, ...extra] : shown;
    return (keep ? findings.filter(keep) : findings).map((f) => toDiagnostic(f, uri, docsUri));
  }

  /**
   * What a note that is not open in an editor shows. Hints show only in an editor: the Problems
   * panel never lists them. Over a workspace they are about half of all findings, and each one
   * costs the window time, so they are left out until the note opens.
   */
  closedNoteDiagnosticsFor(uri: vscode.Uri, analysis: NoteClaims & Pick<DocumentAnalysis, 'citations'>): vscode.Diagnostic[] {
    return this.diagnosticsFor(uri, analysis, (f) => f.severity !== 'hint');
  }

  /** Replaces the diagnostics of many notes at once, in as few messages to the window as it takes whole. */
  publishMany(entries: Array<[vscode.Uri, vscode.Diagnostic[]]>): void {
    if (entries.length === 0) return;
    for (const batch of batchesOf(entries, ([, d]) => Math.min(d.length, DIAGNOSTICS_PER_CALL), DIAGNOSTICS_PER_CALL)) {
      this.collection.set(batch); // each note's list replaces what it had
    }
    for (const [uri] of entries) this.updated.fire(uri);
  }

  publish(uri: vscode.Uri, findings: readonly Finding[]): void {
    this.collection.set(uri, findings.map((f) => toDiagnostic(f, uri, docsUri)));
    this.updated.fire(uri);
  }

  /** Snapshots each config's last load refused, by config URI: they stay shown while it is edited. */
  private readonly readProblems = new Map<string, ReturnType<typeof parseConfig>['problems']>();

  /** A config being edited shows its problems as you type, from the editor's text. */
  private publishConfig(doc: vscode.TextDocument): void {
    this.setConfigProblems(doc.uri, [...parseConfig(doc.getText()).problems, ...(this.readProblems.get(doc.uri.toString()) ?? [])]);
  }

  private setConfigProblems(uri: vscode.Uri, problems: ReturnType<typeof parseConfig>['problems']): void {
    this.publish(uri, configFindings(problems));
  }
}
