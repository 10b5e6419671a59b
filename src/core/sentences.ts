import { GAP, INVISIBLE, OPAQUE } from './inline';

/**
 * Words that end with a period without ending the sentence. Lower case; matched
 * case-insensitively against the word before the period.
 */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'vs', 'cf', 'al', 'approx', 'ca', 'dr', 'mr', 'mrs', 'ms', 'prof', 'sr', 'jr', 'st', 'mt', 'dept',
  'univ', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ver', 'cit', 'viz',
  'resp', 'incl', 'u.s', 'u.k',
]);
/** Abbreviations that only hold before a number ("Fig. 2", "No. 5", "p. 12"); "said no. Then" still ends. */
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'fig', 'figs', 'eq', 'eqs', 'ref', 'refs', 'vol', 'vols', 'p', 'pp', 'ch', 'sec', 'sect', 'art', 'nr', 'op', 'v']);

const CJK_TERMINATORS = '\u3002\uFF01\uFF1F'; // 。！？
const NUMBER_NEXT = new RegExp(`^[\\s${GAP}]*\\d`);
const TERMINATOR = /[.!?\u2026\u3002\uFF01\uFF1F]/g;
// Module constants: the bundler writes a /u literal with \p{…} as `new RegExp(…)`, compiled anew at
// every call if left inside the function.
const INITIAL = /^\p{Lu}$/u;
const DOTTED = /^(?:\p{L}\.)+\p{L}$/u;
const CLOSERS = `)]}"'\u00BB\u203A\u300D\u300F\uFF09${GAP}${OPAQUE}${INVISIBLE}`;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === INVISIBLE || c === '\n' || c === '\t' || c === '\u00A0' || c === '\u3000' || c === '\r' || c === '\f';
}

function isLower(c: string): boolean {
  return c !== c.toUpperCase() && c === c.toLowerCase();
}

/**
 * Splits [from, to) of scanner output into sentences, as [start, end) pairs trimmed
 * of whitespace. Abbreviations, initials, decimals, versions and list numbers do not
 * end a sentence; CJK full stops do, with no space after them.
 */
export function splitSentences(prose: string, from = 0, to = prose.length): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = from;
  // The next quote mark after the current point, or -1 for none: found once, not per sentence.
  let nextQuote = prose.indexOf('"', from);
  TERMINATOR.lastIndex = from;
  for (let i = from; i < to; i++) {
    // Jump to the next candidate terminator with a regex: far cheaper than a char loop.
    TERMINATOR.lastIndex = i;
    if (!TERMINATOR.test(prose)) break;
    i = TERMINATOR.lastIndex - 1;
    if (i >= to) break;
    const c = prose[i];
    const cjk = CJK_TERMINATORS.includes(c);
    // A run of terminators ("?!", "...") ends together.
    let end = i + 1;
    while (end < to && (prose[end] === '.' || prose[end] === '!' || prose[end] === '?' || prose[end] === '\u2026' || CJK_TERMINATORS.includes(prose[end]))) end++;
    while (end < to && CLOSERS.includes(prose[end])) end++;
    if (!cjk && end < to && !isSpace(prose[end])) {
      i = end - 1;
      continue;
    }
    if (c === '.' && end - i === 1 && !endsSentence(prose, start, i, end, to)) {
      i = end - 1;
      continue;
    }
    // A quoted or bracketed sentence followed by a lower-case word is part of a longer one:
    // She said “it works.” and left.
    if (!cjk && end > i + 1 && CLOSERS.includes(prose[end - 1]) && nextIsLower(prose, end, to)) {
      i = end - 1;
      continue;
    }
    // Inside a quotation that closes later in the block, the quoted sentences stay one.
    if (nextQuote !== -1 && nextQuote < end) nextQuote = prose.indexOf('"', end);
    if (!cjk && nextQuote >= 0 && nextQuote < to && insideQuote(prose, start, end)) {
      i = end - 1;
      continue;
    }
    push(out, prose, start, end);
    start = end;
    i = end - 1;
  }
  push(out, prose, start, to);
  return mergeParentheticals(out, prose);
}

function insideQuote(prose: string, start: number, end: number): boolean {
  let n = 0;
  for (let k = prose.indexOf('"', start); k >= 0 && k < end; k = prose.indexOf('"', k + 1)) n++;
  return n % 2 === 1;
}

const PARENTHETICAL = new RegExp(`^${GAP}*\\([^()]*\\)[.!?\u2026${GAP}]*$`);

/**
 * "It shipped. (Not verified.)": a parenthetical standing alone qualifies the sentence
 * before it, so it joins that sentence.
 */
function mergeParentheticals(out: Array<[number, number]>, prose: string): Array<[number, number]> {
  for (let k = out.length - 1; k > 0; k--) {
    if (prose[out[k][0]] === '(' || prose[out[k][0]] === GAP) {
      if (PARENTHETICAL.test(prose.slice(out[k][0], out[k][1]))) {
        out[k - 1] = [out[k - 1][0], out[k][1]];
        out.splice(k, 1);
      }
    }
  }
  return out;
}

function push(out: Array<[number, number]>, prose: string, start: number, end: number): void {
  while (start < end && isSpace(prose[start])) start++;
  while (end > start && isSpace(prose[end - 1])) end--;
  if (end > start) out.push([start, end]);
}

/** Decides whether a single period at `dot` ends the sentence that began at `start`. */
function endsSentence(prose: string, start: number, dot: number, after: number, to: number): boolean {
  // The word before the period, dots inside it kept ("e.g", "U.S").
  let w = dot;
  while (w > start && wordOrDot(prose.charCodeAt(w - 1), prose[w - 1])) w--;
  const word = prose.slice(w, dot);
  if (word) {
    const lower = word.toLowerCase();
    if (ABBREVIATIONS.has(lower)) return false;
    if (NUMBER_ABBREVIATIONS.has(lower) && NUMBER_NEXT.test(prose.slice(after, after + 8))) return false;
    if (INITIAL.test(word)) return false; // an initial: "J. Smith"; a unit like "40 s." ends
    if (DOTTED.test(word)) return false; // dotted abbreviation
    // A list number at the start of a line or of the sentence: "2. Then".
    if (/^\d{1,3}$/.test(word)) {
      let b = w;
      while (b > start && (prose[b - 1] === ' ' || prose[b - 1] === '\t')) b--;
      if (b === start || prose[b - 1] === '\n') return false;
    }
  }
  // The next word starting in lower case continues the sentence ("approx. ten").
  return !nextIsLower(prose, after, to);
}

/** A letter, digit or period: ASCII without a regex, since this runs for every period's word. */
function wordOrDot(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 46;
  return /[\p{L}\p{N}]/u.test(ch);
}

function nextIsLower(prose: string, from: number, to: number): boolean {
  let k = from;
  while (k < to && (isSpace(prose[k]) || prose[k] === GAP)) k++;
  return k < to && isLower(prose[k]);
}
