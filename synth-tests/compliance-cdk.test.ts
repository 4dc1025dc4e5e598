/*
 * A compliance profile's decisions (issue 5), each in the design and in the CDK template of
 * blueprints/hipaa-platform.yaml (compliance: [hipaa]): the stack's customer-managed key and who may use
 * it, every store, log group, topic, secret, trail and bucket encrypted with it (the access-log bucket
 * excepted), six years of logs, database log exports, enhanced monitoring and minor upgrades, cache
 * snapshots, WAF request logs, a versioned access-log bucket and public subnets that assign no address.
 */
import { designOf, synth } from './support';

const HIPAA = 'blueprints/hipaa-platform.yaml';
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

const resources = (): Resources => synth(HIPAA).template.Resources as Resources;
const ofType = (type: string) => Object.entries(resources()).filter(([, r]) => r.Type === type);
const keyId = () => {
  const keys = ofType('AWS::KMS::Key');
  expect(keys).toHaveLength(1);
  return keys[0][0];
};
const KEY_ARN = () => ({ 'Fn::GetAtt': [keyId(), 'Arn'] });

describe('design', () => {
  test('hipaa selects its pack, customer-managed keys and the stricter decisions, each with a rationale naming HIPAA', () => {
    const d = designOf(HIPAA);
    expect(d.security).toEqual({
      profiles: ['hipaa'],
      rulePacks: ['AwsSolutions', 'HIPAA.Security'],
      encryption: 'customer-managed',
      key: { alias: 'alias/hipaa-platform', description: 'Blueprint hipaa-platform: data, logs, secrets and audit trail', rotationPeriodDays: 365, pendingWindowDays: 30, retain: true, services: ['cloudtrail', 'cloudwatch', 'logs'] },
      hardened: true,
    });
    const derived = d.decisions.filter((x) => x.rationale.startsWith('HIPAA'));
    expect(derived.map((x) => `${x.subject} ${x.name}`).sort()).toEqual(
      [
        'data.records auto_minor_version_upgrade',
        'data.records enhanced_monitoring',
        'data.records log_exports',
        'data.sessions snapshot_retention_days',
        'observability log_retention_days',
        'observability.access_logs versioned',
        'security encryption',
        'security.audit cloudtrail',
        'security.audit config',
        'security.audit guardduty',
        'security.audit security_hub',
        'security.waf logging',
      ].sort(),
    );
    expect(d.observability.logRetentionDays).toBe(2192);
    expect(d.audit?.bucket).toMatchObject({ encryption: 'customer-managed', expireAfterDays: 2192 });
  });

  test('every store says customer-managed; the access-log bucket stays SSE-S3, as log delivery requires', () => {
    const d = designOf(HIPAA);
    expect(Object.fromEntries(d.stores.map((s) => [s.key, s.encryption]))).toEqual({ documents: 'customer-managed', intake: 'customer-managed', records: 'customer-managed', sessions: 'customer-managed' });
    expect(d.accessLogs).toMatchObject({ encryption: 'sse-s3', versioned: true });
  });

  test('each task may use the key for exactly what its edges need', () => {
    const d = designOf(HIPAA);
    expect(Object.fromEntries(d.services.map((s) => [s.key, s.keyActions]))).toEqual({
      'intake-worker': { task: ['kms:Decrypt'], execution: ['kms:Decrypt'] },
      portal: { task: [], execution: ['kms:Decrypt'] },
      'records-api': { task: ['kms:Decrypt', 'kms:GenerateDataKey'], execution: ['kms:Decrypt'] },
    });
  });

  test('each acknowledgement of the HIPAA pack names one resource and says why', () => {
    const acks = designOf(HIPAA).acknowledgements.filter((a) => a.rule.startsWith('HIPAA.Security-'));
    expect(acks.map((a) => `${a.rule.replace('HIPAA.Security-', '')} ${JSON.stringify(a.on)}`).sort()).toMatchSnapshot();
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(60);
  });

  test('without a profile nothing changes: AWS-managed keys, no key, no pack but AwsSolutions', () => {
    const d = designOf('blueprints/web-app.yaml');
    expect(d.security).toEqual({ profiles: [], rulePacks: ['AwsSolutions'], encryption: 'aws-managed', hardened: false });
    expect(d.acknowledgements.every((a) => a.rule.startsWith('AwsSolutions-'))).toBe(true);
  });
});

describe('CDK', () => {
  test('one key: rotated yearly, 30 days pending, retained, its alias, and a policy for CloudWatch Logs, alarms and CloudTrail', () => {
    const [[, key]] = ofType('AWS::KMS::Key');
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30 });
    const services = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal.Service).map((s: any) => [s.Sid, s.Action]);
    expect(services).toEqual([
      ['CloudTrailEncrypt', 'kms:GenerateDataKey*'],
      ['CloudTrailDescribe', 'kms:DescribeKey'],
      ['CloudWatchAlarms', ['kms:Decrypt', 'kms:GenerateDataKey*']],
      ['CloudWatchLogs', ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']],
    ]);
    const [[, alias]] = ofType('AWS::KMS::Alias');
    expect(alias.Properties).toEqual({ AliasName: 'alias/hipaa-platform', TargetKeyId: KEY_ARN() });
  });

  test('every log group is encrypted with the key and kept 2192 days', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBe(6);
    for (const [, g] of groups) expect(g.Properties).toMatchObject({ KmsKeyId: KEY_ARN(), RetentionInDays: 2192 });
  });

  test('stores, the alarm topic, secrets and the trail use the key', () => {
    const [[, bucket]] = ofType('AWS::S3::Bucket').filter(([id]) => id.includes('documents'));
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { KMSMasterKeyID: KEY_ARN(), SSEAlgorithm: 'aws:kms' } }]);
    for (const [, q] of ofType('AWS::SQS::Queue')) expect(q.Properties).toMatchObject({ KmsMasterKeyId: KEY_ARN(), KmsDataKeyReusePeriodSeconds: 300 });
    for (const [, t] of ofType('AWS::SNS::Topic')) expect(t.Properties.KmsMasterKeyId).toEqual(KEY_ARN());
    for (const [, s] of ofType('AWS::SecretsManager::Secret')) expect(s.Properties.KmsKeyId).toEqual(KEY_ARN());
    const [[, cluster]] = ofType('AWS::RDS::DBCluster');
    expect(cluster.Properties).toMatchObject({ StorageEncrypted: true, KmsKeyId: KEY_ARN(), MasterUserSecret: { KmsKeyId: KEY_ARN() }, EnableCloudwatchLogsExports: ['postgresql'] });
    const [[, cache]] = ofType('AWS::ElastiCache::ReplicationGroup');
    expect(cache.Properties).toMatchObject({ KmsKeyId: KEY_ARN(), AtRestEncryptionEnabled: true, SnapshotRetentionLimit: 15 });
    const [[, trail]] = ofType('AWS::CloudTrail::Trail');
    expect(trail.Properties.KMSKeyId).toEqual(KEY_ARN());
    const [[, audit]] = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('Audit'));
    expect(audit.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ KMSMasterKeyID: KEY_ARN(), SSEAlgorithm: 'aws:kms' });
  });

  test('the access-log bucket: SSE-S3, versioned, noncurrent versions expire with the logs', () => {
    const [[, logs]] = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('AccessLogs'));
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(logs.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 2192, NoncurrentVersionExpiration: { NoncurrentDays: 2192 } }]);
  });

  test('database instances: enhanced monitoring every 60 s through their own role, minor upgrades on, Performance Insights with the key', () => {
    const roles = ofType('AWS::IAM::Role').filter(([id]) => id.includes('MonitoringRole'));
    expect(roles).toHaveLength(1);
    const [[roleId, role]] = roles;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' } }]);
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('service-role/AmazonRDSEnhancedMonitoringRole');
    const instances = ofType('AWS::RDS::DBInstance');
    expect(instances).toHaveLength(2);
    for (const [, i] of instances) {
      expect(i.Properties).toMatchObject({ MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, AutoMinorVersionUpgrade: true, PerformanceInsightsKMSKeyId: KEY_ARN() });
    }
  });

  test('tasks: the key statement on exactly the key, in the task role (stores) and the execution role (secrets)', () => {
    const policies = ofType('AWS::IAM::Policy');
    const api = policies.find(([id]) => id.startsWith('ComputeServicerecordsapiDataAccess'))![1];
    expect(api.Properties.PolicyDocument.Statement).toContainEqual({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: KEY_ARN() });
    const worker = policies.find(([id]) => id.startsWith('ComputeServiceintakeworkerDataAccess'))![1];
    expect(worker.Properties.PolicyDocument.Statement).toContainEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN() });
    const execution = policies.find(([id]) => id.startsWith('ComputeServiceportalTaskExecutionRoleDefaultPolicy'))![1];
    expect(execution.Properties.PolicyDocument.Statement).toContainEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN() });
  });

  test('WAF logs every request to aws-waf-logs-hipaa-platform, the authorization header redacted', () => {
    const [[, logging]] = ofType('AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }]);
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(':log-group:aws-waf-logs-hipaa-platform');
    const groups = ofType('AWS::Logs::LogGroup').filter(([, g]) => g.Properties.LogGroupName === 'aws-waf-logs-hipaa-platform');
    expect(groups).toHaveLength(1);
  });

  test('public subnets assign no public address on launch', () => {
    const subnets = ofType('AWS::EC2::Subnet');
    expect(subnets.length).toBe(9);
    for (const [, s] of subnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });
});
