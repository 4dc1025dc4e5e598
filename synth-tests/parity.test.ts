import { readdirSync, readFileSync } from 'node:fs';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { diffInventories } from '../src/parity/diff';
import { BLUEPRINTS, FIXTURES } from './support';

/*
 * The backends render the same design: for every blueprint, the capability
 * inventory read back from the CDK template equals the one read back from the
 * Pulumi mock run. A difference prints as one readable line per fact.
 */
describe.each([...BLUEPRINTS, ...FIXTURES])('%s', (file) => {
  test('cdk and pulumi provide the same infrastructure', async () => {
    const result = await compareBackends(loadBlueprint(file));
    expect(result.differences).toEqual([]);
    expect(result.facts).toBeGreaterThan(100);
  });
});

test('a difference is reported by what it is about, not by position', () => {
  const a = { services: [{ key: 'api', cpu: 256 }, { key: 'web', cpu: 512 }], alarms: [{ description: 'x', threshold: 1 }] };
  const b = { services: [{ key: 'web', cpu: 1024 }, { key: 'api', cpu: 256 }], alarms: [] };
  expect(diffInventories(a, b, ['cdk', 'pulumi'])).toEqual(['alarms[x]: only in cdk', 'services[web].cpu: cdk 512, pulumi 1024']);
});

test('the parity check fails when the Pulumi program renders something else', async () => {
  const { design } = await import('../src/design');
  const { runUnderMocks } = await import('../src/pulumi/mock-run');
  const { inventoryFromPulumi } = await import('../src/parity/pulumi');
  const loaded = loadBlueprint('blueprints/web-app.yaml');
  const { cdk } = await compareBackends(loaded);
  const graph = await runUnderMocks(design(loaded.blueprint));
  const tg = graph.find((r) => r.type === 'aws:lb/targetGroup:TargetGroup')!;
  (tg.inputs.healthCheck as { path: string }).path = '/';
  const nat = graph.findIndex((r) => r.type === 'aws:ec2/natGateway:NatGateway');
  graph.splice(nat, 1);
  const route = graph.find((r) => r.type === 'aws:ec2/route:Route' && r.inputs.natGatewayId === 'web-app-nat-us-east-1a-id')!;
  route.inputs.natGatewayId = 'web-app-nat-us-east-1b-id';
  expect(diffInventories(cdk, inventoryFromPulumi(graph), ['cdk', 'pulumi'])).toEqual([
    'network.natGateways: cdk ["us-east-1a","us-east-1b","us-east-1c"], pulumi ["us-east-1b","us-east-1c"]',
    'network.privateRoutes[us-east-1a].natAz: cdk "us-east-1a", pulumi "us-east-1b"',
    'targetGroups[target-group:web].healthCheck.path: cdk "/healthz", pulumi "/"',
  ]);
});

test('the data-stores fixture: buckets, queues, topics, tables and their edges agree too', async () => {
  const result = await compareBackends(loadBlueprint('synth-tests/fixtures/data-stores.yaml'));
  expect(result.differences).toEqual([]);
  expect(result.cdk.buckets.map((b) => b.name)).toEqual(['bucket:access-logs', 'bucket:reports']);
  expect(result.cdk.tables).toHaveLength(1);
  expect(result.cdk.queues.map((q) => q.name)).toEqual(['queue:jobs', 'queue:jobs/dead-letter']);
});

test('the Pulumi reader imports no IaC backend: mock-run for its types only, mock-values and providers for values, the design\'s sizing tags, node:crypto (the SHA-256 of a GraphQL schema and resolver code), and its own modules', () => {
  const dir = 'src/parity/pulumi';
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files).toContain('index.ts');
  const own = new Set(files.map((f) => `./${f.replace(/\.ts$/, '')}`));
  const values = new Set([...own, '../inventory', '../sort', '../../text', '../../pulumi/mock-values', '../../pulumi/providers', '../../design/sizing', 'node:crypto']);
  const specifiers = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);
  for (const file of files) {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const all = specifiers(text, /from\s+['"]([^'"]+)['"]/g);
    const typeOnly = specifiers(text, /\bimport\s+type\s[^;]*?from\s+['"]([^'"]+)['"]/g);
    const bad = all.filter((i) => !values.has(i) && !(i === '../../pulumi/mock-run' && typeOnly.includes(i)));
    const mockRunValues = all.filter((i) => i === '../../pulumi/mock-run').length - typeOnly.filter((i) => i === '../../pulumi/mock-run').length;
    expect({ file, bad, mockRunValues }).toEqual({ file, bad: [], mockRunValues: 0 });
    expect({ file, dynamic: /\brequire\s*\(|\bimport\s*\(/.test(text) }).toEqual({ file, dynamic: false });
  }
  // mock-values and providers, the backend modules read for values, and the sizing tags' reader import nothing themselves.
  expect(specifiers(readFileSync('src/pulumi/mock-values.ts', 'utf8'), /(?:from\s+|require\(\s*)['"]([^'"]+)['"]/g)).toEqual([]);
  expect(specifiers(readFileSync('src/pulumi/providers.ts', 'utf8'), /(?:from\s+|require\(\s*)['"]([^'"]+)['"]/g)).toEqual([]);
  expect(specifiers(readFileSync('src/design/sizing.ts', 'utf8'), /(?:from\s+|require\(\s*)['"]([^'"]+)['"]/g)).toEqual([]);
});

test('the jobs fixture: a scheduled job and its schedule agree too', async () => {
  const result = await compareBackends(loadBlueprint('synth-tests/fixtures/jobs.yaml'));
  expect(result.differences).toEqual([]);
  expect(result.cdk.jobs.map((j) => j.key)).toEqual(['nightly-report']);
});

test('the event-driven blueprint: the worker\'s step policies and the alarms that invoke them agree', async () => {
  const result = await compareBackends(loadBlueprint('blueprints/event-driven.yaml'));
  expect(result.differences).toEqual([]);
  const worker = result.cdk.services.find((s) => s.key === 'order-processor')!;
  expect(worker.containerPort).toBeNull();
  // Its floor: 30 % of 240 messages/s keeps 6 tasks busy at 12 a task.
  expect(worker.scaling).toMatchObject({ min: 6, policies: [] });
  expect(worker.scaling!.stepPolicies.map((p) => p.name)).toEqual(['message-age', 'queue-depth', 'queue-empty', 'queue-shallow']);
  expect(result.cdk.alarms.filter((a) => a.alarmActions.some((x) => x.startsWith('scaling-policy:'))).map((a) => a.alarmActions).sort()).toEqual([
    ['scaling-policy:order-processor/message-age'],
    ['scaling-policy:order-processor/queue-depth'],
    ['scaling-policy:order-processor/queue-empty'],
    ['scaling-policy:order-processor/queue-shallow'],
  ]);
});

test('the parity check fails when a step, an alarm threshold or the policy an alarm invokes differs', async () => {
  const { design } = await import('../src/design');
  const { runUnderMocks } = await import('../src/pulumi/mock-run');
  const { inventoryFromPulumi } = await import('../src/parity/pulumi');
  const loaded = loadBlueprint('blueprints/event-driven.yaml');
  const { cdk } = await compareBackends(loaded);
  const graph = await runUnderMocks(design(loaded.blueprint));
  const named = (name: string) => graph.find((r) => r.name === name)!;
  const depth = named('event-driven-scaling-order-processor-queue-depth');
  (depth.inputs.stepScalingPolicyConfiguration as { stepAdjustments: { scalingAdjustment: number }[] }).stepAdjustments[2].scalingAdjustment = 3;
  named('event-driven-scaling-order-processor-message-age-alarm').inputs.threshold = 120;
  // The empty-queue alarm invokes the depth policy instead of its own.
  named('event-driven-scaling-order-processor-queue-empty-alarm').inputs.alarmActions = (named('event-driven-scaling-order-processor-queue-depth-alarm').inputs.alarmActions as string[]).slice();
  const empty = named('event-driven-scaling-order-processor-queue-empty');
  graph.splice(graph.indexOf(empty), 1);
  expect(() => inventoryFromPulumi(graph)).not.toThrow();
  expect(diffInventories(cdk, inventoryFromPulumi(graph), ['cdk', 'pulumi'])).toEqual([
    'alarms[order-processor: incoming-orders empty (nothing visible or in flight) for 5 minutes - scale in to 6].alarmActions: cdk ["scaling-policy:order-processor/queue-empty"], pulumi ["scaling-policy:order-processor/queue-depth"]',
    'alarms[order-processor: oldest message in incoming-orders older than 180 s - add tasks].threshold: cdk 180, pulumi 120',
    'services[order-processor].scaling.stepPolicies[queue-depth].steps: cdk [{"lower":0,"upper":2880,"adjustment":1},{"lower":2880,"upper":6480,"adjustment":2},{"lower":6480,"upper":null,"adjustment":4}], pulumi [{"lower":0,"upper":2880,"adjustment":1},{"lower":2880,"upper":6480,"adjustment":2},{"lower":6480,"upper":null,"adjustment":3}]',
    'services[order-processor].scaling.stepPolicies[queue-empty]: only in cdk',
  ]);
});

test('a step-scaling policy that no alarm invokes fails the Pulumi reader, naming it', async () => {
  const { design } = await import('../src/design');
  const { runUnderMocks } = await import('../src/pulumi/mock-run');
  const { inventoryFromPulumi } = await import('../src/parity/pulumi');
  const graph = await runUnderMocks(design(loadBlueprint('blueprints/event-driven.yaml').blueprint));
  graph.splice(graph.findIndex((r) => r.name === 'event-driven-scaling-order-processor-queue-empty-alarm'), 1);
  expect(() => inventoryFromPulumi(graph)).toThrow('parity: no alarm invokes step-scaling policy event-driven-scaling-order-processor-queue-empty');
});

test('the provisioned-table fixture: the capacity of each table and index and its autoscaling agree, and a difference is named', async () => {
  const { design } = await import('../src/design');
  const { runUnderMocks } = await import('../src/pulumi/mock-run');
  const { inventoryFromPulumi } = await import('../src/parity/pulumi');
  const loaded = loadBlueprint('synth-tests/fixtures/provisioned-table.yaml');
  const { cdk, differences } = await compareBackends(loaded);
  expect(differences).toEqual([]);
  expect(cdk.tables.map((tb) => [tb.name, tb.billing, tb.indexes.map((i) => i.capacity !== null)])).toEqual([
    ['table:audit', 'PAY_PER_REQUEST', []],
    ['table:orders', 'PROVISIONED', [true, true]],
    ['table:sessions', 'PROVISIONED', []],
  ]);
  const graph = await runUnderMocks(design(loaded.blueprint));
  const named = (name: string) => graph.find((r) => r.name === name)!;
  (named('provisioned-table-table-orders-index-by-status-scaling-write-utilization').inputs.targetTrackingScalingPolicyConfiguration as { targetValue: number }).targetValue = 80;
  (named('provisioned-table-table-orders').inputs.globalSecondaryIndexes as { readCapacity: number }[])[0].readCapacity = 10;
  // The sessions table's write capacity is no longer scaled.
  for (const name of ['provisioned-table-table-sessions-scaling-write', 'provisioned-table-table-sessions-scaling-write-utilization']) graph.splice(graph.indexOf(named(name)), 1);
  expect(diffInventories(cdk, inventoryFromPulumi(graph), ['cdk', 'pulumi'])).toEqual([
    'tables[table:orders].indexes[by-customer].capacity.read.units: cdk 5, pulumi 10',
    'tables[table:orders].indexes[by-status].capacity.write.scaling.targetUtilization: cdk 60, pulumi 80',
    'tables[table:sessions].capacity.write.scaling: cdk {"min":1,"max":10,"targetUtilization":70,"scaleInCooldownSeconds":300,"scaleOutCooldownSeconds":60}, pulumi null',
  ]);
});

test('the Pulumi reader classifies every scalable target and policy: anything else throws, naming it', async () => {
  const { design } = await import('../src/design');
  const { runUnderMocks } = await import('../src/pulumi/mock-run');
  const { inventoryFromPulumi } = await import('../src/parity/pulumi');
  const fresh = async () => runUnderMocks(design(loadBlueprint('synth-tests/fixtures/provisioned-table.yaml').blueprint));
  const named = (graph: Awaited<ReturnType<typeof fresh>>, name: string) => graph.find((r) => r.name === name)!;
  let graph = await fresh();
  Object.assign(named(graph, 'provisioned-table-table-sessions-scaling-read').inputs, { serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount' });
  expect(() => inventoryFromPulumi(graph)).toThrow('parity: scalable target provisioned-table-table-sessions-scaling-read scales rds rds:cluster:ReadReplicaCount');
  graph = await fresh();
  named(graph, 'provisioned-table-table-sessions-scaling-read').inputs.roleArn = 'arn:aws:iam::123456789012:role/scaler';
  expect(() => inventoryFromPulumi(graph)).toThrow("arn:aws:iam::123456789012:role/scaler is not DynamoDB's Application Auto Scaling service-linked role");
  graph = await fresh();
  graph.splice(graph.indexOf(named(graph, 'provisioned-table-table-sessions-scaling-read')), 1);
  expect(() => inventoryFromPulumi(graph)).toThrow('parity: scaling policy provisioned-table-table-sessions-scaling-read-utilization scales table/provisioned-table-table-sessions (dynamodb:table:ReadCapacityUnits), which no scalable target registers');
  graph = await fresh();
  named(graph, 'provisioned-table-table-audit').inputs.readCapacity = 5;
  expect(() => inventoryFromPulumi(graph)).toThrow('parity: table provisioned-table-table-audit is billed per request, yet has provisioned capacity');
});
