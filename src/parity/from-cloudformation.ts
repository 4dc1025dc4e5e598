/*
 * The capability inventory of a CloudFormation template (what `cdk synth`
 * emits), read from the template alone: never from the design, and without
 * aws-cdk-lib, so it states what CloudFormation would really deploy.
 * docs/PARITY.md explains the inventory and how a concern extends it.
 */
import { attributes, CfnTemplate, fail, list, obj, refOf, Resolver, type CfnRef } from './cfn-template';
import { dashboardWidgets } from './cfn-dashboard';
import { ArnResolver, DATA_TYPES, kmsKey, readPermissions, readStores, StoreNames } from './cfn-data';
import { sortInventory } from './sort';
import type {
  AlarmInventory,
  DashboardInventory,
  Inventory,
  ListenerAction,
  LoadBalancerInventory,
  LogGroupInventory,
  MetricRef,
  NetworkInventory,
  ServiceInventory,
  TargetGroupInventory,
  TopicInventory,
} from './inventory';

const T = {
  vpc: 'AWS::EC2::VPC',
  subnet: 'AWS::EC2::Subnet',
  routeTable: 'AWS::EC2::RouteTable',
  association: 'AWS::EC2::SubnetRouteTableAssociation',
  route: 'AWS::EC2::Route',
  igw: 'AWS::EC2::InternetGateway',
  igwAttachment: 'AWS::EC2::VPCGatewayAttachment',
  nat: 'AWS::EC2::NatGateway',
  flowLog: 'AWS::EC2::FlowLog',
  restrictDefaultSg: 'Custom::VpcRestrictDefaultSG',
  lambda: 'AWS::Lambda::Function',
  securityGroup: 'AWS::EC2::SecurityGroup',
  ingress: 'AWS::EC2::SecurityGroupIngress',
  egress: 'AWS::EC2::SecurityGroupEgress',
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  listener: 'AWS::ElasticLoadBalancingV2::Listener',
  listenerRule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  certificate: 'AWS::CertificateManager::Certificate',
  cluster: 'AWS::ECS::Cluster',
  taskDefinition: 'AWS::ECS::TaskDefinition',
  service: 'AWS::ECS::Service',
  httpNamespace: 'AWS::ServiceDiscovery::HttpNamespace',
  scalableTarget: 'AWS::ApplicationAutoScaling::ScalableTarget',
  scalingPolicy: 'AWS::ApplicationAutoScaling::ScalingPolicy',
  logGroup: 'AWS::Logs::LogGroup',
  alarm: 'AWS::CloudWatch::Alarm',
  dashboard: 'AWS::CloudWatch::Dashboard',
  subscription: 'AWS::SNS::Subscription',
  // Buckets, queues, tables, topics (the alarm topic among them) and their resource policies.
  ...DATA_TYPES,
} as const;

/**
 * Resource types with no entry of their own in the inventory, and why. Every
 * other type must be read into the inventory, or the reader throws.
 */
export const SKIPPED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role':
    'identity, not capability: a service has roles.task / roles.execution; a task role is read for its policies (services[].permissions), other roles (execution, flow logs, custom-resource providers) are plumbing',
  'AWS::IAM::Policy':
    "read when attached to a service's task role (services[].permissions, resources named by store); the execution role's, flow logs' and custom-resource providers' policies are plumbing, not the application's access",
  'AWS::EC2::EIP': "a NAT gateway's public address; the NAT gateway itself is in network.natGateways",
  [T.igwAttachment]: 'read only to check that the internet gateway is attached to the VPC (network.internetGateway)',
  [T.routeTable]: 'read only to classify subnets (tier) and network.privateRoutes; every route table must be associated',
  [T.association]: 'read only to find each subnet\'s route table (tier)',
  [T.route]: 'read only to classify subnets (0.0.0.0/0 to an internet gateway: public, to a NAT gateway: private); other destinations throw',
  [T.cluster]: 'a container for the services; named "cluster" in metric dimensions; its settings are not a concern yet',
  [T.lambda]: 'only as the provider of Custom::VpcRestrictDefaultSG (network.defaultSecurityGroupRestricted); any other function throws',
  'AWS::CDK::Metadata': "CDK's version analytics, not infrastructure",
};

/** Types the reader turns into inventory entries (or consults to name them). */
const READ_TYPES = new Set<string>(Object.values(T));

const TIERS = ['public', 'private', 'isolated'] as const;
type Tier = (typeof TIERS)[number];

/** What a template's resources are, by logical ID: the names the inventory gives them. */
class Names {
  readonly serviceKeyOfTask = new Map<string, string>();
  readonly serviceKey = new Map<string, string>();
  readonly targetGroupKey = new Map<string, string>();
  readonly securityGroupOwner = new Map<string, string>();
  readonly logGroupOwner = new Map<string, string>();
  loadBalancer?: string;
  /** Data stores ("bucket:reports", ...) and the alarm topic ("topic"), by logical ID. */
  readonly stores: StoreNames;

  constructor(private readonly t: CfnTemplate, private readonly r: Resolver) {
    const lbs = t.ofType(T.loadBalancer);
    if (lbs.length > 1) fail(t.where(lbs[1]), `the inventory names one load balancer ("load-balancer"); the template has ${lbs.length}: ${lbs.join(', ')}`);
    this.loadBalancer = lbs[0];
    this.stores = new StoreNames(t, r);

    // A service's key is the awslogs stream prefix of its task definition's container.
    for (const td of t.ofType(T.taskDefinition)) {
      const options = obj(obj(container(t, td).LogConfiguration, t.where(td, 'LogConfiguration')).Options, t.where(td, 'LogConfiguration.Options'));
      const prefix = options['awslogs-stream-prefix'];
      if (prefix === undefined) fail(t.where(td), 'its container has no awslogs-stream-prefix, the blueprint service key');
      this.serviceKeyOfTask.set(td, r.str(prefix, t.where(td, 'awslogs-stream-prefix')));
    }
    const run = new Set<string>();
    for (const svc of t.ofType(T.service)) {
      const td = t.target(t.props(svc).TaskDefinition, [T.taskDefinition], t.where(svc, 'TaskDefinition'));
      run.add(td);
      const key = this.serviceKeyOfTask.get(td)!;
      const other = [...this.serviceKey].find(([, k]) => k === key);
      if (other) fail(t.where(svc), `has the service key "${key}" of ${other[0]} too`);
      this.serviceKey.set(svc, key);
      for (const [i, lb] of list(t.props(svc).LoadBalancers, t.where(svc, 'LoadBalancers')).entries()) {
        const where = t.where(svc, `LoadBalancers[${i}]`);
        const tg = t.target(obj(lb, where).TargetGroupArn, [T.targetGroup], `${where}.TargetGroupArn`);
        const owner = this.targetGroupKey.get(tg);
        if (owner !== undefined && owner !== key) fail(t.where(tg), `services "${owner}" and "${key}" both register in it; the inventory names a target group by its one service`);
        this.targetGroupKey.set(tg, key);
      }
    }
    for (const td of t.ofType(T.taskDefinition)) if (!run.has(td)) fail(t.where(td), 'no ECS service runs it');

    // Security groups are named by who they protect.
    const own = (sg: string, owner: string, by: string) => {
      const had = this.securityGroupOwner.get(sg);
      if (had !== undefined && had !== owner) fail(t.where(sg), `is shared by ${had} and ${owner} (${by}); the inventory names a group by its one owner`);
      this.securityGroupOwner.set(sg, owner);
    };
    if (this.loadBalancer) {
      for (const sg of list(t.props(this.loadBalancer).SecurityGroups, t.where(this.loadBalancer, 'SecurityGroups'))) {
        own(t.target(sg, [T.securityGroup], t.where(this.loadBalancer, 'SecurityGroups')), 'load-balancer', this.loadBalancer);
      }
    }
    for (const [svc, key] of this.serviceKey) {
      const where = t.where(svc, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups');
      for (const sg of list(awsvpc(t, svc).SecurityGroups, where)) own(t.target(sg, [T.securityGroup], where), `service:${key}`, svc);
    }
    for (const sg of t.ofType(T.securityGroup)) {
      if (!this.securityGroupOwner.has(sg)) fail(t.where(sg), 'protects neither the load balancer nor an ECS service');
    }
  }

  targetGroup(id: string): string {
    const key = this.targetGroupKey.get(id);
    if (key === undefined) fail(this.t.where(id), 'no ECS service registers in it, so it has no name ("target-group:<service>")');
    return `target-group:${key}`;
  }

  service(id: string): string {
    return `service:${this.serviceKey.get(id)!}`;
  }

  /** Records what a log group is for; it may have one owner only. */
  ownLogGroup(id: string, owner: string, by: string): void {
    const had = this.logGroupOwner.get(id);
    if (had !== undefined && had !== owner) fail(this.t.where(id), `is used by ${had} and by ${owner} (${by})`);
    this.logGroupOwner.set(id, owner);
  }

  /**
   * The symbolic name of a reference inside a string (a metric dimension, a
   * scaling resource label, a dashboard body). Only the attribute each
   * consumer needs is named: a load balancer's ARN where its full name
   * belongs would deploy and monitor nothing, so it throws instead.
   */
  symbol = (ref: CfnRef, where: string): string => {
    const type = this.t.type(ref.id);
    if (type === undefined) {
      if (ref.attr === 'Ref' && ref.id.startsWith('AWS::')) return `\${${ref.id}}`;
      fail(where, `references ${ref.id}, which is not a resource of the template (parameters are not read)`);
    }
    if (type === T.loadBalancer && ref.attr === 'LoadBalancerFullName') return 'load-balancer';
    if (type === T.targetGroup && ref.attr === 'TargetGroupFullName') return this.targetGroup(ref.id);
    if (type === T.cluster && ref.attr === 'Ref') return 'cluster';
    if (type === T.service && ref.attr === 'Name') return this.service(ref.id);
    // A store where a connection belongs: a bucket's or table's name, a queue's URL, a topic's ARN.
    const store = this.stores.connection(ref);
    if (store !== undefined) return store;
    return fail(where, `a reference to ${ref.id} (${type}) ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} has no name in the inventory`);
  };
}

function container(t: CfnTemplate, td: string): Record<string, unknown> {
  const containers = list(t.props(td).ContainerDefinitions, t.where(td, 'ContainerDefinitions'));
  if (containers.length !== 1) fail(t.where(td), `has ${containers.length} containers; the inventory describes a service with exactly one`);
  return obj(containers[0], t.where(td, 'ContainerDefinitions[0]'));
}

function awsvpc(t: CfnTemplate, svc: string): Record<string, unknown> {
  const where = t.where(svc, 'NetworkConfiguration');
  return obj(obj(t.props(svc).NetworkConfiguration, where).AwsvpcConfiguration, `${where}.AwsvpcConfiguration`);
}

/** Everything the readers share: the template, the resolver, names, subnet tiers and security-group ingress. */
class Reader {
  readonly r: Resolver;
  readonly names: Names;
  /** Resolves IAM and resource-policy resources to store names ("bucket:reports/*"). */
  readonly arns: ArnResolver;
  readonly subnets = new Map<string, { tier: Tier; az: string; cidr: string; mapPublicIp: boolean }>();
  readonly ingress = new Map<string, string[]>();
  readonly egress = new Map<string, string[]>();

  constructor(readonly t: CfnTemplate) {
    let names: Names | undefined;
    // The resolver names references through Names, which itself needs the resolver for plain strings.
    this.r = new Resolver((ref, where) => (names ? names.symbol(ref, where) : fail(where, `cannot name ${ref.id} yet`)));
    names = this.names = new Names(t, this.r);
    this.arns = new ArnResolver(t, names.stores);
  }

  /** The tier and number of the subnets a resource spans; they must share one tier. */
  span(v: unknown, where: string): { tier: string; count: number } {
    const ids = list(v, where).map((s) => this.t.target(s, [T.subnet], where));
    if (ids.length === 0) fail(where, 'names no subnets');
    const tiers = new Set(ids.map((id) => this.subnets.get(id)!.tier));
    if (tiers.size !== 1) fail(where, `spans subnets of several tiers (${[...tiers].join(', ')})`);
    return { tier: [...tiers][0], count: ids.length };
  }

  retention(logGroup: string): number {
    const days = this.t.props(logGroup).RetentionInDays;
    if (days === undefined) fail(this.t.where(logGroup), 'has no RetentionInDays (kept forever); the inventory records a retention in days');
    return this.r.num(days, this.t.where(logGroup, 'RetentionInDays'));
  }

  /** Who may connect to a security group: "0.0.0.0/0:443", "load-balancer:8080", "service:web:8080". */
  ingressOf(sgs: unknown, where: string): string[] {
    return list(sgs, where).flatMap((sg) => this.ingress.get(this.t.target(sg, [T.securityGroup], where)) ?? []);
  }

  /** Where a security group may connect to, in the same form. */
  egressOf(sgs: unknown, where: string): string[] {
    return list(sgs, where).flatMap((sg) => this.egress.get(this.t.target(sg, [T.securityGroup], where)) ?? []);
  }
}

export function inventoryFromTemplate(template: Record<string, unknown>): Inventory {
  const t = new CfnTemplate(template);
  for (const id of t.ids()) {
    const type = t.type(id)!;
    if (!READ_TYPES.has(type) && SKIPPED_RESOURCE_TYPES[type] === undefined) {
      fail(t.where(id), 'this resource type is not in the inventory (and not in SKIPPED_RESOURCE_TYPES): extend the inventory before rendering it (docs/PARITY.md)');
    }
  }
  const x = new Reader(t);
  const network = readNetwork(x);
  readIngress(x);
  const targetGroups = readTargetGroups(x);
  const loadBalancers = readLoadBalancers(x);
  const services = readServices(x);
  const alarms = readAlarms(x);
  const dashboards = readDashboards(x);
  const { buckets, queues, tables, topicTlsOnly } = readStores(t, x.r, x.names.stores, x.arns);
  const topics = readTopics(x, topicTlsOnly);
  const logGroups = readLogGroups(x);
  return sortInventory({ tags: readTags(t), network, loadBalancers, targetGroups, services, alarms, dashboards, topics, logGroups, buckets, queues, tables });
}

// ---------------------------------------------------------------- network

function readNetwork(x: Reader): NetworkInventory {
  const { t, r } = x;
  const vpcs = t.ofType(T.vpc);
  if (vpcs.length !== 1) fail('template', `has ${vpcs.length} VPCs (${vpcs.join(', ')}); the inventory describes exactly one`);
  const vpc = vpcs[0];

  const tableOf = new Map<string, string>();
  for (const a of t.ofType(T.association)) {
    const p = t.props(a);
    const subnet = t.target(p.SubnetId, [T.subnet], t.where(a, 'SubnetId'));
    const table = t.target(p.RouteTableId, [T.routeTable], t.where(a, 'RouteTableId'));
    if (tableOf.has(subnet)) fail(t.where(a), `${subnet} has a route table association already`);
    tableOf.set(subnet, table);
  }
  for (const table of t.ofType(T.routeTable)) {
    if (![...tableOf.values()].includes(table)) fail(t.where(table), 'is associated with no subnet');
  }

  const defaultRoute = new Map<string, { via: 'internet-gateway' | 'nat'; id: string }>();
  for (const route of t.ofType(T.route)) {
    const p = t.props(route);
    const table = t.target(p.RouteTableId, [T.routeTable], t.where(route, 'RouteTableId'));
    const dest = p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? p.DestinationPrefixListId;
    if (dest !== '0.0.0.0/0') fail(t.where(route), `routes ${JSON.stringify(dest)}; only default routes (0.0.0.0/0) are in the inventory`);
    const via =
      p.GatewayId !== undefined
        ? { via: 'internet-gateway' as const, id: t.target(p.GatewayId, [T.igw], t.where(route, 'GatewayId')) }
        : p.NatGatewayId !== undefined
          ? { via: 'nat' as const, id: t.target(p.NatGatewayId, [T.nat], t.where(route, 'NatGatewayId')) }
          : fail(t.where(route), 'is a default route to neither an internet gateway nor a NAT gateway');
    if (defaultRoute.has(table)) fail(t.where(route), `${table} has a default route already`);
    defaultRoute.set(table, via);
  }

  for (const s of t.ofType(T.subnet)) {
    const p = t.props(s);
    t.target(p.VpcId, [T.vpc], t.where(s, 'VpcId'));
    const table = tableOf.get(s) ?? fail(t.where(s), 'has no route table association, so its tier (public, private, isolated) cannot be told');
    const route = defaultRoute.get(table);
    const tier: Tier = !route ? 'isolated' : route.via === 'internet-gateway' ? 'public' : 'private';
    if (p.AvailabilityZone === undefined) fail(t.where(s), 'has no AvailabilityZone');
    x.subnets.set(s, {
      tier,
      az: r.str(p.AvailabilityZone, t.where(s, 'AvailabilityZone')),
      cidr: r.str(p.CidrBlock, t.where(s, 'CidrBlock')),
      mapPublicIp: r.bool(p.MapPublicIpOnLaunch, false, t.where(s, 'MapPublicIpOnLaunch')),
    });
  }

  const natAz = new Map<string, string>();
  for (const n of t.ofType(T.nat)) {
    const p = t.props(n);
    if (p.ConnectivityType !== undefined && p.ConnectivityType !== 'public') fail(t.where(n), `ConnectivityType ${JSON.stringify(p.ConnectivityType)}: only public NAT gateways are in the inventory`);
    const subnet = t.target(p.SubnetId, [T.subnet], t.where(n, 'SubnetId'));
    if (x.subnets.get(subnet)!.tier !== 'public') fail(t.where(n), `sits in ${subnet}, which is not a public subnet`);
    natAz.set(n, x.subnets.get(subnet)!.az);
  }

  const privateRoutes = [...x.subnets]
    .filter(([, s]) => s.tier === 'private')
    .map(([id, s]) => ({ az: s.az, natAz: natAz.get(defaultRoute.get(tableOf.get(id)!)!.id)! }));

  const attached = new Set<string>();
  for (const a of t.ofType(T.igwAttachment)) {
    const p = t.props(a);
    if (p.InternetGatewayId === undefined) fail(t.where(a), 'attaches no internet gateway (VPN gateways are not in the inventory)');
    t.target(p.VpcId, [T.vpc], t.where(a, 'VpcId'));
    attached.add(t.target(p.InternetGatewayId, [T.igw], t.where(a, 'InternetGatewayId')));
  }
  for (const igw of t.ofType(T.igw)) if (!attached.has(igw)) fail(t.where(igw), 'is attached to no VPC');

  const flowLogs = t.ofType(T.flowLog).map((f) => {
    const p = t.props(f);
    if (p.ResourceType !== 'VPC') fail(t.where(f), `logs a ${JSON.stringify(p.ResourceType)}; only flow logs of the VPC are in the inventory`);
    t.target(p.ResourceId, [T.vpc], t.where(f, 'ResourceId'));
    const destination = r.str(p.LogDestinationType ?? 'cloud-watch-logs', t.where(f, 'LogDestinationType'));
    if (destination !== 'cloud-watch-logs') fail(t.where(f), `delivers to ${destination}; only cloud-watch-logs is in the inventory`);
    const logGroup = t.target(p.LogGroupName ?? p.LogDestination, [T.logGroup], t.where(f, 'LogGroupName'));
    x.names.ownLogGroup(logGroup, 'flow-logs', f);
    return { trafficType: r.str(p.TrafficType, t.where(f, 'TrafficType')), destination: 'cloud-watch-logs' as const, retentionDays: x.retention(logGroup) };
  });

  // CDK strips the default security group with a custom resource backed by a Lambda function.
  const providers = new Set<string>();
  let restricted = false;
  for (const c of t.ofType(T.restrictDefaultSg)) {
    const p = t.props(c);
    const ref = refOf(p.DefaultSecurityGroupId);
    if (!ref || ref.id !== vpc || ref.attr !== 'DefaultSecurityGroup') fail(t.where(c, 'DefaultSecurityGroupId'), `is not the default security group of ${vpc}`);
    providers.add(t.target(p.ServiceToken, [T.lambda], t.where(c, 'ServiceToken')));
    restricted = true;
  }
  for (const fn of t.ofType(T.lambda)) {
    if (!providers.has(fn)) fail(t.where(fn), 'Lambda functions are not in the inventory (only the provider of Custom::VpcRestrictDefaultSG is skipped)');
  }

  return {
    vpcCidr: r.str(t.props(vpc).CidrBlock, t.where(vpc, 'CidrBlock')),
    // AWS's defaults: DNS support on, hostnames off.
    dnsSupport: r.bool(t.props(vpc).EnableDnsSupport, true, t.where(vpc, 'EnableDnsSupport')),
    dnsHostnames: r.bool(t.props(vpc).EnableDnsHostnames, false, t.where(vpc, 'EnableDnsHostnames')),
    azs: [...new Set([...x.subnets.values()].map((s) => s.az))],
    subnets: [...x.subnets.values()],
    natGateways: [...natAz.values()],
    internetGateway: t.ofType(T.igw).length > 0,
    privateRoutes,
    flowLogs,
    defaultSecurityGroupRestricted: restricted,
  };
}

// ------------------------------------------------------ security groups

/**
 * Inline ingress and egress of each security group, and the standalone
 * AWS::EC2::SecurityGroupIngress / SecurityGroupEgress resources.
 */
function readIngress(x: Reader): void {
  const { t, r, names } = x;
  const rule = (v: unknown, where: string, peerGroup: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId'): string => {
    const p = obj(v, where);
    let source: string;
    if (p.CidrIp !== undefined) source = r.str(p.CidrIp, `${where}.CidrIp`);
    else if (p.CidrIpv6 !== undefined) source = r.str(p.CidrIpv6, `${where}.CidrIpv6`);
    else if (p[peerGroup] !== undefined) source = names.securityGroupOwner.get(t.target(p[peerGroup], [T.securityGroup], `${where}.${peerGroup}`))!;
    else return fail(where, `has a peer other than CidrIp, CidrIpv6 or ${peerGroup}`);
    const protocol = r.str(p.IpProtocol, `${where}.IpProtocol`);
    if (protocol === '-1') return `${source}:all`;
    const from = r.num(p.FromPort, `${where}.FromPort`);
    const to = r.num(p.ToPort, `${where}.ToPort`);
    const ports = from === to ? `${from}` : `${from}-${to}`;
    return protocol === 'tcp' || protocol === '6' ? `${source}:${ports}` : `${source}:${protocol}/${ports}`;
  };
  for (const sg of t.ofType(T.securityGroup)) {
    const inWhere = t.where(sg, 'SecurityGroupIngress');
    x.ingress.set(sg, list(t.props(sg).SecurityGroupIngress, inWhere).map((v, i) => rule(v, `${inWhere}[${i}]`, 'SourceSecurityGroupId')));
    const outWhere = t.where(sg, 'SecurityGroupEgress');
    x.egress.set(sg, list(t.props(sg).SecurityGroupEgress, outWhere).map((v, i) => rule(v, `${outWhere}[${i}]`, 'DestinationSecurityGroupId')));
  }
  for (const [type, rules, peer] of [
    [T.ingress, x.ingress, 'SourceSecurityGroupId'],
    [T.egress, x.egress, 'DestinationSecurityGroupId'],
  ] as const) {
    for (const i of t.ofType(type)) {
      const p = t.props(i);
      if (p.GroupId === undefined) fail(t.where(i), 'names its group by GroupName; only GroupId is read');
      const sg = t.target(p.GroupId, [T.securityGroup], t.where(i, 'GroupId'));
      rules.get(sg)!.push(rule(p, t.where(i), peer));
    }
  }
}

// ------------------------------------------------------- load balancing

function readTargetGroups(x: Reader): TargetGroupInventory[] {
  const { t, r, names } = x;
  return t.ofType(T.targetGroup).map((tg) => {
    const p = t.props(tg);
    const w = (field: string) => t.where(tg, field);
    if (!r.bool(p.HealthCheckEnabled, true, w('HealthCheckEnabled'))) fail(t.where(tg), 'has its health check disabled');
    const attrs = attributes(p.TargetGroupAttributes, w('TargetGroupAttributes'), r);
    // Absent properties take AWS's defaults for an HTTP target group.
    return {
      name: names.targetGroup(tg),
      port: r.num(p.Port, w('Port')),
      protocol: r.str(p.Protocol, w('Protocol')),
      targetType: r.str(p.TargetType ?? 'instance', w('TargetType')),
      deregistrationDelaySeconds: r.numOr(attrs.get('deregistration_delay.timeout_seconds'), 300, w('deregistration_delay.timeout_seconds')),
      healthCheck: {
        path: r.str(p.HealthCheckPath ?? '/', w('HealthCheckPath')),
        intervalSeconds: r.numOr(p.HealthCheckIntervalSeconds, 30, w('HealthCheckIntervalSeconds')),
        healthyThreshold: r.numOr(p.HealthyThresholdCount, 5, w('HealthyThresholdCount')),
        unhealthyThreshold: r.numOr(p.UnhealthyThresholdCount, 2, w('UnhealthyThresholdCount')),
      },
    };
  });
}

function readLoadBalancers(x: Reader): LoadBalancerInventory[] {
  const { t, r } = x;
  const certificates = new Set<string>();
  const listenersByLb = new Map<string, string[]>();
  for (const l of t.ofType(T.listener)) {
    const lb = t.target(t.props(l).LoadBalancerArn, [T.loadBalancer], t.where(l, 'LoadBalancerArn'));
    listenersByLb.set(lb, [...(listenersByLb.get(lb) ?? []), l]);
  }
  const rulesByListener = new Map<string, string[]>();
  for (const rule of t.ofType(T.listenerRule)) {
    const l = t.target(t.props(rule).ListenerArn, [T.listener], t.where(rule, 'ListenerArn'));
    rulesByListener.set(l, [...(rulesByListener.get(l) ?? []), rule]);
  }

  const lbs = t.ofType(T.loadBalancer).map((lb): LoadBalancerInventory => {
    const p = t.props(lb);
    const w = (field: string) => t.where(lb, field);
    const type = r.str(p.Type ?? 'application', w('Type'));
    if (type !== 'application') fail(t.where(lb), `is a ${type} load balancer; only application load balancers are in the inventory`);
    if (p.SubnetMappings !== undefined) fail(t.where(lb), 'uses SubnetMappings; only Subnets are read');
    const scheme = r.str(p.Scheme ?? 'internet-facing', w('Scheme'));
    if (scheme !== 'internet-facing' && scheme !== 'internal') fail(w('Scheme'), `unknown scheme ${scheme}`);
    const attrs = attributes(p.LoadBalancerAttributes, w('LoadBalancerAttributes'), r);
    return {
      scheme,
      subnets: x.span(p.Subnets, w('Subnets')),
      // AWS's defaults when the attribute is absent.
      idleTimeoutSeconds: r.numOr(attrs.get('idle_timeout.timeout_seconds'), 60, w('idle_timeout.timeout_seconds')),
      dropInvalidHeaderFields: r.bool(attrs.get('routing.http.drop_invalid_header_fields.enabled'), false, w('routing.http.drop_invalid_header_fields.enabled')),
      ingress: x.ingressOf(p.SecurityGroups, w('SecurityGroups')),
      egress: x.egressOf(p.SecurityGroups, w('SecurityGroups')),
      listeners: (listenersByLb.get(lb) ?? []).map((l) => {
        const lp = t.props(l);
        const lw = (field: string) => t.where(l, field);
        const certs = list(lp.Certificates, lw('Certificates'));
        if (certs.length > 1) fail(lw('Certificates'), 'has more than one certificate; the inventory records one');
        return {
          port: r.num(lp.Port, lw('Port')),
          protocol: r.str(lp.Protocol, lw('Protocol')),
          // null: not written (AWS picks its default policy for HTTPS).
          sslPolicy: lp.SslPolicy === undefined ? null : r.str(lp.SslPolicy, lw('SslPolicy')),
          certificate: certs.length ? certificate(x, obj(certs[0], lw('Certificates[0]')).CertificateArn, lw('Certificates[0].CertificateArn'), certificates) : null,
          defaultAction: onlyAction(x, lp.DefaultActions, lw('DefaultActions')),
          rules: (rulesByListener.get(l) ?? []).map((rule) => listenerRule(x, rule)),
        };
      }),
    };
  });
  for (const c of t.ofType(T.certificate)) if (!certificates.has(c)) fail(t.where(c), 'is used by no listener');
  return lbs;
}

/** "requested:<domain>" for a certificate the template requests, else the literal ARN. */
function certificate(x: Reader, v: unknown, where: string, seen: Set<string>): string {
  const { t, r } = x;
  if (!refOf(v)) return r.str(v, where);
  const c = t.target(v, [T.certificate], where);
  const p = t.props(c);
  const validation = p.ValidationMethod ?? 'EMAIL';
  if (validation !== 'DNS') fail(t.where(c), `is validated by ${JSON.stringify(validation)}; "requested:<domain>" means a DNS-validated certificate`);
  if (list(p.SubjectAlternativeNames, t.where(c, 'SubjectAlternativeNames')).length) fail(t.where(c), 'has SubjectAlternativeNames, which the inventory does not record');
  seen.add(c);
  return `requested:${r.str(p.DomainName, t.where(c, 'DomainName'))}`;
}

function onlyAction(x: Reader, v: unknown, where: string): ListenerAction {
  const actions = list(v, where);
  if (actions.length !== 1) fail(where, `has ${actions.length} actions; the inventory records exactly one`);
  return action(x, obj(actions[0], `${where}[0]`), `${where}[0]`);
}

function action(x: Reader, a: Record<string, unknown>, where: string): ListenerAction {
  const { t, r, names } = x;
  const type = r.str(a.Type, `${where}.Type`);
  if (type === 'forward') {
    let tg = a.TargetGroupArn;
    if (tg === undefined) {
      const groups = list(obj(a.ForwardConfig, `${where}.ForwardConfig`).TargetGroups, `${where}.ForwardConfig.TargetGroups`);
      if (groups.length !== 1) fail(where, `forwards to ${groups.length} target groups; the inventory records one`);
      tg = obj(groups[0], `${where}.ForwardConfig.TargetGroups[0]`).TargetGroupArn;
    }
    return { type, targetGroup: names.targetGroup(t.target(tg, [T.targetGroup], `${where}.TargetGroupArn`)) };
  }
  if (type === 'redirect') {
    const c = obj(a.RedirectConfig, `${where}.RedirectConfig`);
    const w = `${where}.RedirectConfig`;
    // Host, path and query default to the request's own; anything else is not in the inventory.
    if ((c.Host ?? '#{host}') !== '#{host}' || (c.Path ?? '/#{path}') !== '/#{path}' || (c.Query ?? '#{query}') !== '#{query}') {
      fail(w, 'rewrites the host, path or query; the inventory records protocol, port and status code only');
    }
    return { type, protocol: r.str(c.Protocol ?? '#{protocol}', `${w}.Protocol`), port: r.str(c.Port ?? '#{port}', `${w}.Port`), statusCode: r.str(c.StatusCode, `${w}.StatusCode`) };
  }
  if (type === 'fixed-response') {
    const c = obj(a.FixedResponseConfig, `${where}.FixedResponseConfig`);
    const w = `${where}.FixedResponseConfig`;
    return { type, statusCode: r.str(c.StatusCode, `${w}.StatusCode`), contentType: r.str(c.ContentType ?? '', `${w}.ContentType`), body: r.str(c.MessageBody ?? '', `${w}.MessageBody`) };
  }
  return fail(where, `action type ${type} is not in the inventory`);
}

function listenerRule(x: Reader, rule: string): LoadBalancerInventory['listeners'][number]['rules'][number] {
  const { t, r } = x;
  const p = t.props(rule);
  const hostHeaders: string[] = [];
  const pathPatterns: string[] = [];
  for (const [i, c] of list(p.Conditions, t.where(rule, 'Conditions')).entries()) {
    const w = t.where(rule, `Conditions[${i}]`);
    const cond = obj(c, w);
    const field = r.str(cond.Field, `${w}.Field`);
    const config = field === 'host-header' ? cond.HostHeaderConfig : field === 'path-pattern' ? cond.PathPatternConfig : fail(w, `condition ${field} is not in the inventory`);
    const values = list(config === undefined ? cond.Values : obj(config, w).Values, `${w}.Values`).map((v) => r.str(v, `${w}.Values`));
    (field === 'host-header' ? hostHeaders : pathPatterns).push(...values);
  }
  return { priority: r.num(p.Priority, t.where(rule, 'Priority')), hostHeaders, pathPatterns, action: onlyAction(x, p.Actions, t.where(rule, 'Actions')) };
}

// ------------------------------------------------------------- services

function readServices(x: Reader): ServiceInventory[] {
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

    if (p.LaunchType !== 'FARGATE') fail(w('LaunchType'), `is ${JSON.stringify(p.LaunchType)}; the inventory describes FARGATE services (capacity provider strategies are not read)`);
    if (p.DeploymentController !== undefined && obj(p.DeploymentController, w('DeploymentController')).Type !== 'ECS') fail(w('DeploymentController'), 'only the ECS (rolling) deployment controller is in the inventory');
    if (list(p.ServiceRegistries, w('ServiceRegistries')).length) fail(w('ServiceRegistries'), 'Cloud Map service registries are not in the inventory');
    for (const field of ['Secrets', 'EnvironmentFiles']) if (list(c[field], tw(field)).length) fail(tw(field), 'is not in the inventory (environment records plain variables only)');

    const ports = list(c.PortMappings, tw('PortMappings'));
    if (ports.length !== 1) fail(tw('PortMappings'), `has ${ports.length} port mappings; the inventory records exactly one`);
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
      launchType: 'FARGATE',
      cpu: r.num(tp.Cpu, tw('Cpu')),
      memory: r.num(tp.Memory, tw('Memory')),
      architecture: arch,
      image: r.str(c.Image, tw('Image')),
      containerPort: r.num(obj(ports[0], tw('PortMappings[0]')).ContainerPort, tw('PortMappings[0].ContainerPort')),
      portName: r.optStr(obj(ports[0], tw('PortMappings[0]')).Name, tw('PortMappings[0].Name')) ?? null,
      appProtocol: r.optStr(obj(ports[0], tw('PortMappings[0]')).AppProtocol, tw('PortMappings[0].AppProtocol')) ?? null,
      environment: list(c.Environment, tw('Environment')).map((e, i) => {
        const ew = tw(`Environment[${i}]`);
        return `${r.str(obj(e, ew).Name, ew)}=${r.str(obj(e, ew).Value, ew)}`;
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
    };
  });
  for (const ns of t.ofType(T.httpNamespace)) if (!namespaces.has(ns)) fail(t.where(ns), 'no service uses it through Service Connect');
  return services;
}

/** Scalable targets and their target-tracking policies, by service key. */
function readScaling(x: Reader): Map<string, NonNullable<ServiceInventory['scaling']>> {
  const { t, r } = x;
  const keys = new Set(x.names.serviceKey.values());
  const byTarget = new Map<string, { key: string; scaling: NonNullable<ServiceInventory['scaling']> }>();
  for (const st of t.ofType(T.scalableTarget)) {
    const p = t.props(st);
    const w = (field: string) => t.where(st, field);
    if (p.ServiceNamespace !== 'ecs' || p.ScalableDimension !== 'ecs:service:DesiredCount') fail(t.where(st), 'scales something other than an ECS service\'s desired count');
    if (list(p.ScheduledActions, w('ScheduledActions')).length) fail(w('ScheduledActions'), 'scheduled scaling is not in the inventory');
    // ResourceId is service/<cluster>/<service name>: here "service/cluster/service:<key>".
    const resourceId = r.str(p.ResourceId, w('ResourceId'));
    const m = /^service\/cluster\/service:(.+)$/.exec(resourceId);
    if (!m || !keys.has(m[1])) fail(w('ResourceId'), `${resourceId} is not an ECS service of this template's cluster`);
    if ([...byTarget.values()].some((v) => v.key === m[1])) fail(t.where(st), `service ${m[1]} has a scalable target already`);
    byTarget.set(st, { key: m[1], scaling: { min: r.num(p.MinCapacity, w('MinCapacity')), max: r.num(p.MaxCapacity, w('MaxCapacity')), policies: [] } });
  }
  for (const sp of t.ofType(T.scalingPolicy)) {
    const p = t.props(sp);
    const w = (field: string) => t.where(sp, field);
    if (p.ScalingTargetId === undefined) fail(t.where(sp), 'names its target by ResourceId; only ScalingTargetId is read');
    const st = t.target(p.ScalingTargetId, [T.scalableTarget], w('ScalingTargetId'));
    if (p.PolicyType !== 'TargetTrackingScaling') fail(w('PolicyType'), `${JSON.stringify(p.PolicyType)}: only target tracking is in the inventory`);
    const c = obj(p.TargetTrackingScalingPolicyConfiguration, w('TargetTrackingScalingPolicyConfiguration'));
    if (r.bool(c.DisableScaleIn, false, w('DisableScaleIn'))) fail(w('DisableScaleIn'), 'is not in the inventory');
    if (c.PredefinedMetricSpecification === undefined) fail(t.where(sp), 'tracks a customized metric; only predefined metrics are in the inventory');
    const m = obj(c.PredefinedMetricSpecification, w('PredefinedMetricSpecification'));
    byTarget.get(st)!.scaling.policies.push({
      metric: r.str(m.PredefinedMetricType, w('PredefinedMetricType')),
      target: r.num(c.TargetValue, w('TargetValue')),
      // AWS's default cooldown for ECS services is 300 s both ways.
      scaleInCooldownSeconds: r.numOr(c.ScaleInCooldown, 300, w('ScaleInCooldown')),
      scaleOutCooldownSeconds: r.numOr(c.ScaleOutCooldown, 300, w('ScaleOutCooldown')),
      resource: m.ResourceLabel === undefined ? null : r.str(m.ResourceLabel, w('ResourceLabel')),
    });
  }
  return new Map([...byTarget.values()].map((v) => [v.key, v.scaling]));
}

// -------------------------------------------------------- observability

function dimensions(x: Reader, v: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, d] of list(v, where).entries()) {
    const dw = `${where}[${i}]`;
    const name = x.r.str(obj(d, dw).Name, `${dw}.Name`);
    if (name in out) fail(dw, `dimension ${name} is set twice`);
    out[name] = x.r.str(obj(d, dw).Value, `${dw}.Value`);
  }
  return out;
}

function readAlarms(x: Reader): AlarmInventory[] {
  const { t, r } = x;
  return t.ofType(T.alarm).map((a) => {
    const p = t.props(a);
    const w = (field: string) => t.where(a, field);
    if (!r.bool(p.ActionsEnabled, true, w('ActionsEnabled'))) fail(w('ActionsEnabled'), 'is false: the alarm notifies no one, which the inventory cannot say');
    if (list(p.InsufficientDataActions, w('InsufficientDataActions')).length) fail(w('InsufficientDataActions'), 'is not in the inventory');
    if (p.ThresholdMetricId !== undefined) fail(w('ThresholdMetricId'), 'anomaly-detection alarms are not in the inventory');

    let metric: AlarmInventory['metric'];
    if (p.MetricName !== undefined) {
      const statistic = p.ExtendedStatistic ?? p.Statistic;
      metric = {
        namespace: r.str(p.Namespace, w('Namespace')),
        metricName: r.str(p.MetricName, w('MetricName')),
        statistic: r.str(statistic, w('Statistic')),
        dimensions: dimensions(x, p.Dimensions, w('Dimensions')),
        periodSeconds: r.num(p.Period, w('Period')),
      };
    } else if (p.Metrics !== undefined) {
      let expression: string | undefined;
      const metrics: Record<string, MetricRef> = {};
      for (const [i, m] of list(p.Metrics, w('Metrics')).entries()) {
        const mw = w(`Metrics[${i}]`);
        const q = obj(m, mw);
        if (q.Expression !== undefined) {
          if (expression !== undefined) fail(mw, 'a second expression; the inventory records one expression over named metrics');
          expression = r.str(q.Expression, `${mw}.Expression`);
        } else if (q.MetricStat !== undefined) {
          const ms = obj(q.MetricStat, `${mw}.MetricStat`);
          const mm = obj(ms.Metric, `${mw}.MetricStat.Metric`);
          metrics[r.str(q.Id, `${mw}.Id`)] = {
            namespace: r.str(mm.Namespace, `${mw}.Namespace`),
            metricName: r.str(mm.MetricName, `${mw}.MetricName`),
            statistic: r.str(ms.Stat, `${mw}.Stat`),
            dimensions: dimensions(x, mm.Dimensions, `${mw}.Dimensions`),
            periodSeconds: r.num(ms.Period, `${mw}.Period`),
          };
        } else fail(mw, 'is neither an expression nor a MetricStat');
      }
      if (expression === undefined) fail(w('Metrics'), 'has no expression; a single metric is written with MetricName');
      metric = { expression, metrics };
    } else return fail(t.where(a), 'has neither MetricName nor Metrics');

    const evaluationPeriods = r.num(p.EvaluationPeriods, w('EvaluationPeriods'));
    return {
      description: r.str(p.AlarmDescription ?? '', w('AlarmDescription')),
      metric,
      threshold: r.num(p.Threshold, w('Threshold')),
      comparison: r.str(p.ComparisonOperator, w('ComparisonOperator')),
      evaluationPeriods,
      // AWS's defaults: every evaluated period must breach; missing data is "missing".
      datapointsToAlarm: r.numOr(p.DatapointsToAlarm, evaluationPeriods, w('DatapointsToAlarm')),
      treatMissingData: r.str(p.TreatMissingData ?? 'missing', w('TreatMissingData')),
      alarmActions: list(p.AlarmActions, w('AlarmActions')).map((v) => r.str(v, w('AlarmActions'))),
      okActions: list(p.OKActions, w('OKActions')).map((v) => r.str(v, w('OKActions'))),
    };
  });
}

function readDashboards(x: Reader): DashboardInventory[] {
  const { t, r } = x;
  return t.ofType(T.dashboard).map((d) => {
    const p = t.props(d);
    if (p.DashboardName === undefined) fail(t.where(d), 'has no DashboardName; the inventory names each dashboard');
    return { name: r.str(p.DashboardName, t.where(d, 'DashboardName')), widgets: dashboardWidgets(p.DashboardBody, t.where(d, 'DashboardBody'), r) };
  });
}

function readTopics(x: Reader, tlsOnly: Set<string>): TopicInventory[] {
  const { t, r } = x;
  const subscriptions = new Map<string, string[]>();
  for (const s of t.ofType(T.subscription)) {
    const p = t.props(s);
    const topic = t.target(p.TopicArn, [T.topic], t.where(s, 'TopicArn'));
    subscriptions.set(topic, [...(subscriptions.get(topic) ?? []), `${r.str(p.Protocol, t.where(s, 'Protocol'))}:${r.str(p.Endpoint, t.where(s, 'Endpoint'))}`]);
  }
  return t.ofType(T.topic).map((topic) => {
    const p = t.props(topic);
    const w = (field: string) => t.where(topic, field);
    const inline = list(p.Subscription, w('Subscription')).map((s, i) => {
      const sw = w(`Subscription[${i}]`);
      return `${r.str(obj(s, sw).Protocol, `${sw}.Protocol`)}:${r.str(obj(s, sw).Endpoint, `${sw}.Endpoint`)}`;
    });
    const name = x.names.stores.of(topic);
    return {
      name,
      displayName: p.DisplayName === undefined ? null : r.str(p.DisplayName, w('DisplayName')),
      fifo: r.bool(p.FifoTopic, false, w('FifoTopic')),
      tlsOnly: tlsOnly.has(name),
      subscriptions: [...inline, ...(subscriptions.get(topic) ?? [])],
      kmsKey: p.KmsMasterKeyId === undefined ? null : kmsKey(r, p.KmsMasterKeyId, w('KmsMasterKeyId')),
    };
  });
}

/** Run last: owners are recorded by the flow logs and task definitions read before. */
function readLogGroups(x: Reader): LogGroupInventory[] {
  const { t, r, names } = x;
  return t.ofType(T.logGroup).map((lg) => {
    const owner = names.logGroupOwner.get(lg) ?? fail(t.where(lg), 'is used by neither a flow log nor a task definition\'s awslogs-group');
    const p = t.props(lg);
    return { owner, retentionDays: x.retention(lg), kmsKey: p.KmsKeyId === undefined ? null : r.str(p.KmsKeyId, t.where(lg, 'KmsKeyId')) };
  });
}

// ---------------------------------------------------------------- order

/** The stack's tags, as the VPC carries them (every taggable resource gets the same); CDK's own Name tag aside. */
function readTags(t: CfnTemplate): Record<string, string> {
  const vpc = t.ofType(T.vpc)[0];
  const tags = list(t.props(vpc).Tags, t.where(vpc, 'Tags')).map((v, i) => obj(v, t.where(vpc, `Tags[${i}]`)));
  return Object.fromEntries(tags.filter((tag) => tag.Key !== 'Name').map((tag) => [String(tag.Key), String(tag.Value)]));
}
