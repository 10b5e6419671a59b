import * as vscode from 'vscode';
import { readNoteText, runAsync } from '../core/workspace';
import type { NoteFiles } from './noteFiles';
import { workspacePort } from './workspaceFs';

/** Longest stretch of work before discovery yields to hovers and typing. */
const SLICE_MS = 10;
const REST_MS = 10;
const rest = () => new Promise<void>((resolve) => setTimeout(resolve, REST_MS));

/** A note's text, or why it was not read (gone, not a regular file, not UTF-8 text…). */
export type NoteRead = { text: string } | { error: string };

/**
 * Finds the notes of the workspace and reads them. Listing is VS Code's file search (which
 * applies files.exclude); which files are notes, and how a note's bytes become its text, are the
 * core's (src/core/noteFiles.ts, src/core/workspace.ts), as for the CLI and the worker thread.
 */
export class NoteDiscovery {
  constructor(private readonly notes: NoteFiles) {}

  /** Every note of the workspace folders, sorted by URI. */
  async listNotes(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    // Leaving `exclude` undefined applies files.exclude.
    const found = await vscode.workspace.findFiles('**/*.{md,markdown,MD}', undefined, undefined, token);
    this.notes.reload(); // read the .gitignore files afresh
    const out: vscode.Uri[] = [];
    let sliceStart = Date.now();
    for (const uri of found) {
      if (token?.isCancellationRequested) break;
      if (await this.isNote(uri)) out.push(uri);
      if (Date.now() - sliceStart > SLICE_MS) {
        await rest();
        sliceStart = Date.now();
      }
    }
    const keyed = out.map((uri) => ({ uri, key: uri.toString() }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.uri);
  }

  /** A note, as the editor and the CLI judge it: see src/core/noteFiles.ts. */
  isNote(uri: vscode.Uri): Promise<boolean> {
    return this.notes.isNote(uri);
  }

  /** A note's text from disk. Other schemes than `file:` go through workspace.fs, so virtual workspaces work. */
  async read(uri: vscode.Uri): Promise<NoteRead> {
    const r = await runAsync(readNoteText(uri.path), workspacePort(uri));
    return 'text' in r ? r : { error: r.error };
  }
}
