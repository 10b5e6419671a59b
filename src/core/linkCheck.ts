// Opt-in link health checks: is each http(s) source still reachable?
// Platform-free: the caller injects fetch, the clock, sleep and an optional cache, so the same code
// runs in the CLI (Node 20) and in the extension (desktop or web).

/** The outcome of checking one URL. */
export interface LinkStatus {
  /** The URL exactly as given to `checkLinks`. */
  url: string;
  /** True when the final status (after redirects) is 200–399. */
  ok: boolean;
  /** The final HTTP status; absent when no response arrived. */
  status?: number;
  /** Where redirects led, when that differs from `url` (fragments ignored). */
  finalUrl?: string;
  /** Why the check failed without a response: 'timeout', 'cancelled', 'not an http(s) URL', or the network error. */
  error?: string;
  /** True when no request was made because the URL is not http(s). */
  skipped?: boolean;
  /** When the check finished, epoch ms. */
  checkedAt: number;
}

export interface LinkFetchInit {
  method: 'HEAD' | 'GET';
  redirect: 'follow';
  signal: AbortSignal;
  headers?: Record<string, string>;
}

export interface LinkFetchResponse {
  status: number;
  url: string;
  headers: { get(name: string): string | null };
  body?: { cancel?(): Promise<void> } | null;
}

export interface LinkCheckCache {
  get(url: string): LinkStatus | undefined;
  set(url: string, status: LinkStatus): void;
}

export interface LinkCheckDeps {
  /** A WHATWG fetch (Node 20's global `fetch` or the browser's fits). */
  fetch: (url: string, init: LinkFetchInit) => Promise<LinkFetchResponse>;
  /** Epoch ms. */
  now: () => number;
  /** Waits between retries. */
  sleep: (ms: number) => Promise<void>;
  /** Results younger than `cacheTtlMs` are reused; new results are stored. The caller persists it. */
  cache?: LinkCheckCache;
}

export interface LinkCheckOptions {
  /** Per request (HEAD and GET each), default 10000. */
  timeoutMs?: number;
  /** Concurrent requests per hostname, default 4. */
  perHost?: number;
  /** Concurrent requests overall, default 16. */
  concurrency?: number;
  /** Retries after 429 or 503, default 2. */
  maxRetries?: number;
  /** Longest wait for one Retry-After, default 30000. */
  maxRetryAfterMs?: number;
  /** How long a cached result stays fresh, default one day. */
  cacheTtlMs?: number;
  /** Sent as `user-agent` (Node only: browsers ignore it). */
  userAgent?: string;
  /** Polled before each request; once true, no new request starts (unstarted URLs get error 'cancelled'). */
  isCancelled?: () => boolean;
}

export const LINK_CHECK_DEFAULTS = {
  timeoutMs: 10_000,
  perHost: 4,
  concurrency: 16,
  maxRetries: 2,
  maxRetryAfterMs: 30_000,
  cacheTtlMs: 86_400_000,
} as const;

export const NOT_HTTP_ERROR = 'not an http(s) URL';
export const TIMEOUT_ERROR = 'timeout';
export const CANCELLED_ERROR = 'cancelled';

/** True for absolute http: and https: URLs, the only ones `checkLinks` requests. */
export function isCheckableUrl(url: string): boolean {
  return parseHttpUrl(url) !== undefined;
}

function parseHttpUrl(url: string): URL | undefined {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Milliseconds to wait for a Retry-After value (delay-seconds or HTTP-date), capped at `capMs`;
 * undefined when the value is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, capMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), Math.max(0, capMs));
}

/**
 * Checks each distinct URL once and returns a status for every distinct input string, in input order.
 * Non-http(s) URLs are in the result with ok:false, skipped:true, error 'not an http(s) URL', and are
 * never requested or cached. Never throws.
 */
export async function checkLinks(urls: readonly string[], deps: LinkCheckDeps, options: LinkCheckOptions = {}): Promise<Map<string, LinkStatus>> {
  const opts = resolveOptions(options);
  const unique = [...new Set(urls)];
  const global = new Limiter(opts.concurrency);
  const hosts = new Map<string, Limiter>();
  const hostLimiter = (host: string) => {
    let l = hosts.get(host);
    if (!l) hosts.set(host, (l = new Limiter(opts.perHost)));
    return l;
  };
  const results = await Promise.all(unique.map(async (url): Promise<LinkStatus> => {
    try {
      return await checkOne(url, deps, opts, global, hostLimiter);
    } catch (e) {
      return { url, ok: false, error: describeError(e), checkedAt: safeNow(deps) };
    }
  }));
  return new Map(results.map((r) => [r.url, r]));
}

type ResolvedOptions = Required<Omit<LinkCheckOptions, 'userAgent' | 'isCancelled'>> & Pick<LinkCheckOptions, 'userAgent' | 'isCancelled'>;

function resolveOptions(o: LinkCheckOptions): ResolvedOptions {
  const num = (v: number | undefined, d: number, min: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : d);
  return {
    timeoutMs: num(o.timeoutMs, LINK_CHECK_DEFAULTS.timeoutMs, 1),
    perHost: Math.floor(num(o.perHost, LINK_CHECK_DEFAULTS.perHost, 1)),
    concurrency: Math.floor(num(o.concurrency, LINK_CHECK_DEFAULTS.concurrency, 1)),
    maxRetries: Math.floor(num(o.maxRetries, LINK_CHECK_DEFAULTS.maxRetries, 0)),
    maxRetryAfterMs: num(o.maxRetryAfterMs, LINK_CHECK_DEFAULTS.maxRetryAfterMs, 0),
    cacheTtlMs: num(o.cacheTtlMs, LINK_CHECK_DEFAULTS.cacheTtlMs, 0),
    userAgent: o.userAgent,
    isCancelled: o.isCancelled,
  };
}

function safeNow(deps: LinkCheckDeps): number {
  try {
    const n = deps.now();
    return Number.isFinite(n) ? n : Date.now();
  } catch {
    return Date.now();
  }
}

function cancelled(opts: ResolvedOptions): boolean {
  try {
    return opts.isCancelled?.() === true;
  } catch {
    return false;
  }
}

async function checkOne(url: string, deps: LinkCheckDeps, opts: ResolvedOptions, global: Limiter, hostLimiter: (h: string) => Limiter): Promise<LinkStatus> {
  const parsed = parseHttpUrl(url);
  if (!parsed) return { url, ok: false, skipped: true, error: NOT_HTTP_ERROR, checkedAt: safeNow(deps) };

  const cached = readCache(deps, url);
  if (cached) {
    const age = safeNow(deps) - cached.checkedAt;
    if (age >= 0 && age < opts.cacheTtlMs) return { ...cached, url };
  }

  const host = hostLimiter(parsed.hostname);
  const headers = opts.userAgent ? { 'user-agent': opts.userAgent } : undefined;
  let method: 'HEAD' | 'GET' = 'HEAD';
  let last: Outcome | undefined;

  for (let attempt = 0; ; attempt++) {
    if (cancelled(opts)) break;
    await host.acquire();
    await global.acquire();
    try {
      if (cancelled(opts)) break;
      last = await request(url, method, deps, opts.timeoutMs, headers);
      if (method === 'HEAD' && headUnsupported(last)) {
        method = 'GET';
        if (!cancelled(opts)) last = await request(url, method, deps, opts.timeoutMs, headers);
      }
    } finally {
      global.release();
      host.release();
    }
    if (last.status !== 429 && last.status !== 503) break;
    if (attempt >= opts.maxRetries) break;
    const wait = parseRetryAfter(last.retryAfter, safeNow(deps), opts.maxRetryAfterMs)
      ?? Math.min(1000 * 2 ** attempt, opts.maxRetryAfterMs);
    await deps.sleep(wait);
  }

  if (!last) return { url, ok: false, error: CANCELLED_ERROR, checkedAt: safeNow(deps) };
  const status: LinkStatus = { url, ok: last.status !== undefined && last.status >= 200 && last.status <= 399, checkedAt: safeNow(deps) };
  if (last.status !== undefined) status.status = last.status;
  if (last.finalUrl && sameUrl(last.finalUrl, parsed) === false) status.finalUrl = last.finalUrl;
  if (last.error !== undefined) status.error = last.error;
  writeCache(deps, url, status);
  return status;
}

function readCache(deps: LinkCheckDeps, url: string): LinkStatus | undefined {
  try {
    const c = deps.cache?.get(url);
    return c && typeof c.checkedAt === 'number' && typeof c.ok === 'boolean' ? c : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(deps: LinkCheckDeps, url: string, status: LinkStatus): void {
  try {
    deps.cache?.set(url, status);
  } catch {
    // A failing cache only costs a re-check next time.
  }
}

function sameUrl(final: string, original: URL): boolean {
  try {
    const f = new URL(final);
    f.hash = '';
    const o = new URL(original.href);
    o.hash = '';
    return f.href === o.href;
  } catch {
    return false;
  }
}

interface Outcome {
  status?: number;
  finalUrl?: string;
  retryAfter?: string | null;
  error?: string;
  /** The error is from the host as a whole (DNS, refused, TLS, timeout), not from the method. */
  hostLevel?: boolean;
}

/** HEAD refused, or the connection dropped in a way a GET might not. */
function headUnsupported(o: Outcome): boolean {
  if (o.status !== undefined) return o.status === 405 || o.status === 403 || o.status === 501;
  return !o.hostLevel;
}

const HOST_LEVEL_CODES = /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_INVALID_URL)/;

async function request(url: string, method: 'HEAD' | 'GET', deps: LinkCheckDeps, timeoutMs: number, headers: Record<string, string> | undefined): Promise<Outcome> {
  const controller = new globalThis.AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
      controller.abort();
    }, timeoutMs);
  });
  const init: LinkFetchInit = { method, redirect: 'follow', signal: controller.signal };
  if (headers) init.headers = headers;
  let pending: Promise<LinkFetchResponse>;
  try {
    pending = deps.fetch(url, init);
  } catch (e) {
    clearTimeout(timer);
    return { error: describeError(e), hostLevel: isHostLevel(e) };
  }
  // A fetch that ignores the signal still loses the race; its late answer is discarded.
  pending.then((r) => discardBody(r), () => undefined);
  try {
    const r = await Promise.race([pending, timedOut]);
    if (r === 'timeout') return { error: TIMEOUT_ERROR, hostLevel: true };
    return {
      status: r.status,
      finalUrl: typeof r.url === 'string' && r.url !== '' ? r.url : undefined,
      retryAfter: safeHeader(r, 'retry-after'),
    };
  } catch (e) {
    return { error: describeError(e), hostLevel: isHostLevel(e) };
  } finally {
    clearTimeout(timer);
  }
}

function safeHeader(r: LinkFetchResponse, name: string): string | null {
  try {
    return r.headers.get(name);
  } catch {
    return null;
  }
}

/** Headers are all we need: drop the body at once so the connection is freed. */
function discardBody(r: LinkFetchResponse | undefined): void {
  try {
    const p = r?.body?.cancel?.();
    if (p && typeof p.then === 'function') p.then(undefined, () => undefined);
  } catch {
    // Already locked or closed.
  }
}

function errorCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

function isHostLevel(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && HOST_LEVEL_CODES.test(code);
}

function describeError(e: unknown): string {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'request failed';
  const code = errorCode(e);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** A FIFO counting semaphore; release hands the slot straight to the next waiter. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
