import * as vscode from 'vscode';
import { analyzeText } from '../core/analyze';
import type { ClaimLensConfig } from '../core/config';
import type { DocumentAnalysis } from '../core/types';
import type { ConfigService, LoadedConfig } from './configService';
import { readSettings, withSeverities } from './settings';

export interface VersionedAnalysis {
  uri: string;
  version: number;
  analysis: DocumentAnalysis;
}

/**
 * Runs the core on documents, caching one result per document version. Results are
 * dropped whenever the config or the settings change.
 */
export class AnalysisService implements vscode.Disposable {
  private readonly cache = new Map<string, VersionedAnalysis>();
  private readonly derived = new WeakMap<LoadedConfig, { key: string; config: ClaimLensConfig }>();
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly configs: ConfigService) {
    const reset = () => {
      this.generation++;
      this.cache.clear();
    };
    this.disposables.push(configs.onDidChange(reset), vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('claimLens')) reset(); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())));
  }

  /** The cached result for exactly this version, if there is one. */
  peek(doc: vscode.TextDocument): DocumentAnalysis | undefined {
    const c = this.cache.get(doc.uri.toString());
    return c && c.version === doc.version ? c.analysis : undefined;
  }

  async configFor(uri: vscode.Uri): Promise<ClaimLensConfig> {
    const loaded = await this.configs.forDocument(uri);
    const severity = readSettings(uri).severity;
    const key = JSON.stringify(severity);
    const hit = this.derived.get(loaded);
    if (hit && hit.key === key) return hit.config;
    // One derived config per combination keeps the compiled marker matcher cached.
    const config = withSeverities(loaded.config, severity);
    this.derived.set(loaded, { key, config });
    return config;
  }

  /** Analyses the document as it is now; `version` says which version the result is for. */
  async analyze(doc: vscode.TextDocument): Promise<VersionedAnalysis> {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached;
    const generation = this.generation;
    const config = await this.configFor(doc.uri);
    const version = doc.version;
    const result: VersionedAnalysis = { uri: key, version, analysis: analyzeText(doc.getText(), { config }) };
    if (generation === this.generation && !doc.isClosed) this.cache.set(key, result);
    return result;
  }

  /** Analyses text that is not open in an editor, e.g. during a workspace check. */
  async analyzeText(uri: vscode.Uri, text: string): Promise<DocumentAnalysis> {
    return analyzeText(text, { config: await this.configFor(uri) });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}
