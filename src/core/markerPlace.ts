/**
 * Where a common word counts as a marker. Writers annotate a claim in a few places: in
 * parentheses or brackets "(prediction)", after a dash, semicolon, comma or colon "— unverified",
 * as a label or a fragment of its own "Prediction: …", "Unverified.", or as a predicate
 * "… is unverified", "… remains predictive". The same words in running prose are ordinary
 * words: "branch prediction", "an unverified certificate", "not captured in opaque types".
 *
 * Works on scanner output: markup is GAP (U+0001), code, URLs and HTML are OPAQUE (U+0002),
 * comments INVISIBLE (U+0003); quotes are folded.
 */

/** Verbs and conjunctions after which a marker is a predicate: "is unverified", "and not verified". */
const LINKING = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'remains', 'remain', 'remained', 'stays', 'stay', 'stayed',
  'seems', 'seem', 'seemed', 'looks', 'look', 'appears', 'appear', 'as', 'and', 'or', 'but', "it's", "that's",
  'still', 'thus', 'hence', 'so', 'therefore',
]);

/** Words that may stand between a linking verb and the marker: "is a prediction", "remains largely predictive". */
const FILLER = new Set([
  'a', 'an', 'the', 'still', 'also', 'currently', 'largely', 'mostly', 'entirely', 'completely', 'partly', 'wholly',
  'just', 'only', 'purely', 'likely', 'probably', 'merely', 'clearly', 'pure', 'all', 'yet', 'as', 'so', 'far',
  'speaker', 'host', 'guest',
]);

/** What may follow a marker of each family when it is a predicate: "not verified by us", "a prediction about 2030". */
const COMPLEMENTS: Record<string, ReadonlySet<string>> = {
  verify: new Set(['by', 'beyond', 'as', 'whether', 'in', 'for', 'either', 'yet', 'independently', 'here', 'anywhere', 'elsewhere', 'publicly', 'against', 'with', 'at', 'on', 'so']),
  capture: new Set(['anywhere', 'here', 'publicly', 'verbatim', 'on']),
  predict: new Set(['for', 'about', 'that', 'of', 'from', 'per', 'by', 'only', 'at', 'on', 'repeated', 'made', 'shared', 'echoed', 'voiced', 'offered']),
  paraphrase: new Set(['of', 'from', 'by']),
  other: new Set(['of', 'from', 'by', 'per', 'only', 'at']),
};

function family(key: string): keyof typeof COMPLEMENTS {
  if (/verif|verbatim|confirm/.test(key)) return 'verify';
  if (/captured/.test(key)) return 'capture';
  if (/predict/.test(key)) return 'predict';
  if (/paraphras|memory/.test(key)) return 'paraphrase';
  return 'other';
}

const OPENERS = '([{\uFF08\u3010\u300C\u300E';
const CLOSERS = ')]}\uFF09\u3011\u300D\u300F';
const STOPS = '.!?\u2026\u3002\uFF01\uFF1F';
const PUNCT = ';:,\uFF1B\uFF1A\uFF0C\u3001';
const DASHES = '\u2014\u2013';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00A0' || c === '\u3000' || c === '\u0003';
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}'\u2019]/u;

/** A letter, digit, mark or apostrophe (one character, within bounds): ASCII without a regex, as it runs for every letter of the words it walks. */
function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 39;
  return WORD_CHAR.test(c);
}

type Left = 'start' | 'open' | 'dash' | 'punct' | 'comma' | 'verb' | 'as' | 'appositive' | 'word';

/** What stands before the marker: the start of a fragment, a bracket, a dash, punctuation, a linking verb, or a word. */
function leftOf(prose: string, start: number): Left {
  let i = start;
  let article = false;
  for (let words = 0; words < 4; words++) {
    while (i > 0 && (isSpace(prose[i - 1]) || prose[i - 1] === '\u0001' || prose[i - 1] === '"' || prose[i - 1] === '*' || prose[i - 1] === '_')) i--;
    if (i === 0) return 'start';
    const c = prose[i - 1];
    if (OPENERS.includes(c)) return 'open';
    if (DASHES.includes(c)) return 'dash';
    if (c === '-') return i >= 2 && (isSpace(prose[i - 2]) || prose[i - 2] === '-') ? 'dash' : 'word';
    if (PUNCT.includes(c)) return article ? 'appositive' : c === ',' || c === '\uFF0C' || c === '\u3001' ? 'comma' : 'punct';
    if (STOPS.includes(c) || c === '|' || c === '>' || c === '\n') return 'start';
    if (CLOSERS.includes(c) || c === '\u0002') return 'punct';
    if (!isWordChar(c)) return 'word';
    let w = i;
    while (w > 0 && isWordChar(prose[w - 1])) w--;
    const word = prose.slice(w, i).toLowerCase().replace(/\u2019/g, "'");
    // "treat as unverified": like a predicate, but "as prediction about our future" is prose.
    if (word === 'as') return 'as';
    if (LINKING.has(word)) return 'verb';
    // A possessive ("ben's opinion", "Jesus's prediction") is a word, unless "in" leads it: "in Ruben's opinion".
    if (word.endsWith("'s")) return words === 0 && possessiveAfterIn(prose, w) ? 'verb' : 'word';
    if (!FILLER.has(word)) return 'word';
    if (word === 'a' || word === 'an') article = true;
    i = w;
  }
  return 'word';
}

type Right = 'end' | 'word';

/** Whether "in" leads the possessive that ends at `w`: "in Ruben's opinion", "in this RFC author's opinion". */
function possessiveAfterIn(prose: string, w: number): boolean {
  const before = prose.slice(Math.max(0, w - 24), w).toLowerCase();
  return /(?:^|[^a-z])in(?:\s+(?:the|this|that|our|their|its|rfc|[a-z]+'s))*\s+$/.test(before);
}

/** What follows the marker: the end of a fragment (punctuation, a bracket, a citation) or a word. */
function rightOf(prose: string, end: number): { kind: Right; word?: string; comma?: boolean } {
  let i = end;
  while (i < prose.length && (isSpace(prose[i]) || prose[i] === '"')) i++;
  if (i >= prose.length) return { kind: 'end' };
  const c = prose[i];
  if (c === ',' || c === '\uFF0C' || c === '\u3001') return { kind: 'end', comma: true };
  // Markup, a link or a footnote right after the marker closes it: "unverified[^1]", "*not verified*."
  if (c === '\u0001' || c === '\u0002') return { kind: 'end' };
  if (STOPS.includes(c) || PUNCT.includes(c) || CLOSERS.includes(c) || DASHES.includes(c) || c === '|' || c === '\n') return { kind: 'end' };
  if (c === '-' && (i + 1 >= prose.length || isSpace(prose[i + 1]) || prose[i + 1] === '-')) return { kind: 'end' };
  if (!isWordChar(c)) return { kind: 'word' };
  let w = i;
  while (w < prose.length && isWordChar(prose[w])) w++;
  return { kind: 'word', word: prose.slice(i, w).toLowerCase() };
}

/** Whether a common-word marker at [start, end) of scanner output stands where writers put annotations. */
export function annotationPlace(prose: string, start: number, end: number, key: string): boolean {
  const left = leftOf(prose, start);
  if (left === 'word') return false;
  // "… in that they are not verified", "if the signature is not verified": an ordinary clause, not an annotation.
  if ((left === 'verb' || left === 'as') && subordinate(prose, start)) return false;
  const right = rightOf(prose, end);
  // A word in a list ("experience, opinion, and culture") is no annotation.
  if (left === 'comma' && (right.comma || right.word === 'and' || right.word === 'or')) return false;
  // "… is predictive and speaker judgment": a coordinated annotation ends where the next begins.
  if (right.kind === 'end' || right.word === 'and' || right.word === 'or' || right.word === 'but') return true;
  const fam = family(key);
  // "(paraphrasing the CEO)", "Paraphrasing Alice: …"
  if (fam === 'paraphrase' && key.endsWith('ing') && (left === 'open' || left === 'start' || left === 'dash')) return true;
  // "(paraphrased from [the guide])", "(paraphrase from: …)"
  if (fam === 'paraphrase' && left !== 'start' && COMPLEMENTS.paraphrase.has(right.word ?? '')) return true;
  // "not verified by us", "is a prediction about 2030", "; not verified whether …"
  if (left === 'verb' || left === 'appositive' || (fam === 'verify' && left !== 'start' && left !== 'comma')) return COMPLEMENTS[fam].has(right.word ?? '');
  return false;
}

/** Words that open a subordinate clause: "if it is not verified", "in that they are not verified". */
const SUBORDINATORS = new Set(['if', 'when', 'whenever', 'unless', 'because', 'since', 'that', 'whether', 'while', 'until', 'once', 'where']);

/** Whether the clause holding a predicate marker is subordinate: looks back a few words, to punctuation. */
function subordinate(prose: string, start: number): boolean {
  let i = start;
  for (let words = 0; words < 8; words++) {
    while (i > 0 && (isSpace(prose[i - 1]) || prose[i - 1] === '\u0001')) i--;
    if (i === 0 || !isWordChar(prose[i - 1])) return false;
    let w = i;
    while (w > 0 && isWordChar(prose[w - 1])) w--;
    if (SUBORDINATORS.has(prose.slice(w, i).toLowerCase())) return true;
    i = w;
  }
  return false;
}

/** Words after which a marker is named, not used: "the speaker opinion marker", "citation needed tags". */
const NAMING = new Set(['tag', 'tags', 'marker', 'markers', 'label', 'labels', 'template', 'templates', 'annotation', 'annotations']);

/** A marker named rather than used, or part of a hyphenated word ("supposedly-internal", "non-predictive"). */
export function namedOrCompound(prose: string, start: number, end: number): boolean {
  if (prose[end] === '-' && end + 1 < prose.length && isWordChar(prose[end + 1])) return true;
  if (start > 1 && prose[start - 1] === '-' && isWordChar(prose[start - 2]) && isWordChar(prose[start])) return true;
  const right = rightOf(prose, end);
  return right.kind === 'word' && NAMING.has(right.word ?? '');
}

/** A tag ends its claim or clause: what follows it (past brackets and links) is punctuation, the end, or a new sentence. */
export function tagPlace(prose: string, end: number): boolean {
  let i = end;
  while (i < prose.length && (isSpace(prose[i]) || prose[i] === '\u0001' || prose[i] === '\u0002' || CLOSERS.includes(prose[i]))) i++;
  if (i >= prose.length) return true;
  const c = prose[i];
  return !isWordChar(c) || c !== c.toLowerCase();
}

/** "IMO" as an aside, not the olympiad: no name or number after it, no article before it. */
export function acronymPlace(prose: string, start: number, end: number): boolean {
  let i = end;
  while (i < prose.length && (prose[i] === ' ' || prose[i] === '\u0001')) i++;
  const c = prose[i] ?? '';
  // A name or a number after it ("IMO Gold", "IMO 2024"); a sentence's own start ("IMO I think", "IMO The API") is fine.
  if (/[\p{Lu}\p{N}]/u.test(c) && !/^(?:I|The|This|That|It|We|You|They|There|A|An|Our|My)\b/.test(prose.slice(i, i + 6))) return false;
  let b = start;
  while (b > 0 && prose[b - 1] === ' ') b--;
  const before = prose.slice(Math.max(0, b - 4), b).toLowerCase();
  return !/(?:^|[^a-z])(?:the|an|a)$/.test(before);
}

/** Whether a marker introduces the words after it: "Prediction: …", "Allegedly, …". */
export function introduces(prose: string, end: number, key: string): boolean {
  if (key.endsWith('ly')) return true;
  let i = end;
  while (i < prose.length && (prose[i] === ' ' || prose[i] === '\u0001')) i++;
  return prose[i] === ':';
}
