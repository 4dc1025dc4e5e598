import type { Blueprint } from '../schema';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { entryPointsOf } from './apis';
import { hasStandby, strategyOf } from './resilience';

/**
 * A function's triggers (services.<key>.triggers): a table's stream, of a DynamoDB table declared under data; one
 * trigger per function (not with consumes or a schedule, nor behind an API, whose requests wait); not in a system
 * with a standby (not rendered yet there).
 */
export function checkFunctionTriggers(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [name, svc] of Object.entries(bp.services)) {
    const table = svc.triggers?.table;
    if (svc.kind !== 'function' || table === undefined) continue;
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    const store = bp.data?.[table];
    if (store === undefined) {
      const guess = closest(table, Object.keys(bp.data ?? {}).filter((k) => bp.data![k].engine === 'dynamodb'));
      issues.push({ path: at('triggers', 'table'), message: `"${table}" is not declared under data${guess ? ` (did you mean "${guess}"?)` : ''}: a stream trigger names a DynamoDB table (engine: dynamodb)` });
    } else if (store.engine !== 'dynamodb') {
      issues.push({
        path: at('triggers', 'table'),
        involves: [['data', table, 'engine']],
        message: `"${table}" is not a DynamoDB table (engine: ${store.engine}): a stream trigger reads a table's change stream${store.engine === 'sqs' ? `; a function consumes a queue with consumes: ${table}` : ''}`,
      });
    }
    if (svc.consumes !== undefined) issues.push({ path: at('triggers'), involves: [at('consumes')], message: 'a function is triggered by a table stream or consumes a queue, not both: split it in two functions' });
    if (svc.schedule !== undefined) issues.push({ path: at('triggers'), involves: [at('schedule')], message: 'a function is triggered by a table stream or runs on a schedule, not both: split it in two functions' });
    const api = Object.entries(bp.apis ?? {}).find(([, a]) => entryPointsOf(a).some(([, target]) => target === name));
    if (api) issues.push({ path: at('triggers'), involves: [['apis', api[0]]], message: `API ${api[0]} invokes this function too: a function that an API invokes is sized and timed for requests that wait, so give the stream a function of its own` });
    if (hasStandby(bp)) {
      issues.push({
        path: at('triggers', 'table'),
        message: `a stream trigger in a system with a ${strategyOf(bp)} standby is not rendered yet: the replica's stream in ${bp.requirements.regions.secondary} carries every replicated write, so the standby's function would process each change a second time; a disabled mapping there, enabled on failover, is not rendered`,
      });
    }
  }
  return issues;
}
