import type { FileReport, Report } from '../report';
import { annotationsFragment, assembleAnnotations, toAnnotations } from './annotations';
import { assembleClaimReview, claimReviewFragment, toClaimReview } from './claimreview';
import { assembleJson, jsonFragment, jsonFragmentUtf8, jsonParts, toJson } from './json';
import { assembleMarkdown, markdownFragment, toMarkdown } from './markdown';
import { toSarif } from './sarif';
import { assembleText, textFragment, toText } from './text';

/**
 * The format registry: every output format once, with what the CLI, the report view's export
 * buttons and its save dialog need. A new format is one entry here and one module beside it.
 */
export interface OutputFormat {
  id: Format;
  /** The English name on the report view's export button and in the save dialog's filter. */
  name: string;
  /** The save dialog's name for the file type. */
  filterName: string;
  /** The extension the export proposes, and the extensions its save dialog offers. */
  ext: string;
  filterExts: readonly string[];
  /** Offered by the report view's Export buttons (plain text is for terminals). */
  exportable: boolean;
  /** The whole report at once. Web Annotations need each note's text to place their selectors. */
  whole(report: Report, texts: (path: string) => string | undefined): string;
  /** One file's part, made where the file is analysed (possibly in a worker thread)… */
  fragment?(file: FileReport, text?: string): string;
  /** …and the parts joined in path order, byte for byte what `whole` gives. */
  assemble?(fragments: readonly string[], head: Pick<Report, 'tool' | 'summary'>): string;
  /** `fragment` as UTF-8, where the format can make it without a copy of the text. */
  utf8Fragment?(file: FileReport): Uint8Array;
  /** `assemble` unjoined, for a writer that takes pieces; fragments may be bytes (UTF-8) instead of text. */
  parts?<T extends string | Uint8Array>(fragments: readonly T[], head: Pick<Report, 'tool' | 'summary'>): Array<string | T>;
}

export type Format = 'text' | 'json' | 'markdown' | 'sarif' | 'claimreview' | 'annotations';

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  { id: 'text', name: 'Text', filterName: 'Text', ext: 'txt', filterExts: ['txt'], exportable: false, whole: (r) => toText(r), fragment: (f) => textFragment(f), assemble: assembleText },
  { id: 'json', name: 'JSON', filterName: 'JSON', ext: 'json', filterExts: ['json'], exportable: true, whole: (r) => toJson(r), fragment: (f) => jsonFragment(f), utf8Fragment: (f) => jsonFragmentUtf8(f), assemble: assembleJson, parts: jsonParts },
  { id: 'markdown', name: 'Markdown', filterName: 'Markdown', ext: 'md', filterExts: ['md'], exportable: true, whole: (r) => toMarkdown(r), fragment: (f) => markdownFragment(f), assemble: assembleMarkdown },
  // SARIF lists its rules once for the whole run, so it is made from the whole report.
  { id: 'sarif', name: 'SARIF', filterName: 'SARIF', ext: 'sarif', filterExts: ['sarif', 'json'], exportable: true, whole: (r) => toSarif(r) },
  { id: 'claimreview', name: 'ClaimReview', filterName: 'ClaimReview JSON-LD', ext: 'claimreview.jsonld', filterExts: ['jsonld', 'json'], exportable: true, whole: (r) => toClaimReview(r), fragment: (f) => claimReviewFragment(f), assemble: (fragments) => assembleClaimReview(fragments) },
  { id: 'annotations', name: 'Annotations', filterName: 'Web Annotations JSON-LD', ext: 'annotations.jsonld', filterExts: ['jsonld', 'json'], exportable: true, whole: (r, texts) => toAnnotations(r, texts), fragment: (f, text) => annotationsFragment(f, text), assemble: (fragments, head) => assembleAnnotations(fragments, head) },
];

export const FORMATS: readonly Format[] = OUTPUT_FORMATS.map((f) => f.id);

const byId = new Map(OUTPUT_FORMATS.map((f) => [f.id, f]));

export function isFormat(id: unknown): id is Format {
  return typeof id === 'string' && byId.has(id as Format);
}

export function outputFormat(id: Format): OutputFormat {
  return byId.get(id)!;
}

/** Formats a report. */
export function formatReport(report: Report, format: Format, texts: (path: string) => string | undefined = () => undefined): string {
  return outputFormat(format).whole(report, texts);
}

export { toJson, toMarkdown, toSarif, toText };
export { escapeHtml, escapeMarkdownCell } from './escape';
export { isSafeUrl } from '../urls';
