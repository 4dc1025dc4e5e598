import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { RestApiAccountDesign, RestApiDesign } from '../design';
import { PREFLIGHT, preflightId } from '../design/rest-apis';
import type { UserPools } from './user-pools';
import { assumeRolePolicy } from './iam';
import { requestCertificate, type AliasTarget } from './dns';
import { logGroup } from './retention';
import { sizedTags } from './tags';
import { fail } from '../fail';

/**
 * REST APIs: each regional REST API, a resource per path, the request validator, a model per body schema, the
 * Cognito authorizer, a Lambda proxy method and integration per route with the permission that lets API Gateway
 * invoke its function from that method only, a deployment redeployed whenever the design's hash changes, the
 * stage with access and execution logs and its method settings, usage plans with their keys, and the custom
 * domain; API Gateway's account-wide CloudWatch role, kept on delete (mirrors src/cdk/rest-apis.ts).
 */
export class RestApis extends pulumi.ComponentResource {
  /** Each API's stage ARN, by key: the web ACL is associated with it. */
  readonly stageArns = new Map<string, pulumi.Output<string>>();
  /** Each custom domain's alias target, by API key. */
  readonly domains = new Map<string, AliasTarget>();

  constructor(
    name: string,
    args: {
      region: string;
      apis: RestApiDesign[];
      account: RestApiAccountDesign;
      /** The ARN each function's callers name (its alias's, or its own), by key. */
      functions: ReadonlyMap<string, pulumi.Output<string>>;
      userPools?: UserPools;
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:RestApis', name, {}, opts);
    const parent = { parent: this };
    const a = args.account;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = aws.getPartitionOutput({}, parent).partition;
    const role = new aws.iam.Role(`${name}-api-gateway-logs-role`, { description: "API Gateway's CloudWatch role: REST APIs' access and execution logs", assumeRolePolicy: assumeRolePolicy('apigateway.amazonaws.com') }, { ...parent, retainOnDelete: a.retain });
    const policy = new aws.iam.RolePolicy(
      `${name}-api-gateway-logs-policy`,
      {
        role: role.id,
        name: 'cloudwatch-logs',
        policy: pulumi.all([partition, accountId]).apply(([p, account]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: a.actions, Resource: `arn:${p}:logs:${args.region}:${account}:*` }] })),
      },
      { ...parent, retainOnDelete: a.retain },
    );
    const settings = new aws.apigateway.Account(`${name}-api-gateway-account`, { cloudwatchRoleArn: role.arn }, { ...parent, retainOnDelete: a.retain, dependsOn: [policy] });

    for (const d of args.apis) {
      const prefix = `${name}-rest-api-${d.key}`;
      const api = new aws.apigateway.RestApi(
        prefix,
        {
          name: d.name,
          ...(d.description ? { description: d.description } : {}),
          endpointConfiguration: { types: d.endpointType },
          ...(d.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
          ...sizedTags(d.sizing),
        },
        parent,
      );
      const resources = new Map<string, pulumi.Output<string>>([['/', api.rootResourceId]]);
      for (const r of d.resources) {
        const parentId = resources.get(r.parent) ?? fail(`REST API ${d.key}: ${r.path} comes before its parent ${r.parent}`);
        resources.set(r.path, new aws.apigateway.Resource(`${prefix}-resource-${r.id}`, { restApi: api.id, parentId, pathPart: r.pathPart }, parent).id);
      }
      const validator = new aws.apigateway.RequestValidator(
        `${prefix}-validator`,
        { restApi: api.id, name: d.validator.name, validateRequestBody: d.validator.validateRequestBody, validateRequestParameters: d.validator.validateRequestParameters },
        parent,
      );
      const models = new Map(d.models.map((m) => [m.name, new aws.apigateway.Model(`${prefix}-model-${m.name}`, { restApi: api.id, name: m.name, contentType: m.contentType, schema: m.schema }, parent)]));
      const authorizer =
        d.authorizer &&
        new aws.apigateway.Authorizer(
          `${prefix}-cognito`,
          {
            restApi: api.id,
            name: d.authorizer.name,
            type: d.authorizer.type,
            identitySource: d.authorizer.identitySource,
            providerArns: [args.userPools?.poolArns.get(d.authorizer.userPool) ?? fail(`REST API ${d.key}: user pool ${d.authorizer.userPool} is not rendered`)],
          },
          parent,
        );
      // What a deployment snapshots: the methods and their integrations.
      const snapshot: pulumi.Resource[] = [];
      for (const m of d.methods) {
        const fn = args.functions.get(m.function) ?? fail(`REST API ${d.key}: ${m.routeKey} invokes function ${m.function}, which is not rendered`);
        const model = m.model && (models.get(m.model) ?? fail(`REST API ${d.key}: ${m.routeKey} names model ${m.model}, which is not rendered`));
        const resourceId = resources.get(m.resourcePath) ?? fail(`REST API ${d.key}: ${m.routeKey} hangs on ${m.resourcePath}, which is not rendered`);
        const method = new aws.apigateway.Method(
          `${prefix}-method-${m.id}`,
          {
            restApi: api.id,
            resourceId,
            httpMethod: m.httpMethod,
            authorization: m.authorizationType,
            ...(m.auth === 'cognito' ? { authorizerId: (authorizer ?? fail(`REST API ${d.key}: ${m.routeKey} is cognito, but the API has no authorizer`)).id } : {}),
            apiKeyRequired: m.apiKeyRequired,
            requestValidatorId: validator.id,
            ...(Object.keys(m.requestParameters).length ? { requestParameters: m.requestParameters } : {}),
            ...(model ? { requestModels: { 'application/json': model.name } } : {}),
          },
          parent,
        );
        const integration = new aws.apigateway.Integration(
          `${prefix}-integration-${m.id}`,
          {
            restApi: api.id,
            resourceId,
            httpMethod: method.httpMethod,
            type: m.integration.type,
            integrationHttpMethod: m.integration.httpMethod,
            uri: pulumi.interpolate`arn:${partition}:apigateway:${args.region}:lambda:path/2015-03-31/functions/${fn}/invocations`,
            timeoutMilliseconds: m.integration.timeoutMs,
          },
          parent,
        );
        snapshot.push(method, integration);
        new aws.lambda.Permission(`${prefix}-invoke-${m.id}`, { action: 'lambda:InvokeFunction', function: fn, principal: 'apigateway.amazonaws.com', sourceArn: pulumi.interpolate`${api.executionArn}/${m.invokeFrom}` }, parent);
      }
      // CORS: a preflight on every path (a mock integration answering 204), and API Gateway's own errors with the origin.
      if (d.cors) {
        const c = d.cors;
        for (const path of c.paths) {
          const id = `${prefix}-preflight-${preflightId(path)}`;
          const resourceId = resources.get(path) ?? fail(`REST API ${d.key}: the preflight of ${path} hangs on a resource that is not rendered`);
          const method = new aws.apigateway.Method(id, { restApi: api.id, resourceId, httpMethod: PREFLIGHT.httpMethod, authorization: PREFLIGHT.authorizationType, apiKeyRequired: false }, parent);
          const integration = new aws.apigateway.Integration(`${id}-integration`, { restApi: api.id, resourceId, httpMethod: method.httpMethod, type: PREFLIGHT.integrationType, requestTemplates: { ...PREFLIGHT.requestTemplates } }, parent);
          const response = new aws.apigateway.MethodResponse(
            `${id}-response`,
            { restApi: api.id, resourceId, httpMethod: method.httpMethod, statusCode: PREFLIGHT.statusCode, responseParameters: Object.fromEntries(Object.keys(c.preflightHeaders).map((h) => [h, true])) },
            parent,
          );
          const answer = new aws.apigateway.IntegrationResponse(
            `${id}-integration-response`,
            { restApi: api.id, resourceId, httpMethod: method.httpMethod, statusCode: PREFLIGHT.statusCode, responseParameters: c.preflightHeaders },
            { ...parent, dependsOn: [integration, response] },
          );
          snapshot.push(method, integration, response, answer);
        }
        for (const g of c.gatewayResponses) snapshot.push(new aws.apigateway.Response(`${prefix}-response-${g.type.toLowerCase().replace('_', '-')}`, { restApiId: api.id, responseType: g.type, responseParameters: g.headers }, parent));
      }
      // A new deployment whenever the design's hash changes (CloudFormation: a new logical ID).
      const deployment = new aws.apigateway.Deployment(`${prefix}-deployment`, { restApi: api.id, description: d.deployment.description, triggers: { redeployment: d.deployment.hash } }, { ...parent, dependsOn: snapshot });
      const accessLogs = logGroup(`${prefix}-access-logs`, { days: d.accessLogs.retentionDays, key: args.key }, parent);
      // Named as API Gateway names it, so that it exists (kept for a while, encrypted) before API Gateway writes to it.
      const executionLogs = logGroup(`${prefix}-execution-logs`, { name: pulumi.interpolate`${d.executionLogs.namePrefix}${api.id}/${d.stage.name}`, days: d.executionLogs.retentionDays, key: args.key }, parent);
      const s = d.stage;
      const stage = new aws.apigateway.Stage(
        `${prefix}-stage`,
        { restApi: api.id, stageName: s.name, deployment: deployment.id, xrayTracingEnabled: s.tracing, accessLogSettings: { destinationArn: accessLogs.arn, format: d.accessLogs.format } },
        { ...parent, dependsOn: [settings, executionLogs] },
      );
      new aws.apigateway.MethodSettings(
        `${prefix}-method-settings`,
        {
          restApi: api.id,
          stageName: stage.stageName,
          methodPath: '*/*',
          settings: { loggingLevel: s.methodLogging.level, dataTraceEnabled: s.methodLogging.dataTrace, metricsEnabled: s.methodLogging.metrics, throttlingRateLimit: s.throttle.rateLimit, throttlingBurstLimit: s.throttle.burstLimit },
        },
        parent,
      );
      this.stageArns.set(d.key, stage.arn);

      for (const p of d.usagePlans) {
        const plan = new aws.apigateway.UsagePlan(
          `${prefix}-usage-plan-${p.key}`,
          {
            name: p.name,
            ...(p.description ? { description: p.description } : {}),
            apiStages: [{ apiId: api.id, stage: stage.stageName }],
            throttleSettings: { rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit },
            ...(p.quota ? { quotaSettings: { limit: p.quota.limit, period: p.quota.period } } : {}),
          },
          parent,
        );
        for (const k of p.keys) {
          const key = new aws.apigateway.ApiKey(`${prefix}-key-${k.key}`, { name: k.name, description: k.description, enabled: true }, parent);
          new aws.apigateway.UsagePlanKey(`${prefix}-plan-key-${k.key}`, { keyId: key.id, keyType: 'API_KEY', usagePlanId: plan.id }, parent);
        }
      }

      if (d.customDomain) {
        const c = d.customDomain;
        const certificateArn = requestCertificate(`${prefix}-certificate`, c.name, c.validationZone, parent);
        const domain = new aws.apigateway.DomainName(`${prefix}-domain`, { domainName: c.name, regionalCertificateArn: certificateArn, endpointConfiguration: { types: c.endpointType }, securityPolicy: c.securityPolicy }, parent);
        new aws.apigateway.BasePathMapping(`${prefix}-mapping`, { domainName: domain.domainName, restApi: api.id, stageName: stage.stageName }, parent);
        this.domains.set(d.key, { dnsName: domain.regionalDomainName, hostedZoneId: domain.regionalZoneId });
      }
    }
    this.registerOutputs({});
  }
}
