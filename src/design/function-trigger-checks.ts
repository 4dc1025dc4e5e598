import type { Blueprint } from '../schema';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { entryPointsOf } from './apis';
import { hasStandby, strategyOf } from './resilience';

/**
 * A function's triggers (services.<key>.triggers): a table's stream, of a DynamoDB table declared under data, or a
 * bucket's created objects, of an S3 bucket (prefix and suffix with it only); one trigger per function (not with consumes or a schedule, nor behind an API, whose requests wait); not in a system
 * with a standby (not rendered yet there).
 */
export function checkFunctionTriggers(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [name, svc] of Object.entries(bp.services)) {
    const triggers = svc.triggers;
    if (svc.kind !== 'function' || triggers === undefined) continue;
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    const { table, bucket } = triggers;
    if (table === undefined && bucket === undefined) {
      issues.push({ path: at('triggers'), message: "write what invokes the function: table (a DynamoDB table's stream) or bucket (an S3 bucket's created objects)" });
      continue;
    }
    if (table !== undefined && bucket !== undefined) issues.push({ path: at('triggers', 'bucket'), involves: [at('triggers', 'table')], message: 'a function is triggered by a table stream or by bucket events, not both: split it in two functions' });
    for (const k of ['prefix', 'suffix'] as const) {
      if (triggers[k] !== undefined && bucket === undefined) issues.push({ path: at('triggers', k), message: `filters the keys of a bucket's objects: only with bucket (triggers: { bucket: NAME, ${k}: ... })` });
    }
    const named = (key: string, engine: 'dynamodb' | 's3', field: 'table' | 'bucket') => {
      const store = bp.data?.[key];
      const what = engine === 'dynamodb' ? 'a stream trigger names a DynamoDB table (engine: dynamodb)' : 'a bucket trigger names an S3 bucket (engine: s3)';
      if (store === undefined) {
        const guess = closest(key, Object.keys(bp.data ?? {}).filter((k) => bp.data![k].engine === engine));
        issues.push({ path: at('triggers', field), message: `"${key}" is not declared under data${guess ? ` (did you mean "${guess}"?)` : ''}: ${what}` });
      } else if (store.engine !== engine) {
        const hint = store.engine === 'sqs' ? `; a function consumes a queue with consumes: ${key}` : store.engine === 'dynamodb' ? `; a table's stream invokes a function with triggers: { table: ${key} }` : store.engine === 's3' ? `; a bucket's objects invoke a function with triggers: { bucket: ${key} }` : '';
        issues.push({
          path: at('triggers', field),
          involves: [['data', key, 'engine']],
          message: `"${key}" is not ${engine === 'dynamodb' ? 'a DynamoDB table' : 'an S3 bucket'} (engine: ${store.engine}): ${engine === 'dynamodb' ? "a stream trigger reads a table's change stream" : "a bucket trigger is invoked by a bucket's created objects"}${hint}`,
        });
      }
    };
    if (table !== undefined) named(table, 'dynamodb', 'table');
    if (bucket !== undefined) named(bucket, 's3', 'bucket');
    const what = table !== undefined ? 'a table stream' : 'bucket events';
    if (svc.consumes !== undefined) issues.push({ path: at('triggers'), involves: [at('consumes')], message: `a function is triggered by ${what} or consumes a queue, not both: split it in two functions` });
    if (svc.schedule !== undefined) issues.push({ path: at('triggers'), involves: [at('schedule')], message: `a function is triggered by ${what} or runs on a schedule, not both: split it in two functions` });
    const api = Object.entries(bp.apis ?? {}).find(([, a]) => entryPointsOf(a).some(([, target]) => target === name));
    if (api) issues.push({ path: at('triggers'), involves: [['apis', api[0]]], message: `API ${api[0]} invokes this function too: a function that an API invokes is sized and timed for requests that wait, so give the ${table !== undefined ? 'stream' : 'bucket'} a function of its own` });
    if (hasStandby(bp)) {
      issues.push({
        path: at('triggers', table !== undefined ? 'table' : 'bucket'),
        message:
          table !== undefined
            ? `a stream trigger in a system with a ${strategyOf(bp)} standby is not rendered yet: the replica's stream in ${bp.requirements.regions.secondary} carries every replicated write, so the standby's function would process each change a second time; a disabled mapping there, enabled on failover, is not rendered`
            : `a bucket trigger in a system with a ${strategyOf(bp)} standby is not rendered yet: a replicated bucket's replica in ${bp.requirements.regions.secondary} receives every object again, so the standby's function would process each one a second time; a disabled rule there, enabled on failover, is not rendered`,
      });
    }
  }
  return issues;
}
