import type { Blueprint } from '../schema';
import { parseEdge } from './edges';
import type { CheckIssue } from './checks';

/** The one region where CloudFront takes ACM certificates and where CLOUDFRONT-scoped web ACLs are created. */
export const CLOUDFRONT_REGION = 'us-east-1';

/** Keys of a service that a static site does not have, and why. */
const NOT_FOR_A_SITE: Record<string, string> = {
  image: 'a static site serves files from its bucket through CloudFront: no container runs',
  code: 'a static site runs no code: its built files are served from its bucket',
  runtime: 'a static site runs no code',
  handler: 'a static site runs no code',
  duration_ms: 'a static site runs no code',
  timeout_seconds: 'a static site runs no code',
  concurrency: 'a static site runs no code: CloudFront scales by itself',
  port: 'a static site listens on no port: CloudFront serves it on 443 (and redirects 80)',
  cpu: 'a static site has no task: CloudFront serves it',
  memory: 'a static site has no task: CloudFront serves it',
  scaling: 'a static site has no task to scale: CloudFront scales by itself',
  health_check: 'a static site has no target to probe: its distribution is alarmed on its 5xx error rate',
  capacity_rps_per_task: 'a static site has no tasks (write peak_rps for its traffic)',
  egress_gb_month: 'a static site makes no outbound connections',
  placement: 'a static site has no subnets: its bucket and distribution are outside the VPC',
  path: 'a static site is not routed on the load balancer: it has a distribution of its own (write domain for its host name)',
  host: 'a static site is not routed on the load balancer: write domain for its host name',
  priority: 'a static site is not routed on the load balancer',
  environment: 'a static site runs no code to read environment variables',
  uses: 'a static site calls nothing: its pages call APIs from the browser (route them through apis: or a public service)',
};

/** Keys only a static site has. */
const ONLY_FOR_A_SITE = ['spa', 'domain', 'certificate_arn', 'source'] as const;

/**
 * A static site (kind: static-site): built files in a private bucket behind a CloudFront distribution. No
 * task, code or routing keys; always public; a certificate only for a domain, from us-east-1; and, since
 * CloudFront's certificates and web ACLs live in us-east-1 only, rendered when the primary region is us-east-1.
 */
export function checkSites(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const region = bp.requirements.regions.primary;
  for (const [name, svc] of Object.entries(bp.services)) {
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    if (svc.kind !== 'static-site') {
      for (const k of ONLY_FOR_A_SITE) if (svc[k] !== undefined) issues.push({ path: at(k), at: 'key', message: 'only a static site has this key (set kind: static-site, or remove it)' });
      continue;
    }
    for (const [k, why] of Object.entries(NOT_FOR_A_SITE)) {
      if ((svc as Record<string, unknown>)[k] !== undefined) issues.push({ path: at(k), at: 'key', message: why });
    }
    if (svc.public === false) issues.push({ path: at('public'), message: 'a static site is always public: its CloudFront distribution is on the internet (behind a web ACL); private sites are not rendered' });
    if (region !== CLOUDFRONT_REGION) {
      issues.push({
        path: at('kind'),
        involves: [['requirements', 'regions', 'primary']],
        message: `static sites are rendered when requirements.regions.primary is ${CLOUDFRONT_REGION} (it is ${region}): CloudFront takes ACM certificates and CLOUDFRONT-scoped web ACLs from ${CLOUDFRONT_REGION} only, and an edge stack in ${CLOUDFRONT_REGION} is not rendered yet`,
      });
    }
    if (svc.certificate_arn !== undefined && svc.domain === undefined) {
      issues.push({ path: at('certificate_arn'), involves: [at('domain')], message: 'a certificate is for a domain: write domain (the host name the certificate names), or remove certificate_arn' });
    }
    // Two entry points with one name: dns-checks.ts, for sites, APIs and the load balancer alike.
  }
  // Nothing calls a site: it has no address inside the system.
  for (const [name, svc] of Object.entries(bp.services)) {
    if (svc.kind === 'static-site') continue;
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      if (bp.services[target]?.kind === 'static-site') issues.push({ path: ['services', name, 'uses', i], message: `"${target}" is a static site: it has no address inside the system (browsers reach it through its distribution)` });
    });
  }
  return issues;
}
