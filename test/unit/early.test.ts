import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../src/cli/args';
import { earlyThreads, OPTIONS_WITH_VALUES } from '../../src/cli/early';
import { defaultJobs, PARALLEL_THRESHOLD } from '../../src/cli/workers';

test('the launcher knows which options take a value, as the argument parser does', () => {
  for (const name of OPTIONS_WITH_VALUES) {
    assert.throws(() => parseArgs(['check', name]), (e: Error) => e instanceof UsageError && /needs a value/.test(e.message), name);
  }
  for (const flag of ['--check-links', '--allow-internal-links', '--allow-outside-snapshots']) {
    assert.equal(parseArgs(['check', flag]).kind, 'check', `${flag} takes no value`);
    assert.ok(!OPTIONS_WITH_VALUES.includes(flag));
  }
});

test('threads start early only for a check the main module would give threads: a folder or many files, default jobs, no link check', () => {
  const many = defaultJobs() - 1;
  const dir = mkdtempSync(join(tmpdir(), 'claim-lens-early-'));
  try {
    assert.equal(earlyThreads(['check']), many, 'no path is the working folder');
    assert.equal(earlyThreads(['check', dir]), many);
    assert.equal(earlyThreads(['check', '--format', 'json', dir, '--fail-on', 'never']), many);
    // The folder is --format's value: no path is left, which means the working folder.
    assert.equal(earlyThreads(['check', '--format', dir]), many);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(earlyThreads(['check', 'a.md', 'b.md']), 0, 'a few files that are not folders');
  assert.equal(earlyThreads(['check', ...Array.from({ length: PARALLEL_THRESHOLD }, (_, i) => `n${i}.md`)]), many, 'many files');
  assert.equal(earlyThreads(['check', '.', '--jobs', '3']), 0, '--jobs: the main module starts exactly that many');
  assert.equal(earlyThreads(['check', '.', '--jobs=1']), 0);
  assert.equal(earlyThreads(['check', '.', '--check-links']), 0, 'link checks run on one thread');
  assert.equal(earlyThreads(['--help']), 0);
  assert.equal(earlyThreads(['--version']), 0);
  assert.equal(earlyThreads(['check', '--', '--jobs']), 0, 'after --, words are paths: one path that is no folder');
});
