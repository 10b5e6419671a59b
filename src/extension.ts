// Wiring only: every behaviour lives in src/vscode/ (adapters) and src/core/ (the engine).
import * as vscode from 'vscode';
import { ruleSeverity } from './core/findings';
import type { ClaimLensApi } from './vscode/api';
import { AnalysisService } from './vscode/analysisService';
import { CheckResults } from './vscode/checkResults';
import { ClaimCodeActionProvider } from './vscode/codeActions';
import { registerCommands } from './vscode/commands';
import { ConfigService } from './vscode/configService';
import { DiagnosticsController } from './vscode/diagnostics';
import { ClaimDecorations } from './vscode/decorations';
import { EditCommands } from './vscode/editCommands';
import { ClaimHoverProvider } from './vscode/hover';
import { disposeLog, log, recentLog } from './vscode/log';
import { RegistryCompletionProvider, RegistryDefinitionProvider } from './vscode/registryFeatures';
import { ReportPanel } from './vscode/reportPanel';
import { describeRuntime } from './vscode/runtime';
import { ReportSources } from './vscode/reportSources';
import { RegistryCommands } from './vscode/registryCommands';
import { LinkHealth } from './vscode/linkHealth';
import { TOOL_VERSION } from './core/report';
import { cacheSettings } from './vscode/settings';
import { ClaimStatusBar } from './vscode/statusBar';
import { ClaimLanguageStatus } from './vscode/languageStatus';
import { extendMarkdownIt, refreshPreviewsOnSettingChange } from './vscode/preview';
import { Walkthrough } from './vscode/walkthrough';
import type { MarkdownIt } from 'markdown-it';
import { WorkspaceChecker } from './vscode/workspaceCheck';
import { ClaimsView } from './vscode/claimsView';
import { ServicesClaimFeed } from './vscode/servicesClaimFeed';

const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };

export function activate(context: vscode.ExtensionContext): ClaimLensApi {
  // First, so the settings cache is cleared before anyone else hears of a change.
  context.subscriptions.push(cacheSettings());
  const configs = new ConfigService();
  const analyses = new AnalysisService(configs);
  const results = new CheckResults();
  const diagnostics = new DiagnosticsController(analyses, configs, results);
  const decorations = new ClaimDecorations(context.extensionUri, diagnostics);
  // Check Workspace's worker thread, for a Node extension host that has the extension on disk.
  const workerScript = context.extensionUri.scheme === 'file' ? vscode.Uri.joinPath(context.extensionUri, 'dist', 'checkWorker.js').fsPath : undefined;
  const checker = new WorkspaceChecker(analyses, diagnostics, results, workerScript);
  const reports = new ReportSources(analyses, checker, diagnostics);
  const links = new LinkHealth(context.workspaceState);
  const hover = new ClaimHoverProvider(analyses, configs);
  const statusBar = new ClaimStatusBar(analyses, diagnostics);
  const languageStatus = new ClaimLanguageStatus(analyses, diagnostics);
  // At the note's configured severity: `rules: source.unreachable: off` silences dead links.
  diagnostics.useExtraFindings((a, uri) => links.findingsFor(a, ruleSeverity('source.unreachable', uri && analyses.rulesFor(uri))));
  const claimFeed = new ServicesClaimFeed(analyses, diagnostics, checker);
  const claimsView = new ClaimsView(claimFeed, context.workspaceState);
  context.subscriptions.push(
    configs, analyses, results, diagnostics, decorations, checker, links,
    statusBar, languageStatus, refreshPreviewsOnSettingChange(), claimFeed, claimsView,
    ...new Walkthrough(context.extensionUri, configs).register(),
    vscode.languages.registerHoverProvider(MARKDOWN, hover),
    vscode.languages.registerCompletionItemProvider(MARKDOWN, new RegistryCompletionProvider(configs), ...RegistryCompletionProvider.triggers),
    vscode.languages.registerDefinitionProvider(MARKDOWN, new RegistryDefinitionProvider(analyses, configs)),
    vscode.languages.registerCodeActionsProvider(MARKDOWN, new ClaimCodeActionProvider(analyses), ClaimCodeActionProvider.metadata),
    ...registerCommands({
      extensionUri: context.extensionUri, edits: new EditCommands(analyses), diagnostics, checker, reports,
      registry: new RegistryCommands(configs, analyses, diagnostics, checker, links),
    }),
  );
  // Analyse what is already open once the host is idle, not during activation.
  setTimeout(() => {
    log().info(`Claim Lens ${TOOL_VERSION} activated: ${describeRuntime()}, VS Code ${vscode.version}`);
    diagnostics.refreshAll();
  }, 0);
  // For tests and other extensions: read-only views of what the extension holds.
  return {
    diagnostics, decorations, analyses, checker, hover, links, recentLog, reportPanel: () => ReportPanel.current, statusBarText: () => statusBar.item.text,
    statusBarCommand: () => statusBar.item.command,
    languageStatus: () => { const i = languageStatus.item; return { text: i.text, detail: i.detail, severity: i.severity, command: i.command }; },
    // VS Code's Markdown preview (contributes.markdown.markdownItPlugins) calls this once.
    extendMarkdownIt: (md: MarkdownIt) => extendMarkdownIt(md, analyses),
    claimsView,
  };
}

export function deactivate(): void {
  disposeLog();
}
