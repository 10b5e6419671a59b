import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Range } from './types';

/** A problem in a YAML file, placed where it is. */
export interface YamlProblem {
  message: string;
  range: Range;
}

/**
 * Limits that keep hostile YAML (alias bombs, huge documents) cheap to read. The yaml
 * package's own duplicate-key check compares each key with every earlier one (quadratic in a
 * map's size); duplicateKeys() does the same check with a Set.
 */
const PARSE_OPTIONS = { prettyErrors: true, uniqueKeys: false, maxAliasCount: 100 } as const;

export interface ParsedYaml {
  doc: Document.Parsed;
  problems: YamlProblem[];
  /** Range of a node, shifted by the line the YAML starts at in its file. */
  rangeOf(node: Node | Pair | null | undefined): Range;
}

/** Parses YAML that starts at `lineOffset` of its file, collecting syntax errors with positions. */
export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lines = new LineCounter();
  // yaml counts only LF as a line break; a lone CR becomes LF (same length, same offsets).
  const doc = parseDocument(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, { ...PARSE_OPTIONS, lineCounter: lines });
  const lengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  const at = (offset: number) => {
    const p = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    // A position on a line's CR would fall past its end: keep it in the line.
    return { line: p.line - 1 + lineOffset, character: Math.min(p.col - 1, lengths[p.line - 1] ?? 0) };
  };
  const rangeOf = (node: Node | Pair | null | undefined): Range => {
    const r = pairOrNodeRange(node);
    if (!r) return { start: at(0), end: at(0) };
    return { start: at(r[0]), end: at(r[1]) };
  };
  const errors: Array<{ message: string; pos: [number, number] }> = doc.errors;
  const dups = duplicateKeys(doc.contents);
  // In document order, as the yaml package reports its own duplicate keys.
  const all = dups.length ? [...errors, ...dups].sort((a, b) => a.pos[0] - b.pos[0]) : errors;
  const problems: YamlProblem[] = all.map((e) => {
    const [from, to] = e.pos;
    return { message: firstLine(e.message), range: { start: at(from), end: at(Math.max(to, from)) } };
  });
  return { doc, problems, rangeOf };
}

/** Keys that repeat an earlier key of the same map, as the yaml package's `uniqueKeys` finds them, in linear time. */
function duplicateKeys(root: unknown): Array<{ message: string; pos: [number, number] }> {
  const out: Array<{ message: string; pos: [number, number] }> = [];
  // An explicit stack: documents nested thousands deep must not overflow the call stack.
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            const start = key.range?.[0] ?? 0;
            out.push({ message: 'Map keys must be unique', pos: [start, start + 1] });
          } else seen.add(key.value);
        } else if (key) stack.push(key);
        if (pair.value) stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

function pairOrNodeRange(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if ('range' in node && node.range) return [node.range[0], node.range[1]];
  if ('key' in node) {
    const k = pairOrNodeRange(node.key as Node | null);
    const v = pairOrNodeRange(node.value as Node | null);
    if (k && v) return [k[0], v[1]];
    return k ?? v;
  }
  return undefined;
}

function firstLine(s: string): string {
  // We give the place as a range; drop the position yaml appends to its message.
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** The scalar value of a node as a string, or undefined when it is not a scalar. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export { isMap, isScalar, isSeq };
export type { Node, Pair };
