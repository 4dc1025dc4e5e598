import { z } from 'zod';

export const loadBalancer = z
  .strictObject({
    type: z.enum(['alb']).default('alb').describe('Application Load Balancer.'),
    idle_timeout_seconds: z.number().int().min(1).max(4000).default(60),
  })
  .describe('The shared internet-facing load balancer.');

export const loadBalancing = z
  .strictObject({
    public: loadBalancer.nullable().optional().describe('The one shared public load balancer; null: none.'),
  })
  .describe('Step 4: load balancing (scaling lives on each service).');
