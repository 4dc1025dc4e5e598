import { z } from 'zod';

export const cost = z
  .strictObject({
    budget_usd_month: z
      .number()
      .positive()
      .max(100000000)
      .optional()
      .describe('A monthly AWS Budgets budget in USD over the costs tagged blueprint=<name> (activate the blueprint tag as a cost allocation tag); blueprint cost exits 3 when its estimate is above it.'),
    alert_at_percent: z
      .array(z.number().int().min(1).max(1000))
      .min(1)
      .max(5)
      .refine((a) => new Set(a).size === a.length, { message: 'each percentage once' })
      .optional()
      .describe('Percentages of the budget at which actual spend notifies the alarm e-mail addresses (observability.alarms.notify). Default [80, 100].'),
    spot_for_workers: z
      .boolean()
      .optional()
      .describe(
        'Run every x86_64 queue worker (kind: worker, arch: x86_64) on Fargate Spot, about 70 % cheaper: an interrupted task\'s messages return to its queue after the visibility timeout, so no work is lost. At availability >= 99.9 % the first task stays on regular Fargate (capacity provider FARGATE, base 1), so a Spot shortage never stops the queue. arm64 workers, HTTP services and scheduled jobs stay on regular Fargate (Fargate Spot runs x86_64 Linux tasks only). Default false; needs an x86_64 worker.',
      ),
  })
  .describe('Step 12: cost.');
