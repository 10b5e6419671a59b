import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse';

// Table cells are cut at each `|` that no backslash escapes. The oracle is the walk the code used
// before it searched natively: a character at a time, stepping over a backslash and the next.
function oracleCells(row: string, count: number): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < row.length && (row[p] === ' ' || row[p] === '\t' || row[p] === '>')) p++;
  if (row[p] === '|') p++;
  for (let cells = 0; p <= row.length && cells < count; cells++) {
    let q = p;
    while (q < row.length && row[q] !== '|') q += row[q] === '\\' ? 2 : 1;
    q = Math.min(q, row.length);
    const cell = row.slice(p, q).trim();
    if (cell) out.push(cell);
    if (q >= row.length) break;
    p = q + 1;
  }
  return out;
}

test('table cells end at unescaped pipes, whatever the backslashes before them', () => {
  const rows = [
    '| a | b | c |',
    '| a \\| still a | b |',
    '| a \\\\| b | c |',
    '| a \\\\\\| still a | b |',
    '| \\\\ | x\\ | y |',
    '| a | b \\',
    'a | b | c',
    '| `x \\| y` | z\\|\\| | w |',
  ];
  let checked = 0;
  for (const row of rows) {
    // A delimiter row of as many columns as markdown-it finds in the row, so it reads a table.
    for (let cols = 1; cols <= 6; cols++) {
      const note = `${row}\n|${' --- |'.repeat(cols)}\n`;
      const cells = parseNote(note).parsed.blocks.filter((b) => b.kind === 'cell' && b.segs[0].line === 0).map((b) => b.content);
      if (!cells.length) continue;
      assert.deepEqual(cells, oracleCells(row, cols), row);
      checked++;
      break;
    }
  }
  assert.ok(checked >= rows.length - 1, `only ${checked} of ${rows.length} rows were read as tables`);
});
