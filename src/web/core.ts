// The core as a browser script (`dist/web/core.js`, global `ClaimLensCore`): the same engine
// the extension and the CLI run, for the browser proof and for pages that want to use it.
import { analyzeText } from '../core/analyze';
import { parseConfig } from '../core/config';
import { toJson } from '../core/format/json';
import { buildReport, fileReport } from '../core/report';

export interface WebNote {
  path: string;
  text: string;
}

/** Checks notes as `claim-lens check --format json` does, from texts instead of files. */
export function checkNotes(notes: readonly WebNote[], configText?: string, snapshots: Record<string, string> = {}, today?: string): string {
  const config = configText === undefined ? undefined : parseConfig(configText).config;
  const files = notes.map((n) => fileReport(n.path, analyzeText(n.text, { config, today, snapshot: (p) => snapshots[p] })));
  return toJson(buildReport(files));
}

export { analyzeText, parseConfig };
