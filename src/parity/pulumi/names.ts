/*
 * The symbolic names of a mock run's resources, read from the values that
 * reference them: a service by its key (its container's awslogs stream
 * prefix), a target group by the service registered in it, the load balancer
 * and target groups by their ARN suffix in metric dimensions, the cluster,
 * and security groups by who they protect, as the CloudFormation reader
 * names them (docs/PARITY.md, "How references become symbolic names").
 */
import { mockArnSuffix } from '../../pulumi/mock-values';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';
import { queueStoreName } from './store-names';

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
  /** The load balancer's security groups, by id. */
  lbSgIds: Set<string>;
  /** Each service's security group id -> its service key. */
  serviceSg: Map<string, string>;
  /** Each scheduled job's security group id -> its job key. */
  jobSg: Map<string, string>;
  /** Who a security group admits, by the group's id: "service:<key>", "job:<key>", "load-balancer" or "rotation:<key>" (a database's password rotation function). */
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
    ofType(T.schedule).map((s) => [(s.inputs.target.ecsParameters.networkConfiguration.securityGroups as string[])[0], taskKey(s.inputs.target.ecsParameters.taskDefinitionArn)]),
  );
  // The security group of each hosted rotation function (a database's generated password): "rotation:<key>".
  const rotationSg = new Map(
    ofType(T.rotationStack).map((s) => [s.inputs.parameters?.vpcSecurityGroupIds as string, `rotation:${must(ctx.storeTag(s), `the blueprint:store tag of ${s.name}`)}`]),
  );
  const sgSource = (groupId: string): string => {
    if (lbSgIds.has(groupId)) return 'load-balancer';
    if (rotationSg.has(groupId)) return rotationSg.get(groupId)!;
    if (serviceSg.has(groupId)) return `service:${serviceSg.get(groupId)}`;
    if (jobSg.has(groupId)) return `job:${jobSg.get(groupId)}`;
    throw new Error(`parity: security group ${groupId} belongs to no load balancer, service, job or rotation function`);
  };
  const clusters = ofType(T.cluster);
  const dimensionName = (name: string, value: string): string => {
    if (name === 'LoadBalancer' || name === 'TargetGroup') return suffixName(value);
    if (name === 'ClusterName' && clusters.some((c) => c.name === value)) return 'cluster';
    const svc = ecsServices.find((s) => s.name === value);
    if (name === 'ServiceName' && svc) return `service:${keyOf(svc)}`;
    // A queue's name, as the mocks compute it (its logical name): named as its store.
    const queue = ofType(T.queue).find((q) => q.name === value);
    if (name === 'QueueName' && queue) return queueStoreName(ctx, queue);
    throw new Error(`parity: unknown dimension ${name}=${value}`);
  };
  const scalingPolicy = (policy: R): string => {
    if (policy.inputs.policyType !== 'StepScaling') throw new Error(`parity: an alarm invokes ${policy.name}, a ${policy.inputs.policyType} policy; alarms invoke step-scaling policies only`);
    const svc = must(
      ecsServices.find((s) => policy.inputs.resourceId === `service/${clusters[0]?.name}/${s.name}`),
      `the ECS service scaling policy ${policy.name} scales (${policy.inputs.resourceId})`,
    );
    return `scaling-policy:${keyOf(svc)}/${must(policy.inputs.name as string | undefined, `the name of scaling policy ${policy.name}`)}`;
  };
  return { container, keyOf, tgName, suffixName, dimensionName, scalingPolicy, lbSgIds, serviceSg, jobSg, sgSource };
}
