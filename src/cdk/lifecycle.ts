import { Duration, aws_s3 as s3 } from 'aws-cdk-lib';
import type { BucketDesign } from '../design';

/** A bucket's lifecycle tiers, expiry and noncurrent-version expiry as one rule (`tiers`), or none; a replica gets its source's. */
export function lifecycleRules(l: BucketDesign['lifecycle']): s3.LifecycleRule[] | undefined {
  const transitions: s3.Transition[] = [];
  if (l?.infrequentAfterDays !== undefined) transitions.push({ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(l.infrequentAfterDays) });
  if (l?.archiveAfterDays !== undefined) transitions.push({ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(l.archiveAfterDays) });
  const expiration = l?.expireAfterDays !== undefined ? Duration.days(l.expireAfterDays) : undefined;
  const noncurrentVersionExpiration = l?.noncurrentExpireAfterDays !== undefined ? Duration.days(l.noncurrentExpireAfterDays) : undefined;
  return transitions.length || expiration || noncurrentVersionExpiration
    ? [{ id: 'tiers', enabled: true, transitions: transitions.length ? transitions : undefined, expiration, noncurrentVersionExpiration }]
    : undefined;
}
