import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dump, load } from 'js-yaml';
import { buildStack, templateOf } from '../src/cdk/synth';
import type { CacheDesign, DatabaseDesign, Design, TaskDesign } from '../src/design';
import { loadBlueprint } from '../src/load';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { CacheInventory, DatabaseInventory, Inventory } from '../src/parity/inventory';
import { synth } from './support';

/*
 * Relational databases and caches on the CDK side, asserted on the
 * synthesized template of the databases fixture: each store's properties
 * as the design decides them (RDS instance, Aurora cluster provisioned and
 * Serverless v2, Valkey and Redis in cluster mode), their final snapshots,
 * their security groups (one rule per client on the port, nothing out),
 * what the tasks receive (ECS secrets, never plain variables; hosts;
 * rds-db:connect on the admin user), the order resources are created in,
 * cfn-lint, the CloudFormation reader's inventory of them, and logical IDs
 * that survive reordering the blueprint and adding a store.
 */

const FIXTURE = 'synth-tests/fixtures/databases.yaml';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] };
type Resources = Record<string, Resource>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Container = { Environment?: { Name: string; Value: unknown }[]; Secrets?: { Name: string; ValueFrom: unknown }[] };

const { template, design: d } = synth(FIXTURE);
const resources = template.Resources as Resources;

const ofType = (type: string, rs: Resources = resources) => Object.keys(rs).filter((id) => rs[id].Type === type);
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const refId = (v: unknown) => (v as { Ref?: string }).Ref ?? (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

function storeTag(r: Resource): string | undefined {
  return ((r.Properties?.Tags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === 'blueprint:store')?.Value;
}

/** The one resource of a type carrying a store's tag (optionally filtered). */
function one(type: string, key: string, pred: (r: Resource) => boolean = () => true): string {
  const ids = ofType(type).filter((id) => storeTag(resources[id]) === key && pred(resources[id]));
  expect({ type, key, ids: ids.length }).toEqual({ type, key, ids: 1 });
  return ids[0];
}

const databases = d.stores.filter((s): s is DatabaseDesign => s.kind === 'database');
const caches = d.stores.filter((s): s is CacheDesign => s.kind === 'cache');
const tasks: (TaskDesign & { job: boolean })[] = [...d.services.map((s) => ({ ...s, job: false })), ...d.jobs.map((j) => ({ ...j, job: true }))];
const store = <K extends string>(key: K) => d.stores.find((s) => s.key === key)!;
const db = (key: string) => store(key) as DatabaseDesign;
const cache = (key: string) => store(key) as CacheDesign;

const isMember = (r: Resource) => r.Properties.DBClusterIdentifier !== undefined;
/** The database resource itself: the Aurora cluster, or the RDS instance. */
const dbResource = (s: DatabaseDesign) => (s.topology === 'cluster' ? one('AWS::RDS::DBCluster', s.key) : one('AWS::RDS::DBInstance', s.key, (r) => !isMember(r)));
const members = (cluster: string) => ofType('AWS::RDS::DBInstance').filter((id) => refId(resources[id].Properties.DBClusterIdentifier ?? { Ref: '' }) === cluster);
const groupOf = (c: CacheDesign) => one('AWS::ElastiCache::ReplicationGroup', c.key);
const securityGroupOf = (key: string) => one('AWS::EC2::SecurityGroup', key);

/** The task definition of a service or job, by its container's awslogs stream prefix (the key). */
function taskOf(key: string): string {
  const [td] = ofType('AWS::ECS::TaskDefinition').filter((id) => {
    const c = (resources[id].Properties.ContainerDefinitions as { LogConfiguration: { Options: Record<string, unknown> } }[])[0];
    return c.LogConfiguration.Options['awslogs-stream-prefix'] === key;
  });
  expect(td).toBeDefined();
  return td;
}
const containerOf = (key: string) => (resources[taskOf(key)].Properties.ContainerDefinitions as Container[])[0];
const roleOf = (key: string, field: 'TaskRoleArn' | 'ExecutionRoleArn') => refId(resources[taskOf(key)].Properties[field]);
function statementsOf(role: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter((id) => (resources[id].Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((id) => (resources[id].Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
/** What starts a client's tasks: its ECS service, or its job's schedule. */
function starterOf(t: { key: string; job: boolean }): string {
  const td = taskOf(t.key);
  const type = t.job ? 'AWS::Scheduler::Schedule' : 'AWS::ECS::Service';
  const [id] = ofType(type).filter((x) => {
    const p = resources[x].Properties;
    return refId(t.job ? (p.Target as { EcsParameters: { TaskDefinitionArn: unknown } }).EcsParameters.TaskDefinitionArn : p.TaskDefinition) === td;
  });
  return id;
}
/** A client's own security group (the service's, or the job's). */
function clientGroupOf(key: string): string {
  const t = tasks.find((x) => x.key === key)!;
  const p = resources[starterOf(t)].Properties;
  const net = t.job
    ? (p.Target as { EcsParameters: { NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: unknown[] } } } }).EcsParameters.NetworkConfiguration.AwsvpcConfiguration
    : (p.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: unknown[] } }).AwsvpcConfiguration;
  expect(net.SecurityGroups).toHaveLength(1);
  return refId(net.SecurityGroups[0]);
}
function isolatedSubnets(ids: unknown[]): boolean {
  return ids.every((s) => ((resources[refId(s)].Properties.Tags ?? []) as { Key: string; Value: string }[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Isolated'));
}

test('the fixture has every case: Aurora Serverless v2 with a reader, provisioned Aurora, an RDS instance, a cache in front, a cache in cluster mode, a job and a :read edge', () => {
  expect(databases.map((s) => `${s.key} ${s.engine} ${s.topology}${s.serverless ? ' serverless' : ''}`)).toEqual([
    'catalog aurora-mysql cluster',
    'ledger postgres instance',
    'orders aurora-postgresql cluster serverless',
  ]);
  expect(db('orders').readers).toBeGreaterThanOrEqual(1);
  expect(db('orders').iamAuth).toBe(true);
  expect(db('ledger').port).toBe(5444);
  expect(caches.map((c) => `${c.key} ${c.engine}${c.clusterMode ? ' cluster' : ''}${c.inFrontOf ? ` in front of ${c.inFrontOf}` : ''}`)).toEqual(['leaderboard redis cluster', 'sessions valkey in front of orders']);
  expect(d.jobs.map((j) => j.key)).toEqual(['nightly']);
  // Every store of the fixture takes a final snapshot, so the Snapshot policies are exercised.
  expect([...databases, ...caches].filter((s) => !s.snapshotOnDelete)).toEqual([]);
  expect(tasks.flatMap((t) => t.connections.filter((c) => c.attribute === 'reader-host').map((c) => `${t.key}->${c.store}`))).toEqual(['reports->orders']);
});

describe('one construct per store, named after its key', () => {
  test.each([...databases.map((s) => [s.key, `DataDatabase${s.key}`]), ...caches.map((c) => [c.key, `DataCache${c.key}`])])('%s: every resource it owns has the logical-ID prefix %s and its tag', (key, prefix) => {
    const owned = Object.keys(resources).filter((id) => storeTag(resources[id]) === key);
    expect(owned.length).toBeGreaterThanOrEqual(3);
    for (const id of owned) expect(id.startsWith(prefix)).toBe(true);
    for (const id of Object.keys(resources).filter((x) => x.startsWith(prefix) && resources[x].Type !== 'AWS::EC2::SecurityGroupIngress')) {
      expect({ id, tags: resources[id].Properties.Tags }).toEqual({ id, tags: expect.arrayContaining([{ Key: 'blueprint:store', Value: key }, { Key: 'blueprint', Value: d.name }]) });
    }
  });
});

describe('RDS instance (ledger)', () => {
  const s = db('ledger');
  const id = dbResource(s);
  const r = resources[id];

  test('every property as the design decides, in its isolated subnet group and its own security group', () => {
    expect(r.Properties).toEqual({
      Engine: s.engine,
      EngineVersion: s.engineVersion,
      DBInstanceClass: s.instanceClass,
      MultiAZ: s.multiAz,
      AllocatedStorage: String(s.storage!.allocatedGb),
      MaxAllocatedStorage: s.storage!.maxAllocatedGb,
      StorageType: 'gp3',
      Port: String(s.port),
      DBName: s.databaseName,
      MasterUsername: s.username,
      ManageMasterUserPassword: s.credentials.source === 'rds-managed',
      EnableIAMDatabaseAuthentication: s.iamAuth,
      EnablePerformanceInsights: s.performanceInsights.enabled,
      ...(s.performanceInsights.enabled ? { PerformanceInsightsRetentionPeriod: s.performanceInsights.retentionDays } : {}),
      BackupRetentionPeriod: s.backupRetentionDays,
      StorageEncrypted: true,
      DeletionProtection: s.deletionProtection,
      AutoMinorVersionUpgrade: s.autoMinorVersionUpgrade,
      PubliclyAccessible: false,
      DBSubnetGroupName: ref(one('AWS::RDS::DBSubnetGroup', s.key)),
      DBParameterGroupName: ref(one('AWS::RDS::DBParameterGroup', s.key)),
      VPCSecurityGroups: [getAtt(securityGroupOf(s.key), 'GroupId')],
      Tags: expect.any(Array),
    });
    // The AWS-managed key (aws/rds), and RDS's own secret: no key, no password in the template.
    expect(r.Properties.KmsKeyId).toBeUndefined();
    expect(r.Properties.MasterUserPassword).toBeUndefined();
    expect(s.storage).toEqual({ allocatedGb: 100, maxAllocatedGb: 400, type: 'gp3' });
  });

  test('a final snapshot when the stack deletes or replaces it', () => {
    expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(s.snapshotOnDelete ? ['Snapshot', 'Snapshot'] : ['Delete', 'Delete']);
  });

  test('its parameter group: the engine family\'s defaults, TLS required', () => {
    expect(resources[one('AWS::RDS::DBParameterGroup', s.key)].Properties).toEqual({
      Description: `Database ${s.key}: ${s.parameterGroup.family} defaults, TLS required`,
      Family: 'postgres15',
      Parameters: { 'rds.force_ssl': '1' },
      Tags: expect.any(Array),
    });
  });

  test('its subnet group spans exactly the isolated subnets, one per AZ', () => {
    const ids = resources[one('AWS::RDS::DBSubnetGroup', s.key)].Properties.SubnetIds as unknown[];
    expect(ids).toHaveLength(d.network.availabilityZones.length);
    expect(isolatedSubnets(ids)).toBe(true);
  });
});

describe.each(['orders', 'catalog'])('Aurora cluster (%s)', (key) => {
  const s = db(key);
  const id = dbResource(s);
  const r = resources[id];

  test('the cluster: every property as the design decides, Serverless v2 scaling only when serverless', () => {
    expect(r.Properties).toEqual({
      Engine: s.engine,
      EngineVersion: s.engineVersion,
      Port: s.port,
      DatabaseName: s.databaseName,
      MasterUsername: s.username,
      ManageMasterUserPassword: s.credentials.source === 'rds-managed',
      EnableIAMDatabaseAuthentication: s.iamAuth,
      BackupRetentionPeriod: s.backupRetentionDays,
      StorageEncrypted: true,
      DeletionProtection: s.deletionProtection,
      ...(s.serverless ? { ServerlessV2ScalingConfiguration: { MinCapacity: s.serverless.minAcu, MaxCapacity: s.serverless.maxAcu } } : {}),
      DBSubnetGroupName: ref(one('AWS::RDS::DBSubnetGroup', s.key)),
      DBClusterParameterGroupName: ref(one('AWS::RDS::DBClusterParameterGroup', s.key)),
      VpcSecurityGroupIds: [getAtt(securityGroupOf(s.key), 'GroupId')],
      Tags: expect.any(Array),
    });
    expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(s.snapshotOnDelete ? ['Snapshot', 'Snapshot'] : ['Delete', 'Delete']);
  });

  test('its cluster parameter group: the engine family\'s defaults, TLS required', () => {
    expect(resources[one('AWS::RDS::DBClusterParameterGroup', s.key)].Properties).toEqual({
      Description: `Database ${s.key}: ${s.parameterGroup.family} defaults, TLS required`,
      Family: { orders: 'aurora-postgresql16', catalog: 'aurora-mysql8.0' }[key],
      Parameters: { orders: { 'rds.force_ssl': '1' }, catalog: { require_secure_transport: 'ON' } }[key],
      Tags: expect.any(Array),
    });
  });

  test('one writer and `readers` readers, each of the design\'s class (db.serverless for Serverless v2), created after the writer', () => {
    const own = members(id);
    expect(own).toHaveLength(1 + s.readers);
    expect(s.instanceClass).toBe(s.serverless ? 'db.serverless' : 'db.r7g.large');
    const [writer] = own.filter((m) => m.includes('Writer'));
    for (const m of own) {
      expect(resources[m].Properties).toEqual({
        DBClusterIdentifier: ref(id),
        Engine: s.engine,
        DBInstanceClass: s.instanceClass,
        EnablePerformanceInsights: s.performanceInsights.enabled,
        ...(s.performanceInsights.enabled ? { PerformanceInsightsRetentionPeriod: s.performanceInsights.retentionDays } : {}),
        AutoMinorVersionUpgrade: s.autoMinorVersionUpgrade,
        PubliclyAccessible: false,
        Tags: expect.any(Array),
      });
      // The snapshot is the cluster's; an instance of it is deleted with it.
      expect([resources[m].DeletionPolicy, resources[m].UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
      if (m !== writer) expect(resources[m].DependsOn).toEqual([writer]);
    }
  });

  test('its subnet group spans exactly the isolated subnets', () => {
    expect(isolatedSubnets(resources[one('AWS::RDS::DBSubnetGroup', s.key)].Properties.SubnetIds as unknown[])).toBe(true);
  });
});

describe.each(['sessions', 'leaderboard'])('cache (%s)', (key) => {
  const c = cache(key);
  const id = groupOf(c);
  const r = resources[id];
  const secret = one('AWS::SecretsManager::Secret', c.key);

  test('the replication group: every property as the design decides; NumCacheClusters, or shards and replicas in cluster mode', () => {
    expect(r.Properties).toEqual({
      ReplicationGroupDescription: `Cache ${c.key}`,
      Engine: c.engine,
      EngineVersion: c.engineVersion,
      CacheParameterGroupName: c.parameterGroup,
      CacheNodeType: c.nodeType,
      ClusterMode: c.clusterMode ? 'enabled' : 'disabled',
      ...(c.clusterMode ? { NumNodeGroups: c.shards, ReplicasPerNodeGroup: c.replicasPerShard } : { NumCacheClusters: 1 + c.replicasPerShard }),
      AutomaticFailoverEnabled: c.automaticFailover,
      MultiAZEnabled: c.multiAz,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      AutoMinorVersionUpgrade: false,
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(secret), ':SecretString:::}}']] },
      SnapshotRetentionLimit: c.snapshotRetentionDays,
      Port: c.port,
      CacheSubnetGroupName: ref(one('AWS::ElastiCache::SubnetGroup', c.key)),
      SecurityGroupIds: [getAtt(securityGroupOf(c.key), 'GroupId')],
      Tags: expect.any(Array),
    });
    expect(c.parameterGroup.endsWith('.cluster.on')).toBe(c.clusterMode);
    expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(c.snapshotOnDelete ? ['Snapshot', 'Snapshot'] : ['Delete', 'Delete']);
  });

  test('the AUTH token: a generated secret of the design\'s length, letters and digits only, the whole secret string', () => {
    expect(resources[secret].Properties.GenerateSecretString).toEqual({ PasswordLength: c.authToken.length, ExcludePunctuation: true });
    // Never written out: the template holds a dynamic reference only.
    expect(JSON.stringify(r.Properties.AuthToken)).not.toMatch(/SecretString:[^:]/);
  });

  test('its subnet group spans exactly the isolated subnets', () => {
    expect(isolatedSubnets(resources[one('AWS::ElastiCache::SubnetGroup', c.key)].Properties.SubnetIds as unknown[])).toBe(true);
  });
});

describe.each([...databases, ...caches].map((s) => [s.key, s] as const))('%s: security group', (key, s) => {
  const sg = securityGroupOf(key);

  test('its own group: no inline ingress, and no egress (CDK\'s rule that matches nothing replaces the default allow-all)', () => {
    const p = resources[sg].Properties;
    expect(p.SecurityGroupIngress).toBeUndefined();
    expect(p.SecurityGroupEgress).toEqual([{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 }]);
    expect(ofType('AWS::EC2::SecurityGroupEgress').filter((e) => refId(resources[e].Properties.GroupId) === sg)).toEqual([]);
  });

  test('exactly one ingress rule per client, from that client\'s security group, on the store\'s port only', () => {
    expect(s.clients.length).toBeGreaterThan(0);
    const rules = ofType('AWS::EC2::SecurityGroupIngress').filter((i) => refId(resources[i].Properties.GroupId) === sg);
    expect(rules.map((i) => resources[i].Properties).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      s.clients
        .map((client) => ({
          Description: `From ${client}`,
          GroupId: getAtt(sg, 'GroupId'),
          SourceSecurityGroupId: getAtt(clientGroupOf(client), 'GroupId'),
          IpProtocol: 'tcp',
          FromPort: s.port,
          ToPort: s.port,
        }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    // Named by the client's key, in the store's construct.
    for (const client of s.clients) expect(rules.some((i) => i.startsWith(`Data${s.kind === 'database' ? 'Database' : 'Cache'}${key}Ingress${client}`))).toBe(true);
  });

  test('its clients are the tasks that use it (for a cache in front of a database: that database\'s users too)', () => {
    const users = tasks.filter((t) => t.connections.some((c) => c.store === key)).map((t) => t.key);
    expect(s.clients).toEqual([...users].sort());
  });
});

describe.each(tasks.filter((t) => t.secrets.length).map((t) => [t.key, t] as const))('task %s', (key, t) => {
  const c = containerOf(key);
  /** The secret's ARN as the template references it: RDS's MasterUserSecret, or the cache's token secret. */
  const secretArn = (storeKey: string) => {
    const s = store(storeKey);
    return s.kind === 'database' ? getAtt(dbResource(s), 'MasterUserSecret.SecretArn') : ref(one('AWS::SecretsManager::Secret', s.key));
  };

  test('credentials are ECS secrets: one JSON key of RDS\'s secret, or the cache\'s whole token', () => {
    expect(c.Secrets).toEqual(
      t.secrets.map((s) => ({
        Name: s.variable,
        ValueFrom: s.field ? { 'Fn::Join': ['', [secretArn(s.store), `:${s.field}::`]] } : secretArn(s.store),
      })),
    );
  });

  test('never plain environment variables: no secret name and no secret reference in the environment', () => {
    const env = c.Environment ?? [];
    for (const s of t.secrets) expect(env.map((e) => e.Name)).not.toContain(s.variable);
    expect(JSON.stringify(env)).not.toMatch(/MasterUserSecret|AuthToken|resolve:secretsmanager/);
  });

  test('the execution role may read exactly those secrets (and write its logs), nothing else', () => {
    const statements = statementsOf(roleOf(key, 'ExecutionRoleArn'));
    const logs = statements.filter((s) => asList(s.Action).every((a) => a.startsWith('logs:')));
    const rest = statements.filter((s) => !logs.includes(s));
    expect(logs).toHaveLength(1);
    const stores = [...new Set(t.secrets.map((s) => s.store))];
    expect(rest).toHaveLength(1);
    expect(rest[0].Effect).toBe('Allow');
    expect(asList(rest[0].Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(rest[0].Condition).toBeUndefined();
    const resourcesOf = asList(rest[0].Resource).map((v) => JSON.stringify(v));
    expect(resourcesOf.sort()).toEqual(stores.map((k) => JSON.stringify(secretArn(k))).sort());
  });

  test('its task role holds no secret access', () => {
    expect(JSON.stringify(statementsOf(roleOf(key, 'TaskRoleArn')))).not.toMatch(/secretsmanager/);
  });

  test('hosts resolve to the right endpoint: writer or instance, the cluster\'s reader endpoint, the primary or configuration endpoint; the port and database name are literal', () => {
    const env = Object.fromEntries((c.Environment ?? []).map((e) => [e.Name, e.Value]));
    for (const conn of t.connections) {
      const s = store(conn.store);
      const expected =
        s.kind === 'database'
          ? getAtt(dbResource(s), conn.attribute === 'reader-host' ? 'ReadEndpoint.Address' : 'Endpoint.Address')
          : getAtt(groupOf(s as CacheDesign), (s as CacheDesign).clusterMode ? 'ConfigurationEndPoint.Address' : 'PrimaryEndPoint.Address');
      expect({ variable: conn.variable, value: env[conn.variable] }).toEqual({ variable: conn.variable, value: expected });
      expect(env[conn.variable.replace(/_HOST$/, '_PORT')]).toBe(String((s as DatabaseDesign | CacheDesign).port));
      if (s.kind === 'database') expect(env[conn.variable.replace(/_HOST$/, '_DATABASE')]).toBe((s as DatabaseDesign).databaseName);
    }
  });

  test('its first task waits for every ingress rule that admits it and for its execution role\'s policy', () => {
    const starter = starterOf(t);
    const admits = ofType('AWS::EC2::SecurityGroupIngress').filter((i) => refId(resources[i].Properties.SourceSecurityGroupId) === clientGroupOf(key));
    expect(admits).toHaveLength([...databases, ...caches].filter((s) => s.clients.includes(key)).length);
    const executionPolicy = ofType('AWS::IAM::Policy').find((p) => (resources[p].Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleOf(key, 'ExecutionRoleArn')))!;
    expect(resources[starter].DependsOn).toEqual(expect.arrayContaining([...admits, executionPolicy]));
  });
});

describe('IAM database authentication', () => {
  test('rds-db:connect on exactly the admin user of the database, by its cluster resource ID, for the tasks that use it', () => {
    for (const t of tasks) {
      const connect = statementsOf(roleOf(t.key, 'TaskRoleArn')).filter((s) => asList(s.Action).includes('rds-db:connect'));
      const dbusers = t.access.filter((a) => a.resources.includes('dbuser'));
      expect(connect).toHaveLength(dbusers.length);
      for (const [i, a] of dbusers.entries()) {
        const s = db(a.store);
        expect(s.iamAuth).toBe(true);
        const resource = s.topology === 'cluster' ? getAtt(dbResource(s), 'DBClusterResourceId') : getAtt(dbResource(s), 'DbiResourceId');
        expect(connect[i]).toEqual({
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', [`arn:aws:rds-db:${d.region}:`, ref('AWS::AccountId'), ':dbuser:', resource, `/${s.username}`]] },
        });
      }
    }
    expect(tasks.filter((t) => t.access.some((a) => a.resources.includes('dbuser'))).map((t) => t.key).sort()).toEqual(['reports', 'web']);
  });

  test('no task-role statement has a wildcard resource', () => {
    for (const t of tasks) expect(JSON.stringify(statementsOf(roleOf(t.key, 'TaskRoleArn')))).not.toMatch(/"\*"|\/\*"/);
  });
});

const lint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
(lint ? test : test.skip)('cfn-lint: no errors and no unexpected warnings (as cfn-lint.test.ts runs it)', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-databases-')), 'databases.template.json');
  writeFileSync(file, JSON.stringify(template, null, 1));
  const run = spawnSync('cfn-lint', [file, '--format', 'json', '--ignore-checks', 'W3010', 'W3005'], { encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  const findings = JSON.parse(run.stdout || '[]') as { Rule: { Id: string }; Message: string; Location: { Path: unknown[] } }[];
  expect(findings.map((f) => `${f.Rule.Id} ${f.Message} at ${f.Location.Path.join('/')}`)).toEqual([]);
});

describe('the CloudFormation reader', () => {
  let inv: Inventory;
  beforeAll(() => {
    inv = inventoryFromTemplate(template);
  });
  const sorted = (xs: string[]) => [...xs].sort();
  const clientName = (key: string) => `${d.jobs.some((j) => j.key === key) ? 'job' : 'service'}:${key}`;

  test('databases: what the design decides, read from the template alone', () => {
    const expected: DatabaseInventory[] = databases.map((s) => ({
      name: `database:${s.key}`,
      sizing: s.sizing,
      engine: s.engine,
      engineVersion: s.engineVersion,
      topology: s.topology,
      instances: Array<string>(s.topology === 'cluster' ? 1 + s.readers : 1).fill(s.instanceClass),
      serverless: s.serverless ? { minAcu: s.serverless.minAcu, maxAcu: s.serverless.maxAcu } : null,
      multiAz: s.multiAz,
      storage: s.storage ? { allocatedGb: s.storage.allocatedGb, maxAllocatedGb: s.storage.maxAllocatedGb, type: s.storage.type } : null,
      port: s.port,
      databaseName: s.databaseName,
      username: s.username,
      managedPassword: s.credentials.source === 'rds-managed',
      generatedPassword: null,
      global: null,
      iamAuth: s.iamAuth,
      performanceInsightsRetentionDays: s.performanceInsights.enabled ? s.performanceInsights.retentionDays : null,
      // No key of the stack's in this fixture: AWS's own keys for Performance Insights and RDS's secret.
      performanceInsightsEncryption: s.performanceInsights.enabled ? 'aws-managed' : null,
      backupRetentionDays: s.backupRetentionDays,
      storageEncrypted: true,
      encryption: 'aws-managed',
      secretEncryption: 'aws-managed',
      logExports: s.logExports,
      monitoring: s.monitoring ? { intervalSeconds: s.monitoring.intervalSeconds, roleManagedPolicies: [s.monitoring.roleManagedPolicy] } : null,
      deletionProtection: s.deletionProtection,
      snapshotOnDelete: s.snapshotOnDelete,
      autoMinorVersionUpgrade: s.autoMinorVersionUpgrade,
      publiclyAccessible: false,
      subnets: { tier: 'isolated', count: d.network.availabilityZones.length },
      parameterGroup: { family: s.parameterGroup.family, parameters: Object.entries(s.parameterGroup.parameters).map(([k, v]) => `${k}=${v}`) },
      ingress: sorted(s.clients.map((c) => `${clientName(c)}:${s.port}`)),
      egress: [],
    }));
    expect(inv.databases).toEqual(expected);
  });

  test('caches: what the design decides, the AUTH token named by its secret', () => {
    const expected: CacheInventory[] = caches.map((c) => ({
      name: `cache:${c.key}`,
      engine: c.engine,
      engineVersion: c.engineVersion,
      parameterGroup: c.parameterGroup,
      nodeType: c.nodeType,
      clusterMode: c.clusterMode,
      shards: c.shards,
      replicasPerShard: c.replicasPerShard,
      automaticFailover: c.automaticFailover,
      multiAz: c.multiAz,
      transitEncryption: c.transitEncryption,
      atRestEncryption: c.atRestEncryption,
      encryption: 'aws-managed',
      autoMinorVersionUpgrade: c.autoMinorVersionUpgrade,
      authToken: `secret:cache:${c.key}`,
      authTokenEncryption: 'aws-managed',
      authTokenGeneration: { length: c.authToken.length, alphanumeric: true },
      snapshotRetentionDays: c.snapshotRetentionDays,
      snapshotOnDelete: c.snapshotOnDelete,
      port: c.port,
      subnets: { tier: 'isolated', count: d.network.availabilityZones.length },
      ingress: sorted(c.clients.map((k) => `${clientName(k)}:${c.port}`)),
      egress: [],
    }));
    expect(inv.caches).toEqual(expected);
  });

  test('tasks: secrets by store and field, the execution role reading exactly those secrets, hosts by store, rds-db:connect by database user', () => {
    const name = (storeKey: string) => `${store(storeKey).kind}:${storeKey}`;
    for (const t of tasks) {
      const got = t.job ? inv.jobs.find((j) => j.key === t.key)! : inv.services.find((s) => s.key === t.key)!;
      expect({ key: t.key, secrets: got.secrets }).toEqual({ key: t.key, secrets: sorted(t.secrets.map((s) => `${s.variable}=${name(s.store)}${s.field ? `:${s.field}` : ''}`)) });
      const stores = [...new Set(t.secrets.map((s) => s.store))];
      expect({ key: t.key, executionPermissions: got.executionPermissions }).toEqual({
        key: t.key,
        executionPermissions: stores.length
          ? [{ effect: 'Allow', actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: sorted(stores.map((k) => `secret:${name(k)}`)) }]
          : [],
      });
      for (const c of t.connections) expect(got.environment).toContain(`${c.variable}=${name(c.store)}${c.attribute === 'reader-host' ? '/reader' : ''}`);
      const dbusers = t.access.filter((a) => a.resources.includes('dbuser'));
      expect(got.permissions.filter((p) => p.actions.includes('rds-db:connect'))).toEqual(
        dbusers.map((a) => ({ effect: 'Allow', actions: ['rds-db:connect'], resources: [`database:${a.store}/dbuser:${db(a.store).username}`] })),
      );
    }
  });

  test('a secret the template does not tie to a store, or a token written out, throws', () => {
    const broken = JSON.parse(JSON.stringify(template)) as { Resources: Resources };
    const group = groupOf(cache('sessions'));
    broken.Resources[group].Properties.AuthToken = 'not-a-secret-at-all';
    expect(() => inventoryFromTemplate(broken)).toThrow(new RegExp(`${group} \\(AWS::ElastiCache::ReplicationGroup\\) AuthToken: the token is not a dynamic reference`));
  });

  test('a database property the inventory does not read throws, naming it', () => {
    const broken = JSON.parse(JSON.stringify(template)) as { Resources: Resources };
    const id = dbResource(db('ledger'));
    broken.Resources[id].Properties.MasterUserPassword = 'hunter2';
    expect(() => inventoryFromTemplate(broken)).toThrow(new RegExp(`${id} \\(AWS::RDS::DBInstance\\): MasterUserPassword: not in the inventory`));
  });

  test('a store security group that lets traffic out reads as egress', () => {
    const broken = JSON.parse(JSON.stringify(template)) as { Resources: Resources };
    delete broken.Resources[securityGroupOf('ledger')].Properties.SecurityGroupEgress;
    expect(inventoryFromTemplate(broken).databases.find((x) => x.name === 'database:ledger')!.egress).toEqual(['0.0.0.0/0:all']);
  });
});

/*
 * Logical IDs derive from store keys: the fixture with its services and
 * stores in reverse order and a database and a cache added keeps every
 * existing database and cache resource (and the rules admitting its
 * clients) under the same logical ID with the same definition.
 */
describe('logical-ID stability', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-databases-ids-'));
  const variant = path.join(dir, 'databases-variant.yaml');
  const bp = load(readFileSync(FIXTURE, 'utf8')) as { services: Record<string, { uses?: string[] }>; data: Record<string, unknown> };
  const reversed = <V>(o: Record<string, V>) => Object.fromEntries(Object.entries(o).reverse());
  const services = reversed(bp.services);
  services.reports = { ...services.reports, uses: [...(services.reports.uses ?? []), 'audit'] };
  writeFileSync(
    variant,
    dump({
      ...bp,
      services,
      // The new database declares its growth, leaving the others' shares of data_growth_gb_month as they were.
      data: { rates: { engine: 'valkey' }, ...reversed(bp.data), audit: { engine: 'postgres', growth_gb_month: 0 } },
    }),
  );

  const STORE_TYPES = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSubnetGroup', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup', 'AWS::SecretsManager::Secret', 'AWS::EC2::SecurityGroup'];
  const storeResources = (rs: Resources) => {
    const owned = Object.entries(rs).filter(([, r]) => STORE_TYPES.includes(r.Type) && storeTag(r) !== undefined);
    const groups = new Set(owned.filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup').map(([id]) => id));
    const rules = Object.entries(rs).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress' && groups.has(refId(r.Properties.GroupId)));
    return Object.fromEntries([...owned, ...rules]);
  };

  test('the variant really reorders the fixture and adds two stores', () => {
    const text = readFileSync(variant, 'utf8');
    const keys = Object.keys((load(text) as { data: object }).data);
    expect(keys[0]).toBe('rates');
    expect(keys.at(-1)).toBe('audit');
    expect(keys.slice(1, -1)).toEqual(Object.keys(bp.data).reverse());
    expect(Object.keys((load(text) as { services: object }).services)).toEqual(Object.keys(bp.services).reverse());
  });

  test('every database and cache resource of the fixture keeps its logical ID and definition', () => {
    const before = storeResources(resources);
    const after = storeResources(templateOf(buildStack(loadBlueprint(variant)).stack).Resources as Resources);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    for (const [id, r] of Object.entries(before)) expect({ id, resource: after[id] }).toEqual({ id, resource: r });
    const added = Object.keys(after).filter((id) => !(id in before));
    expect(added.map((id) => `${after[id].Type} ${storeTag(after[id]) ?? id}`).sort()).toEqual(
      expect.arrayContaining(['AWS::ElastiCache::ReplicationGroup rates', 'AWS::RDS::DBInstance audit', 'AWS::SecretsManager::Secret rates']),
    );
    expect(added.some((id) => id.startsWith('DataDatabaseauditIngressreports'))).toBe(true);
  });
});
