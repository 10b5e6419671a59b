// The report webview's HTML and the data it shows. No `vscode` import: the panel in
// reportPanel.ts is the adapter, and this part runs under node:test.
import type { Claim, Range, Source } from '../core/types';
import { noteSourcesOf, ownSources, reportLabels, statusLabel, type Report } from '../core/report';
import { escapeHtml } from '../core/format/escape';
import { isSafeUrl } from '../core/urls';
import { ageInDays, isoDay } from '../core/dates';

/** Every string the page shows, already localised by the panel. `{0}`, `{1}` are filled in by the page. */
export interface ReportStrings {
  loading: string;
  refresh: string;
  export: string;
  accessedAgo: string;
  inRecording: string;
  summary: string;
  summaryOneFile: string;
  byStatus: string;
  sources: string;
  sourced: string;
  unsourced: string;
  suppressed: string;
  suppressedReason: string;
  noSource: string;
  noteSources: string;
  noteSourceShort: string;
  filterPlaceholder: string;
  filterLabel: string;
  statusFilterLabel: string;
  claimsIn: string;
  showing: string;
  noClaims: string;
  noMatches: string;
  line: string;
  revealHint: string;
  viaInline: string;
  viaReference: string;
  viaFootnote: string;
  viaRegistry: string;
  viaNote: string;
}

/** Fixed colour names the stylesheet knows; a status gets one of them, never its own name as a class. */
export const TONES = ['red', 'orange', 'yellow', 'purple', 'blue', 'green', 'other'] as const;
export type Tone = (typeof TONES)[number];
const BUILTIN_TONES: Record<string, Tone> = { unverified: 'red', paraphrase: 'orange', opinion: 'yellow', prediction: 'purple', context: 'blue' };

export interface ViewSource {
  title: string;
  /** Present only for http(s) and mailto URLs; the page shows it as text. */
  url?: string;
  /** The raw URL when it is not safe to link, shown as text too. */
  rawUrl?: string;
  via: Source['via'];
  /** From the registry: when the source was last accessed, and how many days ago. */
  accessed?: string;
  ageDays?: number;
}

export interface ViewClaim {
  status: string;
  label: string;
  tone: Tone;
  /** One-based, for people. */
  line: number;
  range: Range;
  text: string;
  /** Marker spans as [start, end) UTF-16 offsets into `text`, sorted and disjoint, with the marker's tone. */
  marks: Array<[number, number, Tone]>;
  markers: string[];
  /** The claim's own sources; the note's front-matter sources are its file's `noteSources`. */
  sources: ViewSource[];
  /** The claim takes its file's front-matter sources. */
  noteSource?: true;
  suppressed?: { reason: string | null };
  /** Moments in the cited recording, with safe links. */
  timestamps?: Array<{ text: string; url: string }>;
}

export interface ViewFile {
  path: string;
  /** The note's front-matter sources, shown once for the file. */
  noteSources?: ViewSource[];
  claims: ViewClaim[];
}

export interface ViewStatus {
  status: string;
  label: string;
  tone: Tone;
  count: number;
}

export interface ViewReport {
  version: string;
  files: number;
  claims: number;
  sourced: number;
  unsourced: number;
  suppressed: number;
  statuses: ViewStatus[];
  /** Files with at least one claim, in report order. */
  fileReports: ViewFile[];
}

/** What the page receives: everything it renders, as plain JSON. */
export interface ReportViewData {
  title: string;
  scope: 'note' | 'workspace';
  noteUri?: string;
  strings: ReportStrings;
  /** The Export buttons: the format registry's exportable formats, with their names. */
  exports?: Array<{ format: string; name: string }>;
  /** Absent while the first build runs, or when it failed. */
  report?: ViewReport;
  /** Why the report could not be built, when there is none to show. */
  error?: string;
  /**
   * The build this page shows (its report or its error), counted from 1 per panel; 0 before
   * the first. A `busy` message for this build or an older one came late and is ignored.
   */
  generation?: number;
}

export function toneFor(status: string, customIndex: number): Tone {
  return BUILTIN_TONES[status] ?? (['green', 'other'] as const)[customIndex % 2];
}

/** Offset in `text` (the file sliced at `claimRange`) of a position inside that range, or -1. */
function offsetIn(text: string, claimRange: Range, pos: Range['start']): number {
  let offset = 0;
  for (let line = claimRange.start.line; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return -1;
    offset = nl + 1;
  }
  const result = offset + pos.character - (pos.line === claimRange.start.line ? claimRange.start.character : 0);
  return result >= 0 && result <= text.length ? result : -1;
}

function markSpans(c: Claim, tone: (status: string) => Tone): Array<[number, number, Tone]> {
  const spans: Array<[number, number, Tone]> = [];
  for (const m of c.markers) {
    const s = offsetIn(c.text, c.range, m.range.start);
    const e = offsetIn(c.text, c.range, m.range.end);
    if (s >= 0 && e > s) spans.push([s, e, tone(m.status)]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number, Tone]> = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1], span[2]]);
  }
  return out;
}

function viewSource(s: Source, today: string): ViewSource {
  const out: ViewSource = { title: s.title, via: s.via };
  if (isSafeUrl(s.url)) out.url = s.url.trim();
  else if (s.url) out.rawUrl = s.url;
  if (s.accessed) {
    out.accessed = s.accessed;
    const days = ageInDays(s.accessed, today);
    if (days !== undefined) out.ageDays = days;
  }
  return out;
}

/** The report as the page shows it: labels, tones, one-based lines, marker spans, safe URLs. */
export function toViewReport(report: Report, today = isoDay(new Date())): ViewReport {
  const s = report.summary;
  const custom: string[] = [];
  const tone = (status: string): Tone => {
    if (BUILTIN_TONES[status]) return BUILTIN_TONES[status];
    if (!custom.includes(status)) custom.push(status);
    return toneFor(status, custom.indexOf(status));
  };
  const labels = reportLabels(report);
  const statuses = Object.entries(s.byStatus).map(([status, count]) => ({ status, label: statusLabel(status, labels.get(status)), tone: tone(status), count }));
  const fileReports = report.files
    .filter((f) => f.claims.length > 0)
    .map((f): ViewFile => ({
      path: f.path,
      ...(noteSourcesOf(f).length ? { noteSources: noteSourcesOf(f).map((x) => viewSource(x, today)) } : {}),
      claims: f.claims.map((c): ViewClaim => ({
        status: c.status,
        label: statusLabel(c.status, c.label),
        tone: tone(c.status),
        line: c.range.start.line + 1,
        range: c.range,
        text: c.text,
        marks: markSpans(c, tone),
        markers: c.markers.map((m) => m.text),
        sources: ownSources(c).map((x) => viewSource(x, today)),
        ...(c.sources.some((x) => x.via === 'note') ? { noteSource: true as const } : {}),
        ...(c.suppressed ? { suppressed: { reason: c.suppressed.reason } } : {}),
        ...(c.timestamps?.length ? { timestamps: c.timestamps.filter((x) => isSafeUrl(x.url)).map((x) => ({ text: x.text, url: x.url })) } : {}),
      })),
    }));
  return {
    version: report.tool.version,
    files: s.files,
    claims: s.claims,
    sourced: s.claims - s.suppressed - s.withoutSource,
    unsourced: s.withoutSource,
    suppressed: s.suppressed,
    statuses,
    fileReports,
  };
}

/**
 * JSON that is safe inside a `<script type="application/json">` element: `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026` (so text can never close the element or open a comment),
 * and U+2028/U+2029 are escaped too. JSON.parse gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A CSP nonce from the platform's CSPRNG (Web Crypto: Node 20, browsers, the web extension host). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ReportHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` strings for media/reportModel.js, media/report.js and media/report.css. */
  modelUri: string;
  scriptUri: string;
  styleUri: string;
  data: ReportViewData;
  /** The document language, e.g. `vscode.env.language`. */
  lang?: string;
}

/** The whole page. The only executable content is the two nonce'd scripts from media/. */
export function reportHtml(input: ReportHtmlInput): string {
  const { cspSource, nonce, data } = input;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('invalid nonce');
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // Attribute values are double-quoted, so only these need escaping (CSP quotes stay readable).
  const attr = (v: string) => v.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);
  return `<!DOCTYPE html>
<html lang="${attr(input.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${escapeHtml(data.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script type="application/json" id="data">${jsonForScript(data)}</script>
<script nonce="${nonce}" src="${attr(input.modelUri)}"></script>
<script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}

/** English strings, for tests and previews; the panel passes localised ones. */
export const ENGLISH_STRINGS: ReportStrings = {
  loading: 'Building the report…',
  refresh: 'Refresh',
  export: 'Export',
  accessedAgo: 'accessed {0} days ago',
  inRecording: 'in the recording',
  summary: '{0} claims in {1} files',
  summaryOneFile: '{0} claims in 1 file',
  byStatus: 'By status',
  sources: 'Sources',
  sourced: 'Sourced',
  unsourced: 'Without source',
  suppressed: 'Suppressed',
  suppressedReason: 'Suppressed: {0}',
  noSource: 'No source',
  noteSources: 'Note source',
  noteSourceShort: 'note source',
  filterPlaceholder: 'Filter sentences, markers, sources',
  filterLabel: 'Filter claims',
  statusFilterLabel: 'Show statuses',
  claimsIn: '{0} claims',
  showing: 'Showing {0} of {1} claims',
  noClaims: 'No flagged claims. Nothing here needs verifying.',
  noMatches: 'No claims match the filters.',
  line: 'Line {0}',
  revealHint: 'Open at line {0}',
  viaInline: 'inline',
  viaReference: 'reference',
  viaFootnote: 'footnote',
  viaRegistry: 'registry',
  viaNote: 'front matter',
};
