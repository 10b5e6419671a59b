import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { ConfigService } from './configService';
import { fromPosition, toRange } from './convert';
import { log } from './log';
import { citationAt } from './lookup';

/** Typing `[@` (or `; @` inside one) lists the registry's keys, with each source's title. */
export class RegistryCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggers = ['@'];

  constructor(private readonly configs: ConfigService) {}

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    try {
      const before = doc.lineAt(pos.line).text.slice(0, pos.character);
      const m = /\[(?:[^\]]*[\s;])?-?@([\w:.#$%&+?<>~/-]*)$/.exec(before);
      if (!m) return undefined;
      const { config } = await this.configs.forDocument(doc.uri);
      const range = new vscode.Range(pos.line, pos.character - m[1].length, pos.line, pos.character);
      return Object.values(config.sources).map((s) => {
        const item = new vscode.CompletionItem({ label: s.key, description: s.title }, vscode.CompletionItemKind.Reference);
        item.range = range;
        item.detail = s.title;
        const doc = new vscode.MarkdownString();
        doc.appendText([s.url, s.kind, s.publisher, s.accessed ? vscode.l10n.t('accessed {0}', s.accessed) : undefined].filter(Boolean).join(' · '));
        item.documentation = doc;
        item.filterText = `${s.key} ${s.title}`;
        return item;
      });
    } catch (e) {
      log().error(`Completion in ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  }
}

/** Go to Definition on `[@key]` opens the registry entry in `.claimlens.yaml`. */
export class RegistryDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly analyses: AnalysisService, private readonly configs: ConfigService) {}

  async provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Location | undefined> {
    try {
      const a = this.analyses.peek(doc) ?? (await this.analyses.analyze(doc)).analysis;
      const cite = citationAt(a, fromPosition(pos));
      if (!cite || cite.kind !== 'registry' || !cite.label) return undefined;
      const loaded = await this.configs.forDocument(doc.uri);
      const entry = loaded.config.sources[cite.label];
      if (!entry || !loaded.uri) return undefined;
      return new vscode.Location(loaded.uri, toRange(entry.range));
    } catch (e) {
      log().error(`Go to Definition in ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  }
}
