import { spawnSync } from 'node:child_process';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { BLUEPRINTS, FIXTURES, designOf } from './support';
import type { Design } from '../src/design';

/*
 * The Pulumi program under Pulumi's mocks: one snapshot of the registered
 * resource graph per blueprint (type, name, parent, inputs), stable across
 * runs, plus fine-grained checks of the decisions it carries.
 */
const runs = new Map<string, RegisteredResource[]>();
async function graph(file: string): Promise<RegisteredResource[]> {
  if (!runs.has(file)) runs.set(file, await runUnderMocks(designOf(file)));
  return runs.get(file)!;
}
const ofType = (g: RegisteredResource[], type: string) => g.filter((r) => r.type === type);

describe.each(BLUEPRINTS)('%s', (file) => {
  test('registers the snapshot resource graph', async () => {
    expect(await graph(file)).toMatchSnapshot();
  });

  test('registers the same graph on a second run (no random or volatile values)', async () => {
    const again = await runUnderMocks(designOf(file));
    expect(JSON.stringify(again)).toBe(JSON.stringify(await graph(file)));
  });

  test('every resource sits under one component per concern, under the blueprint stack', async () => {
    const g = await graph(file);
    const d = designOf(file);
    const components = g.filter((r) => !r.custom && r.type !== 'blueprint:index:Stack').map((r) => `${r.type} ${r.parent}`);
    // Backup, Data, Jobs, Functions, Apis, GraphqlApis and UserPools only when the blueprint has stateful stores, stores, scheduled jobs, functions, HTTP APIs, GraphQL APIs or user pools; a standby is a stack of its own.
    // AccessLogs: the stack's access-log bucket, and the secondary region's for the replicas. Audit: security.audit (never in a standby).
    // Key: the stack's customer-managed key (security.key).
    const expected = (x: Design) =>
      [
        ...(x.accessLogs ? ['AccessLogs'] : []),
        ...(x.resilience.secondary?.accessLogs ? ['AccessLogs'] : []),
        ...(x.audit ? ['Audit'] : []),
        ...(x.resilience.backup ? ['Backup'] : []),
        'Compute',
        ...(x.budget ? ['Cost'] : []),
        ...(x.stores.length ? ['Data'] : []),
        ...(x.jobs.length ? ['Jobs'] : []),
        ...(x.functions.length ? ['Functions'] : []),
        ...(x.apis.length ? ['Apis'] : []),
        // GraphqlApis: AppSync APIs (apis: kind graphql); UserPools: the Cognito pools of those with auth: cognito.
        ...(x.graphqlApis.length ? ['GraphqlApis'] : []),
        ...(x.userPools.length ? ['UserPools'] : []),
        ...(x.dns ? ['Dns'] : []),
        ...(x.security.key ? ['Key'] : []),
        // A load balancer's component when there is one (a blueprint of functions and APIs only has none).
        ...(x.loadBalancer ? ['LoadBalancing'] : []),
        'Network',
        'Observability',
        'Scaling',
        ...(x.webAcl ? ['Security'] : []),
        ...(x.sites?.length ? ['Sites'] : []),
      ].map((c) => `blueprint:index:${c} blueprint:index:Stack::${x.name}`);
    // The sites' own web ACL sits under their component.
    const sites = (x: Design) => (x.sites?.length ? [`blueprint:index:Security blueprint:index:Sites::${x.name}`] : []);
    expect(components.sort()).toEqual([...expected(d), ...sites(d), ...(d.standby ? [...expected(d.standby), ...sites(d.standby)] : [])].sort());
    for (const r of g.filter((r) => r.custom && r.type !== 'pulumi:providers:aws')) expect(r.parent).toMatch(/^blueprint:index:(Network|LoadBalancing|Compute|Scaling|Data|Jobs|Functions|Apis|GraphqlApis|UserPools|Dns|Sites|Backup|Observability|AccessLogs|Security|Audit|Key|Cost)::/);
  });
});

describe.each(FIXTURES)('%s', (file) => {
  test('registers the snapshot resource graph, the same on a second run', async () => {
    const first = await graph(file);
    expect(first).toMatchSnapshot();
    expect(JSON.stringify(await runUnderMocks(designOf(file)))).toBe(JSON.stringify(first));
  });
});

describe('web-app decisions in the Pulumi graph', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await graph('blueprints/web-app.yaml');
  });

  test('provider in the blueprint region, tagging every resource', () => {
    expect(ofType(g, 'pulumi:providers:aws')[0].inputs).toMatchObject({ region: 'us-east-1' });
    expect(JSON.stringify(ofType(g, 'pulumi:providers:aws')[0].inputs.defaultTags)).toContain('commerce');
  });

  test('network: 3 AZs x 3 tiers, a NAT gateway per AZ, flow logs', () => {
    expect(ofType(g, 'aws:ec2/subnet:Subnet').map((s) => `${s.inputs.availabilityZone} ${s.inputs.cidrBlock}`).sort()).toEqual([
      'us-east-1a 10.20.0.0/24',
      'us-east-1a 10.20.16.0/20',
      'us-east-1a 10.20.64.0/24',
      'us-east-1b 10.20.1.0/24',
      'us-east-1b 10.20.32.0/20',
      'us-east-1b 10.20.65.0/24',
      'us-east-1c 10.20.2.0/24',
      'us-east-1c 10.20.48.0/20',
      'us-east-1c 10.20.66.0/24',
    ]);
    expect(ofType(g, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    expect(ofType(g, 'aws:ec2/flowLog:FlowLog')[0].inputs).toMatchObject({ trafficType: 'ALL', logDestinationType: 'cloud-watch-logs' });
  });

  test('one shared ALB with HTTPS (TLS 1.2+), an HTTP redirect and a host rule for web', () => {
    expect(ofType(g, 'aws:lb/loadBalancer:LoadBalancer')).toHaveLength(1);
    const listeners = ofType(g, 'aws:lb/listener:Listener').map((l) => l.inputs);
    expect(listeners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
        expect.objectContaining({ port: 80, defaultActions: [expect.objectContaining({ type: 'redirect' })] }),
      ]),
    );
    expect(ofType(g, 'aws:lb/listenerRule:ListenerRule')[0].inputs).toMatchObject({ priority: 10, conditions: [{ hostHeader: { values: ['shop.example.com'] } }] });
  });

  test('services: arm64 Fargate, circuit breaker with rollback, private subnets, no desired count', () => {
    for (const s of ofType(g, 'aws:ecs/service:Service')) {
      expect(s.inputs).toMatchObject({ launchType: 'FARGATE', deploymentCircuitBreaker: { enable: true, rollback: true }, deploymentMinimumHealthyPercent: 100 });
      expect(s.inputs.desiredCount).toBeUndefined();
      expect((s.inputs.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp).toBe(false);
    }
    for (const t of ofType(g, 'aws:ecs/taskDefinition:TaskDefinition')) expect(t.inputs.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
  });

  test('scaling: min 3 and max from peak_rps; CPU and request-count policies', () => {
    expect(ofType(g, 'aws:appautoscaling/target:Target').map((t) => [t.name, t.inputs.minCapacity, t.inputs.maxCapacity])).toEqual([
      ['web-app-scaling-api', 3, 6],
      ['web-app-scaling-web', 3, 8],
    ]);
    const targets = ofType(g, 'aws:appautoscaling/policy:Policy').map((p) => (p.inputs.targetTrackingScalingPolicyConfiguration as { targetValue: number }).targetValue);
    expect(targets.sort((a, b) => a - b)).toEqual([55, 60, 4800]);
  });

  test('observability: 11 alarms on the topic (the services\' 8, the database\'s writer and reader CPU and replica lag), an email subscription, a dashboard', () => {
    const alarms = ofType(g, 'aws:cloudwatch/metricAlarm:MetricAlarm');
    expect(alarms).toHaveLength(11);
    expect(alarms.map((a) => a.inputs.threshold).sort((a, b) => (a as number) - (b as number))).toEqual([0.3, 0.4, 0.72, 1, 85, 85, 85, 85, 85, 85, 400]);
    expect(ofType(g, 'aws:sns/topicSubscription:TopicSubscription')[0].inputs).toMatchObject({ protocol: 'email', endpoint: 'ops@example.com' });
    expect(ofType(g, 'aws:cloudwatch/dashboard:Dashboard')).toHaveLength(1);
  });
});

test('a mock run restores the stack-trace limit it lowers while it runs', async () => {
  const before = Error.stackTraceLimit;
  await runUnderMocks(designOf('blueprints/starter.yaml'));
  expect(Error.stackTraceLimit).toBe(before);
});

test('a mock run loads neither the TypeScript compiler nor @npmcli/arborist (deferred: only function serialization needs them)', () => {
  const script = [
    "const { loadBlueprint } = require('./dist/load');",
    "const { design } = require('./dist/design');",
    "const { runUnderMocks } = require('./dist/pulumi/mock-run');",
    "runUnderMocks(design(loadBlueprint('blueprints/starter.yaml').blueprint)).then((graph) => {",
    '  const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](typescript|@npmcli[\\\\/]arborist)[\\\\/]/.test(f));',
    '  process.stdout.write(JSON.stringify({ resources: graph.length, loaded }));',
    '});',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const out = JSON.parse(run.stdout) as { resources: number; loaded: string[] };
  expect(out.loaded).toEqual([]);
  expect(out.resources).toBeGreaterThan(50);
});

test('function serialization still works behind the deferral (the real modules load on first use)', () => {
  const script = [
    "require('./dist/pulumi/defer-closure-deps');",
    "const pulumi = require('@pulumi/pulumi');",
    'pulumi.runtime.serializeFunction(() => 42).then((s) => process.stdout.write(String(s.text.includes("return () => 42"))));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  // (stderr may hold Node's deprecation warnings from the real modules, now loaded.)
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('true');
});
