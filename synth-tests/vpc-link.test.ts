import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { openApiOf } from '../src/openapi';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

/*
 * HTTP API routes to container services (issue 14), on synth-tests/fixtures/vpc-link.yaml: through one VPC
 * link per API to the shared load balancer's HTTPS listener, whose rules choose the service; the link's
 * security group allowed out to the load balancer only; no Lambda permission for those routes; a host-routed
 * service gets its Host header. The template, the Pulumi program and the OpenAPI document.
 */

const FILE = 'synth-tests/fixtures/vpc-link.yaml';
const d = designOf(FILE);
const api = d.apis[0];
const route = (key: string) => api.routes.find((r) => r.routeKey === key)!;

describe('the design', () => {
  test('routes to the service through the VPC link: HTTP proxy, every method, the listener verified by the TLS domain', () => {
    expect(route('GET /orders/{id}')).toMatchObject({ service: 'orders', integration: { type: 'HTTP_PROXY', payloadFormatVersion: '1.0', timeoutMs: 30000, method: 'ANY', listener: 'https', serverNameToVerify: 'shop.example.com' } });
    expect(route('GET /orders/{id}').function).toBeUndefined();
    expect(route('GET /orders/{id}').invokeFrom).toBeUndefined();
    // The function route is as before.
    expect(route('POST /events')).toMatchObject({ function: 'events', integration: { type: 'AWS_PROXY' } });
    expect(api.vpcLink).toEqual({ name: 'vpc-link-shop', subnets: 'private', port: 443 });
    expect(d.decisions.find((x) => x.subject === 'apis.shop' && x.name === 'vpc_link')?.rationale).toMatch(/routes to orders: API Gateway reaches the shared load balancer through a VPC link/);
  });

  test('a service routed by host gets that host as its Host header, and as the name verified', () => {
    const bp = load(readFileSync(FILE, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bp.services.orders = { image: 'nginx', public: true, host: 'orders.example.com' };
    bp.services.events.code = path.resolve('synth-tests/fixtures/functions/thumbnail');
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-link-'));
    const file = path.join(dir, 'host.yaml');
    writeFileSync(file, JSON.stringify(bp));
    const hosted = designOf(file).apis[0].routes.find((r) => r.routeKey === 'GET /orders/{id}')!;
    expect(hosted.integration).toMatchObject({ serverNameToVerify: 'orders.example.com', hostHeader: 'orders.example.com' });
  });
});

describe('the template', () => {
  const { assertions: t, template } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('one VPC link in the private subnets, its group allowed out to the load balancer on 443 only (inline: no default allow-all)', () => {
    const [[, link]] = of('AWS::ApiGatewayV2::VpcLink');
    expect(link.Properties).toMatchObject({ Name: 'vpc-link-shop' });
    expect(link.Properties.SubnetIds).toHaveLength(d.network.availabilityZones.length);
    const sgId = link.Properties.SecurityGroupIds[0]['Fn::GetAtt'][0];
    const lbSg = of('AWS::ElasticLoadBalancingV2::LoadBalancer')[0][1].Properties.SecurityGroups[0]['Fn::GetAtt'][0];
    expect(resources[sgId].Properties.SecurityGroupEgress).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: { 'Fn::GetAtt': [lbSg, 'GroupId'] }, Description: 'to the load balancer' }]);
    expect(of('AWS::EC2::SecurityGroupEgress').filter(([, r]) => JSON.stringify(r.Properties.GroupId).includes(sgId))).toEqual([]);
  });

  test("the service's integration: HTTP proxy over the VPC link to the HTTPS listener, the name verified", () => {
    const [[listener]] = of('AWS::ElasticLoadBalancingV2::Listener').filter(([, r]) => r.Properties.Protocol === 'HTTPS');
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
      IntegrationMethod: 'ANY',
      IntegrationUri: { Ref: listener },
      PayloadFormatVersion: '1.0',
      TlsConfig: { ServerNameToVerify: 'shop.example.com' },
    });
    // One integration for both routes to orders, one for the function.
    expect(of('AWS::ApiGatewayV2::Integration')).toHaveLength(2);
  });

  test('a Lambda permission for the function route only', () => {
    expect(of('AWS::Lambda::Permission').map(([, r]) => JSON.stringify(r.Properties.SourceArn))).toEqual([expect.stringContaining('/*/POST/events')]);
  });
});

describe('the Pulumi program', () => {
  test('the VPC link, its group out to the load balancer, and the integration to the listener', async () => {
    const g = await runUnderMocks(d);
    const link = g.find((r) => r.type === 'aws:apigatewayv2/vpcLink:VpcLink')!;
    expect(link.inputs).toMatchObject({ name: 'vpc-link-shop' });
    const sg = g.find((r) => r.type === 'aws:ec2/securityGroup:SecurityGroup' && r.name.endsWith('-vpc-link-sg'))!;
    expect(sg.inputs.egress).toEqual([expect.objectContaining({ protocol: 'tcp', fromPort: 443, toPort: 443 })]);
    const integration = g.find((r) => r.type === 'aws:apigatewayv2/integration:Integration' && r.inputs.integrationType === 'HTTP_PROXY')!;
    expect(integration.inputs).toMatchObject({ connectionType: 'VPC_LINK', integrationMethod: 'ANY', payloadFormatVersion: '1.0', tlsConfig: { serverNameToVerify: 'shop.example.com' } });
  });
});

describe('blueprint openapi', () => {
  test('a route to a service says so', () => {
    const doc = openApiOf(d, api);
    expect(doc.paths['/orders/{id}'].get).toMatchObject({ summary: 'GET /orders/{id}: service orders (through the load balancer)' });
  });
});
