import type { Blueprint } from '../schema';
import { recorder, type DecisionLog } from './decisions';
import type { BudgetDesign } from './types';

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
