/*
 * The network read from a mock run: the VPC and its DNS settings, subnets
 * (their tier told by their route table's default route), NAT and internet
 * gateways, private routes, flow logs, the default security group's
 * restriction; and security groups' inline rules, which the load balancer
 * and services report as theirs.
 */
import type { Inventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';
import { byText } from '../../text';

/** Subnets by id, each subnet's tier, and the tier and number of the subnets a resource spans. */
export function subnetLookup(ctx: Context) {
  const { ofType, id, must } = ctx;
  const subnets = ofType(T.subnet);
  const tables = new Map(ofType(T.association).map((a) => [a.inputs.subnetId as string, a.inputs.routeTableId as string]));
  const routes = ofType(T.route).filter((r) => r.inputs.destinationCidrBlock === '0.0.0.0/0');
  const tierOf = (subnet: R): 'public' | 'private' | 'isolated' => {
    const table = must(tables.get(id(subnet)), `the route table of subnet ${subnet.name}`);
    const route = routes.find((r) => r.inputs.routeTableId === table);
    if (!route) return 'isolated';
    if (route.inputs.gatewayId) return 'public';
    if (route.inputs.natGatewayId) return 'private';
    throw new Error(`parity: unclassifiable default route of subnet ${subnet.name}`);
  };
  const subnetById = new Map(subnets.map((s) => [id(s), s]));
  const azOfSubnet = (subnetId: string) => must(subnetById.get(subnetId), `subnet ${subnetId}`).inputs.availabilityZone as string;
  const subnetSet = (ids: string[]) => {
    const tiers = [...new Set(ids.map((i) => tierOf(must(subnetById.get(i), `subnet ${i}`))))];
    if (tiers.length !== 1) throw new Error(`parity: subnets of several tiers: ${tiers.join(', ')}`);
    return { tier: tiers[0], count: ids.length };
  };
  return { subnets, tables, routes, tierOf, azOfSubnet, subnetSet };
}

export function readNetwork(ctx: Context): Inventory['network'] {
  const { ofType, id, byId, must, logGroupByArn } = ctx;
  const { subnets, tables, routes, tierOf, azOfSubnet } = subnetLookup(ctx);
  const nats = ofType(T.nat);
  const natAz = (natId: string) => azOfSubnet(must(byId.get(natId), `NAT gateway ${natId}`).inputs.subnetId as string);
  const vpc = must(ofType(T.vpc)[0], 'the VPC');

  return {
    vpcCidr: vpc.inputs.cidrBlock,
    // The provider's defaults: DNS support on, hostnames off.
    dnsSupport: vpc.inputs.enableDnsSupport ?? true,
    dnsHostnames: vpc.inputs.enableDnsHostnames ?? false,
    azs: [...new Set(subnets.map((s) => s.inputs.availabilityZone as string))].sort(),
    subnets: subnets
      .map((s) => ({ tier: tierOf(s), az: s.inputs.availabilityZone as string, cidr: s.inputs.cidrBlock as string, mapPublicIp: s.inputs.mapPublicIpOnLaunch === true }))
      .sort((a, b) => byText(a.tier, b.tier) || byText(a.az, b.az)),
    natGateways: nats.map((n) => azOfSubnet(n.inputs.subnetId)).sort(),
    internetGateway: ofType(T.igw).length > 0,
    privateRoutes: subnets
      .filter((s) => tierOf(s) === 'private')
      .map((s) => ({ az: s.inputs.availabilityZone as string, natAz: natAz(routes.find((r) => r.inputs.routeTableId === tables.get(id(s)))!.inputs.natGatewayId) }))
      .sort((a, b) => byText(a.az, b.az)),
    flowLogs: ofType(T.flowLog).map((f) => ({
      trafficType: f.inputs.trafficType,
      destination: f.inputs.logDestinationType,
      retentionDays: logGroupByArn(f.inputs.logDestination).inputs.retentionInDays,
    })),
    gatewayEndpoints: ofType(T.vpcEndpoint).map((e) => {
      const a = e.inputs;
      if (a.vpcEndpointType !== 'Gateway') throw new Error(`parity: VPC endpoint ${e.name} is not a gateway endpoint`);
      if (a.policy !== undefined) throw new Error(`parity: VPC endpoint ${e.name} has a policy, which the inventory does not read`);
      const service = must(/^com\.amazonaws\.[a-z0-9-]+\.([a-z0-9-]+)$/.exec(a.serviceName)?.[1], `the service of VPC endpoint ${e.name} (${a.serviceName})`);
      const routeTables = ((a.routeTableIds ?? []) as string[]).flatMap((table) =>
        subnets.filter((s) => tables.get(id(s)) === table).map((s) => `${tierOf(s)}:${s.inputs.availabilityZone}`),
      );
      return { service, routeTables };
    }),
    defaultSecurityGroupRestricted: ofType(T.defaultSg).some(
      (g) => g.inputs.vpcId === id(vpc) && (g.inputs.ingress ?? []).length === 0 && (g.inputs.egress ?? []).length === 0,
    ),
  };
}

// ------------------------------------------------------ security groups

/** Inline rules as "peer:ports" ("0.0.0.0/0:all" for every protocol), the CloudFormation reader's form. */
export const ports = (rule: Inputs) => (rule.protocol === '-1' ? 'all' : rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`);
export const egressOf = (sg: R) => ((sg.inputs.egress ?? []) as Inputs[]).flatMap((e) => ((e.cidrBlocks ?? []) as string[]).map((c) => `${c}:${ports(e)}`)).sort();

/** A database's or cache's security groups: who may connect ("service:web:5432", "job:nightly:6379") and where they may connect to. */
export function trafficOf(ctx: Context, sgSource: (groupId: string) => string, groupIds: string[]): { ingress: string[]; egress: string[] } {
  const { ofType, id, must } = ctx;
  const groups = groupIds.map((g) => must(ofType(T.sg).find((s) => id(s) === g), `security group ${g}`));
  const rulePorts = (r: Inputs) => (r.ipProtocol === '-1' ? 'all' : r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`);
  const ingress = [
    ...ofType(T.ingress)
      .filter((r) => groupIds.includes(r.inputs.securityGroupId))
      .map((r) => {
        const from = r.inputs.referencedSecurityGroupId ? sgSource(r.inputs.referencedSecurityGroupId) : must(r.inputs.cidrIpv4 as string | undefined, `the source of ingress rule ${r.name}`);
        return `${from}:${rulePorts(r.inputs)}`;
      }),
    // Inline rules too, so that nothing admitted goes unreported.
    ...groups.flatMap((g) =>
      ((g.inputs.ingress ?? []) as Inputs[]).flatMap((rule) => [...((rule.cidrBlocks ?? []) as string[]), ...((rule.securityGroups ?? []) as string[]).map(sgSource)].map((from) => `${from}:${ports(rule)}`)),
    ),
  ].sort();
  return { ingress, egress: groups.flatMap(egressOf).sort() };
}
