import * as aws from '@pulumi/aws';
import { requestCertificate } from './dns';
import * as pulumi from '@pulumi/pulumi';
import type { ApiDesign, SiteDesign, WebAclDesign } from '../design';
import type { AccessLogBucket } from './access-logs';
import { Security } from './security';
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
  private readonly acl: Security;

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
    for (const d of args.sites) this.distributions.set(d.key, this.site(`${name}-site-${d.key}`, d, acl.webAcl.arn, account, partition, args.accessLogs));
    this.registerOutputs({});
  }

  /** The distributions in front of HTTP APIs (apis.<key>.cdn): each API's execute-api name the one origin, nothing cached. */
  frontApis(name: string, region: string, apis: { design: ApiDesign; id: pulumi.Output<string> }[]): void {
    const parent = { parent: this };
    const acl = this.acl;
    const args = { region, apis };
    for (const a of args.apis ?? []) {
      const x = a.design.cdn;
      if (!x) continue;
      const originId = 'api';
      this.apiDistributions.set(
        a.design.key,
        new aws.cloudfront.Distribution(
          `${name}-api-cdn-${a.design.key}`,
          {
            enabled: true,
            comment: x.comment,
            httpVersion: x.httpVersion,
            isIpv6Enabled: x.ipv6,
            priceClass: x.priceClass,
            webAclId: acl.webAcl.arn,
            origins: [{ originId, domainName: pulumi.interpolate`${a.id}.execute-api.${args.region}.amazonaws.com`, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: x.originProtocolPolicy, originSslProtocols: [...x.originSslProtocols] } }],
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
            viewerCertificate: { cloudfrontDefaultCertificate: true },
            tags: x.tags,
          },
          parent,
        ),
      );
    }
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
