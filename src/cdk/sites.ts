import { requestCertificate } from './dns';
import { Aws, Duration, RemovalPolicy, Stack, Tags, aws_apigatewayv2 as apigw, aws_certificatemanager as acm, aws_cloudfront as cf, aws_cloudfront_origins as origins, aws_elasticloadbalancingv2 as elbv2, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ApiDesign, LoadBalancerDesign, SiteDesign, WebAclDesign } from '../design';
import type { CustomOriginDistributionDesign, LoadBalancerCdnDesign } from '../design/edge';
import { fail } from '../fail';
import type { AccessLogs } from './access-logs';
import { Security } from './security';
import { SiteFiles } from './site-files';
import { UNTAGGED_TYPES } from './tags';

/** What the stack renders of one static site. */
export interface RenderedSite {
  bucket: s3.Bucket;
  distribution: cf.Distribution;
  /** Its files' uploads (services.<key>.source). */
  files?: SiteFiles;
}

/**
 * Static sites as the design says (design/sites.ts): per site (`Sites/<key>`) its private bucket, Origin
 * Access Control, response headers policy, certificate and distribution; and the CLOUDFRONT-scoped web ACL
 * they all name (`Sites/WebAcl`), which the distributions in front of HTTP APIs (`Sites/Api-<key>`) name too.
 * aws-cdk-lib's S3BucketOrigin.withOriginAccessControl writes the bucket
 * policy statement that admits only the distribution (aws:SourceArn).
 */
export class Sites extends Construct {
  readonly sites = new Map<string, RenderedSite>();
  /** The distributions in front of HTTP APIs (apis.<key>.cdn), by API key. */
  readonly apiDistributions = new Map<string, cf.Distribution>();
  readonly webAcl: Security;

  /** The distribution in front of the shared load balancer (load_balancing.public.cdn). */
  readonly loadBalancerDistribution?: cf.Distribution;

  constructor(
    scope: Construct,
    id: string,
    props: { sites: SiteDesign[]; webAcl: WebAclDesign; accessLogs?: AccessLogs; apis?: { design: ApiDesign; api: apigw.CfnApi }[]; loadBalancer?: { design: LoadBalancerDesign; alb: elbv2.IApplicationLoadBalancer; certificate?: acm.ICertificate } },
  ) {
    super(scope, id);
    this.webAcl = new Security(this, 'WebAcl', { design: props.webAcl });
    for (const d of props.sites) this.sites.set(d.key, site(this, d, this.webAcl.acl.attrArn, props.accessLogs));
    for (const a of props.apis ?? []) if (a.design.cdn) this.apiDistributions.set(a.design.key, apiDistribution(this, a.design, a.api, this.webAcl.acl.attrArn, props.accessLogs));
    const lb = props.loadBalancer;
    if (lb?.design.cdn) this.loadBalancerDistribution = loadBalancerDistribution(this, lb.design.cdn, lb.alb, lb.certificate ?? fail('the load balancer has a CDN but no certificate'), this.webAcl.acl.attrArn, props.accessLogs);
  }
}

/** An HTTP API's distribution (`Api-<key>/Distribution`): its execute-api endpoint as the one origin, nothing cached. */
function apiDistribution(scope: Construct, d: ApiDesign, api: apigw.CfnApi, webAclArn: string, accessLogs: AccessLogs | undefined): cf.Distribution {
  const x = d.cdn!;
  const c = new Construct(scope, `Api-${d.key}`);
  // Its own domain: a certificate requested in the stack's region (us-east-1), served by SNI with TLS 1.2 at least.
  const domain = x.domain && {
    domainNames: [x.domain.name],
    certificate: requestCertificate(c, 'Certificate', x.domain.name, x.domain.validationZone),
    minimumProtocolVersion: cf.SecurityPolicyProtocol.TLS_V1_2_2021,
    sslSupportMethod: cf.SSLMethod.SNI,
  };
  return customOriginDistribution(c, x, `${api.ref}.execute-api.${Stack.of(scope).region}.${Aws.URL_SUFFIX}`, cf.ViewerProtocolPolicy.HTTPS_ONLY, webAclArn, { ...logging(x.accessLogs, accessLogs), ...(domain ?? {}) });
}

/** A distribution's standard logs into the stack's access-log bucket, under the design's prefix (cookies left out: CloudFront's default). */
function logging(design: { prefix: string } | undefined, accessLogs: AccessLogs | undefined): Partial<cf.DistributionProps> {
  if (!design) return {};
  return { logBucket: (accessLogs ?? fail('a distribution logs access, but the stack has no access-log bucket')).bucket, logFilePrefix: design.prefix };
}

/** The load balancer's distribution (`LoadBalancer/Distribution`): the load balancer's DNS name the one origin, at its domain with its certificate. */
function loadBalancerDistribution(scope: Construct, x: LoadBalancerCdnDesign, alb: elbv2.IApplicationLoadBalancer, certificate: acm.ICertificate, webAclArn: string, accessLogs: AccessLogs | undefined): cf.Distribution {
  return customOriginDistribution(new Construct(scope, 'LoadBalancer'), x, alb.loadBalancerDnsName, cf.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, webAclArn, {
    ...logging(x.accessLogs, accessLogs),
    domainNames: [x.domain],
    certificate,
    minimumProtocolVersion: cf.SecurityPolicyProtocol.TLS_V1_2_2021,
    sslSupportMethod: cf.SSLMethod.SNI,
  });
}

/** A distribution (`<c>/Distribution`, tagged as the design says) whose one origin is `domain` over HTTPS (TLS 1.2), caching nothing. */
function customOriginDistribution(c: Construct, x: CustomOriginDistributionDesign, domain: string, viewerProtocolPolicy: cf.ViewerProtocolPolicy, webAclArn: string, extra: Partial<cf.DistributionProps>): cf.Distribution {
  for (const [k, v] of Object.entries(x.tags)) Tags.of(c).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
  return new cf.Distribution(c, 'Distribution', {
    comment: x.comment,
    httpVersion: cf.HttpVersion.HTTP2_AND_3,
    enableIpv6: x.ipv6,
    priceClass: x.priceClass === 'PriceClass_All' ? cf.PriceClass.PRICE_CLASS_ALL : cf.PriceClass.PRICE_CLASS_100,
    webAclId: webAclArn,
    ...extra,
    defaultBehavior: {
      origin: new origins.HttpOrigin(domain, { protocolPolicy: cf.OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [cf.OriginSslPolicy.TLS_V1_2] }),
      viewerProtocolPolicy,
      allowedMethods: cf.AllowedMethods.ALLOW_ALL,
      cachedMethods: cf.CachedMethods.CACHE_GET_HEAD,
      compress: x.compress,
      cachePolicy: cf.CachePolicy.fromCachePolicyId(c, 'CachePolicy', x.cachePolicyId),
      originRequestPolicy: cf.OriginRequestPolicy.fromOriginRequestPolicyId(c, 'OriginRequestPolicy', x.originRequestPolicyId),
    },
  });
}

function site(scope: Construct, d: SiteDesign, webAclArn: string, accessLogs: AccessLogs | undefined): RenderedSite {
  const c = new Construct(scope, d.key);
  for (const [k, v] of Object.entries(d.tags)) Tags.of(c).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
  const b = d.bucket;
  const bucket = new s3.Bucket(c, 'Bucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: b.versioned,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ id: 'noncurrent', enabled: true, noncurrentVersionExpiration: Duration.days(b.noncurrentExpireAfterDays) }],
    removalPolicy: b.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(accessLogs ? accessLogs.serverAccessLogs(b.accessLogs.prefix) : {}),
  });
  const oac = new cf.S3OriginAccessControl(c, 'OriginAccessControl', { originAccessControlName: d.originAccessControl.name, signing: cf.Signing.SIGV4_ALWAYS });
  const h = d.headers;
  const headers = new cf.ResponseHeadersPolicy(c, 'Headers', {
    responseHeadersPolicyName: h.name,
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: Duration.seconds(h.hsts.maxAgeSeconds), includeSubdomains: h.hsts.includeSubdomains, preload: h.hsts.preload, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cf.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cf.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: h.contentSecurityPolicy, override: true },
    },
  });
  const x = d.distribution;
  const cert = x.certificate;
  const certificate = cert?.arn
    ? acm.Certificate.fromCertificateArn(c, 'Certificate', cert.arn)
    : cert?.request
      ? requestCertificate(c, 'Certificate', cert.request.domain, cert.request.validationZone)
      : undefined;
  const distribution = new cf.Distribution(c, 'Distribution', {
    comment: x.comment,
    defaultRootObject: x.defaultRootObject,
    httpVersion: cf.HttpVersion.HTTP2_AND_3,
    enableIpv6: x.ipv6,
    priceClass: x.priceClass === 'PriceClass_All' ? cf.PriceClass.PRICE_CLASS_ALL : cf.PriceClass.PRICE_CLASS_100,
    webAclId: webAclArn,
    ...(x.domain && certificate ? { domainNames: [x.domain], certificate, minimumProtocolVersion: cf.SecurityPolicyProtocol.TLS_V1_2_2021, sslSupportMethod: cf.SSLMethod.SNI } : {}),
    errorResponses: x.errorResponses.map((e) => ({ httpStatus: e.errorCode, responseHttpStatus: e.responseCode, responsePagePath: e.responsePagePath, ttl: Duration.seconds(e.ttlSeconds) })),
    ...logging(x.accessLogs, accessLogs),
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, { originAccessControl: oac }),
      viewerProtocolPolicy: cf.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cf.AllowedMethods.ALLOW_GET_HEAD,
      compress: x.compress,
      cachePolicy: cf.CachePolicy.fromCachePolicyId(c, 'CachePolicy', x.cachePolicyId),
      responseHeadersPolicy: headers,
    },
  });
  const files = d.files ? new SiteFiles(c, 'Files', { design: d.files, bucket }) : undefined;
  return { bucket, distribution, ...(files ? { files } : {}) };
}
