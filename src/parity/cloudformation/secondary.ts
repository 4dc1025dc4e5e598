/*
 * The disaster-recovery template: what the stack in the secondary region
 * holds. Backup vaults are recovery vaults ("<region>:<name>", the vaults
 * backups are copied into); buckets are replicas ("bucket:<key>/replica" by
 * their "blueprint:store" tag, named by their BucketName in the primary
 * template's ARNs), read like any bucket with their TLS-only bucket policies.
 * Anything else there throws.
 */
import type { BackupInventory, BucketInventory } from '../inventory';
import { readBuckets } from './data';
import { T } from './resource-types';
import { ArnResolver, StoreNames } from './store-names';
import { CfnTemplate, fail, onlyKnown, pseudoParameter, Resolver } from './template';

export interface SecondaryRegion {
  /** The secondary region; null without a disaster-recovery template. */
  region: string | null;
  recoveryVaults: BackupInventory['recoveryVaults'];
  /** Replica buckets, named "bucket:<key>/replica", and the access-log bucket, "bucket:access-logs/dr", in the secondary region. */
  replicas: BucketInventory[];
  /** Each replica's BucketName (pseudo parameters as ${AWS::...}) -> its name: ARNs built from it in the primary template. */
  replicaNames: Map<string, string>;
  /** Each replica's logical ID in the disaster-recovery template, by name. */
  replicaIds: Map<string, string>;
}

const TYPES_THERE = new Set<string>([T.backupVault, T.bucket, T.bucketPolicy, 'AWS::CDK::Metadata']);

const nothing = (): SecondaryRegion => ({ region: null, recoveryVaults: [], replicas: [], replicaNames: new Map(), replicaIds: new Map() });

export function readSecondaryRegion(dr?: { region: string; template: Record<string, unknown> }): SecondaryRegion {
  if (!dr) return nothing();
  const t = new CfnTemplate(dr.template);
  const where = (id: string, field?: string) => `disaster-recovery template: ${t.where(id, field)}`;
  for (const id of t.ids()) {
    if (!TYPES_THERE.has(t.type(id)!)) fail(where(id), 'the inventory reads backup vaults, replica buckets and their bucket policies only there');
  }
  // Names there are strings and pseudo parameters (a replica's name ends in ${AWS::AccountId}), and the access-log bucket by Ref (a replica's logging destination).
  let names: StoreNames | undefined;
  const r = new Resolver(
    (ref, w) =>
      pseudoParameter(ref) ??
      (names && ref.attr === 'Ref' && names.logBuckets.has(ref.id) ? names.of(ref.id) : fail(w, `${ref.id} is not read in the disaster-recovery template`)),
  );

  const recoveryVaults = t.ofType(T.backupVault).map((id) => {
    onlyKnown(t, id, ['BackupVaultName', 'EncryptionKeyArn', 'BackupVaultTags'], 'a recovery vault');
    if (t.props(id).EncryptionKeyArn !== undefined) fail(where(id, 'EncryptionKeyArn'), 'the inventory records recovery vaults with the AWS-managed key');
    return { vault: `${dr.region}:${r.str(t.props(id).BackupVaultName, where(id, 'BackupVaultName'))}`, retain: t.retained(id) };
  });

  names = new StoreNames(t, r, new Map(), { bucket: '/replica', logBucket: '/dr' });
  const replicaNames = new Map<string, string>();
  const replicaIds = new Map<string, string>();
  for (const id of t.ofType(T.bucket)) {
    if (names.logBuckets.has(id)) continue;
    const p = t.props(id);
    if (p.ReplicationConfiguration !== undefined) fail(where(id, 'ReplicationConfiguration'), 'a replica replicates nothing in the inventory');
    // The primary template can name a bucket of another region only by an ARN built from its name.
    if (p.BucketName === undefined) fail(where(id), 'has no BucketName: the primary template could not name it');
    const name = names.of(id);
    replicaNames.set(r.str(p.BucketName, where(id, 'BucketName')), name);
    replicaIds.set(name, id);
  }
  const arns = new ArnResolver(t, names, () => dr.region);
  // Replicas have no replication (checked above): nothing of a further region to name.
  const replicas = readBuckets(t, r, names, arns, { region: () => dr.region, secondary: nothing() });
  return { region: dr.region, recoveryVaults, replicas, replicaNames, replicaIds };
}

/** Every replica must be where a bucket of the primary template replicates to: one that nothing fills is a mistake. */
export function checkReplicasUsed(secondary: SecondaryRegion, buckets: BucketInventory[]): void {
  for (const replica of secondary.replicas) {
    if (!replica.name.endsWith('/replica')) continue;
    if (!buckets.some((b) => b.replication?.destination === `${secondary.region}:${replica.name}`)) {
      fail(`disaster-recovery template: ${secondary.replicaIds.get(replica.name)} (${T.bucket})`, `${replica.name}: no bucket of the primary template replicates into it`);
    }
  }
}
