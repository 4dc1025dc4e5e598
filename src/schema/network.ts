import { z } from 'zod';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|2[0-4])$/;

export const network = z
  .strictObject({
    cidr: z
      .string()
      .regex(CIDR, 'must be an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16')
      .refine((v) => !CIDR.test(v) || v.split('/')[0].split('.').every((o) => Number(o) <= 255), { message: 'each of the four numbers must be 0-255' })
      .refine((v) => !CIDR.test(v) || isNetworkAddress(v), { message: 'has host bits set: use the network address (e.g. 10.0.0.0/16, not 10.0.0.1/16)' })
      .default('10.0.0.0/16')
      .describe('The VPC address range.'),
    azs: z.number().int().min(2).max(3).optional().describe('Availability zones to spread over (2 or 3; a load balancer needs two). Derived from requirements.availability when left out.'),
    nat: z
      .enum(['per-az', 'single', 'none'])
      .optional()
      .describe('NAT gateways for private subnets. Derived from requirements.availability when left out.'),
    flow_logs: z.boolean().default(true).describe('VPC flow logs to CloudWatch Logs.'),
    endpoints: z.array(z.string()).optional().describe('VPC endpoints (gateway and interface).'),
    vpn: z
      .strictObject({
        customer_gateway_ip: z.string(),
        bgp_asn: z.number().int(),
        routes: z.array(z.string()),
      })
      .optional()
      .describe('Site-to-Site VPN.'),
  })
  .describe('Step 7: networking.');

/** 10.0.0.0/16 is a network address; 10.0.1.0/16 is not (it has host bits set). */
function isNetworkAddress(cidr: string): boolean {
  const [ip, prefix] = cidr.split('/');
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return n % 2 ** (32 - Number(prefix)) === 0;
}
