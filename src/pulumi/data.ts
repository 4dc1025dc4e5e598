import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketDesign, CacheDesign, DatabaseDesign, KeyAttribute, ProvisionedCapacity, QueueDesign, StoreDesign, SubnetTier, TableDesign, TopicDesign } from '../design';
import { renderCache } from './caches';
import { renderDatabase, type PrimaryDatabase } from './databases';
import { replicate } from './replication';
import { bucketLifecycle, secureBucket, tlsOnly } from './s3';
import type { AccessLogBucket } from './access-logs';
import { fail } from '../fail';
import { admitClients, type StoreClient } from './store-network';
import { keyArnFor } from './key';
import { byText } from '../text';
import { storeTags } from './tags';

/** What a task's edges need of a store: its ARN, and the values injected as connection details and secrets. */
export interface RenderedStore {
  arn: pulumi.Output<string>;
  name: pulumi.Output<string>;
  url?: pulumi.Output<string>;
  /** A table's stream (when it has one): what a function's stream trigger polls and its role reads. */
  streamArn?: pulumi.Output<string>;
  /** A queue's dead-letter queue's name (metric dimensions). */
  deadLetterName?: pulumi.Output<string>;
  /** Databases and caches: the endpoint address (an Aurora cluster's writer), and an Aurora cluster's reader endpoint address. */
  host?: pulumi.Output<string>;
  readerHost?: pulumi.Output<string>;
  /** The Secrets Manager secret tasks are given: RDS's own secret (username, password), a cache's AUTH token. */
  secretArn?: pulumi.Output<string>;
  /** A database's admin user, as IAM database authentication names it (rds-db:connect). */
  dbuserArn?: pulumi.Output<string>;
  /** Databases and caches: the security group their clients are admitted to. */
  securityGroup?: aws.ec2.SecurityGroup;
}


const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], string> = { string: 'S', number: 'N', binary: 'B' };

/** The data stores, safe by default, each named after its blueprint key (mirrors src/cdk/data.ts). */
export class Data extends pulumi.ComponentResource {
  readonly stores = new Map<string, RenderedStore>();
  /** Each replicated bucket's replica in the secondary region, by key: a standby uses it in place. */
  readonly replicaBuckets = new Map<string, RenderedStore>();
  /** Each global database's primary, by key: a standby's secondary cluster joins it. */
  readonly globalDatabases = new Map<string, PrimaryDatabase>();
  /** Global tables' names, by key: what a standby reaches each one's replica by. */
  readonly globalTables = new Map<string, pulumi.Output<string>>();
  /** Databases and caches, admitted to by their clients once those exist (admitClients). */
  private readonly networkStores: { prefix: string; design: DatabaseDesign | CacheDesign; securityGroup: aws.ec2.SecurityGroup }[] = [];

  /**
   * recoveryProvider: the secondary region's, for the replicas of replicated buckets. primary: a
   * standby's, the primary's Data, whose replicas and global databases the standby's stores are.
   */
  constructor(
    name: string,
    args: {
      region: string;
      stores: StoreDesign[];
      vpcId: pulumi.Input<string>;
      subnets: Map<SubnetTier, { id: pulumi.Input<string> }[]>;
      recoveryProvider?: aws.Provider;
      primary?: Data;
      /** The stack's access-log bucket, and the secondary region's (for the replicas). */
      accessLogs?: AccessLogBucket;
      recoveryAccessLogs?: AccessLogBucket;
      /** The stack's customer-managed key: what stores whose encryption is customer-managed encrypt with. */
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Data', name, {}, opts);
    // The account's ID ends each replica's name (BucketReplicationDesign); looked up only when there is a replica.
    let accountId: pulumi.Output<string> | undefined;
    const key = args.key;
    const replication = () => ({ recoveryProvider: args.recoveryProvider, accountId: (accountId ??= aws.getCallerIdentityOutput({}, { parent: this }).accountId), accessLogs: args.recoveryAccessLogs });
    for (const s of args.stores) {
      const prefix = `${name}-${s.kind}-${s.key}`;
      const ids = (tier: SubnetTier) => (args.subnets.get(tier) ?? []).map((x) => x.id);
      if (s.kind === 'bucket' && s.standbyReplica) this.stores.set(s.key, this.fromPrimary(args.primary?.replicaBuckets, s.key, 'replica bucket'));
      else if (s.kind === 'bucket') this.stores.set(s.key, this.bucket(prefix, s, replication, args.accessLogs, key));
      else if (s.kind === 'queue') this.stores.set(s.key, this.queue(prefix, s, key));
      else if (s.kind === 'topic') this.stores.set(s.key, this.topic(prefix, s, key));
      else if (s.kind === 'table' && s.standbyReplica) this.stores.set(s.key, this.tableReplica(this.fromPrimary(args.primary?.globalTables, s.key, 'global table'), args.region));
      else if (s.kind === 'table') this.stores.set(s.key, this.table(prefix, s, key));
      else {
        const net = { vpcId: args.vpcId, subnetIds: ids(s.subnets) };
        let store: RenderedStore;
        if (s.kind === 'database') {
          const primary = s.global?.role === 'secondary' ? this.fromPrimary(args.primary?.globalDatabases, s.key, 'global database') : undefined;
          const rotationSubnetIds = s.credentials.source === 'generated' ? ids(s.credentials.rotation.subnets) : [];
          const db = renderDatabase(this, prefix, s, { ...net, rotationSubnetIds, region: args.region }, primary, key);
          if (db.globalCluster) this.globalDatabases.set(s.key, { globalCluster: db.globalCluster, secretArn: db.secretArn! });
          store = db;
        } else store = renderCache(this, prefix, s, net, key);
        this.stores.set(s.key, store);
        this.networkStores.push({ prefix, design: s, securityGroup: store.securityGroup! });
      }
    }
    this.registerOutputs({});
  }

  /** Each database and cache admits exactly its clients (services and jobs, by key), on its port. */
  admitClients(clients: ReadonlyMap<string, StoreClient>): void {
    for (const s of this.networkStores) admitClients(s.prefix, s.design, s.securityGroup, clients, { parent: this });
  }

  /** What a standby's store is in the primary's Data: a replica bucket, a global database. */
  private fromPrimary<X>(stores: Map<string, X> | undefined, key: string, what: string): X {
    const store = stores?.get(key);
    if (!store) throw new Error(`standby store ${key}: the primary rendered no ${what} ${key}`);
    return store;
  }

  /**
   * A global table's replica in this (a standby's) region: created and managed by the primary's table
   * resource, reached by the table's name (the fixed one, or the one an existing table kept); its ARN is
   * the table's in this region and account.
   */
  private tableReplica(tableName: pulumi.Output<string>, region: string): RenderedStore {
    const parent = { parent: this };
    const partition = aws.getPartitionOutput({}, parent).partition;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    return { arn: pulumi.interpolate`arn:${partition}:dynamodb:${region}:${account}:table/${tableName}`, name: tableName };
  }

  private bucket(prefix: string, d: BucketDesign, replication: () => Parameters<typeof replicate>[4], accessLogs?: AccessLogBucket, key?: pulumi.Output<string>): RenderedStore {
    const parent = { parent: this };
    const bucket = new aws.s3.Bucket(prefix, { tags: storeTags(d) }, { parent: this, retainOnDelete: d.retain });
    secureBucket(prefix, d, bucket, parent, key);
    const versioning = d.versioned ? new aws.s3.BucketVersioning(`${prefix}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, parent) : undefined;
    if (d.replication) {
      if (!versioning) throw new Error(`bucket ${d.key}: replication needs versioning`);
      const replica = replicate(this, prefix, d, { bucket, versioning }, replication());
      this.replicaBuckets.set(d.key, { arn: replica.arn, name: replica.bucket });
    }
    bucketLifecycle(prefix, d.lifecycle, bucket, parent);
    if (d.accessLogs) (accessLogs ?? fail(`bucket ${d.key} logs access, but the stack has no access-log bucket`)).logs(prefix, d.key, bucket, parent);
    // Its events to EventBridge (CDK: the bucket's NotificationConfiguration.EventBridgeConfiguration).
    if (d.eventBridge) new aws.s3.BucketNotification(`${prefix}-notification`, { bucket: bucket.id, eventbridge: true }, parent);
    return { arn: bucket.arn, name: bucket.bucket };
  }

  private queue(prefix: string, d: QueueDesign, key?: pulumi.Output<string>): RenderedStore {
    const parent = { parent: this };
    const fifo = d.fifo ? { fifoQueue: true } : {};
    // SSE-SQS, or the stack's key with data keys reused for 5 minutes (fewer KMS requests); the dead-letter queue's too.
    const encryption =
      d.encryption === 'customer-managed' ? { kmsMasterKeyId: keyArnFor(key, `queue ${d.key}`), kmsDataKeyReusePeriodSeconds: d.dataKeyReuseSeconds } : { sqsManagedSseEnabled: true };
    let redrivePolicy: pulumi.Output<string> | undefined;
    let deadLetterName: pulumi.Output<string> | undefined;
    if (d.deadLetter) {
      const dlq = new aws.sqs.Queue(`${prefix}-dead-letter`, { ...fifo, ...encryption, messageRetentionSeconds: d.deadLetter.retentionSeconds, tags: d.tags }, parent);
      new aws.sqs.QueuePolicy(`${prefix}-dead-letter-tls-only`, { queueUrl: dlq.url, policy: tlsOnly('sqs:*', [dlq.arn]) }, parent);
      const maxReceiveCount = d.deadLetter.maxReceives;
      redrivePolicy = dlq.arn.apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount }));
      deadLetterName = dlq.name;
    }
    const queue = new aws.sqs.Queue(
      prefix,
      {
        ...fifo,
        ...encryption,
        messageRetentionSeconds: d.retentionSeconds,
        visibilityTimeoutSeconds: d.visibilityTimeoutSeconds,
        redrivePolicy,
        tags: storeTags(d),
      },
      { parent: this, retainOnDelete: d.retain },
    );
    new aws.sqs.QueuePolicy(`${prefix}-tls-only`, { queueUrl: queue.url, policy: tlsOnly('sqs:*', [queue.arn]) }, parent);
    return { arn: queue.arn, name: queue.name, url: queue.url, deadLetterName };
  }

  private topic(prefix: string, d: TopicDesign, key?: pulumi.Output<string>): RenderedStore {
    const kmsMasterKeyId = d.encryption === 'customer-managed' ? keyArnFor(key, `topic ${d.key}`) : d.encryption.kmsKeyAlias;
    const topic = new aws.sns.Topic(
      prefix,
      { ...(d.fifo ? { fifoTopic: true } : {}), kmsMasterKeyId, tags: d.tags },
      { parent: this, retainOnDelete: d.retain },
    );
    new aws.sns.TopicPolicy(`${prefix}-tls-only`, { arn: topic.arn, policy: tlsOnly('sns:Publish', [topic.arn]) }, { parent: this });
    return { arn: topic.arn, name: topic.name };
  }

  private table(prefix: string, d: TableDesign, key?: pulumi.Output<string>): RenderedStore {
    const keys = [d.partitionKey, d.sortKey, ...d.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter((k): k is KeyAttribute => !!k);
    const attributes = [...new Map(keys.map((k) => [k.name, { name: k.name, type: ATTRIBUTE_TYPE[k.type] }])).values()].sort((a, b) => byText(a.name, b.name));
    const provisioned = d.billing.mode === 'provisioned' ? d.billing : undefined;
    const table = new aws.dynamodb.Table(
      prefix,
      {
        billingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
        ...(provisioned ? { readCapacity: provisioned.read.initial, writeCapacity: provisioned.write.initial } : {}),
        hashKey: d.partitionKey.name,
        rangeKey: d.sortKey?.name,
        attributes,
        globalSecondaryIndexes: d.indexes.length
          ? d.indexes.map((i) => ({
              name: i.name,
              hashKey: i.partitionKey.name,
              rangeKey: i.sortKey?.name,
              projectionType: i.projection === 'all' ? 'ALL' : 'KEYS_ONLY',
              ...(i.capacity ? { readCapacity: i.capacity.read.initial, writeCapacity: i.capacity.write.initial } : {}),
            }))
          : undefined,
        ttl: d.ttlAttribute ? { attributeName: d.ttlAttribute, enabled: true } : undefined,
        streamEnabled: d.stream ? true : undefined,
        streamViewType: d.stream ? d.stream.toUpperCase().replace(/-/g, '_') : undefined,
        pointInTimeRecovery: { enabled: d.pointInTimeRecovery },
        deletionProtectionEnabled: d.deletionProtection,
        // aws-managed-kms: SSE on without a key of our own, i.e. the AWS-managed aws/dynamodb key; customer-managed: the stack's.
        serverSideEncryption: d.encryption === 'customer-managed' ? { enabled: true, kmsKeyArn: keyArnFor(key, `table ${d.key}`) } : { enabled: true },
        // A global table (version 2019.11.21): this resource creates and manages each replica, through the
        // primary region's API, as CloudFormation's AWS::DynamoDB::GlobalTable does. No kmsKeyArn: with
        // SSE on, a replica uses its own region's AWS-managed key. propagateTags: the replica carries the
        // store's tags, as CDK writes them on every replica.
        ...(d.replicaRegions.length ? { replicas: d.replicaRegions.map((region) => replicaOf(d, region)) } : {}),
        // Fixed for a global table, whose standby reaches its replica by name; otherwise Pulumi names it.
        ...(d.tableName ? { name: d.tableName } : {}),
        tags: storeTags(d),
      },
      {
        parent: this,
        retainOnDelete: d.retain,
        // Autoscaling owns the capacity once the table exists: without this, every `pulumi up` after a
        // refresh would set the table and its indexes back to their initial units (CloudFormation only
        // sends ProvisionedThroughput when the template's value changes, so CDK needs nothing alike).
        // And a table made global after it was created keeps the name Pulumi gave it (a new name would
        // replace it); the standby reaches the replica by whatever name the table has.
        ...ignoring([...(provisioned ? CAPACITY_INPUTS : []), ...(provisioned && d.indexes.length ? INDEX_CAPACITY_INPUTS : []), ...(d.tableName ? ['name'] : [])]),
      },
    );
    if (d.tableName) this.globalTables.set(d.key, table.name);
    if (provisioned) this.autoscale(`${prefix}-scaling`, pulumi.interpolate`table/${table.name}`, 'table', provisioned);
    for (const i of d.indexes) {
      if (i.capacity) this.autoscale(`${prefix}-index-${i.name}-scaling`, pulumi.interpolate`table/${table.name}/index/${i.name}`, 'index', i.capacity);
    }
    return { arn: table.arn, name: table.name, ...(d.stream ? { streamArn: table.streamArn } : {}) };
  }

  /**
   * Target tracking of a table's or an index's read and write capacity (mirrors CDK's autoScale*Capacity
   * with scaleOnUtilization): `<prefix>-read` and `<prefix>-write` scalable targets, each with its
   * `-utilization` policy. No roleArn: Application Auto Scaling then uses the DynamoDB service-linked
   * role (AWSServiceRoleForApplicationAutoScaling_DynamoDBTable), the role CDK names explicitly.
   */
  private autoscale(prefix: string, resourceId: pulumi.Input<string>, of: 'table' | 'index', capacity: ProvisionedCapacity): void {
    for (const [dim, c, unit, metric] of [
      ['read', capacity.read, 'ReadCapacityUnits', 'DynamoDBReadCapacityUtilization'],
      ['write', capacity.write, 'WriteCapacityUnits', 'DynamoDBWriteCapacityUtilization'],
    ] as const) {
      const target = new aws.appautoscaling.Target(
        `${prefix}-${dim}`,
        { serviceNamespace: 'dynamodb', scalableDimension: `dynamodb:${of}:${unit}`, resourceId, minCapacity: c.min, maxCapacity: c.max },
        { parent: this },
      );
      new aws.appautoscaling.Policy(
        `${prefix}-${dim}-utilization`,
        {
          policyType: 'TargetTrackingScaling',
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: metric },
            targetValue: c.targetUtilizationPercent,
            scaleInCooldown: c.scaleInCooldownSeconds,
            scaleOutCooldown: c.scaleOutCooldownSeconds,
          },
        },
        { parent: this },
      );
    }
  }
}

/** One replica of a global table, kept as design.replica says (checks keep replicated tables on demand). */
function replicaOf(d: TableDesign, regionName: string): aws.types.input.dynamodb.TableReplica {
  const r = d.replica;
  if (!r) throw new Error(`table ${d.key}: replicaRegions without the replica's settings`);
  if (d.encryption !== 'aws-managed-kms') throw new Error(`table ${d.key}: customer-managed keys do not reach the replicas' regions (checks refuse it)`);
  if (r.encryption !== d.encryption) throw new Error(`table ${d.key}: a replica is encrypted as the table is (CDK's GlobalTable has one setting)`);
  return { regionName, pointInTimeRecovery: r.pointInTimeRecovery, deletionProtectionEnabled: r.deletionProtection, propagateTags: true };
}

/** The capacity inputs autoscaling changes: the table's, and every index's ([*]: each element of the list; named only when there are indexes). */
const CAPACITY_INPUTS = ['readCapacity', 'writeCapacity'];
const INDEX_CAPACITY_INPUTS = ['globalSecondaryIndexes[*].readCapacity', 'globalSecondaryIndexes[*].writeCapacity'];

/** ignoreChanges for these inputs, or no option at all when there are none. */
const ignoring = (inputs: string[]): { ignoreChanges?: string[] } => (inputs.length ? { ignoreChanges: inputs } : {});
