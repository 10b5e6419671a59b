import { readFileSync } from 'node:fs';
import { analyzeText } from '../core/analyze';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import { fileReport, type FileReport } from '../core/report';
import { readNote } from './files';

/** One note to check: where it is, how to show it, and which config file applies. */
export interface Task {
  file: string;
  path: string;
  config?: string;
}

export type TaskResult = { report: FileReport } | { error: string };

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

/** Reads and analyses one note. Never throws: a failure is that note's error alone. */
export function runTask(task: Task, configs: ConfigCache): TaskResult {
  const read = readNote(task.file);
  if ('error' in read) return { error: `'${task.path}' ${read.error}; skipped` };
  try {
    return { report: fileReport(task.path, analyzeText(read.text, { config: configs.get(task.config) })) };
  } catch (e) {
    // A bug of ours must not hide the other files' results.
    return { error: `'${task.path}' could not be analysed: ${(e as Error).message}; skipped` };
  }
}
