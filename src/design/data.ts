import { createHash } from 'node:crypto';
import type { Blueprint, Service } from '../schema';
import { isCache, type RelationalStore, type Store, type TableStore } from '../schema/data';
import type { DecisionLog } from './decisions';
import { parseEdge, type Edge } from './edges';
import { databaseNameOf, databasePort, designDatabase } from './databases';
import { designCache } from './caches';
import type { AccessDesign, BucketReplicationDesign, CapacityDesign, ConnectionDesign, ProvisionedCapacity, SecretRefDesign, StoreDesign, TableBilling } from './types';
import { byText } from '../text';

const DAY = 86400;

/**
 * Step 3, data management: each store, safe by default (encrypted at rest,
 * TLS-only, private, kept when the stack is deleted or the store replaced).
 */
export function designStores(bp: Blueprint, log: DecisionLog): StoreDesign[] {
  return Object.entries(bp.data ?? {})
    .sort(([a], [b]) => byText(a, b))
    .map(([key, store]) => designStore(bp, key, store, log));
}

function designStore(bp: Blueprint, key: string, store: Store, log: DecisionLog): StoreDesign {
  const subject = `data.${key}`;
  // The tag names the store in every backend's output (cost allocation, and the parity inventory).
  const tags = { 'blueprint:store': key };
  const record = (name: string, value: string | number | boolean, rationale: string, source: 'written' | 'derived' | 'default' = 'default') =>
    log.record({ concern: 'data', subject, name, value, source, rationale });
  switch (store.engine) {
    case 's3': {
      record('bucket', 'private, encrypted (SSE-S3), TLS-only', 'block all public access, server-side encryption at rest, a bucket policy that denies plain HTTP');
      record('versioned', store.versioned, store.versioned ? 'every version of every object is kept: overwrites and deletes can be undone' : 'written: no versioning', store.versioned ? 'default' : 'written');
      record('retain', true, 'the bucket and its objects stay when the stack is deleted or the bucket would be replaced');
      const l = store.lifecycle;
      if (l) record('lifecycle', [l.infrequent_after_days && `Standard-IA after ${l.infrequent_after_days} d`, l.archive_after_days && `Glacier after ${l.archive_after_days} d`, l.expire_after_days && `expire after ${l.expire_after_days} d`].filter(Boolean).join(', '), 'written: lifecycle tiers', 'written');
      return {
        key,
        tags,
        kind: 'bucket',
        encryption: 'sse-s3',
        versioned: store.versioned,
        lifecycle: l && { infrequentAfterDays: l.infrequent_after_days, archiveAfterDays: l.archive_after_days, expireAfterDays: l.expire_after_days },
        replication: store.replicate_to_secondary ? designReplication(bp, key, record) : undefined,
        retain: true,
      };
    }
    case 'sqs': {
      const dl = store.dead_letter;
      record('queue', `${store.fifo ? 'FIFO' : 'standard'}, encrypted (SSE-SQS), TLS-only`, 'server-side encryption with SQS-managed keys and a queue policy that denies plain HTTP');
      record(
        'dead_letter',
        dl ? `after ${dl.max_receives} receives, kept 14 days` : false,
        dl ? 'messages that keep failing move aside instead of blocking the queue or being lost; kept 14 days (the maximum) for inspection' : 'written: no dead-letter queue',
        dl ? (dl.max_receives === 5 ? 'default' : 'written') : 'written',
      );
      record('retention_days', store.retention_days, 'how long an unprocessed message is kept', store.retention_days === 4 ? 'default' : 'written');
      return {
        key,
        tags,
        kind: 'queue',
        encryption: 'sse-sqs',
        fifo: store.fifo,
        retentionSeconds: store.retention_days * DAY,
        visibilityTimeoutSeconds: store.visibility_timeout_seconds,
        deadLetter: dl ? { maxReceives: dl.max_receives, retentionSeconds: 14 * DAY } : undefined,
        retain: false,
      };
    }
    case 'sns':
      record('topic', `${store.fifo ? 'FIFO' : 'standard'}, encrypted (AWS-managed key), TLS-only`, 'encrypted at rest with the AWS-managed SNS key and a topic policy that denies plain HTTP');
      return { key, tags, kind: 'topic', encryption: { kmsKeyAlias: 'alias/aws/sns' }, fifo: store.fifo, retain: false };
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
      const indexes = Object.entries(store.indexes ?? {}).sort(([a], [b]) => byText(a, b));
      // An index of a provisioned table has throughput of its own: it gets the table's (see designIndexCapacity).
      const indexCapacity = billing.mode === 'provisioned' && indexes.length ? designIndexCapacity(indexes.map(([name]) => name), billing, record) : undefined;
      return {
        key,
        tags,
        kind: 'table',
        encryption: 'aws-managed-kms',
        partitionKey: store.partition_key,
        sortKey: store.sort_key,
        billing,
        indexes: indexes.map(([name, i]) => ({ name, partitionKey: i.partition_key, sortKey: i.sort_key, projection: i.projection, ...(indexCapacity ? { capacity: indexCapacity } : {}) })),
        ttlAttribute: store.ttl_attribute,
        stream: store.stream,
        pointInTimeRecovery: true,
        deletionProtection: protect,
        retain: true,
      };
    }
    case 'postgres':
    case 'mysql':
    case 'aurora-postgresql':
    case 'aurora-mysql':
      return designDatabase(bp, key, store, storeClients(bp, key), tags, log);
    case 'redis':
    case 'valkey':
      return designCache(bp, key, store, storeClients(bp, key), tags, log);
  }
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
function designReplication(bp: Blueprint, key: string, record: RecordDecision): BucketReplicationDesign {
  const region = bp.requirements.regions.secondary;
  if (region === undefined) throw new Error(`data.${key}: replicate_to_secondary needs requirements.regions.secondary (checks report it)`);
  const prefix = replicaBucketPrefix(bp.name, key, region);
  record(
    'replicate_to_secondary',
    `to ${prefix}-<account id> in ${region}, STANDARD, delete markers too`,
    `written: S3 replication copies every new object version into a versioned, encrypted, TLS-only replica in ${region} (RPO: typically seconds to minutes), so losing ${bp.requirements.regions.primary} loses no stored object; delete markers are replicated so the replica shows what the source shows, and its versions keep what was deleted. The name ends in the account ID, which makes it globally unique and known to both regions without a cross-region reference`,
    'written',
  );
  record(
    'replication_role',
    REPLICATION_ROLE.map((s) => `${s.actions.join(', ')} on ${s.resource}`).join('; '),
    'least privilege: the role S3 assumes reads the source bucket\'s replication configuration, its list and its object versions, and writes replicas into the replica bucket only',
    'derived',
  );
  return { region, replicaBucketPrefix: prefix, ruleId: `to-${region}`, storageClass: 'STANDARD', deleteMarkers: true, role: REPLICATION_ROLE.map((s) => ({ ...s, actions: [...s.actions] })) };
}

/**
 * Cooldowns of a provisioned table's target tracking (AWS's default for DynamoDB is 0 s both ways).
 * Out: a capacity increase takes effect within about a minute, so a second scale-out waits for the
 * first to show in the consumed-capacity metric instead of adding capacity twice for one burst.
 * In: DynamoDB allows few decreases a day (up to 4 in the day's first hour, then one an hour: 27 at
 * most), so after a decrease the next waits 5 minutes rather than spending the day's decreases on one
 * slow ramp-down.
 */
const SCALE_OUT_COOLDOWN_SECONDS = 60;
const SCALE_IN_COOLDOWN_SECONDS = 300;
const DEFAULT_TARGET_UTILIZATION = 70;

type RecordDecision = (name: string, value: string | number | boolean, rationale: string, source?: 'written' | 'derived' | 'default') => unknown;

/** On demand, or the written capacity with its autoscaling; every number is decided here, the renderers copy them. */
function tableBilling(key: string, store: TableStore, record: RecordDecision): TableBilling {
  if (store.billing !== 'provisioned') return { mode: 'on-demand' };
  // Loading the blueprint checks that provisioned billing has capacity (src/design/store-checks.ts).
  const c = store.capacity;
  if (!c) throw new Error(`data.${key}: billing: provisioned needs capacity: { read: { min, max }, write: { min, max } }`);
  const target = c.target_utilization;
  const units = (dim: 'read' | 'write'): CapacityDesign => ({
    initial: c[dim].min,
    min: c[dim].min,
    max: c[dim].max,
    targetUtilizationPercent: target,
    scaleInCooldownSeconds: SCALE_IN_COOLDOWN_SECONDS,
    scaleOutCooldownSeconds: SCALE_OUT_COOLDOWN_SECONDS,
  });
  const read = units('read');
  const write = units('write');
  for (const [dim, u, unit, metric] of [
    ['read', read, 'RCU', 'DynamoDBReadCapacityUtilization'],
    ['write', write, 'WCU', 'DynamoDBWriteCapacityUtilization'],
  ] as const) {
    record(
      `${dim}_capacity`,
      `${u.min}-${u.max} ${unit}, starting at ${u.initial}`,
      `written capacity.${dim}: the table is created with min (the cheapest start) and Application Auto Scaling moves it between min and max, tracking ${metric}; AWS's service-linked role for DynamoDB autoscaling does the scaling`,
      'written',
    );
  }
  record(
    'target_utilization',
    target,
    `autoscaling keeps consumed capacity near ${target} % of provisioned: the ${100 - target} % left over absorbs a burst while capacity is added (a scale-out follows 2 minutes above the target)`,
    target === DEFAULT_TARGET_UTILIZATION ? 'default' : 'written',
  );
  record(
    'scaling_cooldowns',
    `scale out ${SCALE_OUT_COOLDOWN_SECONDS} s, scale in ${SCALE_IN_COOLDOWN_SECONDS} s`,
    'an increase takes effect within about a minute, so the next scale-out waits for it to show in the metric; DynamoDB allows few decreases a day, so after one the next waits 5 minutes',
  );
  return { mode: 'provisioned', read, write };
}

/**
 * Each global secondary index of a provisioned table gets the table's capacity and autoscaling. A write
 * to the table is also a write to every index it projects into, and an index short of write capacity
 * throttles the table's writes, so an index needs at least the table's write capacity; what reads an
 * index will do the blueprint cannot tell, so it gets the table's read capacity too. Autoscaling then
 * moves each index on its own consumption.
 */
function designIndexCapacity(names: string[], billing: ProvisionedCapacity, record: RecordDecision): ProvisionedCapacity {
  record(
    'index_capacity',
    `the table's capacity and autoscaling, each on its own: ${names.join(', ')}`,
    "an index has throughput of its own; every table write that it projects is also an index write, and an index short of write capacity throttles the table's writes, so it gets the table's write capacity; its reads are unknown, so it gets the table's read capacity; autoscaling then moves each index on its own use",
    'derived',
  );
  return { read: { ...billing.read }, write: { ...billing.write } };
}

/** The tasks (services and jobs) whose edges reach a store, directly or through the store a cache is in front of. */
export function storeClients(bp: Blueprint, key: string): string[] {
  return Object.entries(bp.services)
    .filter(([, svc]) => edgesOf(bp, svc).some((e) => e.target === key))
    .map(([k]) => k)
    .sort(byText);
}

/**
 * A task's edges to stores: its `uses`, a worker's consumed queue, plus the
 * caches in front of a store it uses (a cache declared with in_front_of
 * serves that store's users).
 */
function edgesOf(bp: Blueprint, svc: Service): Edge[] {
  const edges = (svc.uses ?? []).map(parseEdge).filter((e) => bp.data?.[e.target]);
  // A worker's queue, as if written uses: <queue>:read, unless uses names it already (that edge is at least as wide).
  if (svc.kind === 'worker' && svc.consumes !== undefined && bp.data?.[svc.consumes] && !edges.some((e) => e.target === svc.consumes)) {
    edges.push({ target: svc.consumes, mode: 'read', consumed: true });
  }
  for (const [key, store] of Object.entries(bp.data ?? {})) {
    if (isCache(store) && store.in_front_of && edges.some((e) => e.target === store.in_front_of) && !edges.some((e) => e.target === key)) {
      edges.push({ target: key, mode: 'read-write', via: store.in_front_of });
    }
  }
  return edges.sort((a, b) => byText(a.target, b.target));
}

/** What a store's `uses` edges grant: IAM actions scoped to that store, and the connection details injected. */
const ACTIONS: Record<'bucket' | 'queue' | 'topic' | 'table', { read: string[]; write: string[] }> = {
  bucket: { read: ['s3:GetObject', 's3:ListBucket'], write: ['s3:PutObject', 's3:DeleteObject'] },
  queue: {
    read: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    write: ['sqs:SendMessage'],
  },
  topic: { read: [], write: ['sns:Publish'] },
  table: {
    read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
    write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  },
};

const CONNECTION: Record<'bucket' | 'queue' | 'topic' | 'table', { suffix: string; attribute: ConnectionDesign['attribute'] }> = {
  bucket: { suffix: 'BUCKET', attribute: 'name' },
  queue: { suffix: 'QUEUE_URL', attribute: 'url' },
  topic: { suffix: 'TOPIC_ARN', attribute: 'arn' },
  table: { suffix: 'TABLE', attribute: 'name' },
};

const KIND: Record<Store['engine'], StoreDesign['kind']> = {
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  dynamodb: 'table',
  postgres: 'database',
  mysql: 'database',
  'aurora-postgresql': 'database',
  'aurora-mysql': 'database',
  redis: 'cache',
  valkey: 'cache',
};

/** What a task's edges to stores give it. */
export interface TaskAccess {
  access: AccessDesign[];
  connections: ConnectionDesign[];
  secrets: SecretRefDesign[];
  /** Connection details known before deploy (a database's port and name). */
  environment: Record<string, string>;
}

/** The data edges of one task: least-privilege access and the connection details its code needs. */
export function designAccess(bp: Blueprint, key: string, svc: Service, log: DecisionLog): TaskAccess {
  const out: TaskAccess = { access: [], connections: [], secrets: [], environment: {} };
  for (const edge of edgesOf(bp, svc)) {
    const store = bp.data![edge.target];
    const kind = KIND[store.engine];
    const prefix = edge.target.toUpperCase().replace(/-/g, '_');
    const record = (value: string, rationale: string) =>
      log.record({ concern: 'data', subject: `services.${key}`, name: `access_${edge.target}`, value, source: 'derived', rationale });
    if (kind === 'database' || kind === 'cache') {
      const relational = kind === 'database' ? (store as RelationalStore) : undefined;
      const reader = edge.mode === 'read';
      out.connections.push({ variable: `${prefix}_HOST`, store: edge.target, attribute: reader ? 'reader-host' : 'host' });
      out.environment[`${prefix}_PORT`] = String(relational ? databasePort(relational) : 6379);
      if (relational) {
        out.environment[`${prefix}_DATABASE`] = databaseNameOf(edge.target, relational);
        out.secrets.push({ variable: `${prefix}_PASSWORD`, store: edge.target, field: 'password' }, { variable: `${prefix}_USERNAME`, store: edge.target, field: 'username' });
        if (relational.iam_auth) out.access.push({ store: edge.target, kind, mode: edge.mode, actions: ['rds-db:connect'], resources: ['dbuser'] });
      } else {
        out.secrets.push({ variable: `${prefix}_AUTH_TOKEN`, store: edge.target });
      }
      const what = relational ? `${prefix}_USERNAME and ${prefix}_PASSWORD` : `${prefix}_AUTH_TOKEN`;
      record(
        `network: port ${out.environment[`${prefix}_PORT`]}${reader ? ', reader endpoint' : ''}`,
        `${edge.via ? `a cache in front of ${edge.via}, which it uses` : `uses: ${edge.target}${reader ? ':read' : ''}`}: one security-group rule lets this task reach the ${kind} on its port; ${prefix}_HOST${reader ? ' (the reader endpoint: Aurora readers refuse writes)' : ''} and ${prefix}_PORT are injected, ${what} arrive as ECS secrets from Secrets Manager${relational?.iam_auth ? '; rds-db:connect on the admin user for IAM authentication' : ''}`,
      );
      continue;
    }
    const { read, write } = ACTIONS[kind];
    const scoped = edge.mode === 'read' ? read : [...read, ...write];
    const resources: AccessDesign['resources'] = kind === 'bucket' ? ['', '/*'] : kind === 'table' && (store as { indexes?: object }).indexes ? ['', '/index/*'] : [''];
    out.access.push({ store: edge.target, kind, mode: edge.mode, actions: [...scoped].sort(), resources });
    const variable = `${prefix}_${CONNECTION[kind].suffix}`;
    out.connections.push({ variable, store: edge.target, attribute: CONNECTION[kind].attribute });
    record(
      `${edge.mode === 'read' ? 'read-only' : 'read-write'}: ${scoped.join(', ')}`,
      `${edge.consumed ? `consumes: ${edge.target} (as uses: ${edge.target}:read)` : `uses: ${edge.target}${edge.mode === 'read' ? ':read' : ''}`}: exactly these actions on this ${kind} only (no wildcard resources); ${variable} is injected as an environment variable`,
    );
  }
  out.secrets.sort((a, b) => byText(a.variable, b.variable));
  return out;
}
