// Lint rules, including the boundary that keeps src/core free of `vscode` and Node built-ins,
// so the same core runs in Node, in the extension host and in a browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

const corePaths = [{ name: 'vscode', message: 'src/core must not import vscode: put the adapter in src/vscode/.' },
  ...nodeBuiltins.map((name) => ({ name, message: 'src/core must not use Node built-ins: it also runs in a browser.' }))];
const adapters = { regex: '(^|/)(vscode|cli|node|web)/', message: 'src/core never imports an adapter: pass what it needs in.' };

// The pipeline in the order a note travels (docs/architecture.md). A stage may import the stages
// before it, never one after it: no arrow back up the pipeline. Base modules (types, text, urls,
// dates, vocabulary, config, …) import no stage. messages.ts is the findings' vocabulary, used by
// every stage that reports one.
const stages = [
  ['types', 'text', 'urls', 'dates', 'sourceCaps', 'vocabulary', 'rules', 'yamlNodes', 'registry', 'config', 'generated'],
  ['frontMatter', 'blocks'],
  ['parse'],
  ['inline'],
  ['sentences'],
  ['markerPlace', 'markers'],
  ['findings', 'messages'],
  ['claimScope', 'claims'],
  ['sources'],
  ['definitions', 'quotes', 'timestamps', 'enrich', 'suppression'],
  ['analyze'],
  ['incremental', 'edits', 'linkFindings', 'report', 'index'],
];
const formats = ['annotations', 'claimreview', 'json', 'markdown', 'sarif', 'text'];
const stageRules = stages.flatMap((group, rank) => {
  const later = stages.slice(rank + 1).flat();
  return group.map((name) => ({
    files: [`src/core/${name}.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: corePaths,
        patterns: [adapters,
          ...(later.length ? [{ regex: `^\\./(${later.join('|')})$`, message: `${name}.ts comes earlier in the pipeline: it must not import a later stage.` }] : []),
          ...(name === 'index' ? [] : [{ regex: '^\\./format(/|$)', message: 'Output formats come after every stage: a stage must not import one.' }])],
      }],
    },
  }));
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'scratch/**', 'bench/corpus/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: corePaths, patterns: [adapters] }],
      'no-restricted-globals': ['error', { name: 'require', message: 'src/core is ESM and platform-free.' }, { name: 'process', message: 'src/core must not read the process: pass options in.' }, { name: 'Buffer', message: 'src/core works on strings.' }],
    },
  },
  ...stageRules,
  {
    // One output format never imports another: what two share lives in escape.ts or explain.ts.
    files: ['src/core/format/*.ts'],
    ignores: ['src/core/format/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: corePaths,
        patterns: [adapters, { regex: `^\\./(${formats.join('|')})$`, message: 'Sibling formats must not import each other: move the shared helper to escape.ts or explain.ts.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'media/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
