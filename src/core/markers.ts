import type { MarkerSpec, StatusDefinition } from './vocabulary';
import { foldQuotes, GAP } from './inline';
import { annotationPlace, acronymPlace, introduces, namedOrCompound, tagPlace } from './markerPlace';

export interface MarkerMatch {
  start: number;
  end: number;
  status: string;
  /** The marker is the writer's own view: no source is expected for it. */
  own?: boolean;
  /** A marker that says the claim has no source ("no verbatim source"). */
  sourceless?: boolean;
  /** A common word that counts only where it stands ("prediction", "opinion"), not a distinctive phrase. */
  common?: boolean;
  /** A marker that introduces the words after it ("In my opinion, …", "Prediction: …", "Allegedly, …"). */
  intro?: boolean;
}

export interface MarkerMatcher {
  /** Cheap test on raw block text: false means no marker can be in it. */
  mayMatch(raw: string): boolean;
  /** All markers in scanner output (quotes already folded), in order. */
  find(prose: string, from: number, to: number): MarkerMatch[];
  /** Statuses by precedence rank: lower is more severe. */
  rank: ReadonlyMap<string, number>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Brackets are link syntax to the scanner, which writes GAP over them: a marker's brackets match either. */
const SEPARATORS = new RegExp(`[\\s${GAP}\\[\\]]+`, 'g');

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const WORD_BEFORE = /[\p{L}\p{N}\p{M}]$/u;
const WORD_AFTER = /^[\p{L}\p{N}\p{M}]/u;

/** Whether a letter, digit or mark starts at `i`: ASCII without a regex. */
function wordAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return WORD_AFTER.test(s.slice(i, i + 2));
}

/** A normal form for looking a matched marker up: folded quotes, single spaces, no brackets, lower case. */
export function markerKey(s: string): string {
  return foldQuotes(s).replace(SEPARATORS, ' ').trim().toLowerCase();
}

/** Markers that say there is no source: such a claim never takes one from a neighbouring clause. */
const SOURCELESS = /\bno (?:verbatim|public|official)\b|\bnot captured\b|could not be fetched/;

interface Hit {
  status: string;
  spec: MarkerSpec;
  key: string;
  sourceless: boolean;
}

/** A marker's pattern as tokens: one lower-case character, a run of spaces or markup, or a bracket. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let space = false;
  for (const ch of foldQuotes(text).trim().toLowerCase()) {
    if (/\s/.test(ch)) {
      space = true;
      continue;
    }
    if (space && out.length) out.push('[\\s\\u0001]+');
    space = false;
    out.push(ch === '[' ? '[\\[\\u0001]' : ch === ']' ? '[\\]\\u0001]' : escapeRegExp(ch));
  }
  return out;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  end: boolean;
}

/**
 * One regex alternative for all keys (spaces standing for `sep`), shared prefixes factored
 * out: `speaker (?:opinion|view)`, not `speaker opinion|speaker view`. A flat alternation of
 * a thousand markers is tried a thousand times at every position of a note; this one reads
 * each position once per character it shares with some marker. Where a key ends and a longer
 * one goes on, the longer is tried first, as the longest-first flat alternation did.
 * `any`: only whether some key matches counts, so a key's longer extensions are dropped.
 */
function alternation(keys: readonly string[], sep: string, any: boolean): string {
  // Very long keys would nest groups as deep as they are long: those keep the flat form.
  if (keys.some((k) => k.length > 256)) return keys.map((k) => k.split(' ').map(escapeRegExp).join(sep)).join('|');
  const root: TrieNode = { next: new Map(), end: false };
  for (const k of keys) {
    let node = root;
    for (const ch of k) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    if (any && node.end) return '';
    const alts: string[] = [];
    for (const [ch, child] of node.next) alts.push((ch === ' ' ? sep : escapeRegExp(ch)) + emit(child));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/**
 * One regex for all markers as a trie ("not (?:verified|captured)…"): the engine tries one
 * branch per first character instead of every marker at every position. Longer branches come
 * before a marker's end, so the longest marker at a place wins.
 */
function trieSource(patterns: readonly string[]): string {
  const root: TrieNode = { next: new Map(), end: false };
  for (const p of patterns) {
    let node = root;
    for (const t of tokens(p)) {
      let child = node.next.get(t);
      if (!child) node.next.set(t, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const branches = [...node.next].map(([t, child]) => t + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
    return node.end ? (branches.length === 1 ? `(?:${body})?` : `${body}?`) : body;
  };
  return emit(root);
}

/**
 * Compiles the vocabulary into one regex for all markers, matched as literals (never as user
 * regexes, so no marker can backtrack badly), case-insensitively, on letter/number boundaries,
 * with any run of spaces or inline markup between words. Each match is then kept only where its
 * entry says it counts (see markerPlace.ts).
 */
export function compileMatcher(statuses: readonly StatusDefinition[]): MarkerMatcher {
  const rank = new Map<string, number>();
  const byKey = new Map<string, Hit>();
  const patterns: string[] = [];
  statuses.forEach((s, i) => {
    rank.set(s.name, i);
    for (const m of s.markers) {
      const key = markerKey(m.text);
      if (!key || byKey.has(key)) continue;
      byKey.set(key, { status: s.name, spec: m, key, sourceless: SOURCELESS.test(key) });
      patterns.push(m.text);
    }
  });
  if (patterns.length === 0) {
    return { mayMatch: () => false, find: () => [], rank };
  }
  // Longest first, so "no verbatim source" wins over a shorter marker at the same place.
  patterns.sort((a, b) => b.length - a.length);
  const ascii = patterns.every((k) => /^[\x20-\x7e]*$/.test(k));
  // Word boundaries are checked by hand after a match, so an ASCII vocabulary needs no Unicode mode.
  const full = new RegExp(trieSource(patterns), ascii ? 'gi' : 'giu');
  // The prefilter only needs the words in order, separated by anything that is not a letter.
  // ASCII-only vocabularies (the usual case) get a non-Unicode prefilter, which V8 runs much faster.
  const sep = ascii ? '[^a-z0-9]+' : '[^\\p{L}\\p{N}]+';
  const loose = [...new Set(patterns.map((k) => {
    const words = foldQuotes(k).toLowerCase().split(ascii ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter(Boolean);
    // A marker of punctuation only ("(?)") is looked for as written.
    return words.length ? words.join(' ') : k.trim();
  }))];
  /** Matched spellings already looked up, so each costs one map hit. */
  const seen = new Map<string, Hit | null>();
  const pre = new RegExp(`(?:${alternation(loose, sep, true)})`, ascii ? 'i' : 'iu');
  return {
    rank,
    mayMatch: (raw) => pre.test(raw),
    find(prose, from, to) {
      const out: MarkerMatch[] = [];
      full.lastIndex = from;
      let m: RegExpExecArray | null;
      while ((m = full.exec(prose)) !== null && m.index < to) {
        const end = m.index + m[0].length;
        if (end > to) break;
        // A match of "" (never a marker) or one inside a word is skipped.
        if (end === m.index || (m.index > 0 && WORD_CHAR.test(m[0][0]) && WORD_BEFORE.test(prose.slice(Math.max(0, m.index - 2), m.index))) ||
          (end < prose.length && WORD_CHAR.test(m[0][m[0].length - 1]) && wordAt(prose, end))) {
          full.lastIndex = m.index + 1;
          continue;
        }
        let hit = seen.get(m[0]);
        if (hit === undefined) {
          hit = byKey.get(markerKey(m[0])) ?? null;
          if (seen.size < 10_000) seen.set(m[0], hit);
        }
        if (!hit) continue;
        const place = hit.spec.place;
        if (namedOrCompound(prose, m.index, end) || (place === 'annotation' && !annotationPlace(prose, m.index, end, hit.key)) ||
          (place === 'tag' && !tagPlace(prose, end)) || (place === 'acronym' && !acronymPlace(prose, m.index, end))) {
          full.lastIndex = m.index + 1;
          continue;
        }
        const match: MarkerMatch = { start: m.index, end, status: hit.status };
        if (hit.spec.own) match.own = true;
        if (hit.sourceless) match.sourceless = true;
        if (hit.spec.own || introduces(prose, end, hit.key)) match.intro = true;
        if (place === 'annotation') match.common = true;
        out.push(match);
      }
      return out;
    },
  };
}
