/*
 * The standby of pilot-light and warm-standby, as the design layer decides it:
 * what replicates, the standby's own network, its idle or scaled-down services,
 * disabled jobs, and Aurora global databases with a generated, replicated,
 * rotated password. Pure functions of the blueprint: no renderer.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { design, type BucketDesign, type DatabaseDesign, type Design, type TableDesign } from '../src/design';
import { checkBlueprint } from '../src/design/checks';
import { standbyCidr } from '../src/design/standby';

const regions = { primary: 'us-east-1', secondary: 'us-west-2' };

function bp(over: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({
    blueprint: 1,
    name: 'shop',
    requirements: { availability: 99.9, rto_minutes: 60, rpo_minutes: 15, regions },
    services: {
      web: { image: 'nginx', public: true, uses: ['db', 'files', 'orders', 'jobs'] },
      report: { kind: 'scheduled', schedule: 'cron(0 3 * * ? *)', image: 'busybox', uses: ['files'] },
    },
    data: {
      db: { engine: 'aurora-postgresql' },
      files: { engine: 's3' },
      scratch: { engine: 's3', versioned: false },
      orders: { engine: 'dynamodb', partition_key: { name: 'pk' } },
      jobs: { engine: 'sqs' },
    },
    ...over,
  });
}

const store = <T>(d: Design, key: string) => d.stores.find((s) => s.key === key) as T;
const decision = (d: Design, subject: string, name: string) => d.decisions.find((x) => x.subject === subject && x.name === name)!;

describe('pilot-light (rto 60, rpo 15)', () => {
  const d = design(bp());
  const s = d.standby!;

  test('is derived, and the standby is a design of its own in the secondary region', () => {
    expect(d.resilience.dr).toEqual({ strategy: 'pilot-light', secondaryRegion: 'us-west-2' });
    expect(s).toMatchObject({ name: 'shop-standby', region: 'us-west-2', standbyOf: { name: 'shop', region: 'us-east-1', strategy: 'pilot-light' } });
    expect(s.tags).toEqual(d.tags);
    expect(s.network.cidr).toBe('10.1.0.0/16');
    expect(s.network.availabilityZones).toEqual(['us-west-2a', 'us-west-2b']);
    expect(s.standby).toBeUndefined();
    expect(s.resilience).toEqual({ dr: { strategy: 'none' } });
    expect(decision(d, 'standby', 'stack').value).toBe('shop-standby in us-west-2, network 10.1.0.0/16');
  });

  test('services wait with nothing running; jobs are disabled there and only there', () => {
    expect(s.services.map((x) => [x.key, x.scaling.minTasks, x.initialTasks])).toEqual([['web', 0, 0]]);
    expect(s.services[0].scaling.maxTasks).toBe(d.services[0].scaling.maxTasks);
    expect(d.services[0].initialTasks).toBeUndefined();
    expect(s.jobs[0].schedule.state).toBe('DISABLED');
    expect(d.jobs[0].schedule.state).toBe('ENABLED');
    expect(decision(d, 'standby', 'jobs').rationale).toMatch(/would run twice/);
  });

  test('versioned buckets and tables replicate by default; the standby reaches the replicas by name', () => {
    expect(store<BucketDesign>(d, 'files').replication?.replicaBucketPrefix).toBe('shop-files-us-west-2');
    expect(store<BucketDesign>(d, 'scratch').replication).toBeUndefined();
    expect(store<TableDesign>(d, 'orders')).toMatchObject({ replicaRegions: ['us-west-2'], tableName: 'shop-orders', stream: 'new-and-old-images' });
    expect(decision(d, 'data.orders', 'replicate_to_secondary').source).toBe('derived');

    expect(store<BucketDesign>(s, 'files').standbyReplica).toEqual({ bucketNamePrefix: 'shop-files-us-west-2' });
    expect(store<BucketDesign>(s, 'scratch').standbyReplica).toBeUndefined();
    expect(store<TableDesign>(s, 'orders')).toMatchObject({ standbyReplica: { tableName: 'shop-orders' }, tableName: 'shop-orders', replicaRegions: [] });
    expect(store(s, 'jobs')).toMatchObject({ kind: 'queue' });
    expect(decision(d, 'standby', 'data').value).toBe('replicas: files, orders; secondary clusters: db; empty: jobs, scratch');
  });

  test('Aurora leads a global database, with a generated password replicated to the standby and rotated', () => {
    const db = store<DatabaseDesign>(d, 'db');
    expect(db.global).toEqual({ identifier: 'shop-db', role: 'primary', primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2' });
    expect(db.credentials).toMatchObject({
      source: 'generated',
      secretName: 'shop/db/admin',
      replicaRegions: ['us-west-2'],
      passwordLength: 30,
      rotation: { days: 30, function: 'postgresql-single-user', subnets: 'private' },
    });
    expect(decision(d, 'data.db', 'credentials').rationale).toMatch(/RDS cannot manage the password of a global database/);

    const secondary = store<DatabaseDesign>(s, 'db');
    expect(secondary).toMatchObject({
      global: { identifier: 'shop-db', role: 'secondary' },
      credentials: { source: 'replica', secretName: 'shop/db/admin', primaryRegion: 'us-east-1' },
      headless: true,
      readers: 0,
      clients: ['web'],
      deletionProtection: true,
    });
  });

  test('a table written replicate_to_secondary: false gets an empty table in the standby', () => {
    const b = bp();
    (b.data!.orders as { replicate_to_secondary?: boolean }).replicate_to_secondary = false;
    const x = design(b);
    expect(store<TableDesign>(x, 'orders').tableName).toBeUndefined();
    expect(store<TableDesign>(x.standby!, 'orders').standbyReplica).toBeUndefined();
  });

  test('burstable classes are not offered to a global database', () => {
    const x = design(bp({ requirements: { availability: 99.5, rto_minutes: 60, rpo_minutes: 15, regions } }));
    expect(store<DatabaseDesign>(x, 'db').instanceClass).toBe('db.r7g.large');
  });
});

describe('warm-standby (rto 30, rpo 5)', () => {
  const d = design(bp({ requirements: { availability: 99.95, rto_minutes: 30, rpo_minutes: 5, regions } }));
  const s = d.standby!;

  test('one task of each HTTP service runs; the secondary cluster has an instance', () => {
    expect(d.resilience.dr.strategy).toBe('warm-standby');
    expect(s.services.map((x) => [x.key, x.scaling.minTasks, x.initialTasks])).toEqual([['web', 1, undefined]]);
    expect(store<DatabaseDesign>(s, 'db')).toMatchObject({ readers: 0, instanceClass: 'db.r7g.large' });
    expect(store<DatabaseDesign>(s, 'db').headless).toBeUndefined();
    expect(s.network.availabilityZones).toHaveLength(3);
  });
});

describe('no standby', () => {
  test.each([
    ['backup-restore', { rto_minutes: 1440, rpo_minutes: 60, regions }],
    ['none', { rto_minutes: 60 }],
  ])('%s: no standby, no global database, RDS manages the password, nothing replicates unless written', (_, requirements) => {
    const d = design(bp({ requirements }));
    expect(d.standby).toBeUndefined();
    expect(store<DatabaseDesign>(d, 'db')).toMatchObject({ credentials: { source: 'rds-managed', rotationDays: 7 } });
    expect(store<DatabaseDesign>(d, 'db').global).toBeUndefined();
    expect(store<BucketDesign>(d, 'files').replication).toBeUndefined();
    expect(store<TableDesign>(d, 'orders').tableName).toBeUndefined();
  });
});

describe('checks', () => {
  const messages = (b: Blueprint) => checkBlueprint(b).map((i) => `${i.path.join('.')}: ${i.message}`);

  test('a written burstable class on a global database, and multi-site, are errors', () => {
    expect(messages(bp({ data: { db: { engine: 'aurora-postgresql', instance_class: 'db.t4g.medium' } }, services: { web: { image: 'nginx', uses: ['db'] } } }))).toEqual([
      'data.db.instance_class: an Aurora global database (pilot-light) refuses burstable classes: use db.r7g.large or larger, or serverless',
    ]);
    expect(messages(bp({ resilience: { dr: 'multi-site' } }))).toEqual([]);
  });

  test('the standby CIDR is the next block of the same size', () => {
    expect(standbyCidr('10.0.0.0/16')).toBe('10.1.0.0/16');
    expect(standbyCidr('10.30.0.0/16')).toBe('10.31.0.0/16');
    expect(standbyCidr('192.168.0.0/24')).toBe('192.168.1.0/24');
    expect(() => standbyCidr('255.255.0.0/16')).toThrow(/no room/);
  });
});
