// Which hosts a link check may contact. Link checks run on a developer's machine or a CI runner,
// where loopback, link-local (cloud metadata at 169.254.169.254), private and other non-public
// addresses reach things a note's author must not be able to probe. Platform-free: no DNS here.

/** How a URL's host is classified before any lookup. */
export type HostClass =
  | { kind: 'ip'; address: string; public: boolean }
  /** A name reserved for local use (`localhost`, `*.localhost`, `*.local`, a single label, …). */
  | { kind: 'local-name' }
  /** A name to look up; its addresses decide. */
  | { kind: 'name'; name: string };

/**
 * Parses an IPv4 address in any spelling `inet_aton` and WHATWG URLs accept: dotted quads and
 * the short forms `a`, `a.b`, `a.b.c`, each part decimal, octal (`0…`) or hex (`0x…`), with one
 * trailing dot allowed. Returns the 32-bit value, or undefined when it is not an IPv4 address.
 */
export function parseIPv4(host: string): number | undefined {
  let h = host;
  if (h.endsWith('.')) h = h.slice(0, -1);
  const parts = h.split('.');
  if (parts.length === 0 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return undefined;
    if (!Number.isSafeInteger(n)) return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  for (const n of nums) if (n > 255) return undefined;
  if (last >= 2 ** (8 * (4 - nums.length))) return undefined;
  let v = 0;
  for (const n of nums) v = v * 256 + n;
  return v * 2 ** (8 * (4 - nums.length)) + last;
}

/** Parses an IPv6 address (brackets, a zone `%…` and a dotted IPv4 tail allowed) into eight 16-bit groups. */
export function parseIPv6(host: string): number[] | undefined {
  let h = host;
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  if (!h.includes(':') || !/^[0-9a-f:.]+$/i.test(h)) return undefined;
  const lastColon = h.lastIndexOf(':');
  const quad = h.slice(lastColon + 1);
  if (quad.includes('.')) {
    // A dotted IPv4 tail (::ffff:127.0.0.1) stands for the last two groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(quad)) return undefined;
    const v4 = parseIPv4(quad.split('.').map((x) => String(Number(x))).join('.'));
    if (v4 === undefined) return undefined;
    h = `${h.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = h.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

/** [first address, prefix length] of IPv4 ranges that are not public. */
const V4_NON_PUBLIC: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];
const V4_RANGES = V4_NON_PUBLIC.map(([a, bits]) => [parseIPv4(a)!, bits] as const);

function v4InRange(v: number, base: number, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(v / size) === Math.floor(base / size);
}

export function isPublicIPv4(v: number): boolean {
  return !V4_RANGES.some(([base, bits]) => v4InRange(v, base, bits));
}

/**
 * Public IPv6 is global unicast (2000::/3) outside the special ranges. IPv4 embedded in
 * IPv6 (mapped, compatible, NAT64, 6to4) is judged as that IPv4 address.
 */
export function isPublicIPv6(g: readonly number[]): boolean {
  const embedded = (hi: number, lo: number) => isPublicIPv4(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) {
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible); :: and ::1 fall in here and are not public.
    return embedded(g[6], g[7]);
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embedded(g[6], g[7]); // NAT64 64:ff9b::/96
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4
  if ((g[0] & 0xe000) !== 0x2000) return false; // outside 2000::/3: ULA, link-local, multicast, reserved
  if (g[0] === 0x2001 && g[1] < 0x200) return false; // 2001::/23 IETF protocol assignments (Teredo, …)
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (g[0] === 0x3fff && g[1] < 0x1000) return false; // documentation 3fff::/20
  return true;
}

/** Names that are local by definition (RFC 6761, 6762, 8375 and common private suffixes). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'lan', 'localdomain', 'intranet', 'corp', 'home'];

/**
 * Classifies a URL's hostname as `new URL(…).hostname` gives it (or as written: brackets,
 * any IPv4 spelling, a trailing dot and any case are handled).
 */
export function classifyHost(hostname: string): HostClass {
  const h = hostname.trim().toLowerCase();
  const v6 = parseIPv6(h);
  if (v6) return { kind: 'ip', address: formatIPv6(v6), public: isPublicIPv6(v6) };
  const v4 = parseIPv4(h);
  if (v4 !== undefined) return { kind: 'ip', address: formatIPv4(v4), public: isPublicIPv4(v4) };
  const name = h.endsWith('.') ? h.slice(0, -1) : h;
  // A single label (`intranet`, `router`) is resolved through local search domains, never the public DNS.
  if (name === '' || !name.includes('.')) return { kind: 'local-name' };
  if (LOCAL_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`))) return { kind: 'local-name' };
  return { kind: 'name', name };
}

/** Whether an address a resolver returned (IPv4 or IPv6 text) is public; anything unreadable is not. */
export function isPublicAddress(address: string): boolean {
  const c = classifyHost(address);
  return c.kind === 'ip' && c.public;
}

export function formatIPv4(v: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
}

function formatIPv6(g: readonly number[]): string {
  return g.map((x) => x.toString(16)).join(':');
}
