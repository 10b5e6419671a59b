import type * as vscode from 'vscode';
import type { Claim, Finding } from '../core/types';

/** One note's claims, as the Claims view lists them. */
export interface FedNote {
  readonly uri: vscode.Uri;
  readonly claims: readonly Claim[];
  /** Its findings, when known: they say which claims need a source (`claim.no-source`). */
  readonly findings?: readonly Finding[];
}

/**
 * What the Claims view needs to know of the notes: every note's latest claims, and which notes
 * changed. Whatever holds analyses (open editors, Check Workspace) feeds it through an adapter
 * (servicesClaimFeed.ts), so the view does not depend on how they are held.
 */
export interface ClaimFeed {
  /** Every note with claims known now. */
  all(): Iterable<FedNote>;
  /** One note's latest claims; undefined once nothing is known of it (closed, deleted, not a note). */
  get(uri: vscode.Uri): FedNote | undefined;
  /** Fires with the notes whose claims may have changed (or gone). Often, and in bursts: listeners debounce. */
  readonly onDidChange: vscode.Event<readonly vscode.Uri[]>;
}
