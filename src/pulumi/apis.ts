import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ApiDesign } from '../design';
import { requestCertificate, type AliasTarget } from './dns';
import { logGroup as createLogGroup } from './retention';
import { sizedTags } from './tags';
import { fail } from '../fail';

/**
 * APIs: each HTTP API, its $default stage with access logs and throttling, its JWT authorizer, one Lambda proxy
 * integration per function, one route per route key and the permission that lets API Gateway invoke the
 * function from that route only (mirrors src/cdk/apis.ts).
 */
export class Apis extends pulumi.ComponentResource {
  /** Each API's ID, by key (ApiId metric dimension). */
  readonly ids = new Map<string, pulumi.Output<string>>();
  /** Each custom domain's alias target, by API key. */
  readonly domains = new Map<string, AliasTarget>();

  constructor(
    name: string,
    args: { region: string; apis: ApiDesign[]; /** The ARN each function's callers name (its alias's, or its own), by key. */
      functions: ReadonlyMap<string, pulumi.Output<string>>; key?: pulumi.Output<string> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Apis', name, {}, opts);
    const parent = { parent: this };
    for (const d of args.apis) {
      const prefix = `${name}-api-${d.key}`;
      const api = new aws.apigatewayv2.Api(
        prefix,
        {
          name: d.name,
          protocolType: 'HTTP',
          ...(d.description ? { description: d.description } : {}),
          ...(d.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
          ...(d.cors ? { corsConfiguration: { allowOrigins: d.cors.allowOrigins, allowMethods: d.cors.allowMethods, allowHeaders: d.cors.allowHeaders, maxAge: d.cors.maxAgeSeconds } } : {}),
          ...sizedTags(d.sizing),
        },
        parent,
      );
      this.ids.set(d.key, api.id);
      const accessLogs = createLogGroup(`${prefix}-access-logs`, { days: d.accessLogs.retentionDays, key: args.key }, parent);
      const stage = new aws.apigatewayv2.Stage(
        `${prefix}-stage`,
        {
          apiId: api.id,
          name: d.stage.name,
          autoDeploy: d.stage.autoDeploy,
          accessLogSettings: { destinationArn: accessLogs.arn, format: d.accessLogs.format },
          defaultRouteSettings: { throttlingRateLimit: d.throttle.rateLimit, throttlingBurstLimit: d.throttle.burstLimit },
        },
        parent,
      );
      const authorizer =
        d.authorizer &&
        new aws.apigatewayv2.Authorizer(
          `${prefix}-jwt`,
          { apiId: api.id, name: d.authorizer.name, authorizerType: 'JWT', identitySources: [d.authorizer.identitySource], jwtConfiguration: { issuer: d.authorizer.issuer, audiences: d.authorizer.audience } },
          parent,
        );
      const integrations = new Map<string, aws.apigatewayv2.Integration>();
      for (const r of d.routes) {
        const fn = args.functions.get(r.function) ?? fail(`api ${d.key}: route ${r.routeKey} invokes function ${r.function}, which is not rendered`);
        let integration = integrations.get(r.function);
        if (!integration) {
          integration = new aws.apigatewayv2.Integration(
            `${prefix}-integration-${r.function}`,
            { apiId: api.id, integrationType: r.integration.type, integrationUri: fn, payloadFormatVersion: r.integration.payloadFormatVersion, timeoutMilliseconds: r.integration.timeoutMs },
            parent,
          );
          integrations.set(r.function, integration);
        }
        new aws.apigatewayv2.Route(
          `${prefix}-route-${r.id}`,
          {
            apiId: api.id,
            routeKey: r.routeKey,
            target: pulumi.interpolate`integrations/${integration.id}`,
            authorizationType: r.authorizationType,
            ...(r.auth === 'jwt' ? { authorizerId: (authorizer ?? fail(`api ${d.key}: route ${r.routeKey} is jwt, but the API has no authorizer`)).id } : {}),
          },
          parent,
        );
        new aws.lambda.Permission(
          `${prefix}-invoke-${r.id}`,
          { action: 'lambda:InvokeFunction', function: fn, principal: 'apigateway.amazonaws.com', sourceArn: pulumi.interpolate`${api.executionArn}/${r.invokeFrom}` },
          parent,
        );
      }
      if (d.customDomain) {
        const c = d.customDomain;
        const certificateArn = requestCertificate(`${prefix}-certificate`, c.name, c.validationZone, parent);
        const domain = new aws.apigatewayv2.DomainName(`${prefix}-domain`, { domainName: c.name, domainNameConfiguration: { certificateArn, endpointType: c.endpointType, securityPolicy: c.securityPolicy } }, parent);
        new aws.apigatewayv2.ApiMapping(`${prefix}-mapping`, { apiId: api.id, domainName: domain.id, stage: stage.id }, parent);
        this.domains.set(d.key, { dnsName: domain.domainNameConfiguration.targetDomainName, hostedZoneId: domain.domainNameConfiguration.hostedZoneId });
      }
    }
    this.registerOutputs({});
  }
}
