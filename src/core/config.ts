import { DEFAULT_STATUSES, type MarkerSpec, type StatusDefinition } from './vocabulary';
import { RULE_DEFAULTS } from './rules';
import { isMap, isScalar, isSeq, parseYaml, scalarString, type Node, type Pair, type YamlProblem } from './yamlNodes';
import type { SeveritySetting } from './types';
import { readRegistry, type RegistrySource } from './registry';

/** The settings one check runs with, after defaults and the user's file are merged. */
export interface ClaimLensConfig {
  /** Enabled statuses, most severe first. */
  statuses: StatusDefinition[];
  /** Severity per non-status finding code. */
  rules: Record<string, SeveritySetting>;
  /** Globs (relative to the config file's folder) of files that are not notes; `exclude` by its older name. */
  ignore: string[];
  /** Globs (relative to the config file's folder): when any are given, only files matching one are notes. */
  include: string[];
  /** Globs (relative to the config file's folder) of files that are not notes. */
  exclude: string[];
  /** The sources registry: citation key → source. */
  sources: Record<string, RegistrySource>;
}

export interface ConfigResult {
  config: ClaimLensConfig;
  problems: YamlProblem[];
}

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const STATUS_NAME = /^[a-z][a-z0-9-]*$/;
const MAX_MARKER = 200;
const MAX_MARKER_WORDS = 20;

export function defaultConfig(): ClaimLensConfig {
  return {
    statuses: DEFAULT_STATUSES.map((s) => ({ ...s, markers: s.markers.map((m) => ({ ...m })) })),
    rules: { ...RULE_DEFAULTS },
    ignore: [],
    include: [],
    exclude: [],
    sources: {},
  };
}

/**
 * Reads `.claimlens.yaml`. Every problem is reported with its place and the rest of
 * the file still applies, so one typo never turns the whole check off.
 */
export function parseConfig(text: string): ConfigResult {
  const { doc, problems, rangeOf } = parseYaml(text);
  const config = defaultConfig();
  const problem = (node: Node | Pair | null | undefined, message: string) => problems.push({ message, range: rangeOf(node) });
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    problem(root, 'The config must be a mapping of settings (for example `statuses:`).');
    return { config, problems };
  }

  let useDefaults = true;
  let order: string[] | undefined;
  const statusPairs: Pair[] = [];
  for (const pair of root.items) {
    const key = scalarString(pair.key);
    const value = pair.value as Node | null;
    switch (key) {
      case 'defaults': {
        if (!isScalar(value) || typeof value.value !== 'boolean') problem(value ?? pair, '`defaults` must be true or false.');
        else useDefaults = value.value;
        break;
      }
      case 'statuses':
        if (!isMap(value)) problem(value ?? pair, '`statuses` must map status names to their settings.');
        else for (const item of value.items) statusPairs.push(item);
        break;
      case 'order':
        order = stringList(value, pair, 'order', problem);
        break;
      case 'rules':
        readRules(value, pair, config.rules, problem);
        break;
      case 'ignore':
      case 'include':
      case 'exclude':
        config[key] = stringList(value, pair, key, problem) ?? [];
        break;
      case 'sources':
        config.sources = readRegistry(value, pair, problem, rangeOf);
        break;
      default:
        problem(pair.key as Node, `Unknown setting \`${key ?? '?'}\`. Known: defaults, statuses, order, rules, include, exclude, ignore, sources.`);
    }
  }

  const statuses = new Map<string, StatusDefinition & { enabled: boolean }>();
  if (useDefaults) for (const s of config.statuses) statuses.set(s.name, { ...s, enabled: true });
  for (const pair of statusPairs) readStatus(pair, statuses, problem);

  let ordered = [...statuses.values()];
  if (order) {
    const known = new Set(ordered.map((s) => s.name));
    const orderNode = root.get('order', true) as Node | undefined;
    for (const name of order) if (!known.has(name)) problem(orderNode, `\`order\` names an unknown status \`${name}\`.`);
    const pos = (n: string) => {
      const i = order!.indexOf(n);
      return i < 0 ? order!.length : i;
    };
    ordered = ordered
      .map((s, i) => ({ s, i }))
      .sort((a, b) => pos(a.s.name) - pos(b.s.name) || a.i - b.i)
      .map((x) => x.s);
  }
  config.statuses = ordered.filter((s) => s.enabled && s.markers.length > 0)
    .map(({ enabled: _enabled, ...s }) => s);
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { config, problems };
}

type Report = (node: Node | Pair | null | undefined, message: string) => void;

function stringList(value: Node | null, pair: Pair, name: string, problem: Report): string[] | undefined {
  if (!isSeq(value)) {
    problem(value ?? pair, `\`${name}\` must be a list of strings.`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value.items) {
    const s = scalarString(item);
    if (s === undefined || s.trim() === '') problem(item as Node, `Each entry of \`${name}\` must be a non-empty string.`);
    else out.push(s);
  }
  return out;
}

/**
 * Markers: a string counts wherever it stands; a mapping `{text, place, own}` can say that it
 * counts only where writers put annotations (`place: annotation`), or that it marks the writer's
 * own view (`own: true`, no source expected).
 */
function markerList(value: Node | null, pair: Pair, problem: Report): MarkerSpec[] | undefined {
  if (!isSeq(value)) {
    problem(value ?? pair, '`markers` must be a list of strings or of `{text, place, own}` mappings.');
    return undefined;
  }
  const out: MarkerSpec[] = [];
  for (const item of value.items) {
    if (isMap(item)) {
      const spec: MarkerSpec = { text: '', place: 'anywhere' };
      for (const p of item.items) {
        const k = scalarString(p.key);
        const v = p.value as Node | null;
        if (k === 'text') spec.text = scalarString(v) ?? '';
        else if (k === 'place') {
          const place = scalarString(v);
          if (place === 'anywhere' || place === 'annotation' || place === 'tag' || place === 'acronym') spec.place = place;
          else problem(v ?? p, '`place` must be `anywhere`, `annotation`, `tag` or `acronym`.');
        } else if (k === 'own') {
          if (!isScalar(v) || typeof v.value !== 'boolean') problem(v ?? p, '`own` must be true or false.');
          else if (v.value) spec.own = true;
        } else problem(p.key as Node, `Unknown marker setting \`${k ?? '?'}\`. Known: text, place, own.`);
      }
      if (spec.text.trim() === '') problem(item as Node, 'A marker needs a non-empty `text`.');
      else out.push(spec);
      continue;
    }
    const s = scalarString(item);
    if (s === undefined || s.trim() === '') problem(item as Node, 'Each entry of `markers` must be a non-empty string.');
    else out.push({ text: s, place: 'anywhere' });
  }
  return out;
}

function readSeverity(value: Node | null, pair: Pair, problem: Report): SeveritySetting | undefined {
  const s = scalarString(value);
  if (s === 'false') return 'off';
  if (s !== undefined && (SEVERITIES as readonly string[]).includes(s)) return s as SeveritySetting;
  problem(value ?? pair, `Severity must be one of ${SEVERITIES.join(', ')}.`);
  return undefined;
}

function readRules(value: Node | null, pair: Pair, rules: Record<string, SeveritySetting>, problem: Report): void {
  if (!isMap(value)) {
    problem(value ?? pair, '`rules` must map finding codes to severities.');
    return;
  }
  for (const p of value.items) {
    const code = scalarString(p.key);
    if (code === undefined || !(code in RULE_DEFAULTS)) {
      problem(p.key as Node, `Unknown rule \`${code ?? '?'}\`. Known: ${Object.keys(RULE_DEFAULTS).join(', ')}. Set a status's severity under \`statuses\`.`);
      continue;
    }
    const sev = readSeverity(p.value as Node | null, p, problem);
    if (sev) rules[code] = sev;
  }
}

function readStatus(pair: Pair, statuses: Map<string, StatusDefinition & { enabled: boolean }>, problem: Report): void {
  const name = scalarString(pair.key);
  if (name === undefined || !STATUS_NAME.test(name)) {
    problem(pair.key as Node, 'A status name must be lower-case letters, digits and dashes, starting with a letter.');
    return;
  }
  const value = pair.value as Node | null;
  if (!isMap(value)) {
    problem(value ?? pair, `Status \`${name}\` must be a mapping (markers, severity, label, needsSource, replace, enabled).`);
    return;
  }
  const existing = statuses.get(name);
  const status = existing ?? { name, label: name[0].toUpperCase() + name.slice(1), severity: 'information' as SeveritySetting, markers: [], needsSource: true, enabled: true };
  let replace = false;
  let markers: MarkerSpec[] | undefined;
  for (const p of value.items) {
    const key = scalarString(p.key);
    const v = p.value as Node | null;
    switch (key) {
      case 'markers':
        markers = markerList(v, p, problem);
        break;
      case 'severity': {
        const sev = readSeverity(v, p, problem);
        if (sev) status.severity = sev;
        break;
      }
      case 'label': {
        const s = scalarString(v);
        if (s === undefined || !s.trim()) problem(v ?? p, '`label` must be a non-empty string.');
        else status.label = s;
        break;
      }
      case 'replace':
      case 'enabled':
      case 'needsSource': {
        if (!isScalar(v) || typeof v.value !== 'boolean') problem(v ?? p, `\`${key}\` must be true or false.`);
        else if (key === 'replace') replace = v.value;
        else if (key === 'needsSource') status.needsSource = v.value;
        else status.enabled = v.value;
        break;
      }
      default:
        problem(p.key as Node, `Unknown status setting \`${key ?? '?'}\`. Known: markers, severity, label, needsSource, replace, enabled.`);
    }
  }
  if (markers) {
    const ok: MarkerSpec[] = [];
    for (const m of markers) {
      const t = m.text;
      if (t.length > MAX_MARKER || t.split(/\s+/).length > MAX_MARKER_WORDS) problem(value.get('markers', true) as Node, `A marker is at most ${MAX_MARKER} characters and ${MAX_MARKER_WORDS} words; \`${t.slice(0, 40)}…\` is ignored.`);
      else if (/[*_`\\]/.test(t)) problem(value.get('markers', true) as Node, `Markers are matched in the text as read, without emphasis or code markup; \`${t}\` holds markup characters (\`*\`, \`_\`, a backtick or a backslash) and is ignored.`);
      else if (!/[\p{L}\p{N}]/u.test(t) && t.replace(/\s/g, '').length < 2) problem(value.get('markers', true) as Node, `A marker without letters needs at least two characters, such as \`(?)\` or \`???\`; \`${t}\` is ignored.`);
      else ok.push(m);
    }
    markers = ok;
    status.markers = replace || !existing ? markers : [...status.markers, ...markers];
  }
  else if (replace) status.markers = [];
  if (!existing && status.markers.length === 0 && status.enabled) {
    problem(pair.key as Node, `Status \`${name}\` has no markers, so it can never match.`);
  }
  statuses.set(name, status);
}
