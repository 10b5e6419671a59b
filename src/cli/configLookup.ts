import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfig, parseConfig, type ClaimLensConfig } from '../core/config';
import type { YamlProblem } from '../core/yamlNodes';

export const CONFIG_NAMES = ['.claimlens.yaml', '.claimlens.yml'];

export interface LoadedConfig {
  path?: string;
  config: ClaimLensConfig;
  problems: YamlProblem[];
}

/** Finds and caches the nearest config upward from each folder, or uses the one given. */
export class ConfigLookup {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly fixed?: LoadedConfig;

  constructor(explicit?: string) {
    if (explicit) this.fixed = this.load(explicit);
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
    let found: LoadedConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) {
        found = this.load(p);
        break;
      }
    }
    if (!found) {
      const parent = dirname(dir);
      found = parent === dir ? { config: defaultConfig(), problems: [] } : this.forDir(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  private load(path: string): LoadedConfig {
    const cached = this.byFile.get(path);
    if (cached) return cached;
    let loaded: LoadedConfig;
    try {
      loaded = { path, ...parseConfig(readFileSync(path, 'utf8')) };
    } catch (e) {
      const at = { line: 0, character: 0 };
      const message = `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); using the defaults`;
      loaded = { path, config: defaultConfig(), problems: [{ message, range: { start: at, end: at } }] };
    }
    this.byFile.set(path, loaded);
    return loaded;
  }
}
