import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { defaultConfig } from '../../src/core/config';
import type { SeveritySetting } from '../../src/core/types';
import type { StatusDefinition } from '../../src/core/vocabulary';
import { claimDecorations, DECORATED_STATUSES, displayedFindings, type Display } from '../../src/vscode/claimDisplay';
import { ROOT } from './helpers';

// ---- colours: parse package.json and compare what each theme draws ----

type Rgba = [number, number, number, number];
function hex(h: string): Rgba {
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(h);
  assert.ok(m, `not a #rrggbb[aa] colour: ${h}`);
  const n = (i: number) => parseInt(m[1].slice(i, i + 2), 16);
  return [n(0), n(2), n(4), m[2] ? parseInt(m[2], 16) : 255];
}
/** The colour as seen: composited over the theme's editor background. */
const over = (c: Rgba, bg: Rgba): [number, number, number] => [0, 1, 2].map((i) => c[i] * (c[3] / 255) + bg[i] * (1 - c[3] / 255)) as [number, number, number];
function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const lin = [r, g, b].map((v) => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const x = (lin[0] * 0.4124 + lin[1] * 0.3576 + lin[2] * 0.1805) / 0.95047;
  const y = lin[0] * 0.2126 + lin[1] * 0.7152 + lin[2] * 0.0722;
  const z = (lin[0] * 0.0193 + lin[1] * 0.1192 + lin[2] * 0.9505) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE = (a: [number, number, number], b: [number, number, number]) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));
const hue = (c: [number, number, number]) => {
  const [, a, b] = lab(c);
  return ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
};
const hueGap = (x: number, y: number) => Math.min(Math.abs(x - y), 360 - Math.abs(x - y));

const THEMES = { light: '#ffffff', dark: '#1e1e1e', highContrast: '#000000', highContrastLight: '#ffffff' } as const;
const KINDS = [...DECORATED_STATUSES, 'other'];

function contributedColours(): Map<string, Record<keyof typeof THEMES, string>> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { colors: Array<{ id: string; defaults: Record<keyof typeof THEMES, string> }> } };
  return new Map(pkg.contributes.colors.map((c) => [c.id, c.defaults]));
}

test('every status has a background and an underline colour for every theme, and a gutter mark for light and dark', () => {
  const colours = contributedColours();
  for (const kind of KINDS) {
    for (const part of ['Background', 'Underline']) {
      const c = colours.get(`claimLens.${kind}${part}`);
      assert.ok(c, `claimLens.${kind}${part} is not contributed`);
      for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>) hex(c[theme]);
    }
    for (const theme of ['light', 'dark']) assert.ok(existsSync(join(ROOT, 'media', 'gutter', `${kind}-${theme}.svg`)), `no ${kind}-${theme}.svg`);
  }
});

test('the status colours are pairwise distinct in every theme, as drawn on its background', () => {
  const colours = contributedColours();
  for (const [theme, bgHex] of Object.entries(THEMES) as Array<[keyof typeof THEMES, string]>) {
    const bg = hex(bgHex);
    for (const part of ['Background', 'Underline']) {
      const seen = KINDS.map((k) => [k, over(hex(colours.get(`claimLens.${k}${part}`)![theme]), bg)] as const);
      for (let i = 0; i < seen.length; i++) {
        for (let j = i + 1; j < seen.length; j++) {
          // ΔE 10 is a difference anyone sees at a glance; 2.3 is the least one can see at all.
          const d = deltaE(seen[i][1], seen[j][1]);
          assert.ok(d >= 10, `${theme} ${part}: ${seen[i][0]} and ${seen[j][0]} are too alike (ΔE ${d.toFixed(1)})`);
        }
      }
      // The issue: in the light theme Paraphrase and Opinion looked the same. Their hues stay well apart everywhere.
      const gap = hueGap(hue(seen.find(([k]) => k === 'paraphrase')![1]), hue(seen.find(([k]) => k === 'opinion')![1]));
      assert.ok(gap >= 30, `${theme} ${part}: paraphrase and opinion hues are ${gap.toFixed(0)}° apart`);
    }
  }
});

// ---- which findings show as diagnostics ----

const CAREFUL = `---
source:
  url: https://media.example.org/keynote.mp4
  title: Keynote recording
---

The speaker said most teams already migrated (speaker opinion).

A vendor slide showed rate limiting for Q3 (not verified in this write-up).
`;
const UNSOURCED = `# Notes

The panellist claimed that golden paths halve onboarding time (speaker opinion).

A vendor slide showed rate limiting for Q3 (not verified in this write-up).

Meshes will converge by 2028, in my opinion.
`;

const shown = (text: string, display: Display, explicit: string[] = []) => {
  const a = analyzeText(text);
  return { a, out: displayedFindings(a.claims, a.findings, { display, explicit: new Set(explicit) }) };
};

test('a labelled and sourced note shows no diagnostic in decorations mode, and information otherwise', () => {
  const { a, out } = shown(CAREFUL, 'decorations');
  assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['claim.opinion', 'information'], ['claim.unverified', 'warning']], 'the core is unchanged');
  assert.deepEqual(out, []);
  for (const mode of ['diagnostics', 'both'] as const) {
    assert.deepEqual(shown(CAREFUL, mode).out.map((f) => [f.code, f.severity]), [['claim.opinion', 'information'], ['claim.unverified', 'information']], mode);
  }
  // A severity the user set is kept: in settings, or in the config as other than the default.
  assert.deepEqual(shown(CAREFUL, 'diagnostics', ['unverified']).out.map((f) => f.severity), ['information', 'warning']);
  const a2 = analyzeText(CAREFUL);
  const loud = a2.findings.map((f) => (f.code === 'claim.opinion' ? { ...f, severity: 'error' as const } : f));
  assert.deepEqual(displayedFindings(a2.claims, loud, { display: 'diagnostics', explicit: new Set() }).map((f) => f.severity), ['error', 'information']);
  assert.equal(claimDecorations(a.claims, a.findings, (c) => c.status).length, 2, 'both claims are highlighted');
});

test('a claim without the source it needs gets exactly one warning, claim.no-source over its sentence, in every mode', () => {
  for (const mode of ['decorations', 'diagnostics', 'both'] as const) {
    const { a, out } = shown(UNSOURCED, mode);
    assert.equal(a.findings.filter((f) => f.code === 'claim.no-source').length, 2, 'the core reports both');
    const needy = a.claims.filter((c) => c.sources.length === 0 && !c.own);
    assert.equal(needy.length, 2);
    const warnings = out.filter((f) => f.severity === 'warning');
    assert.deepEqual(warnings.map((f) => f.code), ['claim.no-source', 'claim.no-source'], mode);
    assert.deepEqual(warnings.map((f) => f.range), needy.map((c) => c.range), 'over the whole sentence');
    assert.equal(warnings[0].message.startsWith('Speaker opinion — no source. No primary source for this opinion claim'), true, warnings[0].message);
    assert.match(warnings[0].l10n!.message, /^\{0\} — no source\. No primary source for this \{1\} claim/);
    assert.deepEqual(warnings[0].l10n!.args, ['Speaker opinion', 'opinion']);
    // The writer's own opinion needs no source: a clean claim.
    const own = out.filter((f) => f.code === 'claim.opinion');
    assert.equal(own.length, mode === 'decorations' ? 0 : 1, mode);
  }
  const { a } = shown(UNSOURCED, 'decorations');
  const decorated = claimDecorations(a.claims, a.findings, (c) => c.status);
  assert.deepEqual(decorated.map((d) => [d.kind, d.unsourced]), [['opinion', true], ['unverified', true], ['opinion', false]]);
});

test('suppressed claims, ignored statuses and custom statuses', () => {
  const text = 'Golden paths halve onboarding time (speaker opinion). <!-- claim-lens-disable-claim opinion -- checked by hand -->\n\nThe fleet is idle (gut feeling).\n';
  const config = { statuses: [{ name: 'hunch', label: 'Hunch', severity: 'information' as const, needsSource: false, markers: [{ text: 'gut feeling', place: 'anywhere' as const }] }] };
  const a = analyzeText(text, { config: defaultsWith(config.statuses) });
  const decorated = claimDecorations(a.claims, a.findings, (c) => c.status);
  assert.deepEqual(decorated.map((d) => d.kind), ['other'], 'the suppressed claim is not highlighted; the custom status is neutral');
  assert.deepEqual(displayedFindings(a.claims, a.findings, { display: 'decorations', explicit: new Set() }), []);
  // An ignored status makes no finding, so no highlight either.
  const off = analyzeText('Golden paths halve onboarding time (speaker opinion).\n', { config: defaultsWith([], { opinion: 'off' }) });
  assert.equal(off.claims.length, 1);
  assert.deepEqual(claimDecorations(off.claims, off.findings, (c) => c.status).map((d) => d.unsourced), [true], 'still unsourced: its warning stays');
});

function defaultsWith(extra: StatusDefinition[], severity: Record<string, SeveritySetting> = {}) {
  const c = defaultConfig();
  c.statuses = [...c.statuses.map((s) => (severity[s.name] ? { ...s, severity: severity[s.name] } : s)), ...extra];
  return c;
}
