import type { Blueprint } from '../schema';
import { recorder, type DecisionLog } from './decisions';
import { PROFILES, acknowledgeInPacks, profileNames } from './compliance';
import type { AuditBucketDesign, AuditDesign, SecurityDesign } from './types';

/** The tag value of the audit-log bucket (blueprint:logs, as the access-log bucket's): "bucket:audit-logs" in the inventory. */
export const AUDIT_BUCKET_KEY = 'audit-logs';
/** Days the trail's and the recorder's objects (and their noncurrent versions) are kept. */
export const AUDIT_RETENTION_DAYS = 365;
/** Where AWS Config delivers in the audit-log bucket (it appends /AWSLogs/<account>/Config/). */
export const CONFIG_PREFIX = 'config';
/** AWS's documented policy for the role of a configuration recorder. */
export const CONFIG_ROLE_POLICY = 'service-role/AWS_ConfigRole';
/** The AWS Foundational Security Best Practices standard, under arn:<partition>:securityhub:<region>::. */
export const FSBP_STANDARD = 'standards/aws-foundational-security-best-practices/v/1.0.0';

/**
 * The part of a Security Hub standard's construct ID and resource name that tells it apart, from the
 * standard, never from its position: "0" for FSBP (its ID before profiles added standards, kept so that a
 * deployed subscription is not replaced), the standard's name otherwise ("pci-dss", "nist-800-53").
 */
export function standardId(standard: string): string {
  return standard === FSBP_STANDARD ? '0' : standard.split('/')[1];
}

const LATER = 'off unless written true; compliance profiles (requirements.compliance) switch it on';

/**
 * Step 5, security.audit: the account's audit trail and detectors, each off unless the blueprint writes it
 * true. A multi-region CloudTrail trail into an audit-log bucket and a log group; a GuardDuty detector;
 * Security Hub with the AWS Foundational Security Best Practices standard; an AWS Config recorder delivering
 * into the same bucket. Undefined when all four are off. The primary design only (standby.ts strips it).
 */
export function designAudit(bp: Blueprint, region: string, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): AuditDesign | undefined {
  const a = bp.security.audit ?? {};
  const record = recorder(log, 'security', 'security.audit');
  // A compliance profile switches every service on (checks refuse a written false).
  const on = (k: keyof typeof a, what: string, cost: string): boolean => {
    const v = a[k] === true || security.hardened;
    const source = a[k] !== undefined ? 'written' : security.hardened ? 'derived' : 'default';
    record(k, v, source, v ? `${a[k] === undefined && security.hardened ? `${profileNames(security)}: ` : ''}${what}. Cost: ${cost}` : `${what}: ${LATER}`);
    return v;
  };
  const cloudtrail = on(
    'cloudtrail',
    'a CloudTrail trail recording every API call of the account (management events, read and write) in every region, with log file validation (a signed digest proves no log was altered or deleted), into the audit-log bucket and a CloudWatch log group',
    'the first copy of management events is free; about $0.50 per GB ingested into CloudWatch Logs plus S3 storage',
  );
  const guardduty = on(
    'guardduty',
    'a GuardDuty detector watching CloudTrail management events, VPC flow logs and DNS queries for threats (compromised credentials, crypto-mining, reconnaissance)',
    'per million events and GB analysed, typically a few dollars a month for a small account; 30 days free',
  );
  const securityHub = on(
    'security_hub',
    'Security Hub with the AWS Foundational Security Best Practices standard: its controls check the account continuously and collect GuardDuty\'s and Config\'s findings in one place',
    'per control check (about $0.001 each) and finding ingested beyond 10,000 a month; 30 days free',
  );
  const config = on(
    'config',
    'an AWS Config recorder keeping the configuration history of every supported resource, delivered to the audit-log bucket (Security Hub\'s controls need it)',
    'about $0.003 per configuration item recorded, plus S3 storage',
  );
  if (!cloudtrail && !guardduty && !securityHub && !config) return undefined;
  const retentionDays = Math.max(AUDIT_RETENTION_DAYS, security.hardened ? logRetentionDays : 0);

  const out: AuditDesign = {};
  if (cloudtrail || config) {
    out.bucket = auditBucket(security, retentionDays);
    acknowledgeInPacks(log, security, 'S3BucketReplicationEnabled', { kind: 'audit-bucket' }, 'the audit-log bucket is not replicated: CloudTrail already records every region into it, it is versioned and kept when the stack is deleted, and its log files are signed (digest files), so a lost or altered record shows');
    record(
      'bucket',
      `one audit-log bucket (${AUDIT_BUCKET_KEY}) for ${[cloudtrail && 'the trail', config && `AWS Config (under ${CONFIG_PREFIX}/)`].filter(Boolean).join(' and ')}`,
      'derived',
      'the trail and the recorder share one bucket (AWS Config under its own prefix): one place to keep, protect and expire audit records. SSE-S3, all public access blocked, TLS-only, versioned (an overwritten or deleted record can be recovered), ACLs disabled (BucketOwnerEnforced), kept when the stack is deleted; its own server access logs go to the stack\'s access-log bucket',
    );
    record(
      'retention_days',
      retentionDays,
      retentionDays > AUDIT_RETENTION_DAYS ? 'derived' : 'default',
      retentionDays > AUDIT_RETENTION_DAYS
        ? `audit records (and their noncurrent versions) are kept as long as the logs (${retentionDays} days), as ${profileNames(security)} ask${security.profiles.length > 1 ? '' : 's'}`
        : `audit records (and their noncurrent versions) expire after ${AUDIT_RETENTION_DAYS} days: a year of history, what most audits ask for`,
    );
  }
  if (cloudtrail) {
    out.trail = { name: `${bp.name}-audit`, multiRegion: true, includeGlobalServiceEvents: true, logFileValidation: true, readWriteType: 'All', logGroup: { retentionDays: logRetentionDays } };
    record(
      'trail',
      `${out.trail.name}: multi-region, global service events, log file validation, management events (read and write)`,
      'default',
      `one trail for every region (an attacker's calls in an unused region are recorded too), into the audit-log bucket (CloudTrail may write only for this trail: aws:SourceArn, with bucket-owner-full-control) and a log group kept ${logRetentionDays} days (observability.log_retention_days) so the events can be searched and alarmed on; the role CloudTrail assumes may write only to that log group.${security.key ? " Log files are encrypted with the stack's key (SSE-KMS)." : ''} No data events (per-object and per-item calls cost per event)`,
    );
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'trail-role' }, "the role CloudTrail assumes has its own policy: writing the trail's log group only; a managed policy would be a second resource with the same single use");
  }
  if (guardduty) {
    out.guardDuty = { enabled: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' };
    record(
      'guardduty_detector',
      'enabled, findings published every 15 minutes, no protection plans',
      'default',
      `updated findings reach Security Hub and EventBridge within 15 minutes (the default is 6 hours). Only the foundational data sources: protection plans (S3, EKS, RDS, Lambda, malware, runtime monitoring) are billed on their own and watch resources this blueprint does not have or does not need them for yet`,
    );
  }
  if (securityHub) {
    // The profiles' own standards (PCI DSS, NIST 800-53) beside FSBP; HIPAA has none in Security Hub.
    const profiles = security.profiles.filter((p) => PROFILES[p].securityHubStandard);
    const standards = [FSBP_STANDARD, ...profiles.map((p) => PROFILES[p].securityHubStandard!)];
    out.securityHub = { standards, autoEnableControls: true };
    record(
      'security_hub_standards',
      `${standards.map((s) => s.replace(/^standards\//, '').replace('/v/', ' v')).join(', ')}, controls enabled automatically`,
      profiles.length ? 'derived' : 'default',
      `AWS's own best-practice standard, the one cdk-nag's AwsSolutions pack mirrors${profiles.length ? `, and ${profiles.map((p) => `${PROFILES[p].title}'s`).join(' and ')}` : ''}; the hub's default standards (which add CIS) are off. New controls of each standard are enabled as AWS adds them. Cost: per control check, so each standard adds to it`,
    );
  }
  if (config) {
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'config-role' }, "the recorder's role has its own policy: writing under the config prefix of the audit-log bucket only, beside AWS's managed AWS_ConfigRole; a managed policy would be a second resource with the same single use");
    out.config = { name: `${bp.name}-config`, allSupported: true, includeGlobalResourceTypes: true, prefix: CONFIG_PREFIX, roleManagedPolicies: [CONFIG_ROLE_POLICY] };
    record(
      'config_recorder',
      `all supported resource types, global resources (IAM) in ${region}; delivered under ${CONFIG_PREFIX}/`,
      'default',
      `every resource type AWS Config supports, new ones as they come. Global resources (IAM users, roles, policies) are recorded in ${region} only: the blueprint has one recorder, in its primary region (a standby records nothing), and recording them in several regions would bill each change once per region`,
    );
    record(
      'config_role',
      `${CONFIG_ROLE_POLICY}, and writes under ${CONFIG_PREFIX}/AWSLogs/<account>/ of the audit-log bucket`,
      'default',
      `AWS's documented policy for a recorder's role: it reads the configuration of every supported resource type and AWS extends it as Config supports more, which no scoped policy could follow; the role may write only under ${CONFIG_PREFIX}/AWSLogs/<account>/ of the audit-log bucket`,
    );
    log.acknowledge({
      rule: 'AwsSolutions-IAM4',
      on: { kind: 'config-role' },
      finding: { kind: 'managed-policy', name: CONFIG_ROLE_POLICY },
      reason: `the role AWS Config's recorder assumes: ${CONFIG_ROLE_POLICY} is AWS's documented policy for it, granting read access to the configuration of every resource type Config records, kept current by AWS as Config supports more; a scoped copy would silently stop recording new types`,
    });
    log.acknowledge({
      rule: 'AwsSolutions-IAM5',
      on: { kind: 'config-role' },
      finding: { kind: 'audit-bucket-objects', prefix: CONFIG_PREFIX },
      reason: `the role AWS Config's recorder assumes writes configuration snapshots and history under ${CONFIG_PREFIX}/AWSLogs/<account>/ of the audit-log bucket, in keys Config chooses (Config/<region>/<date>/...): the objects under that prefix only, with bucket-owner-full-control`,
    });
  }
  return out;
}

function auditBucket(security: SecurityDesign, expireAfterDays: number): AuditBucketDesign {
  return { key: AUDIT_BUCKET_KEY, tags: { 'blueprint:logs': AUDIT_BUCKET_KEY }, encryption: security.key ? 'customer-managed' : 'sse-s3', versioned: true, objectOwnership: 'BucketOwnerEnforced', expireAfterDays, retain: true };
}
