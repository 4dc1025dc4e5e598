/*
 * The CrossGuard policy pack (src/policy, run by users as `pulumi preview --policy-pack policy`),
 * without the Pulumi CLI: each policy's validateStack on each blueprint's mock run (every policy
 * passes) and on a deliberately insecure variant of one (every policy reports what was broken).
 */
import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { policies } from '../src/policy';
import { wildcardResource } from '../src/policy/rules/no-wildcard-iam';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { BLUEPRINTS, designOf } from './support';
import { policyResources } from './support/policy-resources';

async function violations(policy: StackValidationPolicy, resources: PolicyResource[]): Promise<string[]> {
  const found: string[] = [];
  await policy.validateStack({ resources, stackTags: new Map(), getConfig: () => ({}) as never, notApplicable: () => { throw new Error('not applicable'); } }, (message) => found.push(message));
  return found;
}

async function stackOf(file: string): Promise<PolicyResource[]> {
  const d = designOf(file);
  return policyResources(await runUnderMocks(d), d.region);
}

describe.each([...BLUEPRINTS, 'synth-tests/fixtures/rest-api.yaml', 'synth-tests/fixtures/graphql-http.yaml'])('%s', (file) => {
  let resources: PolicyResource[];
  beforeAll(async () => {
    resources = await stackOf(file);
  });
  test.each(policies.map((p) => [p.name, p] as const))('%s: no violation', async (_, policy) => {
    expect(await violations(policy, resources)).toEqual([]);
  });
});

describe('an insecure variant of three-tier.yaml, serverless-api.yaml, static-site.yaml, graphql-app.yaml and the rest-api fixture: each policy reports what was broken', () => {
  let resources: PolicyResource[];
  const one = (type: string, name?: string) => resources.find((r) => r.type === type && (name === undefined || r.name === name)) ?? (() => { throw new Error(`no ${type} ${name ?? ''}`); })();
  beforeAll(async () => {
    resources = await stackOf('blueprints/three-tier.yaml');
    const props = (type: string, name?: string) => one(type, name).props as Record<string, unknown>;
    // At rest: the uploads bucket loses its encryption configuration, the database its encrypted storage, the cache its at-rest encryption.
    resources = resources.filter((r) => !(r.type === 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration' && r.name === 'three-tier-bucket-uploads-encryption'));
    props('aws:rds/cluster:Cluster', 'three-tier-database-catalog').storageEncrypted = false;
    props('aws:elasticache/replicationGroup:ReplicationGroup', 'three-tier-cache-sessions').atRestEncryptionEnabled = false;
    // In transit: the alarm topic's TLS-only policy is gone, the cache sends plain text, an HTTPS listener allows TLS 1.0.
    resources = resources.filter((r) => !(r.type === 'aws:sns/topicPolicy:TopicPolicy' && r.name === 'three-tier-alarms-tls-only'));
    props('aws:elasticache/replicationGroup:ReplicationGroup', 'three-tier-cache-sessions').transitEncryptionEnabled = false;
    const https = resources.find((r) => r.type === 'aws:lb/listener:Listener' && r.props.protocol === 'HTTPS' && r.name.startsWith('three-tier-') && !r.name.startsWith('three-tier-standby'))!;
    https.props.sslPolicy = 'ELBSecurityPolicy-2016-08';
    // Public: a database instance with a public address, a bucket that allows public ACLs.
    props('aws:rds/clusterInstance:ClusterInstance').publiclyAccessible = true;
    props('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'three-tier-bucket-uploads-public-access').blockPublicAcls = false;
    // IAM: a task policy on "*", and AdministratorAccess attached.
    const task = props('aws:iam/rolePolicy:RolePolicy', 'three-tier-svc-web-task-policy');
    task.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    props('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'three-tier-backup-role-AWSBackupServiceRolePolicyForBackup').policyArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    // Logs kept forever; a database that can be deleted.
    delete props('aws:cloudwatch/logGroup:LogGroup', 'three-tier-svc-web-logs').retentionInDays;
    props('aws:rds/cluster:Cluster', 'three-tier-standby-database-catalog').deletionProtection = false;
    props('aws:lb/loadBalancer:LoadBalancer', 'three-tier-alb').enableDeletionProtection = false;
    // The standby's load balancer loses its web ACL.
    resources = resources.filter((r) => !(r.type === 'aws:wafv2/webAclAssociation:WebAclAssociation' && r.name === 'three-tier-standby-web-acl-association'));
    // Beside it, serverless-api.yaml's functions and API: a function without reserved concurrency, another without
    // its dead-letter queue; the stage without throttling, a route without an authorization type.
    const serverless = await stackOf('blueprints/serverless-api.yaml');
    const of = (type: string, name: string) => serverless.find((r) => r.type === type && r.name === name)!.props as Record<string, unknown>;
    delete of('aws:lambda/function:Function', 'serverless-api-function-list-notes').reservedConcurrentExecutions;
    delete of('aws:lambda/function:Function', 'serverless-api-function-put-note').deadLetterConfig;
    delete of('aws:apigatewayv2/stage:Stage', 'serverless-api-api-notes-stage').defaultRouteSettings;
    delete serverless.find((r) => r.type === 'aws:apigatewayv2/route:Route' && r.props.routeKey === 'GET /health')!.props.authorizationType;
    resources = [...resources, ...serverless];
    // And static-site.yaml's sites: one serves plain HTTP without its web ACL, another reads its bucket without
    // Origin Access Control, and a bucket policy admits CloudFront for any distribution.
    const sites = await stackOf('synth-tests/fixtures/static-site.yaml');
    const site = (name: string) => sites.find((r) => r.type === 'aws:cloudfront/distribution:Distribution' && r.name === name)!.props as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    site('sites-site-docs').defaultCacheBehavior.viewerProtocolPolicy = 'allow-all';
    delete site('sites-site-docs').webAclId;
    delete site('sites-site-app').origins[0].originAccessControlId;
    const www = sites.find((r) => r.type === 'aws:s3/bucketPolicy:BucketPolicy' && r.name === 'sites-site-www-policy')!;
    const doc = JSON.parse(www.props.policy as string) as { Statement: { Condition?: unknown }[] };
    delete doc.Statement[1].Condition;
    www.props.policy = JSON.stringify(doc);
    // Without its stack component: the budget (three-tier's) prices three-tier's stack alone.
    resources = [...resources, ...sites.filter((r) => r.type !== 'blueprint:index:Stack')];
    // And graphql-app.yaml's GraphQL API without its web ACL, its field logs or its depth limit, its user pool
    // without MFA, with weak passwords and no deletion protection.
    const graphql = (await stackOf('blueprints/graphql-app.yaml')).filter((r) => r.type !== 'blueprint:index:Stack' && !(r.type === 'aws:wafv2/webAclAssociation:WebAclAssociation' && r.name === 'graphql-app-web-acl-association-graphql-orders'));
    const gq = (type: string, name: string) => graphql.find((r) => r.type === type && r.name === name)!.props as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete gq('aws:appsync/graphQLApi:GraphQLApi', 'graphql-app-graphql-orders').logConfig;
    delete gq('aws:appsync/graphQLApi:GraphQLApi', 'graphql-app-graphql-orders').queryDepthLimit;
    gq('aws:cognito/userPool:UserPool', 'graphql-app-user-pool-orders').mfaConfiguration = 'OFF';
    gq('aws:cognito/userPool:UserPool', 'graphql-app-user-pool-orders').passwordPolicy.requireSymbols = false;
    gq('aws:cognito/userPool:UserPool', 'graphql-app-user-pool-orders').deletionProtection = 'INACTIVE';
    resources = [...resources, ...graphql];
    // And the graphql-http fixture's HTTP data source calling its service over plain HTTP.
    const http = (await stackOf('synth-tests/fixtures/graphql-http.yaml')).filter((r) => r.type === 'aws:appsync/dataSource:DataSource' && r.props.type === 'HTTP');
    (http[0].props.httpConfig as { endpoint: string }).endpoint = 'http://shop.example.com';
    resources = [...resources, ...http];
    // And the rest-api fixture's REST API without its validator, its stage without access logs, error logs or its web ACL, a
    // method without an authorization, and API Gateway's account role allowed every logs action.
    const rest = (await stackOf('synth-tests/fixtures/rest-api.yaml')).filter(
      (r) => r.type !== 'blueprint:index:Stack' && r.type !== 'aws:apigateway/requestValidator:RequestValidator' && !(r.type === 'aws:wafv2/webAclAssociation:WebAclAssociation' && r.name === 'partners-web-acl-association-rest-partners'),
    );
    const rp = (type: string, name: string) => rest.find((r) => r.type === type && r.name === name)!.props as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete rp('aws:apigateway/stage:Stage', 'partners-rest-api-partners-stage').accessLogSettings;
    rp('aws:apigateway/methodSettings:MethodSettings', 'partners-rest-api-partners-method-settings').settings.loggingLevel = 'OFF';
    delete rest.find((r) => r.type === 'aws:apigateway/method:Method' && r.props.httpMethod === 'POST')!.props.authorization;
    const logsPolicy = rp('aws:iam/rolePolicy:RolePolicy', 'partners-api-gateway-logs-policy');
    logsPolicy.policy = String(logsPolicy.policy).replace('"logs:CreateLogGroup"', '"logs:*"');
    resources = [...resources, ...rest];
    // A budget of $100 a month, far below what the stack costs.
    resources.push({ ...one('aws:lb/loadBalancer:LoadBalancer', 'three-tier-alb'), type: 'aws:budgets/budget:Budget', name: 'three-tier-budget', urn: 'urn:pulumi:mock::blueprint::aws:budgets/budget:Budget::three-tier-budget', props: { name: 'three-tier-monthly', budgetType: 'COST', timeUnit: 'MONTHLY', limitAmount: '100', limitUnit: 'USD' } });
  });

  const expected: Record<string, RegExp[]> = {
    'encryption-at-rest': [/three-tier-bucket-uploads has no default encryption/, /three-tier-database-catalog has unencrypted storage/, /three-tier-cache-sessions is not encrypted at rest/],
    'encryption-in-transit': [/three-tier-alarms accepts plain HTTP/, /three-tier-cache-sessions does not encrypt in transit/, /allows TLS before 1\.2 \(sslPolicy ELBSecurityPolicy-2016-08\)/, /svc_orders calls http:\/\/shop\.example\.com: an HTTP data source must call https:\/\//],
    'no-public-databases': [/ClusterInstance .* is publicly accessible/],
    'no-public-buckets': [/three-tier-bucket-uploads does not block public access/],
    'no-wildcard-iam': [
      /three-tier-svc-web-task-policy allows every action \(s3:\*\)/,
      /three-tier-svc-web-task-policy allows s3:\* on a wildcard resource \(\*\)/,
      /attaches the AWS managed policy AdministratorAccess/,
      /partners-api-gateway-logs-policy allows every action \(logs:\*\)/,
      /partners-api-gateway-logs-policy allows logs:\*, .* on a wildcard resource/,
    ],
    'log-retention': [/three-tier-svc-web-logs keeps its logs forever/],
    'deletion-protection': [/three-tier-standby-database-catalog has no deletion protection/, /three-tier-alb has no deletion protection/, /graphql-app-user-pool-orders has no deletion protection/],
    'waf-on-public-entry-points': [/three-tier-standby-alb is internet-facing without a WAFv2 web ACL/, /graphql-app-graphql-orders is a public GraphQL API without a WAFv2 web ACL/, /partners-rest-api-partners-stage is a public REST API stage without a WAFv2 web ACL/],
    'functions-contained': [/serverless-api-function-list-notes has no reserved concurrency/, /serverless-api-function-put-note has no dead-letter queue/],
    'sites-private-origin': [/sites-site-docs serves plain HTTP \(viewerProtocolPolicy allow-all\)/, /sites-site-docs has no WAFv2 web ACL/, /sites-site-app: origin .* is read without Origin Access Control/, /sites-site-www-policy lets CloudFront read the bucket for any distribution/],
    'apis-protected': [
      /serverless-api-api-notes-stage has no throttling/,
      /names no authorization type/,
      /graphql-app-graphql-orders logs no requests to CloudWatch/,
      /graphql-app-graphql-orders has no query depth limit/,
      /graphql-app-user-pool-orders offers no MFA/,
      /graphql-app-user-pool-orders accepts weak passwords/,
      /partners-rest-api-partners validates no request/,
      /partners-rest-api-partners-stage logs no requests/,
      /partners-rest-api-partners-stage logs no errors/,
      /partners-rest-api-partners-method-.* names no authorization/,
    ],
    'cost-within-budget': [/^estimated \$[\d.]+ a month \(default usage assumptions; blueprint cost shows every line\) is above the budget of \$100\.00; largest: /],
  };

  test('every policy is exercised', () => {
    expect(Object.keys(expected).sort()).toEqual(policies.map((p) => p.name).sort());
  });

  test.each(policies.map((p) => [p.name, p] as const))('%s reports exactly the breakage', async (name, policy) => {
    const found = await violations(policy, resources);
    expect(found).toHaveLength(expected[name].length);
    for (const pattern of expected[name]) expect(found.some((m) => pattern.test(m))).toBe(true);
  });
});

test('a wildcard resource is any "*" but the end of one named resource\'s objects (or under one prefix), indexes or log streams', () => {
  expect(wildcardResource('arn:aws:s3:::reports/*')).toBe(false);
  expect(wildcardResource('arn:aws:dynamodb:us-east-1:1:table/orders/index/*')).toBe(false);
  expect(wildcardResource('*')).toBe(true);
  expect(wildcardResource('arn:aws:s3:::*')).toBe(true);
  expect(wildcardResource('arn:aws:s3:::report*/*')).toBe(true);
  expect(wildcardResource('arn:aws:dynamodb:us-east-1:1:table/*')).toBe(true);
  expect(wildcardResource('arn:aws:dynamodb:us-east-1:1:table/orders/*')).toBe(true);
  expect(wildcardResource('arn:aws:sqs:us-east-1:1:*')).toBe(true);
  // The objects under one prefix of one bucket (AWS Config's delivery), the streams of one log group (CloudTrail's).
  expect(wildcardResource('arn:aws:s3:::audit-logs/config/AWSLogs/123456789012/*')).toBe(false);
  expect(wildcardResource('arn:aws:logs:eu-west-1:1:log-group:trail:log-stream:*')).toBe(false);
  expect(wildcardResource('arn:aws:logs:eu-west-1:1:log-group:trail:*')).toBe(false);
  expect(wildcardResource('arn:aws:s3:::audit-logs/config*/*')).toBe(true);
  expect(wildcardResource('arn:aws:logs:eu-west-1:1:log-group:*')).toBe(true);
  expect(wildcardResource('arn:aws:logs:eu-west-1:1:log-group:*:log-stream:*')).toBe(true);
});

describe("hipaa-platform.yaml's customer-managed key", () => {
  test('passes encryption-at-rest rotating, and fails it without rotation', async () => {
    const policy = policies.find((p) => p.name === 'encryption-at-rest')!;
    const resources = await stackOf('blueprints/hipaa-platform.yaml');
    const key = resources.find((r) => r.type === 'aws:kms/key:Key')!;
    expect(key.props.enableKeyRotation).toBe(true);
    expect(await violations(policy, resources)).toEqual([]);
    (key.props as Record<string, unknown>).enableKeyRotation = false;
    expect(await violations(policy, resources)).toEqual([`aws:kms/key:Key ${key.name} does not rotate (enableKeyRotation)`]);
  });
});
