// A stand-in for the `vscode` module, enough to load the extension bundle and call activate()
// outside VS Code, so the bench can time activation. Every property is a callable, constructible,
// iterable (empty) stub.
export function stubVscode(): unknown {
  const handler: ProxyHandler<() => void> = {
    get(_t, prop) {
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.toPrimitive) return () => '';
      return make();
    },
    set: () => true,
    apply: () => make(),
    construct: () => make() as object,
  };
  const make = (): unknown => new Proxy(function stub() {}, handler);
  // Bundlers copy a module's own keys onto a new object whose prototype is the module's
  // prototype: answer every other name from there.
  const anyName = new Proxy({}, { get: (_t, prop) => (prop === 'then' ? undefined : make()) });
  return new Proxy(function vscode() {}, { ...handler, getPrototypeOf: () => anyName });
}
