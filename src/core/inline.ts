// The scanner's mask alphabet: every later stage (sentences, markers) reads prose written with it.
/** Characters the inline scanner writes over markup that may sit between marker words. */
export const GAP = '\u0001';
/** Characters the scanner writes over code, URLs and HTML, which never hold markers. */
export const OPAQUE = '\u0002';
/** Characters the scanner writes over HTML comments: like OPAQUE, and trimmed off sentences. */
export const INVISIBLE = '\u0003';

const QUOTE_FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
};

/** Folds curly quotes and apostrophes to straight ones; keeps length. */
export function foldQuotes(s: string): string {
  return s.replace(/[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033]/g, (c) => QUOTE_FOLD[c]);
}

interface CiteSpan {
  /** Offsets in the block's content. */
  start: number;
  end: number;
}

/** A citation found in a block, in offsets of the block's content: one shape per kind. */
export type RawCite =
  | (CiteSpan & { kind: 'inline'; url: string; title?: string; /** Link text, for the title. */ text: string; image?: undefined })
  | (CiteSpan & { kind: 'autolink' | 'bare'; url: string; image?: undefined })
  /** `[text][label]`; a reference-style image uses a definition but is never a source. */
  | (CiteSpan & { kind: 'reference'; label: string; text: string; image?: boolean })
  /** `[label]`, a citation only when `label` is defined. */
  | (CiteSpan & { kind: 'shortcut'; label: string; text: string; image?: boolean })
  | (CiteSpan & { kind: 'footnote'; label: string; image?: undefined })
  /** `[@key, locator]`: `text` is the locator. */
  | (CiteSpan & { kind: 'registry'; label: string; text?: string; image?: undefined });

export interface InlineScan {
  /**
   * The content with the same length and offsets, where markup that is not prose is
   * overwritten: GAP for delimiters that may sit between words, OPAQUE for code, HTML
   * and URLs. Curly quotes are folded to straight ones.
   */
  prose: string;
  cites: RawCite[];
  /** HTML comments that hold a claim-lens directive: [start, end) pairs. */
  directives: Array<[number, number]>;
}

const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/y;
const EMAIL = /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*\/?>/y;
/** What ends a footnote label: `]`, or any space, which a label cannot hold. */
const FOOTNOTE_STOP = /[\]\s]/g;
const MAX_FOOTNOTE_LABEL = 200;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const MAX_LABEL = 999;
// The scanner's own mark characters, written in a note: matching them is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0003]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0001-\u0003]/g;
const SPECIAL = /[\\`<![\]*~_]/g;
const SPECIAL_OR_URL = /[\\`<![\]*~_]|[hH][tT][tT][pP][sS]?:\/\//g;
const MAX_TITLE = 4096;
const MAX_DESTINATION = 4096;
const MAX_PAREN_DEPTH = 32;

/** Scans a block's inline content for citations and masks markup, in one linear pass. */
export function scanInline(s: string, withProse = true): InlineScan {
  const n = s.length;
  const masks: number[] = [];
  const mask = (from: number, to: number, code: number) => {
    if (to > from) masks.push(from, to, code);
  };
  const cites: RawCite[] = [];
  const directives: Array<[number, number]> = [];
  const code = s.includes('`') ? codeSpans(s) : undefined;
  const brackets = s.includes('[') ? matchBrackets(s, code) : undefined;
  /** Where the tail of a recognised link, starting at its `]`, ends. */
  const tails = new Map<number, number>();
  let commentsLeft = true;
  const hasAt = s.includes('@');
  let nextAt = -1;
  let linkTextEnd = -1;
  let footStop = -1;
  const dests = newDestMemo();

  // Jump from one character that may start markup to the next: most prose has none.
  const special = s.includes('://') ? SPECIAL_OR_URL : SPECIAL;
  let i = 0;
  while (i < n) {
    special.lastIndex = i;
    // test(), not exec(): no match array per hit. A match ending in `/` is "http(s)://".
    if (!special.test(s)) break;
    const matchEnd = special.lastIndex;
    i = s.charCodeAt(matchEnd - 1) !== 47 ? matchEnd - 1 : (s.charCodeAt(matchEnd - 4) | 32) === 115 ? matchEnd - 8 : matchEnd - 7;
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: // backslash escape
        if (i + 1 < n && ASCII_PUNCT.test(s[i + 1])) {
          mask(i, i + 1, 1);
          i += 2;
          continue;
        }
        break;
      case 96: { // code span
        const end = code?.get(i);
        if (end !== undefined) {
          mask(i, end, 2);
          i = end;
        } else {
          while (i < n && s.charCodeAt(i) === 96) i++;
        }
        continue;
      }
      case 60: { // autolink, comment or tag
        const end = scanAngle(s, i, cites, directives, commentsLeft);
        if (end === -2) commentsLeft = false;
        else if (end > i) {
          // Comments and tags are invisible: a sentence neither starts nor ends with one.
          mask(i, end, s.startsWith('<!--', i) ? 3 : 2);
          i = end;
          continue;
        }
        break;
      }
      case 33: // image: never prose, never a source, but it may use a link definition
        if (s.charCodeAt(i + 1) === 91 && brackets) {
          const link = parseLinkAt(s, i + 1, brackets, dests);
          if (link) {
            if (link.cite.kind === 'reference' || link.cite.kind === 'shortcut') cites.push({ ...link.cite, start: i, image: true });
            mask(i, link.end, 2);
            i = link.end;
            continue;
          }
        }
        break;
      case 91: { // [
        if (s.charCodeAt(i + 1) === 94) {
          // `[^label]`: the label runs to the next `]` or space, found once and reused by every
          // `[^` before it, so runs of unclosed `[^[^[^…` cost one pass.
          if (i + 2 > footStop) {
            FOOTNOTE_STOP.lastIndex = i + 2;
            footStop = FOOTNOTE_STOP.exec(s)?.index ?? n;
          }
          const len = footStop - i - 2;
          if (len >= 1 && len <= MAX_FOOTNOTE_LABEL && s.charCodeAt(footStop) === 93) {
            const end = footStop + 1;
            cites.push({ kind: 'footnote', start: i, end, label: s.slice(i + 2, footStop) });
            mask(i, end, 2);
            i = end;
            continue;
          }
        }
        if (!brackets) break;
        // Pandoc-style citations of the sources registry: [@key], [@key, 12:34], [see @a; @b].
        const found = brackets[i];
        const close = found > 0 ? found - 1 : undefined;
        // The next `@` after this bracket, found once and reused: no rescans per bracket.
        if (nextAt < i) nextAt = hasAt ? s.indexOf('@', i) : -1;
        if (nextAt < 0) nextAt = n;
        if (close !== undefined && s.charCodeAt(close + 1) !== 40 && s.charCodeAt(close + 1) !== 91 && nextAt < close) {
          const inner = s.slice(i + 1, close);
          const found = registryKeys(inner);
          if (found.length) {
            for (const f of found) cites.push({ kind: 'registry', start: i, end: close + 1, label: f.key, text: f.locator });
            mask(i, close + 1, 2);
            i = close + 1;
            continue;
          }
        }
        const link = parseLinkAt(s, i, brackets, dests);
        if (link) {
          cites.push(link.cite);
          mask(i, i + 1, 1);
          // A link's text holds no bare URL of its own, as markdown-it's linkify sees it.
          if (link.cite.kind !== 'shortcut') {
            // Nor does it end a sentence: a title such as "U.S. Report. Final" is one link.
            for (let k = Math.max(i + 1, linkTextEnd); k < link.close; k++) if (TERMINATORS.includes(s[k])) mask(k, k + 1, 1);
            linkTextEnd = Math.max(linkTextEnd, link.close);
          }
          if (link.cite.kind === 'shortcut') mask(link.close, link.close + 1, 1);
          else tails.set(link.close, link.end);
        }
        break;
      }
      case 93: { // ] closing a link whose tail is not prose
        const end = tails.get(i);
        if (end !== undefined) {
          mask(i, end, 2);
          i = end;
          continue;
        }
        break;
      }
      case 42: case 126: // emphasis and strikethrough delimiters
        mask(i, i + 1, 1);
        break;
      case 95: // underscore, but not inside a word
        if (!(isWordChar(s.charCodeAt(i - 1)) && isWordChar(s.charCodeAt(i + 1)))) mask(i, i + 1, 1);
        break;
      case 104: case 72: { // h: bare URL
        if (i >= linkTextEnd && !isWordChar(s.charCodeAt(i - 1))) {
          const end = bareUrlEnd(s, i);
          if (end > i) {
            cites.push({ kind: 'bare', start: i, end, url: s.slice(i, end) });
            mask(i, end, 2);
            i = end;
            continue;
          }
        }
        break;
      }
    }
    i++;
  }
  // Blocks scanned only for their citations skip building the masked copy. Control characters
  // U+0001–U+0003 written in the note are text, not the scanner's own marks.
  const source = withProse && CONTROL.test(s) ? s.replace(CONTROL_ALL, '\uFFFD') : s;
  return { prose: withProse ? foldQuotes(applyMasks(source, masks)) : '', cites, directives };
}

const TERMINATORS = '.!?\u2026\u3002\uFF01\uFF1F';

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

function applyMasks(s: string, masks: number[]): string {
  if (masks.length === 0) return s;
  // Masks are pushed nearly in order; sort the triples by start when they are not.
  let sorted = true;
  for (let k = 3; k < masks.length && sorted; k += 3) if (masks[k] < masks[k - 3]) sorted = false;
  let order: number[] | undefined;
  if (!sorted) {
    order = [];
    for (let k = 0; k < masks.length; k += 3) order.push(k);
    order.sort((a, b) => masks[a] - masks[b]);
  }
  if (masks.length > 6000) {
    const fast = writeMasks(s, masks, order);
    if (fast !== undefined) return fast;
  }
  // Pieces joined once: a block with thousands of masks builds no chain of partial strings.
  const parts: string[] = [];
  let pos = 0;
  eachMask(masks, order, (from, to, code) => {
    if (from > pos) parts.push(s.slice(pos, from));
    parts.push(run(code, to - from));
    pos = to;
  });
  parts.push(s.slice(pos));
  return parts.join('');
}

/** The masks in start order, each cut to begin where the one before ended; empty ones skipped. */
function eachMask(masks: number[], order: number[] | undefined, visit: (from: number, to: number, code: number) => void): void {
  let pos = 0;
  for (let j = 0; j < masks.length; j += 3) {
    const k = order ? order[j / 3] : j;
    const from = Math.max(masks[k], pos);
    const to = masks[k + 1];
    if (to <= from) continue;
    visit(from, to, masks[k + 2]);
    pos = to;
  }
}

let utf16: { decode(input: Uint16Array): string } | undefined | null;

/**
 * For blocks with thousands of masks: the marks are written into a copy of the code units,
 * decoded back in one native call. Only for text without surrogates (which UTF-16 decoding
 * would replace when unpaired), and only on little-endian machines; undefined otherwise.
 */
function writeMasks(s: string, masks: number[], order: number[] | undefined): string | undefined {
  if (utf16 === undefined) {
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    utf16 = littleEndian && typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : null;
  }
  if (utf16 === null || /[\uD800-\uDFFF]/.test(s)) return undefined;
  const codes = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  // The mark characters GAP, OPAQUE and INVISIBLE are U+0001, U+0002 and U+0003: their codes.
  eachMask(masks, order, (from, to, code) => codes.fill(code, from, to));
  return utf16.decode(codes);
}

const runs: string[][] = [[], [], [], []];

/** A run of one mark character, the short ones made once. */
function run(code: number, length: number): string {
  const ch = code === 1 ? GAP : code === 3 ? INVISIBLE : OPAQUE;
  if (length > 64) return ch.repeat(length);
  return (runs[code][length] ??= ch.repeat(length));
}

/** Handles `<` at i. Returns the end of an autolink, comment or tag; -1 for none; -2 when no comment can close. */
function scanAngle(s: string, i: number, cites: RawCite[], directives: Array<[number, number]>, commentsLeft: boolean): number {
  if (s.startsWith('<!--', i)) {
    if (!commentsLeft) return -1;
    const close = s.indexOf('-->', i + 4);
    if (close < 0) return -2;
    const end = close + 3;
    // Only this comment's own text is searched: comments are disjoint, so the scan stays linear.
    if (s.slice(i + 4, close).includes('claim-lens-')) directives.push([i, end]);
    return end;
  }
  AUTOLINK.lastIndex = i;
  let m = AUTOLINK.exec(s);
  if (m) {
    cites.push({ kind: 'autolink', start: i, end: i + m[0].length, url: m[1] });
    return i + m[0].length;
  }
  EMAIL.lastIndex = i;
  m = EMAIL.exec(s);
  if (m) {
    cites.push({ kind: 'autolink', start: i, end: i + m[0].length, url: `mailto:${m[1]}` });
    return i + m[0].length;
  }
  HTML_TAG.lastIndex = i;
  m = HTML_TAG.exec(s);
  return m ? i + m[0].length : -1;
}

const CITE_KEY = /(?:^|[\s;])-?@([A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?)/g;

/** Keys and locators of a bracketed citation: "see @a, 12:34; @b" → a (12:34), b. */
export function registryKeys(inner: string): Array<{ key: string; locator: string }> {
  const out: Array<{ key: string; locator: string }> = [];
  for (const part of inner.split(';')) {
    CITE_KEY.lastIndex = 0;
    const m = CITE_KEY.exec(part);
    if (!m) continue;
    out.push({ key: m[1], locator: part.slice(m.index + m[0].length).replace(/^\s*,\s*/, '').trim() });
  }
  return out;
}

/** End of a bare http(s) URL at i, trimmed of trailing punctuation and unbalanced parentheses. */
function bareUrlEnd(s: string, i: number): number {
  // "http://" or "https://", in any case, compared in place.
  if ((s.charCodeAt(i + 1) | 32) !== 116 || (s.charCodeAt(i + 2) | 32) !== 116 || (s.charCodeAt(i + 3) | 32) !== 112) return -1;
  const secure = (s.charCodeAt(i + 4) | 32) === 115;
  const colon = i + (secure ? 5 : 4);
  if (s.charCodeAt(colon) !== 58 || s.charCodeAt(colon + 1) !== 47 || s.charCodeAt(colon + 2) !== 47) return -1;
  const schemeEnd = colon + 3;
  let end = schemeEnd;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c <= 32 || c === 60 || c === 62 || c === 34 || c === 96 || c === 0x3000) break;
    end++;
  }
  // Parentheses and brackets in the URL, counted once (not once per trailing closer).
  let counts: number[] | undefined;
  for (;;) {
    const last = s[end - 1];
    if ('.,:;!?*_~\'"'.includes(last)) end--;
    else if (last === ')' || last === ']') {
      if (!counts) {
        counts = [0, 0, 0, 0];
        for (let k = i; k < end; k++) {
          const c = s.charCodeAt(k);
          if (c === 40) counts[0]++;
          else if (c === 41) counts[1]++;
          else if (c === 91) counts[2]++;
          else if (c === 93) counts[3]++;
        }
      }
      const at = last === ')' ? 0 : 2;
      if (counts[at] < counts[at + 1]) {
        counts[at + 1]--;
        end--;
      } else break;
    } else break;
  }
  return end > schemeEnd ? end : -1;
}

interface ParsedLink {
  cite: RawCite;
  /** Index of the `]` closing the link text. */
  close: number;
  end: number;
}

/** Parses `[text](dest "title")`, `[text][label]`, `[label][]` or `[label]` with the `[` at i. */
function parseLinkAt(s: string, i: number, brackets: Int32Array, memo?: DestMemo): ParsedLink | undefined {
  const close = brackets[i] - 1;
  if (close < 0) return undefined;
  const text = s.slice(i + 1, close);
  const next = s.charCodeAt(close + 1);
  if (next === 40) {
    const dest = parseDestination(s, close + 2, memo);
    if (dest) return { cite: { kind: 'inline', start: i, end: dest.end, url: dest.url, title: dest.title, text }, close, end: dest.end };
  }
  if (next === 91) {
    const labelEnd = s.indexOf(']', close + 2);
    if (labelEnd > 0 && labelEnd - close - 2 <= MAX_LABEL && !s.slice(close + 2, labelEnd).includes('[')) {
      const raw = s.slice(close + 2, labelEnd);
      const label = raw.trim() === '' ? text : raw;
      return { cite: { kind: 'reference', start: i, end: labelEnd + 1, label, text }, close, end: labelEnd + 1 };
    }
  }
  if (text.length > MAX_LABEL || text.trim() === '') return undefined;
  return { cite: { kind: 'shortcut', start: i, end: close + 1, label: text, text }, close, end: close + 1 };
}

function skipSpaces(s: string, p: number): number {
  while (p < s.length && (s[p] === ' ' || s[p] === '\t' || s[p] === '\n')) p++;
  return p;
}

/**
 * What earlier destination scans in a block learnt, so runs of unclosed links (`[a](<[a](<…`,
 * `[a]([a]([a](…`) cost one pass and not one scan ahead per link.
 */
interface DestMemo {
  /** The next `>` at or after some earlier position, or the text's length. */
  gt: number;
  /** [from, to) held no `)`, backslash or space, and a scan through it failed at `to` on a `(` too many. */
  from: number;
  to: number;
  /** Positions of the `(` in [from, to), from index `head` on. */
  opens: number[];
  head: number;
}

function newDestMemo(): DestMemo {
  return { gt: -1, from: -1, to: -1, opens: [], head: 0 };
}

/** Parses the `dest "title")` part of an inline link, starting after `(`. */
function parseDestination(s: string, p: number, memo: DestMemo = newDestMemo()): { url: string; title?: string; end: number } | undefined {
  p = skipSpaces(s, p);
  let url: string;
  if (s[p] === '<') {
    if (memo.gt < p + 1) {
      memo.gt = s.indexOf('>', p + 1);
      if (memo.gt < 0) memo.gt = s.length;
    }
    const close = memo.gt;
    if (close >= s.length) return undefined;
    url = s.slice(p + 1, close);
    if (url.includes('\n') || url.includes('<')) return undefined;
    p = close + 1;
  } else {
    const start = p;
    let depth = 0;
    // Destinations are short; an unclosed one must not send every link scanning to the end.
    const limit = Math.min(s.length, p + MAX_DESTINATION);
    let opens: number[] = [];
    let base = 0;
    if (memo.from < p && p <= memo.to && memo.to < limit) {
      // An earlier scan passed [p, memo.to): only its `(` count, so carry on from its end.
      while (memo.head < memo.opens.length && memo.opens[memo.head] < p) memo.head++;
      depth = memo.opens.length - memo.head;
      if (depth > MAX_PAREN_DEPTH) return undefined;
      opens = memo.opens;
      base = opens.length;
      p = memo.to;
    }
    let plain = true;
    let failed = false;
    while (p < limit) {
      const c = s.charCodeAt(p);
      if (c === 92 && p + 1 < s.length) { plain = false; p += 2; continue; }
      if (c <= 32) break;
      if (c === 40) {
        // As markdown-it: more than 32 open parentheses end the attempt.
        if (++depth > MAX_PAREN_DEPTH) {
          failed = true;
          break;
        }
        if (plain) opens.push(p);
      } else if (c === 41) {
        plain = false;
        if (depth === 0) break;
        depth--;
      }
      p++;
    }
    if (failed && plain) {
      // Remember [start, p): a later start inside it carries on from p.
      if (opens !== memo.opens) {
        memo.opens = opens;
        memo.head = 0;
      }
      memo.from = start;
      memo.to = p;
    } else if (opens === memo.opens) opens.length = base;
    if (failed) return undefined;
    url = s.slice(start, p);
  }
  const afterUrl = p;
  p = skipSpaces(s, p);
  let title: string | undefined;
  const q = s[p];
  if (p > afterUrl && (q === '"' || q === "'" || q === '(')) {
    const closer = q === '(' ? ')' : q;
    let k = p + 1;
    const limit = Math.min(s.length, p + MAX_TITLE);
    while (k < limit && s[k] !== closer) {
      // An unescaped `(` cannot sit in a `( … )` title (CommonMark, and markdown-it).
      if (q === '(' && s[k] === '(') return undefined;
      k += s[k] === '\\' ? 2 : 1;
    }
    if (k >= limit) return undefined;
    title = s.slice(p + 1, k);
    p = skipSpaces(s, k + 1);
  }
  if (s[p] !== ')') return undefined;
  return { url: url.replace(/\\([!-/:-@[-`{-~])/g, '$1'), title, end: p + 1 };
}

/** Code spans as start → end (exclusive), matching backtick runs of equal length. */
function codeSpans(s: string): Map<number, number> {
  const runs: number[] = [];
  const lens: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 96) continue;
    if (i > 0 && s.charCodeAt(i - 1) === 92 && !escapedBackslash(s, i - 1)) continue;
    const start = i;
    while (i + 1 < s.length && s.charCodeAt(i + 1) === 96) i++;
    runs.push(start);
    lens.push(i - start + 1);
  }
  const nextSame = new Array<number>(runs.length).fill(-1);
  const last = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    nextSame[k] = last.get(lens[k]) ?? -1;
    last.set(lens[k], k);
  }
  // Left to right, as CommonMark decides: whichever starts first, a code span or an HTML comment,
  // wins, so backticks inside a closed comment open nothing.
  const spans = new Map<number, number>();
  let pos = 0;
  let comment = s.indexOf('<!--');
  for (let k = 0; k < runs.length;) {
    if (runs[k] < pos) { k++; continue; }
    if (comment >= 0 && comment < pos) comment = s.indexOf('<!--', pos);
    if (comment >= 0 && comment < runs[k]) {
      const close = s.indexOf('-->', comment + 4);
      if (close < 0) comment = -1; // no comment closes from here on
      else pos = close + 3;
      continue;
    }
    const m = nextSame[k];
    if (m < 0) { k++; continue; }
    spans.set(runs[k], runs[m] + lens[m]);
    pos = runs[m] + lens[m];
    k = m + 1;
  }
  return spans;
}

function escapedBackslash(s: string, i: number): boolean {
  let count = 0;
  while (i - 1 - count >= 0 && s.charCodeAt(i - 1 - count) === 92) count++;
  return count % 2 === 1;
}

/** The characters matchBrackets stops at: escapes, code spans and brackets; prose between is skipped natively. */
const BRACKET_STOPS = /[\\`[\]]/g;

/** Reused between blocks: a typed array per block cost more to allocate (and collect) than to fill. */
let scratch = new Int32Array(4096);
/** The entries of `scratch` the last call set, cleared by the next. */
const dirty: number[] = [];
/** Blocks longer than this get an array of their own, so no huge one stays alive between notes. */
const SCRATCH_MAX = 1 << 20;

/**
 * Matches brackets with a stack, skipping escapes and code spans: at each `[` index, one past
 * its `]` index, or 0. Valid until the next call (scanInline never nests).
 */
function matchBrackets(s: string, code: Map<number, number> | undefined): Int32Array {
  for (const k of dirty) scratch[k] = 0;
  dirty.length = 0;
  let pairs: Int32Array;
  if (s.length > SCRATCH_MAX) pairs = new Int32Array(s.length);
  else {
    if (scratch.length < s.length) scratch = new Int32Array(Math.max(s.length, 2 * scratch.length));
    pairs = scratch;
  }
  const stack: number[] = [];
  const stops = BRACKET_STOPS;
  stops.lastIndex = 0;
  while (stops.test(s)) {
    const i = stops.lastIndex - 1;
    const c = s.charCodeAt(i);
    if (c === 92) stops.lastIndex = i + 2;
    else if (c === 96) {
      const end = code?.get(i);
      if (end !== undefined) stops.lastIndex = end;
    } else if (c === 91) stack.push(i);
    else if (stack.length) {
      const open = stack.pop()!;
      pairs[open] = i + 1;
      if (pairs === scratch) dirty.push(open);
    }
  }
  return pairs;
}
