/*
 * Where each price of the snapshot is found in the AWS Price List: the service, the exact-match filters
 * GetProducts sends, the conditions each returned product must meet, and which price dimension is the
 * price. Usage types carry a region prefix outside us-east-1 ("USW2-NatGateway-Hours"), so they are
 * matched by their ending, on the products the filters return.
 */

export interface PriceQuery {
  /** The Price List service code, e.g. AmazonEC2. */
  serviceCode: string;
  /** Exact-match (TERM_MATCH) filters sent with GetProducts, besides the region. */
  filters: Record<string, string>;
  /** The attribute that holds the region: regionCode for most services, fromRegionCode for data transfer. */
  regionField?: string;
  /**
   * Where the price does not follow the stack's Region: 'global' for a service priced once for every Region
   * (no region filter is sent), or, for a service priced by edge location, the location each stack Region is
   * priced at (sent in regionField instead of the Region's code; a Region without one is not looked up).
   */
  pricedAt?: 'global' | Record<string, string>;
  /** Conditions on each returned product's attributes: a string must equal, a pattern must match. */
  where?: Record<string, string | Pattern>;
  /** The dimension's unit as the Price List spells it (Hrs, GB-Mo, ...); left out where not yet checked against a live answer. */
  unit?: string;
  /** The tier: the dimension that begins at this usage. Without it, the first tier with a price above zero (list price, no free tier). */
  beginRange?: string;
  /** Multiplies the Price List's unit price into the snapshot's unit (per request into per million: 1e6). */
  scale?: number;
}

// A usage type's region prefix: USE1-, USW2-, EU-, APS1- or a region code (KMS: us-east-1-); us-east-1 often has none.
const REGION_PREFIX = '(?:[A-Z]{2,4}\\d-|EU-|[a-z]{2}(?:-gov)?-[a-z]+-\\d-)?';

/** A pattern an attribute must match, and how reports name it. */
export interface Pattern {
  regex: RegExp;
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A usage type that is this after the region prefix (so TS-LoadBalancerUsage and IA-TimedStorage-ByteHrs are not it). */
const usage = (type: string): Pattern => ({ regex: new RegExp(`^${REGION_PREFIX}${escape(type)}$`), text: `[region-]${type}` });

/** A usage type that begins with one of these after the region prefix. */
const usageStarting = (...starts: string[]): Pattern => ({ regex: new RegExp(`^${REGION_PREFIX}(${starts.map(escape).join('|')})`), text: starts.map((t) => `[region-]${t}*`).join(' or ') });

/*
 * Verified against recorded items, infracost's filters or its pricing data (see synth-tests/fixtures/price-list):
 * NAT, ALB, Fargate, RDS and Aurora instances, RDS storage and backups, ElastiCache, DynamoDB, S3, SQS, SNS.
 * The rest follow infracost's filters with units left open (any unit, a single price) until checked live.
 */
// CloudFront is priced by the viewers' edge location, not by the stack's Region: a stack in the US is priced at
// "United States" (AWS's "US, Mexico, Canada"), one in Europe at "Europe" ("Europe, Israel").
const CLOUDFRONT_LOCATION: Record<string, string> = { 'us-east-1': 'United States', 'us-west-2': 'United States', 'eu-west-1': 'Europe' };

const STATIC: Record<string, PriceQuery> = {
  'ec2.nat-gateway.hour': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, where: { usagetype: usage('NatGateway-Hours') }, unit: 'Hrs' },
  'ec2.nat-gateway.gb-processed': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, where: { usagetype: usage('NatGateway-Bytes') }, unit: 'GB' },
  // Public IPv4 addresses are AmazonVPC products without a product family.
  'ec2.public-ipv4.hour': { serviceCode: 'AmazonVPC', filters: {}, where: { usagetype: usage('PublicIPv4:InUseAddress') } },
  'ec2.vpc-endpoint.interface.az-hour': { serviceCode: 'AmazonVPC', filters: { productFamily: 'VpcEndpoint' }, where: { usagetype: usage('VpcEndpoint-Hours') } },
  'ec2.vpc-endpoint.interface.gb-processed': { serviceCode: 'AmazonVPC', filters: { productFamily: 'VpcEndpoint' }, where: { usagetype: usage('VpcEndpoint-Bytes') }, beginRange: '0' },
  'ec2.vpn-connection.hour': { serviceCode: 'AmazonVPC', filters: { productFamily: 'Cloud Connectivity' }, where: { usagetype: usage('VPN-Usage-Hours:ipsec.1') } },
  'elb.alb.hour': { serviceCode: 'AWSELB', filters: { productFamily: 'Load Balancer-Application', locationType: 'AWS Region' }, where: { usagetype: usage('LoadBalancerUsage') }, unit: 'Hrs' },
  'elb.alb.lcu-hour': { serviceCode: 'AWSELB', filters: { productFamily: 'Load Balancer-Application', locationType: 'AWS Region' }, where: { usagetype: usage('LCUUsage') }, unit: 'LCU-Hrs' },
  // Fargate's units are "hours" for vCPU and memory alike. Fargate Spot is not in the Price List (AWS publishes it on its pricing page only).
  'fargate.vcpu-hour.x86_64': fargate('Fargate-vCPU-Hours:perCPU'),
  'fargate.gb-hour.x86_64': fargate('Fargate-GB-Hours'),
  'fargate.vcpu-hour.arm64': fargate('Fargate-ARM-vCPU-Hours:perCPU'),
  'fargate.gb-hour.arm64': fargate('Fargate-ARM-GB-Hours'),
  'rds.gp3.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Database Storage', volumeType: 'General Purpose-GP3', databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' }, where: { usagetype: usage('RDS:GP3-Storage') }, unit: 'GB-Mo' },
  'rds.gp3.multi-az.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Database Storage', volumeType: 'General Purpose-GP3', databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' }, where: { usagetype: usage('RDS:Multi-AZ-GP3-Storage') }, unit: 'GB-Mo' },
  'rds.backup-storage.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Storage Snapshot' }, where: { usagetype: usage('RDS:ChargedBackupUsage') }, unit: 'GB-Mo' },
  'aurora.serverless-v2.acu-hour': { serviceCode: 'AmazonRDS', filters: { databaseEngine: 'Aurora PostgreSQL' }, where: { usagetype: usage('Aurora:ServerlessV2Usage') } },
  'aurora.storage.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Database Storage', databaseEngine: 'Aurora PostgreSQL' }, where: { usagetype: usage('Aurora:StorageUsage') } },
  'aurora.io.million-requests': { serviceCode: 'AmazonRDS', filters: { productFamily: 'System Operation', databaseEngine: 'Aurora PostgreSQL' }, where: { usagetype: usage('Aurora:StorageIOUsage') }, scale: 1e6 },
  'aurora.backup-storage.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Storage Snapshot', databaseEngine: 'Aurora PostgreSQL' }, where: { usagetype: usage('Aurora:BackupUsage') } },
  'dynamodb.on-demand.read.million': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Amazon DynamoDB PayPerRequest Throughput', group: 'DDB-ReadUnits' }, where: { usagetype: usage('ReadRequestUnits') }, scale: 1e6 },
  'dynamodb.on-demand.write.million': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Amazon DynamoDB PayPerRequest Throughput', group: 'DDB-WriteUnits' }, where: { usagetype: usage('WriteRequestUnits') }, scale: 1e6 },
  'dynamodb.provisioned.rcu-hour': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Provisioned IOPS', group: 'DDB-ReadUnits' }, where: { usagetype: usage('ReadCapacityUnit-Hrs') }, unit: 'ReadCapacityUnit-Hrs' },
  'dynamodb.provisioned.wcu-hour': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Provisioned IOPS', group: 'DDB-WriteUnits' }, where: { usagetype: usage('WriteCapacityUnit-Hrs') }, unit: 'WriteCapacityUnit-Hrs' },
  'dynamodb.storage.gb-month': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Database Storage' }, where: { usagetype: usage('TimedStorage-ByteHrs') }, unit: 'GB-Mo' },
  'dynamodb.pitr.gb-month': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Database Storage' }, where: { usagetype: usage('TimedPITRStorage-ByteHrs') }, unit: 'GB-Mo' },
  // S3 Standard's usage type is the bare TimedStorage-ByteHrs (the other classes add their own: -SIA-, -GlacierByteHrs); first tier, the first 50 TB.
  's3.standard.gb-month': { serviceCode: 'AmazonS3', filters: { productFamily: 'Storage' }, where: { usagetype: usage('TimedStorage-ByteHrs') }, unit: 'GB-Mo', beginRange: '0' },
  's3.standard-ia.gb-month': { serviceCode: 'AmazonS3', filters: { productFamily: 'Storage', volumeType: 'Standard - Infrequent Access' }, where: { usagetype: usage('TimedStorage-SIA-ByteHrs') }, unit: 'GB-Mo' },
  's3.glacier-flexible-retrieval.gb-month': { serviceCode: 'AmazonS3', filters: { productFamily: 'Storage', volumeType: 'Amazon Glacier' }, where: { usagetype: usage('TimedStorage-GlacierByteHrs') }, unit: 'GB-Mo' },
  's3.put-requests.thousand': { serviceCode: 'AmazonS3', filters: { productFamily: 'API Request', group: 'S3-API-Tier1' }, where: { usagetype: usage('Requests-Tier1') }, unit: 'Requests', scale: 1000 },
  's3.get-requests.thousand': { serviceCode: 'AmazonS3', filters: { productFamily: 'API Request', group: 'S3-API-Tier2' }, where: { usagetype: usage('Requests-Tier2') }, unit: 'Requests', scale: 1000 },
  // SQS's usage types differ by region (Requests-RBP in us-east-1, EU-Requests-Tier1): the queue type and group tell them apart.
  'sqs.standard.million-requests': { serviceCode: 'AWSQueueService', filters: { productFamily: 'API Request', queueType: 'Standard', group: 'SQS-APIRequest-Tier1' }, unit: 'Requests', scale: 1e6 },
  'sqs.fifo.million-requests': { serviceCode: 'AWSQueueService', filters: { productFamily: 'API Request', queueType: 'FIFO (first-in, first-out)', group: 'SQS-APIRequest-Tier1' }, unit: 'Requests', scale: 1e6 },
  // Lambda's duration is tiered (the first 6 billion GB-seconds x86, 7.5 billion arm64, a month): the first tier.
  'lambda.requests.million': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Request') }, unit: 'Requests', scale: 1e6 },
  'lambda.gb-second.x86_64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-GB-Second') }, beginRange: '0' },
  'lambda.gb-second.arm64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-GB-Second-ARM') }, beginRange: '0' },
  // Provisioned concurrency: the copies kept initialized, and the duration of the invocations they serve (one tier each).
  'lambda.provisioned-concurrency.gb-second.x86_64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-Provisioned-Concurrency') } },
  'lambda.provisioned-concurrency.gb-second.arm64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-Provisioned-Concurrency-ARM') } },
  'lambda.provisioned-duration.gb-second.x86_64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-Provisioned-GB-Second') } },
  'lambda.provisioned-duration.gb-second.arm64': { serviceCode: 'AWSLambda', filters: { productFamily: 'Serverless' }, where: { usagetype: usage('Lambda-Provisioned-GB-Second-ARM') } },
  'sns.publishes.million': { serviceCode: 'AmazonSNS', filters: { productFamily: 'API Request', group: 'SNS-Requests-Tier1' }, where: { usagetype: usage('Requests-Tier1') }, unit: 'Requests', scale: 1e6 },
  'cloudwatch.alarm.standard.month': { serviceCode: 'AmazonCloudWatch', filters: { productFamily: 'Alarm', alarmType: 'Standard' } },
  'cloudwatch.dashboard.month': { serviceCode: 'AmazonCloudWatch', filters: { productFamily: 'Dashboard' }, where: { usagetype: usage('DashboardsUsageHour') } },
  'logs.ingestion.gb': { serviceCode: 'AmazonCloudWatch', filters: { productFamily: 'Data Payload' }, where: { usagetype: usage('DataProcessing-Bytes') } },
  'logs.storage.gb-month': { serviceCode: 'AmazonCloudWatch', filters: { productFamily: 'Storage Snapshot' }, where: { usagetype: usage('TimedStorage-ByteHrs') } },
  'kms.customer-managed-key.month': { serviceCode: 'awskms', filters: { productFamily: 'Encryption Key' }, where: { usagetype: usage('KMS-Keys') } },
  'kms.requests.10k': { serviceCode: 'awskms', filters: {}, where: { usagetype: usage('KMS-Requests') }, scale: 1e4 },
  'secretsmanager.secret.month': { serviceCode: 'AWSSecretsManager', filters: { productFamily: 'Secret' }, where: { usagetype: usage('AWSSecretsManager-Secrets') } },
  'secretsmanager.api-calls.10k': { serviceCode: 'AWSSecretsManager', filters: { productFamily: 'API Request' }, where: { usagetype: usage('AWSSecretsManagerAPIRequest') }, scale: 1e4 },
  'waf.web-acl.month': { serviceCode: 'awswaf', filters: { productFamily: 'Web Application Firewall' }, where: { usagetype: usage('WebACLV2') } },
  'waf.rule.month': { serviceCode: 'awswaf', filters: { productFamily: 'Web Application Firewall' }, where: { usagetype: usage('RuleV2') } },
  'waf.requests.million': { serviceCode: 'awswaf', filters: { productFamily: 'Web Application Firewall' }, where: { usagetype: usage('RequestV2-Tier1') }, scale: 1e6 },
  'data-transfer.internet-out.gb': { serviceCode: 'AWSDataTransfer', regionField: 'fromRegionCode', filters: { productFamily: 'Data Transfer', transferType: 'AWS Outbound' }, where: { toLocation: 'External' }, unit: 'GB' },
  'data-transfer.inter-region.gb': { serviceCode: 'AWSDataTransfer', regionField: 'fromRegionCode', filters: { productFamily: 'Data Transfer', transferType: 'InterRegion Outbound' }, unit: 'GB' },
  // AWS Backup bills each service's backups under that service.
  'backup.rds.gb-month': { serviceCode: 'AmazonRDS', filters: { productFamily: 'Storage Snapshot' }, where: { usagetype: usage('RDS:ChargedBackupUsage') }, unit: 'GB-Mo' },
  'backup.dynamodb.gb-month': { serviceCode: 'AmazonDynamoDB', filters: { productFamily: 'Amazon DynamoDB On-Demand Backup Storage' }, where: { usagetype: usage('TimedBackupStorage-ByteHrs') } },
  'config.configuration-item': { serviceCode: 'AWSConfig', filters: { productFamily: 'Management Tools - AWS Config' }, where: { usagetype: usage('ConfigurationItemRecorded') } },
  // CloudFront: infracost's filters (transfer out by fromLocation, first 10 TB; HTTPS requests by location, a price per request).
  'cloudfront.data-transfer-out.gb': { serviceCode: 'AmazonCloudFront', regionField: 'fromLocation', pricedAt: CLOUDFRONT_LOCATION, filters: { transferType: 'CloudFront Outbound' }, beginRange: '0' },
  'cloudfront.requests.https.10k': { serviceCode: 'AmazonCloudFront', regionField: 'location', pricedAt: CLOUDFRONT_LOCATION, filters: { requestType: 'CloudFront-Request-HTTPS-Proxy' }, scale: 1e4 },
  // Route 53 is global; infracost's filters: the first tier of hosted zones (the first 25) and of standard
  // queries (the first billion), and the health check of an AWS endpoint after the 50 free ones.
  'route53.hosted-zone.month': { serviceCode: 'AmazonRoute53', pricedAt: 'global', filters: { productFamily: 'DNS Zone' }, where: { usagetype: 'HostedZone' }, beginRange: '0' },
  'route53.queries.million': { serviceCode: 'AmazonRoute53', pricedAt: 'global', filters: { productFamily: 'DNS Query' }, where: { usagetype: 'DNS-Queries' }, beginRange: '0', scale: 1e6 },
  'route53.health-check.month': { serviceCode: 'AmazonRoute53', pricedAt: 'global', filters: { productFamily: 'DNS Health Check' }, where: { usagetype: { regex: /Health-Check-AWS/i, text: '*Health-Check-AWS* (any case)' } }, beginRange: '50' },
};

function fargate(type: string): PriceQuery {
  return { serviceCode: 'AmazonECS', filters: { productFamily: 'Compute' }, where: { usagetype: usage(type) }, unit: 'hours' };
}

const RDS_ENGINES: Record<string, string> = { postgres: 'PostgreSQL', mysql: 'MySQL' };
const AURORA_ENGINES: Record<string, string> = { postgresql: 'Aurora PostgreSQL', mysql: 'Aurora MySQL' };
const CACHE_ENGINES: Record<string, string> = { redis: 'Redis', valkey: 'Valkey' };

/**
 * The query of a snapshot key, or undefined when the Price List does not price it (e.g. CloudTrail's free
 * first copy of management events). Instance classes and node types are read from the key itself.
 */
export function queryFor(key: string): PriceQuery | undefined {
  if (STATIC[key]) return STATIC[key];
  const rds = /^rds\.(postgres|mysql)\.(db\.[a-z0-9]+\.[a-z0-9]+)\.(single-az|multi-az)\.hour$/.exec(key);
  if (rds) {
    const deploymentOption = rds[3] === 'multi-az' ? 'Multi-AZ' : 'Single-AZ';
    return { serviceCode: 'AmazonRDS', filters: { productFamily: 'Database Instance', instanceType: rds[2], databaseEngine: RDS_ENGINES[rds[1]], deploymentOption }, where: { usagetype: usageStarting(rds[3] === 'multi-az' ? 'Multi-AZUsage:db.' : 'InstanceUsage:db.') }, unit: 'Hrs' };
  }
  const aurora = /^aurora\.(postgresql|mysql)\.(db\.[a-z0-9]+\.[a-z0-9]+)\.hour$/.exec(key);
  if (aurora) {
    // Aurora Standard: I/O-Optimized instances have a usage type of their own (InstanceUsageIOOptimized).
    return { serviceCode: 'AmazonRDS', filters: { productFamily: 'Database Instance', instanceType: aurora[2], databaseEngine: AURORA_ENGINES[aurora[1]] }, where: { usagetype: usageStarting('InstanceUsage:db.') }, unit: 'Hrs' };
  }
  const cache = /^elasticache\.(redis|valkey)\.(cache\.[a-z0-9]+\.[a-z0-9]+)\.hour$/.exec(key);
  if (cache) {
    return { serviceCode: 'AmazonElastiCache', filters: { productFamily: 'Cache Instance', instanceType: cache[2], cacheEngine: CACHE_ENGINES[cache[1]] }, where: { usagetype: usage(`NodeUsage:${cache[2]}`) }, unit: 'Hrs' };
  }
  return undefined;
}
