import type { SeveritySetting } from './types';

/**
 * Where a marker counts. `anywhere`: a phrase distinctive enough that it marks a claim wherever it
 * stands ("speaker opinion"). `annotation`: a common word ("prediction", "unverified") that marks a
 * claim only where writers put annotations: in parentheses or brackets, after a dash, semicolon,
 * comma or colon, as a label or fragment of its own, or as a predicate ("… is unverified",
 * "… remains predictive"); never as an ordinary word in a sentence ("branch prediction").
 * `tag`: a tag after a claim ("[citation needed]"), not one named in prose ("the citation needed tag").
 * `acronym`: "IMO", but not "IMO Gold" or "the IMO 2024".
 * Wherever a marker stands, one that is named rather than used ("the speaker opinion marker") or is
 * part of a hyphenated word ("supposedly-internal") does not count.
 */
export type MarkerPlace = 'anywhere' | 'annotation' | 'tag' | 'acronym';

export interface MarkerSpec {
  text: string;
  place: MarkerPlace;
  /** The writer's own view ("in my opinion"): such a claim has no primary source to find. */
  own?: boolean;
}

/** A claim status: its markers, severity and place in the precedence order. */
export interface StatusDefinition {
  name: string;
  label: string;
  severity: SeveritySetting;
  markers: MarkerSpec[];
  /**
   * Whether a claim of this status should cite a primary source (`claim.no-source` when it cites
   * none). A claim whose markers are all the writer's own never needs one.
   */
  needsSource: boolean;
}

const any = (...texts: string[]): MarkerSpec[] => texts.map((text) => ({ text, place: 'anywhere' }));
const at = (...texts: string[]): MarkerSpec[] => texts.map((text) => ({ text, place: 'annotation' }));
/** A tag written after a claim, "[citation needed]": not one mentioned in running prose ("the citation needed tag"). */
const tag = (...texts: string[]): MarkerSpec[] => texts.map((text) => ({ text, place: 'tag' }));
/** An acronym that is also a name ("IMO Gold", "the IMO 2024"): counts unless a name or number follows it. */
const acronym = (...texts: string[]): MarkerSpec[] => texts.map((text) => ({ text, place: 'acronym' }));
const own = (list: MarkerSpec[]): MarkerSpec[] => list.map((m) => ({ ...m, own: true }));

/**
 * The built-in vocabulary, most severe first: when a sentence carries several markers, the
 * earliest status in this list wins. The phrases come from the notes Claim Lens was built on and
 * from conventions measured on public notes (meeting minutes, talk and paper notes, wikis).
 */
export const DEFAULT_STATUSES: readonly StatusDefinition[] = [
  {
    name: 'unverified',
    label: 'Unverified',
    severity: 'warning',
    needsSource: true,
    markers: [
      ...any('could not be fetched', 'no public repo link', 'no public case link', 'no verbatim source', 'no official roadmap',
        'community wish', 'not verified in this research', 'not independently verified', 'could not verify', 'could not be verified',
        "couldn't verify", "couldn't be verified", 'could not confirm', "couldn't confirm", 'needs a citation',
        'allegedly', 'supposedly', 'reportedly', '(?)', '[?]', '(??)', '[??]'),
      ...tag('citation needed', 'citation-needed'),
      ...at('unverified', 'not verified', 'not verbatim', 'not captured', 'unconfirmed', 'not confirmed', 'needs verification', 'to be verified'),
    ],
  },
  {
    name: 'paraphrase',
    label: 'Paraphrase',
    severity: 'information',
    needsSource: true,
    markers: [
      ...any('speaker paraphrase', 'oral remarks', 'comes from subtitles', 'from the Q&A', 'paraphrase from memory', 'paraphrased from memory',
        'roughly what she said', 'roughly what he said', 'roughly what they said', 'not an exact quote', 'not a direct quote', 'not a verbatim quote'),
      ...at('paraphrasing', 'paraphrased', 'paraphrase', 'from memory'),
    ],
  },
  {
    name: 'opinion',
    label: 'Opinion',
    severity: 'information',
    needsSource: true,
    markers: [
      ...any('speaker opinion', 'speaker judgment', "the show's judgment", 'speaker metaphor', 'metaphor only', 'qualitative argument'),
      ...own(any("author's opinion", "authors' opinion", 'in my opinion', 'in my humble opinion', 'in my view', 'my opinion is', 'my view is', 'my take is', 'my take on', 'my two cents', 'personal opinion')),
      ...own(acronym('IMO', 'IMHO')),
      ...own(at('my take', 'opinion')),
    ],
  },
  {
    name: 'prediction',
    label: 'Prediction',
    severity: 'information',
    needsSource: true,
    markers: [
      ...at('predictive', 'prediction'),
      ...own(any('my prediction', 'my guess is', 'I predict')),
    ],
  },
  {
    name: 'context',
    label: 'Context only',
    severity: 'information',
    needsSource: true,
    markers: [
      ...any('internal poll', 'methodology not published', 'hallway survey', 'anecdotally', 'anecdotal', 'usable only as show context'),
      ...at('show context', 'context only', 'background only'),
    ],
  },
];

/** A status's built-in label: the default vocabulary's, or its name capitalised. */
export function builtInLabel(name: string): string {
  return DEFAULT_STATUSES.find((s) => s.name === name)?.label ?? name[0].toUpperCase() + name.slice(1);
}
