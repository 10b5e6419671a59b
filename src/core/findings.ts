import { RULES, template, type MessageId, type RuleCode, type RuleData } from './rules';
import type { Finding, Localizable, Range, Severity, SeveritySetting } from './types';

/**
 * The one sink for findings: the core's stages, the CLI and the editor all make findings here,
 * so the configured severity is applied in one place and every message comes from the registry.
 */

/** The severity of a rule: the configured one (`rules:` or the settings), else the registry's default. */
export function ruleSeverity(code: RuleCode, configured: Readonly<Record<string, SeveritySetting>> | undefined): SeveritySetting {
  return configured?.[code] ?? RULES[code].severity;
}

/** A message from a template and its arguments: the English text, and the parts to translate it. */
export function msg(template: string, ...args: Array<string | number>): Localizable {
  return { message: template, args };
}

/** A rule's message by id, with its arguments. */
export function ruleMessage<C extends RuleCode>(code: C, id: MessageId<C>, ...args: Array<string | number>): Localizable {
  return msg(template(code, id), ...args);
}

/** Fills `{n}` placeholders in one pass; a placeholder without its argument stays as written. */
export function fillTemplate(l: Localizable): string {
  const t = l.message;
  let out = '';
  let from = 0;
  for (let at = t.indexOf('{'); at >= 0; at = t.indexOf('{', at + 1)) {
    let end = at + 1;
    while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
    if (end === at + 1 || t.charCodeAt(end) !== 125) continue;
    const arg = l.args[Number(t.slice(at + 1, end))];
    if (arg === undefined) continue;
    out += t.slice(from, at) + String(arg);
    from = end + 1;
    at = end;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** A finding of a registry rule at a severity already decided (undefined when it is off). */
export function makeFinding<C extends RuleCode>(code: C, severity: SeveritySetting, message: Localizable, range: Range, data?: RuleData[C], extra?: Partial<Finding>, text?: string): Finding | undefined {
  if (severity === 'off') return undefined;
  const f: Finding = { code, severity: severity as Severity, message: text ?? fillTemplate(message), l10n: message, range };
  if (data !== undefined) f.data = data;
  return extra ? Object.assign(f, extra) : f;
}

/**
 * Where the core's stages put their findings. `add` applies the configured severity of a registry
 * rule (an `extra.severity` can only lower a finding that is on); `claim` takes the status's own.
 */
export interface FindingSink {
  add<C extends RuleCode>(code: C, message: Localizable, range: Range, data?: RuleData[C], extra?: Partial<Finding>): void;
  claim(code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>): void;
}

/** A sink that appends to `out`; `textOf` may give a message's text already made (shared strings). */
export function findingSink(configured: Readonly<Record<string, SeveritySetting>>, out: Finding[], textOf?: (m: Localizable) => string | undefined): FindingSink {
  return {
    add(code, message, range, data, extra) {
      const f = makeFinding(code, ruleSeverity(code, configured), message, range, data, extra, textOf?.(message));
      if (f) out.push(f);
    },
    claim(code, severity, message, range, extra) {
      const f = claimFinding(code, severity, message, range, extra, textOf?.(message));
      if (f) out.push(f);
    },
  };
}

/** A finding of a registry rule at its configured severity: what adapters use for their own findings. */
export function ruleFinding<C extends RuleCode>(
  code: C, configured: Readonly<Record<string, SeveritySetting>> | undefined, message: Localizable, range: Range, data?: RuleData[C], extra?: Partial<Finding>,
): Finding | undefined {
  return makeFinding(code, ruleSeverity(code, configured), message, range, data, extra);
}

/** A claim-status finding (`claim.opinion`, custom statuses): its severity comes from the status. */
export function claimFinding(code: string, severity: SeveritySetting, message: Localizable, range: Range, extra?: Partial<Finding>, text?: string): Finding | undefined {
  if (severity === 'off') return undefined;
  const f: Finding = { code, severity: severity as Severity, message: text ?? fillTemplate(message), l10n: message, range };
  return extra ? Object.assign(f, extra) : f;
}

/** A config file's problems as `config.invalid` findings: always errors, since the config is then partly ignored. */
export function configFindings(problems: ReadonlyArray<{ message: string; range: Range }>): Finding[] {
  return problems.map((p) => makeFinding('config.invalid', RULES['config.invalid'].severity, ruleMessage('config.invalid', 'default', p.message), p.range)!);
}


