// What activate() returns: read-only views of what the extension holds, for the integration
// tests (test/integration/util.ts) and other extensions. One interface, so that a test that
// reaches for something the extension no longer has fails to compile rather than at run time.
import type { AnalysisService } from './analysisService';
import type { DiagnosticsController } from './diagnostics';
import type { ClaimHoverProvider } from './hover';
import type { LinkHealth } from './linkHealth';
import type { ReportPanel } from './reportPanel';
import type { WorkspaceChecker } from './workspaceCheck';

export interface ClaimLensApi {
  diagnostics: DiagnosticsController;
  analyses: AnalysisService;
  /** Check Workspace: `results` is its store (src/vscode/checkResults.ts). */
  checker: WorkspaceChecker;
  hover: ClaimHoverProvider;
  links: LinkHealth;
  /** The last lines of the Claim Lens log. */
  recentLog(): readonly string[];
  /** The open report panel, if any. */
  reportPanel(): ReportPanel | undefined;
  /** The status bar item's text, e.g. `$(checklist) 5  $(circle-slash) 2`. */
  statusBarText(): string;
}
