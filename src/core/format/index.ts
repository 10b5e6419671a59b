import type { Report } from '../report';
import { toAnnotations } from './annotations';
import { toClaimReview } from './claimreview';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toSarif } from './sarif';
import { toText } from './text';

export type Format = 'text' | 'json' | 'markdown' | 'sarif' | 'claimreview' | 'annotations';
export const FORMATS: readonly Format[] = ['text', 'json', 'markdown', 'sarif', 'claimreview', 'annotations'];

/** Formats a report. Web Annotations need each note's text to place their selectors. */
export function formatReport(report: Report, format: Format, texts: (path: string) => string | undefined = () => undefined): string {
  switch (format) {
    case 'json': return toJson(report);
    case 'markdown': return toMarkdown(report);
    case 'sarif': return toSarif(report);
    case 'text': return toText(report);
    case 'claimreview': return toClaimReview(report);
    case 'annotations': return toAnnotations(report, texts);
  }
}

export { toJson, toMarkdown, toSarif, toText };
export { escapeHtml, escapeMarkdownCell } from './escape';
export { isSafeUrl } from '../urls';
