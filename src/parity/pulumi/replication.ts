/*
 * A bucket's replication read from a mock run: its one
 * BucketReplicationConfig, one enabled V2 rule over every object into a
 * replica (a bucket with the secondary region's provider, named
 * "<region>:bucket:<key>/replica"), its storage class and delete-marker
 * replication, and what the role S3 assumes may do (it must trust
 * s3.amazonaws.com only), as the CloudFormation reader reads them. Anything
 * else throws.
 */
import type { BucketInventory, BucketReplicationInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { permissionsOf } from './policies';
import { T } from './resource-types';
import { storeNameOf } from './store-names';

const ROLE = 'aws:iam/role:Role';

/** The replication of bucket `b`, or null when no BucketReplicationConfig names it. */
export function readReplication(ctx: Context, b: R): BucketReplicationInventory | null {
  const { ofType, id, byArn, byArnValue, byId, must, regionOf } = ctx;
  const configs = ofType(T.bucketReplication).filter((c) => c.inputs.bucket === id(b));
  if (!configs.length) return null;
  if (configs.length > 1) throw new Error(`parity: bucket ${b.name} has ${configs.length} replication configurations; the inventory reads one`);
  const c = configs[0];
  const what = `replication ${c.name}`;
  const rules = (c.inputs.rules ?? []) as Inputs[];
  if (rules.length !== 1) throw new Error(`parity: ${what} has ${rules.length} rules; the inventory reads one`);
  const rule = rules[0];
  only(rule, ['id', 'priority', 'status', 'filter', 'destination', 'deleteMarkerReplication'], `the rule of ${what}`);
  if (rule.status !== 'Enabled') throw new Error(`parity: the rule of ${what} is ${rule.status}, not Enabled; the inventory records replication that runs`);
  if (rule.filter === undefined) throw new Error(`parity: the rule of ${what} has no filter: a V1 rule (its prefix, delete markers always replicated) is not read`);
  const filter = rule.filter as Inputs;
  if (Object.keys(filter).some((k) => k !== 'prefix') || (filter.prefix ?? '') !== '') throw new Error(`parity: the rule of ${what} selects part of the bucket; the inventory records replication of every object`);
  const d = rule.destination as Inputs;
  only(d, ['bucket', 'storageClass'], `the destination of ${what}`);
  const replica = must(ofType(T.bucket).find((x) => byArnValue(x) === d.bucket), `the bucket ${what} replicates into (${d.bucket})`);
  const name = storeNameOf(ctx, replica);
  if (!name?.endsWith('/replica')) throw new Error(`parity: ${what} replicates into ${replica.name}, which is not a replica in the secondary region`);
  const dm = rule.deleteMarkerReplication as Inputs | undefined;
  if (dm) only(dm, ['status'], `the delete-marker replication of ${what}`);

  const role = must(byArn(c.inputs.role), `the role of ${what} (${c.inputs.role})`);
  if (role.type !== ROLE) throw new Error(`parity: ${what} names ${role.type} ${role.name} as its role`);
  assumedByS3Only(role);
  if (ofType(T.rolePolicyAttachment).some((a) => byId.get(a.inputs.role) === role || a.inputs.role === role.name)) {
    throw new Error(`parity: the replication role ${role.name} has managed policies; the inventory reads its role policies only`);
  }
  return {
    destination: `${regionOf(replica)}:${name}`,
    // AWS's default: the source object's storage class.
    storageClass: d.storageClass ?? null,
    // AWS's default for a V2 rule: delete markers are not replicated.
    deleteMarkers: dm?.status === 'Enabled',
    rolePermissions: permissionsOf(ctx, byArnValue(role)),
  };
}

/** Every replica must be where a bucket replicates to: one that nothing fills is a mistake. */
export function checkReplicasUsed(buckets: BucketInventory[]): void {
  for (const replica of buckets.filter((b) => b.name.endsWith('/replica'))) {
    if (!buckets.some((b) => b.replication?.destination === `${replica.region}:${replica.name}`)) throw new Error(`parity: no bucket replicates into ${replica.name} (${replica.region})`);
  }
}

function only(o: Inputs, known: string[], what: string): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length) throw new Error(`parity: ${what}: ${extra.join(', ')}: not in the inventory (it records one rule over every object: its destination, storage class and delete markers)`);
}

/** The role's trust policy: one statement that lets S3, and no one else, assume it. */
function assumedByS3Only(role: R): void {
  const doc = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: Inputs | Inputs[] };
  const statements = ([] as Inputs[]).concat(doc.Statement);
  const s = statements[0];
  const actions = s ? ([] as string[]).concat(s.Action) : [];
  const ok = statements.length === 1 && s.Effect === 'Allow' && s.Condition === undefined && actions.length === 1 && actions[0] === 'sts:AssumeRole' && Object.keys(s.Principal ?? {}).length === 1 && s.Principal.Service === 's3.amazonaws.com';
  if (!ok) throw new Error(`parity: the replication role ${role.name} must trust s3.amazonaws.com only, with one sts:AssumeRole statement`);
}
