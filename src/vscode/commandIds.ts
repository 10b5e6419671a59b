// Every command id the extension registers, in one place: the wiring (commands.ts), hovers, code
// actions, the status bar and notifications use these names. package.json declares the public
// ones; test/unit/commandIds.test.ts holds the two to each other.
export const SHOW_REPORT = 'claimLens.showReport';
export const CHECK_WORKSPACE = 'claimLens.checkWorkspace';
export const CHECK_NOTE = 'claimLens.checkNote';
export const ADD_CITATION = 'claimLens.addCitation';
export const SUPPRESS_CLAIM = 'claimLens.suppressClaim';
export const ANALYZE_ANYWAY = 'claimLens.analyzeAnyway';
export const OPEN_RULE_DOCS = 'claimLens.openRuleDocs';
export const ADD_TO_REGISTRY = 'claimLens.addToRegistry';
export const USE_ARCHIVE = 'claimLens.useArchive';
export const OPEN_SNAPSHOT = 'claimLens.openSnapshot';
export const CHECK_LINKS = 'claimLens.checkLinks';
export const ADD_NOTE_SOURCE = 'claimLens.addNoteSource';
export const REVEAL_CLAIM = 'claimLens.revealClaim';

export const COMMAND_IDS = [
  SHOW_REPORT, CHECK_WORKSPACE, CHECK_NOTE, ADD_CITATION, SUPPRESS_CLAIM, ANALYZE_ANYWAY,
  OPEN_RULE_DOCS, ADD_TO_REGISTRY, USE_ARCHIVE, OPEN_SNAPSHOT, CHECK_LINKS, ADD_NOTE_SOURCE, REVEAL_CLAIM,
] as const;
