import { MAX_READ_BYTES } from '../core/containment';
import { analyzeText } from '../core/analyze';
import { isoDay } from '../core/dates';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import { escapeName, visible } from '../core/format/text';
import { outputFormat, type Format } from '../core/format/index';
import { fileReport, summarizeFile, type FileReport, type ReportSummary } from '../core/report';
import type { Citation, SeveritySetting } from '../core/types';
import { ruleFinding, ruleMessage, ruleSeverity } from '../core/findings';
import { readConfigText } from './configLookup';
import { readNote } from './files';
import { resolveSnapshot, type ReadPolicy } from './readPolicy';

/** One note to check: where it is, how to show it, and which config file applies. */
export interface Task {
  file: string;
  path: string;
  /** The config that applies, when it could be read (a config that was refused gives the defaults). */
  config?: string;
}

/**
 * A checked note: its share of the summary and, for text, JSON and Markdown, its piece of
 * the output already formatted, so a thread hands back one string instead of a large object
 * graph. SARIF numbers its rules across files, so it gets the report itself.
 */
export type TaskResult = {
  path: string; summary: ReportSummary; fragment?: string | Uint8Array; report?: FileReport; citations?: Citation[]; text?: string; notice?: string;
  /** The note's configured severity of `source.unreachable`, for findings a link check adds later. */
  unreachable?: SeveritySetting;
} | { error: string };


/** Parses each config file once per thread; problems are reported by the main thread. */
export class ConfigCache {
  private readonly byPath = new Map<string, ClaimLensConfig>();
  private fallback: ClaimLensConfig | undefined;
  /** Read once per run and thread, not once per note. */
  readonly today = today();

  get(path: string | undefined): ClaimLensConfig {
    if (!path) return (this.fallback ??= defaultConfig());
    let c = this.byPath.get(path);
    if (!c) {
      const r = readConfigText(path);
      c = 'text' in r ? parseConfig(r.text).config : defaultConfig();
      this.byPath.set(path, c);
    }
    return c;
  }
}

const utf8 = new TextEncoder();

export function finishFile(report: FileReport, format: Format, text?: string): TaskResult {
  const { fragment, utf8Fragment, parts } = outputFormat(format);
  if (!fragment) return { path: report.path, summary: summarizeFile(report), report };
  // A format written in pieces gets its fragment as UTF-8 at once, on whichever thread made it:
  // the text (twice the bytes, for notes that are not all ASCII) is dropped while still young,
  // not carried to the end of the run, and the encoding is not left for the main thread.
  const made = parts ? (utf8Fragment ? utf8Fragment(report) : utf8.encode(fragment(report, text))) : fragment(report, text);
  return { path: report.path, summary: summarizeFile(report), fragment: made };
}

const snapshots = new Map<string, string | undefined>();

/**
 * A registry source's saved copy, read once per thread: only where the read policy allows
 * (src/core/containment.ts), a regular file of at most 10 MB. Refusals are reported once, by
 * the config lookup on the main thread.
 */
function readSnapshot(configPath: string, written: string, policy: ReadPolicy): string | undefined {
  const where = resolveSnapshot(configPath, written, policy);
  if ('refused' in where) return undefined;
  if (!snapshots.has(where.path)) {
    const r = readNote(where.path, MAX_READ_BYTES);
    snapshots.set(where.path, 'text' in r ? r.text : undefined);
  }
  return snapshots.get(where.path);
}

/** Today as YYYY-MM-DD (UTC), or CLAIM_LENS_TODAY, which makes runs reproducible. */
export function today(): string {
  return process.env.CLAIM_LENS_TODAY ?? isoDay(new Date());
}

/** Reads and analyses one note. Never throws: a failure is that note's error alone. */
export function runTask(task: Task, configs: ConfigCache, format: Format, keep: boolean, policy: ReadPolicy): TaskResult {
  const read = readNote(task.file);
  const configPath = task.config;
  const config = configs.get(configPath);
  if ('error' in read) {
    // A finding that follows --fail-on, and still a line on stderr that names the file.
    const at = { line: 0, character: 0 };
    const unreadable = ruleFinding('file.unreadable', config.rules, ruleMessage('file.unreadable', 'default', read.error), { start: at, end: at });
    const report: FileReport = { path: task.path, claims: [], diagnostics: unreadable ? [unreadable] : [] };
    return { ...finishFile(report, format), notice: `'${escapeName(task.path)}' ${read.error}; skipped` };
  }
  try {
    const options = { config, today: configs.today, snapshot: (p: string) => (configPath ? readSnapshot(configPath, p, policy) : undefined) };
    const analysis = analyzeText(read.text, options);
    const report = fileReport(task.path, analysis);
    // A link check adds findings later: keep the objects, format at the end.
    return keep ? { path: task.path, summary: summarizeFile(report), report, citations: analysis.citations, text: read.text, unreachable: ruleSeverity('source.unreachable', config.rules) } : finishFile(report, format, read.text);
  } catch (e) {
    // A bug of ours must not hide the other files' results.
    return { error: `'${escapeName(task.path)}' could not be analysed: ${visible((e as Error).message)}; skipped` };
  }
}
