/*
 * The blueprint's API Gateway REST APIs read from a CloudFormation template: each AWS::ApiGateway::RestApi
 * (its key from its Name, "<blueprint>-<key>"), its resources, validators, models, authorizers and methods
 * (each with its Lambda proxy integration), its one deployment and stage (access logs into a log group it owns,
 * execution logs into API-Gateway-Execution-Logs_<id>/<stage>), its usage plans and their keys, its custom
 * domain; and API Gateway's account settings with the role they name. Every property these do not read throws,
 * as does a resource of these types that belongs to no API.
 */
import { createHash } from 'node:crypto';
import { readSizing } from '../../design/sizing';
import type { RestApiAccountInventory, RestApiInventory } from '../inventory';
import { readPermissions, restApiKey, tagList } from './apis';
import { userPoolKey } from './graphql';
import { certificate } from './certificates';
import type { Context } from './context';
import { readRolePermissions } from './policies';
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown, pseudoParameter, refOf, type CfnTemplate } from './template';

// What the inventory reads of each resource and of each part of it; anything else present throws.
const API = ['Description', 'DisableExecuteApiEndpoint', 'EndpointConfiguration', 'Name', 'Tags'];
const RESOURCE = ['ParentId', 'PathPart', 'RestApiId'];
const VALIDATOR = ['Name', 'RestApiId', 'ValidateRequestBody', 'ValidateRequestParameters'];
const MODEL = ['ContentType', 'Name', 'RestApiId', 'Schema'];
const AUTHORIZER = ['IdentitySource', 'Name', 'ProviderARNs', 'RestApiId', 'Type'];
const METHOD = ['ApiKeyRequired', 'AuthorizationType', 'AuthorizerId', 'HttpMethod', 'Integration', 'RequestModels', 'RequestParameters', 'RequestValidatorId', 'ResourceId', 'RestApiId'];
const PREFLIGHT = ['ApiKeyRequired', 'AuthorizationType', 'HttpMethod', 'Integration', 'MethodResponses', 'ResourceId', 'RestApiId'];
const MOCK = ['IntegrationResponses', 'RequestTemplates', 'Type'];
const GATEWAY_RESPONSE = ['ResponseParameters', 'ResponseType', 'RestApiId'];
const INTEGRATION = ['IntegrationHttpMethod', 'TimeoutInMillis', 'Type', 'Uri'];
const DEPLOYMENT = ['Description', 'RestApiId'];
// The stack's tags are compared as the stack's (Inventory.tags).
const STAGE = ['AccessLogSetting', 'DeploymentId', 'MethodSettings', 'RestApiId', 'StageName', 'Tags', 'TracingEnabled'];
const METHOD_SETTING = ['DataTraceEnabled', 'HttpMethod', 'LoggingLevel', 'MetricsEnabled', 'ResourcePath', 'ThrottlingBurstLimit', 'ThrottlingRateLimit'];
const PLAN = ['ApiStages', 'Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName'];
const KEY_PROPS = ['Description', 'Enabled', 'Name', 'Tags'];
const PLAN_KEY = ['KeyId', 'KeyType', 'UsagePlanId'];
const DOMAIN = ['DomainName', 'EndpointConfiguration', 'RegionalCertificateArn', 'SecurityPolicy', 'Tags'];
const MAPPING = ['DomainName', 'RestApiId', 'Stage'];
const ACCOUNT = ['CloudWatchRoleArn'];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function only(o: Record<string, unknown>, fields: readonly string[], where: string): Record<string, unknown> {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory`);
  return o;
}

/** The REST API a resource's RestApiId names (by Ref). */
function apiOf(t: CfnTemplate, id: string, field = 'RestApiId'): string {
  const v = t.props(id)[field];
  const api = t.target(v, [T.restApi], t.where(id, field));
  if (refOf(v)!.attr !== 'Ref') fail(t.where(id, field), `names ${api} by something other than Ref (its id)`);
  return api;
}

/**
 * A stage's ARN as a web ACL association names it: arn:${AWS::Partition}:apigateway:<region>::/restapis/<Ref of
 * the API>/stages/<Ref of the stage>, as "rest-api:<key>"; undefined for anything else.
 */
export function restStageOfArn(x: Context, v: unknown, where: string): string | undefined {
  const { t, r } = x;
  const join = isObject(v) ? v['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const refs = join[1].map((p) => refOf(p)).filter((p) => p && !pseudoParameter(p));
  const stage = refs.find((p) => t.type(p!.id) === T.restStage);
  if (!stage) return undefined;
  const api = apiOf(t, stage.id);
  const text = join[1].map((p) => (typeof p === 'string' ? p : refOf(p) && pseudoParameter(refOf(p)!) !== undefined ? `\${${refOf(p)!.id}}` : refOf(p)?.id === api ? '{api}' : refOf(p)?.id === stage.id ? '{stage}' : fail(where, `names ${JSON.stringify(p)} in a stage ARN`))).join('');
  if (text !== `arn:\${AWS::Partition}:apigateway:${x.region()}::/restapis/{api}/stages/{stage}`) fail(where, `${text} is not a REST API stage's ARN in the stack's region`);
  if (refs.some((p) => p!.attr !== 'Ref')) fail(where, 'names the API or stage by something other than Ref');
  return `rest-api:${restApiKey(t, r, api)}`;
}

export function readRestApis(x: Context): RestApiInventory[] {
  const { t, r, names } = x;
  const keys = new Map<string, string>();
  for (const id of t.ofType(T.restApi)) {
    const key = restApiKey(t, r, id);
    const other = [...keys].find(([, k]) => k === key);
    if (other) fail(t.where(id), `has the API key "${key}" of ${other[0]} too`);
    keys.set(id, key);
  }
  const byApi = (type: string) => {
    const out = new Map<string, string[]>([...keys.keys()].map((api) => [api, []]));
    for (const id of t.ofType(type)) out.get(apiOf(t, id))!.push(id);
    return out;
  };
  const resources = byApi(T.restResource);
  const validators = byApi(T.restValidator);
  const models = byApi(T.restModel);
  const authorizers = byApi(T.restAuthorizer);
  const methods = byApi(T.restMethod);
  const deployments = byApi(T.restDeployment);
  const stages = byApi(T.restStage);
  const mappings = byApi(T.restBasePathMapping);
  const gatewayResponses = byApi(T.restGatewayResponse);
  const permissions = readPermissions(x, (v, where, attrs) => names.invokedFunction(v, where, attrs).name);

  // Each API's execution-log group: named API-Gateway-Execution-Logs_<Ref of the API>/<stage>.
  const executionLogs = new Map<string, string>();
  for (const lg of t.ofType(T.logGroup)) {
    const n = t.props(lg).LogGroupName;
    const join = isObject(n) ? n['Fn::Join'] : undefined;
    if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1][0] !== 'API-Gateway-Execution-Logs_') continue;
    const api = t.target(join[1][1], [T.restApi], t.where(lg, 'LogGroupName'));
    if (join[1].length !== 3 || refOf(join[1][1])!.attr !== 'Ref' || typeof join[1][2] !== 'string') fail(t.where(lg, 'LogGroupName'), "is not API-Gateway-Execution-Logs_<the API's id>/<stage>");
    names.ownLogGroup(lg, `rest-api:${keys.get(api)}:execution`, 'its name');
    executionLogs.set(api, join[1][2].slice(1));
  }

  return [...keys].map(([api, key]): RestApiInventory => {
    const p = t.props(api);
    const w = (field: string) => t.where(api, field);
    onlyKnown(t, api, API, 'a REST API (an OpenAPI body, binary media types, policies and API key sources are not)');

    // Resource paths from their parents: the root is the API's RootResourceId.
    const pathOf = new Map<string, string>();
    const resolvePath = (id: string, seen: string[] = []): string => {
      if (pathOf.has(id)) return pathOf.get(id)!;
      if (seen.includes(id)) fail(t.where(id), 'is its own ancestor');
      onlyKnown(t, id, RESOURCE, 'a REST API resource');
      const q = t.props(id);
      const parent = refOf(q.ParentId) ?? fail(t.where(id, 'ParentId'), 'is not a reference');
      const base = parent.id === api && parent.attr === 'RootResourceId' ? '' : t.type(parent.id) === T.restResource && parent.attr === 'Ref' && resources.get(api)!.includes(parent.id) ? resolvePath(parent.id, [...seen, id]) : fail(t.where(id, 'ParentId'), "is neither its API's RootResourceId nor a resource of its API (by Ref)");
      const path = `${base}/${r.str(q.PathPart, t.where(id, 'PathPart'))}`;
      pathOf.set(id, path);
      return path;
    };
    const paths = resources.get(api)!.map((id) => resolvePath(id));
    const twice = paths.find((x, i) => paths.indexOf(x) !== i);
    if (twice) fail(t.where(api), `has two resources of path ${twice}`);
    const resourcePath = (v: unknown, where: string): string => {
      const ref = refOf(v) ?? fail(where, 'is not a reference');
      if (ref.id === api && ref.attr === 'RootResourceId') return '/';
      if (t.type(ref.id) !== T.restResource || ref.attr !== 'Ref' || !pathOf.has(ref.id)) fail(where, 'is neither its API\'s root nor one of its resources (by Ref)');
      return pathOf.get(ref.id)!;
    };

    const validatorName = new Map(
      validators.get(api)!.map((id) => {
        onlyKnown(t, id, VALIDATOR, 'a request validator');
        return [id, r.str(t.props(id).Name, t.where(id, 'Name'))];
      }),
    );
    const modelName = new Map(
      models.get(api)!.map((id) => {
        onlyKnown(t, id, MODEL, 'a model');
        return [id, r.str(t.props(id).Name, t.where(id, 'Name'))];
      }),
    );
    const authorizerName = new Map(authorizers.get(api)!.map((id) => [id, r.str(t.props(id).Name, t.where(id, 'Name'))]));
    const refTo = (v: unknown, of: Map<string, string>, what: string, where: string): string => {
      const ref = refOf(v) ?? fail(where, `is not a reference to ${what}`);
      if (ref.attr !== 'Ref' || !of.has(ref.id)) fail(where, `is not ${what} of its API, by Ref`);
      return of.get(ref.id)!;
    };

    const isPreflight = (id: string) => obj(t.props(id).Integration ?? {}, t.where(id, 'Integration')).Type === 'MOCK';
    const preflights = methods.get(api)!.filter(isPreflight).map((id) => readPreflight(x, id, resourcePath(t.props(id).ResourceId, t.where(id, 'ResourceId'))));
    const preflight = preflights.length ? { ...preflights[0], paths: preflights.map((p) => p.paths[0]) } : null;
    for (const p of preflights) if (JSON.stringify({ ...p, paths: [] }) !== JSON.stringify({ ...preflights[0], paths: [] })) fail(t.where(api), `its preflights differ (${p.paths[0]} from ${preflights[0].paths[0]}); the inventory reads preflights that are all alike`);
    const apiMethods = methods.get(api)!.filter((id) => !isPreflight(id)).map((id): RestApiInventory['methods'][number] => {
      const q = t.props(id);
      const mw = (field: string) => t.where(id, field);
      onlyKnown(t, id, METHOD, 'a method (method responses, operation names and authorization scopes are not)');
      const integration = only(obj(q.Integration ?? fail(mw('Integration'), 'is missing'), mw('Integration')), INTEGRATION, mw('Integration'));
      const type = r.str(integration.Type, mw('Integration.Type'));
      if (type !== 'AWS_PROXY') fail(mw('Integration.Type'), `is ${type}; the inventory reads Lambda proxy (AWS_PROXY) integrations`);
      const parameters = obj(q.RequestParameters ?? {}, mw('RequestParameters'));
      for (const [k, v] of Object.entries(parameters)) if (v !== true) fail(mw(`RequestParameters.${k}`), 'is not required (true); the inventory reads required parameters');
      const requestModels = obj(q.RequestModels ?? {}, mw('RequestModels'));
      const other = Object.keys(requestModels).filter((k) => k !== 'application/json');
      if (other.length) fail(mw('RequestModels'), `${other.join(', ')}: the inventory reads application/json models only`);
      return {
        routeKey: `${r.str(q.HttpMethod, mw('HttpMethod'))} ${resourcePath(q.ResourceId, mw('ResourceId'))}`,
        target: lambdaOfUri(x, integration.Uri, mw('Integration.Uri')),
        integration: { type, httpMethod: r.str(integration.IntegrationHttpMethod, mw('Integration.IntegrationHttpMethod')), timeoutMs: r.numOr(integration.TimeoutInMillis, 29000, mw('Integration.TimeoutInMillis')) },
        // AWS's default: NONE.
        authorizationType: r.str(q.AuthorizationType ?? 'NONE', mw('AuthorizationType')),
        authorizer: q.AuthorizerId === undefined ? null : refTo(q.AuthorizerId, authorizerName, 'an authorizer', mw('AuthorizerId')),
        apiKeyRequired: r.bool(q.ApiKeyRequired, false, mw('ApiKeyRequired')),
        requiredParameters: Object.keys(parameters),
        validator: q.RequestValidatorId === undefined ? null : refTo(q.RequestValidatorId, validatorName, 'a request validator', mw('RequestValidatorId')),
        model: requestModels['application/json'] === undefined ? null : refTo(requestModels['application/json'], modelName, 'a model', mw('RequestModels.application/json')),
      };
    });

    const own = (what: string, ids: string[]) => {
      if (ids.length !== 1) fail(t.where(api), `has ${ids.length} ${what}s (${ids.join(', ') || 'none'}); the inventory reads an API with exactly one`);
      return ids[0];
    };
    const deployment = own('deployment', deployments.get(api)!);
    onlyKnown(t, deployment, DEPLOYMENT, 'a deployment (stage descriptions and canary settings are not)');
    const stage = own('stage', stages.get(api)!);
    if (t.target(t.props(stage).DeploymentId, [T.restDeployment], t.where(stage, 'DeploymentId')) !== deployment) fail(t.where(stage, 'DeploymentId'), "is not its API's deployment");
    const stageName = r.str(t.props(stage).StageName, t.where(stage, 'StageName'));
    const logs = executionLogs.get(api);
    if (logs !== undefined && logs !== stageName) fail(t.where(api), `its execution-log group is named for stage ${logs}, not ${stageName}`);

    return {
      key,
      sizing: ((): RestApiInventory['sizing'] => {
        try {
          return readSizing(tagList(t, r, api), w('Tags'));
        } catch (e) {
          return fail(w('Tags'), (e as Error).message);
        }
      })(),
      description: p.Description === undefined ? null : r.str(p.Description, w('Description')),
      endpointTypes: p.EndpointConfiguration === undefined ? ['EDGE'] : list(only(obj(p.EndpointConfiguration, w('EndpointConfiguration')), ['Types'], w('EndpointConfiguration')).Types, w('EndpointConfiguration.Types')).map((v, i) => r.str(v, w(`EndpointConfiguration.Types[${i}]`))),
      executeApiEndpoint: !r.bool(p.DisableExecuteApiEndpoint, false, w('DisableExecuteApiEndpoint')),
      resources: paths,
      validators: validators.get(api)!.map((id) => ({
        name: validatorName.get(id)!,
        body: r.bool(t.props(id).ValidateRequestBody, false, t.where(id, 'ValidateRequestBody')),
        parameters: r.bool(t.props(id).ValidateRequestParameters, false, t.where(id, 'ValidateRequestParameters')),
      })),
      models: models.get(api)!.map((id) => {
        const schema = t.props(id).Schema;
        return { name: modelName.get(id)!, contentType: r.str(t.props(id).ContentType, t.where(id, 'ContentType')), schemaSha256: sha256(typeof schema === 'string' ? schema : JSON.stringify(schema)) };
      }),
      authorizers: authorizers.get(api)!.map((id) => {
        onlyKnown(t, id, AUTHORIZER, 'an authorizer (Lambda authorizers, their credentials and caching are not)');
        const q = t.props(id);
        const type = r.str(q.Type, t.where(id, 'Type'));
        if (type !== 'COGNITO_USER_POOLS') fail(t.where(id, 'Type'), `is ${type}; the inventory reads Cognito user pool authorizers`);
        return {
          name: authorizerName.get(id)!,
          type,
          identitySource: r.str(q.IdentitySource, t.where(id, 'IdentitySource')),
          providers: list(q.ProviderARNs, t.where(id, 'ProviderARNs')).map((v, i) => {
            const where = t.where(id, `ProviderARNs[${i}]`);
            const pool = t.target(v, [T.userPool], where);
            if (refOf(v)!.attr !== 'Arn') fail(where, `names ${pool} by something other than its Arn`);
            return `user-pool:${userPoolKey(t, r, pool)}`;
          }),
        };
      }),
      methods: apiMethods,
      permissions: permissions.get(`rest-api:${key}`) ?? [],
      preflight,
      gatewayResponses: gatewayResponses.get(api)!.map((id) => {
        onlyKnown(t, id, GATEWAY_RESPONSE, 'a gateway response (status codes and templates are not)');
        return { type: r.str(t.props(id).ResponseType, t.where(id, 'ResponseType')), headers: strMap(x, t.props(id).ResponseParameters, t.where(id, 'ResponseParameters')) };
      }),
      deployment: { description: t.props(deployment).Description === undefined ? null : r.str(t.props(deployment).Description, t.where(deployment, 'Description')) },
      stage: readStage(x, stage, key),
      usagePlans: readUsagePlans(x, api, stage),
      domain: readDomain(x, mappings.get(api)!, stage),
    };
  });
}

/** A map of strings as written (response parameters, templates). */
function strMap(x: Context, v: unknown, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v ?? {}, where)).map(([k, s]) => [k, x.r.str(s, `${where}.${k}`)]));
}

/** A CORS preflight: OPTIONS, no authorization or key, a MOCK integration with one response and a method response of the same status. */
function readPreflight(x: Context, id: string, path: string): NonNullable<RestApiInventory['preflight']> {
  const { t, r } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, PREFLIGHT, 'a preflight (a mock integration of another method, request parameters and validators are not)');
  if (r.str(p.HttpMethod, w('HttpMethod')) !== 'OPTIONS' || r.str(p.AuthorizationType ?? 'NONE', w('AuthorizationType')) !== 'NONE' || r.bool(p.ApiKeyRequired, false, w('ApiKeyRequired'))) fail(t.where(id), 'is a mock integration but not an open OPTIONS method: the inventory reads mock integrations as CORS preflights only');
  const integration = only(obj(p.Integration, w('Integration')), MOCK, w('Integration'));
  const answers = list(integration.IntegrationResponses, w('Integration.IntegrationResponses'));
  const responses = list(p.MethodResponses, w('MethodResponses'));
  if (answers.length !== 1 || responses.length !== 1) fail(t.where(id), 'has not exactly one integration response and one method response');
  const answer = only(obj(answers[0], w('Integration.IntegrationResponses[0]')), ['ResponseParameters', 'StatusCode'], w('Integration.IntegrationResponses[0]'));
  const response = only(obj(responses[0], w('MethodResponses[0]')), ['ResponseParameters', 'StatusCode'], w('MethodResponses[0]'));
  const statusCode = r.str(answer.StatusCode, w('Integration.IntegrationResponses[0].StatusCode'));
  if (r.str(response.StatusCode, w('MethodResponses[0].StatusCode')) !== statusCode) fail(w('MethodResponses[0].StatusCode'), 'is not its integration response\'s');
  const declared = Object.entries(obj(response.ResponseParameters ?? {}, w('MethodResponses[0].ResponseParameters')));
  if (declared.some(([, v]) => v !== true)) fail(w('MethodResponses[0].ResponseParameters'), 'declares a header that is not required (true)');
  return {
    paths: [path],
    requestTemplates: strMap(x, integration.RequestTemplates, w('Integration.RequestTemplates')),
    statusCode,
    headers: strMap(x, answer.ResponseParameters, w('Integration.IntegrationResponses[0].ResponseParameters')),
    methodResponseHeaders: declared.map(([k]) => k),
  };
}

/** The function an AWS_PROXY integration's Uri invokes: arn:${AWS::Partition}:apigateway:<region>:lambda:path/2015-03-31/functions/<function or alias ARN>/invocations. */
function lambdaOfUri(x: Context, v: unknown, where: string): string {
  const { t, names } = x;
  const join = isObject(v) ? v['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) fail(where, 'is not an Fn::Join of the Lambda invocation URI');
  const parts = join[1];
  const fn = parts.filter((p) => refOf(p) && !pseudoParameter(refOf(p)!));
  if (fn.length !== 1) fail(where, 'names not exactly one function');
  const text = parts.map((p) => (typeof p === 'string' ? p : p === fn[0] ? '{fn}' : `\${${refOf(p)!.id}}`)).join('');
  if (text !== `arn:\${AWS::Partition}:apigateway:${x.region()}:lambda:path/2015-03-31/functions/{fn}/invocations`) fail(where, `${text} is not Lambda's invocation URI in the stack's region`);
  void t;
  return names.invokedFunction(fn[0], where, ['Arn']).name;
}

/** A stage: name, tracing, access logs (into a log group it owns, "rest-api:<key>") and the settings of every method. */
function readStage(x: Context, id: string, key: string): RestApiInventory['stage'] {
  const { t, r, names } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, STAGE, 'a stage (cache clusters, canaries, client certificates and variables are not)');
  let accessLogs: RestApiInventory['stage']['accessLogs'] = null;
  if (p.AccessLogSetting !== undefined) {
    const a = only(obj(p.AccessLogSetting, w('AccessLogSetting')), ['DestinationArn', 'Format'], w('AccessLogSetting'));
    const where = w('AccessLogSetting.DestinationArn');
    const lg = t.target(a.DestinationArn ?? fail(where, 'is missing'), [T.logGroup], where);
    if (refOf(a.DestinationArn)!.attr !== 'Arn') fail(where, `names ${lg} by something other than its Arn`);
    names.ownLogGroup(lg, `rest-api:${key}`, id);
    accessLogs = { logGroup: `log-group:rest-api:${key}`, format: r.str(a.Format ?? fail(w('AccessLogSetting.Format'), 'is missing'), w('AccessLogSetting.Format')) };
  }
  const settings = list(p.MethodSettings ?? [], w('MethodSettings'));
  if (settings.length > 1) fail(w('MethodSettings'), 'has more than one; the inventory reads the settings of every method (*/*) only');
  let methodSettings: RestApiInventory['stage']['methodSettings'] = null;
  if (settings.length) {
    const sw = (field: string) => w(`MethodSettings[0].${field}`);
    const s = only(obj(settings[0], w('MethodSettings[0]')), METHOD_SETTING, w('MethodSettings[0]'));
    if (s.ResourcePath !== '/*' || s.HttpMethod !== '*') fail(w('MethodSettings[0]'), 'is not for every method (ResourcePath /*, HttpMethod *)');
    if ((s.ThrottlingRateLimit === undefined) !== (s.ThrottlingBurstLimit === undefined)) fail(w('MethodSettings[0]'), 'sets one of ThrottlingRateLimit and ThrottlingBurstLimit; the inventory reads both or neither');
    methodSettings = {
      loggingLevel: r.str(s.LoggingLevel ?? 'OFF', sw('LoggingLevel')),
      dataTrace: r.bool(s.DataTraceEnabled, false, sw('DataTraceEnabled')),
      metrics: r.bool(s.MetricsEnabled, false, sw('MetricsEnabled')),
      throttling: s.ThrottlingRateLimit === undefined ? null : { rateLimit: r.num(s.ThrottlingRateLimit, sw('ThrottlingRateLimit')), burstLimit: r.num(s.ThrottlingBurstLimit, sw('ThrottlingBurstLimit')) },
    };
  }
  return { name: r.str(p.StageName, w('StageName')), tracing: r.bool(p.TracingEnabled, false, w('TracingEnabled')), accessLogs, methodSettings };
}

/** The usage plans on an API's stage, with their keys (by name); a plan on another stage, or a key in no plan, belongs to another API or throws. */
function readUsagePlans(x: Context, api: string, stage: string): RestApiInventory['usagePlans'] {
  const { t, r } = x;
  const out: RestApiInventory['usagePlans'] = [];
  for (const id of t.ofType(T.usagePlan)) {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const apiStages = list(p.ApiStages, w('ApiStages')).map((s, i) => only(obj(s, w(`ApiStages[${i}]`)), ['ApiId', 'Stage'], w(`ApiStages[${i}]`)));
    if (apiStages.length !== 1) fail(w('ApiStages'), `names ${apiStages.length} stages; the inventory reads plans on exactly one`);
    if (refOf(apiStages[0].ApiId)?.id !== api) continue;
    onlyKnown(t, id, PLAN, 'a usage plan (per-method throttling is not)');
    if (refOf(apiStages[0].ApiId)!.attr !== 'Ref' || refOf(apiStages[0].Stage)?.id !== stage || refOf(apiStages[0].Stage)!.attr !== 'Ref') fail(w('ApiStages[0]'), "is not its API's stage, by Ref");
    const throttle = p.Throttle === undefined ? null : only(obj(p.Throttle, w('Throttle')), ['BurstLimit', 'RateLimit'], w('Throttle'));
    const quota = p.Quota === undefined ? null : only(obj(p.Quota, w('Quota')), ['Limit', 'Period'], w('Quota'));
    const keys = t.ofType(T.usagePlanKey).filter((k) => refOf(t.props(k).UsagePlanId)?.id === id);
    out.push({
      name: r.str(p.UsagePlanName, w('UsagePlanName')),
      description: p.Description === undefined ? null : r.str(p.Description, w('Description')),
      throttle: throttle && { rateLimit: r.num(throttle.RateLimit, w('Throttle.RateLimit')), burstLimit: r.num(throttle.BurstLimit, w('Throttle.BurstLimit')) },
      quota: quota && { limit: r.num(quota.Limit, w('Quota.Limit')), period: r.str(quota.Period, w('Quota.Period')) },
      keys: keys.map((k) => {
        onlyKnown(t, k, PLAN_KEY, 'a usage plan key');
        if (refOf(t.props(k).UsagePlanId)!.attr !== 'Ref') fail(t.where(k, 'UsagePlanId'), 'names the plan by something other than Ref');
        if (t.props(k).KeyType !== 'API_KEY') fail(t.where(k, 'KeyType'), 'is not API_KEY');
        const key = t.target(t.props(k).KeyId, [T.apiKey], t.where(k, 'KeyId'));
        onlyKnown(t, key, KEY_PROPS, 'an API key (a value, a customer ID and stage keys are not: its value is generated)');
        if (!r.bool(t.props(key).Enabled, false, t.where(key, 'Enabled'))) fail(t.where(key, 'Enabled'), 'is not true: the inventory reads enabled keys');
        return { name: r.str(t.props(key).Name, t.where(key, 'Name')), description: t.props(key).Description === undefined ? null : r.str(t.props(key).Description, t.where(key, 'Description')) };
      }),
    });
  }
  return out;
}

/** An API's custom domain: the one its one base path mapping (to its stage) names. */
function readDomain(x: Context, mappings: string[], stage: string): RestApiInventory['domain'] {
  const { t, r } = x;
  if (mappings.length > 1) fail(t.where(mappings[1]), 'is a second base path mapping of its API; the inventory reads one at most');
  if (!mappings.length) return null;
  const m = mappings[0];
  onlyKnown(t, m, MAPPING, 'a base path mapping (base paths are not)');
  if (t.target(t.props(m).Stage, [T.restStage], t.where(m, 'Stage')) !== stage) fail(t.where(m, 'Stage'), "is not its API's stage");
  const d = t.target(t.props(m).DomainName, [T.restDomain], t.where(m, 'DomainName'));
  onlyKnown(t, d, DOMAIN, 'a REST API domain (edge certificates, mutual TLS and ownership verification are not)');
  const p = t.props(d);
  const types = list(obj(p.EndpointConfiguration ?? {}, t.where(d, 'EndpointConfiguration')).Types ?? ['EDGE'], t.where(d, 'EndpointConfiguration.Types'));
  if (types.length !== 1) fail(t.where(d, 'EndpointConfiguration.Types'), 'names not exactly one endpoint type');
  return {
    name: r.str(p.DomainName, t.where(d, 'DomainName')),
    endpointType: r.str(types[0], t.where(d, 'EndpointConfiguration.Types[0]')),
    securityPolicy: r.str(p.SecurityPolicy ?? 'TLS_1_0', t.where(d, 'SecurityPolicy')),
    certificate: certificate(x, p.RegionalCertificateArn, t.where(d, 'RegionalCertificateArn')),
  };
}

/** Every domain and mapping is some API's; every API key is in a plan of some API. */
export function checkRestApiPartsUsed(x: Context): void {
  const { t } = x;
  for (const d of t.ofType(T.restDomain)) if (!t.ofType(T.restBasePathMapping).some((m) => refOf(t.props(m).DomainName)?.id === d)) fail(t.where(d), 'is mapped to no REST API');
  for (const k of t.ofType(T.apiKey)) if (!t.ofType(T.usagePlanKey).some((pk) => refOf(t.props(pk).KeyId)?.id === k)) fail(t.where(k), 'is in no usage plan');
  for (const pk of t.ofType(T.usagePlanKey)) t.target(t.props(pk).UsagePlanId, [T.usagePlan], t.where(pk, 'UsagePlanId'));
}

/** API Gateway's account settings and the role they name (assumed by apigateway.amazonaws.com alone); null without them. */
export function readRestApiAccount(x: Context): RestApiAccountInventory | null {
  const { t } = x;
  const accounts = t.ofType(T.apigwAccount);
  if (accounts.length > 1) fail(t.where(accounts[1]), 'is a second account setting');
  if (!accounts.length) return null;
  const a = accounts[0];
  onlyKnown(t, a, ACCOUNT, "API Gateway's account settings");
  const v = t.props(a).CloudWatchRoleArn;
  const role = t.target(v, ['AWS::IAM::Role'], t.where(a, 'CloudWatchRoleArn'));
  if (refOf(v)!.attr !== 'Arn') fail(t.where(a, 'CloudWatchRoleArn'), `names ${role} by something other than its Arn`);
  const trust = JSON.stringify(t.props(role).AssumeRolePolicyDocument ?? {});
  if (!trust.includes('"Service":"apigateway.amazonaws.com"') || (trust.match(/"Principal"/g) ?? []).length !== 1) fail(t.where(role, 'AssumeRolePolicyDocument'), 'is not assumed by apigateway.amazonaws.com alone');
  const rolePermissions = readRolePermissions(t, role, "API Gateway's CloudWatch role", (res, where) => {
    const text = x.r.str(res, where);
    if (text !== `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:*` && text !== `arn:aws:logs:${x.region()}:\${AWS::AccountId}:*`) fail(where, `${text} is not every log group of the account and region`);
    return 'log-group:*';
  });
  const policies = t.ofType('AWS::IAM::Policy').filter((p) => list(t.props(p).Roles, t.where(p, 'Roles')).some((v) => refOf(v)?.id === role));
  return { rolePermissions, retained: t.retained(a) && t.retained(role) && policies.every((p) => t.retained(p)) };
}
