/*
 * Route 53 read from a CloudFormation template: each AWS::Route53::RecordSet (an alias record: its target
 * the load balancer or an API's custom domain, by Fn::GetAtt) and each AWS::Route53::HealthCheck (by its
 * Name tag; what it checks by the DNS name it requests). Every property these do not read throws.
 */
import type { DnsInventory } from '../inventory';
import { apiKey, restApiKey } from './apis';
import type { Context } from './context';
import { graphqlApiKey } from './graphql';
import { API_CDN_TAG, isApiDistribution, isLoadBalancerDistribution } from './sites';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, refOf } from './template';

const RECORD = ['AliasTarget', 'Failover', 'HealthCheckId', 'HostedZoneId', 'Name', 'SetIdentifier', 'Type'];
const ALIAS = ['DNSName', 'EvaluateTargetHealth', 'HostedZoneId'];
const HEALTH_CHECK = ['HealthCheckConfig', 'HealthCheckTags'];
const CHECK_CONFIG = ['EnableSNI', 'FailureThreshold', 'FullyQualifiedDomainName', 'Port', 'RequestInterval', 'ResourcePath', 'Type'];

export function readDns(x: Context): DnsInventory | null {
  const { t, r } = x;
  const records = t.ofType(T.dnsRecord);
  const checks = t.ofType(T.healthCheck);
  if (!records.length && !checks.length) return null;

  /*
   * A DNS name's owner: GetAtt DNSName of the load balancer, or of an API domain (RegionalDomainName), with
   * the zone attribute beside it; or GetAtt DomainName of a distribution, whose zone is a literal (read as
   * the record's targetZone).
   */
  const targetOf = (dnsName: unknown, zone: unknown, where: string): string => {
    const ref = refOf(dnsName) ?? fail(where, 'is not a reference to the load balancer or an API domain');
    const type = t.type(ref.id);
    if (type === T.distribution) {
      if (ref.attr !== 'DomainName') fail(where, `names ${ref.id} by ${ref.attr}, not DomainName`);
      if (zone !== undefined && typeof zone !== 'string') fail(where, 'its zone is not a literal hosted zone ID');
      if (isLoadBalancerDistribution(x, ref.id)) return 'load-balancer-distribution';
      // An API's distribution: its blueprint:api-cdn tag, the API's key.
      if (isApiDistribution(x, ref.id)) return `api-distribution:${r.str(list(t.props(ref.id).Tags, t.where(ref.id, 'Tags')).map((v) => obj(v, t.where(ref.id, 'Tags'))).find((v) => v.Key === API_CDN_TAG)!.Value, t.where(ref.id, 'Tags'))}`;
      return `site:${siteKeyOf(ref.id)}`;
    }
    const expect = type === T.loadBalancer ? ['DNSName', 'CanonicalHostedZoneID'] : type === T.apiDomain || type === T.restDomain ? ['RegionalDomainName', 'RegionalHostedZoneId'] : type === T.graphqlDomain ? ['AppSyncDomainName', 'HostedZoneId'] : fail(where, `references ${ref.id} (${type}), not the load balancer, an API domain, a GraphQL API's domain or a distribution`);
    if (ref.attr !== expect[0]) fail(where, `names ${ref.id} by ${ref.attr}, not ${expect[0]}`);
    if (zone !== undefined) {
      const z = refOf(zone);
      if (z?.id !== ref.id || z.attr !== expect[1]) fail(where, `its zone is not ${ref.id}'s ${expect[1]}`);
    }
    if (type === T.loadBalancer) return 'load-balancer';
    if (type === T.restDomain) {
      const mapping = t.ofType(T.restBasePathMapping).find((m) => refOf(t.props(m).DomainName)?.id === ref.id) ?? fail(where, `${ref.id} is mapped to no REST API`);
      return `rest-api:${restApiKey(t, r, t.target(t.props(mapping).RestApiId, [T.restApi], t.where(mapping, 'RestApiId')))}`;
    }
    if (type === T.graphqlDomain) {
      const name = t.props(ref.id).DomainName;
      const association = t.ofType(T.graphqlDomainAssociation).find((a) => t.props(a).DomainName === name) ?? fail(where, `${ref.id} is associated with no GraphQL API`);
      return `graphql-api:${graphqlApiKey(t, r, t.target(t.props(association).ApiId, [T.graphqlApi], t.where(association, 'ApiId')))}`;
    }
    const mapping = t.ofType(T.apiMapping).find((m) => refOf(t.props(m).DomainName)?.id === ref.id) ?? fail(where, `${ref.id} is mapped to no API`);
    return `api:${apiKey(t, r, t.target(t.props(mapping).ApiId, [T.api], t.where(mapping, 'ApiId')))}`;
  };

  // A distribution's site: its blueprint:site tag.
  const siteKeyOf = (id: string): string => {
    const tags = list(t.props(id).Tags, t.where(id, 'Tags'));
    const tag = tags.map((x) => obj(x, t.where(id, 'Tags'))).find((x) => x.Key === 'blueprint:site');
    return tag ? r.str(tag.Value, t.where(id, 'Tags')) : fail(t.where(id, 'Tags'), 'has no blueprint:site tag');
  };
  const checkName = new Map<string, string>();
  const healthChecks = checks.map((id): DnsInventory['healthChecks'][number] => {
    onlyKnown(t, id, HEALTH_CHECK, 'a health check');
    const p = t.props(id);
    const tags = new Map(list(p.HealthCheckTags, t.where(id, 'HealthCheckTags')).map((tag, i) => {
      const o = obj(tag, t.where(id, `HealthCheckTags[${i}]`));
      return [r.str(o.Key, t.where(id, `HealthCheckTags[${i}].Key`)), r.str(o.Value, t.where(id, `HealthCheckTags[${i}].Value`))];
    }));
    const name = tags.get('Name') ?? fail(t.where(id, 'HealthCheckTags'), 'has no Name tag; the inventory names a health check by it');
    checkName.set(id, name);
    const c = obj(p.HealthCheckConfig, t.where(id, 'HealthCheckConfig'));
    const extra = Object.keys(c).filter((k) => !CHECK_CONFIG.includes(k));
    if (extra.length) fail(t.where(id, 'HealthCheckConfig'), `${extra.join(', ')}: not in the inventory`);
    const w = (f: string) => t.where(id, `HealthCheckConfig.${f}`);
    return {
      name,
      target: targetOf(c.FullyQualifiedDomainName, undefined, w('FullyQualifiedDomainName')),
      type: r.str(c.Type, w('Type')),
      port: r.num(c.Port, w('Port')),
      path: r.str(c.ResourcePath ?? '', w('ResourcePath')),
      requestIntervalSeconds: r.numOr(c.RequestInterval, 30, w('RequestInterval')),
      failureThreshold: r.numOr(c.FailureThreshold, 3, w('FailureThreshold')),
      enableSni: r.bool(c.EnableSNI, false, w('EnableSNI')),
    };
  });

  return {
    records: records.map((id): DnsInventory['records'][number] => {
      onlyKnown(t, id, RECORD, 'a DNS record (plain values, TTLs and other routing policies are not)');
      const p = t.props(id);
      const w = (f: string) => t.where(id, f);
      const a = obj(p.AliasTarget ?? fail(w('AliasTarget'), 'is missing; the inventory reads alias records'), w('AliasTarget'));
      const extra = Object.keys(a).filter((k) => !ALIAS.includes(k));
      if (extra.length) fail(w('AliasTarget'), `${extra.join(', ')}: not in the inventory`);
      const failover = p.Failover === undefined ? null : {
        role: r.str(p.Failover, w('Failover')),
        setIdentifier: r.str(p.SetIdentifier ?? fail(w('SetIdentifier'), 'is missing on a failover record'), w('SetIdentifier')),
        healthCheck: p.HealthCheckId === undefined ? null : checkName.get(t.target(p.HealthCheckId, [T.healthCheck], w('HealthCheckId')))!,
      };
      if (!failover && (p.SetIdentifier !== undefined || p.HealthCheckId !== undefined)) fail(t.where(id), 'has a set identifier or health check but no failover; the inventory reads failover routing only');
      return {
        name: r.str(p.Name, w('Name')).replace(/\.$/, ''),
        type: r.str(p.Type, w('Type')),
        zone: r.str(p.HostedZoneId, w('HostedZoneId')),
        target: targetOf(a.DNSName, a.HostedZoneId, w('AliasTarget.DNSName')),
        targetZone: typeof a.HostedZoneId === 'string' && t.type(refOf(a.DNSName)!.id) === T.distribution ? a.HostedZoneId : null,
        evaluateTargetHealth: r.bool(a.EvaluateTargetHealth, false, w('AliasTarget.EvaluateTargetHealth')),
        failover,
      };
    }),
    healthChecks,
  };
}
