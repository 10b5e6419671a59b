// Lint rules, including the boundary that keeps src/core free of `vscode` and Node built-ins,
// so the same core runs in Node, in the extension host and in a browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

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
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode: put the adapter in src/vscode/.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'src/core must not use Node built-ins: it also runs in a browser.' }))],
      }],
      'no-restricted-globals': ['error', { name: 'require', message: 'src/core is ESM and platform-free.' }, { name: 'process', message: 'src/core must not read the process: pass options in.' }, { name: 'Buffer', message: 'src/core works on strings.' }],
    },
  },
  {
    files: ['**/*.mjs', 'media/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
