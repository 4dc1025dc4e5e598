/*
 * The blueprint's API Gateway HTTP APIs read from a mock run, as the
 * CloudFormation reader reads them: each aws.apigatewayv2.Api (its key from
 * its name, "<blueprint>-<key>", the blueprint's name the provider's default
 * "blueprint" tag), its stage, JWT authorizers, routes with the Lambda proxy
 * integration each targets, and the aws.lambda.Permission resources whose
 * sourceArn lies under its executionArn. References arrive as the mocks'
 * values (ids, ARNs): each is looked up and named. Every input these do not
 * read throws, as does a resource of these types that belongs to no API.
 */
import { readSizing } from '../../design/sizing';
import { mockExecutionArn } from '../../pulumi/mock-values';
import type { ApiInventory } from '../inventory';
import { certificateOf } from './certificates';
import type { Context, Inputs, R } from './context';
import { invokedFunction } from './function-names';
import { T } from './resource-types';
import { readApiDistributions } from './sites';
import { namesOf } from './names';
import { ports, subnetLookup } from './network';

// What the inventory reads of each resource and of each part of it; anything else present throws.
const API = ['corsConfiguration', 'description', 'disableExecuteApiEndpoint', 'name', 'protocolType', 'tags'];
const DOMAIN = ['domainName', 'domainNameConfiguration', 'tags'];
const DOMAIN_CONFIG = ['certificateArn', 'endpointType', 'hostedZoneId', 'securityPolicy', 'targetDomainName'];
const MAPPING = ['apiId', 'domainName', 'stage'];
const CORS = ['allowHeaders', 'allowMethods', 'allowOrigins', 'maxAge'];
// The stack's tags are its provider's (Inventory.tags); a stage carries no other.
const STAGE = ['accessLogSettings', 'apiId', 'autoDeploy', 'defaultRouteSettings', 'name', 'tags'];
const ACCESS_LOGS = ['destinationArn', 'format'];
const ROUTE_SETTINGS = ['throttlingBurstLimit', 'throttlingRateLimit'];
const AUTHORIZER = ['apiId', 'authorizerType', 'identitySources', 'jwtConfiguration', 'name'];
const JWT = ['audiences', 'issuer'];
const INTEGRATION = ['apiId', 'integrationType', 'integrationUri', 'payloadFormatVersion', 'timeoutMilliseconds'];
const VPC_LINK_INTEGRATION = [...INTEGRATION, 'connectionId', 'connectionType', 'integrationMethod', 'requestParameters', 'tlsConfig'];
const VPC_LINK = ['name', 'securityGroupIds', 'subnetIds', 'tags'];
const SECURITY_GROUP = ['description', 'egress', 'ingress', 'name', 'tags', 'vpcId'];
const ROUTE = ['apiId', 'authorizationType', 'authorizerId', 'routeKey', 'target'];
const PERMISSION = ['action', 'function', 'principal', 'sourceArn'];

/** A blueprint key (src/schema/common.ts). */
const KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Throws on a key of `o` that `fields` does not list. */
function only(o: Inputs | undefined, fields: readonly string[], what: string): Inputs {
  const extra = Object.keys(o ?? {}).filter((k) => !fields.includes(k));
  if (extra.length) throw new Error(`parity: ${what}: ${extra.join(', ')}: not in the inventory`);
  return o ?? {};
}

/** An API's key: its name, "<blueprint>-<key>", less the blueprint's name (the provider's default "blueprint" tag). */
export function apiKeyOf(ctx: Context, api: R): string {
  const provider = ctx.resources.find((r) => r.type === 'pulumi:providers:aws' && r.name === ctx.provider);
  const blueprint = ctx.must((provider?.inputs.defaultTags ? JSON.parse(provider.inputs.defaultTags).tags : {})?.blueprint as string | undefined, `the "blueprint" default tag of provider ${ctx.provider}`);
  const name = ctx.must(api.inputs.name as string | undefined, `the name of API ${api.name}`);
  const key = name.startsWith(`${blueprint}-`) ? name.slice(blueprint.length + 1) : '';
  if (!KEY.test(key)) throw new Error(`parity: API ${api.name}: name ${JSON.stringify(name)} is not "${blueprint}-<key>" (the blueprint's name, then an API key)`);
  return key;
}

/** The API a resource's apiId names (by id). */
function apiOf(ctx: Context, r: R): R {
  const api = ctx.byId.get(r.inputs.apiId);
  if (!api || api.type !== T.api) throw new Error(`parity: ${r.name}: apiId ${JSON.stringify(r.inputs.apiId)} is no HTTP API's id`);
  return api;
}

/** An ApiId metric dimension's value (an API's id) as "api:<key>"; undefined when it is no API's id. */
export function apiDimension(ctx: Context, value: string): string | undefined {
  const api = ctx.ofType(T.api).find((a) => ctx.id(a) === value);
  return api && `api:${apiKeyOf(ctx, api)}`;
}

/** Each log group an API's stage writes its access logs to (by its ARN): log group name -> "api:<key>". */
export function apiLogGroupOwners(ctx: Context): [string, string][] {
  return ctx
    .ofType(T.apiStage)
    .filter((s) => s.inputs.accessLogSettings?.destinationArn !== undefined)
    .map((s) => [ctx.logGroupByArn(s.inputs.accessLogSettings.destinationArn).name, `api:${apiKeyOf(ctx, apiOf(ctx, s))}`]);
}

/** Each API's custom domain: the domain its one mapping (to its one stage) names; a domain mapped to no API throws. */
function readDomains(ctx: Context, mappings: Map<R, R[]>, stages: Map<R, R[]>): Map<R, NonNullable<ApiInventory['domain']>> {
  const out = new Map<R, NonNullable<ApiInventory['domain']>>();
  const mapped = new Set<R>();
  for (const [api, ms] of mappings) {
    if (ms.length > 1) throw new Error(`parity: API ${api.name} has ${ms.length} domain mappings; the inventory reads one at most`);
    if (!ms.length) continue;
    const m = only(ms[0].inputs, MAPPING, `API mapping ${ms[0].name}`);
    if (m.stage !== ctx.id(stages.get(api)![0])) throw new Error(`parity: ${ms[0].name} maps another stage than its API's`);
    const d = ctx.must(ctx.ofType(T.apiDomain).find((x) => ctx.id(x) === m.domainName), `the domain of ${ms[0].name}`);
    if (mapped.has(d)) throw new Error(`parity: API domain ${d.name} is mapped to two APIs`);
    mapped.add(d);
    const i = only(d.inputs, DOMAIN, `API domain ${d.name}`);
    const c = only(i.domainNameConfiguration, DOMAIN_CONFIG, `the configuration of API domain ${d.name}`);
    out.set(api, { name: i.domainName, endpointType: c.endpointType ?? 'REGIONAL', securityPolicy: c.securityPolicy ?? 'TLS_1_2', certificate: ctx.must(certificateOf(ctx, c.certificateArn) ?? undefined, `the certificate of ${d.name}`) });
  }
  for (const d of ctx.ofType(T.apiDomain)) if (!mapped.has(d)) throw new Error(`parity: API domain ${d.name} is mapped to no API`);
  return out;
}

export function readApis(ctx: Context): ApiInventory[] {
  const { ofType, id } = ctx;
  const apis = ofType(T.api);
  const keys = new Map(apis.map((a) => [a, apiKeyOf(ctx, a)]));
  const seen = new Map<string, string>();
  for (const [a, key] of keys) {
    if (seen.has(key)) throw new Error(`parity: APIs ${seen.get(key)} and ${a.name} have the same key ${key}`);
    seen.set(key, a.name);
  }
  // Every stage, authorizer, integration and route, by the API its apiId names.
  const byApi = (type: string) => {
    const out = new Map<R, R[]>(apis.map((a) => [a, []]));
    for (const r of ofType(type)) out.get(apiOf(ctx, r))!.push(r);
    return out;
  };
  const stages = byApi(T.apiStage);
  const authorizers = byApi(T.apiAuthorizer);
  const integrations = byApi(T.apiIntegration);
  const routes = byApi(T.apiRoute);

  // A function of the blueprint by its ARN (or name): "function:<key>"; its alias by the alias's ARN: "function:<key>:<alias>".
  const functionOf = (v: unknown, what: string): string => {
    const found = invokedFunction(ctx, v, true);
    if (!found) throw new Error(`parity: ${what}: ${JSON.stringify(v)} is no function's ARN`);
    return found.name;
  };
  const permissions = readPermissions(ctx, functionOf);
  const cdns = readApiDistributions(ctx);
  const domains = readDomains(ctx, byApi(T.apiMapping), stages);

  return [...keys].map(([api, key]): ApiInventory => {
    const i = only(api.inputs, API, `API ${api.name}`);
    const c = i.corsConfiguration === undefined ? undefined : only(i.corsConfiguration, CORS, `the CORS configuration of API ${api.name}`);
    const own = stages.get(api)!;
    if (own.length !== 1) throw new Error(`parity: API ${api.name} has ${own.length} stages; the inventory reads an API with exactly one`);
    const authorizerName = new Map(authorizers.get(api)!.map((z) => [id(z), z.inputs.name as string]));
    const integrationOf = new Map(integrations.get(api)!.map((x) => [id(x), readIntegration(ctx, x, functionOf)]));
    const targeted = new Set<string>();
    const apiRoutes = routes.get(api)!.map((rt): ApiInventory['routes'][number] => {
      const q = only(rt.inputs, ROUTE, `route ${rt.name}`);
      const m = /^integrations\/(.+)$/.exec(String(q.target));
      if (!m) throw new Error(`parity: route ${rt.name}: target ${JSON.stringify(q.target)} is not "integrations/<integration id>"`);
      if (!integrationOf.has(m[1])) throw new Error(`parity: route ${rt.name} targets ${m[1]}, no integration of API ${api.name}`);
      targeted.add(m[1]);
      let authorizer: string | null = null;
      if (q.authorizerId !== undefined) {
        authorizer = authorizerName.get(q.authorizerId) ?? null;
        if (authorizer === null) throw new Error(`parity: route ${rt.name}: authorizerId ${JSON.stringify(q.authorizerId)} is no authorizer of API ${api.name}`);
      }
      const { target, vpcLinkId: _link, ...settings } = integrationOf.get(m[1])!;
      return { routeKey: q.routeKey, target, integration: settings, authorizationType: q.authorizationType ?? 'NONE', authorizer };
    });
    for (const x of integrations.get(api)!) if (!targeted.has(id(x))) throw new Error(`parity: integration ${x.name}: no route targets it`);
    const routeKeys = apiRoutes.map((rt) => rt.routeKey);
    const twice = routeKeys.find((k, n) => routeKeys.indexOf(k) !== n);
    if (twice !== undefined) throw new Error(`parity: API ${api.name} has two routes of route key ${JSON.stringify(twice)}`);
    return {
      key,
      sizing: readSizing(i.tags, `API ${api.name}`),
      protocol: ctx.must(i.protocolType as string | undefined, `the protocol type of API ${api.name}`),
      description: i.description ?? null,
      domain: domains.get(api) ?? null,
      executeApiEndpoint: i.disableExecuteApiEndpoint !== true,
      cors: c ? { allowOrigins: c.allowOrigins ?? [], allowMethods: c.allowMethods ?? [], allowHeaders: c.allowHeaders ?? [], maxAgeSeconds: c.maxAge ?? null } : null,
      stage: readStage(ctx, own[0], key),
      authorizers: authorizers.get(api)!.map(readAuthorizer),
      routes: apiRoutes,
      permissions: permissions.get(`api:${key}`) ?? [],
      cdn: cdns.get(key) ?? null,
      vpcLink: ((links) => {
        if (links.size > 1) throw new Error(`parity: API ${api.name} connects through ${links.size} VPC links; the inventory reads one at most`);
        return links.size ? readVpcLink(ctx, [...links][0]) : null;
      })(new Set([...integrationOf.values()].flatMap((x) => (x.vpcLinkId ? [x.vpcLinkId] : [])))),
    };
  });
}

/** A stage: name, auto deploy (the provider's default when absent: off), default route throttling and access logs. */
function readStage(ctx: Context, s: R, key: string): ApiInventory['stage'] {
  const i = only(s.inputs, STAGE, `stage ${s.name}`);
  const settings = i.defaultRouteSettings === undefined ? undefined : only(i.defaultRouteSettings, ROUTE_SETTINGS, `the default route settings of stage ${s.name}`);
  if (settings && (settings.throttlingRateLimit === undefined) !== (settings.throttlingBurstLimit === undefined)) {
    throw new Error(`parity: stage ${s.name} sets one of throttlingRateLimit and throttlingBurstLimit; the inventory reads both or neither`);
  }
  const logs = i.accessLogSettings === undefined ? undefined : only(i.accessLogSettings, ACCESS_LOGS, `the access log settings of stage ${s.name}`);
  if (logs) ctx.logGroupByArn(ctx.must(logs.destinationArn as string | undefined, `the access-log destination of stage ${s.name}`));
  return {
    name: ctx.must(i.name as string | undefined, `the name of stage ${s.name}`),
    autoDeploy: i.autoDeploy === true,
    throttling: settings?.throttlingRateLimit !== undefined ? { rateLimit: settings.throttlingRateLimit, burstLimit: settings.throttlingBurstLimit } : null,
    accessLogs: logs ? { logGroup: `log-group:api:${key}`, format: ctx.must(logs.format as string | undefined, `the access-log format of stage ${s.name}`) } : null,
  };
}

/** A JWT authorizer: its name, type, identity sources, issuer and audiences. */
function readAuthorizer(z: R): ApiInventory['authorizers'][number] {
  const i = only(z.inputs, AUTHORIZER, `authorizer ${z.name}`);
  if (i.authorizerType !== 'JWT') throw new Error(`parity: authorizer ${z.name} is ${i.authorizerType}; the inventory reads JWT authorizers`);
  const jwt = only(i.jwtConfiguration, JWT, `the JWT configuration of authorizer ${z.name}`);
  if (jwt.issuer === undefined) throw new Error(`parity: authorizer ${z.name} names no issuer`);
  return { name: i.name, type: i.authorizerType, identitySource: i.identitySources ?? [], issuer: jwt.issuer, audience: jwt.audiences ?? [] };
}

/** A Lambda proxy integration: the function it invokes (integrationUri: its ARN), type, payload format and timeout (AWS's default: 30 s). */
function readIntegration(ctx: Context, x: R, functionOf: (v: unknown, what: string) => string): { target: string; vpcLinkId: string | null } & ApiInventory['routes'][number]['integration'] {
  if (x.inputs.payloadFormatVersion === undefined) throw new Error(`parity: integration ${x.name} names no payload format version`);
  const common = { type: x.inputs.integrationType as string, payloadFormatVersion: x.inputs.payloadFormatVersion as string, timeoutMs: (x.inputs.timeoutMilliseconds as number | undefined) ?? 30000 };
  if (x.inputs.integrationType === 'AWS_PROXY') {
    const i = only(x.inputs, INTEGRATION, `integration ${x.name}`);
    return { ...common, target: functionOf(i.integrationUri, `integration ${x.name}`), vpcLink: null, vpcLinkId: null };
  }
  if (x.inputs.integrationType !== 'HTTP_PROXY') throw new Error(`parity: integration ${x.name} is ${x.inputs.integrationType}; the inventory reads Lambda proxy (AWS_PROXY) and VPC link (HTTP_PROXY) integrations`);
  const i = only(x.inputs, VPC_LINK_INTEGRATION, `integration ${x.name}`);
  if (i.connectionType !== 'VPC_LINK') throw new Error(`parity: integration ${x.name} is an HTTP proxy without a VPC link; the inventory reads HTTP proxies through a VPC link only`);
  const link = ctx.must(ctx.ofType(T.vpcLink).find((l) => ctx.id(l) === i.connectionId), `the VPC link of integration ${x.name}`);
  const listener = ctx.must(ctx.ofType(T.listener).find((l) => ctx.byArnValue(l) === i.integrationUri), `the listener integration ${x.name} forwards to`);
  const params = i.requestParameters === undefined ? {} : only(i.requestParameters, ['overwrite:header.host'], `the request parameters of integration ${x.name}`);
  const tls = i.tlsConfig === undefined ? {} : only(i.tlsConfig, ['serverNameToVerify'], `the TLS config of integration ${x.name}`);
  return {
    ...common,
    target: `listener:${listener.inputs.protocol}`,
    vpcLinkId: ctx.id(link),
    vpcLink: { method: ctx.must(i.integrationMethod as string | undefined, `the method of integration ${x.name}`), serverNameToVerify: (tls.serverNameToVerify as string | undefined) ?? null, hostHeader: (params['overwrite:header.host'] as string | undefined) ?? null },
  };
}

/** An API's VPC link: its name, subnets and its security group's egress ("load-balancer:443"; the group admits nothing). */
function readVpcLink(ctx: Context, linkId: string): NonNullable<ApiInventory['vpcLink']> {
  const { ofType, id, must } = ctx;
  const link = must(ofType(T.vpcLink).find((l) => id(l) === linkId), `VPC link ${linkId}`);
  const i = only(link.inputs, VPC_LINK, `VPC link ${link.name}`);
  const names = namesOf(ctx);
  const egress = ((i.securityGroupIds ?? []) as string[]).flatMap((g) => {
    const sg = must(ofType(T.sg).find((s) => id(s) === g), `security group ${g} of VPC link ${link.name}`);
    only(sg.inputs, SECURITY_GROUP, `security group ${sg.name} of VPC link ${link.name}`);
    if (((sg.inputs.ingress ?? []) as Inputs[]).length || ofType(T.ingress).some((r) => r.inputs.securityGroupId === g)) throw new Error(`parity: security group ${sg.name} of VPC link ${link.name} admits something; a VPC link's group admits nothing`);
    return ((sg.inputs.egress ?? []) as Inputs[]).flatMap((e) => [...((e.cidrBlocks ?? []) as string[]), ...((e.securityGroups ?? []) as string[]).map(names.sgSource)].map((to) => `${to}:${ports(e)}`));
  });
  return { name: i.name as string, subnets: subnetLookup(ctx).subnetSet((i.subnetIds ?? []) as string[]), egress: egress.sort() };
}

/**
 * Every Lambda permission, by the API whose executionArn (in the stack's region) its sourceArn extends ("api:<key>"
 * for an HTTP API, "rest-api:<key>" for a REST API); any other throws.
 */
export function readPermissions(ctx: Context, functionOf: (v: unknown, what: string) => string): Map<string, ApiInventory['permissions']> {
  const keys = new Map<R, string>([...ctx.ofType(T.api).map((a): [R, string] => [a, `api:${apiKeyOf(ctx, a)}`]), ...ctx.ofType(T.restApi).map((a): [R, string] => [a, `rest-api:${apiKeyOf(ctx, a)}`])]);
  const out = new Map<string, ApiInventory['permissions']>();
  for (const p of ctx.ofType(T.lambdaPermission)) {
    // A function's bucket rule's permission (its sourceArn the rule's ARN) is read with the function.
    if (ctx.ofType(T.eventRule).some((rule) => ctx.byArnValue(rule) === p.inputs.sourceArn)) continue;
    const i = only(p.inputs, PERMISSION, `Lambda permission ${p.name}`);
    const arn = String(ctx.must(i.sourceArn as string | undefined, `the source ARN of Lambda permission ${p.name} (the inventory reads API Gateway's permissions, each scoped to an API)`));
    const owner = [...keys].find(([api]) => arn.startsWith(`${mockExecutionArn(api.name, ctx.region)}/`));
    if (!owner) throw new Error(`parity: Lambda permission ${p.name}: ${arn} is not below an API's execute-api ARN in ${ctx.region}`);
    const [api, key] = owner;
    out.set(key, [
      ...(out.get(key) ?? []),
      {
        function: functionOf(i.function, `Lambda permission ${p.name}`),
        action: i.action,
        principal: i.principal,
        source: `execute-api:${key.replace(/^(rest-)?api:/, '')}/${arn.slice(mockExecutionArn(api.name, ctx.region).length + 1)}`,
      },
    ]);
  }
  return out;
}
