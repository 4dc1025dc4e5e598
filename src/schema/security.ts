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
    encryption: z
      .enum(['aws-managed', 'kms', 'none'])
      .optional()
      .describe("Encryption at rest. aws-managed (the default): each service's AWS-managed key, SSE-S3, SSE-SQS. kms: one customer-managed KMS key per stack, rotated yearly, for every store, log group, topic, queue, secret and the audit trail (a compliance profile implies it). none is refused: encryption at rest cannot be turned off."),
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
        cloudtrail: z
          .boolean()
          .optional()
          .describe('A multi-region CloudTrail trail (management events, read and write; log file validation) into an audit-log bucket and a CloudWatch log group. Default off.'),
        guardduty: z.boolean().optional().describe('A GuardDuty detector (foundational data sources, findings every 15 minutes; no protection plans). Default off.'),
        security_hub: z.boolean().optional().describe('Security Hub with the AWS Foundational Security Best Practices standard, controls enabled automatically. Default off.'),
        config: z.boolean().optional().describe('An AWS Config recorder (all supported resource types, global ones in the primary region) delivering into the audit-log bucket under config/. Default off.'),
      })
      .optional()
      .describe('Account-level audit services, each off unless written true (every compliance profile switches all four on). Rendered in the primary region only.'),
  })
  .describe('Step 5: security and compliance.');
