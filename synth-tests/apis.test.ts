import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { buildStack, templateOf } from '../src/cdk/synth';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { factsFromInventory } from '../src/cost/facts-inventory';
import { factsFromPulumi } from '../src/cost/facts-pulumi';
import { estimateDesign } from '../src/cost/estimate';
import { pricesFor } from '../src/cost/prices';
import { usageFor } from '../src/cost/usage';
import { design, type Design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { routeId } from '../src/design/apis';
import { openApiOf } from '../src/openapi';
import { policies } from '../src/policy';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

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

/*
 * Provisioned concurrency: requirements.latency_p99_ms 300 is below a cold start (500 ms), so each function the API
 * invokes keeps the copies its expected load needs initialized, on an alias live that every caller names; the queue
 * consumer keeps none. In the design (with its arithmetic), the template, the Pulumi program, both inventories and
 * the estimate.
 */
describe('provisioned concurrency', () => {
  const decisionOf = (x: Design, key: string) => x.decisions.find((c) => c.subject === `services.${key}` && c.name === 'provisioned_concurrency')!;
  /** serverless-api.yaml with these keys written on list-notes (and requirements changed). */
  const variant = (listNotes: Record<string, unknown>, requirements: Record<string, unknown> = {}) => {
    const loaded = loadBlueprint(FILE);
    const bp = loaded.blueprint;
    return { ...loaded, blueprint: { ...bp, requirements: { ...bp.requirements, ...requirements }, services: { ...bp.services, 'list-notes': { ...bp.services['list-notes'], ...listNotes } } } };
  };

  describe('the design', () => {
    test("each function the API invokes: 30 % of its peak share x duration_ms, rounded up, at least 1, on alias live", () => {
      // list-notes: 2 of 4 routes of 200/s = 100/s; 30 % = 30/s x 150 ms = 4.5 -> 5. get-note: 15/s x 150 ms = 2.25 -> 3.
      // put-note: 15/s x 60 ms (measured) = 0.9 -> 1.
      expect(d.functions.map((f) => [f.key, f.alias, f.invokedThrough, f.asyncRetries.qualifier])).toEqual([
        ['get-note', { name: 'live', provisionedConcurrency: 3 }, 'alias', 'live'],
        ['index-note', undefined, 'function', '$LATEST'],
        ['list-notes', { name: 'live', provisionedConcurrency: 5 }, 'alias', 'live'],
        ['put-note', { name: 'live', provisionedConcurrency: 1 }, 'alias', 'live'],
      ]);
      expect(decisionOf(d, 'list-notes')).toMatchObject({ concern: 'compute', value: 5, source: 'derived' });
      expect(decisionOf(d, 'list-notes').rationale).toMatch(/beyond requirements\.latency_p99_ms 300 ms: its expected load, 30 % of its peak share 100\/s, x 150 ms = 4\.5 copies busy on average -> 5 copies kept initialized on alias live/);
      expect(decisionOf(d, 'get-note').rationale).toMatch(/30 % of its peak share 50\/s, x 150 ms = 2\.25 copies busy on average -> 3 copies/);
      expect(decisionOf(d, 'put-note').rationale).toMatch(/x 60 ms = 0\.9 copies busy on average -> 1 copy/);
      // The queue consumer tolerates cold starts; the recommendation that stood for the missing feature is gone.
      expect(decisionOf(d, 'index-note')).toMatchObject({ value: 'none', source: 'default' });
      expect(decisionOf(d, 'index-note').rationale).toMatch(/a queue consumer tolerates cold starts \(its messages wait in note-events/);
      expect(d.recommendations.filter((r) => r.text.includes('provisioned concurrency'))).toEqual([]);
    });

    test('written: a number, or false for none; derived: at most the reserved concurrency, none with room for a cold start, 1 without a peak', () => {
      const written = design(variant({ provisioned_concurrency: 2 }).blueprint);
      expect(written.functions.find((f) => f.key === 'list-notes')!.alias).toEqual({ name: 'live', provisionedConcurrency: 2 });
      expect(decisionOf(written, 'list-notes')).toMatchObject({ value: 2, source: 'written' });
      const off = design(variant({ provisioned_concurrency: false }).blueprint);
      expect(off.functions.find((f) => f.key === 'list-notes')).toMatchObject({ invokedThrough: 'function', asyncRetries: { qualifier: '$LATEST' } });
      expect(off.functions.find((f) => f.key === 'list-notes')!.alias).toBeUndefined();
      expect(decisionOf(off, 'list-notes')).toMatchObject({ value: 'none', source: 'written' });
      expect(decisionOf(off, 'list-notes').rationale).toMatch(/wait for a cold start .* beyond requirements\.latency_p99_ms 300 ms/);
      // concurrency: 3 caps the 5 the load needs.
      const capped = design(variant({ concurrency: 3 }).blueprint);
      expect(capped.functions.find((f) => f.key === 'list-notes')!.alias!.provisionedConcurrency).toBe(3);
      expect(decisionOf(capped, 'list-notes').rationale).toMatch(/-> 5, at most its concurrency 3 -> 3 copies/);
      const loose = design(variant({}, { latency_p99_ms: 800 }).blueprint);
      expect(loose.functions.every((f) => f.alias === undefined && f.invokedThrough === 'function')).toBe(true);
      expect(decisionOf(loose, 'list-notes')).toMatchObject({ value: 'none', source: 'derived' });
      expect(decisionOf(loose, 'list-notes').rationale).toMatch(/latency_p99_ms 800 ms leaves room for a cold start/);
      const unknown = design(variant({}, { peak_rps: undefined }).blueprint);
      expect(unknown.functions.find((f) => f.key === 'list-notes')!.alias!.provisionedConcurrency).toBe(1);
      expect(decisionOf(unknown, 'list-notes').rationale).toMatch(/no peak rate known .*: 1 copy/);
    });
  });

  describe('the CloudFormation template', () => {
    const { template } = synth(FILE);
    type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
    const resources = template.Resources as Record<string, Resource>;
    const ids = (type: string, prefix: string) => Object.keys(resources).filter((id) => resources[id].Type === type && id.startsWith(prefix));
    const one = (type: string, prefix: string) => {
      const found = ids(type, prefix);
      expect(found).toHaveLength(1);
      return found[0];
    };

    test('a version of each aliased function, and the alias live on it keeping the copies initialized', () => {
      expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Version')).toHaveLength(3);
      expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Alias')).toHaveLength(3);
      const fnId = one('AWS::Lambda::Function', 'FunctionsFunctionlistnotesFunction');
      const version = one('AWS::Lambda::Version', 'FunctionsFunctionlistnotesVersion');
      // The logical ID ends in the MD5 of the function's versioned properties: new code or configuration, a new version.
      expect(version).toMatch(/^FunctionsFunctionlistnotesVersion[0-9A-F]{8}[0-9a-f]{32}$/);
      expect(resources[version].Properties).toEqual({ FunctionName: { Ref: fnId } });
      expect(resources[one('AWS::Lambda::Alias', 'FunctionsFunctionlistnotesAlias')].Properties).toEqual({
        FunctionName: { Ref: fnId },
        FunctionVersion: { 'Fn::GetAtt': [version, 'Version'] },
        Name: 'live',
        ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 },
      });
      expect(ids('AWS::Lambda::Version', 'FunctionsFunctionindexnote')).toEqual([]);
    });

    test('every caller names the alias: the integrations, the permissions; the asynchronous retries configure it', () => {
      const alias = (key: string) => ({ Ref: one('AWS::Lambda::Alias', `FunctionsFunction${key.replace('-', '')}Alias`) });
      for (const key of ['list-notes', 'get-note', 'put-note']) {
        expect(resources[one('AWS::ApiGatewayV2::Integration', `ApisApinotesIntegration${key.replace('-', '')}`)].Properties.IntegrationUri).toEqual(alias(key));
        const retries = resources[one('AWS::Lambda::EventInvokeConfig', `FunctionsFunction${key.replace('-', '')}AsyncRetries`)];
        expect(retries.Properties.Qualifier).toBe('live');
        expect(retries.DependsOn).toEqual([alias(key).Ref]);
      }
      const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission');
      expect(permissions.map((r) => r.Properties.FunctionName.Ref).sort()).toEqual([alias('get-note').Ref, alias('list-notes').Ref, alias('list-notes').Ref, alias('put-note').Ref].sort());
      // The queue consumer is invoked as before: its mapping names the function, its retries $LATEST.
      expect(resources[one('AWS::Lambda::EventSourceMapping', 'FunctionsFunctionindexnote')].Properties.FunctionName).toEqual({ Ref: one('AWS::Lambda::Function', 'FunctionsFunctionindexnoteFunction') });
      expect(resources[one('AWS::Lambda::EventInvokeConfig', 'FunctionsFunctionindexnoteAsyncRetries')].Properties.Qualifier).toBe('$LATEST');
    });

    test("the version's logical ID changes with the function's code or configuration, not with its tags or reserved concurrency", () => {
      const versionOf = (loaded: ReturnType<typeof variant>) => {
        const t = templateOf(buildStack(loaded).stack) as { Resources: Record<string, Resource> };
        return Object.keys(t.Resources).find((id) => t.Resources[id].Type === 'AWS::Lambda::Version' && id.startsWith('FunctionsFunctionlistnotesVersion'))!;
      };
      const base = one('AWS::Lambda::Version', 'FunctionsFunctionlistnotesVersion');
      expect(versionOf(variant({}))).toBe(base);
      expect(versionOf(variant({ memory: 2048 }))).not.toBe(base);
      expect(versionOf(variant({ environment: { LOG_LEVEL: 'debug' } }))).not.toBe(base);
      expect(versionOf(variant({ code: loadBlueprint(FILE).blueprint.services['get-note'].code }))).not.toBe(base);
      // Reserved concurrency and the sizing tags (peak_rps) are not what a version publishes.
      expect(versionOf(variant({ concurrency: 50, peak_rps: 120 }))).toBe(base);
    });
  });

  describe('the Pulumi program', () => {
    let g: RegisteredResource[];
    beforeAll(async () => {
      g = await runUnderMocks(d);
    }, 60_000);
    const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name)!;
    const aliasArn = 'arn:aws:lambda:us-east-1:123456789012:serverless-api-function-list-notes-alias';

    test('the function publishes a version; the alias live names it; its provisioned concurrency is on the alias', () => {
      expect(one('aws:lambda/function:Function', 'serverless-api-function-list-notes').inputs.publish).toBe(true);
      expect(one('aws:lambda/function:Function', 'serverless-api-function-index-note').inputs.publish).toBeUndefined();
      expect(one('aws:lambda/alias:Alias', 'serverless-api-function-list-notes-alias').inputs).toEqual({ functionName: 'serverless-api-function-list-notes', functionVersion: '1', name: 'live' });
      expect(one('aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig', 'serverless-api-function-list-notes-provisioned-concurrency').inputs).toEqual({
        functionName: 'serverless-api-function-list-notes',
        qualifier: 'live',
        provisionedConcurrentExecutions: 5,
      });
      expect(g.filter((r) => r.type === 'aws:lambda/alias:Alias').map((r) => r.name).sort()).toEqual(['serverless-api-function-get-note-alias', 'serverless-api-function-list-notes-alias', 'serverless-api-function-put-note-alias']);
    });

    test('every caller names the alias, and its asynchronous retries configure it', () => {
      expect(one('aws:apigatewayv2/integration:Integration', 'serverless-api-api-notes-integration-list-notes').inputs.integrationUri).toBe(aliasArn);
      expect(g.filter((r) => r.type === 'aws:lambda/permission:Permission' && String(r.inputs.sourceArn).match(/\/(GET\/health|GET\/notes)$/)).map((r) => r.inputs.function)).toEqual([aliasArn, aliasArn]);
      expect(one('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'serverless-api-function-list-notes-async-retries').inputs.qualifier).toBe('live');
      expect(one('aws:lambda/eventSourceMapping:EventSourceMapping', 'serverless-api-function-index-note-queue').inputs.functionName).toBe('serverless-api-function-index-note');
    });

    test("both inventories read the alias and name what invokes it function:<key>:live; the Pulumi reader refuses what it does not read", () => {
      const cdk = cfnInventory(FILE);
      const pulumi = inventoryFromPulumi(g);
      for (const inv of [cdk, pulumi]) {
        expect(inv.functions.map((f) => [f.key, f.alias])).toEqual([
          ['get-note', { name: 'live', provisionedConcurrency: 3 }],
          ['index-note', null],
          ['list-notes', { name: 'live', provisionedConcurrency: 5 }],
          ['put-note', { name: 'live', provisionedConcurrency: 1 }],
        ]);
        expect(inv.apis[0].routes.map((r) => r.target)).toEqual(['function:list-notes:live', 'function:list-notes:live', 'function:get-note:live', 'function:put-note:live']);
        expect(inv.functions.find((f) => f.key === 'index-note')!.queue!.invokes).toBe('function:index-note');
      }
      expect(pulumi.functions).toEqual(cdk.functions);
      const swap = (name: string, inputs: Record<string, unknown>) => g.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));
      expect(() => inventoryFromPulumi(swap('serverless-api-function-list-notes-alias', { functionVersion: '$LATEST' }))).toThrow(/alias serverless-api-function-list-notes-alias names version "\$LATEST", not the one function list-notes publishes/);
      expect(() => inventoryFromPulumi(swap('serverless-api-function-list-notes-alias', { routingConfig: { additionalVersionWeights: { '2': 0.1 } } }))).toThrow(/routingConfig: not in the inventory/);
      expect(() => inventoryFromPulumi(swap('serverless-api-function-index-note', { publish: true }))).toThrow(/function serverless-api-function-index-note publishes versions, but no alias names them/);
      expect(() => inventoryFromPulumi(swap('serverless-api-function-list-notes-provisioned-concurrency', { qualifier: '$LATEST' }))).toThrow(/provisioned concurrency config serverless-api-function-list-notes-provisioned-concurrency configures .*not an alias of a function/);
    });
  });

  test('the template reader refuses what it does not read: a version no alias names, routing weights, an alias on another version', () => {
    const { template } = synth(FILE);
    const copy = () => JSON.parse(JSON.stringify(template)) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
    const find = (t: ReturnType<typeof copy>, type: string, prefix: string) => Object.keys(t.Resources).find((id) => t.Resources[id].Type === type && id.startsWith(prefix))!;
    const a = copy();
    a.Resources.Orphan = JSON.parse(JSON.stringify(a.Resources[find(a, 'AWS::Lambda::Version', 'FunctionsFunctionlistnotesVersion')]));
    expect(() => inventoryFromTemplate(a)).toThrow(/Orphan \(AWS::Lambda::Version\): no alias names it/);
    const b = copy();
    b.Resources[find(b, 'AWS::Lambda::Alias', 'FunctionsFunctionlistnotesAlias')].Properties.RoutingConfig = { AdditionalVersionWeights: [] };
    expect(() => inventoryFromTemplate(b)).toThrow(/RoutingConfig: not in the inventory of an alias/);
    const c = copy();
    c.Resources[find(c, 'AWS::Lambda::Alias', 'FunctionsFunctionlistnotesAlias')].Properties.FunctionVersion = { 'Fn::GetAtt': [find(c, 'AWS::Lambda::Version', 'FunctionsFunctiongetnoteVersion'), 'Version'] };
    expect(() => inventoryFromTemplate(c)).toThrow(/is a version of function get-note, not of list-notes/);
  });

  test('a warm standby keeps no provisioned copies: it serves no requests until failover (both backends agree)', async () => {
    const standby = variant({}, { rto_minutes: 30, rpo_minutes: 5, regions: { primary: 'us-east-1', secondary: 'us-west-2' } });
    const sd = design(standby.blueprint);
    expect(sd.functions.filter((f) => f.alias).map((f) => f.key)).toEqual(['get-note', 'list-notes', 'put-note']);
    expect(sd.standby!.functions.map((f) => [f.key, f.alias, f.invokedThrough, f.asyncRetries.qualifier])).toEqual([
      ['get-note', undefined, 'function', '$LATEST'],
      ['index-note', undefined, 'function', '$LATEST'],
      ['list-notes', undefined, 'function', '$LATEST'],
      ['put-note', undefined, 'function', '$LATEST'],
    ]);
    expect(sd.decisions.find((x) => x.subject === 'standby' && x.name === 'provisioned_concurrency')!.rationale).toMatch(/^get-note \(3\), list-notes \(5\), put-note \(1\) keep copies initialized in us-east-1 only/);
    const { cdk, differences } = await compareBackends(standby);
    expect(differences).toEqual([]);
    expect(cdk.standby!.functions.every((f) => f.alias === null)).toBe(true);
    expect(cdk.standby!.apis[0].routes.map((r) => r.target)).toEqual(['function:list-notes', 'function:list-notes', 'function:get-note', 'function:put-note']);
  }, 120_000);

  describe('the cost', () => {
    const prices = pricesFor('us-east-1')!;
    const usage = usageFor(200);
    const lines = billOf(factsFromDesign(d), usage);
    const of = (resource: string) => lines.filter((l) => l.resource === resource && l.concern === 'compute').map((l) => [l.component, l.priceKey, l.quantity, l.assumption]);

    test('the copies every second of the month, and the invocations they serve at the provisioned duration price', () => {
      // 5 copies x 1 GB x 730 h x 3600 s = 13,140,000 GB-s; 30/s for 730 h = 78,840,000 x 0.15 s x 1 GB = 11,826,000 GB-s, all
      // served by the copies (4.5 busy on average, 5 provisioned); none on demand. Requests as before.
      expect(of('function:list-notes')).toEqual([
        ['requests', 'lambda.requests.million', 78.84, 'load'],
        ['GB-seconds', 'lambda.gb-second.arm64', 0, 'load'],
        ['provisioned concurrency', 'lambda.provisioned-concurrency.gb-second.arm64', 13_140_000, 'fixed'],
        ['provisioned duration', 'lambda.provisioned-duration.gb-second.arm64', 11_826_000, 'load'],
      ]);
      expect(lines.find((l) => l.resource === 'function:list-notes' && l.component === 'provisioned duration')!.basis).toMatch(/the invocations up to 5 at once \(all of them: 4\.5 copies busy on average, within the 5 provisioned\) at the provisioned duration price/);
      expect(of('function:index-note').map(([c]) => c)).toEqual(['requests', 'GB-seconds']);
    });

    test('at peak, the copies serve their share and the rest runs on demand; idle, the copies are billed all the same', () => {
      const peak = billOf(factsFromDesign(d), usage, 'peak').filter((l) => l.resource === 'function:list-notes');
      // 100/s x 0.15 s = 15 busy, 5 provisioned: a third at the provisioned price. 262,800,000 invocations x 0.15 GB-s.
      expect(peak.find((l) => l.component === 'provisioned duration')!.quantity).toBe(13_140_000);
      expect(peak.find((l) => l.component === 'GB-seconds')!.quantity).toBe(26_280_000);
      const idle = billOf(factsFromDesign(d), usage, 'idle').filter((l) => l.resource === 'function:list-notes');
      expect(idle.map((l) => [l.component, l.quantity])).toEqual([['requests', 0], ['GB-seconds', 0], ['provisioned concurrency', 13_140_000], ['provisioned duration', 0], ['traces recorded', 0]]);
    });

    test('priced in dollars, the same from the design, the template and the Pulumi run', async () => {
      const e = estimateDesign(d, usage, prices);
      const usd = (component: string) => e.lines.find((l) => l.resource === 'function:list-notes' && l.component === component)!.monthlyUsd;
      // 13,140,000 x $0.0000033334 = $43.80; 11,826,000 x $0.0000077778 = $91.98.
      expect(usd('provisioned concurrency')).toBeCloseTo(43.8, 2);
      expect(usd('provisioned duration')).toBeCloseTo(91.98, 2);
      const fromTemplate = billOf(factsFromInventory(d.name, d.region, cfnInventory(FILE)), usage);
      const fromPulumi = billOf(factsFromPulumi(d.name, d.region, (await runUnderMocks(d)).map((r) => ({ ...r, parent: r.parent ?? undefined, inputs: r.inputs as Record<string, any> }))), usage);
      const provisioned = (ls: typeof lines) => ls.filter((l) => l.component.startsWith('provisioned') || (l.resource.startsWith('function:') && l.component === 'GB-seconds'));
      expect(provisioned(fromTemplate)).toEqual(provisioned(lines));
      expect(provisioned(fromPulumi)).toEqual(provisioned(lines));
    });
  });
});
