import {
  Duration,
  RemovalPolicy,
  Tags,
  aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  aws_kms as kms,
  aws_s3 as s3,
  aws_sns as sns,
  aws_secretsmanager as secretsmanager,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import type {
  AccessDesign,
  BucketDesign,
  CacheDesign,
  ConnectionDesign,
  DatabaseDesign,
  QueueDesign,
  StoreDesign,
  TableDesign,
  TopicDesign,
} from '../design';
import type { AccessLogs } from './access-logs';
import { cache, type RenderedCache } from './caches';
import { database, dbuserArn, type RenderedDatabase } from './databases';
import { lifecycleRules } from './lifecycle';
import { accountBucketArn, accountBucketName, replicationOf } from './replication';
import { globalTable, table } from './tables';
import { UNTAGGED_TYPES, tagSizing } from './tags';
import { fail } from '../fail';
import { customerKey } from './key';

/** A rendered store: its design and the CDK resource behind it. */
export type DataStore =
  | { kind: 'bucket'; design: BucketDesign; resource: s3.IBucket }
  | { kind: 'queue'; design: QueueDesign; resource: sqs.Queue; deadLetter?: sqs.Queue }
  | { kind: 'topic'; design: TopicDesign; resource: sns.Topic }
  | { kind: 'table'; design: TableDesign; resource: dynamodb.ITableV2 }
  | { kind: 'database'; design: DatabaseDesign; resource: RenderedDatabase; scope: Construct }
  | { kind: 'cache'; design: CacheDesign; resource: RenderedCache; scope: Construct };

/**
 * The data stores, one construct per store. Each construct ID derives from
 * the store's key (`Bucket-reports`, `Queue-jobs`, `Topic-events`,
 * `Table-orders`, `Database-orders`, `Cache-sessions`), never from its position, so adding, removing or
 * reordering stores never changes another store's logical ID (which would
 * replace it, and a replaced bucket or table is a new, empty one).
 */
export class Data extends Construct {
  /** Store key -> its resource, for the services' access and connections. */
  readonly stores = new Map<string, DataStore>();

  constructor(scope: Construct, id: string, props: { stores: StoreDesign[]; vpc: ec2.IVpc; accessLogs?: AccessLogs }) {
    super(scope, id);
    for (const d of props.stores) {
      const store = render(this, d, props.vpc, props.accessLogs);
      const sized = sizedResource(store);
      if (sized) tagSizing(sized.scope, d.sizing, sized.type);
      this.stores.set(d.key, store);
    }
  }

  /**
   * Admits each database's and cache's clients (design.clients: services and jobs) on its port: one
   * AWS::EC2::SecurityGroupIngress per client, `Ingress-<client>` in the store's construct, made once
   * both security groups exist. Returns the rules by client, so a client can wait for its own.
   */
  admitClients(clients: ReadonlyMap<string, ec2.ISecurityGroup>): Map<string, ec2.CfnSecurityGroupIngress[]> {
    const byClient = new Map<string, ec2.CfnSecurityGroupIngress[]>();
    for (const s of this.stores.values()) {
      if (s.kind !== 'database' && s.kind !== 'cache') continue;
      for (const client of s.design.clients) {
        const from = clients.get(client) ?? fail(`${s.kind} ${s.design.key}: client ${client} has no security group`);
        const rule = new ec2.CfnSecurityGroupIngress(s.scope, `Ingress-${client}`, {
          groupId: s.resource.securityGroup.securityGroupId,
          sourceSecurityGroupId: from.securityGroupId,
          ipProtocol: 'tcp',
          fromPort: s.design.port,
          toPort: s.design.port,
          description: `From ${client}`,
        });
        byClient.set(client, [...(byClient.get(client) ?? []), rule]);
      }
    }
    return byClient;
  }
}

function render(scope: Construct, d: StoreDesign, vpc: ec2.IVpc, accessLogs?: AccessLogs): DataStore {
  switch (d.kind) {
    case 'bucket':
      // A standby's replica bucket: the disaster-recovery stack's, imported by its name.
      if (d.standbyReplica) {
        const prefix = d.standbyReplica.bucketNamePrefix;
        return { kind: d.kind, design: d, resource: s3.Bucket.fromBucketAttributes(scope, `Bucket-${d.key}`, { bucketName: accountBucketName(prefix), bucketArn: accountBucketArn(prefix) }) };
      }
      return { kind: d.kind, design: d, resource: bucket(tagged(scope, `Bucket-${d.key}`, d), d, accessLogs) };
    case 'queue': {
      const { queue: q, deadLetter } = queue(tagged(scope, `Queue-${d.key}`, d), d);
      return { kind: d.kind, design: d, resource: q, deadLetter };
    }
    case 'topic':
      return { kind: d.kind, design: d, resource: topic(tagged(scope, `Topic-${d.key}`, d), d) };
    case 'table':
      // A standby's replica of a global table: the primary's table resource manages it; reached by its name.
      if (d.standbyReplica) return { kind: d.kind, design: d, resource: dynamodb.TableV2.fromTableName(scope, `Table-${d.key}`, d.standbyReplica.tableName) };
      return { kind: d.kind, design: d, resource: (d.replicaRegions.length ? globalTable : table)(tagged(scope, `Table-${d.key}`, d), d) };
    case 'database': {
      const c = tagged(scope, `Database-${d.key}`, d);
      return { kind: d.kind, design: d, resource: database(c, d, vpc), scope: c };
    }
    case 'cache': {
      const c = tagged(scope, `Cache-${d.key}`, d);
      return { kind: d.kind, design: d, resource: cache(c, d, vpc), scope: c };
    }
  }
}

/**
 * The resource a store's sizing tags go on: the bucket, queue (not its dead-letter queue), table, cluster or
 * instance; none for what the stack only references (a standby's replicas) or a topic or cache (no sizing).
 */
function sizedResource(s: DataStore): { scope: IConstruct; type: string } | undefined {
  switch (s.kind) {
    case 'database':
      return { scope: s.scope, type: s.design.topology === 'cluster' ? 'AWS::RDS::DBCluster' : 'AWS::RDS::DBInstance' };
    case 'bucket':
      return s.design.standbyReplica ? undefined : { scope: s.resource, type: 'AWS::S3::Bucket' };
    case 'table':
      return s.design.standbyReplica ? undefined : { scope: s.resource, type: s.design.replicaRegions.length ? 'AWS::DynamoDB::GlobalTable' : 'AWS::DynamoDB::Table' };
    case 'queue':
      // The queue's own construct: its dead-letter queue is a sibling, untagged.
      return { scope: s.resource, type: 'AWS::SQS::Queue' };
    default:
      return undefined;
  }
}

/** A construct for one store that carries its design tags ({"blueprint:store": key}) on everything inside it. */
function tagged(scope: Construct, id: string, d: StoreDesign): Construct {
  const c = new Construct(scope, id);
  for (const [k, v] of Object.entries(d.tags)) Tags.of(c).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
  return c;
}

const removal = (retain: boolean) => (retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

/** A bucket's encryption: SSE-S3, or SSE-KMS with the stack's key and an S3 bucket key (fewer KMS requests). */
export function bucketEncryption(scope: Construct, d: { key: string; encryption: 'sse-s3' | 'customer-managed' }): Pick<s3.BucketProps, 'encryption' | 'encryptionKey' | 'bucketKeyEnabled'> {
  return d.encryption === 'customer-managed'
    ? { encryption: s3.BucketEncryption.KMS, encryptionKey: customerKey(scope, `store ${d.key}`), bucketKeyEnabled: true }
    : { encryption: s3.BucketEncryption.S3_MANAGED };
}

/** A queue's encryption: SSE-SQS, or the stack's key with data keys reused for 5 minutes. */
function queueEncryption(scope: Construct, d: QueueDesign): Pick<sqs.QueueProps, 'encryption' | 'encryptionMasterKey' | 'dataKeyReuse'> {
  return d.encryption === 'customer-managed'
    ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: customerKey(scope, `store ${d.key}`), dataKeyReuse: Duration.seconds(d.dataKeyReuseSeconds ?? fail(`queue ${d.key}: no data key reuse period`)) }
    : { encryption: sqs.QueueEncryption.SQS_MANAGED };
}

/** Private, SSE-S3, TLS-only (a bucket policy denies plain HTTP), versioned, tiered, replicated and logging per design. */
function bucket(scope: Construct, d: BucketDesign, accessLogs?: AccessLogs): s3.Bucket {
  if (d.accessLogs && !accessLogs) throw new Error(`bucket ${d.key} logs access, but the stack has no access-log bucket`);
  const replication = d.replication && replicationOf(scope, d.replication);
  const bucket = new s3.Bucket(scope, 'Bucket', {
    ...bucketEncryption(scope, d),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: d.versioned,
    lifecycleRules: lifecycleRules(d.lifecycle),
    // Retained: never autoDeleteObjects (it would add a custom resource that empties the bucket on delete).
    removalPolicy: removal(d.retain),
    ...replication?.props,
    ...(d.accessLogs && accessLogs?.serverAccessLogs(d.accessLogs.prefix)),
  });
  replication?.grant(bucket);
  // Its events to EventBridge, on the L1 bucket: the L2's eventBridgeEnabled writes it through a custom resource.
  if (d.eventBridge) (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  return bucket;
}

/** SSE-SQS, TLS-only (a queue policy denies plain HTTP), with its dead-letter queue (same encryption, TLS and FIFO-ness). */
function queue(scope: Construct, d: QueueDesign): { queue: sqs.Queue; deadLetter?: sqs.Queue } {
  const fifo = d.fifo || undefined;
  const deadLetter = d.deadLetter
    ? new sqs.Queue(scope, 'DeadLetter', {
        fifo,
        ...queueEncryption(scope, d),
        enforceSSL: true,
        retentionPeriod: Duration.seconds(d.deadLetter.retentionSeconds),
        removalPolicy: removal(d.retain),
      })
    : undefined;
  const queue = new sqs.Queue(scope, 'Queue', {
    fifo,
    ...queueEncryption(scope, d),
    enforceSSL: true,
    retentionPeriod: Duration.seconds(d.retentionSeconds),
    visibilityTimeout: Duration.seconds(d.visibilityTimeoutSeconds),
    deadLetterQueue: deadLetter && d.deadLetter ? { queue: deadLetter, maxReceiveCount: d.deadLetter.maxReceives } : undefined,
    removalPolicy: removal(d.retain),
  });
  return { queue, deadLetter };
}

/** Encrypted with the AWS-managed SNS key, TLS-only (a topic policy denies publishing over plain HTTP). */
function topic(scope: Construct, d: TopicDesign): sns.Topic {
  const topic = new sns.Topic(scope, 'Topic', {
    fifo: d.fifo || undefined,
    masterKey: d.encryption === 'customer-managed' ? customerKey(scope, `store ${d.key}`) : kms.Alias.fromAliasName(scope, 'AwsManagedKey', d.encryption.kmsKeyAlias),
    enforceSSL: true,
  });
  topic.applyRemovalPolicy(removal(d.retain));
  return topic;
}

/**
 * What an access entry's resources are, as ARNs: the store's ARN with each suffix ("", "/*",
 * "/index/*"), or, for "dbuser", the database's admin user (rds-db:connect, IAM database authentication).
 */
export function accessResources(s: DataStore, resources: AccessDesign['resources']): string[] {
  return resources.map((suffix) => {
    if (suffix === 'dbuser') {
      if (s.kind !== 'database') return fail(`store ${s.design.key}: a ${s.kind} has no database user`);
      return dbuserArn(s.scope, s.resource, s.design.username);
    }
    return `${storeArn(s)}${suffix}`;
  });
}

/** The store's ARN: what IAM statements are scoped to (a database's: the instance's or cluster's). */
export function storeArn(s: DataStore): string {
  switch (s.kind) {
    case 'bucket':
      return s.resource.bucketArn;
    case 'queue':
      return s.resource.queueArn;
    case 'topic':
      return s.resource.topicArn;
    case 'table':
      return s.resource.tableArn;
    case 'database':
      return s.resource.arn;
    case 'cache':
      return fail(`store ${s.design.key}: a cache's ARN is not rendered`);
  }
}

/**
 * What a connection's environment variable holds: the bucket or table name, the queue URL, the topic ARN,
 * a database's or cache's endpoint address (host), an Aurora cluster's reader endpoint address (reader-host).
 */
export function connectionValue(s: DataStore, attribute: ConnectionDesign['attribute']): string {
  const value =
    s.kind === 'bucket' && attribute === 'name'
      ? s.resource.bucketName
      : s.kind === 'table' && attribute === 'name'
        ? s.resource.tableName
        : s.kind === 'queue' && attribute === 'url'
          ? s.resource.queueUrl
          : s.kind === 'topic' && attribute === 'arn'
            ? s.resource.topicArn
            : (s.kind === 'database' || s.kind === 'cache') && attribute === 'host'
              ? s.resource.host
              : s.kind === 'database' && attribute === 'reader-host'
                ? s.resource.readerHost
                : undefined;
  if (value === undefined) throw new Error(`store ${s.design.key}: a ${s.kind} has no connection attribute "${attribute}"`);
  return value;
}

/** The Secrets Manager secret a task's secret comes from: the database's RDS-managed one, the cache's AUTH token. */
export function storeSecret(s: DataStore): secretsmanager.ISecret {
  if (s.kind === 'database' || s.kind === 'cache') return s.resource.secret;
  return fail(`store ${s.design.key}: a ${s.kind} has no secret`);
}
