/*
 * Caches read from a CloudFormation template: each ElastiCache replication
 * group (engine and version, parameter group, node type, cluster mode,
 * shards and replicas, failover, encryption and its key, the AUTH token's
 * secret, its key and how it is generated, snapshots), the subnets of its
 * subnet group and who its security group admits. Every property the
 * inventory does not read throws.
 */
import type { CacheInventory } from '../inventory';
import type { Context } from './context';
import { kmsKeyOrAwsManaged } from './data';
import { T } from './resource-types';
import { cacheClusterMode } from './store-names';
import { fail, list, obj, onlyKnown, snapshotOnDelete } from './template';

// What the inventory reads of each; anything else on the resource throws.
const GROUP = [
  'ReplicationGroupDescription',
  'Engine',
  'EngineVersion',
  'CacheParameterGroupName',
  'CacheNodeType',
  'ClusterMode',
  'NumNodeGroups',
  'ReplicasPerNodeGroup',
  'NumCacheClusters',
  'AutomaticFailoverEnabled',
  'MultiAZEnabled',
  'TransitEncryptionEnabled',
  'AtRestEncryptionEnabled',
  'KmsKeyId',
  'AutoMinorVersionUpgrade',
  'AuthToken',
  'SnapshotRetentionLimit',
  'Port',
  'CacheSubnetGroupName',
  'SecurityGroupIds',
  'Tags',
];
const SUBNET_GROUP = ['Description', 'SubnetIds', 'Tags'];
const SECRET = ['Description', 'GenerateSecretString', 'KmsKeyId', 'Tags'];
const GENERATE = ['PasswordLength', 'ExcludePunctuation', 'IncludeSpace'];

export function readCaches(x: Context): CacheInventory[] {
  const { t, r, names } = x;
  const stores = names.stores;
  const usedSubnetGroups = new Set<string>();

  const caches = t.ofType(T.replicationGroup).map((id): CacheInventory => {
    onlyKnown(t, id, GROUP, 'a cache');
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const required = (field: string): string => (p[field] === undefined ? fail(w(field), 'is missing; the inventory records it as written') : r.str(p[field], w(field)));
    const clusterMode = cacheClusterMode(t, r, id);

    // Cluster mode: NumNodeGroups shards of ReplicasPerNodeGroup replicas; otherwise one shard of NumCacheClusters nodes.
    if (p.NumCacheClusters !== undefined && (p.ReplicasPerNodeGroup !== undefined || p.NumNodeGroups !== undefined)) fail(w('NumCacheClusters'), 'is set with NumNodeGroups or ReplicasPerNodeGroup');
    const shards = r.numOr(p.NumNodeGroups, 1, w('NumNodeGroups'));
    if (!clusterMode && shards !== 1) fail(w('NumNodeGroups'), `is ${shards} without cluster mode`);
    const replicasPerShard =
      p.ReplicasPerNodeGroup !== undefined
        ? r.num(p.ReplicasPerNodeGroup, w('ReplicasPerNodeGroup'))
        : p.NumCacheClusters !== undefined && !clusterMode
          ? r.num(p.NumCacheClusters, w('NumCacheClusters')) - 1
          : fail(t.where(id), `has ${clusterMode ? 'no ReplicasPerNodeGroup' : 'neither NumCacheClusters nor ReplicasPerNodeGroup'}; the inventory records the replicas as written`);

    let authToken: string | null = null;
    let authTokenEncryption: string | null = null;
    let authTokenGeneration: CacheInventory['authTokenGeneration'] = null;
    const secret = [...stores.tokenOf].find(([, group]) => group === id)?.[0];
    if (secret !== undefined) {
      onlyKnown(t, secret, SECRET, "a cache's AUTH token secret");
      const sw = (field: string) => t.where(secret, field);
      const generate = obj(t.props(secret).GenerateSecretString, sw('GenerateSecretString'));
      if (t.props(secret).GenerateSecretString === undefined) fail(sw('GenerateSecretString'), 'is missing; the inventory records a generated token');
      const extra = Object.keys(generate).filter((k) => !GENERATE.includes(k));
      if (extra.length) fail(sw('GenerateSecretString'), `${extra.join(', ')}: not in the inventory (a JSON secret, or characters beyond letters, digits and punctuation)`);
      authToken = stores.of(secret);
      // Absent: Secrets Manager's AWS-managed key (aws/secretsmanager).
      authTokenEncryption = kmsKeyOrAwsManaged(r, t.props(secret).KmsKeyId, sw('KmsKeyId'), 'alias/aws/secretsmanager', stores.keyAliases);
      authTokenGeneration = {
        // Secrets Manager's defaults: 32 characters, punctuation included, no space.
        length: r.numOr(generate.PasswordLength, 32, sw('GenerateSecretString.PasswordLength')),
        alphanumeric: r.bool(generate.ExcludePunctuation, false, sw('GenerateSecretString.ExcludePunctuation')) && !r.bool(generate.IncludeSpace, false, sw('GenerateSecretString.IncludeSpace')),
      };
    }

    if (p.CacheSubnetGroupName === undefined) fail(w('CacheSubnetGroupName'), "is missing: the cache would be placed in the default VPC's subnets");
    const group = t.target(p.CacheSubnetGroupName, [T.cacheSubnetGroup], w('CacheSubnetGroupName'));
    if (usedSubnetGroups.has(group)) fail(t.where(group), 'is used by two caches; the inventory reads one subnet group per cache');
    usedSubnetGroups.add(group);
    onlyKnown(t, group, SUBNET_GROUP, 'a cache subnet group');
    const sgs = p.SecurityGroupIds;
    if (!list(sgs, w('SecurityGroupIds')).length) fail(w('SecurityGroupIds'), "is missing: the cache would be in the VPC's default security group");
    const atRestEncryption = r.bool(p.AtRestEncryptionEnabled, false, w('AtRestEncryptionEnabled'));
    if (!atRestEncryption && p.KmsKeyId !== undefined) fail(w('KmsKeyId'), 'is set while at-rest encryption is off');

    return {
      name: stores.of(id),
      engine: required('Engine'),
      engineVersion: required('EngineVersion'),
      parameterGroup: required('CacheParameterGroupName'),
      nodeType: required('CacheNodeType'),
      clusterMode,
      shards,
      replicasPerShard,
      // AWS's defaults: no failover, single-AZ, unencrypted, no snapshots kept, port 6379.
      automaticFailover: r.bool(p.AutomaticFailoverEnabled, false, w('AutomaticFailoverEnabled')),
      multiAz: r.bool(p.MultiAZEnabled, false, w('MultiAZEnabled')),
      transitEncryption: r.bool(p.TransitEncryptionEnabled, false, w('TransitEncryptionEnabled')),
      atRestEncryption,
      // At rest without a key named: ElastiCache's default key.
      encryption: atRestEncryption ? kmsKeyOrAwsManaged(r, p.KmsKeyId, w('KmsKeyId'), 'alias/aws/elasticache', stores.keyAliases) : null,
      // Absent, ElastiCache applies minor upgrades (CloudFormation's default is true).
      autoMinorVersionUpgrade: r.bool(p.AutoMinorVersionUpgrade, true, w('AutoMinorVersionUpgrade')),
      authToken,
      authTokenEncryption,
      authTokenGeneration,
      snapshotRetentionDays: r.numOr(p.SnapshotRetentionLimit, 0, w('SnapshotRetentionLimit')),
      // CloudFormation's default for a replication group: deleted without a snapshot.
      snapshotOnDelete: snapshotOnDelete(t, id, 'Delete'),
      port: r.numOr(p.Port, 6379, w('Port')),
      subnets: x.span(t.props(group).SubnetIds, t.where(group, 'SubnetIds')),
      ingress: x.ingressOf(sgs, w('SecurityGroupIds')),
      egress: x.egressOf(sgs, w('SecurityGroupIds')),
    };
  });

  for (const g of t.ofType(T.cacheSubnetGroup)) if (!usedSubnetGroups.has(g)) fail(t.where(g), 'no cache uses it');
  return caches;
}
