import type { Blueprint } from '../schema';
import { pct, type DecisionLog } from './decisions';
import type { BackupDesign, ResilienceDesign, SecondaryRegionDesign, StoreDesign } from './types';

type Strategy = ResilienceDesign['dr']['strategy'];

/** How long each strategy takes to recover the region, in minutes (the smallest RTO it meets), and the least RPO. */
export const STRATEGY_LIMITS: Record<Exclude<Strategy, 'none'>, { rtoMinutes: number; rpoMinutes: number; how: string; extra: string }> = {
  'backup-restore': {
    rtoMinutes: 1440,
    rpoMinutes: 60,
    how: 'restore every store from the backup copies in the secondary region, then deploy the stack there: hours',
    extra: 'one backup vault in the secondary region and a copy of every recovery point (storage only, nothing running)',
  },
  'pilot-light': {
    rtoMinutes: 60,
    rpoMinutes: 1,
    how: 'data is replicated continuously; the network and an idle copy of the services wait in the secondary region and scale out on failover: tens of minutes',
    extra: 'a replica of each database, table and bucket, and a network with no running tasks in the secondary region',
  },
  'warm-standby': {
    rtoMinutes: 10,
    rpoMinutes: 1,
    how: 'a scaled-down copy of the whole system runs in the secondary region and takes over: minutes',
    extra: 'a full, smaller copy of the system running in the secondary region',
  },
  'multi-site': {
    rtoMinutes: 0,
    rpoMinutes: 0,
    how: 'both regions serve traffic all the time',
    extra: 'a second full-size system',
  },
};

/** Minutes between backups of each schedule: the RPO a backup copy gives. */
export const SCHEDULE_MINUTES = { hourly: 60, daily: 1440 } as const;

/** The point-in-time recovery lag of RDS, Aurora and DynamoDB: the least RPO in the region. */
export const PITR_RPO_MINUTES = 5;

/** The blueprint's strategy: written, or the cheapest meeting rto/rpo when a secondary region is named, else none. */
export function strategyOf(bp: Blueprint): Strategy {
  const secondary = bp.requirements.regions.secondary;
  return bp.resilience.dr ?? (secondary ? strategyFor(bp.requirements.rto_minutes, bp.requirements.rpo_minutes) : 'none');
}

/** pilot-light and warm-standby keep a standby of the system, with replicas of its data, in the secondary region. */
export const hasStandby = (bp: Blueprint): boolean => ['pilot-light', 'warm-standby'].includes(strategyOf(bp)) && bp.requirements.regions.secondary !== undefined;

/** The strategy that meets the RTO and RPO most cheaply. */
export function strategyFor(rto: number | undefined, rpo: number | undefined): Strategy {
  const order = ['backup-restore', 'pilot-light', 'warm-standby', 'multi-site'] as const;
  return order.find((s) => (rto === undefined || rto >= STRATEGY_LIMITS[s].rtoMinutes) && (rpo === undefined || rpo >= STRATEGY_LIMITS[s].rpoMinutes)) ?? 'multi-site';
}

/**
 * Step 6: a backup plan over every stateful store, and the disaster-recovery
 * strategy that meets rto_minutes and rpo_minutes in the secondary region.
 * Contradictions (a written strategy too slow for the RTO, an RPO no backup
 * meets) are errors in checks, before design.
 */
export function designResilience(bp: Blueprint, stores: StoreDesign[], log: DecisionLog): ResilienceDesign {
  const concern = 'resilience';
  const { rto_minutes: rto, rpo_minutes: rpo } = bp.requirements;
  const secondary = bp.requirements.regions.secondary;
  const written = bp.resilience.dr;
  const strategy = strategyOf(bp);
  const limits = strategy === 'none' ? undefined : STRATEGY_LIMITS[strategy];
  log.record({
    concern,
    subject: 'resilience',
    name: 'dr',
    value: strategy === 'none' ? 'none' : `${strategy} to ${secondary}`,
    source: written ? 'written' : secondary ? 'derived' : 'default',
    rationale:
      strategy === 'none'
        ? `${secondary ? `written: none, though ${secondary} is named (replicas may live there)` : 'no requirements.regions.secondary'}: the system survives losing an AZ, not its region${rto !== undefined ? ` (rto_minutes ${rto} holds for AZ failures only)` : ''}`
        : `${written ? 'written' : `the cheapest strategy meeting ${[rto !== undefined && `rto_minutes ${rto}`, rpo !== undefined && `rpo_minutes ${rpo}`].filter(Boolean).join(' and ') || 'no stated RTO or RPO'}`}: ${limits!.how} (RTO ${limits!.rtoMinutes >= 60 ? `${limits!.rtoMinutes / 60} h` : `${limits!.rtoMinutes} min`} or more, RPO ${limits!.rpoMinutes} min or more); costs ${limits!.extra}`,
  });

  const protectedStores = stores.filter((s) => s.kind === 'table' || s.kind === 'database' || (s.kind === 'bucket' && s.versioned)).map((s) => s.key);
  for (const s of stores) {
    if (s.kind === 'bucket' && !s.versioned) {
      log.record({ concern, subject: `data.${s.key}`, name: 'backup', value: false, source: 'derived', rationale: 'AWS Backup backs up versioned buckets only; this bucket is written versioned: false' });
    }
  }
  const dr = { strategy, secondaryRegion: strategy === 'none' ? undefined : secondary };
  if (!protectedStores.length) return { dr, secondary: designSecondary(bp, stores, undefined, log) };

  const scheduleWritten = bp.resilience.backups.schedule;
  const schedule = scheduleWritten ?? (strategy === 'backup-restore' && rpo !== undefined && rpo < SCHEDULE_MINUTES.daily ? 'hourly' : 'daily');
  const retention = bp.resilience.backups.retention_days;
  log.record({
    concern,
    subject: 'resilience.backups',
    name: 'schedule',
    value: `${schedule}, kept ${retention} days`,
    source: scheduleWritten ? 'written' : 'derived',
    rationale: scheduleWritten
      ? 'written'
      : strategy === 'backup-restore'
        ? `backup-restore recovers the region from the latest copy: ${schedule} copies give an RPO of ${SCHEDULE_MINUTES[schedule]} min${rpo !== undefined ? ` <= rpo_minutes ${pct(rpo)}` : ''}`
        : `in the region, point-in-time recovery (about ${PITR_RPO_MINUTES} min back) meets the RPO; daily backups add long-term, separately-stored copies`,
  });
  const stateful = protectedStores.join(', ');
  log.record({
    concern,
    subject: 'resilience.backups',
    name: 'plan',
    value: `AWS Backup: ${stateful}`,
    source: 'derived',
    rationale: `every stateful store (buckets, tables, databases) is in one plan, into a vault encrypted with the AWS-managed Backup key; queues, topics and caches hold no data worth restoring`,
  });
  const name = bp.name;
  const backup: BackupDesign = {
    vaultName: `${name}-backups`,
    planName: `${name}-backups`,
    rule: {
      name: schedule,
      schedule: schedule === 'hourly' ? 'cron(0 * ? * * *)' : 'cron(0 5 ? * * *)',
      timezone: 'Etc/UTC',
      startWindowMinutes: 60,
      completionWindowMinutes: schedule === 'hourly' ? 120 : 480,
      deleteAfterDays: retention,
      copyTo: strategy === 'backup-restore' && secondary ? { region: secondary, vaultName: `${name}-dr-backups`, deleteAfterDays: retention } : undefined,
    },
    selectionName: 'stateful-stores',
    stores: protectedStores,
    roleManagedPolicies: [
      'AWSBackupServiceRolePolicyForBackup',
      'AWSBackupServiceRolePolicyForRestores',
      ...(stores.some((s) => s.kind === 'bucket' && protectedStores.includes(s.key)) ? ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'] : []),
    ].sort(),
  };
  for (const policy of backup.roleManagedPolicies) {
    log.acknowledge({
      rule: 'AwsSolutions-IAM4',
      on: { kind: 'backup-role' },
      finding: { kind: 'managed-policy', name: `service-role/${policy}` },
      reason: `${policy}: AWS's own policy for the role AWS Backup assumes, which AWS extends as Backup supports more resource types; a copy of it would silently fall behind. Only AWS Backup can assume the role`,
    });
  }
  if (backup.rule.copyTo) {
    log.record({
      concern,
      subject: 'resilience.backups',
      name: 'copy',
      value: `to ${secondary}, kept ${retention} days`,
      source: 'derived',
      rationale: `backup-restore: every recovery point is copied to the vault ${backup.rule.copyTo.vaultName} in ${secondary}, so losing ${bp.requirements.regions.primary} loses at most one ${schedule} interval`,
    });
  }
  return { dr, backup, secondary: designSecondary(bp, stores, backup, log) };
}

/**
 * What lives in the secondary region: the vault backups are copied into and the buckets' replicas.
 * Either one makes the region's stack (CDK) and provider (Pulumi) needed; neither, and there is none.
 */
function designSecondary(bp: Blueprint, stores: StoreDesign[], backup: BackupDesign | undefined, log: DecisionLog): SecondaryRegionDesign | undefined {
  const region = bp.requirements.regions.secondary;
  const copy = backup?.rule.copyTo;
  // Buckets' replicas only: a global table's replica is created and managed by the table's own resource
  // in the primary region, so it needs no stack or provider in the secondary region.
  const replicas = stores.flatMap((s) => (s.kind === 'bucket' && s.replication ? [s] : []));
  if (region === undefined || (!copy && !replicas.length)) return undefined;
  for (const b of replicas) if (b.replication!.region !== region) throw new Error(`data.${b.key}: replicates to ${b.replication!.region}, not the secondary region ${region}`);
  if (copy && copy.region !== region) throw new Error(`resilience.backups: copies to ${copy.region}, not the secondary region ${region}`);
  const what = [copy && `the backup vault ${copy.vaultName}`, replicas.length && `the replica${replicas.length > 1 ? 's' : ''} of ${replicas.map((b) => b.key).join(', ')}`].filter(Boolean).join(' and ');
  log.record({
    concern: 'resilience',
    subject: 'requirements.regions',
    name: 'secondary',
    value: `${region}: ${what}`,
    source: 'derived',
    rationale: `what the primary region relies on in ${region} is deployed there first, in a stack (CDK ${bp.name}-dr) or provider (Pulumi) of its own: CloudFormation stacks are regional, and nothing there may depend on the primary region`,
  });
  return { region, recoveryVault: copy?.vaultName, replicas: replicas.map((b) => b.key) };
}
