/** Escapes text for a Markdown table cell, so note text cannot add markup, links or HTML. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

// URL checks and encoding live in ../urls.ts; re-exported for callers of the escapes.
export { encodeLinkDestination, isSafeUrl } from '../urls';

/** Text on one line: line breaks become spaces. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
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
