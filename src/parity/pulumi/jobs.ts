/*
 * Scheduled jobs read from a mock run: each EventBridge Scheduler schedule,
 * the task definition it starts (size, image, environment, the task role's
 * permissions), where it starts it, and what the scheduler role may do.
 */
import type { JobInventory } from '../inventory';
import type { Context, Inputs } from './context';
import type { Names } from './names';
import { egressOf, subnetLookup } from './network';
import { permissionsOf } from './policies';
import { T } from './resource-types';
import { readSizing } from '../../design/sizing';
import { containerSecrets, executionPermissionsOf } from './secrets';
import { connectionValue } from './store-names';

export function readJobs(ctx: Context, names: Names): JobInventory[] {
  const { ofType, byArn, byArnValue, byId, id, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  return ofType(T.schedule).map((s) => {
    const target = s.inputs.target as Inputs;
    const ecs = target.ecsParameters as Inputs;
    const task = must(byArn(ecs.taskDefinitionArn), `the task definition of schedule ${s.name}`);
    const c = names.container(task);
    const net = ecs.networkConfiguration as Inputs;
    const sg = must(ofType(T.sg).find((g) => id(g) === net.securityGroups[0]), `the security group of schedule ${s.name}`);
    const schedulerPolicies = ofType(T.rolePolicy).filter((p) => byArnValue(must(byId.get(p.inputs.role), `role ${p.inputs.role}`)) === target.roleArn);
    return {
      key: c.logConfiguration.options['awslogs-stream-prefix'],
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
      },
    };
  });
}
