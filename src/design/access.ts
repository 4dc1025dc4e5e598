import type { Blueprint, Service } from '../schema';
import { isCache, type RelationalStore, type Store } from '../schema/data';
import type { DecisionLog } from './decisions';
import { parseEdge, type Edge } from './edges';
import { databaseNameOf, databasePort } from './databases';
import { CACHE_PORT } from './engines';
import type { AccessDesign, ConnectionDesign, SecretRefDesign, StoreDesign } from './types';
import { byText } from '../text';

/*
 * What a task's edges to stores (uses, a worker's queue, a cache in front of
 * a used store) give it: least-privilege IAM statements, connection details
 * as environment, credentials as secrets, and network access (the store's
 * clients).
 */

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
      out.environment[`${prefix}_PORT`] = String(relational ? databasePort(relational) : CACHE_PORT);
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
    for (const suffix of resources) {
      if (suffix !== '/*' && suffix !== '/index/*') continue;
      log.acknowledge({
        rule: 'AwsSolutions-IAM5',
        on: { kind: 'task-role', task: key },
        finding: { kind: 'store-resource', store: edge.target, suffix },
        reason: suffix === '/*' ? `uses: ${edge.target}: object actions on the objects of bucket ${edge.target} only (its ARN followed by /*), no other bucket` : `uses: ${edge.target}: queries of the indexes of table ${edge.target} only (its ARN followed by /index/*), no other table`,
      });
    }
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

/**
 * AwsSolutions-ECS2 (environment variables in a task definition): a task's plain environment holds
 * addresses, names and ports, and what the blueprint writes under environment; credentials reach it as
 * ECS secrets from Secrets Manager, never as environment.
 */
export function acknowledgeEnvironment(log: DecisionLog, task: string, environment: Record<string, string>, connections: ConnectionDesign[], written: Record<string, string> = {}): void {
  const derived = [...Object.keys(environment).filter((v) => !(v in written)), ...connections.map((c) => c.variable)].sort(byText);
  const own = Object.keys(written).sort(byText);
  if (!derived.length && !own.length) return;
  log.acknowledge({
    rule: 'AwsSolutions-ECS2',
    on: { kind: 'task-definition', task },
    reason: [
      derived.length && `${derived.join(', ')}: addresses, names and ports of what the task uses, not secret`,
      own.length && `${own.join(', ')}: written under services.${task}.environment, which is for values that are not secret`,
      'credentials reach the task as ECS secrets from Secrets Manager, never as environment',
    ]
      .filter(Boolean)
      .join('; '),
  });
}