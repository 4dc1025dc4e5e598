import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BudgetDesign } from '../design';
import { budgetNotifications, budgetTagFilter } from '../design/cost';

/** Step 12: the design's monthly budget (aws.budgets.Budget), over the blueprint's tagged costs, notifying by e-mail. */
export class Cost extends pulumi.ComponentResource {
  constructor(name: string, args: { design: BudgetDesign }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Cost', name, {}, opts);
    const d = args.design;
    new aws.budgets.Budget(
      `${name}-budget`,
      {
        name: d.name,
        budgetType: 'COST',
        timeUnit: d.timeUnit,
        limitAmount: String(d.limitUsd),
        limitUnit: 'USD',
        costFilters: [{ name: 'TagKeyValue', values: [budgetTagFilter(d)] }],
        notifications: budgetNotifications(d).map((n) => ({ comparisonOperator: 'GREATER_THAN', notificationType: 'ACTUAL', threshold: n.percent, thresholdType: 'PERCENTAGE', subscriberEmailAddresses: n.emails })),
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
