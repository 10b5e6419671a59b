import { encodeLinkDestination, isSafeUrl } from '../core/urls';

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

/**
 * A command link whose arguments travel JSON-encoded in the URI. encodeURIComponent leaves
 * `(`, `)`, `!`, `'` and `*` as they are: they are encoded too, so an argument taken from a note
 * or a config (a snapshot path such as `a)![x](https://evil/i.png)`) cannot end the link.
 */
export function commandLink(label: string, command: string, args: unknown[] = []): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${escapeMd(label)}](command:${command}?${query})`;
}
