import type { Blueprint } from '../schema';
import { recorder, type DecisionLog } from './decisions';
import type { AcknowledgedFinding, AcknowledgedResource, ComplianceProfile, KeyDesign, RulePack, SecurityDesign } from './types';
import { byText } from '../text';

/**
 * What each compliance profile asks for beyond the defaults, and the cdk-nag 3 pack that checks it. Every
 * profile asks for the same stricter decisions (customer-managed keys, every audit service, HTTPS, database
 * log exports and enhanced monitoring, ...); they differ in how long logs are kept.
 */
export const PROFILES: Record<ComplianceProfile, { title: string; pack: Exclude<RulePack, 'AwsSolutions'>; logRetentionDays: number; retentionWhy: string; securityHubStandard?: string }> = {
  hipaa: {
    title: 'HIPAA',
    pack: 'HIPAA.Security',
    // Security Hub has no HIPAA standard: FSBP (always on) is the check.
    logRetentionDays: 2192,
    retentionWhy: 'HIPAA keeps security documentation and records for six years (45 CFR 164.316(b)(2))',
  },
  'pci-dss': {
    title: 'PCI DSS',
    pack: 'PCI.DSS.321',
    securityHubStandard: 'standards/pci-dss/v/3.2.1',
    logRetentionDays: 365,
    retentionWhy: 'PCI DSS keeps audit logs for at least a year, three months of it at hand (requirement 10.7)',
  },
  'nist-800-53': {
    title: 'NIST 800-53',
    pack: 'NIST.800.53.R5',
    securityHubStandard: 'standards/nist-800-53/v/5.0.0',
    logRetentionDays: 365,
    retentionWhy: 'NIST 800-53 AU-11 leaves retention to the organization; a year is the common baseline (FedRAMP moderate)',
  },
};

/**
 * The packs that carry each rule the design acknowledges under a profile's pack (cdk-nag 3.0's pack
 * contents), so that an acknowledgement is made only where its finding can occur.
 */
const PACKS_WITH_RULE: Record<string, Exclude<RulePack, 'AwsSolutions'>[]> = {
  VPCNoUnrestrictedRouteToIGW: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  ELBv2ACMCertificateRequired: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  ALBWAFEnabled: ['PCI.DSS.321', 'NIST.800.53.R5'],
  IAMNoInlinePolicy: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  RDSInBackupPlan: ['HIPAA.Security', 'NIST.800.53.R5'],
  S3BucketReplicationEnabled: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  S3BucketLoggingEnabled: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  S3DefaultEncryptionKMS: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  SecretsManagerRotationEnabled: ['HIPAA.Security', 'NIST.800.53.R5'],
  RDSMultiAZSupport: ['HIPAA.Security', 'NIST.800.53.R5'],
  APIGWCacheEnabledAndEncrypted: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  APIGWSSLEnabled: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  CloudWatchLogGroupEncrypted: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
  LambdaConcurrency: ['HIPAA.Security', 'NIST.800.53.R5'],
  LambdaDLQ: ['HIPAA.Security', 'NIST.800.53.R5'],
  LambdaInsideVPC: ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'],
};

/**
 * Step 5, decided before anything else: the compliance profiles and their rule packs, and how data is
 * encrypted at rest. A profile implies customer-managed keys; so does security.encryption: kms.
 */
export function designSecurity(bp: Blueprint, log: DecisionLog): SecurityDesign {
  const record = recorder(log, 'security', 'security');
  const profiles = [...new Set(bp.requirements.compliance ?? [])].filter((p): p is ComplianceProfile => p in PROFILES).sort(byText);
  const rulePacks: RulePack[] = ['AwsSolutions', ...profiles.map((p) => PROFILES[p].pack)];
  record(
    'rule_packs',
    rulePacks.join(', '),
    profiles.length ? 'derived' : 'default',
    `cdk-nag checks every synth (blueprint synth, cdk synth, the tests): AwsSolutions always${profiles.length ? `, and ${profiles.map((p) => `${PROFILES[p].pack} for ${PROFILES[p].title}`).join(', ')}` : ''}; a finding the design does not acknowledge, with a reason, fails the synth`,
  );
  const written = bp.security.encryption;
  const customer = written === 'kms' || profiles.length > 0;
  record(
    'encryption',
    customer ? 'customer-managed KMS key, rotated yearly' : 'AWS-managed keys',
    written ? 'written' : profiles.length ? 'derived' : 'default',
    customer
      ? `${written === 'kms' ? 'encryption: kms' : `${profiles.map((p) => PROFILES[p].title).join(', ')} ask${profiles.length > 1 ? '' : 's'} for keys the account controls`}: one customer-managed key (${`alias/${bp.name}`}) encrypts every store, log group, topic, queue, secret and the audit trail; its use is granted per role, it rotates every year and is kept when the stack is deleted. Not the access-log bucket: load balancer and S3 server access logs accept SSE-S3 only. Cost: $1 a month per key plus $0.03 per 10,000 requests`
      : 'every store, queue, topic, bucket and log group is encrypted at rest with its service\'s AWS-managed key (or SSE-S3, SSE-SQS): no key to manage or pay for. encryption: kms (or a compliance profile) switches to a customer-managed key',
  );
  const key: KeyDesign | undefined = customer
    ? { alias: `alias/${bp.name}`, description: `Blueprint ${bp.name}: data, logs, secrets and audit trail`, rotationPeriodDays: 365, pendingWindowDays: 30, retain: true, services: ['cloudtrail', 'cloudwatch', 'logs'] }
    : undefined;
  return { profiles, rulePacks, encryption: customer ? 'customer-managed' : 'aws-managed', ...(key ? { key } : {}), hardened: profiles.length > 0 };
}

/** The profiles' names for a rationale: "HIPAA, PCI DSS". */
export function profileNames(security: SecurityDesign): string {
  return security.profiles.map((p) => PROFILES[p].title).join(', ');
}

/** The profile that keeps logs longest (the first of them, in the order given), or undefined without one. */
export function strictestProfile(profiles: readonly ComplianceProfile[]): (typeof PROFILES)[ComplianceProfile] | undefined {
  let best: ComplianceProfile | undefined;
  for (const p of profiles) if (best === undefined || PROFILES[p].logRetentionDays > PROFILES[best].logRetentionDays) best = p;
  return best && PROFILES[best];
}

/**
 * Acknowledges a finding of a profile's pack (rule without prefix, e.g. IAMNoInlinePolicy) in each selected
 * pack that has the rule: one acknowledgement per pack, on one resource, with the reason given.
 */
export function acknowledgeInPacks(log: DecisionLog, security: SecurityDesign, rule: keyof typeof PACKS_WITH_RULE, on: AcknowledgedResource, reason: string, finding?: AcknowledgedFinding): void {
  for (const pack of security.rulePacks) {
    if (pack === 'AwsSolutions' || !PACKS_WITH_RULE[rule].includes(pack)) continue;
    log.acknowledge({ rule: `${pack}-${rule}`, on, ...(finding ? { finding } : {}), reason });
  }
}
