// Messages: a finding's text as a template and its arguments (so editors can translate it), the
// shared cache of repeated messages, and the words of a claim's own message.
import { fillTemplate, msg } from './findings';
import type { StatusDefinition } from './vocabulary';
import type { Claim, Finding, Localizable, Range, Severity, SeveritySetting } from './types';

export { fillTemplate, msg };

/** Adds a finding unless its severity is `off`. */
export type Push = (code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>) => void;

/**
 * Messages seen recently, by template and arguments: notes repeat the same few messages
 * ("Speaker opinion — no source") thousands of times, and each repeat shares one string
 * and one Localizable instead of allocating its own.
 */
/** The text of each shared message (those sharedMsg() made), by identity. */
const texts = new Map<Localizable, string>();
const shared = new Map<string, Map<string, Localizable>>();
let sharedCount = 0;
const MAX_SHARED = 4096;

/** Like msg(), but a repeat of a recent message is the same object, and so shares its text too. */
export function sharedMsg(template: string, ...args: Array<string | number>): Localizable {
  let key = args.length === 1 ? String(args[0]) : '';
  if (args.length > 1) for (const a of args) key += `${String(a).length}:${String(a)}`;
  // Long arguments (a long title) rarely repeat: they are not kept.
  if (key.length > 512) return msg(template, ...args);
  let byArgs = shared.get(template);
  let m = byArgs?.get(key);
  if (!m) {
    m = msg(template, ...args);
    if (++sharedCount > MAX_SHARED) {
      shared.clear();
      texts.clear();
      sharedCount = 1;
      byArgs = undefined;
    }
    if (!byArgs) shared.set(template, (byArgs = new Map()));
    byArgs.set(key, m);
    texts.set(m, fillTemplate(m));
  }
  return m;
}

const noSourceMsgs = new WeakMap<StatusDefinition, Localizable>();

export function noSourceMsg(def: StatusDefinition): Localizable {
  let m = noSourceMsgs.get(def);
  if (!m) noSourceMsgs.set(def, (m = sharedMsg('No primary source for this {0} claim: cite one in the sentence, or declare `source:` in the front matter.', def.label.toLowerCase())));
  return m;
}

/** Messages of claims without sources, by the claim's marker text. */
const noSourceClaims = new Map<string, Localizable>();
let lastNoSource: { names: string; m: Localizable } = { names: '', m: msg('') };

/** A finding, its text shared with earlier ones when sharedMsg() made its message. */
export function finding(code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>): Finding {
  const text = texts.get(message) ?? fillTemplate(message);
  const f: Finding = { code, severity: severity as Severity, message: text, l10n: message, range };
  return extra ? Object.assign(f, extra) : f;
}

function oneSpaced(text: string): string {
  // Printable ASCII with single spaces (the usual marker) is already in its one-spaced form.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 ? text.charCodeAt(i + 1) === 32 : c < 32 || c > 126) return text.replace(/\s+/g, ' ');
  }
  return text;
}

/** "Speaker opinion — source: Keynote recording (front matter)" */
export function claimMessage(claim: Claim): string {
  return fillTemplate(claimMessageL10n(claim));
}

export function claimMessageL10n(claim: Claim): Localizable {
  const names = claim.markers.length === 1 ? oneSpaced(claim.markers[0].text) : [...new Set(claim.markers.map((m) => oneSpaced(m.text)))].join(', ');
  if (claim.sources.length === 0) {
    // Claims in a row mostly carry the same marker: compare with the last one before hashing.
    if (names === lastNoSource.names) return lastNoSource.m;
    let m = noSourceClaims.get(names);
    if (!m) {
      if (noSourceClaims.size >= 1024) noSourceClaims.clear();
      noSourceClaims.set(names, (m = sharedMsg('{0} — no source', names[0].toUpperCase() + names.slice(1))));
    }
    lastNoSource = { names, m };
    return m;
  }
  const head = names[0].toUpperCase() + names.slice(1);
  const s = claim.sources[0];
  const n = claim.sources.length - 1;
  const more = n > 0 ? ' (+{3} more)' : '';
  switch (s.via) {
    case 'inline': return msg(`{0} — source: {1} (inline link)${more}`, head, s.title, '', n);
    case 'reference': return msg(`{0} — source: {1} (reference [{2}])${more}`, head, s.title, s.label ?? '', n);
    case 'footnote': return msg(`{0} — source: {1} (footnote [^{2}])${more}`, head, s.title, s.label ?? '', n);
    case 'registry': return msg(`{0} — source: {1} (registry {2})${more}`, head, s.title, s.label ?? '', n);
    case 'note': return sharedMsg(`{0} — source: {1} (front matter)${more}`, head, s.title, '', n);
  }
}
