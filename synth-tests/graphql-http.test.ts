import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { runUnderMocks } from '../src/pulumi/mock-run';
import type { GraphqlResolverDesign } from '../src/design';
import { designOf, synth } from './support';

/*
 * GraphQL resolvers to container services (issue 14), on synth-tests/fixtures/graphql-http.yaml: one HTTP data
 * source per service at the load balancer's HTTPS name (no role, no signing), an APPSYNC_JS resolver per field
 * (run here against a stand-in for AppSync's util), next to a function resolver; the template and the Pulumi
 * program. Parity, cfn-lint, cdk-nag and the snapshots take the fixture with every other (FIXTURES).
 */

const FILE = 'synth-tests/fixtures/graphql-http.yaml';
const d = designOf(FILE);
const api = d.graphqlApis[0];
const resolver = (field: string) => api.resolvers.find((r) => `${r.typeName}.${r.fieldName}` === field)!;

/** A resolver's code run as AppSync would: request(ctx), then response(ctx) with the service's answer. */
class AppsyncError extends Error {
  constructor(
    message: string,
    readonly type?: string,
    readonly info?: unknown,
  ) {
    super(message);
  }
}
function run(r: GraphqlResolverDesign, args: Record<string, unknown>, answer?: { statusCode: number; body: string }) {
  const util = {
    urlEncode: (s: string) => encodeURIComponent(s),
    error: (message: string, type?: string, _data?: unknown, info?: unknown) => {
      throw new AppsyncError(message, type, info);
    },
  };
  const body = r.code!.replace("import { util } from '@aws-appsync/utils';", '').replace(/export function/g, 'function');
  const { request, response } = new Function('util', `${body}\nreturn { request, response };`)(util) as { request: (ctx: unknown) => any; response: (ctx: unknown) => unknown }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const sent = request({ args });
  return { sent, answer: () => response({ args, result: answer }) };
}

describe('the design', () => {
  test('one HTTP data source for the service, at https:// and security.tls.domain, next to the function', () => {
    expect(api.dataSources).toEqual([
      { name: 'fn_stats', type: 'AWS_LAMBDA', function: 'stats', actions: ['lambda:InvokeFunction'] },
      { name: 'svc_orders', type: 'HTTP', service: 'orders', endpoint: 'https://shop.example.com' },
    ]);
    expect(resolver('Query.stats')).toEqual({ typeName: 'Query', fieldName: 'stats', id: 'Query-stats', dataSource: 'fn_stats' });
    for (const f of ['Query.order', 'Query.orders', 'Mutation.putOrder', 'Mutation.cancelOrder']) expect(resolver(f)).toMatchObject({ dataSource: 'svc_orders', runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } });
  });

  test('the decisions: the endpoint and why no role', () => {
    const of = (name: string) => d.decisions.filter((x) => x.subject === 'apis.shop' && x.name === name);
    expect(of('data_source_svc_orders').map((x) => x.value)).toEqual(['https://shop.example.com', 'no service role, no IAM signing']);
    expect(of('data_source_svc_orders')[1].rationale).toMatch(/the load balancer checks no SigV4, so a role would grant nothing/);
  });

  test('GET: the argument URL-encoded into the path, no body; the JSON answer returned', () => {
    const { sent, answer } = run(resolver('Query.order'), { id: 'a/b 1' }, { statusCode: 200, body: '{"id":"a/b 1","sku":"x","quantity":2}' });
    expect(sent).toEqual({ method: 'GET', resourcePath: '/orders/a%2Fb%201', params: { headers: { accept: 'application/json' } } });
    expect(answer()).toEqual({ id: 'a/b 1', sku: 'x', quantity: 2 });
  });

  test('PUT: the one input argument as the JSON body, the path parameter not in it', () => {
    const { sent } = run(resolver('Mutation.putOrder'), { id: '7', input: { sku: 'x', quantity: 1 } });
    expect(sent).toMatchObject({ method: 'PUT', resourcePath: '/orders/7', params: { headers: { 'content-type': 'application/json' } } });
    expect(JSON.parse(sent.params.body)).toEqual({ sku: 'x', quantity: 1 });
  });

  test('a 4xx or 5xx status is the field\'s error, with the status; an empty answer is null', () => {
    const { answer } = run(resolver('Query.order'), { id: '1' }, { statusCode: 404, body: '{"message":"no such order"}' });
    expect(answer).toThrow(expect.objectContaining({ message: 'GET /orders/{id} answered 404', type: 'HTTP_404', info: { statusCode: 404 } }));
    expect(run(resolver('Mutation.cancelOrder'), { id: '1' }, { statusCode: 204, body: '' }).answer()).toBeNull();
    expect(run(resolver('Mutation.cancelOrder'), { id: '1' }, { statusCode: 503, body: '' }).answer).toThrow(expect.objectContaining({ type: 'HTTP_503' }));
  });

  test('a list field gets a JSON list, and an error for anything else', () => {
    const r = resolver('Query.orders');
    const { sent, answer } = run(r, { customer: 'c1' }, { statusCode: 200, body: '[{"id":"1"}]' });
    expect(sent.resourcePath).toBe('/orders/by-customer/c1');
    expect(answer()).toEqual([{ id: '1' }]);
    expect(run(r, { customer: 'c1' }, { statusCode: 200, body: '{"id":"1"}' }).answer).toThrow(/answered no JSON list/);
  });

  test('POST with several arguments: those not in the path as the body', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graphql-http-'));
    cpSync('synth-tests/fixtures/functions/thumbnail', path.join(dir, 'functions/thumbnail'), { recursive: true });
    writeFileSync(path.join(dir, 'api.graphql'), 'type Query { stats: AWSJSON }\ntype Mutation { addLine(order: ID!, sku: String!, quantity: Int): AWSJSON }\n');
    const bp = load(readFileSync(FILE, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bp.services.orders = { image: 'nginx', public: true, host: 'orders.example.com' };
    bp.apis.shop.schema = './api.graphql';
    bp.apis.shop.resolvers = { 'Query.stats': 'stats', 'Mutation.addLine': { service: 'orders', method: 'POST', path: '/orders/{order}/lines' } };
    const file = path.join(dir, 'post.yaml');
    writeFileSync(file, JSON.stringify(bp));
    const hosted = designOf(file).graphqlApis[0];
    // Routed by host: the endpoint is that host.
    expect(hosted.dataSources.find((s) => s.type === 'HTTP')).toMatchObject({ endpoint: 'https://orders.example.com' });
    const { sent } = run(hosted.resolvers.find((r) => r.fieldName === 'addLine')!, { order: 'o1', sku: 's', quantity: 3 });
    expect(sent).toMatchObject({ method: 'POST', resourcePath: '/orders/o1/lines' });
    expect(JSON.parse(sent.params.body)).toEqual({ sku: 's', quantity: 3 });
  });
});

describe('the template', () => {
  const { assertions: t, template } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const of = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  test('the HTTP data source: its endpoint, no role; the function keeps its own', () => {
    const http = of('AWS::AppSync::DataSource').find((r) => r.Properties.Type === 'HTTP')!;
    expect(http.Properties).toEqual({ ApiId: expect.anything(), Name: 'svc_orders', Type: 'HTTP', HttpConfig: { Endpoint: 'https://shop.example.com' } });
    expect(of('AWS::AppSync::DataSource').find((r) => r.Properties.Type === 'AWS_LAMBDA')!.Properties.ServiceRoleArn).toBeDefined();
    // The logs role and the function's: none for the service.
    expect(of('AWS::IAM::Role').filter((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('appsync.amazonaws.com'))).toHaveLength(2);
  });

  test("each service field's resolver: the design's APPSYNC_JS code on the HTTP data source", () => {
    const source = Object.keys(resources).find((k) => resources[k].Type === 'AWS::AppSync::DataSource' && resources[k].Properties.Type === 'HTTP')!;
    t.hasResourceProperties('AWS::AppSync::Resolver', { TypeName: 'Mutation', FieldName: 'putOrder', Kind: 'UNIT', DataSourceName: { 'Fn::GetAtt': [source, 'Name'] }, Code: resolver('Mutation.putOrder').code, Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } });
    expect(of('AWS::AppSync::Resolver').filter((r) => JSON.stringify(r.Properties.DataSourceName).includes(source))).toHaveLength(4);
  });
});

describe('the Pulumi program', () => {
  test('the HTTP data source with its endpoint and no role, and the resolvers with their code', async () => {
    const g = await runUnderMocks(d);
    const source = g.find((r) => r.type === 'aws:appsync/dataSource:DataSource' && r.inputs.type === 'HTTP')!;
    expect(source.inputs).toEqual({ apiId: expect.anything(), name: 'svc_orders', type: 'HTTP', httpConfig: { endpoint: 'https://shop.example.com' } });
    expect(g.filter((r) => r.type === 'aws:iam/role:Role' && r.name.includes('source-svc_orders'))).toEqual([]);
    const put = g.find((r) => r.type === 'aws:appsync/resolver:Resolver' && r.inputs.field === 'putOrder')!;
    expect(put.inputs).toMatchObject({ type: 'Mutation', dataSource: 'svc_orders', kind: 'UNIT', code: resolver('Mutation.putOrder').code, runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } });
  });
});
