import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { buildStack, templateOf } from '../src/cdk/synth';
import { loadBlueprint } from '../src/load';
import { synth } from './support';

/*
 * Data stores on the CDK side: each store decision and each edge (a
 * service's access to a store and its connection details), asserted on the
 * synthesized template of the data-stores fixture; and logical IDs that
 * derive from store keys, never from positions.
 */

const FIXTURE = 'synth-tests/fixtures/data-stores.yaml';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] };
type Resources = Record<string, Resource>;

const STATEFUL = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SNS::Topic'];

const resourcesOf = (template: Record<string, unknown>) => template.Resources as Resources;

function storeTag(r: Resource): string | undefined {
  return ((r.Properties?.Tags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === 'blueprint:store')?.Value;
}

/** The logical IDs of a store's resources of one type, found by its tag. */
function idsOf(resources: Resources, type: string, key: string): string[] {
  return Object.keys(resources).filter((id) => resources[id].Type === type && storeTag(resources[id]) === key);
}

function oneId(resources: Resources, type: string, key: string): string {
  const ids = idsOf(resources, type, key);
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The task role of a service, found through its container's awslogs stream prefix (the service key). */
function taskRoleOf(resources: Resources, service: string): string {
  const [td] = Object.values(resources).filter((r) => {
    if (r.Type !== 'AWS::ECS::TaskDefinition') return false;
    const c = (r.Properties!.ContainerDefinitions as { LogConfiguration: { Options: Record<string, unknown> } }[])[0];
    return c.LogConfiguration.Options['awslogs-stream-prefix'] === service;
  });
  return (td.Properties!.TaskRoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}

function containerOf(resources: Resources, service: string): { Environment: { Name: string; Value: unknown }[] } {
  const [td] = Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::ECS::TaskDefinition' &&
      (r.Properties!.ContainerDefinitions as { LogConfiguration: { Options: Record<string, unknown> } }[])[0].LogConfiguration.Options['awslogs-stream-prefix'] === service,
  );
  return (td.Properties!.ContainerDefinitions as { Environment: { Name: string; Value: unknown }[] }[])[0];
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every statement of every AWS::IAM::Policy attached to a role, with its policy's logical ID. */
function statementsOf(resources: Resources, role: string): (Statement & { policy: string })[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties!.Roles as { Ref: string }[]).some((x) => x.Ref === role))
    .flatMap(([id, r]) => ((r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement).map((s) => ({ ...s, policy: id })));
}

const arr = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const under = (id: string, suffix: string) => ({ 'Fn::Join': ['', [arn(id), suffix]] });
const tlsDeny = (action: string, resource: unknown) =>
  Match.objectLike({ Effect: 'Deny', Action: action, Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: resource });

describe('data-stores fixture: each store decision', () => {
  const { template, assertions: t } = synth(FIXTURE);
  const resources = resourcesOf(template);

  test('one construct per store, its logical IDs named after the store key', () => {
    expect(idsOf(resources, 'AWS::S3::Bucket', 'reports')).toEqual([expect.stringMatching(/^DataBucketreports/)]);
    expect(idsOf(resources, 'AWS::DynamoDB::Table', 'orders')).toEqual([expect.stringMatching(/^DataTableorders/)]);
    expect(idsOf(resources, 'AWS::SNS::Topic', 'events')).toEqual([expect.stringMatching(/^DataTopicevents/)]);
    expect(idsOf(resources, 'AWS::SQS::Queue', 'jobs').sort()).toEqual([expect.stringMatching(/^DataQueuejobsDeadLetter/), expect.stringMatching(/^DataQueuejobsQueue/)]);
    t.resourceCountIs('AWS::S3::Bucket', 2); // reports, and the stack's access-log bucket
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.resourceCountIs('AWS::SQS::Queue', 2);
    t.resourceCountIs('AWS::SNS::Topic', 2); // events, and the alarm topic
  });

  test('bucket: SSE-S3, all public access blocked, versioned, lifecycle tiers, retained, tagged', () => {
    const id = oneId(resources, 'AWS::S3::Bucket', 'reports');
    expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resources[id].Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER', TransitionInDays: 180 },
            ],
            ExpirationInDays: 3650,
          },
        ],
      },
      Tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: 'reports' }, { Key: 'blueprint', Value: 'data-stores' }]),
    });
    // Retained, so nothing empties it: no auto-delete custom resource.
    expect(JSON.stringify(template)).not.toContain('AutoDeleteObjects');
  });

  test('bucket: a bucket policy denies plain HTTP on the bucket and its objects', () => {
    const id = oneId(resources, 'AWS::S3::Bucket', 'reports');
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: [tlsDeny('s3:*', [arn(id), under(id, '/*')])] },
    });
  });

  test('queue: SSE-SQS, TLS-only, retention and visibility per design, a dead-letter queue after 3 receives; deletable', () => {
    const [dlq, queue] = idsOf(resources, 'AWS::SQS::Queue', 'jobs').sort();
    expect(resources[queue].Properties).toEqual(
      expect.objectContaining({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 4 * 86400,
        VisibilityTimeout: 120,
        RedrivePolicy: { deadLetterTargetArn: arn(dlq), maxReceiveCount: 3 },
      }),
    );
    expect(resources[queue].Properties).not.toHaveProperty('FifoQueue');
    expect(resources[dlq].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    expect(resources[dlq].Properties).not.toHaveProperty('RedrivePolicy');
    for (const id of [queue, dlq]) {
      // retain: false in the design: the queues go with the stack.
      expect(resources[id]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      t.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: id }], PolicyDocument: { Statement: [tlsDeny('sqs:*', arn(id))] } });
    }
  });

  test('topic: encrypted with the AWS-managed SNS key, TLS-only publishing, standard (not FIFO), tagged', () => {
    const id = oneId(resources, 'AWS::SNS::Topic', 'events');
    expect(resources[id].Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::Join': ['', ['arn:aws:kms:us-east-1:', { Ref: 'AWS::AccountId' }, ':alias/aws/sns']] },
      Tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: 'events' }]),
    });
    expect(resources[id].Properties).not.toHaveProperty('FifoTopic');
    t.hasResourceProperties('AWS::SNS::TopicPolicy', { Topics: [{ Ref: id }], PolicyDocument: { Statement: [tlsDeny('sns:Publish', { Ref: id })] } });
  });

  test('table: on demand, keys with types, GSI with projection, TTL, stream, PITR, deletion protection, AWS-managed encryption, retained', () => {
    const id = oneId(resources, 'AWS::DynamoDB::Table', 'orders');
    expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resources[id].Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: expect.arrayContaining([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'customer', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [{ IndexName: 'by-customer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      Tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: 'orders' }]),
    });
    expect(resources[id].Properties).not.toHaveProperty('ProvisionedThroughput');
  });
});

describe('data-stores fixture: each edge', () => {
  const { template } = synth(FIXTURE);
  const resources = resourcesOf(template);
  const table = oneId(resources, 'AWS::DynamoDB::Table', 'orders');
  const bucket = oneId(resources, 'AWS::S3::Bucket', 'reports');
  const topic = oneId(resources, 'AWS::SNS::Topic', 'events');
  const [, queue] = idsOf(resources, 'AWS::SQS::Queue', 'jobs').sort();

  const TABLE_READ = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
  const TABLE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
  const BUCKET_READ = ['s3:GetObject', 's3:ListBucket'];
  const BUCKET_WRITE = ['s3:DeleteObject', 's3:PutObject'];
  const QUEUE = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'];

  const normalized = (service: string) =>
    statementsOf(resources, taskRoleOf(resources, service))
      .map((s) => ({ effect: s.Effect, actions: arr(s.Action).sort(), resources: arr(s.Resource) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const expected = (statements: { actions: string[]; resources: unknown[] }[]) =>
    statements.map((s) => ({ effect: 'Allow', actions: [...s.actions].sort(), resources: s.resources })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  test('api: read-write on orders (and its indexes), read-only on reports, read-write on jobs, publish to events: exactly these statements', () => {
    expect(normalized('api')).toEqual(
      expected([
        { actions: [...TABLE_READ, ...TABLE_WRITE], resources: [arn(table), under(table, '/index/*')] },
        { actions: BUCKET_READ, resources: [arn(bucket), under(bucket, '/*')] },
        { actions: QUEUE, resources: [arn(queue)] },
        { actions: ['sns:Publish'], resources: [{ Ref: topic }] },
      ]),
    );
  });

  test('processor: read-write on jobs and reports, read-only on orders: exactly these statements', () => {
    expect(normalized('processor')).toEqual(
      expected([
        { actions: TABLE_READ, resources: [arn(table), under(table, '/index/*')] },
        { actions: [...BUCKET_READ, ...BUCKET_WRITE], resources: [arn(bucket), under(bucket, '/*')] },
        { actions: QUEUE, resources: [arn(queue)] },
      ]),
    );
  });

  test('a read-only edge has no write action', () => {
    const readOnly = [
      { service: 'api', store: bucket, write: BUCKET_WRITE },
      { service: 'processor', store: table, write: TABLE_WRITE },
    ];
    for (const { service, store, write } of readOnly) {
      const on = statementsOf(resources, taskRoleOf(resources, service)).filter((s) => JSON.stringify(s.Resource).includes(`"${store}"`));
      expect(on).toHaveLength(1);
      expect(arr(on[0].Action).filter((a) => write.includes(a) || a.endsWith('*'))).toEqual([]);
    }
  });

  test('no task-role statement has a wildcard resource or action, a condition, or anything but a store', () => {
    const stores = new Set([table, bucket, topic, queue]);
    for (const service of ['api', 'processor']) {
      for (const s of statementsOf(resources, taskRoleOf(resources, service))) {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        for (const a of arr(s.Action)) expect(a).toMatch(/^(s3|sqs|sns|dynamodb):[A-Za-z]+$/);
        for (const r of arr(s.Resource)) {
          expect(r).not.toBe('*');
          const text = JSON.stringify(r);
          const target = /"(?:Ref|Fn::GetAtt)":\[?"([^"]+)"/.exec(text)?.[1];
          expect(stores.has(target!)).toBe(true);
          expect(text.replace(/\/\*|\/index\/\*/g, '')).not.toContain('*');
        }
      }
    }
  });

  test('the access policies sit on the task roles only, not on the execution roles, and tasks wait for them', () => {
    for (const service of ['api', 'processor']) {
      const policies = [...new Set(statementsOf(resources, taskRoleOf(resources, service)).map((s) => s.policy))];
      expect(policies).toEqual([expect.stringMatching(new RegExp(`^ComputeService${service}DataAccess`))]);
      const ecsService = Object.values(resources).find((r) => r.Type === 'AWS::ECS::Service' && JSON.stringify(r).includes(`ComputeService${service}Task`))!;
      expect(ecsService.DependsOn).toEqual(expect.arrayContaining([policies[0]]));
    }
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::IAM::Policy' && /ExecutionRole/.test(id)) expect(JSON.stringify(r)).not.toMatch(/s3:|sqs:|sns:|dynamodb:/);
    }
  });

  test('connections: the bucket and table name, the queue URL and the topic ARN as environment variables', () => {
    expect(containerOf(resources, 'api').Environment).toEqual(
      expect.arrayContaining([
        { Name: 'ORDERS_TABLE', Value: { Ref: table } },
        { Name: 'REPORTS_BUCKET', Value: { Ref: bucket } },
        { Name: 'JOBS_QUEUE_URL', Value: { Ref: queue } },
        { Name: 'EVENTS_TOPIC_ARN', Value: { Ref: topic } },
      ]),
    );
    const processor = containerOf(resources, 'processor').Environment;
    expect(processor).toEqual(
      expect.arrayContaining([
        { Name: 'ORDERS_TABLE', Value: { Ref: table } },
        { Name: 'REPORTS_BUCKET', Value: { Ref: bucket } },
        { Name: 'JOBS_QUEUE_URL', Value: { Ref: queue } },
      ]),
    );
    expect(processor.map((e) => e.Name)).not.toContain('EVENTS_TOPIC_ARN');
  });
});

test('a blueprint without data has no stores, no access policy on any task role and no connection variables', () => {
  const { template } = synth('blueprints/web-app.yaml');
  const resources = resourcesOf(template);
  for (const type of [...STATEFUL.filter((x) => x !== 'AWS::SNS::Topic'), 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy']) {
    // The stack's access-log bucket (AccessLogs/Bucket, for the load balancer's logs) and the audit-log bucket (Audit/Bucket) are no data stores.
    expect(Object.entries(resources).filter(([id, r]) => r.Type === type && !id.startsWith('AccessLogsBucket') && !id.startsWith('AuditBucket'))).toEqual([]);
  }
  // The one topic policy is the alarm topic's TLS-only one.
  expect(Object.values(resources).filter((r) => r.Type === 'AWS::SNS::TopicPolicy').map((r) => (r.Properties as { Topics: unknown }).Topics)).toEqual([[{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }]]);
  for (const service of ['api', 'web']) expect(statementsOf(resources, taskRoleOf(resources, service))).toEqual([]);
});

/*
 * Logical IDs derive from store keys: reordering services and stores, and
 * adding a service and a store of each kind, leaves every existing stateful
 * resource (bucket, table, queue, dead-letter queue, topic) with the same
 * logical ID and the same definition, so CloudFormation replaces nothing.
 */
describe('logical-ID stability', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-data-ids-'));
  const variant = path.join(dir, 'data-stores-variant.yaml');
  writeFileSync(
    variant,
    `# The data-stores fixture, services and stores reordered, with a new service and a new store of each kind.
blueprint: 1
name: data-stores
requirements:
  availability: 99.9
  regions: { primary: us-east-1 }
services:
  auditor:
    image: public.ecr.aws/docker/library/busybox:1.36
    uses: [archive:read, ledger, tasks, alerts, orders:read]
  processor:
    image: public.ecr.aws/docker/library/busybox:1.36
    uses: [reports, orders:read, jobs]
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    port: 8080
    public: true
    uses: [events, jobs, reports:read, orders]
data:
  events:
    engine: sns
  alerts:
    engine: sns
    fifo: true
  jobs:
    engine: sqs
    visibility_timeout_seconds: 120
    dead_letter: { max_receives: 3 }
  tasks:
    engine: sqs
    fifo: true
    dead_letter: null
  reports:
    engine: s3
    lifecycle: { infrequent_after_days: 30, archive_after_days: 180, expire_after_days: 3650 }
  archive:
    engine: s3
    versioned: false
  ledger:
    engine: dynamodb
    partition_key: { name: id, type: binary }
    indexes:
      by-day: { partition_key: { name: day, type: number }, sort_key: { name: id, type: binary } }
  orders:
    engine: dynamodb
    partition_key: { name: pk }
    sort_key: { name: sk, type: number }
    indexes:
      by-customer: { partition_key: { name: customer }, projection: keys-only }
    ttl_attribute: expires_at
    stream: new-and-old-images
`,
  );

  const stateful = (resources: Resources) =>
    Object.fromEntries(Object.entries(resources).filter(([, r]) => STATEFUL.includes(r.Type) && storeTag(r) !== undefined));

  test('the variant really reorders the fixture', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    expect(text.indexOf('  api:')).toBeLessThan(text.indexOf('  processor:'));
    expect(text.indexOf('  orders:')).toBeLessThan(text.indexOf('  reports:'));
    const v = readFileSync(variant, 'utf8');
    expect(v.indexOf('  api:')).toBeGreaterThan(v.indexOf('  processor:'));
    expect(v.indexOf('  orders:')).toBeGreaterThan(v.indexOf('  reports:'));
  });

  test('every stateful resource of the fixture keeps its logical ID and definition', () => {
    const before = stateful(resourcesOf(synth(FIXTURE).template));
    const after = stateful(resourcesOf(templateOf(buildStack(loadBlueprint(variant)).stack)));
    expect(Object.keys(before).sort()).toHaveLength(5); // bucket, table, queue, dead-letter queue, topic
    for (const [id, r] of Object.entries(before)) expect({ id, resource: after[id] }).toEqual({ id, resource: r });
    // And the new stores are there, one construct each.
    const added = Object.keys(after).filter((id) => !(id in before));
    expect(added.map((id) => `${after[id].Type} ${storeTag(after[id])}`).sort()).toEqual([
      'AWS::DynamoDB::Table ledger',
      'AWS::S3::Bucket archive',
      'AWS::SNS::Topic alerts',
      'AWS::SQS::Queue tasks',
    ]);
  });
});

describe('provisioned-table fixture: capacity and its autoscaling', () => {
  const { template } = synth('synth-tests/fixtures/provisioned-table.yaml');
  const resources = resourcesOf(template);
  const tableId = (key: string) => oneId(resources, 'AWS::DynamoDB::Table', key);
  const targets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && r.Properties!.ServiceNamespace === 'dynamodb');
  const policyOf = (target: string) => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && (r.Properties!.ScalingTargetId as { Ref: string }).Ref === target);
  const serviceLinkedRole = {
    'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable']],
  };

  test('provisioned tables start at the design\'s min on the table and each index; the on-demand table has no throughput', () => {
    // CDK leaves BillingMode out for provisioned tables: CloudFormation's default.
    for (const key of ['orders', 'sessions']) expect(resources[tableId(key)].Properties!.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(resources[tableId('orders')].Properties).toMatchObject({
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: [
        { IndexName: 'by-customer', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 } },
        { IndexName: 'by-status', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 } },
      ],
    });
    expect(resources[tableId('sessions')].Properties).toMatchObject({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } });
    expect(resources[tableId('audit')].Properties).toMatchObject({ BillingMode: 'PAY_PER_REQUEST' });
    expect(resources[tableId('audit')].Properties).not.toHaveProperty('ProvisionedThroughput');
  });

  test('one scalable target per table and index, read and write, with the design\'s bounds, run by DynamoDB\'s service-linked role', () => {
    const seen = targets.map(([id, r]) => {
      const [, parts] = (r.Properties!.ResourceId as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      const key = storeTag(resources[(parts[1] as { Ref: string }).Ref]);
      expect(parts[0]).toBe('table/');
      expect(r.Properties!.RoleARN).toEqual(serviceLinkedRole);
      expect(r.Properties).not.toHaveProperty('Tags');
      return `${key}${parts[2] ?? ''} ${r.Properties!.ScalableDimension} ${r.Properties!.MinCapacity}-${r.Properties!.MaxCapacity} ${id.replace(/Target[0-9A-F]{8}$/, '')}`;
    });
    expect(seen.sort()).toEqual([
      'orders dynamodb:table:ReadCapacityUnits 5-200 DataTableordersTableReadScaling',
      'orders dynamodb:table:WriteCapacityUnits 2-50 DataTableordersTableWriteScaling',
      'orders/index/by-customer dynamodb:index:ReadCapacityUnits 5-200 DataTableordersTablebycustomerReadScaling',
      'orders/index/by-customer dynamodb:index:WriteCapacityUnits 2-50 DataTableordersTablebycustomerWriteScaling',
      'orders/index/by-status dynamodb:index:ReadCapacityUnits 5-200 DataTableordersTablebystatusReadScaling',
      'orders/index/by-status dynamodb:index:WriteCapacityUnits 2-50 DataTableordersTablebystatusWriteScaling',
      'sessions dynamodb:table:ReadCapacityUnits 1-10 DataTablesessionsTableReadScaling',
      'sessions dynamodb:table:WriteCapacityUnits 1-10 DataTablesessionsTableWriteScaling',
    ]);
  });

  test('each target has one target-tracking policy on its own utilization metric, at the design\'s target and cooldowns', () => {
    for (const [id, r] of targets) {
      const policies = policyOf(id);
      expect(policies).toHaveLength(1);
      const read = String(r.Properties!.ScalableDimension).endsWith(':ReadCapacityUnits');
      const orders = storeTag(resources[((r.Properties!.ResourceId as { 'Fn::Join': [string, { Ref: string }[]] })['Fn::Join'][1][1]).Ref]) === 'orders';
      expect(policies[0][1].Properties).toEqual({
        PolicyName: expect.any(String),
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: id },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: read ? 'DynamoDBReadCapacityUtilization' : 'DynamoDBWriteCapacityUtilization' },
          TargetValue: orders ? 60 : 70,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      });
    }
  });
});
