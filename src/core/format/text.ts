import type { FileReport, Report } from '../report';
import { oneLine } from './escape';

/** Compiler-style lines, `path:line:col: severity code message`, 1-based for people. */
export function toText(report: Report): string {
  return assembleText(report.files.map(textFragment), report);
}

export function textFragment(f: FileReport): string {
  const path = escapeName(f.path);
  return f.diagnostics.map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${visible(oneLine(d.message))}\n`).join('');
}

export function assembleText(fragments: readonly string[], report: Pick<Report, 'summary'>): string {
  const s = report.summary;
  const statuses = Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`).join(', ');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return fragments.join('') +
    `${plural(s.claims, 'claim')} in ${plural(s.files, 'file')}${statuses ? ` (${statuses})` : ''}; ${s.withoutSource} without source` +
    (s.suppressed ? `; ${s.suppressed} suppressed` : '') + '\n';
}

// C0 and C1 controls (ESC starts terminal sequences), DEL, and the Unicode line and paragraph
// separators, which some logs treat as line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Shows control characters as visible escapes (`\x1b`, `\n`, `\u2028`), so a title or a file
 * name cannot move a terminal's cursor, change its colours, or start a new line in a CI log
 * (where `::error::` or `::add-mask::` at a line's start is a command).
 */
export function visible(s: string): string {
  return s.replace(CONTROLS, (c) => {
    const n = c.charCodeAt(0);
    return c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : n > 0xff ? `\\u${n.toString(16).padStart(4, '0')}` : `\\x${n.toString(16).padStart(2, '0')}`;
  });
}

/** A file name for a line of text output or stderr: every control character made visible. */
export function escapeName(name: string): string {
  return visible(name);
}
