import type { Blueprint } from '../schema';
import type { recorder, DecisionLog } from './decisions';
import { acknowledgeInPacks } from './compliance';
import type { SecurityDesign } from './types';
import { validationZoneFor, type ZoneRef } from './dns';

/*
 * A CDN in front of an HTTP API (apis.<key>.cdn): a CloudFront distribution whose one origin is the API's
 * execute-api endpoint, over HTTPS only, caching nothing, forwarding every header but Host (API Gateway
 * answers only to its own name), behind the CLOUDFRONT web ACL the static sites share.
 */

/** The managed CachingDisabled cache policy (AWS's ID, the same in every account). */
export const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** The managed AllViewerExceptHostHeader origin request policy, meant for API Gateway origins. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/**
 * What every distribution in front of a custom origin (an API's execute-api name, the load balancer) has:
 * HTTPS only to the origin (TLS 1.2), every method, nothing cached, an origin request policy of its own kind.
 */
export interface CustomOriginDistributionDesign {
  comment: string;
  /** The tag both parity readers and the cost facts name it by: "blueprint:api-cdn" (the API's key) or "blueprint:lb-cdn". */
  tags: Record<string, string>;
  priceClass: 'PriceClass_100' | 'PriceClass_All';
  httpVersion: 'http2and3';
  ipv6: true;
  originProtocolPolicy: 'https-only';
  originSslProtocols: ['TLSv1.2'];
  allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
  cachedMethods: ['GET', 'HEAD'];
  compress: true;
  cachePolicyId: string;
  originRequestPolicyId: string;
  /** Standard access logs into the stack's access-log bucket (Design.accessLogs), under this prefix, cookies left out (set by withAccessLogs). */
  accessLogs?: { prefix: string };
}

/** The shared part of a custom origin's distribution: PriceClass_All for a global audience, PriceClass_100 otherwise. */
function customOriginDistribution(bp: Blueprint, comment: string, tags: Record<string, string>, originRequestPolicyId: string): CustomOriginDistributionDesign {
  return {
    comment,
    tags,
    priceClass: (bp.requirements.audience ?? 'regional') === 'global' ? 'PriceClass_All' : 'PriceClass_100',
    httpVersion: 'http2and3',
    ipv6: true,
    originProtocolPolicy: 'https-only',
    originSslProtocols: ['TLSv1.2'],
    allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
    cachedMethods: ['GET', 'HEAD'],
    compress: true,
    cachePolicyId: CACHING_DISABLED,
    originRequestPolicyId,
  };
}

export interface ApiCdnDesign extends CustomOriginDistributionDesign {
  /** HTTPS only to the viewer (an API client does not follow redirects of its writes) and to the origin, TLS 1.2. */
  viewerProtocolPolicy: 'https-only';
  /**
   * apis.<key>.domain behind the CDN: the distribution's alternate name, with a certificate the stack requests (in
   * us-east-1, the stack's region), DNS-validated in network.dns's zone when the name is in it, TLSv1.2_2021 over SNI.
   * The API then has no API Gateway custom domain of its own.
   */
  domain?: { name: string; validationZone?: ZoneRef; minimumProtocolVersion: 'TLSv1.2_2021'; sslSupportMethod: 'sni-only' };
}

/** The CDN of an API with cdn: true (api-checks.ts: us-east-1, no iam, no domain). */
export function designApiCdn(bp: Blueprint, key: string, record: ReturnType<typeof recorder>, log: DecisionLog): ApiCdnDesign {
  const global = (bp.requirements.audience ?? 'regional') === 'global';
  record(
    'cdn',
    `CloudFront, nothing cached, HTTPS only, ${global ? 'PriceClass_All' : 'PriceClass_100'}`,
    'written',
    `apis.${key}.cdn: a distribution in front of the API: TLS ends at the edge nearest the caller and every request then passes the CLOUDFRONT web ACL (an HTTP API has no WAF of its own). Nothing is cached (Managed-CachingDisabled): an API's answers depend on who asks; every header but Host reaches the API (Managed-AllViewerExceptHostHeader: API Gateway answers only to its own name), the Authorization header among them. The execute-api endpoint stays reachable (CloudFront calls it): clients that call it directly bypass the ACL`,
  );
  log.acknowledge({ rule: 'AwsSolutions-CFR1', on: { kind: 'api-distribution', api: key }, reason: 'a public API serves every country: no geo restriction is asked for' });
  const name = bp.apis?.[key]?.domain;
  const validationZone = validationZoneFor(bp, name);
  if (name) {
    record(
      'cdn_domain',
      `${name} on the distribution, TLSv1.2_2021; no API Gateway custom domain`,
      'written',
      `apis.${key}.domain behind the CDN: the distribution's alternate name, with an ACM certificate requested in us-east-1 (the stack's region, the only one CloudFront takes) and ${validationZone ? `validated in ${validationZone.name} automatically` : 'validated once you publish its CNAME record (or write network.dns)'}; viewers need TLS 1.2 or later. The API keeps no custom domain of its own: CloudFront calls its execute-api name (the Host header is not forwarded), so a regional domain would be a second, unprotected way in; the execute-api endpoint stays on for the distribution`,
    );
  } else {
    log.acknowledge({ rule: 'AwsSolutions-CFR4', on: { kind: 'api-distribution', api: key }, reason: "the API's distribution has no domain (apis.<key>.domain): its *.cloudfront.net name uses the default CloudFront certificate, whose minimum protocol CloudFront fixes" });
  }
  return {
    ...customOriginDistribution(bp, `${bp.name} ${key} API`, { 'blueprint:api-cdn': key }, ALL_VIEWER_EXCEPT_HOST_HEADER),
    viewerProtocolPolicy: 'https-only',
    ...(name ? { domain: { name, ...(validationZone ? { validationZone } : {}), minimumProtocolVersion: 'TLSv1.2_2021' as const, sslSupportMethod: 'sni-only' as const } } : {}),
  };
}

/** The managed AllViewer origin request policy: every header (Host among them), cookie and query string reaches the origin. */
export const ALL_VIEWER = '216adef6-5c7f-47e4-b989-5492eafa07d3';

/**
 * CloudFront's origin-facing addresses, the AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing,
 * by its ID in us-east-1 (the one region a CDN is rendered in: edge-checks.ts). A security group rule naming it
 * counts as 55 of the group's 60 rules: one port only.
 */
export const CLOUDFRONT_ORIGIN_FACING = { name: 'com.amazonaws.global.cloudfront.origin-facing', id: 'pl-3b927c52' } as const;

/** The tag that names the load balancer's distribution (both parity readers and the cost facts find it by it). */
export const LB_CDN_TAG = 'blueprint:lb-cdn';

export interface LoadBalancerCdnDesign extends CustomOriginDistributionDesign {
  /** Its alternate domain name: security.tls.domain (the load balancer's DNS record points at the distribution instead). */
  domain: string;
  /** The load balancer's own certificate (in us-east-1, the stack's region), for viewers on TLS 1.2 or later, over SNI. */
  certificate: { of: 'load-balancer'; minimumProtocolVersion: 'TLSv1.2_2021'; sslSupportMethod: 'sni-only' };
  /** Browsers asking over HTTP are redirected (the load balancer's own port-80 redirect is gone: CloudFront only reaches it on 443). */
  viewerProtocolPolicy: 'redirect-to-https';
  /** What the load balancer's security group admits instead of the internet: this prefix list, on this port. */
  originAccess: { prefixList: string; prefixListId: string; port: 443 };
}

/**
 * The CDN of the shared load balancer (load_balancing.public.cdn; edge-checks.ts: us-east-1, security.tls.domain,
 * no standby, no VPC link): the load balancer's one public face becomes a distribution, and the load balancer
 * admits CloudFront alone.
 */
export function designLoadBalancerCdn(bp: Blueprint, domain: string, log: DecisionLog, security: SecurityDesign): LoadBalancerCdnDesign {
  const concern = 'load-balancing';
  const subject = 'load_balancing.public';
  const global = (bp.requirements.audience ?? 'regional') === 'global';
  const rec = (name: string, value: string, source: 'written' | 'derived' | 'default', rationale: string) => log.record({ concern, subject, name, value, source, rationale });
  rec(
    'cdn',
    `CloudFront at ${domain}, nothing cached, ${global ? 'PriceClass_All' : 'PriceClass_100'}`,
    'written',
    `load_balancing.public.cdn: a distribution in front of the load balancer, answering on security.tls.domain (${domain}) with the load balancer's own certificate (ACM, in us-east-1, which CloudFront takes), TLSv1.2_2021 for viewers, HTTP redirected to HTTPS; TLS ends at the edge nearest the caller and every request passes the CLOUDFRONT web ACL`,
  );
  rec(
    'cdn_origin',
    "the load balancer's DNS name, HTTPS only (TLS 1.2), every header, cookie and query string (Managed-AllViewer), nothing cached (Managed-CachingDisabled)",
    'derived',
    `a web app's answers depend on the session (cookies) and the query: nothing is cached; every header reaches the services, Host among them, so the listener's host rules route as before and CloudFront verifies the load balancer's certificate against ${domain} (the Host it forwards) rather than against the load balancer's own *.elb.amazonaws.com name, which the certificate does not cover`,
  );
  rec(
    'cdn_origin_access',
    `the load balancer's security group admits ${CLOUDFRONT_ORIGIN_FACING.name} (${CLOUDFRONT_ORIGIN_FACING.id}) on 443 only; no port 80, no redirect listener`,
    'derived',
    "without it anyone could call the load balancer past the CDN and its web ACL. The AWS-managed prefix list of CloudFront's origin-facing addresses counts as 55 of the group's 60 rules, so one port: 443 (CloudFront reaches the origin over HTTPS only, and redirects viewers' HTTP itself). It admits every CloudFront distribution, other accounts' too: a secret header the listener requires would close that gap (not rendered yet; the services still authenticate their callers)",
  );
  rec(
    'cdn_web_acl',
    "the CLOUDFRONT web ACL; the load balancer's REGIONAL one is gone",
    'derived',
    "requests reach the load balancer only through CloudFront, so the regional ACL would see CloudFront's addresses instead of the callers': its rate limit would block an edge location's many users together and ip-reputation would judge CloudFront. The CLOUDFRONT ACL, with the same rules, sees the callers",
  );
  acknowledgeInPacks(log, security, 'ALBWAFEnabled', { kind: 'load-balancer' }, "the load balancer admits CloudFront's origin-facing addresses only, and every request through the distribution passes the CLOUDFRONT web ACL; a REGIONAL ACL would see CloudFront's addresses, not the callers'");
  log.acknowledge({ rule: 'AwsSolutions-CFR1', on: { kind: 'lb-distribution' }, reason: 'a public web app serves every country: no geo restriction is asked for' });
  return {
    // To the load balancer's DNS name, over HTTPS only; the certificate is verified against the forwarded Host.
    ...customOriginDistribution(bp, `${bp.name} load balancer`, { [LB_CDN_TAG]: 'public' }, ALL_VIEWER),
    domain,
    certificate: { of: 'load-balancer', minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' },
    viewerProtocolPolicy: 'redirect-to-https',
    originAccess: { prefixList: CLOUDFRONT_ORIGIN_FACING.name, prefixListId: CLOUDFRONT_ORIGIN_FACING.id, port: 443 },
  };
}
