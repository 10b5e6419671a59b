// Pure helpers for the report page: filtering, state normalisation, text segments.
// No DOM here, so the unit tests can run this file as it is (see test/unit/reportHtml.test.ts).
(function (root) {
  'use strict';

  /** Filters as persisted with setState, rebuilt from unknown input with safe defaults. */
  function normalizeFilters(value) {
    const v = value && typeof value === 'object' ? value : {};
    const text = typeof v.text === 'string' ? v.text.slice(0, 500) : '';
    const hidden = Array.isArray(v.hidden) ? v.hidden.filter((s) => typeof s === 'string').slice(0, 100) : [];
    return { text, hidden };
  }

  /** Everything the page persists: what the panel needs to restore itself, and the view's state. */
  function normalizeState(value, data) {
    const v = value && typeof value === 'object' ? value : {};
    const scope = data && (data.scope === 'note' || data.scope === 'workspace') ? data.scope : v.scope === 'note' ? 'note' : 'workspace';
    const noteUri = data ? (typeof data.noteUri === 'string' ? data.noteUri : undefined) : typeof v.noteUri === 'string' ? v.noteUri : undefined;
    const collapsed = Array.isArray(v.collapsed) ? v.collapsed.filter((s) => typeof s === 'string').slice(0, 1000) : [];
    const scrollY = typeof v.scrollY === 'number' && isFinite(v.scrollY) && v.scrollY > 0 ? v.scrollY : 0;
    const state = { scope, filters: normalizeFilters(v.filters), collapsed, scrollY };
    if (noteUri !== undefined) state.noteUri = noteUri;
    return state;
  }

  function claimMatches(claim, query, noteSources) {
    if (!query) return true;
    // A claim that takes the note's front-matter sources matches them too, though the file shows them.
    const own = (claim.sources || []).concat(claim.noteSource && noteSources ? noteSources : []);
    const hay = [claim.text, claim.label, claim.status]
      .concat(claim.markers || [])
      .concat(own.map((s) => [s.title, s.url || s.rawUrl || ''].join(' ')))
      .concat(claim.suppressed && claim.suppressed.reason ? [claim.suppressed.reason] : []);
    return hay.some((t) => typeof t === 'string' && t.toLowerCase().includes(query));
  }

  /**
   * The files and claims that pass the filters: statuses not hidden, and the text (trimmed,
   * case-insensitive) found in the sentence, a marker, a status or a source. Files left
   * without claims are dropped.
   */
  function filterClaims(report, filters) {
    const f = normalizeFilters(filters);
    const hidden = new Set(f.hidden);
    const query = f.text.trim().toLowerCase();
    const files = [];
    let shown = 0;
    for (const file of (report && report.fileReports) || []) {
      const claims = file.claims.filter((c) => !hidden.has(c.status) && claimMatches(c, query, file.noteSources));
      if (claims.length) {
        files.push(file.noteSources ? { path: file.path, noteSources: file.noteSources, claims } : { path: file.path, claims });
        shown += claims.length;
      }
    }
    return { files, shown };
  }

  /** Splits `text` at the marker spans [start, end, tone]: [{ text, mark, tone? }], covering the text exactly. */
  function segments(text, marks) {
    const out = [];
    let at = 0;
    for (const span of marks || []) {
      const s = Math.max(at, Math.min(text.length, span[0] | 0));
      const e = Math.max(s, Math.min(text.length, span[1] | 0));
      if (s > at) out.push({ text: text.slice(at, s), mark: false });
      if (e > s) out.push({ text: text.slice(s, e), mark: true, tone: typeof span[2] === 'string' ? span[2] : undefined });
      at = e;
    }
    if (at < text.length) out.push({ text: text.slice(at), mark: false });
    return out;
  }

  /** Fills `{0}`, `{1}`… in a localised template; unknown placeholders stay as they are. */
  function format(template, ...args) {
    return String(template).replace(/\{(\d+)\}/g, (m, i) => (i < args.length ? String(args[i]) : m));
  }

  /**
   * Whether the page shows itself busy, as a small state machine. `shown` is the build whose
   * report (or error) the page shows, `seen` the newest build a message announced. The extension
   * numbers its builds and says `busy` when one starts; the finished report replaces the page.
   * A `busy` can still reach the page after that (the webview hands messages queued for a
   * loading page to the page that replaced it): one about the build shown, or an older one, is
   * late and changes nothing, or the Refresh button would stay disabled under a busy bar.
   */
  function initialBusy(data) {
    const d = data && typeof data === 'object' ? data : {};
    const shown = Number.isInteger(d.generation) && d.generation > 0 ? d.generation : 0;
    return { shown, seen: shown, busy: !d.report && typeof d.error !== 'string' };
  }

  function applyBusy(view, message) {
    const g = message && Number.isInteger(message.generation) ? message.generation : undefined;
    if (g === undefined || g <= view.shown || g < view.seen) return view;
    return { shown: view.shown, seen: g, busy: message.busy !== false };
  }

  root.ClaimLensReportModel = Object.freeze({ normalizeFilters, normalizeState, filterClaims, segments, format, initialBusy, applyBusy });
})(globalThis);
