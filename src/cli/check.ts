import { existsSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { analyzeText } from '../core/analyze';
import { globToRegExp } from '../core/glob';
import { buildReport, fileReport, reachesLevel, type FileReport, type Report } from '../core/report';
import type { CheckOptions } from './args';
import { ConfigLookup, type LoadedConfig } from './configLookup';
import { collectFiles, readNote } from './files';

export interface CheckResult {
  report: Report;
  /** One-line messages for paths that could not be checked. */
  errors: string[];
  exitCode: 0 | 1 | 2;
}

/** Paths in output: relative to the working folder, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file) || file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Runs `claim-lens check`: collects notes, analyses each with its config, builds the report. */
export function runCheck(options: CheckOptions): CheckResult {
  const errors: string[] = [];
  if (options.config !== undefined) {
    if (!existsSync(options.config) || !statSync(options.config).isFile()) {
      return { report: buildReport([]), errors: [`cannot find config file '${options.config}'`], exitCode: 2 };
    }
  }
  const lookup = new ConfigLookup(options.config);
  const ignores = new WeakMap<LoadedConfig, RegExp[]>();
  const ignored = (file: string) => {
    const cfg = lookup.forFile(file);
    if (!cfg.path || cfg.config.ignore.length === 0) return false;
    let globs = ignores.get(cfg);
    if (!globs) ignores.set(cfg, (globs = cfg.config.ignore.map(globToRegExp)));
    const rel = relative(dirname(cfg.path), file).split(sep).join('/');
    return !rel.startsWith('../') && globs.some((g) => g.test(rel));
  };

  const files: FileReport[] = [];
  let notes = 0;
  for (const found of collectFiles(options.paths, ignored)) {
    if ('error' in found) {
      errors.push(found.error);
      continue;
    }
    const path = displayPath(found.file);
    const read = readNote(found.file);
    if ('error' in read) {
      errors.push(`'${path}' ${read.error}; skipped`);
      continue;
    }
    const { config } = lookup.forFile(found.file);
    try {
      files.push(fileReport(path, analyzeText(read.text, { config })));
      notes++;
    } catch (e) {
      // A bug of ours must not hide the other files' results.
      errors.push(`'${path}' could not be analysed: ${(e as Error).message}; skipped`);
    }
  }
  for (const cfg of lookup.loaded()) {
    if (!cfg.path || cfg.problems.length === 0) continue;
    files.push({
      path: displayPath(cfg.path),
      claims: [],
      diagnostics: cfg.problems.map((p) => ({ code: 'config.invalid', severity: 'error', message: p.message, range: p.range })),
    });
  }
  const report = buildReport(files, notes);
  const exitCode = errors.length ? 2 : reachesLevel(report, options.failOn) ? 1 : 0;
  return { report, errors, exitCode };
}
