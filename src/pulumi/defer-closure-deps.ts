import Module = require('node:module');

/*
 * Makes `require('@pulumi/pulumi')` about 0.35 s cheaper for the mock run.
 * The SDK's runtime index loads its function-serialization code eagerly, and
 * with it the TypeScript compiler (runtime/closure/*.js -> typescript-shim)
 * and @npmcli/arborist; only pulumi.runtime.serializeFunction uses them, and
 * Blueprint's programs never serialize functions. Those two requires, from
 * those files only, return a proxy that loads the real module on first use,
 * so serialization still works if anything ever needs it.
 *
 * Relies on Node's Module._load and on the SDK's file layout; the Pulumi test
 * checks that a mock run loads neither package, so a change shows up there.
 */
const DEFERRED = new Set(['@npmcli/arborist', '../../typescript-shim']);
const CLOSURE = /@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/][^\\/]+\.js$/;

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const internals = Module as unknown as { _load: Load };
const load = internals._load;

internals._load = function deferClosureDependencies(request, parent, isMain) {
  if (!parent || !DEFERRED.has(request) || !CLOSURE.test(parent.filename ?? '')) return load.call(Module, request, parent, isMain);
  let real: object | undefined;
  const get = () => (real ??= load.call(Module, request, parent, isMain) as object);
  // __esModule: TypeScript's __importStar then hands the proxy over as it is, without reading its keys.
  return new Proxy(
    {},
    {
      get: (_, key) => (key === '__esModule' ? true : Reflect.get(get(), key)),
      has: (_, key) => key in get(),
      ownKeys: () => Reflect.ownKeys(get()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(get(), key);
        if (d) d.configurable = true;
        return d;
      },
    },
  );
};
