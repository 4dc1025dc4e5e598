/*
 * The blueprint's API Gateway HTTP APIs read from a CloudFormation template:
 * each AWS::ApiGatewayV2::Api (its key from its Name, "<blueprint>-<key>"),
 * its stage (throttling, access logs into a log group it owns), its JWT
 * authorizers, its routes with the Lambda proxy integration each targets, and
 * the AWS::Lambda::Permission resources whose SourceArn lies under its
 * execute-api ARN. Every property these do not read throws, as does a
 * resource of these types that belongs to no API.
 */
import { readSizing } from '../../design/sizing';
import type { ApiInventory } from '../inventory';
import { certificate } from './certificates';
import { readApiDistributions } from './sites';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, refOf, Resolver, type CfnTemplate } from './template';

// What the inventory reads of each resource and of each part of it; anything else present throws.
const API = ['CorsConfiguration', 'Description', 'DisableExecuteApiEndpoint', 'Name', 'ProtocolType', 'Tags'];
const DOMAIN = ['DomainName', 'DomainNameConfigurations', 'Tags'];
const DOMAIN_CONFIG = ['CertificateArn', 'EndpointType', 'SecurityPolicy'];
const MAPPING = ['ApiId', 'DomainName', 'Stage'];
const CORS = ['AllowHeaders', 'AllowMethods', 'AllowOrigins', 'MaxAge'];
// The stack's tags are compared as the stack's (Inventory.tags); a stage carries no other.
const STAGE = ['AccessLogSettings', 'ApiId', 'AutoDeploy', 'DefaultRouteSettings', 'StageName', 'Tags'];
const ACCESS_LOGS = ['DestinationArn', 'Format'];
const ROUTE_SETTINGS = ['ThrottlingBurstLimit', 'ThrottlingRateLimit'];
const AUTHORIZER = ['ApiId', 'AuthorizerType', 'IdentitySource', 'JwtConfiguration', 'Name'];
const JWT = ['Audience', 'Issuer'];
const INTEGRATION = ['ApiId', 'IntegrationType', 'IntegrationUri', 'PayloadFormatVersion', 'TimeoutInMillis'];
const VPC_LINK_INTEGRATION = [...INTEGRATION, 'ConnectionId', 'ConnectionType', 'IntegrationMethod', 'RequestParameters', 'TlsConfig'];
const VPC_LINK = ['Name', 'SecurityGroupIds', 'SubnetIds', 'Tags'];
const ROUTE = ['ApiId', 'AuthorizationType', 'AuthorizerId', 'RouteKey', 'Target'];
const PERMISSION = ['Action', 'FunctionName', 'Principal', 'SourceArn'];

/** A blueprint key (src/schema/common.ts). */
const KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Throws on a key of `o` that `fields` does not list. */
function only(o: Record<string, unknown>, fields: readonly string[], where: string): Record<string, unknown> {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory`);
  return o;
}

/** An ApiGatewayV2 resource's Tags: a map (not a list of Key and Value, as most types take). */
function tagMap(t: CfnTemplate, r: Resolver, id: string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(t.props(id).Tags, t.where(id, 'Tags'))).map(([k, v]) => [k, r.str(v, t.where(id, `Tags ${k}`))]));
}

/** A REST or GraphQL API's Tags: a list of Key and Value (not a map, as an HTTP API's). */
export function tagList(t: CfnTemplate, r: Resolver, id: string): Record<string, string> {
  return Object.fromEntries(list(t.props(id).Tags, t.where(id, 'Tags')).map((v, i) => obj(v, t.where(id, `Tags[${i}]`))).map((v) => [r.str(v.Key, t.where(id, 'Tags')), r.str(v.Value, t.where(id, 'Tags'))]));
}

/** A REST API's key, by its logical ID: its Name less the blueprint's name (its own "blueprint" tag). */
export function restApiKey(t: CfnTemplate, r: Resolver, id: string): string {
  const name = r.str(t.props(id).Name ?? fail(t.where(id, 'Name'), 'is missing; the inventory names a REST API by its Name, "<blueprint>-<key>"'), t.where(id, 'Name'));
  const blueprint = tagList(t, r, id).blueprint ?? fail(t.where(id, 'Tags'), 'has no "blueprint" tag, the blueprint whose name starts its Name');
  const key = name.startsWith(`${blueprint}-`) ? name.slice(blueprint.length + 1) : '';
  if (!KEY.test(key)) fail(t.where(id, 'Name'), `${JSON.stringify(name)} is not "${blueprint}-<key>" (the blueprint's name, then an API key)`);
  return key;
}

/** An API's key: its Name, "<blueprint>-<key>", less the blueprint's name (its own "blueprint" tag). */
export function apiKey(t: CfnTemplate, r: Resolver, id: string): string {
  const name = r.str(t.props(id).Name ?? fail(t.where(id, 'Name'), 'is missing; the inventory names an API by its Name, "<blueprint>-<key>"'), t.where(id, 'Name'));
  const blueprint = tagMap(t, r, id).blueprint ?? fail(t.where(id, 'Tags'), 'has no "blueprint" tag, the blueprint whose name starts its Name');
  const key = name.startsWith(`${blueprint}-`) ? name.slice(blueprint.length + 1) : '';
  if (!KEY.test(key)) fail(t.where(id, 'Name'), `${JSON.stringify(name)} is not "${blueprint}-<key>" (the blueprint's name, then an API key)`);
  return key;
}

export function readApis(x: Context): ApiInventory[] {
  const { t, r, names } = x;

  const keys = new Map<string, string>();
  for (const id of t.ofType(T.api)) {
    const key = apiKey(t, r, id);
    const other = [...keys].find(([, k]) => k === key);
    if (other) fail(t.where(id), `has the API key "${key}" of ${other[0]} too`);
    keys.set(id, key);
  }
  // Every stage, authorizer, integration and route, by the API its ApiId names (by Ref).
  const byApi = (type: string) => {
    const out = new Map<string, string[]>([...keys.keys()].map((api) => [api, []]));
    for (const id of t.ofType(type)) {
      const v = t.props(id).ApiId;
      const api = t.target(v, [T.api], t.where(id, 'ApiId'));
      if (refOf(v)!.attr !== 'Ref') fail(t.where(id, 'ApiId'), `names ${api} by something other than Ref (its id)`);
      out.get(api)!.push(id);
    }
    return out;
  };
  const stages = byApi(T.apiStage);
  const authorizers = byApi(T.apiAuthorizer);
  const integrations = byApi(T.apiIntegration);
  const routes = byApi(T.apiRoute);

  // The function a reference names (by its ARN, or Ref: its name): "function:<key>"; its alias (by Ref: its ARN): "function:<key>:<alias>".
  const functionOf = (v: unknown, where: string, attrs: readonly string[]): string => names.invokedFunction(v, where, attrs).name;
  const permissions = readPermissions(x, functionOf);
  const cdns = readApiDistributions(x);
  const domains = readDomains(x, byApi(T.apiMapping), stages);

  return [...keys].map(([api, key]): ApiInventory => {
    const p = t.props(api);
    const w = (field: string) => t.where(api, field);
    onlyKnown(t, api, API, 'an HTTP API (an OpenAPI body, API keys, ... are not)');

    let cors: ApiInventory['cors'] = null;
    if (p.CorsConfiguration !== undefined) {
      const c = only(obj(p.CorsConfiguration, w('CorsConfiguration')), CORS, w('CorsConfiguration'));
      const strs = (field: string) => list(c[field], w(`CorsConfiguration.${field}`)).map((v, i) => r.str(v, w(`CorsConfiguration.${field}[${i}]`)));
      cors = { allowOrigins: strs('AllowOrigins'), allowMethods: strs('AllowMethods'), allowHeaders: strs('AllowHeaders'), maxAgeSeconds: c.MaxAge === undefined ? null : r.num(c.MaxAge, w('CorsConfiguration.MaxAge')) };
    }

    const own = stages.get(api)!;
    if (own.length !== 1) fail(t.where(api), `has ${own.length} stages (${own.join(', ') || 'none'}); the inventory reads an API with exactly one`);
    const stage = readStage(x, own[0], key);

    const authorizerName = new Map(authorizers.get(api)!.map((id) => [id, r.str(t.props(id).Name, t.where(id, 'Name'))]));
    const integrationOf = new Map(integrations.get(api)!.map((id) => [id, readIntegration(x, id, functionOf)]));
    const targeted = new Set<string>();
    const apiRoutes = routes.get(api)!.map((id): ApiInventory['routes'][number] => {
      const q = t.props(id);
      const rw = (field: string) => t.where(id, field);
      onlyKnown(t, id, ROUTE, 'a route (authorization scopes, API keys, request models and parameters are not)');
      // Target: "integrations/<Ref of an integration of this API>".
      const integration = /^integrations\/\{integration:([^}]+)\}$/.exec(
        new Resolver((ref, where) => (t.type(ref.id) === T.apiIntegration && ref.attr === 'Ref' ? `{integration:${ref.id}}` : fail(where, `references ${ref.id} (${t.type(ref.id)}); a route targets an integration, by Ref`))).str(
          q.Target ?? fail(rw('Target'), 'is missing; the inventory reads routes that target an integration'),
          rw('Target'),
        ),
      )?.[1];
      if (integration === undefined) fail(rw('Target'), 'is not "integrations/<integration>"');
      if (!integrationOf.has(integration)) fail(rw('Target'), `targets ${integration}, an integration of another API`);
      targeted.add(integration);
      let authorizer: string | null = null;
      if (q.AuthorizerId !== undefined) {
        const z = t.target(q.AuthorizerId, [T.apiAuthorizer], rw('AuthorizerId'));
        if (refOf(q.AuthorizerId)!.attr !== 'Ref') fail(rw('AuthorizerId'), `names ${z} by something other than Ref (its id)`);
        authorizer = authorizerName.get(z) ?? fail(rw('AuthorizerId'), `${z} is an authorizer of another API`);
      }
      const { target, vpcLinkId: _link, ...settings } = integrationOf.get(integration)!;
      return {
        routeKey: r.str(q.RouteKey, rw('RouteKey')),
        target,
        integration: settings,
        // AWS's default: NONE.
        authorizationType: r.str(q.AuthorizationType ?? 'NONE', rw('AuthorizationType')),
        authorizer,
      };
    });
    for (const id of integrationOf.keys()) if (!targeted.has(id)) fail(t.where(id), 'no route targets it');
    const routeKeys = apiRoutes.map((rt) => rt.routeKey);
    const twice = routeKeys.find((k, i) => routeKeys.indexOf(k) !== i);
    if (twice !== undefined) fail(t.where(api), `has two routes of route key ${JSON.stringify(twice)}`);

    return {
      key,
      sizing: readSizingTags(t, r, api),
      protocol: r.str(p.ProtocolType ?? fail(w('ProtocolType'), 'is missing'), w('ProtocolType')),
      description: p.Description === undefined ? null : r.str(p.Description, w('Description')),
      domain: domains.get(api) ?? null,
      executeApiEndpoint: !r.bool(p.DisableExecuteApiEndpoint, false, w('DisableExecuteApiEndpoint')),
      cors,
      stage,
      authorizers: authorizers.get(api)!.map((id) => readAuthorizer(x, id)),
      routes: apiRoutes,
      permissions: permissions.get(`api:${key}`) ?? [],
      cdn: cdns.get(key) ?? null,
      vpcLink: ((links) => {
        if (links.size > 1) fail(t.where(api), `connects through ${links.size} VPC links; the inventory reads one at most`);
        return links.size ? readVpcLink(x, [...links][0]) : null;
      })(new Set([...integrationOf.values()].flatMap((i) => (i.vpcLinkId ? [i.vpcLinkId] : [])))),
    };
  });
}

/**
 * Each API's custom domain, by the API's logical ID: the domain its one mapping (to its one stage) names. A
 * domain no mapping names, or named twice, throws.
 */
function readDomains(x: Context, mappings: Map<string, string[]>, stages: Map<string, string[]>): Map<string, NonNullable<ApiInventory['domain']>> {
  const { t, r } = x;
  const out = new Map<string, NonNullable<ApiInventory['domain']>>();
  const mapped = new Set<string>();
  for (const [api, ids] of mappings) {
    if (ids.length > 1) fail(t.where(api), `has ${ids.length} domain mappings; the inventory reads one at most`);
    if (!ids.length) continue;
    const m = ids[0];
    onlyKnown(t, m, MAPPING, 'an API mapping (mapping keys are not)');
    const q = t.props(m);
    if (t.target(q.Stage, [T.apiStage], t.where(m, 'Stage')) !== stages.get(api)?.[0]) fail(t.where(m, 'Stage'), "is not its API's stage");
    const d = t.target(q.DomainName, [T.apiDomain], t.where(m, 'DomainName'));
    if (mapped.has(d)) fail(t.where(d), 'is mapped to two APIs');
    mapped.add(d);
    onlyKnown(t, d, DOMAIN, 'an API domain (mutual TLS and ownership verification are not)');
    const p = t.props(d);
    const configs = list(p.DomainNameConfigurations, t.where(d, 'DomainNameConfigurations'));
    if (configs.length !== 1) fail(t.where(d, 'DomainNameConfigurations'), `has ${configs.length} configurations; the inventory reads exactly one`);
    const c = only(obj(configs[0], t.where(d, 'DomainNameConfigurations[0]')), DOMAIN_CONFIG, t.where(d, 'DomainNameConfigurations[0]'));
    const cw = (field: string) => t.where(d, `DomainNameConfigurations[0].${field}`);
    out.set(api, {
      name: r.str(p.DomainName, t.where(d, 'DomainName')),
      endpointType: r.str(c.EndpointType ?? 'REGIONAL', cw('EndpointType')),
      securityPolicy: r.str(c.SecurityPolicy ?? 'TLS_1_2', cw('SecurityPolicy')),
      certificate: certificate(x, c.CertificateArn, cw('CertificateArn')),
    });
  }
  for (const d of t.ofType(T.apiDomain)) if (!mapped.has(d)) fail(t.where(d), 'is mapped to no API');
  return out;
}

/** The sizing an API's Tags (a map) carry. */
function readSizingTags(t: CfnTemplate, r: Resolver, id: string) {
  try {
    return readSizing(tagMap(t, r, id), t.where(id, 'Tags'));
  } catch (e) {
    return fail(t.where(id, 'Tags'), (e as Error).message);
  }
}

/** A stage: name, auto deploy, default route throttling and access logs, whose log group it owns ("api:<key>"). */
function readStage(x: Context, id: string, key: string): ApiInventory['stage'] {
  const { t, r, names } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, STAGE, 'a stage (route settings, stage variables, client certificates and deployments are not)');
  let throttling: ApiInventory['stage']['throttling'] = null;
  if (p.DefaultRouteSettings !== undefined) {
    const s = only(obj(p.DefaultRouteSettings, w('DefaultRouteSettings')), ROUTE_SETTINGS, w('DefaultRouteSettings'));
    if ((s.ThrottlingRateLimit === undefined) !== (s.ThrottlingBurstLimit === undefined)) fail(w('DefaultRouteSettings'), 'sets one of ThrottlingRateLimit and ThrottlingBurstLimit; the inventory reads both or neither');
    if (s.ThrottlingRateLimit !== undefined) {
      throttling = { rateLimit: r.num(s.ThrottlingRateLimit, w('DefaultRouteSettings.ThrottlingRateLimit')), burstLimit: r.num(s.ThrottlingBurstLimit, w('DefaultRouteSettings.ThrottlingBurstLimit')) };
    }
  }
  let accessLogs: ApiInventory['stage']['accessLogs'] = null;
  if (p.AccessLogSettings !== undefined) {
    const a = only(obj(p.AccessLogSettings, w('AccessLogSettings')), ACCESS_LOGS, w('AccessLogSettings'));
    const where = w('AccessLogSettings.DestinationArn');
    const lg = t.target(a.DestinationArn ?? fail(where, 'is missing'), [T.logGroup], where);
    if (refOf(a.DestinationArn)!.attr !== 'Arn') fail(where, `names ${lg} by something other than its Arn`);
    names.ownLogGroup(lg, `api:${key}`, id);
    accessLogs = { logGroup: `log-group:api:${key}`, format: r.str(a.Format ?? fail(w('AccessLogSettings.Format'), 'is missing'), w('AccessLogSettings.Format')) };
  }
  return {
    name: r.str(p.StageName ?? fail(w('StageName'), 'is missing'), w('StageName')),
    // AWS's default: off.
    autoDeploy: r.bool(p.AutoDeploy, false, w('AutoDeploy')),
    throttling,
    accessLogs,
  };
}

/** A JWT authorizer: its name, type, identity sources, issuer and audiences. */
function readAuthorizer(x: Context, id: string): ApiInventory['authorizers'][number] {
  const { t, r } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, AUTHORIZER, "an authorizer (a Lambda authorizer's function, credentials and caching are not)");
  const type = r.str(p.AuthorizerType, w('AuthorizerType'));
  if (type !== 'JWT') fail(w('AuthorizerType'), `is ${type}; the inventory reads JWT authorizers`);
  const jwt = only(obj(p.JwtConfiguration ?? fail(w('JwtConfiguration'), 'is missing; a JWT authorizer names its issuer and audiences'), w('JwtConfiguration')), JWT, w('JwtConfiguration'));
  return {
    name: r.str(p.Name, w('Name')),
    type,
    identitySource: list(p.IdentitySource, w('IdentitySource')).map((v, i) => r.str(v, w(`IdentitySource[${i}]`))),
    issuer: r.str(jwt.Issuer ?? fail(w('JwtConfiguration.Issuer'), 'is missing'), w('JwtConfiguration.Issuer')),
    audience: list(jwt.Audience, w('JwtConfiguration.Audience')).map((v, i) => r.str(v, w(`JwtConfiguration.Audience[${i}]`))),
  };
}

/**
 * An integration: a Lambda proxy integration (the function it invokes: IntegrationUri, the function's ARN or its alias's), or
 * an HTTP proxy through a VPC link (IntegrationUri: the load balancer's listener, by Ref; ConnectionId: a VPC
 * link, by Ref), its type, payload format and timeout.
 */
function readIntegration(
  x: Context,
  id: string,
  functionOf: (v: unknown, where: string, attrs: readonly string[]) => string,
): { target: string; vpcLinkId: string | null } & ApiInventory['routes'][number]['integration'] {
  const { t, r } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  const type = r.str(p.IntegrationType, w('IntegrationType'));
  const common = {
    type,
    payloadFormatVersion: r.str(p.PayloadFormatVersion ?? fail(w('PayloadFormatVersion'), 'is missing; an integration of an HTTP API names its payload format'), w('PayloadFormatVersion')),
    // AWS's default for an HTTP API: 30 s.
    timeoutMs: r.numOr(p.TimeoutInMillis, 30000, w('TimeoutInMillis')),
  };
  if (type === 'AWS_PROXY') {
    onlyKnown(t, id, INTEGRATION, 'a Lambda proxy integration (methods, VPC links, credentials, request and response parameters are not)');
    return { ...common, target: functionOf(p.IntegrationUri, w('IntegrationUri'), ['Arn']), vpcLink: null, vpcLinkId: null };
  }
  if (type !== 'HTTP_PROXY') fail(w('IntegrationType'), `is ${type}; the inventory reads Lambda proxy (AWS_PROXY) and VPC link (HTTP_PROXY) integrations`);
  onlyKnown(t, id, VPC_LINK_INTEGRATION, 'a VPC link integration (credentials, response parameters and templates are not)');
  if (p.ConnectionType !== 'VPC_LINK') fail(w('ConnectionType'), 'is not VPC_LINK; the inventory reads HTTP proxies through a VPC link only');
  const link = t.target(p.ConnectionId, [T.vpcLink], w('ConnectionId'));
  const listener = t.target(p.IntegrationUri, [T.listener], w('IntegrationUri'));
  if (refOf(p.IntegrationUri)!.attr !== 'Ref') fail(w('IntegrationUri'), 'names the listener by something other than its ARN (Ref)');
  const params = p.RequestParameters === undefined ? {} : only(obj(p.RequestParameters, w('RequestParameters')), ['overwrite:header.host'], w('RequestParameters'));
  const tls = p.TlsConfig === undefined ? {} : only(obj(p.TlsConfig, w('TlsConfig')), ['ServerNameToVerify'], w('TlsConfig'));
  return {
    ...common,
    target: `listener:${r.str(t.props(listener).Protocol, t.where(listener, 'Protocol'))}`,
    vpcLinkId: link,
    vpcLink: {
      method: r.str(p.IntegrationMethod ?? fail(w('IntegrationMethod'), 'is missing; an HTTP proxy names its method'), w('IntegrationMethod')),
      serverNameToVerify: tls.ServerNameToVerify === undefined ? null : r.str(tls.ServerNameToVerify, w('TlsConfig.ServerNameToVerify')),
      hostHeader: params['overwrite:header.host'] === undefined ? null : r.str(params['overwrite:header.host'], w('RequestParameters')),
    },
  };
}

/** An API's VPC link: its name, subnets and its security group's egress (the group admits nothing). */
function readVpcLink(x: Context, id: string): NonNullable<ApiInventory['vpcLink']> {
  const { t, r } = x;
  onlyKnown(t, id, VPC_LINK, 'a VPC link');
  const p = t.props(id);
  const groups = list(p.SecurityGroupIds, t.where(id, 'SecurityGroupIds'));
  if (x.ingressOf(groups, t.where(id, 'SecurityGroupIds')).length) fail(t.where(id, 'SecurityGroupIds'), 'admits traffic; a VPC link\'s group admits nothing');
  return { name: r.str(p.Name, t.where(id, 'Name')), subnets: x.span(p.SubnetIds, t.where(id, 'SubnetIds')), egress: [...x.egressOf(groups, t.where(id, 'SecurityGroupIds'))].sort() };
}

/**
 * Every Lambda permission of the template, by the API whose execute-api ARN its SourceArn names ("api:<key>"
 * for an HTTP API, "rest-api:<key>" for a REST API): arn:${AWS::Partition}:execute-api:<the stack's
 * region>:${AWS::AccountId}:<Ref of the API>/<path>. A permission that names no API throws.
 */
export function readPermissions(x: Context, functionOf: (v: unknown, where: string, attrs: readonly string[]) => string): Map<string, ApiInventory['permissions']> {
  const { t, r } = x;
  const keyOf = (id: string) => (t.type(id) === T.api ? `api:${apiKey(t, r, id)}` : `rest-api:${restApiKey(t, r, id)}`);
  // Only the API (by Ref: its id) and pseudo parameters are named in a source ARN.
  const source = new Resolver((ref, where) => {
    if (ref.attr === 'Ref' && ref.id.startsWith('AWS::')) return `\${${ref.id}}`;
    if ((t.type(ref.id) === T.api || t.type(ref.id) === T.restApi) && ref.attr === 'Ref') return `{${keyOf(ref.id)}}`;
    return fail(where, `references ${ref.id} (${t.type(ref.id) ?? 'not in the template'}); the inventory reads permissions whose SourceArn is an API's execute-api ARN`);
  });
  const out = new Map<string, ApiInventory['permissions']>();
  for (const id of t.ofType(T.lambdaPermission)) {
    // A function's bucket rule's permission (its SourceArn the rule's Arn) is read with the function.
    if (t.type(refOf(t.props(id).SourceArn)?.id ?? '') === T.eventRule) continue;
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    onlyKnown(t, id, PERMISSION, 'a Lambda permission (source accounts, organizations, function URLs and event source tokens are not)');
    const arn = source.str(p.SourceArn ?? fail(w('SourceArn'), "is missing; the inventory reads API Gateway's permissions, each scoped to an API"), w('SourceArn'));
    const m = /^arn:(?:\$\{AWS::Partition\}|aws):execute-api:([^:]+):\$\{AWS::AccountId\}:\{((?:rest-)?api:[^}]+)\}\/(.+)$/.exec(arn);
    if (!m) fail(w('SourceArn'), `${arn} is not an API's execute-api ARN of the stack's account, followed by a path`);
    if (m[1] !== x.region() && m[1] !== '${AWS::Region}') fail(w('SourceArn'), `names region ${m[1]}, not the stack's (${x.region()})`);
    const key = m[2];
    out.set(key, [
      ...(out.get(key) ?? []),
      {
        function: functionOf(p.FunctionName, w('FunctionName'), ['Arn', 'Ref']),
        action: r.str(p.Action, w('Action')),
        principal: r.str(p.Principal, w('Principal')),
        source: `execute-api:${key.replace(/^(rest-)?api:/, '')}/${m[3]}`,
      },
    ]);
  }
  return out;
}
