// Titles and URLs of link definitions and registry sources are copied into every claim that
// cites them, and into each claim's message: a note with one huge title cited a thousand times
// would need gigabytes. They are capped where they are read, and the cap is reported once.

/** Longer titles are shortened to this many characters (an ellipsis included). */
export const MAX_TITLE_CHARS = 300;
import { MAX_URL_CHARS } from './urls';

export { MAX_URL_CHARS };

export function shortenTitle(title: string): string {
  if (title.length <= MAX_TITLE_CHARS) return title;
  let cut = MAX_TITLE_CHARS - 1;
  // Never half a surrogate pair.
  const c = title.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${title.slice(0, cut)}…`;
}

/** The capped title and URL, and what was changed (for the one report), if anything. */
export function capSource(url: string | undefined, title: string): { url?: string; title: string; problem?: string } {
  const longUrl = url !== undefined && url.length > MAX_URL_CHARS;
  const longTitle = title.length > MAX_TITLE_CHARS;
  if (!longUrl && !longTitle) return { url, title };
  const parts: string[] = [];
  if (longTitle) parts.push(`its title (${title.length} characters) is shortened to ${MAX_TITLE_CHARS}`);
  if (longUrl) parts.push(`its URL (${url!.length} characters, over ${MAX_URL_CHARS}) is not a link`);
  return { url: longUrl ? undefined : url, title: shortenTitle(title), problem: parts.join(', and ') };
}
