import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AuditDesign } from '../design';
import { standardId } from '../design/audit';
import type { AccessLogBucket } from './access-logs';
import { assumeRolePolicy } from './iam';
import { keyArnFor } from './key';
import { logGroup } from './retention';
import { bucketEncryption } from './s3';

/**
 * security.audit (mirrors src/cdk/audit.ts): the audit-log bucket, its policy (TLS-only; CloudTrail for this
 * trail only, by the ARN built from its name) and its server access logs into the stack's access-log bucket;
 * the trail, its log group and the role it assumes to write there; the GuardDuty detector; Security Hub and
 * its standards; the AWS Config recorder (started: RecorderStatus, which CloudFormation does by itself), its
 * role and delivery channel. With the stack's key (key), the trail's log files and log group are encrypted
 * with it, and so is the audit-log bucket when its design says customer-managed (Config's role may then use it).
 */
export class Audit extends pulumi.ComponentResource {
  readonly bucket?: aws.s3.Bucket;

  constructor(name: string, args: { region: string; design: AuditDesign; accessLogs?: AccessLogBucket; key?: pulumi.Output<string> }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Audit', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = aws.getPartitionOutput({}, parent).partition;
    const region = args.region;
    const b = d.bucket;
    let bucketPolicy: aws.s3.BucketPolicy | undefined;
    if (b) {
      const prefix = `${name}-${b.key}`;
      const bucket = (this.bucket = new aws.s3.Bucket(prefix, { tags: b.tags }, { ...parent, retainOnDelete: b.retain }));
      bucketEncryption(prefix, bucket, b.encryption, args.key, 'the audit-log bucket', parent);
      new aws.s3.BucketPublicAccessBlock(`${prefix}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
      new aws.s3.BucketOwnershipControls(`${prefix}-ownership`, { bucket: bucket.id, rule: { objectOwnership: b.objectOwnership } }, parent);
      new aws.s3.BucketVersioning(`${prefix}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, parent);
      new aws.s3.BucketLifecycleConfiguration(
        `${prefix}-lifecycle`,
        { bucket: bucket.id, rules: [{ id: 'expire', status: 'Enabled', filter: {}, expiration: { days: b.expireAfterDays }, noncurrentVersionExpiration: { noncurrentDays: b.expireAfterDays } }] },
        parent,
      );
      if (b.accessLogs) {
        if (!args.accessLogs) throw new Error('audit: the audit-log bucket logs into an access-log bucket the stack does not have');
        args.accessLogs.logs(prefix, b.key, bucket, parent);
      }
      const trail = d.trail;
      const policy = pulumi.all([bucket.arn, account, partition]).apply(([arn, accountId, part]) => {
        // TLS-only, as every bucket's policy (s3.ts tlsOnly); then CloudTrail's grants.
        const statements: unknown[] = [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }];
        if (trail) {
          const sourceArn = `arn:${part}:cloudtrail:${region}:${accountId}:trail/${trail.name}`;
          statements.push(
            { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: { 'aws:SourceArn': sourceArn } } },
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `${arn}/AWSLogs/${accountId}/*`,
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn } },
            },
          );
        }
        return JSON.stringify({ Version: '2012-10-17', Statement: statements });
      });
      bucketPolicy = new aws.s3.BucketPolicy(`${prefix}-policy`, { bucket: bucket.id, policy }, parent);
    }

    if (d.trail) {
      const bucket = this.bucket ?? fail('a trail without the audit-log bucket');
      const trailLogs = logGroup(`${name}-trail-logs`, { days: d.trail.logGroup.retentionDays, key: args.key }, parent);
      const role = new aws.iam.Role(`${name}-trail-logs-role`, { assumeRolePolicy: assumeRolePolicy('cloudtrail.amazonaws.com') }, parent);
      // The streams of that log group only (CloudFormation's log group Arn attribute, which CDK uses, ends in :* the same way).
      const streams = pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:${trailLogs.name}:log-stream:*`;
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-trail-logs-policy`,
        { role: role.id, policy: streams.apply((arn) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn }] })) },
        parent,
      );
      new aws.cloudtrail.Trail(
        `${name}-trail`,
        {
          name: d.trail.name,
          enableLogging: true,
          s3BucketName: bucket.bucket,
          isMultiRegionTrail: d.trail.multiRegion,
          includeGlobalServiceEvents: d.trail.includeGlobalServiceEvents,
          enableLogFileValidation: d.trail.logFileValidation,
          eventSelectors: [{ readWriteType: d.trail.readWriteType, includeManagementEvents: true }],
          cloudWatchLogsGroupArn: pulumi.interpolate`${trailLogs.arn}:*`,
          cloudWatchLogsRoleArn: role.arn,
          // Log files encrypted with the stack's key (SSE-KMS), when it has one.
          ...(args.key ? { kmsKeyId: args.key } : {}),
        },
        // CloudTrail checks it may write before it creates the trail.
        { ...parent, dependsOn: [...(bucketPolicy ? [bucketPolicy] : []), rolePolicy] },
      );
    }

    if (d.guardDuty) {
      new aws.guardduty.Detector(`${name}-detector`, { enable: d.guardDuty.enabled, findingPublishingFrequency: d.guardDuty.findingPublishingFrequency }, parent);
    }

    if (d.securityHub) {
      const hub = new aws.securityhub.Account(`${name}-security-hub`, { enableDefaultStandards: false, autoEnableControls: d.securityHub.autoEnableControls }, parent);
      d.securityHub.standards.forEach((s) => {
        new aws.securityhub.StandardsSubscription(`${name}-standard-${standardId(s)}`, { standardsArn: pulumi.interpolate`arn:${partition}:securityhub:${region}::${s}` }, { ...parent, dependsOn: [hub] });
      });
    }

    if (d.config) {
      const bucket = this.bucket ?? fail('a configuration recorder without the audit-log bucket');
      const role = new aws.iam.Role(`${name}-config-role`, { assumeRolePolicy: assumeRolePolicy('config.amazonaws.com') }, parent);
      const attachments = d.config.roleManagedPolicies.map(
        (p) => new aws.iam.RolePolicyAttachment(`${name}-config-role-${p.split('/').pop()}`, { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${p}` }, parent),
      );
      const cfgPrefix = d.config.prefix;
      // Writing into an SSE-KMS audit-log bucket: data keys of the stack's key, on that key only.
      const bucketKey = d.bucket?.encryption === 'customer-managed' ? [keyArnFor(args.key, 'the audit-log bucket')] : [];
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-config-policy`,
        {
          role: role.id,
          policy: pulumi.all([bucket.arn, account, pulumi.all(bucketKey)]).apply(([arn, accountId, keys]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: arn },
                { Effect: 'Allow', Action: 's3:PutObject', Resource: `${arn}/${cfgPrefix}/AWSLogs/${accountId}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
                ...keys.map((keyArn) => ({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn })),
              ],
            }),
          ),
        },
        parent,
      );
      const recorder = new aws.cfg.Recorder(
        `${name}-config-recorder`,
        { name: d.config.name, roleArn: role.arn, recordingGroup: { allSupported: d.config.allSupported, includeGlobalResourceTypes: d.config.includeGlobalResourceTypes } },
        { ...parent, dependsOn: [...attachments, rolePolicy] },
      );
      const channel = new aws.cfg.DeliveryChannel(`${name}-config-delivery`, { name: d.config.name, s3BucketName: bucket.bucket, s3KeyPrefix: d.config.prefix }, { ...parent, dependsOn: [recorder] });
      new aws.cfg.RecorderStatus(`${name}-config-recorder-status`, { name: recorder.name, isEnabled: true }, { ...parent, dependsOn: [channel] });
    }
    this.registerOutputs({});
  }
}

function fail(what: string): never {
  throw new Error(`audit: ${what}`);
}
