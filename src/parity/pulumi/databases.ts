/*
 * Databases and caches read from a mock run: RDS instances and Aurora
 * clusters (with their cluster instances), ElastiCache replication groups
 * (with how their AUTH token is generated and kept), each named by its
 * "blueprint:store" tag, with its subnet group's subnets and its security
 * groups' ingress and egress.
 */
import { mockPassword } from '../../pulumi/mock-values';
import type { CacheInventory, DatabaseInventory } from '../inventory';
import { plain, type Context, type R } from './context';
import type { Names } from './names';
import { subnetLookup, trafficOf } from './network';
import { secretNames } from './secrets';
import { T } from './resource-types';

export function readDatabases(ctx: Context, names: Names): DatabaseInventory[] {
  const { ofType, id, storeTag, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const subnetGroups = ofType(T.dbSubnetGroup);
  const subnetsOf = (r: R) =>
    subnetSet(must(subnetGroups.find((g) => (g.inputs.name ?? g.name) === r.inputs.dbSubnetGroupName), `the subnet group of ${r.name}`).inputs.subnetIds);
  const nameOf = (r: R) => `database:${must(storeTag(r), `the blueprint:store tag of ${r.name}`)}`;
  const snapshotOnDelete = (r: R) => r.inputs.skipFinalSnapshot !== true && !!r.inputs.finalSnapshotIdentifier;
  const encryption = (r: R) => (r.inputs.storageEncrypted === true ? (r.inputs.kmsKeyId ?? 'aws-managed') : 'none');
  const insights = (r: R): number | null => (r.inputs.performanceInsightsEnabled === true ? (r.inputs.performanceInsightsRetentionPeriod ?? 7) : null);

  const instances: DatabaseInventory[] = ofType(T.dbInstance).map((db) => ({
    name: nameOf(db),
    generatedPassword: null,
    global: null,
    engine: db.inputs.engine,
    engineVersion: db.inputs.engineVersion,
    topology: 'instance',
    instances: [db.inputs.instanceClass],
    serverless: null,
    multiAz: db.inputs.multiAz === true,
    storage: {
      allocatedGb: must(db.inputs.allocatedStorage, `the storage of ${db.name}`),
      maxAllocatedGb: db.inputs.maxAllocatedStorage ?? db.inputs.allocatedStorage,
      type: db.inputs.storageType ?? 'gp2',
    },
    port: must(db.inputs.port, `the port of ${db.name}`),
    databaseName: db.inputs.dbName,
    username: db.inputs.username,
    managedPassword: db.inputs.manageMasterUserPassword === true,
    iamAuth: db.inputs.iamDatabaseAuthenticationEnabled === true,
    performanceInsightsRetentionDays: insights(db),
    backupRetentionDays: must(db.inputs.backupRetentionPeriod, `the backup retention of ${db.name}`),
    storageEncrypted: db.inputs.storageEncrypted === true,
    encryption: encryption(db),
    deletionProtection: db.inputs.deletionProtection === true,
    snapshotOnDelete: snapshotOnDelete(db),
    // AWS's default: minor versions are applied.
    autoMinorVersionUpgrade: db.inputs.autoMinorVersionUpgrade !== false,
    publiclyAccessible: db.inputs.publiclyAccessible === true,
    subnets: subnetsOf(db),
    ...trafficOf(ctx, names.sgSource, db.inputs.vpcSecurityGroupIds ?? []),
  }));

  const members = ofType(T.dbClusterInstance);
  const clusters: DatabaseInventory[] = ofType(T.dbCluster).map((c) => {
    const own = members.filter((m) => m.inputs.clusterIdentifier === id(c));
    if (!own.length) throw new Error(`parity: Aurora cluster ${c.name} has no instances`);
    // The same on every instance, or the inventory could not say it in one value.
    const same = <X>(what: string, f: (m: R) => X): X => {
      const values = [...new Set(own.map(f))];
      if (values.length !== 1) throw new Error(`parity: the instances of ${c.name} differ in ${what}: ${values.join(', ')}`);
      return values[0];
    };
    const scaling = c.inputs.serverlessv2ScalingConfiguration;
    return {
      name: nameOf(c),
      generatedPassword: null,
      global: null,
      engine: c.inputs.engine,
      engineVersion: c.inputs.engineVersion,
      topology: 'cluster',
      instances: own.map((m) => m.inputs.instanceClass as string).sort(),
      serverless: scaling ? { minAcu: scaling.minCapacity, maxAcu: scaling.maxCapacity } : null,
      // Aurora spreads its instances over AZs; no standby of its own.
      multiAz: false,
      storage: null,
      port: must(c.inputs.port, `the port of ${c.name}`),
      databaseName: c.inputs.databaseName,
      username: c.inputs.masterUsername,
      managedPassword: c.inputs.manageMasterUserPassword === true,
      iamAuth: c.inputs.iamDatabaseAuthenticationEnabled === true,
      performanceInsightsRetentionDays: same('Performance Insights', insights),
      backupRetentionDays: c.inputs.backupRetentionPeriod ?? 1,
      storageEncrypted: c.inputs.storageEncrypted === true,
      encryption: encryption(c),
      deletionProtection: c.inputs.deletionProtection === true,
      snapshotOnDelete: snapshotOnDelete(c),
      autoMinorVersionUpgrade: same('minor version upgrades', (m) => m.inputs.autoMinorVersionUpgrade !== false),
      publiclyAccessible: own.some((m) => m.inputs.publiclyAccessible === true),
      subnets: subnetsOf(c),
      ...trafficOf(ctx, names.sgSource, c.inputs.vpcSecurityGroupIds ?? []),
    };
  });
  for (const m of members) if (!ofType(T.dbCluster).some((c) => id(c) === m.inputs.clusterIdentifier)) throw new Error(`parity: cluster instance ${m.name} belongs to no cluster`);
  return [...instances, ...clusters];
}

export function readCaches(ctx: Context, names: Names): CacheInventory[] {
  const { ofType, byId, byArnValue, storeTag, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const subnetGroups = ofType(T.cacheSubnetGroup);
  const secrets = secretNames(ctx);
  const passwords = ofType(T.randomPassword);
  return ofType(T.replicationGroup).map((g) => {
    const i = g.inputs;
    const token = plain(i.authToken) as string | undefined;
    // Where the token is kept: the secret one of whose versions holds it.
    const version = token === undefined ? undefined : ofType(T.secretVersion).find((v) => plain(v.inputs.secretString) === token);
    const secret = version && must(byId.get(version.inputs.secretId), `the secret of ${version.name}`);
    // How it is generated: the random password the mocks answered with that value.
    const generator = token === undefined ? undefined : passwords.find((p) => mockPassword(p.name, p.inputs.length) === token);
    const clusterMode = i.clusterMode ? i.clusterMode === 'enabled' : /\.cluster\.on$/.test(i.parameterGroupName ?? '');
    return {
      name: `cache:${must(storeTag(g), `the blueprint:store tag of ${g.name}`)}`,
      engine: i.engine ?? 'redis',
      engineVersion: i.engineVersion,
      parameterGroup: i.parameterGroupName,
      nodeType: i.nodeType,
      clusterMode,
      shards: i.numNodeGroups ?? 1,
      replicasPerShard: i.numNodeGroups !== undefined ? (i.replicasPerNodeGroup ?? 0) : (i.numCacheClusters ?? 1) - 1,
      automaticFailover: i.automaticFailoverEnabled === true,
      multiAz: i.multiAzEnabled === true,
      transitEncryption: i.transitEncryptionEnabled === true,
      // AWS's default: Valkey encrypts at rest, Redis OSS does not.
      atRestEncryption: i.atRestEncryptionEnabled ?? i.engine === 'valkey',
      autoMinorVersionUpgrade: i.autoMinorVersionUpgrade !== false,
      authToken: secret ? `secret:${must(secrets.get(byArnValue(secret)), `the secret ${secret.name}`)}` : null,
      authTokenGeneration: generator ? { length: generator.inputs.length, alphanumeric: generator.inputs.special === false } : null,
      snapshotRetentionDays: i.snapshotRetentionLimit ?? 0,
      snapshotOnDelete: !!i.finalSnapshotIdentifier,
      port: i.port ?? 6379,
      subnets: subnetSet(must(subnetGroups.find((s) => (s.inputs.name ?? s.name) === i.subnetGroupName), `the subnet group of ${g.name}`).inputs.subnetIds),
      ...trafficOf(ctx, names.sgSource, i.securityGroupIds ?? []),
    };
  });
}
