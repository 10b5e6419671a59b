// Which build of the extension is running, and in what kind of extension host: the Node build
// (`main`) in a Node extension host, or the browser build (`browser`) in the web worker extension
// host of vscode.dev, github.dev or a code-server workbench. Logged once at activation.
declare const __CLAIM_LENS_BUILD__: string | undefined;

export type HostKind = 'web worker' | 'node' | 'unknown';

export function hostKind(): HostKind {
  const g = globalThis as { WorkerGlobalScope?: unknown; process?: { versions?: { node?: unknown } } };
  // A dedicated worker's global object is a WorkerGlobalScope; VS Code's web worker host adds no
  // `process` shim, and a Node host has no WorkerGlobalScope.
  if (typeof g.WorkerGlobalScope === 'function' && globalThis instanceof (g.WorkerGlobalScope as new () => object)) return 'web worker';
  if (typeof g.process?.versions?.node === 'string') return 'node';
  return 'unknown';
}

/** E.g. "browser build, web worker extension host". */
export function describeRuntime(): string {
  const build = typeof __CLAIM_LENS_BUILD__ === 'string' ? __CLAIM_LENS_BUILD__ : 'unbundled';
  const host = hostKind();
  return `${build} build, ${host === 'node' ? 'Node' : host} extension host`;
}
