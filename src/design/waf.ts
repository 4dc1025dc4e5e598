import type { Blueprint } from '../schema';
import type { DecisionLog } from './decisions';
import { profileNames } from './compliance';
import type { GraphqlApiDesign } from './graphql';
import type { RestApiDesign } from './rest-apis';
import type { LoadBalancerDesign, SecurityDesign, WebAclDesign, WafRuleDesign } from './types';

/**
 * The AWS managed rule groups a blueprint may name under security.waf.managed_rules, by the short
 * name it writes, with what each stops (for the rationale).
 */
export const MANAGED_RULE_GROUPS: Record<string, { group: string; stops: string }> = {
  common: { group: 'AWSManagedRulesCommonRuleSet', stops: 'common web exploits (the OWASP Top 10: cross-site scripting, oversized bodies, bad user agents)' },
  'known-bad-inputs': { group: 'AWSManagedRulesKnownBadInputsRuleSet', stops: 'request patterns known to exploit vulnerabilities (Log4j, Java deserialization, ...)' },
  'sql-injection': { group: 'AWSManagedRulesSQLiRuleSet', stops: 'SQL injection' },
  'ip-reputation': { group: 'AWSManagedRulesAmazonIpReputationList', stops: 'addresses Amazon threat intelligence knows as bots and attackers' },
  'anonymous-ip': { group: 'AWSManagedRulesAnonymousIpList', stops: 'VPNs, proxies, Tor and hosting providers hiding the client' },
  'admin-protection': { group: 'AWSManagedRulesAdminProtectionRuleSet', stops: 'access to exposed administrative pages' },
  linux: { group: 'AWSManagedRulesLinuxRuleSet', stops: 'Linux-specific local file inclusion' },
  unix: { group: 'AWSManagedRulesUnixRuleSet', stops: 'POSIX command injection' },
  php: { group: 'AWSManagedRulesPHPRuleSet', stops: 'PHP-specific exploits' },
  wordpress: { group: 'AWSManagedRulesWordPressRuleSet', stops: 'WordPress-specific exploits' },
};

/** What a blueprint that says nothing gets: broad exploits, known-bad inputs, known-bad addresses. */
export const DEFAULT_MANAGED_RULES = ['common', 'known-bad-inputs', 'ip-reputation'];

/** Requests per client address per 5 minutes before the rate-based rule blocks it, unless written. */
export const DEFAULT_RATE_LIMIT = 2000;

/**
 * A web ACL's full request logs, under a compliance profile only, into aws-waf-logs-<name> (WAF logs into log
 * groups with that prefix alone), decided as security.waf.<decision>.
 */
export function webAclLogging(name: string, decision: string, what: string, log: DecisionLog, security: SecurityDesign, logRetentionDays: number): WebAclDesign['logging'] {
  const logging = security.hardened ? { logGroupName: `aws-waf-logs-${name}`, retentionDays: logRetentionDays, redactedHeaders: ['authorization'] as ['authorization'] } : undefined;
  log.record({
    concern: 'security',
    subject: 'security.waf',
    name: decision,
    value: logging ? `every request to ${logging.logGroupName}, kept ${logRetentionDays} days` : false,
    source: logging ? 'derived' : 'default',
    rationale: logging
      ? `${profileNames(security)}: every request ${what} inspects, and what it decided, is logged (the authorization header redacted)${security.key ? ', encrypted with the stack\'s key' : ''}. Cost: $0.50 per GB logged`
      : 'metrics and sampled requests only: full request logs cost $0.50 per GB; a compliance profile switches them on',
  });
  return logging;
}

/**
 * Step 5: a WAFv2 web ACL in front of every regional public entry point (the shared load balancer, GraphQL APIs): the
 * managed rule groups the blueprint names (or sensible ones), then a per-address rate limit; requests
 * nothing blocks are allowed. Every rule and the ACL publish CloudWatch metrics and sampled requests.
 */
export function designWebAcl(bp: Blueprint, lb: LoadBalancerDesign | undefined, graphqlApis: GraphqlApiDesign[], restApis: RestApiDesign[], log: DecisionLog, security: SecurityDesign, logRetentionDays: number): WebAclDesign | undefined {
  // A load balancer behind a CDN is the CLOUDFRONT web ACL's (edge.ts: the regional one would see CloudFront's addresses).
  const loadBalancer = lb?.cdn ? undefined : lb;
  if (!loadBalancer && !graphqlApis.length && !restApis.length) return undefined;
  const apis = graphqlApis.map((a) => a.key);
  const rest = restApis.map((a) => a.key);
  const what = [loadBalancer && 'the public load balancer', apis.length && `GraphQL API${apis.length > 1 ? 's' : ''} ${apis.join(', ')}`, rest.length && `the stage of REST API${rest.length > 1 ? 's' : ''} ${rest.join(', ')}`].filter(Boolean).join(' and ');
  const written = bp.security.waf;
  const { names, limit, rules } = wafRules(bp, '');
  const metric = (s: string) => `${bp.name}-${s}`;
  log.record({
    concern: 'security',
    subject: 'security.waf',
    name: 'web_acl',
    value: `${names.join(', ')}; at most ${limit} requests per address per 5 min`,
    source: written ? 'written' : 'default',
    rationale: `a WAFv2 web ACL in front of ${what}: ${names.map((n) => `${n} (${MANAGED_RULE_GROUPS[n].stops})`).join('; ')}; then an address sending more than ${limit} requests in 5 minutes is blocked until it slows down. Each rule and the ACL publish CloudWatch metrics and sampled requests. Cost: about $5 a month for the ACL, $1 per rule and $0.60 per million requests`,
  });
  const logging = webAclLogging(bp.name, 'logging', 'the web ACL', log, security, logRetentionDays);
  return { name: `${bp.name}-web`, protects: loadBalancer ? 'load-balancer' : 'apis', graphqlApis: apis, restApis: rest, defaultAction: 'allow', rules, metricName: metric('web-acl'), ...(logging ? { logging } : {}) };
}

/** The rules of a web ACL, as security.waf says (or the defaults); metric names `<blueprint>-<prefix><rule>`. */
export function wafRules(bp: Blueprint, prefix: string): { names: string[]; limit: number; rules: WafRuleDesign[] } {
  const written = bp.security.waf;
  const names = written?.managed_rules ?? DEFAULT_MANAGED_RULES;
  const limit = written?.rate_limit_per_5min ?? DEFAULT_RATE_LIMIT;
  const metric = (s: string) => `${bp.name}-${prefix}${s}`;
  const rules: WafRuleDesign[] = names.map((n, i) => ({ kind: 'managed', name: n, vendor: 'AWS', group: MANAGED_RULE_GROUPS[n].group, priority: i, metricName: metric(n) }));
  rules.push({ kind: 'rate-limit', name: 'rate-limit', priority: rules.length, limit, windowSeconds: 300, aggregateKey: 'IP', action: 'block', metricName: metric('rate-limit') });
  return { names, limit, rules };
}
