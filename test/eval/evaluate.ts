// npm run eval: Claim Lens, with default settings, over real public Markdown (test/eval/corpus/),
// scored against hand labels (test/eval/labels.json). Core only: no vscode.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { defaultConfig } from '../../src/core/config';
import { LineIndex } from '../../src/core/text';
import type { Position } from '../../src/core/types';

/** test/eval/, from out/test/<dir>/ where the build puts this file (or a test bundling it). */
export const EVAL_DIR = resolve(__dirname, '../../../test/eval');
/**
 * Where the corpus is. Its files come from other repositories, so they are not committed here:
 * `CLAIM_LENS_EVAL_CORPUS`, or test/eval/corpus/ (git-ignored), or eval-corpus/ in the shared
 * folder beside the clone, whichever exists first.
 */
export const CORPUS_DIR = [process.env.CLAIM_LENS_EVAL_CORPUS, join(EVAL_DIR, 'corpus'), resolve(EVAL_DIR, '../../../shared/eval-corpus')]
  .find((d): d is string => !!d && existsSync(d)) ?? join(EVAL_DIR, 'corpus');
/** Why the corpus can't be read here, or undefined when it can. */
export const CORPUS_MISSING = existsSync(CORPUS_DIR) ? undefined : `no evaluation corpus at ${CORPUS_DIR} (set CLAIM_LENS_EVAL_CORPUS; see test/eval/README.md)`;
export const LABELS_FILE = join(EVAL_DIR, 'labels.json');

export const KINDS = ['talk', 'podcast', 'minutes', 'til', 'paper', 'wiki', 'rfc', 'docs'] as const;
export const STATUSES = ['opinion', 'paraphrase', 'unverified', 'prediction', 'context'] as const;
export type Kind = (typeof KINDS)[number];

export interface ClaimLabel {
  status: string;
  /** The claim the writer's marker qualifies, as an exact substring of the file. */
  claim: string;
  /** The writer's marker, exact; the occurrence nearest the claim is meant unless markerNth says. */
  marker: string;
  nth?: number;
  markerNth?: number;
}
export interface DecoyLabel {
  /** An ordinary use of a vocabulary word: flagging anything that overlaps it is wrong. */
  decoy: string;
  nth?: number;
}
export type Label = ClaimLabel | DecoyLabel;
export interface FileLabels {
  kind: Kind;
  labels: Label[];
}
export interface LabelsFile {
  files: Record<string, FileLabels>;
}

export interface Score {
  /** Claim labels, and those some flagged claim of the same status overlaps. */
  labels: number;
  found: number;
  /** Flagged claims, and those that overlap a claim label of their status. */
  flagged: number;
  correct: number;
  decoys: number;
  decoysFlagged: number;
  precision: number;
  recall: number;
}

export interface Span {
  start: number;
  end: number;
}
export interface FileResult {
  file: string;
  kind: Kind;
  score: Score;
  /** Labels no flagged claim found. */
  missed: Array<{ status: string; claim: string; line: number }>;
  /** Flagged claims that match no label; `decoy` when they overlap one. */
  wrong: Array<{ status: string; text: string; line: number; decoy?: string }>;
}
export interface EvalResult {
  files: FileResult[];
  byKind: Record<string, Score>;
  byStatus: Record<string, Score>;
  total: Score;
}

/** Where `sub` stands in `text`: its nth occurrence, or its only one. Throws when that is not so. */
export function locate(text: string, sub: string, nth: number | undefined, where: string): Span {
  if (!sub) throw new Error(`${where}: empty substring`);
  const at: number[] = [];
  for (let i = text.indexOf(sub); i >= 0; i = text.indexOf(sub, i + 1)) at.push(i);
  if (at.length === 0) throw new Error(`${where}: substring not found: ${JSON.stringify(sub)}`);
  if (nth === undefined && at.length > 1) throw new Error(`${where}: substring occurs ${at.length} times, give "nth": ${JSON.stringify(sub)}`);
  const i = at[nth ?? 0];
  if (i === undefined) throw new Error(`${where}: substring occurs ${at.length} times, nth ${nth} is out of range: ${JSON.stringify(sub)}`);
  return { start: i, end: i + sub.length };
}

/** The occurrence of the marker nearest the claim (before, inside or after it). */
function locateMarker(text: string, l: ClaimLabel, claim: Span, where: string): Span {
  if (l.markerNth !== undefined) return locate(text, l.marker, l.markerNth, where);
  let best: Span | undefined;
  let bestGap = Infinity;
  for (let i = text.indexOf(l.marker); i >= 0; i = text.indexOf(l.marker, i + 1)) {
    const end = i + l.marker.length;
    const gap = end <= claim.start ? claim.start - end : i >= claim.end ? i - claim.end : 0;
    if (gap < bestGap) {
      best = { start: i, end };
      bestGap = gap;
    }
  }
  if (!best) throw new Error(`${where}: marker not found: ${JSON.stringify(l.marker)}`);
  // A marker far from its claim is a labelling mistake, not a convention.
  if (bestGap > 600) throw new Error(`${where}: marker ${JSON.stringify(l.marker)} is ${bestGap} characters from its claim`);
  return best;
}

export interface ResolvedFile {
  file: string;
  kind: Kind;
  text: string;
  claims: Array<ClaimLabel & { span: Span; markerSpan: Span }>;
  decoys: Array<DecoyLabel & { span: Span }>;
}

function corpusFiles(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, base)).sort()) {
    const rel = base ? `${base}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...corpusFiles(dir, rel));
    else if (name.endsWith('.md')) out.push(rel);
  }
  return out;
}

/**
 * Reads the corpus and its labels, and resolves every label to a place in its file.
 * Throws on any label that does not resolve, and on any file without labels or labels without a file.
 */
export function loadCorpus(corpusDir = CORPUS_DIR, labelsFile = LABELS_FILE): ResolvedFile[] {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as LabelsFile;
  const files = corpusFiles(corpusDir);
  const problems: string[] = [];
  for (const f of files) if (!labels.files[f]) problems.push(`${f}: no entry in labels.json`);
  for (const f of Object.keys(labels.files)) if (!files.includes(f)) problems.push(`labels.json: ${f} is not in the corpus`);
  const out: ResolvedFile[] = [];
  for (const f of files) {
    const entry = labels.files[f];
    if (!entry) continue;
    if (!(KINDS as readonly string[]).includes(entry.kind)) problems.push(`${f}: unknown kind ${JSON.stringify(entry.kind)}`);
    const text = readFileSync(join(corpusDir, f), 'utf8');
    const r: ResolvedFile = { file: f, kind: entry.kind, text, claims: [], decoys: [] };
    entry.labels.forEach((l, i) => {
      const where = `${f} label ${i}`;
      try {
        if ('decoy' in l) {
          r.decoys.push({ ...l, span: locate(text, l.decoy, l.nth, where) });
        } else {
          if (!(STATUSES as readonly string[]).includes(l.status)) throw new Error(`${where}: unknown status ${JSON.stringify(l.status)}`);
          if (!l.marker) throw new Error(`${where}: a claim label needs its marker`);
          const span = locate(text, l.claim, l.nth, where);
          r.claims.push({ ...l, span, markerSpan: locateMarker(text, l, span, where) });
        }
      } catch (e) {
        problems.push((e as Error).message);
      }
    });
    out.push(r);
  }
  if (problems.length) throw new Error(`test/eval: ${problems.length} label problem(s):\n  ${problems.join('\n  ')}`);
  return out;
}

function emptyScore(): Score {
  return { labels: 0, found: 0, flagged: 0, correct: 0, decoys: 0, decoysFlagged: 0, precision: 1, recall: 1 };
}
function finish(s: Score): Score {
  s.precision = s.flagged ? s.correct / s.flagged : 1;
  s.recall = s.labels ? s.found / s.labels : 1;
  return s;
}
function add(into: Score, s: Score): void {
  into.labels += s.labels;
  into.found += s.found;
  into.flagged += s.flagged;
  into.correct += s.correct;
  into.decoys += s.decoys;
  into.decoysFlagged += s.decoysFlagged;
}
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Runs the analysis with default settings on every corpus file and scores it against the labels. */
export function evaluate(corpus: ResolvedFile[] = loadCorpus()): EvalResult {
  const config = defaultConfig();
  const files: FileResult[] = [];
  const byKind: Record<string, Score> = {};
  const byStatus: Record<string, Score> = {};
  const total = emptyScore();
  const statusScore = (s: string) => (byStatus[s] ??= emptyScore());
  for (const c of corpus) {
    const lines = new LineIndex(c.text);
    const off = (p: Position) => lines.starts[p.line] + p.character;
    const flagged = analyzeText(c.text, { config })
      .claims.filter((cl) => !cl.suppressed)
      .map((cl) => ({ status: cl.status, text: cl.text, line: cl.range.start.line + 1, span: { start: off(cl.range.start), end: off(cl.range.end) } }));
    const score = emptyScore();
    const result: FileResult = { file: c.file, kind: c.kind, score, missed: [], wrong: [] };
    score.labels = c.claims.length;
    score.decoys = c.decoys.length;
    score.flagged = flagged.length;
    for (const l of c.claims) {
      const hit = flagged.some((f) => f.status === l.status && overlaps(f.span, l.span));
      statusScore(l.status).labels++;
      if (hit) {
        score.found++;
        statusScore(l.status).found++;
      } else {
        result.missed.push({ status: l.status, claim: l.claim, line: lineOf(c.text, l.span.start) });
      }
    }
    for (const f of flagged) {
      const s = statusScore(f.status);
      s.flagged++;
      const decoy = c.decoys.find((d) => overlaps(f.span, d.span));
      if (decoy) {
        score.decoysFlagged++;
        s.decoysFlagged++;
      }
      if (c.claims.some((l) => l.status === f.status && overlaps(f.span, l.span))) {
        score.correct++;
        s.correct++;
      } else {
        result.wrong.push({ status: f.status, text: f.text, line: f.line, ...(decoy ? { decoy: decoy.decoy } : {}) });
      }
    }
    files.push(result);
    add((byKind[c.kind] ??= emptyScore()), score);
    add(total, score);
    finish(score);
  }
  // Decoys belong to no status; per-status decoy counts are only those flagged.
  for (const s of Object.values(byKind)) finish(s);
  for (const s of Object.values(byStatus)) finish(s);
  finish(total);
  return { files, byKind, byStatus, total };
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The result as a plain-text table, as `npm run eval` prints it. */
export function formatTable(r: EvalResult, verbose = false): string {
  const rows: string[][] = [['', 'files', 'labels', 'found', 'flagged', 'correct', 'precision', 'recall', 'decoys', 'decoys flagged']];
  const row = (name: string, s: Score, files: number | string) =>
    rows.push([name, String(files), String(s.labels), String(s.found), String(s.flagged), String(s.correct), pct(s.precision), pct(s.recall), String(s.decoys), String(s.decoysFlagged)]);
  for (const k of KINDS) if (r.byKind[k]) row(`kind ${k}`, r.byKind[k], r.files.filter((f) => f.kind === k).length);
  for (const s of Object.keys(r.byStatus).sort()) row(`status ${s}`, r.byStatus[s], '');
  row('total', r.total, r.files.length);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const lines = rows.map((x) => x.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (verbose) {
    for (const f of r.files) {
      if (!f.missed.length && !f.wrong.length) continue;
      lines.push('', f.file);
      for (const m of f.missed) lines.push(`  missed ${m.status} (line ${m.line}): ${m.claim}`);
      for (const w of f.wrong) lines.push(`  wrong  ${w.status} (line ${w.line})${w.decoy ? ` DECOY ${JSON.stringify(w.decoy)}` : ''}: ${w.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  return lines.join('\n');
}

// Run as `npm run eval` (not when a test bundles this file).
if (require.main === module && /evaluate\.js$/.test(__filename)) {
  if (CORPUS_MISSING) {
    console.error(`claim-lens eval: ${CORPUS_MISSING}`);
    process.exit(2);
  }
  const result = evaluate();
  console.log(formatTable(result, process.argv.includes('--verbose') || process.argv.includes('-v')));
  console.log(`\nprecision ${pct(result.total.precision)}, recall ${pct(result.total.recall)}, decoys flagged ${result.total.decoysFlagged} of ${result.total.decoys} (floors: 95%, 90%, 0)`);
}
