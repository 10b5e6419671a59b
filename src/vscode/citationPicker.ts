import * as vscode from 'vscode';
import type { CitationTarget } from '../core/edits';
import type { RegistrySource } from '../core/registry';
import type { Claim, DocumentAnalysis } from '../core/types';

interface Candidate extends vscode.QuickPickItem {
  target?: CitationTarget;
  score: number;
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4));

/** How well a source fits a sentence: shared words, then nearness in the note. */
function relevance(claim: Claim, text: string, line?: number): number {
  const w = words(claim.text);
  let shared = 0;
  for (const x of words(text)) if (w.has(x)) shared++;
  const near = line === undefined ? 0 : 1 / (1 + Math.abs(line - claim.range.start.line));
  return shared * 2 + near;
}

/** The note's sources, most relevant to the sentence first. */
export function citationCandidates(analysis: DocumentAnalysis, claim: Claim, registry: Record<string, RegistrySource> = {}): Candidate[] {
  const out: Candidate[] = [];
  const urls = new Set<string>();
  for (const r of Object.values(registry)) {
    out.push({
      label: `$(library) ${r.title}`,
      description: r.url ?? '',
      detail: vscode.l10n.t('Sources registry [@{0}]', r.key),
      target: { url: r.url, title: r.title, registry: r.key },
      score: relevance(claim, `${r.title} ${r.url ?? ''} ${r.key}`) + 0.75,
    });
  }
  for (const d of analysis.definitions) {
    if (d.url) urls.add(d.url);
    out.push({
      label: `$(${d.kind === 'footnote' ? 'note' : 'references'}) ${d.title}`,
      description: d.url ?? '',
      detail: d.kind === 'footnote' ? vscode.l10n.t('Footnote [^{0}]', d.label) : vscode.l10n.t('Link definition [{0}]', d.label),
      target: { url: d.url, title: d.title, definition: { kind: d.kind, label: d.label } },
      score: relevance(claim, `${d.title} ${d.url ?? ''} ${d.label}`, d.range.start.line) + 0.5,
    });
  }
  for (const s of analysis.noteSources) {
    if (!s.url || urls.has(s.url)) continue;
    urls.add(s.url);
    out.push({ label: `$(file-media) ${s.title}`, description: s.url, detail: vscode.l10n.t("The note's own source (front matter)"), target: { url: s.url, title: s.title }, score: relevance(claim, `${s.title} ${s.url}`) + 1 });
  }
  for (const c of analysis.citations) {
    if (!c.url || c.definition || urls.has(c.url)) continue;
    urls.add(c.url);
    out.push({ label: `$(link) ${c.title ?? c.url}`, description: c.url, detail: vscode.l10n.t('Linked on line {0}', c.range.start.line + 1), target: { url: c.url, title: c.title ?? c.url }, score: relevance(claim, `${c.title ?? ''} ${c.url}`, c.range.start.line) });
  }
  return out.sort((a, b) => b.score - a.score);
}

export function validateUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return vscode.l10n.t('Enter the URL of the primary source.');
  try {
    const u = new URL(v);
    if (!['http:', 'https:', 'mailto:'].includes(u.protocol)) return vscode.l10n.t('Use an http, https or mailto URL.');
    if (u.protocol !== 'mailto:' && !u.hostname) return vscode.l10n.t('The URL needs a host name.');
    return undefined;
  } catch {
    return vscode.l10n.t('This is not a valid URL.');
  }
}

function defaultTitle(url: string): string {
  try {
    const u = new URL(url);
    return u.hostname.replace(/^www\./, '') || url;
  } catch {
    return url;
  }
}

/** Asks which source to cite: one of the note's, or a new one. Undefined when cancelled. */
export async function pickCitation(analysis: DocumentAnalysis, claim: Claim, registry: Record<string, RegistrySource> = {}): Promise<CitationTarget | undefined> {
  const items: Candidate[] = citationCandidates(analysis, claim, registry);
  const fresh: Candidate = { label: `$(add) ${vscode.l10n.t('New source…')}`, detail: vscode.l10n.t('Enter a URL and a title'), score: -1, alwaysShow: true };
  if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, score: -1 });
  items.push(fresh);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add citation'),
    placeHolder: vscode.l10n.t('Cite a source for: {0}', claim.text.length > 80 ? `${claim.text.slice(0, 79)}…` : claim.text),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  return askNewSource();
}

/** Asks for a new source's URL, then its title. Undefined when cancelled. */
export async function askNewSource(heading = vscode.l10n.t('New source')): Promise<{ url: string; title: string } | undefined> {
  const url = await vscode.window.showInputBox({ title: `${heading} (1/2)`, prompt: vscode.l10n.t('URL of the primary source'), placeHolder: 'https://', validateInput: validateUrl, ignoreFocusOut: true });
  if (url === undefined) return undefined;
  const title = await vscode.window.showInputBox({ title: `${heading} (2/2)`, prompt: vscode.l10n.t('Title of the source'), value: defaultTitle(url.trim()), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a title.')), ignoreFocusOut: true });
  if (title === undefined) return undefined;
  return { url: url.trim(), title: title.trim() };
}
