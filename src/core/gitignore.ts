import { compileGlob, type Glob } from './glob';

/*
 * .gitignore rules, written here rather than taken from the `ignore` package: `ignore` compiles
 * each line to a regular expression that backtracks (`a/**` nine times over against a path 40
 * folders deep ran for minutes), and .gitignore files come from whatever repository is opened.
 * These run on the linear matcher in glob.ts; test/unit/glob.test.ts holds them to `ignore`'s
 * answers on a table of cases.
 */

export interface IgnoreRule {
  glob: Glob;
  negate: boolean;
  /** The line ended in `/`: it matches folders only. */
  folderOnly: boolean;
}

/** Reads .gitignore text into rules; the last rule that matches a path decides. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n|\r/)) {
    // Trailing spaces are dropped unless a backslash keeps them.
    let line = raw.replace(/(?<!\\)[ \t]+$/, '');
    if (line.endsWith('\\ ')) line = line.slice(0, -2) + ' ';
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const folderOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    if (!line) continue;
    // A slash at the start or in the middle ties the pattern to the .gitignore's folder.
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    // `\!` and `\#` at the start are escapes the matcher reads as the characters themselves.
    rules.push({ glob: compileGlob(anchored ? line : `**/${line}`, { globstarContentsOnly: true }), negate, folderOnly });
  }
  return rules;
}

/**
 * What the rules of one .gitignore say about one path relative to its folder, that path alone
 * (its folders are asked about separately): true ignored, false re-included, undefined silent.
 */
export function ruleVerdict(rules: readonly IgnoreRule[], path: string, isFolder: boolean): boolean | undefined {
  let verdict: boolean | undefined;
  for (const r of rules) if ((isFolder || !r.folderOnly) && r.glob.matches(path)) verdict = !r.negate;
  return verdict;
}

/** Whether a `/`-separated file path, relative to the .gitignore's folder, is ignored. */
export function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  return new GitignoreSet([{ base: '', rules }]).ignores(path);
}

/**
 * The .gitignore files of a tree. `base` is each file's folder, `/`-separated without a trailing
 * slash, in the same terms as the paths asked about ('' for the top). As in git, a file inside an
 * ignored folder stays ignored whatever a later `!` line says, and a deeper .gitignore overrides
 * a shallower one.
 */
export class GitignoreSet {
  private readonly files: Array<{ base: string; rules: readonly IgnoreRule[] }> = [];
  private readonly folders = new Map<string, boolean>();

  constructor(files: Array<{ base: string; rules: readonly IgnoreRule[] }> = []) {
    for (const f of files) this.add(f.base, f.rules);
  }

  add(base: string, rules: readonly IgnoreRule[]): void {
    this.files.push({ base: base.replace(/\/+$/, ''), rules });
    // Shallow first, so that deeper files' verdicts come last and win.
    this.files.sort((a, b) => depth(a.base) - depth(b.base));
    this.folders.clear();
  }

  get size(): number {
    return this.files.length;
  }

  /** Whether a file (or, with `isFolder`, a folder) is ignored. */
  ignores(path: string, isFolder = false): boolean {
    let slash = path.indexOf('/', 1);
    while (slash > 0) {
      if (this.folderIgnored(path.slice(0, slash))) return true;
      slash = path.indexOf('/', slash + 1);
    }
    return this.own(path, isFolder);
  }

  private folderIgnored(folder: string): boolean {
    let v = this.folders.get(folder);
    if (v === undefined) {
      const parent = folder.lastIndexOf('/');
      v = (parent > 0 && this.folderIgnored(folder.slice(0, parent))) || this.own(folder, true);
      if (this.folders.size > 10_000) this.folders.clear();
      this.folders.set(folder, v);
    }
    return v;
  }

  private own(path: string, isFolder: boolean): boolean {
    let ignored = false;
    for (const { base, rules } of this.files) {
      const rel = base === '' ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
      if (rel === undefined || rel === '') continue;
      const v = ruleVerdict(rules, rel, isFolder);
      if (v !== undefined) ignored = v;
    }
    return ignored;
  }
}

function depth(base: string): number {
  return base === '' ? 0 : base.split('/').length;
}
