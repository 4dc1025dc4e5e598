/*
 * Data stores read from a mock run: buckets (with their encryption,
 * public-access block, versioning, lifecycle, replication and policy
 * resources; a bucket with the secondary region's provider is a replica),
 * queues (their dead-letter queues named after the queue that uses them) and
 * tables (with their provisioned capacity and its autoscaling, read by
 * scaling.ts, and a global table's replicas), each named by its "blueprint:store" tag. Topics are read with the
 * alarm topic (observability.ts).
 */
import { mockQueueUrl } from '../../pulumi/mock-values';
import type { BucketInventory, QueueInventory, TableCapacityInventory, TableInventory, TableReplicaInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { bucketAccessLogs, bucketGrants, bucketNameOf } from './access-logs';
import { deniesPlainHttp } from './policies';
import { T } from './resource-types';
import { readSizing } from '../../design/sizing';
import type { TableScaling } from './scaling';
import { checkReplicasUsed, readReplication } from './replication';
import { queueStoreName, redriveOf } from './store-names';
import { kmsKeyOf } from './key';
import { only } from './functions';

/** A bucket's events to EventBridge (an aws.s3.BucketNotification with eventbridge); a second notification, or one to Lambda, SQS or SNS, throws. */
function bucketEventBridge(b: R, notifications: R[]): boolean {
  if (notifications.length > 1) throw new Error(`parity: bucket ${b.name} has ${notifications.length} notifications; the inventory reads one`);
  if (!notifications.length) return false;
  const i = only(notifications[0].inputs, ['bucket', 'eventbridge'], `bucket notification ${notifications[0].name} (notifications to Lambda, SQS or SNS are not in the inventory)`);
  return i.eventbridge === true;
}

export function readStores(ctx: Context, tableScaling: TableScaling): { buckets: BucketInventory[]; queues: QueueInventory[]; tables: TableInventory[] } {
  const { ofType, id, byArnValue, storeTag, must, region, regionOf } = ctx;
  const onBucket = (type: string, b: R) => ofType(type).filter((x) => x.inputs.bucket === id(b));
  const buckets: BucketInventory[] = ofType(T.bucket).map((b) => {
    const lifecycle = onBucket(T.bucketLifecycle, b).flatMap((l) => l.inputs.rules as Inputs[]);
    const pab = onBucket(T.bucketPublicAccess, b)[0]?.inputs ?? {};
    const ownership = onBucket(T.bucketOwnership, b);
    if (ownership.length > 1) throw new Error(`parity: bucket ${b.name} has ${ownership.length} ownership controls`);
    const sse = readBucketEncryption(ctx, b, onBucket(T.bucketEncryption, b));
    return {
      name: bucketNameOf(ctx, b),
      sizing: readSizing(b.inputs.tags, `bucket ${b.name}`),
      region: regionOf(b),
      versioned: onBucket(T.bucketVersioning, b).some((v) => v.inputs.versioningConfiguration?.status === 'Enabled'),
      ...sse,
      blockPublicAccess: ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((k) => pab[k] === true),
      tlsOnly: onBucket(T.bucketPolicy, b).some((p) => deniesPlainHttp(p.inputs.policy)),
      transitions: lifecycle.flatMap((r) => (r.transitions ?? []) as Inputs[]).map((t) => ({ storageClass: t.storageClass, days: t.days })),
      expireDays: lifecycle.find((r) => r.expiration?.days)?.expiration.days ?? null,
      noncurrentExpireDays: lifecycle.find((r) => r.noncurrentVersionExpiration?.noncurrentDays)?.noncurrentVersionExpiration.noncurrentDays ?? null,
      retain: b.retainOnDelete === true,
      replication: readReplication(ctx, b),
      // The provider's (AWS's) default for a new bucket: ACLs disabled.
      objectOwnership: ownership[0]?.inputs.rule?.objectOwnership ?? 'BucketOwnerEnforced',
      accessLogs: bucketAccessLogs(ctx, b),
      grants: bucketGrants(ctx, b, onBucket(T.bucketPolicy, b)),
      eventBridge: bucketEventBridge(b, onBucket(T.bucketNotification, b)),
    };
  });
  checkReplicasUsed(buckets);
  const queues = ofType(T.queue);
  const redrive = redriveOf;
  const queueName = (q: R): string => queueStoreName(ctx, q);
  const queueInventory: QueueInventory[] = queues.map((q) => {
    const dl = redrive(q);
    const key = kmsKeyOf(ctx, q.inputs.kmsMasterKeyId);
    if (key && q.inputs.sqsManagedSseEnabled === true) throw new Error(`parity: queue ${q.name} has both SSE-SQS and a KMS key`);
    return {
      name: queueName(q),
      sizing: readSizing(q.inputs.tags, `queue ${q.name}`),
      fifo: q.inputs.fifoQueue === true,
      retentionSeconds: q.inputs.messageRetentionSeconds ?? 345600,
      visibilityTimeoutSeconds: q.inputs.visibilityTimeoutSeconds ?? 30,
      encryption: key ?? (q.inputs.sqsManagedSseEnabled === false ? 'none' : 'sqs-managed'),
      // AWS's default with a KMS key: 5 minutes.
      dataKeyReuseSeconds: key ? (q.inputs.kmsDataKeyReusePeriodSeconds ?? 300) : null,
      tlsOnly: ofType(T.queuePolicy).some((p) => p.inputs.queueUrl === mockQueueUrl(q.name, region) && deniesPlainHttp(p.inputs.policy)),
      deadLetter: dl ? { queue: queueName(must(queues.find((x) => byArnValue(x) === dl.deadLetterTargetArn), `dead-letter queue ${dl.deadLetterTargetArn}`)), maxReceives: dl.maxReceiveCount } : null,
      retain: q.retainOnDelete === true,
    };
  });
  const tableInventory: TableInventory[] = ofType(T.table).map((t) => {
    const types = new Map(((t.inputs.attributes ?? []) as Inputs[]).map((a) => [a.name, a.type]));
    const attr = (name: string | undefined) => (name ? `${name}:${types.get(name)}` : null);
    // The provider's default: provisioned billing.
    const billing = t.inputs.billingMode ?? 'PROVISIONED';
    // Read first: a provisioned global table throws as such, before its capacity is read.
    const replicas = readTableReplicas(t, regionOf(t), billing);
    const scaling = tableScaling.get(t) ?? new Map<string, never>();
    // The provisioned units of the table (index "") or of an index, with the autoscaling of each.
    const capacity = (units: Inputs, index: string): TableCapacityInventory | null => {
      const scaled = scaling.get(index) ?? {};
      const what = `table ${t.name}${index ? ` index ${index}` : ''}`;
      if (billing === 'PAY_PER_REQUEST') {
        if (units.readCapacity !== undefined || units.writeCapacity !== undefined) throw new Error(`parity: ${what} is billed per request, yet has provisioned capacity`);
        if (scaled.read || scaled.write) throw new Error(`parity: ${what} is billed per request, yet a scalable target scales its capacity`);
        return null;
      }
      return {
        read: { units: must(units.readCapacity as number | undefined, `the read capacity of provisioned ${what}`), scaling: scaled.read ?? null },
        write: { units: must(units.writeCapacity as number | undefined, `the write capacity of provisioned ${what}`), scaling: scaled.write ?? null },
      };
    };
    const indexes = ((t.inputs.globalSecondaryIndexes ?? []) as Inputs[]).map((i) => ({
      name: i.name,
      partitionKey: attr(i.hashKey)!,
      sortKey: attr(i.rangeKey),
      projection: i.projectionType,
      capacity: capacity(i, i.name),
    }));
    for (const index of scaling.keys()) {
      if (index !== '' && !indexes.some((i) => i.name === index)) throw new Error(`parity: table ${t.name} has no index ${index}, yet a scalable target scales its capacity`);
    }
    return {
      name: `table:${must(storeTag(t), `the blueprint:store tag of table ${t.name}`)}`,
      sizing: readSizing(t.inputs.tags, `table ${t.name}`),
      // Under the mocks an unnamed table has no name input (the engine would auto-name it).
      tableName: (t.inputs.name as string | undefined) ?? null,
      billing,
      capacity: capacity(t.inputs, ''),
      partitionKey: attr(t.inputs.hashKey)!,
      sortKey: attr(t.inputs.rangeKey),
      indexes,
      ttlAttribute: t.inputs.ttl?.enabled ? t.inputs.ttl.attributeName : null,
      stream: t.inputs.streamEnabled ? t.inputs.streamViewType : null,
      pointInTimeRecovery: t.inputs.pointInTimeRecovery?.enabled === true,
      encryption: t.inputs.serverSideEncryption?.enabled ? (kmsKeyOf(ctx, t.inputs.serverSideEncryption.kmsKeyArn) ?? 'aws-managed') : 'aws-owned',
      deletionProtection: t.inputs.deletionProtectionEnabled === true,
      retain: t.retainOnDelete === true,
      ...replicas,
    };
  });

  return { buckets, queues: queueInventory, tables: tableInventory };
}

/**
 * A bucket's default encryption (one configuration, one rule; the provider's default without one: SSE-S3):
 * the algorithm, the KMS key with aws:kms ("key", or "aws-managed": aws/s3 when none is named), the bucket key.
 */
function readBucketEncryption(ctx: Context, b: R, configs: R[]): Pick<BucketInventory, 'encryption' | 'kmsKey' | 'bucketKey'> {
  if (configs.length > 1) throw new Error(`parity: bucket ${b.name} has ${configs.length} encryption configurations`);
  const rules = (configs[0]?.inputs.rules ?? []) as Inputs[];
  if (rules.length > 1) throw new Error(`parity: bucket ${b.name}'s encryption has ${rules.length} rules; the inventory reads one`);
  const byDefault = (rules[0]?.applyServerSideEncryptionByDefault ?? {}) as Inputs;
  const encryption = (byDefault.sseAlgorithm as string | undefined) ?? 'AES256';
  if (encryption !== 'aws:kms' && byDefault.kmsMasterKeyId !== undefined) throw new Error(`parity: bucket ${b.name} names a KMS key without aws:kms`);
  return {
    encryption,
    kmsKey: encryption === 'aws:kms' ? (kmsKeyOf(ctx, byDefault.kmsMasterKeyId) ?? 'aws-managed') : null,
    bucketKey: rules[0]?.bucketKeyEnabled === true,
  };
}

// What the inventory reads of a replica (arn, streamArn and streamLabel are outputs, never set).
const REPLICA = ['deletionProtectionEnabled', 'kmsKeyArn', 'pointInTimeRecovery', 'propagateTags', 'regionName'];

/**
 * A global table's replicas (`replicas`: the table resource creates and manages each, as
 * CloudFormation's AWS::DynamoDB::GlobalTable does), sorted by sortInventory. As the CloudFormation
 * reader: on demand only, one replica per region other than the table's, each carrying the store's tags
 * (propagateTags), and anything else set on a replica throws. The provider's defaults: no point-in-time
 * recovery, no deletion protection; with SSE on and no kmsKeyArn, the region's aws/dynamodb key.
 */
function readTableReplicas(t: R, region: string, billing: string): Pick<TableInventory, 'replicaRegions' | 'replicas'> {
  const list = (t.inputs.replicas ?? []) as Inputs[];
  if (list.length && billing !== 'PAY_PER_REQUEST') throw new Error(`parity: table ${t.name} is a provisioned global table; the inventory reads global tables billed per request only`);
  const sseOn = t.inputs.serverSideEncryption?.enabled === true;
  const seen = new Set<string>();
  const replicas = list.map((x): TableReplicaInventory => {
    const extra = Object.keys(x).filter((k) => !REPLICA.includes(k) && x[k] !== undefined);
    if (extra.length) throw new Error(`parity: a replica of table ${t.name} sets ${extra.join(', ')}, which the inventory does not read`);
    const r = x.regionName as string;
    if (r === region || seen.has(r)) throw new Error(`parity: table ${t.name} has a second replica in ${r}`);
    seen.add(r);
    if (x.propagateTags !== true) throw new Error(`parity: the replica of table ${t.name} in ${r} does not carry the store's tags (propagateTags)`);
    if (x.kmsKeyArn !== undefined && !sseOn) throw new Error(`parity: the replica of table ${t.name} in ${r} names a KMS key, yet the table has SSE off`);
    return {
      region: r,
      pointInTimeRecovery: x.pointInTimeRecovery === true,
      deletionProtection: x.deletionProtectionEnabled === true,
      encryption: !sseOn ? 'aws-owned' : (x.kmsKeyArn ?? 'aws-managed'),
    };
  });
  return { replicaRegions: replicas.map((x) => x.region), replicas };
}
