import { createHash } from 'node:crypto';
import type { Blueprint } from '../schema';
import type { api as apiSchema } from '../schema/apis';
import type { z } from 'zod';
import { pct, recorder, type DecisionLog } from './decisions';
import type { Sizing } from './sizing';
import { validationZoneFor, type ZoneRef } from './dns';
import { byText } from '../text';
import type { SubnetTier } from './types';
import { designApiCdn, type ApiCdnDesign } from './edge';

/*
 * APIs (apis:): API Gateway HTTP APIs whose routes invoke functions. Each API's authorization, throttling,
 * CORS, access logs and the rate its functions are sized for; its alarms are in api-alarms.ts.
 */

type Api = z.infer<typeof apiSchema>;
export type ApiAuth = 'none' | 'iam' | 'jwt';

export interface ApiDesign {
  key: string;
  kind: 'http';
  /** `<blueprint>-<key>`. */
  name: string;
  description?: string;
  /** One stage, $default, deployed on every change (no deployment resources to keep in step). */
  stage: { name: '$default'; autoDeploy: true };
  /** Routes, sorted by route key. */
  routes: ApiRouteDesign[];
  /** The JWT authorizer its jwt routes use (identity source: the Authorization header). */
  authorizer?: { name: 'jwt'; issuer: string; audience: string[]; identitySource: '$request.header.Authorization' };
  /** The stage's default route throttling (at most API Gateway's account limits). */
  throttle: { rateLimit: number; burstLimit: number };
  cors?: { allowOrigins: string[]; allowMethods: string[]; allowHeaders: string[]; maxAgeSeconds: number };
  /** Every request into its own log group, one JSON line each (ACCESS_LOG_FORMAT), kept this many days. */
  accessLogs: { retentionDays: number; format: string };
  /** What it is sized for (sizing.ts), written as tags on the API: peak-rps. */
  sizing: Sizing;
  /**
   * apis.<key>.domain: a regional custom domain (TLS 1.2) mapped to the $default stage, with a certificate
   * requested for it (DNS-validated, in validationZone automatically when the name is in network.dns's zone).
   */
  customDomain?: { name: string; endpointType: 'REGIONAL'; securityPolicy: 'TLS_1_2'; validationZone?: ZoneRef };
  /** The execute-api endpoint is turned off when a custom domain is the API's only way in. */
  disableExecuteApiEndpoint: boolean;
  /**
   * With routes to container services: one VPC link (`<blueprint>-<key>`) in the subnets of a tier of the VPC,
   * its security group allowed out to the load balancer on the listener's port only (the load balancer admits it).
   */
  vpcLink?: { name: string; subnets: SubnetTier; port: 443 | 80 };
  /** apis.<key>.cdn: a CloudFront distribution in front of it (edge.ts). */
  cdn?: ApiCdnDesign;
}

export interface ApiRouteDesign {
  /** "GET /orders/{id}", or $default. */
  routeKey: string;
  /** A stable ID from the route key (construct IDs, resource names): its letters and digits, and a short hash so two keys never share one. */
  id: string;
  /** The function it invokes (a Lambda proxy integration); absent for a route to a container service. */
  function?: string;
  /** The public container service it forwards to, through the API's VPC link to the load balancer's listener. */
  service?: string;
  auth: ApiAuth;
  /** API Gateway's name for it: NONE, AWS_IAM or JWT. */
  authorizationType: 'NONE' | 'AWS_IAM' | 'JWT';
  /**
   * A function: Lambda proxy integration, payload format 2.0. A service: HTTP proxy (payload 1.0, every method)
   * through the VPC link to the load balancer's HTTPS listener (TLS, the listener's name verified) or its HTTP
   * one, the Host header set to the service's host when it is routed by host. API Gateway waits at most
   * timeoutMs (its limit: 30 s).
   */
  integration: { type: 'AWS_PROXY'; payloadFormatVersion: '2.0'; timeoutMs: number } | VpcLinkIntegrationDesign;
  /**
   * What API Gateway may invoke the function from: the path below the API's execute-api ARN (any stage, this
   * route's method, "*" for ANY, and its path; for $default: any stage, $default), in this route's permission.
   * Function routes only.
   */
  invokeFrom?: string;
}

export interface VpcLinkIntegrationDesign {
  type: 'HTTP_PROXY';
  payloadFormatVersion: '1.0';
  timeoutMs: number;
  method: 'ANY';
  listener: 'https' | 'http';
  /** With the HTTPS listener: the name its certificate must have (the service's host, or security.tls.domain). */
  serverNameToVerify?: string;
  /** The service's host (its listener rule's host condition), written as the request's Host header. */
  hostHeader?: string;
}

/** One JSON line per request: who, what, how it ended and how long it took (fields of $context). */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

const AUTHORIZATION: Record<ApiAuth, ApiRouteDesign['authorizationType']> = { none: 'NONE', iam: 'AWS_IAM', jwt: 'JWT' };

/** API Gateway's default account limits for HTTP APIs in a region. */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

/** The peak requests a second an API takes: its own peak_rps, or the system's. */
export const apiPeakOf = (bp: Blueprint, a: Api): number | undefined => a.peak_rps ?? bp.requirements.peak_rps;

/**
 * The APIs whose routes (or GraphQL resolvers) invoke a function, sorted by API key: each one's peak, and the
 * function's share of it (its routes' share of the API's routes: which route takes how much is not known, so
 * each takes as much).
 */
export function routesTo(bp: Blueprint, fn: string): { api: string; peak: number | undefined; share: number | undefined; routes: string[] }[] {
  return Object.entries(bp.apis ?? {})
    .sort(([a], [b]) => byText(a, b))
    .map(([key, a]) => {
      const peak = apiPeakOf(bp, a);
      const all = entryPointsOf(a);
      const routes = all.filter(([, target]) => target === fn).map(([k]) => k).sort(byText);
      return { api: key, peak, share: peak === undefined ? undefined : (peak * routes.length) / all.length, routes };
    })
    .filter((x) => x.routes.length > 0);
}

/** An API's routes (kind: http) or resolvers (kind: graphql), each with the function it invokes (undefined: a table resolver). */
export function entryPointsOf(a: Api): [string, string | undefined][] {
  if (a.kind === 'graphql') return Object.entries(a.resolvers ?? {}).map(([k, r]) => [k, typeof r === 'string' ? r : 'function' in r ? r.function : undefined]);
  return Object.entries(a.routes ?? {}).map(([k, r]) => [k, targetOf(r)]);
}

/** The service a route reaches: the function it invokes or the container service it forwards to. */
export const targetOf = (r: NonNullable<Api['routes']>[string]): string => (typeof r === 'string' ? r : 'function' in r ? r.function : r.service);

/** The HTTP APIs of a blueprint (GraphQL APIs are graphql.ts's), sorted by key; `timeoutOf` gives each function's timeout (seconds). */
export function designApis(bp: Blueprint, logRetentionDays: number, timeoutOf: (fn: string) => number, log: DecisionLog): ApiDesign[] {
  return Object.entries(bp.apis ?? {})
    .filter(([, a]) => a.kind === 'http')
    .sort(([a], [b]) => byText(a, b))
    .map(([key, a]) => designApi(bp, key, a, logRetentionDays, timeoutOf, log));
}

function designApi(bp: Blueprint, key: string, a: Api, logRetentionDays: number, timeoutOf: (fn: string) => number, log: DecisionLog): ApiDesign {
  const record = recorder(log, 'load-balancing', `apis.${key}`);
  record('kind', 'HTTP API', 'written', 'API Gateway HTTP API (v2): one $default stage deployed on every change, routes to functions through Lambda proxy integrations (payload 2.0)');
  const routes = Object.entries(a.routes ?? {})
    .sort(([x], [y]) => byText(x, y))
    .map(([routeKey, r]): ApiRouteDesign => {
      // cognito is a GraphQL API's (api-checks.ts refuses it here).
      const auth = ((typeof r === 'string' ? undefined : r.auth) ?? a.auth) as ApiAuth;
      const target = targetOf(r);
      const common = { routeKey, id: routeId(routeKey), auth, authorizationType: AUTHORIZATION[auth] };
      if (bp.services[target]?.kind === 'container') return { ...common, service: target, integration: vpcLinkIntegration(bp, target) };
      // API Gateway waits at most 30 s; the function's own timeout stops it first when shorter.
      const timeoutMs = Math.min(30_000, timeoutOf(target) * 1000);
      return { ...common, function: target, integration: { type: 'AWS_PROXY', payloadFormatVersion: '2.0', timeoutMs }, invokeFrom: invokeFrom(routeKey) };
    });
  const open = routes.filter((r) => r.auth === 'none').map((r) => r.routeKey);
  record(
    'auth',
    a.auth,
    'written',
    a.auth === 'none'
      ? `written auth: none: anyone may call ${open.length === routes.length ? 'every route' : open.join(', ')} (the API is public on purpose; AwsSolutions-APIG4 acknowledged per route)`
      : a.auth === 'iam'
        ? 'SigV4-signed requests only: callers need execute-api:Invoke on the route, granted by their own IAM policies'
        : `a JWT bearer token of ${a.jwt?.issuer} for ${a.jwt?.audience.join(', ')}, checked by API Gateway before the function runs`,
  );
  for (const r of routes.filter((x) => x.auth === 'none')) {
    log.acknowledge({ rule: 'AwsSolutions-APIG4', on: { kind: 'api-route', api: key, route: r.routeKey }, reason: `apis.${key}${r.auth === a.auth ? '.auth' : `.routes["${r.routeKey}"].auth`} is written none: the route is public on purpose` });
  }

  const peak = apiPeakOf(bp, a);
  let throttle: ApiDesign['throttle'] | undefined;
  if (a.throttle) {
    throttle = { rateLimit: a.throttle.rps, burstLimit: a.throttle.burst };
    record('throttle', `${throttle.rateLimit}/s, bursts of ${throttle.burstLimit}`, 'written', 'written: requests beyond it get 429 Too Many Requests');
  } else if (peak !== undefined) {
    const rateLimit = Math.min(ACCOUNT_RATE_LIMIT, Math.ceil(2 * peak));
    const burstLimit = Math.min(ACCOUNT_BURST_LIMIT, rateLimit);
    throttle = { rateLimit, burstLimit };
    record(
      'throttle',
      `${rateLimit}/s, bursts of ${burstLimit}`,
      'derived',
      `2 x the peak of ${pct(peak)}/s${a.peak_rps === undefined ? ' (requirements.peak_rps)' : ''}: room for spikes above what its functions are sized for, while a flood gets 429 Too Many Requests instead of reaching them (and the bill); within API Gateway's account limits of ${ACCOUNT_RATE_LIMIT}/s, bursts of ${ACCOUNT_BURST_LIMIT}`,
    );
  } else {
    throttle = { rateLimit: ACCOUNT_RATE_LIMIT, burstLimit: ACCOUNT_BURST_LIMIT };
    record('throttle', `${ACCOUNT_RATE_LIMIT}/s, bursts of ${ACCOUNT_BURST_LIMIT}`, 'default', `no peak known (write peak_rps or requirements.peak_rps): API Gateway's account limits, written out so the stage states them`);
  }

  const methods = [...new Set(routes.map((r) => r.routeKey.split(' ')[0]).filter((m) => m !== '$default'))].sort(byText);
  const cors = a.cors && {
    allowOrigins: [...a.cors.origins].sort(byText),
    allowMethods: a.cors.methods ? [...a.cors.methods].sort(byText) : methods.includes('ANY') || !methods.length ? ['*'] : methods,
    allowHeaders: (a.cors.headers ?? ['authorization', 'content-type']).map((h) => h.toLowerCase()).sort(byText),
    maxAgeSeconds: a.cors.max_age_seconds,
  };
  if (cors) record('cors', `${cors.allowOrigins.join(', ')}: ${cors.allowMethods.join(', ')}`, 'written', `API Gateway answers browsers' preflight requests itself (no route needed), allowing these origins, methods and headers (${cors.allowHeaders.join(', ')}) for ${cors.maxAgeSeconds} s`);
  record('access_logs', `every request, kept ${logRetentionDays} days`, 'default', 'one JSON line a request into its own log group: caller, route, status, latency and integration errors (AwsSolutions-APIG1)');
  // Behind a CDN the domain is the distribution's (edge.ts): no API Gateway custom domain.
  const customDomain = a.domain && !a.cdn ? designCustomDomain(bp, key, a.domain, record) : undefined;
  const vpcLink = routes.some((r) => r.service) ? designVpcLink(bp, key, routes, record) : undefined;
  const cdn = a.cdn ? designApiCdn(bp, key, record, log) : undefined;
  record('web_acl', cdn ? 'the CLOUDFRONT web ACL, through its CDN' : 'none', cdn ? 'derived' : 'default', cdn ? 'every request through its distribution passes the web ACL the static sites share' : 'WAF protects REST API stages and GraphQL APIs, not HTTP APIs: authorization and throttling protect it (write cdn: true for a CloudFront distribution, and its web ACL, in front)');

  return {
    key,
    kind: 'http',
    name: `${bp.name}-${key}`,
    ...(a.description ? { description: a.description } : {}),
    stage: { name: '$default', autoDeploy: true },
    routes,
    ...(a.jwt && routes.some((r) => r.auth === 'jwt') ? { authorizer: { name: 'jwt' as const, issuer: a.jwt.issuer, audience: [...a.jwt.audience].sort(byText), identitySource: '$request.header.Authorization' as const } } : {}),
    throttle: throttle!,
    ...(cors ? { cors } : {}),
    accessLogs: { retentionDays: logRetentionDays, format: ACCESS_LOG_FORMAT },
    sizing: peak !== undefined ? { 'peak-rps': peak } : {},
    ...(customDomain ? { customDomain } : {}),
    disableExecuteApiEndpoint: customDomain !== undefined,
    ...(vpcLink ? { vpcLink } : {}),
    ...(cdn ? { cdn } : {}),
  };
}

/** A route to a container service: through the VPC link to the load balancer's listener (api-checks.ts: the service is public, the listener's name known). */
function vpcLinkIntegration(bp: Blueprint, service: string): VpcLinkIntegrationDesign {
  const svc = bp.services[service];
  const tls = bp.security.tls;
  const https = tls !== undefined;
  const name = svc.host ?? tls?.domain;
  return {
    type: 'HTTP_PROXY',
    payloadFormatVersion: '1.0',
    // The load balancer may take its idle timeout; API Gateway waits at most 30 s.
    timeoutMs: Math.min(30_000, (bp.load_balancing.public?.idle_timeout_seconds ?? 60) * 1000),
    method: 'ANY',
    listener: https ? 'https' : 'http',
    ...(https && name ? { serverNameToVerify: name } : {}),
    ...(svc.host ? { hostHeader: svc.host } : {}),
  };
}

function designVpcLink(bp: Blueprint, key: string, routes: ApiRouteDesign[], record: ReturnType<typeof recorder>): NonNullable<ApiDesign['vpcLink']> {
  const services = [...new Set(routes.flatMap((r) => (r.service ? [r.service] : [])))].sort(byText);
  const https = bp.security.tls !== undefined;
  // Its network interfaces sit where the services' tasks run, next to the load balancer's targets.
  const subnets: SubnetTier = bp.network.nat === 'none' ? 'public' : 'private';
  record(
    'vpc_link',
    `${bp.name}-${key} in the ${subnets} subnets, to the load balancer's ${https ? 'HTTPS' : 'HTTP'} listener`,
    'derived',
    `routes to ${services.join(', ')}: API Gateway reaches the shared load balancer through a VPC link (free for HTTP APIs), its security group allowed out to the load balancer on port ${https ? 443 : 80} only; the listener's rules choose the service, as for any other request${https ? ', over TLS, the listener\'s certificate verified' : ' (plain HTTP inside the VPC: write security.tls for TLS to the load balancer)'}`,
  );
  return { name: `${bp.name}-${key}`, subnets, port: https ? 443 : 80 };
}

function designCustomDomain(bp: Blueprint, key: string, name: string, record: ReturnType<typeof recorder>): NonNullable<ApiDesign['customDomain']> {
  const validationZone = validationZoneFor(bp, name);
  record(
    'domain',
    `${name}: regional, TLS 1.2, execute-api endpoint off`,
    'written',
    `apis.${key}.domain: a regional custom domain (TLS_1_2: no TLS 1.0/1.1) mapped to the $default stage, with a DNS-validated ACM certificate ${validationZone ? `validated in ${validationZone.name} automatically` : 'whose validation record you add to your DNS (or write network.dns)'}; the default execute-api endpoint is turned off, so clients cannot bypass the name (and whatever is put in front of it later)`,
  );
  return { name, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', ...(validationZone ? { validationZone } : {}) };
}

/** The execute-api resource path a route's requests come from: any stage, its method ("*" for ANY) and path. */
function invokeFrom(routeKey: string): string {
  if (routeKey === '$default') return '*/$default';
  const [method, path] = routeKey.split(' ');
  return `*/${method === 'ANY' ? '*' : method}${path}`;
}

/** "GET /orders/{id}" -> "GET-orders-id-1a2b3c": readable, and never the same for two keys. */
export function routeId(routeKey: string): string {
  const words = routeKey.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
  return `${words}-${createHash('sha256').update(routeKey).digest('hex').slice(0, 6)}`;
}
