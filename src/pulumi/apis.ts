import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ApiDesign, SubnetTier } from '../design';
import type { LoadBalancing } from './load-balancing';
import { requestCertificate, type AliasTarget } from './dns';
import { logGroup as createLogGroup } from './retention';
import { sizedTags } from './tags';
import { fail } from '../fail';

/**
 * APIs: each HTTP API, its $default stage with access logs and throttling, its JWT authorizer, one Lambda proxy
 * integration per function, one route per route key and the permission that lets API Gateway invoke the
 * function from that route only; routes to container services through one HTTP proxy integration per service over
 * the API's VPC link to the load balancer's listener (mirrors src/cdk/apis.ts).
 */
export class Apis extends pulumi.ComponentResource {
  /** Each API's ID, by key (ApiId metric dimension). */
  readonly ids = new Map<string, pulumi.Output<string>>();
  /** Each custom domain's alias target, by API key. */
  readonly domains = new Map<string, AliasTarget>();

  constructor(
    name: string,
    args: {
      region: string;
      apis: ApiDesign[];
      /** The ARN each function's callers name (its alias's, or its own), by key. */
      functions: ReadonlyMap<string, pulumi.Output<string>>;
      key?: pulumi.Output<string>;
      vpcId: pulumi.Input<string>;
      subnets: ReadonlyMap<SubnetTier, aws.ec2.Subnet[]>;
      loadBalancing?: LoadBalancing;
    },
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
      const lb = args.loadBalancing;
      let vpcLink: aws.apigatewayv2.VpcLink | undefined;
      if (d.vpcLink) {
        if (!lb) fail(`api ${d.key} has routes to container services, but the stack has no load balancer`);
        const sg = new aws.ec2.SecurityGroup(
          `${prefix}-vpc-link-sg`,
          { vpcId: args.vpcId, description: `VPC link ${d.vpcLink.name}: out to the load balancer only`, egress: [{ protocol: 'tcp', fromPort: d.vpcLink.port, toPort: d.vpcLink.port, securityGroups: [lb.securityGroup.id], description: 'to the load balancer' }] },
          parent,
        );
        vpcLink = new aws.apigatewayv2.VpcLink(`${prefix}-vpc-link`, { name: d.vpcLink.name, subnetIds: (args.subnets.get(d.vpcLink.subnets) ?? []).map((s) => s.id), securityGroupIds: [sg.id] }, parent);
      }
      for (const r of d.routes) {
        let integration: aws.apigatewayv2.Integration | undefined;
        let fn: pulumi.Output<string> | undefined;
        const i = r.integration;
        if (r.service !== undefined) {
          if (i.type !== 'HTTP_PROXY' || !vpcLink || !lb) fail(`api ${d.key}: route ${r.routeKey} to ${r.service} has no VPC link integration`);
          integration = integrations.get(`svc:${r.service}`);
          if (!integration) {
            integration = new aws.apigatewayv2.Integration(
              `${prefix}-integration-svc-${r.service}`,
              {
                apiId: api.id,
                integrationType: i.type,
                connectionType: 'VPC_LINK',
                connectionId: vpcLink.id,
                integrationMethod: i.method,
                integrationUri: lb.listener.arn,
                payloadFormatVersion: i.payloadFormatVersion,
                timeoutMilliseconds: i.timeoutMs,
                ...(i.serverNameToVerify ? { tlsConfig: { serverNameToVerify: i.serverNameToVerify } } : {}),
                ...(i.hostHeader ? { requestParameters: { 'overwrite:header.host': i.hostHeader } } : {}),
              },
              parent,
            );
            integrations.set(`svc:${r.service}`, integration);
          }
        } else {
          const fnKey = r.function ?? fail(`api ${d.key}: route ${r.routeKey} has neither a function nor a service`);
          fn = args.functions.get(fnKey) ?? fail(`api ${d.key}: route ${r.routeKey} invokes function ${fnKey}, which is not rendered`);
          integration = integrations.get(fnKey);
          if (!integration) {
            integration = new aws.apigatewayv2.Integration(
              `${prefix}-integration-${fnKey}`,
              { apiId: api.id, integrationType: i.type, integrationUri: fn, payloadFormatVersion: i.payloadFormatVersion, timeoutMilliseconds: i.timeoutMs },
              parent,
            );
            integrations.set(fnKey, integration);
          }
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
        if (!fn) continue;
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
