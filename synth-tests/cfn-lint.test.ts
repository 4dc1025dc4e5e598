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

describe.each([...BLUEPRINTS, ...FIXTURES, generated])('%s', (file) => {
  maybe('passes cfn-lint with no errors and no unexpected warnings', () => {
    const { template: primary, dr, standby } = synth(file);
    const stacks: [string, Record<string, unknown> | undefined][] = [['', primary], ['-dr', dr?.template], ['-standby', standby?.template]];
    const templates = stacks.flatMap(([suffix, t]) => {
      if (!t) return [];
      const name = path.join(dir, `${path.basename(file, '.yaml')}${suffix}.template.json`);
      writeFileSync(name, JSON.stringify(t, null, 1));
      return [name];
    });
    const run = spawnSync('cfn-lint', [...templates, '--format', 'json', '--ignore-checks', ...IGNORED], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const findings = JSON.parse(run.stdout || '[]') as { Rule: { Id: string }; Message: string; Location: { Path: unknown[] } }[];
    expect(findings.map((f) => `${f.Rule.Id} ${f.Message} at ${f.Location.Path.join('/')}`)).toEqual([]);
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
