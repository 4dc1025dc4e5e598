/*
 * ECS services read from a mock run, each with its task definition's
 * container: size, architecture, image, port, environment (connection
 * details named by store), placement, deployment, ingress and egress,
 * Service Connect, roles and the task role's permissions; scaling comes from
 * scaling.ts.
 */
import type { ServiceInventory } from '../inventory';
import type { Context, Inputs } from './context';
import type { Names } from './names';
import { egressOf, subnetLookup } from './network';
import { permissionsOf } from './policies';
import { T } from './resource-types';
import { readSizing } from '../../design/sizing';
import { containerSecrets, executionPermissionsOf } from './secrets';
import { readScaling } from './scaling';
import { connectionValue } from './store-names';
import { byText } from '../../text';

export function readServices(ctx: Context, names: Names): ServiceInventory[] {
  const { custom, ofType, id, byArnValue, byArn, must } = ctx;
  const { container, keyOf, tgName, lbSgIds, serviceSg } = names;
  const { subnetSet } = subnetLookup(ctx);
  const ecsServices = ofType(T.service);
  const logGroups = ofType(T.logGroup);
  const sgs = ofType(T.sg);
  return ecsServices
    .map((svc) => {
      const key = keyOf(svc);
      const task = custom.find((t) => t.type === T.task && byArnValue(t) === svc.inputs.taskDefinition)!;
      const c = container(task);
      const mappings = (c.portMappings ?? []) as Inputs[];
      if (mappings.length > 1) throw new Error(`parity: the container of ${key} maps ${mappings.length} ports; the inventory records one at most`);
      const port = mappings[0];
      if (!port && (svc.inputs.loadBalancers ?? []).length) throw new Error(`parity: ${key} has a load balancer but its container maps no port`);
      const group = logGroups.find((l) => l.name === c.logConfiguration.options['awslogs-group']);
      const net = svc.inputs.networkConfiguration as Inputs;
      const sgId = (net.securityGroups as string[])[0];
      const sc = svc.inputs.serviceConnectConfiguration as Inputs | undefined;
      const capacityProviderStrategy = readStrategy(ctx, key, svc.inputs);
      return {
        key,
        sizing: readSizing(svc.inputs.tags, `service ${svc.name}`),
        launchType: svc.inputs.launchType ?? null,
        capacityProviderStrategy,
        cpu: Number(task.inputs.cpu),
        memory: Number(task.inputs.memory),
        architecture: task.inputs.runtimePlatform.cpuArchitecture,
        image: c.image,
        // One port, or none (a queue worker).
        containerPort: port?.containerPort ?? null,
        portName: port?.name ?? null,
        appProtocol: port?.appProtocol ?? null,
        environment: ((c.environment ?? []) as { name: string; value: string }[]).map((e) => `${e.name}=${connectionValue(ctx, e.value)}`).sort(),
        logRetentionDays: must(group, `log group of ${key}`).inputs.retentionInDays,
        subnets: subnetSet(net.subnets),
        assignPublicIp: net.assignPublicIp === true,
        desiredCount: svc.inputs.desiredCount ?? null,
        deployment: {
          circuitBreaker: svc.inputs.deploymentCircuitBreaker?.enable === true,
          rollback: svc.inputs.deploymentCircuitBreaker?.rollback === true,
          minHealthyPercent: svc.inputs.deploymentMinimumHealthyPercent,
          maxPercent: svc.inputs.deploymentMaximumPercent,
        },
        healthCheckGraceSeconds: svc.inputs.healthCheckGracePeriodSeconds ?? null,
        targetGroups: ((svc.inputs.loadBalancers ?? []) as Inputs[]).map((l) => tgName(l.targetGroupArn)).sort(),
        ingress: ofType(T.ingress)
          .filter((i) => i.inputs.securityGroupId === sgId)
          .map((i) => {
            const from = i.inputs.referencedSecurityGroupId as string;
            const source = lbSgIds.has(from) ? 'load-balancer' : `service:${must(serviceSg.get(from), `security group ${from}`)}`;
            return `${source}:${i.inputs.fromPort}`;
          })
          .sort(),
        egress: egressOf(must(sgs.find((g) => id(g) === sgId), `security group ${sgId}`)),
        serviceConnect: sc?.enabled
          ? {
              namespace: must(byArn(sc.namespace), `namespace ${sc.namespace}`).inputs.name,
              dnsName: sc.services?.[0]?.clientAlias?.[0]?.dnsName ?? null,
              port: sc.services?.[0]?.clientAlias?.[0]?.port ?? null,
            }
          : null,
        scaling: readScaling(ctx, names, svc),
        roles: { task: !!task.inputs.taskRoleArn, execution: !!task.inputs.executionRoleArn },
        permissions: permissionsOf(ctx, task.inputs.taskRoleArn),
        secrets: containerSecrets(ctx, c),
        executionPermissions: executionPermissionsOf(ctx, task.inputs.executionRoleArn),
      } as ServiceInventory;
    })
    .sort((a, b) => byText(a.key, b.key));
}

/** The one ECS cluster's Container Insights setting, disabled when absent; any other setting throws. */
export function readContainerInsights(ctx: Context): string | null {
  const clusters = ctx.ofType(T.cluster);
  if (!clusters.length) return null;
  if (clusters.length !== 1) throw new Error(`parity: ${clusters.length} ECS clusters; the inventory reads one per stack`);
  let value = 'disabled';
  for (const s of (clusters[0].inputs.settings ?? []) as Inputs[]) {
    if (s.name !== 'containerInsights') throw new Error(`parity: cluster setting ${JSON.stringify(s.name)} is not in the inventory`);
    value = s.value;
  }
  return value;
}
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/** A service's capacity provider strategy (base and weight 0 when absent); with a launch type beside it, or a provider the cluster lacks, it throws. */
function readStrategy(ctx: Context, key: string, inputs: Inputs): ServiceInventory['capacityProviderStrategy'] {
  const items = (inputs.capacityProviderStrategies ?? []) as Inputs[];
  if (!items.length) {
    if (inputs.launchType !== 'FARGATE') throw new Error(`parity: service ${key} has launch type ${JSON.stringify(inputs.launchType)}; the inventory describes FARGATE services, or services placed by a capacity provider strategy`);
    return [];
  }
  if (inputs.launchType !== undefined) throw new Error(`parity: service ${key} has a launch type beside its capacity provider strategy: ECS takes one or the other`);
  const providers = readCapacityProviders(ctx) ?? [];
  return items.map((x) => {
    if (!providers.includes(x.capacityProvider)) throw new Error(`parity: service ${key} places tasks on ${x.capacityProvider}, which is not associated with the cluster (${providers.join(', ') || 'none'})`);
    return { capacityProvider: x.capacityProvider, base: x.base ?? 0, weight: x.weight ?? 0 };
  });
}

/** The capacity providers associated with the one cluster, sorted; [] without an association, null without a cluster; a default strategy throws. */
export function readCapacityProviders(ctx: Context): string[] | null {
  const clusters = ctx.ofType(T.cluster);
  const associations = ctx.ofType(T.capacityProviders);
  if (!clusters.length) {
    if (associations.length) throw new Error('parity: capacity providers associated with no ECS cluster');
    return null;
  }
  if (associations.length > 1) throw new Error(`parity: ${associations.length} capacity provider associations; the inventory reads one per cluster`);
  const [a] = associations;
  if (!a) return [];
  // The mocks give a cluster its logical name as its name.
  if (a.inputs.clusterName !== clusters[0].name) throw new Error(`parity: capacity providers of cluster ${JSON.stringify(a.inputs.clusterName)}, not of ${clusters[0].name}`);
  if (((a.inputs.defaultCapacityProviderStrategies ?? []) as unknown[]).length) throw new Error('parity: a default capacity provider strategy is not in the inventory (every service names its launch type or strategy)');
  const providers = (a.inputs.capacityProviders ?? []) as string[];
  for (const p of providers) if (!FARGATE_PROVIDERS.includes(p)) throw new Error(`parity: capacity provider ${p}: only the Fargate capacity providers (${FARGATE_PROVIDERS.join(', ')}) are in the inventory`);
  return [...providers].sort();
}
