import { validationZoneFor } from './dns';
import type { Blueprint } from '../schema';
import { recorder, type DecisionLog } from './decisions';
import { acknowledgeInPacks } from './compliance';
import { bucketLogPrefix } from './access-logs';
import { acknowledgeSiteUploads, designSiteFiles } from './site-files';
import { MANAGED_RULE_GROUPS, wafRules, webAclLogging } from './waf';
import type { LoadBalancerDesign, SecurityDesign, SiteDesign, WebAclDesign } from './types';

/** The managed CachingOptimized cache policy (AWS's ID, the same in every account). */
export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

/** Two years, the HSTS preload list's minimum being one. */
export const HSTS_MAX_AGE_SECONDS = 63072000;

/** Days a replaced or deleted file of a site is kept before it expires (a redeploy of the previous build can still be restored). */
export const SITE_NONCURRENT_DAYS = 30;

/** A conservative Content-Security-Policy: the site's own origin only, no plugins, no framing, forms to itself. */
export const DEFAULT_CSP = "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests";

/**
 * Static sites (kind: static-site), sorted by key: a private bucket behind a CloudFront distribution each,
 * and one CLOUDFRONT-scoped web ACL in front of them all. The checks (site-checks.ts) ensure the stack is in
 * us-east-1, where CloudFront takes certificates and web ACLs from.
 */
export function designSites(bp: Blueprint, log: DecisionLog, security: SecurityDesign, logRetentionDays: number, loadBalancer?: LoadBalancerDesign): { sites: SiteDesign[]; webAcl?: WebAclDesign } {
  const entries = Object.entries(bp.services)
    .filter(([, s]) => s.kind === 'static-site')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // HTTP APIs with a CDN stand behind the same CLOUDFRONT web ACL.
  const cdnApis = Object.entries(bp.apis ?? {}).filter(([, a]) => a.kind === 'http' && a.cdn).map(([k]) => k).sort();
  // So does the load balancer's (load_balancing.public.cdn).
  const lbCdn = loadBalancer?.cdn !== undefined;
  if (!entries.length && !cdnApis.length && !lbCdn) return { sites: [] };
  const audience = bp.requirements.audience ?? 'regional';
  const sites = entries.map(([key, svc]): SiteDesign => {
    const record = recorder(log, 'security', `services.${key}`);
    const name = `${bp.name}-${key}`.slice(0, 64);
    record('origin', `private bucket, Origin Access Control ${name} (sigv4, always)`, 'default', 'the bucket blocks all public access and has ACLs disabled (BucketOwnerEnforced); its policy lets only this distribution read objects (cloudfront.amazonaws.com, aws:SourceArn the distribution), and CloudFront signs every origin request (Origin Access Control, not the legacy origin access identity). SSE-S3, TLS-only, versioned; server access logs into the stack\'s access-log bucket');
    record('noncurrent_expire_after_days', SITE_NONCURRENT_DAYS, 'default', `a replaced or deleted file is kept ${SITE_NONCURRENT_DAYS} days (a bad deploy can be rolled back), then expires: the built files are reproducible from their source`);
    const priceClass = record(
      'price_class',
      audience === 'global' ? 'PriceClass_All' : 'PriceClass_100',
      bp.requirements.audience ? 'derived' : 'default',
      audience === 'global'
        ? 'requirements.audience global: every edge location serves, so users in Asia, South America, Africa and Oceania are near one (their data transfer costs more per GB)'
        : 'users in North America and Europe (requirements.audience regional, the default): the edge locations there only (PriceClass_100), the lowest price per GB; users elsewhere are served from those too, farther away',
    );
    record('viewer_protocol', 'redirect-to-https, HTTP/2 and HTTP/3, IPv6', 'default', 'every request over HTTPS (HTTP is redirected); HTTP/3 (QUIC) and HTTP/2 for faster page loads; reachable over IPv6 as over IPv4');
    record('cache_policy', 'Managed-CachingOptimized, compressed, GET and HEAD', 'default', 'static files are cached at the edge as long as their headers allow (1 day by default, up to a year), keyed on the path alone (no cookies, headers or query strings), gzip and brotli; a site serves reads only');
    const domain = svc.domain;
    const certificate = domain
      ? { ...(svc.certificate_arn ? { arn: svc.certificate_arn } : { request: { domain, validation: 'dns' as const, ...(validationZoneFor(bp, domain) ? { validationZone: validationZoneFor(bp, domain)! } : {}) } }), minimumProtocolVersion: 'TLSv1.2_2021' as const, sslSupportMethod: 'sni-only' as const }
      : undefined;
    record(
      'certificate',
      !domain ? 'the distribution\'s own *.cloudfront.net certificate' : svc.certificate_arn ? `${svc.certificate_arn} (TLSv1.2_2021, SNI)` : `requested for ${domain}, DNS-validated (TLSv1.2_2021, SNI)`,
      domain ? (svc.certificate_arn ? 'written' : 'derived') : 'default',
      !domain
        ? 'no domain: the site answers on its *.cloudfront.net name, whose certificate CloudFront chooses (it also accepts TLS 1.0 clients: write a domain to require TLS 1.2)'
        : svc.certificate_arn
          ? 'the written certificate in us-east-1 (CloudFront takes no other region\'s); clients need TLS 1.2 or later (TLSv1.2_2021)'
          : `an ACM certificate for ${domain} in us-east-1 (the stack's region), validated by DNS: ${validationZoneFor(bp, domain) ? `its CNAME record is written in ${validationZoneFor(bp, domain)!.name} automatically` : "the deploy waits until its CNAME record is published in the domain's zone (or write network.dns)"}; clients need TLS 1.2 or later (TLSv1.2_2021)`,
    );
    const spa = svc.spa === true;
    record('spa', spa, svc.spa === undefined ? 'default' : 'written', spa ? 'a single-page application: a path with no file (403 from the private bucket, or 404) gets /index.html with 200, not cached, so the client-side router answers it' : 'the bucket\'s own answer to a missing file (403: the distribution may not list the bucket) reaches the browser');
    record('security_headers', 'HSTS 2 years (subdomains, preload), nosniff, X-Frame-Options DENY, strict-origin-when-cross-origin, a same-origin Content-Security-Policy', 'default', `a response headers policy, overriding what the origin says: browsers keep to HTTPS for two years (the preload list's terms), never guess content types, never frame the site, send no path to other origins; CSP: ${DEFAULT_CSP} (pages that call APIs on other origins or load third-party scripts need it loosened: not yet a key)`);
    if (!domain) {
      const why = 'the site has no domain: its *.cloudfront.net name uses the default CloudFront certificate, whose minimum protocol CloudFront fixes (write a domain for TLSv1.2_2021)';
      log.acknowledge({ rule: 'AwsSolutions-CFR4', on: { kind: 'site-distribution', site: key }, reason: why });
    }
    log.acknowledge({ rule: 'AwsSolutions-CFR1', on: { kind: 'site-distribution', site: key }, reason: 'a public site serves every country: no geo restriction is asked for' });
    const bucketOn = { kind: 'site-bucket', site: key } as const;
    acknowledgeInPacks(log, security, 'S3DefaultEncryptionKMS', bucketOn, 'a site\'s files are public through its distribution: SSE-S3 protects them at rest without a KMS key policy that would have to admit CloudFront');
    acknowledgeInPacks(log, security, 'S3BucketReplicationEnabled', bucketOn, 'a site\'s files are built from source and redeployed in minutes: a replica would keep nothing that the build does not');
    const files = svc.source ? designSiteFiles(key, svc.source, log) : undefined;
    return {
      key,
      tags: { 'blueprint:site': key },
      ...(files ? { files } : {}),
      bucket: { encryption: 'sse-s3', versioned: true, objectOwnership: 'BucketOwnerEnforced', noncurrentExpireAfterDays: SITE_NONCURRENT_DAYS, retain: true, accessLogs: { prefix: bucketLogPrefix(key) } },
      originAccessControl: { name, signing: 'always', protocol: 'sigv4', originType: 's3' },
      distribution: {
        comment: `${bp.name} ${key}`,
        defaultRootObject: 'index.html',
        httpVersion: 'http2and3',
        ipv6: true,
        priceClass,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED,
        ...(domain ? { domain } : {}),
        ...(certificate ? { certificate } : {}),
        errorResponses: spa ? ([403, 404] as const).map((errorCode) => ({ errorCode, responseCode: 200 as const, responsePagePath: '/index.html' as const, ttlSeconds: 0 as const })) : [],
      },
      headers: {
        name: `${bp.name}-${key}-headers`.slice(0, 128),
        hsts: { maxAgeSeconds: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true },
        contentTypeOptions: true,
        frameOptions: 'DENY',
        referrerPolicy: 'strict-origin-when-cross-origin',
        contentSecurityPolicy: DEFAULT_CSP,
      },
    };
  });
  const withFiles = sites.filter((s) => s.files).map((s) => s.key);
  if (withFiles.length) acknowledgeSiteUploads(log, security, withFiles);
  // Named for the sites when there are any (as before APIs could have a CDN), for the edge otherwise.
  const part = sites.length ? 'sites' : 'edge';
  const { names, limit, rules } = wafRules(bp, `${part}-`);
  const fronted = [...sites.map((s) => `site ${s.key}`), ...cdnApis.map((k) => `API ${k}`), ...(lbCdn ? ['the load balancer'] : [])];
  log.record({
    concern: 'security',
    subject: 'security.waf',
    name: 'site_web_acl',
    value: `${bp.name}-${part} (CLOUDFRONT): ${names.join(', ')}; at most ${limit} requests per address per 5 min`,
    source: bp.security.waf ? 'written' : 'default',
    rationale: cdnApis.length || lbCdn
      ? `one WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1, the stack's region) in front of every distribution (${fronted.join(', ')}), with the load balancer's rules: ${names.map((n) => `${n} (${MANAGED_RULE_GROUPS[n].stops})`).join('; ')}; then the per-address rate limit. One ACL for all of them: $5 a month once, not per distribution`
      : `one WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1, the stack's region) in front of every site's distribution (${sites.map((s) => s.key).join(', ')}), with the load balancer's rules: ${names.map((n) => `${n} (${MANAGED_RULE_GROUPS[n].stops})`).join('; ')}; then the per-address rate limit. One ACL for all sites: $5 a month once, not per site`,
  });
  log.recommend({
    subject: 'services',
    text: cdnApis.length || lbCdn
      ? `alarm on each distribution's 5xxErrorRate (AWS/CloudFront, Region Global, in us-east-1): not rendered yet; watch it on the CloudFront console's monitoring page meanwhile (${fronted.join(', ')})`
      : `alarm on each site's 5xxErrorRate (AWS/CloudFront, Region Global, in us-east-1): not rendered yet; watch it on the CloudFront console's monitoring page meanwhile (${sites.map((s) => s.key).join(', ')})`,
  });
  const logging = webAclLogging(`${bp.name}-${part}`, 'site_web_acl_logging', sites.length ? "the sites' web ACL" : "the edge's web ACL", log, security, logRetentionDays);
  return { sites, webAcl: { name: `${bp.name}-${part}`, protects: 'sites', graphqlApis: [], restApis: [], defaultAction: 'allow', rules, metricName: `${bp.name}-${part}-web-acl`, ...(logging ? { logging } : {}) } };
}
