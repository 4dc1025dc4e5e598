/*
 * The names of data stores (buckets, queues, topics, tables, databases,
 * caches): each is named by the blueprint key in its "blueprint:store" tag
 * ("bucket:reports", "queue:jobs", "queue:jobs/dead-letter", "topic:events",
 * "table:orders", "database:orders", "cache:sessions"), never by logical ID;
 * the one untagged topic is the alarm topic, "topic"; a function's dead-letter
 * queue (untagged) is named after the function, "queue:function:<key>/dead-letter". An Aurora cluster's
 * instances carry its key and have no name of their own; a cache's AUTH
 * token secret is "secret:cache:<key>", a database's RDS-managed secret
 * "secret:database:<key>", as is its generated secret (attached to its
 * cluster) and, in a standby, the Custom::AWS lookup of that secret's
 * replica (by the secret's name). The stack's customer-managed KMS key is
 * "key" (by its ARN, its ID or an alias of it). Also reads a store's ARN in
 * IAM and resource policies back to its name, and a secret's ARN in ECS secrets.
 */
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown, pseudoParameter, refOf, Resolver, type CfnRef, type CfnTemplate } from './template';

const STORE_TAG = 'blueprint:store';
/** The tag of a stack's access-log bucket (not a data store): its value names it, "bucket:access-logs". */
const LOGS_TAG = 'blueprint:logs';

/** The value of a resource's "blueprint:logs" tag, or undefined when it has none. */
function logsTag(t: CfnTemplate, r: Resolver, id: string): string | undefined {
  const tags = list(t.props(id).Tags, t.where(id, 'Tags'));
  const tag = tags.map((v, i) => obj(v, t.where(id, `Tags[${i}]`))).find((v) => v.Key === LOGS_TAG);
  return tag === undefined ? undefined : r.str(tag.Value, t.where(id, `Tags ${LOGS_TAG}`));
}

/** The value of a resource's "blueprint:store" tag, or undefined when it has none. */
function storeTag(t: CfnTemplate, r: Resolver, id: string): string | undefined {
  const tags = list(t.props(id).Tags, t.where(id, 'Tags')).map((v, i) => obj(v, t.where(id, `Tags[${i}]`)));
  const tag = tags.find((v) => v.Key === STORE_TAG);
  if (tag !== undefined) return r.str(tag.Value, t.where(id, `Tags ${STORE_TAG}`));
  // A static site's bucket is read as a bucket named "bucket:site:<key>" (its blueprint:site tag).
  const site = t.type(id) === T.bucket ? tags.find((v) => v.Key === SITE_TAG) : undefined;
  return site === undefined ? undefined : `site:${r.str(site.Value, t.where(id, `Tags ${SITE_TAG}`))}`;
}

/** The tag of a static site's resources (its bucket, distribution, certificate). */
export const SITE_TAG = 'blueprint:site';

/**
 * The "blueprint:store" tag of a global table: its tags are its replicas' (Replicas[].Tags), and every
 * replica must carry the same key (a replica tagged otherwise, or not at all, throws).
 */
function globalTableTag(t: CfnTemplate, r: Resolver, id: string): string {
  if (t.props(id).Tags !== undefined) fail(t.where(id, 'Tags'), "is not a property of a global table (its tags are its replicas')");
  const keys = list(t.props(id).Replicas, t.where(id, 'Replicas')).map((v, i) => {
    const where = t.where(id, `Replicas[${i}].Tags`);
    const tags = list(obj(v, t.where(id, `Replicas[${i}]`)).Tags, where).map((x, j) => obj(x, `${where}[${j}]`));
    const tag = tags.find((x) => x.Key === STORE_TAG) ?? fail(where, `has no "${STORE_TAG}" tag; every replica carries the store's`);
    return r.str(tag.Value, `${where} ${STORE_TAG}`);
  });
  if (!keys.length) fail(t.where(id, 'Replicas'), 'is empty; a global table has at least its own region\'s replica');
  if (new Set(keys).size > 1) fail(t.where(id, 'Replicas'), `are tagged as stores ${[...new Set(keys)].map((k) => JSON.stringify(k)).join(' and ')}; a table's replicas carry its one key`);
  return keys[0];
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
  /** An Aurora cluster's instance -> the cluster (DBClusterIdentifier). */
  readonly clusterOf = new Map<string, string>();
  /** A cache's AUTH token secret -> its replication group. */
  readonly tokenOf = new Map<string, string>();
  /** Replication groups in cluster mode. */
  private readonly clustered = new Set<string>();
  /** A database's generated secret -> the cluster it is attached to (AWS::SecretsManager::SecretTargetAttachment). */
  readonly attachedTo = new Map<string, string>();
  /** A Custom::AWS lookup of a replica secret -> the name of the secret it describes. */
  readonly lookupOf = new Map<string, string>();

  /** Access-log buckets (tagged blueprint:logs), by logical ID. */
  readonly logBuckets = new Set<string>();
  /** The stack's customer-managed key (AWS::KMS::Key; at most one), "key" wherever referenced. */
  readonly key?: string;
  /** The names of the aliases that target it ("alias/<blueprint>"): a KMS key written by alias name or alias ARN is "key" too. */
  readonly keyAliases = new Set<string>();

  /**
   * `importedSecrets`: generated database secrets of the primary template, by Name -> the database's key.
   * `suffixes`: what the disaster-recovery template's buckets append to their names: a replica "/replica",
   * its access-log bucket "/dr". `functionDeadLetters`: the dead-letter queues of the blueprint's functions
   * (their DeadLetterConfig), by logical ID -> the function's key.
   */
  constructor(
    private readonly t: CfnTemplate,
    r: Resolver,
    importedSecrets: ReadonlyMap<string, string> = new Map(),
    suffixes: { bucket: string; logBucket: string } = { bucket: '', logBucket: '' },
    functionDeadLetters: ReadonlyMap<string, string> = new Map(),
  ) {
    const taken = new Map<string, string>();
    const name = (id: string, n: string) => {
      const other = taken.get(n);
      if (other !== undefined) fail(t.where(id), `is named "${n}" like ${other}; the inventory names one store per key`);
      taken.set(n, id);
      this.names.set(id, n);
    };
    const keyOf = (id: string) => storeTag(t, r, id) ?? fail(t.where(id), `has no "${STORE_TAG}" tag, so it has no name in the inventory`);

    // The stack's key: one at most, named "key" by its ARN, its ID or an alias that targets it.
    const keys = t.ofType(T.kmsKey);
    if (keys.length > 1) fail(t.where(keys[1]), `the inventory names one customer-managed key ("key"); the template has ${keys.length}: ${keys.join(', ')}`);
    this.key = keys[0];
    for (const id of t.ofType(T.kmsAlias)) {
      t.target(t.props(id).TargetKeyId, [T.kmsKey], t.where(id, 'TargetKeyId'));
      const alias = t.props(id).AliasName;
      if (typeof alias !== 'string') fail(t.where(id, 'AliasName'), `is ${JSON.stringify(alias)}; the inventory reads an alias name written out`);
      this.keyAliases.add(alias);
    }

    const untagged = t.ofType(T.topic).filter((id) => storeTag(t, r, id) === undefined);
    if (untagged.length > 1) fail(t.where(untagged[1]), `the inventory names one alarm topic ("topic"), untagged; the template has ${untagged.length}: ${untagged.join(', ')}`);
    this.alarmTopic = untagged[0];
    if (this.alarmTopic) name(this.alarmTopic, 'topic');
    for (const id of t.ofType(T.topic)) if (id !== this.alarmTopic) name(id, `topic:${keyOf(id)}`);
    for (const id of t.ofType(T.bucket)) {
      const logs = logsTag(t, r, id);
      if (logs === undefined) {
        name(id, `bucket:${keyOf(id)}${suffixes.bucket}`);
        continue;
      }
      if (storeTag(t, r, id) !== undefined) fail(t.where(id), `has both a "${STORE_TAG}" and a "${LOGS_TAG}" tag; a bucket is a data store or an access-log bucket`);
      this.logBuckets.add(id);
      name(id, `bucket:${logs}${suffixes.logBucket}`);
    }
    for (const id of t.ofType(T.table)) name(id, `table:${keyOf(id)}`);
    for (const id of t.ofType(T.globalTable)) name(id, `table:${globalTableTag(t, r, id)}`);

    // A dead-letter queue is named after the queue whose RedrivePolicy targets it (and must carry that queue's key).
    for (const id of t.ofType(T.queue)) {
      const redrive = t.props(id).RedrivePolicy;
      if (redrive === undefined) continue;
      if (!isObject(redrive)) fail(t.where(id, 'RedrivePolicy'), 'is not an object (a JSON string is not read)');
      const dlq = t.target(redrive.deadLetterTargetArn, [T.queue], t.where(id, 'RedrivePolicy.deadLetterTargetArn'));
      if (refOf(redrive.deadLetterTargetArn)!.attr !== 'Arn') fail(t.where(id, 'RedrivePolicy.deadLetterTargetArn'), `names ${dlq} by something other than its Arn`);
      const other = this.deadLetterOf.get(dlq);
      if (other !== undefined) fail(t.where(dlq), `is the dead-letter queue of ${other} and ${id}; the inventory names it after its one queue`);
      this.deadLetterOf.set(dlq, id);
    }
    // A function's dead-letter queue is its own: no store's key, no queue's dead-letter queue, none of its own.
    for (const [dlq, fn] of functionDeadLetters) {
      const store = storeTag(t, r, dlq);
      if (store !== undefined) fail(t.where(dlq), `is the dead-letter queue of function ${fn} but is tagged as store "${store}"; the inventory names it after the function`);
      if (this.deadLetterOf.has(dlq)) fail(t.where(dlq), `is the dead-letter queue of function ${fn} and of ${this.deadLetterOf.get(dlq)}; the inventory names it after its one owner`);
      if (t.props(dlq).RedrivePolicy !== undefined) fail(t.where(dlq, 'RedrivePolicy'), `is set on the dead-letter queue of function ${fn}; the inventory reads no dead-letter queue of a dead-letter queue`);
    }
    for (const [dlq, source] of this.deadLetterOf) {
      if (this.deadLetterOf.has(source)) fail(t.where(source), `is a dead-letter queue (of ${this.deadLetterOf.get(source)}) with a dead-letter queue of its own`);
      if (keyOf(dlq) !== keyOf(source)) fail(t.where(dlq), `is the dead-letter queue of ${source} (store "${keyOf(source)}") but is tagged as store "${keyOf(dlq)}"`);
    }
    for (const id of t.ofType(T.queue)) if (!this.deadLetterOf.has(id) && !functionDeadLetters.has(id)) name(id, `queue:${keyOf(id)}`);
    for (const [dlq, source] of this.deadLetterOf) name(dlq, `queue:${keyOf(source)}/dead-letter`);
    for (const [dlq, fn] of functionDeadLetters) name(dlq, `queue:function:${fn}/dead-letter`);

    // A database is an Aurora cluster, or an RDS instance outside any cluster; a cluster's instances carry its key.
    for (const id of t.ofType(T.dbCluster)) name(id, `database:${keyOf(id)}`);
    for (const id of t.ofType(T.dbInstance)) {
      const member = t.props(id).DBClusterIdentifier;
      if (member === undefined) {
        name(id, `database:${keyOf(id)}`);
        continue;
      }
      const where = t.where(id, 'DBClusterIdentifier');
      const cluster = t.target(member, [T.dbCluster], where);
      if (refOf(member)!.attr !== 'Ref') fail(where, `names ${cluster} by something other than Ref`);
      if (keyOf(id) !== keyOf(cluster)) fail(t.where(id), `is an instance of ${cluster} (store "${keyOf(cluster)}") but is tagged as store "${keyOf(id)}"`);
      this.clusterOf.set(id, cluster);
    }
    // A cache, and the secret its AUTH token is a dynamic reference to (which must carry its key).
    for (const id of t.ofType(T.replicationGroup)) {
      name(id, `cache:${keyOf(id)}`);
      if (cacheClusterMode(t, r, id)) this.clustered.add(id);
      const token = t.props(id).AuthToken;
      if (token === undefined) continue;
      const secret = authTokenSecret(t, token, t.where(id, 'AuthToken'));
      const other = this.tokenOf.get(secret);
      if (other !== undefined) fail(t.where(secret), `is the AUTH token of ${other} and ${id}; the inventory names a token after its one cache`);
      if (keyOf(secret) !== keyOf(id)) fail(t.where(secret), `is the AUTH token of ${id} (store "${keyOf(id)}") but is tagged as store "${keyOf(secret)}"`);
      this.tokenOf.set(secret, id);
      name(secret, `secret:cache:${keyOf(id)}`);
    }
    // A database's generated secret: attached to its cluster (which must carry the same key).
    for (const id of t.ofType(T.secretAttachment)) {
      const p = t.props(id);
      onlyKnown(t, id, ['SecretId', 'TargetId', 'TargetType'], 'a secret attachment');
      if (p.TargetType !== T.dbCluster) fail(t.where(id, 'TargetType'), `is ${JSON.stringify(p.TargetType)}; the inventory reads secrets attached to an Aurora cluster only`);
      const secret = t.target(p.SecretId, [T.secret], t.where(id, 'SecretId'));
      const cluster = t.target(p.TargetId, [T.dbCluster], t.where(id, 'TargetId'));
      if (refOf(p.SecretId)!.attr !== 'Ref' || refOf(p.TargetId)!.attr !== 'Ref') fail(t.where(id), 'names its secret or cluster by something other than Ref');
      if (this.attachedTo.has(secret)) fail(t.where(id), `${secret} is attached twice; the inventory names a secret after its one database`);
      if ([...this.attachedTo.values()].includes(cluster)) fail(t.where(id), `${cluster} has two attached secrets; the inventory reads one per database`);
      if (keyOf(secret) !== keyOf(cluster)) fail(t.where(secret), `is attached to ${cluster} (store "${keyOf(cluster)}") but is tagged as store "${keyOf(secret)}"`);
      this.attachedTo.set(secret, cluster);
      name(secret, `secret:database:${keyOf(cluster)}`);
    }
    for (const id of t.ofType(T.secret)) {
      if (!this.tokenOf.has(id) && !this.attachedTo.has(id)) fail(t.where(id), "is neither a cache's AUTH token nor a database's attached secret; no other secret is in the inventory");
    }
    // A standby's lookup of a replica secret: named as the primary's secret it describes.
    for (const id of t.ofType(T.awsCall)) {
      const secretName = describedSecret(t, r, id);
      const key = importedSecrets.get(secretName) ?? fail(t.where(id), `describes secret ${JSON.stringify(secretName)}, which is no generated database secret of the primary template`);
      this.lookupOf.set(id, secretName);
      name(id, `secret:database:${key}`);
    }
  }

  /** The inventory name of a store's logical ID (the alarm topic's is "topic"). */
  of(id: string): string {
    return this.names.get(id) ?? fail(this.t.where(id), 'is not a data store');
  }

  /**
   * "key" for the stack's key referenced by its ARN (Fn::GetAtt Arn) or ID (Ref), or by an alias of it
   * (Ref of its AWS::KMS::Alias: the alias name); undefined for anything else.
   */
  keyRef(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    if (type === T.kmsKey && (ref.attr === 'Arn' || ref.attr === 'Ref')) return 'key';
    // An alias's TargetKeyId is the one key of the template (checked in the constructor).
    if (type === T.kmsAlias && ref.attr === 'Ref') return 'key';
    return undefined;
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
    if (type === T.bucket && ref.attr === 'Ref') return n;
    if ((type === T.table || type === T.globalTable) && ref.attr === 'Ref') return n;
    if (type === T.queue && (ref.attr === 'Ref' || ref.attr === 'QueueUrl')) return n;
    if (type === T.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
    // A database's writer (or instance) endpoint, an Aurora cluster's reader endpoint, a cache's endpoint.
    if ((type === T.dbInstance || type === T.dbCluster) && ref.attr === 'Endpoint.Address') return n;
    if (type === T.dbCluster && ref.attr === 'ReadEndpoint.Address') return `${n}/reader`;
    // In cluster mode a replication group has no primary endpoint, only a configuration endpoint.
    if (type === T.replicationGroup && ref.attr === (this.clustered.has(ref.id) ? 'ConfigurationEndPoint.Address' : 'PrimaryEndPoint.Address')) return n;
    return undefined;
  }

  /**
   * A secret referenced by its ARN, named by its store: "database:orders" (the secret RDS manages for
   * the database, MasterUserSecret.SecretArn), "cache:sessions" (a cache's AUTH token, by Ref).
   */
  secret(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    if ((type === T.dbInstance || type === T.dbCluster) && ref.attr === 'MasterUserSecret.SecretArn') return n;
    if (type === T.secret && ref.attr === 'Ref') return n.slice('secret:'.length);
    // The complete ARN of a replica secret, as DescribeSecret returns it.
    if (type === T.awsCall && ref.attr === 'ARN') return n.slice('secret:'.length);
    return undefined;
  }

  /** The key of the database a generated secret is attached to, or undefined for any other secret. */
  databaseOfSecret(secret: string): string | undefined {
    const cluster = this.attachedTo.get(secret);
    return cluster === undefined ? undefined : this.of(cluster).slice('database:'.length);
  }

  /** A database's resource ID, what an rds-db:connect ARN names: an instance's DbiResourceId, a cluster's DBClusterResourceId. */
  resourceId(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    if ((type === T.dbInstance && ref.attr === 'DbiResourceId') || (type === T.dbCluster && ref.attr === 'DBClusterResourceId')) return n;
    return undefined;
  }

  /** A table referenced by its stream's ARN (StreamArn): the table's name ("table:orders"); the caller adds /stream. */
  streamOf(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    return (type === T.table || type === T.globalTable) && ref.attr === 'StreamArn' ? this.names.get(ref.id) : undefined;
  }

  /**
   * A store referenced by its ARN (IAM and resource policies): bucket, queue and table Arn, a topic's
   * Ref or TopicArn; a secret's ARN as "secret:<its store>"; the stack's key's Arn as "key".
   */
  arn(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    // The stack's key, in a permission's resources: "key".
    if (type === T.kmsKey && ref.attr === 'Arn') return 'key';
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    // A global table's Arn is its replica's in the stack's region.
    if ((type === T.bucket || type === T.queue || type === T.table || type === T.globalTable) && ref.attr === 'Arn') return n;
    if (type === T.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
    const secret = this.secret(ref);
    return secret === undefined ? undefined : `secret:${secret}`;
  }
}

/**
 * Whether a replication group runs in cluster mode: its ClusterMode
 * (enabled or disabled; "compatible" is a migration state, not read), which
 * must agree with its parameter group; absent, what the parameter group
 * says (a ".cluster.on" group is cluster mode).
 */
export function cacheClusterMode(t: CfnTemplate, r: Resolver, id: string): boolean {
  const p = t.props(id);
  const group = p.CacheParameterGroupName === undefined ? undefined : r.str(p.CacheParameterGroupName, t.where(id, 'CacheParameterGroupName'));
  if (group === undefined) fail(t.where(id, 'CacheParameterGroupName'), "is missing; the inventory records the parameter group as written (AWS's default depends on the engine)");
  const byGroup = group.endsWith('.cluster.on');
  if (p.ClusterMode === undefined) return byGroup;
  const mode = r.str(p.ClusterMode, t.where(id, 'ClusterMode'));
  if (mode !== 'enabled' && mode !== 'disabled') fail(t.where(id, 'ClusterMode'), `is ${JSON.stringify(mode)}; the inventory records enabled or disabled`);
  if ((mode === 'enabled') !== byGroup) fail(t.where(id, 'ClusterMode'), `is ${mode}, but parameter group ${group} is ${byGroup ? '' : 'not '}for cluster mode`);
  return mode === 'enabled';
}

// Brackets around a secret inside a resolved dynamic reference.
const SECRET_OPEN = '\u0004';
const SECRET_CLOSE = '\u0005';

/**
 * The secret a cache's AuthToken is a dynamic reference to, by Ref:
 * "{{resolve:secretsmanager:<secret>:SecretString:::}}" (or shorter forms
 * of the same: the whole secret string, its current version). A JSON key, a
 * version or a token written out throws.
 */
export function authTokenSecret(t: CfnTemplate, v: unknown, where: string): string {
  let secret: string | undefined;
  const r = new Resolver((ref, w) => {
    if (ref.attr !== 'Ref' || t.type(ref.id) !== T.secret) fail(w, `${ref.id} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is not a Secrets Manager secret by Ref`);
    if (secret !== undefined && secret !== ref.id) fail(w, 'references two secrets');
    secret = ref.id;
    return `${SECRET_OPEN}${ref.id}${SECRET_CLOSE}`;
  });
  const s = r.str(v, where);
  const m = new RegExp(`^\\{\\{resolve:secretsmanager:${SECRET_OPEN}[^${SECRET_OPEN}${SECRET_CLOSE}]+${SECRET_CLOSE}(:SecretString(:{0,3}))?\\}\\}$`).exec(s);
  if (!m || secret === undefined) {
    const shown = s.replace(new RegExp(`[${SECRET_OPEN}${SECRET_CLOSE}]`, 'g'), '');
    return fail(where, `${/^\{\{resolve:secretsmanager:/.test(shown) ? JSON.stringify(shown) : 'the token'} is not a dynamic reference to the whole string of a secret of the template (JSON keys, versions and written tokens are not read)`);
  }
  return secret;
}

/**
 * The secret a Custom::AWS call looks up: SecretsManager DescribeSecret of one secret by name, the same
 * call on create and update, with the SDK of the Lambda runtime (InstallLatestAwsSdk false: no download
 * at deploy time). Anything else throws.
 */
function describedSecret(t: CfnTemplate, r: Resolver, id: string): string {
  onlyKnown(t, id, ['ServiceToken', 'Create', 'Update', 'InstallLatestAwsSdk'], 'a Custom::AWS call');
  const p = t.props(id);
  if (p.InstallLatestAwsSdk !== false && p.InstallLatestAwsSdk !== 'false') fail(t.where(id, 'InstallLatestAwsSdk'), 'is not false; the inventory reads calls with the runtime\'s SDK');
  const call = (field: 'Create' | 'Update') => {
    const text = r.str(p[field], t.where(id, field));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(t.where(id, field), 'is not JSON');
    }
    const c = obj(parsed, t.where(id, field));
    const params = obj(c.parameters, t.where(id, `${field}.parameters`));
    const physical = obj(c.physicalResourceId, t.where(id, `${field}.physicalResourceId`));
    const extra = Object.keys(c).filter((k) => !['service', 'action', 'parameters', 'physicalResourceId'].includes(k));
    if (extra.length) fail(t.where(id, field), `${extra.join(', ')}: not in the inventory`);
    if (c.service !== 'SecretsManager' || c.action !== 'DescribeSecret') fail(t.where(id, field), `calls ${c.service}.${c.action}; the inventory reads SecretsManager DescribeSecret only (a replica secret's ARN)`);
    if (Object.keys(params).length !== 1 || typeof params.SecretId !== 'string') fail(t.where(id, `${field}.parameters`), 'is not { SecretId: <a secret name> }');
    if (Object.keys(physical).length !== 1 || physical.id !== params.SecretId) fail(t.where(id, `${field}.physicalResourceId`), 'is not the secret name');
    return params.SecretId as string;
  };
  if (p.Update === undefined) fail(t.where(id, 'Update'), 'is missing: an update of the stack would not look the ARN up again');
  const created = p.Create === undefined ? undefined : call('Create');
  const updated = call('Update');
  if (created !== undefined && created !== updated) fail(t.where(id), 'looks up different secrets on create and update');
  return updated;
}

// Brackets around a store name inside a resolved ARN string, so a literal string can never pass for one.
const OPEN = '\u0000';
const CLOSE = '\u0001';
const STORE_ARN = new RegExp(`^${OPEN}([^${OPEN}${CLOSE}]+)${CLOSE}(/[^${OPEN}${CLOSE}]*)?$`);
// And around a database's resource ID inside an rds-db:connect ARN.
const ID_OPEN = '\u0002';
const ID_CLOSE = '\u0003';
const MARKS = new RegExp(`[${OPEN}${CLOSE}${ID_OPEN}${ID_CLOSE}]`, 'g');
/** arn:<partition>:rds-db:<region>:<account>:dbuser:<resource ID>/<user>: IAM database authentication as one user. */
const DBUSER_ARN = new RegExp(
  `^arn:(aws|aws-cn|aws-us-gov|\\$\\{AWS::Partition\\}):rds-db:([a-z0-9-]+|\\$\\{AWS::Region\\}):(\\$\\{AWS::AccountId\\}):dbuser:${ID_OPEN}([^${ID_OPEN}${ID_CLOSE}]+)${ID_CLOSE}/([A-Za-z0-9_]+)$`,
);
/** arn:<partition>:dynamodb:<region>:<account>:table/<name>[/<path>]: a table named in an ARN built from its name (a global table's replica, in a standby). */
const DYNAMODB_ARN = new RegExp(
  `^arn:(aws|aws-cn|aws-us-gov|\\$\\{AWS::Partition\\}):dynamodb:([a-z0-9-]+|\\$\\{AWS::Region\\}):\\$\\{AWS::AccountId\\}:table/([^/${OPEN}${CLOSE}${ID_OPEN}${ID_CLOSE}]+)(/[^${OPEN}${CLOSE}]*)?$`,
);
/** arn:<partition>:s3:::<bucket name>[/<path>]: a bucket named in an ARN built from its name (a replica, in another region's template). */
const S3_ARN = new RegExp(`^arn:(aws|aws-cn|aws-us-gov|\\$\\{AWS::Partition\\}):s3:::([^/${OPEN}${CLOSE}${ID_OPEN}${ID_CLOSE}]+)(/[^${OPEN}${CLOSE}]*)?$`);

/**
 * Resolves policy resources: a store's ARN, optionally with a path after it
 * ("bucket:reports/*", "table:orders/index/*"), a replica's ARN built from
 * its name ("bucket:reports/replica/*"), or a database user
 * ("database:orders/dbuser:dbadmin", IAM database authentication). Anything
 * else (a literal ARN of another bucket, "*", another resource's attribute) throws.
 */
export class ArnResolver {
  private readonly r: Resolver;

  /**
   * `region`: the stack's region (from its subnets' AZs), which a literal region in an ARN must be.
   * `replicas`: the buckets of the disaster-recovery template by their BucketName (resolved, e.g.
   * "shop-files-eu-central-1-${AWS::AccountId}") -> their name ("bucket:files/replica").
   * `tables`: the replicas of global tables a standby reaches, by TableName -> their name ("table:orders").
   */
  constructor(
    t: CfnTemplate,
    names: StoreNames,
    private readonly region: () => string | undefined,
    private readonly replicas: ReadonlyMap<string, string> = new Map(),
    private readonly tables: ReadonlyMap<string, string> = new Map(),
  ) {
    this.r = new Resolver((ref, where) => {
      const pseudo = pseudoParameter(ref);
      if (pseudo !== undefined) return pseudo;
      const db = names.resourceId(ref);
      if (db !== undefined) return `${ID_OPEN}${db}${ID_CLOSE}`;
      // A table's stream (StreamArn): the table's name and /stream ("table:orders/stream").
      const stream = names.streamOf(ref);
      if (stream !== undefined) return `${OPEN}${stream}${CLOSE}/stream`;
      const n = names.arn(ref);
      if (n === undefined) {
        const type = t.type(ref.id);
        return fail(where, `${ref.id}${type ? ` (${type})` : ''} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is not the ARN of a data store`);
      }
      return `${OPEN}${n}${CLOSE}`;
    });
  }

  /**
   * The store and the path after its ARN ("" for the store itself, "/*" for a bucket's objects,
   * "/dbuser:<user>" for a database user).
   */
  resource(v: unknown, where: string): { store: string; path: string } {
    const s = this.r.str(v, where);
    const m = STORE_ARN.exec(s);
    if (m) return { store: m[1], path: m[2] ?? '' };
    const replica = S3_ARN.exec(s);
    const named = replica && this.replicas.get(replica[2]);
    if (replica && named) return { store: named, path: replica[3] ?? '' };
    const table = DYNAMODB_ARN.exec(s);
    const tableName = table && this.tables.get(table[3]);
    if (table && tableName) {
      const own = this.region();
      if (table[2] !== '${AWS::Region}' && table[2] !== own) fail(where, `names table ${table[3]} in ${table[2]}, not in the stack's region${own ? ` (${own})` : ''}`);
      return { store: tableName, path: table[4] ?? '' };
    }
    const u = DBUSER_ARN.exec(s);
    if (u) {
      const [, , region, , db, user] = u;
      const own = this.region();
      if (region !== '${AWS::Region}' && region !== own) fail(where, `names a database user in ${region}, not in the stack's region${own ? ` (${own})` : ''}`);
      if (!db.startsWith('database:')) fail(where, `names a user of ${db}, which is not a database`);
      return { store: db, path: `/dbuser:${user}` };
    }
    return fail(where, `${JSON.stringify(s.replace(MARKS, ''))} is not a data store's ARN (the inventory names resources by store only; "*" and literal ARNs are not read)`);
  }
}
