#!/usr/bin/env node
// The benchmark behind `npm run bench` (which builds first): wall time and peak memory
// of the `blueprint` CLI (CDK synth, the Pulumi program's mock run, parity) and of
// `npx cdk synth`, each run as a child process, as users run them; then the phases of one
// CDK synth (bench/phases.js) and of one Pulumi mock run (bench/pulumi-phases.js). Plain
// Node, no dependencies. See docs/PERFORMANCE.md for what each case means.
//
//   npm run bench                 measure and print a markdown report
//   npm run bench -- --write      also replace the section between <!-- bench:start -->
//                                 and <!-- bench:end --> in docs/PERFORMANCE.md with it
//   BENCH_RUNS=3 npm run bench    3 timed runs of every case (default: validate 15,
//                                 synth 5, cdk 3, baseline 5, phases 3); or per kind:
//                                 BENCH_RUNS=validate=15,synth=5,cdk=3,baseline=5,phases=3
//
// Every case gets one untimed warm-up run first (file cache, npx lookup). Peak memory is
// the largest process.resourceUsage().maxRSS of the measured process over the runs,
// recorded by bench/peak-rss.js. Timing verdicts are printed, never turned into a
// failure (this is a shared machine); a command that fails, `validate` loading aws-cdk-lib,
// constructs or @pulumi, or `synth --target pulumi` loading TypeScript or @npmcli/arborist
// (deferred by src/pulumi/defer-closure-deps.ts), exits 1.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateBlueprint } = require('./generate.js');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'blueprint.js');
const PEAK = path.join(__dirname, 'peak-rss.js');
const PHASES = path.join(__dirname, 'phases.js');
const PULUMI_PHASES = path.join(__dirname, 'pulumi-phases.js');
const DOC = path.join(ROOT, 'docs', 'PERFORMANCE.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

// Targets (docs/PERFORMANCE.md).
const VALIDATE_TARGET_S = 0.3;
const MEMORY_LIMIT_MIB = 1024;
const LINEAR_TOLERANCE = 1.5;

const DEFAULT_RUNS = { validate: 15, synth: 5, cdk: 3, baseline: 5, phases: 3 };

function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--write');
  if (unknown.length) fail(`unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')} (usage: node bench/run.js [--write])`);
  const write = args.includes('--write');
  if (write) readMarkedDoc(); // Fail now, not after minutes of measuring.
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) fail('dist/cli/main.js is missing: run `npm run build` first (npm run bench does)');

  const runs = parseRuns(process.env.BENCH_RUNS);
  const began = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blueprint-bench-'));
  try {
    const report = measure(runs, tmp);
    const markdown = render(report);
    process.stdout.write(`${markdown}\n`);
    if (write) {
      writeDoc(markdown);
      log(`wrote the results into ${path.relative(process.cwd(), DOC) || DOC}`);
    }
    log(`bench took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    if (report.failures.length) {
      for (const f of report.failures) log(`FAILED: ${f}`);
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** BENCH_RUNS=N (every kind) or BENCH_RUNS=kind=N,kind=N. */
function parseRuns(text) {
  const runs = { ...DEFAULT_RUNS };
  if (!text) return runs;
  const count = (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) fail(`BENCH_RUNS: expected a whole number of runs of at least 1, got "${v}"`);
    return n;
  };
  if (/^\d+$/.test(text.trim())) {
    for (const k of Object.keys(runs)) runs[k] = count(text.trim());
    return runs;
  }
  for (const part of text.split(',')) {
    const [kind, value] = part.split('=').map((s) => s.trim());
    if (!(kind in runs)) fail(`BENCH_RUNS: unknown kind "${kind}" (kinds: ${Object.keys(runs).join(', ')}; or one number for all)`);
    runs[kind] = count(value);
  }
  return runs;
}

function measure(runs, tmp) {
  const files = {};
  for (const n of [1, 10, 25, 30]) {
    files[n] = path.join(tmp, `services-${n}.yaml`);
    fs.writeFileSync(files[n], generateBlueprint(n));
  }
  const out = (name) => path.join(tmp, `out-${name}`);
  const webApp = path.join(ROOT, 'blueprints', 'web-app.yaml');
  const starter = path.join(ROOT, 'blueprints', 'starter.yaml');
  const threeTier = path.join(ROOT, 'blueprints', 'three-tier.yaml');
  const timeline = path.join(ROOT, 'synth-tests', 'fixtures', 'timeline.yaml');
  const serverless = path.join(ROOT, 'blueprints', 'serverless-api.yaml');
  const storefront = path.join(ROOT, 'blueprints', 'storefront.yaml');
  const cdkFiles = synthFiles(webApp, path.join(tmp, 'cdk-files.json'));
  const node = (script) => ({ argv: ['-e', script] });
  const cli = (...a) => ({ argv: [BIN, ...a] });

  /** Each case: a label, how many runs, the command, and what it must produce. */
  const cases = [
    { id: 'node', label: '`node -e 0` (baseline: Node start-up)', kind: 'baseline', ...node('0') },
    { id: 'cdk-index', label: "`node -e \"require('aws-cdk-lib')\"` (baseline: its lazy index)", kind: 'baseline', ...node("require('aws-cdk-lib')") },
    {
      id: 'cdk-files',
      label: `baseline: require the ${cdkFiles.count} aws-cdk-lib/constructs files a web-app synth loads`,
      kind: 'baseline',
      ...node(`for (const f of JSON.parse(require('node:fs').readFileSync(${JSON.stringify(cdkFiles.list)}, 'utf8'))) require(f)`),
    },
    { id: 'validate', label: '`blueprint validate blueprints/web-app.yaml`', kind: 'validate', ...cli('validate', webApp) },
    { id: 'validate-serverless', label: '`blueprint validate blueprints/serverless-api.yaml` (functions, their code directories, an HTTP API)', kind: 'validate', ...cli('validate', serverless) },
    { id: 'validate-storefront', label: '`blueprint validate blueprints/storefront.yaml` (a static site, a GraphQL API and its schema file, an HTTP API, functions, DNS)', kind: 'validate', ...cli('validate', storefront) },
    { id: 'cost', label: '`blueprint cost blueprints/web-app.yaml` (the estimate, offline)', kind: 'validate', ...cli('cost', webApp) },
    { id: 'cost-timeline', label: '`blueprint cost synth-tests/fixtures/timeline.yaml` (100,000 requests/s: idle, expected and peak scenarios)', kind: 'validate', ...cli('cost', timeline) },
    { id: 'plan', label: '`blueprint plan blueprints/three-tier.yaml` (decisions, and the savings: one estimate per cost-aware decision)', kind: 'validate', ...cli('plan', threeTier) },
    { id: 'starter', label: '`blueprint synth blueprints/starter.yaml -o DIR`', kind: 'synth', ...cli('synth', starter, '-o', out('starter')), template: [out('starter'), 'starter'] },
    { id: 'web-app', label: '`blueprint synth blueprints/web-app.yaml -o DIR`', kind: 'synth', ...cli('synth', webApp, '-o', out('web-app')), template: [out('web-app'), 'web-app'] },
    { id: 'serverless-api', label: '`blueprint synth blueprints/serverless-api.yaml -o DIR` (four functions and their code assets, an HTTP API)', kind: 'synth', ...cli('synth', serverless, '-o', out('serverless-api')), template: [out('serverless-api'), 'serverless-api'] },
    { id: 'storefront', label: '`blueprint synth blueprints/storefront.yaml -o DIR` (site, GraphQL and HTTP APIs, user pool, three functions, DNS)', kind: 'synth', ...cli('synth', storefront, '-o', out('storefront')), template: [out('storefront'), 'storefront'] },
    {
      id: 'three-tier',
      label: '`blueprint synth blueprints/three-tier.yaml -o DIR` (database, cache, job, backups; three stacks)',
      kind: 'synth',
      ...cli('synth', threeTier, '-o', out('three-tier')),
      template: [out('three-tier'), 'three-tier'],
    },
    ...[1, 10, 25].map((n) => ({
      id: `svc-${n}`,
      label: `\`blueprint synth\` generated, ${n} service${n === 1 ? '' : 's'}`,
      kind: 'synth',
      ...cli('synth', files[n], '-o', out(`svc-${n}`)),
      template: [out(`svc-${n}`), `bench-${n}`],
    })),
    {
      id: 'svc-30',
      label: '`blueprint synth` generated, 30 services (over 500 resources: error, exit 2)',
      kind: 'synth',
      ...cli('synth', files[30], '-o', out('svc-30')),
      status: 2,
      stderr: /the stack would have \d+ resources; CloudFormation allows at most 500 per stack/,
    },
    {
      id: 'web-app-validate',
      label: '`blueprint synth blueprints/web-app.yaml -o DIR --validate`',
      kind: 'synth',
      ...cli('synth', webApp, '-o', out('web-app-validate'), '--validate'),
      template: [out('web-app-validate'), 'web-app'],
    },
    ...[
      ['starter', starter, 'starter', '`blueprint synth blueprints/starter.yaml --target pulumi -o DIR`'],
      ['web-app', webApp, 'web-app', '`blueprint synth blueprints/web-app.yaml --target pulumi -o DIR`'],
      ['three-tier', threeTier, 'three-tier', '`blueprint synth blueprints/three-tier.yaml --target pulumi -o DIR`'],
      ['serverless-api', serverless, 'serverless-api', '`blueprint synth blueprints/serverless-api.yaml --target pulumi -o DIR`'],
      ['storefront', storefront, 'storefront', '`blueprint synth blueprints/storefront.yaml --target pulumi -o DIR`'],
      ...[1, 10, 25].map((n) => [`svc-${n}`, files[n], `bench-${n}`, `\`blueprint synth --target pulumi\` generated, ${n} service${n === 1 ? '' : 's'}`]),
    ].map(([id, file, name, label]) => ({
      id: `pulumi-${id}`,
      label,
      kind: 'synth',
      ...cli('synth', file, '--target', 'pulumi', '-o', out(`pulumi-${id}`)),
      graph: [out(`pulumi-${id}`), name],
    })),
    {
      id: 'parity',
      label: '`blueprint parity blueprints/web-app.yaml` (both backends, both inventory readers)',
      kind: 'synth',
      ...cli('parity', webApp),
      stderr: /cdk and pulumi agree on all \d+ facts/,
    },
    {
      id: 'cdk',
      label: '`npx cdk synth -q` (web-app.yaml, validation on; peak = the app process)',
      kind: 'cdk',
      command: 'npx',
      argv: ['cdk', 'synth', '-q', '-o', out('cdk')],
      template: [out('cdk'), 'web-app'],
    },
    {
      id: 'cdk-no-validation',
      label: '`npx cdk synth -q --no-validation` (the same, WASM validation off)',
      kind: 'cdk',
      command: 'npx',
      argv: ['cdk', 'synth', '-q', '--no-validation', '-o', out('cdk-no-validation')],
      template: [out('cdk-no-validation'), 'web-app'],
    },
  ];

  const failures = [];
  const results = [];
  for (const c of cases) {
    const count = runs[c.kind];
    log(`${c.id}: 1 warm-up + ${count} run${count === 1 ? '' : 's'}`);
    const samples = [];
    for (let i = 0; i <= count; i++) {
      const s = runOnce(c, tmp);
      const problem = check(c, s);
      if (problem) {
        failures.push(`${c.id}: ${problem}`);
        break;
      }
      if (i > 0) samples.push(s);
    }
    if (samples.length === 0) continue;
    const times = samples.map((s) => s.seconds);
    const peakKiB = Math.max(...samples.map((s) => s.peakKiB));
    const resources = c.template ? countResources(c.template) : c.graph ? countCustom(c.graph) : undefined;
    const cdkModules = Math.max(...samples.map((s) => s.cdkModules));
    const pulumiModules = Math.max(...samples.map((s) => s.pulumiModules));
    const closureDeps = Math.max(...samples.map((s) => s.closureDeps));
    const r = { ...c, runs: samples.length, median: median(times), min: Math.min(...times), max: Math.max(...times), peakKiB, resources, cdkModules, pulumiModules, closureDeps, peakArgv: samples[0].peakArgv };
    results.push(r);
    log(`  median ${fmt(r.median)} s, min ${fmt(r.min)} s, max ${fmt(r.max)} s, peak ${mib(peakKiB)} MiB${resources ? `, ${resources} resources` : ''}`);
  }

  const by = Object.fromEntries(results.map((r) => [r.id, r]));
  if (by.validate && by.validate.cdkModules > 0) failures.push(`validate loaded ${by.validate.cdkModules} aws-cdk-lib/constructs files; it must load none`);
  if (by.validate && by.validate.pulumiModules > 0) failures.push(`validate loaded ${by.validate.pulumiModules} @pulumi files; it must load none`);
  for (const id of ['cost', 'cost-timeline', 'plan']) {
    if (by[id] && by[id].cdkModules + by[id].pulumiModules > 0) failures.push(`${id} loaded ${by[id].cdkModules} aws-cdk-lib/constructs and ${by[id].pulumiModules} @pulumi files; it must load none`);
  }
  // src/pulumi/defer-closure-deps.ts must keep function serialization's dependencies out of the mock run.
  for (const r of results.filter((x) => x.graph && x.closureDeps > 0)) {
    failures.push(`${r.id}: \`synth --target pulumi\` loaded ${r.closureDeps} TypeScript/@npmcli/arborist files; the deferral (src/pulumi/defer-closure-deps.ts) must keep them out`);
  }
  if (by.cdk && !/src[\\/]cdk[\\/]app\.ts/.test(by.cdk.peakArgv)) log(`note: the largest peak of \`npx cdk synth\` was not the app's but ${by.cdk.peakArgv}'s`);

  const phases = [];
  for (const [label, file, flags] of [
    ['web-app.yaml', webApp, []],
    ['web-app.yaml --validate', webApp, ['--validate']],
    ['25 services', files[25], []],
    ['25 services --validate', files[25], ['--validate']],
  ]) {
    log(`phases of ${label}: ${runs.phases} run${runs.phases === 1 ? '' : 's'}`);
    const samples = [];
    for (let i = 0; i < runs.phases; i++) {
      const r = spawnSync(process.execPath, [PHASES, file, ...flags], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) {
        failures.push(`phases of ${label}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        break;
      }
      samples.push(JSON.parse(r.stdout));
    }
    if (samples.length) {
      const keys = Object.keys(samples[0]);
      phases.push({ label, ...Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) });
    }
  }

  const pulumiPhases = [];
  for (const [label, file] of [
    ['web-app.yaml', webApp],
    ['25 services', files[25]],
  ]) {
    log(`pulumi phases of ${label}: ${runs.phases} run${runs.phases === 1 ? '' : 's'}`);
    const samples = [];
    for (let i = 0; i < runs.phases; i++) {
      const r = spawnSync(process.execPath, [PULUMI_PHASES, file], { cwd: ROOT, env: { ...process.env, BLUEPRINT_DEBUG: '' }, encoding: 'utf8' });
      if (r.status !== 0) {
        failures.push(`pulumi phases of ${label}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        break;
      }
      const sample = JSON.parse(r.stdout);
      if (sample.closureDeps > 0) failures.push(`pulumi phases of ${label}: loaded ${sample.closureDeps} TypeScript/@npmcli/arborist files; the deferral must keep them out`);
      if (sample.stackTraceLimit !== 0) failures.push(`pulumi phases of ${label}: Error.stackTraceLimit was ${sample.stackTraceLimit} during renderDesign; runUnderMocks must set it to 0 (BLUEPRINT_DEBUG unset)`);
      samples.push(sample);
    }
    if (samples.length) {
      const keys = Object.keys(samples[0]).filter((k) => typeof samples[0][k] === 'number');
      const packages = Object.keys(samples[0].requires);
      const requires = Object.fromEntries(packages.map((k) => [k, median(samples.map((s) => s.requires[k] ?? 0))]));
      pulumiPhases.push({ label, ...Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])), requires });
    }
  }

  return { results, by, phases, pulumiPhases, failures, runs };
}

/** One run: wall time, exit status, and the peak RSS recorded by peak-rss.js. */
function runOnce(c, tmp) {
  const rssFile = path.join(tmp, `rss-${c.id}.jsonl`);
  fs.rmSync(rssFile, { force: true });
  const env = { ...process.env, BENCH_RSS_FILE: rssFile, BLUEPRINT_DEBUG: '' };
  let command;
  let argv;
  if (c.kind === 'cdk') {
    // The app is a grandchild (npx -> cdk CLI -> node app): reach it through NODE_OPTIONS.
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PEAK)}`.trim();
    command = c.command;
    argv = c.argv;
  } else {
    command = process.execPath;
    argv = ['-r', PEAK, ...c.argv];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const records = fs.existsSync(rssFile)
    ? fs
        .readFileSync(rssFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const peak = records.reduce((a, b) => (b.maxRssKiB > (a?.maxRssKiB ?? -1) ? b : a), undefined);
  return {
    seconds,
    status: r.status,
    signal: r.signal,
    error: r.error,
    stderr: r.stderr ?? '',
    records: records.length,
    peakKiB: peak?.maxRssKiB ?? NaN,
    peakArgv: peak?.argv ?? '',
    cdkModules: Math.max(0, ...records.map((x) => x.cdkModules)),
    pulumiModules: Math.max(0, ...records.map((x) => x.pulumiModules ?? 0)),
    closureDeps: Math.max(0, ...records.map((x) => x.closureDeps ?? 0)),
  };
}

function check(c, s) {
  const want = c.status ?? 0;
  if (s.error) return `could not run: ${s.error.message}`;
  if (s.status !== want) return `exit ${s.status ?? s.signal}, expected ${want}: ${s.stderr.trim().split('\n').slice(-5).join(' / ')}`;
  if (c.stderr && !c.stderr.test(s.stderr)) return `stderr does not match ${c.stderr}: ${s.stderr.trim()}`;
  if (s.records === 0) return 'bench/peak-rss.js recorded no peak memory';
  if (c.template && !fs.existsSync(templateFile(c.template))) return `no template at ${templateFile(c.template)}`;
  if (c.graph && !fs.existsSync(graphFile(c.graph))) return `no resource graph at ${graphFile(c.graph)}`;
  return undefined;
}

const templateFile = ([dir, stack]) => path.join(dir, `${stack}.template.json`);
const countResources = (t) => Object.keys(JSON.parse(fs.readFileSync(templateFile(t), 'utf8')).Resources ?? {}).length;
const graphFile = ([dir, name]) => path.join(dir, `${name}.pulumi.json`);
/** The Pulumi graph's custom resources (cloud resources; the ComponentResources are not counted). */
const countCustom = (g) => JSON.parse(fs.readFileSync(graphFile(g), 'utf8')).filter((r) => r.custom === true).length;

/**
 * The aws-cdk-lib and constructs files that one synth of FILE loads, in load order, written
 * to LIST as JSON: requiring them all is the pure module-load cost, without building anything.
 */
function synthFiles(file, list) {
  const script = [
    `const { loadBlueprint } = require(${JSON.stringify(path.join(ROOT, 'dist', 'load'))});`,
    `require(${JSON.stringify(path.join(ROOT, 'dist', 'cdk', 'synth'))}).synthesize(loadBlueprint(${JSON.stringify(file)}));`,
    `const files = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](aws-cdk-lib|constructs)[\\\\/]/.test(k));`,
    `require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(files));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) fail(`listing the files a synth loads failed: ${r.stderr.trim()}`);
  return { list, count: JSON.parse(fs.readFileSync(list, 'utf8')).length };
}

function render({ results, by, phases, pulumiPhases, failures, runs }) {
  const lines = [];
  const rows = results.map((r) => [r.label, String(r.runs), fmt(r.median), fmt(r.min), fmt(r.max), mib(r.peakKiB), r.resources === undefined ? '' : String(r.resources)]);
  lines.push(...table(['case', 'runs', 'median s', 'min s', 'max s', 'peak MiB', 'resources'], rows, [false, true, true, true, true, true, true]));
  lines.push('');

  lines.push('Verdicts:', '');
  if (by.validate) {
    const ok = by.validate.median <= VALIDATE_TARGET_S;
    lines.push(
      `- validate: median ${fmt(by.validate.median)} s, target ≤ ${VALIDATE_TARGET_S} s: **${ok ? 'met' : 'NOT met'}**; ` +
        `aws-cdk-lib/constructs files loaded: ${by.validate.cdkModules}, @pulumi files: ${by.validate.pulumiModules} ` +
        `(**${by.validate.cdkModules === 0 && by.validate.pulumiModules === 0 ? 'none, as required' : 'MUST be none'}**)`,
    );
  }
  const [s1, s10, s25] = [by['svc-1'], by['svc-10'], by['svc-25']];
  if (s1 && s10 && s25) {
    const a = (s10.median - s1.median) / 9;
    const b = (s25.median - s10.median) / 15;
    const linear = b <= LINEAR_TOLERANCE * Math.max(a, 0) || b <= 0.005;
    lines.push(
      `- synth time per service: ${ms(a * 1000)} ms/service from 1→10, ${ms(b * 1000)} ms/service from 10→25 ` +
        `(ratio ${a > 0 ? (b / a).toFixed(2) : 'n/a'}; at most linear if ≤ ${LINEAR_TOLERANCE}): **${linear ? 'at most linear' : 'WORSE than linear (superlinear)'}**`,
    );
    const ma = (s10.peakKiB - s1.peakKiB) / 1024 / 9;
    const mb = (s25.peakKiB - s10.peakKiB) / 1024 / 15;
    lines.push(`- synth peak memory per service: ${ma.toFixed(1)} MiB/service from 1→10, ${mb.toFixed(1)} MiB/service from 10→25`);
    const under = s25.peakKiB / 1024 < MEMORY_LIMIT_MIB;
    lines.push(`- 25 services: peak ${mib(s25.peakKiB)} MiB, limit < ${MEMORY_LIMIT_MIB} MiB: **${under ? 'met' : 'NOT met'}**; ${s25.resources} resources (limit 500)`);
  }
  if (by['web-app'] && by['web-app-validate']) {
    const extra = by['web-app-validate'].median - by['web-app'].median;
    lines.push(`- aws-cdk-lib's WASM validation (\`--validate\`) adds ${fmt(extra)} s to a web-app synth (${(by['web-app-validate'].median / by['web-app'].median).toFixed(1)}×) and ${mib(by['web-app-validate'].peakKiB - by['web-app'].peakKiB)} MiB of peak memory`);
  }
  if (by.cdk && by['cdk-no-validation']) {
    lines.push(`- on the deploy path, WASM validation adds ${fmt(by.cdk.median - by['cdk-no-validation'].median)} s to \`npx cdk synth\` (${fmt(by['cdk-no-validation'].median)} s → ${fmt(by.cdk.median)} s)`);
  }
  if (by.cdk && by['web-app-validate']) {
    lines.push(`- \`npx cdk synth\` over \`blueprint synth --validate\` (CDK CLI start-up, ts-node, cloud assembly): ${fmt(by.cdk.median - by['web-app-validate'].median)} s`);
  }
  lines.push(...pulumiVerdicts(by));
  for (const f of failures) lines.push(`- **FAILED**: ${f}`);
  lines.push('');

  if (phases.length) {
    lines.push('Where the time of one synth goes (in-process, `node bench/phases.js FILE`, medians; ms; "of which require" is time inside `require()`, mostly aws-cdk-lib modules loaded lazily on first use):', '');
    const phaseNames = ['load', 'require', 'build', 'synth', 'write'];
    const header = ['blueprint', 'load + check', 'require renderer', 'build constructs', 'app.synth()', 'write', 'total', 'of which require'];
    const prow = phases.map((p) => [p.label, ...phaseNames.map((n) => ms(p[n])), ms(p.total), `${ms(p.modulesTotal)} (${Math.round((100 * p.modulesTotal) / p.total)} %)`]);
    lines.push(...table(header, prow, [false, true, true, true, true, true, true, true]));
    lines.push('');
  }

  if (pulumiPhases.length) {
    lines.push(
      'Where the time of one Pulumi mock run goes (in-process, `node bench/pulumi-phases.js FILE`, medians; ms; the real `runUnderMocks`, its steps marked by wrapping ' +
        '`renderDesign` and `runtime.disconnect`; "construct" is `design()`, `setMocks()` and `renderDesign()`, the `new` of every resource, whose registrations are queued; ' +
        '"drain" is `await runtime.disconnect()`, while the queued registrations go through the mock monitor; ' +
        "@pulumi/pulumi is required after `dist/pulumi/defer-closure-deps`, as `mock-run.ts` imports it):",
      '',
    );
    const phaseNames = ['load', 'pulumi', 'program', 'construct', 'drain', 'write'];
    const header = ['blueprint', 'load + check', "require('@pulumi/pulumi')", 'require program (@pulumi/aws)', 'construct', 'drain', 'write', 'total', 'of which require'];
    const prow = pulumiPhases.map((p) => [p.label, ...phaseNames.map((n) => ms(p[n])), ms(p.total), `${ms(p.modulesTotal)} (${Math.round((100 * p.modulesTotal) / p.total)} %)`]);
    lines.push(...table(header, prow, [false, true, true, true, true, true, true, true, true]));
    lines.push('');
    const first = pulumiPhases[0];
    const heaviest = Object.entries(first.requires)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${ms(v)}`);
    lines.push(
      `Of \`require('@pulumi/pulumi')\` in the ${first.label} run, ${ms(first.closure)} ms is its runtime loading closure serialization ` +
        `(\`runtime/closure/*\`, with TypeScript and @npmcli/arborist deferred: ${first.closureDeps} of their files loaded), which this program never uses; ` +
        `Error.stackTraceLimit during the run: ${first.stackTraceLimit}. ` +
        `Inside \`require()\`, by package (ms of its own module files, without the packages they require): ${heaviest.join(', ')}.`,
      '',
    );
  }

  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} with Node ${process.version} on ${os.type()} ${os.arch()}, ` +
      `nproc ${nproc()} (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM; ` +
      `runs: ${Object.entries(runs).map(([k, v]) => `${k} ${v}`).join(', ')}, each case after one warm-up run.`,
  );
  return lines.join('\n');
}

/** The Pulumi mock run against the issue's targets: no slower than the CDK synth of the same blueprint, linear, < 1 GiB. */
function pulumiVerdicts(by) {
  const lines = [];
  const pairs = [
    ['web-app.yaml', 'web-app'],
    ['three-tier.yaml', 'three-tier'],
    ['starter.yaml', 'starter'],
    ['1 service', 'svc-1'],
    ['10 services', 'svc-10'],
    ['25 services', 'svc-25'],
  ].filter(([, id]) => by[id] && by[`pulumi-${id}`]);
  if (pairs.length) {
    const vs = pairs.map(([what, id]) => {
      const [p, c] = [by[`pulumi-${id}`], by[id]];
      const ratio = p.median / c.median;
      return `${what} ${fmt(p.median)} s vs ${fmt(c.median)} s (${ratio.toFixed(2)}×, **${ratio <= 1 ? 'met' : 'not met'}**)`;
    });
    lines.push(`- Pulumi mock run vs CDK synth of the same blueprint (medians; target: no slower, i.e. ≤ 1.00×): ${vs.join('; ')}`);
  }
  const [p1, p10, p25] = [by['pulumi-svc-1'], by['pulumi-svc-10'], by['pulumi-svc-25']];
  if (p1 && p10 && p25) {
    const a = (p10.median - p1.median) / 9;
    const b = (p25.median - p10.median) / 15;
    const linear = b <= LINEAR_TOLERANCE * Math.max(a, 0) || b <= 0.005;
    lines.push(
      `- Pulumi mock run time per service: ${ms(a * 1000)} ms/service from 1→10, ${ms(b * 1000)} ms/service from 10→25 ` +
        `(ratio ${a > 0 ? (b / a).toFixed(2) : 'n/a'}; at most linear if ≤ ${LINEAR_TOLERANCE}): **${linear ? 'at most linear' : 'WORSE than linear (superlinear)'}**`,
    );
    if (by['svc-1'] && by['svc-25']) {
      const cdkSlope = (by['svc-25'].median - by['svc-1'].median) / 24;
      const pulumiSlope = (p25.median - p1.median) / 24;
      lines.push(`- per service from 1→25: Pulumi ${ms(pulumiSlope * 1000)} ms, CDK ${ms(cdkSlope * 1000)} ms; at 1 service Pulumi is ${fmt(Math.abs(p1.median - by['svc-1'].median))} s ${p1.median > by['svc-1'].median ? 'slower' : 'faster'} (fixed cost)`);
    }
    const ma = (p10.peakKiB - p1.peakKiB) / 1024 / 9;
    const mb = (p25.peakKiB - p10.peakKiB) / 1024 / 15;
    lines.push(`- Pulumi mock run peak memory per service: ${ma.toFixed(1)} MiB/service from 1→10, ${mb.toFixed(1)} MiB/service from 10→25`);
    const under = p25.peakKiB / 1024 < MEMORY_LIMIT_MIB;
    lines.push(`- Pulumi mock run, 25 services: peak ${mib(p25.peakKiB)} MiB, limit < ${MEMORY_LIMIT_MIB} MiB: **${under ? 'met' : 'NOT met'}**; ${p25.resources} custom resources in the graph`);
  }
  const pulumiRuns = Object.values(by).filter((r) => r.graph);
  const cdkRuns = Object.values(by).filter((r) => r.template && r.kind === 'synth');
  if (pulumiRuns.length && cdkRuns.length) {
    const cdkInPulumi = Math.max(...pulumiRuns.map((r) => r.cdkModules));
    const pulumiInCdk = Math.max(...cdkRuns.map((r) => r.pulumiModules));
    lines.push(`- each renderer loads only its own SDK: \`synth --target pulumi\` loads ${cdkInPulumi} aws-cdk-lib/constructs files, \`synth\` (cdk) loads ${pulumiInCdk} @pulumi files`);
  }
  if (pulumiRuns.length) {
    const deferred = Math.max(...pulumiRuns.map((r) => r.closureDeps));
    lines.push(
      `- closure serialization's dependencies deferred (src/pulumi/defer-closure-deps.ts): \`synth --target pulumi\` loads ${deferred} TypeScript/@npmcli/arborist files ` +
        `(**${deferred === 0 ? 'none, as required' : 'MUST be none'}**)`,
    );
  }
  if (by.parity && by['web-app'] && by['pulumi-web-app']) {
    const separate = by['web-app'].median + by['pulumi-web-app'].median;
    lines.push(`- parity of web-app.yaml: ${fmt(by.parity.median)} s, peak ${mib(by.parity.peakKiB)} MiB (the CDK synth and the Pulumi run as two commands: ${fmt(separate)} s)`);
  }
  return lines;
}

function table(header, rows, right) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)];
}

function readMarkedDoc() {
  if (!fs.existsSync(DOC)) fail(`--write: ${DOC} does not exist`);
  const text = fs.readFileSync(DOC, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) fail(`--write: ${path.relative(ROOT, DOC)} needs a ${START} line followed by a ${END} line`);
  return { text, a, b };
}

function writeDoc(markdown) {
  const { text, a, b } = readMarkedDoc();
  fs.writeFileSync(DOC, `${text.slice(0, a + START.length)}\n${markdown}\n${text.slice(b)}`);
}

function nproc() {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(os.availableParallelism?.() ?? os.cpus().length);
  }
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (s) => s.toFixed(2);
/** Milliseconds, rounded. */
const ms = (x) => String(Math.round(x));
const mib = (kib) => (kib / 1024).toFixed(0);
const log = (text) => process.stderr.write(`${text}\n`);

function fail(message) {
  log(`bench: ${message}`);
  process.exit(1);
}

main();
