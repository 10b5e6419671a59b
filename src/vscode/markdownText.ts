import { encodeLinkDestination, isSafeUrl } from '../core/format/escape';

/**
 * Escapes note text for a MarkdownString: every ASCII punctuation mark is backslashed
 * and angle brackets become entities, so a note cannot add links, images, HTML or
 * command URIs to a hover.
 */
export function escapeMd(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~"'$%,:;=?@^]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A Markdown link only for http, https and mailto; anything else is plain, escaped text. */
export function safeLink(title: string, url: string | undefined): string {
  if (!isSafeUrl(url)) return url ? `${escapeMd(title)} (${escapeMd(url)})` : escapeMd(title);
  return `[${escapeMd(title)}](${encodeLinkDestination(url)})`;
}

/** A command link whose arguments travel JSON-encoded in the URI. */
export function commandLink(label: string, command: string, args: unknown[] = []): string {
  return `[${escapeMd(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}
