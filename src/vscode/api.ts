// What activate() returns: read-only views of what the extension holds, for the integration
// tests (test/integration/util.ts) and other extensions. One interface, so that a test that
// reaches for something the extension no longer has fails to compile rather than at run time.
import type * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { DiagnosticsController } from './diagnostics';
import type { ClaimsView } from './claimsView';
import type { ClaimDecorations } from './decorations';
import type { ClaimHoverProvider } from './hover';
import type { LinkHealth } from './linkHealth';
import type { ReportPanel } from './reportPanel';
import type { WorkspaceChecker } from './workspaceCheck';
import type { MarkdownIt } from 'markdown-it';

export interface ClaimLensApi {
  diagnostics: DiagnosticsController;
  /** Claims shown as highlights: what each note shows (`shownFor`) and when it was applied. */
  decorations: ClaimDecorations;
  analyses: AnalysisService;
  /** Check Workspace: `results` is its store (src/vscode/checkResults.ts). */
  checker: WorkspaceChecker;
  hover: ClaimHoverProvider;
  links: LinkHealth;
  /** The last lines of the Claim Lens log. */
  recentLog(): readonly string[];
  /** The open report panel, if any. */
  reportPanel(): ReportPanel | undefined;
  /** The status bar item's text, e.g. `$(checklist) 10 claims · 2 unsourced`. */
  statusBarText(): string;
  /** What a click on the status bar item runs. */
  statusBarCommand(): string | vscode.Command | undefined;
  /** The Claim Lens language status item, as shown. */
  languageStatus(): { text: string; detail?: string; severity: vscode.LanguageStatusSeverity; command?: vscode.Command };
  /** VS Code's Markdown preview (contributes.markdown.markdownItPlugins) calls this once. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  /** The Claims view (its tree, filters and grouping). */
  claimsView: ClaimsView;
}
