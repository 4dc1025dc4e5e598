import type { Blueprint } from '../schema';
import { pct, type DecisionLog } from './decisions';
import { MAX_AVAILABILITY_BY_AZS, azCountFor, zoneNames } from './regions';
import { acknowledgeInPacks } from './compliance';
import type { NetworkDesign, SecurityDesign, SubnetTier } from './types';

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

  const nat = log.record({
    concern,
    subject,
    name: 'nat',
    value: bp.network.nat ?? (a >= 99.9 ? 'per-az' : 'single'),
    source: bp.network.nat ? 'written' : 'derived',
    rationale: bp.network.nat
      ? bp.network.nat === 'none'
        ? 'written: no NAT gateways (saves their hourly and per-GB cost); tasks get public IPs to pull images and ship logs, and only their security groups stand between them and the internet'
        : 'written'
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
  const gatewayEndpoints: NetworkDesign['gatewayEndpoints'] = [{ service: 's3', tiers: [taskTier] }, ...(tables.length ? [{ service: 'dynamodb' as const, tiers: [taskTier] }] : [])];
  log.record({
    concern,
    subject,
    name: 'gateway_endpoints',
    value: `${gatewayEndpoints.map((e) => e.service).join(', ')} on the ${taskTier} route tables`,
    source: 'derived',
    rationale: `gateway endpoints cost nothing and keep traffic to ${tables.length ? `S3 (container image layers from ECR, buckets) and DynamoDB (${tables.join(', ')})` : 'S3 (container image layers from ECR, buckets)'} inside the VPC${nat === 'none' ? '' : ', off the NAT gateways and their per-GB charge'}; access is still each task's IAM permissions`,
  });

  zones.forEach((zone, index) =>
    acknowledgeInPacks(log, security, 'VPCNoUnrestrictedRouteToIGW', { kind: 'public-subnet', index }, `the public subnet in ${zone} routes 0.0.0.0/0 to the internet gateway: the load balancer and the NAT gateways live there and must reach, and be reached from, the internet. Tasks and data stores are in the private and isolated subnets, which have no such route`),
  );
  if (flow) {
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'flow-log-role' }, 'the flow-log role\'s own policy lets VPC Flow Logs write to the flow-log group only; a managed policy would be a second resource with the same single use');
  }

  return {
    cidr: bp.network.cidr,
    availabilityZones: zones,
    subnets: tiers,
    nat,
    natGateways,
    flowLogs: flow ? { trafficType: 'ALL', retentionDays: logRetentionDays } : undefined,
    mapPublicIpOnLaunch: false,
    gatewayEndpoints,
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
