import type { Blueprint } from '../schema';
import { pct, recorder, type DecisionLog } from './decisions';
import { MAX_AVAILABILITY_BY_AZS, azCountFor, zoneNames } from './regions';
import { acknowledgeInPacks } from './compliance';
import { functionInVpc } from './functions';
import { isRelational } from '../schema/data';

import type { EndpointSecurityGroupDesign, InterfaceEndpointDesign, NetworkDesign, SecurityDesign, SubnetTier, VpnDesign } from './types';

/**
 * The VPC endpoints a blueprint may name under network.endpoints, by the short name it writes: a gateway
 * endpoint, or the interface endpoints of one or more AWS services (com.amazonaws.<region>.<service>), with
 * what each carries (for the rationale).
 */
export const ENDPOINTS: Record<string, { kind: 'gateway'; carries: string } | { kind: 'interface'; services: string[]; carries: string }> = {
  s3: { kind: 'gateway', carries: 'S3' },
  dynamodb: { kind: 'gateway', carries: 'DynamoDB' },
  ecr: { kind: 'interface', services: ['ecr.api', 'ecr.dkr'], carries: "pulling images from ECR: its API (ecr.api: authentication, manifests) and registry (ecr.dkr); the layers themselves come from S3 through its gateway endpoint" },
  logs: { kind: 'interface', services: ['logs'], carries: "CloudWatch Logs: the tasks' log streams" },
  secretsmanager: { kind: 'interface', services: ['secretsmanager'], carries: 'Secrets Manager: the secrets ECS injects into tasks as they start (database passwords, AUTH tokens), and password rotation' },
  sts: { kind: 'interface', services: ['sts'], carries: 'STS: temporary credentials (AssumeRole, web identity)' },
  ssm: { kind: 'interface', services: ['ssm'], carries: 'Systems Manager: Parameter Store parameters' },
  kms: { kind: 'interface', services: ['kms'], carries: 'KMS: encrypting and decrypting with KMS keys' },
  sqs: { kind: 'interface', services: ['sqs'], carries: 'SQS: sending and receiving messages' },
  sns: { kind: 'interface', services: ['sns'], carries: 'SNS: publishing to topics' },
  monitoring: { kind: 'interface', services: ['monitoring'], carries: 'CloudWatch: custom metrics (PutMetricData)' },
  ecs: { kind: 'interface', services: ['ecs'], carries: 'the ECS API' },
};

/** An interface endpoint's hourly charge in one AZ ($0.01), as a month of 730 hours. */
const INTERFACE_ENDPOINT_MONTHLY_USD = 7.3;

/** The virtual private gateway's (Amazon side) ASN: AWS's default private ASN. */
export const AMAZON_SIDE_ASN = 64512;

/** The largest ASN AWS takes as BgpAsn; above it, BgpAsnExtended. */
const MAX_BGP_ASN_FIELD = 2147483647;

/** One VPC over 2-3 AZs with public, private and isolated tiers, NAT and flow logs. */
export function designNetwork(bp: Blueprint, log: DecisionLog, logRetentionDays: number, security: SecurityDesign): NetworkDesign {
  const subject = 'network';
  const concern = 'network';
  const a = bp.requirements.availability;
  const written = bp.network.azs;
  const azs = log.record({
    concern,
    subject,
    name: 'azs',
    value: written ?? azCountFor(a),
    source: written ? 'written' : 'derived',
    rationale: written
      ? `written; ${written} AZs support up to ${MAX_AVAILABILITY_BY_AZS[written]} % and the target is ${pct(a)} %`
      : a >= 99.95
        ? `availability ${pct(a)} % >= 99.95 %: 3 AZs, so losing one zone still leaves two`
        : `availability ${pct(a)} % < 99.95 %: 2 AZs (the minimum for a load balancer) are enough`,
  });
  const zones = zoneNames(bp.requirements.regions.primary, azs);
  log.record({
    concern,
    subject,
    name: 'availability_zones',
    value: zones.join(', '),
    source: 'derived',
    rationale: `the first ${azs} zones of ${bp.requirements.regions.primary}, named without an AWS lookup so synth needs no credentials`,
  });

  // Only tasks, functions in the VPC and a database's rotation function go out through NAT: with none of them,
  // gateways would cost money for nothing.
  const egress = Object.values(bp.services).some((s) => s.kind !== 'function' && s.kind !== 'static-site') || Object.keys(bp.services).some((k) => functionInVpc(bp, k)) || Object.values(bp.data ?? {}).some(isRelational);
  const nat = log.record({
    concern,
    subject,
    name: 'nat',
    value: bp.network.nat ?? (!egress ? 'none' : a >= 99.9 ? 'per-az' : 'single'),
    source: bp.network.nat ? 'written' : 'derived',
    rationale: bp.network.nat
      ? bp.network.nat === 'none'
        ? 'written: no NAT gateways (saves their hourly and per-GB cost); tasks get public IPs to pull images and ship logs, and only their security groups stand between them and the internet'
        : 'written'
      : !egress
        ? 'nothing in the VPC goes out to the internet (no task, no function in the VPC, no database): no NAT gateways and no private tier'
        : a >= 99.9
        ? `availability ${pct(a)} % >= 99.9 %: one NAT gateway per AZ, so one zone's loss does not cut the others' egress`
        : `availability ${pct(a)} % < 99.9 %: one shared NAT gateway saves ${azs - 1} gateway${azs > 2 ? 's' : ''} of cost`,
  });
  const natGateways = nat === 'per-az' ? azs : nat === 'single' ? 1 : 0;
  const prefix = Number(bp.network.cidr.split('/')[1]);
  const small = Math.min(28, prefix + 8);
  const large = Math.min(28, prefix + 4);
  // Without NAT a private tier has no way out: tasks then run in the public tier.
  const masks: { tier: SubnetTier; cidrMask: number }[] =
    nat === 'none'
      ? [
          { tier: 'public', cidrMask: large },
          { tier: 'isolated', cidrMask: small },
        ]
      : [
          { tier: 'public', cidrMask: small },
          { tier: 'private', cidrMask: large },
          { tier: 'isolated', cidrMask: small },
        ];
  const tiers = allocateSubnets(bp.network.cidr, masks, azs);
  log.record({
    concern,
    subject,
    name: 'subnets',
    value: `${tiers.map((t) => `${t.tier} /${t.cidrMask}`).join(', ')} in each AZ`,
    source: 'derived',
    rationale:
      nat === 'none'
        ? `from ${bp.network.cidr}, nat: none: no private tier (it would have no route out); tasks need many addresses (/${prefix}+4) and run in the public tier; isolated is for data stores`
        : `from ${bp.network.cidr}: load balancers and NAT need few addresses (/${prefix}+8), tasks need many (/${prefix}+4); isolated is for data stores`,
  });

  const flow = log.record({
    concern,
    subject,
    name: 'flow_logs',
    value: bp.network.flow_logs,
    source: bp.network.flow_logs ? 'default' : 'written',
    rationale: bp.network.flow_logs
      ? `all traffic to CloudWatch Logs, kept ${logRetentionDays} days (the log retention)`
      : 'turned off in the blueprint',
  });

  const taskTier: SubnetTier = nat === 'none' ? 'public' : 'private';
  const tables = Object.entries(bp.data ?? {}).filter(([, s]) => s.engine === 'dynamodb').map(([k]) => k);
  // DynamoDB's gateway endpoint with a table, or when network.endpoints names it.
  const dynamodb = tables.length > 0 || (bp.network.endpoints ?? []).includes('dynamodb');
  const gatewayEndpoints: NetworkDesign['gatewayEndpoints'] = [{ service: 's3', tiers: [taskTier] }, ...(dynamodb ? [{ service: 'dynamodb' as const, tiers: [taskTier] }] : [])];
  log.record({
    concern,
    subject,
    name: 'gateway_endpoints',
    value: `${gatewayEndpoints.map((e) => e.service).join(', ')} on the ${taskTier} route tables`,
    source: 'derived',
    rationale: `gateway endpoints cost nothing and keep traffic to ${dynamodb ? `S3 (container image layers from ECR, buckets) and DynamoDB (${tables.length ? tables.join(', ') : 'written in network.endpoints'})` : 'S3 (container image layers from ECR, buckets)'} inside the VPC${nat === 'none' ? '' : ', off the NAT gateways and their per-GB charge'}; access is still each task's IAM permissions`,
  });

  zones.forEach((zone, index) =>
    acknowledgeInPacks(log, security, 'VPCNoUnrestrictedRouteToIGW', { kind: 'public-subnet', index }, `the public subnet in ${zone} routes 0.0.0.0/0 to the internet gateway: the load balancer and the NAT gateways live there and must reach, and be reached from, the internet. Tasks and data stores are in the private and isolated subnets, which have no such route`),
  );
  if (flow) {
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'flow-log-role' }, 'the flow-log role\'s own policy lets VPC Flow Logs write to the flow-log group only; a managed policy would be a second resource with the same single use');
  }
  const { interfaceEndpoints, endpointSecurityGroup } = designEndpoints(bp, log, taskTier, tables, azs);
  const vpn = designVpn(bp, log, taskTier);

  return {
    cidr: bp.network.cidr,
    availabilityZones: zones,
    subnets: tiers,
    nat,
    natGateways,
    flowLogs: flow ? { trafficType: 'ALL', retentionDays: logRetentionDays } : undefined,
    mapPublicIpOnLaunch: false,
    gatewayEndpoints,
    interfaceEndpoints,
    ...(endpointSecurityGroup ? { endpointSecurityGroup } : {}),
    ...(vpn ? { vpn } : {}),
  };
}

/**
 * network.endpoints: one decision per name written; the interface endpoints of the services they name, in
 * the subnets where the tasks run, with private DNS, behind one security group admitting HTTPS from the VPC.
 * (The gateway endpoints are decided with the network: S3 always, DynamoDB with a table or when written.)
 */
function designEndpoints(
  bp: Blueprint,
  log: DecisionLog,
  taskTier: SubnetTier,
  tables: string[],
  azs: number,
): { interfaceEndpoints: InterfaceEndpointDesign[]; endpointSecurityGroup?: EndpointSecurityGroupDesign } {
  const record = recorder(log, 'network', 'network.endpoints');
  const written = bp.network.endpoints ?? [];
  const interfaceEndpoints: InterfaceEndpointDesign[] = [];
  for (const name of written) {
    const e = ENDPOINTS[name];
    if (e.kind === 'gateway') {
      record(
        name,
        'gateway endpoint',
        'written',
        name === 's3'
          ? `written; every VPC has the S3 gateway endpoint anyway (free, on the ${taskTier} route tables)`
          : tables.length
            ? `written; there is one anyway for the table${tables.length > 1 ? 's' : ''} (${tables.join(', ')}), free, on the ${taskTier} route tables`
            : `written: a gateway endpoint (free) on the ${taskTier} route tables though the blueprint has no table, so the tasks reach DynamoDB tables from inside the VPC`,
      );
      continue;
    }
    const added = e.services.map((service): InterfaceEndpointDesign => ({ service, writtenAs: name, subnets: taskTier, privateDns: true }));
    interfaceEndpoints.push(...added);
    const monthly = added.length * azs * INTERFACE_ENDPOINT_MONTHLY_USD;
    record(
      name,
      `interface: ${e.services.join(', ')} in the ${taskTier} subnets, private DNS`,
      'written',
      `${e.carries}; the calls stay inside the VPC${bp.network.nat === 'none' ? '' : ', off the NAT gateways'}; private DNS makes the service's usual name (${e.services[0]}.${bp.requirements.regions.primary}.amazonaws.com) resolve to the endpoint, so the tasks need no setting. About $${monthly.toFixed(2)} a month (${added.length} endpoint${added.length > 1 ? 's' : ''} in ${azs} AZs at $0.01 an hour each) plus $0.01 per GB`,
    );
  }
  if (!interfaceEndpoints.length) return { interfaceEndpoints };
  const cidr = bp.network.cidr;
  const endpointSecurityGroup: EndpointSecurityGroupDesign = {
    description: 'Interface VPC endpoints',
    ingress: { protocol: 'tcp', port: 443, cidr, description: `HTTPS from the VPC (${cidr})` },
    egress: 'none',
  };
  record(
    'endpoint_security_group',
    `HTTPS (TCP 443) from ${cidr}; no egress`,
    'derived',
    `one security group for every interface endpoint: HTTPS from the VPC's own addresses (its tasks, functions and data stores), nothing from outside it; no egress rule, since an endpoint answers connections and opens none`,
  );
  return { interfaceEndpoints: interfaceEndpoints.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)), endpointSecurityGroup };
}

/**
 * network.vpn: a customer gateway, a virtual private gateway attached to the VPC, one VPN connection
 * (static routes unless written otherwise) and its routes, and the gateway's routes propagated into the
 * route tables of the tasks' and data stores' subnets. The standby gets none (see designStandby).
 */
function designVpn(bp: Blueprint, log: DecisionLog, taskTier: SubnetTier): VpnDesign | undefined {
  const v = bp.network.vpn;
  if (!v) return undefined;
  const record = recorder(log, 'network', 'network.vpn');
  const staticRoutes = v.static_routes_only ?? true;
  record(
    'customer_gateway',
    `${v.customer_gateway_ip}, ASN ${v.bgp_asn}`,
    'written',
    `the on-premises VPN device, reached over the internet at ${v.customer_gateway_ip} (type ipsec.1); ASN ${v.bgp_asn}${staticRoutes ? ', which with static routing only names the device' : ', its side of the BGP sessions'}`,
  );
  record(
    'virtual_private_gateway',
    `ASN ${AMAZON_SIDE_ASN}, attached to the VPC`,
    'default',
    `AWS's side of the VPN, attached to the VPC; Amazon side ASN ${AMAZON_SIDE_ASN}, AWS's default private ASN`,
  );
  record(
    'connection',
    staticRoutes ? 'static routing' : 'dynamic routing (BGP)',
    v.static_routes_only === undefined ? 'default' : 'written',
    `one VPN connection with two tunnels (to two AWS endpoints, so maintenance on one leaves the other up), their options AWS's defaults (IKE versions, ciphers, pre-shared keys AWS generates): configure the device from the connection's downloadable configuration. ${staticRoutes ? 'Static routing: the on-premises blocks are the routes written, no BGP' : 'Dynamic routing: the device advertises its blocks over BGP'}. About $36.50 a month ($0.05 an hour) plus data transfer out`,
  );
  const routes = [...(v.routes ?? [])].sort((a, b) => parseCidr(a).base - parseCidr(b).base || parseCidr(a).prefix - parseCidr(b).prefix);
  if (staticRoutes) {
    record('routes', routes.join(', '), 'written', `the on-premises blocks routed to the connection; none overlaps the VPC (${bp.network.cidr}), a standby's VPC or another route (checked)`);
  }
  const propagation: SubnetTier[] = [taskTier, 'isolated'];
  record(
    'route_propagation',
    `${propagation.join(', ')} route tables`,
    'derived',
    `the gateway's routes are propagated into the route tables of the ${taskTier} subnets (tasks) and the isolated ones (databases, caches), so both reach on-premises${taskTier === 'private' ? '; the public subnets (load balancer, NAT gateways) serve the internet and keep none' : ''}`,
  );
  return {
    customerGateway: { type: 'ipsec.1', ipAddress: v.customer_gateway_ip, bgpAsn: v.bgp_asn, bgpAsnExtended: v.bgp_asn > MAX_BGP_ASN_FIELD },
    gateway: { type: 'ipsec.1', amazonSideAsn: AMAZON_SIDE_ASN },
    connection: { type: 'ipsec.1', staticRoutesOnly: staticRoutes },
    routes: staticRoutes ? routes : [],
    propagation,
  };
}

/**
 * Address blocks for each tier in each AZ, allocated in order (tier by tier,
 * AZ by AZ), each at the next free address aligned to its size: the same
 * allocation aws-cdk-lib's IpAddresses.cidr makes, written down so that
 * every backend gets identical subnets.
 */
export function allocateSubnets(vpcCidr: string, masks: { tier: SubnetTier; cidrMask: number }[], azs: number): NetworkDesign['subnets'] {
  const { base, size } = parseCidr(vpcCidr);
  const end = base + size;
  let next = base;
  return masks.map(({ tier, cidrMask }) => {
    const size = 2 ** (32 - cidrMask);
    const cidrs: string[] = [];
    for (let i = 0; i < azs; i++) {
      next = Math.ceil(next / size) * size;
      if (next + size > end) throw new Error(`${vpcCidr} has no room for the ${tier} /${cidrMask} subnets`);
      cidrs.push(`${toIp(next)}/${cidrMask}`);
      next += size;
    }
    return { tier, cidrMask, cidrs };
  });
}

/** A CIDR block as its first address (a number) and its size in addresses. */
export function parseCidr(cidr: string): { base: number; prefix: number; size: number } {
  const [ip, prefix] = cidr.split('/');
  return { base: ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0), prefix: Number(prefix), size: 2 ** (32 - Number(prefix)) };
}

/** The block of the same size right after this one (10.0.0.0/16 -> 10.1.0.0/16), or undefined past the end of the address space. */
export function nextCidr(cidr: string): string | undefined {
  const { base, prefix, size } = parseCidr(cidr);
  return base + 2 * size > 2 ** 32 ? undefined : `${toIp(base + size)}/${prefix}`;
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
