import { analyzeText, type AnalyzeOptions } from './analyze';
import { parseNote, parseNoteCached } from './parse';
import { scanInline } from './inline';
import { splitSentences } from './sentences';
import { normalizeLink, type ProseBlock } from './blocks';
import { LineIndex } from './text';
import { endsWithBareUrl } from './urls';
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
  // A run that mixes them ("UNVERIFIED.].") stays whole, so the sentence does not split at it.
  const m = /[.!?\u2026\u3002\uFF01\uFF1F]+(?:[.!?\u2026\u3002\uFF01\uFF1F"'\u201D\u2019)\]*_~])*$/.exec(claim.text);
  const keep = m ? m[0].length : 0;
  const end = claim.range.end;
  // Closing punctuation never spans lines, so the point is on the end line.
  return { line: end.line, character: end.character - keep };
}

/**
 * The citation's insertion: at the citation point, or failing that after the claim's last
 * word, or at its end; the first where the claim's block, scanned again, splits into as many
 * sentences as before and the claim's sentence holds the citation.
 */
function citationInsert(text: string, lines: LineIndex, claim: Claim, make: (before: string) => string): TextEdit {
  const start = lines.offsetAt(claim.range.start);
  const lastWord = /[\p{L}\p{N}][^\p{L}\p{N}]*$/u.exec(claim.text);
  // Before a full stop inside the sentence, the last few first, for one glued to a URL: "UNVERIFIED.http://e.".
  const stops = [...scanInline(claim.text).prose.matchAll(/[.!?\u2026\u3002\uFF01\uFF1F]+/g)].map((m) => lines.positionAt(start + m.index)).reverse().slice(0, 4);
  const points = [citationPoint(claim), ...(lastWord ? [lines.positionAt(start + lastWord.index + 1)] : []), claim.range.end, ...stops];
  // The claim's block as the analysis reads it, without container prefixes; or the claim alone.
  const block = blockAt(text, lines, claim.range.start);
  const toContent = (p: Position): number | undefined => {
    const seg = block?.segs.find((g) => g.line === p.line);
    return seg && p.character >= seg.sCol ? seg.cOff + p.character - seg.sCol : undefined;
  };
  const inBlock = toContent(claim.range.start) !== undefined && toContent(claim.range.end) !== undefined;
  const region = inBlock ? block!.content : claim.text;
  const offsetOf = (p: Position) => (inBlock ? toContent(p) ?? -1 : lines.offsetAt(p) - start);
  const marker = offsetOf(claim.markers[0].range.start);
  // A claim qualified by a tag fragment holds the citation in its own sentence, before the marker's.
  const claimStart = claim.annotation ? offsetOf(claim.range.start) : -1;
  const sentences = splitSentences(scanInline(region).prose).length;
  let first: TextEdit | undefined;
  for (const at of points) {
    const before = lines.line(at.line).slice(0, at.character);
    const newText = make(before);
    const edit = { range: { start: at, end: at }, newText };
    first ??= edit;
    // After nothing but a `*`, `-`, `1.` or `#` on its line, the citation would start a list item or heading.
    const content = before.replace(/^[ \t>]*/, '');
    if (!/[\p{L}\p{N}]/u.test(content) || /^\d{1,9}[.)]$/.test(content)) continue;
    const off = offsetOf(at);
    if (off < 0) continue;
    const probe = region.slice(0, off) + newText + region.slice(off);
    const scan = scanInline(probe);
    const split = splitSentences(scan.prose);
    // The citation must be read as its own, where it was put: not swallowed by a link around it.
    const at0 = off + newText.length - newText.trimStart().length;
    const cite = scan.cites.find((c) => c.start === at0 && c.end === off + newText.length);
    const moved = marker >= off ? marker + newText.length : marker;
    const movedStart = claimStart >= off ? claimStart + newText.length : claimStart;
    const holds = (at: number) => ([a, z]: [number, number]) => a <= at && at < z && ((a <= moved && moved < z) || (movedStart >= 0 && a <= movedStart && movedStart < z));
    if (cite && split.length <= sentences && split.some(holds(cite.start))) return edit;
  }
  return first!;
}

function escapeLinkText(s: string): string {
  // Parentheses in the link text would end or open a parenthetical around it: drop them.
  const balanced = s.replace(/[()]/g, '');
  // Backticks and pipes too: they could pair with a backtick around the link, or split a table cell.
  // A leading caret would make `[^x](url)` a footnote reference.
  return balanced.replace(/[\\[\]`|]/g, '\\$&').replace(/[\r\n]+/g, ' ').trim().replace(/^\^/, '\\^');
}

function formatDestination(url: string): string {
  // A backslash would escape what follows it: double it.
  // Control characters end a destination, and a pipe would split a table cell: percent-encode them.
  // eslint-disable-next-line no-control-regex
  const escaped = url.replace(/\\/g, '\\\\').replace(/[\u0000-\u001f\u007f|]/g, encodeURIComponent);
  return /[\s()<>]/.test(url) ? `<${escaped.replace(/[<>]/g, encodeURIComponent)}>` : escaped;
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

/**
 * The edit that adds a definition of a kind: after the last existing top-level one, or at the
 * end of the note, or, when the note ends in an unclosed fence or HTML block that would swallow
 * it, before that block. A definition inside a quote, list or footnote is no anchor: a line
 * added after it at the margin would end that container and change the note around it.
 */
function definitionEdit(text: string, lines: LineIndex, analysis: DocumentAnalysis, kind: 'reference' | 'footnote', def: string, eol: string): TextEdit {
  const parsed = parseNoteCached(text).parsed;
  const topLines = new Set(parsed.definitions.filter((d) => d.top).map((d) => d.startLine));
  const tops = analysis.definitions.filter((d) => d.kind !== 'note' && topLines.has(d.range.start.line));
  const same = tops.filter((d) => d.kind === kind);
  const after = (same.length ? same : tops).reduce<Definition | undefined>((a, d) => (!a || d.range.end.line > a.range.end.line ? d : a), undefined);
  const edit = (at: Position, newText: string): TextEdit => ({ range: { start: at, end: at }, newText });
  if (after) {
    const line = after.range.end.line;
    // A footnote's text may run on lazily (in a quote, say), and a link definition cannot interrupt
    // it: keep a blank line after a footnote. Link definitions follow each other directly.
    const prefix = after.kind === 'footnote' ? eol + eol : eol;
    // A blank line after, so the next line cannot continue the new definition.
    const suffix = line + 1 < lines.lineCount && !isBlank(lines.line(line + 1)) ? eol : '';
    return edit({ line, character: lines.line(line).length }, `${prefix}${def}${suffix}`);
  }
  const last = lines.lineCount - 1;
  const lastText = lines.line(last);
  let atEnd: TextEdit;
  // Keep one blank line between the note and its definitions.
  if (isBlank(lastText)) {
    const prev = last > 0 ? lines.line(last - 1) : '';
    let prefix = isBlank(prev) || last === 0 ? '' : eol;
    // A lone CR at the end and an LF put after it make one line break, not two.
    if (prefix && text.endsWith('\r') && eol.startsWith('\n')) prefix = eol + prefix;
    atEnd = edit({ line: last, character: lastText.length }, `${prefix}${def}${eol}`);
  } else {
    atEnd = edit({ line: last, character: lastText.length }, `${eol}${eol}${def}${eol}`);
  }
  const lastBlock = parsed.tops[parsed.tops.length - 1];
  if (!lastBlock || definesAt(text, atEnd, kind)) return atEnd;
  const line = lastBlock[0];
  let prefix = line > 0 && !isBlank(lines.line(line - 1)) ? eol : '';
  // After a lone CR, an LF would only finish that line break.
  if (prefix.startsWith('\n') && text[lines.offsetAt({ line, character: 0 }) - 1] === '\r') prefix = eol + prefix;
  const before = edit({ line, character: 0 }, `${prefix}${def}${eol}${eol}`);
  return definesAt(text, before, kind) ? before : atEnd;
}

/** Whether the edit's text, once inserted, is read as a top-level definition. */
function definesAt(text: string, edit: TextEdit, kind: 'reference' | 'footnote'): boolean {
  const lines = new LineIndex(text);
  const next = applyEdits(text, [edit]);
  const nextLines = new LineIndex(next);
  const from = lines.offsetAt(edit.range.start);
  const lead = edit.newText.length - edit.newText.trimStart().length;
  const line = nextLines.positionAt(from + lead).line;
  return parseNote(next).parsed.definitions.some((d) => d.top && d.kind === kind && d.startLine === line);
}

/** Blank as CommonMark has it: spaces and tabs only (a form feed is text). */
function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
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
  if (decode(a) === decode(b)) return true;
  // markdown-it stores destinations with punycode hosts: http://例 is http://xn--fsq.
  return normalizeLink(a) === normalizeLink(b);
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
  const title = escapeLinkText(target.title || target.url || 'source');
  const spaced = (before: string) => (/\s$/.test(before) || before === '' ? '' : ' ');
  const insert = (make: (before: string) => string): TextEdit => citationInsert(text, lines, claim, make);
  if (target.registry) {
    if (claim.sources.some((s) => s.via === 'registry' && s.label === target.registry)) return [];
    return [insert((b) => `${spaced(b)}[@${target.registry}]`)];
  }

  if (style === 'inline') {
    const url = target.url ?? analysis.definitions.find((d) => d.label === target.definition?.label)?.url;
    if (!url) return [];
    return [insert((b) => `${spaced(b)}[${title}](${formatDestination(url)})`)];
  }

  const kind: 'reference' | 'footnote' = style === 'footnote' ? 'footnote' : 'reference';
  // Reuse a definition that already points at this URL, or the one asked for.
  let existing = target.definition && target.definition.kind === kind ? analysis.definitions.find((d) => d.kind === kind && d.label === target.definition!.label) : undefined;
  if (!existing && target.url) existing = analysis.definitions.find((d) => d.kind === kind && sameUrl(d.url, target.url));
  // A footnote reference right after a bare URL would become part of the URL; right after `]`, a
  // link label; right after a backslash, escaped text.
  const glue = (before: string) => (endsWithBareUrl(before) || /[\]\\]$/.test(before) ? ' ' : '');
  if (kind === 'footnote') {
    if (existing) return [insert((b) => `${glue(b)}[^${existing.label}]`)];
    const label = uniqueLabel(target.title || target.url || 'source', analysis.definitions.filter((d) => d.kind === 'footnote').map((d) => d.label));
    const body = target.url ? `[${title}](${formatDestination(target.url)})` : title;
    return [insert((b) => `${glue(b)}[^${label}]`), definitionEdit(text, lines, analysis, 'footnote', `[^${label}]: ${body}`, eol)];
  }
  if (existing) return [insert((b) => `${spaced(b)}[${title}][${existing.label}]`)];
  if (!target.url) return [];
  const label = uniqueLabel(target.title || target.url, analysis.definitions.filter((d) => d.kind === 'reference').map((d) => d.label));
  const def = `[${label}]: ${formatDestination(target.url)}${target.title && target.title !== target.url ? ` ${formatTitle(target.title)}` : ''}`;
  return [insert((b) => `${spaced(b)}[${title}][${label}]`), definitionEdit(text, lines, analysis, 'reference', def, eol)];
}

/**
 * Makes a reason safe inside an HTML comment wherever it goes: one line, it can never close the
 * comment, and no backtick or pipe that could pair with one in the text around it or split a
 * table cell.
 */
export function sanitizeReason(reason: string): string {
  return reason.replace(/[\r\n]+/g, ' ').replace(/--+/g, '\u2014').replace(/>/g, '\u203A').replace(/`/g, "'").replace(/\|/g, '\u00A6').trim();
}

/**
 * The edit that suppresses a claim with a reason. When the claim opens its paragraph or
 * heading, a `disable-next-line` comment goes on its own line above it, with the line's quote
 * prefix and indentation. Anywhere else (mid-paragraph, in a list item, in a table cell) a line
 * of its own would split the block, so a `disable-line` comment goes right after the claim, or
 * right before it, or failing those somewhere else on its lines. Each place is tried on the
 * note, with these options, and the first that keeps the sentence as it is and suppresses it
 * wins. Returns undefined when the claim is already suppressed, or when no place works.
 */
export function suppressionEdit(text: string, claim: Claim, reason: string, options: AnalyzeOptions = {}): TextEdit | undefined {
  if (claim.suppressed) return undefined;
  const lines = new LineIndex(text);
  // Claims suppressed before the edit, by where their first marker starts: no other may change.
  const before = new Set(analyzeText(text, options).claims.filter((c) => c.suppressed).map((c) => lines.offsetAt(c.markers[0].range.start)));
  for (const edit of suppressionPlaces(text, claim, reason)) if (keepsClaim(text, claim, edit, options, before)) return edit;
  return undefined;
}

/** The places a suppression comment may go, best first. */
function* suppressionPlaces(text: string, claim: Claim, reason: string): Generator<TextEdit> {
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  const why = sanitizeReason(reason);
  const comment = (kind: string) => `<!-- claim-lens-${kind} ${claim.status}${why ? ` -- ${why}` : ''} -->`;
  const insert = (at: Position, newText: string): TextEdit => ({ range: { start: at, end: at }, newText });
  const { start, end } = claim.range;
  const lineText = (p: Position) => lines.line(p.line).slice(0, p.character);
  // Only spaces, tabs and quote markers: other blanks (NBSP, U+3000, BOM) would stop the comment being HTML.
  const ownLine = () => insert({ line: start.line, character: 0 }, `${/^[ \t>]*/.exec(lineText(start))![0]}${comment('disable-next-line')}${eol}`);
  const block = blockAt(text, lines, start);
  const lead = lineText(start);
  if (/^[ \t>]*(?:#{1,6}[ \t]+)?$/.test(lead) && block && block.kind !== 'cell' && block.segs[0].line === start.line) yield ownLine();
  // Markers in a fragment or cell of their own: the comment goes after them, leaving the claim's text as it is.
  if (claim.annotation) {
    const tagEnd = claim.annotation.range.end;
    yield insert(tagEnd, `${/\s$/.test(lineText(tagEnd)) ? '' : ' '}${comment('disable-line')}`);
    yield insert(tagEnd, `${/\s$/.test(lineText(tagEnd)) ? '' : ' '}${comment('disable-claim')}`);
  }
  const after = lineText(end);
  yield insert(end, `${/\s$/.test(after) ? '' : ' '}${comment('disable-line')}`);
  // When the line holds another claim of this status, a line-wide comment would suppress it
  // too: `disable-claim`, right after the sentence, suppresses this claim alone.
  yield insert(end, `${/\s$/.test(after) ? '' : ' '}${comment('disable-claim')}`);
  // A table row may start with a pipe: one put there keeps the comment off the line's start.
  yield insert(start, `${block?.kind === 'cell' && /^[ \t>]*$/.test(lead) ? '|' : ''}${comment('disable-line')} `);
  // Before an unclosed `<!--`, which would otherwise swallow the comment, on the claim's line or the one above.
  const blockStart = block ? lines.offsetAt({ line: block.segs[0].line, character: block.segs[0].sCol }) : 0;
  const open = firstUnclosed(text.slice(blockStart, lines.offsetAt(start)));
  const at = open >= 0 ? lines.positionAt(blockStart + open) : undefined;
  if (at?.line === start.line) yield insert(at, comment('disable-line'));
  if (start.line > 0) {
    if (at?.line === start.line - 1) yield insert(at, comment('disable-next-line'));
    const prev = lines.line(start.line - 1);
    if (prev.trim() !== '') yield insert({ line: start.line - 1, character: prev.length }, `${/\s$/.test(prev) ? '' : ' '}${comment('disable-next-line')}`);
  }
  yield ownLine();
}

/** Whether the note, edited, still holds the claim's sentence, now suppressed, and no other claim changed. */
function keepsClaim(text: string, claim: Claim, edit: TextEdit, options: AnalyzeOptions, before: ReadonlySet<number>): boolean {
  const lines = new LineIndex(text);
  const at = lines.offsetAt(edit.range.start);
  const next = applyEdits(text, [edit]);
  const nextLines = new LineIndex(next);
  const shift = (offset: number) => (offset >= at ? offset + edit.newText.length : offset);
  const moved = shift(lines.offsetAt(claim.markers[0].range.start));
  const claims = analyzeText(next, options).claims;
  const same = claims.find((c) => c.markers.some((m) => nextLines.offsetAt(m.range.start) === moved));
  if (same === undefined || same.text !== claim.text || !same.suppressed) return false;
  const wasSuppressed = new Set([...before].map(shift));
  return claims.every((c) => c === same || !!c.suppressed === wasSuppressed.has(nextLines.offsetAt(c.markers[0].range.start)));
}

/** Where the first `<!--` that no `-->` closes starts, or -1. */
function firstUnclosed(s: string): number {
  for (let open = s.indexOf('<!--'); open >= 0; ) {
    const close = s.indexOf('-->', open + 4);
    if (close < 0) return open;
    open = s.indexOf('<!--', close + 3);
  }
  return -1;
}

/** The prose block a position lies in: on its line, the one starting last at or before it. */
function blockAt(text: string, lines: LineIndex, p: Position): ProseBlock | undefined {
  let best: { block: ProseBlock; col: number } | undefined;
  for (const b of parseNoteCached(text).parsed.blocks) {
    for (const seg of b.segs) {
      if (seg.line === p.line && seg.sCol <= p.character && (!best || seg.sCol >= best.col)) best = { block: b, col: seg.sCol };
    }
  }
  return best?.block;
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
