/*
 * Scheduled jobs read from a CloudFormation template: each
 * AWS::Scheduler::Schedule that starts a task definition no ECS service
 * runs (a schedule that invokes a function is read with it, functions.ts), with that task's one container (size, architecture, image,
 * environment), its roles and the task role's permissions (as a service's),
 * where the scheduler starts it, its security group's egress (a job admits
 * no ingress), the schedule itself and what the scheduler's role may do.
 */
import { isBucketEventsRule } from './functions';
import type { JobInventory } from '../inventory';
import type { Context } from './context';
import { container, ecsParameters, scheduleAwsvpc } from './names';
import { readExecutionPermissions, readPermissions, readSecrets } from './policies';
import { T } from './resource-types';
import { sizingOf } from './sizing';
import { fail, isObject, list, obj, refOf } from './template';
import { canonical } from '../sort';

// Schedule and target settings the inventory does not record: present, they throw rather than pass unseen.
const UNREAD_SCHEDULE = ['StartDate', 'EndDate', 'KmsKeyArn'];
// Rule settings the inventory does not record (a failed-runs rule has no target: an alarm counts its matches).
const UNREAD_RULE = ['EventBusName', 'ScheduleExpression', 'Targets', 'RoleArn'];
const UNREAD_TARGET = ['Input', 'DeadLetterConfig', 'EventBridgeParameters', 'KinesisParameters', 'SageMakerPipelineParameters', 'SqsParameters'];
const UNREAD_ECS = ['CapacityProviderStrategy', 'PlacementConstraints', 'PlacementStrategy', 'PlatformVersion', 'Group', 'EnableExecuteCommand', 'PropagateTags', 'ReferenceId', 'Tags'];

// What the scheduler's role may do, and on what: start the job's task definition, pass it its two roles.
const SCHEDULER_ACTIONS: Record<string, string[]> = {
  'ecs:RunTask': ['task-definition'],
  'iam:PassRole': ['task-role', 'execution-role'],
};

export function readJobs(x: Context): JobInventory[] {
  const { t, r, names } = x;
  // Each rule is a job's failed runs (names.failedRunsJob throws for any other), one per job.
  const rules = new Map<string, string>();
  for (const rule of t.ofType(T.eventRule)) {
    // A function's bucket rule (S3's events) is read with the function.
    if (isBucketEventsRule(t, rule)) continue;
    const job = names.failedRunsJob(rule);
    if (rules.has(job)) fail(t.where(rule), `is a second rule of job ${job}'s failed runs (${rules.get(job)})`);
    rules.set(job, rule);
  }
  for (const g of t.ofType(T.scheduleGroup)) {
    if (!t.ofType(T.schedule).some((sch) => refOf(t.props(sch).GroupName)?.id === g)) fail(t.where(g), 'no schedule is in it; the inventory reads a group through its schedules');
  }
  return [...names.jobKey].map(([sch, key]): JobInventory => {
    const p = t.props(sch);
    const w = (field: string) => t.where(sch, field);
    const target = obj(p.Target, w('Target'));
    const ecs = ecsParameters(t, sch);
    const td = t.target(ecs.TaskDefinitionArn, [T.taskDefinition], w('Target.EcsParameters.TaskDefinitionArn'));
    const tp = t.props(td);
    const tw = (field: string) => t.where(td, field);
    const c = container(t, td);

    for (const f of UNREAD_SCHEDULE) if (p[f] !== undefined) fail(w(f), 'is not in the inventory');
    for (const f of UNREAD_TARGET) if (target[f] !== undefined) fail(w(`Target.${f}`), 'is not in the inventory');
    for (const f of UNREAD_ECS) if (ecs[f] !== undefined) fail(w(`Target.EcsParameters.${f}`), 'is not in the inventory');
    if (list(c.EnvironmentFiles, tw('EnvironmentFiles')).length) fail(tw('EnvironmentFiles'), 'is not in the inventory (environment records plain variables only)');
    const secrets = readSecrets(t, names.stores, c.Secrets, tw('Secrets'));
    if (secrets.length && tp.ExecutionRoleArn === undefined) fail(tw('ExecutionRoleArn'), 'is missing, yet the container has secrets (ECS reads them with the execution role)');
    if (list(c.PortMappings, tw('PortMappings')).length) fail(tw('PortMappings'), 'a job has no port; the inventory records none');
    const cluster = refOf(target.Arn);
    if (!cluster || cluster.attr !== 'Arn' || t.type(cluster.id) !== T.cluster) fail(w('Target.Arn'), `expected the ECS cluster's Arn, found ${JSON.stringify(target.Arn)}`);
    const taskCount = r.numOr(ecs.TaskCount, 1, w('Target.EcsParameters.TaskCount'));
    if (taskCount !== 1) fail(w('Target.EcsParameters.TaskCount'), `starts ${taskCount} tasks; the inventory records a job that starts one`);

    const logGroup = t.target(obj(obj(c.LogConfiguration, tw('LogConfiguration')).Options, tw('LogConfiguration.Options'))['awslogs-group'], [T.logGroup], tw('awslogs-group'));
    names.ownLogGroup(logGroup, `job:${key}`, td);
    const arch = r.str(obj(tp.RuntimePlatform, tw('RuntimePlatform')).CpuArchitecture ?? 'X86_64', tw('RuntimePlatform.CpuArchitecture'));
    if (arch !== 'ARM64' && arch !== 'X86_64') fail(tw('RuntimePlatform.CpuArchitecture'), `unknown architecture ${arch}`);
    const net = scheduleAwsvpc(t, sch);
    const sgWhere = w('Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups');
    const ingress = x.ingressOf(net.SecurityGroups, sgWhere);
    if (ingress.length) fail(sgWhere, `admit ${ingress.join(', ')}; a job admits no ingress`);
    const retry = obj(target.RetryPolicy, w('Target.RetryPolicy'));
    const launchType = ecs.LaunchType === undefined ? fail(w('Target.EcsParameters.LaunchType'), 'is missing; the inventory records a job launched on FARGATE') : r.str(ecs.LaunchType, w('Target.EcsParameters.LaunchType'));

    const taskRole = tp.TaskRoleArn === undefined ? undefined : t.target(tp.TaskRoleArn, ['AWS::IAM::Role'], tw('TaskRoleArn'));
    const executionRole = tp.ExecutionRoleArn === undefined ? undefined : t.target(tp.ExecutionRoleArn, ['AWS::IAM::Role'], tw('ExecutionRoleArn'));
    const schedulerRole = t.target(target.RoleArn, ['AWS::IAM::Role'], w('Target.RoleArn'));

    return {
      key,
      // A schedule takes no tags: a job's sizing is on its task definition.
      sizing: sizingOf(t, r, td),
      cpu: r.num(tp.Cpu, tw('Cpu')),
      memory: r.num(tp.Memory, tw('Memory')),
      architecture: arch,
      image: r.str(c.Image, tw('Image')),
      environment: list(c.Environment, tw('Environment')).map((e, i) => {
        const ew = tw(`Environment[${i}]`);
        return `${r.str(obj(e, ew).Name, ew)}=${x.value(obj(e, ew).Value, ew)}`;
      }),
      // The task role's, not the execution role's: what the job may do.
      permissions: taskRole === undefined ? [] : readPermissions(t, x.arns, taskRole),
      secrets,
      // The execution role's, beyond pulling images and writing logs: the secrets ECS reads at task start.
      executionPermissions: executionRole === undefined ? [] : readExecutionPermissions(t, x.arns, executionRole, logGroup),
      roles: { task: taskRole !== undefined, execution: executionRole !== undefined },
      subnets: x.span(net.Subnets, w('Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.Subnets')),
      assignPublicIp: r.str(net.AssignPublicIp ?? 'DISABLED', w('AssignPublicIp')) === 'ENABLED',
      egress: x.egressOf(net.SecurityGroups, sgWhere),
      schedule: {
        expression: r.str(p.ScheduleExpression, w('ScheduleExpression')),
        // Absent values take AWS's defaults.
        timezone: r.str(p.ScheduleExpressionTimezone ?? 'UTC', w('ScheduleExpressionTimezone')),
        flexibleWindow: r.str(obj(p.FlexibleTimeWindow, w('FlexibleTimeWindow')).Mode, w('FlexibleTimeWindow.Mode')),
        state: r.str(p.State ?? 'ENABLED', w('State')),
        maximumRetries: r.numOr(retry.MaximumRetryAttempts, 185, w('Target.RetryPolicy.MaximumRetryAttempts')),
        maximumEventAgeSeconds: r.numOr(retry.MaximumEventAgeInSeconds, 86400, w('Target.RetryPolicy.MaximumEventAgeInSeconds')),
        launchType,
        schedulerActions: schedulerActions(x, schedulerRole, { 'task-definition': td, 'task-role': taskRole, 'execution-role': executionRole }),
        group: p.GroupName === undefined ? 'default' : scheduleGroup(x, p.GroupName, w('GroupName')),
      },
      failedRuns: rules.has(key) ? failedRuns(x, rules.get(key)!) : null,
    };
  });
}

/** A schedule's group: one the template creates, by Ref ("schedule-group:<name>"). */
export function scheduleGroup(x: Context, v: unknown, where: string): string {
  x.t.target(v, [T.scheduleGroup], where);
  if (refOf(v)!.attr !== 'Ref') fail(where, 'names its group by something other than Ref');
  return x.r.str(v, where);
}

/** A failed-runs rule: its state and its pattern, references named, as canonical JSON. */
function failedRuns(x: Context, rule: string): NonNullable<JobInventory['failedRuns']> {
  const { t, r } = x;
  const p = t.props(rule);
  for (const f of UNREAD_RULE) if (p[f] !== undefined) fail(t.where(rule, f), 'is not in the inventory');
  const resolve = (v: unknown, where: string): unknown => {
    if (refOf(v) || (isObject(v) && 'Fn::Join' in v)) return r.str(v, where);
    if (Array.isArray(v)) return v.map((item, i) => resolve(item, `${where}[${i}]`));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, resolve(item, `${where}.${k}`)]));
    return v;
  };
  return { state: r.str(p.State ?? 'ENABLED', t.where(rule, 'State')), pattern: canonical(resolve(p.EventPattern, t.where(rule, 'EventPattern'))) };
}

/**
 * The actions of every statement of every AWS::IAM::Policy attached to the
 * scheduler's role, sorted and without repeats. Each must be an Allow of an
 * action in SCHEDULER_ACTIONS on exactly what that action needs (the job's
 * task definition, its roles); anything wider or else throws.
 */
function schedulerActions(x: Context, role: string, own: Record<string, string | undefined>): string[] {
  const { t } = x;
  const rp = t.props(role);
  if (list(rp.Policies, t.where(role, 'Policies')).length) fail(t.where(role, 'Policies'), "inline policies of a scheduler role are not read; the inventory reads AWS::IAM::Policy resources");
  if (list(rp.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).length) fail(t.where(role, 'ManagedPolicyArns'), 'managed policies of a scheduler role are not in the inventory');
  const nameOf = (v: unknown, where: string): string => {
    const ref = refOf(v);
    const hit = ref && Object.entries(own).find(([, id]) => id === ref.id && (ref.attr === (t.type(id) === T.taskDefinition ? 'Ref' : 'Arn')));
    return hit ? hit[0] : fail(where, `${JSON.stringify(v)} is neither the job's task definition (Ref) nor one of its roles (Arn)`);
  };
  const actions = new Set<string>();
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    const pp = t.props(policy);
    if (!list(pp.Roles, t.where(policy, 'Roles')).some((v) => refOf(v)?.id === role)) continue;
    const doc = obj(pp.PolicyDocument, t.where(policy, 'PolicyDocument'));
    const items = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
    for (const [i, item] of items.entries()) {
      const where = t.where(policy, `PolicyDocument.Statement[${i}]`);
      const s = obj(item, where);
      for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory');
      if (s.Effect !== 'Allow') fail(`${where}.Effect`, `is ${JSON.stringify(s.Effect)}; a scheduler role's statements are Allows`);
      const acts = (Array.isArray(s.Action) ? s.Action : [s.Action]).map((a, j) => (typeof a === 'string' ? a : fail(`${where}.Action[${j}]`, `expected a string, found ${JSON.stringify(a)}`)));
      const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((v, j) => nameOf(v, `${where}.Resource[${j}]`));
      for (const a of acts) {
        const allowed = SCHEDULER_ACTIONS[a] ?? fail(`${where}.Action`, `${a} is not what a scheduler role needs (${Object.keys(SCHEDULER_ACTIONS).join(', ')})`);
        for (const res of resources) if (!allowed.includes(res)) fail(`${where}.Resource`, `grants ${a} on the job's ${res}`);
        actions.add(a);
      }
    }
  }
  return [...actions].sort();
}
