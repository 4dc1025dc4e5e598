import type { Blueprint } from '../schema';
import type { CheckIssue } from './checks';
import { targetOf } from './apis';
import { hasStandby } from './resilience';
import { CLOUDFRONT_REGION } from './site-checks';

/**
 * A CDN in front of the shared load balancer (load_balancing.public.cdn): rendered when CloudFront can take
 * the load balancer's certificate (the stack in us-east-1, security.tls.domain its alternate name), when the
 * load balancer has something to serve, and when nothing else must reach the load balancer past CloudFront
 * (it then admits CloudFront's origin-facing addresses only): no standby's DNS failover, whose Route 53
 * health checks call it directly, and no VPC link.
 */
export function checkLoadBalancerCdn(bp: Blueprint): CheckIssue[] {
  const lb = bp.load_balancing.public;
  if (!lb?.cdn) return [];
  const path = ['load_balancing', 'public', 'cdn'];
  const issues: CheckIssue[] = [];
  if (!Object.values(bp.services).some((s) => s.public)) issues.push({ path, message: 'no service is public (public: true): there is no load balancer to put a CDN in front of' });
  if (bp.requirements.regions.primary !== CLOUDFRONT_REGION) {
    issues.push({ path, involves: [['requirements', 'regions', 'primary']], message: `CloudFront takes certificates and web ACLs from ${CLOUDFRONT_REGION} only: a CDN in front of the load balancer is not rendered for a stack in ${bp.requirements.regions.primary} yet` });
  }
  if (!bp.security.tls?.domain) {
    issues.push({
      path,
      involves: [['security', 'tls']],
      message: bp.security.tls
        ? 'needs security.tls.domain: the distribution answers on that name (with the load balancer\'s certificate), and CloudFront verifies the load balancer\'s certificate against it'
        : 'needs security.tls.domain: CloudFront reaches the load balancer over the internet, which without a certificate would be plain HTTP, and viewers need a name the certificate covers',
    });
  }
  if (hasStandby(bp)) {
    issues.push({ path, involves: [['resilience', 'dr']], message: "a standby (pilot-light, warm-standby) takes over from the load balancer, which behind a CDN only the distribution reaches: origin failover (the standby's load balancer as the distribution's second origin) is not rendered yet; remove cdn or the standby" });
  }
  for (const [key, a] of Object.entries(bp.apis ?? {})) {
    const routes = a.kind === 'http' ? Object.entries(a.routes ?? {}) : [];
    // As api-checks.ts reads a route: a service written as such, or a container named without function:.
    const service = routes.find(([, r]) => (typeof r !== 'string' && 'service' in r) || (bp.services[targetOf(r)]?.kind === 'container' && !(typeof r !== 'string' && 'function' in r)));
    if (service) {
      issues.push({ path, involves: [['apis', key, 'routes', service[0]]], message: `API ${key}'s route ${service[0]} reaches the load balancer through a VPC link, which behind a CDN admits CloudFront only: not rendered yet (route the API's callers through the distribution instead, or remove cdn)` });
    }
  }
  return issues;
}
