// The baseline process of `npm run bench`'s process rows: read each named file and parse it
// with markdown-it and the plugins the core uses, nothing else. CommonJS, as the CLI's bundle is,
// so both start alike.
/* eslint-disable @typescript-eslint/no-require-imports */
const { readFileSync } = require('node:fs');
const markdownIt = require('markdown-it');
const footnote = require('markdown-it-footnote');

const md = markdownIt({ html: true }).use(footnote);
for (const file of process.argv.slice(2)) md.parse(readFileSync(file, 'utf8'), {});
