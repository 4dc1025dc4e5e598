/*
 * security.audit (issue 5): CloudTrail, GuardDuty, Security Hub and AWS Config, each off unless written
 * true. The design's decisions and acknowledgements, the CDK template's resources and bucket policy, the
 * Pulumi mock run's, and the inventory both backends agree on.
 */
import { design } from '../src/design';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { loadBlueprint } from '../src/load';
import type { Blueprint } from '../src/schema';
import { cfnInventory, designOf, synth } from './support';

const AUDIT = 'synth-tests/fixtures/audit.yaml';
const WARM = 'synth-tests/fixtures/warm-standby.yaml';
const ACCOUNT_ID = { Ref: 'AWS::AccountId' };
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string }>;

const withAudit = (file: string, audit: NonNullable<Blueprint['security']['audit']>): Blueprint => {
  const bp = loadBlueprint(file).blueprint;
  return { ...bp, security: { ...bp.security, audit } };
};

describe('design', () => {
  test('each service is off unless written true, and says so', () => {
    const d = designOf('blueprints/starter.yaml');
    expect(d.audit).toBeUndefined();
    const decisions = d.decisions.filter((x) => x.subject === 'security.audit');
    expect(decisions.map((x) => [x.name, x.value, x.source])).toEqual([
      ['cloudtrail', false, 'default'],
      ['guardduty', false, 'default'],
      ['security_hub', false, 'default'],
      ['config', false, 'default'],
    ]);
    for (const x of decisions) expect(x.rationale).toMatch(/compliance profile/);
  });

  test('all four on: the trail, detector, hub and recorder, one audit-log bucket logging into the access-log bucket', () => {
    const d = designOf(AUDIT);
    expect(d.audit).toEqual({
      bucket: {
        key: 'audit-logs',
        tags: { 'blueprint:logs': 'audit-logs' },
        encryption: 'sse-s3',
        versioned: true,
        objectOwnership: 'BucketOwnerEnforced',
        expireAfterDays: 365,
        retain: true,
        accessLogs: { prefix: 'logs/s3/audit-logs/' },
      },
      trail: { name: 'audit-audit', multiRegion: true, includeGlobalServiceEvents: true, logFileValidation: true, readWriteType: 'All', logGroup: { retentionDays: d.observability.logRetentionDays } },
      guardDuty: { enabled: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' },
      securityHub: { standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'], autoEnableControls: true },
      config: { name: 'audit-config', allSupported: true, includeGlobalResourceTypes: true, prefix: 'config', roleManagedPolicies: ['service-role/AWS_ConfigRole'] },
    });
    // The audit-log bucket is a bucket the stack creates: the stack gets its access-log bucket even without a load balancer.
    expect(d.accessLogs?.serverAccessLogs).toEqual([{ source: 'audit-logs', prefix: 'logs/s3/audit-logs/' }]);
    const names = d.decisions.filter((x) => x.concern === 'security' && x.subject === 'security.audit').map((x) => x.name);
    expect(names).toEqual(['cloudtrail', 'guardduty', 'security_hub', 'config', 'bucket', 'retention_days', 'trail', 'guardduty_detector', 'security_hub_standards', 'config_recorder', 'config_role']);
    expect(d.acknowledgements.filter((a) => a.on.kind === 'config-role')).toEqual([
      expect.objectContaining({ rule: 'AwsSolutions-IAM4', finding: { kind: 'managed-policy', name: 'service-role/AWS_ConfigRole' } }),
      expect.objectContaining({ rule: 'AwsSolutions-IAM5', finding: { kind: 'audit-bucket-objects', prefix: 'config' } }),
    ]);
  });

  test('only what is written true: GuardDuty alone has no bucket; Config alone has the bucket but no trail', () => {
    const gd = design(withAudit('blueprints/starter.yaml', { guardduty: true }));
    expect(gd.audit).toEqual({ guardDuty: { enabled: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' } });
    expect(gd.acknowledgements.some((a) => a.on.kind === 'config-role')).toBe(false);
    const cfg = design(withAudit('blueprints/starter.yaml', { config: true, cloudtrail: false }));
    expect(Object.keys(cfg.audit ?? {}).sort()).toEqual(['bucket', 'config']);
    expect(cfg.decisions.find((x) => x.name === 'cloudtrail')).toMatchObject({ value: false, source: 'written' });
  });

  test('a standby gets no second trail, detector, hub or recorder', () => {
    const d = design(withAudit(WARM, { cloudtrail: true, guardduty: true, security_hub: true, config: true }));
    expect(d.audit?.trail).toBeDefined();
    expect(d.standby).toBeDefined();
    expect(d.standby?.audit).toBeUndefined();
    expect(d.standby?.acknowledgements.some((a) => a.on.kind === 'config-role')).toBe(false);
    expect(d.standby?.accessLogs?.serverAccessLogs.some((s) => s.source === 'audit-logs')).toBeFalsy();
  });
});

describe('cdk', () => {
  const { template } = synth(AUDIT);
  const rs = template.Resources as Resources;
  const ofType = (type: string) => Object.entries(rs).filter(([, r]) => r.Type === type);
  const bucketId = Object.keys(rs).find((id) => rs[id].Type === 'AWS::S3::Bucket' && rs[id].Properties.Tags.some((t: any) => t.Key === 'blueprint:logs' && t.Value === 'audit-logs'))!;
  const trailArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', ACCOUNT_ID, ':trail/audit-audit']] };

  test('the audit-log bucket: SSE-S3, private, versioned, expiring, retained, logging into the access-log bucket', () => {
    const b = rs[bucketId];
    expect(b.DeletionPolicy).toBe('Retain');
    expect(b.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogsBucketCD784A59' }, LogFilePrefix: 'logs/s3/audit-logs/' },
    });
  });

  test('its policy: TLS-only, and CloudTrail for this trail only', () => {
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucketId);
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toEqual([
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] }, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/AWSLogs/', ACCOUNT_ID, '/*']] },
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ]);
  });

  test('the trail: multi-region, validated, management events, into the bucket and its log group, after the bucket policy', () => {
    const [[, trail]] = ofType('AWS::CloudTrail::Trail');
    const [[logGroupId, logGroup]] = ofType('AWS::Logs::LogGroup').filter(([id]) => id.startsWith('AuditTrailLogs'));
    expect(trail.Properties).toMatchObject({
      TrailName: 'audit-audit',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      S3BucketName: { Ref: bucketId },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    });
    expect(logGroup.Properties.RetentionInDays).toBe(designOf(AUDIT).observability.logRetentionDays);
    expect(trail.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AuditBucketPolicy/)]));
    // Its role may write to that log group only.
    const role = trail.Properties.CloudWatchLogsRoleArn['Fn::GetAtt'][0];
    const [[, policy]] = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === role));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } }]);
  });

  test('GuardDuty, Security Hub with the foundational standard only, and the Config recorder into the bucket under config/', () => {
    expect(ofType('AWS::GuardDuty::Detector').map(([, r]) => r.Properties)).toEqual([expect.objectContaining({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' })]);
    expect(ofType('AWS::SecurityHub::Hub').map(([, r]) => r.Properties)).toEqual([expect.objectContaining({ EnableDefaultStandards: false, AutoEnableControls: true })]);
    expect(ofType('AWS::SecurityHub::Standard').map(([, r]) => r.Properties.StandardsArn)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, '::standards/aws-foundational-security-best-practices/v/1.0.0']] },
    ]);
    const [[recorderId, recorder]] = ofType('AWS::Config::ConfigurationRecorder');
    expect(recorder.Properties).toMatchObject({ Name: 'audit-config', RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } });
    expect(ofType('AWS::Config::DeliveryChannel').map(([, r]) => [r.Properties, r.DependsOn])).toEqual([[{ Name: 'audit-config', S3BucketName: { Ref: bucketId }, S3KeyPrefix: 'config' }, [recorderId]]]);
    const role = recorder.Properties.RoleARN['Fn::GetAtt'][0];
    expect(rs[role].Properties.ManagedPolicyArns).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }]);
    const [[, policy]] = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === role));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/config/AWSLogs/', ACCOUNT_ID, '/*']] }, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
    ]);
  });

  test('off: no audit resource at all', () => {
    const types = Object.values(synth('blueprints/starter.yaml').template.Resources as Resources).map((r) => r.Type);
    for (const t of ['AWS::CloudTrail::Trail', 'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::Config::ConfigurationRecorder']) expect(types).not.toContain(t);
  });
});

describe('pulumi', () => {
  let run: RegisteredResource[];
  beforeAll(async () => {
    run = await runUnderMocks(designOf(AUDIT));
  });
  const ofType = (type: string) => run.filter((r) => r.type === type);

  test('every audit resource sits under the Audit component', () => {
    const types = ['aws:cloudtrail/trail:Trail', 'aws:guardduty/detector:Detector', 'aws:securityhub/account:Account', 'aws:securityhub/standardsSubscription:StandardsSubscription', 'aws:cfg/recorder:Recorder', 'aws:cfg/deliveryChannel:DeliveryChannel', 'aws:cfg/recorderStatus:RecorderStatus'];
    for (const t of types) expect(ofType(t).map((r) => r.parent)).toEqual(['blueprint:index:Audit::audit']);
  });

  test('the trail, the detector, the hub and its standard, the recorder started', () => {
    expect(ofType('aws:cloudtrail/trail:Trail')[0].inputs).toMatchObject({
      name: 'audit-audit',
      enableLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true }],
      s3BucketName: 'audit-audit-logs',
    });
    expect(ofType('aws:guardduty/detector:Detector')[0].inputs).toEqual({ enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(ofType('aws:securityhub/account:Account')[0].inputs).toEqual({ enableDefaultStandards: false, autoEnableControls: true });
    expect(ofType('aws:securityhub/standardsSubscription:StandardsSubscription')[0].inputs.standardsArn).toBe('arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(ofType('aws:cfg/recorderStatus:RecorderStatus')[0].inputs).toEqual({ name: 'audit-config', isEnabled: true });
    expect(ofType('aws:cfg/deliveryChannel:DeliveryChannel')[0].inputs).toEqual({ name: 'audit-config', s3BucketName: 'audit-audit-logs', s3KeyPrefix: 'config' });
    expect(ofType('aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => a.inputs.policyArn)).toContain('arn:aws:iam::aws:policy/service-role/AWS_ConfigRole');
  });

  test('the inventory: both backends read the same audit entry', async () => {
    const cfn = cfnInventory(AUDIT);
    expect(cfn.audit).toEqual({
      trail: { name: 'audit-audit', multiRegion: true, globalServiceEvents: true, logFileValidation: true, bucket: 'bucket:audit-logs', prefix: '', logGroupRetentionDays: designOf(AUDIT).observability.logRetentionDays, kmsKey: null, events: ['management:All'] },
      detector: { enabled: true, frequency: 'FIFTEEN_MINUTES' },
      securityHub: { standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'], defaultStandards: false, autoEnableControls: true },
      config: { recorder: { name: 'audit-config', allSupported: true, includeGlobal: true }, deliveryBucket: 'bucket:audit-logs', prefix: 'config' },
    });
    expect(cfn.logGroups.map((l) => l.owner)).toContain('trail');
    expect(cfn.buckets.find((b) => b.name === 'bucket:audit-logs')).toMatchObject({ versioned: true, expireDays: 365, noncurrentExpireDays: 365, retain: true, tlsOnly: true, accessLogs: { bucket: 'bucket:access-logs', prefix: 'logs/s3/audit-logs/' } });
    expect(cfn.buckets.find((b) => b.name === 'bucket:audit-logs')?.grants.map((g) => g.conditions)).toEqual([
      ['StringEquals:aws:SourceArn=trail:audit-audit'],
      ['StringEquals:aws:SourceArn=trail:audit-audit', 'StringEquals:s3:x-amz-acl=bucket-owner-full-control'],
    ]);
    expect(inventoryFromPulumi(run).audit).toEqual(cfn.audit);
    expect(cfnInventory('blueprints/starter.yaml').audit).toBeNull();
  });
});
