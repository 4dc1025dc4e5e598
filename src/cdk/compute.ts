import { Duration, aws_ec2 as ec2, aws_ecs as ecs, aws_servicediscovery as sd } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FargateCapacityProvider, ServiceDesign } from '../design';
import type { DataStore } from './data';
import type { LoadBalancing } from './load-balancing';
import { SUBNET_TYPE } from './network';
import { fargateTask } from './task';
import { tagSizing } from './tags';

/** The ECS cluster and one Fargate service per designed service or worker, in private subnets. */
export class Compute extends Construct {
  readonly cluster: ecs.Cluster;
  readonly services = new Map<string, ecs.FargateService>();
  /** Each service's security group, by key: what the stores its tasks reach admit. */
  readonly securityGroups = new Map<string, ec2.SecurityGroup>();

  constructor(
    scope: Construct,
    id: string,
    props: {
      namespace?: string;
      services: ServiceDesign[];
      vpc: ec2.IVpc;
      loadBalancing?: LoadBalancing;
      stores?: ReadonlyMap<string, DataStore>;
      containerInsights: 'enabled';
      /** Design.capacityProviders: associated with the cluster, for the services that place their tasks with a strategy. */
      capacityProviders?: FargateCapacityProvider[];
    },
  ) {
    super(scope, id);
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc, containerInsightsV2: CONTAINER_INSIGHTS[props.containerInsights] });
    // The association itself rather than the cluster's enableFargateCapacityProviders, which adds it in an aspect at
    // synth: a service whose strategy names a provider must DependsOn the association (ECS refuses a provider the
    // cluster does not have yet), and only a construct that exists now can be depended on. No default strategy:
    // every service says how it places its tasks.
    const capacityProviders = props.capacityProviders?.length
      ? new ecs.CfnClusterCapacityProviderAssociations(this, 'CapacityProviders', {
          cluster: this.cluster.clusterName,
          capacityProviders: props.capacityProviders,
          defaultCapacityProviderStrategy: [],
        })
      : undefined;
    // Internal services are reached by name through Service Connect, inside the VPC only.
    const namespace = props.namespace ? new sd.HttpNamespace(this, 'Namespace', { name: props.namespace }) : undefined;

    const groups = this.securityGroups;
    for (const s of props.services) {
      groups.set(s.key, new ec2.SecurityGroup(this, `SecurityGroup-${s.key}`, { vpc: props.vpc, description: `${s.kind === 'worker' ? 'Worker' : 'Service'} ${s.key}` }));
    }
    for (const s of props.services) {
      const service = new FargateServiceFor(this, `Service-${s.key}`, {
        design: s,
        cluster: this.cluster,
        capacityProviders,
        securityGroup: groups.get(s.key)!,
        namespaceArn: s.serviceConnect || s.uses.length ? namespace?.namespaceArn : undefined,
        stores: props.stores ?? new Map(),
      }).service;
      this.services.set(s.key, service);
      const tg = props.loadBalancing?.targetGroups.get(s.key);
      // Attaching also opens the load balancer's security group to this service's port, and only that.
      if (tg) service.attachToApplicationTargetGroup(tg);
      // Edges: only the services that declare `uses` may reach an internal service, on its port (a worker has none).
      if (s.kind === 'http') {
        for (const caller of s.calledBy) {
          groups.get(s.key)!.addIngressRule(groups.get(caller)!, ec2.Port.tcp(s.port), `From service ${caller}`);
        }
      }
    }
  }
}

interface FargateServiceProps {
  design: ServiceDesign;
  cluster: ecs.ICluster;
  securityGroup: ec2.ISecurityGroup;
  namespaceArn?: string;
  stores: ReadonlyMap<string, DataStore>;
  /** The cluster's capacity provider association: what a service with a strategy is created after. */
  capacityProviders?: ecs.CfnClusterCapacityProviderAssociations;
}

/**
 * One service: log group, task definition (arm64 by default), and the service with its safe deployment.
 * A worker's container has no port mapping, and its service no load balancer, health check or Service Connect name.
 */
class FargateServiceFor extends Construct {
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const d = props.design;
    const { task, access, secretReader } = fargateTask(
      this,
      d,
      props.stores,
      d.kind === 'http' ? { portMappings: [{ containerPort: d.port, name: d.container.portName, appProtocol: ecs.AppProtocol[d.container.appProtocol] }] } : {},
    );
    // A Spot worker: its capacity provider strategy instead of launch type FARGATE.
    const capacity = d.kind === 'worker' ? d.capacity : undefined;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: task,
      capacityProviderStrategies: capacity?.strategy.map((x) => ({ capacityProvider: x.capacityProvider, base: x.base, weight: x.weight })),
      // No desired count (unless the design fixes the first one: 0 in a pilot-light standby): autoscaling
      // owns it (from min), so a deploy never resets a scaled-out service.
      desiredCount: d.initialTasks,
      minHealthyPercent: d.deployment.minHealthyPercent,
      maxHealthyPercent: d.deployment.maxPercent,
      circuitBreaker: { enable: true, rollback: d.deployment.circuitBreakerRollback },
      vpcSubnets: { subnetType: SUBNET_TYPE[d.subnets] },
      securityGroups: [props.securityGroup],
      assignPublicIp: d.assignPublicIp,
      healthCheckGracePeriod: d.healthCheck ? Duration.seconds(d.healthCheck.graceSeconds) : undefined,
      serviceConnectConfiguration: props.namespaceArn
        ? {
            namespace: props.namespaceArn,
            // A client only (a worker, or a service nobody calls): no name of its own.
            services:
              d.kind === 'http' && d.serviceConnect ? [{ portMappingName: d.container.portName, dnsName: d.serviceConnect.dnsName, port: d.serviceConnect.port }] : undefined,
          }
        : undefined,
    });
    tagSizing(this.service, d.sizing, 'AWS::ECS::Service');
    if (capacity) {
      if (!props.capacityProviders) throw new Error(`service ${d.key}: a capacity provider strategy, but the cluster has no capacity providers`);
      this.service.node.addDependency(props.capacityProviders);
    }
    // Tasks start only once their role may reach the stores, and ECS may read their secrets.
    if (access) this.service.node.addDependency(access);
    if (secretReader) this.service.node.addDependency(secretReader);
  }
}

const CONTAINER_INSIGHTS = { enabled: ecs.ContainerInsights.ENABLED } as const;
