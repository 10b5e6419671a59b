import type { SeveritySetting } from './types';

/**
 * The rule registry: one entry per finding code, with its default severity, what it means, and
 * the message templates its findings use. Severities, SARIF rules, rule pages, the schema and
 * the quick fixes all read this table, and a unit test checks the docs and schema against it.
 * Claim statuses (`claim.opinion`, custom ones) take their severity from the status instead.
 */

/** The structured data a finding of each code carries for quick fixes (`Diagnostic.data`). */
export interface RuleData {
  'claim.no-source': { status: string };
  'source.undefined-reference': { kind: 'reference' | 'footnote'; label: string };
  'source.unused': { kind: 'reference' | 'footnote'; label: string };
  'frontmatter.invalid': undefined;
  'config.invalid': undefined;
  'suppression.invalid': { statuses: string[] };
  'source.unknown-key': { key: string };
  'quote.not-in-source': { passage?: string; snapshot: string };
  'source.stale': { key: string; days: number };
  'source.unreachable': { url: string; key?: string };
  'source.too-long': undefined;
  'source.unsafe-url': { url: string };
  'file.unreadable': undefined;
  'file.too-large': { limitKB: number };
  'markdown.too-deep': undefined;
}

export type RuleCode = keyof RuleData;

export interface Rule {
  /** The severity when neither `.claimlens.yaml` nor the settings set one. */
  severity: SeveritySetting;
  /** Whether `rules:` in `.claimlens.yaml` may set its severity. */
  configurable: boolean;
  description: string;
  /** English message templates with `{n}` placeholders, by message id; the editor translates them. */
  messages: Readonly<Record<string, string>>;
}

const UNSAFE_TAIL = 'only http, https and mailto sources become links.';

export const RULES = {
  'claim.no-source': {
    severity: 'warning',
    configurable: true,
    description: 'A flagged claim with no primary source: nothing cited in the sentence and no source in the front matter.',
    messages: { default: 'No primary source for this {0} claim: cite one in the sentence, or declare `source:` in the front matter.' },
  },
  'source.undefined-reference': {
    severity: 'warning',
    configurable: true,
    description: 'A reference link or footnote whose label has no definition in the note.',
    messages: { reference: 'Reference [{0}] has no link definition in this note.', footnote: 'Footnote [^{0}] has no definition in this note.' },
  },
  'source.unused': {
    severity: 'hint',
    configurable: true,
    description: 'A link definition or footnote that no sentence cites.',
    messages: { reference: 'Link definition [{0}] is never cited in this note.', footnote: 'Footnote [^{0}] is never cited in this note.' },
  },
  'frontmatter.invalid': {
    severity: 'warning',
    configurable: true,
    description: 'The note’s YAML front matter cannot be read, or its source entries have the wrong shape.',
    messages: { default: 'Front matter: {0}' },
  },
  'suppression.invalid': {
    severity: 'warning',
    configurable: true,
    description: 'A claim-lens comment names a status that does not exist.',
    messages: { default: 'Unknown status {0} in a claim-lens comment. Known: {1}.' },
  },
  'source.unknown-key': {
    severity: 'warning',
    configurable: true,
    description: 'A citation [@key] names a key that is not in the sources registry.',
    messages: { default: 'Unknown source key @{0}: add it to `sources:` in .claimlens.yaml.' },
  },
  'quote.not-in-source': {
    severity: 'warning',
    configurable: true,
    description: 'A quotation does not appear in the saved copy (snapshot) of the source the sentence cites.',
    messages: {
      closest: 'This quotation is not in the saved copy of “{0}” ({1}). Closest passage ({2}% alike): “{3}”.',
      default: 'This quotation is not in the saved copy of “{0}” ({1}).',
    },
  },
  'source.stale': {
    severity: 'hint',
    configurable: true,
    description: 'A registry source was last accessed longer ago than claimLens.staleAfterDays.',
    messages: { default: 'Source @{0} was last accessed {1} days ago ({2}); check it is still what it says.' },
  },
  'source.unreachable': {
    severity: 'warning',
    configurable: true,
    description: 'A source link did not answer, or answered with an error, when links were checked.',
    messages: {
      status: 'Source link {0} answered {1} when checked.',
      timeout: 'Source link {0} did not answer in time when checked.',
      failed: 'Source link {0} failed ({1}) when checked.',
    },
  },
  'source.unsafe-url': {
    severity: 'warning',
    configurable: true,
    description: 'A source link uses a scheme other than http, https or mailto; it is shown as text and never opened.',
    messages: {
      note: `The note's source {0} uses a scheme that Claim Lens never opens; ${UNSAFE_TAIL}`,
      link: `The link {0} uses a scheme that Claim Lens never opens; ${UNSAFE_TAIL}`,
      registry: `Source @{0} has the link {1}, whose scheme Claim Lens never opens; ${UNSAFE_TAIL}`,
    },
  },
  'markdown.too-deep': {
    severity: 'information',
    configurable: true,
    description: 'Quotes, lists or footnotes nest so deeply that Claim Lens reads the deeper lines as plain text.',
    messages: { default: 'Quotes, lists or footnotes nest too deeply here (more than {0} levels, where a list and its item are two): from this line on, Claim Lens reads them as plain text.' },
  },
  'file.unreadable': {
    severity: 'warning',
    configurable: true,
    description: 'The CLI could not read a note: it is not UTF-8 text, holds binary data, is not a regular file or cannot be opened.',
    messages: { default: 'This file {0}, so it was not checked.' },
  },
  'source.too-long': {
    severity: 'information',
    configurable: true,
    description: 'A link definition’s title is over 300 characters (it is shortened) or its URL over 2,048 (it is not a link), so it is not copied whole into every claim that cites it.',
    messages: { default: 'This source is too long to copy into each claim that cites it: {0}.' },
  },
  'config.invalid': {
    severity: 'error',
    configurable: false,
    description: 'A problem in .claimlens.yaml; the rest of the file still applies.',
    messages: { default: '{0}' },
  },
  'file.too-large': {
    severity: 'information',
    configurable: false,
    description: 'The note is larger than claimLens.maxFileSizeKB, so the editor did not analyse it.',
    messages: { default: 'Claim Lens did not analyse this note: {0} MB is over claimLens.maxFileSizeKB ({1} KB). Run “Claim Lens: Analyse This Note Anyway” to analyse it.' },
  },
} as const satisfies { readonly [C in RuleCode]: Rule };

/** The built-in statuses' codes and meanings; their severities live with the statuses (vocabulary.ts). */
const STATUS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'claim.unverified': 'A sentence the writer marked as not verified.',
  'claim.paraphrase': 'A sentence the writer marked as the speaker’s paraphrase, with no verbatim source.',
  'claim.opinion': 'A sentence the writer marked as the speaker’s opinion, judgment or figure of speech.',
  'claim.prediction': 'A sentence the writer marked as a claim about the future.',
  'claim.context': 'A sentence the writer marked as usable only as background.',
};

/** The message templates of a claim finding, by where its first source came from. */
export const CLAIM_MESSAGES = {
  none: '{0} — no source',
  inline: '{0} — source: {1} (inline link)',
  reference: '{0} — source: {1} (reference [{2}])',
  footnote: '{0} — source: {1} (footnote [^{2}])',
  registry: '{0} — source: {1} (registry {2})',
  note: '{0} — source: {1} (front matter)',
  more: ' (+{3} more)',
} as const;

/** What each finding code means, for SARIF rules, docs links and the rule picker. */
export const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ...STATUS_DESCRIPTIONS,
  ...Object.fromEntries(Object.entries(RULES).map(([code, r]) => [code, r.description])),
};

/** Codes whose severity `rules:` in `.claimlens.yaml` may set, with their defaults. */
export const RULE_DEFAULTS: Readonly<Record<string, SeveritySetting>> = Object.fromEntries(
  Object.entries(RULES as Readonly<Record<string, Rule>>).filter(([, r]) => r.configurable).map(([code, r]) => [code, r.severity]),
);

export function isRuleCode(code: string): code is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}

/** The template of one of a rule's messages; a wrong id is a programming error, caught by the types. */
export function template<C extends RuleCode>(code: C, id: MessageId<C>): string {
  return (RULES[code].messages as Readonly<Record<string, string>>)[id];
}

export type MessageId<C extends RuleCode> = keyof (typeof RULES)[C]['messages'] & string;

export const DOCS_BASE = 'https://github.com/claim-lens/claim-lens/blob/main/docs/rules/';

/** The page name of a code's rule, under docs/rules/; custom statuses share the page on custom statuses. */
export function rulePage(code: string): string {
  return `${Object.hasOwn(RULE_DESCRIPTIONS, code) ? code : 'claim.custom'}.md`;
}

/** The web address of a code's rule page (SARIF, the CLI); the editor opens the bundled page. */
export function ruleDocsUrl(code: string): string {
  return DOCS_BASE + rulePage(code);
}

export function ruleDescription(code: string): string {
  return RULE_DESCRIPTIONS[code] ?? `A sentence marked with the custom status “${code.replace(/^claim\./, '')}”.`;
}
