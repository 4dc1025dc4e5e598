import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { billOf } from '../src/cost/bill';
import { factsFromDesign } from '../src/cost/facts';
import { usageFor } from '../src/cost/usage';
import { tableResolverCode } from '../src/design/graphql';
import { parseGraphqlSchema } from '../src/load/graphql';
import { graphqlOpenApiOf } from '../src/openapi/graphql';
import { designOf, synth } from './support';

/*
 * GraphQL APIs (apis.<key>.kind: graphql) decision by decision, on blueprints/graphql-app.yaml: AppSync with
 * the schema file as written, a Cognito user pool for auth: cognito, table resolvers that reach DynamoDB with no
 * function between, direct Lambda resolvers, each data source's role allowed what its resolvers do, field logs,
 * the depth limit, the SLO alarms, the web ACL; the template, the estimate and the OpenAPI document, validated by
 * a real OpenAPI validator.
 */

const FILE = 'blueprints/graphql-app.yaml';
const d = designOf(FILE);
const api = d.graphqlApis[0];

describe('the design', () => {
  test('one GraphQL API, no HTTP API; the schema as written; user-pool auth; a depth limit of 10; field errors logged', () => {
    expect(d.apis).toEqual([]);
    expect(d.graphqlApis.map((a) => a.key)).toEqual(['orders']);
    expect(api).toMatchObject({ name: 'graphql-app-orders', authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPool: 'orders', visibility: 'GLOBAL', queryDepthLimit: 10, logs: { fieldLogLevel: 'ERROR', excludeVerboseContent: false, retentionDays: 90 } });
    expect(api.schema.definition).toContain('type Query {');
    expect(api.schema.file).toBe('blueprints/graphql/orders.graphql');
    expect(api.sizing).toEqual({ 'peak-rps': 100 });
  });

  test('one data source per function or table, each role allowed exactly what its resolvers do', () => {
    expect(api.dataSources).toEqual([
      { name: 'fn_catalog', type: 'AWS_LAMBDA', function: 'catalog', actions: ['lambda:InvokeFunction'] },
      { name: 'fn_checkout', type: 'AWS_LAMBDA', function: 'checkout', actions: ['lambda:InvokeFunction'] },
      { name: 'table_orders', type: 'AMAZON_DYNAMODB', table: 'orders', actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], keyActions: [] },
    ]);
  });

  test('resolvers sorted by field: functions direct (no code), tables through generated APPSYNC_JS', () => {
    expect(api.resolvers.map((r) => [`${r.typeName}.${r.fieldName}`, r.dataSource, r.runtime?.name ?? null])).toEqual([
      ['Mutation.cancelOrder', 'table_orders', 'APPSYNC_JS'],
      ['Mutation.checkout', 'fn_checkout', null],
      ['Mutation.putOrder', 'table_orders', 'APPSYNC_JS'],
      ['Query.catalog', 'fn_catalog', null],
      ['Query.order', 'table_orders', 'APPSYNC_JS'],
      ['Query.orders', 'table_orders', 'APPSYNC_JS'],
    ]);
    const code = (field: string) => api.resolvers.find((r) => `${r.typeName}.${r.fieldName}` === field)!.code!;
    // The table's key (customer_id, order_id) from the arguments; a put from its one input argument.
    expect(code('Query.order')).toContain(`operation: 'GetItem', key: util.dynamodb.toMapValues({ "customer_id": ctx.args["customer_id"], "order_id": ctx.args["order_id"] })`);
    expect(code('Mutation.putOrder')).toContain('const values = ctx.args.input ?? ctx.args;');
    expect(code('Mutation.putOrder')).toContain(`operation: 'PutItem'`);
    // Query.orders returns OrderPage: the items and the next page's token.
    expect(code('Query.orders')).toContain(`expressionNames: { '#pk': "customer_id" }`);
    expect(code('Query.orders')).toContain('return { items: ctx.result.items, nextToken: ctx.result.nextToken };');
    expect(tableResolverCode('scan', ['id'], true)).toContain('return ctx.result.items;');
  });

  test('the user pool: self sign-up (written), email sign-in, MFA required (TOTP), strong passwords, Essentials, retained and protected; one client without a secret', () => {
    expect(d.userPools).toEqual([
      {
        key: 'orders',
        name: 'graphql-app-orders',
        tier: 'ESSENTIALS',
        mfa: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        adminCreateUserOnly: false,
        accountRecovery: 'verified_email',
        deletionProtection: 'ACTIVE',
        retain: true,
        client: { name: 'graphql-app-orders-client', generateSecret: false, explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], preventUserExistenceErrors: 'ENABLED', enableTokenRevocation: true },
      },
    ]);
    expect(d.acknowledgements.filter((a) => a.on.kind === 'user-pool').map((a) => a.rule)).toEqual(['AwsSolutions-COG8']);
  });

  test('the functions behind resolvers are sized for their share of the API; the table for its resolvers and its users', () => {
    // One resolver of six each: 100/s / 6.
    expect(d.functions.map((f) => [f.key, f.sizing['peak-rps'], f.invokedBy])).toEqual([
      ['catalog', 16.667, [{ api: 'orders', routes: ['Query.catalog'] }]],
      ['checkout', 16.667, [{ api: 'orders', routes: ['Mutation.checkout'] }]],
    ]);
    // Reads: checkout's share and Query.order, Query.orders (2 of 6); writes: Mutation.putOrder, Mutation.cancelOrder.
    expect(d.stores.find((s) => s.key === 'orders')!.sizing).toMatchObject({ 'peak-reads-per-second': 50, 'peak-writes-per-second': 33.333 });
  });

  test("the SLO alarms, as the load balancer's: 5xx rate against the error budget, p99 latency", () => {
    const alarms = d.observability.alarms.filter((a) => a.key.startsWith('graphql-orders-'));
    expect(alarms.map((a) => [a.key, a.threshold])).toEqual([
      ['graphql-orders-error-budget-fast-burn', 1.44],
      ['graphql-orders-error-budget-slow-burn', 0.6],
      ['graphql-orders-latency-p99', 400],
    ]);
    expect(alarms[0].metric).toMatchObject({ metrics: { errors: { namespace: 'AWS/AppSync', metricName: '5XXError', statistic: 'Sum' }, requests: { metricName: '5XXError', statistic: 'SampleCount' } } });
  });

  test('a web ACL of its own in front of the API (no load balancer here)', () => {
    expect(d.loadBalancer).toBeUndefined();
    expect(d.webAcl).toMatchObject({ name: 'graphql-app-web', protects: 'apis', graphqlApis: ['orders'] });
  });

  test('auth: jwt is OpenID Connect with the audiences as one client-ID pattern; iam is SigV4; a Plus pool with optional MFA', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graphql-'));
    const base = { blueprint: 1, name: 'gq', requirements: { availability: 99.9, regions: { primary: 'us-east-1' } }, services: { web: { image: 'nginx' } }, data: { items: { engine: 'dynamodb', partition_key: { name: 'id' } } } };
    const sdl = path.resolve('blueprints/graphql/orders.graphql');
    const write = (apis: unknown) => {
      const file = path.join(dir, `${Object.keys(apis as object)[0]}.yaml`);
      writeFileSync(file, JSON.stringify({ ...base, apis }));
      return designOf(file);
    };
    const resolvers = Object.fromEntries(['Query.order', 'Query.orders', 'Query.catalog', 'Mutation.putOrder', 'Mutation.cancelOrder', 'Mutation.checkout'].map((f) => [f, { table: 'items', operation: 'scan' }]));
    const jwt = write({ jwt: { kind: 'graphql', auth: 'jwt', jwt: { issuer: 'https://login.example.com/', audience: ['web', 'app.mobile'] }, schema: sdl, resolvers } });
    expect(jwt.graphqlApis[0].openIdConnect).toEqual({ issuer: 'https://login.example.com/', clientId: 'app\\.mobile|web' });
    expect(jwt.userPools).toEqual([]);
    expect(write({ iam: { kind: 'graphql', auth: 'iam', schema: sdl, resolvers } }).graphqlApis[0].authenticationType).toBe('AWS_IAM');
    const plus = write({ plus: { kind: 'graphql', auth: 'cognito', user_pool: { tier: 'plus', mfa: 'optional' }, schema: sdl, resolvers } });
    expect(plus.userPools[0]).toMatchObject({ tier: 'PLUS', mfa: 'OPTIONAL', advancedSecurityMode: 'ENFORCED', adminCreateUserOnly: true });
    expect(plus.acknowledgements.filter((a) => a.on.kind === 'user-pool').map((a) => a.rule)).toEqual(['AwsSolutions-COG2']);
  });
});

describe('the schema file', () => {
  test("AppSync's scalars and directives are known; an SDL error has its line and column", () => {
    expect(parseGraphqlSchema('type Query { at: AWSDateTime @aws_iam }').errors).toEqual([]);
    expect(parseGraphqlSchema('type Query { a: Int }\ntype Query { b: Int }').errors).toEqual([{ line: 2, col: 6, message: 'There can be only one type named "Query".' }]);
    expect(parseGraphqlSchema('type Mutation { a: Int }').errors).toEqual([{ line: 1, col: 1, message: 'the schema declares no Query type: AppSync needs one' }]);
    // A schema may define a scalar AppSync defines too: its own definition wins, no duplicate.
    expect(parseGraphqlSchema('scalar AWSJSON\ntype Query { a: AWSJSON }').errors).toEqual([]);
  });
});

describe('the template', () => {
  const { assertions: t, template } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('the API: user-pool auth with its client, field logs with a role, a depth limit; the schema as written', () => {
    t.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Name: 'graphql-app-orders',
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { AwsRegion: 'us-east-1', DefaultAction: 'ALLOW' },
      QueryDepthLimit: 10,
      LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: false },
    });
    expect(of('AWS::AppSync::GraphQLSchema').map(([, r]) => r.Properties.Definition)).toEqual([api.schema.definition]);
  });

  test('every resolver waits for the schema (AppSync refuses a field it does not know yet)', () => {
    const schema = of('AWS::AppSync::GraphQLSchema')[0][0];
    expect(of('AWS::AppSync::Resolver')).toHaveLength(6);
    for (const [, r] of of('AWS::AppSync::Resolver')) expect(r.DependsOn).toContain(schema);
  });

  test('the user pool is retained, with deletion protection; the web ACL is associated with the API', () => {
    expect(of('AWS::Cognito::UserPool').map(([, r]) => [r.DeletionPolicy, r.Properties.DeletionProtection, r.Properties.MfaConfiguration])).toEqual([['Retain', 'ACTIVE', 'ON']]);
    const [[apiId]] = of('AWS::AppSync::GraphQLApi');
    expect(of('AWS::WAFv2::WebACLAssociation').map(([, r]) => r.Properties.ResourceArn)).toEqual([{ 'Fn::GetAtt': [apiId, 'Arn'] }]);
  });

  test("its log group is AppSync's own name for it, so the retention applies", () => {
    const [[apiId]] = of('AWS::AppSync::GraphQLApi');
    expect(of('AWS::Logs::LogGroup').filter(([, r]) => JSON.stringify(r.Properties.LogGroupName ?? '').includes('/aws/appsync/apis/')).map(([, r]) => [r.Properties.LogGroupName, r.Properties.RetentionInDays])).toEqual([
      [{ 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }]] }, 90],
    ]);
  });
});

describe('the cost', () => {
  const lines = billOf(factsFromDesign(d), usageFor(100));
  test('one AppSync operation a request at the load; monthly active users above the free tier', () => {
    expect(lines.find((l) => l.resource === 'graphql-api:orders')).toMatchObject({ priceKey: 'appsync.requests.million', quantity: 78.84 });
    expect(lines.find((l) => l.resource === 'user-pool:orders')).toMatchObject({ priceKey: 'cognito.mau', quantity: 0 });
    const many = billOf(factsFromDesign(d), usageFor(100, { monthly_active_users: 25_000 }));
    expect(many.find((l) => l.resource === 'user-pool:orders')).toMatchObject({ priceKey: 'cognito.mau', quantity: 15_000 });
  });
});

describe('blueprint openapi', () => {
  const doc = graphqlOpenApiOf(d, api);

  test('is a valid OpenAPI 3.1 document (a real validator): POST /graphql, the pool as its security scheme, the SDL copied', async () => {
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
    expect(Object.keys(doc.paths)).toEqual(['/graphql']);
    expect(doc.paths['/graphql'].post).toMatchObject({ security: [{ cognito: [] }] });
    expect(doc['x-graphql-schema']).toBe(api.schema.definition);
  });

  test('the command prints the same document', () => {
    const cli = path.join('bin', 'blueprint.js');
    expect(JSON.parse(execFileSync(process.execPath, [cli, 'openapi', FILE], { encoding: 'utf8' }))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("a GraphQL API's custom domain (storefront.yaml)", () => {
  const s = designOf('blueprints/storefront.yaml');
  const store = s.graphqlApis.find((a) => a.key === 'store')!;

  test('an AppSync domain with a certificate validated in the zone, and an alias record to it', () => {
    expect(store.customDomain).toEqual({ name: 'graphql.example.com', validationZone: { name: 'example.com', id: 'Z0123456789ABCDEFGHIJ' } });
    expect(s.dns?.records.find((r) => r.id === 'graphql-store')).toEqual({ id: 'graphql-store', name: 'graphql.example.com', type: 'A', target: { kind: 'graphql-api', api: 'store' }, evaluateTargetHealth: false });
  });

  test('the template: the domain, its association with the API, the record naming its CloudFront name and zone', () => {
    const { template } = synth('blueprints/storefront.yaml');
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [[domainId, domain]] = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::AppSync::DomainName');
    expect(domain.Properties.DomainName).toBe('graphql.example.com');
    const [[, association]] = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::AppSync::DomainNameApiAssociation');
    expect(association.Properties.DomainName).toBe('graphql.example.com');
    const record = Object.values(resources).find((r) => r.Type === 'AWS::Route53::RecordSet' && r.Properties.Name === 'graphql.example.com.')!;
    expect(record.Properties.AliasTarget).toEqual({ DNSName: { 'Fn::GetAtt': [domainId, 'AppSyncDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'HostedZoneId'] }, EvaluateTargetHealth: false });
  });
});
