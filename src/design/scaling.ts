import type { Blueprint, Service } from '../schema';
import { pct, type DecisionLog } from './decisions';
import type { ScalingDesign } from './types';

// Target tracking aims at 80 % of a task's measured capacity, leaving room for bursts.
const TARGET_SHARE_OF_CAPACITY = 0.8;

/**
 * Task counts and target-tracking targets of one service. Written values win;
 * the rest follows from availability (tasks per AZ) and peak_rps / capacity.
 */
export function designScaling(bp: Blueprint, key: string, svc: Service, azs: number, log: DecisionLog): ScalingDesign {
  const concern = 'scaling';
  const subject = `services.${key}`;
  const a = bp.requirements.availability;
  const written = svc.scaling ?? { target_cpu: 60 };

  const floor = a >= 99.9 ? azs : 1;
  const minTasks = log.record({
    concern,
    subject,
    name: 'min_tasks',
    value: written.min ?? floor,
    source: written.min !== undefined ? 'written' : 'derived',
    rationale:
      written.min !== undefined
        ? 'written'
        : a >= 99.9
          ? `availability ${pct(a)} % >= 99.9 %: at least one task in each of the ${azs} AZs`
          : `availability ${pct(a)} % < 99.9 %: one task is enough`,
  });

  const targetRps = written.target_requests_per_task ?? round(svc.capacity_rps_per_task * TARGET_SHARE_OF_CAPACITY);
  const peak = bp.requirements.peak_rps;
  const needed = peak ? Math.ceil(peak / targetRps) : undefined;
  const maxTasks = log.record({
    concern,
    subject,
    name: 'max_tasks',
    value: written.max ?? Math.max(needed ?? 0, 2 * minTasks),
    source: written.max !== undefined ? 'written' : 'derived',
    rationale:
      written.max !== undefined
        ? 'written'
        : needed !== undefined
          ? `peak_rps ${peak} / ${targetRps} rps per task at target = ${pct(peak! / targetRps)} -> ${needed}; at least 2 x min (${2 * minTasks}) for bursts -> ${Math.max(needed, 2 * minTasks)} (each service is sized for the whole peak; write scaling.max to share it)`
          : `no peak_rps: 2 x min (${minTasks}) as headroom`,
  });

  const targetCpuPercent = log.record({
    concern,
    subject,
    name: 'target_cpu',
    value: written.target_cpu,
    source: svc.scaling?.target_cpu !== undefined ? 'written' : 'default',
    rationale: 'target-tracking on average CPU: scale out above, in below',
  });

  let targetRequestsPerTargetPerMinute: number | undefined;
  if (svc.public) {
    targetRequestsPerTargetPerMinute = log.record({
      concern,
      subject,
      name: 'target_requests_per_target_per_minute',
      value: round(targetRps * 60),
      source: written.target_requests_per_task !== undefined ? 'written' : 'derived',
      rationale:
        written.target_requests_per_task !== undefined
          ? `written ${targetRps} rps per task x 60 (the ALB metric counts per minute)`
          : `80 % of capacity_rps_per_task ${svc.capacity_rps_per_task} = ${targetRps} rps x 60 (the ALB metric counts per minute)`,
    });
  }

  return { minTasks, maxTasks, targetCpuPercent, targetRequestsPerTargetPerMinute, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
