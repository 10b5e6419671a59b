import type { StatusDefinition } from './vocabulary';

/** Characters the inline scanner writes over markup that may sit between marker words. */
export const GAP = '\u0001';
/** Characters the scanner writes over code, URLs and HTML, which never hold markers. */
export const OPAQUE = '\u0002';
/** Characters the scanner writes over HTML comments: like OPAQUE, and trimmed off sentences. */
export const INVISIBLE = '\u0003';

export interface MarkerMatch {
  start: number;
  end: number;
  status: string;
}

export interface MarkerMatcher {
  /** Cheap test on raw block text: false means no marker can be in it. */
  mayMatch(raw: string): boolean;
  /** All markers in scanner output (quotes already folded), in order. */
  find(prose: string, from: number, to: number): MarkerMatch[];
  /** Statuses by precedence rank: lower is more severe. */
  rank: ReadonlyMap<string, number>;
}

const QUOTE_FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
};

/** Folds curly quotes and apostrophes to straight ones; keeps length. */
export function foldQuotes(s: string): string {
  return s.replace(/[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033]/g, (c) => QUOTE_FOLD[c]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SEPARATORS = new RegExp(`[\\s${GAP}]+`, 'g');

const WORD_BEFORE = /[\p{L}\p{N}\p{M}]$/u;

/** A normal form for looking a matched marker up: folded quotes, single spaces, lower case. */
export function markerKey(s: string): string {
  return foldQuotes(s).replace(SEPARATORS, ' ').trim().toLowerCase();
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
 * Compiles the vocabulary into one regex for all markers, matched as literals
 * (never as user regexes, so no marker can backtrack badly), case-insensitively,
 * on letter/number boundaries, with any run of spaces or inline markup between words.
 */
export function compileMatcher(statuses: readonly StatusDefinition[]): MarkerMatcher {
  const rank = new Map<string, number>();
  const byKey = new Map<string, string>();
  statuses.forEach((s, i) => {
    rank.set(s.name, i);
    for (const m of s.markers) {
      const key = markerKey(m);
      if (key && !byKey.has(key)) byKey.set(key, s.name);
    }
  });
  // Longest first, so "no verbatim source" wins over a shorter marker at the same place.
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);
  if (keys.length === 0) {
    return { mayMatch: () => false, find: () => [], rank };
  }
  const exact = alternation(keys, '[\\s\\u0001]+', false);
  // The left boundary is checked by hand: a leading lookbehind would run at every position.
  const full = new RegExp(`(?:${exact})(?![\\p{L}\\p{N}\\p{M}])`, 'giu');
  // The prefilter only needs the words in order, separated by anything that is not a letter.
  // ASCII-only vocabularies (the usual case) get a non-Unicode prefilter, which V8 runs much faster.
  const ascii = keys.every((k) => /^[\x20-\x7e]*$/.test(k));
  const sep = ascii ? '[^a-z0-9]+' : '[^\\p{L}\\p{N}]+';
  const loose = keys
    .map((k) => k.split(ascii ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter(Boolean).join(' '))
    .filter(Boolean);
  /** Matched spellings already looked up, so each costs one map hit. */
  const seen = new Map<string, string>();
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
        if (m.index > 0 && WORD_BEFORE.test(prose.slice(Math.max(0, m.index - 2), m.index))) {
          full.lastIndex = m.index + 1;
          continue;
        }
        let status = seen.get(m[0]);
        if (status === undefined) {
          status = byKey.get(markerKey(m[0])) ?? '';
          if (seen.size < 10_000) seen.set(m[0], status);
        }
        if (status) out.push({ start: m.index, end, status });
      }
      return out;
    },
  };
}
