import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { MOCK_ACCOUNT, mockEndpoint, mockHex, mockMasterUserSecretArn, mockPassword } from '../src/pulumi/mock-values';
import { designOf } from './support';

/* The databases and caches of the databases fixture, and their edges, in the Pulumi graph. */
// Pending until both backends render it; then it joins the fixtures (snapshot, cfn-lint, parity).
const FIXTURE = 'synth-tests/fixtures/databases.yaml';
const REGION = 'us-east-1';
let g: RegisteredResource[];
beforeAll(async () => {
  g = await runUnderMocks(designOf(FIXTURE));
});

const ofType = (type: string) => g.filter((r) => r.type === type);
const one = (type: string, name: string) => {
  const r = g.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};
const T = {
  instance: 'aws:rds/instance:Instance',
  cluster: 'aws:rds/cluster:Cluster',
  member: 'aws:rds/clusterInstance:ClusterInstance',
  dbSubnets: 'aws:rds/subnetGroup:SubnetGroup',
  group: 'aws:elasticache/replicationGroup:ReplicationGroup',
  cacheSubnets: 'aws:elasticache/subnetGroup:SubnetGroup',
  secret: 'aws:secretsmanager/secret:Secret',
  version: 'aws:secretsmanager/secretVersion:SecretVersion',
  password: 'random:index/randomPassword:RandomPassword',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  task: 'aws:ecs/taskDefinition:TaskDefinition',
  policy: 'aws:iam/rolePolicy:RolePolicy',
};
/** A secret input as the mocks receive it: wrapped, so the engine keeps it encrypted. */
const secretValue = (value: string) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });
const isolated = ['us-east-1a', 'us-east-1b', 'us-east-1c'].map((az) => `databases-isolated-${az}-id`);
const container = (task: string) =>
  JSON.parse(one(T.task, task).inputs.containerDefinitions as string)[0] as { environment: { name: string; value: string }[]; secrets?: { name: string; valueFrom: string }[] };
const environment = (task: string) => Object.fromEntries(container(task).environment.map((e) => [e.name, e.value]));
const statements = (policy: string) => JSON.parse(one(T.policy, policy).inputs.policy as string).Statement as { Effect: string; Action: string | string[]; Resource: string | string[] }[];
// A final snapshot's name: the key plus the random suffix the stack keeps (a RandomId, mocked from its name).
const finalName = (prefix: string) => `${prefix}-final-${mockHex(`${prefix}-final-suffix`, 4)}`;
const rdsSecret = (name: string) => mockMasterUserSecretArn(name, REGION);
const tokenSecret = (key: string) => `arn:aws:secretsmanager:${REGION}:${MOCK_ACCOUNT}:databases-cache-${key}-auth-token-secret`;

test('every database and cache resource sits in the Data component, tagged with its key, and is not retained', () => {
  const stores = g.filter((r) => [T.instance, T.cluster, T.member, T.dbSubnets, T.group, T.cacheSubnets, T.secret].includes(r.type) || /^databases-(database|cache)-/.test(r.name));
  // ledger 7, orders 9, catalog 9 (store, subnet group, parameter group, security group, members, a rule per client, the final snapshot's name suffix); sessions 9, leaderboard 8 (and token, secret, version).
  expect(stores.length).toBe(42);
  for (const r of stores) {
    expect({ name: r.name, parent: r.parent, retained: r.retainOnDelete }).toEqual({ name: r.name, parent: 'blueprint:index:Data::databases', retained: undefined });
    // Generated passwords and ids and secret versions take no tags; everything else carries its store's, and the
    // database itself also its share of the growth (5 GB a month over the three databases).
    const sized = r.type === T.instance || r.type === T.cluster ? { 'blueprint:growth-gb-month': '1.667' } : {};
    if (!r.type.startsWith('random:') && r.type !== T.version) expect(r.inputs.tags).toEqual({ 'blueprint:store': r.name.split('-')[2], ...sized });
  }
});

test('the RDS instance (ledger): PostgreSQL 15, Multi-AZ, gp3 storage that grows, the port written, in the isolated subnets', () => {
  const ledger = one(T.instance, 'databases-database-ledger');
  expect(ledger.inputs).toEqual({
    engine: 'postgres',
    engineVersion: '15.10',
    instanceClass: 'db.m7g.large',
    multiAz: true,
    allocatedStorage: 100,
    maxAllocatedStorage: 400,
    storageType: 'gp3',
    port: 5444,
    dbName: 'ledger',
    username: 'dbadmin',
    manageMasterUserPassword: true,
    iamDatabaseAuthenticationEnabled: false,
    performanceInsightsEnabled: true,
    performanceInsightsRetentionPeriod: 7,
    backupRetentionPeriod: 7,
    storageEncrypted: true,
    deletionProtection: true,
    autoMinorVersionUpgrade: false,
    publiclyAccessible: false,
    dbSubnetGroupName: 'databases-database-ledger-subnets',
    parameterGroupName: 'databases-database-ledger-parameters',
    vpcSecurityGroupIds: ['databases-database-ledger-sg-id'],
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: finalName('databases-database-ledger'),
    tags: { 'blueprint:store': 'ledger', 'blueprint:growth-gb-month': '1.667' },
  });
  // No KMS key of its own: encrypted with the AWS-managed aws/rds key.
  expect(ledger.inputs.kmsKeyId).toBeUndefined();
  expect(one(T.dbSubnets, 'databases-database-ledger-subnets').inputs.subnetIds).toEqual(isolated);
});

test('the Aurora Serverless v2 cluster (orders): IAM auth, 0.5-8 ACU, a serverless writer and one reader', () => {
  expect(one(T.cluster, 'databases-database-orders').inputs).toEqual({
    engine: 'aurora-postgresql',
    engineVersion: '16.6',
    port: 5432,
    databaseName: 'orders',
    masterUsername: 'dbadmin',
    manageMasterUserPassword: true,
    iamDatabaseAuthenticationEnabled: true,
    backupRetentionPeriod: 7,
    storageEncrypted: true,
    deletionProtection: true,
    serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 },
    dbSubnetGroupName: 'databases-database-orders-subnets',
    dbClusterParameterGroupName: 'databases-database-orders-parameters',
    vpcSecurityGroupIds: ['databases-database-orders-sg-id'],
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: finalName('databases-database-orders'),
    tags: { 'blueprint:store': 'orders', 'blueprint:growth-gb-month': '1.667' },
  });
  const members = ofType(T.member).filter((m) => m.name.startsWith('databases-database-orders-'));
  expect(members.map((m) => m.name)).toEqual(['databases-database-orders-reader-1', 'databases-database-orders-writer']);
  for (const m of members) {
    expect(m.inputs).toEqual({
      clusterIdentifier: 'databases-database-orders-id',
      engine: 'aurora-postgresql',
      instanceClass: 'db.serverless',
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: 7,
      autoMinorVersionUpgrade: false,
      publiclyAccessible: false,
      tags: { 'blueprint:store': 'orders' },
    });
  }
  expect(one(T.dbSubnets, 'databases-database-orders-subnets').inputs.subnetIds).toEqual(isolated);
});

test('the provisioned Aurora MySQL cluster (catalog): version 3 pinned, db.r7g.large, a writer and two readers', () => {
  const catalog = one(T.cluster, 'databases-database-catalog').inputs;
  expect(catalog).toMatchObject({ engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', port: 3306, databaseName: 'catalog', iamDatabaseAuthenticationEnabled: false });
  expect(catalog.serverlessv2ScalingConfiguration).toBeUndefined();
  const members = ofType(T.member).filter((m) => m.name.startsWith('databases-database-catalog-'));
  expect(members.map((m) => [m.name, m.inputs.instanceClass])).toEqual([
    ['databases-database-catalog-reader-1', 'db.r7g.large'],
    ['databases-database-catalog-reader-2', 'db.r7g.large'],
    ['databases-database-catalog-writer', 'db.r7g.large'],
  ]);
});

test('every database and cache takes a final snapshot, named after its key and the stack\'s random suffix, when deleted or replaced', () => {
  for (const db of [...ofType(T.instance), ...ofType(T.cluster)]) expect(db.inputs).toMatchObject({ skipFinalSnapshot: false, finalSnapshotIdentifier: finalName(db.name) });
  expect(one('random:index/randomId:RandomId', 'databases-database-ledger-final-suffix').inputs).toEqual({ byteLength: 4 });
  expect(ofType(T.group).map((c) => [c.name, c.inputs.finalSnapshotIdentifier])).toEqual([
    ['databases-cache-leaderboard', finalName('databases-cache-leaderboard')],
    ['databases-cache-sessions', finalName('databases-cache-sessions')],
  ]);
});

test('the caches: Valkey with one replica (sessions), Redis in cluster mode with two shards (leaderboard), encrypted, behind a token', () => {
  const common = {
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    autoMinorVersionUpgrade: false,
    snapshotRetentionLimit: 1,
    port: 6379,
  };
  expect(one(T.group, 'databases-cache-sessions').inputs).toEqual({
    ...common,
    description: 'Cache sessions',
    engine: 'valkey',
    engineVersion: '8.0',
    nodeType: 'cache.t4g.small',
    parameterGroupName: 'default.valkey8',
    clusterMode: 'disabled',
    numCacheClusters: 2,
    authToken: secretValue(mockPassword('databases-cache-sessions-auth-token', 32)),
    finalSnapshotIdentifier: finalName('databases-cache-sessions'),
    subnetGroupName: 'databases-cache-sessions-subnets',
    securityGroupIds: ['databases-cache-sessions-sg-id'],
    tags: { 'blueprint:store': 'sessions' },
  });
  expect(one(T.group, 'databases-cache-leaderboard').inputs).toEqual({
    ...common,
    description: 'Cache leaderboard',
    engine: 'redis',
    engineVersion: '7.1',
    nodeType: 'cache.m7g.large',
    parameterGroupName: 'default.redis7.cluster.on',
    clusterMode: 'enabled',
    numNodeGroups: 2,
    replicasPerNodeGroup: 1,
    authToken: secretValue(mockPassword('databases-cache-leaderboard-auth-token', 32)),
    finalSnapshotIdentifier: finalName('databases-cache-leaderboard'),
    subnetGroupName: 'databases-cache-leaderboard-subnets',
    securityGroupIds: ['databases-cache-leaderboard-sg-id'],
    tags: { 'blueprint:store': 'leaderboard' },
  });
  for (const key of ['leaderboard', 'sessions']) expect(one(T.cacheSubnets, `databases-cache-${key}-subnets`).inputs.subnetIds).toEqual(isolated);
});

test('each AUTH token: 32 letters and digits, generated, kept whole as a Secrets Manager secret and given to its cache', () => {
  for (const key of ['leaderboard', 'sessions']) {
    const prefix = `databases-cache-${key}`;
    expect(one(T.password, `${prefix}-auth-token`).inputs).toEqual({ length: 32, special: false });
    expect(one(T.secret, `${prefix}-auth-token-secret`).inputs).toEqual({ description: `AUTH token of cache ${key}`, tags: { 'blueprint:store': key } });
    const token = secretValue(mockPassword(`${prefix}-auth-token`, 32));
    expect(one(T.version, `${prefix}-auth-token-value`).inputs).toEqual({ secretId: `${prefix}-auth-token-secret-id`, secretString: token });
    expect(one(T.group, prefix).inputs.authToken).toEqual(token);
  }
  // Only the caches' tokens: RDS keeps the databases' passwords in secrets of its own.
  expect(ofType(T.password)).toHaveLength(2);
  expect(ofType(T.secret)).toHaveLength(2);
});

test('each store\'s security group admits exactly its clients on its port, and lets nothing out', () => {
  const clients: Record<string, [string, number, string[]]> = {
    'database-catalog': ['Database catalog', 3306, ['databases-sg-reports']],
    'database-ledger': ['Database ledger', 5444, ['databases-job-nightly-sg', 'databases-sg-web']],
    'database-orders': ['Database orders', 5432, ['databases-sg-reports', 'databases-sg-web']],
    'cache-leaderboard': ['Cache leaderboard', 6379, ['databases-job-nightly-sg']],
    'cache-sessions': ['Cache sessions', 6379, ['databases-sg-reports', 'databases-sg-web']],
  };
  for (const [store, [description, port, from]] of Object.entries(clients)) {
    const sg = one(T.sg, `databases-${store}-sg`);
    expect(sg.inputs).toEqual({ vpcId: 'databases-vpc-id', description, egress: [], tags: { 'blueprint:store': store.split('-')[1] } });
    const rules = ofType(T.ingress).filter((r) => r.inputs.securityGroupId === `databases-${store}-sg-id`);
    expect(rules.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]).sort()).toEqual(from.map((f) => [`${f}-id`, 'tcp', port, port]));
    for (const r of rules) expect(r.inputs.cidrIpv4).toBeUndefined();
  }
  // Named by the client's key, not by position.
  expect(one(T.ingress, 'databases-database-ledger-ingress-from-nightly').inputs.description).toBe('From scheduled job nightly');
  expect(one(T.ingress, 'databases-database-ledger-ingress-from-web').inputs.description).toBe('From service web');
});

test('credentials arrive as ECS secrets (a JSON key of RDS\'s secret, or the whole token), never in the environment', () => {
  const field = (name: string, key: string) => `${rdsSecret(name)}:${key}::`;
  expect(container('databases-svc-web-task').secrets).toEqual([
    { name: 'LEDGER_PASSWORD', valueFrom: field('databases-database-ledger', 'password') },
    { name: 'LEDGER_USERNAME', valueFrom: field('databases-database-ledger', 'username') },
    { name: 'ORDERS_PASSWORD', valueFrom: field('databases-database-orders', 'password') },
    { name: 'ORDERS_USERNAME', valueFrom: field('databases-database-orders', 'username') },
    { name: 'SESSIONS_AUTH_TOKEN', valueFrom: tokenSecret('sessions') },
  ]);
  expect(container('databases-svc-reports-task').secrets).toEqual([
    { name: 'CATALOG_PASSWORD', valueFrom: field('databases-database-catalog', 'password') },
    { name: 'CATALOG_USERNAME', valueFrom: field('databases-database-catalog', 'username') },
    { name: 'ORDERS_PASSWORD', valueFrom: field('databases-database-orders', 'password') },
    { name: 'ORDERS_USERNAME', valueFrom: field('databases-database-orders', 'username') },
    { name: 'SESSIONS_AUTH_TOKEN', valueFrom: tokenSecret('sessions') },
  ]);
  expect(container('databases-job-nightly-task').secrets).toEqual([
    { name: 'LEADERBOARD_AUTH_TOKEN', valueFrom: tokenSecret('leaderboard') },
    { name: 'LEDGER_PASSWORD', valueFrom: field('databases-database-ledger', 'password') },
    { name: 'LEDGER_USERNAME', valueFrom: field('databases-database-ledger', 'username') },
  ]);
  const tokens = ofType(T.password).map((p) => mockPassword(p.name, p.inputs.length as number));
  for (const task of ofType(T.task)) {
    const { environment: env } = JSON.parse(task.inputs.containerDefinitions as string)[0] as { environment: { name: string; value: string }[] };
    for (const e of env) {
      expect(e.name).not.toMatch(/_(PASSWORD|USERNAME|AUTH_TOKEN)$/);
      expect(tokens).not.toContain(e.value);
      expect(e.value).not.toMatch(/^arn:aws:secretsmanager:/);
    }
  }
});

test('each execution role may read exactly its task\'s secrets, each once, besides writing its logs', () => {
  const logs = (task: string) => ({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${REGION}:${MOCK_ACCOUNT}:log-group:databases-${task}-logs` });
  const read = (...arns: string[]) => ({ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: arns });
  expect(statements('databases-svc-web-execution-policy')).toEqual([
    logs('svc-web'),
    read(rdsSecret('databases-database-ledger'), rdsSecret('databases-database-orders'), tokenSecret('sessions')),
  ]);
  expect(statements('databases-svc-reports-execution-policy')).toEqual([
    logs('svc-reports'),
    read(rdsSecret('databases-database-catalog'), rdsSecret('databases-database-orders'), tokenSecret('sessions')),
  ]);
  expect(statements('databases-job-nightly-execution-policy')).toEqual([logs('job-nightly'), read(tokenSecret('leaderboard'), rdsSecret('databases-database-ledger'))]);
});

test('IAM database authentication: rds-db:connect on the orders cluster\'s admin user only, for its two users', () => {
  const dbuser = `arn:aws:rds-db:${REGION}:${MOCK_ACCOUNT}:dbuser:cluster-databases-database-orders/dbadmin`;
  for (const svc of ['web', 'reports']) expect(statements(`databases-svc-${svc}-task-policy`)).toEqual([{ Effect: 'Allow', Action: ['rds-db:connect'], Resource: dbuser }]);
  // The job uses only stores without IAM authentication: no task policy at all.
  expect(g.some((r) => r.type === T.policy && r.name === 'databases-job-nightly-task-policy')).toBe(false);
  for (const p of ofType(T.policy)) for (const s of JSON.parse(p.inputs.policy as string).Statement as { Resource: string | string[] }[]) expect([s.Resource].flat()).not.toContain('*');
});

test('host variables resolve to the right endpoint: the writer\'s, the reader\'s for :read, the primary\'s, the configuration endpoint in cluster mode', () => {
  expect(environment('databases-svc-web-task')).toEqual({
    LEDGER_DATABASE: 'ledger',
    LEDGER_HOST: mockEndpoint.instance('databases-database-ledger', REGION),
    LEDGER_PORT: '5444',
    ORDERS_DATABASE: 'orders',
    ORDERS_HOST: mockEndpoint.cluster('databases-database-orders', REGION),
    ORDERS_PORT: '5432',
    SESSIONS_HOST: mockEndpoint.cachePrimary('databases-cache-sessions'),
    SESSIONS_PORT: '6379',
  });
  expect(environment('databases-svc-reports-task')).toMatchObject({
    CATALOG_HOST: mockEndpoint.cluster('databases-database-catalog', REGION),
    ORDERS_HOST: mockEndpoint.clusterReader('databases-database-orders', REGION),
    SESSIONS_HOST: mockEndpoint.cachePrimary('databases-cache-sessions'),
  });
  expect(environment('databases-job-nightly-task')).toMatchObject({
    LEADERBOARD_HOST: mockEndpoint.cacheConfiguration('databases-cache-leaderboard'),
    LEDGER_HOST: mockEndpoint.instance('databases-database-ledger', REGION),
  });
});

test('the Pulumi reader\'s inventory of the databases, the caches and the tasks\' secrets', () => {
  const inv = inventoryFromPulumi(g);
  const database = {
    managedPassword: true,
    // RDS manages each password; none is a member of a global database.
    generatedPassword: null,
    global: null,
    performanceInsightsRetentionDays: 7,
    performanceInsightsEncryption: 'aws-managed',
    backupRetentionDays: 7,
    storageEncrypted: true,
    encryption: 'aws-managed',
    // RDS's own secret, under aws/secretsmanager; no log exports or enhanced monitoring without a compliance profile.
    secretEncryption: 'aws-managed',
    logExports: [],
    monitoring: null,
    deletionProtection: true,
    snapshotOnDelete: true,
    autoMinorVersionUpgrade: false,
    publiclyAccessible: false,
    subnets: { tier: 'isolated', count: 3 },
    egress: [],
    username: 'dbadmin',
    // Each database's share of data_growth_gb_month 5 (three databases declare none), read from its tag.
    sizing: { 'growth-gb-month': 1.667 },
  };
  expect(inv.databases).toEqual([
    {
      ...database,
      name: 'database:catalog',
      // Every database refuses connections without TLS, through a parameter group of its own.
      parameterGroup: { family: 'aurora-mysql8.0', parameters: ['require_secure_transport=ON'] },
      engine: 'aurora-mysql',
      engineVersion: '8.0.mysql_aurora.3.08.0',
      topology: 'cluster',
      instances: ['db.r7g.large', 'db.r7g.large', 'db.r7g.large'],
      serverless: null,
      multiAz: false,
      storage: null,
      port: 3306,
      databaseName: 'catalog',
      iamAuth: false,
      ingress: ['service:reports:3306'],
    },
    {
      ...database,
      name: 'database:ledger',
      parameterGroup: { family: 'postgres15', parameters: ['rds.force_ssl=1'] },
      engine: 'postgres',
      engineVersion: '15.10',
      topology: 'instance',
      instances: ['db.m7g.large'],
      serverless: null,
      multiAz: true,
      storage: { allocatedGb: 100, maxAllocatedGb: 400, type: 'gp3' },
      port: 5444,
      databaseName: 'ledger',
      iamAuth: false,
      ingress: ['job:nightly:5444', 'service:web:5444'],
    },
    {
      ...database,
      name: 'database:orders',
      parameterGroup: { family: 'aurora-postgresql16', parameters: ['rds.force_ssl=1'] },
      engine: 'aurora-postgresql',
      engineVersion: '16.6',
      topology: 'cluster',
      instances: ['db.serverless', 'db.serverless'],
      serverless: { minAcu: 0.5, maxAcu: 8 },
      multiAz: false,
      storage: null,
      port: 5432,
      databaseName: 'orders',
      iamAuth: true,
      ingress: ['service:reports:5432', 'service:web:5432'],
    },
  ]);
  const cache = {
    automaticFailover: true,
    multiAz: true,
    transitEncryption: true,
    atRestEncryption: true,
    // ElastiCache's own key at rest, aws/secretsmanager for the token's secret.
    encryption: 'aws-managed',
    authTokenEncryption: 'aws-managed',
    autoMinorVersionUpgrade: false,
    authTokenGeneration: { length: 32, alphanumeric: true },
    snapshotRetentionDays: 1,
    snapshotOnDelete: true,
    port: 6379,
    subnets: { tier: 'isolated', count: 3 },
    egress: [],
  };
  expect(inv.caches).toEqual([
    {
      ...cache,
      name: 'cache:leaderboard',
      engine: 'redis',
      engineVersion: '7.1',
      parameterGroup: 'default.redis7.cluster.on',
      nodeType: 'cache.m7g.large',
      clusterMode: true,
      shards: 2,
      replicasPerShard: 1,
      authToken: 'secret:cache:leaderboard',
      ingress: ['job:nightly:6379'],
    },
    {
      ...cache,
      name: 'cache:sessions',
      engine: 'valkey',
      engineVersion: '8.0',
      parameterGroup: 'default.valkey8',
      nodeType: 'cache.t4g.small',
      clusterMode: false,
      shards: 1,
      replicasPerShard: 1,
      authToken: 'secret:cache:sessions',
      ingress: ['service:reports:6379', 'service:web:6379'],
    },
  ]);
  const read = (...resources: string[]) => [{ effect: 'Allow', actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources }];
  const connect = [{ effect: 'Allow', actions: ['rds-db:connect'], resources: ['database:orders/dbuser:dbadmin'] }];
  const web = inv.services.find((s) => s.key === 'web')!;
  expect({ environment: web.environment, permissions: web.permissions, secrets: web.secrets, executionPermissions: web.executionPermissions }).toEqual({
    environment: ['LEDGER_DATABASE=ledger', 'LEDGER_HOST=database:ledger', 'LEDGER_PORT=5444', 'ORDERS_DATABASE=orders', 'ORDERS_HOST=database:orders', 'ORDERS_PORT=5432', 'SESSIONS_HOST=cache:sessions', 'SESSIONS_PORT=6379'],
    permissions: connect,
    secrets: ['LEDGER_PASSWORD=database:ledger:password', 'LEDGER_USERNAME=database:ledger:username', 'ORDERS_PASSWORD=database:orders:password', 'ORDERS_USERNAME=database:orders:username', 'SESSIONS_AUTH_TOKEN=cache:sessions'],
    executionPermissions: read('secret:cache:sessions', 'secret:database:ledger', 'secret:database:orders'),
  });
  const reports = inv.services.find((s) => s.key === 'reports')!;
  expect(reports.environment).toContain('ORDERS_HOST=database:orders/reader');
  expect(reports.permissions).toEqual(connect);
  expect(reports.executionPermissions).toEqual(read('secret:cache:sessions', 'secret:database:catalog', 'secret:database:orders'));
  const [nightly] = inv.jobs;
  expect({ environment: nightly.environment, permissions: nightly.permissions, secrets: nightly.secrets, executionPermissions: nightly.executionPermissions }).toEqual({
    environment: ['LEADERBOARD_HOST=cache:leaderboard', 'LEADERBOARD_PORT=6379', 'LEDGER_DATABASE=ledger', 'LEDGER_HOST=database:ledger', 'LEDGER_PORT=5444'],
    permissions: [],
    secrets: ['LEADERBOARD_AUTH_TOKEN=cache:leaderboard', 'LEDGER_PASSWORD=database:ledger:password', 'LEDGER_USERNAME=database:ledger:username'],
    executionPermissions: read('secret:cache:leaderboard', 'secret:database:ledger'),
  });
});

test('the reader throws on what it cannot name: a client it does not know, a secret that is no store\'s', () => {
  const copy = () => JSON.parse(JSON.stringify(g)) as RegisteredResource[];
  const stranger = copy();
  stranger.find((r) => r.type === T.ingress && r.name === 'databases-database-ledger-ingress-from-web')!.inputs.referencedSecurityGroupId = 'sg-somewhere-else';
  expect(() => inventoryFromPulumi(stranger)).toThrow(/sg-somewhere-else belongs to no load balancer, service, job, function or rotation function/);
  const foreign = copy();
  const task = foreign.find((r) => r.type === T.task && r.name === 'databases-svc-web-task')!;
  const c = JSON.parse(task.inputs.containerDefinitions as string);
  c[0].secrets[0].valueFrom = `arn:aws:secretsmanager:${REGION}:${MOCK_ACCOUNT}:secret:elsewhere:password::`;
  task.inputs.containerDefinitions = JSON.stringify(c);
  expect(() => inventoryFromPulumi(foreign)).toThrow(/LEDGER_PASSWORD comes from .*elsewhere/);
});

test('the same graph on a second run: the generated tokens are mocked, not random', async () => {
  expect(JSON.stringify(await runUnderMocks(designOf(FIXTURE)))).toBe(JSON.stringify(g));
});

test('reordering stores and services and adding a store leaves every database and cache resource\'s name unchanged', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { load, dump } = await import('js-yaml');
  const bp = load(readFileSync(FIXTURE, 'utf8')) as { services: Record<string, unknown>; data: Record<string, unknown> };
  const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
  const variant = {
    ...bp,
    services: { audit: { image: 'nginx', uses: ['archive', 'counters'] }, ...reversed(bp.services) },
    data: { archive: { engine: 'postgres' }, ...reversed(bp.data), counters: { engine: 'redis' } },
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-ids-')), 'variant.yaml');
  writeFileSync(file, dump(variant));
  const stores = (graph: RegisteredResource[]) =>
    graph
      .filter((r) => /^(aws:(rds|elasticache|secretsmanager)\/|random:)/.test(r.type) || /^databases-(database|cache)-/.test(r.name))
      .map((r) => `${r.type} ${r.name} ${r.parent}`);
  const before = stores(g);
  const after = stores(await runUnderMocks(designOf(file)));
  for (const r of before) expect(after).toContain(r);
  expect(after.filter((r) => / databases-(database-archive|cache-counters)/.test(r)).length).toBeGreaterThan(5);
});
