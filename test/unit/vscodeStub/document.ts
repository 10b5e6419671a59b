// A TextDocument for the unit tests that run on the `vscode` stand-in: what the adapters read.
import * as vscode from 'vscode';

export function textDocument(uri: vscode.Uri, text: string, version = 1): vscode.TextDocument {
  const lines = text.split(/\r?\n/);
  const offsetAt = (p: vscode.Position) => {
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const doc = {
    uri,
    version,
    languageId: 'markdown',
    isClosed: false,
    isDirty: false,
    lineCount: lines.length,
    getText: (range?: vscode.Range) => (range ? text.slice(offsetAt(range.start), offsetAt(range.end)) : text),
    lineAt: (line: number) => ({ text: lines[line] ?? '' }),
    offsetAt,
  };
  return doc as unknown as vscode.TextDocument;
}
