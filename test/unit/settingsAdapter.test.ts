// The settings adapter (src/vscode/settings.ts) on the `vscode` stand-in (test/unit/vscodeStub/):
// whatever a settings file holds becomes a safe value, severities override the config only when
// set, and the cache is per workspace folder and cleared when a setting changes.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseConfig } from '../../src/core/config';
import { cacheSettings, readSettings, withSeverities } from '../../src/vscode/settings';
import { stub } from './vscodeStub/vscode';

const A = vscode.Uri.parse('file:///ws/a');
const B = vscode.Uri.parse('file:///ws/b');

beforeEach(() => {
  stub.reset();
  stub.setWorkspaceFolders([A, B]);
});

test('defaults when nothing is set', () => {
  const s = readSettings(vscode.Uri.joinPath(A, 'n.md'));
  // The settings this file tests (others have tests of their own).
  const { enable, run, citationStyle, configFile, severity, staleAfterDays, maxFileSizeKB, include, exclude } = s;
  assert.deepEqual({ enable, run, citationStyle, configFile, severity, staleAfterDays, maxFileSizeKB, include, exclude },
    { enable: true, run: 'onType', citationStyle: 'reference', configFile: '', severity: {}, staleAfterDays: 365, maxFileSizeKB: 5120, include: [], exclude: [] });
});

test('values of the wrong type or out of range fall back to the defaults', () => {
  for (const [k, v] of Object.entries({ enable: 'yes', run: 'always', citationStyle: 42, staleAfterDays: -3, maxFileSizeKB: 0, include: 'notes/**', configFile: 7 })) stub.setSetting(`claimLens.${k}`, v);
  const s = readSettings(A);
  assert.deepEqual([s.enable, s.run, s.citationStyle, s.staleAfterDays, s.maxFileSizeKB, s.include, s.configFile], [true, 'onType', 'reference', 365, 5120, [], '']);
  stub.setSetting('claimLens.staleAfterDays', 30.7);
  stub.setSetting('claimLens.exclude', ['drafts/**', '', '  ', 3]);
  stub.setSetting('claimLens.configFile', '  cfg/.claimlens.yaml ');
  stub.setSetting('claimLens.run', 'manual');
  const t = readSettings(A);
  assert.deepEqual([t.staleAfterDays, t.exclude, t.configFile, t.run], [30, ['drafts/**'], 'cfg/.claimlens.yaml', 'manual']);
});

test('severities: only explicit ones, at any level, `ignore` meaning off; unknown values are dropped', () => {
  stub.setDefaults({ 'claimLens.severity.opinion': 'warning' });
  assert.deepEqual(readSettings(A).severity, {}, 'a default defers to the config file');
  stub.setSetting('claimLens.severity.opinion', 'ignore', 'global');
  stub.setSetting('claimLens.severity.unverified', 'error', 'workspaceFolder', A);
  stub.setSetting('claimLens.severity.prediction', 'loud');
  assert.deepEqual(readSettings(vscode.Uri.joinPath(A, 'n.md')).severity, { opinion: 'off', unverified: 'error' });
  assert.deepEqual(readSettings(vscode.Uri.joinPath(B, 'n.md')).severity, { opinion: 'off' }, 'a folder value stays in its folder');
  const { config } = parseConfig('');
  const laid = withSeverities(config, { opinion: 'off' });
  assert.equal(laid.statuses.find((s) => s.name === 'opinion')?.severity, 'off');
  assert.equal(withSeverities(config, {}), config, 'no severities: the same config object');
});

test('the cache: one read per workspace folder, cleared when a claimLens setting or the folders change', () => {
  const cache = cacheSettings();
  try {
    stub.setSetting('claimLens.maxFileSizeKB', 10, 'workspaceFolder', A);
    assert.equal(readSettings(vscode.Uri.joinPath(A, 'x.md')).maxFileSizeKB, 10);
    assert.equal(readSettings(vscode.Uri.joinPath(B, 'x.md')).maxFileSizeKB, 5120);
    // A change that no event tells of is not seen: the value is cached for the folder.
    stub.setSetting('claimLens.maxFileSizeKB', 20, 'workspaceFolder', A, true);
    assert.equal(readSettings(vscode.Uri.joinPath(A, 'y.md')).maxFileSizeKB, 10);
    stub.setSetting('claimLens.maxFileSizeKB', 30, 'workspaceFolder', A);
    assert.equal(readSettings(vscode.Uri.joinPath(A, 'y.md')).maxFileSizeKB, 30);
    stub.setSetting('claimLens.maxFileSizeKB', 40, 'workspaceFolder', A, true);
    stub.setWorkspaceFolders([A, B]);
    assert.equal(readSettings(vscode.Uri.joinPath(A, 'y.md')).maxFileSizeKB, 40);
  } finally {
    cache.dispose();
  }
  // Without the cache, every read is fresh.
  stub.setSetting('claimLens.maxFileSizeKB', 50, 'workspaceFolder', A, true);
  assert.equal(readSettings(vscode.Uri.joinPath(A, 'y.md')).maxFileSizeKB, 50);
});
