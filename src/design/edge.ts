import type { Blueprint } from '../schema';
import type { recorder, DecisionLog } from './decisions';

/*
 * A CDN in front of an HTTP API (apis.<key>.cdn): a CloudFront distribution whose one origin is the API's
 * execute-api endpoint, over HTTPS only, caching nothing, forwarding every header but Host (API Gateway
 * answers only to its own name), behind the CLOUDFRONT web ACL the static sites share.
 */

/** The managed CachingDisabled cache policy (AWS's ID, the same in every account). */
export const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** The managed AllViewerExceptHostHeader origin request policy, meant for API Gateway origins. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

export interface ApiCdnDesign {
  comment: string;
  /** Its tag "blueprint:api-cdn": the API's key (both parity readers name it by it). */
  tags: Record<string, string>;
  priceClass: 'PriceClass_100' | 'PriceClass_All';
  httpVersion: 'http2and3';
  ipv6: true;
  /** HTTPS only to the viewer (an API client does not follow redirects of its writes) and to the origin, TLS 1.2. */
  viewerProtocolPolicy: 'https-only';
  originProtocolPolicy: 'https-only';
  originSslProtocols: ['TLSv1.2'];
  allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
  cachedMethods: ['GET', 'HEAD'];
  compress: true;
  cachePolicyId: string;
  originRequestPolicyId: string;
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
  log.acknowledge({ rule: 'AwsSolutions-CFR4', on: { kind: 'api-distribution', api: key }, reason: "the API's distribution has no domain yet: its *.cloudfront.net name uses the default CloudFront certificate, whose minimum protocol CloudFront fixes" });
  log.acknowledge({
    rule: 'AwsSolutions-CFR3',
    on: { kind: 'api-distribution', api: key },
    reason: "standard access logs are not rendered yet (as for the sites): the API's own access logs record every request that reaches it, the web ACL's metrics and sampled requests the rest",
  });
  return {
    comment: `${bp.name} ${key} API`,
    tags: { 'blueprint:api-cdn': key },
    priceClass: global ? 'PriceClass_All' : 'PriceClass_100',
    httpVersion: 'http2and3',
    ipv6: true,
    viewerProtocolPolicy: 'https-only',
    originProtocolPolicy: 'https-only',
    originSslProtocols: ['TLSv1.2'],
    allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
    cachedMethods: ['GET', 'HEAD'],
    compress: true,
    cachePolicyId: CACHING_DISABLED,
    originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
  };
}
