/* The cost budget of a template (AWS::Budgets::Budget): see BudgetInventory. */
import type { BudgetInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown } from './template';

export function readBudget(x: Context): BudgetInventory | null {
  const { t, r } = x;
  const ids = t.ofType(T.budget);
  if (ids.length > 1) fail(t.where(ids[1]), 'a second budget; the inventory records one');
  const id = ids[0];
  if (id === undefined) return null;
  onlyKnown(t, id, ['Budget', 'NotificationsWithSubscribers', 'ResourceTags'], 'a budget');
  const w = (field: string) => t.where(id, field);
  const b = obj(t.props(id).Budget, w('Budget'));
  if (b.BudgetType !== 'COST') fail(w('Budget.BudgetType'), `${JSON.stringify(b.BudgetType)}: only COST budgets are read`);
  const limit = obj(b.BudgetLimit, w('Budget.BudgetLimit'));
  if (limit.Unit !== 'USD') fail(w('Budget.BudgetLimit.Unit'), `${JSON.stringify(limit.Unit)}: only USD`);
  const filters = isObject(b.CostFilters) ? b.CostFilters : {};
  return {
    name: r.str(b.BudgetName, w('Budget.BudgetName')),
    limitUsd: r.num(limit.Amount, w('Budget.BudgetLimit.Amount')),
    timeUnit: r.str(b.TimeUnit, w('Budget.TimeUnit')),
    costFilters: Object.entries(filters).flatMap(([k, v]) => list(v, w(`Budget.CostFilters.${k}`)).map((x) => `${k}=${r.str(x, w(`Budget.CostFilters.${k}`))}`)).sort(),
    notifications: list(t.props(id).NotificationsWithSubscribers, w('NotificationsWithSubscribers'))
      .map((n, i) => {
        const nw = (f: string) => w(`NotificationsWithSubscribers[${i}].${f}`);
        const note = obj(obj(n, nw('')).Notification, nw('Notification'));
        const subscribers = list(obj(n, nw('')).Subscribers, nw('Subscribers')).map((s, j) => {
          const sub = obj(s, nw(`Subscribers[${j}]`));
          if (sub.SubscriptionType !== 'EMAIL') fail(nw(`Subscribers[${j}].SubscriptionType`), 'only EMAIL subscribers are read');
          return r.str(sub.Address, nw(`Subscribers[${j}].Address`));
        });
        return notificationText({ type: r.str(note.NotificationType, nw('Notification.NotificationType')), operator: r.str(note.ComparisonOperator, nw('Notification.ComparisonOperator')), threshold: r.num(note.Threshold, nw('Notification.Threshold')), thresholdType: r.str(note.ThresholdType ?? 'PERCENTAGE', nw('Notification.ThresholdType')), emails: subscribers }, (m) => fail(nw('Notification'), m));
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
