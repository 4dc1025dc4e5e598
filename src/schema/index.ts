import { z } from 'zod';
import { key } from './common';
import { requirements } from './requirements';
import { architecture, services } from './services';
import { network } from './network';
import { loadBalancing } from './load-balancing';
import { security } from './security';
import { observability } from './observability';
import { data } from './data';
import { apis } from './apis';
import { deployment, testing } from './later';
import { cost } from './cost';
import { resilience } from './resilience';

/**
 * Blueprint format v1: the one source of truth for what a blueprint may say.
 * TypeScript types come from z.infer and the editors' JSON Schema from
 * z.toJSONSchema, so neither can drift from this file.
 */
export const blueprintSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema for editors; ignored by Blueprint.'),
    blueprint: z.literal(1).describe('Format version.'),
    name: key.describe('Lowercase name used in resource names, tags and the stack name.'),
    description: z.string().optional(),
    extends: z.string().optional().describe('Path of a base blueprint this one forks, relative to this file.'),
    requirements: requirements.default({ availability: 99.9, regions: { primary: 'us-east-1' } }),
    architecture: architecture.default({ style: 'microservices' }),
    services: services,
    data: data.optional(),
    load_balancing: loadBalancing.default({ public: { type: 'alb', idle_timeout_seconds: 60 } }),
    security: security.default({}),
    resilience: resilience.default({ deletion_protection: true, backups: { retention_days: 35 } }),
    network: network.default({ cidr: '10.0.0.0/16', flow_logs: true }),
    observability: observability.default({ dashboard: true }),
    apis: apis.optional(),
    deployment: deployment.default({}),
    testing: testing.optional(),
    cost: cost.optional(),
  })
  .describe('A Blueprint: requirements and design decisions, rendered to AWS CDK and Pulumi.');

/** A validated blueprint with every default filled in. */
export type Blueprint = z.infer<typeof blueprintSchema>;
export type Service = Blueprint['services'][string];

/** The JSON Schema editors use to complete and check blueprints. */
export function blueprintJsonSchema(): unknown {
  return z.toJSONSchema(blueprintSchema, { io: 'input', target: 'draft-2020-12' });
}
