import type { Blueprint } from '../schema';
import { closest } from '../load/suggest';
import { targetOf } from './apis';
import type { CheckIssue } from './checks';

/** Keys that belong to one kind of API: written on the other, they are an error rather than ignored. */
const ONLY: Record<string, 'http' | 'graphql'> = { routes: 'http', throttle: 'http', cors: 'http', domain: 'http', schema: 'graphql', resolvers: 'graphql', user_pool: 'graphql', query_depth_limit: 'graphql' };

/**
 * An API's keys fit its kind; its routes (http) or resolvers (graphql) invoke declared functions (routes to
 * container services are not rendered yet) or read declared tables; jwt authorization has its issuer and
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
    for (const [k, kind] of Object.entries(ONLY)) {
      // kind: rest is reported as not rendered yet; its keys are not judged.
      if (a[k as keyof typeof a] !== undefined && a.kind !== kind && a.kind !== 'rest') issues.push({ path: at(k), at: 'key', message: `${k} is for kind: ${kind} APIs; this one is kind: ${a.kind}${k === 'domain' ? ' (a GraphQL API\'s custom domain is not rendered yet)' : ''}` });
    }
    if (a.kind === 'http' && a.routes === undefined) issues.push({ path: at('kind'), involves: [at('routes')], message: 'kind: http needs routes (e.g. GET /orders/{id}: get-order)' });
    if (a.kind === 'graphql' && a.schema === undefined) issues.push({ path: at('kind'), involves: [at('schema')], message: 'kind: graphql needs schema: the GraphQL schema file (e.g. ./graphql/api.graphql)' });
    const auths = new Set([a.auth, ...Object.values(a.routes ?? {}).flatMap((r) => (typeof r === 'string' || !r.auth ? [] : [r.auth]))]);
    if (a.kind === 'http' && auths.has('cognito')) issues.push({ path: at(a.auth === 'cognito' ? 'auth' : 'routes'), message: 'auth: cognito is for kind: graphql APIs (a generated user pool); for an HTTP API write auth: jwt with your user pool\'s issuer and client IDs' });
    if (a.kind === 'graphql' && a.auth === 'none') issues.push({ path: at('auth'), message: 'AppSync has no unauthenticated access (API keys expire within a year): write iam, jwt or cognito' });
    if (a.user_pool && a.auth !== 'cognito') issues.push({ path: at('user_pool'), at: 'key', message: 'user_pool configures the pool generated for auth: cognito: write auth: cognito, or remove user_pool' });
    if (auths.has('jwt') && !a.jwt) issues.push({ path: at(a.auth === 'jwt' ? 'auth' : 'routes'), message: 'auth: jwt needs jwt: { issuer, audience } on the API (the token issuer and the client IDs it issues tokens for)' });
    if (a.jwt && !auths.has('jwt')) issues.push({ path: at('jwt'), at: 'key', message: 'no route uses auth: jwt: remove jwt, or write auth: jwt' });
    for (const [routeKey, r] of Object.entries(a.routes ?? {})) {
      issues.push(...checkFunctionTarget(bp, targetOf(r), typeof r === 'string' ? at('routes', routeKey) : at('routes', routeKey, 'function'), functions, 'route'));
    }
    for (const [field, r] of Object.entries(a.kind === 'graphql' ? (a.resolvers ?? {}) : {})) {
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

/** A route's or resolver's function: declared, a function, and invoked by nothing but APIs. */
function checkFunctionTarget(bp: Blueprint, target: string, path: (string | number)[], functions: string[], what: 'route' | 'resolver'): CheckIssue[] {
  const svc = bp.services[target];
  if (!svc) {
    const guess = closest(target, functions);
    return [{ path, message: `"${target}" is not declared under services${guess ? ` (did you mean "${guess}"?)` : ''}` }];
  }
  if (svc.kind !== 'function') {
    return [{ path, message: `"${target}" is a ${svc.kind === 'scheduled' ? 'scheduled job' : svc.kind === 'container' ? 'container service' : svc.kind}: ${what}s invoke functions (kind: function); ${what}s to container services${what === 'route' ? ', through a VPC link to the load balancer,' : ''} are not rendered yet` }];
  }
  if (svc.consumes !== undefined || svc.schedule !== undefined) {
    return [{ path, involves: [['services', target]], message: `"${target}" ${svc.consumes !== undefined ? `consumes ${svc.consumes}` : 'runs on a schedule'}: a function that an API invokes is sized and timed for requests that wait, so give the ${what} a function of its own` }];
  }
  return [];
}
