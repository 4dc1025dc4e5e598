import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketDesign } from '../design';

const BUCKET_ALGORITHM = { 'sse-s3': 'AES256' } as const;

/** Denies every request not made over TLS, as CDK's enforceSSL does. */
export function tlsOnly(action: string, resources: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi.all(resources).apply((arns) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: action, Resource: arns.length === 1 ? arns[0] : arns, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    }),
  );
}

/** What every bucket gets, a replica included: encryption at rest, all four public-access blocks, a TLS-only policy. */
export function secureBucket(prefix: string, d: BucketDesign, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): void {
  new aws.s3.BucketServerSideEncryptionConfiguration(`${prefix}-encryption`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: BUCKET_ALGORITHM[d.encryption] } }] }, opts);
  new aws.s3.BucketPublicAccessBlock(`${prefix}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
  new aws.s3.BucketPolicy(`${prefix}-tls-only`, { bucket: bucket.id, policy: tlsOnly('s3:*', [bucket.arn, pulumi.interpolate`${bucket.arn}/*`]) }, opts);
}

/** A bucket's lifecycle tiers and expiry as one rule (`tiers`), or nothing; a replica gets its source's. */
export function bucketLifecycle(prefix: string, l: BucketDesign['lifecycle'], bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): void {
  if (!l) return;
  const transitions = [
    ...(l.infrequentAfterDays ? [{ days: l.infrequentAfterDays, storageClass: 'STANDARD_IA' }] : []),
    ...(l.archiveAfterDays ? [{ days: l.archiveAfterDays, storageClass: 'GLACIER' }] : []),
  ];
  new aws.s3.BucketLifecycleConfiguration(
    `${prefix}-lifecycle`,
    { bucket: bucket.id, rules: [{ id: 'tiers', status: 'Enabled', filter: {}, transitions, ...(l.expireAfterDays ? { expiration: { days: l.expireAfterDays } } : {}) }] },
    opts,
  );
}
