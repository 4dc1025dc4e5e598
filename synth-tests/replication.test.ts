/*
 * Replication of a bucket into the secondary region (replicate_to_secondary)
 * in both backends, on the replication fixture: the replica in the
 * disaster-recovery stack (CDK) or with the secondary region's provider
 * (Pulumi), the source's one rule, the role S3 assumes with exactly the
 * designed permissions, and what each backend's reader makes of it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Match } from 'aws-cdk-lib/assertions';
import { buildStack, templateOf } from '../src/cdk/synth';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { diffInventories } from '../src/parity/diff';
import type { BucketInventory } from '../src/parity/inventory';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const FILE = 'synth-tests/fixtures/replication.yaml';
const REPLICA_NAME = 'replication-uploads-eu-central-1';
const ACCOUNT_ID = { Ref: 'AWS::AccountId' };
const PARTITION = { Ref: 'AWS::Partition' };

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
const resourcesOf = (template: Record<string, unknown>) => template.Resources as Resources;
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The fixture rewritten by `edit`, in a temporary file. */
function variant(edit: (doc: Record<string, any>) => void): string {
  const doc = yaml.load(readFileSync(FILE, 'utf8')) as Record<string, any>;
  edit(doc);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-replication-')), 'replication.yaml');
  writeFileSync(file, yaml.dump(doc));
  return file;
}

const LOGGING = (bucket: string, source: string) => ({
  actions: ['s3:PutObject'],
  conditions: [`ArnLike:aws:SourceArn=${source}`, 'StringEquals:aws:SourceAccount=${AWS::AccountId}'],
  principal: 'service:logging.s3.amazonaws.com',
  resources: [`${bucket}/logs/s3/${source.replace(/^bucket:|\/replica$/g, '')}/*`],
});
const LOG_BUCKET = { sizing: {}, versioned: false, encryption: 'AES256', kmsKey: null, bucketKey: false, blockPublicAccess: true, tlsOnly: true, transitions: [], expireDays: 90, noncurrentExpireDays: null, retain: true, replication: null, objectOwnership: 'BucketOwnerEnforced', accessLogs: null, eventBridge: false };
const ALB_LOGS = 'bucket:access-logs/logs/alb/AWSLogs/${AWS::AccountId}/*';
const NO_GRANTS = { objectOwnership: 'BucketOwnerEnforced', grants: [], eventBridge: false };

/** What both readers must read for the fixture's buckets (the stack's and the disaster-recovery stack's access-log buckets first). */
const EXPECTED_BUCKETS: BucketInventory[] = [
  {
    name: 'bucket:access-logs',
    region: 'eu-west-1',
    ...LOG_BUCKET,
    grants: [
      { actions: ['s3:GetBucketAcl'], conditions: [], principal: 'service:delivery.logs.amazonaws.com', resources: ['bucket:access-logs'] },
      LOGGING('bucket:access-logs', 'bucket:scratch'),
      LOGGING('bucket:access-logs', 'bucket:uploads'),
      { actions: ['s3:PutObject'], conditions: ['StringEquals:s3:x-amz-acl=bucket-owner-full-control'], principal: 'service:delivery.logs.amazonaws.com', resources: [ALB_LOGS] },
      { actions: ['s3:PutObject'], conditions: [], principal: 'aws:arn:aws:iam::156460612806:root', resources: [ALB_LOGS] },
    ],
  },
  { name: 'bucket:access-logs/dr', region: 'eu-central-1', ...LOG_BUCKET, grants: [LOGGING('bucket:access-logs/dr', 'bucket:uploads/replica')] },
  {
    name: 'bucket:scratch',
    sizing: {},
    region: 'eu-west-1',
    versioned: false,
    encryption: 'AES256',
    kmsKey: null,
    bucketKey: false,
    blockPublicAccess: true,
    tlsOnly: true,
    transitions: [],
    expireDays: null,
    noncurrentExpireDays: null,
    retain: true,
    replication: null,
    ...NO_GRANTS,
    accessLogs: { bucket: 'bucket:access-logs', prefix: 'logs/s3/scratch/' },
  },
  {
    name: 'bucket:uploads',
    sizing: {},
    region: 'eu-west-1',
    versioned: true,
    encryption: 'AES256',
    kmsKey: null,
    bucketKey: false,
    blockPublicAccess: true,
    tlsOnly: true,
    transitions: [{ storageClass: 'STANDARD_IA', days: 30 }],
    expireDays: null,
    noncurrentExpireDays: null,
    retain: true,
    replication: {
      destination: 'eu-central-1:bucket:uploads/replica',
      storageClass: 'STANDARD',
      deleteMarkers: true,
      rolePermissions: [
        { effect: 'Allow', actions: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'], resources: ['bucket:uploads/*'] },
        { effect: 'Allow', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: ['bucket:uploads'] },
        { effect: 'Allow', actions: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], resources: ['bucket:uploads/replica/*'] },
      ],
    },
    ...NO_GRANTS,
    accessLogs: { bucket: 'bucket:access-logs', prefix: 'logs/s3/uploads/' },
  },
  {
    name: 'bucket:uploads/replica',
    sizing: {},
    region: 'eu-central-1',
    versioned: true,
    encryption: 'AES256',
    kmsKey: null,
    bucketKey: false,
    blockPublicAccess: true,
    tlsOnly: true,
    transitions: [{ storageClass: 'STANDARD_IA', days: 30 }], // its source's lifecycle
    expireDays: null,
    noncurrentExpireDays: null,
    retain: true,
    replication: null,
    ...NO_GRANTS,
    accessLogs: { bucket: 'bucket:access-logs/dr', prefix: 'logs/s3/uploads/' },
  },
];

describe('CDK', () => {
  const { assertions: t, template, dr } = synth(FILE);
  const resources = resourcesOf(template);
  const idOf = (type: string, prefix: string) => Object.keys(resources).find((id) => resources[id].Type === type && id.startsWith(prefix))!;
  const source = idOf('AWS::S3::Bucket', 'DataBucketuploads');
  const role = idOf('AWS::IAM::Role', 'DataBucketuploadsReplicationRole');

  test('the disaster-recovery stack in eu-central-1 holds the recovery vault and the replica of uploads, with its policy', () => {
    expect(dr?.region).toBe('eu-central-1');
    const there = resourcesOf(dr!.template);
    expect(Object.entries(there).map(([id, r]) => `${r.Type} ${id.replace(/[0-9A-F]{8}$/, '')}`).sort()).toEqual([
      'AWS::Backup::BackupVault RecoveryVault',
      'AWS::S3::Bucket AccessLogsBucket',
      'AWS::S3::Bucket ReplicauploadsBucket',
      'AWS::S3::BucketPolicy AccessLogsBucketPolicy',
      'AWS::S3::BucketPolicy ReplicauploadsBucketPolicy',
    ]);
  });

  test('the replica: named <prefix>-<account id>, versioned, SSE-S3, private, retained, tagged like its source, with its lifecycle; its policy denies plain HTTP', () => {
    const there = resourcesOf(dr!.template);
    const [id, replica] = Object.entries(there).find(([k, r]) => r.Type === 'AWS::S3::Bucket' && k.startsWith('Replica'))!;
    const logs = Object.keys(there).find((k) => there[k].Type === 'AWS::S3::Bucket' && k.startsWith('AccessLogs'))!;
    expect(replica).toEqual({
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: { 'Fn::Join': ['', [`${REPLICA_NAME}-`, ACCOUNT_ID]] },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        // S3 does not replicate lifecycle actions: the replica tiers (and would expire) as its source does.
        LifecycleConfiguration: { Rules: [{ Id: 'tiers', Status: 'Enabled', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }] },
        // Its server access logs go to the disaster-recovery stack's own access-log bucket.
        LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: 'logs/s3/uploads/' },
        Tags: [
          { Key: 'blueprint', Value: 'replication' },
          { Key: 'blueprint:store', Value: 'uploads' },
        ],
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const policy = Object.values(there).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id)!;
    expect(policy.Properties.Bucket).toEqual({ Ref: id });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] }],
      },
    ]);
  });

  test('the source replicates every object into the replica, by the ARN built from its name: one V2 rule', () => {
    expect(resources[source].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(resources[source].Properties.ReplicationConfiguration).toEqual({
      Role: { 'Fn::GetAtt': [role, 'Arn'] },
      Rules: [
        {
          Id: 'to-eu-central-1',
          Status: 'Enabled',
          Priority: 1,
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Enabled' },
          Destination: { Bucket: { 'Fn::Join': ['', ['arn:', PARTITION, `:s3:::${REPLICA_NAME}-`, ACCOUNT_ID]] }, StorageClass: 'STANDARD' },
        },
      ],
    });
    // The bucket that is not replicated has no rule (and no versioning, which replication would need).
    const scratch = idOf('AWS::S3::Bucket', 'DataBucketscratch');
    expect(resources[scratch].Properties.ReplicationConfiguration).toBeUndefined();
  });

  test('the replication role trusts S3 only and may do exactly the designed actions, on the two buckets only', () => {
    expect(resources[role].Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === role));
    expect(policies).toHaveLength(1);
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [source, 'Arn'] }, '/*']] };
    const replicaObjects = { 'Fn::Join': ['', ['arn:', PARTITION, `:s3:::${REPLICA_NAME}-`, ACCOUNT_ID, '/*']] };
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: { 'Fn::GetAtt': [source, 'Arn'] } },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'], Resource: objects },
      { Effect: 'Allow', Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], Resource: replicaObjects },
    ]);
    expect(JSON.stringify(policies[0].Properties.PolicyDocument)).not.toMatch(/"\*"|:\*"/);
  });

  test('the primary stack is deployed after the disaster-recovery stack', () => {
    const { stack, drStack } = buildStack(loadBlueprint(FILE));
    expect(stack.dependencies).toEqual([drStack]);
  });

  test('turning replication on adds the role and its policy, and the replica; no logical ID changes', () => {
    const off = buildStack(loadBlueprint(variant((doc) => delete doc.data.uploads.replicate_to_secondary)));
    const before = resourcesOf(templateOf(off.stack));
    const added = Object.keys(resources).filter((id) => !(id in before));
    expect(added.map((id) => resources[id].Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
    expect(Object.keys(before).filter((id) => !(id in resources))).toEqual([]);
    const drBefore = Object.keys(resourcesOf(templateOf(off.drStack!)));
    expect(drBefore.every((id) => id in resourcesOf(dr!.template))).toBe(true);
    expect(resourcesOf(dr!.template).RecoveryVault6C09023D).toEqual(resourcesOf(templateOf(off.drStack!)).RecoveryVault6C09023D);
  });

  test('the CloudFormation reader reads the replication, the replica and where each bucket lives', () => {
    expect(inventoryFromTemplate(template, dr).buckets).toEqual(EXPECTED_BUCKETS);
  });

  test('the reader refuses what it cannot describe: a rule it does not read, a role that trusts others or reaches further, an unknown destination', () => {
    const broken = (edit: (r: Resources) => void) => {
      const t = copy(template);
      edit(resourcesOf(t));
      return () => inventoryFromTemplate(t, dr);
    };
    const rule = (r: Resources) => r[source].Properties.ReplicationConfiguration.Rules[0];
    expect(broken((r) => (rule(r).Filter = { Prefix: 'logs/' }))).toThrow(new RegExp(`${source} \\(AWS::S3::Bucket\\) ReplicationConfiguration.Rules\\[0\\].Filter: selects part of the bucket`));
    expect(broken((r) => r[source].Properties.ReplicationConfiguration.Rules.push({ ...rule(r), Id: 'again', Priority: 2 }))).toThrow(/ReplicationConfiguration.Rules: has 2 rules; the inventory reads one/);
    expect(broken((r) => (rule(r).ReplicationTime = { Status: 'Enabled', Time: { Minutes: 15 } }))).toThrow(/Rules\[0\]: ReplicationTime: not in the inventory/);
    expect(broken((r) => (rule(r).Destination.Bucket = 'arn:aws:s3:::someone-elses-bucket'))).toThrow(/Destination.Bucket: "arn:aws:s3:::someone-elses-bucket" is not a data store's ARN/);
    expect(broken((r) => (r[role].Properties.AssumeRolePolicyDocument.Statement[0].Principal = { Service: 'ec2.amazonaws.com' }))).toThrow(
      new RegExp(`${role} \\(AWS::IAM::Role\\) AssumeRolePolicyDocument: a replication role must trust s3.amazonaws.com only`),
    );
    const policy = (r: Resources) => Object.values(r).find((x) => x.Type === 'AWS::IAM::Policy' && x.Properties.Roles[0].Ref === role)!;
    expect(broken((r) => (policy(r).Properties.PolicyDocument.Statement[2].Resource = '*'))).toThrow(/Statement\[2\].Resource\[0\]: "\*" is not a data store's ARN/);
    expect(broken((r) => (r[role].Properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonS3FullAccess']))).toThrow(/managed policies of a replication role are not in the inventory/);
    // Without the disaster-recovery template, the replica has no name.
    expect(() => inventoryFromTemplate(template)).toThrow(/Destination.Bucket: .* is not a data store's ARN/);
  });

  test('the reader refuses a replica nothing replicates into, or that it could not name', () => {
    const noRule = copy(template);
    delete resourcesOf(noRule)[source].Properties.ReplicationConfiguration;
    expect(() => inventoryFromTemplate(noRule, dr)).toThrow(/disaster-recovery template: ReplicauploadsBucket[0-9A-F]{8} \(AWS::S3::Bucket\): bucket:uploads\/replica: no bucket of the primary template replicates into it/);
    const unnamed = copy(dr!.template);
    const [id] = Object.entries(resourcesOf(unnamed)).find(([k, r]) => r.Type === 'AWS::S3::Bucket' && k.startsWith('Replica'))!;
    delete resourcesOf(unnamed)[id].Properties.BucketName;
    expect(() => inventoryFromTemplate(template, { region: 'eu-central-1', template: unnamed })).toThrow(new RegExp(`disaster-recovery template: ${id} \\(AWS::S3::Bucket\\): has no BucketName`));
  });

  test('with no DR strategy (dr: none), the replica alone makes the disaster-recovery stack: no vault, no copy', () => {
    const { stack, drStack } = buildStack(loadBlueprint(variant((doc) => (doc.resilience.dr = 'none'))));
    const there = resourcesOf(templateOf(drStack!));
    // The replica and the access-log bucket its server access logs go to, each with its policy.
    expect(Object.values(there).map((r) => r.Type).sort()).toEqual(['AWS::S3::Bucket', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::S3::BucketPolicy']);
    const plan = Object.values(resourcesOf(templateOf(stack))).find((r) => r.Type === 'AWS::Backup::BackupPlan')!;
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions).toBeUndefined();
  });
});

describe('Pulumi', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(designOf(FILE));
  });
  const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? (() => { throw new Error(`no ${type} ${name}`); })();
  const REPLICA = 'replication-bucket-uploads-replica';

  test('the secondary region\'s provider holds the recovery vault and the replica with its settings; everything else the primary one', () => {
    expect(one('pulumi:providers:aws', 'aws-recovery').inputs.region).toBe('eu-central-1');
    expect(g.filter((r) => r.provider).map((r) => `${r.type} ${r.name} ${r.provider}`)).toEqual([
      'aws:backup/vault:Vault replication-recovery-vault aws-recovery',
      `aws:s3/bucket:Bucket ${REPLICA} aws-recovery`,
      // The secondary region's access-log bucket, which the replica's server access logs go to.
      'aws:s3/bucket:Bucket replication-dr-access-logs aws-recovery',
      `aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration ${REPLICA}-lifecycle aws-recovery`,
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration replication-dr-access-logs-lifecycle aws-recovery',
      `aws:s3/bucketLogging:BucketLogging ${REPLICA}-logging aws-recovery`,
      'aws:s3/bucketOwnershipControls:BucketOwnershipControls replication-dr-access-logs-ownership aws-recovery',
      `aws:s3/bucketPolicy:BucketPolicy ${REPLICA}-tls-only aws-recovery`,
      'aws:s3/bucketPolicy:BucketPolicy replication-dr-access-logs-policy aws-recovery',
      `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ${REPLICA}-public-access aws-recovery`,
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock replication-dr-access-logs-public-access aws-recovery',
      `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ${REPLICA}-encryption aws-recovery`,
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration replication-dr-access-logs-encryption aws-recovery',
      `aws:s3/bucketVersioning:BucketVersioning ${REPLICA}-versioning aws-recovery`,
    ]);
  });

  test('the replica: named <prefix>-<account id> (the mocks answer getCallerIdentity), versioned, encrypted, private, TLS-only, retained, tagged', () => {
    expect(one('aws:s3/bucket:Bucket', REPLICA)).toMatchObject({ inputs: { bucket: `${REPLICA_NAME}-123456789012`, tags: { 'blueprint:store': 'uploads' } }, retainOnDelete: true });
    expect(one('aws:s3/bucketVersioning:BucketVersioning', `${REPLICA}-versioning`).inputs).toEqual({ bucket: `${REPLICA}-id`, versioningConfiguration: { status: 'Enabled' } });
    expect(one('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', `${REPLICA}-lifecycle`).inputs).toEqual({
      bucket: `${REPLICA}-id`,
      rules: [{ id: 'tiers', status: 'Enabled', filter: {}, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }] }],
    });
    expect(one('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', `${REPLICA}-encryption`).inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]);
    expect(one('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', `${REPLICA}-public-access`).inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(JSON.parse(one('aws:s3/bucketPolicy:BucketPolicy', `${REPLICA}-tls-only`).inputs.policy as string).Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  test('the source replicates every object into the replica by its ARN: one V2 rule, with the replication role', () => {
    expect(one('aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'replication-bucket-uploads-replication').inputs).toEqual({
      bucket: 'replication-bucket-uploads-id',
      role: expect.stringMatching(/:replication-bucket-uploads-replication-role$/),
      rules: [
        {
          id: 'to-eu-central-1',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          destination: { bucket: expect.stringMatching(new RegExp(`:${REPLICA}$`)), storageClass: 'STANDARD' },
        },
      ],
    });
    expect(g.filter((r) => r.type === 'aws:s3/bucketReplicationConfig:BucketReplicationConfig')).toHaveLength(1);
  });

  test('the replication role trusts S3 only; its one policy grants exactly the designed actions on the two buckets', () => {
    const role = one('aws:iam/role:Role', 'replication-bucket-uploads-replication-role');
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const policy = one('aws:iam/rolePolicy:RolePolicy', 'replication-bucket-uploads-replication-role-policy');
    expect(policy.inputs.role).toBe('replication-bucket-uploads-replication-role-id');
    const arn = (name: string) => expect.stringMatching(new RegExp(`:${name}$`));
    expect(JSON.parse(policy.inputs.policy as string).Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: arn('replication-bucket-uploads') },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'], Resource: arn('replication-bucket-uploads/\\*') },
      { Effect: 'Allow', Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], Resource: arn(`${REPLICA}/\\*`) },
    ]);
    expect(policy.inputs.policy).not.toMatch(/"\*"/);
  });

  test('the Pulumi reader reads what the CloudFormation reader reads', () => {
    expect(inventoryFromPulumi(g).buckets).toEqual(EXPECTED_BUCKETS);
  });

  test('the parity check names a replication that differs, and the reader refuses what it cannot describe', () => {
    const { template, dr } = synth(FILE);
    const broken = (edit: (graph: RegisteredResource[]) => void) => {
      const graph = copy(g);
      edit(graph);
      return graph;
    };
    const named = (graph: RegisteredResource[], name: string) => graph.find((r) => r.name === name)!;
    const rule = (graph: RegisteredResource[]) => (named(graph, 'replication-bucket-uploads-replication').inputs.rules as Record<string, any>[])[0];
    const colder = broken((graph) => {
      rule(graph).destination.storageClass = 'GLACIER';
      delete rule(graph).deleteMarkerReplication;
    });
    expect(diffInventories(inventoryFromTemplate(template, dr), inventoryFromPulumi(colder), ['cdk', 'pulumi'])).toEqual([
      'buckets[bucket:uploads].replication.deleteMarkers: cdk true, pulumi false',
      'buckets[bucket:uploads].replication.storageClass: cdk "STANDARD", pulumi "GLACIER"',
    ]);
    const trusting = broken((graph) => {
      const role = named(graph, 'replication-bucket-uploads-replication-role');
      role.inputs.assumeRolePolicy = (role.inputs.assumeRolePolicy as string).replace('s3.amazonaws.com', 'ec2.amazonaws.com');
    });
    expect(() => inventoryFromPulumi(trusting)).toThrow('parity: the replication role replication-bucket-uploads-replication-role must trust s3.amazonaws.com only');
    const wide = broken((graph) => {
      const policy = named(graph, 'replication-bucket-uploads-replication-role-policy');
      policy.inputs.policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    });
    expect(() => inventoryFromPulumi(wide)).toThrow('parity: a role grants access to *, which is not a data store');
    const unused = broken((graph) => graph.splice(graph.findIndex((r) => r.name === 'replication-bucket-uploads-replication'), 1));
    expect(() => inventoryFromPulumi(unused)).toThrow('parity: no bucket replicates into bucket:uploads/replica (eu-central-1)');
    const partial = broken((graph) => (rule(graph).filter = { prefix: 'logs/' }));
    expect(() => inventoryFromPulumi(partial)).toThrow('selects part of the bucket');
  });

  test('with no DR strategy (dr: none), the recovery provider holds the replica only (and the access-log bucket its logs go to)', async () => {
    const graph = await runUnderMocks(design(loadBlueprint(variant((doc) => (doc.resilience.dr = 'none'))).blueprint));
    expect(graph.filter((r) => r.provider).map((r) => r.type)).toEqual([
      'aws:s3/bucket:Bucket',
      'aws:s3/bucket:Bucket',
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
      'aws:s3/bucketLogging:BucketLogging',
      'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
      'aws:s3/bucketPolicy:BucketPolicy',
      'aws:s3/bucketPolicy:BucketPolicy',
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'aws:s3/bucketVersioning:BucketVersioning',
    ]);
  });
});

test('both backends agree on the fixture and on its dr: none variant', async () => {
  for (const file of [FILE, variant((doc) => (doc.resilience.dr = 'none'))]) {
    const result = await compareBackends(loadBlueprint(file));
    expect(result.differences).toEqual([]);
    expect(result.cdk.buckets.map((b) => `${b.name} ${b.region}`)).toEqual(['bucket:access-logs eu-west-1', 'bucket:access-logs/dr eu-central-1', 'bucket:scratch eu-west-1', 'bucket:uploads eu-west-1', 'bucket:uploads/replica eu-central-1']);
  }
});
