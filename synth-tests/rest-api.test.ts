import { validate } from '@readme/openapi-parser';
import { restOpenApiOf } from '../src/openapi/rest';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import type { Blueprint } from '../src/schema';
import { designOf, synth } from './support';

/*
 * REST APIs (issue 14), on synth-tests/fixtures/rest-api.yaml: API Gateway v1 with request validation before the
 * function runs, API keys of usage plans (throttling and quotas per consumer), a Cognito user pool route, a public
 * route, the stage behind the web ACL with access and execution logs, and its custom domain. The design's
 * decisions, the template, the Pulumi program, the OpenAPI document and the bill.
 */

const FILE = 'synth-tests/fixtures/rest-api.yaml';
const d = designOf(FILE);
const api = d.restApis[0];
const method = (key: string) => api.methods.find((m) => m.routeKey === key)!;

describe('the design', () => {
  test('one regional REST API whose resource tree comes from the route keys, parents first', () => {
    expect(d.restApis.map((a) => a.key)).toEqual(['partners']);
    expect(d.apis).toEqual([]);
    expect(api).toMatchObject({ name: 'partners-partners', endpointType: 'REGIONAL', disableExecuteApiEndpoint: true });
    expect(api.resources.map((r) => [r.path, r.parent, r.pathPart])).toEqual([
      ['/health', '/', 'health'],
      ['/me', '/', 'me'],
      ['/me/orders', '/me', 'orders'],
      ['/orders', '/', 'orders'],
      ['/orders/{id}', '/orders', '{id}'],
      ['/search', '/', 'search'],
    ]);
  });

  test('every method is validated: path parameters, the written query strings and headers required, the body against its model', () => {
    expect(api.validator).toEqual({ name: 'body-and-parameters', validateRequestBody: true, validateRequestParameters: true });
    expect(method('GET /orders/{id}').requestParameters).toEqual({ 'method.request.path.id': true });
    expect(method('GET /search').requestParameters).toEqual({ 'method.request.querystring.q': true });
    expect(method('POST /orders').requestParameters).toEqual({ 'method.request.header.Idempotency-Key': true });
    expect(method('POST /orders').model).toBe('POSTordersbe6d73Body');
    expect(JSON.parse(api.models[0].schema)).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      required: ['sku', 'quantity'],
      properties: { sku: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1 } },
    });
    expect(method('GET /health').model).toBeUndefined();
  });

  test('authorization per method: API keys, a Cognito authorizer on the generated pool, and the public health check', () => {
    expect(method('GET /orders/{id}')).toMatchObject({ auth: 'api_key', authorizationType: 'NONE', apiKeyRequired: true });
    expect(method('GET /me/orders')).toMatchObject({ auth: 'cognito', authorizationType: 'COGNITO_USER_POOLS', apiKeyRequired: false });
    expect(method('GET /health')).toMatchObject({ auth: 'none', authorizationType: 'NONE', apiKeyRequired: false });
    expect(api.authorizer).toEqual({ name: 'cognito', type: 'COGNITO_USER_POOLS', identitySource: 'method.request.header.Authorization', userPool: 'partners' });
    expect(d.userPools.map((u) => u.key)).toEqual(['partners']);
    // Each public or API-key method is acknowledged for APIG4 and COG4, by its route key.
    const acks = d.acknowledgements.filter((a) => a.on.kind === 'rest-api-method').map((a) => `${a.rule} ${(a.on as { route: string }).route}`);
    expect(acks).toEqual(expect.arrayContaining(['AwsSolutions-APIG4 GET /health', 'AwsSolutions-APIG4 POST /orders', 'AwsSolutions-COG4 GET /search']));
    expect(acks).not.toContain('AwsSolutions-COG4 GET /me/orders');
    expect(acks).not.toContain('AwsSolutions-APIG4 GET /me/orders');
  });

  test('usage plans as written, each key in its plan, named after the consumer', () => {
    expect(api.usagePlans).toEqual([
      {
        key: 'standard',
        name: 'partners-partners-standard',
        throttle: { rateLimit: 10, burstLimit: 20 },
        quota: { limit: 100000, period: 'MONTH' },
        keys: [
          { key: 'acme', name: 'partners-partners-acme', description: "acme's key for REST API partners-partners, usage plan standard" },
          { key: 'globex', name: 'partners-partners-globex', description: "globex's key for REST API partners-partners, usage plan standard" },
        ],
      },
      { key: 'trial', name: 'partners-partners-trial', throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 1000, period: 'DAY' }, keys: [{ key: 'initech', name: 'partners-partners-initech', description: "initech's key for REST API partners-partners, usage plan trial" }] },
    ]);
  });

  test('the stage: throttled at twice the peak, errors-only execution logs, X-Ray, behind the web ACL', () => {
    expect(api.stage).toEqual({ name: 'live', tracing: true, throttle: { rateLimit: 100, burstLimit: 100 }, methodLogging: { level: 'ERROR', dataTrace: false, metrics: false } });
    expect(d.decisions.find((x) => x.subject === 'apis.partners' && x.name === 'throttle')).toMatchObject({ source: 'derived', value: '100/s, bursts of 100' });
    expect(d.webAcl).toMatchObject({ protects: 'apis', restApis: ['partners'], graphqlApis: [] });
    expect(d.restApiAccount).toMatchObject({ resources: 'account-log-groups', retain: true });
  });

  test('CORS: a preflight on every path, the headers callers send, and the origin on API Gateway\'s own errors', () => {
    expect(api.cors!.paths).toEqual(['/health', '/me/orders', '/orders', '/orders/{id}', '/search']);
    expect(api.cors!.preflightHeaders).toEqual({
      'method.response.header.Access-Control-Allow-Headers': "'authorization,content-type,idempotency-key,x-api-key'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS,POST'",
      'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
      'method.response.header.Access-Control-Max-Age': "'600'",
    });
    expect(api.cors!.gatewayResponses.map((g) => [g.type, g.headers['gatewayresponse.header.Access-Control-Allow-Origin']])).toEqual([
      ['DEFAULT_4XX', "'https://shop.example.com'"],
      ['DEFAULT_5XX', "'https://shop.example.com'"],
    ]);
    expect(d.decisions.find((x) => x.subject === 'apis.partners' && x.name === 'cors')?.rationale).toMatch(/the functions must set Access-Control-Allow-Origin themselves/);
  });

  test('a deployment hash that changes with what a deployment snapshots (the methods), not with the stage or the plans', () => {
    const hashWith = (edit: (a: NonNullable<Blueprint['apis']>[string]) => void) => {
      const bp = loadBlueprint(FILE).blueprint;
      edit(bp.apis!.partners);
      return design(bp).restApis[0].deployment.hash;
    };
    expect(api.deployment.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(hashWith(() => {})).toBe(api.deployment.hash);
    // The stage's throttling and a plan's quota are the stage's and the plan's: the same deployment.
    expect(hashWith((a) => (a.throttle = { rps: 5, burst: 5 }))).toBe(api.deployment.hash);
    expect(hashWith((a) => (a.usage_plans!.trial.quota = { requests: 5, per: 'day' }))).toBe(api.deployment.hash);
    // A new required query string, or a new route, is a new deployment.
    expect(hashWith((a) => (a.routes!['GET /search'] = { function: 'search', query: ['q', 'page'] }))).not.toBe(api.deployment.hash);
    expect(hashWith((a) => (a.routes!['DELETE /orders/{id}'] = 'create-order'))).not.toBe(api.deployment.hash);
  });

  test('a default usage plan and key when api_key routes name none', () => {
    const bp = loadBlueprint(FILE).blueprint;
    delete bp.apis!.partners.usage_plans;
    const plans = design(bp).restApis[0].usagePlans;
    expect(plans).toEqual([{ key: 'default', name: 'partners-partners-default', throttle: { rateLimit: 100, burstLimit: 100 }, keys: [{ key: 'default', name: 'partners-partners-default', description: "default's key for REST API partners-partners, usage plan default" }] }]);
  });
});

describe('the template', () => {
  const { assertions: t, template } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; DependsOn?: string[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('methods with Lambda proxy integrations, the validator and the model named', () => {
    const [[validator]] = of('AWS::ApiGateway::RequestValidator');
    const [[model]] = of('AWS::ApiGateway::Model');
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      ApiKeyRequired: true,
      RequestValidatorId: { Ref: validator },
      RequestModels: { 'application/json': { Ref: model } },
      RequestParameters: { 'method.request.header.Idempotency-Key': true },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    expect(of('AWS::ApiGateway::Method').filter(([, m]) => m.Properties.HttpMethod !== 'OPTIONS')).toHaveLength(5);
    expect(of('AWS::ApiGateway::Resource')).toHaveLength(6);
  });

  test('a deployment named after the hash, depending on every method; the stage on it with logs and method settings', () => {
    const [[deployment, dep]] = of('AWS::ApiGateway::Deployment');
    expect(deployment).toMatch(new RegExp(`Deployment${api.deployment.hash}`));
    expect(dep.DependsOn).toEqual(expect.arrayContaining(of('AWS::ApiGateway::Method').map(([id]) => id)));
    const [[, stage]] = of('AWS::ApiGateway::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: 'live',
      DeploymentId: { Ref: deployment },
      TracingEnabled: true,
      MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: false, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 100 }],
    });
    // The execution-log group exists before API Gateway writes to it, with the design's retention.
    const [[account]] = of('AWS::ApiGateway::Account');
    const executionLogs = of('AWS::Logs::LogGroup').find(([, r]) => JSON.stringify(r.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'))!;
    expect(executionLogs[1].Properties.RetentionInDays).toBe(api.executionLogs.retentionDays);
    expect(resources[of('AWS::ApiGateway::Stage')[0][0]].DependsOn).toEqual(expect.arrayContaining([account, executionLogs[0]]));
  });

  test('the account-wide CloudWatch role: kept on delete, writing this account and region\'s log groups only', () => {
    const [[, account]] = of('AWS::ApiGateway::Account');
    expect(account.DeletionPolicy).toBe('Retain');
    const role = account.Properties.CloudWatchRoleArn['Fn::GetAtt'][0];
    expect(resources[role].DeletionPolicy).toBe('Retain');
    const [[, policy]] = of('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: expect.arrayContaining(['logs:PutLogEvents', 'logs:CreateLogStream']), Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']] } },
    ]);
  });

  test('a preflight per path: OPTIONS, open, a mock integration answering 204 with the CORS headers; gateway responses with the origin', () => {
    const preflights = of('AWS::ApiGateway::Method').filter(([, m]) => m.Properties.HttpMethod === 'OPTIONS');
    expect(preflights).toHaveLength(api.cors!.paths.length);
    expect(preflights[0][1].Properties).toMatchObject({
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
      Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 204}' }, IntegrationResponses: [{ StatusCode: '204', ResponseParameters: api.cors!.preflightHeaders }] },
      MethodResponses: [{ StatusCode: '204', ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }],
    });
    expect(of('AWS::ApiGateway::GatewayResponse').map(([, g]) => g.Properties.ResponseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
  });

  test('usage plans on the stage, a key each, no key value in the template', () => {
    expect(of('AWS::ApiGateway::UsagePlan').map(([, p]) => p.Properties.UsagePlanName).sort()).toEqual(['partners-partners-standard', 'partners-partners-trial']);
    for (const [, k] of of('AWS::ApiGateway::ApiKey')) expect(k.Properties.Value).toBeUndefined();
    expect(of('AWS::ApiGateway::UsagePlanKey')).toHaveLength(3);
  });

  test('the stage behind the web ACL, its domain and alias record', () => {
    const [[, assoc]] = of('AWS::WAFv2::WebACLAssociation');
    expect(JSON.stringify(assoc.Properties.ResourceArn)).toMatch(/restapis.*stages/);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'partners.example.com', SecurityPolicy: 'TLS_1_2', EndpointConfiguration: { Types: ['REGIONAL'] } });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'partners.example.com.', Type: 'A' });
  });

  test('5xx and p99 alarms on the stage, by ApiName and Stage', () => {
    const alarms = of('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const latency = alarms.find((a) => a.MetricName === 'Latency')!;
    expect(latency).toMatchObject({ Namespace: 'AWS/ApiGateway', ExtendedStatistic: 'p99', Threshold: 800, Dimensions: expect.arrayContaining([{ Name: 'ApiName', Value: 'partners-partners' }, { Name: 'Stage', Value: 'live' }]) });
    expect(alarms.filter((a) => JSON.stringify(a).includes('5XXError'))).toHaveLength(2);
  });
});

describe('the Pulumi program', () => {
  test('the same API: methods and integrations, a deployment redeployed by the hash, the stage and its method settings', async () => {
    const g = await runUnderMocks(d);
    const of = (type: string) => g.filter((r) => r.type === type);
    expect(of('aws:apigateway/method:Method').filter((m) => m.inputs.httpMethod !== 'OPTIONS')).toHaveLength(5);
    expect(of('aws:apigateway/integration:Integration').filter((i) => i.inputs.type !== 'MOCK').every((i) => i.inputs.type === 'AWS_PROXY' && i.inputs.integrationHttpMethod === 'POST')).toBe(true);
    expect(of('aws:apigateway/integrationResponse:IntegrationResponse').map((r) => r.inputs.responseParameters)).toEqual(api.cors!.paths.map(() => api.cors!.preflightHeaders));
    expect(of('aws:apigateway/deployment:Deployment')[0].inputs.triggers).toEqual({ redeployment: api.deployment.hash });
    expect(of('aws:apigateway/methodSettings:MethodSettings')[0].inputs).toMatchObject({ methodPath: '*/*', settings: { loggingLevel: 'ERROR', throttlingRateLimit: 100 } });
    expect(of('aws:apigateway/account:Account')[0].retainOnDelete).toBe(true);
    expect(of('aws:apigateway/apiKey:ApiKey').every((k) => k.inputs.value === undefined)).toBe(true);
  });
});

describe('blueprint openapi', () => {
  test('parameters, the body schema, API keys and usage plans; a valid OpenAPI 3.1 document', async () => {
    const doc = restOpenApiOf(d, api);
    expect(doc.servers[0].url).toBe('https://partners.example.com');
    expect(doc.paths['/search'].get).toMatchObject({ parameters: [{ name: 'q', in: 'query', required: true }], security: [{ apiKey: [] }] });
    expect(doc.paths['/orders'].post).toMatchObject({ requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['sku', 'quantity'] } } } } });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', name: 'x-api-key', in: 'header' });
    expect(doc['x-usage-plans']).toEqual([
      { name: 'standard', rateLimit: 10, burstLimit: 20, quota: { limit: 100000, period: 'MONTH' }, consumers: ['acme', 'globex'] },
      { name: 'trial', rateLimit: 1, burstLimit: 2, quota: { limit: 1000, period: 'DAY' }, consumers: ['initech'] },
    ]);
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
  });
});

describe('blueprint cost', () => {
  test("one REST request a request, at the API's peak share of the load, its price sourced", () => {
    const lines = billOf(factsFromDesign(d), usageFor(100));
    expect(lines.find((l) => l.resource === 'rest-api:partners')).toMatchObject({ priceKey: 'apigateway.rest.requests.million', quantity: 39.42 });
  });
});
