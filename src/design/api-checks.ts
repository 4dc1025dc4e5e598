import type { Blueprint } from '../schema';
import { closest } from '../load/suggest';
import { targetOf } from './apis';
import type { CheckIssue } from './checks';

/**
 * An API's routes invoke declared functions (routes to container services are not rendered yet); jwt
 * authorization has its issuer and audience, and an issuer is only written for jwt; a function invoked by a
 * route is invoked by nothing else (it is sized and timed for requests that wait).
 */
export function checkApis(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const functions = Object.keys(bp.services).filter((k) => bp.services[k].kind === 'function');
  for (const [key, a] of Object.entries(bp.apis ?? {})) {
    const at = (...p: (string | number)[]) => ['apis', key, ...p];
    const auths = new Set([a.auth, ...Object.values(a.routes).flatMap((r) => (typeof r === 'string' || !r.auth ? [] : [r.auth]))]);
    if (auths.has('jwt') && !a.jwt) issues.push({ path: at(a.auth === 'jwt' ? 'auth' : 'routes'), message: 'auth: jwt needs jwt: { issuer, audience } on the API (the token issuer and the client IDs it issues tokens for)' });
    if (a.jwt && !auths.has('jwt')) issues.push({ path: at('jwt'), at: 'key', message: 'no route uses auth: jwt: remove jwt, or write auth: jwt' });
    for (const [routeKey, r] of Object.entries(a.routes)) {
      const target = targetOf(r);
      const path = typeof r === 'string' ? at('routes', routeKey) : at('routes', routeKey, 'function');
      const svc = bp.services[target];
      if (!svc) {
        const guess = closest(target, functions);
        issues.push({ path, message: `"${target}" is not declared under services${guess ? ` (did you mean "${guess}"?)` : ''}` });
      } else if (svc.kind !== 'function') {
        issues.push({ path, message: `"${target}" is a ${svc.kind === 'scheduled' ? 'scheduled job' : svc.kind === 'container' ? 'container service' : svc.kind}: routes invoke functions (kind: function); routes to container services, through a VPC link to the load balancer, are not rendered yet` });
      } else if (svc.consumes !== undefined || svc.schedule !== undefined) {
        issues.push({ path, involves: [['services', target]], message: `"${target}" ${svc.consumes !== undefined ? `consumes ${svc.consumes}` : 'runs on a schedule'}: a function that routes invoke is sized and timed for requests that wait, so give the route a function of its own` });
      }
    }
  }
  return issues;
}
