/*
 * Access logs in a mock run: the access-log buckets' names (tagged "blueprint:logs", no store tag:
 * "bucket:access-logs", the secondary region's "bucket:access-logs/dr"), a bucket's server access logging
 * (aws.s3.BucketLogging), a bucket policy's grants and a load balancer's access logs, named as the
 * CloudFormation reader names them.
 */
import { MOCK_ACCOUNT } from '../../pulumi/mock-values';
import type { AccessLogsInventory, BucketGrantInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';
import { storeNameOf } from './store-names';

const LOGS_TAG = 'blueprint:logs';

/** A bucket's inventory name: a data store's (or replica's), or an access-log bucket's. */
export function bucketNameOf(ctx: Context, b: R): string {
  const logs = b.inputs.tags?.[LOGS_TAG] as string | undefined;
  if (logs === undefined) return ctx.must(storeNameOf(ctx, b), `the blueprint:store tag of bucket ${b.name}`);
  if (ctx.storeTag(b) !== undefined) throw new Error(`parity: bucket ${b.name} has both a blueprint:store and a ${LOGS_TAG} tag`);
  return `bucket:${logs}${ctx.regionOf(b) !== ctx.region ? '/dr' : ''}`;
}

/** The account as the template writes it. */
const account = (s: string) => s.split(MOCK_ACCOUNT).join('${AWS::AccountId}');

/** A bucket's server access logging: at most one BucketLogging, into another bucket (by id). */
export function bucketAccessLogs(ctx: Context, b: R): AccessLogsInventory | null {
  const logging = ctx.ofType(T.bucketLogging).filter((l) => l.inputs.bucket === ctx.id(b));
  if (logging.length > 1) throw new Error(`parity: bucket ${b.name} has ${logging.length} logging configurations`);
  if (!logging.length) return null;
  const target = ctx.must(ctx.ofType(T.bucket).find((x) => ctx.id(x) === logging[0].inputs.targetBucket), `the target bucket of ${logging[0].name}`);
  if (target === b) throw new Error(`parity: bucket ${b.name} logs into itself`);
  const extra = Object.keys(logging[0].inputs).filter((k) => !['bucket', 'targetBucket', 'targetPrefix'].includes(k));
  if (extra.length) throw new Error(`parity: ${logging[0].name} sets ${extra.join(', ')}, which the inventory does not read`);
  return { bucket: bucketNameOf(ctx, target), prefix: logging[0].inputs.targetPrefix ?? '' };
}

/** A load balancer's access logs: the bucket by its name (the bucket output), or null when not enabled (the provider's default). */
export function loadBalancerAccessLogs(ctx: Context, lb: R): AccessLogsInventory | null {
  const a = lb.inputs.accessLogs as Inputs | undefined;
  if (!a?.enabled) return null;
  const target = ctx.must(
    ctx.ofType(T.bucket).find((x) => (x.inputs.bucket ?? x.name) === a.bucket),
    `the access-log bucket ${a.bucket} of ${lb.name}`,
  );
  return { bucket: bucketNameOf(ctx, target), prefix: a.prefix ?? '' };
}

/** The Allow statements of a bucket's policies, as the CloudFormation reader reads them. */
export function bucketGrants(ctx: Context, b: R, policies: R[]): BucketGrantInventory[] {
  const name = bucketNameOf(ctx, b);
  const arn = ctx.byArnValue(b);
  const bucketPath = (v: string, what: string): string => {
    if (v !== arn && !v.startsWith(`${arn}/`)) throw new Error(`parity: ${what} names ${v}, not bucket ${b.name}`);
    return `${name}${account(v.slice(arn.length))}`;
  };
  const byArn = (v: string, what: string): string => {
    const source = ctx.must(ctx.ofType(T.bucket).find((x) => v === ctx.byArnValue(x) || v.startsWith(`${ctx.byArnValue(x)}/`)), `the bucket ${what} names (${v})`);
    return `${bucketNameOf(ctx, source)}${v.slice(ctx.byArnValue(source).length)}`;
  };
  return policies.flatMap((p) =>
    ((JSON.parse(p.inputs.policy) as { Statement: Inputs[] }).Statement)
      .filter((st) => st.Effect === 'Allow')
      .map((st): BucketGrantInventory => {
        for (const f of ['NotAction', 'NotResource', 'NotPrincipal']) if (st[f] !== undefined) throw new Error(`parity: a statement of ${p.name} uses ${f}`);
        const kinds = Object.keys(st.Principal ?? {});
        if (kinds.length !== 1 || (kinds[0] !== 'Service' && kinds[0] !== 'AWS')) throw new Error(`parity: a statement of ${p.name} grants to ${JSON.stringify(st.Principal)}`);
        const who = ([] as string[]).concat(st.Principal[kinds[0]]);
        if (who.length !== 1) throw new Error(`parity: a statement of ${p.name} names several principals`);
        const conditions = Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([op, kv]) =>
          Object.entries(kv).map(([key, v]) => {
            if (Array.isArray(v)) throw new Error(`parity: condition ${op} ${key} of ${p.name} has several values`);
            // A static site's distribution, by its ARN in the stack's account: "distribution:<site key>".
            const dist = new RegExp(`^arn:aws:cloudfront::${MOCK_ACCOUNT}:distribution/(.+)$`).exec(String(v));
            if (dist) return `${op}:${key}=distribution:${ctx.must(ctx.ofType(T.distribution).find((d) => ctx.id(d) === dist[1])?.inputs.tags?.['blueprint:site'] as string | undefined, `the distribution ${String(v)}`)}`;
            if (key !== 'aws:SourceArn') return `${op}:${key}=${account(String(v))}`;
            // A trail, by the ARN built from its name in the stack's account and region (as the template builds it).
            const trail = new RegExp(`^arn:aws:cloudtrail:${ctx.region}:${MOCK_ACCOUNT}:trail/([^/]+)$`).exec(String(v));
            return `${op}:${key}=${trail ? `trail:${trail[1]}` : byArn(String(v), `${p.name}'s aws:SourceArn`)}`;
          }),
        );
        return {
          principal: `${kinds[0] === 'Service' ? 'service' : 'aws'}:${who[0]}`,
          actions: ([] as string[]).concat(st.Action),
          resources: ([] as string[]).concat(st.Resource).map((v) => bucketPath(v, p.name)),
          conditions,
        };
      }),
  );
}
