import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { ALL_VIEWER, CACHING_DISABLED, CLOUDFRONT_ORIGIN_FACING } from '../src/design/edge';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

/*
 * A CDN in front of the shared load balancer (load_balancing.public.cdn), on synth-tests/fixtures/lb-cdn.yaml:
 * a CloudFront distribution at security.tls.domain with the load balancer's certificate, its one origin the
 * load balancer's DNS name over HTTPS, nothing cached, every header, cookie and query string forwarded, behind
 * the CLOUDFRONT web ACL; the load balancer admitting CloudFront's origin-facing prefix list only on 443, with
 * no port-80 listener and no REGIONAL web ACL; the DNS name pointing at the distribution; its cost lines.
 */

const FILE = 'synth-tests/fixtures/lb-cdn.yaml';
const d = designOf(FILE);
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the design', () => {
  test('HTTPS at shop.example.com with the load balancer\'s certificate, HTTPS to the origin, nothing cached, every header', () => {
    expect(d.loadBalancer?.cdn).toEqual({
      comment: 'lb-cdn load balancer',
      tags: { 'blueprint:lb-cdn': 'public' },
      priceClass: 'PriceClass_100',
      httpVersion: 'http2and3',
      ipv6: true,
      domain: 'shop.example.com',
      certificate: { of: 'load-balancer', minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' },
      viewerProtocolPolicy: 'redirect-to-https',
      originProtocolPolicy: 'https-only',
      originSslProtocols: ['TLSv1.2'],
      allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: CACHING_DISABLED,
      originRequestPolicyId: ALL_VIEWER,
      originAccess: { prefixList: 'com.amazonaws.global.cloudfront.origin-facing', prefixListId: 'pl-3b927c52', port: 443 },
      accessLogs: { prefix: 'logs/cloudfront/load-balancer/' },
    });
  });

  test('the CLOUDFRONT web ACL is the edge\'s, and the load balancer has no REGIONAL one', () => {
    expect(d.webAcl).toBeUndefined();
    expect(d.siteWebAcl).toMatchObject({ name: 'lb-cdn-edge', protects: 'sites' });
    const decision = (name: string) => d.decisions.find((x) => x.subject === 'load_balancing.public' && x.name === name);
    expect(decision('cdn_web_acl')?.value).toBe("the CLOUDFRONT web ACL; the load balancer's REGIONAL one is gone");
    expect(decision('cdn_origin_access')?.rationale).toMatch(/55 of the group's 60 rules/);
    expect(decision('listeners')?.value).toBe('HTTPS 443 (from CloudFront only)');
  });

  test('the DNS name points at the distribution (A and AAAA), not at the load balancer', () => {
    expect(d.dns?.records).toEqual([
      { id: 'load-balancer', name: 'shop.example.com', type: 'A', target: { kind: 'load-balancer-distribution', hostedZoneId: 'Z2FDTNDATAQYW2' }, evaluateTargetHealth: false },
      { id: 'load-balancer-aaaa', name: 'shop.example.com', type: 'AAAA', target: { kind: 'load-balancer-distribution', hostedZoneId: 'Z2FDTNDATAQYW2' }, evaluateTargetHealth: false },
    ]);
  });

  test('acknowledged: geo restriction on the distribution (its standard logs are rendered); no EC23 (the group admits no address block) and no redirect listener', () => {
    expect(d.acknowledgements.filter((a) => a.on.kind === 'lb-distribution').map((a) => a.rule).sort()).toEqual(['AwsSolutions-CFR1']);
    expect(d.acknowledgements.filter((a) => a.on.kind === 'load-balancer-security-group' || a.on.kind === 'redirect-listener')).toEqual([]);
  });

  test('without cdn the same blueprint keeps the load balancer open, its redirect, its REGIONAL web ACL and its record', () => {
    const loaded = loadBlueprint(FILE);
    const bp = { ...loaded.blueprint, load_balancing: { public: { ...loaded.blueprint.load_balancing.public!, cdn: false } } };
    const plain = require('../src/design').design(bp) as typeof d; // eslint-disable-line @typescript-eslint/no-require-imports
    expect(plain.loadBalancer?.cdn).toBeUndefined();
    expect(plain.webAcl?.protects).toBe('load-balancer');
    expect(plain.siteWebAcl).toBeUndefined();
    expect(plain.dns?.records.map((r) => r.target.kind)).toEqual(['load-balancer']);
  });
});

describe('the template', () => {
  const { template } = synth(FILE);
  const resources = template.Resources as Resources;
  const [[albId]] = ofType(resources, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  const [[distId, dist]] = ofType(resources, 'AWS::CloudFront::Distribution');

  test('the distribution: the load balancer\'s DNS name over HTTPS, its certificate at shop.example.com, the edge\'s ACL', () => {
    const c = dist.Properties.DistributionConfig;
    expect(c.Origins).toHaveLength(1);
    expect(c.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': [albId, 'DNSName'] });
    expect(c.Origins[0].CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(c.Aliases).toEqual(['shop.example.com']);
    const [[certId]] = ofType(resources, 'AWS::CertificateManager::Certificate');
    expect(c.ViewerCertificate).toEqual({ AcmCertificateArn: { Ref: certId }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(c.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER, CachedMethods: ['GET', 'HEAD'] });
    expect([...c.DefaultCacheBehavior.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    const [[aclId, acl]] = ofType(resources, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(c.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(dist.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'blueprint:lb-cdn', Value: 'public' }]));
  });

  test('the load balancer: CloudFront\'s prefix list on 443 its only way in, one HTTPS listener, no web ACL association', () => {
    const [[sgId, sg]] = ofType(resources, 'AWS::EC2::SecurityGroup').filter(([, r]) => r.Properties.GroupDescription === 'Shared public load balancer');
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = ofType(resources, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sgId, 'GroupId'] }));
    expect(ingress.map(([, r]) => r.Properties)).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourcePrefixListId: CLOUDFRONT_ORIGIN_FACING.id, GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] }, Description: `From CloudFront (${CLOUDFRONT_ORIGIN_FACING.name})` }]);
    expect(JSON.stringify(resources)).not.toContain('0.0.0.0/0","Description":"Allow from anyone');
    expect(ofType(resources, 'AWS::ElasticLoadBalancingV2::Listener').map(([, r]) => [r.Properties.Port, r.Properties.Protocol])).toEqual([[443, 'HTTPS']]);
    expect(ofType(resources, 'AWS::WAFv2::WebACLAssociation')).toEqual([]);
  });

  test('shop.example.com: A and AAAA aliases to the distribution', () => {
    const records = ofType(resources, 'AWS::Route53::RecordSet').filter(([, r]) => r.Properties.AliasTarget);
    expect(records.map(([, r]) => [r.Properties.Type, r.Properties.Name, r.Properties.AliasTarget])).toEqual([
      ['A', 'shop.example.com.', { DNSName: { 'Fn::GetAtt': [distId, 'DomainName'] }, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false }],
      ['AAAA', 'shop.example.com.', { DNSName: { 'Fn::GetAtt': [distId, 'DomainName'] }, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false }],
    ]);
  });
});

describe('the Pulumi program and parity', () => {
  test('the same distribution, its origin the DNS name the mocks give the load balancer; the group admits the prefix list only', async () => {
    const g = await runUnderMocks(d);
    const dist = g.find((r) => r.type === 'aws:cloudfront/distribution:Distribution')!;
    expect((dist.inputs.origins as unknown[])[0]).toMatchObject({ domainName: 'lb-cdn-alb.us-east-1.elb.amazonaws.com', customOriginConfig: { originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] } });
    expect(dist.inputs.aliases).toEqual(['shop.example.com']);
    expect(dist.inputs.viewerCertificate).toMatchObject({ minimumProtocolVersion: 'TLSv1.2_2021', sslSupportMethod: 'sni-only' });
    expect(dist.inputs.tags).toEqual({ 'blueprint:lb-cdn': 'public' });
    const sg = g.find((r) => r.type === 'aws:ec2/securityGroup:SecurityGroup' && r.name === 'lb-cdn-alb-sg')!;
    expect(sg.inputs.ingress).toEqual([{ protocol: 'tcp', fromPort: 443, toPort: 443, prefixListIds: ['pl-3b927c52'], description: `From CloudFront (${CLOUDFRONT_ORIGIN_FACING.name})` }]);
    expect(g.filter((r) => r.type === 'aws:lb/listener:Listener').map((r) => r.inputs.port)).toEqual([443]);
    expect(g.filter((r) => r.type === 'aws:wafv2/webAcl:WebAcl').map((r) => r.inputs.scope)).toEqual(['CLOUDFRONT']);
    expect(g.filter((r) => r.type === 'aws:wafv2/webAclAssociation:WebAclAssociation')).toEqual([]);
  });

  test('both readers read the distribution and the prefix list, and agree', async () => {
    const result = await compareBackends(loadBlueprint(FILE));
    expect(result.differences).toEqual([]);
    const lb = result.cdk.loadBalancers[0];
    expect(lb.ingress).toEqual(['pl-3b927c52:443']);
    expect(lb.cdn).toMatchObject({ origin: { domain: 'load-balancer', protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2'] }, aliases: ['shop.example.com'], certificate: 'requested:shop.example.com validated in Z0123456789EXAMPLE', webAcl: 'lb-cdn-edge' });
    expect(result.cdk.sites).toEqual([]);
    expect(result.cdk.dns?.records.map((r) => r.target)).toEqual(['load-balancer-distribution', 'load-balancer-distribution']);
  });
});

describe('what the readers refuse', () => {
  const fresh = () => JSON.parse(JSON.stringify(synth(FILE).template)) as { Resources: Resources };

  test('the template reader: a config key it does not read, an origin other than the load balancer, a second distribution', () => {
    const read = (change: (r: Resources, dist: string) => void) => () => {
      const t = fresh();
      change(t.Resources, ofType(t.Resources, 'AWS::CloudFront::Distribution')[0][0]);
      return inventoryFromTemplate(t);
    };
    expect(read(() => undefined)).not.toThrow();
    expect(read((r, id) => (r[id].Properties.DistributionConfig.CustomErrorResponses = [{ ErrorCode: 500 }]))).toThrow(/CustomErrorResponses: not in the inventory of the load balancer's distribution/);
    expect(read((r, id) => (r[id].Properties.DistributionConfig.Origins[0].DomainName = 'example.com'))).toThrow(/is not the load balancer's DNSName/);
    expect(read((r, id) => (r[`${id}Copy`] = JSON.parse(JSON.stringify(r[id]))))).toThrow(/a second distribution of the load balancer/);
  });

  test('the Pulumi reader: an origin other than the load balancer, an input it does not read', async () => {
    const g = await runUnderMocks(d);
    const dist = g.find((r) => r.type === 'aws:cloudfront/distribution:Distribution')!;
    const read = (change: (inputs: Record<string, any>) => void) => () => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const copy = JSON.parse(JSON.stringify(dist));
      change(copy.inputs);
      return inventoryFromPulumi(g.map((r) => (r === dist ? copy : r)));
    };
    expect(read(() => undefined)).not.toThrow();
    expect(read((i) => (i.origins[0].domainName = 'example.com'))).toThrow(/origin example.com is not the load balancer's origin/);
    expect(read((i) => (i.customErrorResponses = []))).toThrow(/customErrorResponses not in the inventory of the load balancer's distribution/);
  });
});

describe('the cost', () => {
  test('every request through CloudFront and the edge\'s web ACL; no internet data out from the load balancer, no REGIONAL ACL', () => {
    const lines = billOf(factsFromDesign(d), usageFor(100));
    const of = (resource: string, component: string) => lines.find((l) => l.resource === resource && l.component === component);
    expect(of('load-balancer-cdn', 'CloudFront HTTPS requests')).toMatchObject({ priceKey: 'cloudfront.requests.https.10k', quantity: 7884 });
    expect(of('load-balancer-cdn', 'CloudFront data transfer out')).toMatchObject({ priceKey: 'cloudfront.data-transfer-out.gb', quantity: 1576.8 });
    expect(of('site-web-acl', 'requests')).toMatchObject({ quantity: 78.84 });
    expect(of('internet', 'data out')).toBeUndefined();
    expect(lines.filter((l) => l.resource === 'web-acl')).toEqual([]);
  });
});
