import { DEADLINE_ERROR, INTERNAL_ERROR, type LinkStatus } from './linkCheck';
import { makeFinding, ruleMessage } from './findings';
import { isHttpUrl } from './urls';
import type { Citation, DocumentAnalysis, Finding, SeveritySetting } from './types';

/** The http(s) URLs a note's citations point at, for a link check. */
export function citedUrls(analysis: Pick<DocumentAnalysis, 'citations'>): string[] {
  return [...new Set(analysis.citations.map((c) => c.url).filter(isHttpUrl))];
}

/** `source.unreachable` on every citation whose URL failed a link check. */
export function unreachableFindings(citations: readonly Citation[], statuses: ReadonlyMap<string, LinkStatus>, severity: SeveritySetting = 'warning'): Finding[] {
  if (severity === 'off') return [];
  const out: Finding[] = [];
  for (const c of citations) {
    const url = c.url;
    const s = url ? statuses.get(url) : undefined;
    if (!url || !s || s.ok || s.skipped || s.error === 'cancelled') continue;
    const l10n = s.status
      ? ruleMessage('source.unreachable', 'status', url, s.status)
      : s.error === 'timeout'
        ? ruleMessage('source.unreachable', 'timeout', url)
        : ruleMessage('source.unreachable', 'failed', url, s.error ?? 'error');
    const f = makeFinding('source.unreachable', severity, l10n, c.range, { url, ...(c.kind === 'registry' && c.label ? { key: c.label } : {}) });
    if (f) out.push(f);
  }
  return out;
}

/**
 * One line for each reason links went unchecked (internal address, deadline, offline): how many, the
 * first few URLs, and the option that changes it. Never counted as dead links.
 */
export function notCheckedSummary(statuses: ReadonlyMap<string, LinkStatus>, how: { internal: string; deadline: string }): string[] {
  const groups: Array<[(s: LinkStatus) => boolean, string, string]> = [
    [(s) => s.error === INTERNAL_ERROR, 'internal address', `${how.internal} checks them`],
    [(s) => s.error === DEADLINE_ERROR, 'deadline reached', `raise ${how.deadline}`],
    [(s) => s.offline === true, 'offline', 'the network could not be reached, so none is reported as dead; check again when online'],
  ];
  const out: string[] = [];
  for (const [is, label, hint] of groups) {
    const urls = [...statuses.values()].filter((s) => s.skipped && is(s)).map((s) => safeUrl(s.url));
    if (urls.length === 0) continue;
    const shown = urls.slice(0, 3).join(', ') + (urls.length > 3 ? `, and ${urls.length - 3} more` : '');
    out.push(`${urls.length} link${urls.length === 1 ? '' : 's'} not checked (${label}): ${shown}; ${hint}`);
  }
  return out;
}

/** A URL as the URL parser writes it: percent-encoded, so no control character reaches a terminal or CI log. */
function safeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return JSON.stringify(url);
  }
}
