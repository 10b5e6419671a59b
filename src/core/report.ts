import { builtInLabel, DEFAULT_STATUSES } from './vocabulary';
import type { Claim, DocumentAnalysis, Finding, Severity, Source } from './types';

/** One checked file in a report: what the CLI prints and the report view shows. */
export interface FileReport {
  path: string;
  claims: Claim[];
  diagnostics: Finding[];
}

export interface ReportSummary {
  files: number;
  claims: number;
  byStatus: Record<string, number>;
  withoutSource: number;
  suppressed: number;
  diagnostics: Record<Severity, number>;
}

export interface Report {
  tool: { name: string; version: string };
  files: FileReport[];
  summary: ReportSummary;
}

export const TOOL_NAME = 'claim-lens';
declare const __CLAIM_LENS_VERSION__: string | undefined;
export const TOOL_VERSION: string = typeof __CLAIM_LENS_VERSION__ === 'string' ? __CLAIM_LENS_VERSION__ : '0.0.0-dev';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

const DEFAULT_ORDER = DEFAULT_STATUSES.map((s) => s.name);
function statusRank(status: string): number {
  const i = DEFAULT_ORDER.indexOf(status);
  return i < 0 ? DEFAULT_ORDER.length : i;
}

/** A status's label for people: the config's (carried by its claims), the built-in one, or the name capitalised. */
export function statusLabel(status: string, label?: string): string {
  return label ?? builtInLabel(status);
}

/** The labels the report's claims carry, by status: for counts, where no claim is at hand. */
export function reportLabels(report: Pick<Report, 'files'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of report.files) for (const c of f.claims) if (c.label && !out.has(c.status)) out.set(c.status, c.label);
  return out;
}

/**
 * The note-level (front-matter) sources a file's claims take, once each: a report shows them
 * once, in the file's heading, not again on every claim.
 */
export function noteSourcesOf(f: Pick<FileReport, 'claims'>): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  for (const c of f.claims) {
    for (const s of c.sources) {
      const key = `${s.url ?? ''}\u0000${s.title}`;
      if (s.via !== 'note' || seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

/** A claim's own sources: what it cites itself, without the note's front-matter sources. */
export function ownSources(c: Pick<Claim, 'sources'>): Source[] {
  return c.sources.some((s) => s.via === 'note') ? c.sources.filter((s) => s.via !== 'note') : c.sources;
}

export function fileReport(path: string, analysis: Pick<DocumentAnalysis, 'claims' | 'findings'>): FileReport {
  return { path, claims: analysis.claims, diagnostics: analysis.findings };
}

function emptySummary(files = 0): ReportSummary {
  return { files, claims: 0, byStatus: {}, withoutSource: 0, suppressed: 0, diagnostics: { error: 0, warning: 0, information: 0, hint: 0 } };
}

/** One file's share of the summary; summaries of many files add up with addSummary(). */
export function summarizeFile(f: FileReport, counts = true): ReportSummary {
  const s = emptySummary(counts ? 1 : 0);
  for (const c of f.claims) {
    s.claims++;
    s.byStatus[c.status] = (s.byStatus[c.status] ?? 0) + 1;
    if (c.suppressed) s.suppressed++;
    else if (c.sources.length === 0) s.withoutSource++;
  }
  for (const d of f.diagnostics) s.diagnostics[d.severity]++;
  return s;
}

export function addSummary(into: ReportSummary, s: ReportSummary): ReportSummary {
  into.files += s.files;
  into.claims += s.claims;
  into.withoutSource += s.withoutSource;
  into.suppressed += s.suppressed;
  for (const [k, v] of Object.entries(s.byStatus)) into.byStatus[k] = (into.byStatus[k] ?? 0) + v;
  for (const k of SEVERITY_ORDER) into.diagnostics[k] += s.diagnostics[k];
  return into;
}

/** Puts statuses in precedence order, so every output lists them alike. */
export function finishSummary(s: ReportSummary): ReportSummary {
  s.byStatus = Object.fromEntries(Object.entries(s.byStatus).sort(([a], [b]) => statusRank(a) - statusRank(b) || (a < b ? -1 : a > b ? 1 : 0)));
  return s;
}

export const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Builds the report model shared by every output: files in sorted path order, counts
 * by status (suppressed claims included, and counted apart), and unsourced claims.
 * `notes` counts checked notes; config files with problems appear as files too.
 */
export function buildReport(files: FileReport[], notes = files.length): Report {
  const sorted = [...files].sort(byPath);
  const summary = emptySummary(notes);
  for (const f of sorted) addSummary(summary, summarizeFile(f, false));
  return { tool: { name: TOOL_NAME, version: TOOL_VERSION }, files: sorted, summary: finishSummary(summary) };
}

export function newSummary(): ReportSummary {
  return emptySummary();
}

/** True when some finding is at least as severe as `failOn`. */
export function reachesLevel(summary: ReportSummary, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  const limit = SEVERITY_ORDER.indexOf(failOn);
  return SEVERITY_ORDER.some((sev, i) => i <= limit && summary.diagnostics[sev] > 0);
}
