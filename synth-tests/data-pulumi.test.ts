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
    for (const r of ofType(type)) {
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
