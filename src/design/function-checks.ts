import type { Blueprint } from '../schema';
import { parseEdge } from './edges';
import type { CheckIssue } from './checks';
import { entryPointsOf } from './apis';
import { functionSizing } from './functions';
import { queueLoads } from './queue-load';
import { checkFunctionTriggers } from './function-trigger-checks';
import { checkFunctionImages } from './function-image-checks';

/** Keys of a service that a function does not have, and why. */
const NOT_FOR_A_FUNCTION: Record<string, string> = {
  cpu: 'Lambda gives a function CPU in proportion to its memory (1769 MiB is one vCPU): write memory instead',
  port: 'a function listens on no port: Lambda invokes it',
  public: 'a function is not routed on the load balancer: APIs (apis:) will route to functions, once rendered',
  path: 'a function is not routed on the load balancer',
  host: 'a function is not routed on the load balancer',
  priority: 'a function is not routed on the load balancer',
  health_check: 'Lambda runs a function per invocation: nothing to probe',
  scaling: 'Lambda scales a function by invocation, up to its concurrency: write concurrency instead',
  capacity_rps_per_task: 'a function has no tasks: one copy handles one invocation at a time (write duration_ms)',
  egress_gb_month: "a function's internet traffic is not priced yet",
  placement: 'a function runs in the VPC when it uses a store inside it (or a compliance profile is set), outside it otherwise',
};

/** Keys only a function has. */
const ONLY_FOR_A_FUNCTION = ['code', 'runtime', 'handler', 'duration_ms', 'timeout_seconds', 'concurrency', 'provisioned_concurrency', 'triggers'] as const;

/**
 * A function (kind: function) runs code that Lambda invokes: from the queue it consumes or on its schedule.
 * No task keys; its memory within Lambda's range; its timeout within what its trigger allows; nothing calls
 * it directly yet (calls from services and APIs arrive with apis).
 */
export function checkFunctions(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [name, svc] of Object.entries(bp.services)) {
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    if (svc.kind !== 'function') {
      for (const k of ONLY_FOR_A_FUNCTION) if (svc[k] !== undefined) issues.push({ path: at(k), at: 'key', message: 'only a function has this key (set kind: function, or remove it)' });
      if (svc.image === undefined && svc.kind !== 'static-site') issues.push({ path: at('image'), at: 'key', message: `required: a ${svc.kind === 'scheduled' ? 'scheduled job' : svc.kind} runs a container image, e.g. image: public.ecr.aws/nginx/nginx:1.27 (a function, kind: function, has code instead)` });
      continue;
    }
    for (const [k, why] of Object.entries(NOT_FOR_A_FUNCTION)) {
      const v = (svc as Record<string, unknown>)[k];
      if (k === 'public' ? v === true : v !== undefined) issues.push({ path: at(k), at: 'key', message: why });
    }
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      if (target in bp.services && target !== name) issues.push({ path: at('uses', i), message: `a function reaches data stores only: "${target}" is a service, and Service Connect names work for ECS services, not functions` });
    });
    if (svc.code === undefined && svc.image === undefined) issues.push({ path: at('kind'), involves: [at('code')], message: 'a function needs its code: code: ./functions/NAME (a directory, or a .zip file, relative to this file), or a container image in ECR: image: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>' });
    if (svc.memory !== undefined && (svc.memory < 128 || svc.memory > 10240)) issues.push({ path: at('memory'), message: `${svc.memory} MiB is outside what Lambda gives a function: 128-10240 MiB` });
    const routed = Object.values(bp.apis ?? {}).some((a) => entryPointsOf(a).some(([, target]) => target === name));
    if (svc.consumes === undefined && svc.schedule === undefined && svc.triggers === undefined && !routed) {
      issues.push({ path: at('kind'), involves: [at('consumes'), at('schedule')], message: 'nothing invokes this function: write consumes (an SQS queue under data), triggers (a DynamoDB table\'s stream, triggers: { table: NAME }, or an S3 bucket\'s created objects, triggers: { bucket: NAME }) or schedule (e.g. rate(15 minutes)), or route an API to it (apis.NAME.routes or apis.NAME.resolvers)' });
    }
    if (svc.consumes !== undefined && svc.schedule !== undefined) {
      issues.push({ path: at('schedule'), involves: [at('consumes')], message: 'a function consumes a queue or runs on a schedule, not both: split it in two functions' });
    }
    const queue = svc.consumes !== undefined ? bp.data?.[svc.consumes] : undefined;
    if (svc.consumes !== undefined && queue === undefined) issues.push({ path: at('consumes'), message: `"${svc.consumes}" is not declared under data` });
    else if (queue && queue.engine !== 'sqs') {
      issues.push({ path: at('consumes'), involves: [['data', svc.consumes!]], message: `"${svc.consumes}" is not an SQS queue (engine: ${queue.engine}): a function consumes an sqs store${queue.engine === 'dynamodb' ? ` (a table's stream invokes a function with triggers: { table: ${svc.consumes} })` : queue.engine === 's3' ? ` (a bucket's objects invoke a function with triggers: { bucket: ${svc.consumes} })` : ''}` });
    }
    const visibility = queue?.engine === 'sqs' ? queue.visibility_timeout_seconds : undefined;
    const timeout = svc.timeout_seconds;
    if (visibility !== undefined && timeout !== undefined && timeout * 6 > visibility) {
      issues.push({ path: at('timeout_seconds'), involves: [['data', svc.consumes!, 'visibility_timeout_seconds']], message: `${timeout} s x 6 is above the visibility timeout of ${svc.consumes} (${visibility} s): raise data.${svc.consumes}.visibility_timeout_seconds to at least ${timeout * 6}, or lower the timeout` });
    }
    const effectiveTimeout = timeout ?? (visibility !== undefined ? Math.floor(visibility / 6) : undefined);
    if (svc.duration_ms !== undefined && effectiveTimeout !== undefined && svc.duration_ms >= effectiveTimeout * 1000) {
      issues.push({
        path: at('duration_ms'),
        involves: [at('timeout_seconds')],
        message: `${svc.duration_ms} ms does not fit its ${effectiveTimeout} s timeout${timeout === undefined ? ` (the visibility timeout of ${svc.consumes}, ${visibility} s, / 6): raise data.${svc.consumes}.visibility_timeout_seconds` : ''}`,
      });
    }
  }
  issues.push(...checkProvisionedConcurrency(bp), ...checkFunctionTriggers(bp), ...checkFunctionImages(bp));
  // Nothing calls a function directly yet: a service's uses edge to one would give it nothing to call.
  for (const [name, svc] of Object.entries(bp.services)) {
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      if (bp.services[target]?.kind === 'function') {
        issues.push({ path: ['services', name, 'uses', i], message: `"${target}" is a function: direct calls to a function are not rendered yet (send it messages through the queue it consumes${bp.services[target].consumes ? `, uses: [${bp.services[target].consumes}]` : ''}, or call it through an API route)` });
      }
    });
  }
  return issues;
}

/**
 * A written provisioned_concurrency within the function's reserved concurrency (written, or as the design derives
 * it): Lambda refuses more initialized copies than the function may run. Left to the other checks when a
 * function's queue is not declared (its rate cannot be derived then).
 */
function checkProvisionedConcurrency(bp: Blueprint): CheckIssue[] {
  const written = Object.entries(bp.services).filter(([, s]) => s.kind === 'function' && typeof s.provisioned_concurrency === 'number');
  if (!written.length) return [];
  if (Object.values(bp.services).some((s) => s.consumes !== undefined && bp.data?.[s.consumes] === undefined)) return [];
  const loads = queueLoads(bp);
  return written.flatMap(([name, svc]): CheckIssue[] => {
    const n = svc.provisioned_concurrency as number;
    const { reservedConcurrency, peak } = functionSizing(bp, name, loads.get(svc.consumes ?? '')?.perSecond);
    if (n <= reservedConcurrency) return [];
    const why =
      svc.concurrency !== undefined ? '' : svc.schedule && !svc.consumes ? ' (a scheduled function runs one at a time)' : peak === undefined ? ' (derived: 10, no peak rate known)' : ' (derived: its peak rate x duration_ms / 80 %)';
    return [
      {
        path: ['services', name, 'provisioned_concurrency'],
        ...(svc.concurrency !== undefined ? { involves: [['services', name, 'concurrency']] } : {}),
        message: `${n} copies kept initialized are more than the function may run at once, its concurrency ${reservedConcurrency}${why}: lower provisioned_concurrency to at most ${reservedConcurrency}, or raise concurrency`,
      },
    ];
  });
}
