// How the editor shows a note's claims: which findings become diagnostics (and how severe) and
// which claims get a highlight. Plain data in and out (no `vscode`), so it is unit-testable; the
// core's findings, and so the CLI's output, stay as they are.
import type { Claim, Finding, Localizable, Range, Severity, SeveritySetting } from '../core/types';
import { DEFAULT_STATUSES } from '../core/vocabulary';

/** `claimLens.display`: how a clean claim (its source resolved) shows. */
export type Display = 'decorations' | 'diagnostics' | 'both';
export const DISPLAYS: readonly Display[] = ['decorations', 'diagnostics', 'both'];

/** The statuses with a colour of their own; any other (a custom one) gets the neutral one. */
export const DECORATED_STATUSES = ['unverified', 'paraphrase', 'opinion', 'prediction', 'context'] as const;
export type DecorationKind = (typeof DECORATED_STATUSES)[number] | 'other';

export function decorationKind(status: string): DecorationKind {
  return (DECORATED_STATUSES as readonly string[]).includes(status) ? (status as DecorationKind) : 'other';
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const DEFAULT_SEVERITY = new Map<string, SeveritySetting>(DEFAULT_STATUSES.map((s) => [s.name, s.severity]));

const key = (r: Range) => `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;

/** Index of the claims that produced findings: by their own range and by their first marker's. */
function indexClaims(claims: readonly Claim[]) {
  const byRange = new Map<string, Claim>();
  const byMarker = new Map<string, Claim>();
  for (const c of claims) {
    if (c.suppressed) continue;
    byRange.set(key(c.range), c);
    if (c.markers.length) byMarker.set(key(c.markers[0].range), c);
  }
  return { byRange, byMarker };
}

/** Joins two message templates, renumbering the second one's placeholders after the first one's. */
function joinMessages(a: Finding, b: Finding): { message: string; l10n?: Localizable } {
  const message = `${a.message.replace(/[.\s]+$/, '')}. ${b.message}`;
  if (!a.l10n || !b.l10n) return { message };
  const n = a.l10n.args.length;
  return { message, l10n: { message: `${a.l10n.message.replace(/[.\s]+$/, '')}. ${b.l10n.message.replace(/\{(\d+)\}/g, (_, i: string) => `{${Number(i) + n}}`)}`, args: [...a.l10n.args, ...b.l10n.args] } };
}

export interface DisplayOptions {
  display: Display;
  /** Statuses whose severity the user chose in settings; a clean claim of one keeps that severity. */
  explicit: ReadonlySet<string>;
}

/**
 * The findings a note shows as diagnostics. A claim that needs a source and has none gets ONE
 * finding, `claim.no-source` over the whole sentence, its message the claim's and the rule's
 * together; its status finding goes. A clean claim's status finding goes in `decorations` mode
 * and is information otherwise, unless the user set that status's severity (in settings, or in
 * `.claimlens.yaml` to other than the default). Every other finding passes unchanged.
 */
export function displayedFindings(claims: readonly Claim[], findings: readonly Finding[], o: DisplayOptions): Finding[] {
  if (!findings.some((f) => f.code.startsWith('claim.'))) return findings as Finding[];
  const { byRange, byMarker } = indexClaims(claims);
  const statusFinding = new Map<Claim, Finding>();
  const noSource = new Map<Claim, Finding>();
  for (const f of findings) {
    if (f.code === 'claim.no-source') {
      const c = byMarker.get(key(f.range));
      if (c) noSource.set(c, f);
    } else if (f.code.startsWith('claim.')) {
      const c = byRange.get(key(f.range));
      if (c && f.code === `claim.${c.status}`) statusFinding.set(c, f);
    }
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.code === 'claim.no-source') {
      const c = byMarker.get(key(f.range));
      if (!c) {
        out.push(f);
        continue;
      }
      const s = statusFinding.get(c);
      const severity = s && RANK[s.severity] < RANK[f.severity] ? s.severity : f.severity;
      const merged: Finding = { ...f, severity, range: c.range, ...(s ? joinMessages(s, f) : {}) };
      if (s?.related) merged.related = s.related;
      out.push(merged);
      continue;
    }
    if (!f.code.startsWith('claim.')) {
      out.push(f);
      continue;
    }
    const c = byRange.get(key(f.range));
    if (!c || f.code !== `claim.${c.status}`) {
      out.push(f);
      continue;
    }
    if (noSource.has(c) || o.display === 'decorations') continue; // merged above, or shown as a highlight
    out.push(f.severity === 'information' || isExplicit(c.status, f.severity, o.explicit) ? f : { ...f, severity: 'information' });
  }
  return out;
}

function isExplicit(status: string, severity: Severity, explicit: ReadonlySet<string>): boolean {
  if (explicit.has(status)) return true;
  // A config can only be told from the defaults by what it sets: custom statuses default to information.
  return severity !== (DEFAULT_SEVERITY.get(status) ?? 'information');
}

export interface ClaimDecoration {
  kind: DecorationKind;
  range: Range;
  /** The end-of-line label: `opinion · Keynote recording 12:34`. */
  label: string;
  /** Whether the claim needs a source it does not have (then it has a warning too). */
  unsourced: boolean;
}

/**
 * The claims a note highlights: every claim that is not suppressed and whose status is not
 * switched off (an `ignore`d status makes no status finding, and so no highlight either).
 */
export function claimDecorations(claims: readonly Claim[], findings: readonly Finding[], label: (c: Claim) => string): ClaimDecoration[] {
  const shown = new Set<string>();
  const unsourced = new Set<string>();
  for (const f of findings) {
    if (f.code === 'claim.no-source') unsourced.add(key(f.range));
    else if (f.code.startsWith('claim.')) shown.add(`${f.code}@${key(f.range)}`);
  }
  const out: ClaimDecoration[] = [];
  for (const c of claims) {
    if (c.suppressed) continue;
    const needs = c.markers.length > 0 && unsourced.has(key(c.markers[0].range));
    if (!needs && !shown.has(`claim.${c.status}@${key(c.range)}`)) continue;
    out.push({ kind: decorationKind(c.status), range: c.range, label: label(c), unsourced: needs });
  }
  return out;
}
