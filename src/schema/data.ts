import { z } from 'zod';
import { key } from './common';

/*
 * Step 3, data management: stores keyed by a stable name (their logical IDs
 * derive from it, so reordering or adding stores never replaces one). The
 * `engine` selects the kind of store.
 */

const attribute = z
  .strictObject({
    name: z.string().min(1).max(255),
    type: z.enum(['string', 'number', 'binary']).default('string'),
  })
  .describe('A key attribute: its name and type.');

const capacityRange = z.strictObject({
  min: z.number().int().min(1).describe('Fewest units: the capacity the table starts with, and the floor autoscaling keeps.'),
  max: z.number().int().min(1).describe('Most units autoscaling provisions (at least min).'),
});

/** A durable store's share of the system's data growth (buckets, tables, databases). */
const growthGbMonth = z
  .number()
  .nonnegative()
  .optional()
  .describe('GB of new data this store takes a month. Left out: its share of requirements.data_growth_gb_month (what the stores that declare theirs leave, split evenly over those that do not).');

export const s3Store = z
  .strictObject({
    engine: z.literal('s3').describe('An S3 bucket.'),
    versioned: z.boolean().default(true).describe('Keep every version of every object (recover from overwrites and deletes).'),
    lifecycle: z
      .strictObject({
        infrequent_after_days: z.number().int().min(30).optional().describe('Move objects to S3 Standard-IA after this many days (at least 30).'),
        archive_after_days: z.number().int().min(1).optional().describe('Move objects to S3 Glacier Flexible Retrieval after this many days.'),
        expire_after_days: z.number().int().min(1).optional().describe('Delete objects after this many days.'),
        noncurrent_expire_after_days: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Delete a version this many days after it stopped being current (overwritten, deleted or expired). Versioned buckets only. Derived when left out for a versioned bucket that expires objects: resilience.backups.retention_days, the window in which anything deleted can be restored.'),
      })
      .optional()
      .describe('Lifecycle tiers.'),
    growth_gb_month: growthGbMonth,
    replicate_to_secondary: z
      .boolean()
      .optional()
      .describe('Replicate every new object version (and delete markers) into a replica bucket in requirements.regions.secondary; needs versioning. Left out: on for a versioned bucket when a standby waits there (pilot-light, warm-standby), off otherwise.'),
  })
  .describe('An S3 bucket: encrypted, private, TLS-only.');

export const sqsStore = z
  .strictObject({
    engine: z.literal('sqs').describe('An SQS queue.'),
    fifo: z.boolean().default(false).describe('First-in-first-out, exactly-once processing.'),
    retention_days: z.number().int().min(1).max(14).default(4).describe('Days a message is kept.'),
    visibility_timeout_seconds: z.number().int().min(0).max(43200).default(30).describe('Seconds a received message stays hidden from other consumers.'),
    peak_messages_per_second: z
      .number()
      .positive()
      .optional()
      .describe('Messages a second sent to the queue at peak: sizes its worker and its cost. Derived when left out: one message per request at requirements.peak_rps when an HTTP service sends to it, plus what a worker that sends to it consumes.'),
    dead_letter: z
      .strictObject({ max_receives: z.number().int().min(1).max(1000).default(5).describe('Receives before a message moves to the dead-letter queue.') })
      .nullable()
      .default({ max_receives: 5 })
      .describe('A dead-letter queue for messages that keep failing; null: none.'),
  })
  .describe('An SQS queue: encrypted, TLS-only, with a dead-letter queue.');

export const snsStore = z
  .strictObject({
    engine: z.literal('sns').describe('An SNS topic.'),
    fifo: z.boolean().default(false).describe('First-in-first-out topic (for FIFO queues).'),
  })
  .describe('An SNS topic: encrypted, TLS-only.');

export const dynamodbStore = z
  .strictObject({
    engine: z.literal('dynamodb').describe('A DynamoDB table.'),
    partition_key: attribute.describe('The partition (hash) key.'),
    sort_key: attribute.optional().describe('The sort (range) key.'),
    billing: z
      .enum(['on-demand', 'provisioned'])
      .default('on-demand')
      .describe('Pay per request, or provisioned capacity (needs capacity) that autoscaling keeps near its target utilization.'),
    capacity: z
      .strictObject({
        read: capacityRange.describe('Read capacity units (one strongly consistent read of up to 4 KB per second).'),
        write: capacityRange.describe('Write capacity units (one write of up to 1 KB per second).'),
        target_utilization: z
          .number()
          .int()
          .min(20)
          .max(90)
          .default(70)
          .describe('Percent of the provisioned capacity that autoscaling aims to consume: lower leaves more headroom for bursts, higher costs less.'),
      })
      .optional()
      .describe('Provisioned capacity, only with billing: provisioned. The table and each of its global secondary indexes start at min; autoscaling moves each between min and max.'),
    indexes: z
      .record(
        key,
        z.strictObject({
          partition_key: attribute,
          sort_key: attribute.optional(),
          projection: z.enum(['all', 'keys-only']).default('all'),
        }),
      )
      .optional()
      .describe('Global secondary indexes, keyed by name.'),
    growth_gb_month: growthGbMonth,
    item_kb: z
      .number()
      .positive()
      .max(400, "DynamoDB's limit on an item; keep larger objects in an S3 bucket and their key in the table")
      .optional()
      .describe('Average item size in KB (at most 400, DynamoDB\'s limit): a write uses one write unit per KB, a read one read unit per 4 KB. Default: 1.'),
    ttl_attribute: z.string().min(1).optional().describe('Attribute holding each item\'s expiry time (epoch seconds).'),
    stream: z.enum(['keys-only', 'new-image', 'old-image', 'new-and-old-images']).optional().describe('A change stream: what each record carries. Left out: new-and-old-images when a function is triggered by the table (services.<fn>.triggers.table) or it is a global table, none otherwise.'),
    replicate_to_secondary: z
      .boolean()
      .optional()
      .describe(
        'Make the table a global table with a replica in requirements.regions.secondary (on-demand billing only; its stream is new-and-old-images, through which DynamoDB replicates). Left out: on when a standby waits there (pilot-light, warm-standby), off otherwise.',
      ),
  })
  .describe('A DynamoDB table: encrypted, point-in-time recovery, deletion protection.');

export const relationalStore = z
  .strictObject({
    engine: z
      .enum(['postgres', 'mysql', 'aurora-postgresql', 'aurora-mysql'])
      .describe('RDS PostgreSQL or MySQL (one instance, with a Multi-AZ standby when availability asks), or an Aurora cluster (a writer and readers).'),
    version: z
      .string()
      .regex(/^\d+(\.\d+)*(\.mysql_aurora\.\d+\.\d+\.\d+)?$/, 'must be an engine version such as 16, 16.6, 8.0 or 8.0.mysql_aurora.3.08.0')
      .optional()
      .describe('Engine version: a major version (16, 8.0, 3 for Aurora MySQL) picks the pinned minor Blueprint knows; a full version is used as written. Default: the newest major Blueprint knows.'),
    instance_class: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.r7g.large')
      .optional()
      .describe('Instance class of every instance. Derived from availability and peak_rps when left out; db.serverless with serverless.'),
    serverless: z
      .strictObject({
        min_acu: z
          .number()
          .min(0)
          .max(256)
          .multipleOf(0.5)
          .optional()
          .describe('Fewest Aurora capacity units (0 pauses an idle cluster). Derived when left out: 0 below 99.9 % availability when the version can pause and there is no standby, else 0.5.'),
        max_acu: z.number().min(1).max(256).multipleOf(0.5).describe('Most Aurora capacity units.'),
      })
      .optional()
      .describe('Aurora Serverless v2: capacity scales between min_acu and max_acu (1 ACU is about 2 GiB of memory). Aurora engines only.'),
    readers: z.number().int().min(0).max(15).optional().describe('Aurora reader instances (failover targets, and the reader endpoint). Derived from availability when left out.'),
    growth_gb_month: growthGbMonth,
    storage_gb: z.number().int().min(20).max(65536).optional().describe('Allocated storage of an RDS instance (Aurora storage grows by itself). Derived from the store\'s growth when left out: a year of it, at least 20.'),
    port: z.number().int().min(1150).max(65535).optional().describe('Port the database listens on. Default: 5432 (PostgreSQL), 3306 (MySQL).'),
    database_name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a letter and hold only lowercase letters, digits and _ (at most 63)')
      .optional()
      .describe('The database created inside. Default: the store key with - replaced by _.'),
    iam_auth: z.boolean().default(false).describe('Let tasks connect with IAM database authentication (rds-db:connect on the admin user) as well as the password.'),
    performance_insights: z.boolean().optional().describe('Performance Insights (7 days of history, free). Default: on, except on classes that do not support it.'),
    public: z
      .boolean()
      .optional()
      .describe('Reachable from the internet. Only false is accepted: a database lives in isolated subnets (no route to or from the internet, PubliclyAccessible off) and admits only the tasks that use it.'),
  })
  .describe('A relational database: encrypted, in isolated subnets, password in Secrets Manager rotated by RDS, backups, deletion protection.');

export const cacheStore = z
  .strictObject({
    engine: z.enum(['redis', 'valkey']).describe('ElastiCache for Redis OSS or Valkey.'),
    version: z
      .string()
      .regex(/^\d+\.\d+$/, 'must be a major.minor version such as 8.0 or 7.1')
      .optional()
      .describe('Engine version. Default: 8.0 (valkey), 7.1 (redis).'),
    node_type: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.t4g.small')
      .optional()
      .describe('Node type of every node. Derived from availability and peak_rps when left out.'),
    replicas: z.number().int().min(0).max(5).optional().describe('Read replicas per shard (failover targets). Derived from availability when left out.'),
    cluster_mode: z.boolean().default(false).describe('Shard the keyspace over several node groups (clients must support Redis Cluster).'),
    shards: z.number().int().min(1).max(500).optional().describe('Node groups when cluster_mode is on. Default: 3.'),
    in_front_of: z.string().optional().describe('The data store this cache speeds up: every task that uses that store may reach the cache too.'),
  })
  .describe('An in-memory cache: encrypted in transit and at rest, AUTH token in Secrets Manager, in isolated subnets.');

export const store = z.discriminatedUnion('engine', [s3Store, sqsStore, snsStore, dynamodbStore, relationalStore, cacheStore]);

export const data = z.record(key, store).describe('Step 3: data stores, keyed by stable name (never by position).');

export type Store = z.infer<typeof store>;

export type S3Store = z.infer<typeof s3Store>;
export type RelationalStore = z.infer<typeof relationalStore>;
export type TableStore = z.infer<typeof dynamodbStore>;
export type CacheStore = z.infer<typeof cacheStore>;

const RELATIONAL: readonly string[] = relationalStore.shape.engine.options;
const CACHES: readonly string[] = cacheStore.shape.engine.options;
export const isRelational = (s: Store): s is RelationalStore => RELATIONAL.includes(s.engine);
export const isCache = (s: Store): s is CacheStore => CACHES.includes(s.engine);
