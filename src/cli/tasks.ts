import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { analyzeText } from '../core/analyze';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import { jsonFragment } from '../core/format/json';
import { annotationsFragment } from '../core/format/annotations';
import { claimReviewFragment } from '../core/format/claimreview';
import { markdownFragment } from '../core/format/markdown';
import { textFragment } from '../core/format/text';
import type { Format } from '../core/format/index';
import { fileReport, summarizeFile, type FileReport, type ReportSummary } from '../core/report';
import type { Citation } from '../core/types';
import { readNote } from './files';

/** One note to check: where it is, how to show it, and which config file applies. */
export interface Task {
  file: string;
  path: string;
  config?: string;
}

/**
 * A checked note: its share of the summary and, for text, JSON and Markdown, its piece of
 * the output already formatted, so a thread hands back one string instead of a large object
 * graph. SARIF numbers its rules across files, so it gets the report itself.
 */
export type TaskResult = { path: string; summary: ReportSummary; fragment?: string; report?: FileReport; citations?: Citation[]; text?: string } | { error: string };

const FRAGMENT: Partial<Record<Format, (f: FileReport, text?: string) => string>> = {
  json: jsonFragment,
  text: textFragment,
  markdown: markdownFragment,
  claimreview: (f) => claimReviewFragment(f),
  annotations: (f, text) => annotationsFragment(f, text),
};

/** Parses each config file once per thread; problems are reported by the main thread. */
export class ConfigCache {
  private readonly byPath = new Map<string, ClaimLensConfig>();
  private fallback: ClaimLensConfig | undefined;

  get(path: string | undefined): ClaimLensConfig {
    if (!path) return (this.fallback ??= defaultConfig());
    let c = this.byPath.get(path);
    if (!c) {
      try {
        c = parseConfig(readFileSync(path, 'utf8')).config;
      } catch {
        c = defaultConfig();
      }
      this.byPath.set(path, c);
    }
    return c;
  }
}

export function finishFile(report: FileReport, format: Format, text?: string): TaskResult {
  const fragment = FRAGMENT[format];
  return fragment ? { path: report.path, summary: summarizeFile(report), fragment: fragment(report, text) } : { path: report.path, summary: summarizeFile(report), report };
}

const snapshots = new Map<string, string | undefined>();

/** A registry source's saved copy, read once per thread. */
function readSnapshot(path: string): string | undefined {
  if (!snapshots.has(path)) {
    const r = readNote(path);
    snapshots.set(path, 'text' in r ? r.text : undefined);
  }
  return snapshots.get(path);
}

/** Today as YYYY-MM-DD (UTC), or CLAIM_LENS_TODAY, which makes runs reproducible. */
export function today(): string {
  return process.env.CLAIM_LENS_TODAY ?? new Date().toISOString().slice(0, 10);
}

/** Reads and analyses one note. Never throws: a failure is that note's error alone. */
export function runTask(task: Task, configs: ConfigCache, format: Format, keep = false): TaskResult {
  const read = readNote(task.file);
  if ('error' in read) return { error: `'${task.path}' ${read.error}; skipped` };
  try {
    const base = task.config ? dirname(task.config) : dirname(task.file);
    const options = { config: configs.get(task.config), today: today(), snapshot: (p: string) => readSnapshot(isAbsolute(p) ? p : join(base, p)) };
    const analysis = analyzeText(read.text, options);
    const report = fileReport(task.path, analysis);
    // A link check adds findings later: keep the objects, format at the end.
    return keep ? { path: task.path, summary: summarizeFile(report), report, citations: analysis.citations, text: read.text } : finishFile(report, format, read.text);
  } catch (e) {
    // A bug of ours must not hide the other files' results.
    return { error: `'${task.path}' could not be analysed: ${(e as Error).message}; skipped` };
  }
}
