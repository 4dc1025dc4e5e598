/*
 * The stack's customer-managed KMS key in the Pulumi graph: the key and its alias, its key policy, every
 * store, log group, topic, secret and the trail encrypted with it, the tasks' key actions, and the
 * compliance profile's other decisions (WAF request logs, database log exports and enhanced monitoring,
 * a versioned access-log bucket, no public IP on launch); and the Pulumi reader's inventory of them.
 */
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { MOCK_ACCOUNT, mockArn } from '../src/pulumi/mock-values';
import { designOf } from './support';

const KMS = 'synth-tests/fixtures/kms.yaml';
const HIPAA = 'blueprints/hipaa-platform.yaml';
const REGION = 'us-east-1';
const T = {
  key: 'aws:kms/key:Key',
  alias: 'aws:kms/alias:Alias',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  bucket: 'aws:s3/bucket:Bucket',
  encryption: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  queue: 'aws:sqs/queue:Queue',
  topic: 'aws:sns/topic:Topic',
  table: 'aws:dynamodb/table:Table',
  instance: 'aws:rds/instance:Instance',
  cluster: 'aws:rds/cluster:Cluster',
  member: 'aws:rds/clusterInstance:ClusterInstance',
  group: 'aws:elasticache/replicationGroup:ReplicationGroup',
  secret: 'aws:secretsmanager/secret:Secret',
  trail: 'aws:cloudtrail/trail:Trail',
  policy: 'aws:iam/rolePolicy:RolePolicy',
  role: 'aws:iam/role:Role',
  attachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  subnet: 'aws:ec2/subnet:Subnet',
  wafLogging: 'aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration',
};

const runs = new Map<string, RegisteredResource[]>();
beforeAll(async () => {
  for (const f of [KMS, HIPAA, 'synth-tests/fixtures/jobs.yaml']) runs.set(f, await runUnderMocks(designOf(f)));
});
const graph = (file: string) => runs.get(file)!;
const ofType = (file: string, type: string) => graph(file).filter((r) => r.type === type);
const one = (file: string, type: string, name: string) => {
  const r = graph(file).find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};
const keyArn = (stack: string) => mockArn(T.key, `${stack}-key`, REGION);
const statementsOf = (file: string, policy: string) => JSON.parse(one(file, T.policy, policy).inputs.policy as string).Statement as Record<string, unknown>[];

describe('the key', () => {
  test('symmetric, rotated every 365 days, deleted only after 30, retained, with its alias', () => {
    const [key] = ofType(KMS, T.key);
    expect(ofType(KMS, T.key)).toHaveLength(1);
    expect(key).toMatchObject({ name: 'kms-key', parent: 'blueprint:index:Key::kms', retainOnDelete: true });
    const { policy, ...inputs } = key.inputs;
    expect(inputs).toEqual({
      description: 'Blueprint kms: data, logs, secrets and audit trail',
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
    });
    expect(typeof policy).toBe('string');
    expect(ofType(KMS, T.alias).map((a) => a.inputs)).toEqual([{ name: 'alias/kms', targetKeyId: 'kms-key-id' }]);
  });

  test('its policy: the account manages it; CloudWatch Logs (this account and region), alarms and CloudTrail (trails of this account) may use it', () => {
    const policy = JSON.parse(one(KMS, T.key, 'kms-key').inputs.policy as string);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'CloudTrailEncrypt',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MOCK_ACCOUNT}:trail/*` } },
        },
        { Sid: 'CloudTrailDescribe', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
        { Sid: 'CloudWatchAlarms', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
        {
          Sid: 'CloudWatchLogs',
          Effect: 'Allow',
          Principal: { Service: `logs.${REGION}.amazonaws.com` },
          Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${MOCK_ACCOUNT}:*` } },
        },
      ],
    });
  });

  test('no key, and nothing encrypted with one, without security.encryption kms or a compliance profile', () => {
    const jobs = 'synth-tests/fixtures/jobs.yaml';
    expect(ofType(jobs, T.key)).toEqual([]);
    expect(ofType(jobs, T.alias)).toEqual([]);
    for (const g of ofType(jobs, T.logGroup)) expect(g.inputs.kmsKeyId).toBeUndefined();
    expect(ofType(jobs, T.topic).map((t) => t.inputs.kmsMasterKeyId)).toEqual([undefined]);
    expect(graph(jobs).filter((r) => JSON.stringify(r.inputs).includes(':kms:'))).toEqual([]);
  });
});

describe('what the key encrypts', () => {
  const key = keyArn('kms');

  test('every log group: the services\', the jobs\', the flow logs\' and the trail\'s', () => {
    const groups = ofType(KMS, T.logGroup);
    expect(groups.map((g) => g.name).sort()).toEqual(['kms-flow-logs', 'kms-job-nightly-export-logs', 'kms-svc-web-logs', 'kms-trail-logs']);
    for (const g of groups) expect(g.inputs.kmsKeyId).toBe(key);
  });

  test('the bucket: SSE-KMS with the key and a bucket key; the audit-log bucket too; not the access-log bucket (SSE-S3 only)', () => {
    const kms = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key }, bucketKeyEnabled: true }];
    expect(one(KMS, T.encryption, 'kms-bucket-uploads-encryption').inputs.rules).toEqual(kms);
    expect(one(KMS, T.encryption, 'kms-audit-logs-encryption').inputs.rules).toEqual(kms);
    expect(one(KMS, T.encryption, 'kms-access-logs-encryption').inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]);
  });

  test('the queue and its dead-letter queue: the key, data keys reused 5 minutes, no SSE-SQS', () => {
    for (const name of ['kms-queue-jobs', 'kms-queue-jobs-dead-letter']) {
      const q = one(KMS, T.queue, name).inputs;
      expect(q).toMatchObject({ kmsMasterKeyId: key, kmsDataKeyReusePeriodSeconds: 300 });
      expect(q.sqsManagedSseEnabled).toBeUndefined();
    }
  });

  test('the data topic and the alarm topic', () => {
    expect(one(KMS, T.topic, 'kms-topic-events').inputs.kmsMasterKeyId).toBe(key);
    expect(one(KMS, T.topic, 'kms-alarms').inputs.kmsMasterKeyId).toBe(key);
  });

  test('the table', () => {
    expect(one(KMS, T.table, 'kms-table-orders').inputs.serverSideEncryption).toEqual({ enabled: true, kmsKeyArn: key });
  });

  test("the database's storage, its Performance Insights and RDS's secret of its password", () => {
    expect(one(KMS, T.instance, 'kms-database-ledger').inputs).toMatchObject({
      storageEncrypted: true,
      kmsKeyId: key,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key,
    });
  });

  test("the cache at rest and its AUTH token's secret", () => {
    expect(one(KMS, T.group, 'kms-cache-sessions').inputs).toMatchObject({ atRestEncryptionEnabled: true, kmsKeyId: key });
    expect(one(KMS, T.secret, 'kms-cache-sessions-auth-token-secret').inputs.kmsKeyId).toBe(key);
  });

  test("the trail's log files; AWS Config's role may write to the SSE-KMS audit-log bucket with the key", () => {
    expect(one(KMS, T.trail, 'kms-trail').inputs.kmsKeyId).toBe(key);
    expect(statementsOf(KMS, 'kms-config-policy')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key });
  });

  test("an Aurora cluster's storage, RDS's secret, and each instance's Performance Insights (hipaa-platform)", () => {
    const hipaaKey = keyArn('hipaa-platform');
    expect(one(HIPAA, T.cluster, 'hipaa-platform-database-records').inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: hipaaKey, masterUserSecretKmsKeyId: hipaaKey });
    const members = ofType(HIPAA, T.member);
    expect(members).toHaveLength(2);
    for (const m of members) expect(m.inputs).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsKmsKeyId: hipaaKey });
  });
});

describe("the tasks' key actions", () => {
  const key = keyArn('kms');

  test("a service: decrypt and generate data keys (it writes the topic) on the task role, decrypt its secrets on the execution role; on this key only", () => {
    expect(statementsOf(KMS, 'kms-svc-web-task-policy')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key });
    expect(statementsOf(KMS, 'kms-svc-web-execution-policy')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: key });
  });

  test('a scheduled job: the task role only (it is given no secret)', () => {
    expect(statementsOf(KMS, 'kms-job-nightly-export-task-policy')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key });
    expect(JSON.stringify(statementsOf(KMS, 'kms-job-nightly-export-execution-policy'))).not.toContain('kms:');
  });

  test('a reader only decrypts (hipaa-platform: intake-worker reads documents)', () => {
    expect(statementsOf(HIPAA, 'hipaa-platform-svc-intake-worker-task-policy')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: keyArn('hipaa-platform') });
  });
});

describe("a compliance profile's other decisions (hipaa-platform)", () => {
  test('WAF request logs: a log group of the fixed name, kept as the logs are, encrypted; the authorization header redacted', () => {
    const group = one(HIPAA, T.logGroup, 'hipaa-platform-web-acl-logs');
    expect(group.inputs).toEqual({ name: 'aws-waf-logs-hipaa-platform', retentionInDays: 2192, kmsKeyId: keyArn('hipaa-platform') });
    expect(ofType(HIPAA, T.wafLogging).map((l) => l.inputs)).toEqual([
      {
        resourceArn: mockArn('aws:wafv2/webAcl:WebAcl', 'hipaa-platform-web-acl', REGION),
        logDestinationConfigs: [mockArn(T.logGroup, 'hipaa-platform-web-acl-logs', REGION)],
        redactedFields: [{ singleHeader: { name: 'authorization' } }],
      },
    ]);
    expect(ofType(KMS, T.wafLogging)).toEqual([]);
  });

  test("the database's logs exported, enhanced monitoring every 60 s through its own role, minor upgrades automatic", () => {
    expect(one(HIPAA, T.cluster, 'hipaa-platform-database-records').inputs.enabledCloudwatchLogsExports).toEqual(['postgresql']);
    const role = one(HIPAA, T.role, 'hipaa-platform-database-records-monitoring-role');
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(ofType(HIPAA, T.attachment).filter((a) => a.inputs.role === role.name).map((a) => a.inputs.policyArn)).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole']);
    for (const m of ofType(HIPAA, T.member)) expect(m.inputs).toMatchObject({ monitoringInterval: 60, monitoringRoleArn: mockArn(T.role, role.name, REGION), autoMinorVersionUpgrade: true });
    // Without a profile: none of it.
    const ledger = one(KMS, T.instance, 'kms-database-ledger').inputs;
    expect([ledger.enabledCloudwatchLogsExports, ledger.monitoringInterval, ledger.autoMinorVersionUpgrade]).toEqual([undefined, undefined, false]);
  });

  test('the access-log bucket is versioned, its noncurrent versions expiring with the logs', () => {
    expect(one(HIPAA, T.versioning, 'hipaa-platform-access-logs-versioning').inputs.versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(one(HIPAA, T.lifecycle, 'hipaa-platform-access-logs-lifecycle').inputs.rules).toEqual([
      { id: 'expire', status: 'Enabled', filter: {}, expiration: { days: 2192 }, noncurrentVersionExpiration: { noncurrentDays: 2192 } },
    ]);
    expect(ofType(KMS, T.versioning).map((v) => v.name)).not.toContain('kms-access-logs-versioning');
  });

  test('cache snapshots kept 15 days', () => {
    expect(one(HIPAA, T.group, 'hipaa-platform-cache-sessions').inputs.snapshotRetentionLimit).toBe(15);
  });

  test('no public subnet maps a public IP on launch (every blueprint)', () => {
    for (const file of [KMS, HIPAA]) for (const s of ofType(file, T.subnet)) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
  });
});

describe("the Pulumi reader's inventory", () => {
  test('the key, and "key" wherever it is used', () => {
    const inv = inventoryFromPulumi(graph(KMS));
    expect(inv.key).toEqual({ alias: 'alias/kms', rotation: true, rotationPeriodDays: 365, pendingWindowDays: 30, retain: true, services: ['cloudtrail', 'cloudwatch', 'logs'] });
    expect(inv.logGroups.map((l) => [l.owner, l.kmsKey])).toEqual([
      ['flow-logs', 'key'],
      ['job:nightly-export', 'key'],
      ['service:web', 'key'],
      ['trail', 'key'],
    ]);
    expect(inv.topics.map((t) => [t.name, t.kmsKey])).toEqual([
      ['topic', 'key'],
      ['topic:events', 'key'],
    ]);
    expect(inv.buckets.map((b) => [b.name, b.encryption, b.kmsKey, b.bucketKey])).toEqual([
      ['bucket:access-logs', 'AES256', null, false],
      ['bucket:audit-logs', 'aws:kms', 'key', true],
      ['bucket:uploads', 'aws:kms', 'key', true],
    ]);
    expect(inv.queues.map((q) => [q.name, q.encryption, q.dataKeyReuseSeconds])).toEqual([
      ['queue:jobs', 'key', 300],
      ['queue:jobs/dead-letter', 'key', 300],
    ]);
    expect(inv.tables.map((t) => t.encryption)).toEqual(['key']);
    expect(inv.databases).toMatchObject([{ name: 'database:ledger', encryption: 'key', performanceInsightsEncryption: 'key', secretEncryption: 'key', logExports: [], monitoring: null }]);
    expect(inv.caches).toMatchObject([{ name: 'cache:sessions', encryption: 'key', authTokenEncryption: 'key' }]);
    expect(inv.audit?.trail?.kmsKey).toBe('key');
    const web = inv.services.find((s) => s.key === 'web')!;
    expect(web.permissions).toContainEqual({ effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['key'] });
    expect(web.executionPermissions).toContainEqual({ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] });
    expect(inv.jobs[0].permissions).toContainEqual({ effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['key'] });
    expect(inv.network.subnets.filter((s) => s.tier === 'public').map((s) => s.mapPublicIp)).toEqual([false, false]);
  });

  test("a compliance profile's decisions (hipaa-platform)", () => {
    const inv = inventoryFromPulumi(graph(HIPAA));
    expect(inv.webAcls.map((a) => a.logging)).toEqual([{ logGroupName: 'aws-waf-logs-hipaa-platform', retentionDays: 2192, redactedHeaders: ['authorization'] }]);
    expect(inv.logGroups.find((l) => l.owner === 'web-acl')).toEqual({ owner: 'web-acl', retentionDays: 2192, kmsKey: 'key' });
    expect(inv.databases).toMatchObject([
      { name: 'database:records', logExports: ['postgresql'], monitoring: { intervalSeconds: 60, roleManagedPolicies: ['service-role/AmazonRDSEnhancedMonitoringRole'] }, autoMinorVersionUpgrade: true },
    ]);
    expect(inv.buckets.find((b) => b.name === 'bucket:access-logs')).toMatchObject({ versioned: true, expireDays: 2192, noncurrentExpireDays: 2192, encryption: 'AES256', kmsKey: null });
    expect(inv.caches).toMatchObject([{ name: 'cache:sessions', snapshotRetentionDays: 15, encryption: 'key' }]);
  });

  test('without a key: null, and every encryption AWS-managed', () => {
    const inv = inventoryFromPulumi(graph('synth-tests/fixtures/jobs.yaml'));
    expect(inv.key).toBeNull();
    expect(inv.logGroups.every((l) => l.kmsKey === null)).toBe(true);
    expect(inv.buckets.map((b) => [b.encryption, b.kmsKey, b.bucketKey])).toEqual([
      ['AES256', null, false],
      ['AES256', null, false],
    ]);
    expect(inv.webAcls.map((a) => a.logging)).toEqual([null]);
  });

  test('refuses a key policy it cannot describe, a second alias, an unrotated key it still describes as such', () => {
    const broken = (f: (g: RegisteredResource[]) => void): RegisteredResource[] => {
      const copy = JSON.parse(JSON.stringify(graph(KMS))) as RegisteredResource[];
      f(copy);
      return copy;
    };
    const key = (g: RegisteredResource[]) => g.find((r) => r.type === T.key)!;
    const withPolicy = (edit: (statements: Record<string, unknown>[]) => void) =>
      broken((g) => {
        const policy = JSON.parse(key(g).inputs.policy as string);
        edit(policy.Statement);
        key(g).inputs.policy = JSON.stringify(policy);
      });
    expect(() => inventoryFromPulumi(withPolicy((s) => s.push({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' })))).toThrow(
      'parity: KMS key kms-key\'s policy allows {"Service":"s3.amazonaws.com"}, which is neither the account nor a service the inventory knows',
    );
    expect(() => inventoryFromPulumi(withPolicy((s) => ((s[3] as { Action: string[] }).Action = ['kms:*'])))).toThrow(/parity: KMS key kms-key's policy allows cloudwatch/);
    expect(() => inventoryFromPulumi(withPolicy((s) => s.shift()))).toThrow("parity: KMS key kms-key's policy does not let the account");
    expect(() =>
      inventoryFromPulumi(broken((g) => g.push({ ...g.find((r) => r.type === T.alias)!, name: 'kms-key-alias-2', inputs: { name: 'alias/other', targetKeyId: 'kms-key-id' } }))),
    ).toThrow('parity: KMS key kms-key has 2 aliases');
    expect(inventoryFromPulumi(broken((g) => (key(g).inputs.enableKeyRotation = false))).key?.rotation).toBe(false);
  });
});
