// fast-check arbitraries that write Markdown notes from a grammar of everything Claim Lens
// parses (paragraphs, lists, tables, quotes, footnotes, definitions, links, registry
// citations, code, HTML, front matter, suppression comments, marker phrases), mixed with
// hostile Unicode and CR / LF / CRLF line endings. Shared by test/unit/property.test.ts and,
// through it, scripts/fuzz.mjs.
import fc from 'fast-check';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Every default marker, plus spellings the README says must match (curly apostrophe, case). */
export const MARKERS = [
  'unverified', 'not verified', 'could not be fetched', 'no public repo link', 'no public case link',
  'no verbatim source', 'not verbatim', 'not captured', 'no official roadmap', 'community wish',
  'speaker paraphrase', 'oral remarks', 'comes from subtitles', 'from the Q&A',
  'speaker opinion', 'speaker judgment', "the show's judgment", 'the show\u2019s judgment', 'speaker metaphor', 'metaphor only',
  'qualitative argument', 'predictive', 'prediction', 'remains predictive',
  'internal poll', 'show context', 'methodology not published', 'hallway survey',
  // A status of the test config's own (see property.test.ts), and near misses.
  'disputed by', 'contested', 'Unverifiedness', 'predictively', 'speakeropinion',
] as const;

const ASCII_WORDS = [
  'The', 'the', 'talk', 'vendor', 'claims', 'latency', 'dropped', 'by', '40%', 'in', 'Q3', 'and', 'it', 'ships',
  'next', 'year', 'host', 'said', 'tracing', 'costs', 'more', 'than', 'logging', 'e.g.', 'i.e.', 'vs.', 'Fig. 2',
  'v1.35', '~10%', '\u22656.8', 'J. Smith', 'U.S.', 'approx.', 'No. 5', 'at 12:34', 'at 1:02:03', 'p. 12', 'Dr.',
  'St. Louis', '2.', '3)', 'etc', 'A.', 'x', 'growth', 'forty', 'percent', 'speaker', 'opinion', 'verified',
];
const INTL_WORDS = [
  '\u53D1\u5E03', '\u5EF6\u8FDF\u4E0B\u964D\u3002', '\u89B3\u6E2C', '\uD14C\uC2A4\uD2B8', '\u0645\u0631\u062D\u0628\u0627', '\u05E9\u05DC\u05D5\u05DD',
  '\u202Eabc\u202C', '\u200F\u05D0', '\uD83D\uDE00', '\uD83D\uDC69\u200D\uD83D\uDCBB', '\uD83C\uDDFA\uD83C\uDDF8',
  '\uD835\uDD18\uD835\uDD2B\uD835\uDD26', 'e\u0301t\u00E9', 'a\u0308\u0323', '\u0301', 'na\u00EFve', '\u00C5ngstr\u00F6m',
  '\u0928\u092E\u0938\u094D\u0924\u0947', '\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35', '\u041F\u0440\u0438\u0432\u0435\u0442',
];
/** Characters that break naive code: NUL, BOM, lone surrogates, separators, controls. */
const WEIRD = [
  '\u0000', '\uFEFF', '\uD800', '\uDFFF', '\uDBFF', '\u2028', '\u2029', '\u00A0', '\u3000', '\t', '\u200B', '\u200D',
  '\f', '\v', '\u0085', '\u0001', '\u0002', '\r', '\u202E', '\u0300', '\uFFFD', '\uFFFF', '\\', '|', '`', '*', '_',
  '[', ']', '<', '>', '&', '"', '\u201C', '\u201D', '\u2019', '.', '!', '?', '\u2026', '\u3002',
];

const anyChar: fc.Arbitrary<string> = fc.oneof(
  w(4, fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))),
  w(2, fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))),
  w(1, fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c))),
  w(2, pick(WEIRD)),
);

/** Hostile characters scattered over a note after it is written. */
export const noiseChar: fc.Arbitrary<string> = fc.oneof(
  w(3, pick(WEIRD)),
  w(1, pick(INTL_WORDS)),
  w(1, anyChar),
);

export const URLS = [
  'https://example.org/post', 'https://example.org/a b', 'https://ex.org/(paren)', 'https://\u4F8B\u3048.jp/\u30D1\u30B9',
  'http://x.org/a_b*c', 'https://www.youtube.com/watch?v=abc', 'https://media.example.org/keynote.mp4',
  'mailto:host@example.org', 'https://example.org/q?a=1&b=2#frag', 'https://example.org/x\\_y', 'https://e.org/<x>',
] as const;
/** URLs a writer could enter as a new source (they pass the extension's URL check). */
export const NEW_SOURCE_URLS = [
  'https://example.org/post', 'https://example.org/a b', 'https://ex.org/(paren)', 'https://\u4F8B\u3048.jp/\u30D1\u30B9',
  'https://www.youtube.com/watch?v=abc', 'https://media.example.org/keynote.mp4', 'mailto:host@example.org',
  'https://example.org/q?a=1&b=2#frag', 'https://example.org/x\\_y', 'http://example.org/a_b*c', 'https://example.org/new',
] as const;
export const TITLES = [
  'Vendor post', 'A [b]', 'Title with "quotes"', '\u00DCn\u00EFcode \u2013 title', 'a\nb', 'x`y', '\uD83D\uDE00',
  'Keynote recording', 'A | B', 'Ends with a period.', '*emph*', 'Q&A', 'back\\slash', '<b>html</b>', 'https://example.org/post',
] as const;
export const REF_LABELS = ['ref1', 'post', 'Vendor Post', 'a  b', '\u00FCn\u00EF', '1', 'x*y'] as const;
export const FOOT_LABELS = ['1', 'note', 'a', 'f1', 'x'] as const;

const url = pick(URLS);
const title = pick(TITLES);
const refLabel = pick(REF_LABELS);
const footLabel = pick(FOOT_LABELS);

// ---------------------------------------------------------------------------------------------
// Inline content

const word: fc.Arbitrary<string> = fc.oneof(
  w(12, pick(ASCII_WORDS)),
  w(3, pick(INTL_WORDS)),
  w(1, pick(WEIRD)),
  w(1, fc.string({ unit: anyChar, maxLength: 4 })),
);

/** A marker phrase, written as writers write it (or as they should not). */
export const markerPhrase: fc.Arbitrary<string> = fc
  .tuple(pick(MARKERS), fc.nat(13), fc.nat(7))
  .map(([m, variant, wrap]) => {
    const words = m.split(' ');
    let s: string;
    switch (variant) {
      case 0: s = m.toUpperCase(); break;
      case 1: s = m[0].toUpperCase() + m.slice(1); break;
      case 2: s = m.replace(/'/g, '\u2019'); break;
      case 3: s = words.join('\n'); break;
      case 4: s = words.join('  '); break;
      case 5: s = words.length > 1 ? `${words.slice(0, -1).join(' ')} *${words[words.length - 1]}*` : `**${m}**`; break;
      case 6: s = `_${m}_`; break;
      case 7: s = `[${m}](https://example.org/m)`; break;
      case 8: s = words.length > 1 ? `[${words[0]}][ref1] ${words.slice(1).join(' ')}` : `[${m}]`; break;
      case 9: s = `\`${m}\``; break; // inline code: never a marker
      case 10: s = `${m}ness`; break; // glued: not a marker
      case 11: s = `<span>${m}</span>`; break;
      default: s = m;
    }
    switch (wrap) {
      case 0: return `(${s})`;
      case 1: return `\u2014 ${s}`;
      case 2: return `- ${s}`;
      case 3: return `, ${s},`;
      case 4: return `(${s}, speaker opinion)`;
      default: return s;
    }
  });

const codeSpan = fc.oneof(
  word.map((x) => `\`${x}\``),
  markerPhrase.map((x) => `\`\` a \` ${x.replace(/\n/g, ' ')} \`\``),
  fc.constant('`unclosed'),
  fc.constant('`a | b`'),
);
const emphasis = fc.tuple(word, pick(['*', '**', '_', '__', '~~', '***'])).map(([x, d]) => `${d}${x}${d}`);

/** Citations of every kind the README lists, plus broken ones. */
export const citation: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(word, url, fc.nat(3)).map(([t, u, k]) => [`[${t}](${u})`, `[${t}](<${u}>)`, `[${t}](${u} "${t}")`, `![${t}](${u})`][k]),
  fc.tuple(word, refLabel).map(([t, l]) => `[${t}][${l}]`),
  refLabel.map((l) => `[${l}][]`),
  refLabel.map((l) => `[${l}]`),
  footLabel.map((l) => `[^${l}]`),
  url.map((u) => `<${u}>`),
  fc.constant('<host@example.org>'),
  url.map((u) => `${u}).`),
  url.map((u) => u),
  pick(['[@talk]', '[@talk, 12:34]', '[see @paper; @talk]', '[@unknown]', '[@]', '[-@paper, p. 3]', 'user@example.org', '[@talk](x)']),
  fc.constant('[unclosed](https://example.org'),
  fc.constant('[a]: not a def'),
);

const inlineHtml = pick([
  '<span>x</span>', '<br/>', '<b>', '</b>', '<!-- a comment -->', '<!-- claim-lens-disable-next-line -->', '<!--', '-->',
  '<a href="https://example.org/h">h</a>', '<img src=x>', '&amp;', '&#x1F600;', '<!-- claim-lens-disable opinion -- inline -->',
]);
const quoted = pick([
  '\u201Clatency dropped by forty percent\u201D', '"growth next quarter"', '\u201Cunclosed quote', '\u201Eb\u00E4 da\u201C',
  '\u201Cspeaker opinion\u201D', '"we expect growth next year"',
]);

const inlineBit: fc.Arbitrary<string> = fc.oneof(
  w(20, word),
  w(2, codeSpan),
  w(2, emphasis),
  w(3, citation),
  w(2, inlineHtml),
  w(1, quoted),
  w(1, pick(['\\*', '\\[', '\\|', '\\`', '\\\\', '\\'])),
);

const TERMINATORS = ['.', '.', '.', '.', '!', '?', '?!', '...', '\u2026', '\u3002', '', '.)', '."', '.\u201D', ').', ':', ';', '. (Not verified.)'];
const INLINE_SEPS = [' ', ' ', ' ', ' ', ' ', '\n', '  ', '\t', '  \n', '\\\n', ''];

/** One sentence: words, maybe a marker, maybe a citation, and closing punctuation. */
export const sentence: fc.Arbitrary<string> = fc
  .record({
    bits: fc.array(inlineBit, { minLength: 1, maxLength: 7 }),
    marker: fc.option(markerPhrase, { freq: 2 }),
    at: fc.nat(),
    cite: fc.option(citation, { freq: 3 }),
    seps: fc.array(pick(INLINE_SEPS), { minLength: 1, maxLength: 4 }),
    end: pick(TERMINATORS),
  })
  .map(({ bits, marker, at, cite, seps, end }) => {
    const parts = [...bits];
    if (marker !== null) parts.splice(at % (parts.length + 1), 0, marker);
    if (cite !== null) parts.push(cite);
    let out = parts[0];
    for (let k = 1; k < parts.length; k++) out += seps[k % seps.length] + parts[k];
    return out + end;
  });

/** A paragraph of one to four sentences over one or more lines. */
export const paragraph: fc.Arbitrary<string> = fc
  .tuple(fc.array(sentence, { minLength: 1, maxLength: 4 }), fc.array(pick([' ', ' ', '\n', '  \n', ' \n ']), { minLength: 1, maxLength: 3 }))
  .map(([ss, seps]) => ss.reduce((acc, s, k) => (k === 0 ? s : acc + seps[k % seps.length] + s), ''));

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

// ---------------------------------------------------------------------------------------------
// Leaf blocks

const heading = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 7 }), sentence).map(([n, s]) => `${'#'.repeat(n)} ${oneLine(s)}`),
  fc.tuple(sentence, pick(['===', '---'])).map(([s, u]) => `${oneLine(s)}\n${u}`),
);

const fenced = fc
  .record({ fence: pick(['```', '~~~', '````']), info: pick(['', 'js', 'md {.x}', 'text']), body: fc.array(sentence, { maxLength: 3 }), closed: fc.boolean() })
  .map(({ fence, info, body, closed }) => [`${fence}${info}`, ...body, ...(closed ? [fence] : [])].join('\n'));

const indented = fc
  .tuple(fc.array(sentence, { minLength: 1, maxLength: 3 }), pick(['    ', '\t', '     ']))
  .map(([body, pad]) => body.join('\n').split('\n').map((l) => pad + l).join('\n'));

const htmlBlock = fc.oneof(
  sentence.map((s) => `<div>\n${s}\n</div>`),
  paragraph.map((p) => `<details><summary>More</summary>\n\n${p}\n\n</details>`),
  sentence.map((s) => `<!--\n${s}\n-->`),
  sentence.map((s) => `<script>\nlet a = "${oneLine(s)}";\n</script>`),
  pick(['<?php echo 1; ?>', '<![CDATA[ speaker opinion ]]>', '<!DOCTYPE html>', '<div>unclosed (not verified).', '<table><tr><td>speaker opinion</td></tr></table>']),
);

const cell = fc.oneof(
  w(6, sentence.map((s) => oneLine(s).replace(/\|/g, '\\|'))),
  w(2, markerPhrase.map(oneLine)),
  w(1, fc.constant('')),
  w(1, pick(['`a \\| b`', 'a \\| b', '`code` (speaker paraphrase)', '**bold** not verified', '\\', '`|`'])),
  w(1, sentence.map(oneLine)),
);
const table = fc
  .record({
    header: fc.array(cell, { minLength: 1, maxLength: 4 }),
    rows: fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 3 }),
    lead: fc.boolean(),
    trail: fc.boolean(),
    align: fc.array(pick(['---', ':---', ':---:', '---:', '-']), { minLength: 1, maxLength: 4 }),
  })
  .map(({ header, rows, lead, trail, align }) => {
    const row = (cells: string[]) => `${lead ? '| ' : ''}${cells.join(' | ')}${trail ? ' |' : ''}`;
    const delim = header.map((_, k) => align[k % align.length]);
    return [row(header), row(delim), ...rows.map(row)].join('\n');
  });

const refDef = fc
  .record({ label: refLabel, dest: fc.nat(3), url, title: fc.nat(6), t: title })
  .map(({ label, dest, url: u, title: tk, t }) => {
    const d = [u.includes(' ') || u.includes('<') ? `<${u.replace(/[<>]/g, '')}>` : u, `<${u}>`, '', u][dest];
    const tt = oneLine(t).replace(/"/g, '');
    const ti = ['', ` "${tt}"`, ` '${tt.replace(/'/g, '')}'`, ` (${tt.replace(/[()]/g, '')})`, `\n  "${tt}"`, ' "unterminated', ''][tk];
    return `[${label}]: ${d}${ti}`;
  });

const footDef = fc
  .record({ label: footLabel, body: paragraph, more: fc.option(paragraph, { freq: 3 }), lazy: fc.boolean() })
  .map(({ label, body, more, lazy }) => {
    const first = `[^${label}]: ${body}`;
    if (more === null) return first;
    return `${first}\n\n${more.split('\n').map((l) => (lazy ? l : `    ${l}`)).join('\n')}`;
  });

/** Suppression comments, valid and not. */
export const directive: fc.Arbitrary<string> = fc
  .record({
    kind: pick(['disable-next-line', 'disable-next-line', 'disable', 'enable', 'disable-file', 'disable-next-lines', 'disable-line']),
    statuses: pick(['', '', ' opinion', ' unverified', ' all', ' no-source', ' opinion, prediction', ' paraphrase prediction', ' bogus', ' disputed', ' Opinion', ' context,no-source']),
    reason: pick(['', ' -- the speaker\u2019s view is the point', ' --', ' -- a -- b', ' --no-space', ' -- checked with the panel']),
    form: fc.nat(3),
  })
  .map(({ kind, statuses, reason, form }) => {
    const body = `claim-lens-${kind}${statuses}${reason}`;
    return [`<!-- ${body} -->`, `<!--${body}-->`, `<!--\n${body}\n-->`, `<!-- ${body} -->`][form];
  });

const thematic = pick(['---', '***', '___', '- - -', '* * *']);

const leafBlock: fc.Arbitrary<string> = fc.oneof(
  w(12, paragraph),
  w(2, heading),
  w(1, fenced),
  w(1, indented),
  w(1, htmlBlock),
  w(3, table),
  w(1, thematic),
  w(3, refDef),
  w(3, footDef),
  w(3, directive),
);

// ---------------------------------------------------------------------------------------------
// Containers: nested lists and block quotes, depth at most four

const MAX_DEPTH = 4;
const byDepth = new Map<number, fc.Arbitrary<string>>();

function listOf(depth: number): fc.Arbitrary<string> {
  return fc
    .record({
      marker: pick(['-', '*', '+', '1.', '2)', '10.']),
      task: pick(['', '', '', '[ ] ', '[x] ']),
      loose: fc.boolean(),
      items: fc.array(
        fc.record({ blocks: fc.array(blockAt(depth), { minLength: 1, maxLength: 2 }), lazy: fc.nat(3), tight: fc.boolean() }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ marker, task, loose, items }) =>
      items
        .map((item, k) => {
          const m = /\d/.test(marker) ? `${parseInt(marker, 10) + k}${marker.slice(-1)} ` : `${marker} `;
          const pad = ' '.repeat(m.length);
          const lines = item.blocks.join(item.tight ? '\n' : '\n\n').split('\n');
          return lines
            .map((l, i) => (i === 0 ? m + task + l : l.trim() === '' ? '' : item.lazy === 0 && lines[i - 1].trim() !== '' ? l : pad + l))
            .join('\n');
        })
        .join(loose ? '\n\n' : '\n'),
    );
}

function quoteOf(depth: number): fc.Arbitrary<string> {
  return fc
    .record({ blocks: fc.array(blockAt(depth), { minLength: 1, maxLength: 3 }), prefix: pick(['> ', '>', '>  ', ' > ']), lazy: fc.nat(3) })
    .map(({ blocks, prefix, lazy }) => {
      const lines = blocks.join('\n\n').split('\n');
      return lines
        .map((l, i) => (l.trim() === '' ? prefix.trimEnd() : lazy === 0 && i > 0 && lines[i - 1].trim() !== '' ? l : prefix + l))
        .join('\n');
    });
}

/** One block at a nesting depth: leaves, and below depth four, lists and quotes. */
export function blockAt(depth: number): fc.Arbitrary<string> {
  let arb = byDepth.get(depth);
  if (arb) return arb;
  arb = depth >= MAX_DEPTH
    ? leafBlock
    : fc.oneof(w(10, leafBlock), w(2, listOf(depth + 1)), w(2, quoteOf(depth + 1)));
  byDepth.set(depth, arb);
  return arb;
}

// ---------------------------------------------------------------------------------------------
// Front matter and whole notes

const FRONT_MATTER = [
  '---\nsource: https://media.example.org/keynote.mp4\n---',
  '---\nsource:\n  url: https://conf.example.org/talk\n  title: Keynote recording\n---',
  '---\nsource: { url: https://media.example.org/keynote.mp4, title: Keynote recording }\n---',
  '---\nsources:\n  - url: https://conf.example.org/panel\n    title: Panel video\n  - https://conf.example.org/panel/transcript\n---',
  '---\ntitle: "Notes (speaker opinion)"\ntags: [a, b]\n---',
  '---\ntitle: Notes\n...',
  '---\n---',
  // Broken front matter: each is frontmatter.invalid, or not front matter at all.
  '---\nsource: [unclosed\n---',
  '---\nsource: {url: \n---',
  '---\n\tsource: https://example.org/tab\n---',
  '---\nsource: 12\n---',
  '---\n- a list\n---',
  '---\nsource: https://example.org/never-closed',
  '---   \nsource: x\n...   ',
  '---\nsource:\n  title: 1\n  url: [a]\n---',
  '---\nsource: "unterminated\n---',
  '---\nsources:\n  - {}\n  - null\n---',
  '--- \nkey: value: other\n---',
];
export const frontMatter: fc.Arbitrary<string> = pick(FRONT_MATTER);

export type Eol = 'lf' | 'crlf' | 'cr' | 'mixed';

/** Replaces every LF with the note's line ending; mixed notes cycle through all three. */
export function withEol(text: string, eol: Eol, cycle: readonly string[]): string {
  if (eol === 'lf') return text;
  if (eol === 'crlf') return text.replace(/\n/g, '\r\n');
  if (eol === 'cr') return text.replace(/\n/g, '\r');
  let k = 0;
  return text.replace(/\n/g, () => cycle[k++ % cycle.length]);
}

/** Inserts noise characters at positions taken modulo the text's length. */
export function withNoise(text: string, noise: ReadonlyArray<{ at: number; s: string }>): string {
  let out = text;
  for (const { at, s } of noise) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + s + out.slice(i);
  }
  return out;
}

/** A whole note. */
export const note: fc.Arbitrary<string> = fc
  .record({
    bom: fc.nat(15),
    front: fc.option(frontMatter, { freq: 4 }),
    blocks: fc.array(blockAt(0), { maxLength: 7 }),
    seps: fc.array(pick(['\n\n', '\n\n', '\n\n', '\n', '\n\n\n', '\n  \n', '\n\t\n']), { minLength: 1, maxLength: 4 }),
    trailing: pick(['\n', '\n', '', '\n\n', '\n   ']),
    eol: pick<Eol>(['lf', 'lf', 'lf', 'crlf', 'crlf', 'cr', 'mixed', 'mixed']),
    cycle: fc.array(pick(['\n', '\r\n', '\r']), { minLength: 1, maxLength: 6 }),
    noise: fc.oneof(w(3, fc.constant([] as Array<{ at: number; s: string }>)), w(2, fc.array(fc.record({ at: fc.nat(), s: noiseChar }), { minLength: 1, maxLength: 4 }))),
  })
  .map(({ bom, front, blocks, seps, trailing, eol, cycle, noise }) => {
    let md = '';
    if (front !== null) md += front + '\n';
    blocks.forEach((b, k) => {
      md += (k === 0 ? '' : seps[k % seps.length]) + b;
    });
    md += trailing;
    if (bom === 0) md = '\uFEFF' + md;
    return withNoise(withEol(md, eol, cycle), noise);
  });

/** Text a writer types or pastes into a note: for random edits. */
export const snippet: fc.Arbitrary<string> = fc.oneof(
  w(3, pick([' (speaker opinion)', ' not verified', '.', '\n', '\n\n', '\r\n', '\r', '[ref1]', '[^1]', '`', '```\n', '> ', '- ', '1. ', '|', '| a | b |\n|---|---|\n| c | speaker paraphrase |\n',
    '\n[ref1]: https://example.org/changed "Changed"\n', '\n[^1]: Now with a [link](https://example.org/f).\n', '<!-- claim-lens-disable-next-line -->\n', '---\n', '    ', '[x](https://example.org/x)',
    '"', '# ', '<!--', '-->', '<div>\n', '\uD83D', '\uDE00', '\u0000', '\uFEFF', '  \n', '\t'])),
  w(2, sentence),
  w(1, markerPhrase),
  w(1, blockAt(MAX_DEPTH).map((b) => `\n\n${b}\n\n`)),
  w(1, directive.map((d) => `${d}\n`)),
  w(1, fc.string({ unit: anyChar, maxLength: 6 })),
);

/** A suppression reason as a writer might type it. */
export const reason: fc.Arbitrary<string> = fc.oneof(
  w(3, pick(['the speaker\u2019s view is the point of this note', 'checked with the panel', 'a --> b\nc', '', '   ', 'x -- y', '<!-- nested -->', '\uD83D\uDE00 emoji', 'ends with -', '-', 'with > and -- and \r\n', '\u0000'])),
  w(1, fc.string({ unit: anyChar, maxLength: 20 })),
);

/** A new source as the Add Citation prompt accepts it: a URL that parses, and a non-empty title. */
export const newSource: fc.Arbitrary<{ url: string; title: string }> = fc
  .tuple(pick(NEW_SOURCE_URLS), title)
  .map(([u, t]) => ({ url: u, title: t.trim() || u }));
