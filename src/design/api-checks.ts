import type { z } from 'zod';
import type { Blueprint } from '../schema';
import type { api as apiSchema } from '../schema/apis';
import { closest } from '../load/suggest';
import { targetOf } from './apis';
import type { CheckIssue } from './checks';
import { CLOUDFRONT_REGION } from './site-checks';

type Api = z.infer<typeof apiSchema>;
type Kind = 'http' | 'rest' | 'graphql';
/** Keys that belong to some kinds of API: written on another, they are an error rather than ignored. */
const ONLY: Record<string, Kind[]> = {
  routes: ['http', 'rest'],
  throttle: ['http', 'rest'],
  cors: ['http', 'rest'],
  cdn: ['http'],
  usage_plans: ['rest'],
  schema: ['graphql'],
  resolvers: ['graphql'],
  user_pool: ['graphql', 'rest'],
  jwt: ['http', 'graphql'],
  query_depth_limit: ['graphql'],
};
const kinds = (k: Kind[]) => `kind: ${k.join(' and ')} APIs`;

/**
 * An API's keys fit its kind; its routes (http) invoke declared functions or forward to public container
 * services, its resolvers (graphql) invoke declared functions or read declared tables; jwt authorization has its issuer and
 * audience, and an issuer is only written for jwt; a function an API invokes is invoked by nothing else (it is
 * sized and timed for requests that wait). The schema file and the resolvers' fields are checked as the
 * blueprint loads (load/graphql.ts).
 */
export function checkApis(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const functions = Object.keys(bp.services).filter((k) => bp.services[k].kind === 'function');
  const tables = Object.keys(bp.data ?? {}).filter((k) => bp.data![k].engine === 'dynamodb');
  for (const [key, a] of Object.entries(bp.apis ?? {})) {
    const at = (...p: (string | number)[]) => ['apis', key, ...p];
    for (const [k, allowed] of Object.entries(ONLY)) {
      if (a[k as keyof typeof a] !== undefined && !allowed.includes(a.kind)) issues.push({ path: at(k), at: 'key', message: `${k} is for ${kinds(allowed)}; this one is kind: ${a.kind}` });
    }
    if (a.kind !== 'graphql' && a.routes === undefined) issues.push({ path: at('kind'), involves: [at('routes')], message: `kind: ${a.kind} needs routes (e.g. GET /orders/{id}: get-order)` });
    if (a.kind === 'graphql' && a.schema === undefined) issues.push({ path: at('kind'), involves: [at('schema')], message: 'kind: graphql needs schema: the GraphQL schema file (e.g. ./graphql/api.graphql)' });
    const auths = new Set([a.auth, ...Object.values(a.routes ?? {}).flatMap((r) => (typeof r === 'string' || !r.auth ? [] : [r.auth]))]);
    const authAt = (x: string) => at(a.auth === x ? 'auth' : 'routes');
    if (a.kind === 'http' && auths.has('cognito')) issues.push({ path: authAt('cognito'), message: 'auth: cognito is for kind: graphql and rest APIs (a generated user pool); for an HTTP API write auth: jwt with your user pool\'s issuer and client IDs' });
    if (a.kind !== 'rest' && auths.has('api_key')) issues.push({ path: authAt('api_key'), message: `auth: api_key is for kind: rest APIs (keys of usage plans)${a.kind === 'graphql' ? "; AppSync's API keys expire within a year: write iam, jwt or cognito" : '; write kind: rest, or iam or jwt'}` });
    if (a.kind === 'rest') issues.push(...checkRest(key, a));
    if (a.kind === 'graphql' && a.domain && bp.requirements.regions.primary !== CLOUDFRONT_REGION) issues.push({ path: at('domain'), involves: [['requirements', 'regions', 'primary']], message: `AppSync serves a custom domain from CloudFront, which takes certificates from ${CLOUDFRONT_REGION} only: not rendered for a stack in ${bp.requirements.regions.primary} yet (remove domain: clients use the API's own endpoint)` });
    if (a.kind === 'http' && a.cdn) {
      if (bp.requirements.regions.primary !== CLOUDFRONT_REGION) issues.push({ path: at('cdn'), involves: [['requirements', 'regions', 'primary']], message: `CloudFront's web ACLs are created in ${CLOUDFRONT_REGION} only: a CDN in front of an API is not rendered for a stack in ${bp.requirements.regions.primary} yet` });
      if (auths.has('iam')) issues.push({ path: at('cdn'), involves: [['apis', key, 'auth']], message: 'auth: iam signs the Host header (SigV4), which CloudFront replaces on its way to the API: use jwt behind a CDN, or remove cdn' });
    }
    if (a.kind === 'graphql' && a.auth === 'none') issues.push({ path: at('auth'), message: 'AppSync has no unauthenticated access (API keys expire within a year): write iam, jwt or cognito' });
    if (a.user_pool && a.auth !== 'cognito') issues.push({ path: at('user_pool'), at: 'key', message: 'user_pool configures the pool generated for auth: cognito: write auth: cognito, or remove user_pool' });
    if (a.kind !== 'rest' && auths.has('jwt') && !a.jwt) issues.push({ path: at(a.auth === 'jwt' ? 'auth' : 'routes'), message: 'auth: jwt needs jwt: { issuer, audience } on the API (the token issuer and the client IDs it issues tokens for)' });
    if (a.kind !== 'rest' && a.jwt && !auths.has('jwt')) issues.push({ path: at('jwt'), at: 'key', message: 'no route uses auth: jwt: remove jwt, or write auth: jwt' });
    for (const [routeKey, r] of Object.entries(a.routes ?? {})) {
      const path = typeof r === 'string' ? at('routes', routeKey) : at('routes', routeKey, 'function' in r ? 'function' : 'service');
      const target = targetOf(r);
      if (typeof r !== 'string' && 'function' in r && a.kind !== 'rest') {
        for (const k of ['query', 'headers', 'body'] as const) if (r[k] !== undefined) issues.push({ path: at('routes', routeKey, k), at: 'key', message: `${k} is for kind: rest APIs (request validation); this one is kind: ${a.kind}` });
      }
      if (a.kind === 'rest' && (bp.services[target]?.kind === 'container' || (typeof r !== 'string' && 'service' in r))) {
        issues.push({ path, message: `"${target}" is a ${bp.services[target]?.kind === 'container' ? 'container service' : 'service'}: a REST API's routes invoke functions here (its VPC links reach network load balancers only); forward to a container service from a kind: http API, through a VPC link to the shared load balancer` });
      } else if (bp.services[target]?.kind === 'container' && !(typeof r !== 'string' && 'function' in r)) issues.push(...checkServiceTarget(bp, target, routeKey, path));
      else if (typeof r !== 'string' && 'service' in r) issues.push(...checkServiceTarget(bp, target, routeKey, path));
      else issues.push(...checkFunctionTarget(bp, target, path, functions, 'route'));
    }
    for (const [field, r] of Object.entries(a.kind === 'graphql' ? (a.resolvers ?? {}) : {})) {
      if (typeof r !== 'string' && 'service' in r) {
        issues.push(...checkServiceTarget(bp, r.service, `${r.method} ${r.path}`, at('resolvers', field, 'service'), 'resolver'));
        continue;
      }
      if (typeof r === 'string' || 'function' in r) {
        issues.push(...checkFunctionTarget(bp, typeof r === 'string' ? r : r.function, typeof r === 'string' ? at('resolvers', field) : at('resolvers', field, 'function'), functions, 'resolver'));
        continue;
      }
      const store = bp.data?.[r.table];
      if (!store) {
        const guess = closest(r.table, tables);
        issues.push({ path: at('resolvers', field, 'table'), message: `"${r.table}" is not declared under data${guess ? ` (did you mean "${guess}"?)` : ''}` });
      } else if (store.engine !== 'dynamodb') {
        issues.push({ path: at('resolvers', field, 'table'), message: `"${r.table}" is ${store.engine}: a table resolver reads and writes a DynamoDB table (engine: dynamodb); resolve the field with a function that uses ${r.table}` });
      }
    }
  }
  return issues;
}

/**
 * A REST API: no JWT authorizer (API Gateway v1 has none: cognito or iam), no $default route, one path
 * parameter per level of the resource tree, a body schema with a type, and usage plans exactly when a route
 * takes API keys, each key in one plan.
 */
function checkRest(key: string, a: Api): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: (string | number)[]) => ['apis', key, ...p];
  const routes = Object.entries(a.routes ?? {});
  const authOf = (r: (typeof routes)[number][1]) => (typeof r === 'string' ? undefined : r.auth) ?? a.auth;
  if (a.auth === 'jwt') issues.push({ path: at('auth'), message: 'a REST API has no JWT authorizer: write auth: cognito (a user pool generated for it), iam or api_key, or kind: http for tokens of your own issuer' });
  const parameterAt = new Map<string, [string, string]>();
  for (const [routeKey, r] of routes) {
    if (typeof r !== 'string' && r.auth === 'jwt') issues.push({ path: at('routes', routeKey, 'auth'), message: 'a REST API has no JWT authorizer: write auth: cognito, iam or api_key' });
    if (routeKey === '$default') {
      issues.push({ path: at('routes', routeKey), at: 'key', message: 'a REST API has no $default route: write ANY /{proxy+} for every path no other route matches' });
      continue;
    }
    const segments = routeKey.split(' ')[1].split('/').slice(1);
    segments.forEach((s, i) => {
      if (!s.startsWith('{')) return;
      const parent = `/${segments.slice(0, i).join('/')}`;
      const seen = parameterAt.get(parent);
      if (!seen) parameterAt.set(parent, [s, routeKey]);
      else if (seen[0] !== s) issues.push({ path: at('routes', routeKey), at: 'key', message: `${s} under ${parent}: ${seen[1]} has ${seen[0]} there, and a REST API takes one path parameter per level: name them the same` });
    });
    const body = typeof r === 'string' || !('function' in r) ? undefined : r.body;
    if (body !== undefined && typeof body.type !== 'string' && body.$ref === undefined) issues.push({ path: at('routes', routeKey, 'body'), message: 'must be a JSON Schema with a type (e.g. type: object, properties: ...)' });
  }
  if (a.cors) {
    if (a.cors.origins.length > 1) issues.push({ path: at('cors', 'origins'), message: `a REST API answers preflights with one origin (or *), not ${a.cors.origins.length}: write one, or use kind: http, whose CORS answers each origin it allows` });
    for (const [routeKey] of routes.filter(([k]) => k.startsWith('OPTIONS '))) issues.push({ path: at('routes', routeKey), at: 'key', message: `with cors, API Gateway answers OPTIONS ${routeKey.split(' ')[1]} itself (the preflight): remove the route, or cors` });
  }
  const keyed = routes.filter(([, r]) => authOf(r) === 'api_key');
  if (a.usage_plans && !keyed.length) issues.push({ path: at('usage_plans'), at: 'key', message: 'no route uses auth: api_key: remove usage_plans, or write auth: api_key' });
  const planOf = new Map<string, string>();
  for (const [plan, p] of Object.entries(a.usage_plans ?? {})) {
    p.keys.forEach((k, i) => {
      const other = planOf.get(k);
      if (other) issues.push({ path: at('usage_plans', plan, 'keys', i), message: `the key ${k} is in usage plan ${other} too: a key takes one plan's throttling and quota on a stage` });
      else planOf.set(k, plan);
    });
  }
  return issues;
}

/**
 * A route's container service: declared, a container routed on the shared load balancer (public: true), its
 * listener's name known when it serves HTTPS (the service's host, or a security.tls.domain that is no
 * wildcard), and, when it is routed by path, the route's path under that path (the listener's rules choose the
 * service by the request's path and host).
 */
function checkServiceTarget(bp: Blueprint, target: string, routeKey: string, path: (string | number)[], what: 'route' | 'resolver' = 'route'): CheckIssue[] {
  const svc = bp.services[target];
  const containers = Object.keys(bp.services).filter((k) => bp.services[k].kind === 'container' && bp.services[k].public);
  if (!svc) {
    const guess = closest(target, containers);
    return [{ path, message: `"${target}" is not declared under services${guess ? ` (did you mean "${guess}"?)` : ''}` }];
  }
  const resolver = what === 'resolver';
  if (svc.kind !== 'container') return [{ path, message: `"${target}" is a ${svc.kind === 'scheduled' ? 'scheduled job' : svc.kind}: ${resolver ? `a service resolver calls a container service (kind: container, public: true)${svc.kind === 'function' ? `; for a function write function: ${target} (no method or path)` : ''}` : 'a route forwards to a container service (kind: container, public: true) through a VPC link, or invokes a function'}` }];
  if (!svc.public) return [{ path, involves: [['services', target]], message: resolver ? `"${target}" is not on the load balancer: AppSync calls a container service at the shared load balancer's public HTTPS name (it reaches no private endpoint), so write public: true on it` : `"${target}" is not on the load balancer: a route reaches a container service through a VPC link to the shared load balancer, so write public: true on it` }];
  const issues: CheckIssue[] = [];
  const tls = bp.security.tls;
  if (resolver && bp.load_balancing.public?.cdn) issues.push({ path, involves: [['load_balancing', 'public', 'cdn']], message: `behind a CDN the load balancer admits CloudFront only, and its name is the distribution's: AppSync calling ${target} through the CDN is not rendered yet (resolve the field with a function, or remove cdn)` });
  if (resolver && !tls) issues.push({ path, involves: [['security']], message: `the load balancer serves plain HTTP (no security.tls): AppSync calls HTTP data sources over HTTPS by a public name only, so write security.tls with a domain (the listener's certificate, and the name AppSync calls ${target} at)` });
  if (tls && !svc.host && (!tls.domain || tls.domain.startsWith('*.'))) {
    issues.push({ path, involves: [['security', 'tls']], message: `the load balancer serves HTTPS but its name is not known (${tls.domain ? `security.tls.domain ${tls.domain} is a wildcard` : 'security.tls names a certificate, not a domain'}): ${resolver ? "AppSync calls the load balancer by that name (its certificate verified)" : "API Gateway verifies the listener's certificate by name"}, so write host on ${target} or security.tls.domain` });
  }
  if (svc.path && routeKey !== '$default') {
    const sample = routeKey.split(' ')[1].replace(/\{[A-Za-z_][A-Za-z0-9_]*\+\}/g, 'x/y').replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x');
    const pattern = new RegExp(`^${svc.path.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    if (!pattern.test(sample)) issues.push({ path, involves: [['services', target, 'path']], message: `${routeKey.split(' ')[1]} is not under ${target}'s path ${svc.path}: the load balancer would send it elsewhere; ${resolver ? 'call' : 'route'} a path under ${svc.path}` });
  }
  return issues;
}

/** A route's or resolver's function: declared, a function, and invoked by nothing but APIs. */
function checkFunctionTarget(bp: Blueprint, target: string, path: (string | number)[], functions: string[], what: 'route' | 'resolver'): CheckIssue[] {
  const svc = bp.services[target];
  if (!svc) {
    const guess = closest(target, functions);
    return [{ path, message: `"${target}" is not declared under services${guess ? ` (did you mean "${guess}"?)` : ''}` }];
  }
  if (svc.kind !== 'function') {
    return [{ path, message: `"${target}" is a ${svc.kind === 'scheduled' ? 'scheduled job' : svc.kind === 'container' ? 'container service' : svc.kind}: ${what === 'route' ? 'a route invokes a function (kind: function) or forwards to a public container service (write service: instead of function:)' : 'a function resolver invokes a function (kind: function); for a public container service write { service: ..., method: ..., path: ... }'}` }];
  }
  if (svc.consumes !== undefined || svc.schedule !== undefined) {
    return [{ path, involves: [['services', target]], message: `"${target}" ${svc.consumes !== undefined ? `consumes ${svc.consumes}` : 'runs on a schedule'}: a function that an API invokes is sized and timed for requests that wait, so give the ${what} a function of its own` }];
  }
  return [];
}
