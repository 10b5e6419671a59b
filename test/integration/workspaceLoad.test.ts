// Load: Check Workspace over 10,000 generated notes (test/harness/integration.mjs writes them
// to load/, hidden by files.exclude until these tests lift it). The tests assert behaviour and
// memory, and print their times; `npm run bench:load` (bench/load.mjs) asserts the latency targets.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { api, codeValue, hoverText, openNote, recordLatency, spyOnPublishing, waitFor, waitForDiagnostics, workspaceUri } from './util';

const LOAD_NOTES = 10_000;
const MB = 1024 * 1024;
const loadNote = (i: number) => workspaceUri('load', `note-${String(i).padStart(5, '0')}.md`);
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claim-lens');

/** A full garbage collection, so heap figures count only what is still referenced. */
function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function setFilesExclude(value: Record<string, boolean>): Promise<void> {
  await vscode.workspace.getConfiguration('files').update('exclude', value, vscode.ConfigurationTarget.Workspace);
}

describe('load: Check Workspace over 10,000 notes', function () {
  this.timeout(600_000); // a generous cap, not a target: a busy machine checks slowly

  before(async () => {
    await api();
    await setFilesExclude({ load: false });
  });

  after(async () => {
    await setFilesExclude({ load: true });
  });

  it('checks 10,000 notes with less than 500 MB of extra memory, keeping compact results', async () => {
    const { checker, analyses, recentLog, diagnostics } = await api();
    assert.equal((await checker.listNotes()).filter((u) => u.path.includes('/load/')).length, LOAD_NOTES, 'the load notes are in the workspace');
    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const t = Date.now();
    let checked: number;
    let calls: Array<{ uris: string[]; diagnostics: number }>;
    try {
      ({ result: checked, calls } = await spyOnPublishing(diagnostics.collection, () => checker.run()));
    } finally {
      clearInterval(sampler);
    }
    const ms = Date.now() - t;
    gc();
    const after = process.memoryUsage();
    const loadKeys = [...checker.results.keys()].filter((k) => k.includes('/load/'));
    console.log(`      10,000 notes: checked ${checked} in ${ms} ms; rss +${((peakRss - before.rss) / MB).toFixed(0)} MB at peak, `
      + `heap +${((peakHeap - before.heapUsed) / MB).toFixed(0)} MB at peak, +${((after.heapUsed - before.heapUsed) / MB).toFixed(0)} MB retained after GC`);
    assert.equal(loadKeys.length, LOAD_NOTES);
    assert.ok(checked >= LOAD_NOTES, `checked ${checked}`);
    assert.equal(checker.lastRun?.failed, 0);
    assert.ok(peakRss - before.rss < 500 * MB, `peak extra RSS ${((peakRss - before.rss) / MB).toFixed(0)} MB`);
    assert.ok(after.heapUsed - before.heapUsed < 500 * MB, `retained heap ${((after.heapUsed - before.heapUsed) / MB).toFixed(0)} MB`);
    // Findings reach the window in messages that it takes whole: VS Code drops what is over
    // 1,100 diagnostics in one set() call, without a word.
    const largest = Math.max(...calls.map((c) => c.diagnostics));
    console.log(`      published in ${calls.length} calls of at most ${largest} diagnostics`);
    assert.ok(largest <= 1100, `a call carried ${largest} diagnostics`);
    assert.ok(calls.length > 1);
    // What is kept per note is what reports and link checks read. Its diagnostics are published
    // without hints, which only an editor shows (the Problems panel never lists them).
    let hints = 0;
    for (const i of [0, 4321, LOAD_NOTES - 1]) {
      const entry = checker.results.get(loadNote(i).toString())!;
      assert.deepEqual(Object.keys(entry).sort(), ['citations', 'claims', 'findings', 'uri']);
      const findings = entry.findings as Array<{ severity: string; code: string }>;
      hints += findings.filter((f) => f.severity === 'hint').length;
      // A claim without a source shows one diagnostic where the core reports two (claim.no-source and its status).
      const merged = findings.filter((f) => f.code === 'claim.no-source').length;
      assert.equal(ours(loadNote(i)).length, findings.filter((f) => f.severity !== 'hint').length - merged);
    }
    assert.ok(hints > 0, 'the sample notes have hints, such as unused definitions');
    // Opened in an editor, a checked note shows its hints too. (Not one of the notes the
    // branch switch below rewrites: the editor's copy of a note is checked apart from them.)
    const opened = await vscode.window.showTextDocument(loadNote(4321));
    const opened4321 = checker.results.get(loadNote(4321).toString())!.findings as Array<{ code: string }>;
    const all = opened4321.length - opened4321.filter((f) => f.code === 'claim.no-source').length;
    await waitForDiagnostics(loadNote(4321), (d) => d.length === all && d.some((x) => x.severity === vscode.DiagnosticSeverity.Hint));
    assert.equal(opened.document.uri.toString(), loadNote(4321).toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // A Node extension host reads and analyses the notes in a worker thread, with the options the
    // extension host's own analysis uses (config, registry and its snapshots, settings, today).
    const line = recentLog().filter((l) => l.startsWith('[info] Check Workspace: checked')).at(-1);
    assert.match(line ?? '', / in a worker thread, /, 'the check ran in a worker thread');
    const sample = [workspaceUri('notes', 'registry.md'), workspaceUri('archive', 'unopened.md'), workspaceUri('bulk', 'note-3.md'), workspaceUri('bulk', 'note-399.md'),
      ...[0, 17, 4321, 8888, LOAD_NOTES - 1].map(loadNote)];
    for (const uri of sample) {
      const a = await analyses.analyzeText(uri, readFileSync(uri.fsPath, 'utf8'));
      const entry = checker.results.get(uri.toString())!;
      assert.equal(entry.uri.toString(), uri.toString());
      assert.deepEqual({ ...entry, uri: undefined }, { uri: undefined, claims: a.claims, findings: a.findings, citations: a.citations.filter((c) => c.url) }, uri.path);
    }
  });

  it('keeps hovers answering while it checks 10,000 notes: each one calls the provider once and shows the card', async () => {
    const { checker, hover, diagnostics } = await api();
    const editor = await openNote('notes', 'keynote.md');
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeValue(x) === 'claim.opinion'));
    const at = new vscode.Position(9, 10);
    assert.match(await hoverText(editor.document.uri, at), /Opinion/); // warm: the note's analysis is cached
    // For comparison, in the log: the same hovers with no check running.
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await hoverText(editor.document.uri, at);
      idle.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    checker.results.clear();
    // Our provider's own time, in the extension host: from VS Code's call to its answer.
    const provider: number[] = [];
    const provide = hover.provideHover;
    hover.provideHover = async function (this: vscode.HoverProvider, ...args: Parameters<vscode.HoverProvider['provideHover']>) {
      const t = performance.now();
      try {
        return await provide.apply(this, args);
      } finally {
        provider.push(performance.now() - t);
      }
    };
    // The longest the extension host's event loop was held, over the whole check.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    // Where the longest stall fell, and the longest garbage collection, for the log.
    const worst = { gap: 0, at: 0, notes: 0 };
    let gcMax = 0;
    const gcs = new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMax = Math.max(gcMax, e.duration); });
    const start = performance.now();
    let last = start;
    const probe = setInterval(() => {
      const now = performance.now();
      if (now - last > worst.gap) Object.assign(worst, { gap: now - last, at: last - start, notes: checker.results.size });
      last = now;
    }, 5);
    const times: number[] = [];
    let checked: number;
    let calls: Array<{ uris: string[] }>;
    try {
      gcs.observe({ entryTypes: ['gc'] });
      loop.enable();
      ({ result: checked, calls } = await spyOnPublishing(diagnostics.collection, async () => {
        let done = false;
        const running = checker.run().finally(() => { done = true; });
        await waitFor(() => checker.results.size >= 200 || done, 60_000);
        // A hover every 50 ms, as someone reading notes would, until the check ends.
        while (!done) {
          const t = performance.now();
          const text = await hoverText(editor.document.uri, at);
          times.push(performance.now() - t);
          assert.match(text, /Opinion/);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return running;
      }));
    } finally {
      loop.disable();
      clearInterval(probe);
      gcs.disconnect();
      hover.provideHover = provide;
    }
    const published = new Set(calls.flatMap((c) => c.uris));
    // The open note was checked from the editor's text, whose findings were already showing:
    // they are not published again, which would make the window redraw the open hover.
    assert.ok(checker.results.has(editor.document.uri.toString()), 'the open note was checked');
    assert.ok(!published.has(editor.document.uri.toString()), 'the open note was not published again');
    assert.ok(published.size > 1000);
    const stall = loop.max / 1e6;
    console.log(`      with no check running: 20 hovers, end to end median ${median(idle).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms`);
    console.log(`      while checking ${checked} notes: ${times.length} hovers, end to end median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; `
      + `provider median ${median(provider).toFixed(2)} ms, max ${Math.max(...provider).toFixed(2)} ms; `
      + `extension host event loop delay p50 ${(loop.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${stall.toFixed(0)} ms `
      + `(the longest at ${(worst.at / 1000).toFixed(1)} s, after ${worst.notes} notes; longest garbage collection ${gcMax.toFixed(0)} ms)`);
    assert.ok(checked >= LOAD_NOTES, `checked ${checked}`);
    assert.ok(times.length >= 20, `only ${times.length} hovers while it checked`);
    assert.equal(provider.length, times.length, 'each hover called the provider once');
    // The latency targets, asserted by `npm run bench:load`: measured inside the extension host,
    // the provider answers every hover within 100 ms and 99% of the time the event loop is free
    // within 100 ms (16–19 ms in the runs so far), its longest stall under 250 ms; end to end, each
    // hover here makes two round trips through the window (a hover in the editor makes one), the
    // median under 100 ms and the 95th percentile under 250 ms (medians of 14–19 ms and 95th
    // percentiles of 42–53 ms so far). On a busy 2-core machine those figures measure the machine.
    recordLatency('integration-load-hovers', {
      metrics: {
        'provider max': Math.max(...provider),
        'event loop delay p99': loop.percentile(99) / 1e6,
        'event loop delay max': stall,
        'hover median': median(times),
        'hover p95': percentile(times, 95),
      },
      idle,
      times,
      provider,
    });
  });

  it('stops when cancelled, keeping what it checked', async () => {
    const { checker } = await api();
    checker.results.clear();
    const cts = new vscode.CancellationTokenSource();
    const running = checker.run(cts.token);
    await waitFor(() => checker.results.size >= 1000, 60_000);
    const t = performance.now();
    cts.cancel();
    const checked = await running;
    const ms = performance.now() - t;
    console.log(`      cancelled after ${checked} notes; the run settled ${ms.toFixed(0)} ms after cancellation`);
    recordLatency('integration-load-cancel', { metrics: { 'settled after cancel': ms }, checked }); // target: 1 s (bench:load)
    assert.equal(checker.lastRun?.cancelled, true);
    assert.ok(checked < LOAD_NOTES, `checked ${checked}: it did stop`);
    assert.equal(checker.results.size, checked);
  });

  it('re-checks 1,000 notes changed on disk at once (a branch switch) in one pass', async () => {
    const { checker } = await api();
    // The watcher has run since the first Check Workspace above.
    const targets = Array.from({ length: 1000 }, (_, i) => loadNote(i));
    const before = checker.flushes;
    const passes: number[] = [];
    const seen = new Set<string>();
    const all = new Promise<void>((resolve) => {
      const sub = checker.onDidFlush((f) => {
        passes.push(f.uris.length);
        for (const u of f.uris) seen.add(u);
        if (targets.every((u) => seen.has(u.toString()))) {
          sub.dispose();
          resolve();
        }
      });
    });
    // As git does: plain writes to the files, as fast as it can.
    targets.forEach((u, i) => writeFileSync(u.fsPath, `# Switched ${i}\n\nThe branch switch rewrote this note (not verified).\n`));
    await all;
    console.log(`      1,000 changed notes: ${checker.flushes - before} pass(es) of ${passes.join(', ')} note(s)`);
    assert.equal(checker.flushes - before, 1, `passes: ${passes.join(', ')}`);
    for (const u of [targets[0], targets[999]]) {
      assert.match(checker.results.get(u.toString())!.claims[0].text, /branch switch rewrote/);
      assert.deepEqual(ours(u).map(codeValue).sort(), ['claim.no-source']);
    }
  });
});

function median(xs: number[]): number {
  return percentile(xs, 50);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}
