import type { Blueprint } from '../schema';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { AMAZON_SIDE_ASN, ENDPOINTS, nextCidr, parseCidr } from './network';
import { hasStandby } from './resilience';

/** ASNs AWS refuses for a customer gateway: everywhere (7224), or in one region. */
const RESERVED_ASNS: Record<number, string | undefined> = { 7224: undefined, 9059: 'eu-west-1', 10124: 'ap-northeast-1', 17943: 'ap-southeast-1' };

/**
 * Addresses that are not on the public internet (RFC 6890's special-purpose blocks), so AWS can reach no
 * customer gateway at one: [block, what it is].
 */
const NOT_PUBLIC: [string, string][] = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private, RFC 1918'],
  ['100.64.0.0/10', 'shared carrier-grade NAT space'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private, RFC 1918'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'the deprecated 6to4 relay anycast'],
  ['192.168.0.0/16', 'private, RFC 1918'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

/**
 * Rules for step 7 the schema alone cannot see: endpoints named by short names Blueprint knows, each once;
 * a VPN to a public address, with an ASN AWS accepts, whose routing is complete and whose on-premises
 * routes overlap neither the VPC's addresses, the standby's (the block after them), nor each other.
 */
export function checkNetwork(bp: Blueprint): CheckIssue[] {
  return [...checkEndpoints(bp), ...checkVpn(bp)];
}

function checkEndpoints(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const known = Object.keys(ENDPOINTS);
  // An AWS service's own name (ecr.api, written ecr-api too) suggests the short name that renders it.
  const byService = new Map(Object.entries(ENDPOINTS).flatMap(([short, e]) => (e.kind === 'interface' ? e.services.map((s) => [s, short] as const) : [])));
  const seen = new Set<string>();
  (bp.network.endpoints ?? []).forEach((name, i) => {
    const path = ['network', 'endpoints', i];
    if (!known.includes(name)) {
      const service = closest(name, [...byService.keys()]);
      const guess = closest(name, known) ?? (service && byService.get(service));
      issues.push({ path, message: `unknown endpoint "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${known.join(', ')}` });
    } else if (seen.has(name)) {
      issues.push({ path, message: `"${name}" is listed twice` });
    }
    seen.add(name);
  });
  return issues;
}

function checkVpn(bp: Blueprint): CheckIssue[] {
  const v = bp.network.vpn;
  if (!v) return [];
  const issues: CheckIssue[] = [];
  const at = (...p: (string | number)[]) => ['network', 'vpn', ...p];
  const staticRoutes = v.static_routes_only ?? true;
  if (staticRoutes && v.routes === undefined) {
    issues.push({ path: at(), at: 'key', involves: [at('static_routes_only')], message: 'static routing (the default) needs routes: the on-premises address blocks, e.g. routes: [192.168.0.0/16]' });
  }
  if (!staticRoutes && v.routes !== undefined) {
    issues.push({ path: at('routes'), at: 'key', involves: [at('static_routes_only')], message: 'with static_routes_only: false the routes are learned over BGP: remove routes (or static_routes_only, for static routing)' });
  }
  const ip = `${v.customer_gateway_ip}/32`;
  const block = NOT_PUBLIC.find(([range]) => overlaps(ip, range));
  if (block) {
    issues.push({ path: at('customer_gateway_ip'), message: `${v.customer_gateway_ip} is in ${block[0]} (${block[1]}): the customer gateway is the public IPv4 address at which AWS reaches the on-premises VPN device over the internet` });
  }
  const reservedIn = RESERVED_ASNS[v.bgp_asn];
  if (v.bgp_asn in RESERVED_ASNS && (reservedIn === undefined || reservedIn === bp.requirements.regions.primary)) {
    issues.push({ path: at('bgp_asn'), involves: [['requirements', 'regions', 'primary']], message: `${v.bgp_asn} is reserved by AWS ${reservedIn ? `in ${reservedIn}` : 'in every region'}: use another, e.g. a private ASN (64512-65534)` });
  } else if (!staticRoutes && v.bgp_asn === AMAZON_SIDE_ASN) {
    issues.push({ path: at('bgp_asn'), involves: [at('static_routes_only')], message: `${AMAZON_SIDE_ASN} is the virtual private gateway's (Amazon side) ASN: BGP peers need different ones, e.g. 65000` });
  }
  if (!staticRoutes) return issues;

  const vpc = bp.network.cidr;
  const standby = hasStandby(bp) ? nextCidr(vpc) : undefined;
  (v.routes ?? []).forEach((route, i) => {
    const path = at('routes', i);
    if (overlaps(route, vpc)) {
      issues.push({ path, involves: [['network', 'cidr']], message: `${route} overlaps the VPC's ${vpc} (network.cidr); on-premises routes must not overlap the VPC's addresses` });
    } else if (standby && overlaps(route, standby)) {
      issues.push({
        path,
        involves: [['network', 'cidr'], ['requirements', 'regions', 'secondary']],
        message: `${route} overlaps the standby's VPC ${standby} (the block after network.cidr, in ${bp.requirements.regions.secondary}); on-premises routes must not overlap it either, or the standby cannot be reached from on-premises after failover`,
      });
    }
    const earlier = (v.routes ?? []).slice(0, i).findIndex((r) => overlaps(r, route));
    if (earlier >= 0) {
      const other = v.routes![earlier];
      issues.push({ path, message: other === route ? `"${route}" is listed twice` : `${route} overlaps routes[${earlier}] (${other}); write each on-premises block once` });
    }
  });
  return issues;
}

/** Two CIDR blocks share an address. */
function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.base < y.base + y.size && y.base < x.base + x.size;
}
