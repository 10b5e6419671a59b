import { DEFAULT_STATUSES } from './vocabulary';
import type { Claim, DocumentAnalysis, Finding, Severity } from './types';

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

/** A status's label for people: the built-in one, or the name capitalised. */
export function statusLabel(status: string): string {
  return DEFAULT_STATUSES.find((s) => s.name === status)?.label ?? status[0].toUpperCase() + status.slice(1);
}

export function fileReport(path: string, analysis: Pick<DocumentAnalysis, 'claims' | 'findings'>): FileReport {
  return { path, claims: analysis.claims, diagnostics: analysis.findings };
}

/**
 * Builds the report model shared by every output: files in sorted path order, counts
 * by status (suppressed claims included, and counted apart), and unsourced claims.
 * `notes` counts checked notes; config files with problems appear as files too.
 */
export function buildReport(files: FileReport[], notes = files.length): Report {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const summary: ReportSummary = {
    files: notes,
    claims: 0,
    byStatus: {},
    withoutSource: 0,
    suppressed: 0,
    diagnostics: { error: 0, warning: 0, information: 0, hint: 0 },
  };
  for (const f of sorted) {
    for (const c of f.claims) {
      summary.claims++;
      summary.byStatus[c.status] = (summary.byStatus[c.status] ?? 0) + 1;
      if (c.suppressed) summary.suppressed++;
      else if (c.sources.length === 0) summary.withoutSource++;
    }
    for (const d of f.diagnostics) summary.diagnostics[d.severity]++;
  }
  summary.byStatus = Object.fromEntries(Object.entries(summary.byStatus).sort(([a], [b]) => statusRank(a) - statusRank(b) || a.localeCompare(b)));
  return { tool: { name: TOOL_NAME, version: TOOL_VERSION }, files: sorted, summary };
}

/** True when some finding is at least as severe as `failOn`. */
export function reachesLevel(report: Report, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  const limit = SEVERITY_ORDER.indexOf(failOn);
  return report.files.some((f) => f.diagnostics.some((d) => SEVERITY_ORDER.indexOf(d.severity) <= limit));
}
