import { isMap, scalarString, type Node, type Pair } from './yamlNodes';
import type { Range } from './types';
import { capSource, MAX_URL_CHARS } from './sourceCaps';

export type SourceKind = 'primary' | 'secondary' | 'recording';
export const SOURCE_KINDS: readonly SourceKind[] = ['primary', 'secondary', 'recording'];

/** An entry of the sources registry in `.claimlens.yaml`, cited in notes as `[@key]`. */
export interface RegistrySource {
  key: string;
  url?: string;
  title: string;
  publisher?: string;
  /** ISO dates (YYYY-MM-DD), as written. */
  published?: string;
  accessed?: string;
  kind?: SourceKind;
  /** Path of a saved copy, relative to the config file's folder. */
  snapshot?: string;
  archive?: string;
  /** Where the entry's key is in the config file. */
  range: Range;
}

const KEY = /^[A-Za-z0-9_][\w:.#$%&+?<>~/-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = ['url', 'title', 'publisher', 'published', 'accessed', 'kind', 'snapshot', 'archive'];

type Report = (node: Node | Pair | null | undefined, message: string) => void;

/** Reads `sources:`; each problem is reported at its place and the other entries still count. */
export function readRegistry(value: Node | null, pair: Pair, problem: Report, rangeOf: (n: Node | Pair | null | undefined) => Range): Record<string, RegistrySource> {
  const out: Record<string, RegistrySource> = {};
  if (!isMap(value)) {
    problem(value ?? pair, '`sources` must map citation keys to sources (url, title, …).');
    return out;
  }
  for (const entry of value.items) {
    const key = scalarString(entry.key);
    if (key === undefined || !KEY.test(key)) {
      problem(entry.key as Node, 'A source key is letters, digits and `_:.#$%&+?<>~/-`, starting with a letter, digit or `_`, as in `[@key]`.');
      continue;
    }
    const body = entry.value as Node | null;
    if (!isMap(body)) {
      problem(body ?? entry, `Source \`${key}\` must be a mapping with at least \`url\` or \`title\`.`);
      continue;
    }
    const src: RegistrySource = { key, title: '', range: rangeOf(entry.key as Node) };
    for (const p of body.items) {
      const field = scalarString(p.key);
      const v = scalarString(p.value);
      if (field === undefined || !FIELDS.includes(field)) {
        problem(p.key as Node, `Unknown source field \`${field ?? '?'}\`. Known: ${FIELDS.join(', ')}.`);
        continue;
      }
      if (v === undefined || v.trim() === '') {
        problem((p.value as Node | null) ?? p, `\`${field}\` must be a non-empty string.`);
        continue;
      }
      const text = v.trim();
      if ((field === 'published' || field === 'accessed') && !(DATE.test(text) && !Number.isNaN(Date.parse(text)))) {
        problem(p.value as Node, `\`${field}\` must be a date written YYYY-MM-DD.`);
        continue;
      }
      if (field === 'kind' && !(SOURCE_KINDS as readonly string[]).includes(text)) {
        problem(p.value as Node, `\`kind\` must be one of ${SOURCE_KINDS.join(', ')}.`);
        continue;
      }
      (src as unknown as Record<string, string>)[field] = text;
    }
    if (!src.url && !src.title) {
      problem(entry.key as Node, `Source \`${key}\` needs a \`url\` or a \`title\`.`);
      continue;
    }
    if (!src.title) src.title = src.url!;
    // Copied into every citing claim: capped here, and reported once.
    const capped = capSource(src.url, src.title);
    if (capped.problem) {
      problem(entry.key as Node, `Source \`${key}\` is too long to copy into each claim that cites it: ${capped.problem}.`);
      src.title = capped.title;
      if (capped.url === undefined) delete src.url;
    }
    if (src.archive && src.archive.length > MAX_URL_CHARS) {
      problem(entry.key as Node, `Source \`${key}\`: its archive URL (${src.archive.length} characters, over ${MAX_URL_CHARS}) is not a link.`);
      delete src.archive;
    }
    out[key] = src;
  }
  return out;
}
