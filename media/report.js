// The verification report page. Read-only: it renders the data block and posts
// `reveal`, `export` and `refresh` to the extension. Note text only ever enters the DOM
// through textContent; no innerHTML, no inline handlers, no navigation.
(function () {
  'use strict';

  const M = globalThis.ClaimLensReportModel;
  // eslint-disable-next-line no-undef -- provided by the webview host
  const vscode = acquireVsCodeApi();

  let data;
  try {
    data = JSON.parse(document.getElementById('data').textContent || 'null');
  } catch {
    data = null;
  }
  if (!data || typeof data !== 'object') data = { title: '', scope: 'workspace', strings: {} };
  const S = data.strings || {};
  const t = (key, ...args) => M.format(typeof S[key] === 'string' ? S[key] : key, ...args);
  const report = data.report;

  let state = M.normalizeState(vscode.getState(), data);
  const save = () => vscode.setState(state);
  save();

  const TONES = new Set(['red', 'orange', 'yellow', 'purple', 'blue', 'green', 'other']);
  const toneClass = (tone) => 'tone-' + (TONES.has(tone) ? tone : 'other');
  const VIA = { inline: 'viaInline', reference: 'viaReference', footnote: 'viaFootnote', registry: 'viaRegistry', note: 'viaNote' };

  // ---- DOM helpers -------------------------------------------------------------------

  /** Creates an element with classes, attributes and children (strings become text nodes). */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** A 16×16 icon from a fixed path (never user text). */
  function icon(d) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'icon');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
    return svg;
  }
  const ICON_REFRESH = 'M13.45 5.17A6 6 0 1 0 14 8h-1.2a4.8 4.8 0 1 1-.48-2.1L10 6h4V2l-1.13 1.13a.6.6 0 0 1 .58 2.04z';
  const ICON_EXPORT = 'M8 1.5l3.5 3.5-.85.85L8.6 3.8V10.5H7.4V3.8L5.35 5.85 4.5 5 8 1.5zM2.5 9.5h1.2v4.3h8.6V9.5h1.2v5.5h-11V9.5z';
  const ICON_CHEVRON = 'M6 4l4 4-4 4-.7-.7L8.6 8 5.3 4.7z';
  const ICON_SEARCH = 'M10.02 10.73a5 5 0 1 1 .71-.71l3.62 3.63-.7.7-3.63-3.62zM6.5 10.5a4 4 0 1 0 0-8 4 4 0 0 0 0 8z';

  function post(message) {
    vscode.postMessage(message);
  }

  // ---- Header, summary, filters ------------------------------------------------------

  function header() {
    // The extension sends the format registry's exportable formats: one list for the CLI and the page.
    const exportButtons = (Array.isArray(data.exports) ? data.exports : []).map(({ format, name }) => {
      const b = h('button', { type: 'button', class: 'button secondary', 'data-format': String(format), text: String(name) });
      b.addEventListener('click', () => post({ type: 'export', format }));
      if (!report) b.disabled = true;
      return b;
    });
    const refresh = h('button', { type: 'button', class: 'button primary', id: 'refresh' }, icon(ICON_REFRESH), h('span', { text: t('refresh') }));
    refresh.addEventListener('click', () => {
      busyView = { shown: busyView.shown, seen: busyView.seen, busy: true };
      showBusy();
      post({ type: 'refresh' });
    });
    const meta = report
      ? h('p', { class: 'meta' }, (report.files === 1 ? t('summaryOneFile', report.claims) : t('summary', report.claims, report.files)), h('span', { class: 'dot', 'aria-hidden': 'true', text: '·' }), 'claim-lens ' + report.version)
      : null;
    return h(
      'header',
      { class: 'header' },
      h('div', { class: 'title-block' }, h('h1', { text: data.title }), meta),
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'export-group', role: 'group', 'aria-label': t('export') }, h('span', { class: 'group-label' }, icon(ICON_EXPORT), t('export')), exportButtons),
        refresh,
      ),
    );
  }

  function statusChart() {
    const max = Math.max(1, ...report.statuses.map((s) => s.count));
    const rows = report.statuses.map((s) => {
      const fill = h('div', { class: 'bar-fill ' + toneClass(s.tone) });
      fill.style.width = (100 * s.count) / max + '%'; // CSSOM, allowed by the style-src CSP
      return h(
        'div',
        { class: 'bar-row', role: 'listitem' },
        h('span', { class: 'bar-label', text: s.label }),
        h('div', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'bar-count', text: String(s.count) }),
      );
    });
    return h('section', { class: 'card', 'aria-label': t('byStatus') }, h('h2', { text: t('byStatus') }), h('div', { class: 'bars', role: 'list' }, rows));
  }

  function sourceChart() {
    const parts = [
      ['sourced', report.sourced, 'tone-sourced'],
      ['unsourced', report.unsourced, 'tone-unsourced'],
      ['suppressed', report.suppressed, 'tone-suppressed'],
    ];
    const total = Math.max(1, parts.reduce((n, p) => n + p[1], 0));
    const stack = h('div', { class: 'stack', 'aria-hidden': 'true' });
    for (const [, n, cls] of parts) {
      if (!n) continue;
      const seg = h('div', { class: 'stack-seg ' + cls });
      seg.style.width = (100 * n) / total + '%';
      stack.append(seg);
    }
    const legend = h(
      'ul',
      { class: 'legend' },
      parts.map(([key, n, cls]) =>
        h('li', null, h('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }), h('span', { class: 'legend-label', text: t(key) }), h('span', { class: 'legend-count', text: String(n) })),
      ),
    );
    return h('section', { class: 'card', 'aria-label': t('sources') }, h('h2', { text: t('sources') }), stack, legend);
  }

  let listEl;
  let showingEl;

  function filters() {
    const input = h('input', {
      type: 'search',
      id: 'filter-text',
      class: 'input',
      placeholder: t('filterPlaceholder'),
      'aria-label': t('filterLabel'),
      spellcheck: 'false',
      autocomplete: 'off',
    });
    input.value = state.filters.text;
    input.addEventListener('input', () => {
      state.filters.text = input.value;
      save();
      renderList();
    });
    const chips = report.statuses.map((s) => {
      const box = h('input', { type: 'checkbox', class: 'chip-box', 'data-status': s.status });
      box.checked = !state.filters.hidden.includes(s.status);
      box.addEventListener('change', () => {
        const hidden = state.filters.hidden.filter((x) => x !== s.status);
        if (!box.checked) hidden.push(s.status);
        state.filters.hidden = hidden;
        save();
        renderList();
      });
      return h(
        'label',
        { class: 'chip ' + toneClass(s.tone) },
        box,
        h('span', { class: 'swatch', 'aria-hidden': 'true' }),
        h('span', { class: 'chip-label', text: s.label }),
        h('span', { class: 'chip-count', text: String(s.count) }),
      );
    });
    showingEl = h('span', { class: 'showing', role: 'status' });
    return h(
      'section',
      { class: 'filters' },
      h('div', { class: 'search' }, icon(ICON_SEARCH), input),
      h('fieldset', { class: 'chips' }, h('legend', { class: 'visually-hidden', text: t('statusFilterLabel') }), chips),
      showingEl,
    );
  }

  // ---- Claims ------------------------------------------------------------------------

  function sentence(claim) {
    const p = h('p', { class: 'sentence' });
    for (const seg of M.segments(claim.text, claim.marks)) p.append(seg.mark ? h('mark', { class: seg.tone ? toneClass(seg.tone) : undefined, text: seg.text }) : document.createTextNode(seg.text));
    return p;
  }

  function sources(claim) {
    // A claim that takes only the note's front-matter source says so briefly; the file's heading shows it.
    if (!claim.sources.length) return claim.noteSource ? h('p', { class: 'via note-source', text: t('noteSourceShort') }) : claim.suppressed ? null : h('p', { class: 'no-source', text: t('noSource') });
    return sourceList(claim.sources);
  }

  function sourceList(list) {
    return h(
      'ul',
      { class: 'sources' },
      list.map((s) => {
        const url = s.url || s.rawUrl;
        const urlEl = url ? h('span', { class: 'src-url' + (s.url ? '' : ' unsafe'), text: url }) : null;
        return h(
          'li',
          null,
          url && url === s.title ? urlEl : [h('span', { class: 'src-title', text: s.title }), urlEl],
          h('span', { class: 'via', text: t(VIA[s.via] || 'viaInline') }),
          typeof s.ageDays === 'number' ? h('span', { class: 'via age', text: t('accessedAgo', s.ageDays), title: s.accessed || '' }) : null,
        );
      }),
    );
  }

  function timestamps(claim) {
    if (!claim.timestamps || !claim.timestamps.length) return null;
    return h('p', { class: 'timestamps' }, h('span', { class: 'via', text: t('inRecording') }), claim.timestamps.map((x) => h('span', { class: 'src-url', text: ' ' + x.text + ' ' + x.url })));
  }

  function claimRow(file, claim) {
    const row = h(
      'li',
      {
        class: 'claim ' + toneClass(claim.tone) + (claim.suppressed ? ' is-suppressed' : ''),
        tabindex: '0',
        role: 'button',
        title: t('revealHint', claim.line),
      },
      h('span', { class: 'line', text: String(claim.line), 'aria-label': t('line', claim.line) }),
      h('span', { class: 'badge ' + toneClass(claim.tone), text: claim.label }),
      h(
        'div',
        { class: 'body' },
        sentence(claim),
        sources(claim),
        timestamps(claim),
        claim.suppressed ? h('p', { class: 'suppressed-note', text: claim.suppressed.reason ? t('suppressedReason', claim.suppressed.reason) : t('suppressed') }) : null,
      ),
    );
    const reveal = () => post({ type: 'reveal', path: file.path, range: claim.range });
    row.addEventListener('click', () => {
      // Selecting text (to copy a URL) is not a request to open the note.
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed && row.contains(sel.anchorNode)) return;
      reveal();
    });
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        reveal();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const rows = Array.from(document.querySelectorAll('details[open] .claim'));
        const next = rows[rows.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }
    });
    return row;
  }

  function fileGroup(file, total) {
    const details = h('details', { class: 'file' });
    details.open = !state.collapsed.includes(file.path);
    const slash = file.path.lastIndexOf('/');
    const summary = h(
      'summary',
      null,
      icon(ICON_CHEVRON),
      h('span', { class: 'file-name', text: slash >= 0 ? file.path.slice(slash + 1) : file.path }),
      slash > 0 ? h('span', { class: 'file-dir', text: file.path.slice(0, slash) }) : null,
      h('span', { class: 'count-badge', text: file.claims.length === total ? String(total) : file.claims.length + ' / ' + total, title: t('claimsIn', total) }),
    );
    // The note's front-matter sources, once for the file rather than on every claim.
    const noteSources = file.noteSources && file.noteSources.length ? h('div', { class: 'note-sources' }, h('span', { class: 'via', text: t('noteSources') }), sourceList(file.noteSources)) : null;
    details.append(...[summary, noteSources, h('ul', { class: 'claims' }, file.claims.map((c) => claimRow(file, c)))].filter(Boolean));
    details.addEventListener('toggle', () => {
      state.collapsed = state.collapsed.filter((p) => p !== file.path);
      if (!details.open) state.collapsed.push(file.path);
      save();
    });
    return details;
  }

  function renderList() {
    const { files, shown } = M.filterClaims(report, state.filters);
    const totals = new Map(report.fileReports.map((f) => [f.path, f.claims.length]));
    showingEl.textContent = t('showing', shown, report.claims);
    if (report.claims === 0) listEl.replaceChildren(h('p', { class: 'empty', text: t('noClaims') }));
    else if (!files.length) listEl.replaceChildren(h('p', { class: 'empty', text: t('noMatches') }));
    else listEl.replaceChildren(...files.map((f) => fileGroup(f, totals.get(f.path) || f.claims.length)));
  }

  // ---- Page --------------------------------------------------------------------------

  const progress = h('div', { class: 'progress', role: 'progressbar', 'aria-hidden': 'true' }, h('div', { class: 'progress-bit' }));

  // Busy or not, and for which build: see applyBusy() in reportModel.js.
  let busyView = M.initialBusy(data);

  function showBusy() {
    document.body.classList.toggle('busy', busyView.busy);
    const b = document.getElementById('refresh');
    if (b) b.disabled = busyView.busy;
    post({ type: 'state', generation: busyView.shown, busy: busyView.busy });
  }

  function render() {
    const app = document.getElementById('app');
    if (!report) {
      const error = typeof data.error === 'string' ? data.error : '';
      app.replaceChildren(progress, header(), h('p', { class: error ? 'empty error' : 'empty', role: error ? 'alert' : null, text: error || t('loading') }));
    } else {
      listEl = h('div', { class: 'files' });
      app.replaceChildren(progress, header(), h('div', { class: 'cards' }, statusChart(), sourceChart()), report.claims ? filters() : h('span', { hidden: true }), listEl);
      if (!showingEl) showingEl = h('span');
      renderList();
    }
    showBusy();
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'busy') {
      const next = M.applyBusy(busyView, m);
      if (next !== busyView) {
        busyView = next;
        showBusy();
      }
    } else if (m.type === 'probe' && Number.isInteger(m.id)) {
      // The extension asks what the page shows; it answers after every message sent before.
      post({ type: 'state', generation: busyView.shown, busy: busyView.busy, probe: m.id });
    }
  });

  let scrollPending = false;
  window.addEventListener('scroll', () => {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(() => {
      scrollPending = false;
      state.scrollY = window.scrollY;
      save();
    });
  });

  render();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
})();
