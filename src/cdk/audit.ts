import {
  Aws,
  Duration,
  RemovalPolicy,
  Tags,
  aws_cloudtrail as cloudtrail,
  aws_config as config,
  aws_guardduty as guardduty,
  aws_iam as iam,
  aws_logs as logs,
  aws_s3 as s3,
  aws_securityhub as securityhub,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AuditDesign } from '../design';
import { standardId } from '../design/audit';
import type { AccessLogs } from './access-logs';
import { createLogGroup } from './retention';
import { customerKey, stackKey } from './key';
import { bucketEncryption } from './data';
import { UNTAGGED_TYPES } from './tags';

/**
 * security.audit as the design says (L1 resources, so each property is the design's): the audit-log bucket
 * (`Audit/Bucket`) and its bucket policy for CloudTrail (this trail only, by the ARN built from its name:
 * the trail's own ARN would make the policy wait for the trail, which waits for the policy); the trail, its
 * log group and the role it assumes to write there; the GuardDuty detector; Security Hub and its standards;
 * the AWS Config recorder, its role and delivery channel.
 */
export class Audit extends Construct {
  readonly bucket?: s3.Bucket;
  /** The role AWS Config's recorder assumes. */
  readonly configRole?: iam.Role;

  constructor(scope: Construct, id: string, props: { design: AuditDesign; accessLogs?: AccessLogs }) {
    super(scope, id);
    const d = props.design;
    const b = d.bucket;
    let bucketPolicy: s3.CfnBucketPolicy | undefined;
    if (b) {
      if (b.accessLogs && !props.accessLogs) throw new Error('audit: the audit-log bucket logs into an access-log bucket the stack does not have');
      const bucket = (this.bucket = new s3.Bucket(this, 'Bucket', {
        ...bucketEncryption(this, b),
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: b.versioned,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycleRules: [{ id: 'expire', enabled: true, expiration: Duration.days(b.expireAfterDays), noncurrentVersionExpiration: Duration.days(b.expireAfterDays) }],
        removalPolicy: b.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        ...(b.accessLogs && props.accessLogs ? props.accessLogs.serverAccessLogs(b.accessLogs.prefix) : {}),
      }));
      for (const [k, v] of Object.entries(b.tags)) Tags.of(bucket).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
      if (d.trail) {
        const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${d.trail.name}`;
        const service = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
        bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [service], actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn], conditions: { StringEquals: { 'aws:SourceArn': trailArn } } }));
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [service],
            actions: ['s3:PutObject'],
            resources: [bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
            conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
          }),
        );
      }
      bucketPolicy = bucket.policy?.node.defaultChild as s3.CfnBucketPolicy | undefined;
    }

    if (d.trail) {
      const bucket = this.bucket ?? fail('a trail without the audit-log bucket');
      const logGroup = createLogGroup(this, 'TrailLogs', d.trail.logGroup.retentionDays);
      const role = new iam.Role(this, 'TrailLogsRole', { assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com') });
      // The log group's Arn attribute ends in :*, its streams: CloudTrail may create and write streams of that log group only.
      role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
      const trail = new cloudtrail.CfnTrail(this, 'Trail', {
        trailName: d.trail.name,
        isLogging: true,
        s3BucketName: bucket.bucketName,
        isMultiRegionTrail: d.trail.multiRegion,
        includeGlobalServiceEvents: d.trail.includeGlobalServiceEvents,
        enableLogFileValidation: d.trail.logFileValidation,
        eventSelectors: [{ readWriteType: d.trail.readWriteType, includeManagementEvents: true }],
        cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
        cloudWatchLogsRoleArn: role.roleArn,
        kmsKeyId: stackKey(this)?.keyArn,
      });
      // CloudTrail checks it may write before it creates the trail.
      if (bucketPolicy) trail.node.addDependency(bucketPolicy);
      trail.node.addDependency(role);
    }

    if (d.guardDuty) {
      new guardduty.CfnDetector(this, 'Detector', { enable: d.guardDuty.enabled, findingPublishingFrequency: d.guardDuty.findingPublishingFrequency });
    }

    if (d.securityHub) {
      const hub = new securityhub.CfnHub(this, 'SecurityHub', { enableDefaultStandards: false, autoEnableControls: d.securityHub.autoEnableControls });
      d.securityHub.standards.forEach((s) => {
        const standard = new securityhub.CfnStandard(this, `Standard${standardId(s)}`, { standardsArn: `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::${s}` });
        standard.node.addDependency(hub);
      });
    }

    if (d.config) {
      const bucket = this.bucket ?? fail('a configuration recorder without the audit-log bucket');
      const role = (this.configRole = new iam.Role(this, 'ConfigRole', {
        assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
        managedPolicies: d.config.roleManagedPolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      }));
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }));
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`${d.config.prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      );
      // SSE-KMS objects: Config's role writes them with the stack's key.
      if (b?.encryption === 'customer-managed') role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [customerKey(this, 'the audit-log bucket').keyArn] }));
      const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
        name: d.config.name,
        roleArn: role.roleArn,
        recordingGroup: { allSupported: d.config.allSupported, includeGlobalResourceTypes: d.config.includeGlobalResourceTypes },
      });
      // CloudFormation starts the recorder once its delivery channel exists.
      const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', { name: d.config.name, s3BucketName: bucket.bucketName, s3KeyPrefix: d.config.prefix });
      channel.node.addDependency(recorder);
      recorder.node.addDependency(role);
    }
  }
}

function fail(what: string): never {
  throw new Error(`audit: ${what}`);
}
