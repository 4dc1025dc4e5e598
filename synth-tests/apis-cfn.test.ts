import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { ApiInventory, Inventory } from '../src/parity/inventory';
import { cfnInventory, synth } from './support';
import { underEveryProfile } from './support/profiles';

/*
 * The serverless-api blueprint's CloudFormation inventory, fact by fact: its HTTP API read back by its key
 * (its Name less the blueprint's), with its $default stage (throttling, access logs), CORS, JWT authorizer,
 * its routes and the proxy integrations they target, one Lambda permission per route, the alarms on it;
 * and what the reader refuses rather than pass unseen. parity-cfn.test.ts compares every field with the design.
 */

const FILE = 'blueprints/serverless-api.yaml';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

let inv: Inventory;
let api: ApiInventory;
const route = (key: string) => api.routes.find((r) => r.routeKey === key)!;
beforeAll(() => {
  inv = cfnInventory(FILE);
  api = inv.apis[0];
});

test('one API, notes (its Name serverless-api-notes), HTTP, sized for the peak of 200/s', () => {
  expect(inv.apis.map((a) => a.key)).toEqual(['notes']);
  expect(api.protocol).toBe('HTTP');
  expect(api.description).toBeNull();
  expect(api.sizing).toEqual({ 'peak-rps': 200 });
});

test('the $default stage, deployed on every change, throttled at 400/s with bursts of 400 (2 x the peak of 200)', () => {
  const { accessLogs, ...stage } = api.stage;
  expect(stage).toEqual({ name: '$default', autoDeploy: true, throttling: { rateLimit: 400, burstLimit: 400 } });
  expect(accessLogs!.logGroup).toBe('log-group:api:notes');
});

test('access logs: one JSON line a request into a log group of its own (owner api:notes), kept 90 days', () => {
  const format = JSON.parse(api.stage.accessLogs!.format) as Record<string, string>;
  expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', integrationError: '$context.integrationErrorMessage', authorizerError: '$context.authorizer.error' });
  expect(inv.logGroups.filter((lg) => lg.owner.startsWith('api:'))).toEqual([{ owner: 'api:notes', retentionDays: 90, kmsKey: null }]);
});

test("CORS: the written origin, the routes' methods, authorization and content-type, 10 minutes", () => {
  expect(api.cors).toEqual({ allowOrigins: ['https://notes.example.com'], allowMethods: ['GET', 'PUT'], allowHeaders: ['authorization', 'content-type'], maxAgeSeconds: 600 });
});

test('the JWT authorizer: the issuer and audience as written, the token from the Authorization header', () => {
  expect(api.authorizers).toEqual([{ name: 'jwt', type: 'JWT', identitySource: ['$request.header.Authorization'], issuer: 'https://login.example.com/', audience: ['notes-web'] }]);
});

test("routes: each to its function's proxy integration (payload 2.0, the function's 3 s timeout); JWT but GET /health", () => {
  expect(api.routes.map((r) => [r.routeKey, r.target, r.authorizationType, r.authorizer])).toEqual([
    ['GET /health', 'function:list-notes:live', 'NONE', null],
    ['GET /notes', 'function:list-notes:live', 'JWT', 'jwt'],
    ['GET /notes/{id}', 'function:get-note:live', 'JWT', 'jwt'],
    ['PUT /notes/{id}', 'function:put-note:live', 'JWT', 'jwt'],
  ]);
  for (const r of api.routes) expect(r.integration).toEqual({ type: 'AWS_PROXY', payloadFormatVersion: '2.0', timeoutMs: 3000, vpcLink: null });
});

test('the auth: none route is open on purpose: no authorizer, and still only its own function behind it', () => {
  expect(route('GET /health')).toEqual({ routeKey: 'GET /health', target: 'function:list-notes:live', integration: { type: 'AWS_PROXY', payloadFormatVersion: '2.0', timeoutMs: 3000, vpcLink: null }, authorizationType: 'NONE', authorizer: null });
});

test('permissions: one per route, API Gateway invoking its function from that method and path only (any stage)', () => {
  expect(api.permissions).toEqual([
    { function: 'function:list-notes:live', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: 'execute-api:notes/*/GET/health' },
    { function: 'function:list-notes:live', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: 'execute-api:notes/*/GET/notes' },
    { function: 'function:get-note:live', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: 'execute-api:notes/*/GET/notes/{id}' },
    { function: 'function:put-note:live', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: 'execute-api:notes/*/PUT/notes/{id}' },
  ]);
  // index-note is invoked by its queue, never by the API.
  expect(api.permissions.some((p) => p.function === 'function:index-note')).toBe(false);
});

test('the alarms and dashboard on the API name it by its ApiId: api:notes', () => {
  const onApi = inv.alarms.filter((a) => JSON.stringify(a.metric).includes('"ApiId"'));
  expect(onApi.map((a) => a.description)).toEqual([
    'API notes: 5xx rate over 1 h above 1.44 % (14.4x the 0.1 % error budget of the 99.9 % SLO)',
    'API notes: 5xx rate over 6 h above 0.6 % (6x the 0.1 % error budget of the 99.9 % SLO)',
    'API notes: p99 latency above 300 ms for 15 minutes',
  ]);
  const latency = onApi[2].metric;
  expect(latency).toEqual({ namespace: 'AWS/ApiGateway', metricName: 'Latency', statistic: 'p99', dimensions: { ApiId: 'api:notes' }, periodSeconds: 300 });
  const widget = inv.dashboards[0].widgets.find((w) => w.title === 'API notes')!;
  expect(widget.metrics.map((m) => [m.metricName, m.dimensions])).toEqual([
    ['Count', { ApiId: 'api:notes' }],
    ['4xx', { ApiId: 'api:notes' }],
    ['5xx', { ApiId: 'api:notes' }],
  ]);
});

test("under every compliance profile: the access-log group under the stack's key, the API unchanged", () => {
  const p = cfnInventory(underEveryProfile(FILE));
  expect(p.logGroups.find((lg) => lg.owner === 'api:notes')).toEqual({ owner: 'api:notes', retentionDays: expect.any(Number), kmsKey: 'key' });
  expect(p.apis.map((a) => ({ ...a, stage: { ...a.stage, accessLogs: null } }))).toEqual(inv.apis.map((a) => ({ ...a, stage: { ...a.stage, accessLogs: null } })));
});

describe('what the reader refuses rather than pass unseen', () => {
  /** The blueprint's resources, deep-copied, found by type and by what they reference, never by logical ID. */
  const broken = () => {
    const { template } = synth(FILE);
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Resources;
    const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
    const apiId = ofType('AWS::ApiGatewayV2::Api')[0];
    const routeId = (key: string) => ofType('AWS::ApiGatewayV2::Route').find((id) => resources[id].Properties.RouteKey === key)!;
    const permissionId = (path: string) => ofType('AWS::Lambda::Permission').find((id) => JSON.stringify(resources[id].Properties.SourceArn).includes(`"${path}"`))!;
    const read = () => inventoryFromTemplate({ ...template, Resources: resources });
    return { resources, ofType, apiId, routeId, permissionId, read };
  };

  test('an API property, a CORS setting or a stage setting the inventory does not read', () => {
    const cases: [(b: ReturnType<typeof broken>) => void, RegExp][] = [
      [(b) => (b.resources[b.apiId].Properties.ApiKeySelectionExpression = '$request.header.x-api-key'), /ApiKeySelectionExpression: not in the inventory of an HTTP API/],
      [(b) => (b.resources[b.apiId].Properties.CorsConfiguration.AllowCredentials = true), /CorsConfiguration: AllowCredentials: not in the inventory/],
      [(b) => (b.resources[b.ofType('AWS::ApiGatewayV2::Stage')[0]].Properties.DefaultRouteSettings.DetailedMetricsEnabled = true), /DefaultRouteSettings: DetailedMetricsEnabled: not in the inventory/],
      [(b) => (b.resources[b.ofType('AWS::ApiGatewayV2::Stage')[0]].Properties.RouteSettings = {}), /RouteSettings: not in the inventory of a stage/],
      [(b) => delete b.resources[b.ofType('AWS::ApiGatewayV2::Stage')[0]].Properties.DefaultRouteSettings.ThrottlingBurstLimit, /sets one of ThrottlingRateLimit and ThrottlingBurstLimit/],
      [(b) => (b.resources[b.routeId('GET /notes')].Properties.AuthorizationScopes = ['notes:read']), /AuthorizationScopes: not in the inventory of a route/],
    ];
    for (const [change, error] of cases) {
      const b = broken();
      change(b);
      expect(b.read).toThrow(error);
    }
  });

  test('a second stage, a Lambda authorizer, an integration other than a Lambda proxy or a VPC link, an integration no route targets', () => {
    const b = broken();
    const stage = b.ofType('AWS::ApiGatewayV2::Stage')[0];
    b.resources.SecondStage = JSON.parse(JSON.stringify(b.resources[stage]));
    b.resources.SecondStage.Properties.StageName = 'v2';
    expect(b.read).toThrow(new RegExp(`${b.apiId} \\(AWS::ApiGatewayV2::Api\\): has 2 stages`));
    const c = broken();
    const jwt = c.ofType('AWS::ApiGatewayV2::Authorizer')[0];
    Object.assign(c.resources[jwt].Properties, { AuthorizerType: 'REQUEST', AuthorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/x' });
    expect(c.read).toThrow(/AuthorizerUri: not in the inventory of an authorizer/);
    const d = broken();
    // An HTTP proxy without a VPC link (to the internet), and a mock integration.
    d.resources[d.ofType('AWS::ApiGatewayV2::Integration')[0]].Properties.IntegrationType = 'HTTP_PROXY';
    expect(d.read).toThrow(/ConnectionType: is not VPC_LINK; the inventory reads HTTP proxies through a VPC link only/);
    d.resources[d.ofType('AWS::ApiGatewayV2::Integration')[0]].Properties.IntegrationType = 'MOCK';
    expect(d.read).toThrow(/IntegrationType: is MOCK; the inventory reads Lambda proxy \(AWS_PROXY\) and VPC link \(HTTP_PROXY\) integrations/);
    const e = broken();
    const integration = e.ofType('AWS::ApiGatewayV2::Integration')[0];
    e.resources.Unused = JSON.parse(JSON.stringify(e.resources[integration]));
    expect(e.read).toThrow(/Unused \(AWS::ApiGatewayV2::Integration\): no route targets it/);
  });

  test('a Lambda permission from no API, from another region, or with a source account', () => {
    const b = broken();
    const health = b.permissionId('/*/GET/health');
    b.resources[health].Properties.SourceArn = 'arn:aws:s3:::uploads';
    expect(b.read).toThrow(new RegExp(`${health} \\(AWS::Lambda::Permission\\) SourceArn: arn:aws:s3:::uploads is not an API's execute-api ARN`));
    const c = broken();
    const other = c.permissionId('/*/GET/notes');
    const parts = c.resources[other].Properties.SourceArn['Fn::Join'][1] as unknown[];
    parts[2] = ':execute-api:eu-west-1:';
    expect(c.read).toThrow(/SourceArn: names region eu-west-1, not the stack's \(us-east-1\)/);
    const d = broken();
    d.resources[d.permissionId('/*/PUT/notes/{id}')].Properties.SourceAccount = { Ref: 'AWS::AccountId' };
    expect(d.read).toThrow(/SourceAccount: not in the inventory of a Lambda permission/);
  });

  test("an API whose Name is not <blueprint>-<key>, two APIs of one key, an ApiId dimension that is not the API's id", () => {
    const b = broken();
    b.resources[b.apiId].Properties.Name = 'notes';
    expect(b.read).toThrow(/Name: "notes" is not "serverless-api-<key>"/);
    const c = broken();
    c.resources.SecondApi = JSON.parse(JSON.stringify(c.resources[c.apiId]));
    const stage = c.ofType('AWS::ApiGatewayV2::Stage')[0];
    c.resources.SecondStage = JSON.parse(JSON.stringify(c.resources[stage]));
    c.resources.SecondStage.Properties.ApiId = { Ref: 'SecondApi' };
    expect(c.read).toThrow(/has the API key "notes" of/);
    const d = broken();
    const alarm = d.ofType('AWS::CloudWatch::Alarm').find((id) => d.resources[id].Properties.MetricName === 'Latency' && d.resources[id].Properties.Namespace === 'AWS/ApiGateway')!;
    d.resources[alarm].Properties.Dimensions = [{ Name: 'ApiId', Value: { 'Fn::GetAtt': [d.apiId, 'ApiEndpoint'] } }];
    expect(d.read).toThrow(/attribute ApiEndpoint has no name in the inventory/);
  });
});
