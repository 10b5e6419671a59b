/** What each finding code means, for SARIF rules, docs links and hovers. */
export const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'claim.unverified': 'A sentence the writer marked as not verified.',
  'claim.paraphrase': 'A sentence the writer marked as the speaker’s paraphrase, with no verbatim source.',
  'claim.opinion': 'A sentence the writer marked as the speaker’s opinion, judgment or figure of speech.',
  'claim.prediction': 'A sentence the writer marked as a claim about the future.',
  'claim.context': 'A sentence the writer marked as usable only as background.',
  'claim.no-source': 'A flagged claim with no primary source: nothing cited in the sentence and no source in the front matter.',
  'source.undefined-reference': 'A reference link or footnote whose label has no definition in the note.',
  'source.unused': 'A link definition or footnote that no sentence cites.',
  'frontmatter.invalid': 'The note’s YAML front matter cannot be read, or its source entries have the wrong shape.',
  'config.invalid': 'A problem in .claimlens.yaml; the rest of the file still applies.',
  'suppression.invalid': 'A claim-lens comment names a status that does not exist.',
  'source.unknown-key': 'A citation [@key] names a key that is not in the sources registry.',
  'quote.not-in-source': 'A quotation does not appear in the saved copy (snapshot) of the source the sentence cites.',
  'source.stale': 'A registry source was last accessed longer ago than claimLens.staleAfterDays.',
  'source.unreachable': 'A source link did not answer, or answered with an error, when links were checked.',
  'source.too-long': 'A link definition’s title is over 300 characters (it is shortened) or its URL over 2,048 (it is not a link), so it is not copied whole into every claim that cites it.',
  'file.unreadable': 'The CLI could not read a note: it is not UTF-8 text, holds binary data, is not a regular file or cannot be opened.',
  'file.too-large': 'The note is larger than claimLens.maxFileSizeKB, so the editor did not analyse it.',
  'markdown.too-deep': 'Quotes, lists or footnotes nest so deeply that Claim Lens reads the deeper lines as plain text.',
  'source.unsafe-url': 'A source link uses a scheme other than http, https or mailto; it is shown as text and never opened.',
};

export const DOCS_BASE = 'https://github.com/claim-lens/claim-lens/blob/main/docs/rules/';

/** The name of a code's page in docs/rules; custom statuses share the page on custom statuses. */
export function rulePage(code: string): string {
  return Object.hasOwn(RULE_DESCRIPTIONS, code) ? code : 'claim.custom';
}

/** The documentation page of a code on the web (SARIF); the editor opens the bundled page. */
export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE}${rulePage(code)}.md`;
}

export function ruleDescription(code: string): string {
  return RULE_DESCRIPTIONS[code] ?? `A sentence marked with the custom status “${code.replace(/^claim\./, '')}”.`;
}
