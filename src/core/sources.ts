// Sources: what each citation of a block points at (an inline link, a definition, a footnote, the
// sources registry), the findings about citations themselves, and where a source came from.
import { normalizeLabel, positionAt, type ProseBlock } from './blocks';
import { ageInDays } from './dates';
import type { RawCite } from './inline';
import { ruleMessage, type FindingSink } from './findings';
import type { RegistrySource } from './registry';
import { shortenTitle } from './sourceCaps';
import { isUnsafeScheme, quotedUrl } from './urls';
import type { Citation, Definition, Source, Via } from './types';

/** Where a source came from, in the words each output uses: the one table of them. */
export const VIA: Record<Via, { report: string; explanation: string }> = {
  inline: { report: 'in the sentence', explanation: 'inline link' },
  reference: { report: 'by reference', explanation: 'reference' },
  footnote: { report: 'by footnote', explanation: 'footnote' },
  registry: { report: 'from the registry', explanation: 'sources registry' },
  note: { report: "from the note's front matter", explanation: 'front matter' },
};

/** Resolves a reference label (or footnote name) to the note's definition of it. */
export type Resolve = (label: string) => Definition | undefined;

/** What reading a block's citations needs from the analysis. */
export interface CiteContext {
  resolveRef: Resolve;
  resolveFoot: Resolve;
  registry: Record<string, RegistrySource>;
  /** Today, as YYYY-MM-DD, for `source.stale`. */
  today?: string;
  staleAfterDays?: number;
}

/** A block's citations in note positions, and the definitions they use. */
export interface CitationsOut {
  citations: Citation[];
  /** Definitions the block cites, to count their uses. */
  used: Array<{ kind: 'reference' | 'footnote'; key: string }>;
}

const TIMESTAMP = /^\s*\d{1,2}:\d{2}(?::\d{2})?\s*$/;

function isTimestamp(label: string): boolean {
  return TIMESTAMP.test(label);
}

/** The source a citation points at; undefined for an image or a label nothing defines. */
export function citeSource(
  cite: RawCite,
  resolveRef: (label: string) => Definition | undefined,
  resolveFoot: (label: string) => Definition | undefined,
  registry?: Record<string, RegistrySource>,
): Source | undefined {
  if (cite.image) return undefined; // an image shows something; it is not a source
  switch (cite.kind) {
    case 'inline':
      return { url: cite.url, title: shortenTitle(cite.title || plain(cite.text) || cite.url), via: 'inline' };
    case 'autolink':
    case 'bare':
      return { url: cite.url, title: cite.url, via: 'inline' };
    case 'reference':
    case 'shortcut': {
      const def = resolveRef(cite.label);
      if (!def) return undefined;
      const title = def.title !== def.label ? def.title : shortenTitle(plain(cite.text)) || def.label;
      return { url: def.url, title, via: 'reference', label: def.label, definition: def.range };
    }
    case 'footnote': {
      const def = resolveFoot(cite.label);
      if (!def) return undefined;
      const s: Source = { title: def.title, via: 'footnote', label: def.label, definition: def.range };
      if (def.url) s.url = def.url;
      return s;
    }
    case 'registry': {
      const r = registry?.[cite.label];
      if (!r) {
        const def = resolveRef(`@${cite.label}`);
        return def ? { url: def.url, title: def.title, via: 'reference', label: def.label, definition: def.range } : undefined;
      }
      const s: Source = { title: r.title, via: 'registry', label: r.key };
      for (const f of ['url', 'kind', 'publisher', 'published', 'accessed', 'snapshot', 'archive'] as const) if (r[f] !== undefined) (s as unknown as Record<string, string>)[f] = r[f]!;
      return s;
    }
  }
}

const NO_CITES: readonly RawCite[] = Object.freeze([]);

/** The citations that start in [from, to), found by binary search in citations sorted by start. */
export function citesIn(cites: readonly RawCite[], from: number, to: number): readonly RawCite[] {
  let lo = 0;
  let hi = cites.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cites[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < cites.length && cites[end].start < to) end++;
  return end > lo ? cites.slice(lo, end) : NO_CITES;
}

/** The sources cited by cites[from..to), each once: the first citation of a URL (or label) wins. */
export function sentenceSources(
  cites: readonly RawCite[], from: number, to: number,
  resolveRef: (label: string) => Definition | undefined,
  resolveFoot: (label: string) => Definition | undefined,
  registry: Record<string, RegistrySource>,
): Source[] {
  const out: Source[] = [];
  const urls = new Set<string>();
  let others: Set<string> | undefined;
  for (let k = from; k < to; k++) {
    const c = cites[k];
    // A URL already cited in this sentence adds nothing: skip it before building its source.
    if ((c.kind === 'bare' || c.kind === 'autolink' || c.kind === 'inline') && urls.has(c.url)) continue;
    const s = citeSource(c, resolveRef, resolveFoot, registry);
    if (!s) continue;
    if (s.url) {
      if (urls.has(s.url)) continue;
      urls.add(s.url);
    } else {
      const key = `${s.via}:${s.label ?? s.title}`;
      if ((others ??= new Set()).has(key)) continue;
      others.add(key);
    }
    out.push(s);
  }
  return out;
}

export function plain(text: string): string {
  return collapse(text.replace(/[*_`~]/g, '').replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads a block's citations: each one's place and target, and the findings about them (unsafe, undefined, unknown, stale). */
export function blockCitations(block: ProseBlock, cites: readonly RawCite[], ctx: CiteContext, out: CitationsOut, sink: FindingSink): void {
  const { resolveRef, resolveFoot } = ctx;
  for (const cite of cites) {
    const range = { start: positionAt(block.segs, cite.start), end: positionAt(block.segs, cite.end) };
    // A bare URL is http(s) by construction.
    if ((cite.kind === 'inline' || cite.kind === 'autolink') && isUnsafeScheme(cite.url)) {
      sink.add('source.unsafe-url', ruleMessage('source.unsafe-url', 'link', quotedUrl(cite.url)), range, { url: cite.url });
    }
    if (cite.kind === 'reference' || cite.kind === 'shortcut') {
      const def = resolveRef(cite.label);
      if (def) {
        out.used.push({ kind: 'reference', key: normalizeLabel(cite.label) });
        if (!cite.image) out.citations.push({ kind: 'reference', range, label: cite.label, url: def.url, definition: def.range });
      } else if (cite.kind === 'reference' && !isTimestamp(cite.label) && !isTimestamp(cite.text)) {
        // "[14:00][]" in talk notes is a time, not a reference.
        sink.add('source.undefined-reference', ruleMessage('source.undefined-reference', 'reference', cite.label), range, { kind: 'reference', label: cite.label });
      }
    } else if (cite.kind === 'footnote') {
      const def = resolveFoot(cite.label);
      if (def) {
        out.used.push({ kind: 'footnote', key: cite.label });
        out.citations.push({ kind: 'footnote', range, label: cite.label, url: def.url, definition: def.range });
      } else {
        sink.add('source.undefined-reference', ruleMessage('source.undefined-reference', 'footnote', cite.label), range, { kind: 'footnote', label: cite.label });
      }
    } else if (cite.kind === 'registry') {
      const src = ctx.registry[cite.label];
      // "[@alice]" with "[@alice]: https://github.com/alice" is a link unless the registry has an @alice.
      const asLink = src ? undefined : resolveRef(`@${cite.label}`);
      if (asLink) {
        out.used.push({ kind: 'reference', key: normalizeLabel(`@${cite.label}`) });
        out.citations.push({ kind: 'reference', range, label: `@${cite.label}`, url: asLink.url, definition: asLink.range });
        continue;
      }
      if (!src) {
        sink.add('source.unknown-key', ruleMessage('source.unknown-key', 'default', cite.label), range, { key: cite.label });
        continue;
      }
      out.citations.push({ kind: 'registry', range, label: src.key, url: src.url, title: src.title });
      // The registry is input too: a `javascript:` url or archive is reported where it is cited.
      for (const u of [src.url, src.archive]) {
        if (u && isUnsafeScheme(u)) sink.add('source.unsafe-url', ruleMessage('source.unsafe-url', 'registry', src.key, quotedUrl(u)), range, { url: u });
      }
      const age = ageInDays(src.accessed, ctx.today);
      if (age !== undefined && age > (ctx.staleAfterDays ?? 365)) {
        sink.add('source.stale', ruleMessage('source.stale', 'default', src.key, age, src.accessed!), range, { key: src.key, days: age });
      }
    } else if (cite.kind === 'inline') {
      out.citations.push({ kind: cite.kind, range, url: cite.url, title: cite.title || (cite.text ? plain(cite.text) : '') || cite.url });
    } else {
      out.citations.push({ kind: cite.kind, range, url: cite.url, title: cite.url });
    }
  }
}
