import { isMap, isScalar, parseDocument, stringify, type Node, type Pair } from 'yaml';
import { LineIndex } from './text';
import type { TextEdit } from './types';

export type ConfigEdit = { edit: TextEdit } | { error: string };

/** A YAML scalar as it should be written (quoted only when it must be). */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function insertAt(text: string, offset: number, newText: string): TextEdit {
  const p = new LineIndex(text).positionAt(offset);
  return { range: { start: p, end: p }, newText };
}

/** Inserts whole lines where a node ends: after its line break when it has one. */
function lineInsert(text: string, offset: number, body: string, eol: string): TextEdit {
  return text[offset - 1] === '\n' ? insertAt(text, offset, `${body}${eol}`) : insertAt(text, offset, `${eol}${body}`);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * Edits `.claimlens.yaml` in place: only the lines that change are written, so every
 * comment and every bit of formatting elsewhere stays as it was. A file that is not
 * valid YAML is never written over. The result is parsed again before it is offered.
 */
function checked(text: string, edit: TextEdit, verify: (doc: ReturnType<typeof parseDocument>) => boolean): ConfigEdit {
  const lines = new LineIndex(text);
  const from = lines.offsetAt(edit.range.start);
  const to = lines.offsetAt(edit.range.end);
  const out = text.slice(0, from) + edit.newText + text.slice(to);
  const doc = parseDocument(out);
  if (doc.errors.length || !verify(doc)) return { error: 'The change would not leave .claimlens.yaml valid; nothing was written.' };
  return { edit };
}

function parse(text: string): ReturnType<typeof parseDocument> | string {
  const doc = parseDocument(text);
  if (doc.errors.length) return `.claimlens.yaml is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it first, nothing was written.`;
  if (doc.contents !== null && !isMap(doc.contents)) return '.claimlens.yaml is not a mapping of settings; nothing was written.';
  return doc;
}

/** Adds `sources.<key>` with a URL and title, after the existing sources or at the end. */
export function addRegistryEntry(text: string, key: string, entry: { url: string; title: string }): ConfigEdit {
  const doc = parse(text);
  if (typeof doc === 'string') return { error: doc };
  if (doc.hasIn(['sources', key])) return { error: `The registry already has a source \`${key}\`.` };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sources = doc.get('sources', true) as Node | undefined;
  const verify = (d: ReturnType<typeof parseDocument>) => d.getIn(['sources', key, 'url']) === entry.url && d.getIn(['sources', key, 'title']) === entry.title;
  if (sources !== undefined && !(isScalar(sources) && sources.value === null)) {
    if (!isMap(sources) || sources.flow || !sources.range || sources.items.length === 0) return { error: '`sources` in .claimlens.yaml is not a block mapping; add the entry by hand. Nothing was written.' };
    const firstKey = (sources.items[0] as Pair<Node>).key;
    const indent = ' '.repeat(columnOf(text, firstKey.range![0]));
    const body = [`${indent}${scalar(key)}:`, `${indent}  url: ${scalar(entry.url)}`, `${indent}  title: ${scalar(entry.title)}`].join(eol);
    return checked(text, lineInsert(text, sources.range[1], body, eol), verify);
  }
  const body = ['sources:', `  ${scalar(key)}:`, `    url: ${scalar(entry.url)}`, `    title: ${scalar(entry.title)}`].join(eol) + eol;
  if (sources !== undefined) {
    // `sources:` with nothing under it (or `~`, `null`): the entry goes under that line, which
    // keeps its comment (`sources:  # the registry`); only a written null is taken out.
    const pair = (doc.contents as { items: Pair<Node>[] }).items.find((p) => isScalar(p.key) && p.key.value === 'sources')!;
    const start = (pair.key as Node).range![0];
    const lines = new LineIndex(text);
    const line = lines.positionAt(start).line;
    let head = lines.line(line);
    const [vFrom, vTo] = sources.range ?? [0, 0];
    if (vTo > vFrom) {
      const a = lines.positionAt(vFrom);
      const b = lines.positionAt(vTo);
      if (a.line !== line || b.line !== line) return { error: '`sources` in .claimlens.yaml is not a block mapping; add the entry by hand. Nothing was written.' };
      head = head.slice(0, a.character).trimEnd() + head.slice(b.character);
    }
    const entryLines = body.trimEnd().split(eol).slice(1).join(eol);
    return checked(text, { range: { start: { line, character: 0 }, end: { line, character: lines.line(line).length } }, newText: `${head}${eol}${entryLines}` }, verify);
  }
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  return checked(text, insertAt(text, text.length, `${sep}${text.trim() ? eol : ''}${body}`), verify);
}

/** Sets one field of a registry source in place, e.g. its `url` to its `archive`. */
export function setRegistryField(text: string, key: string, field: string, value: string): ConfigEdit {
  const doc = parse(text);
  if (typeof doc === 'string') return { error: doc };
  const entry = doc.getIn(['sources', key], true) as Node | undefined;
  if (!isMap(entry) || entry.flow) return { error: `The registry has no block entry \`${key}\`; nothing was written.` };
  const verify = (d: ReturnType<typeof parseDocument>) => d.getIn(['sources', key, field]) === value;
  const existing = entry.get(field, true) as Node | undefined;
  if (existing?.range) {
    const lines = new LineIndex(text);
    return checked(text, { range: { start: lines.positionAt(existing.range[0]), end: lines.positionAt(existing.range[1]) }, newText: scalar(value) }, verify);
  }
  const firstKey = (entry.items[0] as Pair<Node>).key;
  const indent = ' '.repeat(columnOf(text, firstKey.range![0]));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return checked(text, lineInsert(text, entry.range![1], `${indent}${field}: ${scalar(value)}`, eol), verify);
}
