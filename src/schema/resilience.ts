import { z } from 'zod';

/**
 * Step 6, resilience and fault tolerance: how the system survives losing
 * data (backups) and losing its region (a disaster-recovery strategy in
 * requirements.regions.secondary). Both are derived from rpo_minutes and
 * rto_minutes when left out.
 */
export const resilience = z
  .strictObject({
    dr: z
      .enum(['none', 'backup-restore', 'pilot-light', 'warm-standby', 'multi-site'])
      .optional()
      .describe('Disaster-recovery strategy for losing the primary region. Derived from rto_minutes and rpo_minutes when a secondary region is given; none without one.'),
    deletion_protection: z
      .boolean()
      .default(true)
      .describe('Deletion protection on databases and tables: a delete is refused until it is turned off. Turn it off only for throwaway environments.'),
    backups: z
      .strictObject({
        schedule: z.enum(['hourly', 'daily']).optional().describe('How often AWS Backup backs up every stateful store. Derived from rpo_minutes and the DR strategy.'),
        retention_days: z.number().int().min(1).max(36500).default(35).describe('Days each backup (and its copy in the secondary region) is kept.'),
      })
      .default({ retention_days: 35 })
      .describe('An AWS Backup plan over every stateful store (buckets, tables, databases), into an encrypted vault.'),
  })
  .describe('Step 6: resilience and fault tolerance.');
