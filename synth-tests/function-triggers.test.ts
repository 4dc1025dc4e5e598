import { buildStack, templateOf } from '../src/cdk/synth';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { design, type FunctionDesign } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { policies } from '../src/policy';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { designOf, synth } from './support';
import { policyResources } from './support/policy-resources';

/*
 * Function triggers (services.<key>.triggers), decision by decision on the function-triggers fixture: a table's
 * change stream invokes a function (the stream derived, the mapping's settings, the shards and batches per shard
 * from the table's writes, the timeout, exactly the stream's read actions, the IteratorAge alarm), then the same in
 * the CloudFormation template and the Pulumi program, both inventories, the cost, the packs under HIPAA (with the
 * stack's key, which the role may then use), and a global table's stream.
 */

const FIXTURE = 'synth-tests/fixtures/function-triggers.yaml';
const d = designOf(FIXTURE);
const fn = (key: string): FunctionDesign => d.functions.find((f) => f.key === key) ?? fail(`no function ${key}`);
const decision = (subject: string, name: string) => d.decisions.find((x) => x.subject === subject && x.name === name);
function fail(message: string): never {
  throw new Error(message);
}
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

/** The fixture with its services changed (a copy: the fixture itself is shared). */
function variant(change: (bp: ReturnType<typeof loadBlueprint>['blueprint']) => ReturnType<typeof loadBlueprint>['blueprint']) {
  const loaded = loadBlueprint(FIXTURE);
  return { ...loaded, blueprint: change(loaded.blueprint) };
}

describe('the design', () => {
  test("the table a function is triggered by gets a new-and-old-images stream, derived with its reason; the other none", () => {
    const orders = d.stores.find((s) => s.key === 'orders')!;
    expect(orders.kind === 'table' && orders.stream).toBe('new-and-old-images');
    expect(decision('data.orders', 'stream')).toMatchObject({ value: 'new-and-old-images', source: 'derived' });
    expect(decision('data.orders', 'stream')?.rationale).toMatch(/project is invoked by its stream/);
    const totals = d.stores.find((s) => s.key === 'totals')!;
    expect(totals.kind === 'table' && totals.stream).toBeUndefined();
  });

  test('a written stream is kept (keys only), and the mapping reads it', () => {
    const keys = design(variant((bp) => ({ ...bp, data: { ...bp.data, orders: { ...bp.data!.orders, stream: 'keys-only' } as never } })).blueprint);
    const orders = keys.stores.find((s) => s.key === 'orders')!;
    expect(orders.kind === 'table' && orders.stream).toBe('keys-only');
    expect(keys.decisions.find((x) => x.subject === 'data.orders' && x.name === 'stream')).toBeUndefined();
    expect(keys.functions.find((f) => f.key === 'project')?.stream?.store).toBe('orders');
  });

  test("the mapping: from LATEST, batches of 100, bisect on error, two retries, the stream's 24 h, failed batches to the dead-letter queue", () => {
    expect(fn('project').stream).toEqual({
      store: 'orders',
      startingPosition: 'LATEST',
      batchSize: 100,
      maximumBatchingWindowSeconds: 0,
      parallelizationFactor: 2,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      maximumRecordAgeSeconds: 86400,
      onFailure: 'dead-letter',
      reportBatchItemFailures: true,
      actions: STREAM_ACTIONS,
      iteratorAgeAlarmSeconds: 3600,
    });
    expect(fn('project').queue).toBeUndefined();
  });

  test("shards from the table's writes, batches per shard from duration_ms, concurrency their product; the timeout 5 x duration within 30-900 s", () => {
    const p = fn('project');
    // api writes 2400/s: 3 shards of 800/s; 800/s x 200 ms / 100 / 80 % = 2 batches a shard; 3 x 2 = 6.
    expect(p.reservedConcurrency).toBe(6);
    expect(decision('services.project', 'concurrency')?.rationale).toMatch(/at least 3 shards of 800 records\/s; 800\/s x 200 ms \/ 100 records a batch \/ 80 % = 2 -> 2 concurrent batches per shard; 3 x 2 = 6 concurrent runs/);
    expect(p.timeoutSeconds).toBe(30);
    expect(decision('services.project', 'timeout_seconds')?.rationale).toMatch(/^5 x duration_ms 200 ms, within 30-900 s/);
    // Billed per batch: 2400 records/s in batches of 100 = 24 invocations/s.
    expect(p.sizing).toEqual({ 'peak-rps': 24, 'duration-ms': 200 });
    expect(decision('services.project', 'expected_invocations')).toMatchObject({ value: '24/s at peak', source: 'derived' });
    expect(p.alias).toBeUndefined();
    expect(decision('services.project', 'provisioned_concurrency')?.rationale).toMatch(/a stream consumer tolerates cold starts/);
  });

  test('a slower function needs more batches per shard, at most 10; without a write rate one batch and 10 runs', () => {
    const slow = design(variant((bp) => ({ ...bp, services: { ...bp.services, project: { ...bp.services.project, duration_ms: 5000 } } })).blueprint).functions.find((f) => f.key === 'project')!;
    // 800/s x 5 s / 100 / 80 % = 50 -> at most 10; 3 x 10 = 30; timeout 25 s -> 30 s.
    expect([slow.stream?.parallelizationFactor, slow.reservedConcurrency, slow.timeoutSeconds]).toEqual([10, 30, 30]);
    const unknown = design(variant((bp) => ({ ...bp, requirements: { ...bp.requirements, peak_rps: undefined } })).blueprint).functions.find((f) => f.key === 'project')!;
    expect([unknown.stream?.parallelizationFactor, unknown.reservedConcurrency, unknown.sizing['peak-rps']]).toEqual([1, 10, undefined]);
  });

  test('its role may read exactly the stream (no table access it does not use); no key actions without the stack key', () => {
    const p = fn('project');
    expect(p.access.map((a) => `${a.store}:${a.mode}`)).toEqual(['totals:read-write']);
    expect(p.keyActions).toEqual([]);
    expect(p.connections.map((c) => c.variable)).toEqual(['TOTALS_TABLE']);
  });

  test('its alarms add IteratorAge (maximum, in ms) at an hour without rto_minutes, half of it with', () => {
    expect(d.observability.alarms.filter((a) => a.key.startsWith('project-')).map((a) => a.key)).toEqual(['project-errors', 'project-throttles', 'project-duration', 'project-iterator-age', 'project-dead-letters']);
    expect(d.observability.alarms.find((a) => a.key === 'project-iterator-age')).toMatchObject({
      metric: { namespace: 'AWS/Lambda', metricName: 'IteratorAge', statistic: 'Maximum', dimensions: { kind: 'function', fn: 'project' } },
      threshold: 3_600_000,
      comparison: 'GreaterThanThreshold',
    });
    const rto = design(variant((bp) => ({ ...bp, requirements: { ...bp.requirements, rto_minutes: 30 } })).blueprint);
    expect(rto.functions.find((f) => f.key === 'project')!.stream?.iteratorAgeAlarmSeconds).toBe(900);
  });
});

describe('the CloudFormation template', () => {
  const { template, assertions } = synth(FIXTURE);
  type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
  const resources = template.Resources as Record<string, Resource>;
  const logical = (prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix)) ?? fail(`no ${prefix}`);

  test("the table streams new and old images; the mapping is the design's, after the policy", () => {
    expect(resources[logical('DataTableordersTable')].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(resources[logical('DataTabletotalsTable')].Properties.StreamSpecification).toBeUndefined();
    const id = logical('FunctionsFunctionprojectStream');
    expect(resources[id]).toMatchObject({ Type: 'AWS::Lambda::EventSourceMapping' });
    expect(resources[id].Properties).toEqual({
      FunctionName: { Ref: logical('FunctionsFunctionprojectFunction') },
      EventSourceArn: { 'Fn::GetAtt': [logical('DataTableordersTable'), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 2,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      MaximumRecordAgeInSeconds: 86400,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logical('FunctionsFunctionprojectDeadLetter'), 'Arn'] } } },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Tags: [{ Key: 'blueprint', Value: 'function-triggers' }],
    });
    expect(resources[id].DependsOn).toContain(logical('FunctionsFunctionprojectAccess'));
    assertions.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  test("the role reads the stream by its ARN, nothing of the orders table itself", () => {
    const statements = resources[logical('FunctionsFunctionprojectAccess')].Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    expect(statements).toContainEqual({ Action: STREAM_ACTIONS, Effect: 'Allow', Resource: { 'Fn::GetAtt': [logical('DataTableordersTable'), 'StreamArn'] } });
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(logical('DataTableordersTable')))).toHaveLength(1);
  });

  test('the IteratorAge alarm names the function', () => {
    assertions.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: 3_600_000,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logical('FunctionsFunctionprojectFunction') } }],
    });
  });

  test("under HIPAA (the stack's key) the role may decrypt the stream and write the dead-letter queue with it, and the packs find nothing unacknowledged", () => {
    const hipaa = variant((bp) => ({ ...bp, requirements: { ...bp.requirements, compliance: ['hipaa' as const] }, security: { ...bp.security, tls: { domain: 'shop.example.com' } } }));
    const { stack, design: hd } = buildStack(hipaa);
    expect(hd.functions.find((f) => f.key === 'project')!.keyActions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(hd.decisions.find((x) => x.subject === 'services.project' && x.name === 'dead_letter_key_access')).toMatchObject({ value: 'kms:Decrypt, kms:GenerateDataKey' });
    expect(() => templateOf(stack)).not.toThrow();
  });
});

describe('the Pulumi program', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  }, 60_000);
  const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? fail(`no ${type} ${name}`);

  test('the table streams new and old images; the mapping is the template\'s, on its streamArn', () => {
    expect(one('aws:dynamodb/table:Table', 'function-triggers-table-orders').inputs).toMatchObject({ streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' });
    const m = one('aws:lambda/eventSourceMapping:EventSourceMapping', 'function-triggers-function-project-stream').inputs;
    expect(m).toMatchObject({
      startingPosition: 'LATEST',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      parallelizationFactor: 2,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      maximumRecordAgeInSeconds: 86400,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(m.eventSourceArn).toMatch(/:function-triggers-table-orders\/stream\//);
    expect((m.destinationConfig as { onFailure: { destinationArn: string } }).onFailure.destinationArn).toMatch(/function-triggers-function-project-dead-letter$/);
  });

  test('the CrossGuard policies pass on it; functions-contained fails a stream mapping with unbounded retries or no on-failure destination', async () => {
    const resources = policyResources(g, d.region);
    const run = async (policy: StackValidationPolicy, rs: PolicyResource[]) => {
      const found: string[] = [];
      await policy.validateStack({ resources: rs, stackTags: new Map(), getConfig: () => ({}) as never, notApplicable: () => fail('not applicable') }, (m) => found.push(m));
      return found;
    };
    for (const p of policies) expect([p.name, await run(p, resources)]).toEqual([p.name, []]);
    const contained = policies.find((p) => p.name === 'functions-contained')!;
    const loose = resources.map((r) => (r.type === 'aws:lambda/eventSourceMapping:EventSourceMapping' ? { ...r, props: { ...r.props, maximumRetryAttempts: -1, destinationConfig: undefined } } : r));
    expect(await run(contained, loose)).toEqual([expect.stringContaining('retries a failing batch until its records expire'), expect.stringContaining('has no on-failure destination')]);
    const open = resources.map((r) => (r.type === 'aws:lambda/permission:Permission' ? { ...r, props: { ...r.props, sourceArn: undefined } } : r));
    expect(await run(contained, open)).toEqual([expect.stringContaining('ingest-objects-permission lets events.amazonaws.com invoke the function from any source'), expect.stringContaining('resize-objects-permission lets events.amazonaws.com')]);
  });
});

describe('both backends', () => {
  test('agree, and both inventories read the mapping and the stream permission', async () => {
    const { cdk, pulumi, differences } = await compareBackends(loadBlueprint(FIXTURE));
    expect(differences).toEqual([]);
    for (const inv of [cdk, pulumi]) {
      const p = inv.functions.find((f) => f.key === 'project')!;
      expect(p.stream).toEqual({
        source: 'table:orders/stream',
        invokes: 'function:project',
        startingPosition: 'LATEST',
        batchSize: 100,
        maximumBatchingWindowSeconds: 0,
        parallelizationFactor: 2,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 2,
        maximumRecordAgeSeconds: 86400,
        onFailure: 'queue:function:project/dead-letter',
        functionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(p.queue).toBeNull();
      expect(p.permissions).toContainEqual({ effect: 'Allow', actions: STREAM_ACTIONS, resources: ['table:orders/stream'] });
    }
  }, 60_000);

  test("a global table's stream (replicate_to_secondary, no standby) invokes the function as a table's does", async () => {
    const global = variant((bp) => ({
      ...bp,
      requirements: { ...bp.requirements, regions: { ...bp.requirements.regions, secondary: 'us-west-2' } },
      data: { ...bp.data, orders: { ...bp.data!.orders, replicate_to_secondary: true } as never },
    }));
    const gd = design(global.blueprint);
    expect(gd.stores.find((s) => s.key === 'orders')).toMatchObject({ stream: 'new-and-old-images', replicaRegions: ['us-west-2'] });
    const t = templateOf(buildStack(global).stack) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
    const mapping = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping')!;
    const table = Object.keys(t.Resources).find((id) => t.Resources[id].Type === 'AWS::DynamoDB::GlobalTable')!;
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [table, 'StreamArn'] });
    const { differences, cdk } = await compareBackends(global);
    expect(differences).toEqual([]);
    expect(cdk.functions.find((f) => f.key === 'project')!.stream?.source).toBe('table:orders/stream');
  }, 60_000);
});

describe('the cost', () => {
  test('billed per batch at the expected load: requests, arm64 GB-seconds and traces', () => {
    const lines = billOf(factsFromDesign(d), usageFor(2400)).filter((l) => l.resource === 'function:project');
    // 30 % of 24 invocations/s for 730 h = 18,921,600; x 0.2 s x 1 GB.
    expect(lines.map((l) => [l.component, l.priceKey, l.quantity])).toEqual([
      ['requests', 'lambda.requests.million', 18.9216],
      ['GB-seconds', 'lambda.gb-second.arm64', 3_784_320],
      ['traces recorded', 'xray.traces-recorded.million', 3.44268],
    ]);
  });
});

/*
 * Bucket-event triggers: the uploads bucket's created objects under incoming/ ending .csv invoke ingest, through
 * EventBridge (the bucket's events sent there, a rule of the function's, a permission from that rule only).
 */
describe('a bucket trigger', () => {
  const ingest = fn('ingest');

  test('the design: an Object Created rule on the bucket, prefix and suffix as one wildcard, EventBridge retries; the bucket sends its events', () => {
    expect(ingest.bucketEvents).toEqual({
      store: 'uploads',
      detailType: 'Object Created',
      prefix: 'incoming/',
      suffix: '.csv',
      keyMatcher: { wildcard: 'incoming/*.csv' },
      maximumRetryAttempts: 185,
      maximumEventAgeSeconds: 86400,
    });
    expect(ingest.stream).toBeUndefined();
    expect(d.stores.find((s) => s.key === 'uploads')).toMatchObject({ kind: 'bucket', eventBridge: true });
    expect(d.stores.find((s) => s.key === 'orders')).not.toHaveProperty('eventBridge');
    expect(decision('services.ingest', 'triggers')?.rationale).toMatch(/EventBridge rather than S3's notification to Lambda/);
    expect(decision('data.uploads', 'event_bridge')).toMatchObject({ value: 'on', source: 'derived' });
  });

  test('one matcher: a prefix alone, a suffix alone, none; a wildcard escapes * and \\', () => {
    const matcher = (triggers: Record<string, string>) =>
      design(variant((bp) => ({ ...bp, services: { ...bp.services, ingest: { ...bp.services.ingest, triggers: { bucket: 'uploads', ...triggers } } } })).blueprint).functions.find((f) => f.key === 'ingest')!.bucketEvents?.keyMatcher;
    expect(matcher({ prefix: 'in/' })).toEqual({ prefix: 'in/' });
    expect(matcher({ suffix: '.csv' })).toEqual({ suffix: '.csv' });
    expect(matcher({})).toBeUndefined();
    expect(matcher({ prefix: 'a*', suffix: '\\b' })).toEqual({ wildcard: 'a\\**\\\\b' });
  });

  test('it reads the bucket because it uses it (read-only), not because the bucket triggers it', () => {
    expect(ingest.access.map((a) => `${a.store}:${a.mode}`)).toEqual(['uploads:read']);
    const blind = design(variant((bp) => ({ ...bp, services: { ...bp.services, ingest: { ...bp.services.ingest, uses: undefined } } })).blueprint).functions.find((f) => f.key === 'ingest')!;
    expect(blind.access).toEqual([]);
    expect(blind.bucketEvents?.store).toBe('uploads');
  });

  test('the template: the bucket sends its events to EventBridge (no custom resource), the rule invokes the function, only the rule may', () => {
    const { template, assertions } = synth(FIXTURE);
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const logical = (prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix)) ?? fail(`no ${prefix}`);
    expect(resources[logical('DataBucketuploadsBucket')].Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(Object.values(resources).filter((r) => r.Type === 'Custom::S3BucketNotifications')).toEqual([]);
    const fnArn = { 'Fn::GetAtt': [logical('FunctionsFunctioningestFunction'), 'Arn'] };
    expect(resources[logical('FunctionsFunctioningestObjects')].Properties).toEqual({
      Description: 'Function ingest: objects created in uploads',
      State: 'ENABLED',
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [{ Ref: logical('DataBucketuploadsBucket') }] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } } },
      Targets: [{ Id: 'function', Arn: fnArn, RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } }],
      Tags: [{ Key: 'blueprint', Value: 'function-triggers' }],
    });
    expect(resources[logical('FunctionsFunctioningestObjectsPermission')].Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: fnArn,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logical('FunctionsFunctioningestObjects'), 'Arn'] },
    });
    assertions.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  test('the Pulumi program: a bucket notification to EventBridge, the rule, its one target and the permission', async () => {
    const g = await runUnderMocks(d);
    const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? fail(`no ${type} ${name}`);
    expect(one('aws:s3/bucketNotification:BucketNotification', 'function-triggers-bucket-uploads-notification').inputs).toMatchObject({ eventbridge: true });
    const rule = one('aws:cloudwatch/eventRule:EventRule', 'function-triggers-function-ingest-objects').inputs;
    expect(JSON.parse(rule.eventPattern as string)).toEqual({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['function-triggers-bucket-uploads'] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } } });
    expect(one('aws:cloudwatch/eventTarget:EventTarget', 'function-triggers-function-ingest-objects-target').inputs).toMatchObject({ targetId: 'function', retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 } });
    expect(one('aws:lambda/permission:Permission', 'function-triggers-function-ingest-objects-permission').inputs).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com' });
  }, 60_000);

  test('both inventories read the rule, its permission and the bucket sending its events', async () => {
    const { cdk, pulumi, differences } = await compareBackends(loadBlueprint(FIXTURE));
    expect(differences).toEqual([]);
    for (const inv of [cdk, pulumi]) {
      expect(inv.functions.find((f) => f.key === 'ingest')!.bucketEvents).toEqual({
        bucket: 'bucket:uploads',
        detailTypes: ['Object Created'],
        keyMatcher: '{"wildcard":"incoming/*.csv"}',
        invokes: 'function:ingest',
        state: 'ENABLED',
        description: 'Function ingest: objects created in uploads',
        maximumRetryAttempts: 185,
        maximumEventAgeSeconds: 86400,
        permissions: ['events.amazonaws.com lambda:InvokeFunction'],
      });
      expect(inv.buckets.find((b) => b.name === 'bucket:uploads')!.eventBridge).toBe(true);
      expect(inv.buckets.find((b) => b.name === 'bucket:access-logs')!.eventBridge).toBe(false);
      expect(inv.functions.find((f) => f.key === 'project')!.bucketEvents).toBeNull();
      expect(inv.apis).toEqual([]);
    }
  }, 60_000);
});

/* A function from a container image (resize): PackageType Image, its ECR URI, no runtime or handler, in both backends. */
describe('a container-image function', () => {
  test('the design: the image, its architecture, no code, runtime or handler; its own rule on the same bucket', () => {
    const r = fn('resize');
    expect(r).toMatchObject({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.4', arch: 'arm64' });
    expect(r).not.toHaveProperty('code');
    expect(r).not.toHaveProperty('runtime');
    expect(r).not.toHaveProperty('handler');
    expect(r.bucketEvents?.keyMatcher).toEqual({ prefix: 'images/' });
    expect(decision('services.resize', 'package')?.rationale).toMatch(/must be built for arm64.*by tag: Lambda resolves the tag to a digest/);
    expect(decision('services.resize', 'runtime')).toBeUndefined();
  });

  test('the template and the Pulumi program: PackageType Image with its URI, and nothing of a .zip', async () => {
    const { template } = synth(FIXTURE);
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const id = Object.keys(resources).find((x) => x.startsWith('FunctionsFunctionresizeFunction'))!;
    expect(resources[id].Properties).toMatchObject({ PackageType: 'Image', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.4' }, Architectures: ['arm64'] });
    expect(resources[id].Properties).not.toHaveProperty('Runtime');
    expect(resources[id].Properties).not.toHaveProperty('Handler');
    const g = await runUnderMocks(d);
    const f = g.find((x) => x.type === 'aws:lambda/function:Function' && x.name === 'function-triggers-function-resize')!.inputs;
    expect(f).toMatchObject({ packageType: 'Image', imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.4', architectures: ['arm64'] });
    expect([f.code, f.runtime, f.handler]).toEqual([undefined, undefined, undefined]);
  }, 60_000);

  test('both inventories read the image and no runtime or handler; a zip function has no image', async () => {
    const { cdk, pulumi, differences } = await compareBackends(loadBlueprint(FIXTURE));
    expect(differences).toEqual([]);
    for (const inv of [cdk, pulumi]) {
      expect(inv.functions.find((f) => f.key === 'resize')).toMatchObject({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.4', runtime: null, handler: null, architecture: 'arm64' });
      expect(inv.functions.find((f) => f.key === 'ingest')).toMatchObject({ image: null, runtime: 'nodejs24.x', handler: 'index.handler' });
    }
  }, 60_000);

  test('its cost is a function\'s: requests, arm64 GB-seconds, traces (Lambda bills an image as code)', () => {
    const lines = billOf(factsFromDesign(d), usageFor(2400)).filter((l) => l.resource === 'function:resize');
    expect(lines.map((l) => [l.component, l.priceKey])).toEqual([
      ['requests', 'lambda.requests.million'],
      ['GB-seconds', 'lambda.gb-second.arm64'],
      ['traces recorded', 'xray.traces-recorded.million'],
    ]);
  });
});
