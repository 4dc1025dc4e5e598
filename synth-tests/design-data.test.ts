/*
 * The design layer's data and resilience decisions: databases, caches, edges
 * to them, backups and the disaster-recovery strategy. Pure functions of the
 * blueprint, so no files and no renderer.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { design, type BucketDesign, type CacheDesign, type DatabaseDesign, type TableDesign } from '../src/design';
import { REPLICA_PREFIX_MAX, replicaBucketPrefix } from '../src/design/data';
import { checkBlueprint } from '../src/design/checks';
import { strategyFor } from '../src/design/resilience';

function bp(over: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({ blueprint: 1, name: 'demo', services: { web: { image: 'nginx', public: true, uses: ['db'] } }, ...over });
}

const decision = (d: ReturnType<typeof design>, subject: string, name: string) => d.decisions.find((x) => x.subject === subject && x.name === name)!;
const database = (d: ReturnType<typeof design>, key = 'db') => d.stores.find((s) => s.key === key) as DatabaseDesign;
const cache = (d: ReturnType<typeof design>, key = 'cache') => d.stores.find((s) => s.key === key) as CacheDesign;
const table = (d: ReturnType<typeof design>, key = 'db') => d.stores.find((s) => s.key === key) as TableDesign;
const messages = (b: Blueprint) => checkBlueprint(b).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('databases', () => {
  test('availability decides the standby (RDS) or a reader (Aurora), and the class', () => {
    const prod = design(bp({ requirements: { availability: 99.95 }, data: { db: { engine: 'postgres' } } }));
    expect(database(prod)).toMatchObject({ topology: 'instance', multiAz: true, readers: 0, instanceClass: 'db.m7g.large', engineVersion: '17.2', port: 5432 });
    const aurora = design(bp({ requirements: { availability: 99.95 }, data: { db: { engine: 'aurora-mysql' } } }));
    expect(database(aurora)).toMatchObject({ topology: 'cluster', multiAz: false, readers: 1, instanceClass: 'db.r7g.large', engineVersion: '8.0.mysql_aurora.3.08.0', port: 3306 });
    expect(decision(aurora, 'data.db', 'readers').rationale).toMatch(/Aurora promotes in about 30 s/);
    const dev = design(bp({ requirements: { availability: 99.5 }, data: { db: { engine: 'aurora-postgresql' } } }));
    expect(database(dev)).toMatchObject({ readers: 0, instanceClass: 'db.t4g.medium' });
  });

  test('peak_rps above 2000 takes the xlarge class', () => {
    const d = design(bp({ requirements: { availability: 99.9, peak_rps: 5000 }, data: { db: { engine: 'postgres' } } }));
    expect(database(d).instanceClass).toBe('db.m7g.xlarge');
    expect(decision(d, 'data.db', 'instance_class').rationale).toMatch(/peak_rps 5000 > 2000: xlarge/);
  });

  test('storage: a year of data growth, at least 20 GiB, autoscaling to 4x', () => {
    expect(database(design(bp({ requirements: { data_growth_gb_month: 10 }, data: { db: { engine: 'mysql' } } }))).storage).toEqual({ allocatedGb: 120, maxAllocatedGb: 480, type: 'gp3' });
    expect(database(design(bp({ data: { db: { engine: 'mysql' } } }))).storage).toEqual({ allocatedGb: 20, maxAllocatedGb: 80, type: 'gp3' });
    expect(database(design(bp({ data: { db: { engine: 'aurora-mysql' } } }))).storage).toBeUndefined();
  });

  test('Serverless v2 uses db.serverless and records the ACU range', () => {
    const d = design(bp({ data: { db: { engine: 'aurora-postgresql', serverless: { min_acu: 0, max_acu: 4 } } } }));
    expect(database(d)).toMatchObject({ instanceClass: 'db.serverless', serverless: { minAcu: 0, maxAcu: 4 } });
    expect(decision(d, 'data.db', 'capacity').rationale).toMatch(/pauses/);
  });

  test('a major version pins a minor; a full version is kept', () => {
    expect(database(design(bp({ data: { db: { engine: 'postgres', version: '15' } } }))).engineVersion).toBe('15.10');
    expect(database(design(bp({ data: { db: { engine: 'postgres', version: '15.8' } } }))).engineVersion).toBe('15.8');
  });

  test('always encrypted, isolated, backed up, protected, with an RDS-managed password', () => {
    const db = database(design(bp({ data: { db: { engine: 'postgres' } } })));
    expect(db).toMatchObject({
      encryption: 'aws-managed-kms',
      subnets: 'isolated',
      backupRetentionDays: 7,
      deletionProtection: true,
      snapshotOnDelete: true,
      credentials: { source: 'rds-managed', rotationDays: 7 },
      clients: ['web'],
    });
    expect(database(design(bp({ data: { db: { engine: 'postgres' } }, resilience: { deletion_protection: false } }))).deletionProtection).toBe(false);
  });

  test('performance insights: off on classes that lack it', () => {
    expect(database(design(bp({ data: { db: { engine: 'postgres', instance_class: 'db.t4g.micro' } } }))).performanceInsights.enabled).toBe(false);
    expect(database(design(bp({ data: { db: { engine: 'postgres', instance_class: 'db.t4g.medium' } } }))).performanceInsights.enabled).toBe(true);
  });
});

describe('tables: on demand or provisioned with autoscaling', () => {
  const provisioned = (capacity: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, billing: 'provisioned', capacity, ...extra } } });

  test('on demand by default: the billing says so, and indexes have no capacity of their own', () => {
    const d = design(bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, indexes: { 'by-x': { partition_key: { name: 'x' } } } } } }));
    expect(table(d).billing).toEqual({ mode: 'on-demand' });
    expect(table(d).indexes[0]).not.toHaveProperty('capacity');
    expect(decision(d, 'data.db', 'table')).toMatchObject({ value: 'on-demand, encrypted, point-in-time recovery, deletion protection', source: 'default' });
    expect(d.decisions.filter((x) => x.subject === 'data.db' && x.concern === 'data').map((x) => x.name)).toEqual(['table', 'retain', 'item_kb']);
  });

  test('provisioned: the table starts at min, scales between min and max at the default 70 %, scale-out after 60 s, scale-in after 300 s', () => {
    const d = design(provisioned({ read: { min: 5, max: 100 }, write: { min: 2, max: 40 } }));
    expect(table(d).billing).toEqual({
      mode: 'provisioned',
      read: { initial: 5, min: 5, max: 100, targetUtilizationPercent: 70, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 },
      write: { initial: 2, min: 2, max: 40, targetUtilizationPercent: 70, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 },
    });
    expect(decision(d, 'data.db', 'table')).toMatchObject({ value: 'provisioned, encrypted, point-in-time recovery, deletion protection', source: 'written' });
    expect(decision(d, 'data.db', 'read_capacity')).toMatchObject({ value: '5-100 RCU, starting at 5', source: 'written' });
    expect(decision(d, 'data.db', 'write_capacity')).toMatchObject({ value: '2-40 WCU, starting at 2', source: 'written' });
    expect(decision(d, 'data.db', 'target_utilization')).toMatchObject({ value: 70, source: 'default' });
    expect(decision(d, 'data.db', 'target_utilization').rationale).toMatch(/the 30 % left over absorbs a burst/);
    expect(decision(d, 'data.db', 'scaling_cooldowns')).toMatchObject({ value: 'scale out 60 s, scale in 300 s', source: 'default' });
    expect(decision(d, 'data.db', 'index_capacity')).toBeUndefined();
  });

  test('a written target utilization is used for reads and writes alike', () => {
    const d = design(provisioned({ read: { min: 1, max: 10 }, write: { min: 1, max: 10 }, target_utilization: 50 }));
    const b = table(d).billing;
    expect(b.mode === 'provisioned' && [b.read.targetUtilizationPercent, b.write.targetUtilizationPercent]).toEqual([50, 50]);
    expect(decision(d, 'data.db', 'target_utilization')).toMatchObject({ value: 50, source: 'written' });
  });

  test("each index of a provisioned table gets the table's capacity and autoscaling (a throttled index throttles the table's writes)", () => {
    const d = design(
      provisioned({ read: { min: 5, max: 100 }, write: { min: 2, max: 40 }, target_utilization: 60 }, { indexes: { 'by-y': { partition_key: { name: 'y' } }, 'by-x': { partition_key: { name: 'x' } } } }),
    );
    const t = table(d);
    const own = t.billing.mode === 'provisioned' ? { read: t.billing.read, write: t.billing.write } : undefined;
    expect(t.indexes.map((i) => i.name)).toEqual(['by-x', 'by-y']);
    for (const i of t.indexes) expect(i.capacity).toEqual(own);
    expect(decision(d, 'data.db', 'index_capacity')).toMatchObject({ value: "the table's capacity and autoscaling, each on its own: by-x, by-y", source: 'derived' });
    expect(decision(d, 'data.db', 'index_capacity').rationale).toMatch(/throttles the table's writes/);
  });

  test('checks: provisioned needs capacity, capacity needs provisioned, max is at least min', () => {
    const withTable = (store: Record<string, unknown>) => bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, ...store } } });
    expect(messages(withTable({ billing: 'provisioned' }))).toEqual(['data.db.billing: provisioned billing needs capacity: { read: { min, max }, write: { min, max } } (the units autoscaling moves between)']);
    expect(messages(withTable({ capacity: { read: { min: 1, max: 2 }, write: { min: 1, max: 2 } } }))).toEqual([
      'data.db.capacity: capacity is for billing: provisioned; an on-demand table scales by itself (set billing: provisioned, or remove capacity)',
    ]);
    expect(messages(withTable({ billing: 'provisioned', capacity: { read: { min: 3, max: 2 }, write: { min: 1, max: 1 } } }))).toEqual(['data.db.capacity.read.max: must be at least min (3)']);
    expect(messages(withTable({ billing: 'provisioned', capacity: { read: { min: 1, max: 1 }, write: { min: 1, max: 1 } } }))).toEqual([]);
    expect(() => blueprintSchema.parse({ blueprint: 1, name: 'demo', services: { web: { image: 'nginx' } }, data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, billing: 'provisioned', capacity: { read: { min: 1, max: 1 }, write: { min: 1, max: 1 }, target_utilization: 10 } } } })).toThrow();
  });

  test('not replicated: no replica regions, no replica settings, the written stream kept', () => {
    const t = table(design(bp({ requirements: { regions: { primary: 'eu-west-1', secondary: 'eu-central-1' } }, data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, stream: 'keys-only' } } })));
    expect(t.replicaRegions).toEqual([]);
    expect(t).not.toHaveProperty('replica');
    expect(t.stream).toBe('keys-only');
  });

  describe('replicate_to_secondary: a global table', () => {
    const regions = { primary: 'eu-west-1', secondary: 'eu-central-1' };
    const global = (store: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
      bp({ requirements: { regions }, data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, replicate_to_secondary: true, ...store } }, ...over });

    test('a replica in the secondary region, kept as the table is; the stream is derived: new and old images', () => {
      const d = design(global());
      expect(table(d)).toMatchObject({
        billing: { mode: 'on-demand' },
        stream: 'new-and-old-images',
        pointInTimeRecovery: true,
        deletionProtection: true,
        replicaRegions: ['eu-central-1'],
        replica: { pointInTimeRecovery: true, deletionProtection: true, encryption: 'aws-managed-kms' },
      });
      expect(decision(d, 'data.db', 'replicate_to_secondary')).toMatchObject({ source: 'written' });
      expect(decision(d, 'data.db', 'replicate_to_secondary').value).toMatch(/^global table, replica in eu-central-1/);
      expect(decision(d, 'data.db', 'replicate_to_secondary').rationale).toMatch(/replicated write request units/);
      expect(decision(d, 'data.db', 'stream')).toMatchObject({ value: 'new-and-old-images', source: 'derived' });
      expect(decision(d, 'data.db', 'stream').rationale).toMatch(/replicates through its stream/);
    });

    test("the replica's deletion protection follows resilience.deletion_protection, as the table's does", () => {
      const t = table(design(global({}, { resilience: { deletion_protection: false } })));
      expect([t.deletionProtection, t.replica?.deletionProtection]).toEqual([false, false]);
    });

    test('a written new-and-old-images stream is allowed', () => {
      expect(messages(global({ stream: 'new-and-old-images' }))).toEqual([]);
      expect(table(design(global({ stream: 'new-and-old-images' }))).stream).toBe('new-and-old-images');
    });

    test('nothing for the disaster-recovery stack: the primary region\'s table resource manages the replica', () => {
      const d = design(global({}, { resilience: { dr: 'none' } }));
      expect(d.resilience.secondary).toBeUndefined();
    });

    test('checks: the secondary region, on-demand billing, no other stream', () => {
      expect(messages(bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, replicate_to_secondary: true } } }))).toEqual([
        'data.db.replicate_to_secondary: a global table keeps a replica in the secondary region: name it in requirements.regions.secondary',
      ]);
      expect(messages(global({ billing: 'provisioned', capacity: { read: { min: 1, max: 2 }, write: { min: 1, max: 2 } } }))).toEqual([
        'data.db.billing: not rendered yet: replicated tables are on demand (remove billing: provisioned, or replicate_to_secondary)',
      ]);
      expect(messages(global({ stream: 'new-image' }))).toEqual([
        'data.db.stream: a global table replicates through a new-and-old-images stream: remove stream: new-image, or write new-and-old-images',
      ]);
    });

    test('design() on an unchecked blueprint without a secondary region fails with a clear error', () => {
      expect(() => design(bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, replicate_to_secondary: true } } }))).toThrow(
        'data.db: replicate_to_secondary needs requirements.regions.secondary',
      );
    });
  });

  test('design() on an unchecked blueprint with provisioned billing and no capacity fails with a clear error', () => {
    expect(() => design(bp({ data: { db: { engine: 'dynamodb', partition_key: { name: 'pk' }, billing: 'provisioned' } } }))).toThrow(
      'data.db: billing: provisioned needs capacity: { read: { min, max }, write: { min, max } }',
    );
  });
});

describe('edges to databases and caches', () => {
  const b = bp({
    requirements: { availability: 99.95 },
    services: {
      web: { image: 'nginx', public: true, uses: ['db', 'reports:read'] },
      reports: { image: 'nginx', uses: ['db:read'] },
    },
    data: { db: { engine: 'aurora-postgresql', iam_auth: true, port: 5444 }, cache: { engine: 'valkey', in_front_of: 'db' } },
  });
  const d = design(b);
  const web = d.services.find((s) => s.key === 'web')!;
  const reports = d.services.find((s) => s.key === 'reports')!;

  test('connection details as environment, credentials as secrets only', () => {
    expect(web.environment).toMatchObject({ DB_PORT: '5444', DB_DATABASE: 'db', CACHE_PORT: '6379' });
    expect(web.connections).toEqual(
      expect.arrayContaining([
        { variable: 'DB_HOST', store: 'db', attribute: 'host' },
        { variable: 'CACHE_HOST', store: 'cache', attribute: 'host' },
      ]),
    );
    expect(web.secrets).toEqual([
      { variable: 'CACHE_AUTH_TOKEN', store: 'cache' },
      { variable: 'DB_PASSWORD', store: 'db', field: 'password' },
      { variable: 'DB_USERNAME', store: 'db', field: 'username' },
    ]);
    expect(Object.keys(web.environment).some((k) => /PASSWORD|TOKEN/.test(k))).toBe(false);
  });

  test(':read on Aurora with readers injects the reader endpoint', () => {
    expect(reports.connections.find((c) => c.store === 'db')).toEqual({ variable: 'DB_HOST', store: 'db', attribute: 'reader-host' });
  });

  test('IAM authentication grants rds-db:connect on the admin user only', () => {
    expect(web.access.find((a) => a.store === 'db')).toEqual({ store: 'db', kind: 'database', mode: 'read-write', actions: ['rds-db:connect'], resources: ['dbuser'] });
  });

  test('a cache in front of a store serves that store\'s users; clients are exactly the tasks that reach it', () => {
    expect(database(d).clients).toEqual(['reports', 'web']);
    expect(cache(d).clients).toEqual(['reports', 'web']);
    expect(decision(d, 'services.reports', 'access_cache').rationale).toMatch(/a cache in front of db/);
  });
});

describe('caches', () => {
  test('replicas and failover from availability; node type from availability and peak_rps', () => {
    const prod = cache(design(bp({ requirements: { availability: 99.95 }, services: { web: { image: 'nginx', public: true, uses: ['cache'] } }, data: { cache: { engine: 'redis' } } })));
    expect(prod).toMatchObject({ replicasPerShard: 1, automaticFailover: true, multiAz: true, nodeType: 'cache.t4g.small', engineVersion: '7.1', parameterGroup: 'default.redis7', shards: 1 });
    const dev = cache(design(bp({ requirements: { availability: 99.0 }, services: { web: { image: 'nginx', public: true, uses: ['cache'] } }, data: { cache: { engine: 'valkey' } } })));
    expect(dev).toMatchObject({ replicasPerShard: 0, automaticFailover: false, multiAz: false, nodeType: 'cache.t4g.micro', engineVersion: '8.0' });
    const busy = cache(design(bp({ requirements: { peak_rps: 9000 }, services: { web: { image: 'nginx', public: true, uses: ['cache'] } }, data: { cache: { engine: 'valkey' } } })));
    expect(busy.nodeType).toBe('cache.r7g.large');
  });

  test('cluster mode: three shards by default, the cluster parameter group, failover always on', () => {
    const c = cache(design(bp({ requirements: { availability: 99.0 }, services: { web: { image: 'nginx', public: true, uses: ['cache'] } }, data: { cache: { engine: 'valkey', cluster_mode: true } } })));
    expect(c).toMatchObject({ clusterMode: true, shards: 3, parameterGroup: 'default.valkey8.cluster.on', automaticFailover: true, multiAz: false });
  });

  test('always encrypted in transit and at rest with a generated AUTH token', () => {
    expect(cache(design(bp({ services: { web: { image: 'nginx', public: true, uses: ['cache'] } }, data: { cache: { engine: 'valkey' } } })))).toMatchObject({
      transitEncryption: true,
      atRestEncryption: true,
      authToken: { length: 32 },
      subnets: 'isolated',
    });
  });
});

describe('resilience', () => {
  test.each([
    [undefined, undefined, 'backup-restore'],
    [2880, 120, 'backup-restore'],
    [1440, 30, 'pilot-light'],
    [240, 60, 'pilot-light'],
    [30, 5, 'warm-standby'],
    [5, 1, 'multi-site'],
  ])('rto %p, rpo %p -> %p', (rto, rpo, strategy) => {
    expect(strategyFor(rto, rpo)).toBe(strategy);
  });

  test('no secondary region: no DR, and the rationale says a region outage is not covered', () => {
    const d = design(bp({ requirements: { rto_minutes: 60 }, data: { db: { engine: 'postgres' } } }));
    expect(d.resilience.dr).toEqual({ strategy: 'none', secondaryRegion: undefined });
    expect(decision(d, 'resilience', 'dr').rationale).toMatch(/not its region \(rto_minutes 60 holds for AZ failures only\)/);
    expect(d.resilience.backup?.rule.copyTo).toBeUndefined();
  });

  test('backup-restore: hourly copies to the secondary region when the RPO is under a day', () => {
    const d = design(bp({ requirements: { rpo_minutes: 120, regions: { primary: 'eu-west-1', secondary: 'eu-central-1' } }, data: { db: { engine: 'postgres' } } }));
    expect(d.resilience.dr).toEqual({ strategy: 'backup-restore', secondaryRegion: 'eu-central-1' });
    expect(d.resilience.backup).toMatchObject({
      vaultName: 'demo-backups',
      stores: ['db'],
      rule: { name: 'hourly', schedule: 'cron(0 * ? * * *)', deleteAfterDays: 35, copyTo: { region: 'eu-central-1', vaultName: 'demo-dr-backups', deleteAfterDays: 35 } },
    });
    expect(decision(d, 'resilience', 'dr').rationale).toMatch(/costs one backup vault in the secondary region/);
  });

  test('the plan covers versioned buckets, tables and databases; not queues, topics, caches or unversioned buckets', () => {
    const d = design(
      bp({
        services: { web: { image: 'nginx', public: true } },
        data: {
          db: { engine: 'postgres' },
          tb: { engine: 'dynamodb', partition_key: { name: 'pk' } },
          files: { engine: 's3' },
          scratch: { engine: 's3', versioned: false },
          qu: { engine: 'sqs' },
          ca: { engine: 'valkey' },
        },
      }),
    );
    expect(d.resilience.backup?.stores).toEqual(['db', 'files', 'tb']);
    expect(d.resilience.backup?.roleManagedPolicies).toEqual([
      'AWSBackupServiceRolePolicyForBackup',
      'AWSBackupServiceRolePolicyForRestores',
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
    ]);
    expect(decision(d, 'data.scratch', 'backup').value).toBe(false);
  });

  test('no stateful store: no backup plan', () => {
    expect(design(bp({ services: { web: { image: 'nginx', public: true } } })).resilience.backup).toBeUndefined();
  });

  test('contradictions are errors: secondary = primary, a strategy too slow, an RPO under point-in-time recovery', () => {
    expect(messages(bp({ requirements: { regions: { primary: 'us-east-1', secondary: 'us-east-1' } }, services: { web: { image: 'nginx' } } }))).toEqual([
      'requirements.regions.secondary: the secondary region must differ from the primary (us-east-1): recovering into the region that failed recovers nothing',
    ]);
    expect(messages(bp({ requirements: { rto_minutes: 60, regions: { primary: 'us-east-1', secondary: 'us-west-2' } }, resilience: { dr: 'backup-restore' }, services: { web: { image: 'nginx' } } }))).toEqual([
      'resilience.dr: backup-restore recovers in 24 h or more, above rto_minutes 60 (use pilot-light)',
    ]);
    expect(messages(bp({ requirements: { rpo_minutes: 1 }, data: { db: { engine: 'postgres' } } }))).toEqual([
      'requirements.rpo_minutes: point-in-time recovery of db restores to about 5 minutes back; no backup Blueprint renders meets an RPO under 5 minutes',
    ]);
  });
});

describe('bucket replication (replicate_to_secondary)', () => {
  const regions = { primary: 'eu-west-1', secondary: 'eu-central-1' };
  const bucket = (d: ReturnType<typeof design>, key: string) => d.stores.find((s) => s.key === key) as BucketDesign;
  const two = (over: Record<string, unknown> = {}) =>
    bp({ requirements: { regions }, services: { web: { image: 'nginx', public: true } }, data: { files: { engine: 's3', replicate_to_secondary: true }, scratch: { engine: 's3' } }, ...over });

  test('a replicated bucket: the replica prefix, one rule and the role, scoped to the two buckets', () => {
    const d = design(two());
    expect(bucket(d, 'files').replication).toEqual({
      region: 'eu-central-1',
      replicaBucketPrefix: 'demo-files-eu-central-1',
      ruleId: 'to-eu-central-1',
      // The replica's server access logs, into the disaster-recovery stack's access-log bucket.
      accessLogs: { prefix: 'logs/s3/files/' },
      storageClass: 'STANDARD',
      deleteMarkers: true,
      role: [
        { resource: 'source', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'] },
        { resource: 'source-objects', actions: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'] },
        { resource: 'replica-objects', actions: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'] },
      ],
    });
    expect(bucket(d, 'scratch').replication).toBeUndefined();
    expect(decision(d, 'data.files', 'replicate_to_secondary')).toMatchObject({ source: 'written', value: 'to demo-files-eu-central-1-<account id> in eu-central-1, STANDARD, delete markers too' });
    expect(decision(d, 'data.files', 'replicate_to_secondary').rationale).toMatch(/account ID, which makes it globally unique/);
    expect(decision(d, 'data.files', 'replication_role').rationale).toMatch(/least privilege/);
    expect(JSON.stringify(bucket(d, 'files').replication!.role)).not.toContain('*');
  });

  test('the replica keeps the source\'s lifecycle (S3 does not replicate lifecycle actions)', () => {
    const d = design(two({ data: { files: { engine: 's3', replicate_to_secondary: true, lifecycle: { infrequent_after_days: 30, expire_after_days: 400 } } } }));
    expect(bucket(d, 'files').replication!.lifecycle).toEqual({ infrequentAfterDays: 30, archiveAfterDays: undefined, expireAfterDays: 400, noncurrentExpireAfterDays: 35 });
    expect(decision(d, 'data.files', 'replica_lifecycle').rationale).toMatch(/would keep forever what the bucket expires/);
  });

  test('the secondary region holds the recovery vault and the replicas; it is absent when nothing lives there', () => {
    // With the disaster-recovery stack's own access-log bucket, for the replicas' server access logs.
    const drLogs = { region: 'eu-central-1', serverAccessLogs: [{ source: 'files', prefix: 'logs/s3/files/' }] };
    expect(design(two()).resilience.secondary).toEqual({ region: 'eu-central-1', recoveryVault: 'demo-dr-backups', replicas: ['files'], accessLogs: expect.objectContaining(drLogs) });
    expect(decision(design(two()), 'requirements.regions', 'secondary').value).toBe('eu-central-1: the backup vault demo-dr-backups and the replica of files');
    // No DR strategy (written none), so no backup copy: the replicas alone make the secondary region needed.
    expect(design(two({ resilience: { dr: 'none' } })).resilience.secondary).toEqual({ region: 'eu-central-1', recoveryVault: undefined, replicas: ['files'], accessLogs: expect.objectContaining(drLogs) });
    // Nothing replicated, nothing backed up (no versioned bucket): nothing in the secondary region.
    expect(design(bp({ requirements: { regions }, services: { web: { image: 'nginx' } }, data: { tmp: { engine: 's3', versioned: false } } })).resilience.secondary).toBeUndefined();
    expect(design(bp({ services: { web: { image: 'nginx' } } })).resilience.secondary).toBeUndefined();
  });

  test('the replica prefix fits S3\'s 63 characters with "-<account id>": long names are cut and hashed, deterministically', () => {
    expect(replicaBucketPrefix('shop', 'files', 'eu-central-1')).toBe('shop-files-eu-central-1');
    const name = 'a'.repeat(32);
    const long = replicaBucketPrefix(name, 'uploaded-customer-documents-2024', 'ap-southeast-2');
    expect(long).toHaveLength(REPLICA_PREFIX_MAX);
    expect(REPLICA_PREFIX_MAX + '-123456789012'.length).toBe(63);
    expect(long).toMatch(/^a{32}-uploaded-[0-9a-f]{8}$/);
    expect(replicaBucketPrefix(name, 'uploaded-customer-documents-2024', 'ap-southeast-2')).toBe(long);
    // Two keys that share the first characters still get two names.
    expect(replicaBucketPrefix(name, 'uploaded-customer-documents-2025', 'ap-southeast-2')).not.toBe(long);
    // Never a double dash where the cut falls after one.
    expect(replicaBucketPrefix('b'.repeat(40), 'x-yyyyyyyyyyyyyyy', 'eu-west-1')).not.toMatch(/--/);
  });

  test('replication needs a secondary region and versioning', () => {
    expect(messages(bp({ services: { web: { image: 'nginx' } }, data: { files: { engine: 's3', replicate_to_secondary: true } } }))).toEqual([
      'data.files.replicate_to_secondary: replication copies every object into the secondary region: name it in requirements.regions.secondary',
    ]);
    expect(messages(bp({ requirements: { regions }, services: { web: { image: 'nginx' } }, data: { files: { engine: 's3', versioned: false, replicate_to_secondary: true } } }))).toEqual([
      'data.files.versioned: S3 replication requires versioning on both buckets: remove versioned: false, or replicate_to_secondary',
    ]);
    expect(messages(bp({ services: { web: { image: 'nginx' } }, data: { files: { engine: 's3', versioned: false, replicate_to_secondary: false } } }))).toEqual([]);
  });
});
