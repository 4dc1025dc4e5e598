/*
 * The blueprint's API Gateway REST APIs read from a mock run, as the CloudFormation reader reads them: each
 * aws.apigateway.RestApi (its key from its name, "<blueprint>-<key>"), its resources, validators, models,
 * authorizers, methods and the Lambda proxy integration of each, its one deployment, stage and method settings,
 * its usage plans and keys, its custom domain; and API Gateway's account settings with the role they name.
 * References arrive as the mocks' values (ids, ARNs): each is looked up and named. Every input these do not read
 * throws, as does a resource of these types that belongs to no API.
 */
import { createHash } from 'node:crypto';
import { readSizing } from '../../design/sizing';
import { MOCK_ACCOUNT, REST_DOMAIN, mockOutputs, mockRestStageArn, mockRootResourceId } from '../../pulumi/mock-values';
import type { RestApiAccountInventory, RestApiInventory } from '../inventory';
import { apiKeyOf, readPermissions } from './apis';
import { certificateOf } from './certificates';
import type { Context, Inputs, R } from './context';
import { invokedFunction } from './function-names';
import { rolePermissionsOf } from './policies';
import { T } from './resource-types';

// What the inventory reads of each resource and of each part of it; anything else present throws.
const API = ['description', 'disableExecuteApiEndpoint', 'endpointConfiguration', 'name', 'tags'];
const RESOURCE = ['parentId', 'pathPart', 'restApi'];
const VALIDATOR = ['name', 'restApi', 'validateRequestBody', 'validateRequestParameters'];
const MODEL = ['contentType', 'name', 'restApi', 'schema'];
const AUTHORIZER = ['identitySource', 'name', 'providerArns', 'restApi', 'type'];
const METHOD = ['apiKeyRequired', 'authorization', 'authorizerId', 'httpMethod', 'requestModels', 'requestParameters', 'requestValidatorId', 'resourceId', 'restApi'];
const INTEGRATION = ['httpMethod', 'integrationHttpMethod', 'resourceId', 'restApi', 'timeoutMilliseconds', 'type', 'uri'];
const PREFLIGHT = ['apiKeyRequired', 'authorization', 'httpMethod', 'resourceId', 'restApi'];
const MOCK = ['httpMethod', 'requestTemplates', 'resourceId', 'restApi', 'type'];
const RESPONSE = ['httpMethod', 'resourceId', 'responseParameters', 'restApi', 'statusCode'];
const GATEWAY_RESPONSE = ['responseParameters', 'responseType', 'restApiId'];
const DEPLOYMENT = ['description', 'restApi', 'triggers'];
const STAGE = ['accessLogSettings', 'deployment', 'restApi', 'stageName', 'tags', 'xrayTracingEnabled'];
const METHOD_SETTINGS = ['methodPath', 'restApi', 'settings', 'stageName'];
const SETTINGS = ['dataTraceEnabled', 'loggingLevel', 'metricsEnabled', 'throttlingBurstLimit', 'throttlingRateLimit'];
const PLAN = ['apiStages', 'description', 'name', 'quotaSettings', 'tags', 'throttleSettings'];
const KEY_INPUTS = ['description', 'enabled', 'name', 'tags'];
const PLAN_KEY = ['keyId', 'keyType', 'usagePlanId'];
const DOMAIN = ['domainName', 'endpointConfiguration', 'regionalCertificateArn', 'securityPolicy', 'tags'];
const MAPPING = ['domainName', 'restApi', 'stageName'];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Throws on a key of `o` that `fields` does not list. */
function only(o: Inputs | undefined, fields: readonly string[], what: string): Inputs {
  const extra = Object.keys(o ?? {}).filter((k) => !fields.includes(k));
  if (extra.length) throw new Error(`parity: ${what}: ${extra.join(', ')}: not in the inventory`);
  return o ?? {};
}

/** Each REST API by its key; two of one key throw. */
function restApis(ctx: Context): Map<R, string> {
  const out = new Map<R, string>();
  for (const api of ctx.ofType(T.restApi)) {
    const key = apiKeyOf(ctx, api);
    const other = [...out].find(([, k]) => k === key);
    if (other) throw new Error(`parity: REST APIs ${other[0].name} and ${api.name} have the same key ${key}`);
    out.set(api, key);
  }
  return out;
}

/** The REST API a resource's restApi names (by id). */
function apiOf(ctx: Context, r: R): R {
  const api = ctx.byId.get(r.inputs.restApi);
  if (!api || api.type !== T.restApi) throw new Error(`parity: ${r.name}: restApi ${JSON.stringify(r.inputs.restApi)} is no REST API's id`);
  return api;
}

/** A REST API stage's ARN (a web ACL association's resourceArn) as "rest-api:<key>"; undefined for anything else. */
export function restStageByArn(ctx: Context, arn: string): string | undefined {
  const keys = restApis(ctx);
  const stage = ctx.ofType(T.restStage).find((s) => mockRestStageArn(ctx.region, String(s.inputs.restApi), String(s.inputs.stageName)) === arn);
  return stage && `rest-api:${keys.get(apiOf(ctx, stage))}`;
}

/** Each log group a REST API writes: its access logs (by the stage's destination ARN, "rest-api:<key>") and its execution logs (by name, "rest-api:<key>:execution"). */
export function restApiLogGroupOwners(ctx: Context): [string, string][] {
  const keys = restApis(ctx);
  const out: [string, string][] = [];
  for (const s of ctx.ofType(T.restStage)) {
    const key = keys.get(apiOf(ctx, s))!;
    if (s.inputs.accessLogSettings?.destinationArn !== undefined) out.push([ctx.logGroupByArn(s.inputs.accessLogSettings.destinationArn).name, `rest-api:${key}`]);
    const name = `API-Gateway-Execution-Logs_${s.inputs.restApi}/${s.inputs.stageName}`;
    const lg = ctx.ofType(T.logGroup).find((l) => l.inputs.name === name);
    if (lg) out.push([lg.name, `rest-api:${key}:execution`]);
  }
  return out;
}

/** A REST API custom domain's alias target (regionalDomainName, regionalZoneId) and the API it is mapped to. */
export function restDomainTargets(ctx: Context): [string, string, string][] {
  const keys = restApis(ctx);
  return ctx.ofType(T.restDomain).map((d): [string, string, string] => {
    const mapping = ctx.must(ctx.ofType(T.restBasePathMapping).find((m) => m.inputs.domainName === d.inputs.domainName), `the REST API of domain ${d.name}`);
    const o = mockOutputs(REST_DOMAIN, d.name, ctx.regionOf(d), d.inputs);
    return [String(o.regionalDomainName), String(o.regionalZoneId), `rest-api:${keys.get(apiOf(ctx, mapping))}`];
  });
}

export function readRestApis(ctx: Context): RestApiInventory[] {
  const { ofType, id, must } = ctx;
  const keys = restApis(ctx);
  const byApi = (type: string) => {
    const out = new Map<R, R[]>([...keys.keys()].map((a) => [a, []]));
    for (const r of ofType(type)) out.get(apiOf(ctx, r))!.push(r);
    return out;
  };
  const resources = byApi(T.restResource);
  const validators = byApi(T.restValidator);
  const models = byApi(T.restModel);
  const authorizers = byApi(T.restAuthorizer);
  const methods = byApi(T.restMethod);
  const integrations = byApi(T.restIntegration);
  const deployments = byApi(T.restDeployment);
  const stages = byApi(T.restStage);
  const settings = byApi(T.restMethodSettings);
  const mappings = byApi(T.restBasePathMapping);
  const functionOf = (v: unknown, what: string): string => {
    const found = invokedFunction(ctx, v, true);
    if (!found) throw new Error(`parity: ${what}: ${JSON.stringify(v)} is no function's ARN`);
    return found.name;
  };
  const permissions = readPermissions(ctx, functionOf);
  const pools = new Map(ofType(T.userPool).map((p) => [ctx.byArnValue(p), p]));

  return [...keys].map(([api, key]): RestApiInventory => {
    const i = only(api.inputs, API, `REST API ${api.name}`);
    // Resource paths from their parents: the root is the API's rootResourceId.
    const root = mockRootResourceId(api.name);
    const own = resources.get(api)!;
    const pathOf = new Map<string, string>();
    const resolvePath = (r: R, seen: R[] = []): string => {
      if (pathOf.has(id(r))) return pathOf.get(id(r))!;
      if (seen.includes(r)) throw new Error(`parity: resource ${r.name} is its own ancestor`);
      const q = only(r.inputs, RESOURCE, `resource ${r.name}`);
      const parent = q.parentId === root ? undefined : must(own.find((p) => id(p) === q.parentId), `the parent of resource ${r.name} (its API's root or one of its resources)`);
      const path = `${parent ? resolvePath(parent, [...seen, r]) : ''}/${q.pathPart}`;
      pathOf.set(id(r), path);
      return path;
    };
    const paths = own.map((r) => resolvePath(r));
    const twice = paths.find((x, n) => paths.indexOf(x) !== n);
    if (twice) throw new Error(`parity: REST API ${api.name} has two resources of path ${twice}`);
    const resourcePath = (v: unknown, what: string) => (v === root ? '/' : must(pathOf.get(String(v)), `the resource of ${what} (its API's root or one of its resources)`));

    const nameOf = (list: R[], fields: readonly string[], what: string) =>
      new Map(
        list.map((r) => {
          only(r.inputs, fields, `${what} ${r.name}`);
          return [id(r), r.inputs.name as string];
        }),
      );
    const validatorName = nameOf(validators.get(api)!, VALIDATOR, 'request validator');
    const modelName = new Map(models.get(api)!.map((m) => [m.inputs.name as string, m.inputs.name as string]));
    for (const m of models.get(api)!) only(m.inputs, MODEL, `model ${m.name}`);
    const authorizerName = nameOf(authorizers.get(api)!, AUTHORIZER, 'authorizer');
    const named = (v: unknown, of: Map<string, string>, what: string) => must(of.get(String(v)), `${what} ${JSON.stringify(v)} of REST API ${api.name}`);

    const apiIntegrations = integrations.get(api)!;
    const used = new Set<R>();
    const integrationOf = (m: R) => must(apiIntegrations.find((x) => x.inputs.resourceId === m.inputs.resourceId && x.inputs.httpMethod === m.inputs.httpMethod), `the integration of method ${m.name}`);
    const isPreflight = (m: R) => integrationOf(m).inputs.type === 'MOCK';
    const responsesOf = (type: string, m: R) => (byApi(type).get(api) ?? []).filter((x) => x.inputs.resourceId === m.inputs.resourceId && x.inputs.httpMethod === m.inputs.httpMethod);
    const preflights = methods.get(api)!.filter(isPreflight).map((m): NonNullable<RestApiInventory['preflight']> => {
      only(m.inputs, PREFLIGHT, `preflight ${m.name}`);
      if (m.inputs.httpMethod !== 'OPTIONS' || (m.inputs.authorization ?? 'NONE') !== 'NONE' || m.inputs.apiKeyRequired === true) throw new Error(`parity: method ${m.name} has a mock integration but is not an open OPTIONS method: the inventory reads mock integrations as CORS preflights only`);
      const integration = integrationOf(m);
      used.add(integration);
      only(integration.inputs, MOCK, `the mock integration of ${m.name}`);
      const [response, ...more] = responsesOf(T.restMethodResponse, m);
      const [answer, ...others] = responsesOf(T.restIntegrationResponse, m);
      if (!response || !answer || more.length || others.length) throw new Error(`parity: preflight ${m.name} has not exactly one method response and one integration response`);
      only(response.inputs, RESPONSE, `method response ${response.name}`);
      only(answer.inputs, RESPONSE, `integration response ${answer.name}`);
      if (response.inputs.statusCode !== answer.inputs.statusCode) throw new Error(`parity: method response ${response.name} is not of its integration response's status`);
      const declared = Object.entries((response.inputs.responseParameters ?? {}) as Record<string, unknown>);
      if (declared.some(([, v]) => v !== true)) throw new Error(`parity: method response ${response.name} declares a header that is not required (true)`);
      return { paths: [resourcePath(m.inputs.resourceId, `preflight ${m.name}`)], requestTemplates: integration.inputs.requestTemplates ?? {}, statusCode: answer.inputs.statusCode, headers: answer.inputs.responseParameters ?? {}, methodResponseHeaders: declared.map(([k]) => k) };
    });
    for (const p of preflights) if (JSON.stringify({ ...p, paths: [] }) !== JSON.stringify({ ...preflights[0], paths: [] })) throw new Error(`parity: REST API ${api.name}: its preflights differ (${p.paths[0]} from ${preflights[0].paths[0]}); the inventory reads preflights that are all alike`);
    const preflight = preflights.length ? { ...preflights[0], paths: preflights.map((p) => p.paths[0]) } : null;
    const apiMethods = methods.get(api)!.filter((m) => !isPreflight(m)).map((m): RestApiInventory['methods'][number] => {
      const q = only(m.inputs, METHOD, `method ${m.name}`);
      const integration = integrationOf(m);
      used.add(integration);
      const ig = only(integration.inputs, INTEGRATION, `integration ${integration.name}`);
      if (ig.type !== 'AWS_PROXY') throw new Error(`parity: integration ${integration.name} is ${ig.type}; the inventory reads Lambda proxy (AWS_PROXY) integrations`);
      const uri = /^arn:aws:apigateway:([^:]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(String(ig.uri));
      if (!uri || uri[1] !== ctx.region) throw new Error(`parity: integration ${integration.name}: ${ig.uri} is not Lambda's invocation URI in ${ctx.region}`);
      const parameters = (q.requestParameters ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(parameters)) if (v !== true) throw new Error(`parity: method ${m.name}: request parameter ${k} is not required (true); the inventory reads required parameters`);
      const requestModels = (q.requestModels ?? {}) as Record<string, string>;
      const other = Object.keys(requestModels).filter((k) => k !== 'application/json');
      if (other.length) throw new Error(`parity: method ${m.name}: ${other.join(', ')}: the inventory reads application/json models only`);
      return {
        routeKey: `${q.httpMethod} ${resourcePath(q.resourceId, `method ${m.name}`)}`,
        target: functionOf(uri[2], `integration ${integration.name}`),
        integration: { type: ig.type, httpMethod: ig.integrationHttpMethod, timeoutMs: (ig.timeoutMilliseconds as number | undefined) ?? 29000 },
        authorizationType: q.authorization ?? 'NONE',
        authorizer: q.authorizerId === undefined ? null : named(q.authorizerId, authorizerName, 'authorizer'),
        apiKeyRequired: q.apiKeyRequired === true,
        requiredParameters: Object.keys(parameters),
        validator: q.requestValidatorId === undefined ? null : named(q.requestValidatorId, validatorName, 'request validator'),
        model: requestModels['application/json'] === undefined ? null : named(requestModels['application/json'], modelName, 'model'),
      };
    });
    for (const x of apiIntegrations) if (!used.has(x)) throw new Error(`parity: integration ${x.name} belongs to no method`);

    const one = (what: string, list: R[]) => {
      if (list.length !== 1) throw new Error(`parity: REST API ${api.name} has ${list.length} ${what}s; the inventory reads an API with exactly one`);
      return list[0];
    };
    const deployment = one('deployment', deployments.get(api)!);
    only(deployment.inputs, DEPLOYMENT, `deployment ${deployment.name}`);
    const stage = one('stage', stages.get(api)!);
    if (stage.inputs.deployment !== id(deployment)) throw new Error(`parity: stage ${stage.name} is not on its API's deployment`);
    const endpoint = i.endpointConfiguration === undefined ? undefined : only(i.endpointConfiguration, ['types'], `the endpoint configuration of REST API ${api.name}`);

    return {
      key,
      sizing: readSizing(i.tags, `REST API ${api.name}`),
      description: i.description ?? null,
      endpointTypes: endpoint ? ([] as string[]).concat(endpoint.types) : ['EDGE'],
      executeApiEndpoint: i.disableExecuteApiEndpoint !== true,
      resources: paths,
      validators: validators.get(api)!.map((v) => ({ name: v.inputs.name, body: v.inputs.validateRequestBody === true, parameters: v.inputs.validateRequestParameters === true })),
      models: models.get(api)!.map((m) => ({ name: m.inputs.name, contentType: m.inputs.contentType, schemaSha256: sha256(JSON.stringify(JSON.parse(m.inputs.schema))) })),
      authorizers: authorizers.get(api)!.map((z) => {
        if (z.inputs.type !== 'COGNITO_USER_POOLS') throw new Error(`parity: authorizer ${z.name} is ${z.inputs.type}; the inventory reads Cognito user pool authorizers`);
        return {
          name: z.inputs.name,
          type: z.inputs.type,
          identitySource: z.inputs.identitySource,
          providers: ((z.inputs.providerArns ?? []) as string[]).map((arn) => `user-pool:${apiKeyOf(ctx, must(pools.get(arn), `the user pool ${arn} of authorizer ${z.name}`))}`),
        };
      }),
      methods: apiMethods,
      permissions: permissions.get(`rest-api:${key}`) ?? [],
      preflight,
      gatewayResponses: ofType(T.restGatewayResponse)
        .filter((g) => g.inputs.restApiId === id(api))
        .map((g) => {
          only(g.inputs, GATEWAY_RESPONSE, `gateway response ${g.name}`);
          return { type: g.inputs.responseType, headers: g.inputs.responseParameters ?? {} };
        }),
      deployment: { description: deployment.inputs.description ?? null },
      stage: readStage(ctx, stage, settings.get(api)!, key),
      usagePlans: readUsagePlans(ctx, api, stage),
      domain: readDomain(ctx, mappings.get(api)!, stage),
    };
  });
}

/** A stage: name, tracing, access logs and its one method settings resource, for every method. */
function readStage(ctx: Context, s: R, settings: R[], key: string): RestApiInventory['stage'] {
  const i = only(s.inputs, STAGE, `stage ${s.name}`);
  const logs = i.accessLogSettings === undefined ? undefined : only(i.accessLogSettings, ['destinationArn', 'format'], `the access log settings of stage ${s.name}`);
  if (logs) ctx.logGroupByArn(ctx.must(logs.destinationArn as string | undefined, `the access-log destination of stage ${s.name}`));
  if (settings.length > 1) throw new Error(`parity: stage ${s.name} has ${settings.length} method settings; the inventory reads those of every method (*/*) only`);
  let methodSettings: RestApiInventory['stage']['methodSettings'] = null;
  if (settings.length) {
    const m = only(settings[0].inputs, METHOD_SETTINGS, `method settings ${settings[0].name}`);
    if (m.methodPath !== '*/*' || m.stageName !== i.stageName) throw new Error(`parity: method settings ${settings[0].name} are not for every method (*/*) of stage ${i.stageName}`);
    const x = only(m.settings, SETTINGS, `the settings of ${settings[0].name}`);
    if ((x.throttlingRateLimit === undefined) !== (x.throttlingBurstLimit === undefined)) throw new Error(`parity: ${settings[0].name} sets one of throttlingRateLimit and throttlingBurstLimit; the inventory reads both or neither`);
    methodSettings = {
      loggingLevel: x.loggingLevel ?? 'OFF',
      dataTrace: x.dataTraceEnabled === true,
      metrics: x.metricsEnabled === true,
      throttling: x.throttlingRateLimit === undefined ? null : { rateLimit: x.throttlingRateLimit, burstLimit: x.throttlingBurstLimit },
    };
  }
  return {
    name: ctx.must(i.stageName as string | undefined, `the name of stage ${s.name}`),
    tracing: i.xrayTracingEnabled === true,
    accessLogs: logs ? { logGroup: `log-group:rest-api:${key}`, format: ctx.must(logs.format as string | undefined, `the access-log format of stage ${s.name}`) } : null,
    methodSettings,
  };
}

/** The usage plans on an API's stage, with their keys (by name). */
function readUsagePlans(ctx: Context, api: R, stage: R): RestApiInventory['usagePlans'] {
  const { ofType, id, must } = ctx;
  return ofType(T.usagePlan)
    .filter((p) => ((p.inputs.apiStages ?? []) as Inputs[]).some((s) => s.apiId === id(api)))
    .map((p) => {
      const i = only(p.inputs, PLAN, `usage plan ${p.name}`);
      const apiStages = (i.apiStages ?? []) as Inputs[];
      if (apiStages.length !== 1 || apiStages[0].stage !== stage.inputs.stageName) throw new Error(`parity: usage plan ${p.name} is not on exactly its API's one stage`);
      only(apiStages[0], ['apiId', 'stage'], `the API stage of usage plan ${p.name}`);
      const throttle = i.throttleSettings === undefined ? undefined : only(i.throttleSettings, ['burstLimit', 'rateLimit'], `the throttle settings of ${p.name}`);
      const quota = i.quotaSettings === undefined ? undefined : only(i.quotaSettings, ['limit', 'period'], `the quota settings of ${p.name}`);
      return {
        name: i.name,
        description: i.description ?? null,
        throttle: throttle ? { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit } : null,
        quota: quota ? { limit: quota.limit, period: quota.period } : null,
        keys: ofType(T.usagePlanKey)
          .filter((k) => k.inputs.usagePlanId === id(p))
          .map((k) => {
            only(k.inputs, PLAN_KEY, `usage plan key ${k.name}`);
            if (k.inputs.keyType !== 'API_KEY') throw new Error(`parity: usage plan key ${k.name} is not API_KEY`);
            const key = must(ofType(T.apiKey).find((x) => id(x) === k.inputs.keyId), `the API key of ${k.name}`);
            only(key.inputs, KEY_INPUTS, `API key ${key.name} (a value and a customer ID are not: its value is generated)`);
            if (key.inputs.enabled !== true) throw new Error(`parity: API key ${key.name} is not enabled`);
            return { name: key.inputs.name as string, description: (key.inputs.description as string | undefined) ?? null };
          }),
      };
    });
}

/** An API's custom domain: the one its one base path mapping (to its stage) names. */
function readDomain(ctx: Context, mappings: R[], stage: R): RestApiInventory['domain'] {
  if (mappings.length > 1) throw new Error(`parity: ${mappings[1].name} is a second base path mapping of its API; the inventory reads one at most`);
  if (!mappings.length) return null;
  const m = only(mappings[0].inputs, MAPPING, `base path mapping ${mappings[0].name}`);
  if (m.stageName !== stage.inputs.stageName) throw new Error(`parity: ${mappings[0].name} maps another stage than its API's`);
  const d = ctx.must(ctx.ofType(T.restDomain).find((x) => x.inputs.domainName === m.domainName), `the domain of ${mappings[0].name}`);
  const i = only(d.inputs, DOMAIN, `REST API domain ${d.name}`);
  const types = ([] as string[]).concat(only(i.endpointConfiguration, ['types'], `the endpoint configuration of ${d.name}`).types ?? ['EDGE']);
  if (types.length !== 1) throw new Error(`parity: REST API domain ${d.name} names not exactly one endpoint type`);
  return { name: i.domainName, endpointType: types[0], securityPolicy: i.securityPolicy ?? 'TLS_1_0', certificate: ctx.must(certificateOf(ctx, i.regionalCertificateArn) ?? undefined, `the certificate of ${d.name}`) };
}

/** Every domain and mapping is some API's, every API key in some plan. */
export function checkRestApiPartsUsed(ctx: Context): void {
  const { ofType, id } = ctx;
  for (const d of ofType(T.restDomain)) if (!ofType(T.restBasePathMapping).some((m) => m.inputs.domainName === d.inputs.domainName)) throw new Error(`parity: REST API domain ${d.name} is mapped to no REST API`);
  for (const k of ofType(T.apiKey)) if (!ofType(T.usagePlanKey).some((pk) => pk.inputs.keyId === id(k))) throw new Error(`parity: API key ${k.name} is in no usage plan`);
  for (const pk of ofType(T.usagePlanKey)) ctx.must(ofType(T.usagePlan).find((p) => id(p) === pk.inputs.usagePlanId), `the usage plan of ${pk.name}`);
}

/** API Gateway's account settings and the role they name (assumed by apigateway.amazonaws.com alone); null without them. */
export function readRestApiAccount(ctx: Context): RestApiAccountInventory | null {
  const accounts = ctx.ofType(T.apigwAccount);
  if (accounts.length > 1) throw new Error(`parity: ${accounts[1].name} is a second API Gateway account setting`);
  if (!accounts.length) return null;
  const a = only(accounts[0].inputs, ['cloudwatchRoleArn'], `API Gateway account ${accounts[0].name}`);
  const role = ctx.must(ctx.ofType('aws:iam/role:Role').find((r) => ctx.byArnValue(r) === a.cloudwatchRoleArn), `the role of ${accounts[0].name}`);
  const trust = JSON.parse(role.inputs.assumeRolePolicy);
  const principals = (trust.Statement as Inputs[]).map((s) => JSON.stringify(s.Principal));
  if (principals.length !== 1 || principals[0] !== JSON.stringify({ Service: 'apigateway.amazonaws.com' })) throw new Error(`parity: role ${role.name} is not assumed by apigateway.amazonaws.com alone`);
  const rolePermissions = rolePermissionsOf(ctx, a.cloudwatchRoleArn, "API Gateway's CloudWatch role", (arn) => {
    if (arn !== `arn:aws:logs:${ctx.region}:${MOCK_ACCOUNT}:*`) throw new Error(`parity: API Gateway's CloudWatch role names ${arn}, not every log group of the account and region`);
    return 'log-group:*';
  });
  const policies = ctx.ofType(T.rolePolicy).filter((p) => p.inputs.role === ctx.id(role));
  return { rolePermissions, retained: [accounts[0], role, ...policies].every((r) => r.retainOnDelete === true) };
}
