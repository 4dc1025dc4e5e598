import { Match } from 'aws-cdk-lib/assertions';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { CACHING_OPTIMIZED, DEFAULT_CSP, HSTS_MAX_AGE_SECONDS } from '../src/design/sites';
import { designOf, synth } from './support';

/*
 * Static sites (kind: static-site), decision by decision: the design of the fixture (a site on its
 * *.cloudfront.net name, a single-page application with a requested certificate, a site with a written
 * one), then the same in the CloudFormation template and in the Pulumi program.
 */

const FIXTURE = 'synth-tests/fixtures/static-site.yaml';
const d = designOf(FIXTURE);
const site = (key: string) => d.sites?.find((s) => s.key === key) ?? fail(`no site ${key}`);
function fail(message: string): never {
  throw new Error(message);
}

describe('the design', () => {
  test('sites are neither services, functions nor stores; sorted by key; no NAT gateway, no load balancer', () => {
    expect(d.sites?.map((s) => s.key)).toEqual(['app', 'docs', 'www']);
    expect(d.services).toEqual([]);
    expect(d.functions).toEqual([]);
    expect(d.stores).toEqual([]);
    expect(d.loadBalancer).toBeUndefined();
    expect(d.network.nat).toBe('none');
  });

  test('a private, versioned bucket with ACLs disabled, logging into the access-log bucket', () => {
    expect(site('docs').bucket).toEqual({ encryption: 'sse-s3', versioned: true, objectOwnership: 'BucketOwnerEnforced', noncurrentExpireAfterDays: 30, retain: true, accessLogs: { prefix: 'logs/s3/docs/' } });
    expect(d.accessLogs?.serverAccessLogs.map((s) => s.source)).toEqual(['app', 'docs', 'www']);
  });

  test('Origin Access Control always signs (sigv4); HTTPS, HTTP/2 and 3, IPv6, CachingOptimized, PriceClass_100 by default', () => {
    expect(site('docs').originAccessControl).toEqual({ name: 'sites-docs', signing: 'always', protocol: 'sigv4', originType: 's3' });
    expect(site('docs').distribution).toMatchObject({ viewerProtocolPolicy: 'redirect-to-https', httpVersion: 'http2and3', ipv6: true, cachePolicyId: CACHING_OPTIMIZED, priceClass: 'PriceClass_100', defaultRootObject: 'index.html' });
    expect(d.decisions.find((x) => x.subject === 'services.docs' && x.name === 'price_class')?.source).toBe('default');
  });

  test('the certificate: none without a domain, requested for a domain, or the written one; TLSv1.2_2021 with either', () => {
    expect(site('docs').distribution.certificate).toBeUndefined();
    expect(site('app').distribution.certificate).toEqual({ request: { domain: 'app.example.com', validation: 'dns', validationZone: { name: 'example.com', id: 'Z0123456789ABCDEFGHIJ' } }, minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' });
    expect(site('www').distribution.certificate?.arn).toMatch(/^arn:aws:acm:us-east-1:/);
    // The default certificate's minimum protocol is CloudFront's: acknowledged for the site without a domain only.
    expect(d.acknowledgements.filter((a) => a.rule === 'AwsSolutions-CFR4').map((a) => a.on)).toEqual([{ kind: 'site-distribution', site: 'docs' }]);
  });

  test('SPA fallback: 403 and 404 answered with /index.html and 200, for the SPA only', () => {
    expect(site('app').distribution.errorResponses).toEqual([
      { errorCode: 403, responseCode: 200, responsePagePath: '/index.html', ttlSeconds: 0 },
      { errorCode: 404, responseCode: 200, responsePagePath: '/index.html', ttlSeconds: 0 },
    ]);
    expect(site('docs').distribution.errorResponses).toEqual([]);
  });

  test('one CLOUDFRONT web ACL for every site, with the load balancer rules', () => {
    expect(d.siteWebAcl).toMatchObject({ name: 'sites-sites', protects: 'sites' });
    expect(d.siteWebAcl?.rules.map((r) => r.name)).toEqual(['common', 'known-bad-inputs', 'ip-reputation', 'rate-limit']);
    expect(d.webAcl).toBeUndefined();
  });

  test('requirements.audience global: every edge location', () => {
    const bp = loadBlueprint(FIXTURE).blueprint;
    const global = design({ ...bp, requirements: { ...bp.requirements, audience: 'global' } });
    expect(global.sites?.every((s) => s.distribution.priceClass === 'PriceClass_All')).toBe(true);
  });
});

describe('the CloudFormation template', () => {
  const { assertions: t, template } = synth(FIXTURE);
  const resources = (template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources;
  const idOf = (type: string, site: string) =>
    Object.entries(resources).find(([id, r]) => r.Type === type && id.startsWith(`Sites${site}`))?.[0] ?? fail(`no ${type} of ${site}`);

  test('per site a bucket, OAC, headers policy and distribution; one CLOUDFRONT web ACL, not associated', () => {
    t.resourceCountIs('AWS::CloudFront::Distribution', 3);
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 3);
    t.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 3);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', Name: 'sites-sites' });
  });

  test('OAC: s3, sigv4, always', () => {
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { Name: 'sites-docs', OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' } });
  });

  test("the bucket policy lets cloudfront.amazonaws.com read only from the site's own distribution (AWS:SourceArn)", () => {
    const bucket = idOf('AWS::S3::Bucket', 'docs');
    const distribution = idOf('AWS::CloudFront::Distribution', 'docs');
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Resource: Match.anyValue(),
            Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distribution }]] } } },
          },
        ]),
      },
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { LogFilePrefix: 'logs/s3/docs/', DestinationBucketName: Match.anyValue() },
      Tags: Match.arrayWith([{ Key: 'blueprint:site', Value: 'docs' }]),
    });
  });

  test('security headers: HSTS 2 years with subdomains and preload, nosniff, DENY, strict-origin-when-cross-origin, the CSP', () => {
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        Name: 'sites-app-headers',
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Preload: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: DEFAULT_CSP, Override: true },
        },
      },
    });
  });

  test('the SPA: its domain, the requested certificate, TLSv1.2_2021, the error responses, the web ACL', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['app.example.com'],
        ViewerCertificate: { AcmCertificateArn: { Ref: idOf('AWS::CertificateManager::Certificate', 'app') }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        ],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHING_OPTIMIZED }),
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        PriceClass: 'PriceClass_100',
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SitesWebAcl'), 'Arn'] },
      }),
    });
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.example.com', ValidationMethod: 'DNS' });
  });

  test('the site without a domain has no viewer certificate and no error responses; its standard logs go to the access-log bucket', () => {
    const config = resources[idOf('AWS::CloudFront::Distribution', 'docs')].Properties.DistributionConfig as Record<string, unknown>;
    expect(config.ViewerCertificate).toBeUndefined();
    expect(config.CustomErrorResponses).toBeUndefined();
    const [logBucket] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::S3::Bucket' && JSON.stringify(r.Properties.Tags ?? []).includes('"blueprint:logs"'))!;
    expect(config.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] }, Prefix: 'logs/cloudfront/docs/' });
  });
});

describe('the Pulumi program', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  }, 60_000);
  const ofType = (type: string) => g.filter((x) => x.type === type);

  test('the same resources, in a Sites component; the web ACL is CLOUDFRONT and not associated', () => {
    expect(ofType('blueprint:index:Sites')).toHaveLength(1);
    expect(ofType('aws:cloudfront/distribution:Distribution')).toHaveLength(3);
    expect(ofType('aws:cloudfront/originAccessControl:OriginAccessControl').map((o) => o.inputs)).toContainEqual({ name: 'sites-docs', originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4' });
    expect(ofType('aws:wafv2/webAcl:WebAcl').map((w) => w.inputs.scope)).toEqual(['CLOUDFRONT']);
    expect(ofType('aws:wafv2/webAclAssociation:WebAclAssociation')).toEqual([]);
    // A requested certificate is used once validated.
    expect(ofType('aws:acm/certificateValidation:CertificateValidation')).toHaveLength(1);
  });

  test("one bucket policy per site: TLS only, and s3:GetObject for its distribution's ARN only", () => {
    const policy = g.find((x) => x.type === 'aws:s3/bucketPolicy:BucketPolicy' && x.name === 'sites-site-docs-policy') ?? fail('no policy');
    const doc = JSON.parse(policy.inputs.policy as string) as { Statement: { Effect: string; Action: string; Principal: unknown; Condition: unknown }[] };
    expect(doc.Statement.map((s) => s.Effect)).toEqual(['Deny', 'Allow']);
    expect(doc.Statement[1]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': expect.stringMatching(/:cloudfront::\d{12}:distribution\/sites-site-docs-id$/) } } });
  });

  test('the SPA: aliases, certificate, TLSv1.2_2021, the error responses', () => {
    const app = g.find((x) => x.type === 'aws:cloudfront/distribution:Distribution' && x.name === 'sites-site-app') ?? fail('no app distribution');
    expect(app.inputs).toMatchObject({
      aliases: ['app.example.com'],
      viewerCertificate: { minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' },
      customErrorResponses: [
        { errorCode: 403, responseCode: 200, responsePagePath: '/index.html', errorCachingMinTtl: 0 },
        { errorCode: 404, responseCode: 200, responsePagePath: '/index.html', errorCachingMinTtl: 0 },
      ],
      defaultCacheBehavior: { viewerProtocolPolicy: 'redirect-to-https', cachePolicyId: CACHING_OPTIMIZED },
    });
    const docs = g.find((x) => x.type === 'aws:cloudfront/distribution:Distribution' && x.name === 'sites-site-docs') ?? fail('no docs distribution');
    expect(docs.inputs.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
  });
});
