import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { FargateCapacityProvider, ServiceDesign, SubnetTier } from '../design';
import type { RenderedStore } from './data';
import type { LoadBalancing } from './load-balancing';
import { fargateTask } from './task';
import { sizedTags } from './tags';

/** The ECS cluster and one Fargate service per designed service or worker (mirrors src/cdk/compute.ts). */
export class Compute extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly services = new Map<string, aws.ecs.Service>();
  /** Each service's security group, by key: databases and caches admit their clients from these. */
  readonly securityGroups = new Map<string, aws.ec2.SecurityGroup>();

  constructor(
    name: string,
    args: {
      region: string;
      namespace?: string;
      services: ServiceDesign[];
      vpcId: pulumi.Input<string>;
      subnets: Map<SubnetTier, { id: pulumi.Input<string> }[]>;
      loadBalancing?: LoadBalancing;
      /** The data stores, by key: what `uses` edges grant access to and inject. */
      stores: Map<string, RenderedStore>;
      containerInsights: 'enabled';
      /** Design.capacityProviders: associated with the cluster, for the services that place their tasks with a strategy. */
      capacityProviders?: FargateCapacityProvider[];
      /** The stack's customer-managed key: log groups and the tasks' key actions. */
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Compute', name, {}, opts);
    const parent = { parent: this };
    this.cluster = new aws.ecs.Cluster(`${name}-cluster`, { settings: [{ name: 'containerInsights', value: args.containerInsights }] }, parent);
    // No default strategy: every service says how it places its tasks. A service with a strategy depends on it
    // (ECS refuses a provider the cluster does not have yet).
    const capacityProviders = args.capacityProviders?.length
      ? new aws.ecs.ClusterCapacityProviders(`${name}-capacity-providers`, { clusterName: this.cluster.name, capacityProviders: args.capacityProviders }, parent)
      : undefined;
    // Internal services are reached by name through Service Connect, inside the VPC only.
    const namespace = args.namespace ? new aws.servicediscovery.HttpNamespace(`${name}-namespace`, { name: args.namespace }, parent) : undefined;

    const groups = this.securityGroups;
    for (const s of args.services) {
      groups.set(
        s.key,
        new aws.ec2.SecurityGroup(
          `${name}-sg-${s.key}`,
          {
            vpcId: args.vpcId,
            description: `${s.kind === 'worker' ? 'Worker' : 'Service'} ${s.key}`,
            egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Allow all outbound traffic by default' }],
          },
          parent,
        ),
      );
    }
    for (const s of args.services) {
      const group = groups.get(s.key)!;
      const tg = args.loadBalancing?.targetGroups.get(s.key);
      if (tg && args.loadBalancing && s.kind === 'http') {
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-ingress-${s.key}-from-load-balancer`,
          { securityGroupId: group.id, referencedSecurityGroupId: args.loadBalancing.securityGroup.id, ipProtocol: 'tcp', fromPort: s.port, toPort: s.port, description: 'Load balancer to target' },
          parent,
        );
      }
      // Edges: only the services that declare `uses` may reach an internal service, on its port (a worker has none).
      const port = s.kind === 'http' ? s.port : undefined;
      for (const caller of port === undefined ? [] : s.calledBy) {
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-ingress-${s.key}-from-${caller}`,
          { securityGroupId: group.id, referencedSecurityGroupId: groups.get(caller)!.id, ipProtocol: 'tcp', fromPort: port, toPort: port, description: `From service ${caller}` },
          parent,
        );
      }
      this.services.set(
        s.key,
        this.service(name, s, {
          region: args.region,
          securityGroup: group,
          subnetIds: (args.subnets.get(s.subnets) ?? []).map((x) => x.id),
          namespaceArn: s.serviceConnect || s.uses.length ? namespace?.arn : undefined,
          targetGroup: tg,
          dependsOn: args.loadBalancing?.attachments ?? [],
          capacityProviders,
          stores: args.stores,
          key: args.key,
        }),
      );
    }
    this.registerOutputs({ clusterName: this.cluster.name });
  }

  /**
   * One service: log group, roles, task definition (arm64 by default) and the service with its safe deployment.
   * A worker's container has no port mapping, and its service no load balancer, health check or Service Connect name.
   */
  private service(
    name: string,
    d: ServiceDesign,
    x: {
      region: string;
      securityGroup: aws.ec2.SecurityGroup;
      subnetIds: pulumi.Input<string>[];
      namespaceArn?: pulumi.Input<string>;
      targetGroup?: aws.lb.TargetGroup;
      dependsOn: pulumi.Resource[];
      capacityProviders?: aws.ecs.ClusterCapacityProviders;
      stores: Map<string, RenderedStore>;
      key?: pulumi.Output<string>;
    },
  ): aws.ecs.Service {
    const prefix = `${name}-svc-${d.key}`;
    const { task } = fargateTask(
      prefix,
      {
        ...d,
        container:
          d.kind === 'http'
            ? { name: d.container.name, port: { containerPort: d.port, name: d.container.portName, appProtocol: d.container.appProtocol } }
            : { name: d.container.name },
        region: x.region,
        stackKey: x.key,
      },
      x.stores,
      { parent: this },
    );
    // A Spot worker: its capacity provider strategy instead of launch type FARGATE.
    const capacity = d.kind === 'worker' ? d.capacity : undefined;
    if (capacity && !x.capacityProviders) throw new Error(`service ${d.key}: a capacity provider strategy, but the cluster has no capacity providers`);
    return new aws.ecs.Service(
      `${prefix}-service`,
      {
        cluster: this.cluster.arn,
        taskDefinition: task.arn,
        // The AWS provider updates a strategy in place (from launch type FARGATE, or to another strategy) only with a
        // new deployment, as CloudFormation starts one by itself.
        ...(capacity
          ? { capacityProviderStrategies: capacity.strategy.map((s) => ({ capacityProvider: s.capacityProvider, base: s.base, weight: s.weight })), forceNewDeployment: true }
          : { launchType: 'FARGATE' }),
        // No desired count: autoscaling owns it (from min), so a deploy never resets a scaled-out service;
        // unless the design fixes the count it starts with (0: a pilot-light standby runs nothing).
        ...(d.initialTasks !== undefined ? { desiredCount: d.initialTasks } : {}),
        deploymentCircuitBreaker: { enable: true, rollback: d.deployment.circuitBreakerRollback },
        deploymentMinimumHealthyPercent: d.deployment.minHealthyPercent,
        deploymentMaximumPercent: d.deployment.maxPercent,
        networkConfiguration: { subnets: x.subnetIds, securityGroups: [x.securityGroup.id], assignPublicIp: d.assignPublicIp },
        healthCheckGracePeriodSeconds: d.healthCheck?.graceSeconds,
        loadBalancers: x.targetGroup && d.kind === 'http' ? [{ targetGroupArn: x.targetGroup.arn, containerName: d.container.name, containerPort: d.port }] : undefined,
        serviceConnectConfiguration: x.namespaceArn
          ? {
              enabled: true,
              namespace: x.namespaceArn,
              // A client only (a worker, or a service nobody calls): no name of its own.
              services:
                d.kind === 'http' && d.serviceConnect
                  ? [{ portName: d.container.portName, clientAlias: [{ dnsName: d.serviceConnect.dnsName, port: d.serviceConnect.port }] }]
                  : undefined,
            }
          : undefined,
        // What the service is sized for (its other tags are the provider's default tags).
        ...sizedTags(d.sizing),
      },
      { parent: this, dependsOn: [...(x.targetGroup ? x.dependsOn : []), ...(capacity && x.capacityProviders ? [x.capacityProviders] : [])] },
    );
  }
}
