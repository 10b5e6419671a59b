import type { Claim, Finding, Source } from '../types';
import type { FileReport, Report } from '../report';

/** The CLI's JSON contract (design.md): only the documented fields, in a stable order. */
export function toJson(report: Report): string {
  return assembleJson(report.files.map(jsonFragment), report);
}

/** One file's entry, indented as it sits in the `files` array: threads can make these. */
export function jsonFragment(f: FileReport): string {
  // Stringified inside the document's own nesting, then cut out: the indentation comes out right
  // without a pass over the text to indent it (that pass cost as much as the stringify).
  const json = JSON.stringify({ files: [{ path: f.path, claims: f.claims.map(claimJson), diagnostics: f.diagnostics.map(findingJson) }] }, null, 2);
  return json.slice(FRAGMENT_HEAD.length, json.length - FRAGMENT_TAIL.length);
}

const FRAGMENT_HEAD = '{\n  "files": [\n';
const FRAGMENT_TAIL = '\n  ]\n}';

/** The whole document from file fragments, byte for byte what one JSON.stringify would give. */
export function assembleJson(fragments: readonly string[], report: Pick<Report, 'tool' | 'summary'>): string {
  const indent = (v: unknown) => JSON.stringify(v, null, 2).replace(/\n/g, '\n  ');
  // One join, so the document is built flat once (it can be many megabytes) rather than as a
  // chain of pieces flattened again when written.
  const head = `{\n  "tool": ${indent(report.tool)},\n  "files": ${fragments.length ? '[\n' : '[]'}`;
  const tail = `${fragments.length ? '\n  ]' : ''},\n  "summary": ${indent(report.summary)}\n}\n`;
  const parts = [head];
  fragments.forEach((f, i) => parts.push(i ? ',\n' : '', f));
  parts.push(tail);
  return parts.join('');
}

// Optional fields are added by assignment, not spread: these run once per claim and source.
function claimJson(c: Claim) {
  const o: Record<string, unknown> = {
    status: c.status,
    text: c.text,
    range: c.range,
    markers: c.markers.map((m) => ({ text: m.text, status: m.status, range: m.range })),
    sources: c.sources.map(sourceJson),
  };
  if (c.annotation) o.annotation = c.annotation;
  if (c.own) o.own = true;
  if (c.suppressed) o.suppressed = { reason: c.suppressed.reason };
  if (c.timestamps) o.timestamps = c.timestamps;
  if (c.quotes) o.quotes = c.quotes;
  return o;
}

function sourceJson(s: Source) {
  const o: Record<string, unknown> = {};
  if (s.url !== undefined) o.url = s.url;
  o.title = s.title;
  o.via = s.via;
  if (s.label !== undefined) o.label = s.label;
  if (s.kind !== undefined) o.kind = s.kind;
  if (s.accessed !== undefined) o.accessed = s.accessed;
  return o;
}

function findingJson(d: Finding) {
  return { code: d.code, severity: d.severity, message: d.message, range: d.range };
}
