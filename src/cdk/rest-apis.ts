import { Aws, CfnResource, RemovalPolicy, Stack, aws_apigateway as apigw, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RestApiAccountDesign, RestApiDesign } from '../design';
import { PREFLIGHT, preflightId } from '../design/rest-apis';
import type { FunctionFor } from './functions';
import type { UserPools } from './user-pools';
import { requestCertificate } from './dns';
import { createLogGroup } from './retention';
import { tagSizing } from './tags';
import { fail } from '../fail';

/** What the rest of the stack needs of a rendered REST API. */
export interface RenderedRestApi {
  api: apigw.CfnRestApi;
  stage: apigw.CfnStage;
  methods: Map<string, apigw.CfnMethod>;
  domain?: apigw.CfnDomainName;
}

/**
 * REST APIs, one construct per API (`RestApi-<key>`): the API (`Api`), a resource per path (`Resource-<id>`),
 * the request validator (`Validator`), a model per body schema (`Model-<name>`), the Cognito authorizer
 * (`Cognito`), a Lambda proxy method per route (`Method-<id>`) with the permission that lets API Gateway invoke
 * its function from that method only (`Invoke-<id>`), a deployment named after the design's hash
 * (`Deployment-<hash>`: a new one whenever what it snapshots changes), the stage with access and execution
 * logs (`Stage`, `AccessLogs`, `ExecutionLogs`), usage plans with their keys (`UsagePlan-<plan>`, `Key-<key>`,
 * `PlanKey-<key>`) and the custom domain (`Certificate`, `Domain`, `Mapping`). API Gateway's account-wide
 * CloudWatch role: `Account` (`Role`, `Settings`). Every property is the design's (L1 resources).
 */
export class RestApis extends Construct {
  readonly apis = new Map<string, RenderedRestApi>();
  /** API Gateway's account settings and the CloudWatch role they name (`Account`). */
  readonly account: Construct;

  constructor(scope: Construct, id: string, props: { apis: RestApiDesign[]; account: RestApiAccountDesign; functions: ReadonlyMap<string, FunctionFor>; userPools?: UserPools }) {
    super(scope, id);
    this.account = new Construct(this, 'Account');
    const settings = renderAccount(this.account, props.account);
    for (const d of props.apis) this.apis.set(d.key, renderRestApi(new Construct(this, `RestApi-${d.key}`), d, props.functions, props.userPools, settings));
  }
}

/** The account's CloudWatch role for API Gateway (`Role`, its policy `Policy`) and the setting that names it (`Settings`), all kept on delete. */
function renderAccount(scope: Construct, d: RestApiAccountDesign): apigw.CfnAccount {
  const role = new iam.CfnRole(scope, 'Role', {
    description: "API Gateway's CloudWatch role: REST APIs' access and execution logs",
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  });
  const policy = new iam.CfnPolicy(scope, 'Policy', {
    policyName: 'cloudwatch-logs',
    roles: [role.ref],
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: d.actions, Resource: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` }] },
  });
  const settings = new apigw.CfnAccount(scope, 'Settings', { cloudWatchRoleArn: role.attrArn });
  settings.node.addDependency(policy);
  for (const r of [role, policy, settings]) r.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return settings;
}

function renderRestApi(scope: Construct, d: RestApiDesign, functions: ReadonlyMap<string, FunctionFor>, userPools: UserPools | undefined, account: CfnResource): RenderedRestApi {
  const region = Stack.of(scope).region;
  const api = new apigw.CfnRestApi(scope, 'Api', {
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    endpointConfiguration: { types: [d.endpointType] },
    ...(d.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
  });
  tagSizing(api, d.sizing, 'AWS::ApiGateway::RestApi');

  const resources = new Map<string, string>([['/', api.attrRootResourceId]]);
  for (const r of d.resources) {
    const parentId = resources.get(r.parent) ?? fail(`REST API ${d.key}: ${r.path} comes before its parent ${r.parent}`);
    resources.set(r.path, new apigw.CfnResource(scope, `Resource-${r.id}`, { restApiId: api.ref, parentId, pathPart: r.pathPart }).ref);
  }
  const validator = new apigw.CfnRequestValidator(scope, 'Validator', { restApiId: api.ref, name: d.validator.name, validateRequestBody: d.validator.validateRequestBody, validateRequestParameters: d.validator.validateRequestParameters });
  const models = new Map(d.models.map((m) => [m.name, new apigw.CfnModel(scope, `Model-${m.name}`, { restApiId: api.ref, name: m.name, contentType: m.contentType, schema: JSON.parse(m.schema) })]));
  const authorizer =
    d.authorizer &&
    new apigw.CfnAuthorizer(scope, 'Cognito', {
      restApiId: api.ref,
      name: d.authorizer.name,
      type: d.authorizer.type,
      identitySource: d.authorizer.identitySource,
      providerArns: [(userPools?.pools.get(d.authorizer.userPool) ?? fail(`REST API ${d.key}: user pool ${d.authorizer.userPool} is not rendered`)).pool.attrArn],
    });

  const methods = new Map<string, apigw.CfnMethod>();
  for (const m of d.methods) {
    const fn = functions.get(m.function) ?? fail(`REST API ${d.key}: ${m.routeKey} invokes function ${m.function}, which is not rendered`);
    const model = m.model && (models.get(m.model) ?? fail(`REST API ${d.key}: ${m.routeKey} names model ${m.model}, which is not rendered`));
    methods.set(
      m.routeKey,
      new apigw.CfnMethod(scope, `Method-${m.id}`, {
        restApiId: api.ref,
        resourceId: resources.get(m.resourcePath) ?? fail(`REST API ${d.key}: ${m.routeKey} hangs on ${m.resourcePath}, which is not rendered`),
        httpMethod: m.httpMethod,
        authorizationType: m.authorizationType,
        ...(m.auth === 'cognito' ? { authorizerId: (authorizer ?? fail(`REST API ${d.key}: ${m.routeKey} is cognito, but the API has no authorizer`)).ref } : {}),
        apiKeyRequired: m.apiKeyRequired,
        requestValidatorId: validator.ref,
        ...(Object.keys(m.requestParameters).length ? { requestParameters: m.requestParameters } : {}),
        ...(model ? { requestModels: { 'application/json': model.ref } } : {}),
        integration: {
          type: m.integration.type,
          integrationHttpMethod: m.integration.httpMethod,
          uri: `arn:${Aws.PARTITION}:apigateway:${region}:lambda:path/2015-03-31/functions/${fn.invokeArn}/invocations`,
          timeoutInMillis: m.integration.timeoutMs,
        },
      }),
    );
    new lambda.CfnPermission(scope, `Invoke-${m.id}`, {
      action: 'lambda:InvokeFunction',
      functionName: fn.invokeArn,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:${Aws.PARTITION}:execute-api:${region}:${Aws.ACCOUNT_ID}:${api.ref}/${m.invokeFrom}`,
    });
  }

  // CORS: a preflight on every path (a mock integration answering 204), and API Gateway's own errors with the origin.
  const snapshot: Construct[] = [...methods.values()];
  if (d.cors) {
    const c = d.cors;
    for (const path of c.paths) {
      snapshot.push(
        new apigw.CfnMethod(scope, `Preflight-${preflightId(path)}`, {
          restApiId: api.ref,
          resourceId: resources.get(path) ?? fail(`REST API ${d.key}: the preflight of ${path} hangs on a resource that is not rendered`),
          httpMethod: PREFLIGHT.httpMethod,
          authorizationType: PREFLIGHT.authorizationType,
          apiKeyRequired: false,
          integration: { type: PREFLIGHT.integrationType, requestTemplates: { ...PREFLIGHT.requestTemplates }, integrationResponses: [{ statusCode: PREFLIGHT.statusCode, responseParameters: c.preflightHeaders }] },
          methodResponses: [{ statusCode: PREFLIGHT.statusCode, responseParameters: Object.fromEntries(Object.keys(c.preflightHeaders).map((h) => [h, true])) }],
        }),
      );
    }
    for (const g of c.gatewayResponses) snapshot.push(new apigw.CfnGatewayResponse(scope, `Response-${g.type}`, { restApiId: api.ref, responseType: g.type, responseParameters: g.headers }));
  }
  // A deployment is a snapshot of the methods: a new one (a new logical ID) whenever they change.
  const deployment = new apigw.CfnDeployment(scope, `Deployment-${d.deployment.hash}`, { restApiId: api.ref, description: d.deployment.description });
  for (const m of snapshot) deployment.node.addDependency(m);
  const accessLogs = createLogGroup(scope, 'AccessLogs', d.accessLogs.retentionDays);
  // Named as API Gateway names it, so that it exists (kept for a while, encrypted) before API Gateway writes to it.
  const executionLogs = createLogGroup(scope, 'ExecutionLogs', d.executionLogs.retentionDays, { logGroupName: `${d.executionLogs.namePrefix}${api.ref}/${d.stage.name}` });
  const s = d.stage;
  const stage = new apigw.CfnStage(scope, 'Stage', {
    restApiId: api.ref,
    stageName: s.name,
    deploymentId: deployment.ref,
    tracingEnabled: s.tracing,
    accessLogSetting: { destinationArn: accessLogs.logGroupArn, format: d.accessLogs.format },
    methodSettings: [
      { resourcePath: '/*', httpMethod: '*', loggingLevel: s.methodLogging.level, dataTraceEnabled: s.methodLogging.dataTrace, metricsEnabled: s.methodLogging.metrics, throttlingRateLimit: s.throttle.rateLimit, throttlingBurstLimit: s.throttle.burstLimit },
    ],
  });
  // It logs through the account's role, into the group created above.
  stage.node.addDependency(account, executionLogs);

  for (const p of d.usagePlans) {
    const plan = new apigw.CfnUsagePlan(scope, `UsagePlan-${p.key}`, {
      usagePlanName: p.name,
      ...(p.description ? { description: p.description } : {}),
      apiStages: [{ apiId: api.ref, stage: stage.ref }],
      throttle: { rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit },
      ...(p.quota ? { quota: { limit: p.quota.limit, period: p.quota.period } } : {}),
    });
    for (const k of p.keys) {
      const key = new apigw.CfnApiKey(scope, `Key-${k.key}`, { name: k.name, description: k.description, enabled: true });
      new apigw.CfnUsagePlanKey(scope, `PlanKey-${k.key}`, { keyId: key.ref, keyType: 'API_KEY', usagePlanId: plan.ref });
    }
  }

  let domain: apigw.CfnDomainName | undefined;
  if (d.customDomain) {
    const c = d.customDomain;
    const certificate = requestCertificate(scope, 'Certificate', c.name, c.validationZone);
    domain = new apigw.CfnDomainName(scope, 'Domain', { domainName: c.name, regionalCertificateArn: certificate.certificateArn, endpointConfiguration: { types: [c.endpointType] }, securityPolicy: c.securityPolicy });
    new apigw.CfnBasePathMapping(scope, 'Mapping', { domainName: domain.ref, restApiId: api.ref, stage: stage.ref });
  }
  return { api, stage, methods, ...(domain ? { domain } : {}) };
}
