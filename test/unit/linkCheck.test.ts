import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLinks, isCheckableUrl, parseRetryAfter, type LinkCheckDeps, type LinkStatus } from '../../src/core/linkCheck';

// Every request goes to this server on 127.0.0.1; nothing else is contacted.
let server: Server;
let base = '';
const hits = new Map<string, number>(); // "METHOD path" -> count
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

/** Node's global fetch, a fake sleep that records its waits, and a fixed clock. */
function deps(extra: Partial<LinkCheckDeps> = {}): LinkCheckDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    fetch: (url, init) => fetch(url, init),
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
