import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AccessLogsDesign } from '../design';

const BUCKET_ALGORITHM = { 'sse-s3': 'AES256' } as const;

/**
 * A stack's access-log bucket (mirrors src/cdk/access-logs.ts): `<name>-access-logs`, SSE-S3, private,
 * versioned as designed (compliance profiles: noncurrent versions expire as current objects do),
 * BucketOwnerEnforced, expiring, retained, tagged blueprint:logs. Its one bucket policy
 * (created by `finish`, once every source bucket is known) is exactly what aws-cdk-lib writes: TLS-only;
 * the load balancer's log delivery (`alb.logAccessLogs`: the region's ELB account, or the log delivery
 * service principal, and delivery.logs.amazonaws.com) under its prefix's AWSLogs/<account>/; and
 * logging.s3.amazonaws.com under each source bucket's prefix, for that bucket (aws:SourceArn) of this
 * account (aws:SourceAccount), as `serverAccessLogsBucket` grants it.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  /** The bucket policy, once `finish` created it: the load balancer waits for it (ELB checks it may write). */
  readonly policy: Promise<aws.s3.BucketPolicy>;
  private resolvePolicy!: (p: aws.s3.BucketPolicy) => void;
  private readonly sources: { key: string; arn: pulumi.Output<string> }[] = [];
  private readonly name: string;
  private readonly opts: pulumi.CustomResourceOptions;

  /** stack: the stack's name (the disaster-recovery one's: `<name>-dr`); provider: the secondary region's, for that one. */
  constructor(
    stack: string,
    private readonly d: AccessLogsDesign,
    opts: { parent: pulumi.Resource; provider?: pulumi.ProviderResource },
  ) {
    super('blueprint:index:AccessLogs', stack, {}, { parent: opts.parent });
    const name = (this.name = `${stack}-${d.key}`);
    this.opts = { parent: this, ...(opts.provider ? { provider: opts.provider } : {}) };
    this.policy = new Promise((resolve) => (this.resolvePolicy = resolve));
    const child = this.opts;
    this.bucket = new aws.s3.Bucket(name, { tags: d.tags }, { ...child, retainOnDelete: d.retain });
    const bucket = this.bucket.id;
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: BUCKET_ALGORITHM[d.encryption] } }] }, child);
    new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, child);
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: d.objectOwnership } }, child);
    if (d.versioned) new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: 'Enabled' } }, child);
    const noncurrent = d.versioned ? { noncurrentVersionExpiration: { noncurrentDays: d.expireAfterDays } } : {};
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, rules: [{ id: 'expire', status: 'Enabled', filter: {}, expiration: { days: d.expireAfterDays }, ...noncurrent }] }, child);
  }

  /** A bucket's server access logs into this one, under the prefix the design gives its key. */
  logs(prefix: string, key: string, source: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): void {
    const entry = this.d.serverAccessLogs.find((s) => s.source === key);
    if (!entry) throw new Error(`access logs: bucket ${key} is not a source of ${this.name}`);
    this.sources.push({ key, arn: source.arn });
    new aws.s3.BucketLogging(`${prefix}-logging`, { bucket: source.id, targetBucket: this.bucket.id, targetPrefix: entry.prefix }, opts);
  }

  /** The bucket policy, once every source bucket logs here. */
  finish(): aws.s3.BucketPolicy {
    const missing = this.d.serverAccessLogs.filter((s) => !this.sources.some((x) => x.key === s.source));
    if (missing.length) throw new Error(`access logs: ${missing.map((s) => s.source).join(', ')} never logged into ${this.name}`);
    const account = aws.getCallerIdentityOutput({}, this.opts).accountId;
    const partition = aws.getPartitionOutput({}, this.opts).partition;
    const sources = [...this.sources].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const lb = this.d.loadBalancer;
    const policy = pulumi.all([this.bucket.arn, account, partition, pulumi.all(sources.map((s) => s.arn))]).apply(([arn, accountId, part, sourceArns]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ...(lb
            ? [
                {
                  Effect: 'Allow',
                  Principal: lb.delivery.principal === 'account' ? { AWS: `arn:${part}:iam::${lb.delivery.accountId}:root` } : { Service: lb.delivery.service },
                  Action: 's3:PutObject',
                  Resource: `${arn}/${lb.prefix}/AWSLogs/${accountId}/*`,
                },
                {
                  Effect: 'Allow',
                  Principal: { Service: lb.delivery.deliveryLogsService },
                  Action: 's3:PutObject',
                  Resource: `${arn}/${lb.prefix}/AWSLogs/${accountId}/*`,
                  Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
                },
                { Effect: 'Allow', Principal: { Service: lb.delivery.deliveryLogsService }, Action: 's3:GetBucketAcl', Resource: arn },
              ]
            : []),
          ...sources.map((s, i) => ({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${arn}/${this.d.serverAccessLogs.find((x) => x.source === s.key)!.prefix}*`,
            Condition: { ArnLike: { 'aws:SourceArn': sourceArns[i] }, StringEquals: { 'aws:SourceAccount': accountId } },
          })),
        ],
      }),
    );
    const p = new aws.s3.BucketPolicy(`${this.name}-policy`, { bucket: this.bucket.id, policy }, this.opts);
    this.resolvePolicy(p);
    this.registerOutputs({});
    return p;
  }
}
