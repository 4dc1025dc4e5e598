import { Duration, RemovalPolicy, Tags, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AccessLogsDesign } from '../design';
import { UNTAGGED_TYPES } from './tags';

/**
 * A stack's access-log bucket (`AccessLogs/Bucket`: a stable logical ID), as the design says: SSE-S3,
 * private, TLS-only, not versioned, BucketOwnerEnforced, expiring, retained, tagged blueprint:logs. Its
 * bucket policy's grants are aws-cdk-lib's own: `alb.logAccessLogs(bucket, prefix)` adds the load
 * balancer's log delivery, and each bucket's `serverAccessLogsBucket` adds logging.s3.amazonaws.com
 * scoped to that bucket and account (the @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy flag).
 */
export class AccessLogs extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { design: AccessLogsDesign }) {
    super(scope, id);
    const d = props.design;
    for (const [k, v] of Object.entries(d.tags)) Tags.of(this).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: ENCRYPTION[d.encryption],
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: d.versioned,
      objectOwnership: OWNERSHIP[d.objectOwnership],
      lifecycleRules: [{ id: 'expire', enabled: true, expiration: Duration.days(d.expireAfterDays), ...(d.versioned ? { noncurrentVersionExpiration: Duration.days(d.expireAfterDays) } : {}) }],
      removalPolicy: d.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /** What a bucket's props need to send its server access logs here. */
  serverAccessLogs(prefix: string): Pick<s3.BucketProps, 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'> {
    return { serverAccessLogsBucket: this.bucket, serverAccessLogsPrefix: prefix };
  }
}

const ENCRYPTION = { 'sse-s3': s3.BucketEncryption.S3_MANAGED } as const;
const OWNERSHIP = { BucketOwnerEnforced: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, BucketOwnerPreferred: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED } as const;
