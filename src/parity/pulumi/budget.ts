/* The cost budget of a Pulumi run (aws.budgets.Budget): see BudgetInventory. */
import type { BudgetInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';

export function readBudget(ctx: Context): BudgetInventory | null {
  const budgets = ctx.ofType(T.budget);
  if (budgets.length > 1) throw new Error(`parity: a second budget (${budgets[1].name}); the inventory records one`);
  const b = budgets[0];
  if (!b) return null;
  const i = b.inputs;
  if (i.budgetType !== 'COST' || i.limitUnit !== 'USD') throw new Error(`parity: ${b.name} is not a COST budget in USD`);
  const fail = (m: string): never => {
    throw new Error(`parity: ${b.name}: ${m}`);
  };
  return {
    name: i.name,
    limitUsd: Number(i.limitAmount),
    timeUnit: i.timeUnit,
    costFilters: ((i.costFilters ?? []) as { name: string; values: string[] }[]).flatMap((f) => f.values.map((v) => `${f.name}=${v}`)).sort(),
    notifications: ((i.notifications ?? []) as { comparisonOperator: string; notificationType: string; threshold: number; thresholdType: string; subscriberEmailAddresses?: string[]; subscriberSnsTopicArns?: string[] }[])
      .map((n) => {
        if (n.subscriberSnsTopicArns?.length) fail('SNS subscribers are not read');
        return notificationText({ type: n.notificationType, operator: n.comparisonOperator, threshold: n.threshold, thresholdType: n.thresholdType, emails: n.subscriberEmailAddresses ?? [] }, fail);
      })
      .sort(),
  };
}

/** A notification as the inventory writes it: "ACTUAL > 80%: a@example.com, b@example.com" (each reader formats its own). */
function notificationText(n: { type: string; operator: string; threshold: number; thresholdType: string; emails: string[] }, fail: (message: string) => never): string {
  if (n.operator !== 'GREATER_THAN') fail(`${n.operator}: only GREATER_THAN notifications are read`);
  if (n.thresholdType !== 'PERCENTAGE') fail(`${n.thresholdType}: only PERCENTAGE thresholds are read`);
  return `${n.type} > ${n.threshold}%: ${[...n.emails].sort().join(', ')}`;
}
