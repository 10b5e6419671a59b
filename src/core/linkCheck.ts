// Opt-in link health checks: is each http(s) source still reachable?
// Platform-free: the caller injects fetch, the name lookup, the clock, sleep and an optional cache,
// so the same code runs in the CLI (Node 20) and in the extension (desktop or web).
//
// A note's author chooses the URLs, and the check runs on the reader's machine or a CI runner. So,
// unless the caller opts in, no request goes to a non-public address (src/core/netAddress.ts):
// every hop's host is classified, looked up when a lookup is available, and all its addresses
// must be public. Redirects are followed here, one hop at a time, so each target is checked too.

import { classifyHost, isPublicAddress } from './netAddress';
import { TOOL_NAME, TOOL_VERSION } from './report';
import { parseHttpUrl } from './urls';

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
  /**
   * Why the check failed without a response: 'timeout', 'cancelled', 'too many redirects', the
   * network error, or, with `skipped`, why no answer was sought: 'not an http(s) URL',
   * 'not checked: internal address', 'not checked: deadline'.
   */
  error?: string;
  /** True when the URL was not checked (see `error`); such a link is never reported as dead. */
  skipped?: boolean;
  /**
   * With `skipped`: the check could not reach the network (no route, the resolver down, or every
   * link in the run failing before any answer), so nothing is known of this link. `error` keeps
   * the network error.
   */
  offline?: boolean;
  /** True when the host answered with a redirect that could not be followed (a browser hides its target). */
  redirectNotFollowed?: boolean;
  /** When the check finished, epoch ms. */
  checkedAt: number;
}

export interface LinkFetchInit {
  method: 'HEAD' | 'GET';
  /** Redirects come back as responses: `checkLinks` checks each target before following it. */
  redirect: 'manual';
  signal: AbortSignal;
  headers: Record<string, string>;
  /**
   * The address the check approved for this URL's host. A fetch that can choose where it
   * connects (the Node transport) must connect there, so a second lookup cannot lead elsewhere.
   */
  address?: string;
}

export interface LinkFetchResponse {
  status: number;
  /** 'opaqueredirect' from a browser's fetch: a redirect whose target is hidden. */
  type?: string;
  headers: { get(name: string): string | null };
  body?: { cancel?(): Promise<void> } | null;
}

export interface LinkCheckCache {
  get(url: string): LinkStatus | undefined;
  set(url: string, status: LinkStatus): void;
}

export interface LinkCheckDeps {
  /** A WHATWG-like fetch; see LinkFetchInit for `redirect` and `address`. */
  fetch: (url: string, init: LinkFetchInit) => Promise<LinkFetchResponse>;
  /**
   * Every address a host name has (IPv4 and IPv6 text). Absent where there is no lookup (a
   * browser): then only literal addresses and local names are refused, and other names are
   * requested as they are.
   */
  resolve?: (hostname: string) => Promise<readonly string[]>;
  /** Epoch ms. */
  now: () => number;
  /** Waits between retries; `signal` aborts when the wait is no longer needed (deadline, end of run). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Results younger than `cacheTtlMs` are reused; new results are stored. The caller persists it. */
  cache?: LinkCheckCache;
}

export interface LinkCheckOptions {
  /** Per request (HEAD and GET each), default 10000. */
  timeoutMs?: number;
  /** The whole run, default 60000: links without an answer by then are 'not checked: deadline'. */
  deadlineMs?: number;
  /** Concurrent requests per resolved address (per host name where there is no lookup), default 4. */
  perHost?: number;
  /** Concurrent requests overall, default 16. */
  concurrency?: number;
  /** Retries after 429 or 503, default 2. */
  maxRetries?: number;
  /** Longest wait for one Retry-After, default 30000. */
  maxRetryAfterMs?: number;
  /** Redirects followed for one request, default 10. */
  maxRedirects?: number;
  /** How long a cached result stays fresh, default one day. */
  cacheTtlMs?: number;
  /** Sent as `user-agent` (browsers ignore it); default LINK_CHECK_USER_AGENT. */
  userAgent?: string;
  /** Also request loopback, private, link-local and other non-public addresses. Default false. */
  allowInternal?: boolean;
  /** Polled before each request; once true, no new request starts (unstarted URLs get error 'cancelled'). */
  isCancelled?: () => boolean;
}

export const LINK_CHECK_DEFAULTS = {
  timeoutMs: 10_000,
  deadlineMs: 60_000,
  perHost: 4,
  concurrency: 16,
  maxRetries: 2,
  maxRetryAfterMs: 30_000,
  maxRedirects: 10,
  cacheTtlMs: 86_400_000,
} as const;

export const REPOSITORY_URL = 'https://github.com/claim-lens/claim-lens';
/** Names the tool, its version and where to read about it, so a site's owner can tell what called. */
export const LINK_CHECK_USER_AGENT = `${TOOL_NAME}/${TOOL_VERSION} (Claim Lens link check; +${REPOSITORY_URL})`;

export const NOT_HTTP_ERROR = 'not an http(s) URL';
export const INTERNAL_ERROR = 'not checked: internal address';
export const DEADLINE_ERROR = 'not checked: deadline';
export const TIMEOUT_ERROR = 'timeout';
export const CANCELLED_ERROR = 'cancelled';
export const TOO_MANY_REDIRECTS_ERROR = 'too many redirects';

/** Network errors that mean this machine has no network, whatever the link: never a dead link. */
const OFFLINE_CODES = /^(ENETUNREACH|ENETDOWN|EHOSTUNREACH|EAI_AGAIN|EAI_FAIL|EAI_SYSTEM)$/;
/**
 * Errors before any answer that mean either "this host is gone" or "no network": a name that
 * does not resolve, a refused or reset connection, a timeout. Such a link is dead when other
 * links of the run got answers, and not checked (offline) when none did.
 */
const NETWORK_CODES = /^(ENOTFOUND|EAI_NONAME|EAI_NODATA|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ECONNABORTED|EPIPE|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET)$/;

/** A `sleep` for LinkCheckDeps on timers: it ends early, and frees its timer, when `signal` aborts. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** True for absolute http: and https: URLs, the only ones `checkLinks` requests. */
export function isCheckableUrl(url: string): boolean {
  return parseHttpUrl(url) !== undefined;
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

/** Whether a URL's host may be requested without looking it up: false for literal non-public addresses and local names. */
export function isInternalUrl(url: string): boolean {
  const u = parseHttpUrl(url);
  if (!u) return false;
  const c = classifyHost(u.hostname);
  return c.kind === 'local-name' || (c.kind === 'ip' && !c.public);
}

/**
 * Checks each distinct URL once and returns a status for every distinct input string, in input order.
 * Non-http(s) URLs, internal addresses (unless allowed) and links the deadline cut short are in the
 * result with ok:false, skipped:true and the reason in `error`; they are never cached. Never throws.
 */
export async function checkLinks(urls: readonly string[], deps: LinkCheckDeps, options: LinkCheckOptions = {}): Promise<Map<string, LinkStatus>> {
  const opts = resolveOptions(options);
  const unique = [...new Set(urls)];
  const run: Run = {
    deps,
    opts,
    global: new Limiter(opts.concurrency),
    hosts: new Map(),
    deadline: new Deadline(opts.deadlineMs),
    headers: { 'user-agent': opts.userAgent },
    answered: false,
    unsure: new Set(),
  };
  try {
    const results = await Promise.all(unique.map(async (url): Promise<LinkStatus> => {
      try {
        return await checkOne(url, run);
      } catch (e) {
        return { url, ok: false, error: describeError(e), checkedAt: safeNow(deps) };
      }
    }));
    // Links that failed before any answer: dead when some host of this run answered, so the
    // network works; otherwise nothing was learnt of them, and they were not checked (offline).
    return new Map(results.map((r) => {
      if (!run.unsure.has(r)) return [r.url, r];
      if (run.answered) {
        writeCache(deps, r.url, r);
        return [r.url, r];
      }
      return [r.url, { ...r, skipped: true, offline: true }];
    }));
  } finally {
    run.deadline.clear();
  }
}

type ResolvedOptions = Required<Omit<LinkCheckOptions, 'isCancelled'>> & Pick<LinkCheckOptions, 'isCancelled'>;

interface Run {
  deps: LinkCheckDeps;
  opts: ResolvedOptions;
  global: Limiter;
  /** One limiter per resolved address, so spellings of one host share it. */
  hosts: Map<string, Limiter>;
  deadline: Deadline;
  /** Some request of this run got an HTTP answer: the network works. */
  answered: boolean;
  /** Results that failed before any answer with an error that may mean "no network"; cached once that is decided. */
  unsure: Set<LinkStatus>;
  headers: Record<string, string>;
}

function resolveOptions(o: LinkCheckOptions): ResolvedOptions {
  const num = (v: number | undefined, d: number, min: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : d);
  return {
    timeoutMs: num(o.timeoutMs, LINK_CHECK_DEFAULTS.timeoutMs, 1),
    deadlineMs: num(o.deadlineMs, LINK_CHECK_DEFAULTS.deadlineMs, 1),
    perHost: Math.floor(num(o.perHost, LINK_CHECK_DEFAULTS.perHost, 1)),
    concurrency: Math.floor(num(o.concurrency, LINK_CHECK_DEFAULTS.concurrency, 1)),
    maxRetries: Math.floor(num(o.maxRetries, LINK_CHECK_DEFAULTS.maxRetries, 0)),
    maxRetryAfterMs: num(o.maxRetryAfterMs, LINK_CHECK_DEFAULTS.maxRetryAfterMs, 0),
    maxRedirects: Math.floor(num(o.maxRedirects, LINK_CHECK_DEFAULTS.maxRedirects, 0)),
    cacheTtlMs: num(o.cacheTtlMs, LINK_CHECK_DEFAULTS.cacheTtlMs, 0),
    userAgent: typeof o.userAgent === 'string' && o.userAgent !== '' ? o.userAgent : LINK_CHECK_USER_AGENT,
    allowInternal: o.allowInternal === true,
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

/** The run's overall time limit: once reached, requests in flight are aborted and no new one starts. */
class Deadline {
  reached = false;
  /** Settles when the deadline passes; never rejects. */
  readonly passed: Promise<'deadline'>;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly controllers = new Set<AbortController>();
  private readonly ended = new globalThis.AbortController();
  /** Aborts at the deadline or when the run ends, whichever comes first. */
  readonly signal = this.ended.signal;

  constructor(ms: number) {
    let fire!: () => void;
    this.passed = new Promise((resolve) => { fire = () => resolve('deadline'); });
    this.timer = setTimeout(() => {
      this.reached = true;
      for (const c of this.controllers) c.abort();
      this.ended.abort();
      fire();
    }, ms);
  }

  track(c: AbortController): () => void {
    this.controllers.add(c);
    return () => this.controllers.delete(c);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.ended.abort();
  }
}

/** Why a check stops early, if it does. */
type Stop = typeof DEADLINE_ERROR | typeof CANCELLED_ERROR | undefined;

function stopReason(run: Run): Stop {
  if (run.deadline.reached) return DEADLINE_ERROR;
  return cancelled(run.opts) ? CANCELLED_ERROR : undefined;
}

function notChecked(url: string, run: Run, reason: string): LinkStatus {
  return reason === CANCELLED_ERROR
    ? { url, ok: false, error: CANCELLED_ERROR, checkedAt: safeNow(run.deps) }
    : { url, ok: false, skipped: true, error: reason, checkedAt: safeNow(run.deps) };
}

async function checkOne(url: string, run: Run): Promise<LinkStatus> {
  const { deps, opts } = run;
  const parsed = parseHttpUrl(url);
  if (!parsed) return { url, ok: false, skipped: true, error: NOT_HTTP_ERROR, checkedAt: safeNow(deps) };
  // Before the cache: a literal internal address is never reported from an older result.
  if (!opts.allowInternal && isInternalUrl(url)) return notChecked(url, run, INTERNAL_ERROR);

  const cached = readCache(deps, url);
  if (cached) {
    const age = safeNow(deps) - cached.checkedAt;
    if (age >= 0 && age < opts.cacheTtlMs) return { ...cached, url };
  }

  let method: 'HEAD' | 'GET' = 'HEAD';
  let last: Outcome | undefined;
  for (let attempt = 0; ; attempt++) {
    const stop = stopReason(run);
    if (stop) return notChecked(url, run, stop);
    last = await follow(parsed, method, run);
    if (last.refused || last.stopped) break;
    if (method === 'HEAD' && headUnsupported(last)) {
      method = 'GET';
      last = await follow(parsed, method, run);
      if (last.refused || last.stopped) break;
    }
    if (last.status !== 429 && last.status !== 503) break;
    if (attempt >= opts.maxRetries) break;
    const wait = parseRetryAfter(last.retryAfter, safeNow(deps), opts.maxRetryAfterMs)
      ?? Math.min(1000 * 2 ** attempt, opts.maxRetryAfterMs);
    let slept: Promise<unknown>;
    try {
      slept = Promise.resolve(deps.sleep(wait, run.deadline.signal)).catch(() => undefined);
    } catch {
      slept = Promise.resolve();
    }
    await Promise.race([slept, run.deadline.passed]);
  }

  if (last.refused) return notChecked(url, run, INTERNAL_ERROR);
  if (last.stopped) return notChecked(url, run, last.stopped);
  const status: LinkStatus = { url, ok: last.redirectNotFollowed === true || (last.status !== undefined && last.status >= 200 && last.status <= 399), checkedAt: safeNow(deps) };
  if (last.status !== undefined) status.status = last.status;
  if (last.redirectNotFollowed) status.redirectNotFollowed = true;
  if (last.finalUrl && sameUrl(last.finalUrl, parsed) === false) status.finalUrl = last.finalUrl;
  if (last.error !== undefined) status.error = last.error;
  if (last.network === 'offline') return { ...status, skipped: true, offline: true };
  if (last.network === 'unsure') run.unsure.add(status);
  else writeCache(deps, url, status);
  return status;
}

function readCache(deps: LinkCheckDeps, url: string): LinkStatus | undefined {
  try {
    const c = deps.cache?.get(url);
    return c && typeof c.checkedAt === 'number' && typeof c.ok === 'boolean' && !c.skipped && c.error !== CANCELLED_ERROR ? c : undefined;
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
  /** A network error before any answer: `offline` whatever else happens, `unsure` unless other hosts answer. */
  network?: 'offline' | 'unsure';
  /** A hop's host is internal and internal checks are not allowed: nothing was sent to it. */
  refused?: boolean;
  /** The deadline passed or the run was cancelled before an answer. */
  stopped?: Exclude<Stop, undefined>;
  redirectNotFollowed?: boolean;
}

/** HEAD refused, or the connection dropped in a way a GET might not. */
function headUnsupported(o: Outcome): boolean {
  if (o.status !== undefined) return o.status === 405 || o.status === 403 || o.status === 501;
  return !o.hostLevel && !o.redirectNotFollowed;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Requests `start`, then each redirect target in turn, checking every hop's host before it is contacted. */
async function follow(start: URL, method: 'HEAD' | 'GET', run: Run): Promise<Outcome> {
  let current = start;
  for (let hops = 0; ; hops++) {
    const target = await approve(current, run);
    if ('refused' in target || 'stopped' in target || 'error' in target) return target;
    const out = await guardedRequest(current, method, target, run);
    if (out.stopped || out.status === undefined || !REDIRECTS.has(out.status) || out.location === undefined) {
      return { ...out, finalUrl: current.href };
    }
    const next = parseHttpUrl(out.location, current.href);
    if (!next) return { error: 'redirect to a non-http(s) URL', hostLevel: true, finalUrl: current.href };
    if (hops >= run.opts.maxRedirects) return { error: TOO_MANY_REDIRECTS_ERROR, hostLevel: true, finalUrl: current.href };
    current = next;
  }
}

interface Approved {
  /** The address to connect to, when one was looked up or written literally. */
  address?: string;
  /** The limiter's key: the address, or the host name where there is no lookup. */
  key: string;
}

/** Decides whether a hop's host may be contacted, looking it up when a lookup is available. */
async function approve(url: URL, run: Run): Promise<Approved | { refused: true } | { stopped: Exclude<Stop, undefined> } | Outcome & { error: string }> {
  const { deps, opts } = run;
  const c = classifyHost(url.hostname);
  if (c.kind === 'ip') return !c.public && !opts.allowInternal ? { refused: true } : { address: c.address, key: c.address };
  if (c.kind === 'local-name' && !opts.allowInternal) return { refused: true };
  const name = url.hostname.toLowerCase();
  if (!deps.resolve) return { key: name };
  let addresses: readonly string[];
  try {
    const looked = await Promise.race([deps.resolve(url.hostname), run.deadline.passed]);
    if (looked === 'deadline') return { stopped: DEADLINE_ERROR };
    addresses = Array.isArray(looked) ? looked.filter((a): a is string => typeof a === 'string') : [];
  } catch (e) {
    return { error: describeError(e), hostLevel: true, network: networkKind(e) ?? 'unsure' };
  }
  if (addresses.length === 0) return { error: `no address for ${name}`, hostLevel: true, network: 'unsure' };
  // Every address must be public: which one a connection uses is not ours to choose everywhere.
  if (!opts.allowInternal && !addresses.every(isPublicAddress)) return { refused: true };
  const first = classifyHost(addresses[0]);
  const address = first.kind === 'ip' ? first.address : addresses[0];
  return { address, key: address };
}

function hostLimiter(run: Run, key: string): Limiter {
  let l = run.hosts.get(key);
  if (!l) run.hosts.set(key, (l = new Limiter(run.opts.perHost)));
  return l;
}

async function guardedRequest(url: URL, method: 'HEAD' | 'GET', target: Approved, run: Run): Promise<Outcome & { location?: string }> {
  const host = hostLimiter(run, target.key);
  await host.acquire();
  await run.global.acquire();
  try {
    const stop = stopReason(run);
    if (stop) return { stopped: stop };
    return await request(url.href, method, target.address, run);
  } finally {
    run.global.release();
    host.release();
  }
}

const HOST_LEVEL_CODES = /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_INVALID_URL)/;

async function request(url: string, method: 'HEAD' | 'GET', address: string | undefined, run: Run): Promise<Outcome & { location?: string }> {
  const controller = new globalThis.AbortController();
  const untrack = run.deadline.track(controller);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
      controller.abort();
    }, run.opts.timeoutMs);
  });
  const init: LinkFetchInit = { method, redirect: 'manual', signal: controller.signal, headers: { ...run.headers } };
  if (address !== undefined) init.address = address;
  const done = () => {
    clearTimeout(timer);
    untrack();
  };
  let pending: Promise<LinkFetchResponse>;
  try {
    pending = run.deps.fetch(url, init);
  } catch (e) {
    done();
    return { error: describeError(e), hostLevel: isHostLevel(e), network: networkKind(e) };
  }
  // A fetch that ignores the signal still loses the race; its late answer is discarded.
  pending.then((r) => discardBody(r), () => undefined);
  try {
    const r = await Promise.race([pending, timedOut, run.deadline.passed]);
    if (r === 'deadline') return { stopped: DEADLINE_ERROR };
    if (r === 'timeout') return run.deadline.reached ? { stopped: DEADLINE_ERROR } : { error: TIMEOUT_ERROR, hostLevel: true, network: 'unsure' };
    run.answered = true;
    if (r.type === 'opaqueredirect') return { redirectNotFollowed: true };
    const location = safeHeader(r, 'location');
    const out: Outcome & { location?: string } = { status: r.status, retryAfter: safeHeader(r, 'retry-after') };
    if (location !== null && location.trim() !== '') out.location = location.trim();
    return out;
  } catch (e) {
    return run.deadline.reached ? { stopped: DEADLINE_ERROR } : { error: describeError(e), hostLevel: isHostLevel(e), network: networkKind(e) };
  } finally {
    done();
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

/**
 * Whether an error before any answer may mean there is no network: its code, or a browser
 * fetch's bare TypeError ("Failed to fetch"), which is all a browser says when offline.
 */
function networkKind(e: unknown): Outcome['network'] {
  const code = errorCode(e);
  if (code !== undefined) return OFFLINE_CODES.test(code) ? 'offline' : NETWORK_CODES.test(code) ? 'unsure' : undefined;
  return e instanceof TypeError ? 'unsure' : undefined;
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
