/*
 * The names of data stores (buckets, queues, topics, tables): each is named
 * by the blueprint key in its "blueprint:store" tag ("bucket:reports",
 * "queue:jobs", "queue:jobs/dead-letter", "topic:events", "table:orders"),
 * never by logical ID; the one untagged topic is the alarm topic, "topic".
 * Also reads a store's ARN in IAM and resource policies back to its name.
 */
import { T } from './resource-types';
import { fail, isObject, list, obj, refOf, Resolver, type CfnRef, type CfnTemplate } from './template';

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

    const untagged = t.ofType(T.topic).filter((id) => storeTag(t, r, id) === undefined);
    if (untagged.length > 1) fail(t.where(untagged[1]), `the inventory names one alarm topic ("topic"), untagged; the template has ${untagged.length}: ${untagged.join(', ')}`);
    this.alarmTopic = untagged[0];
    if (this.alarmTopic) name(this.alarmTopic, 'topic');
    for (const id of t.ofType(T.topic)) if (id !== this.alarmTopic) name(id, `topic:${keyOf(id)}`);
    for (const id of t.ofType(T.bucket)) name(id, `bucket:${keyOf(id)}`);
    for (const id of t.ofType(T.table)) name(id, `table:${keyOf(id)}`);

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
    for (const [dlq, source] of this.deadLetterOf) {
      if (this.deadLetterOf.has(source)) fail(t.where(source), `is a dead-letter queue (of ${this.deadLetterOf.get(source)}) with a dead-letter queue of its own`);
      if (keyOf(dlq) !== keyOf(source)) fail(t.where(dlq), `is the dead-letter queue of ${source} (store "${keyOf(source)}") but is tagged as store "${keyOf(dlq)}"`);
    }
    for (const id of t.ofType(T.queue)) if (!this.deadLetterOf.has(id)) name(id, `queue:${keyOf(id)}`);
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
    if (type === T.bucket && ref.attr === 'Ref') return n;
    if (type === T.table && ref.attr === 'Ref') return n;
    if (type === T.queue && (ref.attr === 'Ref' || ref.attr === 'QueueUrl')) return n;
    if (type === T.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
    return undefined;
  }

  /** A store referenced by its ARN (IAM and resource policies): bucket, queue and table Arn, a topic's Ref or TopicArn. */
  arn(ref: CfnRef): string | undefined {
    const type = this.t.type(ref.id);
    const n = this.names.get(ref.id);
    if (n === undefined) return undefined;
    if ((type === T.bucket || type === T.queue || type === T.table) && ref.attr === 'Arn') return n;
    if (type === T.topic && (ref.attr === 'Ref' || ref.attr === 'TopicArn')) return n;
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

  constructor(t: CfnTemplate, names: StoreNames) {
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
