import type { Report } from '../report';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toSarif } from './sarif';
import { toText } from './text';

export type Format = 'text' | 'json' | 'markdown' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'markdown', 'sarif'];

export function formatReport(report: Report, format: Format): string {
  switch (format) {
    case 'json': return toJson(report);
    case 'markdown': return toMarkdown(report);
    case 'sarif': return toSarif(report);
    case 'text': return toText(report);
  }
}

export { toJson, toMarkdown, toSarif, toText };
export { escapeHtml, escapeMarkdownCell, isSafeUrl } from './escape';
