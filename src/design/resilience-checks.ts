import type { Blueprint } from '../schema';
import { isRelational } from '../schema/data';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { REGIONS } from './regions';
import { PITR_RPO_MINUTES, SCHEDULE_MINUTES, STRATEGY_LIMITS, strategyFor } from './resilience';

/** Strategies rendered today; the others are reported at the requirement that asks for them. */
const RENDERED = ['none', 'backup-restore'];

const duration = (minutes: number) => (minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * Rules for step 6: the secondary region must be a different, known region,
 * a written strategy must meet the stated RTO and RPO, and no stateful store
 * may be promised an RPO its backups cannot give.
 */
export function checkResilience(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const { primary, secondary } = bp.requirements.regions;
  const { rto_minutes: rto, rpo_minutes: rpo } = bp.requirements;
  const dr = bp.resilience.dr;
  if (secondary !== undefined) {
    if (secondary === primary) {
      issues.push({ path: ['requirements', 'regions', 'secondary'], involves: [['requirements', 'regions', 'primary']], message: `the secondary region must differ from the primary (${primary}): recovering into the region that failed recovers nothing` });
    } else if (!REGIONS.includes(secondary)) {
      const guess = closest(secondary, REGIONS);
      issues.push({ path: ['requirements', 'regions', 'secondary'], message: `unknown or unsupported region "${secondary}"${guess ? ` (did you mean "${guess}"?)` : `; supported: ${REGIONS.join(', ')}`}` });
    }
  }
  if (dr !== undefined && dr !== 'none') {
    if (secondary === undefined) {
      issues.push({ path: ['resilience', 'dr'], involves: [['requirements', 'regions']], message: `${dr} recovers into another region: name it in requirements.regions.secondary` });
    }
    const limits = STRATEGY_LIMITS[dr];
    if (rto !== undefined && rto < limits.rtoMinutes) {
      issues.push({ path: ['resilience', 'dr'], involves: [['requirements', 'rto_minutes']], message: `${dr} recovers in ${duration(limits.rtoMinutes)} or more, above rto_minutes ${rto} (use ${strategyFor(rto, rpo)})` });
    } else if (rpo !== undefined && rpo < limits.rpoMinutes) {
      issues.push({ path: ['resilience', 'dr'], involves: [['requirements', 'rpo_minutes']], message: `${dr} loses up to ${duration(limits.rpoMinutes)} of data, above rpo_minutes ${rpo} (use ${strategyFor(rto, rpo)})` });
    }
  } else if (dr === undefined && secondary !== undefined && secondary !== primary) {
    const needed = strategyFor(rto, rpo);
    if (!RENDERED.includes(needed)) {
      const by = rto !== undefined && rto < STRATEGY_LIMITS['backup-restore'].rtoMinutes ? 'rto_minutes' : 'rpo_minutes';
      issues.push({
        path: ['requirements', by],
        involves: [['requirements', 'regions', 'secondary']],
        message: `${by} ${bp.requirements[by]} needs ${needed}, which is not rendered yet; backup-restore (rto_minutes >= 1440, rpo_minutes >= 60) is`,
      });
    }
  }
  const continuous = Object.entries(bp.data ?? {}).filter(([, s]) => s.engine === 'dynamodb' || isRelational(s));
  if (rpo !== undefined && rpo < PITR_RPO_MINUTES && continuous.length) {
    issues.push({
      path: ['requirements', 'rpo_minutes'],
      message: `point-in-time recovery of ${continuous.map(([k]) => k).join(', ')} restores to about ${PITR_RPO_MINUTES} minutes back; no backup Blueprint renders meets an RPO under ${PITR_RPO_MINUTES} minutes`,
    });
  }
  const schedule = bp.resilience.backups.schedule;
  const strategy = dr ?? (secondary ? strategyFor(rto, rpo) : 'none');
  if (schedule !== undefined && strategy === 'backup-restore' && rpo !== undefined && SCHEDULE_MINUTES[schedule] > rpo) {
    issues.push({ path: ['resilience', 'backups', 'schedule'], involves: [['requirements', 'rpo_minutes']], message: `backup-restore recovers from the latest copy: ${schedule} copies lose up to ${duration(SCHEDULE_MINUTES[schedule])}, above rpo_minutes ${rpo} (${rpo >= SCHEDULE_MINUTES.hourly ? 'use hourly' : 'even hourly copies lose up to 1 h: a smaller RPO needs continuous replication (pilot-light)'})` });
  }
  return issues;
}
