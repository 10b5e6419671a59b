// Definitions: the note's link definitions and footnotes, how a label resolves to one, what a
// footnote cites, and which definitions nothing cites.
import { DEF_LABEL, normalizeLabel, type ParsedBlocks, type ProseBlock } from './blocks';
import type { InlineScan } from './inline';
import { ruleMessage, type FindingSink } from './findings';
import { capSource, shortenTitle } from './sourceCaps';
import { citeSource, collapse, type Resolve } from './sources';
import type { LineIndex } from './text';
import type { Definition, Range } from './types';

interface FootnoteDef {
  def: Definition;
  /** The footnote's own blocks that can cite something, in order. */
  blocks: Array<{ block: ProseBlock; scan: InlineScan }>;
}

/** The note's definitions, by key, and the resolvers the later stages use. */
export interface NoteDefinitions {
  /** In note order. */
  definitions: Definition[];
  refDefs: Map<string, Definition>;
  footDefs: Map<string, FootnoteDef>;
  resolveRef: Resolve;
  resolveFoot: Resolve;
}

/** Reads the link definitions and footnotes declared in the note; the first of a label wins. */
export function readDefinitions(parsed: ParsedBlocks, lines: LineIndex, sink: FindingSink): NoteDefinitions {
  const refDefs = new Map<string, Definition>();
  const footDefs = new Map<string, FootnoteDef>();
  const definitions: Definition[] = [];
  for (const d of parsed.definitions) {
    const first = lines.line(d.startLine);
    // Definitions may sit in a quote or a list: find the label wherever the line puts it.
    const labelAt = DEF_LABEL.exec(first);
    if (!labelAt) continue;
    let last = d.endLine - 1;
    while (last > d.startLine && lines.line(last).trim() === '') last--;
    const range: Range = { start: { line: d.startLine, character: labelAt.index }, end: { line: last, character: lines.line(last).trimEnd().length } };
    const label = labelAt[1];
    if (d.kind === 'reference') {
      if (d.key === undefined || d.href === undefined || refDefs.has(d.key)) continue;
      const capped = capSource(d.href, d.title || label);
      if (capped.problem) sink.add('source.too-long', ruleMessage('source.too-long', 'default', capped.problem), range);
      const def: Definition = { kind: 'reference', label, url: capped.url, title: capped.title, range, uses: 0 };
      refDefs.set(d.key, def);
      definitions.push(def);
    } else {
      const name = label.replace(/^\^/, '');
      if (footDefs.has(name)) continue;
      const def: Definition = { kind: 'footnote', label: name, title: '', range, uses: 0 };
      footDefs.set(name, { def, blocks: [] });
      definitions.push(def);
    }
  }
  return { definitions, refDefs, footDefs, resolveRef: (label) => refDefs.get(normalizeLabel(label)), resolveFoot: (label) => footDefs.get(label)?.def };
}

/** Footnotes resolve to their first link, or to their own text. Call once every footnote block is scanned. */
export function resolveFootnotes(defs: NoteDefinitions): void {
  for (const { def, blocks } of defs.footDefs.values()) {
    for (const { scan } of blocks) {
      for (const cite of scan.cites) {
        const s = citeSource(cite, defs.resolveRef, () => undefined);
        if (s?.url) {
          def.url = s.url;
          def.title = s.title;
          break;
        }
      }
      if (def.url) break;
    }
    if (!def.title) def.title = blocks.length ? shortenTitle(collapse(blocks[0].block.content)) : def.label;
  }
}

/** Counts a use of the definition a block cited. */
export function countUse(defs: NoteDefinitions, used: { kind: 'reference' | 'footnote'; key: string }): void {
  const def = used.kind === 'reference' ? defs.refDefs.get(used.key) : defs.footDefs.get(used.key)?.def;
  if (def) def.uses++;
}

/** `source.unused` for every definition nothing in the note cites. */
export function unusedDefinitions(definitions: readonly Definition[], sink: FindingSink): void {
  for (const def of definitions) {
    // A heading anchor ("[summary]: #summary", as in RFC templates) is navigation, not a source.
    if (def.uses > 0 || (def.kind === 'reference' && def.url?.startsWith('#'))) continue;
    const kind = def.kind === 'reference' ? 'reference' : 'footnote';
    sink.add('source.unused', ruleMessage('source.unused', kind, def.label), def.range, { kind, label: def.label }, { unnecessary: true });
  }
}
