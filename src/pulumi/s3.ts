import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketDesign } from '../design';
import { keyArnFor } from './key';

/** Denies every request not made over TLS, as CDK's enforceSSL does. */
export function tlsOnly(action: string, resources: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi.all(resources).apply((arns) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: action, Resource: arns.length === 1 ? arns[0] : arns, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    }),
  );
}

/**
 * A bucket's default encryption: SSE-S3, or SSE-KMS with the stack's key and an S3 bucket key (fewer KMS
 * requests, and their cost); `what` names the bucket in the error when the stack has no key.
 */
export function bucketEncryption(
  prefix: string,
  bucket: aws.s3.Bucket,
  encryption: 'sse-s3' | 'customer-managed',
  key: pulumi.Output<string> | undefined,
  what: string,
  opts: pulumi.CustomResourceOptions,
): aws.s3.BucketServerSideEncryptionConfiguration {
  const rule =
    encryption === 'customer-managed'
      ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArnFor(key, what) }, bucketKeyEnabled: true }
      : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } };
  return new aws.s3.BucketServerSideEncryptionConfiguration(`${prefix}-encryption`, { bucket: bucket.id, rules: [rule] }, opts);
}

/**
 * What every bucket gets, a replica included: encryption at rest, all four public-access blocks, a TLS-only
 * policy. key: the stack's, for a bucket encrypted with it (a replica never is: checks refuse it).
 */
export function secureBucket(prefix: string, d: BucketDesign, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions, key?: pulumi.Output<string>): void {
  bucketEncryption(prefix, bucket, d.encryption, key, `bucket ${d.key}`, opts);
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
    {
      bucket: bucket.id,
      rules: [
        {
          id: 'tiers',
          status: 'Enabled',
          filter: {},
          transitions,
          ...(l.expireAfterDays ? { expiration: { days: l.expireAfterDays } } : {}),
          ...(l.noncurrentExpireAfterDays ? { noncurrentVersionExpiration: { noncurrentDays: l.noncurrentExpireAfterDays } } : {}),
        },
      ],
    },
    opts,
  );
}
