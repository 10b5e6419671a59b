import { parseBlocks } from './blocks';
import { LineIndex } from './text';
import type { Claim, Definition, DocumentAnalysis, Position, TextEdit } from './types';

export type CitationStyle = 'reference' | 'footnote' | 'inline';

/** Something a claim can cite: an existing definition, or a URL with a title. */
export interface CitationTarget {
  url?: string;
  title: string;
  /** Cite a sources-registry entry as `[@key]`, whatever the citation style. */
  registry?: string;
  /** Cite an existing definition by its label instead of adding one. */
  definition?: Pick<Definition, 'kind' | 'label'>;
}

/** Where a citation goes: after the sentence's words, before its closing punctuation. */
export function citationPoint(claim: Claim): Position {
  // Closing punctuation, and the quotes, brackets and emphasis that close with it: "(Not verified.)".
  const m = /[.!?\u2026\u3002\uFF01\uFF1F]+["'\u201D\u2019)\]*_~]*$/.exec(claim.text);
  const keep = m ? m[0].length : 0;
  const end = claim.range.end;
  // Closing punctuation never spans lines, so the point is on the end line.
  return { line: end.line, character: end.character - keep };
}

function escapeLinkText(s: string): string {
  return s.replace(/[\\[\]]/g, '\\$&').replace(/[\r\n]+/g, ' ').trim();
}

function formatDestination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

function formatTitle(title: string): string {
  return `"${title.replace(/["\\]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
}

/** A readable, unique label from a title: "Keynote recording" → "keynote-recording". */
export function uniqueLabel(title: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  const base = title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '') || 'source';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Where new definitions of a kind go: after the last existing one, or at the end of the note. */
function definitionInsertion(lines: LineIndex, analysis: DocumentAnalysis, kind: 'reference' | 'footnote', eol: string): { at: Position; prefix: string; suffix: string } {
  const same = analysis.definitions.filter((d) => d.kind === kind);
  const anyDefs = analysis.definitions.filter((d) => d.kind !== 'note');
  const after = (same.length ? same : anyDefs).reduce<Definition | undefined>((a, d) => (!a || d.range.end.line > a.range.end.line ? d : a), undefined);
  if (after) {
    const line = after.range.end.line;
    // A link definition cannot interrupt a footnote's paragraph: keep a blank line between.
    const prefix = kind === 'reference' && after.kind !== 'reference' ? eol + eol : eol;
    return { at: { line, character: lines.line(line).length }, prefix, suffix: '' };
  }
  const last = lines.lineCount - 1;
  const lastText = lines.line(last);
  // Keep one blank line between the note and its definitions.
  if (lastText.trim() === '') {
    const prev = last > 0 ? lines.line(last - 1) : '';
    return { at: { line: last, character: lastText.length }, prefix: prev.trim() === '' || last === 0 ? '' : eol, suffix: eol };
  }
  return { at: { line: last, character: lastText.length }, prefix: eol + eol, suffix: eol };
}

function detectEol(text: string): string {
  const i = text.indexOf('\n');
  if (i < 0) return text.includes('\r') ? '\r' : '\n';
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** URLs compared as people mean them: markdown-it percent-encodes destinations. */
function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const decode = (u: string) => {
    try {
      return decodeURI(u);
    } catch {
      return u;
    }
  };
  return decode(a) === decode(b);
}

/**
 * The edits that make `claim` cite `target` in the given style: the citation in the
 * sentence and, when needed, one new definition with a unique label. Returns [] when
 * the claim already cites that source, so applying a fix twice changes nothing.
 */
export function citationEdits(text: string, analysis: DocumentAnalysis, claim: Claim, target: CitationTarget, style: CitationStyle): TextEdit[] {
  if (claim.sources.some((s) => s.via !== 'note' && (sameUrl(s.url, target.url) || (target.definition && s.label === target.definition.label)))) return [];
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  const point = citationPoint(claim);
  const before = lines.line(point.line).slice(0, point.character);
  const space = /\s$/.test(before) || before === '' ? '' : ' ';
  const title = escapeLinkText(target.title || target.url || 'source');
  const insert = (newText: string): TextEdit => ({ range: { start: point, end: point }, newText });
  if (target.registry) {
    if (claim.sources.some((s) => s.via === 'registry' && s.label === target.registry)) return [];
    return [insert(`${space}[@${target.registry}]`)];
  }

  if (style === 'inline') {
    const url = target.url ?? analysis.definitions.find((d) => d.label === target.definition?.label)?.url;
    if (!url) return [];
    return [insert(`${space}[${title}](${formatDestination(url)})`)];
  }

  const kind: 'reference' | 'footnote' = style === 'footnote' ? 'footnote' : 'reference';
  // Reuse a definition that already points at this URL, or the one asked for.
  let existing = target.definition && target.definition.kind === kind ? analysis.definitions.find((d) => d.kind === kind && d.label === target.definition!.label) : undefined;
  if (!existing && target.url) existing = analysis.definitions.find((d) => d.kind === kind && sameUrl(d.url, target.url));
  // A footnote reference right after a bare URL would become part of the URL.
  const glue = /https?:\/\/\S*$/i.test(before) ? ' ' : '';
  if (kind === 'footnote') {
    if (existing) return [insert(`${glue}[^${existing.label}]`)];
    const label = uniqueLabel(target.title || target.url || 'source', analysis.definitions.filter((d) => d.kind === 'footnote').map((d) => d.label));
    const where = definitionInsertion(lines, analysis, 'footnote', eol);
    const body = target.url ? `[${title}](${formatDestination(target.url)})` : title;
    return [insert(`${glue}[^${label}]`), { range: { start: where.at, end: where.at }, newText: `${where.prefix}[^${label}]: ${body}${where.suffix}` }];
  }
  if (existing) return [insert(`${space}[${title}][${existing.label}]`)];
  if (!target.url) return [];
  const label = uniqueLabel(target.title || target.url, analysis.definitions.filter((d) => d.kind === 'reference').map((d) => d.label));
  const where = definitionInsertion(lines, analysis, 'reference', eol);
  const def = `[${label}]: ${formatDestination(target.url)}${target.title && target.title !== target.url ? ` ${formatTitle(target.title)}` : ''}`;
  return [insert(`${space}[${title}][${label}]`), { range: { start: where.at, end: where.at }, newText: `${where.prefix}${def}${where.suffix}` }];
}

/** Makes a reason safe inside an HTML comment: one line, and it can never close the comment. */
export function sanitizeReason(reason: string): string {
  return reason.replace(/[\r\n]+/g, ' ').replace(/--+/g, '—').replace(/>/g, '›').trim();
}

/**
 * The edit that suppresses a claim with a reason. The comment goes on its own line above
 * the claim, with the line's quote prefix and indentation; when the claim starts inside a
 * paragraph, it ends the previous line instead, so the paragraph is not split.
 * Returns undefined when the claim is already suppressed.
 */
export function suppressionEdit(text: string, claim: Claim, reason: string): TextEdit | undefined {
  if (claim.suppressed) return undefined;
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  const why = sanitizeReason(reason);
  const comment = `<!-- claim-lens-disable-next-line ${claim.status}${why ? ` -- ${why}` : ''} -->`;
  const line = claim.range.start.line;
  const prev = line > 0 ? lines.line(line - 1) : '';
  if (line > 0 && prev.trim() !== '' && proseLines(text, lines).has(line - 1) && proseLines(text, lines).has(line)) {
    const at = { line: line - 1, character: prev.length };
    return { range: { start: at, end: at }, newText: `${/\s$/.test(prev) ? '' : ' '}${comment}` };
  }
  // Only spaces, tabs and quote markers: other blanks (NBSP, U+3000, BOM) would stop the comment being HTML.
  const prefix = /^[ \t>]*/.exec(lines.line(line))![0];
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${prefix}${comment}${eol}` };
}

let proseCache: { text: string; lines: Set<number> } | undefined;

/** Lines that hold prose blocks, where an inline comment is harmless. */
function proseLines(text: string, lines: LineIndex): Set<number> {
  if (proseCache?.text === text) return proseCache.lines;
  const set = new Set<number>();
  for (const b of parseBlocks(text, lines).blocks) {
    if (b.kind === 'paragraph' || b.kind === 'footnote') for (const s of b.segs) set.add(s.line);
  }
  proseCache = { text, lines: set };
  return set;
}

/** Applies non-overlapping edits to a text; for tests and the CLI. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  // From the end backwards; inserts at one place keep their order, as in LSP.
  const sorted = edits.map((e, i) => ({ i, from: lines.offsetAt(e.range.start), to: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.from - a.from || b.to - a.to || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
