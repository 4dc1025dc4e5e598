/*
 * The symbolic names of a mock run's resources, read from the values that
 * reference them: a service by its key (its container's awslogs stream
 * prefix), a target group by the service registered in it, the load balancer
 * and target groups by their ARN suffix in metric dimensions, the cluster,
 * a function by its name ("function:<key>", function-names.ts), an HTTP or GraphQL API by its id,
 * and security groups by who they protect, as the CloudFormation reader
 * names them (docs/PARITY.md, "How references become symbolic names").
 */
import { mockArnSuffix } from '../../pulumi/mock-values';
import { apiDimension } from './apis';
import type { Context, Inputs, R } from './context';
import { blueprintFunctions, functionNamed, jobSchedules } from './function-names';
import { graphqlApiDimension } from './graphql';
import { T } from './resource-types';
import { connectionValue, queueStoreName } from './store-names';

export interface Names {
  /** A task definition's container (the first of its definitions). */
  container: (task: R) => Inputs;
  /** A service's key: its container's awslogs stream prefix. */
  keyOf: (svc: R) => string;
  /** "target-group:<service>", by the target group's ARN. */
  tgName: (arn: string) => string;
  /** "load-balancer" or "target-group:<service>", by an ARN suffix (app/..., targetgroup/...). */
  suffixName: (value: string) => string;
  /** A metric dimension's value as a symbolic name ("load-balancer", "cluster", "service:web", "queue:jobs"). */
  dimensionName: (name: string, value: string) => string;
  /** "scaling-policy:<service>/<name>" for a step-scaling policy (an alarm action); any other policy throws. */
  scalingPolicy: (policy: R) => string;
  /** The key of the job whose failed runs an event rule matches (its pattern names the job's task definition); any other rule throws. */
  failedRunsJob: (rule: R) => string;
  /** The load balancer's security groups, by id. */
  lbSgIds: Set<string>;
  /** Each service's security group id -> its service key. */
  serviceSg: Map<string, string>;
  /** Each scheduled job's security group id -> its job key. */
  jobSg: Map<string, string>;
  /** Each function's security group id (in the VPC) -> its function key. */
  functionSg: Map<string, string>;
  /** Who a security group admits, by the group's id: "service:<key>", "job:<key>", "function:<key>", "load-balancer" or "rotation:<key>" (a database's password rotation function). */
  sgSource: (groupId: string) => string;
}

export function namesOf(ctx: Context): Names {
  const { custom, ofType, byArnValue, must } = ctx;
  const container = (task: R) => (JSON.parse(task.inputs.containerDefinitions as string) as Inputs[])[0];
  const ecsServices = ofType(T.service);
  const keyOf = (svc: R) => container(must(custom.find((t) => t.type === T.task && byArnValue(t) === svc.inputs.taskDefinition), `task of ${svc.name}`)).logConfiguration.options['awslogs-stream-prefix'] as string;
  const tgKey = new Map<string, string>(); // target group ARN -> service key
  for (const svc of ecsServices) for (const lb of (svc.inputs.loadBalancers ?? []) as Inputs[]) tgKey.set(lb.targetGroupArn, keyOf(svc));
  const tgName = (arn: string) => `target-group:${must(tgKey.get(arn), `target group ${arn}`)}`;
  const lbs = ofType(T.lb);
  const tgs = ofType(T.tg);
  const suffixName = (value: string): string => {
    const lb = lbs.find((l) => value === mockArnSuffix(l.type, l.name));
    if (lb) return 'load-balancer';
    const tg = tgs.find((t) => value === mockArnSuffix(t.type, t.name));
    if (tg) return tgName(byArnValue(tg));
    throw new Error(`parity: unknown ARN suffix ${value}`);
  };

  const lbSgIds = new Set(lbs.flatMap((l) => l.inputs.securityGroups as string[]));
  const serviceSg = new Map(ecsServices.map((s) => [(s.inputs.networkConfiguration.securityGroups as string[])[0], keyOf(s)]));
  const taskKey = (arn: string) => container(must(custom.find((t) => t.type === T.task && byArnValue(t) === arn), `task ${arn}`)).logConfiguration.options['awslogs-stream-prefix'] as string;
  const jobSg = new Map(
    jobSchedules(ctx).map((s) => [(s.inputs.target.ecsParameters.networkConfiguration.securityGroups as string[])[0], taskKey(s.inputs.target.ecsParameters.taskDefinitionArn)]),
  );
  // A function in the VPC: its security groups (vpcConfig), "function:<key>".
  const functionSg = new Map<string, string>();
  for (const [fn, key] of blueprintFunctions(ctx)) {
    for (const g of ((fn.inputs.vpcConfig as Inputs | undefined)?.securityGroupIds ?? []) as string[]) {
      if (functionSg.has(g) && functionSg.get(g) !== key) throw new Error(`parity: security group ${g} is both function ${functionSg.get(g)}'s and function ${key}'s; the inventory names a function's security group after its one function`);
      functionSg.set(g, key);
    }
  }
  // The security group of each hosted rotation function (a database's generated password): "rotation:<key>".
  const rotationSg = new Map(
    ofType(T.rotationStack).map((s) => [s.inputs.parameters?.vpcSecurityGroupIds as string, `rotation:${must(ctx.storeTag(s), `the blueprint:store tag of ${s.name}`)}`]),
  );
  // An API's VPC link: its security group, "vpc-link:<key>" (the API its integrations belong to).
  const vpcLinkSg = new Map<string, string>();
  for (const link of ofType(T.vpcLink)) {
    const api = ofType(T.api).find((a) => ofType(T.apiIntegration).some((i) => i.inputs.connectionId === ctx.id(link) && i.inputs.apiId === ctx.id(a)));
    const key = api ? apiDimension(ctx, ctx.id(api)) : undefined;
    if (!key) throw new Error(`parity: VPC link ${link.name} is used by no API's integration`);
    for (const g of (link.inputs.securityGroupIds ?? []) as string[]) vpcLinkSg.set(g, key.replace(/^api:/, 'vpc-link:'));
  }
  const sgSource = (groupId: string): string => {
    if (lbSgIds.has(groupId)) return 'load-balancer';
    if (vpcLinkSg.has(groupId)) return vpcLinkSg.get(groupId)!;
    if (rotationSg.has(groupId)) return rotationSg.get(groupId)!;
    if (serviceSg.has(groupId)) return `service:${serviceSg.get(groupId)}`;
    if (jobSg.has(groupId)) return `job:${jobSg.get(groupId)}`;
    if (functionSg.has(groupId)) return `function:${functionSg.get(groupId)}`;
    throw new Error(`parity: security group ${groupId} belongs to no load balancer, service, job, function or rotation function`);
  };
  const clusters = ofType(T.cluster);
  const dimensionName = (name: string, value: string): string => {
    // An HTTP API's id: "api:<key>".
    const api = name === 'ApiId' ? apiDimension(ctx, value) : undefined;
    if (api) return api;
    // A GraphQL API's id: "graphql-api:<key>".
    const graphqlApi = name === 'GraphQLAPIId' ? graphqlApiDimension(ctx, value) : undefined;
    if (graphqlApi) return graphqlApi;
    // A REST API's name and stage (its metrics' ApiName and Stage), literals as the template writes them.
    if ((name === 'ApiName' && ofType(T.restApi).some((a) => a.inputs.name === value)) || (name === 'Stage' && ofType(T.restStage).some((x) => x.inputs.stageName === value))) return value;
    if (name === 'LoadBalancer' || name === 'TargetGroup') return suffixName(value);
    if (name === 'ClusterName' && clusters.some((c) => c.name === value)) return 'cluster';
    const svc = ecsServices.find((s) => s.name === value);
    if (name === 'ServiceName' && svc) return `service:${keyOf(svc)}`;
    // A function's name (the mocks': its logical name): "function:<key>".
    const fn = name === 'FunctionName' ? functionNamed(ctx, value) : undefined;
    if (fn && fn.fn.name === value) return `function:${fn.key}`;
    // A queue's name, as the mocks compute it (its logical name): named as its store.
    const queue = ofType(T.queue).find((q) => q.name === value);
    if (name === 'QueueName' && queue) return queueStoreName(ctx, queue);
    // A database's identifier (the mocks': its logical name), a cache node's member cluster (<group id>-<node>).
    const db = ofType(name === 'DBClusterIdentifier' ? T.dbCluster : T.dbInstance).find((d) => d.name === value);
    if ((name === 'DBClusterIdentifier' || name === 'DBInstanceIdentifier') && db) return `id:database:${must(ctx.storeTag(db), `the blueprint:store tag of ${db.name}`)}`;
    if (name === 'CacheClusterId') {
      const group = ofType(T.replicationGroup).find((g) => value.startsWith(`${ctx.id(g)}-`));
      const node = group && value.slice(ctx.id(group).length + 1);
      if (group && /^(\d{3}|\d{4}-\d{3})$/.test(node!)) return `id:cache:${must(ctx.storeTag(group), `the blueprint:store tag of ${group.name}`)}-${node}`;
    }
    // A table's name, as a task is given it (its own, or a standby's replica of the primary's).
    if (name === 'TableName') {
      const table = connectionValue(ctx, value);
      if (table.startsWith('table:')) return table;
    }
    const group = ofType(T.scheduleGroup).find((g) => g.inputs.name === value);
    if (name === 'ScheduleGroup' && group) return `schedule-group:${value}`;
    const rule = ofType(T.eventRule).find((r) => r.name === value);
    if (name === 'RuleName' && rule) return `failed-runs:${failedRunsJob(rule)}`;
    if ((name === 'Role' && /^(WRITER|READER)$/.test(value)) || (name === 'Operation' && /^[A-Z][A-Za-z]+$/.test(value))) return value;
    throw new Error(`parity: unknown dimension ${name}=${value}`);
  };
  /** The job whose failed runs a rule matches: the scheduled job whose task definition its pattern names. */
  const failedRunsJob = (rule: R): string => {
    const arns = (JSON.parse(rule.inputs.eventPattern as string).detail?.taskDefinitionArn ?? []) as string[];
    if (arns.length !== 1) throw new Error(`parity: event rule ${rule.name} names no single task definition; the inventory reads a rule of one job's failed runs`);
    const schedule = must(
      jobSchedules(ctx).find((s) => s.inputs.target.ecsParameters.taskDefinitionArn === arns[0]),
      `the scheduled job whose task definition event rule ${rule.name} names (${arns[0]})`,
    );
    return taskKey(schedule.inputs.target.ecsParameters.taskDefinitionArn);
  };
  const scalingPolicy = (policy: R): string => {
    if (policy.inputs.policyType !== 'StepScaling') throw new Error(`parity: an alarm invokes ${policy.name}, a ${policy.inputs.policyType} policy; alarms invoke step-scaling policies only`);
    const svc = must(
      ecsServices.find((s) => policy.inputs.resourceId === `service/${clusters[0]?.name}/${s.name}`),
      `the ECS service scaling policy ${policy.name} scales (${policy.inputs.resourceId})`,
    );
    return `scaling-policy:${keyOf(svc)}/${must(policy.inputs.name as string | undefined, `the name of scaling policy ${policy.name}`)}`;
  };
  return { container, keyOf, tgName, suffixName, dimensionName, scalingPolicy, failedRunsJob, lbSgIds, serviceSg, jobSg, functionSg, sgSource };
}
