/** Quotation checks against saved copies of sources (snapshots). */
import { decodeHTML } from 'entities';

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

/**
 * Work left for the quotations of one note, in rough units of a word compared. Each check
 * takes from it; once it is spent, later quotations in the note are not checked at all
 * (checkQuote returns undefined), so a note of many long quotations stays bounded.
 */
export interface QuoteBudget {
  left: number;
}

/** A note's budget: about a second of work on a slow machine. */
export const NOTE_QUOTE_BUDGET = 50_000_000;
/** At most this much work looks for one quotation's closest passage. */
const QUOTE_WORK = 2_000_000;
/** Occurrences of the quotation's words read to place candidate passages. */
const MAX_ANCHORS = 512;
/** Candidate passages scored word by word, then compared letter by letter. */
const MAX_CANDIDATES = 32;
const MAX_COMPARED = 8;

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


/** Blanks everything but line breaks, so the output keeps one line per input line. */
const blank = (m: string) => m.replace(/[^\n]/g, '');

/**
 * Blanks `<script>…</script>`, `<style>…</style>` and `<!-- … -->` as the lazy regexes
 * /<(script|style)\b[\s\S]*?<\/\1>/gi and /<!--[\s\S]*?-->/g do, in linear time: once a closer
 * is missing after some point, no later opener of that kind is tried again.
 */
function dropBlocks(s: string, opener: RegExp, closer: (open: RegExpExecArray) => RegExp): string {
  let out = '';
  let pos = 0;
  const unclosed = new Set<string>();
  opener.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = opener.exec(s)) !== null) {
    const kind = (m[1] ?? m[0]).toLowerCase();
    if (unclosed.has(kind)) continue;
    const c = closer(m);
    c.lastIndex = m.index + m[0].length;
    const e = c.exec(s);
    if (!e) {
      unclosed.add(kind);
      continue;
    }
    const end = e.index + e[0].length;
    out += s.slice(pos, m.index) + blank(s.slice(m.index, end));
    pos = opener.lastIndex = end;
  }
  return pos === 0 ? s : out + s.slice(pos);
}

/** Tags `<…>` within a line become a space, as /<[^>\n]*>/g does, in one pass. */
function dropTags(s: string): string {
  let out = '';
  let pos = 0;
  let gt = -1; // the first `>` after i
  let nl = -1; // the first line break after i (Infinity: none)
  let i = s.indexOf('<');
  while (i >= 0) {
    if (gt <= i) gt = s.indexOf('>', i + 1);
    if (gt < 0) break;
    if (nl !== Infinity && nl <= i) {
      nl = s.indexOf('\n', i + 1);
      if (nl < 0) nl = Infinity;
    }
    if (nl < gt) {
      // No `<` before this line break can close.
      i = s.indexOf('<', nl + 1);
      continue;
    }
    out += s.slice(pos, i) + ' ';
    pos = gt + 1;
    i = s.indexOf('<', pos);
  }
  return pos === 0 ? s : out + s.slice(pos);
}

/**
 * Links and images: `[text](…)`, `![text](…)` or `[text][…]` become `text`, as
 * /!?\[([^\]]*)\]\([^)]*\)/g would, but each search resumes where the last one ended, so a copy
 * made of `[` is read once, not once per bracket.
 */
function dropLinks(s: string, image: boolean, open: '(' | '['): string {
  const close = open === '(' ? ')' : ']';
  const start = image ? '![' : '[';
  let out = '';
  let pos = 0;
  let rb = -1; // the first `]` after the opener's `[`
  let cb = -1; // the first closer after `](` or `][`
  let i = s.indexOf(start);
  while (i >= 0) {
    const textAt = i + start.length;
    if (rb < textAt) rb = s.indexOf(']', textAt);
    if (rb < 0) break;
    if (s[rb + 1] !== open) {
      // Every opener before this `]` reaches the same `]`, and fails the same way.
      i = s.indexOf(start, rb + 1);
      continue;
    }
    if (cb < rb + 2) cb = s.indexOf(close, rb + 2);
    if (cb < 0) break;
    out += s.slice(pos, i) + s.slice(textAt, rb);
    pos = cb + 1;
    i = s.indexOf(start, pos);
  }
  return pos === 0 ? s : out + s.slice(pos);
}

/** Strips HTML and Markdown from a snapshot, keeping one line of output per line of input, in linear time. */
export function stripMarkup(s: string): string {
  let t = dropBlocks(s, /<(script|style)\b/gi, (m) => new RegExp(`<\\/${m[1]}>`, 'gi'));
  t = dropBlocks(t, /<!--/g, () => /-->/g);
  t = dropTags(t);
  // Every HTML entity (`caf&eacute;` is "café"), decoded by the `entities` package markdown-it ships with.
  t = t.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return decodeHTML(m);
  });
  t = dropLinks(t, true, '(');
  t = dropLinks(t, false, '(');
  t = dropLinks(t, false, '[');
  return t
    .replace(/^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`+)/g, '');
}

/**
 * Where a speaker's turn starts in a transcript line (markup already stripped): a time such as
 * `[00:12:34]` or `12:34`, a label such as `Guest:` or `Dr. Ada Lovelace (12:34):`, or both.
 * Neither is ever part of a passage, and no passage runs across a turn.
 */
const TIME = String.raw`\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?`;
const TURN = new RegExp(
  String.raw`^[ \t]*(?:(\[${TIME}\]|\(${TIME}\)|${TIME}(?=[ \t]|$))[ \t]*(?:[-–—|][ \t]*)?)?` +
  String.raw`(?:([\p{Lu}\p{Lt}][\p{L}\p{M}\p{N}'’.-]*(?:[ \t]+[\p{L}\p{M}\p{N}'’.-]+){0,3})[ \t]*(?:\[[^\]\n]{0,20}\]|\([^)\n]{0,20}\))?[ \t]*:(?=[ \t]|$)[ \t]*)?`,
  'u',
);
/** A label in bold in the copy as saved: `**Guest:**`, `**Guest**:`, maybe after a time or a list bullet. */
const BOLD = /^[ \t]*(?:[-*+][ \t]+)?(?:\S*\d:\d\d\S*[ \t]+)?(?:\*\*|__)[^*_\n]{1,60}(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*:)/;
/** A word that ends a sentence: . ! ? or … then any closing quotes and brackets. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*$/;
const HEADING = /^[ \t]{0,3}#{1,6}(?:[ \t]|$)/;

interface Prepared {
  /** The snapshot with markup stripped; each word is a slice of it, to show passages as written. */
  text: string;
  rawStart: Int32Array;
  rawEnd: Int32Array;
  /** Each word (speaker labels and times left out) as a number; `vocabulary` has its folded form. */
  ids: Int32Array;
  vocabulary: string[];
  id: Map<string, number>;
  /** Line of each word in the snapshot. */
  lines: Int32Array;
  /** Where each word's sentence and turn start and end (exclusive), by word: a closest passage stays in one. */
  sentenceStart: Int32Array;
  sentenceEnd: Int32Array;
  turnStart: Int32Array;
  turnEnd: Int32Array;
  turn: Int32Array;
  /** Positions of each word, built on the first check. */
  at?: number[][];
  /** A scoring slot per word number (-1 when unused). */
  slot?: Int32Array;
}

const prepared = new Map<string, Prepared>();
/** Whether TRIM could take this character off a word's end (most words need no regex at all). */
const trimmable = (c: number) => c <= 0x2d ? c !== 0x23 && c !== 0x24 && c !== 0x25 && c !== 0x26 && c !== 0x2a && c !== 0x2b : c === 0x2e || c === 0x3a || c === 0x3b || c === 0x3f || c === 0x2026 || c > 0x7f;
const TRIM = /^[\s.,;:!?'"()\u2026-]+|[\s.,;:!?'"()\u2026-]+$/g;
const WORD = /\S+/g;

/** normalizeText without the whitespace folding: the same length as its input, almost always. */
function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** Prepares a snapshot once; later checks against the same text reuse the work. */
function prepare(snapshot: string): Prepared {
  const hit = prepared.get(snapshot);
  if (hit) return hit;
  const text = stripMarkup(snapshot);
  const original = snapshot.split('\n');
  const stripped = text.split('\n');
  // A plain `Name:` at the start of a line is a label only in a transcript: bold, after a
  // time, or where at least two lines start that way (a prose line may start "The point: …").
  const heads = stripped.map((line, n) => {
    const m = TURN.exec(line)!;
    return { at: m[0].length, label: m[0].trim() !== '', strong: m[1] !== undefined || BOLD.test(original[n] ?? ''), name: m[2] !== undefined };
  });
  const plain = heads.filter((h) => h.label && !h.strong).length >= 2;
  const ids: number[] = [];
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  const lines: number[] = [];
  const sentenceOf: number[] = [];
  const turnOf: number[] = [];
  const vocabulary: string[] = [];
  const id = new Map<string, number>();
  let sentence = 0;
  let turn = 0;
  let open = false; // the current sentence has words
  let turnOpen = false; // the current turn has words
  let lineAt = 0;
  stripped.forEach((line, n) => {
    const h = heads[n];
    const isTurn = h.label && (h.strong || plain || !h.name);
    const heading = HEADING.test(original[n] ?? '');
    // A new turn, a blank line or a heading ends the sentence (a turn or a heading also ends the turn).
    if (open && (isTurn || heading || !line.trim())) {
      sentence++;
      open = false;
    }
    if (turnOpen && (isTurn || heading)) {
      turn++;
      turnOpen = false;
    }
    const bodyAt = isTurn ? h.at : 0;
    const body = bodyAt ? line.slice(bodyAt) : line;
    // Folding the line at once is much quicker than word by word, and gives the same words.
    const folded = fold(body);
    const aligned = folded.length === body.length;
    WORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = WORD.exec(body)) !== null) {
      const w = m[0];
      let norm = aligned ? folded.slice(m.index, m.index + w.length) : fold(w);
      if (trimmable(norm.charCodeAt(0)) || trimmable(norm.charCodeAt(norm.length - 1))) norm = norm.replace(TRIM, '');
      if (!norm) continue;
      let k = id.get(norm);
      if (k === undefined) {
        id.set(norm, (k = vocabulary.length));
        vocabulary.push(norm);
      }
      ids.push(k);
      rawStart.push(lineAt + bodyAt + m.index);
      rawEnd.push(lineAt + bodyAt + m.index + w.length);
      lines.push(n);
      sentenceOf.push(sentence);
      turnOf.push(turn);
      open = turnOpen = true;
      if (SENTENCE_END.test(w)) {
        sentence++;
        open = false;
      }
    }
    if (heading && turnOpen) {
      if (open) sentence++;
      turn++;
      open = turnOpen = false;
    }
    lineAt += line.length + 1;
  });
  const span = (of: number[]) => {
    const start = new Int32Array(of.length);
    const end = new Int32Array(of.length);
    for (let i = 0; i < of.length; i++) start[i] = i > 0 && of[i - 1] === of[i] ? start[i - 1] : i;
    for (let i = of.length - 1; i >= 0; i--) end[i] = i < of.length - 1 && of[i + 1] === of[i] ? end[i + 1] : i + 1;
    return [start, end];
  };
  const [sentenceStart, sentenceEnd] = span(sentenceOf);
  const [turnStart, turnEnd] = span(turnOf);
  const p: Prepared = {
    text, rawStart: Int32Array.from(rawStart), rawEnd: Int32Array.from(rawEnd), ids: Int32Array.from(ids), vocabulary, id,
    lines: Int32Array.from(lines), sentenceStart, sentenceEnd, turnStart, turnEnd, turn: Int32Array.from(turnOf),
  };
  if (prepared.size > 32) prepared.clear();
  prepared.set(snapshot, p);
  return p;
}

/** Positions of each word number, and the scoring slots, built on the first check. */
function positions(p: Prepared): { at: number[][]; slot: Int32Array } {
  if (!p.at || !p.slot) {
    const at: number[][] = Array.from({ length: p.vocabulary.length }, () => []);
    for (let i = 0; i < p.ids.length; i++) at[p.ids[i]].push(i);
    p.at = at;
    p.slot = new Int32Array(p.vocabulary.length).fill(-1);
  }
  return { at: p.at, slot: p.slot };
}

/**
 * Levenshtein distance with Myers' bit-vector method, 32 rows of the table per step: about
 * |a|·|b|/32 steps instead of |a|·|b|, exactly the same result.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  const m = a.length;
  if (m === 0) return b.length;
  const blocks = Math.ceil(m / 32);
  // Per character of `a`: the bits of the rows it sits in, block by block.
  const peq = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const c = a.charCodeAt(i);
    let v = peq.get(c);
    if (!v) peq.set(c, (v = new Int32Array(blocks)));
    v[i >> 5] |= 1 << (i & 31);
  }
  const none = new Int32Array(blocks);
  const pv = new Int32Array(blocks).fill(-1);
  const mv = new Int32Array(blocks);
  const top = 1 << ((m - 1) & 31);
  let score = m;
  for (let j = 0; j < b.length; j++) {
    const eqs = peq.get(b.charCodeAt(j)) ?? none;
    // The row above the table counts up by one per column: a carry of +1 into the first block.
    let hin = 1;
    for (let k = 0; k < blocks; k++) {
      let eq = eqs[k];
      const p = pv[k];
      const mm = mv[k];
      const xv = eq | mm;
      if (hin < 0) eq |= 1;
      const xh = (((eq & p) + p) ^ p) | eq;
      let ph = mm | ~(xh | p);
      let mh = p & xh;
      const high = k === blocks - 1 ? top : 1 << 31;
      const hout = ph & high ? 1 : mh & high ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      pv[k] = mh | ~(xv | ph);
      mv[k] = ph & xv;
      hin = hout;
    }
    score += hin;
  }
  return score;
}

/** Whether words[from..from+n) are the quotation's words (as word numbers), in one turn. */
function matchesAt(p: Prepared, ids: Int32Array, q: Int32Array, from: number): number {
  if (from < 0 || from + q.length > ids.length || p.turn[from] !== p.turn[from + q.length - 1]) return 0;
  let k = 0;
  while (k < q.length && ids[from + k] === q[k]) k++;
  return k;
}

/**
 * Candidate starts of the closest passage: each occurrence of a quotation word, aligned to the
 * word's place in the quotation (and moved to its sentence's start when it would begin before),
 * votes for one; rarer words first, within MAX_ANCHORS occurrences. The most voted come first.
 */
function candidates(qWords: readonly string[], distinct: ReadonlyArray<{ w: string; at: number[] }>, segStart: Int32Array): { list: number[]; anchors: number } {
  const starts: number[] = [];
  let anchors = 0;
  for (const { w, at } of distinct) {
    // A word too common to place a passage is left out, unless nothing rarer was found.
    if (anchors >= MAX_ANCHORS || (anchors > 0 && anchors + at.length > MAX_ANCHORS)) break;
    const places: number[] = [];
    for (let k = 0; k < qWords.length && places.length < 4; k++) if (qWords[k] === w) places.push(k);
    const take = Math.min(at.length, MAX_ANCHORS - anchors);
    for (let i = 0; i < take; i++) {
      const pos = at[i];
      for (const k of places) starts.push(Math.max(pos - k, segStart[pos]));
    }
    anchors += at.length;
  }
  // Count the votes in one sort, then keep the most voted (earlier first among equals).
  const sorted = Int32Array.from(starts).sort();
  const counted: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    counted.push([sorted[i], j - i]);
    i = j;
  }
  counted.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return { list: counted.slice(0, MAX_CANDIDATES).map(([from]) => from), anchors };
}

/**
 * Checks a quotation against a snapshot, word for word and within one speaker's turn. Not
 * found: the closest passage, which stays within one sentence of the copy (or one turn, when
 * the quotation itself runs over several sentences) and never holds a speaker label or a time.
 * Candidates come from where the quotation's rarer words occur in the copy, each aligned to the
 * word's place in the quotation; the best few are scored on shared words, then on edit distance.
 * Returns undefined when the note's budget is spent.
 */
export function checkQuote(quote: { text: string; start: number; end: number }, snapshot: string): QuoteCheck;
export function checkQuote(quote: { text: string; start: number; end: number }, snapshot: string, budget: QuoteBudget): QuoteCheck | undefined;
export function checkQuote(quote: { text: string; start: number; end: number }, snapshot: string, budget?: QuoteBudget): QuoteCheck | undefined {
  const p = prepare(snapshot);
  const qRaw = quote.text.trim().split(/\s+/).filter((w) => normalizeText(w).replace(TRIM, ''));
  const qWords = qRaw.map((w) => normalizeText(w).replace(TRIM, ''));
  const q = qWords.join(' ');
  const base = { text: quote.text, start: quote.start, end: quote.end };
  if (!qWords.length || !p.ids.length) return { ...base, found: false, similarity: 0 };
  const n = qWords.length;
  const index = positions(p);
  // The quotation's words, rarest in the copy first.
  const distinct = [...new Set(qWords)].map((w) => ({ w, at: index.at[p.id.get(w) ?? -1] ?? [] })).sort((x, y) => x.at.length - y.at.length);
  let work = n + distinct.length;
  const spend = (units: number) => {
    work += units;
    if (budget) budget.left -= units;
  };
  if (budget && budget.left <= 0) return undefined;

  const show = (from: number, to: number) => {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(p.text.slice(p.rawStart[i], p.rawEnd[i]));
    return out.join(' ');
  };
  const folded = (from: number, to: number) => {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(p.vocabulary[p.ids[i]]);
    return out.join(' ');
  };
  const around = (from: number, to: number) => {
    const lo = Math.max(p.turnStart[from], from - 12);
    const hi = Math.min(p.turnEnd[from], to + 12);
    return `${lo > 0 ? '… ' : ''}${show(lo, hi)}${hi < p.ids.length ? ' …' : ''}`;
  };

  // Found: every word in place, anchored on the rarest word of the quotation.
  const rarest = distinct[0];
  if (rarest.at.length) {
    const offset = qWords.indexOf(rarest.w);
    const qIds = Int32Array.from(qWords, (w) => p.id.get(w)!);
    let compared = 0;
    for (const at of rarest.at) {
      const from = at - offset;
      const k = matchesAt(p, p.ids, qIds, from);
      compared += k + 1;
      if (k === n) {
        spend(compared);
        return { ...base, found: true, passage: show(from, from + n), context: around(from, from + n), similarity: 1, line: p.lines[from] };
      }
      if (budget && compared > budget.left) break;
    }
    spend(compared);
    if (budget && budget.left <= 0) return undefined;
  }

  // Not found: the closest passage stays in one sentence, or in one turn when the quotation
  // itself runs over several sentences.
  const spansSentences = qRaw.slice(0, -1).some((w) => SENTENCE_END.test(w));
  const segStart = spansSentences ? p.turnStart : p.sentenceStart;
  const segEnd = spansSentences ? p.turnEnd : p.sentenceEnd;
  const starts = candidates(qWords, distinct, segStart);
  spend(starts.anchors);
  if (starts.list.length === 0) return { ...base, found: false, similarity: 0 };

  // Score each candidate on the quotation's words it holds: each word found in the copy gets a
  // slot, and counts up to as often as the quotation has it.
  const want: number[] = [];
  const used: number[] = [];
  for (const w of qWords) {
    const id = p.id.get(w);
    if (id === undefined) continue;
    if (index.slot[id] < 0) {
      index.slot[id] = want.length;
      want.push(0);
      used.push(id);
    }
    want[index.slot[id]]++;
  }
  const have = new Int32Array(want.length);
  let best = -1;
  let ties: Array<[number, number]> = [];
  try {
    for (const from of starts.list) {
      const to = Math.min(from + n, segEnd[from]);
      if (work + (to - from) > QUOTE_WORK && ties.length) break;
      spend(to - from);
      have.fill(0);
      let score = 0;
      for (let i = from; i < to; i++) {
        const slot = index.slot[p.ids[i]];
        if (slot >= 0 && ++have[slot] <= want[slot]) score++;
      }
      if (score > best) {
        best = score;
        ties = [[from, to]];
      } else if (score === best) ties.push([from, to]);
    }
  } finally {
    for (const id of used) index.slot[id] = -1;
  }
  // Among those sharing the most words, the closest letter by letter, within this quotation's work.
  let bestAt = ties[0];
  let distance = Infinity;
  for (const [from, to] of ties.slice(0, MAX_COMPARED)) {
    const text = folded(from, to);
    const cost = Math.ceil(Math.min(q.length, text.length) / 32) * Math.max(q.length, text.length);
    if (distance < Infinity && work + cost > QUOTE_WORK) break;
    spend(cost);
    const d = editDistance(q, text);
    if (d < distance) {
      distance = d;
      bestAt = [from, to];
    }
  }
  const [from, to] = bestAt;
  const passage = folded(from, to);
  const similarity = Math.max(0, 1 - distance / Math.max(q.length, passage.length));
  return { ...base, found: false, passage: show(from, to), context: around(from, to), similarity, line: p.lines[from] };
}
