import type { MarkerMatch } from './markers';

/**
 * Which claim a marker qualifies. In casual notes the marker often stands in a fragment of its
 * own after the claim: "Said they moved 40 PB off tape?? I couldn't find this anywhere,
 * unverified", "A listener poll showed 62%. Internal poll, usable only as show context.", or a
 * table's evidence cell. Such a fragment says nothing but the marker and words about the
 * claim, so the claim is the sentence (or cell) before it.
 */

/** Words a tag fragment may hold besides its markers: about the claim, never a claim of their own. */
const META = new Set([
  'i', "i'm", 'im', 'we', 'could', "couldn't", 'couldnt', 'can', "can't", 'cannot', 'not', 'find', 'found', 'see',
  'this', 'that', 'these', 'those', 'it', 'its', "it's", 'anywhere', 'usable', 'use', 'only', 'as', 'so', 'treat',
  'treated', 'with', 'care', 'caution', 'sure', 'if', 'serious', 'and', 'but', 'also', 'all', 'of', 'the', 'a', 'an',
  'is', 'was', 'are', 'were', 'be', 'number', 'numbers', 'figure', 'figures', 'stat', 'stats', 'data', 'source',
  'sources', 'no', 'nothing', 'here', 'there', 'yet', 'though', 'unclear', 'vendor', "vendor's", 'seems', 'seem', 'to',
  'part', 'again', 'too', 'either', 'just', 'note', 'fwiw', 'afaik', 'hmm', 'ok', 'okay', 'far', 'grain', 'salt',
  'pinch', 'take', 'for', 'now', 'per', 'me', 'my', 'our', 'their', 'his', 'her', 'one', 'entirely', 'very', 'much',
  'really', 'quite', 'totally', 'mostly', 'at', 'least', 'on', 'in', 'by', 'from', 'link', 'public', 'verify',
  'verified', 'confirm', 'confirmed', 'checked', 'check', 'thing', 'things', 'bit', 'which', 'or', 'maybe', 'perhaps',
  'probably', 'likely', 'said', 'says', 'say',
]);

const WORD = /[\p{L}\p{N}'\u2019]+/gu;

function isWordCode(c: number, ch: string): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39;
  return c === 0x2019 || /[\p{L}\p{N}]/u.test(ch);
}

/**
 * Whether [s, e) of scanner output, with the markers marks[from..to) inside it, is a tag fragment:
 * nothing in it but markers and words about the claim. Stops at the first other word.
 */
export function isTagFragment(prose: string, s: number, e: number, marks: readonly MarkerMatch[], from: number, to: number): boolean {
  let words = 0;
  let q = from;
  let i = s;
  while (i < e) {
    if (q < to && i >= marks[q].start) {
      i = Math.max(i, marks[q].end);
      q++;
      continue;
    }
    const stop = q < to ? Math.min(e, marks[q].start) : e;
    if (!isWordCode(prose.charCodeAt(i), prose[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < stop && isWordCode(prose.charCodeAt(j), prose[j])) j++;
    const word = prose.slice(i, j).toLowerCase().replace(/\u2019/g, "'");
    if (!META.has(word) || ++words > 12) return false;
    i = j;
  }
  return true;
}

/** Whether the marker at `at` opens its fragment: nothing but spaces and markup before it. */
export function markerLeads(prose: string, s: number, at: number): boolean {
  for (let i = s; i < at; i++) {
    const c = prose.charCodeAt(i);
    if (c > 3 && c !== 32 && c !== 9 && c !== 10 && c !== 34 && c !== 40) return false;
  }
  return true;
}

/** Whether a sentence can be the claim a fragment qualifies: not "Yes!" or "what?". */
export function sentenceLike(text: string): boolean {
  if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{6}/.test(text)) return true;
  const digit = /\d/.test(text);
  let words = 0;
  // "10." alone is a list number; "Revenue 40%." is a claim.
  for (const _ of text.matchAll(WORD)) if (++words >= (digit ? 2 : 3)) return true;
  return false;
}

/** Whether a table cell reads as a claim, not a label: a figure, a quotation, or a few words. */
export function claimLike(text: string): boolean {
  // A bare number ("10.", "3") is a row number, not a claim.
  if (/^\s*\d{1,9}[.)]?\s*$/.test(text)) return false;
  if (/\d/.test(text) || /["\u201C\u201D\u2018\u2019]/.test(text)) return true;
  let words = 0;
  for (const _ of text.matchAll(WORD)) if (++words >= 4) return true;
  return false;
}

/**
 * Where a marker's clause starts: a sentence of several clauses ("[docs](…) (v1.35 stable);
 * "Google donated it" is speaker paraphrase") takes its sources from the marker's clause on,
 * never from a clause before it.
 */
export function clauseStart(prose: string, s: number, marker: number): number {
  // Most sentences have no semicolon before their marker: found natively, without the walk (a
  // slice is a view, and the search stays within the sentence).
  const before = prose.slice(s + 1, marker);
  if (!before.includes(';') && !before.includes('\uFF1B')) return s;
  let depth = 0;
  let lead = marker;
  for (let i = marker - 1; i > s; i--) {
    const c = prose[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth > 0) depth--;
    } else if (depth === 0 && (c === ';' || c === '\uFF1B')) {
      // "…; speaker paraphrase": the marker annotates the clause before.
      if (markerLeads(prose, i + 1, lead)) {
        lead = i;
        continue;
      }
      return i + 1;
    }
  }
  return s;
}
