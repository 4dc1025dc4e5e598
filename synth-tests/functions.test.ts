import { Match } from 'aws-cdk-lib/assertions';
import { buildStack, templateOf } from '../src/cdk/synth';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { design, type FunctionDesign } from '../src/design';
import { loadBlueprint } from '../src/load';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { policies } from '../src/policy';
import { compareBackends } from '../src/parity';
import { designOf, synth } from './support';

/*
 * Functions (kind: function), decision by decision: what the design derives for the functions fixture (a
 * queue consumer sized by the rate a service sends, a scheduled function, one in the VPC because it uses a
 * database), then the same in the CloudFormation template and in the Pulumi program, their rule-pack and
 * policy findings, and their cost lines.
 */

const FIXTURE = 'synth-tests/fixtures/functions.yaml';
const d = designOf(FIXTURE);
const fn = (key: string): FunctionDesign => d.functions.find((f) => f.key === key) ?? fail(`no function ${key}`);
const decision = (subject: string, name: string) => d.decisions.find((x) => x.subject === subject && x.name === name);
function fail(message: string): never {
  throw new Error(message);
}

describe('the design', () => {
  test('functions are neither services nor jobs, sorted by key', () => {
    expect(d.functions.map((f) => f.key)).toEqual(['expire', 'ledger', 'thumbnail']);
    expect(d.services.map((s) => s.key)).toEqual(['web']);
    expect(d.jobs).toEqual([]);
  });

  test('a queue consumer: its timeout a sixth of the visibility timeout, its concurrency from the rate a service sends', () => {
    const t = fn('thumbnail');
    expect(t).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler', arch: 'arm64', memoryMb: 2048, timeoutSeconds: 10, tracing: 'Active' });
    // web sends one message per request at peak_rps 120; 120/s x 0.8 s / 80 % = 120.
    expect(t.reservedConcurrency).toBe(120);
    expect(t.queue).toEqual({ store: 'uploads', batchSize: 10, maximumBatchingWindowSeconds: 0, maximumConcurrency: 120, reportBatchItemFailures: true });
    expect(t.sizing).toEqual({ 'peak-rps': 120, 'duration-ms': 800 });
    expect(decision('services.thumbnail', 'timeout_seconds')?.rationale).toMatch(/visibility timeout of uploads, 60 s, \/ 6/);
    expect(decision('services.thumbnail', 'concurrency')?.rationale).toMatch(/peak 120\/s x 800 ms \/ 80 % = 120/);
  });

  test("its queue's read access is implied, as a worker's is, and its stores' connections are injected", () => {
    const t = fn('thumbnail');
    expect(t.access.map((a) => `${a.store}:${a.mode}`)).toEqual(['images:read-write', 'thumbnails:read-write', 'uploads:read']);
    expect(t.connections.map((c) => c.variable)).toEqual(['IMAGES_BUCKET', 'THUMBNAILS_TABLE', 'UPLOADS_QUEUE_URL']);
    expect(t.vpc).toBeUndefined();
  });

  test('a scheduled function: one run at a time, a timeout of ten runs within 60-900 s, a written runtime acknowledged', () => {
    const e = fn('expire');
    expect(e).toMatchObject({ runtime: 'python3.14', handler: 'main.handler', memoryMb: 1024, timeoutSeconds: 60, reservedConcurrency: 1 });
    expect(e.schedule).toMatchObject({ expression: 'rate(1 hour)', state: 'ENABLED', group: 'functions' });
    expect(e.environment).toEqual({ MAX_AGE_DAYS: '30' });
    expect(d.acknowledgements).toContainEqual(expect.objectContaining({ rule: 'AwsSolutions-L1', on: { kind: 'function', fn: 'expire' } }));
  });

  test('a function that uses a database runs in the VPC, reads its credentials itself, and the database admits it', () => {
    const l = fn('ledger');
    expect(l.vpc).toEqual({ subnets: 'private' });
    expect(l.role.network).toContain('ec2:CreateNetworkInterface');
    expect(l.secrets).toEqual([{ variable: 'ACCOUNTS_SECRET_ARN', store: 'accounts' }]);
    expect(l.environment).toMatchObject({ ACCOUNTS_PORT: '5432', ACCOUNTS_DATABASE: 'accounts' });
    expect(l.reservedConcurrency).toBe(25); // 20 messages/s written x 1 s / 80 %
    const accounts = d.stores.find((s) => s.key === 'accounts');
    expect(accounts && 'clients' in accounts && accounts.clients).toEqual(['ledger']);
  });

  test("the table's writes follow the queue the function consumes", () => {
    const table = d.stores.find((s) => s.key === 'thumbnails')!;
    expect(table.sizing).toMatchObject({ 'peak-writes-per-second': 120 });
  });

  test('every function has its four alarms and a widget', () => {
    for (const f of d.functions) {
      expect(d.observability.alarms.filter((a) => a.key.startsWith(`${f.key}-`)).map((a) => a.key)).toEqual([`${f.key}-errors`, `${f.key}-throttles`, `${f.key}-duration`, `${f.key}-dead-letters`]);
    }
    expect(d.observability.alarms.find((a) => a.key === 'thumbnail-duration')).toMatchObject({ threshold: 8000, metric: { namespace: 'AWS/Lambda', metricName: 'Duration', statistic: 'p99' } });
  });

  test('under a compliance profile every function runs in the VPC', () => {
    const { blueprint } = loadBlueprint(FIXTURE);
    const hipaa = design({ ...blueprint, requirements: { ...blueprint.requirements, compliance: ['hipaa'] } });
    expect(hipaa.functions.map((f) => [f.key, f.vpc?.subnets])).toEqual([['expire', 'private'], ['ledger', 'private'], ['thumbnail', 'private']]);
    expect(hipaa.functions.every((f) => f.deadLetter.encryption === 'customer-managed')).toBe(true);
  });
});

describe('the CloudFormation template', () => {
  const { template, assertions } = synth(FIXTURE);
  type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
  const resources = template.Resources as Record<string, Resource>;
  const logical = (prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix)) ?? fail(`no ${prefix}`);

  test("each function is the design's, property by property, with its code an asset", () => {
    // Besides the provider of the default security group's restriction (a custom resource's function).
    expect(Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Lambda::Function' && id.startsWith('Functions'))).toHaveLength(3);
    const t = resources[logical('FunctionsFunctionthumbnailFunction')].Properties;
    expect(t).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'], MemorySize: 2048, Timeout: 10, ReservedConcurrentExecutions: 120, TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'Text' } });
    expect(t.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    expect(t.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]).toMatch(/^FunctionsFunctionthumbnailDeadLetter/);
    expect(t.Tags).toEqual(expect.arrayContaining([{ Key: 'blueprint:peak-rps', Value: '120' }, { Key: 'blueprint:duration-ms', Value: '800' }]));
    expect(resources[logical('FunctionsFunctionthumbnailFunction')].DependsOn).toContain(logical('FunctionsFunctionthumbnailAccess'));
  });

  test('the queue is mapped in batches, with failures reported per message and concurrency capped', () => {
    assertions.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logical('FunctionsFunctionthumbnailFunction') },
      EventSourceArn: { 'Fn::GetAtt': [logical('DataQueueuploadsQueue'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 120 },
    });
  });

  test('the schedule invokes the function through a role that may invoke exactly it', () => {
    const fnId = logical('FunctionsFunctionexpireFunction');
    assertions.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } },
    });
    expect(resources[logical('FunctionsFunctionexpireSchedulerAccess')].Properties.PolicyDocument.Statement).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } }]);
    assertions.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  test("the VPC function's security group is admitted by the database on its port", () => {
    const sg = logical('FunctionsFunctionledgerSecurityGroup');
    expect(resources[logical('FunctionsFunctionledgerFunction')].Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sg, 'GroupId'] }]);
    assertions.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [sg, 'GroupId'] } });
  });

  test('asynchronous invocations are retried twice within six hours, then kept in a TLS-only dead-letter queue', () => {
    assertions.resourcePropertiesCountIs('AWS::Lambda::EventInvokeConfig', { Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 }, 3);
    assertions.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logical('FunctionsFunctionexpireDeadLetter') }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('AwsSolutions and HIPAA find nothing the design does not acknowledge (synth runs the packs and fails on a finding)', () => {
    const loaded = loadBlueprint(FIXTURE);
    // A profile needs TLS on the public load balancer too.
    const bp = loaded.blueprint;
    const hipaa = { ...loaded, blueprint: { ...bp, requirements: { ...bp.requirements, compliance: ['hipaa' as const] }, security: { ...bp.security, tls: { domain: 'functions.example.com' } } } };
    const { stack, design: hd } = buildStack(hipaa);
    expect(() => templateOf(stack)).not.toThrow();
    expect(hd.acknowledgements.filter((a) => a.on.kind === 'function-role').map((a) => a.rule)).toEqual(expect.arrayContaining(['AwsSolutions-IAM5', 'HIPAA.Security-IAMNoInlinePolicy']));
  });
});

describe('the Pulumi program', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  }, 60_000);
  const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? fail(`no ${type} ${name}`);

  test("each function is the design's, in a Functions component, its code a file archive", () => {
    const t = one('aws:lambda/function:Function', 'functions-function-thumbnail');
    expect(t.parent).toBe('blueprint:index:Functions::functions');
    expect(t.inputs).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler', architectures: ['arm64'], memorySize: 2048, timeout: 10, reservedConcurrentExecutions: 120, tracingConfig: { mode: 'Active' } });
    expect(t.inputs.tags).toEqual({ 'blueprint:function': 'thumbnail', 'blueprint:peak-rps': '120', 'blueprint:duration-ms': '800' });
  });

  test('the mapping, the schedule and the VPC function as in the template', () => {
    expect(one('aws:lambda/eventSourceMapping:EventSourceMapping', 'functions-function-thumbnail-queue').inputs).toMatchObject({ batchSize: 10, functionResponseTypes: ['ReportBatchItemFailures'], scalingConfig: { maximumConcurrency: 120 } });
    expect(one('aws:scheduler/schedule:Schedule', 'functions-function-expire-schedule').inputs).toMatchObject({ scheduleExpression: 'rate(1 hour)', groupName: 'functions' });
    expect((one('aws:lambda/function:Function', 'functions-function-ledger').inputs.vpcConfig as { securityGroupIds: unknown[] }).securityGroupIds).toHaveLength(1);
    expect(one('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'functions-database-accounts-ingress-from-ledger').inputs).toMatchObject({ fromPort: 5432, description: 'From function ledger' });
  });

  test('the CrossGuard policies pass on it, and functions-contained fails a function without concurrency', () => {
    const asPolicy = (r: RegisteredResource) => ({ type: r.type, name: r.name, urn: `urn:${r.type}::${r.name}`, props: r.inputs, opts: {}, isType: () => false, asType: () => undefined, dependencies: [], propertyDependencies: {} });
    const resources = g.map(asPolicy);
    const contained = policies.find((p) => p.name === 'functions-contained')!;
    const run = (rs: typeof resources) => {
      const found: string[] = [];
      (contained as { validateStack: (a: unknown, r: (m: string) => void) => void }).validateStack({ resources: rs }, (m) => found.push(m));
      return found;
    };
    expect(run(resources)).toEqual([]);
    const loose = resources.map((r) => (r.name === 'functions-function-expire' ? { ...r, props: { ...r.props, reservedConcurrentExecutions: undefined } } : r));
    expect(run(loose)).toEqual([expect.stringContaining('has no reserved concurrency')]);
  });
});

describe('the cost', () => {
  const lines = billOf(factsFromDesign(d), usageFor(120));
  const of = (resource: string) => lines.filter((l) => l.resource === resource).map((l) => [l.component, l.priceKey, l.quantity]);

  test('a queue consumer is billed per message at the expected load: requests, arm64 GB-seconds and traces', () => {
    // 30 % of 120/s for 730 h = 94,608,000 messages; x 0.8 s x 2 GB; traces: 1 + 5 % of the other 35 a second.
    expect(of('function:thumbnail')).toEqual([
      ['requests', 'lambda.requests.million', 94.608],
      ['GB-seconds', 'lambda.gb-second.arm64', 151_372_800],
      ['traces recorded', 'xray.traces-recorded.million', 7.227],
    ]);
  });

  test('a scheduled function is billed per run', () => {
    expect(of('function:expire')).toEqual([
      ['requests', 'lambda.requests.million', 0.00073],
      ['GB-seconds', 'lambda.gb-second.arm64', 730],
      ['traces recorded', 'xray.traces-recorded.million', 0.00073],
    ]);
  });
});

/*
 * Provisioned concurrency written where the design derives none (a queue consumer and a schedule tolerate cold
 * starts): the mapping, the schedule and its role then name the alias, in both backends and both inventories;
 * false keeps the function as it is.
 */
describe('provisioned concurrency written on a queue consumer and a schedule', () => {
  const loaded = loadBlueprint(FIXTURE);
  const bp = loaded.blueprint;
  const written = {
    ...loaded,
    blueprint: {
      ...bp,
      services: {
        ...bp.services,
        thumbnail: { ...bp.services.thumbnail, provisioned_concurrency: 4 },
        expire: { ...bp.services.expire, provisioned_concurrency: 1 },
        ledger: { ...bp.services.ledger, provisioned_concurrency: false as const },
      },
    },
  };
  const wd = design(written.blueprint);
  const wfn = (key: string) => wd.functions.find((f) => f.key === key)!;

  test('the design: none derived for them (they tolerate cold starts), the written number kept, false recorded', () => {
    for (const key of ['thumbnail', 'expire', 'ledger']) expect(fn(key)).toMatchObject({ invokedThrough: 'function', asyncRetries: { qualifier: '$LATEST' } });
    expect(decision('services.expire', 'provisioned_concurrency')).toMatchObject({ value: 'none', source: 'default' });
    expect(decision('services.expire', 'provisioned_concurrency')?.rationale).toMatch(/a scheduled run tolerates a cold start/);
    expect(wfn('thumbnail')).toMatchObject({ alias: { name: 'live', provisionedConcurrency: 4 }, invokedThrough: 'alias', asyncRetries: { qualifier: 'live' } });
    expect(wfn('expire').alias).toEqual({ name: 'live', provisionedConcurrency: 1 });
    expect(wfn('ledger')).toMatchObject({ invokedThrough: 'function' });
    expect(wd.decisions.find((x) => x.subject === 'services.thumbnail' && x.name === 'provisioned_concurrency')).toMatchObject({ value: 4, source: 'written' });
    expect(wd.decisions.find((x) => x.subject === 'services.ledger' && x.name === 'provisioned_concurrency')).toMatchObject({ value: 'none', source: 'written' });
  });

  test('the template: the mapping, the schedule and the scheduler role name the alias', () => {
    const t = templateOf(buildStack(written).stack) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
    const id = (type: string, prefix: string) => Object.keys(t.Resources).find((x) => t.Resources[x].Type === type && x.startsWith(prefix))!;
    expect(t.Resources[id('AWS::Lambda::EventSourceMapping', 'FunctionsFunctionthumbnail')].Properties.FunctionName).toEqual({ Ref: id('AWS::Lambda::Alias', 'FunctionsFunctionthumbnailAlias') });
    const alias = { Ref: id('AWS::Lambda::Alias', 'FunctionsFunctionexpireAlias') };
    expect(t.Resources[id('AWS::Scheduler::Schedule', 'FunctionsFunctionexpire')].Properties.Target.Arn).toEqual(alias);
    expect(t.Resources[id('AWS::IAM::Policy', 'FunctionsFunctionexpireSchedulerAccess')].Properties.PolicyDocument.Statement).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: alias }]);
    expect(t.Resources[id('AWS::Lambda::Alias', 'FunctionsFunctionthumbnailAlias')].Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 4 });
    expect(Object.keys(t.Resources).filter((x) => t.Resources[x].Type === 'AWS::Lambda::Alias' && x.startsWith('FunctionsFunctionledger'))).toEqual([]);
  });

  test('both backends agree, and the inventories say the mapping and the schedule invoke the alias', async () => {
    const { cdk, pulumi, differences } = await compareBackends(written);
    expect(differences).toEqual([]);
    const f = (key: string) => cdk.functions.find((x) => x.key === key)!;
    expect(f('thumbnail').queue!.invokes).toBe('function:thumbnail:live');
    expect(f('expire').schedule).toMatchObject({ invokes: 'function:expire:live', schedulerPermissions: [{ effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: ['function:expire:live'] }] });
    expect(f('expire').asyncRetries).toMatchObject({ qualifier: 'live' });
    expect(f('ledger').alias).toBeNull();
    expect(pulumi.functions.map((x) => x.alias)).toEqual([{ name: 'live', provisionedConcurrency: 1 }, null, { name: 'live', provisionedConcurrency: 4 }]);
  }, 60_000);

  test('the cost: a consumer busier than its copies runs the rest on demand; a schedule runs on its one copy', () => {
    const lines = billOf(factsFromDesign(wd), usageFor(120));
    const of = (resource: string) => lines.filter((l) => l.resource === resource && l.concern === 'compute').map((l) => [l.component, l.quantity]);
    // 36 messages/s x 0.8 s = 28.8 busy on average, 4 provisioned: 4 / 28.8 of 151,372,800 GB-s at the provisioned price
    // (= the copies' own 4 x 2 GB x 730 h x 3600 s, fully used); the rest on demand.
    expect(of('function:thumbnail')).toEqual([
      ['requests', 94.608],
      ['GB-seconds', 130_348_800],
      ['provisioned concurrency', 21_024_000],
      ['provisioned duration', 21_024_000],
    ]);
    expect(of('function:expire')).toEqual([
      ['requests', 0.00073],
      ['GB-seconds', 0],
      ['provisioned concurrency', 2_628_000],
      ['provisioned duration', 730],
    ]);
  });
});
