import type { RuleCode, RuleData } from './rules';
// Plain data shared by the core, the CLI and the extension. Positions follow LSP:
// zero-based lines, UTF-16 code-unit characters, exclusive ends.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** A configured severity; `off` drops the finding. */
export type SeveritySetting = Severity | 'off';

export type Via = 'inline' | 'reference' | 'footnote' | 'registry' | 'note';

export interface Marker {
  /** The marker exactly as written in the note. */
  text: string;
  status: string;
  range: Range;
}

export interface Source {
  url?: string;
  title: string;
  via: Via;
  /** Reference or footnote label, when the source came through one. */
  label?: string;
  /** Where the source is defined: a link definition, a footnote, the front matter. */
  definition?: Range;
  /** From the sources registry: what kind of source, and what is known of it. */
  kind?: 'primary' | 'secondary' | 'recording';
  publisher?: string;
  published?: string;
  accessed?: string;
  /** Path of a saved copy, relative to the config file's folder. */
  snapshot?: string;
  archive?: string;
}

/** A time in a claim that points into a recording it cites. */
export interface ClaimTimestamp {
  text: string;
  seconds: number;
  url: string;
  range: Range;
}

/** A quotation in a claim, checked against the saved copy of its source. */
export interface ClaimQuote {
  text: string;
  range: Range;
  found: boolean;
  /** The passage found, or the closest one, from the snapshot with markup stripped. */
  passage?: string;
  context?: string;
  similarity: number;
  /** The snapshot it was checked against, and the passage's line there. */
  snapshot: string;
  line?: number;
}

export interface Suppression {
  reason: string | null;
}

export interface Claim {
  status: string;
  text: string;
  range: Range;
  markers: Marker[];
  sources: Source[];
  suppressed?: Suppression;
  timestamps?: ClaimTimestamp[];
  quotes?: ClaimQuote[];
  /**
   * Set when the markers stand in a fragment of their own that qualifies this claim: a trailing
   * tag sentence ("Unverified."), a table's evidence cell. The markers lie in this range, beside
   * the claim's.
   */
  annotation?: { text: string; range: Range };
  /** Every marker is the writer's own view ("in my opinion"): no source is expected. */
  own?: boolean;
  /** The status's label from `.claimlens.yaml`, when it is not the built-in one. */
  label?: string;
}

export interface RelatedInformation {
  message: string;
  range: Range;
}

/** A message as a template with `{0}`-style placeholders, so an editor can translate it. */
export interface Localizable {
  message: string;
  args: Array<string | number>;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** The message's template and arguments; `message` is the English text they make. */
  l10n?: Localizable;
  range: Range;
  related?: RelatedInformation[];
  /** Marks findings an editor shows faded, e.g. unused definitions. */
  unnecessary?: boolean;
  /** What a quick fix needs, typed per code in the rule registry; never parsed from the message. */
  data?: RuleData[RuleCode];
}

/** A citation target declared in the note: link definition, footnote or front-matter source. */
export interface Definition {
  kind: 'reference' | 'footnote' | 'note';
  label: string;
  url?: string;
  title: string;
  range: Range;
  /** Number of places in the note that cite it. */
  uses: number;
}

/**
 * A place in the note that cites something, flagged sentence or not: a link written in place
 * (with its text or URL as title), a reference or footnote that resolves to a definition, or a
 * key of the sources registry.
 */
export type Citation =
  | { kind: 'inline' | 'autolink' | 'bare'; range: Range; url: string; /** Link text or title, for links written in place. */ title?: string; label?: undefined; definition?: undefined }
  | { kind: 'reference' | 'footnote'; range: Range; label: string; url?: string; /** The definition it resolves to. */ definition: Range; title?: undefined }
  | { kind: 'registry'; range: Range; label: string; url?: string; title?: string; definition?: undefined };

export interface DocumentAnalysis {
  claims: Claim[];
  findings: Finding[];
  definitions: Definition[];
  citations: Citation[];
  /** Sources declared in front matter (the note's own source). */
  noteSources: Source[];
}

export interface TextEdit {
  range: Range;
  newText: string;
}
