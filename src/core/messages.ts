// Messages: a finding's text as a template and its arguments (so editors can translate it), the
// shared cache of repeated messages, and the words of a claim's own message.
import { fillTemplate, msg } from './findings';
import { CLAIM_MESSAGES, template } from './rules';
import type { StatusDefinition } from './vocabulary';
import type { Claim, Localizable } from './types';

export { fillTemplate, msg };

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
  if (!m) noSourceMsgs.set(def, (m = sharedMsg(template('claim.no-source', 'default'), def.label.toLowerCase())));
  return m;
}

/** Messages of claims without sources, by the claim's marker text. */
const noSourceClaims = new Map<string, Localizable>();
let lastNoSource: { names: string; m: Localizable } = { names: '', m: msg('') };

/** The text of a message sharedMsg() made, so findings with it share one string. */
export function sharedText(message: Localizable): string | undefined {
  return texts.get(message);
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
      noSourceClaims.set(names, (m = sharedMsg(CLAIM_MESSAGES.none, names[0].toUpperCase() + names.slice(1))));
    }
    lastNoSource = { names, m };
    return m;
  }
  const head = names[0].toUpperCase() + names.slice(1);
  const s = claim.sources[0];
  const n = claim.sources.length - 1;
  const t = n > 0 ? CLAIM_MESSAGES[s.via] + CLAIM_MESSAGES.more : CLAIM_MESSAGES[s.via];
  // The front matter's source repeats on every claim of the note: its messages are shared.
  return s.via === 'note' ? sharedMsg(t, head, s.title, '', n) : msg(t, head, s.title, s.via === 'inline' ? '' : s.label ?? '', n);
}
