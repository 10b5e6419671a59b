import * as vscode from 'vscode';
import { rankCitations, type CandidateOrigin, type CitationCandidate } from '../core/citationRank';
import type { CitationTarget } from '../core/edits';
import type { RegistrySource } from '../core/registry';
import { LINK_SCHEMES } from '../core/urls';
import type { Claim, DocumentAnalysis } from '../core/types';

interface Candidate extends vscode.QuickPickItem {
  target?: CitationTarget;
  score: number;
}

const ICONS: Record<CandidateOrigin, string> = { definition: 'references', note: 'file-media', link: 'link', registry: 'library' };

/** The pick item of a candidate; a bare URL (its title is the URL) is shown once, not as label and description both. */
function item(c: CitationCandidate): Candidate {
  const icon = c.origin === 'definition' && c.definitionKind === 'footnote' ? 'note' : ICONS[c.origin];
  let detail: string;
  switch (c.origin) {
    case 'note': detail = vscode.l10n.t("The note's own source (front matter)"); break;
    case 'definition': detail = c.definitionKind === 'footnote' ? vscode.l10n.t('Footnote [^{0}]', c.label ?? '') : vscode.l10n.t('Link definition [{0}]', c.label ?? ''); break;
    case 'link': detail = vscode.l10n.t('Linked on line {0}', (c.line ?? 0) + 1); break;
    case 'registry': detail = c.tier === 0 ? vscode.l10n.t('Sources registry [@{0}], cited in this note', c.label ?? '') : vscode.l10n.t('Sources registry [@{0}]', c.label ?? ''); break;
  }
  if (c.origin === 'definition' && c.tier === 1) detail = vscode.l10n.t('{0}, not cited yet', detail);
  return { label: `$(${icon}) ${c.title}`, description: c.description, detail, target: c.target, score: c.score };
}

/** The note's sources, then the registry's, most relevant to the sentence first (see rankCitations). */
export function citationCandidates(analysis: DocumentAnalysis, claim: Claim, registry: Record<string, RegistrySource> = {}): Candidate[] {
  return rankCitations(analysis, claim, registry).map(item);
}

export function validateUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return vscode.l10n.t('Enter the URL of the primary source.');
  try {
    const u = new URL(v);
    if (!LINK_SCHEMES.includes(u.protocol.slice(0, -1))) return vscode.l10n.t('Use an http, https or mailto URL.');
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
