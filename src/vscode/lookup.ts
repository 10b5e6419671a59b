import type { Citation, Claim, Definition, DocumentAnalysis, Position, Range, Source } from '../core/types';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function rangeContains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

export function claimAt(a: DocumentAnalysis, p: Position): Claim | undefined {
  return a.claims.find((c) => rangeContains(c.range, p));
}

/** The claim on the cursor's line when the cursor is not inside one: commands forgive a near miss. */
export function claimNear(a: DocumentAnalysis, p: Position): Claim | undefined {
  return claimAt(a, p) ?? a.claims.find((c) => c.range.start.line <= p.line && p.line <= c.range.end.line);
}

export function citationAt(a: DocumentAnalysis, p: Position): Citation | undefined {
  return a.citations.find((c) => rangeContains(c.range, p));
}

export function definitionAt(a: DocumentAnalysis, p: Position): Definition | undefined {
  return a.definitions.find((d) => rangeContains(d.range, p));
}

/** Where a front-matter source is declared, if the position is on it. */
export function noteSourceAt(a: DocumentAnalysis, p: Position): Source | undefined {
  return a.noteSources.find((s) => s.definition && rangeContains(s.definition, p));
}

/** The front matter's lines, from the line after the opening `---`. */
export interface FrontMatterLines {
  lines: readonly string[];
}

/**
 * The front-matter source whose URL is written where the position is (`source: https://…`,
 * `url: https://…` or a `sources:` list item), and the URL's range.
 */
export function noteSourceUrlAt(a: DocumentAnalysis, p: Position, fm: FrontMatterLines): { source: Source; range: Range } | undefined {
  const text = fm.lines[p.line - 1];
  if (text === undefined) return undefined;
  for (const source of a.noteSources) {
    if (!source.url) continue;
    for (let at = text.indexOf(source.url); at >= 0; at = text.indexOf(source.url, at + 1)) {
      const end = at + source.url.length;
      if (p.character >= at && p.character <= end) return { source, range: { start: { line: p.line, character: at }, end: { line: p.line, character: end } } };
    }
  }
  return undefined;
}

const sameRange = (x?: Range, y?: Range) => !!x && !!y && x.start.line === y.start.line && x.start.character === y.start.character;

/** Claims that cite a definition, a URL, or (for `via: note`) the note's own source. */
export function claimsCiting(a: DocumentAnalysis, target: { definition?: Range; url?: string; note?: boolean }): Claim[] {
  return a.claims.filter((c) => c.sources.some((s) =>
    (target.note && s.via === 'note') || (!!target.definition && sameRange(s.definition, target.definition)) || (!!target.url && s.via !== 'note' && s.url === target.url)));
}
