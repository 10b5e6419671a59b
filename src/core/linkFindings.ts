import type { LinkStatus } from './linkCheck';
import { fillTemplate } from './analyze';
import type { Citation, DocumentAnalysis, Finding, SeveritySetting } from './types';

/** The http(s) URLs a note's citations point at, for a link check. */
export function citedUrls(analysis: Pick<DocumentAnalysis, 'citations'>): string[] {
  return [...new Set(analysis.citations.map((c) => c.url).filter((u): u is string => !!u && /^https?:\/\//i.test(u)))];
}

/** `source.unreachable` on every citation whose URL failed a link check. */
export function unreachableFindings(citations: readonly Citation[], statuses: ReadonlyMap<string, LinkStatus>, severity: SeveritySetting = 'warning'): Finding[] {
  if (severity === 'off') return [];
  const out: Finding[] = [];
  for (const c of citations) {
    const s = c.url ? statuses.get(c.url) : undefined;
    if (!s || s.ok || s.skipped || s.error === 'cancelled') continue;
    const l10n = s.status
      ? { message: 'Source link {0} answered {1} when checked.', args: [c.url!, s.status] }
      : s.error === 'timeout'
        ? { message: 'Source link {0} did not answer in time when checked.', args: [c.url!] }
        : { message: 'Source link {0} failed ({1}) when checked.', args: [c.url!, s.error ?? 'error'] };
    out.push({ code: 'source.unreachable', severity, message: fillTemplate(l10n), l10n, range: c.range });
  }
  return out;
}
