import type { FileReport, Report } from '../report';

/** Compiler-style lines, `path:line:col: severity code message`, 1-based for people. */
export function toText(report: Report): string {
  return assembleText(report.files.map(textFragment), report);
}

export function textFragment(f: FileReport): string {
  return f.diagnostics.map((d) => `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${oneLine(d.message)}\n`).join('');
}

export function assembleText(fragments: readonly string[], report: Pick<Report, 'summary'>): string {
  const s = report.summary;
  const statuses = Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`).join(', ');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return fragments.join('') +
    `${plural(s.claims, 'claim')} in ${plural(s.files, 'file')}${statuses ? ` (${statuses})` : ''}; ${s.withoutSource} without source` +
    (s.suppressed ? `; ${s.suppressed} suppressed` : '') + '\n';
}

export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
