import type { Claim, Source } from '../types';
import { statusLabel, type FileReport, type Report } from '../report';
import { scriptSafeJson } from './escape';
import { claimExplanation, notePath, resolve, sentence } from './explain';
import { isSafeUrl } from '../urls';

/**
 * schema.org ClaimReview (https://schema.org/ClaimReview) as JSON-LD, with Google's fact-check
 * structured data in mind (https://developers.google.com/search/docs/appearance/structured-data/factcheck).
 *
 * - The document is a JSON array with one self-contained ClaimReview per flagged claim, each with
 *   its own `"@context": "https://schema.org"`. JSON-LD accepts a top-level array, and Google allows
 *   one ClaimReview per page for its fact-check result, so any item can be published on its own.
 * - Every claim is included, suppressed ones too (as in the JSON, Markdown and SARIF output).
 *   A suppressed claim says so, with its reason, at the end of `reviewRating.ratingExplanation`.
 * - `reviewRating.alternateName` is the status label ("Opinion", "Unverified", …), the textual
 *   verdict Google shows; there is no numeric scale, so no ratingValue.
 * - `itemReviewed` is a Claim whose `appearance` lists the claim's sources as CreativeWorks
 *   (`url` only for http, https and mailto URLs: a `javascript:`, `data:` or other URL is dropped,
 *   as it is from the explanation; the note's own check reports it as `source.unsafe-url`).
 * - The JSON is safe to paste into a `<script type="application/ld+json">` element: `<`, `>`, `&`,
 *   U+2028 and U+2029 are written as `\u` escapes.
 * - `url` (required by Google, not by schema.org) needs to know where the notes are published:
 *   with `options.base` it is the note's URL resolved against it, plus `#L<line>` (1-based);
 *   without it, `url` is left out rather than guessed.
 * - `datePublished` (a date, UTC) appears only when `options.now` is given, so the same notes
 *   always give the same bytes.
 */
export interface ClaimReviewOptions {
  /** The review date; without it there is no `datePublished`. */
  now?: Date;
  /** Who publishes the review; by default the Organization "Claim Lens". */
  author?: { name: string; url?: string; type?: 'Organization' | 'Person' };
  /** Absolute URL the note paths are relative to (end it with `/`); gives each review its `url`. */
  base?: string;
}

export const CLAIMREVIEW_CONTEXT = 'https://schema.org';

export function toClaimReview(report: Report, options: ClaimReviewOptions = {}): string {
  return assembleClaimReview(report.files.map((f) => claimReviewFragment(f, options)));
}

/** One file's reviews, indented as they sit in the array (empty for a file with no claims). */
export function claimReviewFragment(f: FileReport, options: ClaimReviewOptions = {}): string {
  return f.claims.map((c) => JSON.stringify(claimReview(f.path, c, options), null, 2).replace(/^/gm, '  ')).join(',\n');
}

/** The whole document from file fragments, byte for byte what one JSON.stringify would give. */
export function assembleClaimReview(fragments: readonly string[]): string {
  const items = fragments.filter((s) => s !== '');
  return scriptSafeJson(items.length ? `[\n${items.join(',\n')}\n]\n` : '[]\n');
}

function claimReview(path: string, c: Claim, options: ClaimReviewOptions) {
  const appearance = c.sources.map(creativeWork);
  const author = options.author ?? { name: 'Claim Lens' };
  return {
    '@context': CLAIMREVIEW_CONTEXT,
    '@type': 'ClaimReview',
    ...(options.base !== undefined ? { url: `${resolve(notePath(path), options.base)}#L${c.range.start.line + 1}` } : {}),
    claimReviewed: sentence(c.text),
    reviewRating: { '@type': 'Rating', alternateName: statusLabel(c.status, c.label), ratingExplanation: claimExplanation(c) },
    itemReviewed: { '@type': 'Claim', ...(appearance.length ? { appearance } : {}) },
    author: { '@type': author.type ?? 'Organization', name: author.name, ...(author.url !== undefined ? { url: author.url } : {}) },
    ...(options.now ? { datePublished: options.now.toISOString().slice(0, 10) } : {}),
  };
}

/** Fields that registry sources may carry; read structurally so this format needs nothing more. */
type Described = Source & { publisher?: string; published?: string; archive?: string };

function creativeWork(s: Described) {
  return {
    '@type': 'CreativeWork',
    ...(isSafeUrl(s.url) ? { url: s.url.trim() } : {}),
    name: s.title,
    ...(s.publisher ? { publisher: { '@type': 'Organization', name: s.publisher } } : {}),
    ...(s.published ? { datePublished: s.published } : {}),
    ...(isSafeUrl(s.archive) ? { archivedAt: s.archive.trim() } : {}),
  };
}
