// Claim Lens never flags its own output: a Markdown report it wrote analyses to nothing,
// in the core, in the editor's incremental analysis and in the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { formatReport } from '../../src/core/format/index';
import { GENERATED_MARKER, isGeneratedOutput } from '../../src/core/generated';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { buildReport, fileReport } from '../../src/core/report';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'dist/cli.js');
const EXAMPLES = join(ROOT, 'examples');

/** The report of the example notes, as the report view's Export → Markdown writes it. */
function exampleMarkdown(): { markdown: string; claims: number } {
  const names = readdirSync(EXAMPLES).filter((n) => n.endsWith('.md')).sort();
  const report = buildReport(names.map((n) => fileReport(n, analyzeText(readFileSync(join(EXAMPLES, n), 'utf8')))));
  return { markdown: formatReport(report, 'markdown'), claims: report.summary.claims };
}

test('the Markdown report starts with the generated marker, and analyses to nothing', () => {
  const { markdown, claims } = exampleMarkdown();
  assert.ok(claims > 10, `the examples have claims to report (${claims})`);
  assert.equal(markdown.split('\n')[0], GENERATED_MARKER);
  const a = analyzeText(markdown);
  assert.deepEqual({ claims: a.claims.length, findings: a.findings.length }, { claims: 0, findings: 0 });
  // Without the marker, the same text is flagged all over: the marker is what keeps it quiet.
  const unmarked = analyzeText(markdown.split('\n').slice(1).join('\n'));
  assert.ok(unmarked.claims.length >= claims, `${unmarked.claims.length} claims in the unmarked report`);
  assert.ok(unmarked.findings.length > 0);
});

test('the marker counts only as the very first line (after a BOM), and only with its own name', () => {
  assert.ok(isGeneratedOutput(`${GENERATED_MARKER}\nSpeaker opinion.`));
  assert.ok(isGeneratedOutput(`\uFEFF${GENERATED_MARKER}\r\nSpeaker opinion.`));
  assert.ok(isGeneratedOutput('<!-- claim-lens-report -->\nSpeaker opinion.'));
  assert.ok(!isGeneratedOutput(`Speaker opinion.\n${GENERATED_MARKER}\n`));
  assert.ok(!isGeneratedOutput(` \n${GENERATED_MARKER}\n`));
  assert.ok(!isGeneratedOutput('<!-- claim-lens-reporter -->\nSpeaker opinion.'));
  assert.ok(!isGeneratedOutput('<!-- claim-lens-disable-file -->\nSpeaker opinion.'));
  assert.equal(analyzeText(`Speaker opinion.\n\n${GENERATED_MARKER}\n`).claims.length, 1, 'a marker further down does not silence a note');
});

test('an open report stays quiet while it is edited, and speaks once the marker goes', async () => {
  const { markdown } = exampleMarkdown();
  const inc = new IncrementalAnalyzer();
  assert.equal(inc.analyze(markdown).claims.length, 0);
  const edited = `${markdown}\nMy own words: speaker opinion.\n`;
  assert.equal(inc.analyze(edited).claims.length, 0);
  const pause = () => Promise.resolve();
  assert.equal((await inc.analyzeAsync(`${edited}\nAnd one more, not verified.\n`, pause))!.claims.length, 0);
  assert.ok(inc.analyze(edited.slice(edited.indexOf('\n') + 1)).claims.length > 0);
});

test('claim-lens check --format markdown writes a report that a later check counts as nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-generated-'));
  writeFileSync(join(dir, 'note.md'), 'It grew (speaker opinion). Not verified [x].\n\nThe plan ships next year (predictive).\n\n[x]: https://example.org/x\n');
  const check = (format: string) => spawnSync(process.execPath, [CLI, 'check', '.', '--format', format, '--fail-on', 'never'], { cwd: dir, encoding: 'utf8' });
  const before = JSON.parse(check('json').stdout);
  assert.equal(before.summary.claims, 3);
  const md = check('markdown');
  assert.equal(md.status, 0, md.stderr);
  assert.ok(md.stdout.startsWith(`${GENERATED_MARKER}\n`), md.stdout.slice(0, 200));
  writeFileSync(join(dir, 'note.claims.md'), md.stdout);
  const after = JSON.parse(check('json').stdout);
  assert.equal(after.summary.claims, 3, 'the report adds no claims');
  assert.deepEqual(after.summary.diagnostics, before.summary.diagnostics, 'the report adds no findings');
  const own = after.files.find((f: { path: string }) => f.path === 'note.claims.md');
  assert.ok(!own || (own.claims.length === 0 && own.diagnostics.length === 0), JSON.stringify(own));
});
