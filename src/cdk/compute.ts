import { Duration, aws_ec2 as ec2, aws_ecs as ecs, aws_iam as iam, aws_logs as logs, aws_servicediscovery as sd } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AccessDesign, ServiceDesign } from '../design';
import { connectionValue, storeArn, type DataStore } from './data';
import type { LoadBalancing } from './load-balancing';
import { SUBNET_TYPE } from './network';
import { retention } from './retention';

/** The ECS cluster and one Fargate service per designed service, in private subnets. */
export class Compute extends Construct {
  readonly cluster: ecs.Cluster;
  readonly services = new Map<string, ecs.FargateService>();

  constructor(
    scope: Construct,
    id: string,
    props: { namespace?: string; services: ServiceDesign[]; vpc: ec2.IVpc; loadBalancing?: LoadBalancing; stores?: ReadonlyMap<string, DataStore> },
  ) {
    super(scope, id);
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    // Internal services are reached by name through Service Connect, inside the VPC only.
    const namespace = props.namespace ? new sd.HttpNamespace(this, 'Namespace', { name: props.namespace }) : undefined;

    const groups = new Map<string, ec2.SecurityGroup>();
    for (const s of props.services) {
      groups.set(s.key, new ec2.SecurityGroup(this, `SecurityGroup-${s.key}`, { vpc: props.vpc, description: `Service ${s.key}` }));
    }
    for (const s of props.services) {
      const service = new FargateServiceFor(this, `Service-${s.key}`, {
        design: s,
        cluster: this.cluster,
        securityGroup: groups.get(s.key)!,
        namespaceArn: s.serviceConnect || s.uses.length ? namespace?.namespaceArn : undefined,
        stores: props.stores ?? new Map(),
      }).service;
      this.services.set(s.key, service);
      const tg = props.loadBalancing?.targetGroups.get(s.key);
      // Attaching also opens the load balancer's security group to this service's port, and only that.
      if (tg) service.attachToApplicationTargetGroup(tg);
      // Edges: only the services that declare `uses` may reach an internal service, on its port.
      for (const caller of s.calledBy) {
        groups.get(s.key)!.addIngressRule(groups.get(caller)!, ec2.Port.tcp(s.port), `From service ${caller}`);
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
}

/** One service: log group, task definition (arm64 by default), and the service with its safe deployment. */
class FargateServiceFor extends Construct {
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const d = props.design;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: retention(d.logRetentionDays) });
    const task = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: d.cpu,
      memoryLimitMiB: d.memory,
      runtimePlatform: {
        cpuArchitecture: d.arch === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const store = (key: string) => props.stores.get(key) ?? fail(`service ${d.key} uses store ${key}, which is not rendered`);
    // Connections: where each store is, as the environment variables the design names.
    const connections = Object.fromEntries(d.connections.map((c) => [c.variable, connectionValue(store(c.store), c.attribute)]));
    task.addContainer(d.container.name, {
      image: ecs.ContainerImage.fromRegistry(d.image),
      portMappings: [{ containerPort: d.port, name: d.container.portName, appProtocol: ecs.AppProtocol[d.container.appProtocol] }],
      environment: { ...d.environment, ...connections },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: d.key }),
      essential: true,
    });
    // Access: one statement per store, exactly the design's actions on exactly that store. Not CDK's grant*
    // helpers (they add actions of their own, e.g. KMS), and not minimized (the feature flag would merge
    // statements), so the design stays the single source of every action and resource.
    const access = d.access.length
      ? new iam.Policy(this, 'DataAccess', {
          document: new iam.PolicyDocument({ minimize: false, statements: d.access.map((a) => statement(a, storeArn(store(a.store)))) }),
          roles: [task.taskRole],
        })
      : undefined;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: task,
      // No desired count: autoscaling owns it (from min), so a deploy never resets a scaled-out service.
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
            services: d.serviceConnect ? [{ portMappingName: d.container.portName, dnsName: d.serviceConnect.dnsName, port: d.serviceConnect.port }] : undefined,
          }
        : undefined,
    });
    // Tasks start only once their role may reach the stores.
    if (access) this.service.node.addDependency(access);
  }
}

function statement(a: AccessDesign, arn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: a.actions, resources: a.resources.map((suffix) => `${arn}${suffix}`) });
}

function fail(message: string): never {
  throw new Error(message);
}
