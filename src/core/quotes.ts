/** Quotation checks against saved copies of sources (snapshots). */

export interface QuoteCheck {
  /** The quotation as written in the note, without its quote marks. */
  text: string;
  /** Offsets of the quotation (inside the marks) in the sentence. */
  start: number;
  end: number;
  found: boolean;
  /** Where it was found, or the closest passage: text from the snapshot with markup stripped. */
  passage?: string;
  /** Text around the passage, for the hover. */
  context?: string;
  /** 0–1, how close the closest passage is (1 when found). */
  similarity: number;
  /** 0-based line of the passage in the snapshot file, to open it there. */
  line?: number;
}

/** Quotations in a sentence: “…”, "…" and „…“ with at least two words. */
export function findQuotations(sentence: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /“([^“”]+)”|"([^"]+)"|„([^„“”]+)[“”]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence)) !== null) {
    const inner = m[1] ?? m[2] ?? m[3];
    if (inner.trim().split(/\s+/).length < 2) continue;
    const start = m.index + 1;
    out.push({ text: inner, start, end: start + inner.length });
  }
  return out;
}

/** Folds case, quotes, dashes and whitespace, so a quotation matches however it was typed. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

/** Strips HTML and Markdown from a snapshot, keeping one line of output per line of input. */
export function stripMarkup(s: string): string {
  return s
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, (m) => m.replace(/[^\n]/g, ''))
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ''))
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`+)/g, '');
}

interface Prepared {
  /** Normalised words of the stripped snapshot. */
  words: string[];
  /** The same words as written (stripped of markup), for showing passages. */
  raw: string[];
  /** Line of each word in the snapshot. */
  lines: number[];
  /** The normalised words joined by single spaces, and where each word starts in it. */
  joined: string;
  starts: number[];
}

const prepared = new Map<string, Prepared>();
const TRIM = /^[\s.,;:!?'"()\u2026-]+|[\s.,;:!?'"()\u2026-]+$/g;

/** Prepares a snapshot once; later checks against the same text reuse the work. */
function prepare(snapshot: string): Prepared {
  const hit = prepared.get(snapshot);
  if (hit) return hit;
  const words: string[] = [];
  const raw: string[] = [];
  const lines: number[] = [];
  stripMarkup(snapshot).split('\n').forEach((line, n) => {
    for (const w of line.split(/\s+/)) {
      if (!w) continue;
      const norm = normalizeText(w).replace(TRIM, '');
      if (!norm) continue;
      raw.push(w);
      words.push(norm);
      lines.push(n);
    }
  });
  const starts: number[] = [];
  let pos = 0;
  for (const w of words) {
    starts.push(pos);
    pos += w.length + 1;
  }
  const p = { words, raw, lines, joined: words.join(' '), starts };
  if (prepared.size > 32) prepared.clear();
  prepared.set(snapshot, p);
  return p;
}

function wordIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Checks a quotation against a snapshot. Found: the passage and its context. Not found: the
 * closest passage, picked by a sliding window of the quotation's length scored on shared
 * words (linear in the snapshot), then measured by edit distance.
 */
export function checkQuote(quote: { text: string; start: number; end: number }, snapshot: string): QuoteCheck {
  const p = prepare(snapshot);
  const qWords = normalizeText(quote.text).split(' ').map((w) => w.replace(TRIM, '')).filter(Boolean);
  const q = qWords.join(' ');
  const base = { text: quote.text, start: quote.start, end: quote.end };
  if (!qWords.length || !p.words.length) return { ...base, found: false, similarity: 0 };
  const at = p.joined.indexOf(q);
  const n = qWords.length;
  const show = (from: number, count: number) => p.raw.slice(from, from + count).join(' ');
  const around = (from: number, count: number) => `${from > 12 ? '… ' : ''}${show(Math.max(0, from - 12), Math.min(12, from) + count + 12)}${from + count + 12 < p.raw.length ? ' …' : ''}`;
  if (at >= 0) {
    const w = wordIndexAt(p.starts, at);
    return { ...base, found: true, passage: show(w, n), context: around(w, n), similarity: 1, line: p.lines[w] };
  }
  // Sliding window of n words: count how many of the quotation's words each window holds.
  const want = new Map<string, number>();
  for (const w of qWords) want.set(w, (want.get(w) ?? 0) + 1);
  const have = new Map<string, number>();
  let score = 0;
  let best = -1;
  let ties: number[] = [];
  for (let i = 0; i < p.words.length; i++) {
    const add = p.words[i];
    const h = (have.get(add) ?? 0) + 1;
    have.set(add, h);
    if (h <= (want.get(add) ?? 0)) score++;
    if (i >= n) {
      const drop = p.words[i - n];
      const d = have.get(drop)!;
      if (d <= (want.get(drop) ?? 0)) score--;
      have.set(drop, d - 1);
    }
    if (i >= n - 1) {
      if (score > best) {
        best = score;
        ties = [i - n + 1];
      } else if (score === best && ties.length < 64) ties.push(i - n + 1);
    }
  }
  // Among the windows sharing the most words, the one closest letter by letter wins.
  let bestAt = ties[0] ?? 0;
  let distance = Infinity;
  for (const at of ties) {
    const d = levenshtein(q, p.words.slice(at, at + n).join(' '));
    if (d < distance) {
      distance = d;
      bestAt = at;
    }
  }
  const passage = p.words.slice(bestAt, bestAt + n).join(' ');
  const similarity = Math.max(0, 1 - distance / Math.max(q.length, passage.length));
  return { ...base, found: false, passage: show(bestAt, n), context: around(bestAt, n), similarity, line: p.lines[bestAt] };
}
