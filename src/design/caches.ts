import type { Blueprint } from '../schema';
import type { CacheStore } from '../schema/data';
import { pct, recorder, type DecisionLog } from './decisions';
import { CACHE_PORT, CACHE_VERSIONS } from './engines';
import { acknowledgeInPacks, profileNames } from './compliance';
import type { CacheDesign, SecurityDesign } from './types';
import type { Sizing } from './sizing';

type Cache = CacheStore;

/**
 * An ElastiCache replication group: replicas and failover from availability,
 * node type from availability and peak_rps, always encrypted in transit and
 * at rest behind an AUTH token kept in Secrets Manager.
 */
export function designCache(bp: Blueprint, key: string, store: Cache, clients: string[], tags: Record<string, string>, sizing: Sizing, log: DecisionLog, security: SecurityDesign): CacheDesign {
  const record = recorder(log, 'data', `data.${key}`);
  const a = bp.requirements.availability;
  const production = a >= 99.9;
  const versions = CACHE_VERSIONS[store.engine];
  const engineVersion = store.version ?? Object.keys(versions).at(-1)!;
  record(
    'engine_version',
    `${store.engine} ${engineVersion}`,
    store.version ? 'written' : 'default',
    `${store.version ? 'written' : 'the newest version Blueprint knows'}; no automatic minor upgrades (they would leave the template and Pulumi state behind the cache): upgrade by writing version`,
  );

  const peak = bp.requirements.peak_rps ?? 0;
  const nodeType = store.node_type ?? (peak > 5000 ? 'cache.r7g.large' : production ? 'cache.t4g.small' : 'cache.t4g.micro');
  record(
    'node_type',
    nodeType,
    store.node_type ? 'written' : 'derived',
    store.node_type
      ? 'written'
      : peak > 5000
        ? `peak_rps ${peak} > 5000: a memory-optimised, non-burstable node (13 GiB) so throughput does not depend on CPU credits`
        : production
          ? `availability ${pct(a)} % >= 99.9 % and peak_rps <= 5000: cache.t4g.small (1.4 GiB); write node_type when the working set is larger`
          : `availability ${pct(a)} % < 99.9 %: the smallest node (cache.t4g.micro, 0.5 GiB)`,
  );

  const shards = store.cluster_mode ? (store.shards ?? 3) : 1;
  if (store.cluster_mode) record('shards', shards, store.shards ? 'written' : 'default', store.shards ? 'written: cluster mode' : 'cluster mode: three node groups spread the keyspace (write shards to change it)');
  const replicasPerShard = record(
    'replicas',
    store.replicas ?? (production ? 1 : 0),
    store.replicas !== undefined ? 'written' : 'derived',
    store.replicas !== undefined
      ? 'written'
      : production
        ? `availability ${pct(a)} % >= 99.9 %: one replica per shard in another AZ`
        : `availability ${pct(a)} % < 99.9 %: no replica; a failed node is replaced and the cache refills`,
  );
  // Cluster mode needs automatic failover on; Multi-AZ needs a replica to fail over to.
  const automaticFailover = store.cluster_mode || replicasPerShard > 0;
  const multiAz = replicasPerShard > 0;
  record(
    'failover',
    multiAz ? 'automatic, multi-AZ' : automaticFailover ? 'automatic (cluster mode), single-AZ' : 'none',
    'derived',
    multiAz ? 'a replica in another AZ is promoted when the primary fails, in under a minute' : 'no replica to promote: a failed node is replaced and refills',
  );
  const cmk = security.encryption === 'customer-managed';
  if (!multiAz) {
    log.acknowledge({
      rule: 'AwsSolutions-AEC4',
      on: { kind: 'cache', store: key },
      reason: `cache ${key} has no replica in another AZ (availability ${pct(a)} % < 99.9 %, or replicas: 0 written): a failed node is replaced and the cache refills from its source; nothing is lost that the source does not hold`,
    });
  }
  record('encryption', `in transit (TLS) and at rest${cmk ? " (the stack's key)" : ''}, AUTH token in Secrets Manager`, 'default', `clients connect over TLS with a generated 32-character token that tasks receive as an ECS secret${cmk ? '; the data at rest and the token are encrypted with the customer-managed key' : ''}`);
  const snapshotRetentionDays = record(
    'snapshot_retention_days',
    security.hardened ? 15 : 1,
    security.hardened ? 'derived' : 'default',
    security.hardened
      ? `${profileNames(security)}: a daily snapshot kept 15 days, so a cache can be restored to any of the last two weeks' days. Cost: snapshot storage beyond one node's size`
      : 'one daily snapshot, kept a day: a cache refills from its source; a compliance profile keeps 15',
  );
  acknowledgeInPacks(log, security, 'SecretsManagerRotationEnabled', { kind: 'cache-auth-token', store: key }, `the AUTH token of cache ${key} is not rotated: ElastiCache takes a new token only through ModifyReplicationGroup with its ROTATE strategy, which no Secrets Manager rotation function performs; it is 32 random characters, sent only over TLS inside the VPC`);
  if (store.engine === 'redis') {
    // AwsSolutions-AEC5 flags Redis on its default port (not Valkey).
    log.acknowledge({
      rule: 'AwsSolutions-AEC5',
      on: { kind: 'cache', store: key },
      reason: `cache ${key} listens on Redis's default port ${CACHE_PORT}: another port hides nothing from a task its security group admits, and nothing else reaches its isolated subnets`,
    });
  }
  log.acknowledge({
    rule: 'AwsSolutions-SMG4',
    on: { kind: 'cache-auth-token', store: key },
    reason: `the AUTH token of cache ${key}: ElastiCache takes a new token only through ModifyReplicationGroup with its ROTATE strategy, which no Secrets Manager rotation function performs; the token is 32 random characters, sent only over TLS, to tasks inside the VPC that ${key}'s security group admits`,
  });
  if (store.in_front_of) record('in_front_of', store.in_front_of, 'written', `every task that uses ${store.in_front_of} may reach the cache too`);
  record('placement', `isolated subnets, port ${CACHE_PORT} open to ${clients.length ? clients.join(', ') : 'no task'}`, 'derived', 'no route to or from the internet; only the tasks that use it may connect, each through its own security-group rule');

  const family = versions[engineVersion];
  return {
    key,
    tags,
    sizing,
    kind: 'cache',
    engine: store.engine,
    engineVersion,
    parameterGroup: `default.${family}${store.cluster_mode ? '.cluster.on' : ''}`,
    nodeType,
    clusterMode: store.cluster_mode,
    shards,
    replicasPerShard,
    automaticFailover,
    multiAz,
    transitEncryption: true,
    atRestEncryption: true,
    encryption: cmk ? 'customer-managed' : 'aws-managed',
    autoMinorVersionUpgrade: false,
    authToken: { length: 32 },
    snapshotRetentionDays,
    snapshotOnDelete: true,
    inFrontOf: store.in_front_of,
    port: CACHE_PORT,
    subnets: 'isolated',
    clients,
    retain: false,
  };
}
