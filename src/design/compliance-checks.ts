import type { Blueprint } from '../schema';
import type { CheckIssue } from './checks';
import { PROFILES, strictestProfile } from './compliance';
import { hasStandby } from './resilience';
import type { ComplianceProfile } from './types';

/**
 * What a compliance profile forbids, and what customer-managed keys cannot do yet. Each issue names the
 * profile (the rule), the key it contradicts, and what to write instead; every one is reported at once.
 */
export function checkCompliance(bp: Blueprint): CheckIssue[] {
  const profiles = (bp.requirements.compliance ?? []).filter((p): p is ComplianceProfile => p in PROFILES);
  const issues: CheckIssue[] = [];
  const involves = [['requirements', 'compliance']];
  const by = (what: string) => `${profiles.map((p) => PROFILES[p].title).join(' and ')} (requirements.compliance) ${profiles.length > 1 ? 'require' : 'requires'} ${what}`;
  const encryption = bp.security.encryption;

  if (encryption === 'none') {
    issues.push({
      path: ['security', 'encryption'],
      message: profiles.length
        ? `${by('customer-managed keys')}: encryption: none is refused; write encryption: kms or leave it out`
        : 'encryption at rest cannot be turned off: every store, queue, topic, bucket and log group is encrypted. Write aws-managed (the default) or kms',
    });
  } else if (encryption === 'aws-managed' && profiles.length) {
    issues.push({ path: ['security', 'encryption'], involves, message: `${by('customer-managed keys')}: write encryption: kms or leave it out` });
  }
  for (const [key, store] of Object.entries(bp.data ?? {})) {
    if ((store as { public?: boolean }).public !== true) continue;
    const pci = profiles.includes('pci-dss');
    issues.push({
      path: ['data', key, 'public'],
      message: pci
        ? 'PCI DSS (requirements.compliance) forbids a database reachable from the internet (requirement 1.3: no direct public access between the internet and the cardholder data environment), and Blueprint never renders one: remove public: true; tasks reach the database from inside the VPC'
        : 'a database is never reachable from the internet: it lives in isolated subnets and admits only the tasks that use it. Remove public: true (tasks reach it from inside the VPC; people through a bastion or VPN)',
    });
  }
  if (!profiles.length) return [...issues, ...checkKeysAcrossRegions(bp)];

  const written = bp.observability.log_retention_days;
  const strictest = strictestProfile(profiles)!;
  if (written !== undefined && written < strictest.logRetentionDays) {
    const needed = strictest.logRetentionDays;
    issues.push({ path: ['observability', 'log_retention_days'], involves, message: `${strictest.title} (requirements.compliance) keeps logs ${needed} days at least: ${strictest.retentionWhy}. Write ${needed} or more, or leave it out` });
  }
  for (const [k, v] of Object.entries(bp.security.audit ?? {})) {
    if (v === false) issues.push({ path: ['security', 'audit', k], involves, message: `${by(`every audit service`)}: ${k}: false is refused; leave it out (or write true)` });
  }
  for (const [key, svc] of Object.entries(bp.services)) {
    if (svc.placement === 'public') issues.push({ path: ['services', key, 'placement'], involves, message: `${by('compute off public addresses')}: placement: public is refused; leave it out (its tasks run in private subnets behind NAT)` });
  }
  for (const [key, store] of Object.entries(bp.data ?? {})) {
    if (store.engine === 's3' && !store.versioned) {
      issues.push({ path: ['data', key, 'versioned'], involves, message: `${by('versioned buckets')} (an overwritten or deleted object must be recoverable): versioned: false is refused; leave it out` });
    }
  }
  const publicServices = Object.entries(bp.services).filter(([, s]) => s.public);
  if (publicServices.length && bp.load_balancing.public !== null && !bp.security.tls) {
    issues.push({
      path: ['requirements', 'compliance'],
      at: 'key',
      message: `${by('encryption in transit')}: ${publicServices.map(([k]) => k).join(', ')} ${publicServices.length > 1 ? 'are' : 'is'} public over plain HTTP. Write security.tls (a domain or certificate_arn) so the load balancer serves HTTPS`,
    });
  }
  return [...issues, ...checkKeysAcrossRegions(bp)];
}

/**
 * Customer-managed keys stay in the primary region: replicas in the secondary region (a bucket's, a global
 * table's, a global database's) would need a key there too, which is not rendered yet.
 */
function checkKeysAcrossRegions(bp: Blueprint): CheckIssue[] {
  const profiles = bp.requirements.compliance ?? [];
  if (bp.security.encryption !== 'kms' && !profiles.some((p) => p in PROFILES)) return [];
  const why = bp.security.encryption === 'kms' ? 'encryption: kms' : 'a compliance profile (customer-managed keys)';
  const issues: CheckIssue[] = [];
  if (hasStandby(bp)) {
    const written = bp.resilience.dr !== undefined;
    issues.push({
      path: written ? ['resilience', 'dr'] : ['requirements', bp.requirements.rto_minutes !== undefined ? 'rto_minutes' : 'rpo_minutes'],
      involves: [['security', 'encryption'], ['requirements', 'compliance']],
      message: `${written ? bp.resilience.dr : 'the standby these objectives derive (pilot-light or warm-standby)'} with ${why} is not rendered yet: the standby's replicas need a customer-managed key in the secondary region. Write resilience.dr: backup-restore (backups are copied into the recovery vault under AWS Backup's key)`,
    });
  }
  for (const [key, store] of Object.entries(bp.data ?? {})) {
    if ((store as { replicate_to_secondary?: boolean }).replicate_to_secondary === true) {
      issues.push({ path: ['data', key, 'replicate_to_secondary'], involves: [['security', 'encryption'], ['requirements', 'compliance']], message: `replicas with ${why} are not rendered yet: the replica needs a customer-managed key in the secondary region. Remove it (backups still reach the recovery vault)` });
    }
  }
  return issues;
}
