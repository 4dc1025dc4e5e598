/*
 * The standby of pilot-light and warm-standby designs, rendered by CDK: on the primary stack, the Aurora
 * global database created from the cluster, its generated, replicated and rotated secret, the global
 * table's fixed name; the third stack `<name>-standby` in the secondary region (its own network, the
 * secondary cluster, the replicas reached by name, services idle or scaled down, jobs disabled); and the
 * CloudFormation reader's Inventory.standby.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DatabaseDesign, Design } from '../src/design';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { Inventory } from '../src/parity/inventory';
import { cfnInventory, synth } from './support';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const resources = (t: Json) => t.Resources as Record<string, Resource>;
const ofType = (t: Json, type: string) => Object.entries(resources(t)).filter(([, r]) => r.Type === type);
const only = (t: Json, type: string): [string, Resource] => {
  const found = ofType(t, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

// ------------------------------------------------------------------ pilot-light: the three-tier blueprint

describe('pilot-light (blueprints/three-tier.yaml)', () => {
  const { template, dr, standby, design } = synth('blueprints/three-tier.yaml');
  const primary = Template.fromJSON(template);
  const db = design.stores.find((s): s is DatabaseDesign => s.kind === 'database')!;
  const there = design.standby!;
  const thereDb = there.stores.find((s): s is DatabaseDesign => s.kind === 'database')!;
  const [clusterId] = only(template, 'AWS::RDS::DBCluster');
  const [secretId, secret] = ofType(template, 'AWS::SecretsManager::Secret').find(([, r]) => r.Properties.Name !== undefined)!;
  const [rotationSgId] = ofType(template, 'AWS::EC2::SecurityGroup').find(([, r]) => String(r.Properties.GroupDescription).startsWith('Rotation'))!;
  const [databaseSgId] = ofType(template, 'AWS::EC2::SecurityGroup').find(([, r]) => r.Properties.GroupDescription === `Database ${db.key}`)!;

  test('the design asks for it: a global Aurora database with a generated secret, a standby in us-west-2', () => {
    expect(db.global).toEqual({ identifier: 'three-tier-catalog', role: 'primary', primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2' });
    expect(db.credentials.source).toBe('generated');
    expect(standby?.region).toBe('us-west-2');
    expect(dr?.region).toBe('us-west-2');
  });

  test('the global cluster is created from the primary cluster, protected as the database is', () => {
    primary.resourceCountIs('AWS::RDS::GlobalCluster', 1);
    primary.hasResourceProperties('AWS::RDS::GlobalCluster', {
      GlobalClusterIdentifier: 'three-tier-catalog',
      SourceDBClusterIdentifier: getAtt(clusterId, 'DBClusterArn'),
      DeletionProtection: db.deletionProtection,
    });
  });

  test('the cluster takes its admin password from the generated secret; RDS manages none', () => {
    const props = resources(template)[clusterId].Properties;
    expect(props.ManageMasterUserPassword).toBeUndefined();
    expect(props.MasterUsername).toBe(db.username);
    expect(props.MasterUserPassword).toEqual({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(secretId), ':SecretString:password::}}']] });
  });

  test('the secret: its fixed name, a generated {username, password}, replicated into the standby region, tagged as the store', () => {
    const c = db.credentials as Extract<DatabaseDesign['credentials'], { source: 'generated' }>;
    expect(secret.Properties).toMatchObject({
      Name: 'three-tier/catalog/admin',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ username: db.username }),
        GenerateStringKey: 'password',
        PasswordLength: c.passwordLength,
        ExcludeCharacters: c.excludeCharacters,
      },
      ReplicaRegions: [{ Region: 'us-west-2' }],
      Tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: 'catalog' }]),
    });
  });

  test('attached to the cluster, rotated every 30 days by the hosted PostgreSQL single-user function in the private subnets', () => {
    primary.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { SecretId: ref(secretId), TargetId: ref(clusterId), TargetType: 'AWS::RDS::DBCluster' });
    const [attachmentId] = only(template, 'AWS::SecretsManager::SecretTargetAttachment');
    const [, rotation] = only(template, 'AWS::SecretsManager::RotationSchedule');
    expect(rotation.Properties).toEqual({
      SecretId: ref(secretId),
      HostedRotationLambda: {
        RotationType: 'PostgreSQLSingleUser',
        ExcludeCharacters: secret.Properties.GenerateSecretString && (secret.Properties.GenerateSecretString as Json).ExcludeCharacters,
        VpcSecurityGroupIds: getAtt(rotationSgId, 'GroupId'),
        VpcSubnetIds: { 'Fn::Join': ['', expect.arrayContaining([expect.objectContaining({ Ref: expect.stringMatching(/privateSubnet1/) }), ','])] },
      },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    // The first rotation finds the cluster's host and port in the secret.
    expect(rotation.DependsOn).toContain(attachmentId);
    expect(template.Transform).toMatch(/^AWS::SecretsManager-\d{4}-\d{2}-\d{2}$/);
  });

  test("the rotation function's security group reaches anywhere (Secrets Manager's API), and the database admits it on its port", () => {
    expect(resources(template)[rotationSgId].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
    primary.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: getAtt(databaseSgId, 'GroupId'),
      SourceSecurityGroupId: getAtt(rotationSgId, 'GroupId'),
      IpProtocol: 'tcp',
      FromPort: db.port,
      ToPort: db.port,
    });
  });

  test("tasks read the secret's username and password; the execution role reads exactly that secret (and the cache's token)", () => {
    const [, td] = ofType(template, 'AWS::ECS::TaskDefinition').find(([id]) => id.includes('Serviceweb'))!;
    const secrets = ((td.Properties.ContainerDefinitions as Json[])[0].Secrets as Json[]).filter((s) => String(s.Name).startsWith('CATALOG_'));
    expect(secrets).toEqual([
      { Name: 'CATALOG_PASSWORD', ValueFrom: { 'Fn::Join': ['', [ref(secretId), ':password::']] } },
      { Name: 'CATALOG_USERNAME', ValueFrom: { 'Fn::Join': ['', [ref(secretId), ':username::']] } },
    ]);
    primary.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: Match.arrayWith([ref(secretId)]) }]) },
    });
  });

  describe('the standby stack', () => {
    const t = standby!.template;
    const s = Template.fromJSON(t);

    test('its own network: 10.31.0.0/16, right after the primary\'s 10.30.0.0/16', () => {
      s.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.31.0.0/16' });
      expect(there.network.cidr).toBe('10.31.0.0/16');
    });

    test('the secondary cluster joins the global cluster: no database, user or password of its own, encrypted with the region\'s aws/rds, no instance', () => {
      const [id, cluster] = only(t, 'AWS::RDS::DBCluster');
      const [subnetGroupId] = only(t, 'AWS::RDS::DBSubnetGroup');
      const [sgId] = ofType(t, 'AWS::EC2::SecurityGroup').find(([, r]) => r.Properties.GroupDescription === `Database ${thereDb.key}`)!;
      expect(cluster.Properties).toEqual({
        Engine: db.engine,
        EngineVersion: db.engineVersion,
        Port: db.port,
        GlobalClusterIdentifier: 'three-tier-catalog',
        EnableIAMDatabaseAuthentication: db.iamAuth,
        BackupRetentionPeriod: db.backupRetentionDays,
        StorageEncrypted: true,
        KmsKeyId: 'alias/aws/rds',
        DeletionProtection: db.deletionProtection,
        DBSubnetGroupName: ref(subnetGroupId),
        // Its own parameter group in its region, requiring TLS like the primary's.
        DBClusterParameterGroupName: ref(only(t, 'AWS::RDS::DBClusterParameterGroup')[0]),
        VpcSecurityGroupIds: [getAtt(sgId, 'GroupId')],
        Tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: 'catalog' }]),
      });
      expect([cluster.DeletionPolicy, cluster.UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
      s.resourceCountIs('AWS::RDS::DBInstance', 0);
      s.resourceCountIs('AWS::RDS::GlobalCluster', 0);
      expect(id).toContain('catalog');
      // Its subnet group is over the isolated subnets.
      expect(JSON.stringify(resources(t)[subnetGroupId].Properties.SubnetIds)).toMatch(/isolated/);
    });

    test('no secret of its own for the database: the replica of the primary\'s, its complete ARN looked up at deploy time', () => {
      expect(ofType(t, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name)).toEqual([undefined]); // the cache's token only
      const [lookupId, lookup] = only(t, 'Custom::AWS');
      const call = { service: 'SecretsManager', action: 'DescribeSecret', parameters: { SecretId: 'three-tier/catalog/admin' }, physicalResourceId: { id: 'three-tier/catalog/admin' } };
      expect(JSON.parse(lookup.Properties.Update as string)).toEqual(call);
      expect(JSON.parse(lookup.Properties.Create as string)).toEqual(call);
      expect(lookup.Properties.InstallLatestAwsSdk).toBe(false);
      // The lookup may describe that secret only (any of its 6-character suffixes), in its own region.
      s.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'secretsmanager:DescribeSecret',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':secretsmanager:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':secret:three-tier/catalog/admin-??????']] },
            },
          ],
        },
      });
      const [, td] = ofType(t, 'AWS::ECS::TaskDefinition').find(([id]) => id.includes('Serviceweb'))!;
      const secrets = ((td.Properties.ContainerDefinitions as Json[])[0].Secrets as Json[]).filter((x) => String(x.Name).startsWith('CATALOG_'));
      expect(secrets).toEqual([
        { Name: 'CATALOG_PASSWORD', ValueFrom: { 'Fn::Join': ['', [getAtt(lookupId, 'ARN'), ':password::']] } },
        { Name: 'CATALOG_USERNAME', ValueFrom: { 'Fn::Join': ['', [getAtt(lookupId, 'ARN'), ':username::']] } },
      ]);
    });

    test('pilot-light: the service waits with no task (DesiredCount 0, min 0), the job is disabled', () => {
      s.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
      s.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 0 });
      s.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
      // The primary's run: no desired count (autoscaling owns it), the schedule enabled.
      expect(only(template, 'AWS::ECS::Service')[1].Properties.DesiredCount).toBeUndefined();
      primary.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'ENABLED' });
    });

    test('the replica bucket is imported by name (no bucket created): its name in the environment, access to it', () => {
      // Its only bucket is its own access-log bucket (for its load balancer's logs).
      s.resourceCountIs('AWS::S3::Bucket', 1);
      s.hasResource('AWS::S3::Bucket', { Properties: Match.objectLike({ Tags: Match.arrayWith([{ Key: 'blueprint:logs', Value: 'access-logs' }]) }) });
      const name = { 'Fn::Join': ['', ['three-tier-uploads-us-west-2-', ref('AWS::AccountId')]] };
      s.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'UPLOADS_BUCKET', Value: name }]) })] });
      // The same name the disaster-recovery stack gives the replica.
      Template.fromJSON(dr!.template).hasResourceProperties('AWS::S3::Bucket', { BucketName: name });
    });

    test('deployed after the primary stack, in the secondary region; no backup plan', () => {
      s.resourceCountIs('AWS::Backup::BackupPlan', 0);
      expect(t.Description).toMatch(/three-tier-standby/);
    });
  });

  describe('the CloudFormation reader', () => {
    let inv: Inventory;
    beforeAll(() => {
      inv = cfnInventory('blueprints/three-tier.yaml');
    });

    test('the primary database: its generated password, its global database, the rotation function admitted', () => {
      const d = inv.databases.find((x) => x.name === 'database:catalog')!;
      expect(d.managedPassword).toBe(false);
      expect(d.generatedPassword).toEqual({
        secretName: 'three-tier/catalog/admin',
        length: 30,
        excludeCharacters: [...(db.credentials as { excludeCharacters: string }).excludeCharacters].sort().join(''), // a set, in code-unit order
        replicaRegions: ['us-west-2'],
        rotation: { days: 30, function: 'postgresql-single-user', subnets: { tier: 'private', count: 3 } },
      });
      expect(d.global).toEqual({ identifier: 'three-tier-catalog', role: 'primary', deletionProtection: true });
      expect(d.ingress).toEqual(['rotation:catalog:5432', 'service:web:5432']);
    });

    test('the standby: a headless secondary cluster, the replicas named as in the primary region', () => {
      const s = inv.standby!;
      expect(s.standby).toBeNull();
      expect(s.network.vpcCidr).toBe('10.31.0.0/16');
      expect(s.databases).toEqual([
        expect.objectContaining({
          name: 'database:catalog',
          username: '',
          databaseName: '',
          managedPassword: false,
          generatedPassword: null,
          global: { identifier: 'three-tier-catalog', role: 'secondary', deletionProtection: null },
          instances: [],
          encryption: 'aws-managed',
          ingress: ['service:web:5432'],
        }),
      ]);
      expect(s.buckets.map((b) => b.name)).toEqual(['bucket:access-logs']); // its own access-log bucket only
      const web = s.services.find((x) => x.key === 'web')!;
      expect(web.desiredCount).toBe(0);
      expect(web.environment).toContain('UPLOADS_BUCKET=bucket:uploads/replica');
      expect(web.secrets).toEqual(expect.arrayContaining(['CATALOG_PASSWORD=database:catalog:password', 'CATALOG_USERNAME=database:catalog:username']));
      expect(web.executionPermissions.flatMap((p) => p.resources)).toEqual(['secret:cache:sessions', 'secret:database:catalog']);
      expect(web.permissions.flatMap((p) => p.resources)).toEqual(['bucket:uploads/replica', 'bucket:uploads/replica/*']);
      expect(s.jobs.map((j) => j.schedule.state)).toEqual(['DISABLED']);
    });

    test('without the standby template, no standby', () => {
      expect(inventoryFromTemplate(template, dr).standby).toBeNull();
    });

    test('strict: a lookup of a secret the primary does not generate, a secondary with a user, a foreign rotation, a missing transform', () => {
      const lookup = copy(standby!.template);
      const [lookupId] = only(lookup, 'Custom::AWS');
      const props = resources(lookup)[lookupId].Properties;
      for (const f of ['Create', 'Update'] as const) props[f] = (props[f] as string).replace(/three-tier\/catalog\/admin/g, 'someone/else');
      expect(() => inventoryFromTemplate(template, dr, { region: 'us-west-2', template: lookup })).toThrow(/standby template: .*Custom::AWS.*describes secret "someone\/else", which is no generated database secret of the primary template/);

      const user = copy(standby!.template);
      resources(user)[only(user, 'AWS::RDS::DBCluster')[0]].Properties.MasterUsername = 'dbadmin';
      expect(() => inventoryFromTemplate(template, dr, { region: 'us-west-2', template: user })).toThrow(/MasterUsername: is set on a secondary cluster of a global database/);

      const rotation = copy(template);
      (resources(rotation)[only(rotation, 'AWS::SecretsManager::RotationSchedule')[0]].Properties.HostedRotationLambda as Json).RotationType = 'OracleSingleUser';
      expect(() => inventoryFromTemplate(rotation, dr)).toThrow(/RotationType: OracleSingleUser is not a single-user rotation of PostgreSQL or MySQL/);

      const untransformed = copy(template);
      delete untransformed.Transform;
      expect(() => inventoryFromTemplate(untransformed, dr)).toThrow(/has no AWS::SecretsManager transform/);

      const wrongRegion = { region: 'eu-west-1', template: standby!.template };
      expect(() => inventoryFromTemplate(template, dr, wrongRegion)).toThrow(/standby template: .*AvailabilityZone: "us-west-2a": its subnets are not in eu-west-1/);
    });
  });
});

// ------------------------------------------------------------------ warm-standby: an inline blueprint

const WARM = `
blueprint: 1
name: warm
requirements:
  availability: 99.9
  regions: { primary: eu-west-1, secondary: eu-central-1 }
services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    port: 8080
    public: true
    uses: [ledger, orders, files]
  nightly:
    kind: scheduled
    schedule: cron(0 3 * * ? *)
    image: public.ecr.aws/docker/library/busybox:1.36
    uses: [orders]
data:
  ledger:
    engine: aurora-mysql
    serverless: { min_acu: 0.5, max_acu: 4 }
  orders:
    engine: dynamodb
    partition_key: { name: pk }
  files:
    engine: s3
network:
  cidr: 10.40.0.0/16
resilience:
  dr: warm-standby
  backups: { retention_days: 7 }
`;

describe('warm-standby (an inline blueprint: Aurora MySQL Serverless v2, a global table, a replicated bucket)', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-standby-')), 'warm.yaml');
  writeFileSync(file, WARM);
  let design: Design;
  let template: Json;
  let dr: { region: string; template: Json } | undefined;
  let standby: { region: string; template: Json };
  beforeAll(() => {
    const synthesized = synth(file);
    ({ design, template, dr } = synthesized);
    standby = synthesized.standby!;
  });

  test('the primary: a MySQL single-user rotation, the global table named', () => {
    Template.fromJSON(template).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
    Template.fromJSON(template).hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'warm-orders', Replicas: Match.arrayWith([Match.objectLike({ Region: 'eu-central-1' })]) });
  });

  test('the secondary cluster has one Serverless v2 instance, the writer slot', () => {
    const s = Template.fromJSON(standby.template);
    const [clusterId, cluster] = only(standby.template, 'AWS::RDS::DBCluster');
    expect(cluster.Properties).toMatchObject({ GlobalClusterIdentifier: 'warm-ledger', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 } });
    s.resourceCountIs('AWS::RDS::DBInstance', 1);
    s.hasResourceProperties('AWS::RDS::DBInstance', { DBClusterIdentifier: ref(clusterId), DBInstanceClass: 'db.serverless', Engine: 'aurora-mysql' });
  });

  test('services run one task (min 1, no fixed desired count); the job is disabled', () => {
    const s = Template.fromJSON(standby.template);
    expect(design.standby!.services.map((x) => [x.key, x.scaling.minTasks, x.initialTasks])).toEqual([['api', 1, undefined]]);
    s.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1 });
    expect(only(standby.template, 'AWS::ECS::Service')[1].Properties.DesiredCount).toBeUndefined();
    s.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
  });

  test("the global table's replica is reached by name: no table created, its name in the environment, access to its ARN", () => {
    const s = Template.fromJSON(standby.template);
    s.resourceCountIs('AWS::DynamoDB::Table', 0);
    s.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    s.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'ORDERS_TABLE', Value: 'warm-orders' }]) })] });
    expect(JSON.stringify(standby.template)).toMatch(/:table\/warm-orders/);
  });

  test('its three templates pass cfn-lint (when installed; cfn-lint.test.ts covers the blueprints and fixtures)', () => {
    if (spawnSync('cfn-lint', ['--version']).status !== 0) return;
    const files = [['', template], ['-dr', dr!.template], ['-standby', standby.template]].map(([suffix, t]) => {
      const name = path.join(path.dirname(file), `warm${suffix as string}.template.json`);
      writeFileSync(name, JSON.stringify(t, null, 1));
      return name;
    });
    const run = spawnSync('cfn-lint', [...files, '--format', 'json', '--ignore-checks', 'W3010', 'W3005'], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout || '[]')).toEqual([]);
  });

  test('the CloudFormation reader names the replicas as in the primary region', () => {
    const inv = inventoryFromTemplate(template, dr, standby);
    const s = inv.standby!;
    expect(inv.tables.find((x) => x.name === 'table:orders')!.tableName).toBe('warm-orders');
    expect(s.tables).toEqual([]);
    expect(s.buckets.map((b) => b.name)).toEqual(['bucket:access-logs']); // its own access-log bucket only
    expect(s.databases).toEqual([
      expect.objectContaining({ name: 'database:ledger', instances: ['db.serverless'], serverless: { minAcu: 0.5, maxAcu: 4 }, global: { identifier: 'warm-ledger', role: 'secondary', deletionProtection: null } }),
    ]);
    const api = s.services.find((x) => x.key === 'api')!;
    expect(api.environment).toEqual(expect.arrayContaining(['ORDERS_TABLE=table:orders', 'FILES_BUCKET=bucket:files/replica']));
    expect(api.permissions.flatMap((p) => p.resources)).toEqual(expect.arrayContaining(['table:orders', 'bucket:files/replica']));
    expect(s.jobs.find((j) => j.key === 'nightly')!.permissions.flatMap((p) => p.resources)).toEqual(expect.arrayContaining(['table:orders']));
    expect(inv.databases.find((x) => x.name === 'database:ledger')!.generatedPassword!.rotation.function).toBe('mysql-single-user');
  });
});
