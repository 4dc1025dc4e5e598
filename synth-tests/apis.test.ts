import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { routeId } from '../src/design/apis';
import { openApiOf } from '../src/openapi';
import { policies } from '../src/policy';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

/*
 * HTTP APIs (apis:) decision by decision, on blueprints/serverless-api.yaml: routes to functions, JWT with one
 * public route, throttling from the peak, CORS, access logs, the SLO alarms; the functions behind them sized
 * from the latency target and billed at their share of the requests; the template, the Pulumi program, the
 * CrossGuard policy, the estimate and the OpenAPI document, validated by a real OpenAPI validator.
 */

const FILE = 'blueprints/serverless-api.yaml';
const d = designOf(FILE);
const api = d.apis[0];
const fn = (key: string) => d.functions.find((f) => f.key === key)!;

describe('the design', () => {
  test('routes, sorted by route key, each to its function, with the API\'s auth unless the route says otherwise', () => {
    expect(api.routes.map((r) => [r.routeKey, r.function, r.auth])).toEqual([
      ['GET /health', 'list-notes', 'none'],
      ['GET /notes', 'list-notes', 'jwt'],
      ['GET /notes/{id}', 'get-note', 'jwt'],
      ['PUT /notes/{id}', 'put-note', 'jwt'],
    ]);
    expect(api.authorizer).toEqual({ name: 'jwt', issuer: 'https://login.example.com/', audience: ['notes-web'], identitySource: '$request.header.Authorization' });
    // Each route's permission: from its own method and path only.
    expect(api.routes.map((r) => r.invokeFrom)).toEqual(['*/GET/health', '*/GET/notes', '*/GET/notes/{id}', '*/PUT/notes/{id}']);
    expect(d.acknowledgements.filter((a) => a.rule === 'AwsSolutions-APIG4').map((a) => a.on)).toEqual([{ kind: 'api-route', api: 'notes', route: 'GET /health' }]);
  });

  test('route IDs are stable and distinct even where the words are the same', () => {
    expect(routeId('GET /a-b')).not.toBe(routeId('GET /a/b'));
    expect(routeId('GET /notes/{id}')).toBe(routeId('GET /notes/{id}'));
    expect(routeId('$default')).toMatch(/^default-[0-9a-f]{6}$/);
  });

  test('throttling at twice the peak, CORS for the written origin and the routes\' methods, access logs', () => {
    expect(api.throttle).toEqual({ rateLimit: 400, burstLimit: 400 });
    expect(api.cors).toEqual({ allowOrigins: ['https://notes.example.com'], allowMethods: ['GET', 'PUT'], allowHeaders: ['authorization', 'content-type'], maxAgeSeconds: 600 });
    expect(JSON.parse(api.accessLogs.format)).toMatchObject({ routeKey: '$context.routeKey', status: '$context.status', integrationError: '$context.integrationErrorMessage' });
    expect(api.accessLogs.retentionDays).toBe(90);
  });

  test('a function behind an API: half the latency budget, a timeout API Gateway outlasts, concurrency for the whole peak, billed at its share', () => {
    const list = fn('list-notes');
    // 300 ms p99 -> 150 ms of work; 3 x 150 ms is under 3 s -> 3 s; 200/s x 0.15 s / 80 % = 38.
    expect(list).toMatchObject({ timeoutSeconds: 3, reservedConcurrency: 38, memoryMb: 1024 });
    expect(list.invokedBy).toEqual([{ api: 'notes', routes: ['GET /health', 'GET /notes'] }]);
    // Two of the API's four routes: half its 200/s.
    expect(list.sizing).toEqual({ 'peak-rps': 100, 'duration-ms': 150 });
    expect(fn('put-note').sizing).toEqual({ 'peak-rps': 50, 'duration-ms': 60 });
    expect(api.routes.every((r) => r.integration.timeoutMs === 3000)).toBe(true);
    // Below a cold start, the functions keep copies initialized: no recommendation is left to make.
    expect(d.recommendations.map((r) => r.subject)).not.toEqual(expect.arrayContaining(['services.list-notes']));
  });

  test("the queue that put-note fills carries its share, and index-note is sized by it", () => {
    expect(d.stores.find((s) => s.key === 'note-events')!.sizing).toMatchObject({ 'peak-messages-per-second': 50 });
    expect(fn('index-note').reservedConcurrency).toBe(13); // 50/s x 0.2 s / 80 %
  });

  test('nothing in the VPC goes out: no NAT gateways', () => {
    expect(d.network.natGateways).toBe(0);
  });

  test('the SLO alarms, as the load balancer\'s', () => {
    const keys = d.observability.alarms.filter((a) => a.key.startsWith('api-')).map((a) => a.key);
    expect(keys).toEqual(['api-notes-error-budget-fast-burn', 'api-notes-error-budget-slow-burn', 'api-notes-latency-p99']);
    expect(d.observability.alarms.find((a) => a.key === 'api-notes-error-budget-fast-burn')).toMatchObject({ threshold: 1.44, periodSeconds: 3600 });
    expect(d.observability.alarms.find((a) => a.key === 'api-notes-latency-p99')).toMatchObject({ threshold: 300, metric: { namespace: 'AWS/ApiGateway', metricName: 'Latency', statistic: 'p99', dimensions: { kind: 'api', api: 'notes' } } });
  });
});

describe('the CloudFormation template', () => {
  const { template, assertions } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const logical = (prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix))!;

  test('one HTTP API, its $default stage with access logs and throttling, its JWT authorizer', () => {
    assertions.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'serverless-api-notes', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['https://notes.example.com'] } });
    assertions.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logical('ApisApinotesAccessLogs'), 'Arn'] } },
      DefaultRouteSettings: { ThrottlingRateLimit: 400, ThrottlingBurstLimit: 400 },
    });
    assertions.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://login.example.com/', Audience: ['notes-web'] } });
  });

  test('four routes on three integrations; each route has a permission from itself only', () => {
    assertions.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    assertions.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    assertions.resourceCountIs('AWS::Lambda::Permission', 4);
    assertions.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
    assertions.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'PUT /notes/{id}', AuthorizationType: 'JWT', AuthorizerId: { Ref: logical('ApisApinotesJwt') } });
    const permission = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Permission' && JSON.stringify(r.Properties.SourceArn).includes('/*/PUT/notes/{id}'))!;
    expect(permission.Properties).toMatchObject({ Principal: 'apigateway.amazonaws.com', FunctionName: { Ref: logical('FunctionsFunctionputnoteAlias') } });
  });

  test('no NAT gateway, no load balancer', () => {
    assertions.resourceCountIs('AWS::EC2::NatGateway', 0);
    assertions.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
  });
});

describe('the Pulumi program', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  }, 60_000);
  const of = (type: string) => g.filter((r) => r.type === type);

  test('the same API, stage, authorizer, routes and permissions', () => {
    expect(of('aws:apigatewayv2/api:Api').map((r) => r.inputs)).toEqual([expect.objectContaining({ name: 'serverless-api-notes', protocolType: 'HTTP' })]);
    expect(of('aws:apigatewayv2/stage:Stage')[0].inputs).toMatchObject({ name: '$default', autoDeploy: true, defaultRouteSettings: { throttlingRateLimit: 400, throttlingBurstLimit: 400 } });
    expect(of('aws:apigatewayv2/route:Route').map((r) => [r.inputs.routeKey, r.inputs.authorizationType]).sort()).toEqual([['GET /health', 'NONE'], ['GET /notes', 'JWT'], ['GET /notes/{id}', 'JWT'], ['PUT /notes/{id}', 'JWT']]);
    expect(of('aws:lambda/permission:Permission').map((r) => String(r.inputs.sourceArn).split('/').slice(1).join('/')).sort()).toEqual(['*/GET/health', '*/GET/notes', '*/GET/notes/{id}', '*/PUT/notes/{id}']);
  });

  test('the apis-protected policy passes, and fails a stage without throttling and a route without authorization', () => {
    const asPolicy = (r: RegisteredResource) => ({ type: r.type, name: r.name, urn: `urn:${r.type}::${r.name}`, props: r.inputs as Record<string, any>, opts: {}, isType: () => false, asType: () => undefined, dependencies: [], propertyDependencies: {} });
    const policy = policies.find((p) => p.name === 'apis-protected') as unknown as { validateStack: (a: unknown, r: (m: string) => void) => void };
    const run = (rs: ReturnType<typeof asPolicy>[]) => {
      const found: string[] = [];
      policy.validateStack({ resources: rs }, (m) => found.push(m));
      return found;
    };
    const resources = g.map(asPolicy);
    expect(run(resources)).toEqual([]);
    const loose = resources.map((r) =>
      r.type === 'aws:apigatewayv2/stage:Stage' ? { ...r, props: { ...r.props, defaultRouteSettings: undefined } } : r.type === 'aws:apigatewayv2/route:Route' && r.props.routeKey === 'GET /health' ? { ...r, props: { ...r.props, authorizationType: undefined } } : r,
    );
    expect(run(loose)).toEqual([expect.stringContaining('has no throttling'), expect.stringContaining('names no authorization type')]);
  });
});

describe('the cost', () => {
  const lines = billOf(factsFromDesign(d), usageFor(200));
  test("the API's requests once; each function at its share; no request log outside the VPC", () => {
    expect(lines.find((l) => l.resource === 'api:notes')).toMatchObject({ priceKey: 'apigateway.http.requests.million', quantity: 157.68 });
    expect(lines.filter((l) => l.component === 'requests' && l.resource.startsWith('function:')).map((l) => [l.resource, l.quantity])).toEqual([
      ['function:get-note', 39.42],
      ['function:index-note', 39.42],
      ['function:list-notes', 78.84],
      ['function:put-note', 39.42],
    ]);
    expect(lines.find((l) => l.resource === 'flow-logs')?.quantity).toBe(0);
  });
});

describe('blueprint openapi', () => {
  const doc = openApiOf(d, api);

  test('is a valid OpenAPI 3.1 document (a real validator), and an invalid one is refused', async () => {
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
    const broken = { ...structuredClone(doc), paths: { 'notes': {} } };
    await expect(validate(broken as never)).resolves.toMatchObject({ valid: false });
  });

  test('paths with their parameters, security per route, the throttling answer', () => {
    expect(Object.keys(doc.paths)).toEqual(['/health', '/notes', '/notes/{id}']);
    expect(doc.paths['/notes/{id}'].put).toMatchObject({ parameters: [{ name: 'id', in: 'path', required: true }], security: [{ jwt: [] }] });
    expect(doc.paths['/health'].get).toMatchObject({ security: [] });
    expect(doc.components.securitySchemes).toEqual({ jwt: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
  });

  test('the command prints the same document, and refuses a blueprint without an API', () => {
    const cli = path.join('bin', 'blueprint.js');
    expect(JSON.parse(execFileSync(process.execPath, [cli, 'openapi', FILE], { encoding: 'utf8' }))).toEqual(JSON.parse(JSON.stringify(doc)));
    let err: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, [cli, 'openapi', 'blueprints/starter.yaml'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.status).toBe(1);
    expect(err.stderr).toMatch(/declares no API/);
  });
});
