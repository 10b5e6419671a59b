import type { Report } from '../report';

/** Compiler-style lines, `path:line:col: severity code message`, 1-based for people. */
export function toText(report: Report): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${oneLine(d.message)}`);
    }
  }
  const s = report.summary;
  const statuses = Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`).join(', ');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(s.claims, 'claim')} in ${plural(s.files, 'file')}${statuses ? ` (${statuses})` : ''}; ${s.withoutSource} without source` +
      (s.suppressed ? `; ${s.suppressed} suppressed` : ''),
  );
  return lines.join('\n') + '\n';
}

export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
