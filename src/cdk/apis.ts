import { Aws, Stack, aws_apigatewayv2 as apigw, aws_ec2 as ec2, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ApiDesign } from '../design';
import type { FunctionFor } from './functions';
import type { LoadBalancing } from './load-balancing';
import { SUBNET_TYPE } from './network';
import { requestCertificate } from './dns';
import { createLogGroup } from './retention';
import { tagSizing } from './tags';
import { fail } from '../fail';

/**
 * APIs, one construct per API (`Api-<key>`): the HTTP API (`Api`), its $default stage (`Stage`) with access
 * logs into a log group of its own (`AccessLogs`) and throttling, its JWT authorizer (`Jwt`), one Lambda
 * proxy integration per function (`Integration-<function>`) and one route per route key (`Route-<id>`),
 * each with the permission that lets API Gateway invoke the function from that route only
 * (`Invoke-<id>`); routes to container services through one HTTP proxy integration per service
 * (`Integration-svc-<service>`) over the API's VPC link (`VpcLink`, its security group `VpcLinkSecurityGroup`)
 * to the load balancer's listener. Every property is the design's (L1 resources).
 */
export class Apis extends Construct {
  readonly apis = new Map<string, { api: apigw.CfnApi; stage: apigw.CfnStage; routes: Map<string, apigw.CfnRoute>; domain?: apigw.CfnDomainName }>();

  constructor(scope: Construct, id: string, props: { apis: ApiDesign[]; functions: ReadonlyMap<string, FunctionFor>; vpc: ec2.IVpc; loadBalancing?: LoadBalancing }) {
    super(scope, id);
    for (const d of props.apis) this.apis.set(d.key, renderApi(new Construct(this, `Api-${d.key}`), d, props.functions, props.vpc, props.loadBalancing));
  }
}

function renderApi(scope: Construct, d: ApiDesign, functions: ReadonlyMap<string, FunctionFor>, vpc: ec2.IVpc, lb: LoadBalancing | undefined) {
  const api = new apigw.CfnApi(scope, 'Api', {
    name: d.name,
    protocolType: 'HTTP',
    ...(d.description ? { description: d.description } : {}),
    ...(d.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
    ...(d.cors ? { corsConfiguration: { allowOrigins: d.cors.allowOrigins, allowMethods: d.cors.allowMethods, allowHeaders: d.cors.allowHeaders, maxAge: d.cors.maxAgeSeconds } } : {}),
  });
  tagSizing(api, d.sizing, 'AWS::ApiGatewayV2::Api');
  const accessLogs: logs.LogGroup = createLogGroup(scope, 'AccessLogs', d.accessLogs.retentionDays);
  const stage = new apigw.CfnStage(scope, 'Stage', {
    apiId: api.ref,
    stageName: d.stage.name,
    autoDeploy: d.stage.autoDeploy,
    accessLogSettings: { destinationArn: accessLogs.logGroupArn, format: d.accessLogs.format },
    defaultRouteSettings: { throttlingRateLimit: d.throttle.rateLimit, throttlingBurstLimit: d.throttle.burstLimit },
  });
  const authorizer =
    d.authorizer &&
    new apigw.CfnAuthorizer(scope, 'Jwt', {
      apiId: api.ref,
      name: d.authorizer.name,
      authorizerType: 'JWT',
      identitySource: [d.authorizer.identitySource],
      jwtConfiguration: { issuer: d.authorizer.issuer, audience: d.authorizer.audience },
    });
  const integrations = new Map<string, apigw.CfnIntegration>();
  const routes = new Map<string, apigw.CfnRoute>();
  const vpcLink = d.vpcLink && renderVpcLink(scope, d.vpcLink, vpc, lb ?? fail(`api ${d.key} has routes to container services, but the stack has no load balancer`));
  for (const r of d.routes) {
    if (r.service !== undefined) {
      const i = r.integration;
      if (i.type !== 'HTTP_PROXY' || !vpcLink) fail(`api ${d.key}: route ${r.routeKey} to ${r.service} has no VPC link integration`);
      let integration = integrations.get(`svc:${r.service}`);
      if (!integration) {
        integration = new apigw.CfnIntegration(scope, `Integration-svc-${r.service}`, {
          apiId: api.ref,
          integrationType: i.type,
          connectionType: 'VPC_LINK',
          connectionId: vpcLink.ref,
          integrationMethod: i.method,
          integrationUri: lb!.listener.listenerArn,
          payloadFormatVersion: i.payloadFormatVersion,
          timeoutInMillis: i.timeoutMs,
          ...(i.serverNameToVerify ? { tlsConfig: { serverNameToVerify: i.serverNameToVerify } } : {}),
          ...(i.hostHeader ? { requestParameters: { 'overwrite:header.host': i.hostHeader } } : {}),
        });
        integrations.set(`svc:${r.service}`, integration);
      }
      routes.set(r.routeKey, renderRoute(scope, d, r, api, integration, authorizer));
      continue;
    }
    const fnKey = r.function ?? fail(`api ${d.key}: route ${r.routeKey} has neither a function nor a service`);
    const fn = functions.get(fnKey) ?? fail(`api ${d.key}: route ${r.routeKey} invokes function ${fnKey}, which is not rendered`);
    let integration = integrations.get(fnKey);
    if (!integration) {
      integration = new apigw.CfnIntegration(scope, `Integration-${fnKey}`, {
        apiId: api.ref,
        integrationType: r.integration.type,
        integrationUri: fn.invokeArn,
        payloadFormatVersion: r.integration.payloadFormatVersion,
        timeoutInMillis: r.integration.timeoutMs,
      });
      integrations.set(fnKey, integration);
    }
    routes.set(r.routeKey, renderRoute(scope, d, r, api, integration, authorizer));
    new lambda.CfnPermission(scope, `Invoke-${r.id}`, {
      action: 'lambda:InvokeFunction',
      functionName: fn.invokeArn,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:${Aws.PARTITION}:execute-api:${Stack.of(scope).region}:${Aws.ACCOUNT_ID}:${api.ref}/${r.invokeFrom}`,
    });
  }
  const domain = d.customDomain && renderCustomDomain(scope, d.customDomain, api, stage);
  return { api, stage, routes, domain };
}

function renderRoute(scope: Construct, d: ApiDesign, r: ApiDesign['routes'][number], api: apigw.CfnApi, integration: apigw.CfnIntegration, authorizer: apigw.CfnAuthorizer | undefined): apigw.CfnRoute {
  return new apigw.CfnRoute(scope, `Route-${r.id}`, {
    apiId: api.ref,
    routeKey: r.routeKey,
    target: `integrations/${integration.ref}`,
    authorizationType: r.authorizationType,
    ...(r.auth === 'jwt' ? { authorizerId: (authorizer ?? fail(`api ${d.key}: route ${r.routeKey} is jwt, but the API has no authorizer`)).ref } : {}),
  });
}

/** The API's VPC link (`VpcLink`) and its security group (`VpcLinkSecurityGroup`: out to the load balancer on the listener's port, nothing in). */
function renderVpcLink(scope: Construct, d: NonNullable<ApiDesign['vpcLink']>, vpc: ec2.IVpc, lb: LoadBalancing): apigw.CfnVpcLink {
  // Its one egress rule inline (L1): a separate egress resource would leave EC2's default allow-all rule in place.
  const sg = new ec2.CfnSecurityGroup(scope, 'VpcLinkSecurityGroup', {
    vpcId: vpc.vpcId,
    groupDescription: `VPC link ${d.name}: out to the load balancer only`,
    securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: d.port, toPort: d.port, destinationSecurityGroupId: lb.securityGroup.securityGroupId, description: 'to the load balancer' }],
  });
  return new apigw.CfnVpcLink(scope, 'VpcLink', { name: d.name, subnetIds: vpc.selectSubnets({ subnetType: SUBNET_TYPE[d.subnets] }).subnetIds, securityGroupIds: [sg.attrGroupId] });
}

/** The API's custom domain (`Domain`), its certificate (`Certificate`) and its mapping to the $default stage (`Mapping`). */
function renderCustomDomain(scope: Construct, d: NonNullable<ApiDesign['customDomain']>, api: apigw.CfnApi, stage: apigw.CfnStage): apigw.CfnDomainName {
  const certificate = requestCertificate(scope, 'Certificate', d.name, d.validationZone);
  const domain = new apigw.CfnDomainName(scope, 'Domain', {
    domainName: d.name,
    domainNameConfigurations: [{ certificateArn: certificate.certificateArn, endpointType: d.endpointType, securityPolicy: d.securityPolicy }],
  });
  new apigw.CfnApiMapping(scope, 'Mapping', { apiId: api.ref, domainName: domain.ref, stage: stage.ref });
  return domain;
}
