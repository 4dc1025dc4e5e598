import type { Blueprint, Service } from '../schema';
import { isCache, type RelationalStore, type Store } from '../schema/data';
import type { DecisionLog } from './decisions';
import { parseEdge, type Edge } from './edges';
import { databaseNameOf, databasePort } from './databases';
import { CACHE_PORT } from './engines';
import { acknowledgeInPacks } from './compliance';
import type { AccessDesign, AcknowledgedResource, ConnectionDesign, SecretRefDesign, SecurityDesign, StoreDesign, TaskDesign } from './types';
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
  // A worker's or a function's queue, as if written uses: <queue>:read, unless uses names it already (that edge is at least as wide).
  if ((svc.kind === 'worker' || svc.kind === 'function') && svc.consumes !== undefined && bp.data?.[svc.consumes] && !edges.some((e) => e.target === svc.consumes)) {
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
  keyActions: TaskDesign['keyActions'];
}

/** The data edges of one task: least-privilege access and the connection details its code needs. */
export function designAccess(bp: Blueprint, key: string, svc: Service, log: DecisionLog, security: SecurityDesign, runsAs: 'task' | 'function' = 'task'): TaskAccess {
  // The role the store actions go on: a task's task role, or a function's execution role.
  const role: AcknowledgedResource = runsAs === 'task' ? { kind: 'task-role', task: key } : { kind: 'function-role', fn: key };
  const out: TaskAccess = { access: [], connections: [], secrets: [], environment: {}, keyActions: { task: [], execution: [] } };
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
      const what =
        runsAs === 'function'
          ? `its code reads ${relational ? 'the credentials' : 'the AUTH token'} from Secrets Manager (${prefix}_SECRET_ARN)`
          : `${relational ? `${prefix}_USERNAME and ${prefix}_PASSWORD` : `${prefix}_AUTH_TOKEN`} arrive as ECS secrets from Secrets Manager`;
      record(
        `network: port ${out.environment[`${prefix}_PORT`]}${reader ? ', reader endpoint' : ''}`,
        `${edge.via ? `a cache in front of ${edge.via}, which it uses` : `uses: ${edge.target}${reader ? ':read' : ''}`}: one security-group rule lets this task reach the ${kind} on its port; ${prefix}_HOST${reader ? ' (the reader endpoint: Aurora readers refuse writes)' : ''} and ${prefix}_PORT are injected, ${what}${relational?.iam_auth ? '; rds-db:connect on the admin user for IAM authentication' : ''}`,
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
        on: role,
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
  out.keyActions = designKeyActions(key, out, security, log);
  if (runsAs === 'task') acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'task-definition', task: key }, `the execution role of ${key} has its own policy: pulling its image, writing its log group${out.secrets.length ? ' and reading its own secrets' : ''}, nothing shared with another task; a managed policy would be a second resource with the same single use`);
  // A function's role always has a policy of its own (its logs, traces): functions.ts acknowledges it.
  if (runsAs === 'task' && (out.access.length || out.keyActions.task.length)) {
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', role, `the ${runsAs === 'task' ? 'task' : 'execution'} role of ${key} has its own policy, made from its uses edges: exactly the actions on the stores it uses, nothing shared with another task; a managed policy would be a second resource with the same single use`);
  }
  return out;
}

/**
 * With a customer-managed key, the roles of a task must be allowed to use it: the task role to read
 * (kms:Decrypt) and write (kms:GenerateDataKey) the SSE-KMS objects, messages and items of the stores it
 * uses; the execution role to decrypt the secrets it injects.
 */
function designKeyActions(key: string, out: TaskAccess, security: SecurityDesign, log: DecisionLog): TaskDesign['keyActions'] {
  if (!security.key) return { task: [], execution: [] };
  const keyed = out.access.filter((a) => a.kind === 'bucket' || a.kind === 'queue' || a.kind === 'topic' || a.kind === 'table');
  const task = !keyed.length ? [] : keyed.some((a) => a.mode === 'read-write') ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
  const execution = out.secrets.length ? ['kms:Decrypt'] : [];
  if (task.length || execution.length) {
    log.record({
      concern: 'security',
      subject: `services.${key}`,
      name: 'key_access',
      value: [task.length && `task role: ${task.join(', ')}`, execution.length && `execution role: ${execution.join(', ')}`].filter(Boolean).join('; '),
      source: 'derived',
      rationale: `the stack's key encrypts ${[keyed.length && keyed.map((a) => a.store).join(', '), execution.length && 'the secrets it receives'].filter(Boolean).join(' and ')}: ${task.length ? `the task role may ${task.length > 1 ? 'encrypt and decrypt' : 'decrypt'} with it` : ''}${task.length && execution.length ? ', ' : ''}${execution.length ? 'the execution role may decrypt the secrets it injects' : ''}; on this key only`,
    });
  }
  return { task, execution };
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