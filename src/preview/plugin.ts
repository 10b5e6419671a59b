// A markdown-it plugin that marks flagged claims in rendered HTML: each claim's text is wrapped in
// spans carrying its status, followed by a small badge with a link to its primary source. It never
// imports `vscode`, so a static-site build can use it as it is: `md.use(claimLensPreview)`.
// It must never break rendering: every change is computed first and applied only if nothing threw.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { analyzeText, defaultConfig, escapeHtml, isSafeUrl, statusLabel, type AnalyzeOptions, type Claim, type DocumentAnalysis } from '../core/index';

export interface ClaimLensPreviewOptions {
  /** Off renders the Markdown unchanged. A function is asked on every render (`env` as given to md.render). Default true. */
  enabled?: boolean | ((env: unknown) => boolean);
  /** Analysis options (e.g. `{ config: parseConfig(yaml).config }`), or a function of `env`. Default: the built-in vocabulary. */
  analyze?: AnalyzeOptions | ((env: unknown) => AnalyzeOptions | undefined);
  /** An analysis of exactly this text that the caller already has (an editor's), instead of analysing again. */
  analysis?: (src: string, env: unknown) => DocumentAnalysis | undefined;
}

/** Work per inline token's content character before alignment gives up on that token. */
const ALIGN_BUDGET = 64;

/** The plugin: `md.use(claimLensPreview, options)`. */
export function claimLensPreview(md: MarkdownIt, options: ClaimLensPreviewOptions = {}): void {
  let last: { src: string; key: unknown; analysis: DocumentAnalysis } | undefined;
  md.core.ruler.push('claim_lens', (state: StateCore) => {
    try {
      const on = typeof options.enabled === 'function' ? options.enabled(state.env) : options.enabled !== false;
      if (!on) return;
      const analyzeOptions = typeof options.analyze === 'function' ? options.analyze(state.env) : options.analyze;
      let analysis = options.analysis?.(state.src, state.env);
      if (!analysis) {
        // The preview renders the same text again on scroll and resize: keep the last analysis.
        if (last && last.src === state.src && last.key === analyzeOptions) analysis = last.analysis;
        else {
          analysis = analyzeText(state.src, analyzeOptions ?? {});
          last = { src: state.src, key: analyzeOptions, analysis };
        }
      }
      const changes = markClaims(state, analysis, analyzeOptions);
      // Only now, with every new child list built, does anything change.
      for (const [token, children] of changes) token.children = children;
    } catch {
      // Render unchanged: a preview without badges is better than no preview.
    }
  });
}

export default claimLensPreview;
/** For a static-site build that has a `.claimlens.yaml`: `{ analyze: { config: parseConfig(text).config } }`. */
export { parseConfig } from '../core/index';

interface Mapped {
  token: Token;
  /** For each line of the token's content: its source line and the column where the content starts. */
  lines: Array<{ line: number; column: number; length: number; start: number }>;
}

/** Where each inline token's content lies in the source, for the tokens whose content can be found there. */
function mapInlineTokens(tokens: Token[], src: string): Mapped[] {
  const sourceLines = src.split('\n');
  const out: Mapped[] = [];
  // Table cells have no map of their own: they take their row's, and are looked for left to right.
  let rowMap: [number, number] | null = null;
  const searchFrom = new Map<number, number>();
  for (const token of tokens) {
    if (token.type !== 'inline') {
      if (token.map) rowMap = token.map;
      continue;
    }
    const map = token.map ?? (rowMap && rowMap[1] - rowMap[0] === 1 ? rowMap : null);
    if (!map || !token.children) continue;
    const [first, end] = map;
    const parts = token.content.split('\n');
    if (parts.length > end - first) continue;
    const lines: Mapped['lines'] = [];
    let start = 0;
    for (let k = 0; k < parts.length; k++) {
      const text = sourceLines[first + k] ?? '';
      const part = parts[k];
      // Content is a line with its block prefix (indent, `>`, list marker) removed, and trimmed at the ends.
      const column = token.map
        ? text.endsWith(part) && text.length >= part.length ? text.length - part.length : text.indexOf(part)
        : text.indexOf(part, searchFrom.get(first + k) ?? 0);
      if (column < 0) break;
      if (!token.map) searchFrom.set(first + k, column + part.length);
      lines.push({ line: first + k, column, length: part.length, start });
      start += part.length + 1;
    }
    if (lines.length === parts.length) out.push({ token, lines });
  }
  return out;
}

/** A content offset for a source position inside the mapped token, or undefined when outside it. */
function contentOffset(m: Mapped, line: number, character: number, clamp: boolean): number | undefined {
  // A token's lines are consecutive source lines.
  const l = m.lines[line - m.lines[0].line];
  if (!l) return undefined;
  const rel = character - l.column;
  if (!clamp && (rel < 0 || rel >= l.length)) return undefined;
  return l.start + Math.max(0, Math.min(l.length, rel));
}

interface Piece {
  token: Token;
  /** Content offset of each character of a text token (and one past its end), when aligned. */
  pos?: number[];
  /** Content range of a token that is not text (code, HTML), when found. */
  start?: number;
  end?: number;
}

/**
 * Finds each child's place in the content. Text tokens are aligned character by character,
 * allowing for backslash escapes and entities; a child that cannot be found stays unplaced and is
 * left as it is.
 */
function alignChildren(md: MarkdownIt, content: string, children: Token[]): Piece[] {
  let budget = ALIGN_BUDGET * (content.length + 16);
  let cursor = 0;
  const pieces: Piece[] = [];
  for (const token of children) {
    const piece: Piece = { token };
    pieces.push(piece);
    if (token.type === 'text' && token.content) {
      for (let s = cursor; s < content.length && budget > 0; s++) {
        const pos = alignText(md, content, token.content, s, () => --budget > 0);
        if (pos) {
          piece.pos = pos;
          cursor = pos[pos.length - 1];
          break;
        }
      }
    } else if ((token.type === 'code_inline' || token.type === 'html_inline') && token.content) {
      const at = content.indexOf(token.content, cursor);
      if (at >= 0) {
        piece.start = at;
        piece.end = at + token.content.length;
        cursor = piece.end;
      }
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      // Placed too, so a badge at a line's end goes before the break, not at the next line's start.
      const at = content.indexOf('\n', cursor);
      if (at >= 0) {
        piece.start = at;
        piece.end = at + 1;
        cursor = at + 1;
      }
    }
  }
  return pieces;
}

const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

function alignText(md: MarkdownIt, content: string, text: string, from: number, spend: () => boolean): number[] | undefined {
  const pos: number[] = [];
  let i = from;
  let j = 0;
  while (j < text.length) {
    if (i >= content.length || !spend()) return undefined;
    const ch = content[i];
    if (ch === '&') {
      const m = ENTITY.exec(content.slice(i, i + 40));
      const decoded = m ? md.utils.unescapeAll(m[0]) : undefined;
      if (m && decoded && decoded !== m[0] && text.startsWith(decoded, j)) {
        for (let k = 0; k < decoded.length; k++) pos.push(i);
        i += m[0].length;
        j += decoded.length;
        continue;
      }
    }
    if (ch === text[j]) {
      pos.push(i++);
      j++;
    } else if (ch === '\\' && content[i + 1] === text[j]) {
      pos.push(i);
      i += 2;
      j++;
    } else return undefined;
  }
  pos.push(i);
  return pos;
}

interface Span {
  claim: Claim;
  start: number;
  end: number;
}

function markClaims(state: StateCore, analysis: DocumentAnalysis, options: AnalyzeOptions | undefined): Map<Token, Token[]> {
  const changes = new Map<Token, Token[]>();
  const claims = analysis.claims.filter((c) => !c.suppressed);
  if (!claims.length) return changes;
  const statuses = (options?.config ?? defaultConfig()).statuses;
  const mapped = mapInlineTokens(state.tokens, state.src);
  // The tokens on each source line (a table row holds several), so finding a claim's token is a lookup.
  const byLine = new Map<number, Mapped[]>();
  for (const m of mapped) {
    for (const l of m.lines) {
      const list = byLine.get(l.line);
      if (list) list.push(m);
      else byLine.set(l.line, [m]);
    }
  }
  const spans = new Map<Mapped, Span[]>();
  for (const claim of claims) {
    const { start, end } = claim.range;
    const m = byLine.get(start.line)?.find((x) => contentOffset(x, start.line, start.character, false) !== undefined);
    if (!m) continue;
    const s = contentOffset(m, start.line, start.character, false)!;
    // A claim that runs past its block (a table row) is marked to the block's end.
    const e = contentOffset(m, end.line, end.character, true) ?? m.token.content.length;
    if (e <= s) continue;
    const list = spans.get(m) ?? [];
    list.push({ claim, start: s, end: e });
    spans.set(m, list);
  }
  for (const [m, list] of spans) {
    list.sort((a, b) => a.start - b.start);
    const pieces = alignChildren(state.md, m.token.content, m.token.children!);
    changes.set(m.token, rebuild(state, pieces, list, statuses));
  }
  return changes;
}

/**
 * The claim a content offset lies in. Offsets are asked for in increasing order, so a cursor
 * moves forward through the sorted spans: the whole token costs one pass.
 */
function spanFinder(spans: Span[]): (offset: number) => Span | undefined {
  let i = 0;
  return (offset) => {
    while (i < spans.length && spans[i].end <= offset) i++;
    return i < spans.length && offset >= spans[i].start ? spans[i] : undefined;
  };
}

function rebuild(state: StateCore, pieces: Piece[], spans: Span[], statuses: ReturnType<typeof defaultConfig>['statuses']): Token[] {
  const out: Token[] = [];
  const html = (content: string) => {
    const t = new state.Token('html_inline', '', 0);
    t.content = content;
    return t;
  };
  const spanAt = spanFinder(spans);
  let linkDepth = 0;
  let next = 0; // the first span whose badge is not yet out
  // Badges go after a claim's end, never inside a link (a link in a link is not HTML).
  const flush = (upTo: number) => {
    while (next < spans.length && spans[next].end <= upTo && linkDepth === 0) out.push(html(badge(spans[next++].claim, statuses)));
  };
  for (const piece of pieces) {
    const { token } = piece;
    if (piece.pos) {
      flush(piece.pos[0]);
      // Cut the text where claims start and end; wrap each part that lies in a claim.
      const pos = piece.pos;
      let a = 0;
      while (a < token.content.length) {
        const inside = spanAt(pos[a]);
        let b = a + 1;
        while (b < token.content.length && spanAt(pos[b]) === inside) b++;
        const t = new state.Token('text', '', 0);
        t.content = token.content.slice(a, b);
        if (inside) out.push(html(open(inside.claim)), t, html('</span>'));
        else out.push(t);
        if (b < token.content.length) flush(pos[b]);
        a = b;
      }
      continue;
    }
    if (piece.start !== undefined && piece.end !== undefined) {
      flush(piece.start);
      const inside = token.type === 'code_inline' ? spanAt(piece.start) : undefined;
      if (inside && piece.end <= inside.end) {
        out.push(html(open(inside.claim)), token, html('</span>'));
        continue;
      }
    }
    if (token.type === 'link_open') linkDepth++;
    out.push(token);
    if (token.type === 'link_close') linkDepth = Math.max(0, linkDepth - 1);
  }
  linkDepth = 0;
  flush(Infinity);
  return out;
}

/** A status as a class name: custom statuses come from a config and may hold any characters. */
const statusClass = (status: string) => `claim-lens-status-${status.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;

function open(claim: Claim): string {
  return `<span class="claim-lens-claim ${statusClass(claim.status)}" data-claim-status="${escapeHtml(claim.status)}">`;
}

function badge(claim: Claim, statuses: ReturnType<typeof defaultConfig>['statuses']): string {
  const label = statusLabel(claim.status, claim.label);
  const primary = claim.sources.find((s) => isSafeUrl(s.url));
  const named = primary ?? claim.sources[0];
  const needsSource = !claim.own && (statuses.find((s) => s.name === claim.status)?.needsSource ?? true);
  const unsourced = claim.sources.length === 0 && needsSource;
  const title = named ? `Claim Lens: ${label} — source: ${named.title}` : unsourced ? `Claim Lens: ${label} — no source` : `Claim Lens: ${label}`;
  const link = primary
    ? ` <a class="claim-lens-source" href="${escapeHtml(primary.url!.trim())}" title="${escapeHtml(primary.title)}">source</a>`
    : unsourced ? ' <span class="claim-lens-missing">no source</span>' : '';
  return `<span class="claim-lens-badge ${statusClass(claim.status)}${unsourced ? ' claim-lens-unsourced' : ''}" data-claim-status="${escapeHtml(claim.status)}" title="${escapeHtml(title)}">`
    + `<span class="claim-lens-label">${escapeHtml(label)}</span>${link}</span>`;
}
