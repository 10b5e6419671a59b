// The public surface of the core: plain data in, plain data out, no `vscode`, no Node built-ins.
export * from './types';
export { analyzeText, claimMessage, type AnalyzeOptions } from './analyze';
export { parseConfig, defaultConfig, type ClaimLensConfig, type ConfigResult } from './config';
export { DEFAULT_STATUSES, RULE_DEFAULTS, type StatusDefinition } from './vocabulary';
export { LineIndex } from './text';
export { buildReport, fileReport, reachesLevel, statusLabel, SEVERITY_ORDER, TOOL_NAME, TOOL_VERSION, type FileReport, type Report, type ReportSummary } from './report';
export { formatReport, FORMATS, type Format } from './format/index';
export { escapeHtml, escapeMarkdownCell, isSafeUrl } from './format/escape';
export { ruleDescription, ruleDocsUrl, RULE_DESCRIPTIONS } from './rules';
export { globToRegExp, matchesAny } from './glob';
export { applyEdits, citationEdits, citationPoint, sanitizeReason, suppressionEdit, uniqueLabel, type CitationStyle, type CitationTarget } from './edits';
export { parseGitignore, isIgnored, type IgnoreRule } from './gitignore';
export { IncrementalAnalyzer } from './incremental';
export { analyzeParsed, parseNote, type BlockCache, type ParsedNote } from './analyze';
export { addRegistryEntry, setRegistryField, type ConfigEdit } from './configEdits';
export { checkLinks, isCheckableUrl, type LinkStatus } from './linkCheck';
export { citedUrls, unreachableFindings } from './linkFindings';
export type { RegistrySource } from './registry';
