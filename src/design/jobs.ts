import type { Blueprint } from '../schema';
import { DEFAULT_CPU, DEFAULT_MEMORY } from '../schema/services';
import { acknowledgeEnvironment, designAccess } from './access';
import { acknowledgeInPacks } from './compliance';
import type { DecisionLog } from './decisions';
import type { JobDesign, SecurityDesign } from './types';
import { designPlacement } from './placement';
import { withEgress } from './sizing';
import { byText } from '../text';

/**
 * Scheduled jobs: a Fargate task that EventBridge Scheduler starts on its
 * schedule, with the same size, placement and data edges as a service.
 */
export function designJobs(bp: Blueprint, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): JobDesign[] {
  return Object.entries(bp.services)
    .filter(([, s]) => s.kind === 'scheduled')
    .sort(([a], [b]) => byText(a, b))
    .map(([key, svc]) => {
      const schedule = { expression: svc.schedule!, timezone: 'UTC' as const, flexibleWindow: 'OFF' as const, maximumRetries: 2, maximumEventAgeSeconds: 3600, state: 'ENABLED' as const, group: bp.name };
      log.record({
        concern: 'compute',
        subject: `services.${key}`,
        name: 'schedule',
        value: `${schedule.expression} UTC`,
        source: 'written',
        rationale: 'EventBridge Scheduler runs the task at that time (no flexible window); a start that fails is retried twice within an hour',
      });
      // A job runs one task at a time: one public address at most, while it runs.
      const placement = designPlacement(bp, key, svc, 1, security, log);
      const { environment, ...access } = designAccess(bp, key, svc, log, security);
      acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'scheduler-policy', task: key }, `the scheduler's role for job ${key} has its own policy: running this job's task definition and passing exactly its two roles; a managed policy would be a second resource with the same single use`);
      acknowledgeEnvironment(log, key, { ...environment, ...(svc.environment ?? {}) }, access.connections, svc.environment);
      return {
        key,
        container: { name: 'app' },
        image: svc.image!,
        cpu: svc.cpu ?? DEFAULT_CPU,
        memory: svc.memory ?? DEFAULT_MEMORY,
        arch: svc.arch,
        environment: { ...environment, ...(svc.environment ?? {}) },
        ...access,
        ...placement,
        sizing: withEgress({}, svc),
        logRetentionDays,
        schedule,
        failedRuns: FAILED_RUNS,
      };
    });
}

/**
 * A scheduled job's failed runs, as EventBridge sees them: an ECS Task State Change event of the job's task
 * definition (the revision its schedule starts) in the stack's cluster, with the task STOPPED and either
 * never started (stopCode TaskFailedToStart: no capacity, an image that cannot be pulled, a secret that
 * cannot be read) or ended by a container exiting non-zero. A rule on the default event bus matches them
 * and has no target: its AWS/Events MatchedEvents metric (RuleName) is what the job's failed-runs alarm
 * counts. Runs the scheduler could not start at all are counted by Scheduler itself (InvocationDroppedCount).
 */
export interface FailedRunsDesign {
  state: 'ENABLED';
  lastStatus: 'STOPPED';
  /** Stop codes that are a failure whatever the exit code. */
  failedStopCodes: ['TaskFailedToStart'];
  /** Any other stop is a failure when a container's exit code is not 0. */
  nonZeroExit: true;
}

const FAILED_RUNS: FailedRunsDesign = { state: 'ENABLED', lastStatus: 'STOPPED', failedStopCodes: ['TaskFailedToStart'], nonZeroExit: true };

/**
 * The EventBridge event pattern of a job's failed runs (FailedRunsDesign), with the cluster's and the task
 * definition's ARNs as each renderer has them: both backends write exactly this object.
 */
export function failedRunsPattern<T>(f: FailedRunsDesign, refs: { clusterArn: T; taskDefinitionArn: T }): Record<string, unknown> {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Task State Change'],
    detail: {
      clusterArn: [refs.clusterArn],
      taskDefinitionArn: [refs.taskDefinitionArn],
      lastStatus: [f.lastStatus],
      $or: [{ stopCode: [...f.failedStopCodes] }, { containers: { exitCode: [{ 'anything-but': 0 }] } }],
    },
  };
}
