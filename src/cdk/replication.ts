import { Aws, RemovalPolicy, Tags, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { BucketDesign, BucketReplicationDesign } from '../design';
import type { AccessLogs } from './access-logs';
import { lifecycleRules } from './lifecycle';
import { UNTAGGED_TYPES } from './tags';
import { fail } from '../fail';

/** The replica's name: the design's prefix and the deploying account's ID (see BucketReplicationDesign). */
export function replicaBucketName(r: BucketReplicationDesign): string {
  return accountBucketName(r.replicaBucketPrefix);
}

/** The replica's ARN, built from its name: a reference across regions would need a custom resource. */
export function replicaBucketArn(r: BucketReplicationDesign): string {
  return accountBucketArn(r.replicaBucketPrefix);
}

/** A bucket named `${prefix}-${account id}` (a replica: the design fixes the prefix). */
export function accountBucketName(prefix: string): string {
  return `${prefix}-${Aws.ACCOUNT_ID}`;
}

/** Its ARN, built from its name. */
export function accountBucketArn(prefix: string): string {
  return `arn:${Aws.PARTITION}:s3:::${accountBucketName(prefix)}`;
}

/**
 * A bucket's replica, in the disaster-recovery stack (`Replica-<key>`): named as the design says,
 * versioned (S3 replicates only between versioned buckets), encrypted like its source, private,
 * TLS-only, retained and tagged like its source, with its source's lifecycle.
 */
export class ReplicaBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { source: BucketDesign; accessLogs?: AccessLogs }) {
    super(scope, id);
    const d = props.source;
    const r = d.replication ?? fail(`bucket ${d.key} has no replication`);
    if (r.accessLogs && !props.accessLogs) throw new Error(`replica of ${d.key} logs access, but the disaster-recovery stack has no access-log bucket`);
    for (const [k, v] of Object.entries(d.tags)) Tags.of(this).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: replicaBucketName(r),
      encryption: d.encryption === 'sse-s3' ? s3.BucketEncryption.S3_MANAGED : fail(`replica of ${d.key}: customer-managed keys do not reach the secondary region (checks refuse it)`),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // S3 does not replicate lifecycle actions: the replica expires and tiers what its source does.
      lifecycleRules: lifecycleRules(r.lifecycle),
      removalPolicy: d.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(r.accessLogs && props.accessLogs?.serverAccessLogs(r.accessLogs.prefix)),
    });
  }
}

/**
 * The source side of replication: the role S3 assumes (trusting s3.amazonaws.com only) and the
 * one rule, as s3.Bucket's replicationRules take them. The role's permissions need the source
 * bucket's ARN, so `grant` adds them once the bucket exists.
 */
export function replicationOf(scope: Construct, r: BucketReplicationDesign): {
  props: Pick<s3.BucketProps, 'replicationRole' | 'replicationRules'>;
  grant: (source: s3.IBucket) => void;
} {
  const role = new iam.Role(scope, 'ReplicationRole', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
  const rule: s3.ReplicationRule = {
    id: r.ruleId,
    priority: 1,
    // The replica is imported by name and ARN: it lives in another region's stack.
    destination: s3.Bucket.fromBucketAttributes(scope, 'ReplicaDestination', { bucketName: replicaBucketName(r), bucketArn: replicaBucketArn(r) }),
    storageClass: new s3.StorageClass(r.storageClass),
    deleteMarkerReplication: r.deleteMarkers,
    // Every object: an empty prefix (a filter also makes this a V2 rule, which delete-marker replication needs).
    filter: { prefix: '' },
  };
  return {
    props: { replicationRole: role, replicationRules: [rule] },
    grant: (source) => {
      for (const s of r.role) {
        const resource = s.resource === 'source' ? source.bucketArn : s.resource === 'source-objects' ? source.arnForObjects('*') : `${replicaBucketArn(r)}/*`;
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: s.actions, resources: [resource] }));
      }
    },
  };
}
