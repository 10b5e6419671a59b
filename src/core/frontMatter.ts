import type { LineIndex } from './text';
import type { Source, Range } from './types';

/** For tests: read front matter with the yaml package only. */
export const YAML_ONLY = { on: false };
import { isMap, isScalar, isSeq, parseYaml, scalarString, type Node, type YamlProblem } from './yamlNodes';

export interface FrontMatter {
  /** Lines [0, endLine) hold the front matter, fences included. 0 when there is none. */
  endLine: number;
  sources: Source[];
  problems: YamlProblem[];
  /** `claim-lens: false` (or `claimLens: false`): the writer turned Claim Lens off for this note. */
  off?: boolean;
}

/** The front-matter keys of the switch that turns one note off. */
export const SWITCH_KEYS = ['claim-lens', 'claimLens'];

const NONE: FrontMatter = { endLine: 0, sources: [], problems: [] };

/** Finds YAML front matter (`---` … `---` or `...`) at the top of a note and reads its sources. */
export function readFrontMatter(lines: LineIndex): FrontMatter {
  const first = lines.line(0).replace(/^\uFEFF/, '');
  if (first.trimEnd() !== '---') return NONE;
  let close = -1;
  for (let l = 1; l < lines.lineCount; l++) {
    const t = lines.line(l).trimEnd();
    if (t === '---' || t === '...') {
      close = l;
      break;
    }
  }
  if (close < 0) return NONE;
  return capSources((YAML_ONLY.on ? undefined : simpleFrontMatter(lines, close)) ?? yamlFrontMatter(lines, close));
}

/** A source's URL or title is at most this long: the limit inline link destinations and titles have. */
export const MAX_SOURCE_CHARS = 4096;

/**
 * Every claim that cites nothing takes the note's sources, so a huge `source:` string would be
 * repeated in every claim's message, hover and report entry (40 claims and a 5 MB string make
 * a report over the longest string JavaScript can hold). A longer URL is dropped, a longer
 * title shortened, and the problem reported at the source.
 */
function capSources(fm: FrontMatter): FrontMatter {
  for (const s of fm.sources) {
    const urlLong = s.url !== undefined && s.url.length > MAX_SOURCE_CHARS;
    if (!urlLong && s.title.length <= MAX_SOURCE_CHARS) continue;
    const titleLong = s.title.length > MAX_SOURCE_CHARS;
    const size = Math.max(s.url?.length ?? 0, s.title.length);
    const outcome = urlLong && titleLong ? 'it is not a link, and its title is shortened' : urlLong ? 'it is not a link' : 'its title is shortened';
    fm.problems.push({
      message: `This source is ${size} characters long; a source's URL or title is at most ${MAX_SOURCE_CHARS} characters, so ${outcome}.`,
      range: s.definition!,
    });
    if (urlLong) delete s.url;
    if (titleLong) s.title = `${s.title.slice(0, 80)}…`;
  }
  return fm;
}

const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*?))? *$/;
const PLAIN_VALUE = /^[^\s'"[\]{}&*!|>%@`#,?:-][^#]*$/;
const SPECIAL_SCALAR = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\d|\.\d)[\w.+-]*|\.inf|\.nan)$/i;

/**
 * Most front matter is a few `key: value` lines, maybe with `source:` holding `url:` and
 * `title:`. Reading those needs no YAML parser; anything else (lists, quotes, flow style,
 * anchors, block scalars, numbers) returns undefined and goes to the yaml package.
 */
function simpleFrontMatter(lines: LineIndex, close: number): FrontMatter | undefined {
  const top = new Map<string, { line: number; indent: number; value?: string }>();
  const children = new Map<string, string>();
  let parent: string | undefined;
  for (let l = 1; l < close; l++) {
    const text = lines.line(l);
    if (text.trim() === '' || /^\s*#/.test(text)) continue;
    const m = KEY_LINE.exec(text);
    if (!m || text.includes('\t')) return undefined;
    const [, indent, key, value] = m;
    if (value !== undefined && (!PLAIN_VALUE.test(value) || value.includes(': ') || value.includes(' #'))) return undefined;
    if (indent.length === 0) {
      if (top.has(key)) return undefined;
      top.set(key, { line: l, indent: 0, value });
      parent = value === undefined ? key : undefined;
    } else {
      if (!parent) return undefined;
      if (parent === 'source') {
        if (children.has(key) || value === undefined) return undefined;
        children.set(key, value);
      } else if (parent === 'sources') return undefined;
    }
  }
  const src = top.get('source');
  if (top.has('sources')) return undefined;
  const sources: Source[] = [];
  if (src) {
    const definition: Range = { start: { line: src.line, character: 0 }, end: { line: src.line, character: 'source'.length } };
    const url = src.value ?? children.get('url');
    const title = src.value === undefined ? children.get('title') : undefined;
    for (const v of [url, title]) if (v !== undefined && SPECIAL_SCALAR.test(v)) return undefined;
    if (src.value === undefined && children.size === 0) return undefined;
    if (!url && !title) return undefined;
    const source: Source = { title: (title ?? url ?? '').trim(), via: 'note', definition };
    if (url) source.url = url.trim();
    sources.push(source);
  }
  const off = SWITCH_KEYS.some((k) => /^false$/i.test(top.get(k)?.value ?? ''));
  return { endLine: close + 1, sources, problems: [], ...(off ? { off } : {}) };
}

/** Reads front matter with the yaml package, reporting problems where they are. */
function yamlFrontMatter(lines: LineIndex, close: number): FrontMatter {
  const yamlText = lines.text.slice(lines.starts[1], lines.starts[close]);
  const { doc, problems, rangeOf } = parseYaml(yamlText, 1);
  const sources: Source[] = [];
  const root = doc.contents;
  let off = false;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = scalarString(pair.key);
      if (key !== undefined && SWITCH_KEYS.includes(key) && isScalar(pair.value) && pair.value.value === false) off = true;
      if (key !== 'source' && key !== 'sources') continue;
      const value = pair.value as Node | null;
      const keyRange = rangeOf(pair.key as Node);
      const items = isSeq(value) ? value.items : [value];
      for (const item of items) {
        const s = readSource(item as Node | null, keyRange);
        if (s) sources.push(s);
        else problems.push({ message: `\`${key}\` entries must be a URL or a mapping with \`url\` and \`title\`.`, range: rangeOf((item as Node | null) ?? pair) });
      }
    }
  } else if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
    problems.push({ message: 'Front matter should be a YAML mapping.', range: rangeOf(root as Node) });
  }
  return { endLine: close + 1, sources, problems, ...(off ? { off } : {}) };
}

function readSource(node: Node | null, definition: Range): Source | undefined {
  // A number or a boolean is not a source.
  if (isScalar(node) && typeof node.value !== 'string') return undefined;
  const url = scalarString(node);
  if (url !== undefined) return url.trim() ? { url: url.trim(), title: url.trim(), via: 'note', definition } : undefined;
  if (!isMap(node)) return undefined;
  const u = scalarString(node.get('url', true));
  const t = scalarString(node.get('title', true));
  if (!u && !t) return undefined;
  const source: Source = { title: (t ?? u ?? '').trim(), via: 'note', definition };
  if (u?.trim()) source.url = u.trim();
  return source;
}
