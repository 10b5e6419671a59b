import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseConfig } from '../../src/core/config';
import { RULE_DEFAULTS, RULE_DESCRIPTIONS, ruleDocsUrl } from '../../src/core/rules';
import { ROOT } from './helpers';

test('every finding code has a rule page with an example, a fix and its configuration', () => {
  for (const code of [...Object.keys(RULE_DESCRIPTIONS), 'claim.custom']) {
    const page = join(ROOT, 'docs/rules', `${code}.md`);
    assert.ok(existsSync(page), `missing docs/rules/${code}.md`);
    const text = readFileSync(page, 'utf8');
    for (const heading of ['## Example', '## How to fix it', '## How to configure it']) assert.ok(text.includes(heading), `${code}: no "${heading}"`);
  }
  assert.match(ruleDocsUrl('claim.mine'), /claim\.custom\.md$/);
});

const readmeConfig = () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(# \.claimlens\.yaml[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has the full config example');
  return block[1];
};

test('the README config example is valid, for the parser and the JSON schema alike', async () => {
  const yaml = readmeConfig();
  assert.deepEqual(parseConfig(yaml).problems, []);
  const { parse } = await import('yaml');
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/claimlens.schema.json'), 'utf8')));
  assert.ok(validate(parse(yaml)), JSON.stringify(validate.errors));
  assert.equal(validate(parse('statuses:\n  opinion:\n    severity: loud\n')), false, 'the schema rejects what the parser rejects');
});

test('the schema knows exactly the configurable rules', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/claimlens.schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), Object.keys(RULE_DEFAULTS).sort());
});

test('package.json declares every command and setting the README documents', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8'));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const c of pkg.contributes.commands) {
    const title = nls[c.title.replace(/%/g, '')];
    assert.ok(title, `no title for ${c.command}`);
    assert.ok(readme.includes(`\`${c.command}\``), `README does not list ${c.command}`);
  }
  for (const [key, prop] of Object.entries<{ scope: string; markdownDescription: string }>(pkg.contributes.configuration.properties)) {
    // The opt-ins to internal link checks and to reading outside the workspace are the user's alone:
    // a workspace cannot set them, and they are restricted in untrusted workspaces.
    const machine = key === 'claimLens.allowInternalLinkChecks' || key === 'claimLens.allowSnapshotsOutsideWorkspace';
    assert.equal(prop.scope, machine ? 'machine' : 'resource', key);
    if (machine) assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), `${key} is not restricted in untrusted workspaces`);
    assert.ok(nls[prop.markdownDescription.replace(/%/g, '')], `no description for ${key}`);
    assert.ok(readme.includes(`\`${key}\``), `README does not list ${key}`);
  }
  assert.equal(pkg.engines.vscode, '^1.100.0');
});

test('the rule registry knows every finding code the source makes, and its templates are well formed', async () => {
  const { RULES } = await import('../../src/core/rules');
  const { DEFAULT_STATUSES } = await import('../../src/core/vocabulary');
  const known = new Set([...Object.keys(RULES), ...DEFAULT_STATUSES.map((s) => `claim.${s.name}`), 'claim.custom']);
  const { readdirSync } = await import('node:fs');
  const files = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const seen = new Set<string>();
  for (const f of files) {
    const text = readFileSync(join(ROOT, 'src', f), 'utf8');
    for (const m of text.matchAll(/['`]((?:claim|source|frontmatter|config|suppression|quote|file|markdown)\.[a-z]+(?:-[a-z]+)*)['`]/g)) {
      seen.add(m[1]);
      assert.ok(known.has(m[1]), `${f} makes the finding code ${m[1]}, which the rule registry does not know`);
    }
  }
  assert.ok(seen.size >= 10, 'the scan finds the codes the source uses');
  for (const [code, rule] of Object.entries(RULES)) {
    for (const [id, t] of Object.entries(rule.messages as Record<string, string>)) {
      const used = [...new Set([...t.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
      assert.deepEqual(used, used.map((_, i) => i), `${code}/${id}: placeholders must run {0}…{n} without gaps`);
    }
  }
  assert.deepEqual(Object.keys(RULE_DEFAULTS).sort(), Object.entries(RULES).filter(([, r]) => r.configurable).map(([c]) => c).sort());
});
