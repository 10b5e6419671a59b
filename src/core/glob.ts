/**
 * Glob matching for `/`-separated paths: `*`, `**`, `?`, `[...]` classes, `{a,b}` (nested, with
 * wildcards inside) and `\` escapes. A pattern compiles to a small automaton that is run over the
 * path once, keeping the set of states it can be in, so matching takes time linear in the path
 * times the pattern, whatever the pattern. (A regular expression with several `*`s backtracks:
 * `*a*a*a*a*a*a*a*a*a*a*a*b` against a 40-character name ran for minutes.)
 *
 * `compileGlob` matches whole paths as picomatch does with `dot: true` (the tests compare the two);
 * `pathGlob` adds the rules of `ignore`, `include` and `exclude` in the config.
 */

const SLASH = 47;

/** One state: consumes a character that passes `test`, or (no test) moves on to `out` for free. */
interface State {
  test?: (c: number) => boolean;
  out: number[];
}

const anyButSlash = (c: number) => c !== SLASH;
const anyChar = () => true;

/** A compiled pattern. */
export class Glob {
  private readonly stamp: Uint32Array;
  private gen = 0;

  constructor(private readonly states: State[], private readonly start: number, private readonly accept: number) {
    this.stamp = new Uint32Array(states.length);
  }

  /** Whether the whole path matches. */
  matches(path: string): boolean {
    return this.run(path, false);
  }

  /** Whether the path, or a folder it is in (a prefix that ends before a `/`), matches. */
  matchesPathOrFolder(path: string, folderOnly = false): boolean {
    return this.run(path, true, folderOnly);
  }

  private run(path: string, folders: boolean, folderOnly = false): boolean {
    let current: number[] = [];
    let accepted = this.close([this.start], current);
    for (let i = 0; i < path.length; i++) {
      const c = path.charCodeAt(i);
      // A folder that matches takes its contents with it.
      if (folders && accepted && c === SLASH && i > 0) return true;
      const next: number[] = [];
      for (const s of current) {
        const st = this.states[s];
        if (st.test!(c)) next.push(...st.out);
      }
      if (next.length === 0) return false;
      current = [];
      accepted = this.close(next, current);
    }
    return accepted && !folderOnly;
  }

  /** Follows the free moves from `from`; puts the consuming states in `into`; says whether the end was reached. */
  private close(from: number[], into: number[]): boolean {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    let accepted = false;
    const stack = from.slice();
    while (stack.length) {
      const s = stack.pop()!;
      if (this.stamp[s] === this.gen) continue;
      this.stamp[s] = this.gen;
      if (s === this.accept) accepted = true;
      else if (this.states[s].test) into.push(s);
      else for (let k = this.states[s].out.length - 1; k >= 0; k--) stack.push(this.states[s].out[k]);
    }
    return accepted;
  }
}

type Node =
  | { t: 'char'; test: (c: number) => boolean }
  | { t: 'star' }
  /** `**` followed by `/`: any number of whole folders, none included. */
  | { t: 'dirs' }
  /** `/**` at the end: the path or anything inside it (`contents`: only something inside). */
  | { t: 'tail'; contents: boolean }
  /** `**` as the whole pattern. */
  | { t: 'all' }
  | { t: 'alt'; alts: Node[][] };

export interface GlobOptions {
  /** `a/**` matches only what is inside `a`, not `a` itself, as in .gitignore. Default false (picomatch). */
  globstarContentsOnly?: boolean;
}

/**
 * Globs longer than this match nothing. No path is this long (PATH_MAX is 4,096 on Linux), and a
 * 5 MB glob in a config would otherwise build millions of states.
 */
export const MAX_GLOB_CHARS = 4096;

/** Compiles a pattern that must match the whole path. */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  if (pattern.length > MAX_GLOB_CHARS) return new Glob([{ test: () => false, out: [] }, { out: [] }], 0, 1);
  const nodes = parseSeq(pattern, 0, pattern.length, options);
  const states: State[] = [];
  const accept = states.push({ out: [] }) - 1;
  const start = build(nodes, accept, states);
  return new Glob(states, start, accept);
}

/** Builds states for `nodes` that continue to `next`; returns the first. */
function build(nodes: Node[], next: number, states: State[]): number {
  let at = next;
  for (let i = nodes.length - 1; i >= 0; i--) at = buildOne(nodes[i], at, states);
  return at;
}

function buildOne(n: Node, next: number, states: State[]): number {
  const add = (s: State) => states.push(s) - 1;
  switch (n.t) {
    case 'char':
      return add({ test: n.test, out: [next] });
    case 'star':
    case 'all': {
      const loop = add({ out: [] });
      const eat = add({ test: n.t === 'star' ? anyButSlash : anyChar, out: [loop] });
      states[loop].out.push(eat, next);
      return loop;
    }
    case 'dirs': {
      // (anything, then `/`)?, then the rest
      const loop = add({ out: [] });
      const eat = add({ test: anyChar, out: [loop] });
      const slash = add({ test: (c) => c === SLASH, out: [next] });
      states[loop].out.push(eat, slash);
      return add({ out: [next, loop] });
    }
    case 'tail': {
      // `/`, then anything (at least one character when only contents match); or nothing at all
      const loop = add({ out: [] });
      const eat = add({ test: anyChar, out: [loop] });
      states[loop].out.push(eat, next);
      const slash = add({ test: (c) => c === SLASH, out: [n.contents ? eat : loop] });
      return n.contents ? slash : add({ out: [slash, next] });
    }
    case 'alt':
      return add({ out: n.alts.map((a) => build(a, next, states)) });
  }
}

/** Parses pattern[from, to) into nodes. */
function parseSeq(p: string, from: number, to: number, options: GlobOptions): Node[] {
  const out: Node[] = [];
  /** Where the last `/` read as such was put, so that a `/**` at the end can take it back. */
  let slashAt = -1;
  const lit = (ch: number) => out.push({ t: 'char', test: (c) => c === ch });
  for (let i = from; i < to; i++) {
    const ch = p[i];
    if (ch === '\\' && i + 1 < to) {
      lit(p.charCodeAt(++i));
    } else if (ch === '*') {
      let j = i;
      while (j < to && p[j] === '*') j++;
      const whole = j - i >= 2 && (i === from || p[i - 1] === '/') && (j === to || p[j] === '/');
      if (!whole) out.push({ t: 'star' });
      else if (i === from && j === to) out.push({ t: 'all' });
      else if (j < to) {
        out.push({ t: 'dirs' });
        j++; // the `/` after `**` belongs to it
      } else {
        if (out.at(-1)?.t === 'dirs') out.pop(); // `**/**` at the end is one `**`
        if (slashAt >= 0 && slashAt === out.length - 1) {
          // `/**` at the end: the `/` just read belongs to it
          out.pop();
          out.push({ t: 'tail', contents: !!options.globstarContentsOnly });
        } else out.push({ t: 'all' });
      }
      i = j - 1;
    } else if (ch === '?') {
      out.push({ t: 'char', test: anyButSlash });
    } else if (ch === '[') {
      const cls = parseClass(p, i, to);
      if (cls) {
        out.push({ t: 'char', test: cls.test });
        i = cls.end;
      } else lit(91);
    } else if (ch === '{') {
      const alt = parseBraces(p, i, to);
      if (alt) {
        out.push({ t: 'alt', alts: alt.parts.map(([a, b]) => parseSeq(p, a, b, options)) });
        i = alt.end;
      } else lit(123);
    } else {
      if (ch === '/') slashAt = out.length;
      lit(p.charCodeAt(i));
    }
  }
  return out;
}

/** `[...]` at `at`: its test (never `/`) and the index of its `]`, or undefined when it is not closed. */
function parseClass(p: string, at: number, to: number): { test: (c: number) => boolean; end: number } | undefined {
  let i = at + 1;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < to; i++) {
    if (p[i] === ']' && !first) {
      const test = (c: number) => c !== SLASH && ranges.some(([a, b]) => c >= a && c <= b) !== negate;
      return { test, end: i };
    }
    first = false;
    let lo = p.charCodeAt(i);
    if (p[i] === '\\' && i + 1 < to) lo = p.charCodeAt(++i);
    let hi = lo;
    if (p[i + 1] === '-' && i + 2 < to && p[i + 2] !== ']') {
      i += 2;
      hi = p[i] === '\\' && i + 1 < to ? p.charCodeAt(++i) : p.charCodeAt(i);
    }
    ranges.push(lo <= hi ? [lo, hi] : [hi, lo]);
  }
  return undefined;
}

/** `{a,b}` at `at`: its alternatives as [from, to) and the index of its `}`; undefined without a closing `}` or a comma. */
function parseBraces(p: string, at: number, to: number): { parts: Array<[number, number]>; end: number } | undefined {
  let depth = 0;
  let start = at + 1;
  const parts: Array<[number, number]> = [];
  for (let i = at + 1; i < to; i++) {
    const ch = p[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    } else if (ch === '}') {
      if (parts.length === 0) return undefined;
      parts.push([start, i]);
      return { parts, end: i };
    }
  }
  return undefined;
}

/** Compiled patterns, shared: the same few patterns are asked about for every note. */
const cache = new Map<string, { glob: Glob; folderOnly: boolean }>();
const CACHE_MAX = 2000;

/**
 * A pattern of the config (`include`, `exclude`, `ignore`) or the settings, against a path relative
 * to the folder it is written for. As in .gitignore: a pattern without a `/` (other than a trailing
 * one) matches at any depth, a leading `/` anchors it, a trailing `/` matches folders only, and a
 * folder that matches takes everything inside it. `./` in front is dropped.
 */
export function pathGlob(pattern: string): (path: string) => boolean {
  let hit = cache.get(pattern);
  if (!hit) {
    let g = pattern.trim();
    if (g.startsWith('./')) g = g.slice(2);
    let anchored = g.startsWith('/');
    if (anchored) g = g.replace(/^\/+/, '');
    const folderOnly = /[^\\]\/$|^\/$/.test(g);
    g = g.replace(/\/+$/, '');
    anchored ||= g.includes('/');
    hit = { glob: compileGlob(anchored || g === '' ? g : `**/${g}`), folderOnly };
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(pattern, hit);
  }
  const { glob, folderOnly } = hit;
  return (path) => glob.matchesPathOrFolder(path, folderOnly);
}
