// Enrichment of a claim's sentence once its sources are known: times that point into a cited
// recording, and quotations checked against a source's saved copy.
import { positionAt, type ProseBlock } from './blocks';
import type { RawCite } from './inline';
import { ruleMessage, type FindingSink } from './findings';
import { checkQuote, findQuotations, type QuoteBudget } from './quotes';
import { findTimes, isRecording, timestampUrl } from './timestamps';
import type { ClaimQuote, ClaimTimestamp, Source } from './types';

/** What checking quotations needs from the analysis. */
export interface QuoteContext {
  /** Reads a registry source's snapshot; quotations are left unchecked without it. */
  snapshot?: (path: string) => string | undefined;
  /** Work left for checking this note's quotations. */
  quoteBudget: QuoteBudget;
}

/** Results of sentenceTimes() and sentenceQuotes() with nothing in them (never stored). */
const NO_TIMES: ClaimTimestamp[] = [];
const NO_QUOTES: ClaimQuote[] = [];
/** Times in a sentence that cites a recording, as links to those moments. */
export function sentenceTimes(block: ProseBlock, cites: readonly RawCite[], s: number, e: number, sources: readonly Source[]): ClaimTimestamp[] {
  if (sources.length === 0) return NO_TIMES;
  const recording = sources.find((x) => x.url && isRecording(x));
  if (!recording) return NO_TIMES;
  const text = block.content.slice(s, e);
  const out: ClaimTimestamp[] = [];
  const seen = new Set<number>();
  for (const t of findTimes(text)) {
    const at = s + t.start;
    // The same moment written twice ("at 12:34 … [@talk, 12:34]") is one link.
    if (seen.has(t.seconds)) continue;
    seen.add(t.seconds);
    // A time inside a link's URL is part of the URL, not a moment.
    if (cites.some((c) => c.kind !== 'registry' && at >= c.start && at < c.end)) continue;
    out.push({ text: text.slice(t.start, t.end), seconds: t.seconds, url: timestampUrl(recording.url!, t.seconds), range: { start: positionAt(block.segs, at), end: positionAt(block.segs, s + t.end) } });
  }
  return out;
}

/** Checks a sentence's quotations against the snapshot of the first source that has one. */
export function sentenceQuotes(block: ProseBlock, s: number, e: number, sources: readonly Source[], ctx: QuoteContext, sink: FindingSink): ClaimQuote[] {
  if (sources.length === 0 || !ctx.snapshot) return NO_QUOTES;
  const withCopy = sources.find((x) => x.snapshot);
  if (!withCopy) return NO_QUOTES;
  const quotes = findQuotations(block.content.slice(s, e));
  if (!quotes.length) return [];
  const copy = ctx.snapshot(withCopy.snapshot!);
  if (copy === undefined) return [];
  const out: ClaimQuote[] = [];
  for (const q of quotes) {
    const r = checkQuote(q, copy, ctx.quoteBudget);
    // The note's budget for quotations is spent: the rest are left unchecked.
    if (!r) break;
    const range = { start: positionAt(block.segs, s + q.start), end: positionAt(block.segs, s + q.end) };
    out.push({ text: r.text, range, found: r.found, passage: r.passage, context: r.context, similarity: r.similarity, snapshot: withCopy.snapshot!, line: r.line });
    if (!r.found) {
      sink.add('quote.not-in-source', r.passage
        ? ruleMessage('quote.not-in-source', 'closest', withCopy.title, withCopy.snapshot!, Math.round(r.similarity * 100), r.passage)
        : ruleMessage('quote.not-in-source', 'default', withCopy.title, withCopy.snapshot!), range, { snapshot: withCopy.snapshot!, ...(r.passage ? { passage: r.passage } : {}) });
    }
  }
  return out;
}
