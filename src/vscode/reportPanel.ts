// The "Verification Report" webview: one panel, rebuilt from a ReportSource (again whenever the
// source says its notes changed), restored after a reload through a serializer. The page is
// read-only; it can ask to reveal a claim, to export the report, or to refresh it, and it says
// what it shows (which build, busy or not). Every message is validated here.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { Report } from '../core/report';
import type { Range } from '../core/types';
import { OUTPUT_FORMATS } from '../core/format/index';
import { exportReport } from './reportExport';
import { parsePageMessage, type PageMessage } from './reportMessages';
import { isoDay } from '../core/dates';
import { ENGLISH_STRINGS, makeNonce, reportHtml, toViewReport, type ReportStrings, type ReportViewData } from './reportHtml';
import { errorText, log, notifyWithLog, reportError } from './log';

export const REPORT_VIEW_TYPE = 'claimLens.report';

export interface ReportSource {
  title: string;
  /** builds the report fresh, e.g. for the active note or the workspace */
  build(token?: vscode.CancellationToken): Promise<{ report: Report; uris: Record<string, string> }>;
  scope: 'note' | 'workspace';
  noteUri?: string;
  /** Fires when what `build` would return has changed (the note was re-analysed); the report follows. */
  onDidChange?: vscode.Event<unknown>;
}

/** What the page says it shows: the build it was made for, and whether it shows itself busy. */
export interface PageState {
  generation: number;
  busy: boolean;
}

/** After a change, the report is rebuilt once no other change came for this long. */
const FOLLOW_MS = 300;

/** What the page persists (with its filters) and the serializer hands back to `restore`. */
export interface ReportPanelState {
  scope: 'note' | 'workspace';
  noteUri?: string;
}


function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** The persisted state, from unknown input: a note scope needs a note URI, else it is the workspace. */
export function normalizePanelState(state: unknown): ReportPanelState {
  const s = state && typeof state === 'object' ? (state as Record<string, unknown>) : {};
  if (s.scope === 'note' && typeof s.noteUri === 'string' && s.noteUri) return { scope: 'note', noteUri: s.noteUri };
  return { scope: 'workspace' };
}

/** The page's strings in the user's language; templates keep their placeholders: the page fills them in. */
function reportStrings(): ReportStrings {
  return Object.fromEntries(Object.entries(ENGLISH_STRINGS).map(([key, english]) => [key, vscode.l10n.t(english, '{0}', '{1}')])) as unknown as ReportStrings;
}

export class ReportPanel extends Disposable {
  /** The open report panel, if any. There is at most one. */
  static current: ReportPanel | undefined;

  private readonly renderEmitter = this.own(new vscode.EventEmitter<ReportViewData>());
  /** Fires after each render, with the data the page received. */
  readonly onDidRender = this.renderEmitter.event;

  private report: Report | undefined;
  private error: string | undefined;
  private uris: Record<string, string> = {};
  private building: vscode.CancellationTokenSource | undefined;
  /** The newest build started; every `busy` message carries its build's number. */
  private generation = 0;
  /** The build whose report or error the page was last given. */
  private shown = 0;
  private follow: vscode.Disposable | undefined;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private pageState: PageState | undefined;
  private readonly probes = new Map<number, (s: PageState) => void>();
  private nextProbe = 0;
  private pending: Promise<void> = Promise.resolve();
  private html = '';
  private data: ReportViewData | undefined;

  /** Opens the report beside the editor, or reveals the open one and rebuilds it for `source`. */
  static show(extensionUri: vscode.Uri, source: ReportSource): ReportPanel {
    const open = ReportPanel.current;
    if (open) {
      open.setSource(source);
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, source.title, vscode.ViewColumn.Beside, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    return new ReportPanel(panel, extensionUri, source);
  }

  /**
   * Restores the panel after a reload from the state the page saved. `restore` turns that
   * state into a source, or returns undefined when it cannot (the panel then closes).
   */
  static registerSerializer(extensionUri: vscode.Uri, restore: (state: ReportPanelState) => ReportSource | undefined): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        let source: ReportSource | undefined;
        try {
          source = restore(normalizePanelState(state));
        } catch (e) {
          log().error(`Restoring the report failed: ${errorText(e)}`);
          notifyWithLog(vscode.l10n.t('Claim Lens could not restore the report: {0}', errorText(e)));
        }
        if (!source || ReportPanel.current) {
          panel.dispose();
          if (source) ReportPanel.current!.setSource(source);
          return;
        }
        panel.webview.options = webviewOptions(extensionUri);
        new ReportPanel(panel, extensionUri, source);
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private source: ReportSource,
  ) {
    super();
    ReportPanel.current = this;
    // In this order on dispose: forget the panel, stop building and following, close the panel.
    this.onDispose(() => {
      if (ReportPanel.current === this) ReportPanel.current = undefined;
      this.building?.cancel();
      this.building?.dispose();
      this.building = undefined;
      clearTimeout(this.followTimer);
      this.follow?.dispose();
      panel.dispose();
    });
    this.ownAll(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
    );
    panel.title = source.title;
    this.followSource();
    this.render();
    void this.refresh();
  }

  /** Rebuilds the report, shortly, whenever the source says its notes changed. */
  private followSource(): void {
    this.follow?.dispose();
    this.follow = this.source.onDidChange?.(() => {
      clearTimeout(this.followTimer);
      this.followTimer = setTimeout(() => {
        this.followTimer = undefined;
        void this.refresh();
      }, FOLLOW_MS);
    });
  }

  /** What the page last said it shows (busy or not, for which build); undefined before it loaded. */
  get lastPageState(): PageState | undefined {
    return this.pageState;
  }

  /** True while a change the report will follow waits out its quiet time. */
  get following(): boolean {
    return this.followTimer !== undefined;
  }

  /** The build number of the data last given to the page. */
  get shownGeneration(): number {
    return this.shown;
  }

  /**
   * Asks the page what it shows. The page answers after it has handled every message sent
   * before, so the answer accounts for a late `busy` too. Resolves to undefined after
   * `timeoutMs` (a hidden page does not run).
   */
  probePage(timeoutMs = 10_000): Promise<PageState | undefined> {
    const id = ++this.nextProbe;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.probes.set(id, (state) => {
        clearTimeout(timer);
        resolve(state);
      });
      void this.panel.webview.postMessage({ type: 'probe', id });
    });
  }

  /** The HTML last given to the webview. */
  get lastRenderedHtml(): string {
    return this.html;
  }

  /** The data last given to the page; `report` is absent until the first build finishes. */
  get postedState(): ReportViewData | undefined {
    return this.data;
  }

  /** Claims in the last built report. */
  get claimCount(): number {
    return this.report?.summary.claims ?? 0;
  }

  /** Resolves once no build is running, with the data then shown (for tests and callers that wait). */
  async whenRendered(): Promise<ReportViewData | undefined> {
    let p: Promise<void>;
    do {
      p = this.pending;
      await p;
    } while (p !== this.pending);
    return this.data;
  }

  /** Rebuilds the report; a newer refresh cancels an older one. Never rejects. */
  refresh(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    this.building?.cancel();
    this.building?.dispose();
    const cts = new vscode.CancellationTokenSource();
    this.building = cts;
    const generation = ++this.generation;
    // Numbered, so that the page can tell a late `busy` from one about a build still to come.
    void this.panel.webview.postMessage({ type: 'busy', busy: true, generation });
    this.pending = (async () => {
      try {
        const { report, uris } = await this.source.build(cts.token);
        if (generation !== this.generation || this.isDisposed || cts.token.isCancellationRequested) return;
        this.report = report;
        this.uris = { ...uris };
        this.error = undefined;
        this.shown = generation;
        this.render();
      } catch (e) {
        if (generation !== this.generation || this.isDisposed || cts.token.isCancellationRequested) return;
        const message = vscode.l10n.t('Claim Lens could not build the report: {0}', errorText(e));
        if (this.report) void this.panel.webview.postMessage({ type: 'busy', busy: false, generation });
        else {
          this.error = message;
          this.shown = generation;
          this.render();
        }
        log().error(`Building the report failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        notifyWithLog(message);
      } finally {
        if (this.building === cts) this.building = undefined;
        cts.dispose();
      }
    })();
    return this.pending;
  }

  private setSource(source: ReportSource): void {
    const same = source.scope === this.source.scope && source.noteUri === this.source.noteUri;
    this.source = source;
    this.panel.title = source.title;
    this.followSource();
    if (!same) {
      // Never show one note's claims under another's title while the new build runs.
      this.report = undefined;
      this.error = undefined;
      this.uris = {};
      this.shown = this.generation; // the loading page: every build from here on is news to it
      this.render();
    }
    void this.refresh();
  }

  private render(): void {
    if (this.isDisposed) return;
    const webview = this.panel.webview;
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', file)).toString();
    this.data = {
      title: this.source.title,
      scope: this.source.scope,
      ...(this.source.noteUri !== undefined ? { noteUri: this.source.noteUri } : {}),
      strings: reportStrings(),
      exports: OUTPUT_FORMATS.filter((f) => f.exportable).map((f) => ({ format: f.id, name: vscode.l10n.t(f.name) })),
      ...(this.report ? { report: toViewReport(this.report, isoDay(new Date())) } : this.error ? { error: this.error } : {}),
      generation: this.shown,
    };
    this.html = reportHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      modelUri: media('reportModel.js'),
      scriptUri: media('report.js'),
      styleUri: media('report.css'),
      data: this.data,
      lang: vscode.env.language,
    });
    webview.html = this.html;
    this.renderEmitter.fire(this.data);
  }

  /**
   * Handles a message from the page (from untrusted input: each is validated). Resolves once it
   * was handled; never rejects. Tests call it to do what a click in the page does.
   */
  receive(message: unknown): Promise<void> {
    const m = parsePageMessage(message);
    const run = async () => {
      switch (m?.type) {
        case 'reveal':
          return this.reveal(m.path, m.range);
        case 'export':
          return this.report && exportReport(this.report, m.format, this.source, this.uris);
        case 'refresh':
          return this.refresh();
        case 'state':
          return this.onPageState(m);
      }
    };
    return run().catch((e: unknown) => {
      reportError(vscode.l10n.t('Verification report'), e);
    });
  }

  private onPageState(m: Extract<PageMessage, { type: 'state' }>): void {
    const state: PageState = { generation: m.generation, busy: m.busy };
    this.pageState = state;
    if (m.probe !== undefined) {
      this.probes.get(m.probe)?.(state);
      this.probes.delete(m.probe);
    }
  }

  private async reveal(path: string, range: Range): Promise<void> {
    if (!Object.prototype.hasOwnProperty.call(this.uris, path)) return;
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(this.uris[path], true);
    } catch {
      return;
    }
    try {
      await vscode.window.showTextDocument(uri, { selection, preserveFocus: false, viewColumn: vscode.ViewColumn.One });
    } catch (e) {
      log().error(`Revealing a claim in ${path} failed: ${errorText(e)}`);
      notifyWithLog(vscode.l10n.t('Claim Lens could not open {0}: {1}', path, errorText(e)));
    }
  }
}
