import type { SeveritySetting } from './types';

/** A claim status: its markers, severity and place in the precedence order. */
export interface StatusDefinition {
  name: string;
  label: string;
  severity: SeveritySetting;
  markers: string[];
}

/**
 * The built-in vocabulary from real notes, most severe first: when a sentence
 * carries several markers, the earliest status in this list wins.
 */
export const DEFAULT_STATUSES: readonly StatusDefinition[] = [
  {
    name: 'unverified',
    label: 'Unverified',
    severity: 'warning',
    markers: [
      'unverified', 'not verified', 'could not be fetched', 'no public repo link', 'no public case link',
      'no verbatim source', 'not verbatim', 'not captured', 'no official roadmap', 'community wish',
    ],
  },
  {
    name: 'paraphrase',
    label: 'Paraphrase',
    severity: 'information',
    markers: ['speaker paraphrase', 'oral remarks', 'comes from subtitles', 'from the Q&A'],
  },
  {
    name: 'opinion',
    label: 'Opinion',
    severity: 'information',
    markers: [
      'speaker opinion', 'speaker judgment', "the show's judgment", 'speaker metaphor', 'metaphor only',
      'qualitative argument',
    ],
  },
  {
    name: 'prediction',
    label: 'Prediction',
    severity: 'information',
    markers: ['predictive', 'prediction'],
  },
  {
    name: 'context',
    label: 'Context only',
    severity: 'information',
    markers: ['internal poll', 'show context', 'methodology not published', 'hallway survey'],
  },
];

/** Codes of findings that are not claim statuses, with their default severities. */
export const RULE_DEFAULTS: Readonly<Record<string, SeveritySetting>> = {
  'claim.no-source': 'warning',
  'source.undefined-reference': 'warning',
  'source.unused': 'hint',
  'frontmatter.invalid': 'warning',
  'suppression.invalid': 'warning',
  'source.unknown-key': 'warning',
  'quote.not-in-source': 'warning',
  'source.stale': 'hint',
  'source.unreachable': 'warning',
  'source.unsafe-url': 'warning',
  'markdown.too-deep': 'information',
  'file.unreadable': 'warning',
  'source.too-long': 'information',
};
