import * as vscode from 'vscode';
import { plainFinding } from '../core/plainMessage';
import type { RuleCode, RuleData } from '../core/rules';
import type { Finding, Position, Range, Severity } from '../core/types';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'claim-lens';

/** A core finding as a VS Code diagnostic, its code linking to the rule's page. */
export function toDiagnostic(f: Finding, uri: vscode.Uri, docsFor: (code: string) => vscode.Uri): vscode.Diagnostic {
  // The core gives each message as a template too, so it is shown in the user's language.
  // Plain text in the Problems list: no Markdown code marks, and one marker named, not all.
  const message = plainFinding(f, (l) => vscode.l10n.t(l.message, ...l.args));
  const d = new vscode.Diagnostic(toRange(f.range), message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.code, target: docsFor(f.code) };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message));
  if (f.unnecessary) d.tags = [vscode.DiagnosticTag.Unnecessary];
  // The extension host hands code actions our own Diagnostic objects, so the data travels with them.
  if (f.data !== undefined) (d as DataDiagnostic).data = f.data;
  return d;
}

/** A diagnostic with the structured data of its finding (the rule registry types it per code). */
export type DataDiagnostic<C extends RuleCode = RuleCode> = vscode.Diagnostic & { data?: RuleData[C] };

/** The data of one of our diagnostics, typed by its code; undefined for another code or another tool. */
export function dataOf<C extends RuleCode>(d: vscode.Diagnostic, code: C): RuleData[C] | undefined {
  return codeOf(d) === code ? (d as DataDiagnostic<C>).data : undefined;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}
