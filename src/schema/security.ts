import { z } from 'zod';

export const tls = z
  .strictObject({
    domain: z
      .string()
      .regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name such as shop.example.com')
      .optional()
      .describe('Domain served over HTTPS; a DNS-validated ACM certificate is requested when certificate_arn is not set.'),
    certificate_arn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN')
      .nullable()
      .optional()
      .describe('An existing ACM certificate for the HTTPS listener.'),
  })
  .describe('HTTPS on the public load balancer.');

export const security = z
  .strictObject({
    encryption: z.enum(['aws-managed', 'kms', 'none']).optional(),
    tls: tls.optional(),
    waf: z
      .strictObject({
        managed_rules: z.array(z.string()).optional(),
        rate_limit_per_5min: z.number().int().positive().optional(),
      })
      .optional(),
    audit: z
      .strictObject({
        cloudtrail: z.boolean().optional(),
        guardduty: z.boolean().optional(),
        security_hub: z.boolean().optional(),
        config: z.boolean().optional(),
      })
      .optional(),
  })
  .describe('Step 5: security and compliance.');
