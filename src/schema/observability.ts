import { z } from 'zod';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const observability = z
  .strictObject({
    log_retention_days: z
      .number()
      .int()
      .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
        message: `must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .optional()
      .describe('Days to keep logs. Derived from availability when left out (30, or 90 for production SLOs).'),
    dashboard: z.boolean().default(true).describe('One CloudWatch dashboard for the blueprint.'),
    tracing: z.boolean().optional(),
    alarms: z
      .strictObject({
        notify: z.array(z.email()).default([]).describe('Email addresses subscribed to the alarm topic.'),
      })
      .optional(),
  })
  .describe('Step 8: monitoring and logging.');
