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

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
