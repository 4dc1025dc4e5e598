import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BlueprintError, loadBlueprint } from '../src/load';
import { MAX_RESOURCES, buildStack } from '../src/cdk/synth';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateBlueprint } = require('../bench/generate.js') as { generateBlueprint: (n: number) => string };

const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-limits-'));
const write = (n: number) => {
  const file = path.join(dir, `services-${n}.yaml`);
  writeFileSync(file, generateBlueprint(n));
  return file;
};

test('25 services stay within CloudFormation resource limit', () => {
  const { stack } = buildStack(loadBlueprint(write(25)));
  const count = Object.keys((stack.node.root as import('aws-cdk-lib').App).synth().getStackByName(stack.stackName).template.Resources).length;
  expect(count).toBeLessThanOrEqual(MAX_RESOURCES);
});

test('a blueprint over 500 resources gets a clear error naming the count and the largest contributors, not a CDK stack trace', () => {
  const file = write(40);
  let error: unknown;
  try {
    buildStack(loadBlueprint(file));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BlueprintError);
  const issue = (error as BlueprintError).issues[0];
  expect(issue).toMatchObject({ file, line: 11, col: 1, path: 'services' });
  expect(issue.message).toMatch(/^the stack would have \d{3} resources; CloudFormation allows at most 500 per stack \(largest: /);
  expect(issue.message).toContain('Compute/Service-svc-001 ');
});
