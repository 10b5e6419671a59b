/** Escapes text for a Markdown table cell, so note text cannot add markup, links or HTML. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** Only these schemes become links anywhere we render a source. */
export function isSafeUrl(url: string | undefined): url is string {
  return !!url && /^(https?:\/\/|mailto:)/i.test(url.trim()) && !/[\s<>"]/.test(url.trim());
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

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON text that is also safe inside an HTML `<script>` element (JSON-LD is published that way):
 * `<`, `>`, `&`, U+2028 and U+2029 become `\\u` escapes, so a `</script>` or `<!--` in note
 * text cannot end or comment out the element. The JSON value is unchanged.
 */
export function scriptSafeJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
