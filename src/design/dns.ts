import type { Blueprint } from '../schema';
import { byText } from '../text';
import type { ApiDesign } from './apis';
import type { GraphqlApiDesign } from './graphql';
import type { RestApiDesign } from './rest-apis';
import { recorder, type DecisionLog } from './decisions';
import { strategyOf } from './resilience';
import type { LoadBalancerDesign, ServiceDesign, SiteDesign } from './types';

/*
 * DNS (network.dns): alias records in an existing Route 53 zone for every public entry point that has a
 * domain (the load balancer at security.tls.domain, each API at apis.*.domain), certificates validated
 * in that zone, and DNS failover between the primary and its standby (pilot-light, warm-standby).
 */

/** A hosted zone the stack writes into but does not own. */
export interface ZoneRef {
  name: string;
  id: string;
}

/**
 * What a record points at: the shared load balancer, an API's custom domain, or a site's distribution. A
 * distribution's alias zone is a fixed AWS value, decided here; the others' zones are their own attributes.
 */
export type DnsTarget = { kind: 'load-balancer' } | { kind: 'load-balancer-distribution'; hostedZoneId: string } | { kind: 'api-distribution'; api: string; hostedZoneId: string } | { kind: 'api'; api: string } | { kind: 'rest-api'; api: string } | { kind: 'graphql-api'; api: string } | { kind: 'site'; site: string; hostedZoneId: string };

/** The hosted zone every CloudFront distribution's name is served from (an alias to a distribution names it). */
const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

export interface DnsRecordDesign {
  /** Stable construct ID / resource name part: "load-balancer", "api-<key>". */
  id: string;
  /** The fully qualified name, without the trailing dot. */
  name: string;
  /** A alias records (IPv4); AAAA too for a distribution, which answers over IPv6. */
  type: 'A' | 'AAAA';
  target: DnsTarget;
  /** Route 53 answers with this target only while its own health is good (an ALB: a healthy target in some AZ); an API domain has none to evaluate. */
  evaluateTargetHealth: boolean;
  /** One of a failover pair: the primary answers while its health check passes, then the standby. */
  failover?: { role: 'PRIMARY' | 'SECONDARY'; setIdentifier: string; healthCheck?: string };
}

/** A Route 53 health check of an entry point, from every checker region. */
export interface HealthCheckDesign {
  /** Stable construct ID / resource name part. */
  id: string;
  /** Its Name tag, as the console shows it. */
  name: string;
  /** What it checks, by its own DNS name (the record's name would follow the failover it decides). */
  target: DnsTarget;
  type: 'HTTPS';
  port: 443;
  path: string;
  /** Seconds between checks from each checker, and failed checks in a row before it is unhealthy. */
  requestIntervalSeconds: 30;
  failureThreshold: 3;
  /** The name is sent in the TLS handshake, so the listener picks its certificate. */
  enableSni: true;
}

export interface DnsDesign {
  zone: ZoneRef;
  /** Sorted by id. */
  records: DnsRecordDesign[];
  /** Sorted by id. */
  healthChecks: HealthCheckDesign[];
}

/** True when `domain` is the zone or below it (a wildcard's base counts). */
export const inZone = (domain: string, zone: string): boolean => {
  const name = domain.replace(/^\*\./, '');
  return name === zone || name.endsWith(`.${zone}`);
};

/** The zone a domain's certificate is validated in: network.dns's, when the domain belongs to it. */
export function validationZoneFor(bp: Blueprint, domain: string | undefined): ZoneRef | undefined {
  const dns = bp.network.dns;
  if (!dns || !domain || !inZone(domain, dns.zone)) return undefined;
  return { name: dns.zone, id: dns.zone_id };
}

/**
 * The records and health checks of a stack. `role` says where the stack stands in DNS failover: the
 * primary of a pilot-light or warm-standby (its record answers while its health check passes), the
 * standby (designStandby turns its records into the SECONDARY of each pair), or alone.
 */
export function designDns(bp: Blueprint, loadBalancer: LoadBalancerDesign | undefined, services: ServiceDesign[], apis: ApiDesign[], sites: SiteDesign[], log: DecisionLog, graphqlApis: GraphqlApiDesign[] = [], restApis: RestApiDesign[] = []): DnsDesign | undefined {
  const dns = bp.network.dns;
  if (!dns) return undefined;
  const record = recorder(log, 'network', 'network.dns');
  const zone = { name: dns.zone, id: dns.zone_id };
  record('zone', `${dns.zone} (${dns.zone_id})`, 'written', "an existing public hosted zone: the stack writes records into it and never creates or deletes it, since the domain's delegation (its name servers at the registrar) belongs to whoever owns the domain");

  const records: DnsRecordDesign[] = [];
  const healthChecks: HealthCheckDesign[] = [];
  const failover = failoverOf(bp);
  const lbDomain = loadBalancer?.https?.domain;
  if (loadBalancer && lbDomain) {
    if (failover) {
      const path = healthPathOf(loadBalancer, services);
      healthChecks.push({ id: 'load-balancer', name: `${bp.name} ${lbDomain}`, target: { kind: 'load-balancer' }, type: 'HTTPS', port: 443, path, requestIntervalSeconds: 30, failureThreshold: 3, enableSni: true });
      record(
        'health_check',
        `HTTPS :443${path} of the load balancer, every 30 s, unhealthy after 3 failures`,
        'derived',
        `${failover.strategy} needs DNS failover: Route 53's checkers (in several regions) request ${path} of the primary load balancer; when most of them fail, ${lbDomain} answers with the standby in ${failover.secondary}. 30 s x 3 failures: about 90 s to notice, within the standard checker's price (a fast 10 s check costs more and notices faster than the ALB's own targets settle)`,
      );
    }
    if (loadBalancer.cdn) {
      // edge-checks.ts: no failover behind a CDN. The name is the distribution's alternate name.
      for (const type of ['A', 'AAAA'] as const) records.push({ id: type === 'A' ? 'load-balancer' : 'load-balancer-aaaa', name: lbDomain, type, target: { kind: 'load-balancer-distribution', hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID }, evaluateTargetHealth: false });
      record(
        'load_balancer_record',
        `${lbDomain} A and AAAA alias -> the load balancer's distribution`,
        'derived',
        `security.tls.domain is in ${dns.zone} and the load balancer has a CDN (load_balancing.public.cdn): the public name points at the distribution, for IPv4 and IPv6 (it answers both), so every request passes CloudFront and its web ACL; the load balancer keeps only its own *.elb.amazonaws.com name, which the distribution calls (and which admits CloudFront alone). Target health cannot be evaluated for a distribution`,
      );
    } else records.push({
      id: 'load-balancer',
      name: lbDomain,
      type: 'A',
      target: { kind: 'load-balancer' },
      evaluateTargetHealth: true,
      ...(failover ? { failover: { role: 'PRIMARY' as const, setIdentifier: bp.requirements.regions.primary, healthCheck: 'load-balancer' } } : {}),
    });
    if (!loadBalancer.cdn) record(
      'load_balancer_record',
      failover ? `${lbDomain} A alias -> the load balancer (failover PRIMARY, ${bp.requirements.regions.primary})` : `${lbDomain} A alias -> the load balancer`,
      'derived',
      `security.tls.domain is in ${dns.zone}: an alias record (free to query, follows the load balancer's addresses as they change) with target health evaluated${failover ? `; the PRIMARY of a failover pair whose SECONDARY, the standby's load balancer in ${failover.secondary}, the standby's stack writes` : ''}`,
    );
  } else if (bp.security.tls?.domain && !loadBalancer) {
    record('load_balancer_record', 'none', 'derived', `security.tls.domain names ${bp.security.tls.domain}, but nothing is behind a load balancer: no record for it`);
  }

  for (const api of apis) {
    const domain = api.customDomain;
    if (!domain?.validationZone) continue;
    records.push({ id: `api-${api.key}`, name: domain.name, type: 'A', target: { kind: 'api', api: api.key }, evaluateTargetHealth: false });
    record(
      `api_record.${api.key}`,
      `${domain.name} A alias -> API ${api.key}'s custom domain`,
      'derived',
      `apis.${api.key}.domain is in ${dns.zone}: an alias record to the regional custom domain (target health not evaluated: API Gateway has none to report)${failover ? `. No failover: the standby's API has the same custom domain and certificate ready in ${failover.secondary}, but an API has no health of its own to check; after failing over the load balancer, point this record at the standby's domain (the README's failover steps)` : ''}`,
    );
  }
  // An API behind a CDN answers on its distribution (edge.ts): A and AAAA aliases to it.
  for (const api of apis) {
    const domain = api.cdn?.domain;
    if (!domain?.validationZone) continue;
    for (const type of ['A', 'AAAA'] as const) records.push({ id: `api-${api.key}${type === 'A' ? '' : '-aaaa'}`, name: domain.name, type, target: { kind: 'api-distribution', api: api.key, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID }, evaluateTargetHealth: false });
    record(`api_record.${api.key}`, `${domain.name} A and AAAA alias -> API ${api.key}'s distribution`, 'derived', `apis.${api.key}.domain is in ${dns.zone} and the API has a CDN: alias records to the distribution for IPv4 and IPv6 (it answers both), so every request passes CloudFront and its web ACL; target health cannot be evaluated for a distribution`);
  }
  for (const api of restApis) {
    const domain = api.customDomain;
    if (!domain?.validationZone) continue;
    records.push({ id: `rest-${api.key}`, name: domain.name, type: 'A', target: { kind: 'rest-api', api: api.key }, evaluateTargetHealth: false });
    record(`rest_api_record.${api.key}`, `${domain.name} A alias -> REST API ${api.key}'s custom domain`, 'derived', `apis.${api.key}.domain is in ${dns.zone}: an alias record to the regional custom domain (target health not evaluated: API Gateway has none to report)`);
  }
  for (const api of graphqlApis) {
    const domain = api.customDomain;
    if (!domain?.validationZone) continue;
    records.push({ id: `graphql-${api.key}`, name: domain.name, type: 'A', target: { kind: 'graphql-api', api: api.key }, evaluateTargetHealth: false });
    record(`graphql_record.${api.key}`, `${domain.name} A alias -> GraphQL API ${api.key}'s custom domain`, 'derived', `apis.${api.key}.domain is in ${dns.zone}: an alias record to the AppSync domain's CloudFront name (target health cannot be evaluated)`);
  }
  for (const site of sites) {
    const name = site.distribution.domain;
    if (!name || !inZone(name, dns.zone)) continue;
    for (const type of ['A', 'AAAA'] as const) records.push({ id: `site-${site.key}-${type.toLowerCase()}`, name, type, target: { kind: 'site', site: site.key, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID }, evaluateTargetHealth: false });
    record(
      `site_record.${site.key}`,
      `${name} A and AAAA alias -> site ${site.key}'s distribution`,
      'derived',
      `services.${site.key}.domain is in ${dns.zone}: alias records to the distribution for IPv4 and IPv6 (it answers both); target health cannot be evaluated for a distribution`,
    );
  }
  return { zone, records: records.sort((a, b) => byText(a.id, b.id)), healthChecks: healthChecks.sort((a, b) => byText(a.id, b.id)) };
}

/** The strategy and secondary region when the primary fails over by DNS to a standby. */
function failoverOf(bp: Blueprint): { strategy: string; secondary: string } | undefined {
  const strategy = strategyOf(bp);
  const secondary = bp.requirements.regions.secondary;
  return (strategy === 'pilot-light' || strategy === 'warm-standby') && secondary ? { strategy, secondary } : undefined;
}

/** The path the health check requests: the default service's health check, else the first routed service's. */
function healthPathOf(lb: LoadBalancerDesign, services: ServiceDesign[]): string {
  const key = lb.defaultService ?? lb.rules[0]?.service;
  return services.find((s) => s.key === key)?.healthCheck?.path ?? '/';
}

/**
 * The standby's DNS: its load balancer's record becomes the SECONDARY of the pair (no health check: Route 53
 * turns to it only when the primary fails, and then it must answer); the APIs' records stay the primary's.
 */
export function standbyDns(dns: DnsDesign | undefined, region: string, log: DecisionLog): DnsDesign | undefined {
  if (!dns) return undefined;
  const records = dns.records
    .filter((r) => r.target.kind === 'load-balancer')
    .map((r): DnsRecordDesign => ({ ...r, failover: { role: 'SECONDARY', setIdentifier: region } }));
  if (records.length) {
    log.record({
      concern: 'network',
      subject: 'standby',
      name: 'dns',
      value: `${records.map((r) => r.name).join(', ')} A alias -> the standby's load balancer (failover SECONDARY, ${region})`,
      source: 'derived',
      rationale: "the SECONDARY of the failover pair: Route 53 answers with it once the primary's health check fails; it has no health check of its own, since it is the last resort, but its target health is evaluated",
    });
  }
  return { zone: dns.zone, records, healthChecks: [] };
}
