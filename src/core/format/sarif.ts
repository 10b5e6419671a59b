import type { Range, Severity } from '../types';
import type { Report } from '../report';
import { ruleDescription, ruleDocsUrl } from '../rules';
import { oneLine } from './escape';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: unknown[];
  suppressions?: unknown[];
}

/**
 * SARIF 2.1.0 with UTF-16 columns, one rule per code used, and suppressed claims
 * reported as in-source suppressions so code-scanning dashboards can count them.
 */
export function toSarif(report: Report): string {
  const rules: Array<{ id: string; level: string }> = [];
  const index = new Map<string, number>();
  const ruleIndex = (code: string, level: string) => {
    let i = index.get(code);
    if (i === undefined) {
      i = rules.length;
      index.set(code, i);
      rules.push({ id: code, level });
    }
    return i;
  };
  const results: SarifResult[] = [];
  for (const f of report.files) {
    const uri = encodeURI(f.path.replace(/\\/g, '/'));
    const location = (range: Range, text?: string) => ({
      physicalLocation: {
        artifactLocation: { uri },
        region: {
          startLine: range.start.line + 1,
          startColumn: range.start.character + 1,
          endLine: range.end.line + 1,
          endColumn: range.end.character + 1,
          ...(text !== undefined ? { snippet: { text } } : {}),
        },
      },
    });
    for (const d of f.diagnostics) {
      const level = LEVEL[d.severity];
      results.push({ ruleId: d.code, ruleIndex: ruleIndex(d.code, level), level, message: { text: oneLine(d.message) }, locations: [location(d.range)] });
    }
    for (const c of f.claims) {
      if (!c.suppressed) continue;
      const code = `claim.${c.status}`;
      results.push({
        ruleId: code,
        ruleIndex: ruleIndex(code, 'note'),
        level: 'note',
        message: { text: `Suppressed ${c.status} claim` },
        locations: [location(c.range, c.text)],
        suppressions: [{ kind: 'inSource', ...(c.suppressed.reason ? { justification: c.suppressed.reason } : {}) }],
      });
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/claim-lens/claim-lens',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: ruleDescription(r.id) },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
