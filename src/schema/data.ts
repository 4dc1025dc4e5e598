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

export const s3Store = z
  .strictObject({
    engine: z.literal('s3').describe('An S3 bucket.'),
    versioned: z.boolean().default(true).describe('Keep every version of every object (recover from overwrites and deletes).'),
    lifecycle: z
      .strictObject({
        infrequent_after_days: z.number().int().min(30).optional().describe('Move objects to S3 Standard-IA after this many days (at least 30).'),
        archive_after_days: z.number().int().min(1).optional().describe('Move objects to S3 Glacier Flexible Retrieval after this many days.'),
        expire_after_days: z.number().int().min(1).optional().describe('Delete objects after this many days.'),
      })
      .optional()
      .describe('Lifecycle tiers.'),
    replicate_to_secondary: z.boolean().optional().describe('Replicate objects to requirements.regions.secondary.'),
  })
  .describe('An S3 bucket: encrypted, private, TLS-only.');

export const sqsStore = z
  .strictObject({
    engine: z.literal('sqs').describe('An SQS queue.'),
    fifo: z.boolean().default(false).describe('First-in-first-out, exactly-once processing.'),
    retention_days: z.number().int().min(1).max(14).default(4).describe('Days a message is kept.'),
    visibility_timeout_seconds: z.number().int().min(0).max(43200).default(30).describe('Seconds a received message stays hidden from other consumers.'),
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
    billing: z.enum(['on-demand', 'provisioned']).default('on-demand').describe('Pay per request, or provisioned capacity with autoscaling.'),
    capacity: z
      .strictObject({
        read: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
        write: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
      })
      .optional()
      .describe('Provisioned read and write capacity units, scaled between min and max.'),
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
    ttl_attribute: z.string().min(1).optional().describe('Attribute holding each item\'s expiry time (epoch seconds).'),
    stream: z.enum(['keys-only', 'new-image', 'old-image', 'new-and-old-images']).optional().describe('A change stream.'),
  })
  .describe('A DynamoDB table: encrypted, point-in-time recovery, deletion protection.');

export const relationalStore = z
  .strictObject({
    engine: z.enum(['postgres', 'mysql', 'aurora-postgresql', 'aurora-mysql']).describe('RDS or Aurora.'),
    version: z.string().optional(),
    instance_class: z.string().optional(),
    serverless: z.strictObject({ min_acu: z.number().min(0), max_acu: z.number().min(1) }).optional(),
    readers: z.number().int().min(0).max(15).optional(),
    storage_gb: z.number().int().positive().optional(),
    port: z.number().int().min(1150).max(65535).optional(),
    iam_auth: z.boolean().optional(),
    performance_insights: z.boolean().optional(),
  })
  .describe('A relational database.');

export const cacheStore = z
  .strictObject({
    engine: z.enum(['redis', 'valkey']).describe('ElastiCache.'),
    node_type: z.string().optional(),
    replicas: z.number().int().min(0).max(5).optional(),
    cluster_mode: z.boolean().optional(),
    in_front_of: z.string().optional().describe('The store this cache speeds up.'),
  })
  .describe('An in-memory cache.');

export const store = z.discriminatedUnion('engine', [s3Store, sqsStore, snsStore, dynamodbStore, relationalStore, cacheStore]);

export const data = z.record(key, store).describe('Step 3: data stores, keyed by stable name (never by position).');

export type Store = z.infer<typeof store>;
