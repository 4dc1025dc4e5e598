import { spawnSync } from 'node:child_process';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { runUnderMocks } from '../src/pulumi/mock-run';

/*
 * `pulumi preview` loads the program through @pulumi/pulumi's own runner, with
 * Pulumi.yaml's `main` and runtime options (typescript, tsconfig) and config in
 * PULUMI_CONFIG. support/run-pulumi-entry.js does exactly that under the mocks.
 */
function runEntry(config: Record<string, string>) {
  return spawnSync(process.execPath, ['synth-tests/support/run-pulumi-entry.js'], {
    encoding: 'utf8',
    env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config) },
  });
}

test('Pulumi.yaml\'s entry point loads through ts-node and renders every concern of the chosen blueprint', async () => {
  const run = runEntry({ 'blueprint:file': 'blueprints/starter.yaml' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const summary = JSON.parse(run.stdout) as { resources: number; types: string[]; tsNode: boolean };
  expect(summary.tsNode).toBe(true);
  for (const component of ['Stack', 'Network', 'LoadBalancing', 'Compute', 'Scaling', 'Observability']) {
    expect(summary.types).toContain(`blueprint:index:${component}`);
  }
  // The same graph as the in-process mock run, plus Pulumi's root stack resource.
  const inProcess = await runUnderMocks(design(loadBlueprint('blueprints/starter.yaml').blueprint));
  expect(summary.resources).toBe(inProcess.length + 1);
});

test('without blueprint:file the program renders blueprints/web-app.yaml', () => {
  const run = runEntry({});
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout).types).toContain('aws:servicediscovery/httpNamespace:HttpNamespace'); // only web-app has an internal service
});

test('an aws:region that contradicts the blueprint is a clear error naming both', () => {
  const run = runEntry({ 'blueprint:file': 'blueprints/starter.yaml', 'aws:region': 'us-west-2' });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(
    'RunError: aws:region is us-west-2, but the blueprint deploys to us-east-1 (blueprints/starter.yaml:10:23  requirements.regions.primary). ' +
      'The region comes from the blueprint: run `pulumi config rm aws:region`, or change the blueprint.\n',
  );
});

test('a blueprint mistake is a RunError (printed without a stack trace) with the file:line:col messages', () => {
  const run = runEntry({ 'blueprint:file': 'synth-tests/bad-input/many-errors.yaml' });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^RunError: blueprint synth-tests\/bad-input\/many-errors\.yaml is not valid:\n/);
  expect(run.stderr).toContain('synth-tests/bad-input/many-errors.yaml:9:5  services.web.prot: unknown key (did you mean "port"?)');
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('what the Node.js runtime needs for `typescript: true` is a runtime dependency, not only a dev one', () => {
  // Pulumi's runner requires the project's typescript and ts-node (else it falls back to vendored
  // TypeScript 3.8, which cannot compile this code); `npx cdk synth` uses ts-node too.
  const pkg = require('../package.json') as { dependencies: Record<string, string> };
  expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/aws', 'typescript', 'ts-node']));
});
