// What a list of claims shows (the editor's Claims view): which claims pass a filter, how they
// group, in what order, and which comes next after a position. Plain data in and out.
import type { Claim, Finding, Position, Source } from './types';
import { DEFAULT_STATUSES } from './vocabulary';

export type GroupBy = 'file' | 'status' | 'source';
export const GROUP_BYS: readonly GroupBy[] = ['file', 'status', 'source'];

export interface ClaimFilter {
  /** Only claims of these statuses; empty for all. */
  statuses: readonly string[];
  /** Only claims whose sentence, markers or sources contain this text (any case); empty for all. */
  text: string;
  /** Only claims that need a source and cite none. */
  unsourced: boolean;
}

export const NO_FILTER: ClaimFilter = { statuses: [], text: '', unsourced: false };

export function isFiltering(f: ClaimFilter): boolean {
  return f.statuses.length > 0 || f.text.trim() !== '' || f.unsourced;
}

/**
 * A claim that should cite a primary source and cites none: neither in the sentence nor in the
 * front matter. The writer's own view ("in my opinion") needs none; a suppressed claim is not shown.
 */
export function needsSource(c: Claim): boolean {
  return !c.suppressed && c.sources.length === 0 && !c.own;
}

const at = (p: Position) => `${p.line}:${p.character}`;

/**
 * The claims that need a source and cite none. With the note's findings, exactly those Claim Lens
 * reports as `claim.no-source` (which honours a status's `needsSource: false`, a `no-source`
 * suppression and the rule's severity); without them, those needsSource() names.
 */
export function claimsNeedingSource(claims: readonly Claim[], findings?: readonly Finding[]): Set<Claim> {
  if (!findings) return new Set(claims.filter(needsSource));
  const reported = new Set<string>();
  for (const f of findings) if (f.code === 'claim.no-source') reported.add(at(f.range.start));
  const out = new Set<Claim>();
  if (reported.size === 0) return out;
  for (const c of claims) {
    if (c.suppressed || c.sources.length) continue;
    // Reported on the claim's first marker; the claim's or its tag's start is accepted too.
    if (reported.has(at(c.range.start)) || c.markers.some((m) => reported.has(at(m.range.start))) || (c.annotation && reported.has(at(c.annotation.range.start)))) out.add(c);
  }
  return out;
}

/** The key of a source group: its URL, or its title when it has none. */
export function sourceKey(s: Source): string {
  return s.url ? `url:${s.url}` : `title:${s.title}`;
}

/** The group of claims without a source, in source grouping. */
export const NO_SOURCE_KEY = 'none';

/** The groups a claim belongs to (file grouping has one group per note, chosen by the caller). */
export function groupKeys(c: Claim, by: Exclude<GroupBy, 'file'>): string[] {
  if (by === 'status') return [c.status];
  if (c.sources.length === 0) return [NO_SOURCE_KEY];
  if (c.sources.length === 1) return [sourceKey(c.sources[0])];
  return [...new Set(c.sources.map(sourceKey))];
}

/**
 * A compiled filter: one lower-cased needle, one status set. A claim passes when it passes every
 * part that is set. `unsourced` says which claims need a source (see claimsNeedingSource()).
 */
export function claimMatcher(f: ClaimFilter, unsourced: (c: Claim) => boolean = needsSource): (c: Claim) => boolean {
  const statuses = f.statuses.length ? new Set(f.statuses) : undefined;
  const needle = f.text.trim().toLowerCase();
  return (c) => {
    if (statuses && !statuses.has(c.status)) return false;
    if (f.unsourced && !unsourced(c)) return false;
    if (!needle) return true;
    return c.text.toLowerCase().includes(needle)
      || c.markers.some((m) => m.text.toLowerCase().includes(needle))
      || c.sources.some((s) => s.title.toLowerCase().includes(needle) || (!!s.url && s.url.toLowerCase().includes(needle)));
  };
}

/** Statuses in the built-in precedence order, then others by name. */
export function compareStatuses(a: string, b: string): number {
  const rank = (s: string) => {
    const i = DEFAULT_STATUSES.findIndex((d) => d.name === s);
    return i < 0 ? DEFAULT_STATUSES.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A sentence as a reader sees it: links as their text, no footnote references or emphasis marks.
 * For labels only; filters match the text as written.
 */
export function readable(text: string): string {
  return text
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\[[^\]\n]*\]/g, '$1')
    .replace(/\[\^[^\]\n]+\]/g, '')
    .replace(/(\*\*|__|`)/g, '');
}

/** The sentence on one line, cut at a word boundary to at most `max` characters. */
export function shorten(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

const comparePositions = (a: Position, b: Position) => a.line - b.line || a.character - b.character;

/** Claims in the order they stand in the note. */
export function inNoteOrder<C extends Pick<Claim, 'range'>>(claims: readonly C[]): C[] {
  return [...claims].sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/** The first claim that starts after `p`, or the note's first (it wraps round). `claims` in note order. */
export function claimAfter<C extends Pick<Claim, 'range'>>(claims: readonly C[], p: Position): C | undefined {
  return claims.find((c) => comparePositions(c.range.start, p) > 0) ?? claims[0];
}

/** The last claim that starts before `p`, or the note's last (it wraps round). `claims` in note order. */
export function claimBefore<C extends Pick<Claim, 'range'>>(claims: readonly C[], p: Position): C | undefined {
  for (let i = claims.length - 1; i >= 0; i--) if (comparePositions(claims[i].range.start, p) < 0) return claims[i];
  return claims[claims.length - 1];
}
