import * as vscode from 'vscode';
import { ADD_CITATION, OPEN_RULE_DOCS, OPEN_SNAPSHOT, REVEAL_CLAIM, SHOW_REPORT, SUPPRESS_CLAIM } from './commandIds';
import { statusLabel } from '../core/report';
import type { Claim, DocumentAnalysis, Source } from '../core/types';
import type { RegistrySource } from '../core/registry';
import { ageInDays, isoDay } from '../core/dates';
import type { AnalysisService } from './analysisService';
import type { ConfigService } from './configService';
import { fromPosition, toRange } from './convert';
import { citationAt, claimAt, claimsCiting, definitionAt, noteSourceAt, noteSourceUrlAt, type FrontMatterLines } from './lookup';
import { commandLink, escapeMd, safeLink } from './markdownText';
import { log } from './log';

export const HOVER_COMMANDS = [ADD_CITATION, SUPPRESS_CLAIM, SHOW_REPORT, OPEN_SNAPSHOT, REVEAL_CLAIM, OPEN_RULE_DOCS];

const ICONS: Record<string, string> = { unverified: 'warning', paraphrase: 'comment-discussion', opinion: 'person', prediction: 'telescope', context: 'info' };

export function viaText(s: Source): string {
  switch (s.via) {
    case 'inline': return vscode.l10n.t('in the sentence');
    case 'reference': return vscode.l10n.t('by reference [{0}]', s.label ?? '');
    case 'footnote': return vscode.l10n.t('by footnote [^{0}]', s.label ?? '');
    case 'registry': return vscode.l10n.t('from the sources registry');
    case 'note': return vscode.l10n.t("from the note's front matter");
  }
}

function card(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  // Only our own commands may run from a hover, never one a note names.
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  md.supportHtml = false;
  return md;
}

/** The hover card of a flagged sentence: status, markers, sources and actions. */
export function claimCard(uri: vscode.Uri, claim: Claim): vscode.MarkdownString {
  const md = card();
  const icon = ICONS[claim.status] ?? 'tag';
  md.appendMarkdown(`$(${icon}) **${escapeMd(statusLabel(claim.status, claim.label))}** ${escapeMd(vscode.l10n.t('claim'))}`);
  if (claim.suppressed) md.appendMarkdown(` · ${escapeMd(vscode.l10n.t('suppressed'))}${claim.suppressed.reason ? `: ${escapeMd(claim.suppressed.reason)}` : ''}`);
  md.appendMarkdown('\n\n');
  // The actions come first: a long source list or quotation below cannot push them out of a card that scrolls.
  const at = [uri.toString(), claim.range.start.line, claim.range.start.character];
  md.appendMarkdown(`${[
    commandLink(vscode.l10n.t('Add citation'), ADD_CITATION, at),
    commandLink(vscode.l10n.t('Suppress with reason'), SUPPRESS_CLAIM, at),
    commandLink(vscode.l10n.t('Show report'), SHOW_REPORT, [uri.toString()]),
    commandLink(vscode.l10n.t('Rule'), OPEN_RULE_DOCS, [`claim.${claim.status}`]),
  ].join(' · ')}\n\n`);
  md.appendMarkdown(`${escapeMd(vscode.l10n.t('Marked as'))}: ${claim.markers.map((m) => `*${escapeMd(m.text)}*`).join(', ')}\n\n`);
  if (claim.sources.length) {
    md.appendMarkdown(`**${escapeMd(vscode.l10n.t('Primary source'))}**\n\n`);
    for (const s of claim.sources) md.appendMarkdown(`- $(link) ${safeLink(s.title, s.url)}${s.url && s.url !== s.title ? ` — ${escapeMd(s.url)}` : ''} *(${escapeMd(viaText(s))})*\n`);
    md.appendMarkdown('\n');
  } else {
    md.appendMarkdown(`$(circle-slash) ${escapeMd(vscode.l10n.t('No primary source: nothing cited in the sentence, and no source in the front matter.'))}\n\n`);
  }
  if (claim.timestamps?.length) {
    md.appendMarkdown(`**${escapeMd(vscode.l10n.t('In the recording'))}**: ${claim.timestamps.map((t) => `$(play) ${safeLink(t.text, t.url)}`).join(' · ')}\n\n`);
  }
  for (const q of claim.quotes ?? []) {
    const open = q.line !== undefined ? ` ${commandLink(vscode.l10n.t('Open the snapshot there'), OPEN_SNAPSHOT, [uri.toString(), q.snapshot, q.line])}` : '';
    if (q.found) md.appendMarkdown(`$(check) ${escapeMd(vscode.l10n.t('Quotation found in the saved copy'))}: *${escapeMd(q.context ?? q.text)}*${open}\n\n`);
    else md.appendMarkdown(`$(warning) ${escapeMd(vscode.l10n.t('Quotation not in the saved copy. Closest passage ({0}% alike)', Math.round(q.similarity * 100)))}: *${escapeMd(q.passage ?? '')}*${open}\n\n`);
  }
  return md;
}

function citingCard(uri: vscode.Uri, title: string, claims: Claim[]): vscode.MarkdownString {
  const md = card();
  md.appendMarkdown(`$(references) **${escapeMd(title)}**\n\n`);
  if (!claims.length) md.appendMarkdown(escapeMd(vscode.l10n.t('No flagged claim in this note cites it.')));
  else {
    md.appendMarkdown(`${escapeMd(vscode.l10n.t('Cited by {0} flagged claim(s):', claims.length))}\n\n`);
    // Each entry is a link that reveals the claim in the note.
    for (const c of claims.slice(0, 10)) {
      const where = commandLink(vscode.l10n.t('line {0}', c.range.start.line + 1), REVEAL_CLAIM, [uri.toString(), c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character]);
      md.appendMarkdown(`- ${where} · *${escapeMd(statusLabel(c.status, c.label))}* · ${escapeMd(c.text.length > 100 ? `${c.text.slice(0, 99)}…` : c.text)}\n`);
    }
    if (claims.length > 10) md.appendMarkdown(`- ${escapeMd(vscode.l10n.t('and {0} more', claims.length - 10))}\n`);
  }
  return md;
}

/** The card of a registry source: what the registry knows of it, and who cites it. */
function registryCard(uri: vscode.Uri, src: RegistrySource, claims: Claim[], today: string): vscode.MarkdownString {
  const md = citingCard(uri, `@${src.key}`, claims);
  const facts: string[] = [`$(link) ${safeLink(src.title, src.url)}${src.url && src.url !== src.title ? ` — ${escapeMd(src.url)}` : ''}`];
  if (src.kind || src.publisher) facts.push(escapeMd([src.kind, src.publisher].filter(Boolean).join(' · ')));
  if (src.published) facts.push(escapeMd(vscode.l10n.t('Published {0}', src.published)));
  if (src.accessed) {
    const days = ageInDays(src.accessed, today) ?? '?';
    facts.push(escapeMd(vscode.l10n.t('Accessed {0} ({1} days ago)', src.accessed, days)));
  }
  if (src.snapshot) facts.push(escapeMd(vscode.l10n.t('Saved copy: {0}', src.snapshot)));
  if (src.archive) facts.push(`${escapeMd(vscode.l10n.t('Archived copy'))}: ${safeLink(src.archive, src.archive)}`);
  md.appendMarkdown(`\n\n${facts.join('  \n')}`);
  return md;
}

/** Builds the hover for a position from an analysis; pure apart from l10n. */
export function hoverFor(uri: vscode.Uri, a: DocumentAnalysis, pos: vscode.Position, registry: Record<string, RegistrySource> = {}, frontMatter?: FrontMatterLines): vscode.Hover | undefined {
  const p = fromPosition(pos);
  const cite = citationAt(a, p);
  if (cite?.kind === 'registry' && cite.label && registry[cite.label]) {
    const inside = claimAt(a, p);
    const citing = a.claims.filter((c) => c.sources.some((s) => s.via === 'registry' && s.label === cite.label));
    const card = registryCard(uri, registry[cite.label], citing, isoDay(new Date()));
    return new vscode.Hover(inside ? [claimCard(uri, inside), card] : [card], toRange(cite.range));
  }
  if (cite && (cite.definition || cite.url)) {
    const label = cite.kind === 'footnote' ? `[^${cite.label}]` : cite.label ? `[${cite.label}]` : (cite.url ?? '');
    const citing = citingCard(uri, label, claimsCiting(a, { definition: cite.definition, url: cite.url }));
    // A link inside a flagged sentence shows the sentence's card too.
    const inside = claimAt(a, p);
    return new vscode.Hover(inside ? [claimCard(uri, inside), citing] : [citing], toRange(cite.range));
  }
  const def = definitionAt(a, p);
  if (def) return new vscode.Hover(citingCard(uri, def.kind === 'footnote' ? `[^${def.label}]` : `[${def.label}]`, claimsCiting(a, { definition: def.range, url: def.url })), toRange(def.range));
  const note = noteSourceAt(a, p);
  if (note) return new vscode.Hover(citingCard(uri, note.title, claimsCiting(a, { note: true })), toRange(note.definition!));
  const noteUrl = frontMatter && noteSourceUrlAt(a, p, frontMatter);
  if (noteUrl) return new vscode.Hover(citingCard(uri, noteUrl.source.title, claimsCiting(a, { note: true })), toRange(noteUrl.range));
  const claim = claimAt(a, p);
  if (claim) return new vscode.Hover(claimCard(uri, claim), toRange(claim.range));
  return undefined;
}

/** The note's front-matter lines (fences excluded), for a hover on a source URL written there. */
function frontMatterLines(doc: vscode.TextDocument): FrontMatterLines | undefined {
  if (doc.lineCount < 2 || doc.lineAt(0).text.replace(/^\uFEFF/, '').trimEnd() !== '---') return undefined;
  const lines: string[] = [];
  for (let l = 1; l < doc.lineCount; l++) {
    const t = doc.lineAt(l).text;
    if (t.trimEnd() === '---' || t.trimEnd() === '...') return { lines };
    lines.push(t);
  }
  return undefined;
}

export class ClaimHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: AnalysisService, private readonly configs: ConfigService) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const a = this.analyses.peek(doc) ?? (await this.analyses.analyze(doc)).analysis;
      if (token.isCancellationRequested) return undefined;
      const { config } = await this.configs.forDocument(doc.uri);
      return hoverFor(doc.uri, a, pos, config.sources, a.noteSources.length ? frontMatterLines(doc) : undefined);
    } catch (e) {
      log().error(`Hover on ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined; // a hover never throws at the user
    }
  }
}
