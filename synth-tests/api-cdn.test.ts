import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_DISABLED } from '../src/design/edge';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { designOf, synth } from './support';

/*
 * A CDN in front of an HTTP API (apis.<key>.cdn), on synth-tests/fixtures/api-cdn.yaml: a CloudFront
 * distribution whose one origin is the API's execute-api name over HTTPS (TLS 1.2), nothing cached, every
 * header but Host forwarded, behind the CLOUDFRONT web ACL (the edge's: there is no site); its cost lines.
 */

const FILE = 'synth-tests/fixtures/api-cdn.yaml';
const d = designOf(FILE);
const api = d.apis[0];

describe('the design', () => {
  test('HTTPS only to the viewer and to the origin, nothing cached, every header but Host, every method', () => {
    expect(api.cdn).toEqual({
      comment: 'api-cdn notes API',
      tags: { 'blueprint:api-cdn': 'notes' },
      priceClass: 'PriceClass_100',
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
      accessLogs: { prefix: 'logs/cloudfront/api-notes/' },
    });
  });

  test('the CLOUDFRONT web ACL is the edge\'s (no site), and the API records it as its WAF', () => {
    expect(d.sites ?? []).toEqual([]);
    expect(d.siteWebAcl).toMatchObject({ name: 'api-cdn-edge', protects: 'sites' });
    expect(d.decisions.find((x) => x.subject === 'apis.notes' && x.name === 'web_acl')?.value).toBe('the CLOUDFRONT web ACL, through its CDN');
    expect(d.acknowledgements.filter((a) => a.on.kind === 'api-distribution').map((a) => a.rule).sort()).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR4']);
  });
});

describe('the template and the Pulumi program', () => {
  test('the distribution names the API by its id, the ACL by its ARN', () => {
    const { template } = synth(FILE);
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [[, dist]] = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudFront::Distribution');
    const [[apiId]] = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api');
    const c = dist.Properties.DistributionConfig;
    expect(c.Origins[0].DomainName).toEqual({ 'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }]] });
    expect(c.Origins[0].CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(c.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER });
    expect(c.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SitesWebAcl/), 'Arn'] });
  });

  test('Pulumi: the same distribution, its origin the API id the mocks give', async () => {
    const g = await runUnderMocks(d);
    const dist = g.find((r) => r.type === 'aws:cloudfront/distribution:Distribution')!;
    expect((dist.inputs.origins as unknown[])[0]).toMatchObject({ domainName: 'api-cdn-api-notes-id.execute-api.us-east-1.amazonaws.com', customOriginConfig: { originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] } });
    expect(dist.inputs.tags).toEqual({ 'blueprint:api-cdn': 'notes' });
  });
});

describe('with its own domain (fixtures/api-cdn-domain.yaml)', () => {
  const FILE2 = 'synth-tests/fixtures/api-cdn-domain.yaml';
  const d2 = designOf(FILE2);
  const api2 = d2.apis[0];

  test('the design: the domain is the distribution\'s, with a certificate validated in the zone; no API Gateway custom domain; A and AAAA to the distribution', () => {
    expect(api2.cdn?.domain).toEqual({ name: 'notes.example.com', validationZone: { name: 'example.com', id: 'Z0123456789EXAMPLE' }, minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' });
    expect(api2.customDomain).toBeUndefined();
    expect(api2.disableExecuteApiEndpoint).toBe(false);
    expect(d2.dns?.records.map((r) => [r.id, r.type, r.target])).toEqual([
      ['api-notes', 'A', { kind: 'api-distribution', api: 'notes', hostedZoneId: 'Z2FDTNDATAQYW2' }],
      ['api-notes-aaaa', 'AAAA', { kind: 'api-distribution', api: 'notes', hostedZoneId: 'Z2FDTNDATAQYW2' }],
    ]);
    // TLSv1.2_2021 on its own certificate: CFR4 is met, not acknowledged.
    expect(d2.acknowledgements.filter((a) => a.on.kind === 'api-distribution').map((a) => a.rule)).toEqual(['AwsSolutions-CFR1']);
  });

  test('the template: the distribution\'s alias and certificate, the records to it, no AWS::ApiGatewayV2::DomainName', () => {
    const resources = synth(FILE2).template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
    const [[distId, dist]] = of('AWS::CloudFront::Distribution');
    const [[certId, cert]] = of('AWS::CertificateManager::Certificate');
    expect(cert.Properties).toMatchObject({ DomainName: 'notes.example.com', DomainValidationOptions: [{ DomainName: 'notes.example.com', HostedZoneId: 'Z0123456789EXAMPLE' }], ValidationMethod: 'DNS' });
    expect(dist.Properties.DistributionConfig.Aliases).toEqual(['notes.example.com']);
    expect(dist.Properties.DistributionConfig.ViewerCertificate).toEqual({ AcmCertificateArn: { Ref: certId }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(of('AWS::Route53::RecordSet').map(([, r]) => [r.Properties.Type, r.Properties.AliasTarget.DNSName])).toEqual([
      ['A', { 'Fn::GetAtt': [distId, 'DomainName'] }],
      ['AAAA', { 'Fn::GetAtt': [distId, 'DomainName'] }],
    ]);
    expect(of('AWS::ApiGatewayV2::DomainName')).toEqual([]);
  });

  test('Pulumi: the alias, the validated certificate, TLSv1.2_2021; both readers agree', async () => {
    const g = await runUnderMocks(d2);
    const dist = g.find((r) => r.type === 'aws:cloudfront/distribution:Distribution')!;
    expect(dist.inputs.aliases).toEqual(['notes.example.com']);
    expect(dist.inputs.viewerCertificate).toMatchObject({ minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' });
    expect(g.filter((r) => r.type === 'aws:acm/certificate:Certificate').map((r) => r.inputs.domainName)).toEqual(['notes.example.com']);
    expect(g.filter((r) => r.type === 'aws:apigatewayv2/domainName:DomainName')).toEqual([]);
    const result = await compareBackends(loadBlueprint(FILE2));
    expect(result.differences).toEqual([]);
    expect(result.cdk.apis[0].cdn).toMatchObject({ aliases: ['notes.example.com'], certificate: 'requested:notes.example.com validated in Z0123456789EXAMPLE', minimumProtocolVersion: 'TLSv1.2_2021' });
    expect(result.cdk.dns?.records.map((r) => r.target)).toEqual(['api-distribution:notes', 'api-distribution:notes']);
  });
});

describe('the cost', () => {
  test("every request through CloudFront and the edge's web ACL, besides API Gateway's own", () => {
    const lines = billOf(factsFromDesign(d), usageFor(100));
    const of = (resource: string, component: string) => lines.find((l) => l.resource === resource && l.component === component);
    expect(of('api:notes', 'requests')?.quantity).toBe(78.84);
    expect(of('api:notes', 'CloudFront HTTPS requests')).toMatchObject({ priceKey: 'cloudfront.requests.https.10k', quantity: 7884 });
    expect(of('api:notes', 'CloudFront data transfer out')).toMatchObject({ priceKey: 'cloudfront.data-transfer-out.gb', quantity: 1576.8 });
    expect(of('site-web-acl', 'requests')).toMatchObject({ quantity: 78.84 });
  });
});
