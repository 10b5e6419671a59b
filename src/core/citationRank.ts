import type { CitationTarget } from './edits';
import type { RegistrySource } from './registry';
import type { Claim, DocumentAnalysis } from './types';

/** Where a citation candidate comes from. */
export type CandidateOrigin = 'definition' | 'note' | 'link' | 'registry';

/** Something Add citation offers, in plain data: the editor turns it into a pick item. */
export interface CitationCandidate {
  origin: CandidateOrigin;
  title: string;
  url?: string;
  /** A definition's label and kind, or a registry key. */
  label?: string;
  definitionKind?: 'reference' | 'footnote' | 'note';
  /** The line of the link or definition, for a link written in place. */
  line?: number;
  /**
   * 0: this note's own sources in use (its front matter, definitions it cites, links in it,
   * registry entries it cites); 1: its definitions nothing cites; 2: registry entries only other
   * notes cite. Lower comes first, whatever the words.
   */
  tier: 0 | 1 | 2;
  score: number;
  /** The URL to show beside the title: empty when the title is the URL (a bare link), so it shows once. */
  description: string;
  target: CitationTarget;
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4));

/** How well a source fits a sentence: shared words, then nearness in the note. */
function relevance(claim: Claim, text: string, line?: number): number {
  const w = words(claim.text);
  let shared = 0;
  for (const x of words(text)) if (w.has(x)) shared++;
  const near = line === undefined ? 0 : 1 / (1 + Math.abs(line - claim.range.start.line));
  return shared * 2 + near;
}

/**
 * What Add citation offers for a claim: this note's sources first (the front matter's, the
 * definitions and links it uses, the registry entries it cites), then its unused definitions,
 * then the rest of the registry; within each, the most relevant to the sentence first. Each URL
 * is offered once.
 */
export function rankCitations(analysis: DocumentAnalysis, claim: Claim, registry: Readonly<Record<string, RegistrySource>> = {}): CitationCandidate[] {
  const out: Array<Omit<CitationCandidate, 'description'>> = [];
  const urls = new Set<string>();
  const citedKeys = new Set(analysis.citations.filter((c) => c.kind === 'registry' && c.label).map((c) => c.label!.replace(/^@/, '')));
  for (const s of analysis.noteSources) {
    if (!s.url || urls.has(s.url)) continue;
    urls.add(s.url);
    out.push({ origin: 'note', title: s.title, url: s.url, tier: 0, score: relevance(claim, `${s.title} ${s.url}`) + 1, target: { url: s.url, title: s.title } });
  }
  for (const d of analysis.definitions) {
    // The front matter's source is offered as such; a definition of the same URL would repeat it.
    if (d.kind === 'note' || (d.url && urls.has(d.url) && analysis.noteSources.some((s) => s.url === d.url))) continue;
    if (d.url) urls.add(d.url);
    out.push({
      origin: 'definition', title: d.title, url: d.url, label: d.label, definitionKind: d.kind, line: d.range.start.line,
      tier: d.uses > 0 ? 0 : 1,
      score: relevance(claim, `${d.title} ${d.url ?? ''} ${d.label}`, d.range.start.line) + 0.5,
      target: { url: d.url, title: d.title, definition: { kind: d.kind, label: d.label } },
    });
  }
  for (const c of analysis.citations) {
    if (!c.url || c.definition || c.kind === 'registry' || urls.has(c.url)) continue;
    urls.add(c.url);
    out.push({ origin: 'link', title: c.title ?? c.url, url: c.url, line: c.range.start.line, tier: 0, score: relevance(claim, `${c.title ?? ''} ${c.url}`, c.range.start.line), target: { url: c.url, title: c.title ?? c.url } });
  }
  for (const r of Object.values(registry)) {
    const mine = citedKeys.has(r.key);
    out.push({
      origin: 'registry', title: r.title, url: r.url, label: r.key,
      tier: mine ? 0 : 2,
      score: relevance(claim, `${r.title} ${r.url ?? ''} ${r.key}`) + 0.75,
      target: { url: r.url, title: r.title, registry: r.key },
    });
  }
  // Stable: equal scores keep the order above.
  return out.sort((a, b) => a.tier - b.tier || b.score - a.score).map((c) => ({ ...c, description: c.url && c.url !== c.title ? c.url : '' }));
}
