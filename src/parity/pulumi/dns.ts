/*
 * Route 53 read from a mock run, as the CloudFormation reader reads it: each aws.route53.Record that is an
 * alias (a certificate's validation record is read with its certificate, certificates.ts), its target found
 * by the DNS name the mocks give the load balancer or an API's custom domain, and each
 * aws.route53.HealthCheck by its Name tag. Every input these do not read throws.
 */
import { API_DOMAIN, APPSYNC_DOMAIN, mockNestedOutputs, mockOutputs } from '../../pulumi/mock-values';
import type { DnsInventory } from '../inventory';
import { apiKeyOf } from './apis';
import { graphqlApiDimension } from './graphql';
import { restDomainTargets } from './rest-apis';
import { LB_CDN_TAG } from './sites';
import { validationRecords } from './certificates';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';

const RECORD = ['aliases', 'failoverRoutingPolicies', 'healthCheckId', 'name', 'setIdentifier', 'type', 'zoneId'];
const ALIAS = ['evaluateTargetHealth', 'name', 'zoneId'];
const VALIDATION_RECORD = ['allowOverwrite', 'name', 'records', 'ttl', 'type', 'zoneId'];
const HEALTH_CHECK = ['enableSni', 'failureThreshold', 'fqdn', 'port', 'requestInterval', 'resourcePath', 'tags', 'type'];

function only(o: Inputs, fields: readonly string[], what: string): Inputs {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length) throw new Error(`parity: ${what}: ${extra.join(', ')}: not in the inventory`);
  return o;
}

export function readDns(ctx: Context): DnsInventory | null {
  const validation = new Set(validationRecords(ctx));
  for (const v of validation) only(v.inputs, VALIDATION_RECORD, `validation record ${v.name}`);
  const records = ctx.ofType(T.dnsRecord).filter((r) => !validation.has(r));
  const checks = ctx.ofType(T.healthCheck);
  if (!records.length && !checks.length) return null;

  /*
   * What a DNS name (and its zone) is, by the values the mocks give the load balancer and each API domain;
   * a distribution's zone is a literal in the record (null here, read as the record's targetZone).
   */
  const owners: [string, string | null, string][] = [
    ...ctx.ofType(T.lb).map((lb): [string, string, string] => {
      const o = mockOutputs(T.lb, lb.name, ctx.regionOf(lb), lb.inputs);
      return [String(o.dnsName), String(o.zoneId), 'load-balancer'];
    }),
    ...ctx.ofType(T.distribution).map((x): [string, null, string] => [
      String(mockOutputs(T.distribution, x.name, ctx.regionOf(x), x.inputs).domainName),
      null,
      x.inputs.tags?.[LB_CDN_TAG] !== undefined ? 'load-balancer-distribution' : x.inputs.tags?.['blueprint:api-cdn'] !== undefined ? `api-distribution:${x.inputs.tags['blueprint:api-cdn']}` : `site:${ctx.must(x.inputs.tags?.['blueprint:site'] as string | undefined, `the blueprint:site tag of ${x.name}`)}`,
    ]),
    // An AppSync custom domain: its CloudFront name and zone, the GraphQL API an association names with it.
    ...ctx.ofType(T.graphqlDomain).map((d): [string, string, string] => {
      const o = mockOutputs(APPSYNC_DOMAIN, d.name, ctx.regionOf(d), d.inputs);
      const association = ctx.must(ctx.ofType(T.graphqlDomainAssociation).find((a) => a.inputs.domainName === d.inputs.domainName), `the GraphQL API of AppSync domain ${d.name}`);
      return [String(o.appsyncDomainName), String(o.hostedZoneId), ctx.must(graphqlApiDimension(ctx, String(association.inputs.apiId)), `the GraphQL API of association ${association.name}`)];
    }),
    ...restDomainTargets(ctx),
    ...ctx.ofType(T.apiDomain).map((d): [string, string, string] => {
      const c = (mockNestedOutputs(API_DOMAIN, d.name, ctx.regionOf(d), d.inputs).domainNameConfiguration ?? {}) as Inputs;
      return [String(c.targetDomainName), String(c.hostedZoneId), apiOfDomain(ctx, d)];
    }),
  ];
  const ownerOf = (dnsName: unknown, what: string): [string, string | null, string] =>
    ctx.must(owners.find(([name]) => name === dnsName), `what ${what} points at: ${JSON.stringify(dnsName)} is neither the load balancer's, an API domain's nor a distribution's DNS name`);
  const targetOf = (dnsName: unknown, zone: unknown, what: string): string => {
    const owner = ownerOf(dnsName, what);
    if (zone !== undefined && owner[1] !== null && zone !== owner[1]) throw new Error(`parity: ${what}: zone ${JSON.stringify(zone)} is not ${owner[2]}'s`);
    return owner[2];
  };

  const checkName = new Map<string, string>();
  const healthChecks = checks.map((h): DnsInventory['healthChecks'][number] => {
    const i = only(h.inputs, HEALTH_CHECK, `health check ${h.name}`);
    const name = ctx.must(i.tags?.Name as string | undefined, `the Name tag of health check ${h.name}`);
    checkName.set(ctx.id(h), name);
    return {
      name,
      target: targetOf(i.fqdn, undefined, `health check ${h.name}`),
      type: i.type,
      port: i.port,
      path: i.resourcePath ?? '',
      requestIntervalSeconds: i.requestInterval ?? 30,
      failureThreshold: i.failureThreshold ?? 3,
      enableSni: i.enableSni === true,
    };
  });

  return {
    records: records.map((r): DnsInventory['records'][number] => {
      const i = only(r.inputs, RECORD, `DNS record ${r.name}`);
      const aliases = (i.aliases ?? []) as Inputs[];
      if (aliases.length !== 1) throw new Error(`parity: DNS record ${r.name} has ${aliases.length} aliases; the inventory reads alias records with one`);
      const a = only(aliases[0], ALIAS, `the alias of DNS record ${r.name}`);
      const policies = (i.failoverRoutingPolicies ?? []) as Inputs[];
      if (policies.length > 1) throw new Error(`parity: DNS record ${r.name} has ${policies.length} failover policies`);
      const failover = policies.length
        ? { role: policies[0].type, setIdentifier: ctx.must(i.setIdentifier as string | undefined, `the set identifier of ${r.name}`), healthCheck: i.healthCheckId === undefined ? null : ctx.must(checkName.get(i.healthCheckId), `the health check of ${r.name}`) }
        : null;
      if (!failover && (i.setIdentifier !== undefined || i.healthCheckId !== undefined)) throw new Error(`parity: DNS record ${r.name} has a set identifier or health check but no failover; the inventory reads failover routing only`);
      return {
        name: String(i.name).replace(/\.$/, ''),
        type: i.type,
        zone: i.zoneId,
        target: targetOf(a.name, a.zoneId, `DNS record ${r.name}`),
        targetZone: ownerOf(a.name, `DNS record ${r.name}`)[1] === null ? String(a.zoneId) : null,
        evaluateTargetHealth: a.evaluateTargetHealth === true,
        failover,
      };
    }),
    healthChecks,
  };
}

/** "api:<key>": the API an API domain is mapped to (by its mapping's apiId). */
function apiOfDomain(ctx: Context, d: R): string {
  const mapping = ctx.must(ctx.ofType(T.apiMapping).find((m) => m.inputs.domainName === ctx.id(d)), `the mapping of API domain ${d.name}`);
  return `api:${apiKeyOf(ctx, ctx.must(ctx.byId.get(mapping.inputs.apiId), `the API of ${mapping.name}`))}`;
}
