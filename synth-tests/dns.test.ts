import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { factsFromInventory } from '../src/cost/facts-inventory';
import { usageFor } from '../src/cost/usage';
import type { Inventory } from '../src/parity/inventory';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { openApiOf } from '../src/openapi';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

/*
 * network.dns, decision by decision: alias records for the load balancer (security.tls.domain) and an API's
 * custom domain (apis.*.domain) in an existing zone, certificates validated in it, and DNS failover with a
 * health check between a warm standby's primary and standby; in the design, the template, the Pulumi
 * program and the bill.
 */

const API = 'blueprints/serverless-api.yaml';
const FAILOVER = 'synth-tests/fixtures/dns-failover.yaml';
const ZONE = { name: 'notes.example.com', id: 'Z0EXAMPLE1234567890AB' };
const LEDGER_ZONE = 'Z0123456789ABCDEFGHIJ';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (template: Record<string, unknown>, type: string) => Object.values(template.Resources as Resources).filter((r) => r.Type === type);

const graphs = new Map<string, RegisteredResource[]>();
async function graphOf(file: string): Promise<RegisteredResource[]> {
  if (!graphs.has(file)) graphs.set(file, await runUnderMocks(design(loadBlueprint(file).blueprint)));
  return graphs.get(file)!;
}
const usage = usageFor(200);
const billFromDesign = (file: string) => billOf(factsFromDesign(designOf(file)), usage);
const billFromInventory = (inv: Inventory, file: string) => {
  const d = designOf(file);
  return billOf(factsFromInventory(d.name, d.region, inv), usage);
};
const pulumiOfType = (graph: RegisteredResource[], type: string) => graph.filter((r) => r.type === type);

describe('an API at its custom domain (serverless-api.yaml)', () => {
  test('the design: a regional TLS 1.2 domain whose certificate is validated in the zone, the execute-api endpoint off, one alias record', () => {
    const d = designOf(API);
    const api = d.apis[0];
    expect(api.customDomain).toEqual({ name: 'api.notes.example.com', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', validationZone: ZONE });
    expect(api.disableExecuteApiEndpoint).toBe(true);
    expect(d.dns).toEqual({
      zone: ZONE,
      records: [{ id: 'api-notes', name: 'api.notes.example.com', type: 'A', target: { kind: 'api', api: 'notes' }, evaluateTargetHealth: false }],
      healthChecks: [],
    });
    expect(d.decisions.filter((x) => x.subject === 'network.dns').map((x) => x.name)).toEqual(['zone', 'api_record.notes']);
  });

  test('the template: the domain, its mapping to the $default stage, the certificate validated in the zone, the alias to the regional domain name', () => {
    const { template } = synth(API);
    const [domain] = ofType(template, 'AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties.DomainName).toBe('api.notes.example.com');
    expect(domain.Properties.DomainNameConfigurations).toEqual([{ CertificateArn: { Ref: expect.any(String) }, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }]);
    const [cert] = ofType(template, 'AWS::CertificateManager::Certificate');
    expect(cert.Properties).toMatchObject({ DomainName: 'api.notes.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'api.notes.example.com', HostedZoneId: ZONE.id }] });
    const [mapping] = ofType(template, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping.Properties.Stage).toEqual({ Ref: expect.stringMatching(/Stage/) });
    expect(ofType(template, 'AWS::ApiGatewayV2::Api')[0].Properties.DisableExecuteApiEndpoint).toBe(true);
    const [record] = ofType(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toEqual({
      HostedZoneId: ZONE.id,
      Name: 'api.notes.example.com.',
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [expect.any(String), 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [expect.any(String), 'RegionalHostedZoneId'] }, EvaluateTargetHealth: false },
    });
    expect(ofType(template, 'AWS::Route53::HealthCheck')).toEqual([]);
  });

  test('Pulumi: the certificate, its validation record in the zone and the validation the domain waits for', async () => {
    const graph = await graphOf(API);
    const [validation] = pulumiOfType(graph, 'aws:acm/certificateValidation:CertificateValidation');
    const records = pulumiOfType(graph, 'aws:route53/record:Record');
    const cname = records.find((r) => r.inputs.type === 'CNAME')!;
    expect(cname.inputs).toMatchObject({ zoneId: ZONE.id, name: '_mock.api.notes.example.com.', allowOverwrite: true });
    expect(validation.inputs.validationRecordFqdns).toEqual(['_mock.api.notes.example.com']);
    const [domain] = pulumiOfType(graph, 'aws:apigatewayv2/domainName:DomainName');
    expect(domain.inputs.domainNameConfiguration).toMatchObject({ certificateArn: validation.inputs.certificateArn, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' });
    expect(records.find((r) => r.inputs.type === 'A')!.inputs).toMatchObject({ zoneId: ZONE.id, name: 'api.notes.example.com.', aliases: [{ evaluateTargetHealth: false }] });
  });

  test('both inventories read the domain, its certificate "validated in" the zone, and the record', async () => {
    const cdk = cfnInventory(API);
    expect(cdk.apis[0].domain).toEqual({ name: 'api.notes.example.com', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', certificate: `requested:api.notes.example.com validated in ${ZONE.id}` });
    expect(cdk.apis[0].executeApiEndpoint).toBe(false);
    expect(cdk.dns).toEqual({ records: [{ name: 'api.notes.example.com', type: 'A', zone: ZONE.id, target: 'api:notes', targetZone: null, evaluateTargetHealth: false, failover: null }], healthChecks: [] });
    const pulumi = inventoryFromPulumi(await graphOf(API));
    expect(pulumi.dns).toEqual(cdk.dns);
    expect(pulumi.apis[0].domain).toEqual(cdk.apis[0].domain);
  });

  test('the OpenAPI document names the custom domain as its one server', () => {
    const d = designOf(API);
    expect(openApiOf(d, d.apis[0]).servers).toEqual([{ url: 'https://api.notes.example.com', description: expect.stringContaining('custom domain'), variables: {} }]);
  });
});

describe('DNS failover to a warm standby (fixtures/dns-failover.yaml)', () => {
  test('the design: an HTTPS health check of the primary load balancer, the PRIMARY record, the standby\'s SECONDARY record without one', () => {
    const d = designOf(FAILOVER);
    expect(d.loadBalancer!.https!.validationZone).toEqual({ name: 'example.com', id: LEDGER_ZONE });
    expect(d.dns!.healthChecks).toEqual([{ id: 'load-balancer', name: 'ledger-dns ledger.example.com', target: { kind: 'load-balancer' }, type: 'HTTPS', port: 443, path: '/', requestIntervalSeconds: 30, failureThreshold: 3, enableSni: true }]);
    expect(d.dns!.records).toEqual([{ id: 'load-balancer', name: 'ledger.example.com', type: 'A', target: { kind: 'load-balancer' }, evaluateTargetHealth: true, failover: { role: 'PRIMARY', setIdentifier: 'eu-west-1', healthCheck: 'load-balancer' } }]);
    expect(d.standby!.dns).toEqual({ zone: { name: 'example.com', id: LEDGER_ZONE }, records: [{ id: 'load-balancer', name: 'ledger.example.com', type: 'A', target: { kind: 'load-balancer' }, evaluateTargetHealth: true, failover: { role: 'SECONDARY', setIdentifier: 'eu-central-1' } }], healthChecks: [] });
    expect(d.standby!.loadBalancer!.https!.validationZone).toEqual({ name: 'example.com', id: LEDGER_ZONE });
  });

  test('the templates: the health check requests / of the load balancer over HTTPS with SNI; PRIMARY names it; the standby writes SECONDARY', () => {
    const { template, standby } = synth(FAILOVER);
    const [check] = ofType(template, 'AWS::Route53::HealthCheck');
    expect(check.Properties.HealthCheckConfig).toEqual({ Type: 'HTTPS', FullyQualifiedDomainName: { 'Fn::GetAtt': [expect.any(String), 'DNSName'] }, Port: 443, ResourcePath: '/', RequestInterval: 30, FailureThreshold: 3, EnableSNI: true });
    const [primary] = ofType(template, 'AWS::Route53::RecordSet');
    expect(primary.Properties).toMatchObject({ Name: 'ledger.example.com.', Failover: 'PRIMARY', SetIdentifier: 'eu-west-1', HealthCheckId: { 'Fn::GetAtt': [expect.any(String), 'HealthCheckId'] }, AliasTarget: { EvaluateTargetHealth: true } });
    const [secondary] = ofType(standby!.template, 'AWS::Route53::RecordSet');
    expect(secondary.Properties).toMatchObject({ Name: 'ledger.example.com.', Failover: 'SECONDARY', SetIdentifier: 'eu-central-1', AliasTarget: { EvaluateTargetHealth: true } });
    expect(secondary.Properties.HealthCheckId).toBeUndefined();
    expect(ofType(standby!.template, 'AWS::Route53::HealthCheck')).toEqual([]);
  });

  test('both backends bill the one health check, $0.50 a month', async () => {
    const line = (lines: { resource: string; priceKey: string; quantity: number }[]) => lines.filter((l) => l.priceKey === 'route53.health-check.month');
    const fromDesign = line(billFromDesign(FAILOVER));
    expect(fromDesign).toEqual([expect.objectContaining({ resource: 'dns', quantity: 1 })]);
    expect(line(billFromInventory(cfnInventory(FAILOVER), FAILOVER))).toEqual(fromDesign);
    expect(line(billFromInventory(inventoryFromPulumi(await graphOf(FAILOVER)), FAILOVER))).toEqual(fromDesign);
  });
});

describe('an API with a domain beside a failover pair', () => {
  test("the API's record stays the primary's: the standby writes only its load balancer's", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dns-'));
    const file = path.join(dir, 'fork.yaml');
    writeFileSync(
      file,
      [
        'blueprint: 1',
        'name: ledger-api',
        `extends: ${path.resolve(FAILOVER)}`,
        'services:',
        `  status: { kind: function, code: ${path.resolve('synth-tests/fixtures/functions/thumbnail')} }`,
        'apis:',
        '  status: { kind: http, auth: iam, domain: status.ledger.example.com, routes: { GET /status: status } }',
        '',
      ].join('\n'),
    );
    const d = designOf(file);
    expect(d.dns!.records.map((r) => [r.id, r.failover?.role ?? null])).toEqual([['api-status', null], ['load-balancer', 'PRIMARY']]);
    expect(d.standby!.dns!.records.map((r) => [r.id, r.failover?.role])).toEqual([['load-balancer', 'SECONDARY']]);
    expect(d.standby!.apis[0].customDomain!.validationZone).toEqual({ name: 'example.com', id: LEDGER_ZONE });
  });
});

test('without network.dns: no records, and the load balancer\'s certificate is validated by whoever owns the domain', () => {
  const d = designOf('blueprints/web-app.yaml');
  expect(d.dns).toBeUndefined();
  expect(d.loadBalancer?.https?.validationZone).toBeUndefined();
  expect(ofType(synth('blueprints/web-app.yaml').template, 'AWS::Route53::RecordSet')).toEqual([]);
});

describe('static sites with domains in the zone (fixtures/static-site.yaml)', () => {
  const SITES = 'synth-tests/fixtures/static-site.yaml';
  test('A and AAAA aliases to each distribution with a domain (target health not evaluated); the requested certificate validated in the zone', () => {
    const d = designOf(SITES);
    expect(d.dns!.records.map((r) => [r.name, r.type, r.target, r.evaluateTargetHealth])).toEqual([
      ['app.example.com', 'A', { kind: 'site', site: 'app', hostedZoneId: 'Z2FDTNDATAQYW2' }, false],
      ['app.example.com', 'AAAA', { kind: 'site', site: 'app', hostedZoneId: 'Z2FDTNDATAQYW2' }, false],
      ['www.example.com', 'A', { kind: 'site', site: 'www', hostedZoneId: 'Z2FDTNDATAQYW2' }, false],
      ['www.example.com', 'AAAA', { kind: 'site', site: 'www', hostedZoneId: 'Z2FDTNDATAQYW2' }, false],
    ]);
    expect(d.sites!.find((s) => s.key === 'app')!.distribution.certificate!.request!.validationZone).toEqual({ name: 'example.com', id: LEDGER_ZONE });
  });

  test("the template aliases CloudFront's zone and the distribution's DomainName; both inventories name the site", async () => {
    const records = ofType(synth(SITES).template, 'AWS::Route53::RecordSet');
    expect(records).toHaveLength(4);
    for (const r of records) expect(r.Properties.AliasTarget).toEqual({ DNSName: { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false });
    const cdk = cfnInventory(SITES);
    expect(cdk.dns!.records.map((r) => `${r.name} ${r.type} ${r.target} ${r.targetZone}`)).toEqual(['app.example.com A site:app Z2FDTNDATAQYW2', 'app.example.com AAAA site:app Z2FDTNDATAQYW2', 'www.example.com A site:www Z2FDTNDATAQYW2', 'www.example.com AAAA site:www Z2FDTNDATAQYW2']);
    expect(inventoryFromPulumi(await graphOf(SITES)).dns).toEqual(cdk.dns);
  });
});
