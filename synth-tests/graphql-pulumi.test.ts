import { factsFromPulumi } from '../src/cost/facts-pulumi';
import { design, type Design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import type { Blueprint } from '../src/schema';
import { underEveryProfile } from './support/profiles';

/*
 * The GraphQL API of graphql-app.yaml in the Pulumi graph (AppSync, its Cognito user pool, its roles, log group,
 * data sources, resolvers and web ACL association), read back by the parity reader; with a compliance profile
 * (the stack's key), and with the other kinds of auth.
 */
const FILE = 'blueprints/graphql-app.yaml';
const base = (): Blueprint => loadBlueprint(FILE).blueprint;
const variant = (change: (bp: Blueprint) => void): Design => {
  const bp = base();
  change(bp);
  return design(bp);
};

const runs = new Map<string, Promise<RegisteredResource[]>>();
const graph = (name: string, d: () => Design) => {
  if (!runs.has(name)) runs.set(name, runUnderMocks(d()));
  return runs.get(name)!;
};
const plain = () => graph('plain', () => design(base()));
const hipaa = () => graph('hipaa', () => variant((bp) => void (bp.requirements.compliance = ['hipaa'])));

const A = {
  api: 'aws:appsync/graphQLApi:GraphQLApi',
  source: 'aws:appsync/dataSource:DataSource',
  resolver: 'aws:appsync/resolver:Resolver',
  pool: 'aws:cognito/userPool:UserPool',
  client: 'aws:cognito/userPoolClient:UserPoolClient',
  policy: 'aws:iam/rolePolicy:RolePolicy',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  association: 'aws:wafv2/webAclAssociation:WebAclAssociation',
};
const one = (g: RegisteredResource[], type: string, name: string) => {
  const r = g.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};
const statements = (g: RegisteredResource[], name: string) => JSON.parse(one(g, A.policy, name).inputs.policy as string).Statement;

describe('graphql-app in the Pulumi graph', () => {
  test('the API: Cognito auth with the pool\'s own client, the schema inline, a depth limit, field error logs, its sizing', async () => {
    const g = await plain();
    const api = one(g, A.api, 'graphql-app-graphql-orders');
    expect(api.parent).toBe('blueprint:index:GraphqlApis::graphql-app');
    expect(api.inputs).toMatchObject({
      name: 'graphql-app-orders',
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      userPoolConfig: { userPoolId: 'graphql-app-user-pool-orders-id', awsRegion: 'us-east-1', defaultAction: 'ALLOW', appIdClientRegex: 'graphql-app-user-pool-orders-client-id' },
      visibility: 'GLOBAL',
      queryDepthLimit: 10,
      xrayEnabled: false,
      logConfig: { cloudwatchLogsRoleArn: expect.stringMatching(/graphql-app-graphql-orders-logs-role$/), fieldLogLevel: 'ERROR', excludeVerboseContent: false },
      tags: { 'blueprint:peak-rps': '100' },
    });
    expect(api.inputs.schema).toContain('type Query {');
    expect(api.inputs.openidConnectConfig).toBeUndefined();
  });

  test('its log group is named after its id; the logs role may write that group\'s streams only', async () => {
    const g = await plain();
    expect(one(g, A.logGroup, 'graphql-app-graphql-orders-logs').inputs).toEqual({ name: '/aws/appsync/apis/graphql-app-graphql-orders-id', retentionInDays: 90 });
    expect(statements(g, 'graphql-app-graphql-orders-logs-policy')).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:graphql-app-graphql-orders-logs:*' },
    ]);
  });

  test('a data source per function and table, each role allowed its resolvers\' actions on it alone', async () => {
    const g = await plain();
    expect(g.filter((r) => r.type === A.source).map((r) => [r.inputs.name, r.inputs.type])).toEqual([
      ['fn_catalog', 'AWS_LAMBDA'],
      ['fn_checkout', 'AWS_LAMBDA'],
      ['table_orders', 'AMAZON_DYNAMODB'],
    ]);
    expect(one(g, A.source, 'graphql-app-graphql-orders-source-table_orders').inputs.dynamodbConfig).toEqual({ tableName: 'graphql-app-table-orders', region: 'us-east-1' });
    // checkout has provisioned concurrency (latency_p99_ms 400 < a cold start): its role may invoke its alias, the ARN the data source names.
    expect(statements(g, 'graphql-app-graphql-orders-source-fn_checkout-policy')).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:graphql-app-function-checkout-alias' }]);
    expect(statements(g, 'graphql-app-graphql-orders-source-table_orders-policy')).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: 'arn:aws:dynamodb:us-east-1:123456789012:graphql-app-table-orders' },
    ]);
  });

  test('unit resolvers: direct Lambda for functions (no templates), APPSYNC_JS code for tables', async () => {
    const g = await plain();
    expect(one(g, A.resolver, 'graphql-app-graphql-orders-resolver-Mutation-checkout').inputs).toEqual({ apiId: 'graphql-app-graphql-orders-id', type: 'Mutation', field: 'checkout', dataSource: 'fn_checkout', kind: 'UNIT' });
    const order = one(g, A.resolver, 'graphql-app-graphql-orders-resolver-Query-order').inputs;
    expect(order).toMatchObject({ dataSource: 'table_orders', kind: 'UNIT', runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } });
    expect(order.code).toContain("operation: 'GetItem'");
  });

  test('the user pool is kept, TOTP-only MFA, strong passwords; its client has no secret', async () => {
    const g = await plain();
    const pool = one(g, A.pool, 'graphql-app-user-pool-orders');
    expect(pool.parent).toBe('blueprint:index:UserPools::graphql-app');
    expect(pool.retainOnDelete).toBe(true);
    expect(pool.inputs).toMatchObject({ userPoolTier: 'ESSENTIALS', mfaConfiguration: 'ON', softwareTokenMfaConfiguration: { enabled: true }, deletionProtection: 'ACTIVE', usernameAttributes: ['email'] });
    expect(pool.inputs.userPoolAddOns).toBeUndefined();
    expect(one(g, A.client, 'graphql-app-user-pool-orders-client').inputs).toEqual({
      name: 'graphql-app-orders-client',
      userPoolId: 'graphql-app-user-pool-orders-id',
      generateSecret: false,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
    });
  });

  test('the web ACL (no load balancer) is associated with the API only', async () => {
    const g = await plain();
    expect(g.filter((r) => r.type === A.association).map((r) => [r.name, r.inputs.resourceArn])).toEqual([
      ['graphql-app-web-acl-association-graphql-orders', 'arn:aws:appsync:us-east-1:123456789012:graphql-app-graphql-orders'],
    ]);
  });

  test('the parity reader reads it all, naming what is referenced', async () => {
    const inv = inventoryFromPulumi(await plain());
    expect(inv.graphqlApis).toHaveLength(1);
    const api = inv.graphqlApis[0];
    expect(api).toMatchObject({
      key: 'orders',
      sizing: { 'peak-rps': 100 },
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      openIdConnect: null,
      userPool: { pool: 'user-pool:orders', defaultAction: 'ALLOW', appIdClientRegex: 'user-pool-client:orders' },
      visibility: 'GLOBAL',
      introspection: 'ENABLED',
      queryDepthLimit: 10,
      xray: false,
      logs: { fieldLogLevel: 'ERROR', excludeVerboseContent: false, rolePermissions: [{ effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['log-group:graphql-api:orders'] }] },
      schemaSha256: design(base()).graphqlApis[0].schema.sha256,
    });
    expect(api.dataSources.map((s) => [s.name, s.target, s.rolePermissions.flatMap((p) => p.resources)])).toEqual([
      ['fn_catalog', 'function:catalog:live', ['function:catalog:live']],
      ['fn_checkout', 'function:checkout:live', ['function:checkout:live']],
      ['table_orders', 'table:orders', ['table:orders']],
    ]);
    expect(api.resolvers.map((r) => `${r.field} ${r.dataSource} ${r.runtime}`)).toEqual([
      'Mutation.cancelOrder table_orders APPSYNC_JS@1.0.0',
      'Mutation.checkout fn_checkout null',
      'Mutation.putOrder table_orders APPSYNC_JS@1.0.0',
      'Query.catalog fn_catalog null',
      'Query.order table_orders APPSYNC_JS@1.0.0',
      'Query.orders table_orders APPSYNC_JS@1.0.0',
    ]);
    expect(inv.userPools).toEqual([
      {
        key: 'orders',
        tier: 'ESSENTIALS',
        mfa: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        adminCreateUserOnly: false,
        accountRecovery: ['verified_email'],
        advancedSecurityMode: null,
        deletionProtection: 'ACTIVE',
        retained: true,
        client: { name: 'graphql-app-orders-client', generateSecret: false, explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], preventUserExistenceErrors: 'ENABLED', enableTokenRevocation: true },
      },
    ]);
    expect(inv.webAcls.map((w) => w.protects)).toEqual([['graphql-api:orders']]);
    expect(inv.logGroups.map((l) => l.owner)).toContain('graphql-api:orders');
    const dims = inv.alarms.flatMap((a) => ('namespace' in a.metric ? [a.metric] : Object.values(a.metric.metrics))).filter((m) => m.namespace === 'AWS/AppSync');
    expect(dims.length).toBeGreaterThan(0);
    for (const m of dims) expect(m.dimensions).toEqual({ GraphQLAPIId: 'graphql-api:orders' });
  });

  test('the cost facts of the run: the API at its peak, the pool on its plan', async () => {
    const g = await plain();
    const facts = factsFromPulumi('graphql-app', 'us-east-1', g.map((r) => ({ ...r, parent: r.parent ?? undefined })));
    expect(facts.stacks[0].graphqlApis).toEqual([{ key: 'orders', peakPerSecond: 100 }]);
    expect(facts.stacks[0].userPools).toEqual([{ key: 'orders', tier: 'ESSENTIALS' }]);
  });

  test('what the reader does not read throws', async () => {
    // A run of its own: the reader is given changed inputs.
    const g = await runUnderMocks(design(base()));
    const api = g.find((r) => r.type === A.api)!;
    api.inputs.additionalAuthenticationProviders = [{ authenticationType: 'API_KEY' }];
    expect(() => inventoryFromPulumi(g)).toThrow(/additionalAuthenticationProviders: not in the inventory/);
    delete api.inputs.additionalAuthenticationProviders;
    const resolver = g.find((r) => r.type === A.resolver)!;
    resolver.inputs.kind = 'PIPELINE';
    expect(() => inventoryFromPulumi(g)).toThrow(/PIPELINE resolver/);
    resolver.inputs.kind = 'UNIT';
    g.push({ type: 'aws:appsync/apiKey:ApiKey', name: 'graphql-app-key', parent: null, custom: true, inputs: { apiId: 'graphql-app-graphql-orders-id' } });
    expect(() => inventoryFromPulumi(g)).toThrow(/cannot classify aws:appsync\/apiKey:ApiKey/);
  });
});

describe('graphql-app under a compliance profile (the stack\'s key)', () => {
  test('the table\'s data source may use the key (its resolvers write); the log group is encrypted with it', async () => {
    const g = await hipaa();
    expect(statements(g, 'graphql-app-graphql-orders-source-table_orders-policy')[1]).toEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:us-east-1:123456789012:graphql-app-key' });
    expect(one(g, A.logGroup, 'graphql-app-graphql-orders-logs').inputs.kmsKeyId).toBe('arn:aws:kms:us-east-1:123456789012:graphql-app-key');
    const inv = inventoryFromPulumi(g);
    expect(inv.graphqlApis[0].dataSources.find((s) => s.name === 'table_orders')!.rolePermissions).toEqual([
      { effect: 'Allow', actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: ['table:orders'] },
      { effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['key'] },
    ]);
    expect(inv.logGroups.find((l) => l.owner === 'graphql-api:orders')).toMatchObject({ kmsKey: 'key' });
    expect(inv.webAcls[0]).toMatchObject({ protects: ['graphql-api:orders'], logging: { logGroupName: 'aws-waf-logs-graphql-app' } });
  });
});

describe('other auth, and a load balancer beside the API', () => {
  test('auth: jwt: OpenID Connect, no user pool', async () => {
    const g = await graph('jwt', () =>
      variant((bp) => {
        Object.assign(bp.apis!.orders, { auth: 'jwt', jwt: { issuer: 'https://example.auth0.com/', audience: ['web', 'app'] } });
      }),
    );
    expect(g.some((r) => r.type === A.pool || r.type === 'blueprint:index:UserPools')).toBe(false);
    const inv = inventoryFromPulumi(g);
    expect(inv.graphqlApis[0]).toMatchObject({ authenticationType: 'OPENID_CONNECT', openIdConnect: { issuer: 'https://example.auth0.com/', clientId: 'app|web' }, userPool: null });
    expect(inv.userPools).toEqual([]);
  });

  test('a public service: the web ACL is associated with the load balancer and the API', async () => {
    const g = await graph('lb', () =>
      variant((bp) => {
        bp.services.web = { image: 'public.ecr.aws/nginx/nginx:1.27', port: 80, public: true } as Blueprint['services'][string];
      }),
    );
    expect(g.filter((r) => r.type === A.association).map((r) => r.name)).toEqual(['graphql-app-web-acl-association', 'graphql-app-web-acl-association-graphql-orders']);
    expect(inventoryFromPulumi(g).webAcls.map((w) => w.protects)).toEqual([['graphql-api:orders', 'load-balancer']]);
  });
});

test('under every compliance profile, the run is read back whole', async () => {
  const inv = inventoryFromPulumi(await runUnderMocks(design(loadBlueprint(underEveryProfile(FILE)).blueprint)));
  expect(inv.key).not.toBeNull();
  expect(inv.graphqlApis.map((a) => a.dataSources.find((s) => s.type === 'AMAZON_DYNAMODB')!.rolePermissions.map((p) => p.resources[0]))).toEqual([['table:orders', 'key']]);
  expect(inv.userPools.map((u) => u.key)).toEqual(['orders']);
});
