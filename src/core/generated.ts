import type { DocumentAnalysis } from './types';

/**
 * The first line of every Markdown report Claim Lens writes (the report view's export and
 * `claim-lens check --format markdown`). A report quotes flagged sentences and names their
 * statuses, so read as a note it would be flagged all over; with this line first, the core
 * reads it as Claim Lens's own output and finds nothing in it.
 */
export const GENERATED_MARKER = '<!-- claim-lens-report: written by Claim Lens, which does not check this file -->';

/** `<!-- claim-lens-report` at the very start (after a BOM), then a space or the comment's end. */
const GENERATED = /^\uFEFF?<!--[ \t]*claim-lens-report(?=[\s:]|-->)/;

/** True when `text` is a report Claim Lens wrote: its first line is the generated marker. */
export function isGeneratedOutput(text: string): boolean {
  return GENERATED.test(text.slice(0, 64));
}

export function emptyAnalysis(): DocumentAnalysis {
  return { claims: [], findings: [], definitions: [], citations: [], noteSources: [] };
}
