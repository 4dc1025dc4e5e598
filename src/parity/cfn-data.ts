/*
 * Data stores (buckets, queues, topics, tables) and the task roles'
 * permissions on them, read from a CloudFormation template alone. Each store
 * is named by the blueprint key in its "blueprint:store" tag ("bucket:reports",
 * "queue:jobs", "queue:jobs/dead-letter", "topic:events", "table:orders"),
 * never by logical ID. Pure: no aws-cdk-lib, no constructs, no Pulumi.
 */
import { fail, isObject, list, obj, refOf, Resolver, type CfnRef, type CfnTemplate } from './cfn-template';
import type { BucketInventory, QueueInventory, ServiceInventory, TableInventory } from './inventory';

export const DATA_TYPES = {
  bucket: 'AWS::S3::Bucket',
  bucketPolicy: 'AWS::S3::BucketPolicy',
  queue: 'AWS::SQS::Queue',
  queuePolicy: 'AWS::SQS::QueuePolicy',
  topic: 'AWS::SNS::Topic',
  topicPolicy: 'AWS::SNS::TopicPolicy',
  table: 'AWS::DynamoDB::Table',
} as const;

const D = DATA_TYPES;
const STORE_TAG = 'blueprint:store';

/** The value of a resource's "blueprint:store" tag, or undefined when it has none. */
function storeTag(t: CfnTemplate, r: Resolver, id: string): string | undefined {
  const tags = list(t.props(id).Tags, t.where(id, 'Tags'));
  const tag = tags.map((v, i) => obj(v, t.where(id, `Tags[${i}]`))).find((v) => v.Key === STORE_TAG);
  return tag === undefined ? undefined : r.str(tag.Value, t.where(id, `Tags ${STORE_TAG}`));
}

/**
 * The inventory names of the template's stores, by logical ID. A store
 * without the tag throws (it has no name), except one untagged topic: the
 * alarm topic, which the observability reader names "topic".
 */
export class StoreNames {
  private readonly names = new Map<string, string>();
  /** Dead-letter queue -> the queue whose RedrivePolicy targets it. */
  readonly deadLetterOf = new Map<string, string>();
  /** The topic without a store tag (the alarm topic), if any. */
  readonly alarmTopic?: string;

  constructor(private readonly t: CfnTemplate, r: Resolver) {
    const taken = new Map<string, string>();
    const name = (id: string, n: string) => {
      const other = taken.get(n);
      if (other !== undefined) fail(t.where(id), `is named "${n}" like ${other}; the inventory names one store per key`);
      taken.set(n, id);
      this.names.set(id, n);
    };
    const keyOf = (id: string) => storeTag(t, r, id) ?? fail(t.where(id), `has no "${STORE_TAG}" tag, so it has no name in the inventory`);

    const untagged = t.ofType(D.topic).filter((id) => storeTag(t, r, id) === undefined);
    if (untagged.length > 1) fail(t.where(untagged[1]), `the inventory names one alarm topic ("topic"), untagged; the template has ${untagged.length}: ${untagged.join(', ')}`);
    this.alarmTopic = untagged[0];
    if (this.alarmTopic) name(this.alarmTopic, 'topic');
    for (const id of t.ofType(D.topic)) if (id !== this.alarmTopic) name(id, `topic:${keyOf(id)}`);
    for (const id of t.ofType(D.bucket)) name(id, `bucket:${keyOf(id)}`);
    for (const id of t.ofType(D.table)) name(id, `table:${keyOf(id)}`);

    // A dead-letter queue is named after the queue whose RedrivePolicy targets it (and must carry that queue's key).
    for (const id of t.ofType(D.queue)) {
      const redrive = t.props(id).RedrivePolicy;
      if (redrive === undefined) continue;
      if (!isObject(redrive)) fail(t.where(id, 'RedrivePolicy'), 'is not an object (a JSON string is not read)');
      const dlq = t.target(redrive.deadLetterTargetArn, [D.queue], t.where(id, 'RedrivePolicy.deadLetterTargetArn'));
      if (refOf(redrive.deadLetterTargetArn)!.attr !== 'Arn') fail(t.where(id, 'RedrivePolicy.deadLetterTargetArn'), `names ${dlq} by something other than its Arn`);
      const other = this.deadLetterOf.get(dlq);
      if (other !== undefined) fail(t.where(dlq), `is the dead-letter queue of ${other} and ${id}; the inventory names it after its one queue`);
      this.deadLetterOf.set(dlq, id);
    }
    for (const [dlq, source] of this.deadLetterOf) {
      if (this.deadLetterOf.has(source)) fail(t.where(source), `is a dead-letter queue (of ${this.deadLetterOf.get(source)}) with a dead-letter queue of its own`);
      if (keyOf(dlq) !== keyOf(source)) fail(t.where(dlq), `is the dead-letter queue of ${source} (store "${keyOf(source)}") but is tagged as store "${keyOf(dlq)}"`);
    }
    for (const id of t.ofType(D.queue)) if (!this.deadLetterOf.has(id)) name(id, `queue:${keyOf(id)}`);
    for (const [dlq, source] of this.deadLetterOf) name(dlq, `queue:${keyOf(source)}/dead-letter`);
  }

  /** The inventory name of a store's logical ID (the alarm topic's is "topic"). */
  of(id: string): string {
    return this.names.get(id) ?? fail(this.t.where(id), 'is not a data store');
  }

  /**
   * A store referenced where a connection value belongs: the bucket or table
   * name, the queue URL or the topic ARN, each named by the store. Any other
   * attribute (a queue's ARN where its URL belongs) is undefined, so the
   * caller throws.
   */
  connection(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    if (type === D.bucket && ref.attr === 'Ref') return n;
    if (type === D.table && ref.attr === 'Ref') return n;
    if (type === D.queue && (ref.attr === 'Ref' || ref.attr === 'QueueUrl')) return n;
    if (type === D.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
    return undefined;
  }

  /** A store referenced by its ARN (IAM and resource policies): bucket, queue and table Arn, a topic's Ref or TopicArn. */
  arn(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    if ((type === D.bucket || type === D.queue || type === D.table) && ref.attr === 'Arn') return n;
    if (type === D.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
    return undefined;
  }
}

// Brackets around a store name inside a resolved ARN string, so a literal string can never pass for one.
const OPEN = '\u0000';
const CLOSE = '\u0001';
const STORE_ARN = new RegExp(`^${OPEN}([^${OPEN}${CLOSE}]+)${CLOSE}(/[^${OPEN}${CLOSE}]*)?$`);

/**
 * Resolves policy resources: a store's ARN, optionally with a path after it
 * ("bucket:reports/*", "table:orders/index/*"). Anything else (a literal
 * ARN, "*", another resource's attribute) throws.
 */
export class ArnResolver {
  private readonly r: Resolver;

  constructor(private readonly t: CfnTemplate, names: StoreNames) {
    this.r = new Resolver((ref, where) => {
      const n = names.arn(ref);
      if (n === undefined) {
        const type = t.type(ref.id);
        return fail(where, `${ref.id}${type ? ` (${type})` : ''} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is not the ARN of a data store`);
      }
      return `${OPEN}${n}${CLOSE}`;
    });
  }

  /** The store and the path after its ARN ("" for the store itself, "/*" for a bucket's objects). */
  resource(v: unknown, where: string): { store: string; path: string } {
    const s = this.r.str(v, where);
    const m = STORE_ARN.exec(s);
    if (!m) fail(where, `${JSON.stringify(s.replace(new RegExp(`[${OPEN}${CLOSE}]`, 'g'), ''))} is not a data store's ARN (the inventory names resources by store only; "*" and literal ARNs are not read)`);
    return { store: m[1], path: m[2] ?? '' };
  }
}

/** A policy document's statements: a list, or one object. */
function statements(doc: unknown, where: string): { s: Record<string, unknown>; where: string }[] {
  const d = obj(doc, where);
  const st = d.Statement;
  const items = Array.isArray(st) ? st : st === undefined ? [] : [st];
  return items.map((s, i) => ({ s: obj(s, `${where}.Statement[${i}]`), where: `${where}.Statement[${i}]` }));
}

/** A string-or-list policy element (Action, Resource) as a list. */
function strings(v: unknown, where: string): unknown[] {
  if (v === undefined) fail(where, 'is missing');
  return Array.isArray(v) ? v : [v];
}

// ------------------------------------------------------ resource policies

const TLS_ACTIONS: Record<string, string[]> = {
  [D.bucketPolicy]: ['s3:*'],
  [D.queuePolicy]: ['sqs:*'],
  // Publishing is what reaches an SNS topic's data; AWS's TLS-only topic policy denies sns:Publish.
  [D.topicPolicy]: ['sns:Publish', 'sns:*'],
};

/** aws:SecureTransport false, the only condition a TLS-only statement has. */
function isPlainHttpCondition(c: unknown): boolean {
  if (!isObject(c) || Object.keys(c).length !== 1 || !isObject(c.Bool) || Object.keys(c.Bool).length !== 1) return false;
  const v = c.Bool['aws:SecureTransport'];
  return v === false || v === 'false' || (Array.isArray(v) && v.length === 1 && (v[0] === false || v[0] === 'false'));
}

function isEveryone(p: unknown): boolean {
  if (p === '*') return true;
  if (!isObject(p) || Object.keys(p).length !== 1) return false;
  const a = p.AWS;
  return a === '*' || (Array.isArray(a) && a.length === 1 && a[0] === '*');
}

/**
 * The store resources that the resource policies of one type make
 * TLS-only: every statement must deny everyone, over plain HTTP
 * (aws:SecureTransport false), the store's actions, on stores the policy is
 * attached to. Any other statement (an Allow, another condition, another
 * principal) is not in the inventory and throws.
 */
function tlsOnly(t: CfnTemplate, arns: ArnResolver, names: StoreNames, policyType: string, attachedField: string): Set<string> {
  const covered = new Set<string>();
  for (const p of t.ofType(policyType)) {
    const props = t.props(p);
    const fieldWhere = t.where(p, attachedField);
    const attachedRaw = props[attachedField];
    const attached = new Set((Array.isArray(attachedRaw) ? attachedRaw : [attachedRaw]).map((v) => names.of(t.target(v, [policyType === D.bucketPolicy ? D.bucket : policyType === D.queuePolicy ? D.queue : D.topic], fieldWhere))));
    for (const { s, where } of statements(props.PolicyDocument, t.where(p, 'PolicyDocument'))) {
      const actions = strings(s.Action, `${where}.Action`);
      const what = 'the inventory records only a statement that denies everyone plain-HTTP access (tlsOnly)';
      if (s.Effect !== 'Deny' || !isEveryone(s.Principal) || !isPlainHttpCondition(s.Condition)) fail(where, `is not a TLS-only deny; ${what}`);
      if (s.NotAction !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined) fail(where, `uses NotAction, NotResource or NotPrincipal; ${what}`);
      if (!actions.some((a) => TLS_ACTIONS[policyType].includes(a as string))) fail(`${where}.Action`, `denies ${JSON.stringify(actions)}, not ${TLS_ACTIONS[policyType].join(' or ')}`);
      for (const [i, v] of strings(s.Resource, `${where}.Resource`).entries()) {
        const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
        if (!attached.has(store)) fail(`${where}.Resource[${i}]`, `names ${store}, which the policy is not attached to`);
        covered.add(`${store}${path}`);
      }
    }
  }
  return covered;
}

// ---------------------------------------------------------------- stores

/** Stores, their resource policies and topic details, read in one pass. */
export function readStores(
  t: CfnTemplate,
  r: Resolver,
  names: StoreNames,
  arns: ArnResolver,
): { buckets: BucketInventory[]; queues: QueueInventory[]; tables: TableInventory[]; topicTlsOnly: Set<string> } {
  const bucketTls = tlsOnly(t, arns, names, D.bucketPolicy, 'Bucket');
  const queueTls = tlsOnly(t, arns, names, D.queuePolicy, 'Queues');
  const topicTls = tlsOnly(t, arns, names, D.topicPolicy, 'Topics');

  const buckets = t.ofType(D.bucket).map((b): BucketInventory => {
    const p = t.props(b);
    const w = (field: string) => t.where(b, field);
    const name = names.of(b);
    const sse = list(obj(p.BucketEncryption, w('BucketEncryption')).ServerSideEncryptionConfiguration, w('ServerSideEncryptionConfiguration'));
    if (sse.length > 1) fail(w('ServerSideEncryptionConfiguration'), 'has more than one rule; the inventory records one algorithm');
    const byDefault = obj(obj(sse[0], w('ServerSideEncryptionConfiguration[0]')).ServerSideEncryptionByDefault, w('ServerSideEncryptionByDefault'));
    // AWS's defaults for a new bucket: SSE-S3, and all four public-access blocks on.
    const pab = p.PublicAccessBlockConfiguration === undefined ? undefined : obj(p.PublicAccessBlockConfiguration, w('PublicAccessBlockConfiguration'));
    const blocked = (field: string) => r.bool(pab![field], false, w(`PublicAccessBlockConfiguration.${field}`));
    const transitions: BucketInventory['transitions'] = [];
    let expireDays: number | null = null;
    for (const [i, raw] of list(obj(p.LifecycleConfiguration, w('LifecycleConfiguration')).Rules, w('LifecycleConfiguration.Rules')).entries()) {
      const rw = w(`LifecycleConfiguration.Rules[${i}]`);
      const rule = obj(raw, rw);
      const extra = Object.keys(rule).filter((k) => !['Id', 'Status', 'Transitions', 'ExpirationInDays'].includes(k));
      if (extra.length) fail(rw, `${extra.join(', ')}: not in the inventory (it records transitions and expiry in days of every current object)`);
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
    }
    return {
      name,
      versioned: p.VersioningConfiguration !== undefined && r.str(obj(p.VersioningConfiguration, w('VersioningConfiguration')).Status, w('VersioningConfiguration.Status')) === 'Enabled',
      encryption: byDefault.SSEAlgorithm === undefined ? 'AES256' : r.str(byDefault.SSEAlgorithm, w('SSEAlgorithm')),
      blockPublicAccess: pab === undefined || ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(blocked),
      tlsOnly: bucketTls.has(name) && bucketTls.has(`${name}/*`),
      transitions,
      expireDays,
      retain: t.retained(b),
    };
  });

  const queues = t.ofType(D.queue).map((q): QueueInventory => {
    const p = t.props(q);
    const w = (field: string) => t.where(q, field);
    const name = names.of(q);
    const redrive = p.RedrivePolicy === undefined ? undefined : obj(p.RedrivePolicy, w('RedrivePolicy'));
    return {
      name,
      fifo: r.bool(p.FifoQueue, false, w('FifoQueue')),
      // AWS's defaults: 4 days, 30 s, and SSE-SQS for a queue with no KMS key.
      retentionSeconds: r.numOr(p.MessageRetentionPeriod, 345600, w('MessageRetentionPeriod')),
      visibilityTimeoutSeconds: r.numOr(p.VisibilityTimeout, 30, w('VisibilityTimeout')),
      encryption:
        p.KmsMasterKeyId !== undefined ? kmsKey(r, p.KmsMasterKeyId, w('KmsMasterKeyId')) : r.bool(p.SqsManagedSseEnabled, true, w('SqsManagedSseEnabled')) ? 'sqs-managed' : 'none',
      tlsOnly: queueTls.has(name),
      deadLetter: redrive
        ? {
            queue: names.of(t.target(redrive.deadLetterTargetArn, [D.queue], w('RedrivePolicy.deadLetterTargetArn'))),
            maxReceives: r.num(redrive.maxReceiveCount, w('RedrivePolicy.maxReceiveCount')),
          }
        : null,
      retain: t.retained(q),
    };
  });

  const tables = t.ofType(D.table).map((tb): TableInventory => {
    const p = t.props(tb);
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
    return {
      name: names.of(tb),
      // AWS's defaults: provisioned billing, no point-in-time recovery, no deletion protection, encryption with an AWS-owned key.
      billing: r.str(p.BillingMode ?? 'PROVISIONED', w('BillingMode')) === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      ...keys(p.KeySchema, w('KeySchema')),
      indexes: list(p.GlobalSecondaryIndexes, w('GlobalSecondaryIndexes')).map((g, i) => {
        const gw = w(`GlobalSecondaryIndexes[${i}]`);
        const gsi = obj(g, gw);
        const projection = obj(gsi.Projection, `${gw}.Projection`);
        const type = r.str(projection.ProjectionType ?? 'KEYS_ONLY', `${gw}.Projection.ProjectionType`);
        if (type === 'INCLUDE' || projection.NonKeyAttributes !== undefined) fail(`${gw}.Projection`, 'projects named attributes (INCLUDE); the inventory records ALL or KEYS_ONLY');
        return { name: r.str(gsi.IndexName, `${gw}.IndexName`), ...keys(gsi.KeySchema, `${gw}.KeySchema`), projection: type };
      }),
      ttlAttribute: r.bool(ttl.Enabled, false, w('TimeToLiveSpecification.Enabled')) ? r.str(ttl.AttributeName, w('TimeToLiveSpecification.AttributeName')) : null,
      stream: p.StreamSpecification === undefined ? null : r.str(obj(p.StreamSpecification, w('StreamSpecification')).StreamViewType, w('StreamSpecification.StreamViewType')),
      pointInTimeRecovery: r.bool(obj(p.PointInTimeRecoverySpecification, w('PointInTimeRecoverySpecification')).PointInTimeRecoveryEnabled, false, w('PointInTimeRecoveryEnabled')),
      deletionProtection: r.bool(p.DeletionProtectionEnabled, false, w('DeletionProtectionEnabled')),
      encryption: !sseEnabled ? 'aws-owned' : sse.KMSMasterKeyId === undefined ? 'aws-managed' : kmsKey(r, sse.KMSMasterKeyId, w('SSESpecification.KMSMasterKeyId')),
      retain: t.retained(tb),
    };
  });

  return { buckets, queues, tables, topicTlsOnly: topicTls };
}

/**
 * A KMS key as written; an alias ARN in the stack's own account
 * (arn:aws:kms:<region>:${AWS::AccountId}:alias/aws/sns, what CDK renders
 * for an imported alias) is the alias itself: "alias/aws/sns".
 */
export function kmsKey(r: Resolver, v: unknown, where: string): string {
  const s = r.str(v, where);
  const m = /^arn:[^:]+:kms:[^:]*:\$\{AWS::AccountId\}:(alias\/.+)$/.exec(s);
  return m ? m[1] : s;
}

// ----------------------------------------------------------- permissions

/**
 * What a task role may do: every statement of every AWS::IAM::Policy
 * attached to it, resources named by store. The role's own inline Policies
 * and ManagedPolicyArns are not read, so they throw.
 */
export function readPermissions(t: CfnTemplate, arns: ArnResolver, role: string): ServiceInventory['permissions'] {
  const p = t.props(role);
  if (list(p.Policies, t.where(role, 'Policies')).length) fail(t.where(role, 'Policies'), 'inline policies of a task role are not read; the inventory reads AWS::IAM::Policy resources');
  if (list(p.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).length) fail(t.where(role, 'ManagedPolicyArns'), 'managed policies of a task role are not in the inventory');
  const out: ServiceInventory['permissions'] = [];
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    const pp = t.props(policy);
    const roles = list(pp.Roles, t.where(policy, 'Roles')).map((v) => {
      if (!refOf(v)) fail(t.where(policy, 'Roles'), `names a role by ${JSON.stringify(v)}; only Ref is read`);
      return refOf(v)!.id;
    });
    if (!roles.includes(role)) continue;
    for (const { s, where } of statements(pp.PolicyDocument, t.where(policy, 'PolicyDocument'))) {
      for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) {
        if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory (permissions are effect, actions and store resources)');
      }
      const effect = s.Effect;
      if (effect !== 'Allow' && effect !== 'Deny') fail(`${where}.Effect`, `is ${JSON.stringify(effect)}`);
      out.push({
        effect,
        actions: strings(s.Action, `${where}.Action`).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.Action[${i}]`, `expected a string, found ${JSON.stringify(a)}`))),
        resources: strings(s.Resource, `${where}.Resource`).map((v, i) => {
          const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
          if (!/^(bucket|queue|table|topic):/.test(store)) fail(`${where}.Resource[${i}]`, `${store} is not a data store`);
          return `${store}${path}`;
        }),
      });
    }
  }
  return out;
}
