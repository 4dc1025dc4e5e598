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
  // A route table as the "tier:az" of its subnets.
  const placeOf = (table: string) => subnets.filter((s) => tables.get(id(s)) === table).map((s) => `${tierOf(s)}:${s.inputs.availabilityZone}`);
  const endpoints = ofType(T.vpcEndpoint);
  for (const e of endpoints) if (e.inputs.policy !== undefined) throw new Error(`parity: VPC endpoint ${e.name} has a policy, which the inventory does not read`);
  const serviceOf = (e: R) => must(new RegExp(`^com\\.amazonaws\\.${ctx.region}\\.([a-z0-9-]+(\\.[a-z0-9-]+)*)$`).exec(e.inputs.serviceName)?.[1], `the service of VPC endpoint ${e.name} (${e.inputs.serviceName})`);
  const interfaces = endpoints.filter((e) => e.inputs.vpcEndpointType === 'Interface');
  // The one security group every interface endpoint has.
  const endpointSgs = [...new Set(interfaces.flatMap((e) => {
    const groups = (e.inputs.securityGroupIds ?? []) as string[];
    if (groups.length !== 1) throw new Error(`parity: interface endpoint ${e.name} has ${groups.length} security groups; the inventory reads one, shared by every interface endpoint`);
    return groups;
  }))];
  if (endpointSgs.length > 1) throw new Error(`parity: the interface endpoints have ${endpointSgs.length} security groups; the inventory reads one, shared by all`);
  const endpointSg = endpointSgs[0];

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
    gatewayEndpoints: endpoints.filter((e) => e.inputs.vpcEndpointType !== 'Interface').map((e) => {
      const a = e.inputs;
      if (a.vpcEndpointType !== 'Gateway') throw new Error(`parity: VPC endpoint ${e.name} is neither a gateway nor an interface endpoint`);
      const routeTables = ((a.routeTableIds ?? []) as string[]).flatMap(placeOf);
      return { service: serviceOf(e), routeTables };
    }),
    interfaceEndpoints: interfaces.map((e) => {
      for (const k of ['dnsOptions', 'ipAddressType', 'subnetConfigurations', 'autoAccept', 'serviceRegion']) {
        if (e.inputs[k] !== undefined) throw new Error(`parity: interface endpoint ${e.name} sets ${k}, which the inventory does not read`);
      }
      const subnetIds = (e.inputs.subnetIds ?? []) as string[];
      return {
        service: serviceOf(e),
        subnets: subnetIds.map((sid) => {
          const s = must(subnets.find((x) => id(x) === sid), `subnet ${sid} of ${e.name}`);
          return `${tierOf(s)}:${s.inputs.availabilityZone}`;
        }),
        // The provider's default: off.
        privateDns: e.inputs.privateDnsEnabled ?? false,
      };
    }),
    endpointSecurityGroup: endpointSg === undefined ? null : endpointTraffic(ctx, endpointSg),
    vpn: readVpn(ctx, placeOf),
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

/** The interface endpoints' security group's inline rules, as "peer:ports"; separate rule resources on it throw. */
function endpointTraffic(ctx: Context, groupId: string): { ingress: string[]; egress: string[] } {
  const { ofType, id, must } = ctx;
  const sg = must(ofType(T.sg).find((g) => id(g) === groupId), `security group ${groupId} of the interface endpoints`);
  if (ofType(T.ingress).some((r) => r.inputs.securityGroupId === groupId)) throw new Error(`parity: the interface endpoints' security group ${sg.name} has ingress rules of its own, which the inventory does not read`);
  const ingress = ((sg.inputs.ingress ?? []) as Inputs[]).flatMap((rule) => {
    if ((rule.securityGroups ?? []).length || (rule.ipv6CidrBlocks ?? []).length || (rule.prefixListIds ?? []).length || rule.self) throw new Error(`parity: an ingress rule of ${sg.name} admits other than IPv4 blocks`);
    return ((rule.cidrBlocks ?? []) as string[]).map((c) => `${c}:${ports(rule)}`);
  });
  return { ingress: ingress.sort(), egress: egressOf(sg) };
}

/**
 * network.vpn: the one customer gateway, VPN gateway (attached: its vpcId) and connection, the connection's
 * static routes, and the route tables the gateway propagates into ("tier:az" of `placeOf`).
 */
function readVpn(ctx: Context, placeOf: (table: string) => string[]): Inventory['network']['vpn'] {
  const { ofType, id, must } = ctx;
  const [customerGateways, gateways, connections] = [T.customerGateway, T.vpnGateway, T.vpnConnection].map(ofType);
  const routes = ofType(T.vpnConnectionRoute);
  const propagations = ofType(T.vpnPropagation);
  if (!customerGateways.length && !gateways.length && !connections.length && !routes.length && !propagations.length) return null;
  for (const [rs, what] of [[customerGateways, 'customer gateway'], [gateways, 'VPN gateway'], [connections, 'VPN connection']] as const) {
    if (rs.length !== 1) throw new Error(`parity: ${rs.length} ${what}s; the inventory reads a VPN of exactly one customer gateway, VPN gateway and connection`);
  }
  const [cg, gw, conn] = [customerGateways[0], gateways[0], connections[0]];
  if (!gw.inputs.vpcId) throw new Error(`parity: VPN gateway ${gw.name} is attached to no VPC`);
  const tunnelOptions = Object.keys(conn.inputs).filter((k) => !['type', 'customerGatewayId', 'vpnGatewayId', 'staticRoutesOnly', 'tags'].includes(k));
  if (tunnelOptions.length) throw new Error(`parity: VPN connection ${conn.name} sets ${tunnelOptions.join(', ')}, which the inventory does not read`);
  if (conn.inputs.customerGatewayId !== id(cg) || conn.inputs.vpnGatewayId !== id(gw)) throw new Error(`parity: VPN connection ${conn.name} does not connect ${cg.name} and ${gw.name}`);
  const asn = must((cg.inputs.bgpAsn ?? cg.inputs.bgpAsnExtended) as string | undefined, `the ASN of customer gateway ${cg.name}`);
  return {
    customerGateway: { ipAddress: cg.inputs.ipAddress, bgpAsn: Number(asn), type: cg.inputs.type },
    // The provider's defaults: Amazon side ASN 64512; the type is always ipsec.1 (the provider has no input for it).
    gateway: { amazonSideAsn: gw.inputs.amazonSideAsn === undefined ? 64512 : Number(gw.inputs.amazonSideAsn), type: 'ipsec.1' },
    connection: {
      type: conn.inputs.type,
      staticRoutesOnly: conn.inputs.staticRoutesOnly ?? false,
      routes: routes.map((r) => {
        if (r.inputs.vpnConnectionId !== id(conn)) throw new Error(`parity: VPN route ${r.name} is not on ${conn.name}`);
        return r.inputs.destinationCidrBlock as string;
      }),
    },
    propagation: propagations.flatMap((p) => {
      if (p.inputs.vpnGatewayId !== id(gw)) throw new Error(`parity: route propagation ${p.name} is not of ${gw.name}`);
      return placeOf(p.inputs.routeTableId);
    }),
  };
}
