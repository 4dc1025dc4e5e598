import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketDesign } from '../design';
import type { AccessLogBucket } from './access-logs';
import { assumeRolePolicy } from './iam';
import { bucketLifecycle, secureBucket } from './s3';

/**
 * Replication of a bucket into its replica in the secondary region (mirrors src/cdk/replication.ts):
 * the replica (`<prefix>-replica`, named `<design prefix>-<account id>`, with the secondary region's
 * provider: versioned, encrypted, private, TLS-only, retained, tagged like its source), the role S3
 * assumes with exactly the design's statements, and the one rule. The rule waits for versioning on
 * both buckets: S3 refuses it otherwise. Returns the replica (a standby uses it in place).
 */
export function replicate(
  parent: pulumi.ComponentResource,
  prefix: string,
  d: BucketDesign,
  source: { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning },
  args: { recoveryProvider?: aws.Provider; accountId: pulumi.Output<string>; accessLogs?: AccessLogBucket },
): aws.s3.Bucket {
  const r = d.replication;
  if (!r) throw new Error(`bucket ${d.key} has no replication`);
  if (!args.recoveryProvider) throw new Error(`bucket ${d.key}: a replica needs the secondary region's provider`);
  if (d.encryption !== 'sse-s3') throw new Error(`replica of ${d.key}: customer-managed keys do not reach the secondary region (checks refuse it)`);
  const inSecondary = { parent, provider: args.recoveryProvider };
  const name = `${prefix}-replica`;
  const replica = new aws.s3.Bucket(name, { bucket: pulumi.interpolate`${r.replicaBucketPrefix}-${args.accountId}`, tags: d.tags }, { ...inSecondary, retainOnDelete: d.retain });
  secureBucket(name, d, replica, inSecondary);
  // S3 does not replicate lifecycle actions: the replica expires and tiers what its source does.
  bucketLifecycle(name, r.lifecycle, replica, inSecondary);
  const replicaVersioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: replica.id, versioningConfiguration: { status: 'Enabled' } }, inSecondary);
  if (r.accessLogs) {
    if (!args.accessLogs) throw new Error(`bucket ${d.key}: its replica logs access, but the secondary region has no access-log bucket`);
    args.accessLogs.logs(name, d.key, replica, inSecondary);
  }

  const role = new aws.iam.Role(`${prefix}-replication-role`, { assumeRolePolicy: assumeRolePolicy('s3.amazonaws.com'), tags: d.tags }, { parent });
  const policy = pulumi.all([source.bucket.arn, replica.arn]).apply(([sourceArn, replicaArn]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: r.role.map((s) => ({
        Effect: 'Allow',
        Action: s.actions,
        Resource: s.resource === 'source' ? sourceArn : s.resource === 'source-objects' ? `${sourceArn}/*` : `${replicaArn}/*`,
      })),
    }),
  );
  new aws.iam.RolePolicy(`${prefix}-replication-role-policy`, { role: role.id, policy }, { parent });
  new aws.s3.BucketReplicationConfig(
    `${prefix}-replication`,
    {
      bucket: source.bucket.id,
      role: role.arn,
      rules: [
        {
          id: r.ruleId,
          status: 'Enabled',
          priority: 1,
          // Every object: an empty prefix (a filter also makes this a V2 rule, which delete-marker replication needs).
          filter: { prefix: '' },
          deleteMarkerReplication: { status: r.deleteMarkers ? 'Enabled' : 'Disabled' },
          destination: { bucket: replica.arn, storageClass: r.storageClass },
        },
      ],
    },
    { parent, dependsOn: [source.versioning, replicaVersioning] },
  );
  return replica;
}
