// Every check Claim Lens makes on a URL, in one place: which schemes become links, which URLs a
// link check may request, how a URL is written into Markdown, and how long one may be.

/** The only schemes that ever become links, anywhere a source is shown. */
export const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];

/** Longer URLs are not links (a shortened URL would lead somewhere else). */
export const MAX_URL_CHARS = 2048;

/** A URL with a scheme other than http, https and mailto: shown as text, never opened. */
export function isUnsafeScheme(url: string): boolean {
  // The common case, without a regex match: an http(s) URL.
  if (/^https?:/i.test(url)) return false;
  const m = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url);
  return !!m && !LINK_SCHEMES.includes(m[1].toLowerCase());
}

/** Only these URLs become links anywhere we render a source: http(s) or mailto, no spaces or brackets. */
export function isSafeUrl(url: string | undefined): url is string {
  return !!url && /^(https?:\/\/|mailto:)/i.test(url.trim()) && !/[\s<>"]/.test(url.trim());
}

/** An http(s) URL as written (a quick test on the text; see parseHttpUrl for a real parse). */
export function isHttpUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

/** The URL when it parses as an absolute http: or https: URL with a host, the only ones a link check requests. */
export function parseHttpUrl(url: string, base?: string): URL | undefined {
  try {
    const u = new URL(url, base);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Whether text ends in a bare http(s) URL, which anything typed right after it would extend. */
export function endsWithBareUrl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /https?:\/\/[^\u0000-\u0020<>"`\u3000]*$/i.test(text);
}

/** A URL quoted for a message, cut to its first 80 characters. */
export function quotedUrl(url: string): string {
  return JSON.stringify(url.slice(0, 80));
}

// Characters a link destination keeps as they are. Everything else, `(`, `)`, `\\`, `<`, `>`,
// `|`, `"`, `'`, `` ` ``, spaces, controls and non-ASCII included, is percent-encoded, so nothing
// in a URL can end a Markdown link, open a new one, or break a table cell.
const DEST_KEEP = /[A-Za-z0-9\-._~:/?#@!$&*+,;=]/;

/**
 * A safe URL (see isSafeUrl) as a Markdown link destination: every character outside a
 * conservative set is percent-encoded (UTF-8), and a `%` that does not start an escape becomes
 * `%25`. The result never needs angle brackets and never contains a character Markdown reads.
 */
export function encodeLinkDestination(url: string): string {
  const u = url.trim();
  let out = '';
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (DEST_KEEP.test(c)) out += c;
    else if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(u.slice(i + 1, i + 3))) out += c;
    else {
      const cp = u.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (ch.length === 2) i++;
      // A lone surrogate cannot be encoded as UTF-8: it becomes U+FFFD.
      const safe = cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : ch;
      for (const b of new TextEncoder().encode(safe)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}
