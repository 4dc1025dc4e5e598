/*
 * Access logs (issue 5, cdk-nag AwsSolutions-ELB2 and AwsSolutions-S1) in both backends: each stack's
 * own access-log bucket (the primary's, the standby's, the disaster-recovery stack's for the replicas),
 * its settings and bucket policy (the load balancer's log delivery, S3 server access logging scoped by
 * aws:SourceArn and aws:SourceAccount), the load balancer's access-log attributes and each bucket's logging.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { ELB_LOG_ACCOUNTS, elbLogDelivery } from '../src/design/access-logs';
import { REGIONS } from '../src/design/regions';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { Inventory } from '../src/parity/inventory';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;
const resourcesOf = (template: Record<string, unknown>) => template.Resources as Resources;
const ACCOUNT_ID = { Ref: 'AWS::AccountId' };

const THREE_TIER = 'blueprints/three-tier.yaml';
const REPLICATION = 'synth-tests/fixtures/replication.yaml';
const WARM = 'synth-tests/fixtures/warm-standby.yaml';
const ALL = [THREE_TIER, REPLICATION, WARM, 'blueprints/web-app.yaml', 'blueprints/starter.yaml', 'synth-tests/fixtures/data-stores.yaml'];

/** The one access-log bucket of a template (tagged blueprint:logs), with its id and policy. */
function logBucketOf(template: Record<string, unknown>) {
  const rs = resourcesOf(template);
  const ids = Object.keys(rs).filter((id) => rs[id].Type === 'AWS::S3::Bucket' && (rs[id].Properties.Tags ?? []).some((t: any) => t.Key === 'blueprint:logs'));
  expect(ids).toEqual(['AccessLogsBucketCD784A59']);
  const id = ids[0];
  const policies = Object.values(rs).filter((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id);
  expect(policies).toHaveLength(1);
  return { id, bucket: rs[id], statements: policies[0].Properties.PolicyDocument.Statement as any[] };
}

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const under = (id: string, ...parts: unknown[]) => ({ 'Fn::Join': ['', [arnOf(id), ...parts]] });

describe('design', () => {
  test('one log bucket per stack, with every setting and decision', () => {
    const d = designOf(THREE_TIER);
    expect(d.accessLogs).toEqual({
      key: 'access-logs',
      region: 'us-east-1',
      tags: { 'blueprint:logs': 'access-logs' },
      encryption: 'sse-s3',
      versioned: false,
      objectOwnership: 'BucketOwnerEnforced',
      expireAfterDays: d.observability.logRetentionDays,
      retain: true,
      loadBalancer: { prefix: 'logs/alb', delivery: { principal: 'account', accountId: '127311923021', deliveryLogsService: 'delivery.logs.amazonaws.com' } },
      serverAccessLogs: [{ source: 'uploads', prefix: 'logs/s3/uploads/' }],
    });
    expect(d.loadBalancer?.accessLogs).toEqual({ prefix: 'logs/alb' });
    expect(d.stores.find((s) => s.key === 'uploads')).toMatchObject({ accessLogs: { prefix: 'logs/s3/uploads/' }, replication: { accessLogs: { prefix: 'logs/s3/uploads/' } } });
    // The disaster-recovery stack's own, for the replica; the standby's, for its load balancer only (its uploads is the replica).
    expect(d.resilience.secondary?.accessLogs).toMatchObject({ region: 'us-west-2', serverAccessLogs: [{ source: 'uploads', prefix: 'logs/s3/uploads/' }] });
    expect(d.resilience.secondary?.accessLogs?.loadBalancer).toBeUndefined();
    expect(d.standby?.accessLogs).toMatchObject({ region: 'us-west-2', serverAccessLogs: [], loadBalancer: { delivery: { accountId: '797873946194' } } });
    expect(d.standby?.stores.find((s) => s.key === 'uploads')).not.toHaveProperty('accessLogs');
    const names = d.decisions.filter((x) => x.subject === 'observability.access_logs').map((x) => x.name);
    expect(names).toEqual(['bucket', 'dr_bucket', 'encryption', 'expire_after_days', 'versioned', 'object_ownership', 'retain', 'load_balancer_delivery', 'bucket_server_access_logs']);
    for (const x of d.decisions.filter((x) => x.subject === 'observability.access_logs')) expect(x.rationale.length).toBeGreaterThan(20);
  });

  test('a stack with neither a load balancer nor a bucket has no log bucket', () => {
    const d = designOf('synth-tests/fixtures/jobs.yaml');
    if (!d.loadBalancer && !d.stores.some((s) => s.kind === 'bucket')) expect(d.accessLogs).toBeUndefined();
    else expect(d.accessLogs).toBeDefined();
  });

  test("the ELB log delivery accounts are aws-cdk-lib's, region by region", () => {
    for (const region of REGIONS) expect(ELB_LOG_ACCOUNTS[region]).toBe(RegionInfo.get(region).elbv2Account);
    // A region opened after August 2022 has no account: the log delivery service principal writes.
    expect(elbLogDelivery('ap-southeast-4')).toEqual({ principal: 'service', service: 'logdelivery.elasticloadbalancing.amazonaws.com', deliveryLogsService: 'delivery.logs.amazonaws.com' });
  });
});

describe('CDK', () => {
  test("the log bucket's settings: SSE-S3, private, not versioned, BucketOwnerEnforced, expiring, retained", () => {
    const { bucket } = logBucketOf(synth(THREE_TIER).template);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 90 }] },
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    // It does not log into itself.
    expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
  });

  test("the policy: TLS-only, the region's ELB account and delivery.logs under logs/alb/AWSLogs/<account>/, S3 logging per source bucket", () => {
    const { template } = synth(THREE_TIER);
    const { id, statements } = logBucketOf(template);
    const source = Object.keys(resourcesOf(template)).find((k) => k.startsWith('DataBucketuploadsBucket') && resourcesOf(template)[k].Type === 'AWS::S3::Bucket')!;
    const alb = under(id, '/logs/alb/AWSLogs/', ACCOUNT_ID, '/*');
    expect(statements).toEqual([
      { Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: [arnOf(id), under(id, '/*')] },
      { Action: 's3:PutObject', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Resource: alb },
      { Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } }, Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Resource: alb },
      { Action: 's3:GetBucketAcl', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Resource: arnOf(id) },
      {
        Action: 's3:PutObject',
        Condition: { ArnLike: { 'aws:SourceArn': arnOf(source) }, StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Resource: under(id, '/logs/s3/uploads/*'),
      },
    ]);
  });

  test('the load balancer logs into it, once its policy exists', () => {
    const { template } = synth(THREE_TIER);
    const [lb] = Object.values(resourcesOf(template)).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: 'AccessLogsBucketCD784A59' } },
        { Key: 'access_logs.s3.prefix', Value: 'logs/alb' },
      ]),
    );
    expect(lb.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AccessLogsBucketPolicy/)]));
  });

  test('every data bucket logs into it under logs/s3/<key>/', () => {
    for (const file of ALL) {
      const { template, design: d } = synth(file);
      const rs = resourcesOf(template);
      const own = d.stores.filter((s) => s.kind === 'bucket' && !s.standbyReplica);
      for (const s of own) {
        const [b] = Object.entries(rs).filter(([k, r]) => r.Type === 'AWS::S3::Bucket' && k.startsWith(`DataBucket${s.key.replace(/[^A-Za-z0-9]/g, '')}Bucket`));
        expect([file, b[1].Properties.LoggingConfiguration]).toEqual([file, { DestinationBucketName: { Ref: 'AccessLogsBucketCD784A59' }, LogFilePrefix: `logs/s3/${s.key}/` }]);
      }
    }
  });

  test("the disaster-recovery stack's own log bucket takes the replicas' logs, in its region", () => {
    const { dr } = synth(REPLICATION);
    const { id, statements } = logBucketOf(dr!.template);
    const rs = resourcesOf(dr!.template);
    const replica = Object.keys(rs).find((k) => k.startsWith('ReplicauploadsBucket') && rs[k].Type === 'AWS::S3::Bucket')!;
    expect(rs[replica].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: id }, LogFilePrefix: 'logs/s3/uploads/' });
    // No load balancer there: TLS-only and S3 logging of the replica only.
    expect(statements.map((s) => s.Principal)).toEqual([{ AWS: '*' }, { Service: 'logging.s3.amazonaws.com' }]);
    expect(statements[1].Condition).toEqual({ ArnLike: { 'aws:SourceArn': arnOf(replica) }, StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } });
  });

  test("the standby stack's own log bucket, with its region's ELB account", () => {
    for (const [file, account] of [[THREE_TIER, '797873946194'], [WARM, '054676820928']] as const) {
      const { standby } = synth(file);
      const { statements } = logBucketOf(standby!.template);
      expect(statements[1].Principal).toEqual({ AWS: `arn:aws:iam::${account}:root` });
      const [lb] = Object.values(resourcesOf(standby!.template)).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(lb.Properties.LoadBalancerAttributes).toEqual(expect.arrayContaining([{ Key: 'access_logs.s3.bucket', Value: { Ref: 'AccessLogsBucketCD784A59' } }]));
    }
  });
});

describe('Pulumi', () => {
  const runs = new Map<string, Promise<RegisteredResource[]>>();
  const run = (file: string) => {
    if (!runs.has(file)) runs.set(file, runUnderMocks(designOf(file)));
    return runs.get(file)!;
  };
  const named = (rs: RegisteredResource[], type: string, name: string) => {
    const r = rs.find((x) => x.type === type && x.name === name);
    expect(r).toBeDefined();
    return r!;
  };

  test("the log bucket's settings and its one policy, as CDK writes it", async () => {
    const rs = await run(THREE_TIER);
    const bucket = named(rs, 'aws:s3/bucket:Bucket', 'three-tier-access-logs');
    expect(bucket.retainOnDelete).toBe(true);
    expect(bucket.inputs.tags).toEqual({ 'blueprint:logs': 'access-logs' });
    const id = 'three-tier-access-logs-id';
    expect(named(rs, 'aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'three-tier-access-logs-ownership').inputs).toEqual({ bucket: id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    expect(named(rs, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'three-tier-access-logs-lifecycle').inputs.rules).toEqual([{ id: 'expire', status: 'Enabled', filter: {}, expiration: { days: 90 } }]);
    expect(rs.some((r) => r.type === 'aws:s3/bucketVersioning:BucketVersioning' && r.inputs.bucket === id)).toBe(false);
    expect(rs.some((r) => r.type === 'aws:s3/bucketLogging:BucketLogging' && r.inputs.bucket === id)).toBe(false);
    const policy = JSON.parse(named(rs, 'aws:s3/bucketPolicy:BucketPolicy', 'three-tier-access-logs-policy').inputs.policy as string);
    const arn = 'arn:aws:s3:us-east-1:123456789012:three-tier-access-logs';
    expect(policy.Statement.map((s: any) => [s.Effect, s.Principal, s.Action, s.Resource, s.Condition])).toEqual([
      ['Deny', { AWS: '*' }, 's3:*', [arn, `${arn}/*`], { Bool: { 'aws:SecureTransport': 'false' } }],
      ['Allow', { AWS: 'arn:aws:iam::127311923021:root' }, 's3:PutObject', `${arn}/logs/alb/AWSLogs/123456789012/*`, undefined],
      ['Allow', { Service: 'delivery.logs.amazonaws.com' }, 's3:PutObject', `${arn}/logs/alb/AWSLogs/123456789012/*`, { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } }],
      ['Allow', { Service: 'delivery.logs.amazonaws.com' }, 's3:GetBucketAcl', arn, undefined],
      [
        'Allow',
        { Service: 'logging.s3.amazonaws.com' },
        's3:PutObject',
        `${arn}/logs/s3/uploads/*`,
        { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:us-east-1:123456789012:three-tier-bucket-uploads' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
      ],
    ]);
  });

  test('the load balancer and each bucket log into it; the replica into the secondary region\'s', async () => {
    const rs = await run(THREE_TIER);
    expect(named(rs, 'aws:lb/loadBalancer:LoadBalancer', 'three-tier-alb').inputs.accessLogs).toEqual({ bucket: 'three-tier-access-logs', prefix: 'logs/alb', enabled: true });
    expect(named(rs, 'aws:s3/bucketLogging:BucketLogging', 'three-tier-bucket-uploads-logging').inputs).toEqual({
      bucket: 'three-tier-bucket-uploads-id',
      targetBucket: 'three-tier-access-logs-id',
      targetPrefix: 'logs/s3/uploads/',
    });
    const replicaLogs = named(rs, 'aws:s3/bucketLogging:BucketLogging', 'three-tier-bucket-uploads-replica-logging');
    expect(replicaLogs.provider).toBe('aws-recovery');
    expect(replicaLogs.inputs.targetBucket).toBe('three-tier-dr-access-logs-id');
    expect(named(rs, 'aws:s3/bucket:Bucket', 'three-tier-dr-access-logs').provider).toBe('aws-recovery');
    // The standby's own, on the recovery provider, with its load balancer logging there.
    expect(named(rs, 'aws:s3/bucket:Bucket', 'three-tier-standby-access-logs').provider).toBe('aws-recovery');
    expect(named(rs, 'aws:lb/loadBalancer:LoadBalancer', 'three-tier-standby-alb').inputs.accessLogs).toEqual({ bucket: 'three-tier-standby-access-logs', prefix: 'logs/alb', enabled: true });
  });
});

describe('inventory', () => {
  const logFacts = (inv: Inventory) => ({
    lbs: inv.loadBalancers.map((l) => l.accessLogs),
    buckets: inv.buckets.map((b) => ({ name: b.name, accessLogs: b.accessLogs, grants: b.grants.length, ownership: b.objectOwnership, expire: b.expireDays })),
    standby: inv.standby && { lbs: inv.standby.loadBalancers.map((l) => l.accessLogs), buckets: inv.standby.buckets.map((b) => ({ name: b.name, accessLogs: b.accessLogs })) },
  });

  test('both readers read the log buckets, the grants and who logs where', async () => {
    const cfn = cfnInventory(THREE_TIER);
    expect(logFacts(cfn)).toEqual({
      lbs: [{ bucket: 'bucket:access-logs', prefix: 'logs/alb' }],
      buckets: [
        { name: 'bucket:access-logs', accessLogs: null, grants: 4, ownership: 'BucketOwnerEnforced', expire: 90 },
        { name: 'bucket:access-logs/dr', accessLogs: null, grants: 1, ownership: 'BucketOwnerEnforced', expire: 90 },
        { name: 'bucket:uploads', accessLogs: { bucket: 'bucket:access-logs', prefix: 'logs/s3/uploads/' }, grants: 0, ownership: 'BucketOwnerEnforced', expire: null },
        { name: 'bucket:uploads/replica', accessLogs: { bucket: 'bucket:access-logs/dr', prefix: 'logs/s3/uploads/' }, grants: 0, ownership: 'BucketOwnerEnforced', expire: null },
      ],
      standby: { lbs: [{ bucket: 'bucket:access-logs', prefix: 'logs/alb' }], buckets: [{ name: 'bucket:access-logs', accessLogs: null }] },
    });
    expect(cfn.buckets[1].grants).toEqual([
      {
        principal: 'service:logging.s3.amazonaws.com',
        actions: ['s3:PutObject'],
        resources: ['bucket:access-logs/dr/logs/s3/uploads/*'],
        conditions: ['ArnLike:aws:SourceArn=bucket:uploads/replica', 'StringEquals:aws:SourceAccount=${AWS::AccountId}'],
      },
    ]);
    const pulumi = inventoryFromPulumi(await runUnderMocks(designOf(THREE_TIER)));
    expect(logFacts(pulumi)).toEqual(logFacts(cfn));
    expect(pulumi.buckets[0].grants).toEqual(cfn.buckets[0].grants);
  });

  test('a bucket policy grant the inventory cannot express throws', () => {
    const { template, dr, standby } = synth(THREE_TIER);
    const t = JSON.parse(JSON.stringify(template));
    const policy = Object.values(resourcesOf(t)).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === 'AccessLogsBucketCD784A59')!;
    policy.Properties.PolicyDocument.Statement[1].NotPrincipal = { AWS: '*' };
    expect(() => inventoryFromTemplate(t, dr, standby)).toThrow(/NotPrincipal/);
  });

  test('a bucket that logs into itself, or with logging settings the inventory does not read, throws', () => {
    const { template, dr, standby } = synth(THREE_TIER);
    const withLogging = (edit: (lc: Record<string, unknown>, id: string) => void) => {
      const t = JSON.parse(JSON.stringify(template));
      const [id, b] = Object.entries(resourcesOf(t)).find(([k, r]) => r.Type === 'AWS::S3::Bucket' && k.startsWith('DataBucketuploads'))!;
      edit(b.Properties.LoggingConfiguration, id);
      return t;
    };
    expect(() => inventoryFromTemplate(withLogging((lc, id) => (lc.DestinationBucketName = { Ref: id })), dr, standby)).toThrow(/logs into the bucket itself/);
    expect(() => inventoryFromTemplate(withLogging((lc) => (lc.TargetObjectKeyFormat = { SimplePrefix: {} })), dr, standby)).toThrow(/TargetObjectKeyFormat: not in the inventory/);
  });
});
