// The link check's network access in Node (the CLI and a Node extension host): a name lookup that
// returns every address, and a fetch over node:http/https that connects only to the address the
// check approved (src/core/linkCheck.ts), so a second DNS answer cannot point it elsewhere.
// The modules are passed in: the extension gets them with process.getBuiltinModule, and its
// browser build, which has none, uses the browser's fetch instead.
import type * as Dns from 'node:dns';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LinkCheckDeps, LinkFetchInit, LinkFetchResponse } from '../core/linkCheck';

export interface NodeNet {
  dns: typeof Dns;
  http: typeof Http;
  https: typeof Https;
}

/** The Node modules from process.getBuiltinModule, or undefined outside Node (a browser). */
export function builtinNet(): NodeNet | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return undefined;
  const dns = get('node:dns') as typeof Dns | undefined;
  const http = get('node:http') as typeof Http | undefined;
  const https = get('node:https') as typeof Https | undefined;
  return dns && http && https ? { dns, http, https } : undefined;
}

/** Every address of a host name, IPv4 and IPv6, as the system resolver gives them. */
export function nodeResolve(net: Pick<NodeNet, 'dns'>): NonNullable<LinkCheckDeps['resolve']> {
  return async (hostname) => {
    const name = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    const found: LookupAddress[] = await net.dns.promises.lookup(name, { all: true, verbatim: true });
    return found.map((a) => a.address);
  };
}

/** Ports that the Fetch standard blocks (mail, SSH, IRC, …): browsers and Node's own fetch refuse them, and so does this. */
const BAD_PORTS = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

/** A fetch for `checkLinks` that never follows redirects and connects to `init.address` when given. */
export function nodeFetch(net: Pick<NodeNet, 'http' | 'https'>): LinkCheckDeps['fetch'] {
  return (url: string, init: LinkFetchInit) => new Promise<LinkFetchResponse>((resolve, reject) => {
    const u = new URL(url);
    if (u.port !== '' && BAD_PORTS.has(Number(u.port))) {
      reject(new Error(`port ${u.port} is blocked for web requests`));
      return;
    }
    const mod = u.protocol === 'https:' ? net.https : net.http;
    const pinned = init.address;
    const options: Http.RequestOptions = {
      method: init.method,
      headers: init.headers,
      signal: init.signal,
      // No pooled sockets: each request connects to the address approved for it, then closes.
      agent: false,
    };
    if (pinned !== undefined) {
      const family = pinned.includes(':') ? 6 : 4;
      options.lookup = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
        if (opts && opts.all) cb(null, [{ address: pinned, family }]);
        else cb(null, pinned, family);
      }) as unknown as Http.RequestOptions['lookup'];
    }
    let req: Http.ClientRequest;
    try {
      req = mod.request(u, options, (res) => {
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
            },
          },
          body: { cancel: async () => { res.destroy(); } },
        });
      });
    } catch (e) {
      reject(e);
      return;
    }
    req.on('error', reject);
    req.end();
  });
}

/** Both halves, for `checkLinks`. */
export function nodeLinkNet(net: NodeNet): Pick<LinkCheckDeps, 'fetch' | 'resolve'> {
  return { fetch: nodeFetch(net), resolve: nodeResolve(net) };
}
