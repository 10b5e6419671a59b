import { globToRegExp } from './glob';

export interface IgnoreRule {
  re: RegExp;
  negate: boolean;
}

/** Reads .gitignore text into rules; the last rule that matches a path decides. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n|\r/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    line = line.replace(/^\\([#!])/, '$1').replace(/\/$/, '');
    if (line) rules.push({ re: globToRegExp(line), negate });
  }
  return rules;
}

/** Whether a `/`-separated path, relative to the .gitignore's folder, is ignored. */
export function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  let ignored = false;
  for (const r of rules) if (r.re.test(path)) ignored = !r.negate;
  return ignored;
}
