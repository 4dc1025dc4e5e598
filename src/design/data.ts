import type { Blueprint, Service } from '../schema';
import type { Store } from '../schema/data';
import type { DecisionLog } from './decisions';
import { parseEdge, type Edge } from './edges';
import type { AccessDesign, ConnectionDesign, StoreDesign } from './types';
import { byText } from '../text';

const DAY = 86400;

/**
 * Step 3, data management: each store, safe by default (encrypted at rest,
 * TLS-only, private, kept when the stack is deleted or the store replaced).
 */
export function designStores(bp: Blueprint, log: DecisionLog): StoreDesign[] {
  return Object.entries(bp.data ?? {})
    .sort(([a], [b]) => byText(a, b))
    .map(([key, store]) => designStore(key, store, log));
}

function designStore(key: string, store: Store, log: DecisionLog): StoreDesign {
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
      record('table', 'on-demand, encrypted, point-in-time recovery, deletion protection', 'pay per request; point-in-time recovery restores any second of the last 35 days; deletion protection refuses a delete until it is turned off');
      record('retain', true, 'the table stays when the stack is deleted or the table would be replaced');
      return {
        key,
        tags,
        kind: 'table',
        encryption: 'aws-managed-kms',
        partitionKey: store.partition_key,
        sortKey: store.sort_key,
        indexes: Object.entries(store.indexes ?? {})
          .sort(([a], [b]) => byText(a, b))
          .map(([name, i]) => ({ name, partitionKey: i.partition_key, sortKey: i.sort_key, projection: i.projection })),
        ttlAttribute: store.ttl_attribute,
        stream: store.stream,
        pointInTimeRecovery: true,
        deletionProtection: true,
        retain: true,
      };
    }
    default:
      // Relational databases and caches are rejected as "not yet supported" before design.
      throw new Error(`store ${key}: engine ${store.engine} is not rendered yet`);
  }
}

/** What a store's `uses` edges grant: IAM actions scoped to that store, and the connection details injected. */
const ACTIONS: Record<StoreDesign['kind'], { read: string[]; write: string[] }> = {
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

const CONNECTION: Record<StoreDesign['kind'], { suffix: string; attribute: ConnectionDesign['attribute'] }> = {
  bucket: { suffix: 'BUCKET', attribute: 'name' },
  queue: { suffix: 'QUEUE_URL', attribute: 'url' },
  topic: { suffix: 'TOPIC_ARN', attribute: 'arn' },
  table: { suffix: 'TABLE', attribute: 'name' },
};

const KIND: Partial<Record<Store['engine'], StoreDesign['kind']>> = { s3: 'bucket', sqs: 'queue', sns: 'topic', dynamodb: 'table' };

/**
 * The data edges of one service: least-privilege access and the connection details its code needs.
 * A worker's consumed queue is an edge too, as if it were written `uses: <queue>:read`, unless `uses`
 * names the queue already (then that edge, at least as wide, is the one).
 */
export function designAccess(bp: Blueprint, key: string, svc: Service, log: DecisionLog): { access: AccessDesign[]; connections: ConnectionDesign[] } {
  const access: AccessDesign[] = [];
  const connections: ConnectionDesign[] = [];
  const edges: (Edge & { consumed?: true })[] = (svc.uses ?? []).map(parseEdge);
  if (svc.kind === 'worker' && svc.consumes !== undefined && !edges.some((e) => e.target === svc.consumes)) {
    edges.push({ target: svc.consumes, mode: 'read', consumed: true });
  }
  for (const edge of edges.sort((a, b) => byText(a.target, b.target))) {
    const store = bp.data?.[edge.target];
    const kind = store && KIND[store.engine];
    if (!kind) continue;
    const { read, write } = ACTIONS[kind];
    const scoped = edge.mode === 'read' ? read : [...read, ...write];
    const resources: AccessDesign['resources'] =
      kind === 'bucket' ? ['', '/*'] : kind === 'table' && (bp.data?.[edge.target] as { indexes?: object }).indexes ? ['', '/index/*'] : [''];
    access.push({ store: edge.target, kind, mode: edge.mode, actions: [...scoped].sort(), resources });
    const variable = `${edge.target.toUpperCase().replace(/-/g, '_')}_${CONNECTION[kind].suffix}`;
    connections.push({ variable, store: edge.target, attribute: CONNECTION[kind].attribute });
    log.record({
      concern: 'data',
      subject: `services.${key}`,
      name: `access_${edge.target}`,
      value: `${edge.mode === 'read' ? 'read-only' : 'read-write'}: ${scoped.join(', ')}`,
      source: 'derived',
      rationale: `${edge.consumed ? `consumes: ${edge.target} (as uses: ${edge.target}:read)` : `uses: ${edge.target}${edge.mode === 'read' ? ':read' : ''}`}: exactly these actions on this ${kind} only (no wildcard resources); ${variable} is injected as an environment variable`,
    });
  }
  return { access, connections };
}
