// An esbuild plugin for markdown-it's published build, which compiles its class fields to calls
// of a helper: `_defineProperty(this, "map", null)`, ten of them for every token it makes. The
// helper converts the key and checks the prototype chain on every call; V8 runs a plain
// `this.map = null` far faster and gives every token the same hidden class. On a check of 5 MB of
// notes that was about 5% of the whole process (docs/performance.md).
//
// The two differ only where a prototype defines the same name as an accessor, method or
// read-only property: the plugin refuses to build if any rewritten field shares its name with a
// method or accessor in the file. test/unit/markdownItFields.test.ts compares the tokens of the
// rewritten library with the published one.
import { readFile } from 'node:fs/promises';

const FIELD = /_defineProperty\(\s*this,\s*(?:\/\*\*[\s\S]*?\*\/\s*)?"([A-Za-z_$][\w$]*)",\s*/g;
const MEMBER = /^[ \t]+(?:static\s+)?(?:get\s+|set\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{/gm;

/** The source with every `_defineProperty(this, "name", value)` written as `(this.name = value)`. */
export function rewriteFields(source) {
  const members = new Set([...source.matchAll(MEMBER)].map((m) => m[1]));
  const clash = [...source.matchAll(FIELD)].map((m) => m[1]).filter((name) => members.has(name));
  if (clash.length) throw new Error(`markdown-it fields also defined on a prototype, not rewritten safely: ${[...new Set(clash)].join(', ')}`);
  return source.replace(FIELD, (_, name) => `(this.${name} = `);
}

export const markdownItFields = {
  name: 'markdown-it-fields',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]markdown-it[\\/]dist[\\/]markdown-it\.(?:mjs|cjs\.js)$/ }, async (args) => ({
      contents: rewriteFields(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
