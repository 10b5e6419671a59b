import type { Claim } from '../types';
import { statusLabel, type FileReport, type Report } from '../report';
import { GENERATED_MARKER } from '../generated';
import { escapeMarkdownCell } from './escape';
import { VIA } from '../sources';
import { encodeLinkDestination, isSafeUrl } from '../urls';

/** A verification report in Markdown: counts by status, sourced versus unsourced, one table per file. */
export function toMarkdown(report: Report): string {
  return assembleMarkdown(report.files.map(markdownFragment), report);
}

export function markdownFragment(f: FileReport): string {
  if (f.claims.length === 0) return '';
  return [`## ${escapeMarkdownCell(f.path)}`, '', '| Line | Status | Sentence | Source |', '|---:|---|---|---|', ...f.claims.map(row), '', ''].join('\n');
}

export function assembleMarkdown(fragments: readonly string[], report: Pick<Report, 'summary'>): string {
  const s = report.summary;
  // The marker first: Claim Lens reads a report it wrote as its own output, never as a note.
  const out: string[] = [GENERATED_MARKER, '', '# Claim Lens verification report', ''];
  out.push(`${s.claims} flagged claim${s.claims === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}.`, '');
  out.push('| Status | Claims |', '|---|---:|');
  for (const [status, n] of Object.entries(s.byStatus)) out.push(`| ${escapeMarkdownCell(statusLabel(status))} | ${n} |`);
  out.push(`| **Total** | ${s.claims} |`, '');
  const active = s.claims - s.suppressed;
  out.push('| Sources | Claims |', '|---|---:|');
  out.push(`| Sourced | ${active - s.withoutSource} |`, `| Without source | ${s.withoutSource} |`);
  if (s.suppressed) out.push(`| Suppressed | ${s.suppressed} |`);
  out.push('', '');
  return out.join('\n') + fragments.join('');
}

function row(c: Claim): string {
  const label = statusLabel(c.status, c.label);
  const status = c.suppressed ? `${label} (suppressed${c.suppressed.reason ? `: ${c.suppressed.reason}` : ''})` : label;
  const sources = c.sources.length
    ? c.sources.map((src) => `${isSafeUrl(src.url) ? `[${escapeMarkdownCell(src.title)}](${encodeLinkDestination(src.url)})` : escapeMarkdownCell(src.url ? `${src.title} (${src.url})` : src.title)} (${VIA[src.via].report})`).join('; ')
    : '**none**';
  return `| ${c.range.start.line + 1} | ${escapeMarkdownCell(status)} | ${escapeMarkdownCell(c.text)} | ${sources} |`;
}
