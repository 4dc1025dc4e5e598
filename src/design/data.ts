import { createHash } from 'node:crypto';
import type { Blueprint } from '../schema';
import type { Store } from '../schema/data';
import type { DecisionLog } from './decisions';
import { storeClients } from './access';
import { designDatabase } from './databases';
import { designCache } from './caches';
import { designIndexCapacity, tableBilling, type RecordDecision } from './capacity';
import { hasStandby } from './resilience';
import { bucketConsumers, streamConsumers } from './function-triggers';
import { acknowledgeInPacks } from './compliance';
import { HELD_MONTHS, engineLimitGb, monthsToFill, storeGrowth, volumeAdvice, type StoreGrowth } from './growth';
import { queueLoads, type QueueLoad } from './queue-load';
import { tableLoads, type TableLoad } from './table-load';
import { asTagged, type Sizing } from './sizing';
import { pct } from './decisions';
import type { BucketDesign, BucketReplicationDesign, SecurityDesign, StoreDesign } from './types';
import { byText } from '../text';

const DAY = 86400;

/**
 * Step 3, data management: each store, safe by default (encrypted at rest,
 * TLS-only, private, kept when the stack is deleted or the store replaced).
 */
export function designStores(bp: Blueprint, log: DecisionLog, security: SecurityDesign): StoreDesign[] {
  const growth = storeGrowth(bp);
  const loads = queueLoads(bp);
  const tables = tableLoads(bp, loads);
  return Object.entries(bp.data ?? {})
    .sort(([a], [b]) => byText(a, b))
    .map(([key, store]) => designStore(bp, key, store, log, security, growth.get(key), loads.get(key), tables.get(key)));
}

function designStore(
  bp: Blueprint,
  key: string,
  store: Store,
  log: DecisionLog,
  security: SecurityDesign,
  growth: StoreGrowth | undefined,
  load: QueueLoad | undefined,
  tableLoad: TableLoad | undefined,
): StoreDesign {
  const cmk = security.encryption === 'customer-managed';
  const subject = `data.${key}`;
  // The tag names the store in every backend's output (cost allocation, and the parity inventory).
  const tags = { 'blueprint:store': key };
  const record = (name: string, value: string | number | boolean, rationale: string, source: 'written' | 'derived' | 'default' = 'default') =>
    log.record({ concern: 'data', subject, name, value, source, rationale });
  const sizing = sizingOf(store, growth, load, tableLoad);
  // The store's own decisions first, then what it is sized for.
  const designed = ((): StoreDesign => {
    switch (store.engine) {
      case 's3': {
        record('bucket', `private, encrypted (${cmk ? "SSE-KMS, the stack's key" : 'SSE-S3'}), TLS-only`, `block all public access, server-side encryption at rest${cmk ? ' with the customer-managed key (an S3 bucket key keeps KMS requests, and their cost, low)' : ''}, a bucket policy that denies plain HTTP`);
        record('versioned', store.versioned, store.versioned ? 'every version of every object is kept: overwrites and deletes can be undone' : 'written: no versioning', store.versioned ? 'default' : 'written');
        record('retain', true, 'the bucket and its objects stay when the stack is deleted or the bucket would be replaced');
        const l = store.lifecycle;
        const noncurrent = designNoncurrentExpiry(bp, store, record);
        const lifecycle = l || noncurrent !== undefined ? { infrequentAfterDays: l?.infrequent_after_days, archiveAfterDays: l?.archive_after_days, expireAfterDays: l?.expire_after_days, noncurrentExpireAfterDays: noncurrent } : undefined;
        if (l) record('lifecycle', lifecycleSummary(lifecycle!), 'written: lifecycle tiers', 'written');
        const replication = replicates(bp, store, store.versioned) ? designReplication(bp, key, store.replicate_to_secondary !== undefined, lifecycle, record, log) : undefined;
        if (!replication) {
          acknowledgeInPacks(log, security, 'S3BucketReplicationEnabled', { kind: 'bucket', store: key }, `bucket ${key} is not replicated (no standby region, or replicate_to_secondary: false): ${store.versioned ? 'versioning keeps overwritten and deleted objects, and ' : ''}${bp.resilience.dr === 'backup-restore' ? 'AWS Backup copies it into the recovery vault of the secondary region' : 'it is kept when the stack is deleted'}`);
        }
        const eventBridge = bucketEventBridge(bp, key, record);
        return { key, tags, sizing, kind: 'bucket', encryption: cmk ? 'customer-managed' : 'sse-s3', versioned: store.versioned, lifecycle, replication, retain: true, ...(eventBridge ? { eventBridge } : {}) };
      }
      case 'sqs': {
        const dl = store.dead_letter;
        record('queue', `${store.fifo ? 'FIFO' : 'standard'}, encrypted (${cmk ? "the stack's key" : 'SSE-SQS'}), TLS-only`, `server-side encryption with ${cmk ? 'the customer-managed key (data keys reused for 5 minutes to keep KMS requests low)' : 'SQS-managed keys'} and a queue policy that denies plain HTTP`);
        record(
          'dead_letter',
          dl ? `after ${dl.max_receives} receives, kept 14 days` : false,
          dl ? 'messages that keep failing move aside instead of blocking the queue or being lost; kept 14 days (the maximum) for inspection' : 'written: no dead-letter queue',
          dl ? (dl.max_receives === 5 ? 'default' : 'written') : 'written',
        );
        if (!dl) {
          log.acknowledge({
            rule: 'AwsSolutions-SQS3',
            on: { kind: 'queue', store: key },
            reason: `queue ${key} is written dead_letter: false: a message that keeps failing is received again until its retention (${store.retention_days} days) ends, rather than moved aside`,
          });
        }
        record('retention_days', store.retention_days, 'how long an unprocessed message is kept', store.retention_days === 4 ? 'default' : 'written');
        return {
          key,
          tags,
          sizing,
          kind: 'queue',
          encryption: cmk ? 'customer-managed' : 'sse-sqs',
          ...(cmk ? { dataKeyReuseSeconds: 300 } : {}),
          fifo: store.fifo,
          retentionSeconds: store.retention_days * DAY,
          visibilityTimeoutSeconds: store.visibility_timeout_seconds,
          deadLetter: dl ? { maxReceives: dl.max_receives, retentionSeconds: 14 * DAY } : undefined,
          retain: false,
        };
      }
      case 'sns':
        record('topic', `${store.fifo ? 'FIFO' : 'standard'}, encrypted (${cmk ? "the stack's key" : 'AWS-managed key'}), TLS-only`, `encrypted at rest with ${cmk ? 'the customer-managed key' : 'the AWS-managed SNS key'} and a topic policy that denies plain HTTP`);
        return { key, tags, sizing, kind: 'topic', encryption: cmk ? 'customer-managed' : { kmsKeyAlias: 'alias/aws/sns' }, fifo: store.fifo, retain: false };
      case 'dynamodb': {
        const protect = bp.resilience.deletion_protection;
        const provisioned = store.billing === 'provisioned';
        record(
          'table',
          `${store.billing}, encrypted, point-in-time recovery${protect ? ', deletion protection' : ''}`,
          `${provisioned ? 'written billing: provisioned: pay for provisioned capacity, which autoscaling moves between min and max' : 'pay per request'}; point-in-time recovery restores any second of the last 35 days (the latest about 5 minutes back); ${protect ? 'deletion protection refuses a delete until it is turned off' : 'written resilience.deletion_protection: false: the table can be deleted'}`,
          provisioned ? 'written' : 'default',
        );
        record('retain', true, 'the table stays when the stack is deleted or the table would be replaced');
        const billing = tableBilling(key, store, record);
        const replicaRegions = replicates(bp, store, true) ? [designGlobalTable(bp, key, protect, store.replicate_to_secondary !== undefined, record)] : [];
        const indexes = Object.entries(store.indexes ?? {}).sort(([a], [b]) => byText(a, b));
        // An index of a provisioned table has throughput of its own: it gets the table's (see designIndexCapacity).
        const indexCapacity = billing.mode === 'provisioned' && indexes.length ? designIndexCapacity(indexes.map(([name]) => name), billing, record) : undefined;
        return {
          key,
          tags,
          sizing,
          kind: 'table',
          encryption: cmk ? 'customer-managed' : 'aws-managed-kms',
          partitionKey: store.partition_key,
          sortKey: store.sort_key,
          billing,
          indexes: indexes.map(([name, i]) => ({ name, partitionKey: i.partition_key, sortKey: i.sort_key, projection: i.projection, ...(indexCapacity ? { capacity: indexCapacity } : {}) })),
          ttlAttribute: store.ttl_attribute,
          // Checks allow no other written stream on a replicated table.
          stream: replicaRegions.length ? 'new-and-old-images' : (store.stream ?? triggeredStream(bp, key, record)),
          pointInTimeRecovery: true,
          deletionProtection: protect,
          replicaRegions,
          ...(replicaRegions.length ? { replica: { pointInTimeRecovery: true, deletionProtection: protect, encryption: 'aws-managed-kms' } as const, tableName: globalTableName(bp.name, key) } : {}),
          retain: true,
        };
      }
      case 'postgres':
      case 'mysql':
      case 'aurora-postgresql':
      case 'aurora-mysql':
        return designDatabase(bp, key, store, storeClients(bp, key), tags, sizing, log, security);
      case 'redis':
      case 'valkey':
        return designCache(bp, key, store, storeClients(bp, key), tags, sizing, log, security);
    }
  })();
  recordSizing(key, store, growth, load, tableLoad, record, log);
  return designed;
}

/** What a store is sized for: a durable store's growth, a table's item size and request rates, a queue's peak message rate. */
function sizingOf(store: Store, growth: StoreGrowth | undefined, load: QueueLoad | undefined, tableLoad: TableLoad | undefined): Sizing {
  return {
    ...(growth ? { 'growth-gb-month': growth.gbPerMonth } : {}),
    ...(store.engine === 'dynamodb' ? { 'item-kb': store.item_kb ?? 1 } : {}),
    ...(load ? { 'peak-messages-per-second': asTagged(load.perSecond) } : {}),
    ...(tableLoad ? { 'peak-reads-per-second': asTagged(tableLoad.readsPerSecond), 'peak-writes-per-second': asTagged(tableLoad.writesPerSecond) } : {}),
  };
}

/**
 * The decisions behind a store's sizing: its growth (and what a year of it holds, against its engine's
 * limit), its item size, its peak message rate; and a recommendation in plan when a table or database
 * would hold bulk data that belongs in S3.
 */
function recordSizing(
  key: string,
  store: Store,
  growth: StoreGrowth | undefined,
  load: QueueLoad | undefined,
  tableLoad: TableLoad | undefined,
  record: RecordDecision,
  log: DecisionLog,
): void {
  if (growth) {
    record('growth_gb_month', growth.gbPerMonth, growth.rationale, growth.source);
    const held = growth.gbPerMonth * HELD_MONTHS;
    const limit = engineLimitGb(store);
    record(
      'held_after_a_year',
      `${pct(held)} GB`,
      `${pct(growth.gbPerMonth)} GB a month x ${HELD_MONTHS} months: what the estimate bills it for${limit ? ` (${limit.what}, ${limit.gb} GB, holds ${growth.gbPerMonth > 0 ? `${pct(Math.round(monthsToFill(limit.gb, growth.gbPerMonth) * 10) / 10)} months of it` : 'it for ever'})` : ''}`,
      'derived',
    );
    const advice = volumeAdvice(key, store, growth);
    if (advice) log.recommend({ subject: `data.${key}`, text: advice });
  }
  if (store.engine === 'dynamodb') {
    const kb = store.item_kb;
    const units = (n: number, what: string) => `${n} ${what} unit${n === 1 ? '' : 's'}`;
    record(
      'item_kb',
      kb ?? 1,
      kb !== undefined ? `written: a write uses ${units(Math.ceil(kb), 'write')} (1 KB each), a strongly consistent read ${units(Math.ceil(kb / 4), 'read')} (4 KB each)` : 'items of up to 1 KB: one write unit a write, one read unit a read (write item_kb for larger items)',
      kb !== undefined ? 'written' : 'default',
    );
  }
  if (load) record('peak_messages_per_second', load.perSecond, load.rationale, load.source);
  if (tableLoad) {
    record('peak_reads_per_second', asTagged(tableLoad.readsPerSecond), tableLoad.readsWhy, 'derived');
    record('peak_writes_per_second', asTagged(tableLoad.writesPerSecond), tableLoad.writesWhy, 'derived');
  }
}

/**
 * Whether a bucket or table replicates into the secondary region: as written, or, left out, whenever a
 * standby waits there (pilot-light, warm-standby) and the store can be replicated (a bucket must be
 * versioned; checks refuse a provisioned table there).
 */
function replicates(bp: Blueprint, store: { replicate_to_secondary?: boolean }, replicable: boolean): boolean {
  return store.replicate_to_secondary ?? (hasStandby(bp) && replicable);
}

/** A global table's fixed name, by which the standby in the secondary region reaches its replica. */
export const globalTableName = (blueprint: string, key: string): string => `${blueprint}-${key}`;

/**
 * replicate_to_secondary on a table: a global table with a replica in the secondary region (checks
 * require the region, on-demand billing, and no other written stream). Returns the replica's region.
 */
function designGlobalTable(bp: Blueprint, key: string, protect: boolean, written: boolean, record: RecordDecision): string {
  const region = bp.requirements.regions.secondary;
  if (region === undefined) throw new Error(`data.${key}: replicate_to_secondary needs requirements.regions.secondary (checks report it)`);
  const primary = bp.requirements.regions.primary;
  record(
    'replicate_to_secondary',
    `global table, replica in ${region}: on demand, encrypted (AWS-managed key), point-in-time recovery${protect ? ', deletion protection' : ''}`,
    `${written ? 'written' : `derived from resilience.dr ${bp.resilience.dr ?? 'derived'}: the standby in ${region} needs the table's data`}: DynamoDB global tables replicate every write to a replica in ${region} (typically within a second), which serves reads and writes there, so losing ${primary} loses at most the last second of writes; the replica is kept as the table is (its own point-in-time recovery and deletion protection, encrypted with ${region}'s AWS-managed DynamoDB key). Named ${globalTableName(bp.name, key)}, so the standby reaches the replica by name. Cost: every write is paid again in ${region} as replicated write request units, plus the replica's storage and cross-region data transfer`,
    written ? 'written' : 'derived',
  );
  record(
    'stream',
    'new-and-old-images',
    'derived: a global table replicates through its stream, which must carry new and old images; consumers of the stream see those too',
    'derived',
  );
  return region;
}

/** A bucket whose created objects invoke functions (services.<fn>.triggers.bucket) sends its events to EventBridge, recorded; undefined otherwise. */
function bucketEventBridge(bp: Blueprint, key: string, record: RecordDecision): true | undefined {
  const consumers = bucketConsumers(bp, key);
  if (!consumers.length) return undefined;
  record('event_bridge', 'on', `derived: ${consumers.join(', ')} ${consumers.length === 1 ? 'is' : 'are'} invoked by its created objects (triggers.bucket): S3 sends the bucket's events to EventBridge, where each function's rule matches its own; S3's events on the default bus are free`, 'derived');
  return true;
}

/**
 * The stream of a table that functions consume (services.<fn>.triggers.table) and that writes none: new and old images,
 * so a consumer sees what changed (an insert's new item, a removal's old one, both for a modification) without reading
 * the table again. Undefined when nothing consumes it.
 */
function triggeredStream(bp: Blueprint, key: string, record: RecordDecision): 'new-and-old-images' | undefined {
  const consumers = streamConsumers(bp, key);
  if (!consumers.length) return undefined;
  record(
    'stream',
    'new-and-old-images',
    `derived: ${consumers.join(', ')} ${consumers.length === 1 ? 'is' : 'are'} invoked by its stream (triggers.table), which carries each change's new and old item, so the function needs no read of the table to see what changed; write stream (keys-only, new-image, old-image) to carry less`,
    'derived',
  );
  return 'new-and-old-images';
}

/** S3's limit on a bucket name, less the "-<account id>" (12 digits) each renderer appends to the replica's prefix. */
export const REPLICA_PREFIX_MAX = 63 - 13;

/**
 * The replica's name before the account ID: `<blueprint>-<key>-<region>` names it uniquely in an
 * account; longer than REPLICA_PREFIX_MAX, its first characters and 8 hex digits of its SHA-256,
 * so it stays deterministic and distinct.
 */
export function replicaBucketPrefix(name: string, key: string, region: string): string {
  const full = `${name}-${key}-${region}`;
  if (full.length <= REPLICA_PREFIX_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, REPLICA_PREFIX_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** What S3's replication role may do: read the source's configuration, list and object versions; write replicas. Nothing else, nowhere else. */
const REPLICATION_ROLE: BucketReplicationDesign['role'] = [
  { resource: 'source', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'] },
  { resource: 'source-objects', actions: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'] },
  { resource: 'replica-objects', actions: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'] },
];

/** replicate_to_secondary: one rule over every object into a replica in the secondary region (checks require the region and versioning). */
function designReplication(bp: Blueprint, key: string, written: boolean, lifecycle: BucketDesign['lifecycle'], record: RecordDecision, log: DecisionLog): BucketReplicationDesign {
  const region = bp.requirements.regions.secondary;
  if (region === undefined) throw new Error(`data.${key}: replicate_to_secondary needs requirements.regions.secondary (checks report it)`);
  const prefix = replicaBucketPrefix(bp.name, key, region);
  record(
    'replicate_to_secondary',
    `to ${prefix}-<account id> in ${region}, STANDARD, delete markers too`,
    `${written ? 'written' : `derived: the standby in ${region} needs the bucket's objects`}: S3 replication copies every new object version into a versioned, encrypted, TLS-only replica in ${region} (RPO: typically seconds to minutes), so losing ${bp.requirements.regions.primary} loses no stored object; delete markers are replicated so the replica shows what the source shows, and its versions keep what was deleted. The name ends in the account ID, which makes it globally unique and known to both regions without a cross-region reference`,
    written ? 'written' : 'derived',
  );
  record(
    'replication_role',
    REPLICATION_ROLE.map((s) => `${s.actions.join(', ')} on ${s.resource}`).join('; '),
    'least privilege: the role S3 assumes reads the source bucket\'s replication configuration, its list and its object versions, and writes replicas into the replica bucket only',
    'derived',
  );
  for (const replica of [false, true]) {
    log.acknowledge({
      rule: 'AwsSolutions-IAM5',
      on: { kind: 'replication-role', store: key },
      finding: { kind: 'store-resource', store: key, suffix: '/*', ...(replica ? { replica: true as const } : {}) },
      reason: replica
        ? `S3 replicates the objects of bucket ${key} into the objects of its replica: ReplicateObject, ReplicateDelete and ReplicateTags on the replica's objects (its ARN followed by /*) only`
        : `S3 reads each object version of bucket ${key} to replicate it: GetObjectVersion* on its objects (its ARN followed by /*) only`,
    });
  }
  if (lifecycle) {
    record('replica_lifecycle', 'as the bucket\'s', 'S3 replicates objects, not lifecycle actions: the replica gets the same tiers and expiry, or it would keep forever what the bucket expires', 'derived');
  }
  return {
    region,
    replicaBucketPrefix: prefix,
    ruleId: `to-${region}`,
    storageClass: 'STANDARD',
    deleteMarkers: true,
    role: REPLICATION_ROLE.map((s) => ({ ...s, actions: [...s.actions] })),
    ...(lifecycle ? { lifecycle } : {}),
  };
}

/**
 * How long a versioned bucket keeps a version after it stops being current: written, or, for a bucket that
 * expires its objects, the backup retention (what is deleted can be restored for as long as backups are
 * kept). Without it, every expired or deleted object would live on as a noncurrent version for ever.
 */
function designNoncurrentExpiry(bp: Blueprint, store: Extract<Store, { engine: 's3' }>, record: RecordDecision): number | undefined {
  const written = store.lifecycle?.noncurrent_expire_after_days;
  if (written !== undefined) return record('noncurrent_expire_after_days', written, 'written: a version is deleted that many days after it stops being current', 'written') as number;
  if (!store.versioned || store.lifecycle?.expire_after_days === undefined) return undefined;
  const days = bp.resilience.backups?.retention_days ?? 35;
  return record(
    'noncurrent_expire_after_days',
    days,
    `versioned, and objects expire after ${store.lifecycle.expire_after_days} days: an expired, deleted or overwritten object stays restorable as a noncurrent version for resilience.backups.retention_days (${days}), then is deleted, so the bucket forgets what it expires instead of keeping every version for ever`,
    'derived',
  ) as number;
}

/** A bucket's lifecycle in words, as plan shows it: "Standard-IA after 30 d, Glacier after 365 d, expire after 3650 d". */
export function lifecycleSummary(l: { infrequentAfterDays?: number | null; archiveAfterDays?: number | null; expireAfterDays?: number | null; noncurrentExpireAfterDays?: number | null }): string {
  return [
    l.infrequentAfterDays != null && `Standard-IA after ${l.infrequentAfterDays} d`,
    l.archiveAfterDays != null && `Glacier after ${l.archiveAfterDays} d`,
    l.expireAfterDays != null && `expire after ${l.expireAfterDays} d`,
    l.noncurrentExpireAfterDays != null && `noncurrent versions expire after ${l.noncurrentExpireAfterDays} d`,
  ]
    .filter(Boolean)
    .join(', ');
}
