import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { analyzeText } from '../../src/core/analyze';
import { buildReport, fileReport } from '../../src/core/report';
import { ENGLISH_STRINGS, jsonForScript, makeNonce, reportHtml, toViewReport, type ReportViewData, type ViewReport } from '../../src/vscode/reportHtml';
import { ROOT } from './helpers';

const EVIL = '</script><img src=x onerror=alert(1)> <!-- [x](command:workbench.action.terminal.new) \u2028\u2029 &amp;';

function reportFor(text: string, path = 'notes/a.md') {
  return buildReport([fileReport(path, analyzeText(text))]);
}

function page(data: Partial<ReportViewData> = {}, nonce = makeNonce()) {
  const full: ReportViewData = { title: 'Report', scope: 'workspace', strings: ENGLISH_STRINGS, ...data };
  const html = reportHtml({
    cspSource: 'https://webview.example',
    nonce,
    modelUri: 'https://webview.example/media/reportModel.js',
    scriptUri: 'https://webview.example/media/report.js',
    styleUri: 'https://webview.example/media/report.css',
    data: full,
  });
  return { html, nonce, data: full };
}

/** The JSON text inside the data block, as the page reads it. */
function dataBlock(html: string): string {
  const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'data block present');
  return m[1];
}

test('the page has a strict CSP whose scripts all carry the nonce', () => {
  const { html, nonce } = page();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp);
  const policy = csp[1];
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
  assert.match(policy, /style-src https:\/\/webview\.example(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 3);
  for (const attrs of scripts) {
    assert.ok(attrs.includes(`nonce="${nonce}"`) || attrs.includes('type="application/json"'), `script without nonce: ${attrs}`);
  }
  // The JSON block is not executable, and no script has inline code.
  assert.equal([...html.matchAll(/<script nonce="[^"]*" src="[^"]*"><\/script>/g)].length, 2);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  assert.doesNotMatch(html, /style="/, 'no inline styles');
});

test('nonces come from a CSPRNG and are fresh each time', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
  assert.throws(() => page({}, `x' 'unsafe-inline`));
});

test('note text cannot close the data block or reach the HTML', () => {
  const text = `---\nsource: "https://example.org/${'a'}"\n---\n\nThe host said ${EVIL} (speaker opinion).\n`;
  const report = toViewReport(reportFor(text, 'notes/</script>.md'));
  const { html } = page({ title: `Title ${EVIL}`, report, noteUri: 'file:///n/</script>.md' });
  const block = dataBlock(html);
  assert.doesNotMatch(block, /[<>&\u2028\u2029]/);
  assert.equal(html.split('</script>').length - 1, 3, 'only the three real script elements close');
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<!--/);
  assert.ok(html.includes('<title>Title &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
  // The page gets the text back exactly.
  const parsed = JSON.parse(block) as ReportViewData;
  assert.ok(parsed.report);
  assert.equal(parsed.title, `Title ${EVIL}`);
  assert.equal(parsed.report.fileReports[0].path, 'notes/</script>.md');
  assert.ok(parsed.report.fileReports[0].claims[0].text.includes(EVIL));
});

test('jsonForScript round-trips every escaped character', () => {
  const value = { s: '<>&\u2028\u2029"\\\n</SCRIPT >', n: [1, null] };
  const out = jsonForScript(value);
  assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(out), value);
});

test('only http(s) and mailto URLs are offered as URLs; others stay text', () => {
  const text = [
    'A [thing](command:workbench.action.terminal.new) said here (unverified).',
    'B [js](javascript:alert(1)) here (unverified).',
    'C [ok](https://example.org/x) here (unverified).',
    'D <mailto:a@example.org> here (unverified).',
  ].join('\n\n');
  const files = toViewReport(reportFor(text)).fileReports;
  const sources = files[0].claims.map((c) => c.sources[0]);
  assert.equal(sources.length, 4);
  assert.deepEqual({ ...sources[0] }, { title: 'thing', rawUrl: 'command:workbench.action.terminal.new', via: 'inline' });
  assert.deepEqual({ ...sources[1] }, { title: 'js', rawUrl: 'javascript:alert(1)', via: 'inline' });
  assert.equal(sources[2].url, 'https://example.org/x');
  assert.equal(sources[3].url, 'mailto:a@example.org');
});

test('the view model counts, orders and locates claims', () => {
  const text = [
    'First line is fine.',
    '',
    'Growth will double (prediction). It was [said](https://example.org/s) on air (speaker paraphrase).',
    '',
    'Nobody checked this one, not verified.',
    '',
    '<!-- claim-lens-disable-next-line opinion -- quoted on purpose -->',
    'Kept as is (speaker opinion).',
  ].join('\n');
  const r = reportFor(text);
  const v = toViewReport(r);
  assert.equal(v.claims, r.summary.claims);
  assert.deepEqual(v.statuses.map((s) => s.status), Object.keys(r.summary.byStatus));
  assert.equal(v.sourced + v.unsourced + v.suppressed, v.claims);
  assert.deepEqual([v.claims, v.sourced, v.unsourced, v.suppressed], [4, 1, 2, 1]);
  assert.deepEqual(v.fileReports[0].claims.at(-1)?.suppressed, { reason: 'quoted on purpose' });
  const claims = v.fileReports[0].claims;
  assert.equal(claims[0].line, 3);
  for (const c of claims) {
    for (const [s, e] of c.marks) {
      assert.ok(c.markers.some((m) => m === c.text.slice(s, e)), `${c.text.slice(s, e)} is a marker of ${c.text}`);
    }
  }
  assert.equal(claims.find((c) => c.status === 'unverified')?.tone, 'red');
});

test('marker spans are found in sentences that cross lines (LF and CRLF)', () => {
  for (const nl of ['\n', '\r\n']) {
    const v = toViewReport(reportFor(`Some long sentence that goes${nl}on and is, per the${nl}speaker, a speaker opinion.${nl}`));
    const c = v.fileReports[0].claims[0];
    assert.deepEqual(c.marks, [[c.text.indexOf('speaker opinion'), c.text.indexOf('speaker opinion') + 15, 'yellow']]);
  }
});

// The page's pure helpers, run as the browser runs them: a plain script that sets a global.
interface Model {
  filterClaims(report: ViewReport | undefined, filters: unknown): { files: Array<{ path: string; claims: Array<{ text: string }> }>; shown: number };
  normalizeState(state: unknown, data?: unknown): { scope: string; noteUri?: string; filters: { text: string; hidden: string[] }; collapsed: string[]; scrollY: number };
  segments(text: string, marks: Array<[number, number, string?]>): Array<{ text: string; mark: boolean; tone?: string }>;
  format(template: string, ...args: unknown[]): string;
  initialBusy(data: unknown): BusyView;
  applyBusy(view: BusyView, message: unknown): BusyView;
}
interface BusyView { shown: number; seen: number; busy: boolean }
function loadModel(): Model {
  const sandbox: Record<string, unknown> = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(join(ROOT, 'media/reportModel.js'), 'utf8'), sandbox);
  return sandbox.ClaimLensReportModel as Model;
}

test('the page filters by status and by text in sentence, marker or source', () => {
  const M = loadModel();
  const text = [
    'Alpha grows (prediction).',
    '',
    'Beta [paper](https://papers.example.org/beta) is unverified.',
    '',
    'Gamma is the speaker opinion here.',
  ].join('\n');
  const v = toViewReport(reportFor(text));
  assert.equal(M.filterClaims(v, {}).shown, 3);
  assert.equal(M.filterClaims(v, { hidden: ['prediction'] }).shown, 2);
  assert.deepEqual(Array.from(M.filterClaims(v, { text: '  PAPERS.example ' }).files[0].claims, (c) => c.text), [
    'Beta [paper](https://papers.example.org/beta) is unverified.',
  ]);
  assert.equal(M.filterClaims(v, { text: 'speaker OPINION' }).shown, 1);
  assert.equal(M.filterClaims(v, { text: 'gamma', hidden: ['opinion'] }).shown, 0);
  assert.equal(M.filterClaims(v, { text: 'nothing' }).files.length, 0);
  assert.equal(M.filterClaims(undefined, { text: 1, hidden: 'x' }).shown, 0);
});

test('the page normalises persisted state and splits text at markers', () => {
  const M = loadModel();
  const s = M.normalizeState({ scope: 'note', noteUri: 'file:///a.md', filters: { text: 'x', hidden: ['opinion', 3] }, collapsed: ['a', {}], scrollY: -5 });
  assert.deepEqual(JSON.parse(JSON.stringify(s)), { scope: 'note', noteUri: 'file:///a.md', filters: { text: 'x', hidden: ['opinion'] }, collapsed: ['a'], scrollY: 0 });
  assert.deepEqual(JSON.parse(JSON.stringify(M.normalizeState(null))), { scope: 'workspace', filters: { text: '', hidden: [] }, collapsed: [], scrollY: 0 });
  // The data the extension sent wins over a stale state.
  assert.equal(M.normalizeState({ scope: 'note', noteUri: 'file:///old.md' }, { scope: 'workspace' }).scope, 'workspace');
  const segs = M.segments('ab (speaker opinion) c', [[4, 19, 'yellow']]);
  assert.deepEqual(JSON.parse(JSON.stringify(segs)), [
    { text: 'ab (', mark: false },
    { text: 'speaker opinion', mark: true, tone: 'yellow' },
    { text: ') c', mark: false },
  ]);
  assert.equal(segs.map((x) => x.text).join(''), 'ab (speaker opinion) c');
  assert.equal(M.segments('abc', [[5, 9], [-3, 1]]).map((x) => x.text).join(''), 'abc');
  assert.equal(M.format('Showing {0} of {1} claims {2}', 3, 9), 'Showing 3 of 9 claims {2}');
});

test('the page ignores a late busy: Refresh never stays disabled on a finished report', () => {
  const M = loadModel();
  const plain = (v: BusyView) => JSON.parse(JSON.stringify(v)) as BusyView;
  // The page the extension built for build 3: its report is here, and it is not busy.
  let v = M.initialBusy({ report: { claims: 1 }, generation: 3 });
  assert.deepEqual(plain(v), { shown: 3, seen: 3, busy: false });
  // The busy that announced build 3 was queued for the page before and handed to this one.
  v = M.applyBusy(v, { type: 'busy', busy: true, generation: 3 });
  assert.equal(v.busy, false);
  v = M.applyBusy(v, { type: 'busy', busy: true, generation: 2 });
  assert.equal(v.busy, false);
  // A busy without a build number says nothing about which build it is: ignored.
  assert.equal(M.applyBusy(v, { type: 'busy', busy: true }).busy, false);
  assert.equal(M.applyBusy(v, { type: 'busy', busy: true, generation: '9' }).busy, false);
  // Build 4 starts: busy, until it fails (the report stays) or its page replaces this one.
  v = M.applyBusy(v, { type: 'busy', busy: true, generation: 4 });
  assert.deepEqual(plain(v), { shown: 3, seen: 4, busy: true });
  v = M.applyBusy(v, { type: 'busy', busy: false, generation: 4 });
  assert.equal(v.busy, false);
  // Build 6 is announced; a late word about build 5 does not take it back.
  v = M.applyBusy(v, { type: 'busy', busy: true, generation: 6 });
  assert.equal(M.applyBusy(v, { type: 'busy', busy: false, generation: 5 }).busy, true);
  // The loading page is busy; a page that shows an error is not.
  assert.equal(M.initialBusy({ generation: 0 }).busy, true);
  assert.equal(M.initialBusy({ error: 'no', generation: 2 }).busy, false);
  assert.deepEqual(plain(M.initialBusy(null)), { shown: 0, seen: 0, busy: true });
});
