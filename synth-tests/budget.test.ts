/*
 * cost.budget_usd_month (issue 6): the design's budget, its AWS::Budgets::Budget and aws.budgets.Budget,
 * the inventory both backends agree on, and `blueprint cost` exiting 3 over it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { cfnInventory, synth } from './support';

const WEB_APP = 'blueprints/web-app.yaml';
const FORK = 'synth-tests/cost/over-budget.yaml';

test('design: the written limit, the default thresholds, the alarm addresses; none without cost.budget_usd_month', () => {
  expect(design(loadBlueprint(WEB_APP).blueprint).budget).toEqual({ name: 'web-app-monthly', limitUsd: 2500, timeUnit: 'MONTHLY', tag: { key: 'blueprint', value: 'web-app' }, thresholdsPercent: [80, 100], subscribers: ['ops@example.com'] });
  expect(design(loadBlueprint('blueprints/three-tier.yaml').blueprint).budget).toBeUndefined();
  const fork = design(loadBlueprint(FORK).blueprint);
  expect(fork.budget?.limitUsd).toBe(500);
  expect(fork.decisions.find((x) => x.name === 'budget')).toMatchObject({ concern: 'cost', source: 'written', value: '$500 a month, alerts at 80 %, 100 %' });
});

test('CDK: one AWS::Budgets::Budget on the blueprint tag, an e-mail notification per threshold', () => {
  const budgets = Object.values(synth(WEB_APP).template.Resources as Record<string, { Type: string; Properties: unknown }>).filter((r) => r.Type === 'AWS::Budgets::Budget');
  expect(budgets).toHaveLength(1);
  expect(budgets[0].Properties).toEqual({
    Budget: { BudgetName: 'web-app-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 2500, Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:blueprint$web-app'] } },
    NotificationsWithSubscribers: [80, 100].map((threshold) => ({
      Notification: { ComparisonOperator: 'GREATER_THAN', NotificationType: 'ACTUAL', Threshold: threshold, ThresholdType: 'PERCENTAGE' },
      Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }],
    })),
    ResourceTags: expect.any(Array),
  });
});

test('Pulumi: the same budget; both inventories read it alike', async () => {
  const d = design(loadBlueprint(WEB_APP).blueprint);
  const run = await runUnderMocks(d);
  const budget = run.find((r) => r.type === 'aws:budgets/budget:Budget')!;
  expect(budget.inputs).toMatchObject({ name: 'web-app-monthly', budgetType: 'COST', timeUnit: 'MONTHLY', limitAmount: '2500', limitUnit: 'USD', costFilters: [{ name: 'TagKeyValue', values: ['user:blueprint$web-app'] }] });
  const expected = { name: 'web-app-monthly', limitUsd: 2500, timeUnit: 'MONTHLY', costFilters: ['TagKeyValue=user:blueprint$web-app'], notifications: ['ACTUAL > 100%: ops@example.com', 'ACTUAL > 80%: ops@example.com'] };
  expect(cfnInventory(WEB_APP).budget).toEqual(expected);
  expect(inventoryFromPulumi(run).budget).toEqual(expected);
});

test('blueprint cost: within the budget exits 0; a fork over it exits 3 and names the largest lines', () => {
  const ROOT = path.resolve(__dirname, '..');
  const cost = (file: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'cost', file], { cwd: ROOT, encoding: 'utf8' });
  expect(cost(WEB_APP).status).toBe(0);
  const r = cost(FORK);
  expect(r.status).toBe(3);
  expect(r.stdout).toMatch(/^web-app-lean in us-east-1: about \$[\d.]+ a month/);
  expect(r.stderr).toMatch(/^blueprint cost: over budget: about \$[\d.]+ a month, above the budget of \$500\.00 \(cost\.budget_usd_month\) by \$[\d.]+; largest: internet data out \$[\d.]+; /);
});
