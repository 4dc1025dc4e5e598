import { z } from 'zod';

export const loadBalancer = z
  .strictObject({
    type: z.enum(['alb']).default('alb').describe('Application Load Balancer.'),
    idle_timeout_seconds: z.number().int().min(1).max(4000).default(60),
    cdn: z
      .boolean()
      .optional()
      .describe(
        "true: a CloudFront distribution in front of the load balancer, answering on security.tls.domain (the load balancer's certificate, TLS 1.2 at least) and reaching the load balancer over HTTPS; nothing cached, every header, cookie and query string forwarded (Host too, so host rules still route); behind the CLOUDFRONT web ACL the static sites share. The load balancer then admits CloudFront's origin-facing addresses only, on 443, and has no REGIONAL web ACL of its own. Needs the stack in us-east-1, security.tls.domain, no standby (pilot-light, warm-standby) and no API routes to services through a VPC link.",
      ),
  })
  .describe('The shared internet-facing load balancer.');

export const loadBalancing = z
  .strictObject({
    public: loadBalancer.nullable().optional().describe('The one shared public load balancer; null: none.'),
  })
  .describe('Step 4: load balancing (scaling lives on each service).');
