import * as vscode from 'vscode';
import { analyzeText, type AnalyzeOptions } from '../core/analyze';
import { IncrementalAnalyzer } from '../core/incremental';
import type { ClaimLensConfig } from '../core/config';
import { isoDay } from '../core/dates';
import type { DocumentAnalysis, SeveritySetting } from '../core/types';
import type { ConfigService, LoadedConfig } from './configService';
import { Disposable } from './disposable';
import { NoteFiles } from './noteFiles';
import { readSettings, withSeverities } from './settings';

/** Lets the extension host handle other work (hovers, typing) between slices. */
const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface VersionedAnalysis {
  uri: string;
  version: number;
  analysis: DocumentAnalysis;
}

/**
 * Runs the core on documents, caching one result per document version. Results are
 * dropped whenever the config or the settings change.
 */
export class AnalysisService extends Disposable {
  private readonly cache = new Map<string, VersionedAnalysis>();
  /** One incremental analyzer per open note: a keystroke re-reads only the blocks it touched. */
  private readonly analyzers = new Map<string, { options: AnalyzeOptions; analyzer: IncrementalAnalyzer }>();
  private readonly inFlight = new Map<string, Promise<VersionedAnalysis>>();
  private readonly derived = new WeakMap<LoadedConfig, { key: string; options: AnalyzeOptions }>();
  /** Each note's last options, by URI: the options objects are shared, so this holds little. */
  private readonly lastOptions = new Map<string, AnalyzeOptions>();
  /** The snapshots each options object reads, so a worker thread can be given the same. */
  private readonly snapshotsOf = new WeakMap<AnalyzeOptions, Map<string, string>>();
  private generation = 0;
  /** Which files are notes: a document that is not one is analysed as empty. */
  readonly notes: NoteFiles;

  constructor(private readonly configs: ConfigService) {
    super();
    this.notes = new NoteFiles(configs);
    const reset = () => {
      this.generation++;
      this.cache.clear();
    };
    this.onDispose(() => this.cache.clear());
    this.ownAll(this.notes, configs.onDidChange(reset), this.notes.onDidChange(reset), vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens')) reset(); }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.analyzers.delete(d.uri.toString());
      }));
  }

  /** The cached result for exactly this version, if there is one. */
  peek(doc: vscode.TextDocument): DocumentAnalysis | undefined {
    const c = this.cache.get(doc.uri.toString());
    return c && c.version === doc.version ? c.analysis : undefined;
  }

  /**
   * The rule severities a note was last analysed with (its config and the user's settings), for
   * findings added after the analysis, such as link checks; undefined before its first analysis.
   */
  rulesFor(uri: vscode.Uri): Readonly<Record<string, SeveritySetting>> | undefined {
    return this.lastOptions.get(uri.toString())?.config?.rules;
  }

  async configFor(uri: vscode.Uri): Promise<ClaimLensConfig> {
    return (await this.optionsFor(uri)).config!;
  }

  /** The analysis options for a note: its config with the user's severities, snapshots, today. */
  async optionsFor(uri: vscode.Uri): Promise<AnalyzeOptions> {
    const loaded = await this.configs.forDocument(uri);
    const settings = readSettings(uri);
    const today = isoDay(new Date());
    const key = JSON.stringify([settings.severity, settings.staleAfterDays, today]);
    const hit = this.derived.get(loaded);
    if (hit && hit.key === key) {
      this.lastOptions.set(uri.toString(), hit.options);
      return hit.options;
    }
    // One options object per combination keeps compiled matchers and block caches warm.
    const options: AnalyzeOptions = {
      config: withSeverities(loaded.config, settings.severity),
      snapshot: (p) => loaded.snapshots.get(p),
      today,
      staleAfterDays: settings.staleAfterDays,
    };
    this.derived.set(loaded, { key, options });
    this.lastOptions.set(uri.toString(), options);
    this.snapshotsOf.set(options, loaded.snapshots);
    return options;
  }

  /** What `options.snapshot` reads, as a map (for a worker thread, which cannot call back). */
  snapshotsFor(options: AnalyzeOptions): Map<string, string> {
    return this.snapshotsOf.get(options) ?? new Map();
  }

  /**
   * Analyses the document as it is now; `version` says which version the result is for.
   * Long notes are parsed in slices that yield to the editor between them.
   */
  async analyze(doc: vscode.TextDocument): Promise<VersionedAnalysis> {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached;
    const running = this.inFlight.get(key);
    if (running) {
      const r = await running;
      if (r.version === doc.version) return r;
    }
    const p = this.run(doc, key);
    this.inFlight.set(key, p);
    try {
      return await p;
    } finally {
      if (this.inFlight.get(key) === p) this.inFlight.delete(key);
    }
  }

  private async run(doc: vscode.TextDocument, key: string): Promise<VersionedAnalysis> {
    const generation = this.generation;
    if (!(await this.notes.isNote(doc.uri))) {
      // Not a note (include, exclude, .gitignore…): no claims, no findings, wherever it is asked.
      const result: VersionedAnalysis = { uri: key, version: doc.version, analysis: { claims: [], findings: [], definitions: [], citations: [], noteSources: [] } };
      if (generation === this.generation && !doc.isClosed) this.cache.set(key, result);
      return result;
    }
    const options = await this.optionsFor(doc.uri);
    let entry = this.analyzers.get(key);
    if (!entry || entry.options !== options) {
      entry = { options, analyzer: new IncrementalAnalyzer(options) };
      if (!doc.isClosed) this.analyzers.set(key, entry);
    }
    const version = doc.version;
    const text = doc.getText();
    const analysis = await entry.analyzer.analyzeAsync(text, yieldToHost, () => doc.isClosed);
    // Cancelled because the note closed: nobody will read this result.
    const result: VersionedAnalysis = { uri: key, version, analysis: analysis ?? { claims: [], findings: [], definitions: [], citations: [], noteSources: [] } };
    if (generation === this.generation && !doc.isClosed) this.cache.set(key, result);
    return result;
  }

  /** Analyses text that is not open in an editor, e.g. during a workspace check. */
  async analyzeText(uri: vscode.Uri, text: string): Promise<DocumentAnalysis> {
    return analyzeText(text, await this.optionsFor(uri));
  }
}
