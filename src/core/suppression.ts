import type { Range } from './types';

export interface Directive {
  /** `disable-claim` suppresses only the claim that ends right before it (spaces between at most). */
  kind: 'disable-next-line' | 'disable-line' | 'disable-claim' | 'disable' | 'enable' | 'disable-file';
  /** Statuses named, or empty for all. `no-source` names the missing-source finding alone. */
  statuses: string[];
  reason: string | null;
  /** The line the directive applies from: the next non-blank line for disable-next-line, its own last line for disable-line. */
  line: number;
  range: Range;
}

const DIRECTIVE = /<!--\s*claim-lens-(disable-next-line|disable-line|disable-claim|disable-file|disable|enable)(?![\w-])([\s\S]*?)-->/g;

/** Reads the claim-lens comments in a piece of HTML, as directives with their ranges. */
export function readDirectives(html: string, at: (offset: number) => { line: number; character: number }): Array<Omit<Directive, 'line'> & { endLine: number }> {
  const out: Array<Omit<Directive, 'line'> & { endLine: number }> = [];
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(html)) !== null) {
    const body = m[2];
    const sep = body.search(/(?:^|\s)--(?:\s|$)/);
    const names = (sep < 0 ? body : body.slice(0, sep)).trim();
    const reason = sep < 0 ? null : body.slice(sep).replace(/^\s*--/, '').trim() || null;
    const start = at(m.index);
    const end = at(m.index + m[0].length);
    out.push({
      kind: m[1] as Directive['kind'],
      statuses: names ? names.split(/[\s,]+/).filter(Boolean) : [],
      reason,
      range: { start, end },
      endLine: end.line,
    });
  }
  return out;
}

export interface SuppressionResult {
  suppressed: boolean;
  /** Only the missing-source finding is suppressed. */
  noSourceOnly: boolean;
  reason: string | null;
}

/**
 * Decides whether the directives suppress a claim with this status on these lines.
 * `endsRightBefore` tells whether a `disable-claim` directive follows this very claim.
 */
export function suppressionFor(directives: readonly Directive[], status: string, startLine: number, endLine: number, endsRightBefore?: (d: Directive) => boolean): SuppressionResult | undefined {
  let result: SuppressionResult | undefined;
  const applies = (d: Directive) => d.statuses.length === 0 || d.statuses.includes(status) || d.statuses.includes('all');
  const open: Directive[] = [];
  for (const d of directives) {
    if (d.kind === 'disable' && d.line <= startLine) open.push(d);
    else if (d.kind === 'enable' && d.line <= startLine) open.length = 0;
  }
  const hits: Directive[] = [...open];
  for (const d of directives) {
    if (d.kind === 'disable-file') hits.push(d);
    else if ((d.kind === 'disable-next-line' || d.kind === 'disable-line') && d.line >= startLine && d.line <= endLine) hits.push(d);
    else if (d.kind === 'disable-claim' && d.line === endLine && endsRightBefore?.(d)) hits.push(d);
  }
  for (const d of hits) {
    if (applies(d)) return { suppressed: true, noSourceOnly: false, reason: d.reason };
    if (d.statuses.includes('no-source')) result ??= { suppressed: true, noSourceOnly: true, reason: d.reason };
  }
  return result;
}
