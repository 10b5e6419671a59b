import { fillTemplate } from './analyze';
import type { Finding, Localizable } from './types';

/**
 * A finding's message as a Problems list shows it: plain text, one line long. The core's messages
 * keep their Markdown code marks and full marker lists for the CLI and the report; an editor's
 * list shows neither Markdown nor a sentence's every marker.
 */
export function plainFinding(f: Pick<Finding, 'code' | 'message' | 'l10n'>, translate: (l: Localizable) => string = fillTemplate): string {
  const keep = f.code === 'quote.not-in-source';
  if (!f.l10n) return keep ? f.message : plainText(f.message);
  const args = namesMarkers(f.code, f.l10n.message) && typeof f.l10n.args[0] === 'string' ? [firstMarker(f.l10n.args[0]), ...f.l10n.args.slice(1)] : f.l10n.args;
  // Translated from the template as the core wrote it, so a translation bundle still matches it;
  // a quotation's closest passage keeps its own backticks, since the quick fix copies it into the note.
  const slots = args.map((_, i) => `\uE000${i}\uE000`);
  return plainText(translate({ message: f.l10n.message, args: slots })).replace(/\uE000(\d+)\uE000/g, (_, i: string) => {
    const a = String(args[Number(i)]);
    return keep ? a : plainText(a);
  });
}

/**
 * A claim's finding whose first argument names the sentence's markers: a status finding
 * ("{0} — source: …"), or an editor's `claim.no-source` that carries the claim's message first.
 */
function namesMarkers(code: string, template: string): boolean {
  return code.startsWith('claim.') && template.startsWith('{0} — ');
}

/** "Speaker opinion, allegedly, IMO" → "Speaker opinion (+2 more)". */
export function firstMarker(names: string): string {
  const parts = names.split(', ');
  return parts.length > 1 ? `${parts[0]} (+${parts.length - 1} more)` : names;
}

/** Drops Markdown code marks: `sources:` reads as sources: in a list that shows no Markdown. */
export function plainText(text: string): string {
  return text.includes('`') ? text.replace(/`+/g, '') : text;
}
