import { z } from 'zod';

/*
 * Design areas that have a home in the format but no renderer yet. Their
 * shapes follow the design sketch; any value written here is reported as
 * "not yet supported" (see support.ts) rather than silently ignored.
 */
const open = z.record(z.string(), z.unknown());

export const deployment = z
  .strictObject({
    strategy: z.enum(['rolling', 'blue-green', 'canary']).optional(),
    environments: z.record(z.string(), open).optional(),
    pipeline: open.optional(),
    tags: z.record(z.string(), z.string()).optional().describe('Tags applied to every resource.'),
  })
  .describe('Step 10: deployment.');

export const testing = z
  .strictObject({
    canaries: z.array(open).optional(),
    load_test: open.optional(),
  })
  .describe('Step 11: testing.');

