// Command ids live in one place (src/vscode/commandIds.ts): the public ones are the ones
// package.json contributes, and hover cards may run only listed ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS, SHOW_REPORT } from '../../src/vscode/commandIds';
import { HOVER_COMMANDS } from '../../src/vscode/hover';
import { ROOT } from './helpers';

test('command ids: one list; the public ones are contributed by package.json, and hovers run only listed ones', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const id of [SHOW_REPORT, 'claimLens.checkWorkspace', 'claimLens.checkNote', 'claimLens.addCitation', 'claimLens.suppressClaim', 'claimLens.checkLinks', 'claimLens.analyzeAnyway', 'claimLens.openRuleDocs']) {
    assert.ok((COMMAND_IDS as readonly string[]).includes(id), `${id} is in src/vscode/commandIds.ts`);
    assert.ok(contributed.has(id), `${id} is in package.json`);
  }
  for (const id of HOVER_COMMANDS) assert.ok((COMMAND_IDS as readonly string[]).includes(id), id);
  assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length);
});
