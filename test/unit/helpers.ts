import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/text';
import type { DocumentAnalysis, Range } from '../../src/core/types';

/** The repository root: tests run from out/test/unit/. */
export const ROOT = resolve(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((n) => n.endsWith('.md')).sort();
}

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function inBounds(lines: LineIndex, r: Range): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.line(p.line).length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

/** The contract's invariant: every range lies in the text and slices to its `text`. */
export function assertRangesExact(text: string, analysis: DocumentAnalysis, label: string): void {
  const lines = new LineIndex(text);
  for (const c of analysis.claims) {
    assert.ok(inBounds(lines, c.range), `${label}: claim range out of bounds ${JSON.stringify(c.range)}`);
    assert.equal(lines.slice(c.range), c.text, `${label}: claim text differs from its range`);
    for (const m of c.markers) {
      assert.equal(lines.slice(m.range), m.text, `${label}: marker text differs from its range`);
      assert.ok(inBounds(lines, m.range), `${label}: marker out of bounds`);
    }
  }
  for (const f of analysis.findings) assert.ok(inBounds(lines, f.range), `${label}: ${f.code} out of bounds ${JSON.stringify(f.range)}`);
}

/** The fastest of `runs` calls, in ms: on a busy machine, being preempted only ever adds time. */
export function fastest(fn: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
