import type { LinkStatus } from './linkCheck';
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
    const why = s.status ? `answered ${s.status}` : s.error === 'timeout' ? 'did not answer in time' : `failed (${s.error ?? 'error'})`;
    out.push({ code: 'source.unreachable', severity, message: `Source link ${c.url} ${why} when checked.`, range: c.range });
  }
  return out;
}
