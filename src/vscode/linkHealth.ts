import * as vscode from 'vscode';
import { checkLinks, DEADLINE_ERROR, timerSleep, INTERNAL_ERROR, type LinkCheckDeps, type LinkStatus } from '../core/linkCheck';
import { citedUrls, unreachableFindings } from '../core/linkFindings';
import type { DocumentAnalysis, Finding, SeveritySetting } from '../core/types';
import { builtinNet, nodeLinkNet } from '../node/linkTransport';
import { log } from './log';

const CACHE_KEY = 'claimLens.linkStatus';
const DAY = 86_400_000;
export const ALLOW_INTERNAL_SETTING = 'allowInternalLinkChecks';

export interface LinkCheckSummary {
  checked: number;
  dead: number;
  /** Not requested: an internal address, and internal checks are not allowed. */
  internal: number;
  /** Not answered before the run's deadline. */
  deadline: number;
  /** Not checked: the network could not be reached (never counted as dead). */
  offline: number;
}

/**
 * How link checks reach the network: in a Node extension host, a DNS lookup and a fetch that
 * connects only to the approved address; in the browser, its fetch and no lookup (literal
 * addresses and local names are still refused there; see docs/security.md).
 */
function defaultNet(): Pick<LinkCheckDeps, 'fetch' | 'resolve'> {
  const net = builtinNet();
  return net ? nodeLinkNet(net) : { fetch: globalThis.fetch as never };
}

/**
 * The opt-in to check internal addresses: a machine-scoped setting, read only from the user's
 * settings, so a workspace cannot turn it on; and never in an untrusted workspace.
 */
export function internalLinksAllowed(): boolean {
  if (!vscode.workspace.isTrusted) return false;
  return vscode.workspace.getConfiguration('claimLens').inspect<unknown>(ALLOW_INTERNAL_SETTING)?.globalValue === true;
}

/**
 * Opt-in link checks: run only by the Check Source Links command, never by themselves and
 * never in an untrusted workspace. Results are kept for a day in workspace storage.
 */
export class LinkHealth implements vscode.Disposable {
  private statuses = new Map<string, LinkStatus>();
  /** The network; tests replace it. */
  net: Pick<LinkCheckDeps, 'fetch' | 'resolve'> = defaultNet();

  constructor(private readonly state: vscode.Memento) {
    const saved = state.get<Record<string, LinkStatus>>(CACHE_KEY) ?? {};
    const now = Date.now();
    for (const [url, s] of Object.entries(saved)) if (s && now - s.checkedAt < DAY) this.statuses.set(url, s);
  }

  findingsFor(analysis: Pick<DocumentAnalysis, 'citations'>, severity: SeveritySetting): Finding[] {
    return this.statuses.size ? unreachableFindings(analysis.citations, this.statuses, severity) : [];
  }

  async check(analyses: Iterable<Pick<DocumentAnalysis, 'citations'>>, token: vscode.CancellationToken): Promise<LinkCheckSummary> {
    if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Link checks are off in an untrusted workspace.'));
    const urls = new Set<string>();
    for (const a of analyses) for (const u of citedUrls(a)) urls.add(u);
    const cache = {
      get: (u: string) => this.statuses.get(u),
      set: (u: string, s: LinkStatus) => { if (s.error !== 'cancelled' && !s.skipped) this.statuses.set(u, s); },
    };
    const allowInternal = internalLinksAllowed();
    log().info(`Check Source Links: ${urls.size} link(s); name lookup ${this.net.resolve ? 'on' : 'off (browser)'}; internal addresses ${allowInternal ? 'allowed' : 'refused'}`);
    const result = await checkLinks([...urls], { ...this.net, now: Date.now, sleep: timerSleep, cache }, {
      isCancelled: () => token.isCancellationRequested,
      allowInternal,
    });
    // A link not checked this time loses any older result, so it shows no finding.
    for (const s of result.values()) if (s.skipped) this.statuses.delete(s.url);
    await this.state.update(CACHE_KEY, Object.fromEntries(this.statuses));
    const summary: LinkCheckSummary = { checked: 0, dead: 0, internal: 0, deadline: 0, offline: 0 };
    for (const s of result.values()) {
      if (s.offline) summary.offline++;
      else if (s.error === INTERNAL_ERROR) summary.internal++;
      else if (s.error === DEADLINE_ERROR) summary.deadline++;
      else if (!s.skipped && s.error !== 'cancelled') {
        summary.checked++;
        if (!s.ok) summary.dead++;
      }
    }
    return summary;
  }

  dispose(): void {
    this.statuses.clear();
  }
}
