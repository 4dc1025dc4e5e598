// Where the time of one `blueprint synth` goes, measured inside one process:
//   node bench/phases.js FILE [--validate]
// Prints one JSON object (milliseconds) to stdout:
//   load       read, merge, validate and cross-check the blueprint (YAML, zod): what `validate` does
//   require    require the renderer (dist/cdk/synth: aws-cdk-lib's index, constructs, our constructs)
//   build      build the construct tree (design + new BlueprintStack + the resource-limit check)
//   synth      app.synth(): resolve tokens, run CDK's validations, render the template
//              (and, with --validate, aws-cdk-lib's built-in WASM CloudFormation validation)
//   write      JSON.stringify the template and write it to a temp file
//   total      all of the above (node's own start-up is not included)
// and, for each phase, `<phase>Modules`: the part of it spent inside require() (aws-cdk-lib
// loads most of its service modules lazily, on first use, i.e. during build and synth).
// Uses the compiled CLI code in dist/ (run `npm run build` first). Used by bench/run.js.
'use strict';

const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [file, ...flags] = process.argv.slice(2);
if (!file || flags.some((f) => f !== '--validate')) {
  process.stderr.write('usage: node bench/phases.js FILE [--validate]\n');
  process.exit(1);
}
const validate = flags.includes('--validate');
const DIST = path.join(__dirname, '..', 'dist');

// Time spent in outermost require() calls (nested requires are inside them).
let depth = 0;
let requireMs = 0;
const originalRequire = Module.prototype.require;
Module.prototype.require = function timedRequire(id) {
  if (depth > 0) return originalRequire.call(this, id);
  depth++;
  const start = performance.now();
  try {
    return originalRequire.call(this, id);
  } finally {
    requireMs += performance.now() - start;
    depth--;
  }
};

const result = {};
function phase(name, fn) {
  const modulesBefore = requireMs;
  const start = performance.now();
  const value = fn();
  result[name] = performance.now() - start;
  result[`${name}Modules`] = requireMs - modulesBefore;
  return value;
}

const loaded = phase('load', () => require(path.join(DIST, 'load')).loadBlueprint(file));
const synth = phase('require', () => require(path.join(DIST, 'cdk', 'synth')));
const { stack } = phase('build', () => synth.buildStack(loaded, { validate }));
const template = phase('synth', () => synth.templateOf(stack));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blueprint-phases-'));
phase('write', () => fs.writeFileSync(path.join(dir, 'template.json'), `${JSON.stringify(template, null, 1)}\n`));
fs.rmSync(dir, { recursive: true, force: true });

result.total = ['load', 'require', 'build', 'synth', 'write'].reduce((sum, p) => sum + result[p], 0);
result.modulesTotal = requireMs;
result.resources = Object.keys(template.Resources ?? {}).length;
result.cdkFiles = Object.keys(require.cache).filter((k) => /node_modules[\\/](aws-cdk-lib|constructs)[\\/]/.test(k)).length;
process.stdout.write(`${JSON.stringify(result)}\n`);
