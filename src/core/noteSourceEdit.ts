import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { readFrontMatter } from './frontMatter';
import { LineIndex } from './text';
import type { TextEdit } from './types';
import { parseYaml, scalarString } from './yamlNodes';

/**
 * The edit that gives a note a front-matter source, for every claim that cites nothing: a new
 * front matter when the note has none, a `source:` in the one it has, or one more item in its
 * `sources:` list. Undefined when the front matter has a `source:` already or cannot be read, or
 * when its `sources:` list has this URL, so applying the fix twice adds nothing.
 */
export function noteSourceEdit(text: string, source: { url: string; title: string }): TextEdit | undefined {
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  const url = yamlString(source.url.trim());
  const title = yamlString(source.title.trim() || source.url);
  const insert = (line: number, character: number, newText: string): TextEdit => ({ range: { start: { line, character }, end: { line, character } }, newText });
  const fm = readFrontMatter(lines);
  if (fm.endLine === 0) {
    // After a byte-order mark, which must stay first.
    const at = text.startsWith('\uFEFF') ? 1 : 0;
    const rest = text.slice(at);
    return insert(0, at, `---${eol}source:${eol}  url: ${url}${eol}  title: ${title}${eol}---${eol}${rest.trim() === '' || /^\r?\n|^\r/.test(rest) ? '' : eol}`);
  }
  if (fm.problems.length) return undefined;
  const close = fm.endLine - 1;
  const { doc } = parseYaml(text.slice(lines.starts[1], lines.starts[close]), 1);
  const root = doc.contents as Node | null;
  const pair = isMap(root) ? root.items.find((p) => scalarString(p.key as Node) === 'sources' || scalarString(p.key as Node) === 'source') : undefined;
  if (!pair) return insert(close, 0, `source:${eol}  url: ${url}${eol}  title: ${title}${eol}`);
  // One `source:` already: the note has its source.
  if (scalarString(pair.key as Node) === 'source') return undefined;
  const value = pair.value as Node | null;
  const keyLine = lineOf(lines, (pair.key as Node).range?.[0], 1);
  // `sources:` with nothing under it (a bare key or `sources: []`).
  if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) {
    return insert(keyLine, lines.line(keyLine).length, `${eol}  - url: ${url}${eol}    title: ${title}`);
  }
  if (!isSeq(value) || !value.range) return undefined;
  if (fm.sources.some((s) => s.url === source.url.trim())) return undefined;
  if (value.flow) {
    // `sources: [a, b]`: one more item before the closing bracket.
    const close = yamlOffset(lines, value.range[1], 1) - 1;
    if (text[close] !== ']') return undefined;
    const p = lines.positionAt(close);
    const sep = value.items.length ? ', ' : '';
    return insert(p.line, p.character, `${sep}{ url: ${url}, title: ${title} }`);
  }
  const first = value.items[0] as Node | undefined;
  const last = value.items[value.items.length - 1] as Node | undefined;
  if (!first?.range || !last?.range) return undefined;
  const firstLine = lineOf(lines, first.range[0], 1);
  const dash = /^(\s*)-/.exec(lines.line(firstLine));
  if (!dash) return undefined;
  // After the last item's last line that holds anything (its range may end on the next line).
  let lastLine = lineOf(lines, Math.max(last.range[0], last.range[1] - 1), 1);
  while (lastLine > firstLine && lines.line(lastLine).trim() === '') lastLine--;
  const indent = dash[1];
  return insert(lastLine, lines.line(lastLine).length, `${eol}${indent}- url: ${url}${eol}${indent}  title: ${title}`);
}

/** A YAML double-quoted scalar: JSON's string syntax is valid YAML, whatever the text holds. */
function yamlString(s: string): string {
  return JSON.stringify(s.replace(/[\r\n]+/g, ' '));
}

/** The note offset of an offset into the YAML that starts at `fromLine`. */
function yamlOffset(lines: LineIndex, offset: number, fromLine: number): number {
  return lines.starts[fromLine] + offset;
}

function lineOf(lines: LineIndex, offset: number | undefined, fromLine: number): number {
  return lines.positionAt(yamlOffset(lines, offset ?? 0, fromLine)).line;
}

function detectEol(text: string): string {
  const i = text.indexOf('\n');
  if (i < 0) return text.includes('\r') ? '\r' : '\n';
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}
