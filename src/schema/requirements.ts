import { z } from 'zod';

/** Step 1 of the design method: what the system must achieve. Every other section is a decision. */
export const regions = z
  .strictObject({
    primary: z.string().describe('The AWS region the stack deploys to, e.g. us-east-1.'),
    secondary: z.string().optional().describe('A second region for disaster recovery.'),
  })
  .describe('Where the system runs.');

export const requirements = z
  .strictObject({
    availability: z
      .number()
      .min(90)
      .max(100)
      .default(99.9)
      .describe('Monthly availability SLO in percent. Drives the AZ count, tasks per AZ and the error-budget alarms.'),
    peak_rps: z
      .number()
      .positive()
      .optional()
      .describe('Peak requests per second across all public services. Drives task counts when scaling is not written.'),
    latency_p99_ms: z
      .number()
      .positive()
      .optional()
      .describe('p99 latency objective in milliseconds. Drives the latency alarm.'),
    rpo_minutes: z.number().nonnegative().optional().describe('Recovery point objective in minutes.'),
    rto_minutes: z.number().nonnegative().optional().describe('Recovery time objective in minutes.'),
    data_growth_gb_month: z.number().nonnegative().optional().describe('Expected data growth of the whole system per month in GB: attributed to the buckets, tables and databases, each once (see growth_gb_month on each store), never charged to every store.'),
    audience: z
      .enum(['regional', 'global'])
      .optional()
      .describe("Where the users are. regional (left out): North America and Europe, so a static site's CloudFront distribution serves from the edge locations there only (PriceClass_100, the cheapest). global: from every edge location (PriceClass_All), nearer users in Asia, South America, Africa and Oceania at a higher price per GB."),
    compliance: z
      .array(z.enum(['hipaa', 'pci-dss', 'nist-800-53', 'soc2']))
      .optional()
      .describe('Compliance profiles: each switches on the stricter decisions (customer-managed keys, longer log retention, every audit service, database log exports and monitoring, ...) and its cdk-nag pack (HIPAA.Security, PCI.DSS.321, NIST.800.53.R5) beside AwsSolutions. soc2 is not rendered yet.'),
    regions: regions.default({ primary: 'us-east-1' }),
  })
  .describe('What the system must achieve (step 1). Decisions left out are derived from these.');
