/*
 * Scheduled jobs read from a mock run: each EventBridge Scheduler schedule
 * that starts an ECS task (a function's is read with it, functions.ts),
 * the task definition it starts (size, image, environment, the task role's
 * permissions), where it starts it, and what the scheduler role may do.
 */
import { isBucketEventsRule } from './functions';
import type { JobInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { canonical } from '../sort';
import type { Names } from './names';
import { jobSchedules } from './function-names';
import { egressOf, subnetLookup } from './network';
import { permissionsOf } from './policies';
import { T } from './resource-types';
import { readSizing } from '../../design/sizing';
import { containerSecrets, executionPermissionsOf } from './secrets';
import { connectionValue } from './store-names';

export function readJobs(ctx: Context, names: Names): JobInventory[] {
  const { ofType, byArn, byArnValue, byId, id, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  // Each rule is a job's failed runs (names.failedRunsJob throws for any other), one per job.
  const rules = new Map<string, R>();
  for (const rule of ofType(T.eventRule)) {
    // A function's bucket rule (S3's events) is read with the function.
    if (isBucketEventsRule(rule)) continue;
    const job = names.failedRunsJob(rule);
    if (rules.has(job)) throw new Error(`parity: event rule ${rule.name} is a second rule of job ${job}'s failed runs (${rules.get(job)!.name})`);
    rules.set(job, rule);
  }
  for (const g of ofType(T.scheduleGroup)) {
    if (!ofType(T.schedule).some((s) => s.inputs.groupName === g.inputs.name)) throw new Error(`parity: schedule group ${g.name}: no schedule is in it`);
  }
  // An event pattern's values named: the cluster's ARN "cluster", a task definition's "task:<key>".
  const clusterArns = new Set(ofType(T.cluster).map(byArnValue));
  const named = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (clusterArns.has(v)) return 'cluster';
      const task = ofType(T.task).find((t) => byArnValue(t) === v);
      return task ? `task:${names.container(task).logConfiguration.options['awslogs-stream-prefix']}` : v;
    }
    if (Array.isArray(v)) return v.map(named);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, named(x)]));
    return v;
  };
  const failedRuns = (rule: R): NonNullable<JobInventory['failedRuns']> => {
    for (const f of ['eventBusName', 'scheduleExpression', 'roleArn']) if (rule.inputs[f] !== undefined) throw new Error(`parity: event rule ${rule.name}: ${f} is not in the inventory`);
    return { state: rule.inputs.state ?? 'ENABLED', pattern: canonical(named(JSON.parse(rule.inputs.eventPattern as string))) };
  };
  // A schedule that invokes a function is read with it (functions.ts).
  return jobSchedules(ctx).map((s) => {
    const target = s.inputs.target as Inputs;
    const ecs = target.ecsParameters as Inputs;
    const task = must(byArn(ecs.taskDefinitionArn), `the task definition of schedule ${s.name}`);
    const c = names.container(task);
    const net = ecs.networkConfiguration as Inputs;
    const sg = must(ofType(T.sg).find((g) => id(g) === net.securityGroups[0]), `the security group of schedule ${s.name}`);
    const schedulerPolicies = ofType(T.rolePolicy).filter((p) => byArnValue(must(byId.get(p.inputs.role), `role ${p.inputs.role}`)) === target.roleArn);
    const key = c.logConfiguration.options['awslogs-stream-prefix'] as string;
    return {
      key,
      // A schedule takes no tags: a job's sizing is on its task definition.
      sizing: readSizing(task.inputs.tags, `task definition ${task.name}`),
      cpu: Number(task.inputs.cpu),
      memory: Number(task.inputs.memory),
      architecture: task.inputs.runtimePlatform.cpuArchitecture,
      image: c.image,
      environment: ((c.environment ?? []) as { name: string; value: string }[]).map((e) => `${e.name}=${connectionValue(ctx, e.value)}`).sort(),
      permissions: permissionsOf(ctx, task.inputs.taskRoleArn),
      secrets: containerSecrets(ctx, c),
      executionPermissions: executionPermissionsOf(ctx, task.inputs.executionRoleArn),
      roles: { task: !!task.inputs.taskRoleArn, execution: !!task.inputs.executionRoleArn },
      subnets: subnetSet(net.subnets),
      assignPublicIp: net.assignPublicIp === true,
      egress: egressOf(sg),
      schedule: {
        expression: s.inputs.scheduleExpression,
        timezone: s.inputs.scheduleExpressionTimezone ?? 'UTC',
        flexibleWindow: s.inputs.flexibleTimeWindow.mode,
        state: s.inputs.state ?? 'ENABLED',
        maximumRetries: target.retryPolicy?.maximumRetryAttempts ?? 185,
        maximumEventAgeSeconds: target.retryPolicy?.maximumEventAgeInSeconds ?? 86400,
        launchType: ecs.launchType,
        schedulerActions: [
          ...new Set(schedulerPolicies.flatMap((p) => (JSON.parse(p.inputs.policy).Statement as Inputs[]).flatMap((st) => ([] as string[]).concat(st.Action)))),
        ].sort(),
        group: s.inputs.groupName === undefined ? 'default' : `schedule-group:${must(ofType(T.scheduleGroup).find((g) => g.inputs.name === s.inputs.groupName), `the schedule group ${s.inputs.groupName} of ${s.name}`).inputs.name}`,
      },
      failedRuns: rules.has(key) ? failedRuns(rules.get(key)!) : null,
    };
  });
}
