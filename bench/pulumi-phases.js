// Where the time of one `blueprint synth FILE --target pulumi` goes, measured inside one
// process:
//   node bench/pulumi-phases.js FILE
// Runs the CLI's own steps with the compiled code in dist/ (run `npm run build` first):
// loadBlueprint, require @pulumi/pulumi, require the program (dist/pulumi/mock-run, which
// loads @pulumi/aws), design + runUnderMocks, then write the graph. runUnderMocks itself is
// the real one; its steps are timed by wrapping the functions it calls through their
// modules' exports (renderDesign in dist/pulumi/program, pulumi.runtime.disconnect).
// @pulumi/pulumi is required the way mock-run.ts imports it: after
// dist/pulumi/defer-closure-deps, which defers closure serialization's TypeScript and
// @npmcli/arborist; `closureDeps` below counts the files of those that the run loaded anyway
// (it must be 0; bench/run.js checks).
// Prints one JSON object (milliseconds) to stdout:
//   load       read, merge, validate and cross-check the blueprint (YAML, zod): what `validate` does
//   pulumi     require dist/pulumi/defer-closure-deps, then require('@pulumi/pulumi'): its
//              index loads the automation API and the runtime, with closure serialization
//              (its TypeScript and @npmcli/arborist deferred) and gRPC
//   program    require dist/pulumi/mock-run and dist/design: @pulumi/aws's index (lazy: one
//              module per AWS service, loaded on first use) and our ComponentResources
//   construct  design(), runtime.setMocks() and renderDesign(): the `new` of every resource
//              (aws.* modules load here; the registrations are only queued)
//   drain      await runtime.disconnect(): the queued work runs (inputs are resolved and
//              serialized, each registration goes to the mock monitor and back); plus the sort
//   write      JSON.stringify the graph and write it to a temp file
//   total      all of the above (node's own start-up is not included)
// and, for each phase, `<phase>Modules`: the part of it spent inside require(); `closure`: the
// part of `pulumi` spent loading runtime/closure/* (function serialization, without the
// deferred TypeScript and @npmcli/arborist); `closureDeps`: TypeScript, @npmcli/arborist and
// typescript-shim files loaded by the end of the run (as bench/peak-rss.js counts them);
// `stackTraceLimit`: Error.stackTraceLimit seen inside renderDesign (0: stack traces off, as
// runUnderMocks sets it unless BLUEPRINT_DEBUG is set); `requires`: time inside require() of
// the whole run split by package (each package's own module files), heaviest first (ms).
// Used by bench/run.js.
'use strict';

const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('-')) {
  process.stderr.write('usage: node bench/pulumi-phases.js FILE\n');
  process.exit(1);
}
const [file] = args;
const DIST = path.join(__dirname, '..', 'dist');

// Time spent in outermost require() calls (nested requires are inside them), and each
// package's own share of it (its module bodies, without the packages they require).
let depth = 0;
let requireMs = 0;
const selfMs = new Map();
const childMs = [];
// What @pulumi/pulumi's runtime index spends loading its closure serialization (./closure/*).
const RUNTIME_INDEX = /@pulumi[\\/]pulumi[\\/]runtime[\\/]index\.js$/;
// The files src/pulumi/defer-closure-deps.ts keeps out (the same pattern as bench/peak-rss.js).
const CLOSURE_DEPS = /node_modules[\\/](typescript|@npmcli[\\/]arborist)[\\/]|@pulumi[\\/]pulumi[\\/](typescript-shim\.js$|vendor[\\/]typescript@)/;
let closureMs = 0;
const originalRequire = Module.prototype.require;
Module.prototype.require = function timedRequire(id) {
  const start = performance.now();
  depth++;
  childMs.push(0);
  try {
    return originalRequire.call(this, id);
  } finally {
    const spent = performance.now() - start;
    const nested = childMs.pop();
    depth--;
    if (depth === 0) requireMs += spent;
    else childMs[childMs.length - 1] += spent;
    if (id.startsWith('./closure/') && RUNTIME_INDEX.test(this.filename ?? '')) closureMs += spent;
    const key = packageOf(id, this);
    selfMs.set(key, (selfMs.get(key) ?? 0) + spent - nested);
  }
};

const packages = new Map();
function packageOf(id, parent) {
  const key = `${parent?.path ?? ''}\0${id}`;
  let name = packages.get(key);
  if (name === undefined) packages.set(key, (name = resolvePackage(id, parent)));
  return name;
}

function resolvePackage(id, parent) {
  let resolved = id;
  try {
    resolved = Module._resolveFilename(id, parent);
  } catch {
    // A failed require (e.g. an optional one): keep the id.
  }
  const parts = resolved.split(/[\\/]node_modules[\\/]/);
  const m = parts.length > 1 ? /^(@[^\\/]+[\\/][^\\/]+|[^\\/]+)/.exec(parts[parts.length - 1]) : null;
  if (m) return m[1].replace(/\\/g, '/');
  if (!path.isAbsolute(resolved)) return '(node built-ins)';
  return '(blueprint)';
}

const result = {};
const now = () => performance.now();
let modulesMark = 0;
let timeMark = 0;
function begin() {
  modulesMark = requireMs;
  timeMark = now();
}
function end(name) {
  result[name] = now() - timeMark;
  result[`${name}Modules`] = requireMs - modulesMark;
}

async function main() {
  begin();
  const loaded = require(path.join(DIST, 'load')).loadBlueprint(file);
  end('load');

  begin();
  // As mock-run.ts does: the deferral must be in place before the SDK loads.
  require(path.join(DIST, 'pulumi', 'defer-closure-deps'));
  const pulumi = require('@pulumi/pulumi');
  end('pulumi');

  begin();
  const { runUnderMocks } = require(path.join(DIST, 'pulumi', 'mock-run'));
  const program = require(path.join(DIST, 'pulumi', 'program'));
  const { design } = require(path.join(DIST, 'design'));
  end('program');

  // runUnderMocks calls program.renderDesign and pulumi.runtime.disconnect through their
  // modules' exports, so wrapping them there marks where each of its steps ends.
  const renderDesign = program.renderDesign;
  program.renderDesign = (...a) => {
    result.stackTraceLimit = Error.stackTraceLimit;
    try {
      return renderDesign(...a);
    } finally {
      end('construct');
      begin();
    }
  };
  const disconnect = pulumi.runtime.disconnect;
  let disconnects = 0;
  pulumi.runtime.disconnect = (...a) => {
    disconnects++;
    return disconnect(...a);
  };

  begin();
  const graph = await runUnderMocks(design(loaded.blueprint));
  end('drain');
  if (disconnects !== 1 || result.construct === undefined) throw new Error('runUnderMocks no longer calls renderDesign and runtime.disconnect() once each: update bench/pulumi-phases.js');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blueprint-pulumi-phases-'));
  begin();
  fs.writeFileSync(path.join(dir, 'graph.json'), `${JSON.stringify(graph, null, 1)}\n`);
  end('write');
  fs.rmSync(dir, { recursive: true, force: true });

  result.total = ['load', 'pulumi', 'program', 'construct', 'drain', 'write'].reduce((sum, p) => sum + result[p], 0);
  result.modulesTotal = requireMs;
  result.closure = closureMs;
  result.closureDeps = Object.keys(require.cache).filter((k) => CLOSURE_DEPS.test(k)).length;
  result.resources = graph.filter((r) => r.custom).length;
  result.components = graph.filter((r) => !r.custom).length;
  result.requires = Object.fromEntries([...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
