/*
 * ECS services read from a CloudFormation template, each with its task
 * definition's one container: size, architecture, image, port, environment,
 * placement, deployment, ingress and egress, Service Connect, roles and the
 * task role's permissions; scaling comes from scaling.ts.
 */
import type { ServiceInventory } from '../inventory';
import type { Context } from './context';
import { awsvpc, container } from './names';
import { readExecutionPermissions, readPermissions, readSecrets } from './policies';
import { T } from './resource-types';
import { sizingOf } from './sizing';
import { readScaling } from './scaling';
import { fail, list, obj, onlyKnown, refOf } from './template';

export function readServices(x: Context): ServiceInventory[] {
  const { t, r, names } = x;
  const namespaces = new Set<string>();
  const scaling = readScaling(x);
  const services = t.ofType(T.service).map((svc): ServiceInventory => {
    const p = t.props(svc);
    const w = (field: string) => t.where(svc, field);
    const key = names.serviceKey.get(svc)!;
    const td = t.target(p.TaskDefinition, [T.taskDefinition], w('TaskDefinition'));
    const tp = t.props(td);
    const tw = (field: string) => t.where(td, field);
    const c = container(t, td);

    const capacityProviderStrategy = readStrategy(x, svc);
    if (!capacityProviderStrategy.length && p.LaunchType !== 'FARGATE') fail(w('LaunchType'), `is ${JSON.stringify(p.LaunchType)}; the inventory describes FARGATE services, or services placed by a capacity provider strategy`);
    if (p.DeploymentController !== undefined && obj(p.DeploymentController, w('DeploymentController')).Type !== 'ECS') fail(w('DeploymentController'), 'only the ECS (rolling) deployment controller is in the inventory');
    if (list(p.ServiceRegistries, w('ServiceRegistries')).length) fail(w('ServiceRegistries'), 'Cloud Map service registries are not in the inventory');
    if (list(c.EnvironmentFiles, tw('EnvironmentFiles')).length) fail(tw('EnvironmentFiles'), 'is not in the inventory (environment records plain variables only)');
    const secrets = readSecrets(t, names.stores, c.Secrets, tw('Secrets'));
    if (secrets.length && tp.ExecutionRoleArn === undefined) fail(tw('ExecutionRoleArn'), 'is missing, yet the container has secrets (ECS reads them with the execution role)');

    // One port, or none (a queue worker, which then has no load balancer and no Service Connect name).
    const ports = list(c.PortMappings, tw('PortMappings'));
    if (ports.length > 1) fail(tw('PortMappings'), `has ${ports.length} port mappings; the inventory records one at most`);
    const port = ports.length ? obj(ports[0], tw('PortMappings[0]')) : undefined;
    if (!port && list(p.LoadBalancers, w('LoadBalancers')).length) fail(w('LoadBalancers'), 'a container without a port mapping behind a load balancer');
    const logGroup = t.target(obj(obj(c.LogConfiguration, tw('LogConfiguration')).Options, tw('LogConfiguration.Options'))['awslogs-group'], [T.logGroup], tw('awslogs-group'));
    names.ownLogGroup(logGroup, `service:${key}`, td);
    const net = awsvpc(t, svc);
    const dc = obj(p.DeploymentConfiguration, w('DeploymentConfiguration'));
    const cb = obj(dc.DeploymentCircuitBreaker, w('DeploymentConfiguration.DeploymentCircuitBreaker'));
    const arch = r.str(obj(tp.RuntimePlatform, tw('RuntimePlatform')).CpuArchitecture ?? 'X86_64', tw('RuntimePlatform.CpuArchitecture'));
    if (arch !== 'ARM64' && arch !== 'X86_64') fail(tw('RuntimePlatform.CpuArchitecture'), `unknown architecture ${arch}`);

    let serviceConnect: ServiceInventory['serviceConnect'] = null;
    const sc = obj(p.ServiceConnectConfiguration, w('ServiceConnectConfiguration'));
    if (r.bool(sc.Enabled, false, w('ServiceConnectConfiguration.Enabled'))) {
      const sw = w('ServiceConnectConfiguration');
      let namespace: string;
      if (refOf(sc.Namespace)) {
        const ns = t.target(sc.Namespace, [T.httpNamespace], `${sw}.Namespace`);
        namespaces.add(ns);
        namespace = r.str(t.props(ns).Name, t.where(ns, 'Name'));
      } else namespace = r.str(sc.Namespace, `${sw}.Namespace`);
      const exposed = list(sc.Services, `${sw}.Services`);
      if (exposed.length > 1) fail(`${sw}.Services`, 'exposes more than one port; the inventory records one');
      const aliases = exposed.length ? list(obj(exposed[0], `${sw}.Services[0]`).ClientAliases, `${sw}.Services[0].ClientAliases`) : [];
      if (aliases.length > 1) fail(`${sw}.Services[0].ClientAliases`, 'has more than one client alias; the inventory records one');
      const alias = obj(aliases[0], `${sw}.Services[0].ClientAliases[0]`);
      serviceConnect = {
        namespace,
        dnsName: alias.DnsName === undefined ? null : r.str(alias.DnsName, `${sw}.DnsName`),
        port: alias.Port === undefined ? null : r.num(alias.Port, `${sw}.Port`),
      };
    }

    return {
      key,
      sizing: sizingOf(t, r, svc),
      launchType: capacityProviderStrategy.length ? null : 'FARGATE',
      capacityProviderStrategy,
      cpu: r.num(tp.Cpu, tw('Cpu')),
      memory: r.num(tp.Memory, tw('Memory')),
      architecture: arch,
      image: r.str(c.Image, tw('Image')),
      containerPort: port ? r.num(port.ContainerPort, tw('PortMappings[0].ContainerPort')) : null,
      portName: (port && r.optStr(port.Name, tw('PortMappings[0].Name'))) ?? null,
      appProtocol: (port && r.optStr(port.AppProtocol, tw('PortMappings[0].AppProtocol'))) ?? null,
      environment: list(c.Environment, tw('Environment')).map((e, i) => {
        const ew = tw(`Environment[${i}]`);
        return `${r.str(obj(e, ew).Name, ew)}=${x.value(obj(e, ew).Value, ew)}`;
      }),
      logRetentionDays: x.retention(logGroup),
      subnets: x.span(net.Subnets, w('Subnets')),
      assignPublicIp: r.str(net.AssignPublicIp ?? 'DISABLED', w('AssignPublicIp')) === 'ENABLED',
      desiredCount: p.DesiredCount === undefined ? null : r.num(p.DesiredCount, w('DesiredCount')),
      // Absent values take AWS's defaults for a rolling (ECS) deployment.
      deployment: {
        circuitBreaker: r.bool(cb.Enable, false, w('DeploymentCircuitBreaker.Enable')),
        rollback: r.bool(cb.Rollback, false, w('DeploymentCircuitBreaker.Rollback')),
        minHealthyPercent: r.numOr(dc.MinimumHealthyPercent, 100, w('MinimumHealthyPercent')),
        maxPercent: r.numOr(dc.MaximumPercent, 200, w('MaximumPercent')),
      },
      healthCheckGraceSeconds: p.HealthCheckGracePeriodSeconds === undefined ? null : r.num(p.HealthCheckGracePeriodSeconds, w('HealthCheckGracePeriodSeconds')),
      targetGroups: list(p.LoadBalancers, w('LoadBalancers')).map((lb, i) => {
        const lw = w(`LoadBalancers[${i}]`);
        if (obj(lb, lw).LoadBalancerName !== undefined) fail(lw, 'classic load balancers are not in the inventory');
        return names.targetGroup(t.target(obj(lb, lw).TargetGroupArn, [T.targetGroup], `${lw}.TargetGroupArn`));
      }),
      ingress: x.ingressOf(net.SecurityGroups, w('SecurityGroups')),
      egress: x.egressOf(net.SecurityGroups, w('SecurityGroups')),
      serviceConnect,
      scaling: scaling.get(key) ?? null,
      roles: { task: tp.TaskRoleArn !== undefined, execution: tp.ExecutionRoleArn !== undefined },
      // The task role's, not the execution role's: what the application may do.
      permissions: tp.TaskRoleArn === undefined ? [] : readPermissions(t, x.arns, t.target(tp.TaskRoleArn, ['AWS::IAM::Role'], tw('TaskRoleArn'))),
      secrets,
      // The execution role's, beyond pulling images and writing logs: the secrets ECS reads at task start.
      executionPermissions: tp.ExecutionRoleArn === undefined ? [] : readExecutionPermissions(t, x.arns, t.target(tp.ExecutionRoleArn, ['AWS::IAM::Role'], tw('ExecutionRoleArn')), logGroup),
    };
  });
  for (const ns of t.ofType(T.httpNamespace)) if (!namespaces.has(ns)) fail(t.where(ns), 'no service uses it through Service Connect');
  return services;
}

/** The ECS cluster's Container Insights setting (ClusterSettings containerInsights), disabled when absent, null without a cluster; a second cluster or any other setting throws. */
export function readContainerInsights(x: Context): string | null {
  const { t, r } = x;
  const clusters = t.ofType(T.cluster);
  if (!clusters.length) return null;
  if (clusters.length !== 1) fail(`template: ${clusters.length} ECS clusters`, 'the inventory reads one cluster per stack');
  const [id] = clusters;
  onlyKnown(t, id, ['ClusterSettings', 'Tags'], 'an ECS cluster');
  let value = 'disabled';
  list(t.props(id).ClusterSettings ?? [], t.where(id, 'ClusterSettings')).forEach((v, i) => {
    const where = t.where(id, `ClusterSettings[${i}]`);
    const setting = obj(v, where);
    if (setting.Name !== 'containerInsights') fail(where, `${JSON.stringify(setting.Name)} is not a cluster setting the inventory reads`);
    value = r.str(setting.Value, `${where}.Value`);
  });
  return value;
}
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/**
 * A service's capacity provider strategy: each item's provider (FARGATE or FARGATE_SPOT, associated with the
 * cluster), base and weight (AWS's defaults when absent: 0). A strategy beside a launch type throws (ECS refuses
 * both), as does a service that does not DependsOn the association (ECS refuses a provider the cluster lacks yet).
 */
function readStrategy(x: Context, svc: string): ServiceInventory['capacityProviderStrategy'] {
  const { t, r } = x;
  const w = (field: string) => t.where(svc, field);
  const items = list(t.props(svc).CapacityProviderStrategy ?? [], w('CapacityProviderStrategy'));
  if (!items.length) return [];
  if (t.props(svc).LaunchType !== undefined) fail(w('LaunchType'), 'is set beside a capacity provider strategy: ECS takes one or the other');
  const cluster = clusterCapacity(x);
  if (!cluster.association) fail(w('CapacityProviderStrategy'), 'names capacity providers, but the cluster has none associated (AWS::ECS::ClusterCapacityProviderAssociations)');
  if (!t.dependsOn(svc).includes(cluster.association)) fail(w('DependsOn'), `does not wait for the cluster's capacity provider association (${cluster.association}): ECS refuses a provider the cluster does not have yet`);
  return items.map((v, i) => {
    const where = w(`CapacityProviderStrategy[${i}]`);
    const item = obj(v, where);
    const provider = r.str(item.CapacityProvider, `${where}.CapacityProvider`);
    if (!cluster.providers!.includes(provider)) fail(`${where}.CapacityProvider`, `${provider} is not associated with the cluster (${cluster.providers!.join(', ')})`);
    return { capacityProvider: provider, base: r.numOr(item.Base, 0, `${where}.Base`), weight: r.numOr(item.Weight, 0, `${where}.Weight`) };
  });
}

/** The cluster's capacity provider association and its providers (null without a cluster, [] without an association). */
function clusterCapacity(x: Context): { providers: string[] | null; association?: string } {
  const { t, r } = x;
  const clusters = t.ofType(T.cluster);
  const associations = t.ofType(T.capacityProviderAssociations);
  if (!clusters.length) {
    if (associations.length) fail(t.where(associations[0]), 'a capacity provider association without an ECS cluster');
    return { providers: null };
  }
  if (associations.length > 1) fail(t.where(associations[1]), 'a second capacity provider association; the inventory reads one per cluster');
  const [id] = associations;
  if (!id) return { providers: [] };
  onlyKnown(t, id, ['Cluster', 'CapacityProviders', 'DefaultCapacityProviderStrategy'], 'a capacity provider association');
  const p = t.props(id);
  t.target(p.Cluster, [T.cluster], t.where(id, 'Cluster'));
  if (list(p.DefaultCapacityProviderStrategy ?? [], t.where(id, 'DefaultCapacityProviderStrategy')).length) {
    fail(t.where(id, 'DefaultCapacityProviderStrategy'), 'a default capacity provider strategy is not in the inventory (every service names its launch type or strategy)');
  }
  const providers = list(p.CapacityProviders ?? [], t.where(id, 'CapacityProviders')).map((v, i) => {
    const provider = r.str(v, t.where(id, `CapacityProviders[${i}]`));
    if (!FARGATE_PROVIDERS.includes(provider)) fail(t.where(id, `CapacityProviders[${i}]`), `${provider}: only the Fargate capacity providers (${FARGATE_PROVIDERS.join(', ')}) are in the inventory`);
    return provider;
  });
  return { providers, association: id };
}

/** The capacity providers associated with the cluster, sorted; [] without an association, null without a cluster. */
export function readCapacityProviders(x: Context): string[] | null {
  const { providers } = clusterCapacity(x);
  return providers && [...providers].sort();
}
