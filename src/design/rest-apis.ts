import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Blueprint } from '../schema';
import type { api as apiSchema } from '../schema/apis';
import { pct, recorder, type DecisionLog } from './decisions';
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, apiPeakOf, routeId } from './apis';
import { acknowledgeInPacks } from './compliance';
import { REST_LOGS_ACTIONS } from './rest-api-logs';
import { validationZoneFor, type ZoneRef } from './dns';
import { designUserPool, type UserPoolDesign } from './user-pools';
import type { Sizing } from './sizing';
import type { SecurityDesign } from './types';
import { byText } from '../text';

/*
 * REST APIs (apis.<key>.kind: rest): API Gateway v1, for what an HTTP API cannot do: request validation before
 * a function runs, API keys with usage plans (throttling and quotas per consumer), and a web ACL of its own
 * stage. One regional REST API per key, its resource tree from the route keys, one Lambda proxy method per
 * route, one stage (`live`) with access and execution logs; its alarms are api-alarms.ts's.
 */

type Api = z.infer<typeof apiSchema>;
export type RestAuth = 'none' | 'iam' | 'cognito' | 'api_key';

/** How API Gateway names a REST API's execution-log group: this, the API's id, "/", the stage. */
export const EXECUTION_LOGS_PREFIX = 'API-Gateway-Execution-Logs_';

/** The stage every REST API deploys to (a name clients see in the execute-api URL; a custom domain hides it). */
export const REST_STAGE = 'live';

export interface RestApiDesign {
  key: string;
  kind: 'rest';
  /** `<blueprint>-<key>`. */
  name: string;
  description?: string;
  /** Served from the stack's region (EDGE would put a CloudFront distribution that nobody can configure in front). */
  endpointType: 'REGIONAL';
  /** The execute-api endpoint is turned off when a custom domain is the API's only way in. */
  disableExecuteApiEndpoint: boolean;
  /** Every path below / that a route needs, parents first (sorted by path): its parent ("/" the root) and last segment. */
  resources: { path: string; parent: string; pathPart: string; id: string }[];
  /** One method per route, sorted by route key. */
  methods: RestMethodDesign[];
  /** The one request validator every method names: body (against its model, when it has one) and parameters. */
  validator: { name: 'body-and-parameters'; validateRequestBody: true; validateRequestParameters: true };
  /** The routes' body schemas, by name (`<route id, letters and digits>Body`), sorted. */
  models: { name: string; contentType: 'application/json'; schema: string; sha256: string }[];
  /**
   * apis.<key>.cors: a preflight method (OPTIONS, a MOCK integration answering 204 with the CORS headers) on every
   * path a method hangs on, and API Gateway's own 4xx and 5xx answers carrying the origin too, so a browser can read
   * them; the functions' responses must carry it themselves (API Gateway adds nothing to a proxy integration's).
   * Response parameters as API Gateway takes them: header values quoted.
   */
  cors?: {
    allowOrigin: string;
    allowMethods: string[];
    allowHeaders: string[];
    maxAgeSeconds: number;
    paths: string[];
    /** method.response.header.<name>: 'value', for the preflight's integration response. */
    preflightHeaders: Record<string, string>;
    /** gatewayresponse.header.<name>: 'value', for each gateway response. */
    gatewayResponses: { type: 'DEFAULT_4XX' | 'DEFAULT_5XX'; headers: Record<string, string> }[];
  };
  /** auth: cognito: a user pool authorizer on the pool generated for the API (userPools, keyed by the API's key). */
  authorizer?: { name: 'cognito'; type: 'COGNITO_USER_POOLS'; identitySource: 'method.request.header.Authorization'; userPool: string };
  stage: {
    name: typeof REST_STAGE;
    /** X-Ray: the request's segment joins its function's trace. */
    tracing: true;
    /** Every method's throttling (MethodSettings /*\/*), and its execution logs: errors only, no request bodies. */
    throttle: { rateLimit: number; burstLimit: number };
    methodLogging: { level: 'ERROR'; dataTrace: false; metrics: false };
  };
  /** Every request into its own log group, one JSON line each (REST_ACCESS_LOG_FORMAT), kept this many days. */
  accessLogs: { retentionDays: number; format: string };
  /** Execution logs: API Gateway writes API-Gateway-Execution-Logs_<api id>/live; created here so it is kept this many days and encrypted. */
  executionLogs: { retentionDays: number; namePrefix: typeof EXECUTION_LOGS_PREFIX };
  /** A hash of what a deployment snapshots (resources, methods, models, validator, authorizer): a new deployment whenever it changes. */
  deployment: { hash: string; description: string };
  /** Usage plans, sorted by key, each on the stage, with its keys sorted. */
  usagePlans: UsagePlanDesign[];
  customDomain?: { name: string; endpointType: 'REGIONAL'; securityPolicy: 'TLS_1_2'; validationZone?: ZoneRef };
  /** What it is sized for, written as tags on the API: peak-rps. */
  sizing: Sizing;
}

export interface RestMethodDesign {
  /** "GET /orders/{id}". */
  routeKey: string;
  /** As an HTTP API route's (apis.ts routeId). */
  id: string;
  /** GET, ..., or ANY. */
  httpMethod: string;
  /** The resource it hangs on: "/orders/{id}" ("/" the root). */
  resourcePath: string;
  function: string;
  auth: RestAuth;
  authorizationType: 'NONE' | 'AWS_IAM' | 'COGNITO_USER_POOLS';
  /** auth: api_key: a key of one of the usage plans in the x-api-key header. */
  apiKeyRequired: boolean;
  /** method.request.path|querystring|header.<name>: true (required), sorted by name. */
  requestParameters: Record<string, true>;
  /** The model its application/json body must match (models), when the route writes body. */
  model?: string;
  /** Lambda proxy integration (POST to Lambda's invoke API); API Gateway waits at most timeoutMs (29 s by default). */
  integration: { type: 'AWS_PROXY'; httpMethod: 'POST'; timeoutMs: number };
  /** What API Gateway may invoke the function from: any stage, this method ("*" for ANY), the path with each parameter as "*". */
  invokeFrom: string;
}

export interface UsagePlanDesign {
  key: string;
  /** `<blueprint>-<api>-<plan>`. */
  name: string;
  description?: string;
  throttle: { rateLimit: number; burstLimit: number };
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH' };
  /** Its API keys, each `<blueprint>-<api>-<key>`: values generated by API Gateway, never in a template or state. */
  keys: { key: string; name: string; description: string }[];
}

/**
 * The account's one CloudWatch role for API Gateway (AWS::ApiGateway::Account): REST APIs write access and
 * execution logs through it (HTTP APIs do not need it). Kept when the stack is deleted: every REST API of the
 * account and region relies on it.
 */
export interface RestApiAccountDesign {
  actions: string[];
  /** The log groups it may write: every group of the account and region (other stacks' APIs use it too). */
  resources: 'account-log-groups';
  retain: true;
}

/** A preflight's mock integration: API Gateway answers 204 itself, no function called. */
export const PREFLIGHT = { httpMethod: 'OPTIONS', authorizationType: 'NONE', integrationType: 'MOCK', statusCode: '204', requestTemplates: { 'application/json': '{"statusCode": 204}' } } as const;

/** The construct and resource ID of a path's preflight ("root" for /). */
export const preflightId = (path: string): string => (path === '/' ? 'root' : resourceId(path));

/** One JSON line per request, as the HTTP APIs' (fields of $context), with the caller's API key ID. */
export const REST_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  apiKeyId: '$context.identity.apiKeyId',
  validationError: '$context.error.validationErrorString',
});


const AUTHORIZATION: Record<RestAuth, RestMethodDesign['authorizationType']> = { none: 'NONE', iam: 'AWS_IAM', cognito: 'COGNITO_USER_POOLS', api_key: 'NONE' };
const PERIOD = { day: 'DAY', week: 'WEEK', month: 'MONTH' } as const;

/** The REST APIs of a blueprint, sorted by key, the user pools their cognito routes ask for, and the account's logging role when there is one. */
export function designRestApis(
  bp: Blueprint,
  logRetentionDays: number,
  timeoutOf: (fn: string) => number,
  log: DecisionLog,
  security: SecurityDesign,
): { restApis: RestApiDesign[]; userPools: UserPoolDesign[]; restApiAccount?: RestApiAccountDesign } {
  const restApis: RestApiDesign[] = [];
  const userPools: UserPoolDesign[] = [];
  for (const [key, a] of Object.entries(bp.apis ?? {}).sort(([x], [y]) => byText(x, y))) {
    if (a.kind !== 'rest') continue;
    const api = designRestApi(bp, key, a, logRetentionDays, timeoutOf, log, security);
    restApis.push(api);
    if (api.authorizer) userPools.push(designUserPool(bp, key, a.user_pool, log));
  }
  if (!restApis.length) return { restApis, userPools };
  log.record({
    concern: 'observability',
    subject: 'apis',
    name: 'api_gateway_account_role',
    value: 'the account\'s CloudWatch role for API Gateway, kept on delete',
    source: 'derived',
    rationale: `REST APIs (${restApis.map((x) => x.key).join(', ')}) write their access and execution logs through the one role the account names in API Gateway's settings (AWS::ApiGateway::Account); without it their stage cannot log (and does not deploy). It may write log groups of this account and region only, and is kept when the stack is deleted: every REST API in the region relies on it, other stacks' too`,
  });
  acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'rest-api-account-role' }, "API Gateway's account-wide CloudWatch role has its own policy (what AmazonAPIGatewayPushToCloudWatchLogs allows, on this account's and region's log groups only); a managed policy would be a second resource with the same single use");
  log.acknowledge({ rule: 'AwsSolutions-IAM5', on: { kind: 'rest-api-account-role' }, finding: { kind: 'account-log-groups' }, reason: "API Gateway's account-wide CloudWatch role writes the execution logs of every REST API in the account and region (API-Gateway-Execution-Logs_<api id>/<stage>, names not known before the APIs exist), other stacks' too: log groups of this account and region only" });
  return { restApis, userPools, restApiAccount: { actions: REST_LOGS_ACTIONS, resources: 'account-log-groups', retain: true } };
}

function designRestApi(bp: Blueprint, key: string, a: Api, logRetentionDays: number, timeoutOf: (fn: string) => number, log: DecisionLog, security: SecurityDesign): RestApiDesign {
  const subject = `apis.${key}`;
  const record = recorder(log, 'load-balancing', subject);
  record('kind', 'REST API', 'written', 'API Gateway REST API (v1), regional: requests validated before a function runs, API keys with usage plans, a web ACL on its stage; one Lambda proxy method per route, deployed to the stage live');
  const on = (route: string) => ({ kind: 'rest-api-method' as const, api: key, route });

  const methods = Object.entries(a.routes ?? {})
    .sort(([x], [y]) => byText(x, y))
    .map(([routeKey, r]): RestMethodDesign => {
      const [httpMethod, path] = routeKey.split(' ');
      const written = typeof r === 'string' ? undefined : r;
      const fn = typeof r === 'string' ? r : 'function' in r ? r.function : r.service;
      const auth = (written?.auth ?? a.auth) as RestAuth;
      const parameters = [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\+?\}/g)].map((m) => `method.request.path.${m[1]}`);
      const fields = written && 'function' in written ? written : undefined;
      parameters.push(...(fields?.query ?? []).map((q) => `method.request.querystring.${q}`), ...(fields?.headers ?? []).map((h) => `method.request.header.${h}`));
      const id = routeId(routeKey);
      return {
        routeKey,
        id,
        httpMethod,
        resourcePath: path,
        function: fn,
        auth,
        authorizationType: AUTHORIZATION[auth],
        apiKeyRequired: auth === 'api_key',
        requestParameters: Object.fromEntries(parameters.sort(byText).map((p) => [p, true as const])),
        ...(fields?.body ? { model: modelName(id) } : {}),
        // API Gateway's own limit is 29 s; the function's timeout stops it first when shorter.
        integration: { type: 'AWS_PROXY', httpMethod: 'POST', timeoutMs: Math.min(29_000, timeoutOf(fn) * 1000) },
        invokeFrom: `*/${httpMethod === 'ANY' ? '*' : httpMethod}${path.replace(/\{[^}]+\}/g, '*')}`,
      };
    });
  const models = Object.entries(a.routes ?? {})
    .flatMap(([routeKey, r]) => (typeof r !== 'string' && 'function' in r && r.body ? [{ name: modelName(routeId(routeKey)), schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', ...r.body }) }] : []))
    .map((m) => ({ ...m, contentType: 'application/json' as const, sha256: sha256(m.schema) }))
    .sort((x, y) => byText(x.name, y.name));
  record(
    'request_validation',
    `body and parameters${models.length ? `; ${models.length} body schema${models.length > 1 ? 's' : ''}` : ''}`,
    models.length || methods.some((m) => Object.keys(m.requestParameters).some((p) => !p.includes('.path.'))) ? 'written' : 'default',
    `API Gateway answers 400 before the function runs (and is billed) when a required path parameter, query string or header is missing${models.length ? ', or a JSON body does not match its route\'s schema' : ''}; every method names the one validator (AwsSolutions-APIG2)`,
  );

  const auths = [...new Set(methods.map((m) => m.auth))].sort(byText);
  const recordSecurity = recorder(log, 'security', subject);
  recordSecurity(
    'auth',
    auths.join(', '),
    'written',
    auths
      .map((x) =>
        x === 'none'
          ? `none: anyone may call ${methods.filter((m) => m.auth === 'none').map((m) => m.routeKey).join(', ')} (public on purpose)`
          : x === 'iam'
            ? 'iam: SigV4-signed requests of principals allowed execute-api:Invoke'
            : x === 'cognito'
              ? "cognito: an ID token of the user pool generated for this API, checked by API Gateway before the function runs"
              : 'api_key: a key of one of its usage plans in the x-api-key header, that plan\'s throttling and quota applied (a key identifies a consumer; it is not a credential to rely on alone)',
      )
      .join('; '),
  );
  for (const m of methods) {
    if (m.auth === 'none') log.acknowledge({ rule: 'AwsSolutions-APIG4', on: on(m.routeKey), reason: `apis.${key}: ${m.routeKey} is written auth: none: public on purpose` });
    if (m.auth === 'api_key') log.acknowledge({ rule: 'AwsSolutions-APIG4', on: on(m.routeKey), reason: `apis.${key}: ${m.routeKey} takes API keys of the usage plans (auth: api_key): each caller is a known consumer with its own throttling and quota` });
    if (m.auth !== 'cognito') log.acknowledge({ rule: 'AwsSolutions-COG4', on: on(m.routeKey), reason: `apis.${key}: ${m.routeKey} is written auth: ${m.auth}${m.auth === 'iam' ? ' (SigV4 of IAM principals)' : m.auth === 'api_key' ? ' (API keys of usage plans)' : ' (public on purpose)'}, not a Cognito user pool` });
  }

  const peak = apiPeakOf(bp, a);
  let throttle: RestApiDesign['stage']['throttle'];
  if (a.throttle) {
    throttle = { rateLimit: a.throttle.rps, burstLimit: a.throttle.burst };
    record('throttle', `${throttle.rateLimit}/s, bursts of ${throttle.burstLimit}`, 'written', 'written: every method of the stage; requests beyond it get 429 Too Many Requests');
  } else if (peak !== undefined) {
    const rateLimit = Math.min(ACCOUNT_RATE_LIMIT, Math.ceil(2 * peak));
    throttle = { rateLimit, burstLimit: Math.min(ACCOUNT_BURST_LIMIT, rateLimit) };
    record('throttle', `${rateLimit}/s, bursts of ${throttle.burstLimit}`, 'derived', `2 x the peak of ${pct(peak)}/s${a.peak_rps === undefined ? ' (requirements.peak_rps)' : ''}, as for an HTTP API: room for spikes, while a flood gets 429 instead of reaching the functions; within API Gateway's account limits of ${ACCOUNT_RATE_LIMIT}/s, bursts of ${ACCOUNT_BURST_LIMIT}`);
  } else {
    throttle = { rateLimit: ACCOUNT_RATE_LIMIT, burstLimit: ACCOUNT_BURST_LIMIT };
    record('throttle', `${ACCOUNT_RATE_LIMIT}/s, bursts of ${ACCOUNT_BURST_LIMIT}`, 'default', "no peak known (write peak_rps or requirements.peak_rps): API Gateway's account limits, written out so the stage states them");
  }

  const usagePlans = designUsagePlans(bp, key, a, methods, throttle, record);
  record('logs', `access logs and error execution logs, kept ${logRetentionDays} days`, 'default', 'one JSON line a request into its own log group (caller, API key, route, status, latency, validation and integration errors: AwsSolutions-APIG1), and API Gateway\'s execution logs at ERROR (no request or response bodies: they may hold personal data; AwsSolutions-APIG6) into API-Gateway-Execution-Logs_<api id>/live, created here so it expires and is encrypted');
  record('tracing', 'X-Ray active', 'default', "each request's segment joins its function's trace (tracing is free to enable; traces are billed as the functions' are)");
  acknowledgeInPacks(log, security, 'APIGWCacheEnabledAndEncrypted', { kind: 'rest-api-stage', api: key }, `the stage of REST API ${key} caches nothing: its answers come from functions per caller (a cache would need per-key rules to stay correct) and a cache cluster bills by the hour`);
  acknowledgeInPacks(log, security, 'APIGWSSLEnabled', { kind: 'rest-api-stage', api: key }, `REST API ${key} integrates with Lambda only (AWS_PROXY over Lambda's own HTTPS API): a client certificate authenticates API Gateway to HTTP backends, and it has none`);

  const customDomain = a.domain ? designDomain(bp, key, a.domain, record) : undefined;
  if (peak !== undefined) record('peak_rps', `${pct(peak)}/s`, a.peak_rps === undefined ? 'derived' : 'written', a.peak_rps === undefined ? 'requirements.peak_rps: what its functions are sized for' : 'written');

  const resources = resourcesOf(methods.map((m) => m.resourcePath));
  const cors = a.cors ? designCors(key, a, methods, record) : undefined;
  const authorizer = methods.some((m) => m.auth === 'cognito') ? { name: 'cognito' as const, type: 'COGNITO_USER_POOLS' as const, identitySource: 'method.request.header.Authorization' as const, userPool: key } : undefined;
  const validator = { name: 'body-and-parameters' as const, validateRequestBody: true as const, validateRequestParameters: true as const };
  const hash = sha256(JSON.stringify({ resources, methods, models, validator, authorizer: authorizer ?? null, ...(cors ? { cors } : {}) })).slice(0, 12);
  return {
    key,
    kind: 'rest',
    name: `${bp.name}-${key}`,
    ...(a.description ? { description: a.description } : {}),
    endpointType: 'REGIONAL',
    disableExecuteApiEndpoint: customDomain !== undefined,
    resources,
    methods,
    validator,
    models,
    ...(authorizer ? { authorizer } : {}),
    stage: { name: REST_STAGE, tracing: true, throttle, methodLogging: { level: 'ERROR', dataTrace: false, metrics: false } },
    accessLogs: { retentionDays: logRetentionDays, format: REST_ACCESS_LOG_FORMAT },
    executionLogs: { retentionDays: logRetentionDays, namePrefix: EXECUTION_LOGS_PREFIX },
    ...(cors ? { cors } : {}),
    deployment: { hash, description: `Blueprint ${hash}` },
    usagePlans,
    ...(customDomain ? { customDomain } : {}),
    sizing: peak !== undefined ? { 'peak-rps': peak } : {},
  };
}

/**
 * A REST API's CORS: the one origin (api-checks.ts), the routes' methods and OPTIONS (or as written), the headers
 * its callers send (authorization, content-type, x-api-key with API keys, the required ones; or as written).
 */
function designCors(key: string, a: Api, methods: RestMethodDesign[], record: ReturnType<typeof recorder>): NonNullable<RestApiDesign['cors']> {
  const c = a.cors!;
  const origin = c.origins[0];
  const verbs = [...new Set(methods.map((m) => m.httpMethod))];
  const allowMethods = c.methods ? [...c.methods].sort(byText) : verbs.includes('ANY') ? ['*'] : [...verbs, 'OPTIONS'].sort(byText);
  const required = methods.flatMap((m) => Object.keys(m.requestParameters).filter((p) => p.startsWith('method.request.header.')).map((p) => p.slice('method.request.header.'.length)));
  const allowHeaders = [...new Set((c.headers ?? ['authorization', 'content-type', ...(methods.some((m) => m.apiKeyRequired) ? ['x-api-key'] : []), ...required]).map((h) => h.toLowerCase()))].sort(byText);
  const q = (v: string) => `'${v}'`;
  const shared = { 'Access-Control-Allow-Origin': q(origin), 'Access-Control-Allow-Headers': q(allowHeaders.join(',')) };
  const preflight = { ...shared, 'Access-Control-Allow-Methods': q(allowMethods.join(',')), 'Access-Control-Max-Age': q(String(c.max_age_seconds)) };
  const prefixed = (prefix: string, h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [`${prefix}${k}`, v]).sort(([x], [y]) => byText(x, y)));
  record(
    'cors',
    `${origin}: ${allowMethods.join(', ')}`,
    'written',
    `a preflight method (OPTIONS, answered by API Gateway itself: a mock integration, no function, no API key) on every path, allowing ${origin}, these methods and headers (${allowHeaders.join(', ')}) for ${c.max_age_seconds} s; API Gateway's own errors (a missing key's 403, a throttled 429, a validation 400) carry the origin too. A REST API passes a function's response through as it is: the functions must set Access-Control-Allow-Origin themselves`,
  );
  return {
    allowOrigin: origin,
    allowMethods,
    allowHeaders,
    maxAgeSeconds: c.max_age_seconds,
    paths: [...new Set(methods.map((m) => m.resourcePath))].sort(byText),
    preflightHeaders: prefixed('method.response.header.', preflight),
    gatewayResponses: (['DEFAULT_4XX', 'DEFAULT_5XX'] as const).map((type) => ({ type, headers: prefixed('gatewayresponse.header.', shared) })),
  };
}

/** The usage plans a REST API's api_key routes need: as written, or one plan default, at the API's throttle, with one key default. */
function designUsagePlans(bp: Blueprint, key: string, a: Api, methods: RestMethodDesign[], throttle: RestApiDesign['stage']['throttle'], record: ReturnType<typeof recorder>): UsagePlanDesign[] {
  if (!methods.some((m) => m.apiKeyRequired)) return [];
  const name = (x: string) => `${bp.name}-${key}-${x}`;
  const keys = (ks: string[], plan: string) => [...ks].sort(byText).map((k) => ({ key: k, name: name(k), description: `${k}'s key for REST API ${bp.name}-${key}, usage plan ${plan}` }));
  if (!a.usage_plans) {
    record('usage_plans', `default: ${throttle.rateLimit}/s, bursts of ${throttle.burstLimit}; key default`, 'default', `routes take API keys (auth: api_key) and no usage_plans are written: one plan at the API's throttle with one key (its value generated by API Gateway: aws apigateway get-api-key --include-value); write usage_plans for a plan and key per consumer`);
    return [{ key: 'default', name: name('default'), throttle, keys: keys(['default'], 'default') }];
  }
  return Object.entries(a.usage_plans)
    .sort(([x], [y]) => byText(x, y))
    .map(([plan, p]): UsagePlanDesign => {
      const planThrottle = { rateLimit: p.rps ?? throttle.rateLimit, burstLimit: p.burst ?? throttle.burstLimit };
      const quota = p.quota && { limit: p.quota.requests, period: PERIOD[p.quota.per] };
      record(
        `usage_plans.${plan}`,
        `${planThrottle.rateLimit}/s, bursts of ${planThrottle.burstLimit}${quota ? `, ${quota.limit} requests a ${p.quota!.per}` : ''}; keys ${[...p.keys].sort(byText).join(', ')}`,
        'written',
        `each key of the plan is throttled on its own${p.rps === undefined ? " at the API's rate" : ''}${quota ? ` and refused (429) after ${quota.limit} requests until the next ${p.quota!.per} (UTC)` : ', with no quota'}; the keys' values are generated by API Gateway and never appear in a template or state`,
      );
      return { key: plan, name: name(plan), ...(p.description ? { description: p.description } : {}), throttle: planThrottle, ...(quota ? { quota } : {}), keys: keys(p.keys, plan) };
    });
}

function designDomain(bp: Blueprint, key: string, name: string, record: ReturnType<typeof recorder>): NonNullable<RestApiDesign['customDomain']> {
  const validationZone = validationZoneFor(bp, name);
  record(
    'domain',
    `${name}: regional, TLS 1.2, execute-api endpoint off`,
    'written',
    `apis.${key}.domain: a regional custom domain (TLS_1_2) whose base path maps to the stage live, with a DNS-validated ACM certificate ${validationZone ? `validated in ${validationZone.name} automatically` : 'whose validation record you add to your DNS (or write network.dns)'}; the default execute-api endpoint is turned off, so clients cannot bypass the name`,
  );
  return { name, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', ...(validationZone ? { validationZone } : {}) };
}

/** Every path the methods hang on, and its ancestors, below "/": parents first. */
function resourcesOf(paths: string[]): RestApiDesign['resources'] {
  const all = new Set<string>();
  for (const p of paths) {
    const segments = p.split('/').filter(Boolean);
    for (let i = 1; i <= segments.length; i++) all.add(`/${segments.slice(0, i).join('/')}`);
  }
  return [...all].sort(byText).map((path) => {
    const cut = path.lastIndexOf('/');
    return { path, parent: cut === 0 ? '/' : path.slice(0, cut), pathPart: path.slice(cut + 1), id: resourceId(path) };
  });
}

/** "/orders/{id}" -> "orders-id-1a2b3c": readable, and never the same for two paths. */
export function resourceId(path: string): string {
  return `${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}-${sha256(path).slice(0, 6)}`;
}

/** A model's name: letters and digits only (API Gateway's rule). */
const modelName = (routeId: string) => `${routeId.replace(/[^A-Za-z0-9]/g, '')}Body`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
