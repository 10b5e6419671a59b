// Builds the extension, the CLI, and (for tests and the bench) their compiled sources.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { markdownItFields } from './scripts/markdownItFields.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  define: { __CLAIM_LENS_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // markdown-it's class fields as plain assignments (see the plugin): the same tokens, made faster.
  plugins: [markdownItFields],
};

function files(dir, test) {
  const out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (test(name)) out.push(p);
  }
  return out;
}

const builds = [
  // The extension is always minified (a smaller bundle loads faster); source maps serve debugging.
  { ...common, minify: true, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], define: { ...common.define, __CLAIM_LENS_BUILD__: '"Node"' } },
  // Check Workspace's worker thread in a Node extension host (src/vscode/checkPool.ts starts it).
  { ...common, minify: true, entryPoints: ['src/vscode/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
  // The CLI: a small launcher (it starts the worker threads first), and the rest, which it loads.
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js' },
  // The web extension (vscode.dev, github.dev) and the core as a browser script: no Node built-ins.
  { ...common, minify: true, platform: 'browser', target: 'es2022', entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'], define: { ...common.define, __CLAIM_LENS_BUILD__: '"browser"' } },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', globalName: 'ClaimLensCore', entryPoints: ['src/web/core.ts'], outfile: 'dist/web/core.js' },
  // The preview's markdown-it plugin on its own, for static-site builds: `md.use(require(…).claimLensPreview)`.
  { ...common, minify: true, platform: 'neutral', mainFields: ['module', 'main'], target: 'es2022', entryPoints: ['src/preview/plugin.ts'], outfile: 'dist/markdown-it-claim-lens.js' },
];

// Unit tests and the bench run as plain Node modules under out/, one file each. A production
// build (the package's) leaves out/ alone: tests may be running from it.
const testEntries = production ? [] : [
  ...files('test/integration', (n) => n.endsWith('.ts')),
  ...files('bench', (n) => n.endsWith('.ts')),
  // The parse-only process as Claim Lens bundles markdown-it, beside the published one (bench/processes.ts).
  'bench/parseOnly.cjs',
  // npm run eval: the labelled corpus of real notes (test/eval/).
  ...files('test/eval', (n) => n === 'evaluate.ts'),
];
const testBuild = {
  ...common,
  sourcemap: true,
  minify: false,
  outdir: 'out',
  outbase: '.',
  external: ['markdownlint', 'ajv', 'ajv-draft-04', 'vscode', 'mocha', 'esbuild'],
};
if (testEntries.length) builds.push({ ...testBuild, entryPoints: testEntries });
// Unit tests get a small stand-in for `vscode` (test/unit/vscodeStub/), so adapters such as the
// hover and the code actions are tested under node:test; the integration tests get the real one.
const unitEntries = production ? [] : files('test/unit', (n) => n.endsWith('.test.ts'));
if (unitEntries.length) {
  builds.push({
    ...testBuild,
    entryPoints: unitEntries,
    alias: { vscode: './test/unit/vscodeStub/vscode.ts' },
    external: testBuild.external.filter((m) => m !== 'vscode'),
  });
}

const present = builds.filter((b) => b.entryPoints.every((e) => { try { return statSync(e).isFile(); } catch { return false; } }));
if (!watch && !production) rmSync('out', { recursive: true, force: true });
if (watch) {
  for (const b of present) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching…');
} else {
  await Promise.all(present.map((b) => esbuild.build(b)));
}
