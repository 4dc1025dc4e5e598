import type { Blueprint } from '../schema';
import { pct, recorder, type DecisionLog } from './decisions';
import type { BudgetDesign, FargateCapacityProvider, ServiceDesign, SpotCapacityDesign, WorkerServiceDesign } from './types';

/** What the budget notifies at when the blueprint writes no percentages: nearly there, and over. */
export const DEFAULT_ALERT_PERCENT = [80, 100];

/**
 * Step 12: the monthly budget the blueprint writes (cost.budget_usd_month), over the costs tagged with the
 * blueprint's name, notifying the alarm e-mail addresses as actual spend passes each threshold.
 */
export function designBudget(bp: Blueprint, log: DecisionLog): BudgetDesign | undefined {
  const limit = bp.cost?.budget_usd_month;
  if (limit === undefined) return undefined;
  const record = recorder(log, 'cost', 'cost');
  const thresholds = [...(bp.cost?.alert_at_percent ?? DEFAULT_ALERT_PERCENT)].sort((a, b) => a - b);
  const subscribers = [...(bp.observability.alarms?.notify ?? [])].sort();
  record(
    'budget',
    `$${limit} a month, alerts at ${thresholds.map((t) => `${t} %`).join(', ')}`,
    'written',
    `an AWS Budgets budget over the costs tagged blueprint=${bp.name} (activate the tag as a cost allocation tag in the billing console, or the budget sees nothing); ${subscribers.length ? `actual spend above each threshold e-mails ${subscribers.join(', ')} (the alarm addresses)` : 'no e-mail address in observability.alarms.notify: the budget notifies nobody'}. blueprint cost exits 3 when its estimate is above the limit. Cost: the first two budgets of an account are free, then $0.02 a day each`,
  );
  return { name: `${bp.name}-monthly`, limitUsd: limit, timeUnit: 'MONTHLY', tag: { key: 'blueprint', value: bp.name }, thresholdsPercent: thresholds, subscribers };
}

/** The budget's cost filter value: a cost allocation tag as AWS Budgets names it, "user:<key>$<value>". */
export function budgetTagFilter(d: BudgetDesign): string {
  return `user:${d.tag.key}$${d.tag.value}`;
}

/** One notification per threshold with the subscribers; none when there is no subscriber (AWS refuses a notification without one). */
export function budgetNotifications(d: BudgetDesign): { percent: number; emails: string[] }[] {
  return d.subscribers.length ? d.thresholdsPercent.map((percent) => ({ percent, emails: d.subscribers })) : [];
}

/** From this availability a Spot worker keeps its first task on regular Fargate (SpotCapacityDesign.onDemandBase 1). */
export const SPOT_ON_DEMAND_BASE_FROM_AVAILABILITY = 99.9;

/**
 * Step 12: cost.spot_for_workers. Every queue worker runs on Fargate Spot (about 70 % cheaper than regular
 * Fargate): a worker pulls its work from a queue, so when Spot takes a task back (two minutes' warning) the
 * message it held becomes visible again after the queue's visibility timeout and another task processes it;
 * nothing is lost but a little time. At availability >= 99.9 % the first task stays on regular Fargate (base 1),
 * because ECS does not fall back from FARGATE_SPOT to FARGATE when Spot has no capacity.
 *
 * Not HTTP services: an interrupted task drops the requests it is serving, and the load balancer's clients see
 * the errors. Not scheduled jobs: an interrupted run is lost until the next schedule (EventBridge Scheduler
 * retries a run that fails to start, not one stopped halfway). Not arm64 workers: Fargate Spot runs Linux tasks
 * on X86_64 only (AWS: "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity
 * provider"), so they stay on regular Fargate. Loading the blueprint checks there is an x86_64 worker.
 */
export function designSpotWorkers(bp: Blueprint, services: ServiceDesign[], log: DecisionLog): { services: ServiceDesign[]; capacityProviders?: FargateCapacityProvider[] } {
  if (bp.cost?.spot_for_workers !== true) return { services };
  const all = services.filter((s): s is WorkerServiceDesign => s.kind === 'worker');
  const workers = all.filter((w) => w.arch === 'x86_64');
  const arm = all.filter((w) => w.arch === 'arm64').map((w) => w.key);
  if (!workers.length) return { services };
  const a = bp.requirements.availability;
  const onDemandBase = a >= SPOT_ON_DEMAND_BASE_FROM_AVAILABILITY ? 1 : 0;
  const capacity: SpotCapacityDesign = {
    onDemandBase,
    strategy: [...(onDemandBase ? [{ capacityProvider: 'FARGATE' as const, base: onDemandBase, weight: 0 }] : []), { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }],
  };
  const http = services.filter((s) => s.kind === 'http').map((s) => s.key);
  const jobs = Object.keys(bp.services).filter((k) => bp.services[k].kind === 'scheduled').sort();
  const stay = [
    http.length && `HTTP services (${http.join(', ')}) stay on regular Fargate: an interrupted task drops the requests it is serving`,
    jobs.length && `scheduled jobs (${jobs.join(', ')}) stay on regular Fargate: an interrupted run is lost until the next schedule (EventBridge Scheduler retries a run that fails to start, not one stopped halfway)`,
    arm.length && `arm64 workers (${arm.join(', ')}) stay on regular Fargate: Fargate Spot runs x86_64 Linux tasks only (write arch: x86_64 to put one on Spot, if its image has an x86_64 build)`,
  ].filter(Boolean);
  recorder(log, 'cost', 'cost')(
    'spot_for_workers',
    `workers on Fargate Spot: ${workers.map((w) => w.key).join(', ')}`,
    'written',
    `queue workers tolerate interruption (their messages return to the queue); ${stay.length ? stay.join('; ') : 'there is no HTTP service or scheduled job'}. The cluster gets the capacity providers FARGATE and FARGATE_SPOT`,
  );
  for (const w of workers) {
    const queue = w.consumes;
    const store = bp.data?.[queue];
    const visibility = store?.engine === 'sqs' ? store.visibility_timeout_seconds : undefined;
    log.record({
      concern: 'cost',
      subject: `services.${w.key}`,
      name: 'capacity',
      value: onDemandBase ? `FARGATE_SPOT (FARGATE base ${onDemandBase})` : 'FARGATE_SPOT (base 0)',
      source: 'derived',
      rationale:
        `cost.spot_for_workers: Fargate Spot is about 70 % cheaper than regular Fargate; a Spot interruption (two minutes' warning) stops a task, and the message it held in ${queue} becomes visible again after the visibility timeout (${visibility ?? '?'} s), so another task processes it and no work is lost. ` +
        (onDemandBase
          ? `availability ${pct(a)} % >= ${SPOT_ON_DEMAND_BASE_FROM_AVAILABILITY} %: the first task runs on regular Fargate (FARGATE base ${onDemandBase}, weight 0), every further one on Spot (FARGATE_SPOT weight 1): ECS does not fall back to FARGATE when Spot has no capacity, and the base task keeps ${queue} moving meanwhile; from 0 tasks, the base costs nothing`
          : `availability ${pct(a)} % < ${SPOT_ON_DEMAND_BASE_FROM_AVAILABILITY} %: every task on Spot (FARGATE_SPOT weight 1, no base); when Spot has no capacity, messages wait in ${queue} until it returns`),
    });
  }
  return {
    services: services.map((s) => (s.kind === 'worker' && s.arch === 'x86_64' ? { ...s, capacity: { ...capacity, strategy: capacity.strategy.map((x) => ({ ...x })) } } : s)),
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  };
}
