import type { Claim, Finding, Source } from '../types';
import type { FileReport, Report } from '../report';

/** The CLI's JSON contract (design.md): only the documented fields, in a stable order. */
export function toJson(report: Report): string {
  return assembleJson(report.files.map(jsonFragment), report);
}

/** One file's entry, indented as it sits in the `files` array: threads can make these. */
export function jsonFragment(f: FileReport): string {
  const json = wrapped(f);
  return json.slice(FRAGMENT_HEAD.length, json.length - FRAGMENT_TAIL.length);
}

const utf8 = new TextEncoder();

/**
 * The fragment as UTF-8, for a writer of bytes (the CLI): the wrapper is encoded whole and the
 * fragment is a view into it, so the text is never cut and copied (on a check of 5 MB of notes
 * that copy was 40 MB).
 */
export function jsonFragmentUtf8(f: FileReport): Uint8Array {
  const bytes = utf8.encode(wrapped(f));
  return bytes.subarray(FRAGMENT_HEAD.length, bytes.length - FRAGMENT_TAIL.length);
}

/**
 * The file stringified inside the document's own nesting, to be cut out: the indentation comes
 * out right without a pass over the text to indent it (that pass cost as much as the stringify).
 * The head and tail are ASCII, so their lengths are the same in characters and in UTF-8 bytes.
 */
function wrapped(f: FileReport): string {
  return JSON.stringify({ files: [{ path: f.path, claims: f.claims.map(claimJson), diagnostics: f.diagnostics.map(findingJson) }] }, null, 2);
}

const FRAGMENT_HEAD = '{\n  "files": [\n';
const FRAGMENT_TAIL = '\n  ]\n}';

/** The whole document from file fragments, byte for byte what one JSON.stringify would give. */
export function assembleJson(fragments: readonly string[], report: Pick<Report, 'tool' | 'summary'>): string {
  // One join, so the document is built flat once (it can be many megabytes) rather than as a
  // chain of pieces flattened again when written.
  return jsonParts(fragments, report).join('');
}

/**
 * The document as pieces in order, unjoined: a CLI writes them one after another instead of
 * building one string of many megabytes first. Fragments may come already encoded (as bytes
 * from a worker thread); they are passed through as they are.
 */
export function jsonParts<T>(fragments: readonly T[], report: Pick<Report, 'tool' | 'summary'>): Array<string | T> {
  const indent = (v: unknown) => JSON.stringify(v, null, 2).replace(/\n/g, '\n  ');
  const head = `{\n  "tool": ${indent(report.tool)},\n  "files": ${fragments.length ? '[\n' : '[]'}`;
  const tail = `${fragments.length ? '\n  ]' : ''},\n  "summary": ${indent(report.summary)}\n}\n`;
  const parts: Array<string | T> = [head];
  fragments.forEach((f, i) => {
    if (i) parts.push(',\n');
    parts.push(f);
  });
  parts.push(tail);
  return parts;
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
