import * as vscode from 'vscode';
import type { MarkdownIt } from 'markdown-it';
import type { DocumentAnalysis } from '../core/types';
import { claimLensPreview } from '../preview/plugin';
import type { AnalysisService } from './analysisService';
import { readSettings } from './settings';

/** What VS Code's preview passes to markdown-it as `env`: the rendered document's URI among others. */
function documentOf(env: unknown): vscode.Uri | undefined {
  const uri = (env as { currentDocument?: unknown } | undefined)?.currentDocument;
  if (uri instanceof vscode.Uri) return uri;
  // Another extension's Uri object: read it by its string form.
  const s = uri && typeof uri === 'object' && 'scheme' in uri ? String(uri) : undefined;
  return s ? vscode.Uri.parse(s) : undefined;
}

export function previewEnabled(uri: vscode.Uri | undefined): boolean {
  return vscode.workspace.getConfiguration('claimLens', uri).get<boolean>('preview.enabled', true) && readSettings(uri).enable;
}

/**
 * The markdown-it plugin as VS Code's preview uses it: on unless `claimLens.preview.enabled` (or
 * `claimLens.enable`) is off for the note, and reusing the editor's analysis of the same text, so
 * the preview shows what the editor shows, the note's `.claimlens.yaml` included.
 */
export function extendMarkdownIt(md: MarkdownIt, analyses: AnalysisService): MarkdownIt {
  return md.use(claimLensPreview, {
    enabled: (env: unknown) => previewEnabled(documentOf(env)),
    analysis: (src: string, env: unknown): DocumentAnalysis | undefined => {
      const uri = documentOf(env)?.toString();
      const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined;
      if (!doc) return undefined;
      // markdown-it normalises line ends; an analysis of other text would mark the wrong words.
      return doc.getText().replace(/\r\n?/g, '\n') === src ? analyses.peek(doc) : undefined;
    },
  });
}

/** Re-renders open previews when the setting changes, so turning it off takes effect at once. */
export function refreshPreviewsOnSettingChange(): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('claimLens.preview') || e.affectsConfiguration('claimLens.enable')) {
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    }
  });
}
