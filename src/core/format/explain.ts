// Words the ClaimReview and Web Annotation exports share: a claim's explanation, and note paths as URLs.
import type { Claim } from '../types';
import { statusLabel } from '../report';
import { VIA } from '../sources';
import { isSafeUrl } from '../urls';

/**
 * What led to the status, in one line: "Opinion, marked “speaker opinion”. Source: Ops Hour,
 * episode 118 (front matter)." Suppressed claims end with "Suppressed in the note: reason."
 */
export function claimExplanation(c: Claim): string {
  const markers = [...new Set(c.markers.map((m) => `“${sentence(m.text)}”`))].join(', ');
  const parts = [`${statusLabel(c.status, c.label)}, marked ${markers}.`];
  const sources = c.sources.map((s) => `${sentence(s.title)}${isSafeUrl(s.url) && s.url !== s.title ? ` <${s.url.trim()}>` : ''} (${VIA[s.via].explanation})`);
  parts.push(sources.length === 0 ? 'No source.' : `${sources.length === 1 ? 'Source' : 'Sources'}: ${sources.join('; ')}.`);
  if (c.suppressed) parts.push(c.suppressed.reason ? `Suppressed in the note: ${sentence(c.suppressed.reason)}.` : 'Suppressed in the note.');
  return parts.join(' ');
}

/** A sentence on one line: line breaks and the block-quote or indent prefix after them become one space. */
export function sentence(text: string): string {
  return text.replace(/[ \t]*(?:\r\n?|\n)[ \t]*(?:>[ \t]?)*[ \t]*/g, ' ').trim();
}

/** A note path as a URI reference: `/` separators, each segment percent-encoded. */
export function notePath(path: string): string {
  return path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

export function resolve(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    throw new Error(`not an absolute URL: ${base}`);
  }
}
