import { aws_budgets as budgets } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { BudgetDesign } from '../design';
import { budgetNotifications, budgetTagFilter } from '../design/cost';

/** Step 12: the design's monthly budget (AWS::Budgets::Budget), over the blueprint's tagged costs, notifying by e-mail. */
export class Cost extends Construct {
  constructor(scope: Construct, id: string, props: { design: BudgetDesign }) {
    super(scope, id);
    const d = props.design;
    new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: d.name,
        budgetType: 'COST',
        timeUnit: d.timeUnit,
        budgetLimit: { amount: d.limitUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [budgetTagFilter(d)] },
      },
      notificationsWithSubscribers: budgetNotifications(d).map((n) => ({
        notification: { comparisonOperator: 'GREATER_THAN', notificationType: 'ACTUAL', threshold: n.percent, thresholdType: 'PERCENTAGE' },
        subscribers: n.emails.map((address) => ({ subscriptionType: 'EMAIL', address })),
      })),
    });
  }
}
