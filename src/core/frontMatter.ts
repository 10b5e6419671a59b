import type { LineIndex } from './text';
import type { Source, Range } from './types';
import { isMap, isScalar, isSeq, parseYaml, scalarString, type Node, type YamlProblem } from './yamlNodes';

export interface FrontMatter {
  /** Lines [0, endLine) hold the front matter, fences included. 0 when there is none. */
  endLine: number;
  sources: Source[];
  problems: YamlProblem[];
}

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
  const yamlText = lines.text.slice(lines.starts[1], lines.starts[close]);
  const { doc, problems, rangeOf } = parseYaml(yamlText, 1);
  const sources: Source[] = [];
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = scalarString(pair.key);
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
  return { endLine: close + 1, sources, problems };
}

function readSource(node: Node | null, definition: Range): Source | undefined {
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
