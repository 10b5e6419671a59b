import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import { MAX_READ_BYTES, refusalReason } from '../core/containment';
import type { YamlProblem } from '../core/yamlNodes';
import { CONFIG_NAMES as NAMES, decodeLenient, nearestConfig, runSync } from '../core/workspace';
import { nodeWorkspace, readRegularFile, slashed } from '../node/workspaceFs';
import { configReadable, OPT_IN_FLAG, resolveSnapshot, ROOT_WORDS, type ReadPolicy } from './readPolicy';

export const CONFIG_NAMES: readonly string[] = NAMES;

export interface LoadedConfig {
  path?: string;
  config: ClaimLensConfig;
  problems: YamlProblem[];
  /** True when the file was not read (a link out of the tree, a device, unreadable): notes get the defaults. */
  unread?: boolean;
}

/** Reads a config file's text: a regular file of at most 10 MB. */
export function readConfigText(path: string): { text: string } | { error: string } {
  const r = readRegularFile(path, MAX_READ_BYTES);
  return 'error' in r ? { error: r.error } : { text: decodeLenient(r.bytes) };
}

/** Finds and caches the nearest config upward from each folder, or uses the one given. */
export class ConfigLookup {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly fixed?: LoadedConfig;
  private readonly fs = nodeWorkspace();

  constructor(explicit: string | undefined, private readonly policy: ReadPolicy) {
    if (explicit) this.fixed = this.load(explicit, true);
  }

  /** Every config read so far, for reporting their problems. */
  loaded(): LoadedConfig[] {
    return [...this.byFile.values()];
  }

  forFile(file: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    return this.forDir(dirname(file));
  }

  private forDir(dir: string): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    // The nearest config, as src/core/workspace.ts looks for it: up to the top of the file system.
    const found = runSync(nearestConfig(`${slashed(dir)}/x.md`), this.fs);
    const loaded = found ? this.load(resolve(found), false) : { config: defaultConfig(), problems: [] };
    this.byDir.set(dir, loaded);
    return loaded;
  }

  private load(path: string, explicit: boolean): LoadedConfig {
    const cached = this.byFile.get(path);
    if (cached) return cached;
    const at = { line: 0, character: 0 };
    const unread = (message: string): LoadedConfig => ({ path, config: defaultConfig(), problems: [{ message, range: { start: at, end: at } }], unread: true });
    let loaded: LoadedConfig;
    // A config named on the command line is the user's choice; one found in the tree may come
    // from a pull request, and is not followed through a link out of the checked folders.
    if (!explicit && !configReadable(path, this.policy)) {
      loaded = unread(`is a symbolic link to a file outside ${ROOT_WORDS}, so it was not read; using the defaults`);
    } else {
      const r = readConfigText(path);
      if ('error' in r) loaded = unread(`${r.error}; using the defaults`);
      else {
        loaded = { path, ...parseConfig(r.text) };
        this.checkSnapshots(loaded);
      }
    }
    this.byFile.set(path, loaded);
    return loaded;
  }

  /** Reports each snapshot the policy will not read, at its registry entry. */
  private checkSnapshots(loaded: LoadedConfig): void {
    for (const src of Object.values(loaded.config.sources)) {
      if (!src.snapshot) continue;
      const d = resolveSnapshot(loaded.path!, src.snapshot, this.policy);
      let why: string | undefined;
      if ('refused' in d) why = d.refused === 'missing' ? undefined : refusalReason(d.refused, ROOT_WORDS, OPT_IN_FLAG);
      else {
        try {
          const st = statSync(d.path);
          if (!st.isFile()) why = refusalReason('special', ROOT_WORDS, OPT_IN_FLAG);
          else if (st.size > MAX_READ_BYTES) why = refusalReason('too-large', ROOT_WORDS, OPT_IN_FLAG);
        } catch {
          // gone since: the quotation checks simply have no copy, as before
        }
      }
      if (why) loaded.problems.push({ message: `The snapshot ${JSON.stringify(src.snapshot)} of source \`${src.key}\` ${why}; its quotations are not checked.`, range: src.range });
    }
  }
}
