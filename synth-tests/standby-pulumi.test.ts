import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { MOCK_ACCOUNT, mockEndpoint, mockPassword, mockRotationLambdaArn } from '../src/pulumi/mock-values';
import { designOf } from './support';

/*
 * The pilot-light standby of blueprints/three-tier.yaml in the Pulumi graph: the primary's Aurora global
 * database (global cluster, generated replicated secret, hosted rotation) and the standby stack on the
 * recovery provider (its own network, an idle service, a disabled job, the primary's replicas in place,
 * a headless secondary cluster); and a warm-standby variant (one instance, services at min 1, a global
 * table's replica reached by name).
 */
const FILE = 'blueprints/three-tier.yaml';
const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const T = {
  stack: 'blueprint:index:Stack',
  vpc: 'aws:ec2/vpc:Vpc',
  bucket: 'aws:s3/bucket:Bucket',
  table: 'aws:dynamodb/table:Table',
  cluster: 'aws:rds/cluster:Cluster',
  member: 'aws:rds/clusterInstance:ClusterInstance',
  global: 'aws:rds/globalCluster:GlobalCluster',
  secret: 'aws:secretsmanager/secret:Secret',
  version: 'aws:secretsmanager/secretVersion:SecretVersion',
  rotation: 'aws:secretsmanager/secretRotation:SecretRotation',
  app: 'aws:serverlessrepository/cloudFormationStack:CloudFormationStack',
  password: 'random:index/randomPassword:RandomPassword',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  service: 'aws:ecs/service:Service',
  schedule: 'aws:scheduler/schedule:Schedule',
  target: 'aws:appautoscaling/target:Target',
  task: 'aws:ecs/taskDefinition:TaskDefinition',
  policy: 'aws:iam/rolePolicy:RolePolicy',
};

/** A variant of the blueprint, written to a temporary file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function variant(edit: (doc: Record<string, any>) => void): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc = yaml.load(readFileSync(FILE, 'utf8')) as Record<string, any>;
  edit(doc);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-standby-')), 'three-tier.yaml');
  writeFileSync(file, yaml.dump(doc));
  return file;
}

const finder = (g: RegisteredResource[]) => ({
  ofType: (type: string) => g.filter((r) => r.type === type),
  one: (type: string, name: string) => {
    const r = g.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}`);
    return r;
  },
});
/** A secret input as the mocks receive it: wrapped, so the engine keeps it encrypted. */
const secretValue = (value: string) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });
const container = (g: RegisteredResource[], task: string) =>
  JSON.parse(finder(g).one(T.task, task).inputs.containerDefinitions as string)[0] as { environment: { name: string; value: string }[]; secrets?: { name: string; valueFrom: string }[] };
const environment = (g: RegisteredResource[], task: string) => Object.fromEntries(container(g, task).environment.map((e) => [e.name, e.value]));
const secretArn = (region: string) => `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:three-tier-database-catalog-secret`;

describe('pilot-light (blueprints/three-tier.yaml)', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(designOf(FILE));
  });
  const f = () => finder(g);
  const standbyResources = () => g.filter((r) => r.name.startsWith('three-tier-standby'));

  describe('the primary: an Aurora global database', () => {
    test('the cluster takes its master user and password from the generated password, not from RDS', () => {
      const cluster = f().one(T.cluster, 'three-tier-database-catalog');
      expect(cluster.inputs).toMatchObject({ masterUsername: 'dbadmin', masterPassword: secretValue(mockPassword('three-tier-database-catalog-password', 30)), databaseName: 'catalog' });
      expect(cluster.inputs.manageMasterUserPassword).toBeUndefined();
      expect(cluster.inputs.globalClusterIdentifier).toBeUndefined();
      // The global cluster sets its membership after the fact: `pulumi up` leaves it.
      expect(cluster.ignoreChanges).toEqual(['globalClusterIdentifier']);
      expect(cluster.provider).toBeUndefined();
    });

    test('the global cluster is created from the primary cluster, with its deletion protection, never force-destroyed', () => {
      const globals = f().ofType(T.global);
      expect(globals).toHaveLength(1);
      expect(globals[0]).toMatchObject({
        name: 'three-tier-database-catalog-global',
        parent: 'blueprint:index:Data::three-tier',
        inputs: { globalClusterIdentifier: 'three-tier-catalog', sourceDbClusterIdentifier: `arn:aws:rds:${PRIMARY}:${MOCK_ACCOUNT}:three-tier-database-catalog`, deletionProtection: true, forceDestroy: false },
      });
      // Kept or deleted as the database is (three-tier's: deleted, after a final snapshot).
      expect(globals[0].retainOnDelete).toBe(f().one(T.cluster, 'three-tier-database-catalog').retainOnDelete);
      // Created from the cluster: no engine or database of its own.
      expect(globals[0].inputs).not.toHaveProperty('engine');
      expect(globals[0].provider).toBeUndefined();
    });

    test('the generated password: 30 characters, the punctuation the design allows, no space', () => {
      const password = f().one(T.password, 'three-tier-database-catalog-password');
      expect(password.inputs).toEqual({ length: 30, special: true, overrideSpecial: ',-.=^_' });
      const exclude = designOf(FILE).stores.find((s) => s.key === 'catalog');
      if (exclude?.kind !== 'database' || exclude.credentials.source !== 'generated') throw new Error('catalog has no generated credentials');
      for (const ch of password.inputs.overrideSpecial as string) expect(exclude.credentials.excludeCharacters).not.toContain(ch);
    });

    test('the secret: named, replicated into the standby region, tagged as the store; its value the JSON the rotation function connects with', () => {
      const secret = f().one(T.secret, 'three-tier-database-catalog-secret');
      expect(secret.inputs).toEqual({
        name: 'three-tier/catalog/admin',
        description: 'Admin credentials of database catalog',
        replicas: [{ region: STANDBY }],
        tags: { 'blueprint:store': 'catalog' },
      });
      expect(secret.retainOnDelete).toBe(f().one(T.cluster, 'three-tier-database-catalog').retainOnDelete);
      const version = f().one(T.version, 'three-tier-database-catalog-secret-value');
      expect(version.inputs.secretId).toBe('three-tier-database-catalog-secret-id');
      const value = version.inputs.secretString as { value: string };
      expect(value).toMatchObject(secretValue(value.value));
      expect(JSON.parse(value.value)).toEqual({
        engine: 'postgres',
        host: mockEndpoint.cluster('three-tier-database-catalog', PRIMARY),
        port: 5432,
        dbname: 'catalog',
        username: 'dbadmin',
        password: mockPassword('three-tier-database-catalog-password', 30),
      });
    });

    test('the rotation: the hosted PostgreSQL single-user application in the private subnets, every 30 days', () => {
      const app = f().one(T.app, 'three-tier-database-catalog-rotation');
      expect(app.inputs).toEqual({
        name: 'three-tier-database-catalog-rotation',
        applicationId: 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser',
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
        parameters: {
          endpoint: `https://secretsmanager.${PRIMARY}.amazonaws.com`,
          functionName: 'three-tier-database-catalog-rotation',
          excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
          vpcSubnetIds: ['a', 'b', 'c'].map((az) => `three-tier-private-${PRIMARY}${az}-id`).join(','),
          vpcSecurityGroupIds: 'three-tier-database-catalog-rotation-sg-id',
        },
        tags: { 'blueprint:store': 'catalog' },
      });
      const rotations = f().ofType(T.rotation);
      expect(rotations).toHaveLength(1);
      expect(rotations[0].inputs).toEqual({
        secretId: 'three-tier-database-catalog-secret-id',
        rotationLambdaArn: mockRotationLambdaArn('three-tier-database-catalog-rotation', PRIMARY),
        rotationRules: { automaticallyAfterDays: 30 },
      });
    });

    test('the rotation function has a security group of its own, which the database admits on its port', () => {
      const sg = f().one(T.sg, 'three-tier-database-catalog-rotation-sg');
      expect(sg.inputs.egress).toEqual([{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Secrets Manager API (through NAT) and the database' }]);
      const rule = f().one(T.ingress, 'three-tier-database-catalog-ingress-from-rotation');
      expect(rule.inputs).toMatchObject({
        securityGroupId: 'three-tier-database-catalog-sg-id',
        referencedSecurityGroupId: 'three-tier-database-catalog-rotation-sg-id',
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
      });
    });

    test('tasks read the username and password from the generated secret, and the execution role exactly it', () => {
      expect(container(g, 'three-tier-svc-web-task').secrets).toEqual(
        expect.arrayContaining([
          { name: 'CATALOG_USERNAME', valueFrom: `${secretArn(PRIMARY)}:username::` },
          { name: 'CATALOG_PASSWORD', valueFrom: `${secretArn(PRIMARY)}:password::` },
        ]),
      );
      const statements = JSON.parse(f().one(T.policy, 'three-tier-svc-web-execution-policy').inputs.policy as string).Statement as { Resource: string | string[] }[];
      expect(statements[1].Resource).toContain(secretArn(PRIMARY));
    });

    test('the primary creates the replica bucket on the recovery provider, as before', () => {
      // Not the access-log buckets: the disaster-recovery one (the replica's logs) and the standby's own.
      const replicas = f().ofType(T.bucket).filter((b) => b.provider === 'aws-recovery' && !b.name.endsWith('-access-logs'));
      expect(replicas.map((b) => [b.name, b.parent])).toEqual([['three-tier-bucket-uploads-replica', 'blueprint:index:Data::three-tier']]);
    });
  });

  describe('the standby: a stack of its own on the recovery provider', () => {
    test('a BlueprintStack named three-tier-standby that names the stack it stands by for', () => {
      const stacks = f().ofType(T.stack);
      expect(stacks.map((s) => [s.name, s.parent, s.inputs])).toEqual([
        ['three-tier', null, {}],
        ['three-tier-standby', null, { standbyOf: 'three-tier' }],
      ]);
    });

    test('every custom resource of the standby is on the recovery provider (random values need none)', () => {
      const custom = standbyResources().filter((r) => r.custom);
      expect(custom.length).toBeGreaterThan(90);
      for (const r of custom) expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: r.type.startsWith('random:') ? undefined : 'aws-recovery' });
    });

    test('its network: 10.31.0.0/16, after the primary\'s 10.30.0.0/16', () => {
      const vpcs = f().ofType(T.vpc);
      expect(vpcs.map((v) => [v.name, v.inputs.cidrBlock, v.provider])).toEqual([
        ['three-tier-standby-vpc', '10.31.0.0/16', 'aws-recovery'],
        ['three-tier-vpc', '10.30.0.0/16', undefined],
      ]);
    });

    test('the secondary cluster joins the global cluster, headless, with no master user of its own', () => {
      const cluster = f().one(T.cluster, 'three-tier-standby-database-catalog');
      expect(cluster.provider).toBe('aws-recovery');
      expect(cluster.inputs).toMatchObject({
        globalClusterIdentifier: 'three-tier-catalog',
        engine: 'aurora-postgresql',
        engineVersion: '16.6',
        port: 5432,
        storageEncrypted: true,
        // An encrypted cross-region secondary names its region's aws/rds key.
        kmsKeyId: `arn:aws:kms:${STANDBY}:${MOCK_ACCOUNT}:alias/aws/rds`,
        deletionProtection: true,
        backupRetentionPeriod: 7,
        iamDatabaseAuthenticationEnabled: false,
        dbSubnetGroupName: 'three-tier-standby-database-catalog-subnets',
        vpcSecurityGroupIds: ['three-tier-standby-database-catalog-sg-id'],
        skipFinalSnapshot: false,
      });
      for (const k of ['masterUsername', 'masterPassword', 'manageMasterUserPassword', 'databaseName']) expect(cluster.inputs).not.toHaveProperty(k);
      expect(cluster.ignoreChanges).toEqual(['replicationSourceIdentifier']);
      expect(f().ofType(T.member).filter((m) => m.name.startsWith('three-tier-standby'))).toEqual([]);
      // Its subnet group spans the standby's isolated subnets.
      expect(f().one('aws:rds/subnetGroup:SubnetGroup', 'three-tier-standby-database-catalog-subnets').inputs.subnetIds).toEqual(
        ['a', 'b', 'c'].map((az) => `three-tier-standby-isolated-${STANDBY}${az}-id`),
      );
    });

    test('the standby creates no secret, rotation or global cluster of the database, and no bucket but its access-log bucket', () => {
      const created = standbyResources().map((r) => r.type);
      for (const type of [T.global, T.rotation, T.app, 'aws:s3/bucketReplicationConfig:BucketReplicationConfig']) expect(created).not.toContain(type);
      expect(standbyResources().filter((r) => r.type === T.bucket).map((b) => b.name)).toEqual(['three-tier-standby-access-logs']);
      expect(standbyResources().filter((r) => r.type === T.secret).map((s) => s.name)).toEqual(['three-tier-standby-cache-sessions-auth-token-secret']);
    });

    test('the service waits with no task running: desired count 0, scaling from 0', () => {
      const svc = f().one(T.service, 'three-tier-standby-svc-web-service');
      expect(svc.inputs.desiredCount).toBe(0);
      expect(f().one(T.service, 'three-tier-svc-web-service').inputs).not.toHaveProperty('desiredCount');
      const target = f().ofType(T.target).find((t) => t.name.startsWith('three-tier-standby-'));
      expect(target?.inputs.minCapacity).toBe(0);
    });

    test('the job\'s schedule is disabled (the primary\'s enabled)', () => {
      expect(f().one(T.schedule, 'three-tier-standby-job-thumbnailer-schedule').inputs.state).toBe('DISABLED');
      expect(f().one(T.schedule, 'three-tier-job-thumbnailer-schedule').inputs.state).toBe('ENABLED');
    });

    test('its tasks use the primary\'s replica bucket by name, and may use it only', () => {
      const replicaName = f().one(T.bucket, 'three-tier-bucket-uploads-replica').inputs.bucket as string;
      expect(replicaName).toMatch(/-123456789012$/);
      expect(environment(g, 'three-tier-standby-svc-web-task').UPLOADS_BUCKET).toBe(replicaName);
      expect(environment(g, 'three-tier-standby-job-thumbnailer-task').UPLOADS_BUCKET).toBe(replicaName);
      const replicaArn = `arn:aws:s3:${STANDBY}:${MOCK_ACCOUNT}:three-tier-bucket-uploads-replica`;
      const statements = JSON.parse(f().one(T.policy, 'three-tier-standby-svc-web-task-policy').inputs.policy as string).Statement as { Resource: string | string[] }[];
      expect(statements.map((s) => s.Resource)).toContainEqual([replicaArn, `${replicaArn}/*`]);
    });

    test('its tasks read the replica of the primary\'s secret: the primary\'s ARN in the standby region', () => {
      expect(container(g, 'three-tier-standby-svc-web-task').secrets).toEqual(
        expect.arrayContaining([
          { name: 'CATALOG_USERNAME', valueFrom: `${secretArn(STANDBY)}:username::` },
          { name: 'CATALOG_PASSWORD', valueFrom: `${secretArn(STANDBY)}:password::` },
        ]),
      );
      expect(environment(g, 'three-tier-standby-svc-web-task').CATALOG_HOST).toBe(mockEndpoint.cluster('three-tier-standby-database-catalog', STANDBY));
    });

    test('mock values of standby resources are in the standby region', () => {
      expect(f().one(T.service, 'three-tier-standby-svc-web-service').inputs.cluster).toBe(`arn:aws:ecs:${STANDBY}:${MOCK_ACCOUNT}:three-tier-standby-cluster`);
    });
  });

  test('the Pulumi reader reads the primary\'s global database and the standby as an inventory of its own', () => {
    const inv = inventoryFromPulumi(g);
    const [primary] = inv.databases;
    expect(primary).toMatchObject({
      name: 'database:catalog',
      managedPassword: false,
      generatedPassword: {
        secretName: 'three-tier/catalog/admin',
        length: 30,
        excludeCharacters: ' !"#$%&\'()*+/:;<>?@[\\]`{|}~',
        replicaRegions: [STANDBY],
        rotation: { days: 30, function: 'postgresql-single-user', subnets: { tier: 'private', count: 3 } },
      },
      global: { identifier: 'three-tier-catalog', role: 'primary', deletionProtection: true },
      ingress: ['rotation:catalog:5432', 'service:web:5432'],
    });
    const standby = inv.standby!;
    expect(standby.standby).toBeNull();
    expect(standby.network.vpcCidr).toBe('10.31.0.0/16');
    expect(standby.backup).toBeNull();
    // The replica bucket is the primary's: in its inventory, not the standby's.
    expect(standby.buckets.map((b) => b.name)).toEqual(['bucket:access-logs']); // its own access-log bucket only
    expect(inv.buckets.map((b) => b.name)).toEqual(['bucket:access-logs', 'bucket:access-logs/dr', 'bucket:uploads', 'bucket:uploads/replica']);
    expect(standby.databases).toEqual([
      expect.objectContaining({
        name: 'database:catalog',
        instances: [],
        username: '',
        databaseName: '',
        managedPassword: false,
        generatedPassword: null,
        global: { identifier: 'three-tier-catalog', role: 'secondary', deletionProtection: null },
        encryption: 'aws-managed',
        ingress: ['service:web:5432'],
      }),
    ]);
    const web = standby.services.find((s) => s.key === 'web')!;
    expect(web.desiredCount).toBe(0);
    expect(web.environment).toContain('UPLOADS_BUCKET=bucket:uploads/replica');
    expect(web.secrets).toEqual(['CATALOG_PASSWORD=database:catalog:password', 'CATALOG_USERNAME=database:catalog:username', 'SESSIONS_AUTH_TOKEN=cache:sessions']);
    expect(web.executionPermissions[0].resources).toEqual(['secret:cache:sessions', 'secret:database:catalog']);
    expect(web.permissions[0].resources).toEqual(['bucket:uploads/replica', 'bucket:uploads/replica/*']);
    expect(standby.jobs.map((j) => j.schedule.state)).toEqual(['DISABLED']);
  });

  test('the reader refuses a second standby stack and a rotation it cannot describe', () => {
    const twice = g.map((r) => (r.type === T.stack && r.name === 'three-tier' ? { ...r, inputs: { standbyOf: 'elsewhere' } } : r));
    expect(() => inventoryFromPulumi(twice)).toThrow('parity: 2 standby stacks');
    const hourly = g.map((r) => (r.type === T.rotation ? { ...r, inputs: { ...r.inputs, rotationRules: { scheduleExpression: 'rate(4 hours)' } } } : r));
    expect(() => inventoryFromPulumi(hourly)).toThrow('sets scheduleExpression, which the inventory does not read');
    const other = g.map((r) => (r.type === T.app ? { ...r, inputs: { ...r.inputs, applicationId: 'arn:aws:serverlessrepo:us-east-1:1:applications/Mine' } } : r));
    expect(() => inventoryFromPulumi(other)).toThrow('which is no hosted single-user rotation application');
  });
});

describe('warm-standby (a variant with a global table)', () => {
  let g: RegisteredResource[];
  const file = variant((doc) => {
    doc.resilience.dr = 'warm-standby';
    doc.data.orders = { engine: 'dynamodb', partition_key: { name: 'pk' } };
    doc.services.web.uses = [...doc.services.web.uses, 'orders'];
  });
  beforeAll(async () => {
    g = await runUnderMocks(design(loadBlueprint(file).blueprint));
  });
  const f = () => finder(g);

  test('the secondary cluster has one instance, the writer slot', () => {
    const members = f().ofType(T.member).filter((m) => m.name.startsWith('three-tier-standby'));
    expect(members.map((m) => [m.name, m.inputs.instanceClass, m.inputs.clusterIdentifier, m.provider])).toEqual([
      ['three-tier-standby-database-catalog-writer', 'db.r7g.large', 'three-tier-standby-database-catalog-id', 'aws-recovery'],
    ]);
  });

  test('services run at least one task: no fixed desired count, scaling from 1', () => {
    expect(f().one(T.service, 'three-tier-standby-svc-web-service').inputs).not.toHaveProperty('desiredCount');
    const target = f().ofType(T.target).find((t) => t.name.startsWith('three-tier-standby-'));
    expect(target?.inputs.minCapacity).toBe(1);
  });

  test('the global table is named; the standby reaches its replica by that name and its ARN in the standby region', () => {
    const table = f().one(T.table, 'three-tier-table-orders');
    expect(table.inputs).toMatchObject({ name: 'three-tier-orders', replicas: [expect.objectContaining({ regionName: STANDBY })] });
    expect(f().ofType(T.table).map((t) => t.name)).toEqual(['three-tier-table-orders']);
    expect(environment(g, 'three-tier-standby-svc-web-task').ORDERS_TABLE).toBe('three-tier-orders');
    const arn = `arn:aws:dynamodb:${STANDBY}:${MOCK_ACCOUNT}:table/three-tier-orders`;
    const statements = JSON.parse(f().one(T.policy, 'three-tier-standby-svc-web-task-policy').inputs.policy as string).Statement as { Resource: string | string[] }[];
    expect(statements.flatMap((s) => ([] as string[]).concat(s.Resource))).toContain(arn);
  });

  test('the reader names the replica as the primary\'s table, and lists it in the primary only', () => {
    const inv = inventoryFromPulumi(g);
    expect(inv.tables.map((t) => [t.name, t.tableName, t.replicaRegions])).toEqual([['table:orders', 'three-tier-orders', [STANDBY]]]);
    const standby = inv.standby!;
    expect(standby.tables).toEqual([]);
    expect(standby.databases[0].instances).toEqual(['db.r7g.large']);
    const web = standby.services.find((s) => s.key === 'web')!;
    expect(web.desiredCount).toBeNull();
    expect(web.scaling?.min).toBe(1);
    expect(web.environment).toContain('ORDERS_TABLE=table:orders');
    expect(web.permissions.flatMap((p) => p.resources)).toContain('table:orders');
  });
});
