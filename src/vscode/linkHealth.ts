import * as vscode from 'vscode';
import { checkLinks, type LinkStatus } from '../core/linkCheck';
import { citedUrls, unreachableFindings } from '../core/linkFindings';
import type { DocumentAnalysis, Finding } from '../core/types';

const CACHE_KEY = 'claimLens.linkStatus';
const DAY = 86_400_000;

/**
 * Opt-in link checks: run only by the Check Source Links command, never by themselves and
 * never in an untrusted workspace. Results are kept for a day in workspace storage.
 */
export class LinkHealth implements vscode.Disposable {
  private statuses = new Map<string, LinkStatus>();

  constructor(private readonly state: vscode.Memento) {
    const saved = state.get<Record<string, LinkStatus>>(CACHE_KEY) ?? {};
    const now = Date.now();
    for (const [url, s] of Object.entries(saved)) if (s && now - s.checkedAt < DAY) this.statuses.set(url, s);
  }

  findingsFor(analysis: Pick<DocumentAnalysis, 'citations'>, severity: Finding['severity'] | 'off' = 'warning'): Finding[] {
    return this.statuses.size ? unreachableFindings(analysis.citations, this.statuses, severity) : [];
  }

  async check(analyses: Iterable<Pick<DocumentAnalysis, 'citations'>>, token: vscode.CancellationToken): Promise<{ checked: number; dead: number }> {
    if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Link checks are off in an untrusted workspace.'));
    const urls = new Set<string>();
    for (const a of analyses) for (const u of citedUrls(a)) urls.add(u);
    const cache = {
      get: (u: string) => this.statuses.get(u),
      set: (u: string, s: LinkStatus) => { if (s.error !== 'cancelled') this.statuses.set(u, s); },
    };
    const result = await checkLinks([...urls], { fetch: globalThis.fetch as never, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), cache }, { isCancelled: () => token.isCancellationRequested });
    await this.state.update(CACHE_KEY, Object.fromEntries(this.statuses));
    let dead = 0;
    for (const s of result.values()) if (!s.ok && !s.skipped && s.error !== 'cancelled') dead++;
    return { checked: result.size, dead };
  }

  dispose(): void {
    this.statuses.clear();
  }
}
