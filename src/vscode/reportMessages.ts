// What the report page may ask of the extension. The page is a webview, so every message is
// untrusted input: it is checked here, once, into one of these shapes, or dropped.
import { isFormat, outputFormat, type Format } from '../core/format/index';
import type { Position, Range } from '../core/types';

export type PageMessage =
  | { type: 'reveal'; path: string; range: Range }
  | { type: 'export'; format: Format }
  | { type: 'refresh' }
  | { type: 'state'; generation: number; busy: boolean; probe?: number };

const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function position(p: unknown): Position | undefined {
  const o = p && typeof p === 'object' ? (p as Record<string, unknown>) : undefined;
  return o && isIndex(o.line) && isIndex(o.character) ? { line: o.line, character: o.character } : undefined;
}

function range(value: unknown): Range | undefined {
  const r = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const start = r && position(r.start);
  const end = r && position(r.end);
  return start && end ? { start, end } : undefined;
}

/** The message as one of the shapes the panel handles, or undefined for anything else. */
export function parsePageMessage(message: unknown): PageMessage | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'reveal': {
      const r = range(m.range);
      return typeof m.path === 'string' && r ? { type: 'reveal', path: m.path, range: r } : undefined;
    }
    case 'export':
      return isFormat(m.format) && outputFormat(m.format).exportable ? { type: 'export', format: m.format } : undefined;
    case 'refresh':
      return { type: 'refresh' };
    case 'state':
      if (!Number.isInteger(m.generation) || typeof m.busy !== 'boolean') return undefined;
      return { type: 'state', generation: m.generation as number, busy: m.busy, ...(typeof m.probe === 'number' ? { probe: m.probe } : {}) };
  }
  return undefined;
}
