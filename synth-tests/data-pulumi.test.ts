import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf } from './support';

/* The data stores and their edges in the Pulumi graph of the data-stores fixture. */
const FIXTURE = 'synth-tests/fixtures/data-stores.yaml';
let g: RegisteredResource[];
beforeAll(async () => {
  g = await runUnderMocks(designOf(FIXTURE));
});
const ofType = (type: string) => g.filter((r) => r.type === type);
const one = (type: string, name: string) => g.find((r) => r.type === type && r.name === name)!;

test('stores sit in one Data component and carry their blueprint key as a tag', () => {
  for (const type of ['aws:s3/bucket:Bucket', 'aws:sqs/queue:Queue', 'aws:dynamodb/table:Table']) {
    // The stack's access-log bucket (tagged blueprint:logs) is no data store: it sits under the stack.
    for (const r of ofType(type).filter((x) => x.name !== 'data-stores-access-logs')) {
      expect(r.parent).toBe('blueprint:index:Data::data-stores');
      expect(r.inputs.tags).toHaveProperty('blueprint:store');
    }
  }
});

test('stateful stores outlive destroy and replacement; queues and topics do not', () => {
  expect(one('aws:s3/bucket:Bucket', 'data-stores-bucket-reports').retainOnDelete).toBe(true);
  expect(one('aws:dynamodb/table:Table', 'data-stores-table-orders').retainOnDelete).toBe(true);
  expect(one('aws:sqs/queue:Queue', 'data-stores-queue-jobs').retainOnDelete).toBeUndefined();
});

test('the bucket is encrypted, private, TLS-only, versioned, with lifecycle tiers', () => {
  expect(one('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'data-stores-bucket-reports-encryption').inputs.rules).toEqual([
    { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
  ]);
  expect(one('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'data-stores-bucket-reports-public-access').inputs).toMatchObject({
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  expect(JSON.parse(one('aws:s3/bucketPolicy:BucketPolicy', 'data-stores-bucket-reports-tls-only').inputs.policy as string).Statement[0]).toMatchObject({
    Effect: 'Deny',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  expect(one('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'data-stores-bucket-reports-lifecycle').inputs.rules).toEqual([
    expect.objectContaining({ expiration: { days: 3650 }, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 180, storageClass: 'GLACIER' }] }),
  ]);
});

test('the queue has a dead-letter queue after 3 receives, kept 14 days', () => {
  const jobs = one('aws:sqs/queue:Queue', 'data-stores-queue-jobs');
  expect(JSON.parse(jobs.inputs.redrivePolicy as string)).toEqual({ deadLetterTargetArn: expect.stringMatching(/jobs-dead-letter$/), maxReceiveCount: 3 });
  expect(jobs.inputs).toMatchObject({ sqsManagedSseEnabled: true, visibilityTimeoutSeconds: 120 });
  expect(one('aws:sqs/queue:Queue', 'data-stores-queue-jobs-dead-letter').inputs.messageRetentionSeconds).toBe(14 * 86400);
});

test('the table: on demand, keys and index, TTL, stream, point-in-time recovery, deletion protection', () => {
  expect(one('aws:dynamodb/table:Table', 'data-stores-table-orders').inputs).toMatchObject({
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'pk',
    rangeKey: 'sk',
    globalSecondaryIndexes: [{ name: 'by-customer', hashKey: 'customer', projectionType: 'KEYS_ONLY' }],
    ttl: { attributeName: 'expires_at', enabled: true },
    streamViewType: 'NEW_AND_OLD_IMAGES',
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
  });
});

test('edges: exactly the designed actions on exactly the used stores, never "*"', () => {
  const policy = (name: string) => JSON.parse(one('aws:iam/rolePolicy:RolePolicy', name).inputs.policy as string).Statement as { Action: string[]; Resource: string | string[] }[];
  const processor = policy('data-stores-svc-processor-task-policy');
  const orders = processor.find((s) => String(s.Resource).includes('table-orders'))!;
  expect(orders.Action).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']);
  expect(orders.Resource).toEqual([expect.stringMatching(/table-orders$/), expect.stringMatching(/table-orders\/index\/\*$/)]);
  for (const name of ['data-stores-svc-api-task-policy', 'data-stores-svc-processor-task-policy']) {
    for (const s of policy(name)) expect([s.Resource].flat()).not.toContain('*');
  }
  const api = policy('data-stores-svc-api-task-policy');
  const reports = api.find((s) => String(s.Resource).includes('bucket-reports'))!;
  expect(reports.Action).toEqual(['s3:GetObject', 's3:ListBucket']); // reports:read
});

test('edges: connection details are injected as environment variables', () => {
  const env = (name: string) =>
    Object.fromEntries((JSON.parse(one('aws:ecs/taskDefinition:TaskDefinition', name).inputs.containerDefinitions as string)[0].environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));
  expect(Object.keys(env('data-stores-svc-api-task')).sort()).toEqual(['EVENTS_TOPIC_ARN', 'JOBS_QUEUE_URL', 'ORDERS_TABLE', 'REPORTS_BUCKET']);
  expect(env('data-stores-svc-processor-task').JOBS_QUEUE_URL).toMatch(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/\d{12}\/data-stores-queue-jobs$/);
});

test('reordering and adding services and stores leaves every store\'s resource name unchanged', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { load, dump } = await import('js-yaml');
  const bp = load(readFileSync(FIXTURE, 'utf8')) as { services: Record<string, unknown>; data: Record<string, unknown> };
  const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
  const variant = {
    ...bp,
    services: { extra: { image: 'nginx', uses: ['archive'] }, ...reversed(bp.services) },
    data: { archive: { engine: 's3' }, audit: { engine: 'dynamodb', partition_key: { name: 'id' } }, ...reversed(bp.data), backlog: { engine: 'sqs' }, alerts: { engine: 'sns' } },
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-ids-')), 'variant.yaml');
  writeFileSync(file, dump(variant));
  const stateful = (graph: RegisteredResource[]) =>
    graph.filter((r) => /^aws:(s3\/bucket:Bucket|dynamodb\/table:Table|sqs\/queue:Queue|sns\/topic:Topic)$/.test(r.type)).map((r) => `${r.type} ${r.name} ${r.parent}`);
  const after = stateful(await runUnderMocks(designOf(file)));
  for (const before of stateful(g)) expect(after).toContain(before);
  expect(after.length).toBeGreaterThan(stateful(g).length);
});

describe('provisioned-table fixture: capacity and its autoscaling', () => {
  let p: RegisteredResource[];
  beforeAll(async () => {
    p = await runUnderMocks(designOf('synth-tests/fixtures/provisioned-table.yaml'));
  });
  const named = (name: string) => p.find((r) => r.name === name)!;
  const dynamodb = (type: string) => p.filter((r) => r.type === type && r.inputs.serviceNamespace === 'dynamodb');

  test('provisioned tables start at the design\'s min on the table and each index; the on-demand table has none', () => {
    expect(named('provisioned-table-table-orders').inputs).toMatchObject({
      billingMode: 'PROVISIONED',
      readCapacity: 5,
      writeCapacity: 2,
      globalSecondaryIndexes: [
        { name: 'by-customer', readCapacity: 5, writeCapacity: 2 },
        { name: 'by-status', readCapacity: 5, writeCapacity: 2 },
      ],
    });
    expect(named('provisioned-table-table-sessions').inputs).toMatchObject({ billingMode: 'PROVISIONED', readCapacity: 1, writeCapacity: 1 });
    const audit = named('provisioned-table-table-audit').inputs;
    expect(audit.billingMode).toBe('PAY_PER_REQUEST');
    expect(audit).not.toHaveProperty('readCapacity');
    expect(audit).not.toHaveProperty('writeCapacity');
  });

  test('pulumi up leaves the capacity autoscaling set: ignoreChanges on the table\'s and its indexes\' units, and only on provisioned tables', () => {
    expect(named('provisioned-table-table-orders').ignoreChanges).toEqual(['readCapacity', 'writeCapacity', 'globalSecondaryIndexes[*].readCapacity', 'globalSecondaryIndexes[*].writeCapacity']);
    expect(named('provisioned-table-table-sessions').ignoreChanges).toEqual(['readCapacity', 'writeCapacity']);
    expect(named('provisioned-table-table-audit').ignoreChanges).toBeUndefined();
  });

  test('one scalable target per table and index, read and write, named from the keys, with the design\'s bounds and no role of its own', () => {
    const targets = dynamodb('aws:appautoscaling/target:Target');
    expect(targets.map((t) => `${t.name} ${t.inputs.resourceId} ${t.inputs.scalableDimension} ${t.inputs.minCapacity}-${t.inputs.maxCapacity}`)).toEqual([
      'provisioned-table-table-orders-index-by-customer-scaling-read table/provisioned-table-table-orders/index/by-customer dynamodb:index:ReadCapacityUnits 5-200',
      'provisioned-table-table-orders-index-by-customer-scaling-write table/provisioned-table-table-orders/index/by-customer dynamodb:index:WriteCapacityUnits 2-50',
      'provisioned-table-table-orders-index-by-status-scaling-read table/provisioned-table-table-orders/index/by-status dynamodb:index:ReadCapacityUnits 5-200',
      'provisioned-table-table-orders-index-by-status-scaling-write table/provisioned-table-table-orders/index/by-status dynamodb:index:WriteCapacityUnits 2-50',
      'provisioned-table-table-orders-scaling-read table/provisioned-table-table-orders dynamodb:table:ReadCapacityUnits 5-200',
      'provisioned-table-table-orders-scaling-write table/provisioned-table-table-orders dynamodb:table:WriteCapacityUnits 2-50',
      'provisioned-table-table-sessions-scaling-read table/provisioned-table-table-sessions dynamodb:table:ReadCapacityUnits 1-10',
      'provisioned-table-table-sessions-scaling-write table/provisioned-table-table-sessions dynamodb:table:WriteCapacityUnits 1-10',
    ]);
    // No roleArn: Application Auto Scaling uses DynamoDB's service-linked role, the one CDK names.
    for (const t of targets) expect(t.inputs).not.toHaveProperty('roleArn');
  });

  test('each target has one target-tracking policy on its own utilization metric, at the design\'s target and cooldowns', () => {
    for (const t of dynamodb('aws:appautoscaling/target:Target')) {
      const policies = dynamodb('aws:appautoscaling/policy:Policy').filter((x) => x.inputs.resourceId === t.inputs.resourceId && x.inputs.scalableDimension === t.inputs.scalableDimension);
      expect(policies.map((x) => x.name)).toEqual([`${t.name}-utilization`]);
      const read = String(t.inputs.scalableDimension).endsWith(':ReadCapacityUnits');
      expect(policies[0].inputs).toMatchObject({
        policyType: 'TargetTrackingScaling',
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: read ? 'DynamoDBReadCapacityUtilization' : 'DynamoDBWriteCapacityUtilization' },
          targetValue: t.name.includes('-orders-') ? 60 : 70,
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      });
    }
  });
});
