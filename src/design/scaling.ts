import type { Blueprint, Service } from '../schema';
import { pct, type DecisionLog } from './decisions';
import type { AlarmDesign, QueueDesign, ScalingDesign, StepPolicyDesign, WorkerScalingDesign } from './types';
import type { QueueLoad } from './queue-load';
import type { Sizing } from './sizing';

// Target tracking aims at 80 % of a task's measured capacity, leaving room for bursts.
const TARGET_SHARE_OF_CAPACITY = 0.8;
const DEFAULT_TARGET_CPU = 60;

/** ECS's quota of tasks per service (Amazon ECS service quotas, "Tasks per service": 5,000): no service scales past it. */
export const ECS_TASKS_PER_SERVICE = 5000;

/**
 * The share of its peak a day-and-night traffic curve averages: what the average load is, for a worker's
 * floor here and for the estimate's usage assumptions (average_load_percent), one number for both.
 */
export const AVERAGE_LOAD_PERCENT = 30;

/** A derived maximum capped at ECS's tasks-per-service quota, and the words that say so. */
function capped(n: number): { value: number; note: string } {
  return n > ECS_TASKS_PER_SERVICE
    ? { value: ECS_TASKS_PER_SERVICE, note: `; capped at ECS's quota of ${ECS_TASKS_PER_SERVICE} tasks per service (${n} would be needed: give each task more capacity, a larger cpu and capacity_rps_per_task, or split the load over several services)` }
    : { value: n, note: '' };
}

/**
 * Task counts and target-tracking targets of one service. Written values win;
 * the rest follows from availability (tasks per AZ) and peak_rps / capacity.
 */
export function designScaling(bp: Blueprint, key: string, svc: Service, azs: number, log: DecisionLog): ScalingDesign & { sizing: Sizing } {
  const concern = 'scaling';
  const subject = `services.${key}`;
  const a = bp.requirements.availability;
  const written = svc.scaling ?? {};

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

  const targetRps = written.target_requests_per_task ?? round(capacityOf(svc) * TARGET_SHARE_OF_CAPACITY);
  // The service's own peak when written, else the whole system's.
  const peak = svc.peak_rps ?? bp.requirements.peak_rps;
  const peakWhat = svc.peak_rps !== undefined ? `its peak_rps ${peak}` : `peak_rps ${peak}`;
  const needed = peak ? Math.ceil(peak / targetRps) : undefined;
  const max = capped(Math.max(needed ?? 0, 2 * minTasks));
  const maxTasks = log.record({
    concern,
    subject,
    name: 'max_tasks',
    value: written.max ?? max.value,
    source: written.max !== undefined ? 'written' : 'derived',
    rationale:
      written.max !== undefined
        ? 'written'
        : needed !== undefined
          ? `${peakWhat} / ${targetRps} rps per task at target = ${pct(peak! / targetRps)} -> ${needed}; at least 2 x min (${2 * minTasks}) for bursts -> ${Math.max(needed, 2 * minTasks)}${svc.peak_rps === undefined ? ' (each service is sized for the whole peak; write its peak_rps for its share)' : ''}${max.note}`
          : `no peak_rps: 2 x min (${minTasks}) as headroom`,
  });

  const targetCpuPercent = log.record({
    concern,
    subject,
    name: 'target_cpu',
    value: written.target_cpu ?? DEFAULT_TARGET_CPU,
    source: written.target_cpu !== undefined ? 'written' : 'default',
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
          : `80 % of capacity_rps_per_task ${capacityOf(svc)} = ${targetRps} rps x 60 (the ALB metric counts per minute)`,
    });
  }

  // What the service is sized for, carried as tags so an estimate of its output prices it at the same load.
  const sizing: Sizing = { ...(peak !== undefined ? { 'peak-rps': peak } : {}), 'rps-per-task': targetRps };
  return { minTasks, maxTasks, targetCpuPercent, targetRequestsPerTargetPerMinute, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60, sizing };
}

// Worker scaling. SQS publishes its queue metrics once a minute: every alarm looks at 1-minute periods.
const QUEUE_METRIC_PERIOD_SECONDS = 60;
// Scale-outs may follow each other every minute (the alarm re-invokes its policy each period it stays in ALARM);
// a scale-in waits 5 minutes before another one.
const SCALE_OUT_COOLDOWN_SECONDS = 60;
const SCALE_IN_COOLDOWN_SECONDS = 300;
// The queue must be empty (nothing visible, nothing in flight) this many minutes before tasks are stopped.
const EMPTY_MINUTES = 5;
// Nearly nothing waiting this many minutes: one task fewer.
const SHALLOW_MINUTES = 10;
// Without a message rate (or with a small one), a worker may still run this many tasks to drain a backlog.
const WORKER_MAX_FLOOR = 2;
// Queue-depth steps, in task-minutes of backlog (messages one task works off in a minute at 80 % of capacity):
// at 1 task-minute add 1 task, at 5 add 2, at 10 add 4.
const DEPTH_STEPS = [
  { from: 1, add: 1 },
  { from: 5, add: 2 },
  { from: 10, add: 4 },
];
// Message-age steps, in multiples of the age threshold: above it add 1 task, above twice it add 2.
export const AGE_STEPS = [
  { from: 1, add: 1 },
  { from: 2, add: 2 },
];
// A message waiting longer than this (beyond its visibility timeout) means the workers are not keeping up.
export const AGE_ALLOWANCE_SECONDS = 60;

/**
 * A worker's task counts and its step-scaling policies, each with the alarm on the consumed queue that
 * invokes it. No target tracking: the queue, not CPU, says how much work is waiting (see the rationale).
 */
export function designWorkerScaling(
  bp: Blueprint,
  key: string,
  svc: Service,
  queue: Pick<QueueDesign, 'key' | 'visibilityTimeoutSeconds'>,
  load: QueueLoad | undefined,
  azs: number,
  log: DecisionLog,
): WorkerScalingDesign & { sizing: Sizing } {
  const concern = 'scaling';
  const subject = `services.${key}`;
  const written = svc.scaling ?? {};
  const q = queue.key;
  const a = bp.requirements.availability;
  const rate = round(capacityOf(svc) * TARGET_SHARE_OF_CAPACITY);
  const perTask = `${rate} messages/s per task (80 % of capacity_rps_per_task ${capacityOf(svc)})`;

  // The floor: the tasks the queue's average load keeps busy (a queue that is rarely empty would otherwise
  // make every burst wait for tasks to start), one per AZ at >= 99.9 % so losing a zone never stops the work.
  const average = load ? (load.perSecond * AVERAGE_LOAD_PERCENT) / 100 : 0;
  const busy = average / rate;
  const floor = busy >= 1 ? Math.max(Math.ceil(busy), a >= 99.9 ? azs : 1) : 0;
  const derivedMin = Math.min(floor, written.max ?? ECS_TASKS_PER_SERVICE);
  const minTasks = log.record({
    concern,
    subject,
    name: 'min_tasks',
    value: written.min ?? derivedMin,
    source: written.min !== undefined ? 'written' : load ? 'derived' : 'default',
    rationale:
      written.min !== undefined
        ? 'written'
        : !load
          ? `no message rate for ${q} (no peak_messages_per_second, and nothing sends to it at a known rate): a worker with nothing to do needs no task; messages wait in ${q} until the queue alarms start one (scale from zero), so an idle worker costs nothing; write scaling.min: 1 to skip the start-up delay`
          : busy < 1
            ? `the average load of ${q}, ${AVERAGE_LOAD_PERCENT} % of ${pct(load.perSecond)} = ${pct(average)} messages/s, keeps ${pct(Math.round(busy * 100) / 100)} of a task busy (${perTask}): scale from zero, the queue alarms start tasks when messages wait`
            : `the average load of ${q}, ${AVERAGE_LOAD_PERCENT} % of ${pct(load.perSecond)} = ${pct(average)} messages/s, keeps ${pct(Math.round(busy * 100) / 100)} tasks busy (${perTask}) -> ${Math.ceil(busy)}${a >= 99.9 ? `; availability ${pct(a)} % >= 99.9 %: at least one per AZ (${azs})` : ''} -> ${floor}${derivedMin < floor ? `, at most the written max -> ${derivedMin}` : ''}: a queue that is rarely empty never waits for its first tasks; write scaling.min: 0 to scale from zero`,
  });

  const needed = load ? Math.ceil(load.perSecond / rate) : undefined;
  const max = capped(Math.max(needed ?? 0, WORKER_MAX_FLOOR, 2 * minTasks));
  const maxTasks = log.record({
    concern,
    subject,
    name: 'max_tasks',
    value: written.max ?? max.value,
    source: written.max !== undefined ? 'written' : 'derived',
    rationale:
      written.max !== undefined
        ? 'written'
        : `${load ? `peak ${pct(load.perSecond)} messages/s into ${q} / ${perTask} = ${pct(load.perSecond / rate)} -> ${needed}` : `no message rate for ${q}`}; at least ${WORKER_MAX_FLOOR} to drain a backlog in parallel${minTasks ? ` and 2 x min (${2 * minTasks})` : ''} -> ${Math.max(needed ?? 0, WORKER_MAX_FLOOR, 2 * minTasks)}${max.note}`,
  });

  log.record({
    concern,
    subject,
    name: 'policy',
    value: `step scaling on ${q}: depth, age of the oldest message, shallow, empty; no CPU target tracking`,
    source: 'default',
    rationale:
      'a worker scales on the work waiting for it: with no task running there is no CPU metric, so only queue metrics can start the first task; CPU target tracking is left out because its scale-in would fight the queue policies (AWS warns that mixed policies conflict) and low CPU on an I/O-bound worker does not mean the queue is drained',
  });

  // Depth: messages one task works off in one minute at 80 % of its capacity.
  const taskMinute = Math.max(1, Math.round(rate * 60));
  const depthThreshold = DEPTH_STEPS[0].from * taskMinute;
  const depth: StepPolicyDesign = {
    key: 'queue-depth',
    adjustmentType: 'ChangeInCapacity',
    cooldownSeconds: SCALE_OUT_COOLDOWN_SECONDS,
    metricAggregation: 'Maximum',
    steps: DEPTH_STEPS.map((s, i) => ({
      lowerBound: (s.from - DEPTH_STEPS[0].from) * taskMinute,
      upperBound: i + 1 < DEPTH_STEPS.length ? (DEPTH_STEPS[i + 1].from - DEPTH_STEPS[0].from) * taskMinute : undefined,
      adjustment: s.add,
    })),
    alarm: queueAlarm(`${key}-queue-depth`, `${key}: ${depthThreshold} or more messages waiting in ${q} (a task-minute of work) - add tasks`, {
      metric: sqsMetric('ApproximateNumberOfMessagesVisible', q),
      evaluationPeriods: 1,
      threshold: depthThreshold,
      comparison: 'GreaterThanOrEqualToThreshold',
      // An idle queue stops reporting: nothing is waiting.
      treatMissingData: 'notBreaching',
    }),
  };
  log.record({
    concern,
    subject,
    name: 'scale_out_queue_depth',
    value: DEPTH_STEPS.map((s) => `>= ${s.from * taskMinute} visible: +${s.add}`).join(', '),
    source: 'derived',
    rationale: `one task-minute = ${rate} messages/s x 60 = ${taskMinute} messages; at ${DEPTH_STEPS.map((s) => s.from).join(', ')} task-minutes of backlog add ${DEPTH_STEPS.map((s) => s.add).join(', ')} task(s) (bigger backlog, bigger step), re-applied each minute the alarm lasts (cooldown ${SCALE_OUT_COOLDOWN_SECONDS} s) up to max; a backlog under a task-minute is left to the age policy`,
  });

  // Age: a message in flight is at most its visibility timeout old from processing alone; older than that
  // plus a minute, it waited more than a minute for a task (or none is running: scale from zero).
  const ageThreshold = queue.visibilityTimeoutSeconds + AGE_ALLOWANCE_SECONDS;
  const age: StepPolicyDesign = {
    key: 'message-age',
    adjustmentType: 'ChangeInCapacity',
    cooldownSeconds: SCALE_OUT_COOLDOWN_SECONDS,
    metricAggregation: 'Maximum',
    steps: AGE_STEPS.map((s, i) => ({
      lowerBound: (s.from - AGE_STEPS[0].from) * ageThreshold,
      upperBound: i + 1 < AGE_STEPS.length ? (AGE_STEPS[i + 1].from - AGE_STEPS[0].from) * ageThreshold : undefined,
      adjustment: s.add,
    })),
    alarm: queueAlarm(`${key}-message-age`, `${key}: oldest message in ${q} older than ${ageThreshold} s - add tasks`, {
      metric: sqsMetric('ApproximateAgeOfOldestMessage', q),
      evaluationPeriods: 1,
      threshold: ageThreshold,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    }),
  };
  log.record({
    concern,
    subject,
    name: 'scale_out_message_age',
    value: AGE_STEPS.map((s) => `> ${s.from * ageThreshold} s: +${s.add}`).join(', '),
    source: 'derived',
    rationale: `visibility timeout of ${q} ${queue.visibilityTimeoutSeconds} s (the longest a message is in flight) + ${AGE_ALLOWANCE_SECONDS} s of waiting = ${ageThreshold} s; an older message means the workers do not keep up, or none runs: this starts the first task for a backlog too small for the depth policy; twice as old adds 2`,
  });

  const empty: StepPolicyDesign = {
    key: 'queue-empty',
    adjustmentType: 'ExactCapacity',
    cooldownSeconds: SCALE_IN_COOLDOWN_SECONDS,
    metricAggregation: 'Maximum',
    steps: [{ upperBound: 0, adjustment: minTasks }],
    alarm: queueAlarm(`${key}-queue-empty`, `${key}: ${q} empty (nothing visible or in flight) for ${EMPTY_MINUTES} minutes - scale in to ${minTasks}`, {
      metric: {
        expression: 'FILL(visible, 0) + FILL(inflight, 0)',
        label: 'messages visible or in flight',
        metrics: { visible: sqsMetric('ApproximateNumberOfMessagesVisible', q), inflight: sqsMetric('ApproximateNumberOfMessagesNotVisible', q) },
      },
      evaluationPeriods: EMPTY_MINUTES,
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      // An idle queue stops reporting: that is empty too.
      treatMissingData: 'breaching',
    }),
  };
  log.record({
    concern,
    subject,
    name: 'scale_in_queue_empty',
    value: `visible + in flight = 0 for ${EMPTY_MINUTES} x 1 min: exactly ${minTasks}`,
    source: 'default',
    rationale: `tasks stop only when no message is waiting and none is being worked on (a task stopped mid-message would see it redelivered after the visibility timeout, forever for work longer than ${EMPTY_MINUTES} minutes); ${EMPTY_MINUTES} quiet minutes so a pause between bursts keeps the tasks; scale-in cooldown ${SCALE_IN_COOLDOWN_SECONDS} s`,
  });

  // Shallow: fewer than a tenth of a task-minute waiting for 10 minutes means the tasks keep up with room to
  // spare: one fewer. A steady queue is never empty, so without this it would keep every task a burst added.
  const shallowThreshold = Math.max(1, Math.round(taskMinute / 10));
  const shallow: StepPolicyDesign = {
    key: 'queue-shallow',
    adjustmentType: 'ChangeInCapacity',
    cooldownSeconds: SCALE_IN_COOLDOWN_SECONDS,
    metricAggregation: 'Maximum',
    steps: [{ upperBound: 0, adjustment: -1 }],
    alarm: queueAlarm(`${key}-queue-shallow`, `${key}: fewer than ${shallowThreshold} messages waiting in ${q} for ${SHALLOW_MINUTES} minutes - one task fewer`, {
      metric: sqsMetric('ApproximateNumberOfMessagesVisible', q),
      evaluationPeriods: SHALLOW_MINUTES,
      threshold: shallowThreshold,
      comparison: 'LessThanThreshold',
      // An idle queue stops reporting: the empty policy handles that.
      treatMissingData: 'notBreaching',
    }),
  };
  log.record({
    concern,
    subject,
    name: 'scale_in_queue_shallow',
    value: `< ${shallowThreshold} visible for ${SHALLOW_MINUTES} x 1 min: -1, down to min ${minTasks}`,
    source: 'derived',
    rationale: `a tenth of a task-minute (${taskMinute} / 10 -> ${shallowThreshold}): the tasks take messages as fast as they arrive, so one fewer every ${SCALE_IN_COOLDOWN_SECONDS} s until a backlog starts to form (then the depth policy adds one back); a queue that is never empty scales in too, not only one that empties`,
  });

  return { minTasks, maxTasks, stepPolicies: [age, depth, empty, shallow], sizing: { ...(load ? { 'peak-messages-per-second': load.perSecond } : {}), 'rps-per-task': rate } };
}

/**
 * A worker's scaling with another minimum (a standby's workers wait at 0): the queue-empty policy scales in to
 * exactly the minimum, so its step and its alarm's description change with it.
 */
export function withWorkerMin(s: WorkerScalingDesign, minTasks: number): WorkerScalingDesign {
  return {
    ...s,
    minTasks,
    stepPolicies: s.stepPolicies.map((p) =>
      p.key === 'queue-empty'
        ? { ...p, steps: p.steps.map((x) => ({ ...x, adjustment: minTasks })), alarm: { ...p.alarm, description: p.alarm.description.replace(/scale in to \d+$/, `scale in to ${minTasks}`) } }
        : p,
    ),
  };
}

function sqsMetric(metricName: string, store: string) {
  return { namespace: 'AWS/SQS' as const, metricName, statistic: 'Maximum' as const, dimensions: { kind: 'queue' as const, store } };
}

function queueAlarm(
  key: string,
  description: string,
  a: Pick<AlarmDesign, 'metric' | 'evaluationPeriods' | 'threshold' | 'comparison' | 'treatMissingData'>,
): AlarmDesign {
  return { key, description, periodSeconds: QUEUE_METRIC_PERIOD_SECONDS, datapointsToAlarm: a.evaluationPeriods, ...a };
}

/** Requests (a worker: messages) per second one task handles: written, else 50. */
export const DEFAULT_CAPACITY_RPS_PER_TASK = 50;
export const capacityOf = (svc: Service): number => svc.capacity_rps_per_task ?? DEFAULT_CAPACITY_RPS_PER_TASK;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
