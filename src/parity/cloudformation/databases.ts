/*
 * Databases read from a CloudFormation template: each RDS instance outside
 * any cluster, and each Aurora cluster with its instances (engine and
 * version, classes, Serverless v2 capacity, storage, port, database and
 * admin user, RDS-managed password, IAM authentication, Performance
 * Insights, backups, encryption, protection and final snapshot), the
 * subnets of its subnet group and who its security group admits. Every
 * property the inventory does not read throws.
 */
import type { DatabaseInventory } from '../inventory';
import type { Context } from './context';
import { kmsKey } from './data';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, snapshotOnDelete } from './template';

// What the inventory reads of each; anything else on the resource throws.
const COMMON = ['Engine', 'MasterUsername', 'ManageMasterUserPassword', 'EnableIAMDatabaseAuthentication', 'BackupRetentionPeriod', 'StorageEncrypted', 'KmsKeyId', 'DeletionProtection', 'Tags'];
const INSTANCE = [
  ...COMMON,
  'EngineVersion',
  'DBInstanceClass',
  'MultiAZ',
  'AllocatedStorage',
  'MaxAllocatedStorage',
  'StorageType',
  'Port',
  'DBName',
  'EnablePerformanceInsights',
  'PerformanceInsightsRetentionPeriod',
  'AutoMinorVersionUpgrade',
  'PubliclyAccessible',
  'DBSubnetGroupName',
  'VPCSecurityGroups',
];
const CLUSTER = [...COMMON, 'EngineVersion', 'Port', 'DatabaseName', 'ServerlessV2ScalingConfiguration', 'DBSubnetGroupName', 'VpcSecurityGroupIds'];
// A cluster's instance takes everything else from the cluster.
const MEMBER = ['DBClusterIdentifier', 'Engine', 'DBInstanceClass', 'EnablePerformanceInsights', 'PerformanceInsightsRetentionPeriod', 'AutoMinorVersionUpgrade', 'PubliclyAccessible', 'Tags'];
const SUBNET_GROUP = ['DBSubnetGroupDescription', 'SubnetIds', 'Tags'];

// AWS's default port per engine, when none is written.
const DEFAULT_PORT: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306, mariadb: 3306 };

export function readDatabases(x: Context): DatabaseInventory[] {
  const { t, r, names } = x;
  const stores = names.stores;
  const usedSubnetGroups = new Set<string>();

  const subnetsOf = (id: string): DatabaseInventory['subnets'] => {
    const w = t.where(id, 'DBSubnetGroupName');
    if (t.props(id).DBSubnetGroupName === undefined) fail(w, "is missing: the database would be placed in the default VPC's subnets");
    const group = t.target(t.props(id).DBSubnetGroupName, [T.dbSubnetGroup], w);
    if (usedSubnetGroups.has(group)) fail(t.where(group), 'is used by two databases; the inventory reads one subnet group per database');
    usedSubnetGroups.add(group);
    onlyKnown(t, group, SUBNET_GROUP, 'a subnet group');
    return x.span(t.props(group).SubnetIds, t.where(group, 'SubnetIds'));
  };
  const encryption = (id: string): { storageEncrypted: boolean; encryption: string } => {
    const p = t.props(id);
    // AWS's default: unencrypted; encrypted without a key: the AWS-managed key aws/rds.
    const storageEncrypted = r.bool(p.StorageEncrypted, false, t.where(id, 'StorageEncrypted'));
    if (!storageEncrypted && p.KmsKeyId !== undefined) fail(t.where(id, 'KmsKeyId'), 'is set while StorageEncrypted is off');
    return { storageEncrypted, encryption: !storageEncrypted ? 'none' : p.KmsKeyId === undefined ? 'aws-managed' : kmsKey(r, p.KmsKeyId, t.where(id, 'KmsKeyId')) };
  };
  const required = (id: string, field: string): string => {
    const v = t.props(id)[field];
    return v === undefined ? fail(t.where(id, field), 'is missing; the inventory records it as written') : r.str(v, t.where(id, field));
  };
  // What each instance (the one of an RDS database, or each of a cluster) says, which a cluster's must agree on.
  const perInstance = (id: string) => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const pi = r.bool(p.EnablePerformanceInsights, false, w('EnablePerformanceInsights'));
    if (!pi && p.PerformanceInsightsRetentionPeriod !== undefined) fail(w('PerformanceInsightsRetentionPeriod'), 'is set while Performance Insights is off');
    if (p.PubliclyAccessible === undefined) fail(w('PubliclyAccessible'), "is missing; AWS's default depends on the subnets' routes, the inventory records it as written");
    return {
      // AWS's defaults: 7 days of Performance Insights, minor upgrades applied.
      performanceInsightsRetentionDays: pi ? r.numOr(p.PerformanceInsightsRetentionPeriod, 7, w('PerformanceInsightsRetentionPeriod')) : null,
      autoMinorVersionUpgrade: r.bool(p.AutoMinorVersionUpgrade, true, w('AutoMinorVersionUpgrade')),
      publiclyAccessible: r.bool(p.PubliclyAccessible, false, w('PubliclyAccessible')),
    };
  };
  const common = (id: string) => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const engine = required(id, 'Engine');
    return {
      name: stores.of(id),
      engine,
      engineVersion: required(id, 'EngineVersion'),
      username: required(id, 'MasterUsername'),
      managedPassword: r.bool(p.ManageMasterUserPassword, false, w('ManageMasterUserPassword')),
      iamAuth: r.bool(p.EnableIAMDatabaseAuthentication, false, w('EnableIAMDatabaseAuthentication')),
      // AWS's defaults: one day of backups, no deletion protection.
      backupRetentionDays: r.numOr(p.BackupRetentionPeriod, 1, w('BackupRetentionPeriod')),
      ...encryption(id),
      deletionProtection: r.bool(p.DeletionProtection, false, w('DeletionProtection')),
      port: p.Port === undefined ? (DEFAULT_PORT[engine] ?? fail(w('Port'), `is missing, and ${engine} has no default port the inventory knows`)) : r.num(p.Port, w('Port')),
      subnets: subnetsOf(id),
    };
  };

  const members = new Map<string, string[]>();
  for (const [instance, cluster] of stores.clusterOf) members.set(cluster, [...(members.get(cluster) ?? []), instance]);

  const instances = t
    .ofType(T.dbInstance)
    .filter((id) => !stores.clusterOf.has(id))
    .map((id): DatabaseInventory => {
      onlyKnown(t, id, INSTANCE, 'an RDS instance');
      const p = t.props(id);
      const w = (field: string) => t.where(id, field);
      if (p.AllocatedStorage === undefined) fail(w('AllocatedStorage'), 'is missing; the inventory records storage as written');
      if (p.StorageType === undefined) fail(w('StorageType'), "is missing; AWS's default storage type has changed over time, the inventory records it as written");
      const allocatedGb = r.num(p.AllocatedStorage, w('AllocatedStorage'));
      const sgs = p.VPCSecurityGroups;
      if (!list(sgs, w('VPCSecurityGroups')).length) fail(w('VPCSecurityGroups'), "is missing: the database would be in the VPC's default security group");
      return {
        ...common(id),
        topology: 'instance',
        generatedPassword: null,
        global: null,
        instances: [required(id, 'DBInstanceClass')],
        serverless: null,
        multiAz: r.bool(p.MultiAZ, false, w('MultiAZ')),
        // No MaxAllocatedStorage: no storage autoscaling, the allocated size is the most.
        storage: { allocatedGb, maxAllocatedGb: r.numOr(p.MaxAllocatedStorage, allocatedGb, w('MaxAllocatedStorage')), type: r.str(p.StorageType, w('StorageType')) },
        databaseName: required(id, 'DBName'),
        ...perInstance(id),
        // CloudFormation's default for an instance outside a cluster: a final snapshot on delete.
        snapshotOnDelete: snapshotOnDelete(t, id, 'Snapshot'),
        ingress: x.ingressOf(sgs, w('VPCSecurityGroups')),
        egress: x.egressOf(sgs, w('VPCSecurityGroups')),
      };
    });

  const clusters = t.ofType(T.dbCluster).map((id): DatabaseInventory => {
    onlyKnown(t, id, CLUSTER, 'an Aurora cluster');
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const own = members.get(id) ?? fail(t.where(id), 'has no instances, so it serves no connection');
    const engine = required(id, 'Engine');
    const each = own.map((m) => {
      onlyKnown(t, m, MEMBER, "an Aurora cluster's instance");
      const member = required(m, 'Engine');
      if (member !== engine) fail(t.where(m, 'Engine'), `is ${member}, its cluster's ${engine}`);
      // Snapshots are the cluster's; an instance of it is deleted with it.
      if (snapshotOnDelete(t, m, 'Delete')) fail(t.where(m, 'DeletionPolicy'), "is Snapshot; an Aurora cluster's instance cannot be snapshotted on its own");
      return { instanceClass: required(m, 'DBInstanceClass'), ...perInstance(m) };
    });
    const agreed = <K extends 'performanceInsightsRetentionDays' | 'autoMinorVersionUpgrade' | 'publiclyAccessible'>(field: K): (typeof each)[number][K] => {
      const values = new Set(each.map((i) => i[field]));
      if (values.size > 1) fail(t.where(id), `its instances differ in ${field}; the inventory records one value per database`);
      return each[0][field];
    };
    const scaling = p.ServerlessV2ScalingConfiguration === undefined ? undefined : obj(p.ServerlessV2ScalingConfiguration, w('ServerlessV2ScalingConfiguration'));
    if (scaling && Object.keys(scaling).some((k) => !['MinCapacity', 'MaxCapacity'].includes(k))) fail(w('ServerlessV2ScalingConfiguration'), 'has settings besides MinCapacity and MaxCapacity; not in the inventory');
    const sgs = p.VpcSecurityGroupIds;
    if (!list(sgs, w('VpcSecurityGroupIds')).length) fail(w('VpcSecurityGroupIds'), "is missing: the database would be in the VPC's default security group");
    return {
      ...common(id),
      topology: 'cluster',
      generatedPassword: null,
      global: null,
      instances: each.map((i) => i.instanceClass),
      serverless: scaling
        ? { minAcu: r.num(scaling.MinCapacity, w('ServerlessV2ScalingConfiguration.MinCapacity')), maxAcu: r.num(scaling.MaxCapacity, w('ServerlessV2ScalingConfiguration.MaxCapacity')) }
        : null,
      // Aurora spreads its instances over AZs; it has no Multi-AZ standby.
      multiAz: false,
      storage: null,
      databaseName: required(id, 'DatabaseName'),
      performanceInsightsRetentionDays: agreed('performanceInsightsRetentionDays'),
      autoMinorVersionUpgrade: agreed('autoMinorVersionUpgrade'),
      publiclyAccessible: agreed('publiclyAccessible'),
      // CloudFormation's default for a cluster: a final snapshot on delete.
      snapshotOnDelete: snapshotOnDelete(t, id, 'Snapshot'),
      ingress: x.ingressOf(sgs, w('VpcSecurityGroupIds')),
      egress: x.egressOf(sgs, w('VpcSecurityGroupIds')),
    };
  });

  for (const g of t.ofType(T.dbSubnetGroup)) if (!usedSubnetGroups.has(g)) fail(t.where(g), 'no database uses it');
  return [...instances, ...clusters];
}
