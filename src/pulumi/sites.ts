import * as aws from '@pulumi/aws';
import { requestCertificate } from './dns';
import * as pulumi from '@pulumi/pulumi';
import type { ApiDesign, SiteDesign, WebAclDesign } from '../design';
import type { ApiCdnDesign, LoadBalancerCdnDesign } from '../design/edge';
import type { AccessLogBucket } from './access-logs';
import { Security } from './security';
import { fail } from '../fail';
import { siteFiles } from './site-files';

/**
 * Static sites as the design says (mirrors src/cdk/sites.ts): per site its private bucket (encryption, public
 * access blocks, ownership, versioning, noncurrent expiry, server access logs) and one bucket policy (TLS
 * only, and s3:GetObject for cloudfront.amazonaws.com from this distribution alone, as CDK writes it), its
 * Origin Access Control, response headers policy, certificate (requested ones validated before use) and
 * distribution; and the CLOUDFRONT-scoped web ACL they all name.
 */
export class Sites extends pulumi.ComponentResource {
  readonly distributions = new Map<string, aws.cloudfront.Distribution>();
  /** The distributions in front of HTTP APIs (apis.<key>.cdn), by API key. */
  readonly apiDistributions = new Map<string, aws.cloudfront.Distribution>();
  /** The distribution in front of the shared load balancer (load_balancing.public.cdn). */
  loadBalancerDistribution?: aws.cloudfront.Distribution;
  private readonly acl: Security;
  private readonly accessLogs?: AccessLogBucket;

  constructor(
    name: string,
    args: { sites: SiteDesign[]; webAcl: WebAclDesign; accessLogs?: AccessLogBucket },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Sites', name, {}, opts);
    const parent = { parent: this };
    // Named as the stack, as every component is (the cost facts find a stack's resources by their parent's name).
    const acl = (this.acl = new Security(name, { design: args.webAcl, prefix: `${name}-sites` }, parent));
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = aws.getPartitionOutput({}, parent).partition;
    this.accessLogs = args.accessLogs;
    for (const d of args.sites) this.distributions.set(d.key, this.site(`${name}-site-${d.key}`, d, acl.webAcl.arn, account, partition, args.accessLogs));
    this.registerOutputs({});
  }

  /** The distributions in front of HTTP APIs (apis.<key>.cdn): each API's execute-api name the one origin, nothing cached. */
  frontApis(name: string, region: string, apis: { design: ApiDesign; id: pulumi.Output<string> }[]): void {
    for (const a of apis) {
      const x = a.design.cdn;
      if (!x) continue;
      const resource = `${name}-api-cdn-${a.design.key}`;
      // Its own domain: a certificate requested in the stack's region (us-east-1), validated before CloudFront takes it.
      const domain = x.domain;
      const viewerCertificate = domain
        ? { acmCertificateArn: requestCertificate(`${resource}-certificate`, domain.name, domain.validationZone, { parent: this }, x.tags), minimumProtocolVersion: domain.minimumProtocolVersion, sslSupportMethod: domain.sslSupportMethod }
        : { cloudfrontDefaultCertificate: true };
      this.apiDistributions.set(a.design.key, this.customOriginDistribution(resource, x, 'api', pulumi.interpolate`${a.id}.execute-api.${region}.amazonaws.com`, viewerCertificate, domain ? [domain.name] : undefined));
    }
  }

  /** The distribution in front of the shared load balancer (load_balancing.public.cdn): its DNS name the one origin, at its domain with its certificate. */
  frontLoadBalancer(name: string, x: LoadBalancerCdnDesign, alb: aws.lb.LoadBalancer, certificateArn: pulumi.Input<string>): void {
    this.loadBalancerDistribution = this.customOriginDistribution(`${name}-lb-cdn`, x, 'load-balancer', alb.dnsName, { acmCertificateArn: certificateArn, minimumProtocolVersion: x.certificate.minimumProtocolVersion, sslSupportMethod: x.certificate.sslSupportMethod }, [x.domain]);
  }

  /** A distribution whose one origin is `domain` over HTTPS (TLS 1.2), caching nothing, behind the web ACL (as CDK's customOriginDistribution). */
  private customOriginDistribution(
    resourceName: string,
    x: ApiCdnDesign | LoadBalancerCdnDesign,
    originId: string,
    domain: pulumi.Input<string>,
    viewerCertificate: aws.types.input.cloudfront.DistributionViewerCertificate,
    aliases?: string[],
  ): aws.cloudfront.Distribution {
    return new aws.cloudfront.Distribution(
      resourceName,
      {
        enabled: true,
        comment: x.comment,
        httpVersion: x.httpVersion,
        isIpv6Enabled: x.ipv6,
        priceClass: x.priceClass,
        webAclId: this.acl.webAcl.arn,
        ...(aliases ? { aliases } : {}),
        origins: [{ originId, domainName: domain, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: x.originProtocolPolicy, originSslProtocols: [...x.originSslProtocols] } }],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: x.viewerProtocolPolicy,
          allowedMethods: [...x.allowedMethods],
          cachedMethods: [...x.cachedMethods],
          compress: x.compress,
          cachePolicyId: x.cachePolicyId,
          originRequestPolicyId: x.originRequestPolicyId,
        },
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate,
        ...this.logging(x.accessLogs),
        tags: x.tags,
      },
      { parent: this },
    );
  }

  /** A distribution's standard logs into the stack's access-log bucket, under the design's prefix, cookies left out (as CDK writes it). */
  private logging(design: { prefix: string } | undefined): { loggingConfig?: aws.types.input.cloudfront.DistributionLoggingConfig } {
    if (!design) return {};
    const logs = this.accessLogs ?? fail('a distribution logs access, but the stack has no access-log bucket');
    return { loggingConfig: { bucket: logs.bucket.bucketRegionalDomainName, prefix: design.prefix, includeCookies: false } };
  }

  private site(prefix: string, d: SiteDesign, webAclArn: pulumi.Output<string>, account: pulumi.Output<string>, partition: pulumi.Output<string>, accessLogs?: AccessLogBucket): aws.cloudfront.Distribution {
    const parent = { parent: this };
    const tags = d.tags;
    const b = d.bucket;
    const bucket = new aws.s3.Bucket(prefix, { tags }, { parent: this, retainOnDelete: b.retain });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${prefix}-encryption`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] }, parent);
    new aws.s3.BucketPublicAccessBlock(`${prefix}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
    new aws.s3.BucketOwnershipControls(`${prefix}-ownership`, { bucket: bucket.id, rule: { objectOwnership: b.objectOwnership } }, parent);
    new aws.s3.BucketVersioning(`${prefix}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, parent);
    new aws.s3.BucketLifecycleConfiguration(`${prefix}-lifecycle`, { bucket: bucket.id, rules: [{ id: 'noncurrent', status: 'Enabled', filter: {}, noncurrentVersionExpiration: { noncurrentDays: b.noncurrentExpireAfterDays } }] }, parent);
    if (accessLogs) accessLogs.logs(prefix, d.key, bucket, parent);
    const o = d.originAccessControl;
    const oac = new aws.cloudfront.OriginAccessControl(`${prefix}-oac`, { name: o.name, originAccessControlOriginType: o.originType, signingBehavior: o.signing, signingProtocol: o.protocol }, parent);
    const h = d.headers;
    const headers = new aws.cloudfront.ResponseHeadersPolicy(
      `${prefix}-headers`,
      {
        name: h.name,
        securityHeadersConfig: {
          strictTransportSecurity: { accessControlMaxAgeSec: h.hsts.maxAgeSeconds, includeSubdomains: h.hsts.includeSubdomains, preload: h.hsts.preload, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: h.frameOptions, override: true },
          referrerPolicy: { referrerPolicy: h.referrerPolicy, override: true },
          contentSecurityPolicy: { contentSecurityPolicy: h.contentSecurityPolicy, override: true },
        },
      },
      parent,
    );
    const x = d.distribution;
    const cert = x.certificate;
    let certificateArn: pulumi.Input<string> | undefined = cert?.arn;
    // CloudFront takes an issued certificate only: requestCertificate waits for its validation.
    if (cert?.request) certificateArn = requestCertificate(`${prefix}-certificate`, cert.request.domain, cert.request.validationZone, parent, tags);
    const originId = `${prefix}-origin`;
    const distribution = new aws.cloudfront.Distribution(
      prefix,
      {
        enabled: true,
        comment: x.comment,
        defaultRootObject: x.defaultRootObject,
        httpVersion: x.httpVersion,
        isIpv6Enabled: x.ipv6,
        priceClass: x.priceClass,
        webAclId: webAclArn,
        ...(x.domain ? { aliases: [x.domain] } : {}),
        origins: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: x.viewerProtocolPolicy,
          allowedMethods: [...x.allowedMethods],
          cachedMethods: [...x.allowedMethods],
          compress: x.compress,
          cachePolicyId: x.cachePolicyId,
          responseHeadersPolicyId: headers.id,
        },
        customErrorResponses: x.errorResponses.map((e) => ({ errorCode: e.errorCode, responseCode: e.responseCode, responsePagePath: e.responsePagePath, errorCachingMinTtl: e.ttlSeconds })),
        ...this.logging(x.accessLogs),
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: certificateArn && cert ? { acmCertificateArn: certificateArn, minimumProtocolVersion: cert.minimumProtocolVersion, sslSupportMethod: cert.sslSupportMethod } : { cloudfrontDefaultCertificate: true },
        tags,
      },
      parent,
    );
    const policy = pulumi.all([bucket.arn, distribution.id, account, partition]).apply(([arn, id, accountId, part]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${arn}/*`, Condition: { StringEquals: { 'AWS:SourceArn': `arn:${part}:cloudfront::${accountId}:distribution/${id}` } } },
        ],
      }),
    );
    new aws.s3.BucketPolicy(`${prefix}-policy`, { bucket: bucket.id, policy }, parent);
    if (d.files) siteFiles(prefix, d.files, bucket, parent);
    return distribution;
  }
}
