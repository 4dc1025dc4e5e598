import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BLUEPRINTS, FIXTURES, synth } from './support';

/*
 * Every synthesized template goes through the real cfn-lint. Ignored, on purpose:
 * W3010 (hard-coded AZ names): synth picks AZ names without an AWS lookup so it
 * needs no credentials; W3005 (redundant DependsOn): normal in CDK output.
 */
const IGNORED = ['W3010', 'W3005'];

const available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!available && process.env.CI) {
  throw new Error('cfn-lint is not installed, and CI is set: install it (pip install cfn-lint) so every template is linted');
}
const maybe = available ? test : test.skip;
if (!available) console.warn('cfn-lint not found: template lint tests are skipped (they fail when CI is set)');

const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-cfn-lint-'));

// Besides the examples, a generated blueprint with many path-routed services (the benchmark's).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateBlueprint } = require('../bench/generate.js') as { generateBlueprint: (n: number) => string };
const generated = path.join(dir, 'generated-10.yaml');
writeFileSync(generated, generateBlueprint(10));

const FILES = [...BLUEPRINTS, ...FIXTURES, generated];

/**
 * One cfn-lint run over every template (its start-up, about 2.5 s of CPU, paid once rather than per
 * blueprint), beside a template broken on purpose: its finding proves the run linted what it was given.
 * Findings by template file.
 */
let findings: Map<string, string[]>;
const sentinel = path.join(dir, 'sentinel-broken.template.json');
beforeAll(() => {
  if (!available) return;
  writeFileSync(sentinel, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { NoSuchProperty: 1 } } } }));
  const run = spawnSync('cfn-lint', [...FILES.flatMap(templatesOf), sentinel, '--format', 'json', '--ignore-checks', ...IGNORED], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  const parsed = JSON.parse(run.stdout || '[]') as { Filename: string; Rule: { Id: string }; Message: string; Location: { Path: unknown[] } }[];
  findings = new Map();
  for (const f of parsed) findings.set(path.resolve(f.Filename), [...(findings.get(path.resolve(f.Filename)) ?? []), `${f.Rule.Id} ${f.Message} at ${f.Location.Path.join('/')}`]);
}, 600_000);

/** A blueprint's templates (its primary, disaster-recovery and standby stacks), each by the file cfn-lint reads. */
function stacksOf(file: string): [string, Record<string, unknown>][] {
  const { template: primary, dr, standby } = synth(file);
  const base = path.join(dir, `${path.basename(path.dirname(file))}-${path.basename(file, '.yaml')}`);
  return ([['', primary], ['-dr', dr?.template], ['-standby', standby?.template]] as const).flatMap(([suffix, t]) => (t ? [[`${base}${suffix}.template.json`, t] as [string, Record<string, unknown>]] : []));
}

/** Writes a blueprint's templates for cfn-lint; their files. */
function templatesOf(file: string): string[] {
  return stacksOf(file).map(([name, t]) => {
    writeFileSync(name, JSON.stringify(t, null, 1));
    return name;
  });
}

maybe('the one run linted its templates: the broken one among them is reported', () => {
  expect(findings.get(path.resolve(sentinel))?.some((f) => f.startsWith('E3002 '))).toBe(true);
});

describe.each(FILES)('%s', (file) => {
  maybe('passes cfn-lint with no errors and no unexpected warnings', () => {
    expect(stacksOf(file).flatMap(([name]) => findings.get(path.resolve(name)) ?? [])).toEqual([]);
  });
});

test('the lint catches a broken template (the check can fail)', () => {
  if (!available) return;
  const broken = path.join(dir, 'broken.template.json');
  writeFileSync(broken, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { NoSuchProperty: 1 } } } }));
  const run = spawnSync('cfn-lint', [broken, '--format', 'json'], { encoding: 'utf8' });
  expect(JSON.parse(run.stdout).map((f: { Rule: { Id: string } }) => f.Rule.Id)).toContain('E3002');
});

test('a template with the AWS::SecretsManager transform (hosted rotation) is still linted, not skipped', () => {
  if (!available) return;
  const { template } = synth('blueprints/three-tier.yaml');
  expect(template.Transform).toMatch(/^AWS::SecretsManager-/);
  const resources = JSON.parse(JSON.stringify(template.Resources)) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Object.values(resources).find((r) => r.Type === 'AWS::RDS::DBCluster')!.Properties.NoSuchProperty = 1;
  const broken = path.join(dir, 'transformed-broken.template.json');
  writeFileSync(broken, JSON.stringify({ ...template, Resources: resources }));
  const run = spawnSync('cfn-lint', [broken, '--format', 'json', '--ignore-checks', ...IGNORED], { encoding: 'utf8' });
  expect(JSON.parse(run.stdout).map((f: { Rule: { Id: string } }) => f.Rule.Id)).toContain('E3002');
});
