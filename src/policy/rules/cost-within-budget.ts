import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { estimateFacts, largestLines } from '../../cost/estimate';
import { peakRpsOf } from '../../cost/facts';
import { factsFromPulumi, parentOfUrn, type PulumiResource } from '../../cost/facts-pulumi';
import { pricesFor } from '../../cost/prices';
import { usageFor } from '../../cost/usage';
import { ofType } from '../resources';

/**
 * The stack's estimated monthly cost is within its budget (the aws.budgets.Budget the blueprint's
 * cost.budget_usd_month renders): the estimate `blueprint cost --pulumi-preview` makes of the same
 * resources, at the expected load of the peak its services are sized for (their tags), priced with the
 * repository's snapshot of the stack's region. Nothing to check without a budget, or without a snapshot.
 */
export const costWithinBudget: StackValidationPolicy = {
  name: 'cost-within-budget',
  description: "The stack's estimated monthly cost is within its AWS Budgets budget.",
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const budget = ofType(resources, 'aws:budgets/budget:Budget')[0];
    if (!budget) return;
    const limit = Number(budget.props.limitAmount);
    const stacks = ofType(resources, 'blueprint:index:Stack').map((r) => r.name).sort((a, b) => a.length - b.length);
    const region = ofType(resources, 'pulumi:providers:aws').find((p) => p.name !== 'aws-recovery')?.props.region as string | undefined;
    const prices = region ? pricesFor(region) : undefined;
    if (!stacks.length || !prices) return;
    const facts = factsFromPulumi(stacks[0], region!, resources.map(asPulumiResource));
    // The load its services are sized for (their tags), as blueprint cost --pulumi-preview prices it.
    const usage = usageFor(peakRpsOf(facts));
    const e = estimateFacts(facts, usage, prices);
    if (e.totals.monthly > limit) {
      const largest = largestLines(e, 3).map((l) => `${l.resource} ${l.component}`);
      report(`estimated $${e.totals.monthly.toFixed(2)} a month (default usage assumptions; blueprint cost shows every line) is above the budget of $${limit.toFixed(2)}; largest: ${largest.join(', ')}`, budget.urn);
    }
  },
};

/** A policy resource as the cost estimator reads a Pulumi resource: its parent component as "<type>::<name>", its provider's name. */
function asPulumiResource(r: PolicyResource): PulumiResource {
  const parent = r.parent ? `${r.parent.type}::${r.parent.name}` : r.opts?.parent ? parentOfUrn(r.opts.parent) : undefined;
  return { type: r.type, name: r.name, inputs: r.props as Record<string, any>, parent, provider: r.provider?.name };
}
