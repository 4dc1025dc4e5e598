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
        managed_rules: z
          .array(z.string())
          .optional()
          .describe('AWS managed rule groups, by short name: common, known-bad-inputs, sql-injection, ip-reputation, anonymous-ip, admin-protection, linux, unix, php, wordpress. Default: common, known-bad-inputs, ip-reputation.'),
        rate_limit_per_5min: z
          .number()
          .int()
          .min(10)
          .max(2000000000)
          .optional()
          .describe('Requests one client address may send in 5 minutes before it is blocked. Default 2000.'),
      })
      .optional()
      .describe('The WAFv2 web ACL in front of the public load balancer (there is always one).'),
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
