// A small stand-in for the `vscode` module, so that adapters in src/vscode/ (hover, code actions,
// settings) get fast unit tests under node:test. esbuild.mjs aliases `vscode` to this file for
// the unit tests only; the integration tests run against the real VS Code. It implements what
// those adapters use, as VS Code documents it, and nothing more: an adapter that reaches for
// something missing fails its unit test loudly, and gets its test in test/integration/ instead.
// The `stub` export holds the test's controls: settings, workspace folders, the log.

type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...ds: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => { for (const d of ds) d.dispose(); });
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = (e) => listener.call(thisArgs, e);
    this.listeners.push(bound);
    const d = new Disposable(() => { this.listeners = this.listeners.filter((l) => l !== bound); });
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {
    if (line < 0 || character < 0) throw new Error('Illegal argument: line and character must be non-negative');
  }
  isBefore(o: Position): boolean {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  isEqual(o: Position): boolean {
    return this.line === o.line && this.character === o.character;
  }
  translate(lineDelta: number | { lineDelta?: number; characterDelta?: number } = 0, characterDelta = 0): Position {
    if (typeof lineDelta === 'object') return new Position(this.line + (lineDelta.lineDelta ?? 0), this.character + (lineDelta.characterDelta ?? 0));
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    const [s, e] = typeof a === 'number' ? [new Position(a, b as number), new Position(c!, d!)] : [a, b as Position];
    // As VS Code does: the earlier position is the start.
    [this.start, this.end] = e.isBefore(s) ? [e, s] : [s, e];
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
  contains(p: Position | Range): boolean {
    if (p instanceof Range) return this.contains(p.start) && this.contains(p.end);
    return !p.isBefore(this.start) && !this.end.isBefore(p);
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly authority: string, readonly path: string, readonly query: string, readonly fragment: string) {}
  static parse(value: string): Uri {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!m) throw new Error(`not a URI: ${value}`);
    return new Uri(m[1].toLowerCase(), m[2] ?? '', decodeURIComponent(m[3] || '/'), m[4] ?? '', m[5] ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', '', path.replace(/\\/g, '/'), '', '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    const segs = base.path.split('/');
    for (const p of parts.join('/').split('/')) {
      if (p === '..') segs.pop();
      else if (p && p !== '.') segs.push(p);
    }
    return base.with({ path: segs.join('/') || '/' });
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    const path = this.path.split('/').map(encodeURIComponent).join('/');
    return `${this.scheme}://${this.authority}${path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export class MarkdownString {
  isTrusted?: boolean | { readonly enabledCommands: readonly string[] };
  supportHtml?: boolean;
  constructor(public value = '', public supportThemeIcons = false) {}
  appendMarkdown(value: string): MarkdownString {
    this.value += value;
    return this;
  }
  appendText(value: string): MarkdownString {
    this.value += value.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
    return this;
  }
  appendCodeblock(code: string, language = ''): MarkdownString {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export class Hover {
  readonly contents: MarkdownString[];
  constructor(contents: MarkdownString | MarkdownString[], readonly range?: Range) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

export enum DiagnosticSeverity { Error = 0, Warning = 1, Information = 2, Hint = 3 }
export enum DiagnosticTag { Unnecessary = 1, Deprecated = 2 }

export class Location {
  readonly range: Range;
  constructor(readonly uri: Uri, at: Range | Position) {
    this.range = at instanceof Range ? at : new Range(at, at);
  }
}

export class DiagnosticRelatedInformation {
  constructor(readonly location: Location, readonly message: string) {}
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  relatedInformation?: DiagnosticRelatedInformation[];
  tags?: DiagnosticTag[];
  data?: unknown;
  constructor(public range: Range, public message: string, public severity: DiagnosticSeverity = DiagnosticSeverity.Error) {}
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly Source = new CodeActionKind('source');
  private constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === other.value || this.value === '' || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export class TextEdit {
  constructor(readonly range: Range, readonly newText: string) {}
}

export class WorkspaceEdit {
  private readonly edits: Array<[Uri, TextEdit]> = [];
  insert(uri: Uri, at: Position, newText: string): void {
    this.edits.push([uri, new TextEdit(new Range(at, at), newText)]);
  }
  replace(uri: Uri, range: Range, newText: string): void {
    this.edits.push([uri, new TextEdit(range, newText)]);
  }
  delete(uri: Uri, range: Range): void {
    this.edits.push([uri, new TextEdit(range, '')]);
  }
  get size(): number {
    return new Set(this.edits.map(([u]) => u.toString())).size;
  }
  entries(): Array<[Uri, TextEdit[]]> {
    const by = new Map<string, [Uri, TextEdit[]]>();
    for (const [u, e] of this.edits) {
      const k = u.toString();
      if (!by.has(k)) by.set(k, [u, []]);
      by.get(k)![1].push(e);
    }
    return [...by.values()];
  }
}

export class CodeAction {
  command?: { command: string; title: string; arguments?: unknown[] };
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  constructor(readonly title: string, readonly kind?: CodeActionKind) {}
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }

export const l10n = {
  /** As VS Code without a translation: `{0}`, `{1}`… replaced by the arguments. */
  t(message: string, ...args: unknown[]): string {
    return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
  },
};

interface WorkspaceFolder { uri: Uri; name: string; index: number }
type Level = 'global' | 'workspace' | 'workspaceFolder';

/** Settings by level; workspace-folder values by folder URI. */
const settings = { global: new Map<string, unknown>(), workspace: new Map<string, unknown>(), folder: new Map<string, Map<string, unknown>>(), defaults: new Map<string, unknown>() };
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const foldersChanged = new EventEmitter<unknown>();
const logged: string[] = [];
let folders: WorkspaceFolder[] = [];

function folderOf(uri: Uri | undefined): WorkspaceFolder | undefined {
  if (!uri) return undefined;
  return folders.find((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority && (uri.path === f.uri.path || uri.path.startsWith(`${f.uri.path}/`)));
}

export const workspace = {
  get workspaceFolders(): readonly WorkspaceFolder[] | undefined {
    return folders.length ? folders : undefined;
  },
  textDocuments: [] as unknown[],
  isTrusted: true,
  getWorkspaceFolder: folderOf,
  getConfiguration(section = '', scope?: Uri) {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    const folderValues = (() => {
      const f = folderOf(scope) ?? (scope && folders.find((x) => x.uri.toString() === scope.toString()));
      return f ? settings.folder.get(f.uri.toString()) : undefined;
    })();
    const inspect = <T>(key: string) => ({
      key: full(key),
      defaultValue: settings.defaults.get(full(key)) as T | undefined,
      globalValue: settings.global.get(full(key)) as T | undefined,
      workspaceValue: settings.workspace.get(full(key)) as T | undefined,
      workspaceFolderValue: folderValues?.get(full(key)) as T | undefined,
    });
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const i = inspect<T>(key);
        return i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue ?? i.defaultValue ?? fallback;
      },
      has: (key: string) => inspect(key).defaultValue !== undefined,
      inspect,
    };
  },
  onDidChangeConfiguration: configurationChanged.event,
  onDidChangeWorkspaceFolders: foldersChanged.event,
};

function channel() {
  const at = (level: string) => (message: string | Error) => { logged.push(`[${level}] ${message instanceof Error ? message.message : message}`); };
  return { name: 'stub', trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), append() {}, appendLine() {}, show() {}, hide() {}, clear() {}, dispose() {} };
}

export const window = {
  createOutputChannel: (_name: string, _options?: unknown) => channel(),
  showErrorMessage: (message: string) => { logged.push(`[shown error] ${message}`); return Promise.resolve(undefined); },
  showWarningMessage: (message: string) => { logged.push(`[shown warning] ${message}`); return Promise.resolve(undefined); },
  showInformationMessage: (message: string) => { logged.push(`[shown info] ${message}`); return Promise.resolve(undefined); },
};

/** The test's controls. Not part of `vscode`. */
export const stub = {
  /**
   * Sets a setting (`claimLens.run`) at a level; `undefined` removes it. Fires
   * onDidChangeConfiguration unless `quietly` (to show what a cache keeps).
   */
  setSetting(key: string, value: unknown, level: Level = 'workspace', folder?: Uri, quietly = false): void {
    const map = level === 'global' ? settings.global : level === 'workspace' ? settings.workspace : (() => {
      const k = folder!.toString();
      if (!settings.folder.has(k)) settings.folder.set(k, new Map());
      return settings.folder.get(k)!;
    })();
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    if (!quietly) configurationChanged.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(`${s}.`) });
  },
  /** The defaults a package.json would contribute. */
  setDefaults(values: Record<string, unknown>): void {
    settings.defaults = new Map(Object.entries(values));
  },
  setWorkspaceFolders(uris: Uri[]): void {
    folders = uris.map((uri, index) => ({ uri, name: uri.path.split('/').pop() ?? '', index }));
    foldersChanged.fire({});
  },
  /** Forgets every setting and folder (fires nothing). */
  reset(): void {
    settings.global.clear();
    settings.workspace.clear();
    settings.folder.clear();
    settings.defaults.clear();
    folders = [];
    logged.length = 0;
  },
  /** What was logged and shown, as `[level] message`. */
  logged,
};
