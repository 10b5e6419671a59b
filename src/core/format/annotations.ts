import type { Claim } from '../types';
import type { FileReport, Report } from '../report';
import { LineIndex } from '../text';
import { claimExplanation, notePath, resolve } from './explain';
import { scriptSafeJson } from './escape';
import { isSafeUrl } from '../urls';

/**
 * W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) as JSON-LD.
 *
 * - The document is one AnnotationCollection (§5.1) whose first and only AnnotationPage (§5.2)
 *   is embedded and holds the annotations in `items`; `@context` is given once, at the top.
 *   With no claims, the collection has `total: 0` and no page (a page needs 1 or more items).
 * - One Annotation per claim, suppressed ones included. `motivation` is `assessing`; the bodies
 *   are the status as a `tagging` TextualBody (`"opinion"`), a `"suppressed"` tag for suppressed
 *   claims, a `describing` TextualBody with the markers, sources and suppression reason, and a
 *   `linking` SpecificResource for each source with an http, https or mailto URL (a `javascript:`,
 *   `data:` or other URL is dropped; the note's check reports it as `source.unsafe-url`).
 * - The JSON is safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are `\u` escapes.
 * - `target.source` is the note path as a relative URI reference (or resolved against
 *   `options.base`). The selectors describe the note's text as stored, Markdown and line
 *   breaks included (CRLF counts two characters); nothing is normalised away.
 * - TextPositionSelector `start`/`end` count Unicode code points, as §4.2.4 requires ("The
 *   selection of the text MUST be in terms of unicode code points … not in terms of code
 *   units"), and §4.2.5 counts positions on that same text. An emoji outside the BMP is one
 *   character here, though it is two UTF-16 units in the JSON contract's ranges.
 * - TextQuoteSelector has `exact` and up to 32 code points of `prefix` and `suffix`, trimmed
 *   to whole grapheme clusters (so never half a surrogate pair, an emoji sequence or a CRLF).
 * - Without the note's text (`texts(path)` is undefined, or no longer matches the claim),
 *   the target has only a TextQuoteSelector with `exact`.
 * - Ids are fragment references relative to the exported document (`#notes/a.md:12:1`, line and
 *   UTF-16 column 1-based), or absolute under `options.id`. `created` appears only with `options.now`.
 */
export interface AnnotationOptions {
  /** Creation time of the annotations; without it there is no `created`. */
  now?: Date;
  /** Absolute URI the note paths are relative to (end it with `/`); without it sources stay relative. */
  base?: string;
  /** Absolute URI of the exported document; ids become fragments of it. Without it ids are `#…`. */
  id?: string;
}

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Code points of context kept on each side of the quote. */
export const CONTEXT_CHARS = 32;

export function toAnnotations(report: Report, texts: (path: string) => string | undefined, options: AnnotationOptions = {}): string {
  return assembleAnnotations(report.files.map((f) => annotationsFragment(f, texts(f.path), options)), report, options);
}

/** One file's annotations, indented as they sit in `items` (empty for a file with no claims). */
export function annotationsFragment(f: FileReport, text: string | undefined, options: AnnotationOptions = {}): string {
  return fileAnnotations(f, text, options).map((a) => JSON.stringify(a, null, 2).replace(/^/gm, '      ')).join(',\n');
}

/** The whole document from file fragments, byte for byte what one JSON.stringify would give. */
export function assembleAnnotations(fragments: readonly string[], report: Pick<Report, 'tool' | 'summary'>, options: AnnotationOptions = {}): string {
  const items = fragments.filter((s) => s !== '');
  const collection = id('claims', options);
  const page = id('page-1', options);
  const head = [
    `  "@context": ${JSON.stringify(ANNOTATION_CONTEXT)}`,
    `  "id": ${JSON.stringify(collection)}`,
    `  "type": "AnnotationCollection"`,
    `  "label": ${JSON.stringify(`${report.tool.name} ${report.tool.version}: flagged claims`)}`,
    `  "total": ${report.summary.claims}`,
  ];
  if (items.length === 0) return scriptSafeJson(`{\n${head.join(',\n')}\n}\n`);
  head.push(`  "last": ${JSON.stringify(page)}`);
  const first = `{\n    "id": ${JSON.stringify(page)},\n    "type": "AnnotationPage",\n    "partOf": ${JSON.stringify(collection)},\n    "startIndex": 0,\n    "items": [\n${items.join(',\n')}\n    ]\n  }`;
  return scriptSafeJson(`{\n${head.join(',\n')},\n  "first": ${first}\n}\n`);
}

/** The annotations of one note, in claim order. */
export function fileAnnotations(f: FileReport, text: string | undefined, options: AnnotationOptions = {}): object[] {
  if (f.claims.length === 0) return [];
  const source = options.base !== undefined ? resolve(notePath(f.path), options.base) : notePath(f.path);
  const anchors = text === undefined ? undefined : new Anchors(text);
  return f.claims.map((c) => ({
    id: id(`${notePath(f.path)}:${c.range.start.line + 1}:${c.range.start.character + 1}`, options),
    type: 'Annotation',
    motivation: 'assessing',
    ...(options.now ? { created: options.now.toISOString().replace(/\.\d+Z$/, 'Z') } : {}),
    body: bodies(c),
    target: { type: 'SpecificResource', source, selector: anchors?.selectors(c) ?? [{ type: 'TextQuoteSelector', exact: c.text }] },
  }));
}

function id(fragment: string, options: AnnotationOptions): string {
  return options.id !== undefined ? resolve(`#${fragment}`, options.id) : `#${fragment}`;
}

function bodies(c: Claim): object[] {
  return [
    { type: 'TextualBody', purpose: 'tagging', value: c.status },
    ...(c.suppressed ? [{ type: 'TextualBody', purpose: 'tagging', value: 'suppressed' }] : []),
    { type: 'TextualBody', purpose: 'describing', format: 'text/plain', value: claimExplanation(c) },
    // Only http, https and mailto sources link; `javascript:`, `data:` and the rest are dropped.
    ...[...new Set(c.sources.flatMap((s) => (isSafeUrl(s.url) ? [s.url.trim()] : [])))]
      .map((url) => ({ type: 'SpecificResource', purpose: 'linking', source: url })),
  ];
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

type Segmenter = { segment(text: string): Iterable<{ index: number }> };
let segmenter: Segmenter | undefined | null = null;
/** Made on first use: Intl.Segmenter loads ICU's break rules, which cost every run of the CLI (and every thread) 4 ms at start. */
function graphemeSegmenter(): Segmenter | undefined {
  if (segmenter === null) segmenter = typeof Intl === 'object' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;
  return segmenter;
}

/** Selectors for the claims of one note, with code-point offsets counted once from the start. */
class Anchors {
  private readonly lines: LineIndex;
  /** The last offset converted: UTF-16 `unit` is code point `point`. Claims come in order, so it only moves forward. */
  private unit = 0;
  private point = 0;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  selectors(c: Claim): object[] | undefined {
    const start = this.lines.offsetAt(c.range.start);
    const end = this.lines.offsetAt(c.range.end);
    if (this.text.slice(start, end) !== c.text) return undefined; // the text changed since the analysis
    return [
      { type: 'TextQuoteSelector', exact: c.text, prefix: this.text.slice(this.prefixStart(start), start), suffix: this.text.slice(end, this.suffixEnd(end)) },
      { type: 'TextPositionSelector', start: this.codePoint(start), end: this.codePoint(end) },
    ];
  }

  /**
   * The code-point offset of a UTF-16 offset: the code points in `text.slice(0, unit)`. Every
   * unit counts but the low half of a surrogate pair, so the count runs on from the last call.
   */
  private codePoint(unit: number): number {
    if (unit < this.unit) this.unit = this.point = 0;
    const t = this.text;
    let p = this.point;
    for (let i = this.unit; i < unit; i++) if (!(isLow(t.charCodeAt(i)) && i > 0 && isHigh(t.charCodeAt(i - 1)))) p++;
    this.unit = unit;
    this.point = p;
    return p;
  }

  /** Start of the prefix: CONTEXT_CHARS code points back, then forward to a grapheme boundary. */
  private prefixStart(start: number): number {
    const from = back(this.text, start, CONTEXT_CHARS);
    const graphemes = graphemeSegmenter();
    if (!graphemes || from === 0) return from;
    const lo = back(this.text, from, 16);
    for (const s of graphemes.segment(this.text.slice(lo, start))) if (lo + s.index >= from) return lo + s.index;
    return start;
  }

  /** End of the suffix: CONTEXT_CHARS code points on, then back to a grapheme boundary. */
  private suffixEnd(end: number): number {
    const to = forward(this.text, end, CONTEXT_CHARS);
    const graphemes = graphemeSegmenter();
    if (!graphemes || to === this.text.length) return to;
    let last = end;
    for (const s of graphemes.segment(this.text.slice(end, forward(this.text, to, 16)))) {
      if (end + s.index > to) break;
      last = end + s.index;
    }
    return last;
  }
}

/** The UTF-16 offset `n` code points before `from`. */
function back(text: string, from: number, n: number): number {
  let i = from;
  for (; n > 0 && i > 0; n--) i -= i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
  return i;
}

/** The UTF-16 offset `n` code points after `from`. */
function forward(text: string, from: number, n: number): number {
  let i = from;
  for (; n > 0 && i < text.length; n--) i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  return i;
}
