import { validationZoneFor } from './dns';
import type { Blueprint } from '../schema';
import type { DecisionLog } from './decisions';
import { acknowledgeInPacks } from './compliance';
import type { LoadBalancerDesign, SecurityDesign } from './types';
import { byText } from '../text';
import { designLoadBalancerCdn } from './edge';

// TLS 1.3 and 1.2 only: the AWS-recommended policy (no TLS 1.0/1.1, no weak ciphers).
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * One shared internet-facing ALB for every public service, routed by host and
 * path: one load balancer per service is the biggest avoidable bill.
 */
export function designLoadBalancer(bp: Blueprint, log: DecisionLog, security: SecurityDesign): LoadBalancerDesign | undefined {
  const concern = 'load-balancing';
  const subject = 'load_balancing.public';
  const publicServices = Object.entries(bp.services).filter(([, s]) => s.public);
  if (publicServices.length === 0 || !bp.load_balancing.public) {
    log.record({ concern, subject, name: 'load_balancer', value: false, source: 'derived', rationale: 'no public service: no load balancer' });
    return undefined;
  }
  log.record({
    concern,
    subject,
    name: 'load_balancer',
    value: 'shared ALB',
    source: 'derived',
    rationale: `${publicServices.length} public service${publicServices.length > 1 ? 's' : ''} (${publicServices.map(([k]) => k).join(', ')}) ${publicServices.length > 1 ? 'share' : 'uses'} one internet-facing ALB, routed by host and path`,
  });

  const tls = bp.security.tls;
  const zone = tls?.certificate_arn ? undefined : validationZoneFor(bp, tls?.domain);
  const https = tls ? { domain: tls.domain, certificateArn: tls.certificate_arn ?? undefined, sslPolicy: TLS_POLICY, ...(zone ? { validationZone: zone } : {}) } : undefined;
  // A CDN in front (edge.ts; edge-checks.ts ensures security.tls.domain): CloudFront alone reaches it, on 443.
  const cdn = bp.load_balancing.public.cdn && https?.domain ? designLoadBalancerCdn(bp, https.domain, log, security) : undefined;
  log.record({
    concern,
    subject,
    name: 'listeners',
    value: cdn ? 'HTTPS 443 (from CloudFront only)' : https ? 'HTTPS 443 + HTTP 80 redirect' : 'HTTP 80',
    source: https ? 'derived' : 'default',
    rationale: cdn
      ? `behind the CDN, CloudFront calls the HTTPS listener (${TLS_POLICY}, TLS 1.2+) and redirects viewers' HTTP itself: no port-80 listener`
      : https
      ? `security.tls names ${https.certificateArn ? 'a certificate' : `the domain ${https.domain} (a DNS-validated ACM certificate is requested${zone ? `, validated in ${zone.name} automatically` : ': add its validation record to your DNS, or write network.dns'})`}: HTTPS with ${TLS_POLICY} (TLS 1.2+), HTTP redirects to HTTPS`
      : 'no domain or certificate in security.tls: plain HTTP; name a domain to get HTTPS',
  });

  const defaults = publicServices.filter(([, s]) => !s.host && (!s.path || s.path === '/*'));
  const defaultService = defaults[0]?.[0];
  log.record({
    concern,
    subject,
    name: 'default_action',
    value: defaultService ? `forward to ${defaultService}` : 'fixed 404',
    source: 'derived',
    rationale: defaultService ? `${defaultService} has no host or path: it takes every request no rule matches` : 'every public service has a host or path rule; anything else gets 404',
  });

  // Most specific rules first: host + path, then host, then path (longer first); name breaks ties.
  const routed = publicServices
    .filter(([k]) => k !== defaultService)
    .sort(([ka, a], [kb, b]) => specificity(a) - specificity(b) || (b.path?.length ?? 0) - (a.path?.length ?? 0) || byText(ka, kb));
  const taken = new Set(routed.map(([, s]) => s.priority).filter((p): p is number => p !== undefined));
  let next = 10;
  const rules = routed.map(([key, s]) => {
    let priority = s.priority;
    if (priority === undefined) {
      while (taken.has(next)) next += 10;
      priority = next;
      taken.add(next);
    }
    log.record({
      concern,
      subject: `services.${key}`,
      name: 'listener_rule',
      value: `priority ${priority}: ${[s.host && `host ${s.host}`, s.path && `path ${s.path}`].filter(Boolean).join(' and ')}`,
      source: s.priority !== undefined ? 'written' : 'derived',
      rationale: s.priority !== undefined ? 'written priority' : 'derived: more specific rules (host + path, host, longer path) are matched first',
    });
    return { service: key, priority, pathPatterns: s.path ? [s.path] : undefined, hostHeaders: s.host ? [s.host] : undefined };
  });
  rules.sort((a, b) => a.priority - b.priority);
  if (https && !cdn) {
    acknowledgeInPacks(log, security, 'ELBv2ACMCertificateRequired', { kind: 'redirect-listener' }, 'the port-80 listener answers every request with a redirect to HTTPS on 443 and serves nothing; the 443 listener has the ACM certificate');
  }
  // Behind a CDN the group admits CloudFront's prefix list, not the internet: nothing to acknowledge.
  if (!cdn) log.acknowledge({
    rule: 'AwsSolutions-EC23',
    on: { kind: 'load-balancer-security-group' },
    reason: `the public entry point of ${publicServices.map(([k]) => k).join(', ')}: clients anywhere reach the load balancer on its listener ports${https ? ' (80 only redirects to 443)' : ''}; no other security group admits the internet, and tasks admit only the load balancer`,
  });

  return {
    scheme: 'internet-facing',
    subnets: 'public',
    idleTimeoutSeconds: bp.load_balancing.public.idle_timeout_seconds,
    dropInvalidHeaderFields: true,
    deletionProtection: log.record({
      concern,
      subject,
      name: 'deletion_protection',
      value: bp.resilience.deletion_protection,
      source: bp.resilience.deletion_protection ? 'default' : 'written',
      rationale: bp.resilience.deletion_protection
        ? 'as for databases and tables (resilience.deletion_protection): deleting the load balancer, and with it the DNS name clients use, is refused until protection is turned off'
        : 'written resilience.deletion_protection: false: a throwaway environment, the load balancer can be deleted with the stack',
    }),
    deregistrationDelaySeconds: 30,
    notFound: { statusCode: 404, contentType: 'text/plain', body: 'Not found' },
    https,
    defaultService,
    rules,
    ...(cdn ? { cdn } : {}),
  };
}

function specificity(s: { host?: string; path?: string }): number {
  return s.host && s.path ? 0 : s.host ? 1 : 2;
}
