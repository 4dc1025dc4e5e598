/*
 * The names of data stores in a mock run: a store's ARN in a task role's
 * policy ("bucket:reports/*", a database user "database:orders/dbuser:dbadmin")
 * and an injected connection detail (a bucket's or table's name, a queue's
 * URL, a topic's ARN, a database's or cache's endpoint address) read back as
 * the store they name, by its "blueprint:store" tag, as the CloudFormation
 * reader names them. A bucket with the secondary region's provider is a
 * replica, "bucket:<key>/replica". A function's dead-letter queue (untagged) is
 * named after the function, "queue:function:<key>/dead-letter". A standby names the primary's stores it
 * reaches (ctx.imports) as the primary does.
 */
import { MOCK_ACCOUNT, mockDbResourceId, MOCK_STREAM_LABEL, mockEndpoint, mockOutputs, mockQueueUrl } from '../../pulumi/mock-values';
import type { Context, R } from './context';
import { functionDeadLetterOf } from './function-names';
import { T } from './resource-types';

export const STORE_KINDS: Record<string, string> = {
  [T.bucket]: 'bucket',
  [T.queue]: 'queue',
  [T.topic]: 'topic',
  [T.table]: 'table',
  [T.dbInstance]: 'database',
  [T.dbCluster]: 'database',
  [T.replicationGroup]: 'cache',
};

/**
 * A store's inventory name, by its tag: "bucket:reports"; a bucket in another region than the stack's
 * (the secondary region's provider) is a replica: "bucket:reports/replica". Undefined for anything else.
 */
export function storeNameOf(ctx: Context, r: R): string | undefined {
  const kind = STORE_KINDS[r.type];
  const key = ctx.storeTag(r);
  if (!kind || !key) return undefined;
  return `${kind}:${key}${r.type === T.bucket && ctx.regionOf(r) !== ctx.region ? '/replica' : ''}`;
}

/** The symbolic name of a store's ARN, with any suffix kept: "bucket:reports/*"; a database user: "database:orders/dbuser:dbadmin". */
export function storeArn(ctx: Context, arn: string): string {
  const { custom, ofType, byArnValue, storeTag, region } = ctx;
  // A function's dead-letter queue, which carries no store tag: named after its function.
  for (const q of ofType(T.queue)) {
    const fn = functionDeadLetterOf(ctx, q);
    if (fn !== undefined && arn === byArnValue(q)) return `queue:function:${fn}/dead-letter`;
  }
  for (const r of custom) {
    const kind = STORE_KINDS[r.type];
    const key = storeTag(r);
    if (!kind || !key) continue;
    const base = byArnValue(r);
    // A table's stream (the mocks' streamArn: its ARN, /stream/ and a label): the table's name and /stream, as
    // CloudFormation's StreamArn reads.
    if (kind === 'table' && r.inputs.streamEnabled === true && arn === `${base}/stream/${MOCK_STREAM_LABEL}`) return `${storeNameOf(ctx, r)}/stream`;
    if (arn === base || arn.startsWith(`${base}/`)) return `${storeNameOf(ctx, r)}${arn.slice(base.length)}`;
    // IAM database authentication: arn:aws:rds-db:REGION:ACCOUNT:dbuser:<resource id>/<user>.
    const dbuser = `arn:aws:rds-db:${region}:${MOCK_ACCOUNT}:dbuser:${mockDbResourceId(r.type, r.name)}/`;
    if (kind === 'database' && arn.startsWith(dbuser)) return `database:${key}/dbuser:${arn.slice(dbuser.length)}`;
  }
  // A standby's: a store of the primary's it reaches in place (a replica bucket, a global table's replica).
  for (const i of ctx.imports.stores) if (arn === i.arn || arn.startsWith(`${i.arn}/`)) return `${i.name}${arn.slice(i.arn.length)}`;
  throw new Error(`parity: a role grants access to ${arn}, which is not a data store`);
}

/** An injected connection detail named by its store ("bucket:reports", "database:orders/reader"), as the template reader names it. */
export function connectionValue(ctx: Context, value: string): string {
  const { custom, byArnValue, storeTag, region } = ctx;
  for (const r of custom) {
    const kind = STORE_KINDS[r.type];
    const key = storeTag(r);
    // A replica is no connection detail: its name is never injected.
    if (!kind || !key || r.name.endsWith('-dead-letter') || storeNameOf(ctx, r)!.endsWith('/replica')) continue;
    // Each value the store exposes to a task, and what is appended to the store's name for it.
    const exposed = new Map<string, string>();
    if (r.type === T.dbInstance) exposed.set(mockEndpoint.instance(r.name, region), '');
    else if (r.type === T.dbCluster) exposed.set(mockEndpoint.cluster(r.name, region), '').set(mockEndpoint.clusterReader(r.name, region), '/reader');
    else if (r.type === T.replicationGroup) {
      // Whichever endpoint the mocks gave this group (primary, or configuration in cluster mode).
      const out = mockOutputs(r.type, r.name, region, r.inputs);
      for (const endpoint of [out.primaryEndpointAddress, out.configurationEndpointAddress]) if (typeof endpoint === 'string') exposed.set(endpoint, '');
    } else if (kind === 'queue') exposed.set(mockQueueUrl(r.name, region), '');
    else if (kind === 'topic') exposed.set(byArnValue(r), '');
    // A bucket's or table's name: the one it is given (a global table's, fixed), else the mocks' (its logical name).
    else exposed.set(((kind === 'bucket' ? r.inputs.bucket : r.inputs.name) as string | undefined) ?? r.name, '');
    const suffix = exposed.get(value);
    if (suffix !== undefined) return `${kind}:${key}${suffix}`;
  }
  // A standby's: the name of a store of the primary's it reaches in place.
  const imported = ctx.imports.stores.find((i) => i.value === value);
  if (imported) return imported.name;
  return value;
}

/**
 * A queue's inventory name: "queue:<key>", "queue:<key>/dead-letter" for the queue another's redrive policy
 * targets, or "queue:function:<key>/dead-letter" for a function's dead-letter queue.
 */
export function queueStoreName(ctx: Context, q: R): string {
  const { ofType, byArnValue, storeTag, must } = ctx;
  const fn = functionDeadLetterOf(ctx, q);
  if (fn !== undefined) return `queue:function:${fn}/dead-letter`;
  const parent = ofType(T.queue).find((other) => redriveOf(other)?.deadLetterTargetArn === byArnValue(q));
  return parent ? `${queueStoreName(ctx, parent)}/dead-letter` : `queue:${must(storeTag(q), `the blueprint:store tag of queue ${q.name}`)}`;
}

/** A queue's redrive policy, parsed. */
export function redriveOf(q: R): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  return q.inputs.redrivePolicy ? (JSON.parse(q.inputs.redrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined;
}
