import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as http from 'node:http';
import * as https from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLinks as checkLinksAnywhere, DEADLINE_ERROR, INTERNAL_ERROR, isCheckableUrl, LINK_CHECK_USER_AGENT, parseRetryAfter, timerSleep, type LinkCheckDeps, type LinkCheckOptions, type LinkFetchInit, type LinkStatus } from '../../src/core/linkCheck';
import { nodeFetch } from '../../src/node/linkTransport';
import { notCheckedSummary, unreachableFindings } from '../../src/core/linkFindings';
import { ROOT } from './helpers';

// Every request goes to this server on 127.0.0.1; nothing else is contacted. Its address is
// internal, so the tests that mean to reach it opt in (`checkLinks` below); the regression tests
// for internal addresses call `checkLinksAnywhere` without the opt-in and assert it saw nothing.
let server: Server;
let base = '';
const hits = new Map<string, number>(); // "METHOD path" -> count
const userAgents: string[] = [];
const hosts: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

function hit(req: IncomingMessage): number {
  const key = `${req.method} ${req.url}`;
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
}
const count = (method: string, path: string) => hits.get(`${method} ${path}`) ?? 0;
const total = (path: string) => count('HEAD', path) + count('GET', path);

function route(req: IncomingMessage, res: ServerResponse): void {
  const n = hit(req);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const seen = total(req.url ?? '/'); // both methods, this exact path+query
  switch (url.pathname) {
    case '/ok': res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'); return;
    case '/redirect': res.writeHead(301, { location: '/ok' }).end(); return;
    case '/missing': res.writeHead(404).end('missing'); return;
    case '/rate': // 429 with Retry-After: 1 the first time, then 200
      if (seen === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end('ok');
      return;
    case '/rate-long': res.writeHead(429, { 'retry-after': '120' }).end(); return;
    case '/rate-date':
      if (seen === 1) res.writeHead(429, { 'retry-after': new Date(Date.parse('2030-01-01T00:00:05Z')).toUTCString() }).end();
      else res.writeHead(200).end('ok');
      return;
    case '/always-503': res.writeHead(503).end(); return;
    case '/unavailable': // 503 without Retry-After, then 200
      if (seen === 1) res.writeHead(503).end();
      else res.writeHead(200).end('ok');
      return;
    case '/no-head':
      if (req.method === 'HEAD') res.writeHead(405, { allow: 'GET' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(200_000));
      return;
    case '/head-drops':
      if (req.method === 'HEAD') req.socket.destroy();
      else res.writeHead(200).end('ok');
      return;
    case '/hang': return; // never answers
    case '/ua': userAgents.push(String(req.headers['user-agent'])); res.writeHead(200).end(); return;
    case '/loop': res.writeHead(302, { location: url.pathname + url.search }).end(); return;
    case '/to': // redirects to ?target=…, as a public site might
      res.writeHead(302, { location: url.searchParams.get('target') ?? '/ok' }).end();
      return;
    case '/host': hosts.push(String(req.headers.host)); res.writeHead(200).end(); return;
    case '/slow': {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end();
      }, 100);
      return;
    }
    default: res.writeHead(500).end(String(n));
  }
}

before(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The opt-in: these tests talk to the server on 127.0.0.1 on purpose. */
const checkLinks = (urls: readonly string[], d: LinkCheckDeps, o: LinkCheckOptions = {}) => checkLinksAnywhere(urls, d, { allowInternal: true, ...o });

/** The Node transport the CLI uses, a fake sleep that records its waits, and a fixed clock. */
function deps(extra: Partial<LinkCheckDeps> = {}): LinkCheckDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    fetch: nodeFetch({ http, https }),
    now: () => Date.parse('2030-01-01T00:00:00Z'),
    sleep: async (ms) => { sleeps.push(ms); },
    sleeps,
    ...extra,
  };
}
const u = (path: string) => `${base}${path}`;
const one = async (path: string, d = deps(), options = {}) => (await checkLinks([u(path)], d, options)).get(u(path))!;

test('200, 301 to /ok and 404', async () => {
  const r = await checkLinks([u('/ok'), u('/redirect'), u('/missing')], deps());
  assert.deepEqual([...r.keys()], [u('/ok'), u('/redirect'), u('/missing')]);
  const ok = r.get(u('/ok'))!;
  assert.equal(ok.ok, true);
  assert.equal(ok.status, 200);
  assert.equal(ok.finalUrl, undefined);
  assert.equal(ok.checkedAt, Date.parse('2030-01-01T00:00:00Z'));
  assert.equal(count('HEAD', '/ok'), 2, 'HEAD /ok, and HEAD /ok after the redirect');
  assert.equal(count('GET', '/ok'), 0, 'no GET needed');
  const moved = r.get(u('/redirect'))!;
  assert.deepEqual([moved.ok, moved.status, moved.finalUrl], [true, 200, u('/ok')]);
  const missing = r.get(u('/missing'))!;
  assert.deepEqual([missing.ok, missing.status, missing.error], [false, 404, undefined]);
});

test('429 with Retry-After: 1 waits ~1000 ms, then succeeds', async () => {
  const d = deps();
  const s = await one('/rate', d);
  assert.deepEqual([s.ok, s.status], [true, 200]);
  assert.deepEqual(d.sleeps, [1000]);
  assert.equal(total('/rate'), 2);
});

test('Retry-After as an HTTP-date, and capped by maxRetryAfterMs', async () => {
  const d = deps();
  assert.equal((await one('/rate-date', d)).status, 200);
  assert.deepEqual(d.sleeps, [5000]);
  const capped = deps();
  const s = await one('/rate-long', capped, { maxRetryAfterMs: 2000, maxRetries: 1 });
  assert.deepEqual([s.ok, s.status], [false, 429]);
  assert.deepEqual(capped.sleeps, [2000]);
});

test('503 then 200 uses the default backoff; retries stop at maxRetries', async () => {
  const d = deps();
  assert.equal((await one('/unavailable', d)).status, 200);
  assert.deepEqual(d.sleeps, [1000]);
  const d2 = deps();
  const s = await one('/always-503', d2);
  assert.deepEqual([s.ok, s.status], [false, 503]);
  assert.deepEqual(d2.sleeps, [1000, 2000]);
  assert.equal(total('/always-503'), 3, 'one try and maxRetries (2) retries');
});

test('HEAD 405 falls back to GET, whose body is dropped', async () => {
  const s = await one('/no-head');
  assert.deepEqual([s.ok, s.status], [true, 200]);
  assert.equal(count('HEAD', '/no-head'), 1);
  assert.equal(count('GET', '/no-head'), 1);
});

test('a HEAD that drops the connection falls back to GET', async () => {
  const s = await one('/head-drops');
  assert.deepEqual([s.ok, s.status], [true, 200]);
  assert.equal(count('GET', '/head-drops'), 1);
});

// The server never answers: only the 300 ms timeout can end the request. The test's own timeout
// turns a hang into a failure.
test('a request that never answers times out', { timeout: 60_000 }, async () => {
  const s = await one('/hang', deps(), { timeoutMs: 300 });
  assert.deepEqual([s.ok, s.status, s.error], [false, undefined, 'timeout']);
  assert.equal(count('GET', '/hang'), 0, 'a timeout is not retried as GET');
});

test('a refused connection is an error, not a throw', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const s = (await checkLinks([url], deps())).get(url)!;
  assert.equal(s.ok, false);
  assert.match(s.error ?? '', /ECONNREFUSED/);
});

test('never more than perHost requests in flight to one host', async () => {
  maxInFlight = 0;
  const urls = Array.from({ length: 10 }, (_, i) => u(`/slow?i=${i}`));
  const r = await checkLinks(urls, deps(), { perHost: 4 });
  assert.equal(r.size, 10);
  assert.ok([...r.values()].every((s) => s.ok));
  assert.ok(maxInFlight <= 4, `max in flight ${maxInFlight}`);
  assert.ok(maxInFlight >= 2, `requests ran concurrently (${maxInFlight})`);
});

test('a fresh cache entry avoids the request; a stale one is refreshed and stored', async () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const store = new Map<string, LinkStatus>([
    [u('/ok?cached'), { url: u('/ok?cached'), ok: false, status: 410, checkedAt: now - 1000 }],
    [u('/ok?stale'), { url: u('/ok?stale'), ok: false, status: 410, checkedAt: now - 86_400_000 }],
  ]);
  const sets: string[] = [];
  const cache = { get: (k: string) => store.get(k), set: (k: string, s: LinkStatus) => { sets.push(k); store.set(k, s); } };
  const r = await checkLinks([u('/ok?cached'), u('/ok?stale')], deps({ cache }));
  assert.equal(r.get(u('/ok?cached'))!.status, 410, 'served from the cache');
  assert.equal(total('/ok?cached'), 0);
  assert.equal(r.get(u('/ok?stale'))!.status, 200);
  assert.equal(total('/ok?stale'), 1);
  assert.deepEqual(sets, [u('/ok?stale')]);
  assert.equal(store.get(u('/ok?stale'))!.checkedAt, now);
});

test('non-http(s) URLs are reported as skipped, never requested', async () => {
  const urls = ['mailto:a@example.com', 'ftp://example.com/x', 'file:///etc/hosts', 'not a url', 'https://', ''];
  const seen: string[] = [];
  const d = deps({ fetch: async (url) => { seen.push(url); throw new Error('must not be called'); } });
  const r = await checkLinks(urls, d);
  assert.equal(r.size, urls.length);
  for (const url of urls) {
    assert.equal(isCheckableUrl(url), false, url);
    assert.deepEqual(r.get(url), { url, ok: false, skipped: true, error: 'not an http(s) URL', checkedAt: Date.parse('2030-01-01T00:00:00Z') });
  }
  assert.deepEqual(seen, []);
  assert.equal(isCheckableUrl('https://example.com/a'), true);
  assert.equal(isCheckableUrl('HTTP://example.com'), true);
});

test('duplicate URLs are checked once', async () => {
  const r = await checkLinks([u('/ok?dup'), u('/ok?dup'), u('/ok?dup')], deps());
  assert.equal(r.size, 1);
  assert.equal(total('/ok?dup'), 1);
});

test('cancellation stops new requests; every URL still gets a status', async () => {
  const r = await checkLinks([u('/ok?c1'), u('/ok?c2')], deps(), { isCancelled: () => true });
  assert.deepEqual([...r.values()].map((s) => [s.ok, s.error]), [[false, 'cancelled'], [false, 'cancelled']]);
  assert.equal(total('/ok?c1') + total('/ok?c2'), 0);
});

test('a throwing fetch, clock or cache never makes checkLinks throw', async () => {
  const d = deps({
    fetch: () => { throw new Error('boom'); },
    cache: { get: () => { throw new Error('get'); }, set: () => { throw new Error('set'); } },
  });
  const s = (await checkLinks([u('/never')], d)).get(u('/never'))!;
  assert.deepEqual([s.ok, s.error], [false, 'boom']);
});

test('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('1', now, 30_000), 1000);
  assert.equal(parseRetryAfter(' 0 ', now, 30_000), 0);
  assert.equal(parseRetryAfter('999', now, 30_000), 30_000);
  assert.equal(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now, 30_000), 10_000);
  assert.equal(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now, 30_000), 0);
  assert.equal(parseRetryAfter('soon', now, 30_000), undefined);
  assert.equal(parseRetryAfter(null, now, 30_000), undefined);
});

// ---- Internal addresses, redirects, the per-host limit, the deadline and the User-Agent ----

/** A fetch that records what it was asked, then uses the Node transport (as the CLI does). */
function spyFetch(route?: (init: LinkFetchInit) => LinkFetchInit): LinkCheckDeps['fetch'] & { calls: Array<{ url: string; address?: string }> } {
  const real = nodeFetch({ http, https });
  const calls: Array<{ url: string; address?: string }> = [];
  const f = (url: string, init: LinkFetchInit) => {
    calls.push({ url, address: init.address });
    return real(url, route ? route(init) : init);
  };
  return Object.assign(f, { calls });
}

/** A resolver from a table; every name it is asked is recorded. No real DNS. */
function stubResolver(table: Record<string, string[]>): NonNullable<LinkCheckDeps['resolve']> & { asked: string[] } {
  const asked: string[] = [];
  const f = async (name: string) => {
    asked.push(name);
    const a = table[name];
    if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return a;
  };
  return Object.assign(f, { asked });
}

const port = () => new URL(base).port;

test('by default a link to 127.0.0.1 is not requested: "not checked: internal address", never dead; the opt-in requests it', async () => {
  const url = u('/ok?internal-default');
  const fetchSpy = spyFetch();
  const s = (await checkLinksAnywhere([url], deps({ fetch: fetchSpy }))).get(url)!;
  assert.deepEqual([s.ok, s.skipped, s.error, s.status], [false, true, INTERNAL_ERROR, undefined]);
  assert.equal(total('/ok?internal-default'), 0, 'the server saw no request');
  assert.deepEqual(fetchSpy.calls, []);
  const allowed = (await checkLinksAnywhere([url], deps(), { allowInternal: true })).get(url)!;
  assert.deepEqual([allowed.ok, allowed.status, allowed.skipped], [true, 200, undefined]);
  assert.equal(total('/ok?internal-default'), 1, 'with the opt-in, one request');
});

test('decimal, hex, octal, short, localhost and IPv6 spellings of loopback are refused without a lookup', async () => {
  const p = port();
  const urls = [
    `http://2130706433:${p}/ok?s1`, `http://0x7f000001:${p}/ok?s2`, `http://0x7f.1:${p}/ok?s3`, `http://127.1:${p}/ok?s4`,
    `http://0177.0.0.1:${p}/ok?s5`, `http://localhost:${p}/ok?s6`, `http://a.localhost:${p}/ok?s7`, `http://LOCALHOST.:${p}/ok?s8`,
    `http://[::1]:${p}/ok?s9`, `http://[::ffff:127.0.0.1]:${p}/ok?s10`, `http://[::ffff:7f00:1]:${p}/ok?s11`,
    'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://192.168.0.1/', 'http://172.16.0.1/', 'http://100.64.0.1/',
    'http://[fd00::1]/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://224.0.0.1/', 'http://255.255.255.255/', 'http://intranet/',
  ];
  const fetchSpy = spyFetch();
  const resolve = stubResolver({});
  const r = await checkLinksAnywhere(urls, deps({ fetch: fetchSpy, resolve }));
  for (const url of urls) assert.deepEqual([r.get(url)!.skipped, r.get(url)!.error], [true, INTERNAL_ERROR], url);
  assert.deepEqual(fetchSpy.calls, []);
  assert.deepEqual(resolve.asked, []);
  for (let i = 1; i <= 11; i++) assert.equal(total(`/ok?s${i}`), 0, `s${i}`);
});

test('a public-looking name that resolves to 127.0.0.1 is refused; so is one with any internal address', async () => {
  const p = port();
  const fetchSpy = spyFetch();
  const resolve = stubResolver({ 'news.example.com': ['127.0.0.1'], 'mixed.example.com': ['93.184.216.34', '::1'], 'meta.example.com': ['::ffff:169.254.169.254'] });
  const urls = [`http://news.example.com:${p}/ok?dns1`, `http://mixed.example.com:${p}/ok?dns2`, `http://meta.example.com:${p}/ok?dns3`];
  const r = await checkLinksAnywhere(urls, deps({ fetch: fetchSpy, resolve }));
  for (const url of urls) assert.deepEqual([r.get(url)!.ok, r.get(url)!.skipped, r.get(url)!.error], [false, true, INTERNAL_ERROR], url);
  assert.deepEqual(fetchSpy.calls, [], 'nothing was requested');
  assert.equal(total('/ok?dns1') + total('/ok?dns2') + total('/ok?dns3'), 0);
  assert.deepEqual(resolve.asked.sort(), ['meta.example.com', 'mixed.example.com', 'news.example.com']);
});

test('with the opt-in, the connection goes to the address that was checked, not to a second lookup', async () => {
  const resolve = stubResolver({ 'pinned.example.com': ['127.0.0.1'] });
  const url = `http://pinned.example.com:${port()}/host`;
  hosts.length = 0;
  const s = (await checkLinksAnywhere([url], deps({ resolve }), { allowInternal: true })).get(url)!;
  assert.deepEqual([s.ok, s.status], [true, 200]);
  assert.deepEqual(hosts, [`pinned.example.com:${port()}`], 'the server on 127.0.0.1 got the request for that name');
});

test('a 302 from a public host to an internal one is refused at the hop: the target gets no request', async () => {
  const p = port();
  // The resolver says front.example.com is public; the test's fetch stands in for the internet by
  // routing every approved connection to the server here. Each redirect target is checked first.
  const resolve = stubResolver({ 'front.example.com': ['93.184.216.34'], 'inside.example.com': ['127.0.0.1'], 'other.example.com': ['93.184.216.35'] });
  const fetchSpy = spyFetch((init) => ({ ...init, address: '127.0.0.1' }));
  const targets = [
    `http://inside.example.com:${p}/ok?t1`, `http://127.0.0.1:${p}/ok?t2`, `http://2130706433:${p}/ok?t3`, `http://[::1]:${p}/ok?t4`,
    `http://localhost:${p}/ok?t5`, 'http://169.254.169.254/latest/meta-data/',
  ];
  const urls = targets.map((t, i) => `http://front.example.com:${p}/to?i=${i}&target=${encodeURIComponent(t)}`);
  const r = await checkLinksAnywhere(urls, deps({ fetch: fetchSpy, resolve }));
  for (const url of urls) {
    const s = r.get(url)!;
    assert.deepEqual([s.ok, s.skipped, s.error], [false, true, INTERNAL_ERROR], url);
  }
  for (let i = 1; i <= 5; i++) assert.equal(total(`/ok?t${i}`), 0, `t${i} was not requested`);
  assert.deepEqual(fetchSpy.calls.map((c) => new URL(c.url).pathname), targets.map(() => '/to'), 'only the first hops were requested');
  assert.ok(fetchSpy.calls.every((c) => c.address === '93.184.216.34'));
  // A redirect between public hosts is followed, and each hop's host is looked up.
  const fine = `http://front.example.com:${p}/to?target=${encodeURIComponent(`http://other.example.com:${p}/ok?t6`)}`;
  const ok = (await checkLinksAnywhere([fine], deps({ fetch: fetchSpy, resolve }))).get(fine)!;
  assert.deepEqual([ok.ok, ok.status, ok.finalUrl], [true, 200, `http://other.example.com:${p}/ok?t6`]);
  assert.equal(total('/ok?t6'), 1);
  assert.ok(resolve.asked.includes('other.example.com'));
});

test('redirects stop after maxRedirects', async () => {
  const s = await one('/loop?x', deps(), { maxRedirects: 3 });
  assert.deepEqual([s.ok, s.error], [false, 'too many redirects']);
  assert.equal(count('HEAD', '/loop?x'), 4, 'the request and three redirects');
  assert.equal(count('GET', '/loop?x'), 0);
});

test('one limiter per resolved address, whatever the spelling or name', async () => {
  maxInFlight = 0;
  const p = port();
  const resolve = stubResolver({ 'a.example.com': ['127.0.0.1'], 'b.example.com': ['127.0.0.1'], 'c.example.com': ['127.0.0.1'] });
  const names = ['a.example.com', 'b.example.com', 'c.example.com', '127.0.0.1', '2130706433', '0x7f.1'];
  const urls = names.flatMap((n, i) => [0, 1].map((k) => `http://${n}:${p}/slow?limit=${i}-${k}`));
  const r = await checkLinksAnywhere(urls, deps({ resolve }), { allowInternal: true, perHost: 2 });
  assert.ok([...r.values()].every((s) => s.ok), JSON.stringify([...r.values()].filter((s) => !s.ok)));
  assert.ok(maxInFlight <= 2, `max in flight ${maxInFlight}`);
  assert.equal(maxInFlight, 2, 'two at a time');
});

test('the run-wide deadline: 12 slow links end soon after it as "not checked: deadline"; answers before it stand', async () => {
  const deadlineMs = 500;
  const urls = Array.from({ length: 12 }, (_, i) => u(`/hang?deadline=${i}`));
  const start = Date.now();
  const r = await checkLinks([u('/ok?before-deadline'), ...urls], deps(), { deadlineMs, timeoutMs: 600_000 });
  const elapsed = Date.now() - start;
  assert.equal(r.get(u('/ok?before-deadline'))!.ok, true);
  for (const url of urls) assert.deepEqual([r.get(url)!.ok, r.get(url)!.skipped, r.get(url)!.error], [false, true, DEADLINE_ERROR], url);
  assert.ok(elapsed >= deadlineMs - 20, `ended after ${elapsed} ms, before the deadline`);
  // Generous: it only has to tell a deadline that holds from requests that run to their 600 s timeout.
  assert.ok(elapsed < deadlineMs * 20, `ended ${elapsed} ms after the start; the deadline was ${deadlineMs} ms`);
  const started = urls.reduce((n, _, i) => n + total(`/hang?deadline=${i}`), 0);
  assert.equal(started, 4, 'four at a time to one host; the rest never started');
});

test('the deadline also ends a wait for Retry-After', async () => {
  const deadlineMs = 300;
  const d = deps({ sleep: timerSleep });
  const start = Date.now();
  const s = await one('/rate-long?deadline', d, { deadlineMs, maxRetryAfterMs: 600_000 });
  assert.deepEqual([s.skipped, s.error], [true, DEADLINE_ERROR]);
  assert.ok(Date.now() - start < deadlineMs * 20, 'the 600 s Retry-After wait was cut short');
});

test('a cached result never stands in for a refused internal address', async () => {
  const url = 'http://127.0.0.1:9/cached';
  const cache = { get: () => ({ url, ok: false, status: 404, checkedAt: Date.parse('2030-01-01T00:00:00Z') }), set: () => undefined };
  const s = (await checkLinksAnywhere([url], deps({ cache }))).get(url)!;
  assert.deepEqual([s.skipped, s.error, s.status], [true, INTERNAL_ERROR, undefined]);
});

test('every request names Claim Lens, its version and the repository in its User-Agent', async () => {
  userAgents.length = 0;
  await checkLinks([u('/ua')], deps());
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  assert.deepEqual(userAgents, [LINK_CHECK_USER_AGENT]);
  assert.equal(userAgents[0], `claim-lens/${version} (Claim Lens link check; +https://github.com/claim-lens/claim-lens)`);
});

test('without a lookup (the browser): literal internal addresses and local names are refused, names are requested as written, a hidden redirect counts as an answer', async () => {
  const seen: Array<{ url: string; address?: string }> = [];
  const d = deps({
    fetch: async (url, init) => {
      seen.push({ url, address: init.address });
      return url.includes('moved') ? { status: 0, type: 'opaqueredirect', headers: { get: () => null } } : { status: 200, headers: { get: () => null } };
    },
  });
  delete d.resolve;
  const urls = ['http://127.0.0.1/a', 'http://localhost/b', 'http://[::1]/c', 'http://router.local/d', 'https://example.com/e', 'https://example.com/moved'];
  const r = await checkLinksAnywhere(urls, d);
  assert.deepEqual(urls.slice(0, 4).map((x) => r.get(x)!.error), [INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR]);
  assert.deepEqual(seen, [{ url: 'https://example.com/e', address: undefined }, { url: 'https://example.com/moved', address: undefined }]);
  assert.deepEqual([r.get('https://example.com/e')!.ok, r.get('https://example.com/e')!.status], [true, 200]);
  const moved = r.get('https://example.com/moved')!;
  assert.deepEqual([moved.ok, moved.redirectNotFollowed, moved.status], [true, true, undefined]);
});

test('the Node transport refuses the ports the Fetch standard blocks, as fetch does', async () => {
  const url = 'http://93.184.216.34:25/';
  const fetchSpy = spyFetch();
  const s = (await checkLinksAnywhere([url], deps({ fetch: fetchSpy }))).get(url)!;
  assert.deepEqual([s.ok, s.error], [false, 'port 25 is blocked for web requests']);
  assert.equal(fetchSpy.calls.length, 2, 'HEAD, then GET, both refused before connecting');
});

test('a name that does not resolve while other hosts answer is a dead link (the lookup failed), asked once, never retried as GET', async () => {
  // The other host answers from the test server; the stub lookup sends it there.
  const fetchSpy = spyFetch();
  const resolve = stubResolver({ 'up.example.com': ['93.184.216.34'] });
  const url = 'https://gone.example.com/page';
  const up = 'http://up.example.com/ok';
  const fetch: LinkCheckDeps['fetch'] = (u, init) => (u.startsWith('http://up.example.com') ? fetchSpy(u.replace('http://up.example.com', base), { ...init, address: undefined }) : fetchSpy(u, init));
  const r = await checkLinksAnywhere([url, up], deps({ fetch, resolve }));
  const s = r.get(url)!;
  assert.deepEqual([s.ok, s.skipped, s.offline, s.error], [false, undefined, undefined, 'getaddrinfo ENOTFOUND gone.example.com']);
  assert.equal(r.get(up)!.ok, true);
  assert.deepEqual(resolve.asked.filter((n) => n === 'gone.example.com'), ['gone.example.com']);
  assert.deepEqual(fetchSpy.calls.map((c) => c.url).filter((c) => c.includes('gone')), []);
});

// ---- Offline: "could not check" is its own outcome, never a dead link ----

/** A fake network that fails every request and lookup with one error code; nothing is contacted. */
function downNet(code: string, where: 'resolve' | 'fetch'): Pick<LinkCheckDeps, 'fetch' | 'resolve'> & { calls: number } {
  const fail = (what: string) => Promise.reject(Object.assign(new Error(`${what} ${code}`), { code }));
  const net = {
    calls: 0,
    resolve: async (name: string) => { net.calls++; return where === 'resolve' ? fail(`getaddrinfo ${name}`) : ['93.184.216.34']; },
    fetch: async (url: string) => { net.calls++; return fail(`connect ${url}`); },
  };
  return net;
}

test('with no network (the resolver down, no route, every lookup failing), no link is dead: each is "not checked", offline', async () => {
  const urls = ['https://a.example.com/x', 'https://b.example.org/y', 'http://c.example.net/'];
  for (const [code, where] of [['EAI_AGAIN', 'resolve'], ['ENOTFOUND', 'resolve'], ['ENETUNREACH', 'fetch'], ['EHOSTUNREACH', 'fetch'], ['ECONNREFUSED', 'fetch'], ['ETIMEDOUT', 'fetch']] as const) {
    const cache = new Map<string, LinkStatus>();
    const net = downNet(code, where);
    const r = await checkLinksAnywhere(urls, { ...deps(net), cache: { get: (u) => cache.get(u), set: (u, s) => cache.set(u, s) } });
    for (const url of urls) {
      const s = r.get(url)!;
      assert.deepEqual([s.ok, s.skipped, s.offline], [false, true, true], `${code}: ${JSON.stringify(s)}`);
      assert.match(s.error ?? '', new RegExp(code));
    }
    assert.equal(cache.size, 0, `${code}: an offline result is never cached`);
    assert.ok(net.calls > 0);
    const findings = unreachableFindings(urls.map((url) => ({ kind: 'inline' as const, url, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } })), r);
    assert.deepEqual(findings, [], `${code}: no source.unreachable`);
    const summary = notCheckedSummary(r, { internal: '--allow-internal-links', deadline: '--links-deadline' });
    assert.equal(summary.length, 1);
    assert.match(summary[0], /^3 links not checked \(offline\): .*; the network could not be reached, so none is reported as dead/);
  }
});

test('a browser fetch that fails with a bare TypeError everywhere is offline too; a TLS error is an answer of sorts, and dead', async () => {
  const url = 'https://a.example.com/x';
  const typeError = await checkLinksAnywhere([url], deps({ fetch: async () => { throw new TypeError('Failed to fetch'); } }));
  assert.deepEqual([typeError.get(url)!.skipped, typeError.get(url)!.offline], [true, true]);
  const tls = await checkLinksAnywhere([url], deps({ fetch: async () => { throw Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }); }, resolve: async () => ['93.184.216.34'] }));
  assert.deepEqual([tls.get(url)!.ok, tls.get(url)!.skipped], [false, undefined]);
});

test('no route to one host is offline for that link even when others answer; 404 and 410 stay dead', async () => {
  const statuses: Record<string, number> = { '/gone': 404, '/removed': 410, '/ok': 200 };
  const fetch: LinkCheckDeps['fetch'] = async (url) => {
    const path = new URL(url).pathname;
    if (path === '/noroute') throw Object.assign(new Error('connect ENETUNREACH'), { code: 'ENETUNREACH' });
    return { status: statuses[path] ?? 500, headers: { get: () => null } };
  };
  const urls = ['https://a.example.com/gone', 'https://a.example.com/removed', 'https://a.example.com/ok', 'https://b.example.com/noroute'];
  const r = await checkLinksAnywhere(urls, deps({ fetch, resolve: async () => ['93.184.216.34'] }));
  assert.deepEqual(urls.map((u) => [r.get(u)!.ok, r.get(u)!.status, !!r.get(u)!.offline]), [[false, 404, false], [false, 410, false], [true, 200, false], [false, undefined, true]]);
});
