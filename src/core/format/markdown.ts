import type { Claim, Source } from '../types';
import { noteSourcesOf, ownSources, statusLabel, type FileReport, type Report } from '../report';
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
  // The note's front-matter sources once, under its heading; each row lists only the claim's own.
  const noteSources = noteSourcesOf(f);
  const head = noteSources.length ? [`Note source${noteSources.length === 1 ? '' : 's'}: ${noteSources.map(link).join('; ')}`, ''] : [];
  return [`## ${escapeMarkdownCell(f.path)}`, '', ...head, '| Line | Status | Sentence | Source |', '|---:|---|---|---|', ...f.claims.map(row), '', ''].join('\n');
}

function link(src: Source): string {
  return isSafeUrl(src.url) ? `[${escapeMarkdownCell(src.title)}](${encodeLinkDestination(src.url)})` : escapeMarkdownCell(src.url ? `${src.title} (${src.url})` : src.title);
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
  const own = ownSources(c);
  const sources = own.length
    ? own.map((src) => `${link(src)} (${VIA[src.via].report})`).join('; ')
    : c.sources.length ? 'note source' : '**none**';
  return `| ${c.range.start.line + 1} | ${escapeMarkdownCell(status)} | ${escapeMarkdownCell(c.text)} | ${sources} |`;
}
