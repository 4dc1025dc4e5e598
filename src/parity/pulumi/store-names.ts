/*
 * The names of data stores in a mock run: a store's ARN in a task role's
 * policy ("bucket:reports/*") and an injected connection detail (a bucket's
 * or table's name, a queue's URL, a topic's ARN) read back as the store they
 * name, by its "blueprint:store" tag, as the CloudFormation reader names them.
 */
import { mockQueueUrl } from '../../pulumi/mock-values';
import type { Context, R } from './context';
import { T } from './resource-types';

export const STORE_KINDS: Record<string, string> = {
  [T.bucket]: 'bucket',
  [T.queue]: 'queue',
  [T.topic]: 'topic',
  [T.table]: 'table',
};

/** The symbolic name of a store's ARN, with any suffix kept: "bucket:reports/*". */
export function storeArn(ctx: Context, arn: string): string {
  const { custom, byArnValue, storeTag } = ctx;
  for (const r of custom) {
    const kind = STORE_KINDS[r.type];
    const base = byArnValue(r);
    if (kind && (arn === base || arn.startsWith(`${base}/`)) && storeTag(r)) return `${kind}:${storeTag(r)}${arn.slice(base.length)}`;
  }
  throw new Error(`parity: a task role grants access to ${arn}, which is not a data store`);
}

/** An injected connection detail named by its store ("bucket:reports"), as the template reader names it. */
export function connectionValue(ctx: Context, value: string): string {
  const { custom, byArnValue, storeTag, region } = ctx;
  for (const r of custom) {
    const kind = STORE_KINDS[r.type];
    const key = storeTag(r);
    if (!kind || !key || r.name.endsWith('-dead-letter')) continue;
    const exposed = kind === 'queue' ? mockQueueUrl(r.name, region) : kind === 'topic' ? byArnValue(r) : r.name;
    if (value === exposed) return `${kind}:${key}`;
  }
  return value;
}

/** A queue's inventory name: "queue:<key>", or "queue:<key>/dead-letter" for the queue another's redrive policy targets. */
export function queueStoreName(ctx: Context, q: R): string {
  const { ofType, byArnValue, storeTag, must } = ctx;
  const parent = ofType(T.queue).find((other) => redriveOf(other)?.deadLetterTargetArn === byArnValue(q));
  return parent ? `${queueStoreName(ctx, parent)}/dead-letter` : `queue:${must(storeTag(q), `the blueprint:store tag of queue ${q.name}`)}`;
}

/** A queue's redrive policy, parsed. */
export function redriveOf(q: R): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  return q.inputs.redrivePolicy ? (JSON.parse(q.inputs.redrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined;
}
