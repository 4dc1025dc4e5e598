/*
 * The network read from a CloudFormation template: the VPC and its DNS
 * settings, subnets (their tier told by their route table's default route),
 * NAT and internet gateways, private routes, flow logs, the default security
 * group's restriction; and every security group's ingress and egress rules,
 * which the load balancer and services report as theirs.
 */
import type { NetworkInventory, VpnInventory } from '../inventory';
import type { Context, Tier } from './context';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, refOf } from './template';

export function readNetwork(x: Context): NetworkInventory {
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
  // VPN gateway -> its attachment (route propagation must wait for it).
  const vpnAttachment = new Map<string, string>();
  for (const a of t.ofType(T.igwAttachment)) {
    const p = t.props(a);
    t.target(p.VpcId, [T.vpc], t.where(a, 'VpcId'));
    if (p.InternetGatewayId !== undefined && p.VpnGatewayId === undefined) attached.add(t.target(p.InternetGatewayId, [T.igw], t.where(a, 'InternetGatewayId')));
    else if (p.VpnGatewayId !== undefined && p.InternetGatewayId === undefined) vpnAttachment.set(t.target(p.VpnGatewayId, [T.vpnGateway], t.where(a, 'VpnGatewayId')), a);
    else fail(t.where(a), 'attaches neither exactly one internet gateway nor exactly one VPN gateway');
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

  // CDK strips the default security group with a custom resource backed by a Lambda function (a provider: Names
  // tells it from the blueprint's functions, and a Custom::AWS lookup's provider too).
  let restricted = false;
  for (const c of t.ofType(T.restrictDefaultSg)) {
    const p = t.props(c);
    const ref = refOf(p.DefaultSecurityGroupId);
    if (!ref || ref.id !== vpc || ref.attr !== 'DefaultSecurityGroup') fail(t.where(c, 'DefaultSecurityGroupId'), `is not the default security group of ${vpc}`);
    restricted = true;
  }

  // A route table's subnets, as "tier:az" (every table is associated: checked above).
  const placeOf = (table: string) => [...tableOf].filter(([, tb]) => tb === table).map(([s]) => `${x.subnets.get(s)!.tier}:${x.subnets.get(s)!.az}`);
  // The service an endpoint reaches: com.amazonaws.<the stack's region, by name or as the pseudo parameter>.<service>.
  const serviceOf = (e: string): string => {
    const name = r.str(t.props(e).ServiceName, t.where(e, 'ServiceName'));
    const prefix = [`com.amazonaws.\${AWS::Region}.`, `com.amazonaws.${x.region()}.`].find((p) => name.startsWith(p));
    const service = prefix && name.slice(prefix.length);
    return service && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(service) ? service : fail(t.where(e, 'ServiceName'), `${name} is not com.amazonaws.<the stack's region>.<service>`);
  };
  const endpoints = t.ofType(T.vpcEndpoint);
  const isInterface = (e: string) => (t.props(e).VpcEndpointType ?? 'Gateway') === 'Interface';
  const gatewayEndpoints = endpoints.filter((e) => !isInterface(e)).map((e) => {
    const w = (field: string) => t.where(e, field);
    onlyKnown(t, e, ['ServiceName', 'VpcId', 'RouteTableIds', 'VpcEndpointType', 'Tags'], 'a gateway VPC endpoint (endpoint policies are not in the inventory)');
    const p = t.props(e);
    if ((p.VpcEndpointType ?? 'Gateway') !== 'Gateway') fail(w('VpcEndpointType'), 'only gateway and interface endpoints are in the inventory');
    t.target(p.VpcId, [T.vpc], w('VpcId'));
    const routeTables = list(p.RouteTableIds, w('RouteTableIds')).flatMap((v, i) => placeOf(t.target(v, [T.routeTable], w(`RouteTableIds[${i}]`))));
    return { service: serviceOf(e), routeTables };
  });
  // Interface endpoints, and the one security group they share (its rules are read already: readIngress).
  const endpointGroups = new Set<string>();
  const interfaceEndpoints = endpoints.filter(isInterface).map((e) => {
    const w = (field: string) => t.where(e, field);
    onlyKnown(t, e, ['ServiceName', 'VpcId', 'SubnetIds', 'SecurityGroupIds', 'PrivateDnsEnabled', 'VpcEndpointType', 'Tags'], 'an interface VPC endpoint (endpoint policies, DNS options and IP address types are not in the inventory)');
    const p = t.props(e);
    t.target(p.VpcId, [T.vpc], w('VpcId'));
    const groups = list(p.SecurityGroupIds, w('SecurityGroupIds')).map((g) => t.target(g, [T.securityGroup], w('SecurityGroupIds')));
    if (groups.length !== 1) fail(w('SecurityGroupIds'), `has ${groups.length} security groups; the inventory reads one, shared by every interface endpoint`);
    endpointGroups.add(groups[0]);
    const subnets = list(p.SubnetIds, w('SubnetIds')).map((v) => {
      const s = x.subnets.get(t.target(v, [T.subnet], w('SubnetIds')))!;
      return `${s.tier}:${s.az}`;
    });
    return { service: serviceOf(e), subnets, privateDns: r.bool(p.PrivateDnsEnabled, false, w('PrivateDnsEnabled')) };
  });
  if (endpointGroups.size > 1) fail('template', `its interface endpoints have ${endpointGroups.size} security groups (${[...endpointGroups].join(', ')}); the inventory reads one, shared by all`);
  const endpointGroup = [...endpointGroups][0];
  const endpointSecurityGroup = endpointGroup === undefined ? null : { ingress: x.ingress.get(endpointGroup) ?? [], egress: x.egress.get(endpointGroup) ?? [] };

  const vpn = readVpn(x, vpnAttachment, placeOf);

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
    gatewayEndpoints,
    interfaceEndpoints,
    endpointSecurityGroup,
    vpn,
    defaultSecurityGroupRestricted: restricted,
  };
}

/**
 * network.vpn: the one customer gateway, VPN gateway (attached: `attachment` of each) and connection between
 * them, the connection's static routes, and the route tables the gateway propagates into (each a "tier:az"
 * of `placeOf`), which must wait for the attachment (DependsOn). Anything more, or tunnel options, throws.
 */
function readVpn(x: Context, attachment: ReadonlyMap<string, string>, placeOf: (table: string) => string[]): VpnInventory | null {
  const { t, r } = x;
  const [customerGateways, gateways, connections] = [T.customerGateway, T.vpnGateway, T.vpnConnection].map((type) => t.ofType(type));
  const routes = t.ofType(T.vpnConnectionRoute);
  const propagations = t.ofType(T.vpnPropagation);
  if (!customerGateways.length && !gateways.length && !connections.length && !routes.length && !propagations.length) return null;
  for (const [ids, what] of [[customerGateways, 'customer gateway'], [gateways, 'VPN gateway'], [connections, 'VPN connection']] as const) {
    if (ids.length !== 1) fail('template', `has ${ids.length} ${what}s; the inventory reads a VPN of exactly one customer gateway, VPN gateway and connection`);
  }
  const [cg, gw, conn] = [customerGateways[0], gateways[0], connections[0]];
  onlyKnown(t, cg, ['Type', 'IpAddress', 'BgpAsn', 'BgpAsnExtended', 'Tags'], 'a customer gateway (certificates and device names are not in the inventory)');
  onlyKnown(t, gw, ['Type', 'AmazonSideAsn', 'Tags'], 'a VPN gateway');
  onlyKnown(t, conn, ['Type', 'CustomerGatewayId', 'VpnGatewayId', 'StaticRoutesOnly', 'Tags'], 'a VPN connection (tunnel options and transit gateways are not in the inventory)');
  const c = t.props(cg);
  if ((c.BgpAsn === undefined) === (c.BgpAsnExtended === undefined)) fail(t.where(cg), 'names its ASN neither in BgpAsn nor in BgpAsnExtended, or in both');
  if (!attachment.has(gw)) fail(t.where(gw), 'is attached to no VPC');
  const p = t.props(conn);
  t.target(p.CustomerGatewayId, [T.customerGateway], t.where(conn, 'CustomerGatewayId'));
  t.target(p.VpnGatewayId, [T.vpnGateway], t.where(conn, 'VpnGatewayId'));
  const propagation = propagations.flatMap((id) => {
    const w = (field: string) => t.where(id, field);
    t.target(t.props(id).VpnGatewayId, [T.vpnGateway], w('VpnGatewayId'));
    if (!t.dependsOn(id).includes(attachment.get(gw)!)) fail(w('DependsOn'), `does not wait for the gateway's attachment (${attachment.get(gw)}): CloudFormation could propagate before the gateway is attached, which fails`);
    return list(t.props(id).RouteTableIds, w('RouteTableIds')).flatMap((v, i) => placeOf(t.target(v, [T.routeTable], w(`RouteTableIds[${i}]`))));
  });
  return {
    customerGateway: {
      ipAddress: r.str(c.IpAddress, t.where(cg, 'IpAddress')),
      bgpAsn: r.num(c.BgpAsn ?? c.BgpAsnExtended, t.where(cg, c.BgpAsn === undefined ? 'BgpAsnExtended' : 'BgpAsn')),
      type: r.str(c.Type, t.where(cg, 'Type')),
    },
    // AWS's default Amazon side ASN: 64512.
    gateway: { amazonSideAsn: t.props(gw).AmazonSideAsn === undefined ? 64512 : r.num(t.props(gw).AmazonSideAsn, t.where(gw, 'AmazonSideAsn')), type: r.str(t.props(gw).Type, t.where(gw, 'Type')) },
    connection: {
      type: r.str(p.Type, t.where(conn, 'Type')),
      staticRoutesOnly: r.bool(p.StaticRoutesOnly, false, t.where(conn, 'StaticRoutesOnly')),
      routes: routes.map((id) => {
        t.target(t.props(id).VpnConnectionId, [T.vpnConnection], t.where(id, 'VpnConnectionId'));
        return r.str(t.props(id).DestinationCidrBlock, t.where(id, 'DestinationCidrBlock'));
      }),
    },
    propagation,
  };
}

// ------------------------------------------------------ security groups

/**
 * Inline ingress and egress of each security group, and the standalone
 * AWS::EC2::SecurityGroupIngress / SecurityGroupEgress resources. A group
 * with no egress rule keeps EC2's default (0.0.0.0/0:all).
 */
export function readIngress(x: Context): void {
  const { t, r, names } = x;
  const rule = (v: unknown, where: string, peerGroup: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId'): string => {
    const p = obj(v, where);
    let source: string;
    if (p.CidrIp !== undefined) source = r.str(p.CidrIp, `${where}.CidrIp`);
    else if (p.CidrIpv6 !== undefined) source = r.str(p.CidrIpv6, `${where}.CidrIpv6`);
    else if (p[peerGroup] !== undefined) source = names.securityGroupOwner.get(t.target(p[peerGroup], [T.securityGroup], `${where}.${peerGroup}`))!;
    // A managed prefix list (CloudFront's origin-facing addresses in front of the load balancer), by its ID.
    else if (peerGroup === 'SourceSecurityGroupId' && p.SourcePrefixListId !== undefined) source = r.str(p.SourcePrefixListId, `${where}.SourcePrefixListId`);
    else return fail(where, `has a peer other than CidrIp, CidrIpv6, ${peerGroup}${peerGroup === 'SourceSecurityGroupId' ? ' or SourcePrefixListId' : ''}`);
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
    const egress = list(t.props(sg).SecurityGroupEgress, outWhere);
    // No egress rule written: EC2 keeps a new group's default rule, everything out. A rule that matches
    // no traffic (CDK's allowAllOutbound: false) removes that default and admits nothing itself.
    x.egress.set(
      sg,
      egress.length === 0
        ? ['0.0.0.0/0:all']
        : egress.flatMap((v, i) => (matchesNothing(v) ? [] : [rule(v, `${outWhere}[${i}]`, 'DestinationSecurityGroupId')])),
    );
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

/** ICMP type 252 code 86 to 255.255.255.255/32: no such traffic exists (what CDK writes to remove the default egress rule). */
function matchesNothing(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  const extra = Object.keys(p).filter((k) => !['CidrIp', 'IpProtocol', 'FromPort', 'ToPort', 'Description'].includes(k));
  return extra.length === 0 && p.CidrIp === '255.255.255.255/32' && p.IpProtocol === 'icmp' && p.FromPort === 252 && p.ToPort === 86;
}
