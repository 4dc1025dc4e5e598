import { z } from 'zod';

/**
 * An IPv4 CIDR block written as its network address, with a prefix length in `prefixes` (a regex
 * alternation, e.g. 1[6-9]|2[0-4]) described as `range`: the one CIDR check of the format.
 */
function ipv4Cidr(prefixes: string, range: string, example: string) {
  const cidr = new RegExp(`^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\/(${prefixes})$`);
  return z
    .string()
    .regex(cidr, `must be an IPv4 CIDR block from ${range}, e.g. ${example}`)
    .refine((v) => !cidr.test(v) || v.split('/')[0].split('.').every((o) => Number(o) <= 255), { message: 'each of the four numbers must be 0-255' })
    .refine((v) => !cidr.test(v) || isNetworkAddress(v), { message: 'has host bits set: use the network address (e.g. 10.0.0.0/16, not 10.0.0.1/16)' });
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export const vpn = z
  .strictObject({
    customer_gateway_ip: z
      .string()
      .regex(IPV4, 'must be an IPv4 address: four numbers 0-255 separated by dots')
      .refine((v) => !IPV4.test(v) || v.split('.').every((o) => Number(o) <= 255), { message: 'each of the four numbers must be 0-255' })
      .describe("The public IPv4 address of the on-premises VPN device (its outside interface, or the NAT in front of it). Private and reserved addresses are refused."),
    bgp_asn: z
      .number()
      .int()
      .min(1)
      .max(4294967294)
      .default(65000)
      .describe("The on-premises side's BGP autonomous system number (1-4294967294; a private one is 64512-65534 or 4200000000-4294967294). With static routing it only names the device."),
    routes: z
      .array(ipv4Cidr('[89]|[12]\\d|3[0-2]', '/8 to /32', '192.168.0.0/16'))
      .min(1)
      .optional()
      .describe("The on-premises address blocks reached through the VPN (static routes), IPv4 CIDR blocks from /8 to /32; none may overlap the VPC's, the standby's, or each other. Required with static routing."),
    static_routes_only: z
      .boolean()
      .optional()
      .describe('Static routing (the routes above). Default true; false is dynamic routing: routes are learned over BGP, and routes must be left out.'),
  })
  .describe("A Site-to-Site VPN to an on-premises network: a customer gateway, a virtual private gateway attached to the VPC (Amazon side ASN 64512), one VPN connection (two tunnels, AWS's default tunnel options) and its routes, propagated into the route tables of the tasks' and data stores' subnets. Not in a standby.");

export const dns = z
  .strictObject({
    zone: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name such as example.com')
      .describe('The public hosted zone the domains belong to (security.tls.domain, apis.*.domain), e.g. example.com.'),
    zone_id: z
      .string()
      .regex(/^Z[0-9A-Z]{4,32}$/, 'must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ')
      .describe("The zone's ID (Route 53 console, or `aws route53 list-hosted-zones-by-name`). The zone is used, never created: its delegation belongs to whoever owns the domain."),
  })
  .describe("Route 53: alias records for every public entry point in this zone (the load balancer at security.tls.domain, each API at its domain), certificates validated in it automatically, and, with a pilot-light or warm-standby, failover records with a health check of the primary.");

export const network = z
  .strictObject({
    cidr: ipv4Cidr('1[6-9]|2[0-4]', '/16 to /24', '10.0.0.0/16').default('10.0.0.0/16').describe('The VPC address range.'),
    azs: z.number().int().min(2).max(3).optional().describe('Availability zones to spread over (2 or 3; a load balancer needs two). Derived from requirements.availability when left out.'),
    nat: z
      .enum(['per-az', 'single', 'none'])
      .optional()
      .describe('NAT gateways for private subnets. Derived from requirements.availability when left out.'),
    flow_logs: z.boolean().default(true).describe('VPC flow logs to CloudWatch Logs.'),
    endpoints: z
      .array(z.string())
      .optional()
      .describe(
        "VPC endpoints, by short name, each once: s3 and dynamodb are gateway endpoints (free; S3's is always there, DynamoDB's with a table or when written); ecr (ecr.api and ecr.dkr), logs, secretsmanager, sts, ssm, kms, sqs, sns, monitoring and ecs are interface endpoints with private DNS in the subnets where tasks run, behind one security group that admits HTTPS from the VPC only.",
      ),
    vpn: vpn.optional(),
    dns: dns.optional(),
  })
  .describe('Step 7: networking.');

/** 10.0.0.0/16 is a network address; 10.0.1.0/16 is not (it has host bits set). */
function isNetworkAddress(cidr: string): boolean {
  const [ip, prefix] = cidr.split('/');
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return n % 2 ** (32 - Number(prefix)) === 0;
}
