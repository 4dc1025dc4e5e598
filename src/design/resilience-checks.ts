import type { Blueprint } from '../schema';
import { isRelational } from '../schema/data';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { REGIONS } from './regions';
import { hasStandby, PITR_RPO_MINUTES, SCHEDULE_MINUTES, STRATEGY_LIMITS, strategyFor, strategyOf } from './resilience';
import { isAurora } from './engines';
import { nextCidr } from './network';

/** Strategies rendered today; the others are reported at the requirement that asks for them. */
const RENDERED = ['none', 'backup-restore', 'pilot-light', 'warm-standby'];

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
        message: `${by} ${bp.requirements[by]} needs ${needed}, which is not rendered yet; warm-standby (rto_minutes >= 10, rpo_minutes >= 1) is`,
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
  if (hasStandby(bp)) issues.push(...checkStandby(bp));
  return issues;
}

/** What a standby (pilot-light, warm-standby) needs of the blueprint: replicable stores, room for its network, NAT for password rotation. */
function checkStandby(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const strategy = strategyOf(bp);
  const why = bp.resilience.dr !== undefined ? [['resilience', 'dr']] : [['requirements', 'rto_minutes'], ['requirements', 'rpo_minutes']];
  const range = privateRange(bp.network.cidr);
  const next = nextCidr(bp.network.cidr);
  if (range && (next === undefined || privateRange(next) !== range)) {
    issues.push({ path: ['network', 'cidr'], involves: why, message: `${strategy} puts a network in the secondary region in the block after this one, which leaves ${range}: use a lower block (e.g. 10.0.0.0/16)` });
  }
  for (const [key, s] of Object.entries(bp.data ?? {})) {
    const at = (...p: string[]) => ['data', key, ...p];
    if (isRelational(s) && !isAurora(s.engine)) {
      issues.push({ path: at('engine'), involves: why, message: `${strategy} replicates databases as Aurora global databases; cross-region replicas of an RDS ${s.engine} instance are not rendered yet: use aurora-${s.engine === 'mysql' ? 'mysql' : 'postgresql'}, or dr: backup-restore` });
    }
    if (isRelational(s) && isAurora(s.engine)) {
      if (s.serverless?.min_acu === 0) issues.push({ path: at('serverless', 'min_acu'), involves: why, message: `an Aurora global database (${strategy}) cannot pause: use min_acu 0.5 or more` });
      if (s.instance_class?.startsWith('db.t')) issues.push({ path: at('instance_class'), involves: why, message: `an Aurora global database (${strategy}) refuses burstable classes: use db.r7g.large or larger, or serverless` });
      if (bp.network.nat === 'none') issues.push({ path: ['network', 'nat'], involves: [at('engine'), ...why], message: `the password of an Aurora global database (${strategy}) is rotated by a function in the private subnets, which needs NAT to reach Secrets Manager: remove nat: none` });
    }
    if (s.engine === 'dynamodb' && s.billing === 'provisioned' && s.replicate_to_secondary === undefined) {
      issues.push({ path: at('billing'), involves: why, message: `${strategy} replicates every table as a global table, which is not rendered yet for provisioned tables: use on-demand, or write replicate_to_secondary: false (the standby then gets an empty table)` });
    }
  }
  return issues;
}

/** The RFC 1918 range a block lies in, or undefined. */
function privateRange(cidr: string): string | undefined {
  const [a, b] = cidr.split('/')[0].split('.').map(Number);
  if (a === 10) return '10.0.0.0/8';
  if (a === 172 && b >= 16 && b < 32) return '172.16.0.0/12';
  if (a === 192 && b === 168) return '192.168.0.0/16';
  return undefined;
}
