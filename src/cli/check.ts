import { existsSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { configScope, type GlobScope } from '../core/noteFiles';
import { outputFormat } from '../core/format/index';
import { addSummary, buildReport, byPath, finishSummary, newSummary, reachesLevel, TOOL_NAME, TOOL_VERSION, type FileReport, type ReportSummary } from '../core/report';
import type { CheckOptions } from './args';
import { ConfigLookup, type LoadedConfig } from './configLookup';
import { collectFiles, slashed } from './files';
import { configFindings } from '../core/findings';
import { readPolicy } from './readPolicy';
import { escapeName } from '../core/format/text';
import { fileSize, runParallel, worthThreads } from './parallel';
import { defaultJobs, mayBeMany, Workers } from './workers';
import { ConfigCache, finishFile, runTask, type Task, type TaskResult } from './tasks';
import { tuneForRun } from './v8Tuning';

export interface CheckResult {
  /** The report in the requested format, in pieces to write in order (text, or UTF-8 bytes). */
  output: Array<string | Uint8Array>;
  summary: ReportSummary;
  /** One-line messages for paths that could not be checked: the run exits 2. */
  errors: string[];
  /** One-line notices for stderr that do not change the exit code (links not checked). */
  notes: string[];
  /** One-line messages for notes that could not be read: each is also a `file.unreadable` finding. */
  notices: string[];
  exitCode: 0 | 1 | 2;
}

/**
 * Checks every cited http(s) URL once, then adds `source.unreachable` findings and formats each
 * file. Returns notices for links that were not checked (internal addresses, the deadline).
 */
async function addLinkFindings(results: TaskResult[], options: CheckOptions): Promise<string[]> {
  // Loaded only here: the network modules (TLS among them) cost every other run, and every
  // worker thread, their start-up time.
  const [dns, http, https, { checkLinks, timerSleep }, { notCheckedSummary, unreachableFindings }, { nodeLinkNet }] = await Promise.all([
    import('node:dns'), import('node:http'), import('node:https'), import('../core/linkCheck'), import('../core/linkFindings'), import('../node/linkTransport'),
  ]);
  const urls = new Set<string>();
  for (const r of results) if ('citations' in r) for (const c of r.citations ?? []) if (c.url) urls.add(c.url);
  const statuses = await checkLinks([...urls], { ...nodeLinkNet({ dns, http, https }), now: Date.now, sleep: timerSleep }, {
    allowInternal: options.allowInternalLinks === true,
    deadlineMs: options.linksDeadline !== undefined ? options.linksDeadline * 1000 : undefined,
  });
  results.forEach((r, i) => {
    if (!('report' in r) || !r.report) return;
    const report = r.report;
    // The note's own config sets the severity (`rules: source.unreachable: off` silences it).
    report.diagnostics = [...report.diagnostics, ...unreachableFindings(r.citations ?? [], statuses, 'unreachable' in r ? r.unreachable : undefined)]
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    results[i] = finishFile(report, options.format, 'text' in r ? r.text : undefined);
  });
  return notCheckedSummary(statuses, {
    internal: '--allow-internal-links',
    deadline: `--links-deadline (now ${options.linksDeadline ?? 60} s)`,
  });
}

const decoder = new TextDecoder();
/** A fragment as text: worker threads send theirs as bytes only for formats that write pieces. */
const asText = (f: string | Uint8Array): string => (typeof f === 'string' ? f : decoder.decode(f));

/** Paths in output: relative to the working folder, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file) || file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Runs `claim-lens check`: collects notes, analyses each with its config (on worker threads
 * when there are many), and builds the report, in sorted order whatever the threads did.
 * `tuneV8`: the `claim-lens` process itself, whose V8 settings are its own to change.
 */
export async function runCheck(options: CheckOptions, workerScript = __filename, tuneV8 = false, early?: Workers): Promise<CheckResult> {
  const errors: string[] = [];
  let notes: string[] = [];
  if (options.config !== undefined) {
    if (!existsSync(options.config) || !statSync(options.config).isFile()) {
      const empty = buildReport([]);
      return { output: [], summary: empty.summary, errors: [`cannot find config file '${escapeName(options.config)}'`], notes: [], notices: [], exitCode: 2 };
    }
  }
  const policy = readPolicy(options.paths.length ? options.paths : ['.'], options.allowOutsideSnapshots);
  const lookup = new ConfigLookup(options.config, policy);
  // A file's config globs, relative to the config's folder (see src/core/noteFiles.ts).
  const scopes = new WeakMap<LoadedConfig, GlobScope[]>();
  const scopesFor = (file: string) => {
    const cfg = lookup.forFile(file);
    let s = scopes.get(cfg);
    if (!s) scopes.set(cfg, (s = cfg.path ? [configScope(slashed(dirname(cfg.path)), cfg.config)] : []));
    return s;
  };

  const jobs = options.jobs ?? defaultJobs();
  // Threads start before the notes are listed, so their start-up overlaps the listing; only
  // where there may be enough notes for them (a folder, or many paths).
  // Threads the launcher started early serve when they are the ones this run would start.
  const wanted = jobs > 1 && !options.checkLinks && mayBeMany(options.paths);
  const pool = wanted && early?.threads.length === jobs - 1 ? early : wanted ? new Workers(jobs - 1, workerScript) : undefined;
  if (early && early !== pool) early.stop();
  const tasks: Task[] = [];
  let results: TaskResult[];
  try {
    for (const found of collectFiles(options.paths, scopesFor)) {
      if ('error' in found) errors.push(found.error);
      else {
        const cfg = lookup.forFile(found.file);
        tasks.push({ file: found.file, path: displayPath(found.file), config: cfg.unread ? undefined : cfg.path });
      }
    }
    const sizes = new Map<Task, number>();
    const size = (t: Task) => {
      let n = sizes.get(t);
      if (n === undefined) sizes.set(t, (n = fileSize(t)));
      return n;
    };
    const threads = pool !== undefined && worthThreads(tasks, size, options.jobs !== undefined);
    if (tuneV8) tuneForRun(tasks.reduce((n, t) => n + size(t), 0), threads);
    if (pool && threads) results = await runParallel(tasks, pool, options.format, policy, size);
    else {
      pool?.stop();
      const configs = new ConfigCache();
      results = tasks.map((t) => runTask(t, configs, options.format, !!options.checkLinks, policy));
      if (options.checkLinks) notes = await addLinkFindings(results, options);
    }
  } finally {
    pool?.stop();
  }
  for (const cfg of lookup.loaded()) {
    if (!cfg.path || cfg.problems.length === 0) continue;
    const report: FileReport = {
      path: displayPath(cfg.path),
      claims: [],
      diagnostics: configFindings(cfg.problems),
    };
    const done = finishFile(report, options.format);
    if ('summary' in done) done.summary.files = 0; // a config file is not a note
    results.push(done);
  }
  const files: Array<Exclude<TaskResult, { error: string }>> = [];
  const notices: string[] = [];
  for (const r of results) {
    if ('error' in r) errors.push(r.error);
    else {
      if (r.notice) notices.push(r.notice);
      files.push(r);
    }
  }
  files.sort(byPath);
  const summary = finishSummary(files.reduce((s, f) => addSummary(s, f.summary), newSummary()));
  const head = { tool: { name: TOOL_NAME, version: TOOL_VERSION }, summary };
  const fragments = files.map((f) => f.fragment ?? '');
  const format = outputFormat(options.format);
  // Formats made per file were made where each file was read; the rest from the whole report.
  // Pieces where the format has them: a document of many megabytes is written, never joined.
  const output = format.parts && format.fragment ? format.parts(fragments, head)
    : [format.assemble && format.fragment ? format.assemble(fragments.map(asText), head) : format.whole({ ...head, files: files.map((f) => f.report!) }, () => undefined)];
  const exitCode = errors.length ? 2 : reachesLevel(summary, options.failOn) ? 1 : 0;
  return { output, summary, errors, notes, notices, exitCode };
}
