import type { Claim, Finding, Source } from '../types';
import type { FileReport, Report } from '../report';

/** The CLI's JSON contract (design.md): only the documented fields, in a stable order. */
export function toJson(report: Report): string {
  return assembleJson(report.files.map(jsonFragment), report);
}

/** One file's entry, indented as it sits in the `files` array: threads can make these. */
export function jsonFragment(f: FileReport): string {
  const json = JSON.stringify({ path: f.path, claims: f.claims.map(claimJson), diagnostics: f.diagnostics.map(findingJson) }, null, 2);
  return json.replace(/^/gm, '    ');
}

/** The whole document from file fragments, byte for byte what one JSON.stringify would give. */
export function assembleJson(fragments: readonly string[], report: Pick<Report, 'tool' | 'summary'>): string {
  const indent = (v: unknown) => JSON.stringify(v, null, 2).replace(/\n/g, '\n  ');
  const files = fragments.length ? `[\n${fragments.join(',\n')}\n  ]` : '[]';
  return `{\n  "tool": ${indent(report.tool)},\n  "files": ${files},\n  "summary": ${indent(report.summary)}\n}\n`;
}

function claimJson(c: Claim) {
  return {
    status: c.status,
    text: c.text,
    range: c.range,
    markers: c.markers.map((m) => ({ text: m.text, status: m.status, range: m.range })),
    sources: c.sources.map(sourceJson),
    ...(c.annotation ? { annotation: c.annotation } : {}),
    ...(c.own ? { own: true } : {}),
    ...(c.suppressed ? { suppressed: { reason: c.suppressed.reason } } : {}),
    ...(c.timestamps ? { timestamps: c.timestamps } : {}),
    ...(c.quotes ? { quotes: c.quotes } : {}),
  };
}

function sourceJson(s: Source) {
  return {
    ...(s.url !== undefined ? { url: s.url } : {}),
    title: s.title,
    via: s.via,
    ...(s.label !== undefined ? { label: s.label } : {}),
    ...(s.kind !== undefined ? { kind: s.kind } : {}),
    ...(s.accessed !== undefined ? { accessed: s.accessed } : {}),
  };
}

function findingJson(d: Finding) {
  return { code: d.code, severity: d.severity, message: d.message, range: d.range };
}
