/**
 * @pulumi/pulumi loads the whole TypeScript compiler at import, for closure
 * serialization (turning JS functions into cloud code), which no Paved command
 * uses. Loading it costs a quarter of a second of every CLI start, so the CLI
 * puts a stand-in in the module cache that loads the real module on first use.
 * Must be imported before anything that imports @pulumi/pulumi.
 */
import Module from "node:module";

let shimPath: string | undefined;
try {
  shimPath = require.resolve("@pulumi/pulumi/typescript-shim");
} catch {
  shimPath = undefined; // a layout we do not know: leave loading as it is
}

if (shimPath !== undefined && require.cache[shimPath] === undefined) {
  const path = shimPath;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path) as Record<PropertyKey, unknown>;
      require.cache[path] = stand;
    }
    return real;
  };
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = new Proxy({}, {
    get: (_t, key) => load()[key],
    has: (_t, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Object.getOwnPropertyDescriptor(load(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
  require.cache[path] = stand;
}
