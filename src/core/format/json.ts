import type { Claim, Finding, Source } from '../types';
import type { Report } from '../report';

/** The CLI's JSON contract (design.md): only the documented fields, in a stable order. */
export function toJson(report: Report): string {
  const out = {
    tool: report.tool,
    files: report.files.map((f) => ({
      path: f.path,
      claims: f.claims.map(claimJson),
      diagnostics: f.diagnostics.map(findingJson),
    })),
    summary: report.summary,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function claimJson(c: Claim) {
  return {
    status: c.status,
    text: c.text,
    range: c.range,
    markers: c.markers.map((m) => ({ text: m.text, status: m.status, range: m.range })),
    sources: c.sources.map(sourceJson),
    ...(c.suppressed ? { suppressed: { reason: c.suppressed.reason } } : {}),
  };
}

function sourceJson(s: Source) {
  return {
    ...(s.url !== undefined ? { url: s.url } : {}),
    title: s.title,
    via: s.via,
    ...(s.label !== undefined ? { label: s.label } : {}),
  };
}

function findingJson(d: Finding) {
  return { code: d.code, severity: d.severity, message: d.message, range: d.range };
}
