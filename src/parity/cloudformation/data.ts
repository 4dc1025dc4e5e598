/*
 * Data stores read from a CloudFormation template: buckets (encryption and
 * its key, bucket key, public-access block, lifecycle, replication), queues
 * (retention, encryption and data-key reuse, dead-letter queue), tables (keys, indexes, provisioned capacity and its autoscaling,
 * TTL, streams, recovery; a global table with its replicas' regions and
 * settings), whether each is TLS-only and retained. Topics are
 * read with the alarm topic (observability.ts).
 */
import type { BucketInventory, QueueInventory, TableCapacityInventory, TableInventory, TableReplicaInventory } from '../inventory';
import { bucketGrants, tlsOnly } from './policies';
import { T } from './resource-types';
import { sizingOf } from './sizing';
import { readReplication } from './replication';
import type { readTableScaling } from './scaling';
import type { SecondaryRegion } from './secondary';
import type { ArnResolver, StoreNames } from './store-names';
import { fail, list, obj, onlyKnown, type CfnTemplate, type Resolver } from './template';

/**
 * Stores, their resource policies and topic details, read in one pass; tables' autoscaling as scaling.ts read it.
 * `place`: the stack's region, and what the secondary region holds (a replication names its replica there).
 */
export function readStores(
  t: CfnTemplate,
  r: Resolver,
  names: StoreNames,
  arns: ArnResolver,
  tableScaling: ReturnType<typeof readTableScaling>,
  place: BucketPlace,
): { buckets: BucketInventory[]; queues: QueueInventory[]; tables: TableInventory[]; topicTlsOnly: Set<string> } {
  const queueTls = tlsOnly(t, arns, names, T.queuePolicy, 'Queues');
  const topicTls = tlsOnly(t, arns, names, T.topicPolicy, 'Topics');
  const buckets = readBuckets(t, r, names, arns, place);

  const dataKeyReuse = (p: Record<string, unknown>, w: (field: string) => string): number | null => {
    if (p.KmsMasterKeyId !== undefined) return r.numOr(p.KmsDataKeyReusePeriodSeconds, 300, w('KmsDataKeyReusePeriodSeconds'));
    if (p.KmsDataKeyReusePeriodSeconds !== undefined) fail(w('KmsDataKeyReusePeriodSeconds'), 'is set on a queue without a KMS key (KmsMasterKeyId)');
    return null;
  };
  const queues = t.ofType(T.queue).map((q): QueueInventory => {
    const p = t.props(q);
    const w = (field: string) => t.where(q, field);
    const name = names.of(q);
    const redrive = p.RedrivePolicy === undefined ? undefined : obj(p.RedrivePolicy, w('RedrivePolicy'));
    return {
      name,
      sizing: sizingOf(t, r, q),
      fifo: r.bool(p.FifoQueue, false, w('FifoQueue')),
      // AWS's defaults: 4 days, 30 s, and SSE-SQS for a queue with no KMS key.
      retentionSeconds: r.numOr(p.MessageRetentionPeriod, 345600, w('MessageRetentionPeriod')),
      visibilityTimeoutSeconds: r.numOr(p.VisibilityTimeout, 30, w('VisibilityTimeout')),
      encryption:
        p.KmsMasterKeyId !== undefined ? kmsKey(r, p.KmsMasterKeyId, w('KmsMasterKeyId'), names.keyAliases) : r.bool(p.SqsManagedSseEnabled, true, w('SqsManagedSseEnabled')) ? 'sqs-managed' : 'none',
      // AWS's default with a KMS key: 300 s; without one the setting means nothing.
      dataKeyReuseSeconds: dataKeyReuse(p, w),
      tlsOnly: queueTls.has(name),
      deadLetter: redrive
        ? {
            queue: names.of(t.target(redrive.deadLetterTargetArn, [T.queue], w('RedrivePolicy.deadLetterTargetArn'))),
            maxReceives: r.num(redrive.maxReceiveCount, w('RedrivePolicy.maxReceiveCount')),
          }
        : null,
      retain: t.retained(q),
    };
  });

  const tables = [
    ...t.ofType(T.table).map((tb) => readTable(tb, t.props(tb))),
    ...t.ofType(T.globalTable).map((tb) => readGlobalTable(t, r, tb, place.region(), readTable, names.keyAliases)),
  ];

  /** A table from its properties: an AWS::DynamoDB::Table's, or a global table's in that shape (readGlobalTable). */
  function readTable(tb: string, p: Record<string, unknown>): TableInventory {
    const w = (field: string) => t.where(tb, field);
    const types = new Map<string, string>();
    for (const [i, a] of list(p.AttributeDefinitions, w('AttributeDefinitions')).entries()) {
      const aw = w(`AttributeDefinitions[${i}]`);
      types.set(r.str(obj(a, aw).AttributeName, `${aw}.AttributeName`), r.str(obj(a, aw).AttributeType, `${aw}.AttributeType`));
    }
    const keys = (v: unknown, where: string): { partitionKey: string; sortKey: string | null } => {
      const ks = list(v, where).map((k, i) => obj(k, `${where}[${i}]`));
      const one = (type: string) => {
        const found = ks.filter((k) => k.KeyType === type);
        if (found.length > 1) fail(where, `has ${found.length} ${type} keys`);
        if (!found.length) return null;
        const n = r.str(found[0].AttributeName, `${where} ${type}`);
        return `${n}:${types.get(n) ?? fail(where, `key ${n} has no AttributeDefinitions entry`)}`;
      };
      if (ks.some((k) => k.KeyType !== 'HASH' && k.KeyType !== 'RANGE')) fail(where, 'has a key type other than HASH and RANGE');
      return { partitionKey: one('HASH') ?? fail(where, 'has no HASH key'), sortKey: one('RANGE') };
    };
    if (list(p.LocalSecondaryIndexes, w('LocalSecondaryIndexes')).length) fail(w('LocalSecondaryIndexes'), 'local secondary indexes are not in the inventory');
    const ttl = obj(p.TimeToLiveSpecification, w('TimeToLiveSpecification'));
    const sse = obj(p.SSESpecification, w('SSESpecification'));
    const sseEnabled = r.bool(sse.SSEEnabled, false, w('SSESpecification.SSEEnabled'));
    // AWS's defaults: provisioned billing, no point-in-time recovery, no deletion protection, encryption with an AWS-owned key.
    const billing = r.str(p.BillingMode ?? 'PROVISIONED', w('BillingMode')) === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
    const scaling = tableScaling.get(tb) ?? new Map<string, never>();
    // The provisioned units of the table (index "") or of an index, with the autoscaling of each.
    const capacity = (throughput: unknown, index: string, where: string): TableCapacityInventory | null => {
      const scaled = scaling.get(index) ?? {};
      if (billing === 'PAY_PER_REQUEST') {
        if (throughput !== undefined) fail(where, 'is set on a table billed per request');
        if (scaled.read || scaled.write) fail(where, 'is billed per request, yet a scalable target scales its capacity');
        return null;
      }
      const units = obj(throughput ?? fail(where, 'is missing; a provisioned table and its indexes need their throughput'), where);
      return {
        read: { units: r.num(units.ReadCapacityUnits, `${where}.ReadCapacityUnits`), scaling: scaled.read ?? null },
        write: { units: r.num(units.WriteCapacityUnits, `${where}.WriteCapacityUnits`), scaling: scaled.write ?? null },
      };
    };
    const indexes = list(p.GlobalSecondaryIndexes, w('GlobalSecondaryIndexes')).map((g, i) => {
      const gw = w(`GlobalSecondaryIndexes[${i}]`);
      const gsi = obj(g, gw);
      const projection = obj(gsi.Projection, `${gw}.Projection`);
      const type = r.str(projection.ProjectionType ?? 'KEYS_ONLY', `${gw}.Projection.ProjectionType`);
      if (type === 'INCLUDE' || projection.NonKeyAttributes !== undefined) fail(`${gw}.Projection`, 'projects named attributes (INCLUDE); the inventory records ALL or KEYS_ONLY');
      const name = r.str(gsi.IndexName, `${gw}.IndexName`);
      return { name, ...keys(gsi.KeySchema, `${gw}.KeySchema`), projection: type, capacity: capacity(gsi.ProvisionedThroughput, name, `${gw}.ProvisionedThroughput`) };
    });
    for (const index of scaling.keys()) {
      if (index !== '' && !indexes.some((i) => i.name === index)) fail(t.where(tb), `has no index ${index}, yet a scalable target scales its capacity`);
    }
    return {
      name: names.of(tb),
      sizing: sizingOf(t, r, tb),
      tableName: p.TableName === undefined ? null : r.str(p.TableName, w('TableName')),
      billing,
      capacity: capacity(p.ProvisionedThroughput, '', w('ProvisionedThroughput')),
      ...keys(p.KeySchema, w('KeySchema')),
      indexes,
      ttlAttribute: r.bool(ttl.Enabled, false, w('TimeToLiveSpecification.Enabled')) ? r.str(ttl.AttributeName, w('TimeToLiveSpecification.AttributeName')) : null,
      stream: p.StreamSpecification === undefined ? null : r.str(obj(p.StreamSpecification, w('StreamSpecification')).StreamViewType, w('StreamSpecification.StreamViewType')),
      pointInTimeRecovery: r.bool(obj(p.PointInTimeRecoverySpecification, w('PointInTimeRecoverySpecification')).PointInTimeRecoveryEnabled, false, w('PointInTimeRecoveryEnabled')),
      deletionProtection: r.bool(p.DeletionProtectionEnabled, false, w('DeletionProtectionEnabled')),
      encryption: !sseEnabled ? 'aws-owned' : sse.KMSMasterKeyId === undefined ? 'aws-managed' : kmsKey(r, sse.KMSMasterKeyId, w('SSESpecification.KMSMasterKeyId'), names.keyAliases),
      retain: t.retained(tb),
      replicaRegions: [],
      replicas: [],
    };
  }

  return { buckets, queues, tables, topicTlsOnly: topicTls };
}

// What the inventory reads of a global table, of each replica, and of each index of a replica.
const GLOBAL_TABLE = ['AttributeDefinitions', 'BillingMode', 'TableName', 'GlobalSecondaryIndexes', 'KeySchema', 'Replicas', 'SSESpecification', 'StreamSpecification', 'TimeToLiveSpecification'];
const GLOBAL_TABLE_INDEX = ['IndexName', 'KeySchema', 'Projection'];
const REPLICA = ['DeletionProtectionEnabled', 'GlobalSecondaryIndexes', 'PointInTimeRecoverySpecification', 'Region', 'SSESpecification', 'Tags'];

/**
 * An AWS::DynamoDB::GlobalTable: one resource that creates and manages a replica in each region of
 * Replicas, the stack's own among them. The table is that replica, read as an AWS::DynamoDB::Table
 * (`asTable`) from the shared properties and the replica's own point-in-time recovery and deletion
 * protection; the others are replicaRegions and replicas. Its tags (the store's key) are its replicas',
 * read by StoreNames. On demand only: provisioned global tables (write capacity shared by every
 * replica, read capacity per replica) are not in the inventory, and anything not read throws.
 */
function readGlobalTable(t: CfnTemplate, r: Resolver, tb: string, region: string, asTable: (tb: string, p: Record<string, unknown>) => TableInventory, keyAliases: ReadonlySet<string>): TableInventory {
  onlyKnown(t, tb, GLOBAL_TABLE, 'a global table');
  const p = t.props(tb);
  const w = (field: string) => t.where(tb, field);
  if (p.BillingMode !== 'PAY_PER_REQUEST') fail(w('BillingMode'), `is ${JSON.stringify(p.BillingMode ?? 'PROVISIONED')}; the inventory reads global tables billed per request only`);
  const indexes = list(p.GlobalSecondaryIndexes, w('GlobalSecondaryIndexes')).map((g, i) => {
    const gw = w(`GlobalSecondaryIndexes[${i}]`);
    const extra = Object.keys(obj(g, gw)).filter((k) => !GLOBAL_TABLE_INDEX.includes(k));
    if (extra.length) fail(gw, `${extra.join(', ')}: not in the inventory of a global table's index`);
    return r.str(obj(g, gw).IndexName, `${gw}.IndexName`);
  });
  // SSEType KMS is the only type there is: with SSE on, every replica uses a KMS key (its region's aws/dynamodb unless it names one).
  const sse = obj(p.SSESpecification, w('SSESpecification'));
  const sseOn = r.bool(sse.SSEEnabled, false, w('SSESpecification.SSEEnabled'));
  const extraSse = Object.keys(sse).filter((k) => k !== 'SSEEnabled' && k !== 'SSEType');
  if (extraSse.length) fail(w('SSESpecification'), `${extraSse.join(', ')}: not in the inventory of a global table`);
  if (sse.SSEType !== undefined && r.str(sse.SSEType, w('SSESpecification.SSEType')) !== 'KMS') fail(w('SSESpecification.SSEType'), 'is not KMS');

  const replicas = list(p.Replicas, w('Replicas')).map((v, i) => {
    const rw = w(`Replicas[${i}]`);
    const rp = obj(v, rw);
    const extra = Object.keys(rp).filter((k) => !REPLICA.includes(k));
    if (extra.length) fail(rw, `${extra.join(', ')}: not in the inventory of a global table's replica`);
    const replicaRegion = r.str(rp.Region, `${rw}.Region`);
    // A replica's index settings (contributor insights, read capacity) are not read: an index is named only.
    const named = list(rp.GlobalSecondaryIndexes, `${rw}.GlobalSecondaryIndexes`).map((g, j) => {
      const gw = `${rw}.GlobalSecondaryIndexes[${j}]`;
      const x = obj(g, gw);
      if (Object.keys(x).some((k) => k !== 'IndexName')) fail(gw, "has settings other than IndexName; a replica's index settings are not in the inventory");
      return r.str(x.IndexName, `${gw}.IndexName`);
    });
    for (const n of named) if (!indexes.includes(n)) fail(`${rw}.GlobalSecondaryIndexes`, `names ${n}, which is not an index of the table`);
    const key = obj(rp.SSESpecification, `${rw}.SSESpecification`).KMSMasterKeyId;
    if (key !== undefined && !sseOn) fail(`${rw}.SSESpecification`, 'names a KMS key, yet the table has SSE off');
    return {
      region: replicaRegion === '${AWS::Region}' ? region : replicaRegion,
      pointInTimeRecovery: r.bool(obj(rp.PointInTimeRecoverySpecification, `${rw}.PointInTimeRecoverySpecification`).PointInTimeRecoveryEnabled, false, `${rw}.PointInTimeRecoveryEnabled`),
      deletionProtection: r.bool(rp.DeletionProtectionEnabled, false, `${rw}.DeletionProtectionEnabled`),
      encryption: !sseOn ? 'aws-owned' : key === undefined ? 'aws-managed' : kmsKey(r, key, `${rw}.SSESpecification.KMSMasterKeyId`, keyAliases),
    } satisfies TableReplicaInventory;
  });
  const own = replicas.filter((x) => x.region === region);
  if (own.length !== 1) fail(w('Replicas'), `has ${own.length} replicas in the stack's region ${region}; CloudFormation needs exactly one`);
  const others = replicas.filter((x) => x.region !== region);
  const seen = new Set<string>();
  for (const x of others) {
    if (seen.has(x.region)) fail(w('Replicas'), `has two replicas in ${x.region}`);
    seen.add(x.region);
  }
  if (own[0].encryption !== 'aws-managed' && own[0].encryption !== 'aws-owned') fail(w('Replicas'), "names a KMS key for the stack's region's replica; the inventory reads it from SSESpecification");
  const table = asTable(tb, {
    TableName: p.TableName,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: p.BillingMode,
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
    KeySchema: p.KeySchema,
    SSESpecification: { SSEEnabled: sseOn },
    StreamSpecification: p.StreamSpecification,
    TimeToLiveSpecification: p.TimeToLiveSpecification,
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: own[0].pointInTimeRecovery },
    DeletionProtectionEnabled: own[0].deletionProtection,
  });
  return { ...table, replicaRegions: others.map((x) => x.region), replicas: others };
}

/** Where a template's buckets live, and what the secondary region holds (read from the disaster-recovery template). */
export interface BucketPlace {
  /** Asked only when there is a bucket: a template without one may have no subnets to tell it. */
  region: () => string;
  secondary: SecondaryRegion;
}

/**
 * The buckets of a template (the stack's stores, or the disaster-recovery stack's replicas), with
 * their TLS-only policies and replication, named as `names` names them, in `place.region()`.
 */
export function readBuckets(t: CfnTemplate, r: Resolver, names: StoreNames, arns: ArnResolver, place: BucketPlace): BucketInventory[] {
  const bucketTls = tlsOnly(t, arns, names, T.bucketPolicy, 'Bucket');
  const grants = bucketGrants(t, arns, names, r);
  return t.ofType(T.bucket).map((b): BucketInventory => {
    const p = t.props(b);
    const w = (field: string) => t.where(b, field);
    const name = names.of(b);
    // AWS's default for a new bucket: ACLs disabled (BucketOwnerEnforced).
    let objectOwnership = 'BucketOwnerEnforced';
    if (p.OwnershipControls !== undefined) {
      const rules = list(obj(p.OwnershipControls, w('OwnershipControls')).Rules, w('OwnershipControls.Rules'));
      if (rules.length !== 1) fail(w('OwnershipControls.Rules'), `has ${rules.length} rules; the inventory records one`);
      objectOwnership = r.str(obj(rules[0], w('OwnershipControls.Rules[0]')).ObjectOwnership, w('OwnershipControls.Rules[0].ObjectOwnership'));
    }
    let accessLogs: BucketInventory['accessLogs'] = null;
    if (p.LoggingConfiguration !== undefined) {
      const lc = obj(p.LoggingConfiguration, w('LoggingConfiguration'));
      const extra = Object.keys(lc).filter((k) => k !== 'DestinationBucketName' && k !== 'LogFilePrefix');
      if (extra.length) fail(w('LoggingConfiguration'), `${extra.join(', ')}: not in the inventory (it records the destination bucket and prefix)`);
      // Without a destination, S3 logs into the bucket itself: not in the inventory.
      if (lc.DestinationBucketName === undefined) fail(w('LoggingConfiguration'), 'has no DestinationBucketName (the bucket would log into itself)');
      const bucket = r.str(lc.DestinationBucketName, w('LoggingConfiguration.DestinationBucketName'));
      if (bucket === name) fail(w('LoggingConfiguration'), 'logs into the bucket itself');
      accessLogs = { bucket, prefix: lc.LogFilePrefix === undefined ? '' : r.str(lc.LogFilePrefix, w('LoggingConfiguration.LogFilePrefix')) };
    }
    const sse = list(obj(p.BucketEncryption, w('BucketEncryption')).ServerSideEncryptionConfiguration, w('ServerSideEncryptionConfiguration'));
    if (sse.length > 1) fail(w('ServerSideEncryptionConfiguration'), 'has more than one rule; the inventory records one algorithm');
    const rule = obj(sse[0], w('ServerSideEncryptionConfiguration[0]'));
    const extraSse = Object.keys(rule).filter((k) => k !== 'ServerSideEncryptionByDefault' && k !== 'BucketKeyEnabled');
    if (extraSse.length) fail(w('ServerSideEncryptionConfiguration[0]'), `${extraSse.join(', ')}: not in the inventory (it records the algorithm, the key and the bucket key)`);
    const byDefault = obj(rule.ServerSideEncryptionByDefault, w('ServerSideEncryptionByDefault'));
    // AWS's default: SSE-S3; under SSE-KMS without a key named, the AWS-managed key aws/s3.
    const encryption = byDefault.SSEAlgorithm === undefined ? 'AES256' : r.str(byDefault.SSEAlgorithm, w('SSEAlgorithm'));
    if (encryption === 'AES256' && byDefault.KMSMasterKeyID !== undefined) fail(w('ServerSideEncryptionByDefault.KMSMasterKeyID'), 'is set under SSE-S3 (AES256)');
    const bucketKmsKey = encryption.startsWith('aws:kms') ? kmsKeyOrAwsManaged(r, byDefault.KMSMasterKeyID, w('ServerSideEncryptionByDefault.KMSMasterKeyID'), 'alias/aws/s3', names.keyAliases) : null;
    // AWS's defaults for a new bucket: SSE-S3, and all four public-access blocks on.
    const pab = p.PublicAccessBlockConfiguration === undefined ? undefined : obj(p.PublicAccessBlockConfiguration, w('PublicAccessBlockConfiguration'));
    const blocked = (field: string) => r.bool(pab![field], false, w(`PublicAccessBlockConfiguration.${field}`));
    const transitions: BucketInventory['transitions'] = [];
    let expireDays: number | null = null;
    let noncurrentExpireDays: number | null = null;
    for (const [i, raw] of list(obj(p.LifecycleConfiguration, w('LifecycleConfiguration')).Rules, w('LifecycleConfiguration.Rules')).entries()) {
      const rw = w(`LifecycleConfiguration.Rules[${i}]`);
      const rule = obj(raw, rw);
      const extra = Object.keys(rule).filter((k) => !['Id', 'Status', 'Transitions', 'ExpirationInDays', 'NoncurrentVersionExpiration'].includes(k));
      if (extra.length) fail(rw, `${extra.join(', ')}: not in the inventory (it records transitions and expiry in days of every current object, and of noncurrent versions)`);
      if (r.str(rule.Status, `${rw}.Status`) !== 'Enabled') continue;
      for (const [j, tr] of list(rule.Transitions, `${rw}.Transitions`).entries()) {
        const tw = `${rw}.Transitions[${j}]`;
        const x = obj(tr, tw);
        if (x.TransitionInDays === undefined) fail(tw, 'has no TransitionInDays (transition dates are not in the inventory)');
        transitions.push({ storageClass: r.str(x.StorageClass, `${tw}.StorageClass`), days: r.num(x.TransitionInDays, `${tw}.TransitionInDays`) });
      }
      if (rule.ExpirationInDays !== undefined) {
        if (expireDays !== null) fail(rw, 'a second expiry; the inventory records one');
        expireDays = r.num(rule.ExpirationInDays, `${rw}.ExpirationInDays`);
      }
      if (rule.NoncurrentVersionExpiration !== undefined) {
        const nw = `${rw}.NoncurrentVersionExpiration`;
        const n = obj(rule.NoncurrentVersionExpiration, nw);
        if (Object.keys(n).some((k) => k !== 'NoncurrentDays')) fail(nw, 'has settings besides NoncurrentDays: not in the inventory');
        if (noncurrentExpireDays !== null) fail(rw, 'a second noncurrent-version expiry; the inventory records one');
        noncurrentExpireDays = r.num(n.NoncurrentDays, `${nw}.NoncurrentDays`);
      }
    }
    return {
      name,
      sizing: sizingOf(t, r, b),
      region: place.region(),
      versioned: p.VersioningConfiguration !== undefined && r.str(obj(p.VersioningConfiguration, w('VersioningConfiguration')).Status, w('VersioningConfiguration.Status')) === 'Enabled',
      encryption,
      kmsKey: bucketKmsKey,
      // AWS's default: off.
      bucketKey: r.bool(rule.BucketKeyEnabled, false, w('ServerSideEncryptionConfiguration[0].BucketKeyEnabled')),
      blockPublicAccess: pab === undefined || ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(blocked),
      tlsOnly: bucketTls.has(name) && bucketTls.has(`${name}/*`),
      transitions,
      expireDays,
      noncurrentExpireDays,
      retain: t.retained(b),
      replication: p.ReplicationConfiguration === undefined ? null : readReplication(t, r, arns, b, place.secondary),
      objectOwnership,
      accessLogs,
      grants: grants.get(name) ?? [],
      eventBridge: bucketEventBridge(t, r, b),
    };
  });
}

/** A bucket's events to EventBridge (NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled); other notifications throw. */
function bucketEventBridge(t: CfnTemplate, r: Resolver, b: string): boolean {
  const p = t.props(b);
  if (p.NotificationConfiguration === undefined) return false;
  const w = (field: string) => t.where(b, `NotificationConfiguration${field}`);
  const n = obj(p.NotificationConfiguration, w(''));
  const extra = Object.keys(n).filter((k) => k !== 'EventBridgeConfiguration');
  if (extra.length) fail(w(''), `${extra.join(', ')}: not in the inventory (it reads events sent to EventBridge only)`);
  const e = obj(n.EventBridgeConfiguration, w('.EventBridgeConfiguration'));
  return r.bool(e.EventBridgeEnabled, true, w('.EventBridgeConfiguration.EventBridgeEnabled'));
}

/**
 * A KMS key as written: "key" for the stack's key (a reference to it, which the resolver names, or an
 * alias of it in `own`, by name or alias ARN); an alias ARN in the stack's own account
 * (arn:aws:kms:<region>:${AWS::AccountId}:alias/aws/sns, what CDK renders for an imported alias) is the
 * alias itself: "alias/aws/sns".
 */
export function kmsKey(r: Resolver, v: unknown, where: string, own: ReadonlySet<string> = new Set()): string {
  const s = r.str(v, where);
  const m = /^arn:[^:]+:kms:[^:]*:\$\{AWS::AccountId\}:(alias\/.+)$/.exec(s);
  const key = m ? m[1] : s;
  return own.has(key) ? 'key' : key;
}

/**
 * A KMS key setting whose absence means the service's AWS-managed key (`awsAlias`: alias/aws/s3,
 * alias/aws/rds, alias/aws/secretsmanager, ...): "aws-managed" when absent or that alias, else the key
 * as kmsKey reads it ("key" for the stack's).
 */
export function kmsKeyOrAwsManaged(r: Resolver, v: unknown, where: string, awsAlias: string, own: ReadonlySet<string>): string {
  if (v === undefined) return 'aws-managed';
  const key = kmsKey(r, v, where, own);
  return key === awsAlias ? 'aws-managed' : key;
}
