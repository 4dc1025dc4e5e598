import type { DnsDesign, ZoneRef } from './dns';
import type { FunctionDesign } from './functions';
import type { ApiDesign } from './apis';
import type { LoadBalancerCdnDesign } from './edge';
import type { GraphqlApiDesign } from './graphql';
import type { RestApiAccountDesign, RestApiDesign } from './rest-apis';
import type { UserPoolDesign } from './user-pools';
import type { Decision, Recommendation } from './decisions';
import type { Sizing } from './sizing';
import type { FailedRunsDesign } from './jobs';

/*
 * The design: backend-neutral decisions that both renderers (CDK, Pulumi)
 * turn into resources without deciding anything of their own.
 */
export interface Design {
  name: string;
  description?: string;
  region: string;
  tags: Record<string, string>;
  network: NetworkDesign;
  loadBalancer?: LoadBalancerDesign;
  /** Route 53 records, health checks and the zone they are in (network.dns); present exactly when a zone is named. */
  dns?: DnsDesign;
  /** The WAFv2 web ACL in front of the public load balancer; present exactly when there is one. */
  webAcl?: WebAclDesign;
  /** Cloud Map namespace through which internal services are reached by name (Service Connect). */
  serviceConnectNamespace?: string;
  services: ServiceDesign[];
  /** Data stores, sorted by key. */
  stores: StoreDesign[];
  /** Scheduled jobs (kind: scheduled), sorted by key. */
  jobs: JobDesign[];
  /** Functions (kind: function), sorted by key. */
  functions: FunctionDesign[];
  /** HTTP APIs (apis: kind http), sorted by key. */
  apis: ApiDesign[];
  /** GraphQL APIs (apis: kind graphql), sorted by key. */
  graphqlApis: GraphqlApiDesign[];
  /** REST APIs (apis: kind rest), sorted by key. */
  restApis: RestApiDesign[];
  /** API Gateway's account-wide CloudWatch role, which REST APIs log through; present exactly when there is one. */
  restApiAccount?: RestApiAccountDesign;
  /** The user pools GraphQL and REST APIs with auth: cognito ask for, sorted by key (the API's). */
  userPools: UserPoolDesign[];
  /** Static sites (kind: static-site), sorted by key; absent without one. */
  sites?: SiteDesign[];
  /** The CLOUDFRONT-scoped web ACL every site's distribution names; present exactly when there is a site. */
  siteWebAcl?: WebAclDesign;
  resilience: ResilienceDesign;
  observability: ObservabilityDesign;
  /**
   * The stack's access-log bucket (see AccessLogsDesign): present when the stack has a load balancer or
   * creates a bucket. The load balancer (loadBalancer.accessLogs) and each bucket (BucketDesign.accessLogs)
   * log into it.
   */
  accessLogs?: AccessLogsDesign;
  /** security.audit: CloudTrail, GuardDuty, Security Hub, AWS Config, each when written true; absent when all are off, and in a standby. */
  audit?: AuditDesign;
  /** Compliance profiles, the rule packs they select, and encryption at rest: decided first, read by every concern. */
  security: SecurityDesign;
  /** cost.budget_usd_month: the monthly AWS Budgets budget; absent without one (and in a standby). */
  budget?: BudgetDesign;
  /**
   * The capacity providers associated with the ECS cluster, FARGATE and FARGATE_SPOT, when a worker places its
   * tasks with a capacity provider strategy (WorkerServiceDesign.capacity: cost.spot_for_workers); absent
   * otherwise (every service and job names launch type FARGATE, which needs no association). Services with a
   * strategy are created after the association (ECS refuses a strategy naming a provider the cluster lacks).
   */
  capacityProviders?: FargateCapacityProvider[];
  decisions: Decision[];
  /** Changes to the blueprint the numbers call for (e.g. bulk data in a table), which plan lists; in the order taken. */
  recommendations: Recommendation[];
  /** Rule-pack findings the design accepts, each with why (see AcknowledgementDesign), in the order taken. */
  acknowledgements: AcknowledgementDesign[];
  /**
   * pilot-light and warm-standby: the copy of the system that waits in the secondary region, a Design
   * of its own (see StandbyDesign). Absent for every other strategy, and in a standby design itself.
   */
  standby?: StandbyDesign;
}

/**
 * The standby of a pilot-light or warm-standby design: the same system in the secondary region, with
 * its own network (a CIDR that does not overlap the primary's, so the two can be peered), load balancer,
 * services (pilot-light: none running; warm-standby: one task each), jobs (disabled: they would run
 * twice), fresh queues, topics and caches, and the primary's data as replicas: each replicated bucket's
 * replica and each global table's replica, reached by name (BucketDesign.standbyReplica,
 * TableDesign.standbyReplica), and each Aurora database as the secondary cluster of its global database
 * (DatabaseDesign.global.role secondary). No backup plan: its data is the primary's.
 *
 * Rendered as a third CDK stack, `<primary name>-standby` (design.name), deployed after the primary one
 * (whose global databases its clusters join), and in Pulumi as a second BlueprintStack component of that
 * name on the recovery provider.
 */
export interface StandbyDesign extends Design {
  standbyOf: {
    /** The primary design's name and region. */
    name: string;
    region: string;
    strategy: 'pilot-light' | 'warm-standby';
  };
  standby?: undefined;
}

export type SubnetTier = 'public' | 'private' | 'isolated';

/**
 * A monthly cost budget (AWS::Budgets::Budget; Pulumi aws.budgets.Budget) over the costs tagged
 * blueprint=<name> (the tag every resource carries; it must be activated as a cost allocation tag), with
 * one notification per threshold: actual spend above that percentage of the limit e-mails the subscribers.
 */
export interface BudgetDesign {
  /** `<blueprint>-monthly`. */
  name: string;
  limitUsd: number;
  timeUnit: 'MONTHLY';
  /** The cost allocation tag the budget filters on: key "blueprint", value the blueprint's name. */
  tag: { key: 'blueprint'; value: string };
  /** Percentages of the limit, ascending. */
  thresholdsPercent: number[];
  /** The alarm topic's e-mail subscribers (observability.alarms.notify), sorted; none: no notification. */
  subscribers: string[];
}

export type ComplianceProfile = 'hipaa' | 'pci-dss' | 'nist-800-53';
/** cdk-nag 3 rule packs, by their findings' prefix. */
export type RulePack = 'AwsSolutions' | 'HIPAA.Security' | 'PCI.DSS.321' | 'NIST.800.53.R5';

/**
 * requirements.compliance and security.encryption. A profile switches on the stricter decisions (see
 * src/design/compliance.ts): the customer-managed key, longer log retention, every audit service, HTTPS,
 * database log exports and enhanced monitoring, automatic minor upgrades, cache snapshots, WAF logging, a
 * versioned access-log bucket; and its cdk-nag pack, which then checks every synth besides AwsSolutions.
 */
export interface SecurityDesign {
  /** requirements.compliance, sorted; empty when none. */
  profiles: ComplianceProfile[];
  /** AwsSolutions always, then each profile's pack, in that order. */
  rulePacks: RulePack[];
  /** aws-managed: each service's AWS-managed key (or SSE-S3, SSE-SQS); customer-managed: `key`. */
  encryption: 'aws-managed' | 'customer-managed';
  /**
   * The stack's customer-managed KMS key (encryption customer-managed). Besides the stores whose
   * `encryption` says customer-managed, it encrypts every log group of the stack (tasks, jobs, flow logs,
   * the trail's, WAF's), the alarm topic, every secret (database credentials, cache AUTH tokens), the
   * audit-log bucket and the CloudTrail trail. Not the access-log bucket: ALB and S3 server access logs
   * support SSE-S3 only. Nor backup vaults (AWS Backup's own key).
   */
  key?: KeyDesign;
  /** A profile asks for the stricter decisions listed above. */
  hardened: boolean;
}

/**
 * A symmetric customer-managed KMS key with automatic yearly rotation, kept when the stack is deleted
 * (data encrypted with it outlives the stack; a deleted key would make it unreadable). Its key policy
 * gives the account (root) full control, so IAM policies grant its use (the tasks' roles: TaskDesign.keyActions),
 * and lets these services use it on the account's behalf:
 * - logs: CloudWatch Logs in the stack's region, for log groups of this account (encryption context aws:logs:arn);
 * - cloudwatch: CloudWatch alarms publishing to the encrypted alarm topic (kms:Decrypt, kms:GenerateDataKey*);
 * - cloudtrail: the trail encrypting its log files (kms:GenerateDataKey* for trails of this account; kms:DescribeKey).
 */
export interface KeyDesign {
  /** `alias/<blueprint>`. */
  alias: string;
  description: string;
  rotationPeriodDays: 365;
  pendingWindowDays: 30;
  retain: true;
  /** Sorted. */
  services: ('cloudtrail' | 'cloudwatch' | 'logs')[];
}

export interface NetworkDesign {
  cidr: string;
  availabilityZones: string[];
  /** Per tier, one subnet per AZ (in availabilityZones order), with its address block. */
  subnets: { tier: SubnetTier; cidrMask: number; cidrs: string[] }[];
  nat: 'per-az' | 'single' | 'none';
  natGateways: number;
  flowLogs?: { trafficType: 'ALL'; retentionDays: number };
  /**
   * Public subnets do not give instances a public address on launch (MapPublicIpOnLaunch false): nothing
   * launched there needs one implicitly (NAT gateways have Elastic IPs, the load balancer its own, and
   * tasks that need one without NAT ask for it in their network configuration).
   */
  mapPublicIpOnLaunch: false;
  /**
   * Gateway VPC endpoints (free): S3 always, DynamoDB when the blueprint has a table, each on the route
   * tables of `tiers` (where the tasks run), so that traffic to them stays in the VPC and off the NAT
   * gateways. No endpoint policy: access is the tasks' IAM permissions. Sorted by service.
   */
  gatewayEndpoints: { service: 's3' | 'dynamodb'; tiers: SubnetTier[] }[];
  /**
   * Interface VPC endpoints the blueprint names (network.endpoints), one per AWS service, sorted by service:
   * a network interface in each AZ's subnet of the tier where the tasks run, with private DNS, behind
   * endpointSecurityGroup. No endpoint policy: access is the callers' IAM permissions. Empty when none is written.
   */
  interfaceEndpoints: InterfaceEndpointDesign[];
  /** The one security group of every interface endpoint of the VPC; present exactly when there is an interface endpoint. */
  endpointSecurityGroup?: EndpointSecurityGroupDesign;
  /** network.vpn: a Site-to-Site VPN to an on-premises network; absent when not written, and in a standby. */
  vpn?: VpnDesign;
}

export interface InterfaceEndpointDesign {
  /**
   * The AWS service, as its endpoint service name com.amazonaws.<region>.<service> ends: e.g. ecr.api.
   * Stable: the construct ID (Endpoint-ecr-api) and resource name part.
   */
  service: string;
  /** The short name under network.endpoints that asked for it (ecr asks for ecr.api and ecr.dkr). */
  writtenAs: string;
  /** In each AZ's subnet of this tier: where the tasks run (private, or public with nat: none). */
  subnets: SubnetTier;
  /** The service's usual DNS name resolves to the endpoint inside the VPC, so callers need no setting. */
  privateDns: true;
}

/** The interface endpoints' security group: HTTPS in from the VPC's own addresses only, nothing out. */
export interface EndpointSecurityGroupDesign {
  description: string;
  ingress: { protocol: 'tcp'; port: 443; cidr: string; description: string };
  /** An endpoint answers connections and opens none: no egress rule at all (AWS's allow-all default removed). */
  egress: 'none';
}

/**
 * A Site-to-Site VPN: the on-premises device (customer gateway), AWS's side (a virtual private gateway
 * attached to the VPC), one VPN connection between them (two tunnels with AWS's default options), its static
 * routes, and the gateway's routes propagated into the route tables of `propagation`. Primary only.
 */
export interface VpnDesign {
  customerGateway: {
    type: 'ipsec.1';
    ipAddress: string;
    bgpAsn: number;
    /** The ASN is above 2,147,483,647, which AWS takes as BgpAsnExtended rather than BgpAsn. */
    bgpAsnExtended: boolean;
  };
  gateway: { type: 'ipsec.1'; amazonSideAsn: number };
  connection: { type: 'ipsec.1'; staticRoutesOnly: boolean };
  /** On-premises blocks routed to the connection (VPN connection routes), sorted; empty with dynamic routing (BGP). */
  routes: string[];
  /** The route tables of every subnet of these tiers learn the gateway's routes (route propagation). */
  propagation: SubnetTier[];
}

export interface LoadBalancerDesign {
  scheme: 'internet-facing';
  subnets: SubnetTier;
  idleTimeoutSeconds: number;
  /** Drop requests whose headers are not valid HTTP (request smuggling). */
  dropInvalidHeaderFields: boolean;
  /** A delete is refused until it is turned off (resilience.deletion_protection): the entry point's DNS name survives a mistaken teardown. */
  deletionProtection: boolean;
  /** Seconds a deregistering task keeps serving in-flight requests. */
  deregistrationDelaySeconds: number;
  /** What requests no rule matches get, when no service is the default. */
  notFound: { statusCode: number; contentType: 'text/plain'; body: string };
  /** Present when the blueprint names a domain or certificate: HTTPS on 443, port 80 redirects. */
  https?: { domain?: string; certificateArn?: string; sslPolicy: string; validationZone?: ZoneRef };
  /** The service that answers requests no rule matches; otherwise a fixed 404. */
  defaultService?: string;
  /** Listener rules, in priority order. */
  rules: { service: string; priority: number; pathPatterns?: string[]; hostHeaders?: string[] }[];
  /** Access logs into the stack's access-log bucket (Design.accessLogs), under this prefix (no trailing slash: ELB appends /AWSLogs/<account>/). */
  accessLogs?: { prefix: string };
  /**
   * load_balancing.public.cdn: a CloudFront distribution in front (edge.ts). The security group then admits
   * cdn.originAccess only (not the internet), there is no port-80 redirect listener, and no REGIONAL web ACL.
   */
  cdn?: LoadBalancerCdnDesign;
}

/** A WAFv2 web ACL (scope REGIONAL) and what it protects. Requests no rule blocks are allowed. */
export interface WebAclDesign {
  /** `<blueprint>-web`. */
  name: string;
  /**
   * The public load balancer (scope REGIONAL, associated; with the GraphQL APIs when there are any), the GraphQL
   * APIs alone (REGIONAL, no load balancer), or the static sites' distributions (scope CLOUDFRONT, named by each
   * distribution's WebACLId).
   */
  protects: 'load-balancer' | 'apis' | 'sites';
  /** The GraphQL APIs (keys, sorted) the REGIONAL ACL is associated with too; [] for none. */
  graphqlApis: string[];
  /** The REST APIs (keys, sorted) whose stage the REGIONAL ACL is associated with too; [] for none. */
  restApis: string[];
  defaultAction: 'allow';
  /** In priority order (priority 0 first). */
  rules: WafRuleDesign[];
  /** The ACL's CloudWatch metric (each rule has its own); sampled requests are kept too. */
  metricName: string;
  /**
   * Compliance profiles: every request the ACL sees, logged to a CloudWatch log group of this name
   * (WAF requires the aws-waf-logs- prefix), kept retentionDays; the authorization header is redacted.
   */
  logging?: { logGroupName: string; retentionDays: number; redactedHeaders: ['authorization'] };
}

/** A managed rule group (its own actions apply: override none), or a per-address rate limit that blocks. */
export type WafRuleDesign =
  | { kind: 'managed'; name: string; vendor: 'AWS'; group: string; priority: number; metricName: string }
  | { kind: 'rate-limit'; name: string; priority: number; limit: number; windowSeconds: 300; aggregateKey: 'IP'; action: 'block'; metricName: string };

/**
 * A stack's access-log bucket: one per stack that has a load balancer or creates a bucket (the primary
 * stack, the standby, the disaster-recovery stack for its replicas). SSE-S3 (the only encryption ALB
 * access logs support), all public access blocked, TLS-only, not versioned, objects expired after
 * expireAfterDays, ACLs disabled (BucketOwnerEnforced). Its bucket policy lets exactly the load
 * balancer's log delivery write under loadBalancer.prefix and S3 server access logging
 * (logging.s3.amazonaws.com, scoped by aws:SourceArn and aws:SourceAccount) write each source bucket's
 * logs under its prefix. It logs nowhere itself. Not a data store: tagged {"blueprint:logs": "access-logs"}.
 */
export interface AccessLogsDesign {
  /** Stable: the construct ID and resource name part, and the tag value. */
  key: 'access-logs';
  /** The region it lives in (log delivery writes only to a bucket of its own region). */
  region: string;
  tags: Record<string, string>;
  encryption: 'sse-s3';
  /** Compliance profiles: versioned, noncurrent versions expiring after expireAfterDays too (log records cannot be silently overwritten). */
  versioned: boolean;
  /**
   * ACLs disabled (BucketOwnerEnforced), unless a CloudFront distribution logs into it: CloudFront's standard
   * logs are delivered by an ACL grant, so ACLs are enabled with the bucket owning every object (BucketOwnerPreferred).
   */
  objectOwnership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  expireAfterDays: number;
  /** Kept when the stack is deleted (DeletionPolicy/UpdateReplacePolicy Retain; Pulumi retainOnDelete). */
  retain: boolean;
  /** The load balancer's access logs: where they go, and who delivers them in this region. */
  loadBalancer?: { prefix: string; delivery: ElbLogDelivery };
  /** S3 server access logging of each bucket of the stack into it, sorted by source. */
  serverAccessLogs: { source: string; prefix: string }[];
}

/**
 * Who writes a load balancer's access logs in a region (aws-cdk-lib's RegionInfo elbv2Account): the
 * regional Elastic Load Balancing account (regions opened before August 2022), or the log delivery
 * service principal (newer regions). deliveryLogsService: delivery.logs.amazonaws.com, which the
 * bucket policy also admits (PutObject with bucket-owner-full-control, GetBucketAcl), as CDK writes it.
 */
export type ElbLogDelivery =
  | { principal: 'account'; accountId: string; deliveryLogsService: 'delivery.logs.amazonaws.com' }
  | { principal: 'service'; service: 'logdelivery.elasticloadbalancing.amazonaws.com'; deliveryLogsService: 'delivery.logs.amazonaws.com' };

/**
 * A long-running ECS service: its task (TaskDesign), and how it is reached, deployed and scaled.
 * `kind` tells the two apart: an HTTP service listens on a port (load balancer, Service Connect,
 * target tracking); a worker consumes a queue (no port, no address, step scaling on the queue).
 */
export type ServiceDesign = HttpServiceDesign | WorkerServiceDesign;

interface ServiceBase extends TaskDesign {
  kind: 'http' | 'worker';
  /** Routed on the shared load balancer (never a worker). */
  public: boolean;
  /** Tasks run in this subnet tier; public only when the network has no NAT. */
  subnets: SubnetTier;
  assignPublicIp: boolean;
  /** Internal services this one calls: security-group ingress on their port, Service Connect as client. */
  uses: string[];
  /** Services allowed to call this one (the inverse of uses); none for a worker. */
  calledBy: string[];
  /** Reachable by name inside the VPC through ECS Service Connect (never a worker). */
  serviceConnect?: { dnsName: string; port: number };
  /** The load balancer's health check (public HTTP services only). */
  healthCheck?: {
    path: string;
    intervalSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    graceSeconds: number;
  };
  deployment: { circuitBreakerRollback: true; minHealthyPercent: number; maxPercent: number };
  /**
   * The task count the ECS service is created with (DesiredCount), when it must not be ECS's default
   * (1, after which scaling moves it): 0 for a pilot-light standby, whose services wait with nothing running.
   */
  initialTasks?: number;
  /** The queue (a store key) a worker consumes. */
  consumes?: string;
}

/** An HTTP service: a container listening on a port. */
export interface HttpServiceDesign extends ServiceBase {
  kind: 'http';
  /** The task's one container, and the name of its port (Service Connect finds the port by it). */
  container: { name: string; portName: string; appProtocol: 'http' };
  port: number;
  scaling: ScalingDesign;
}

/** A queue worker: an ECS service with no port mapping, load balancer, Service Connect name or health check. */
export interface WorkerServiceDesign extends ServiceBase {
  kind: 'worker';
  container: { name: string };
  public: false;
  consumes: string;
  scaling: WorkerScalingDesign;
  /**
   * cost.spot_for_workers: the worker's tasks are placed by this capacity provider strategy instead of launch
   * type FARGATE. Absent (launch type FARGATE, every task on regular Fargate) unless the blueprint writes it.
   */
  capacity?: SpotCapacityDesign;
}

/** A Fargate capacity provider: regular (on-demand) Fargate, or Fargate Spot (spare capacity, interruptible). */
export type FargateCapacityProvider = 'FARGATE' | 'FARGATE_SPOT';

/**
 * A worker on Fargate Spot: the first `onDemandBase` tasks run on regular Fargate (FARGATE with that base and
 * weight 0, so it takes no task beyond its base), every further task on Fargate Spot (FARGATE_SPOT, weight 1).
 * onDemandBase is 1 at availability >= 99.9 % (ECS does not fall back from FARGATE_SPOT to FARGATE when Spot has
 * no capacity: the base task keeps the queue moving), else 0 (all Spot). The base counts running tasks only: a
 * worker at 0 tasks still runs none. Both providers must be associated with the cluster (Design.capacityProviders).
 */
export interface SpotCapacityDesign {
  onDemandBase: number;
  /** What the renderers write, in this order: FARGATE (only when onDemandBase > 0), then FARGATE_SPOT. */
  strategy: { capacityProvider: FargateCapacityProvider; base: number; weight: number }[];
}

export interface ScalingDesign {
  minTasks: number;
  maxTasks: number;
  targetCpuPercent: number;
  /** ALB RequestCountPerTarget target (requests per target per minute); public services only. */
  targetRequestsPerTargetPerMinute?: number;
  scaleInCooldownSeconds: number;
  scaleOutCooldownSeconds: number;
}

/**
 * A worker's scaling: step scaling driven by alarms on its queue (so it can start from zero tasks,
 * when there is no CPU metric), no target tracking. Every number is here; renderers copy them.
 */
export interface WorkerScalingDesign {
  minTasks: number;
  maxTasks: number;
  /** Sorted by key. */
  stepPolicies: StepPolicyDesign[];
}

/** One Application Auto Scaling step-scaling policy and the alarm that invokes it. */
export interface StepPolicyDesign {
  /** Stable key: the policy's name (PolicyName) and part of construct IDs and resource names, e.g. queue-depth. */
  key: string;
  adjustmentType: 'ChangeInCapacity' | 'ExactCapacity';
  /** After a scale-out, further scale-outs count the capacity already added; after a scale-in, no scale-in. */
  cooldownSeconds: number;
  /** How the alarm's datapoints are aggregated to pick a step. */
  metricAggregation: 'Average' | 'Minimum' | 'Maximum';
  /**
   * In order. Bounds are relative to the alarm threshold (metric minus threshold); absent is unbounded.
   * Above the threshold the lower bound is inclusive, the upper exclusive; below it, the reverse.
   */
  steps: { lowerBound?: number; upperBound?: number; adjustment: number }[];
  /** The alarm on the consumed queue whose ALARM state invokes the policy (every period while it lasts). */
  alarm: AlarmDesign;
}

/** A CloudWatch metric, with dimensions named by what they point at so each renderer can resolve them. */
export interface MetricDesign {
  namespace: 'AWS/ApplicationELB' | 'AWS/ECS' | 'AWS/SQS' | 'AWS/RDS' | 'AWS/ElastiCache' | 'AWS/DynamoDB' | 'AWS/Scheduler' | 'AWS/Events' | 'AWS/Lambda' | 'AWS/ApiGateway' | 'AWS/AppSync';
  metricName: string;
  statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount' | 'p99';
  dimensions: DimensionRef;
  /** Legend text on the dashboard. */
  label?: string;
}

export type DimensionRef =
  | { kind: 'load-balancer' }
  | { kind: 'target-group'; service: string }
  | { kind: 'ecs-service'; service: string }
  /** An SQS queue (a store key): dimension QueueName. */
  | { kind: 'queue'; store: string; /** The store's dead-letter queue rather than the queue itself. */ deadLetter?: true }
  /** An Aurora cluster (DBClusterIdentifier), or its instances of one role aggregated (DBClusterIdentifier and Role: WRITER or READER). */
  | { kind: 'database-cluster'; store: string; role?: 'WRITER' | 'READER' }
  /** An RDS instance (DBInstanceIdentifier). */
  | { kind: 'database-instance'; store: string }
  /**
   * One node of a cache (CacheClusterId): ElastiCache names a replication group's member clusters after it,
   * `<replication group id>-<node>`, node "001", "002", ... or, in cluster mode, "<shard>-<node>" ("0001-001").
   */
  | { kind: 'cache-node'; store: string; node: string }
  /** A DynamoDB table (TableName), and an Operation for the metrics DynamoDB reports per operation (SystemErrors). */
  | { kind: 'table'; store: string; operation?: string }
  /** The stack's EventBridge Scheduler schedule group (ScheduleGroup), which every job's schedule is in. */
  | { kind: 'schedule-group' }
  /** The EventBridge rule that matches a scheduled job's failed runs (RuleName; JobDesign.failedRuns). */
  | { kind: 'failed-runs-rule'; job: string }
  /** A function (FunctionName), or its dead-letter queue (QueueName). */
  | { kind: 'function'; fn: string }
  | { kind: 'function-dead-letter'; fn: string }
  /** An API (ApiId). */
  | { kind: 'api'; api: string }
  /** A GraphQL API (GraphQLAPIId). */
  | { kind: 'graphql-api'; api: string }
  /** A REST API's stage (ApiName and Stage). */
  | { kind: 'rest-api'; api: string };

export interface AlarmDesign {
  /** Stable key, used in construct IDs and names: e.g. error-budget-fast-burn, web-cpu, worker-queue-depth. */
  key: string;
  description: string;
  /** A single metric, or an expression over named metrics (a ratio in percent, a sum). */
  metric: MetricDesign | { expression: string; label: string; metrics: Record<string, MetricDesign> };
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  treatMissingData: 'notBreaching' | 'breaching' | 'missing';
}

export interface WidgetDesign {
  title: string;
  metrics: MetricDesign[];
  periodSeconds: number;
}

export interface ObservabilityDesign {
  logRetentionDays: number;
  alarmEmails: string[];
  /** The alarm topic's policy denies publishing over plain HTTP (as every data topic's does). */
  alarmTopicTlsOnly: true;
  /** The ECS cluster's CloudWatch Container Insights: per-service and per-task CPU, memory, network and storage metrics. */
  containerInsights: 'enabled';
  /** Notify the topic when an alarm recovers (OK), not only when it fires. */
  notifyOnRecovery: boolean;
  alarms: AlarmDesign[];
  dashboard?: { widgets: WidgetDesign[] };
}

export interface KeyAttribute {
  name: string;
  type: 'string' | 'number' | 'binary';
}

interface StoreBase {
  key: string;
  /** Tags that identify the store: {"blueprint:store": key}. */
  tags: Record<string, string>;
  /**
   * What the store is sized for (src/design/sizing.ts), written as tags on its main resource (the bucket,
   * queue, table, cluster or instance): a bucket's, table's or database's growth-gb-month, a table's item-kb,
   * a queue's peak-messages-per-second. Empty when nothing is known.
   */
  sizing: Sizing;
  /** Kept when the stack is deleted or the store would be replaced (DeletionPolicy/UpdateReplacePolicy Retain; Pulumi retainOnDelete). */
  retain: boolean;
}

export interface BucketDesign extends StoreBase {
  kind: 'bucket';
  /** Encryption at rest: SSE-S3, or SSE-KMS with the stack's key (SecurityDesign.key) and an S3 bucket key. */
  encryption: 'sse-s3' | 'customer-managed';
  versioned: boolean;
  /**
   * One lifecycle rule: tiers, expiry of current objects, and expiry of noncurrent versions (a versioned bucket:
   * a version deleted, overwritten or expired is kept this many days more, then deleted).
   */
  lifecycle?: { infrequentAfterDays?: number; archiveAfterDays?: number; expireAfterDays?: number; noncurrentExpireAfterDays?: number };
  /** Replication into a replica bucket in the secondary region (replicate_to_secondary); absent for none. */
  replication?: BucketReplicationDesign;
  /**
   * Standby designs only: the bucket is not created by this stack; it is the replica of the primary's
   * bucket (created by the disaster-recovery stack), named `${bucketNamePrefix}-${account id}` as
   * BucketReplicationDesign says. Its users get access to it and its name like any bucket's.
   */
  standbyReplica?: { bucketNamePrefix: string };
  /** S3 server access logs into the stack's access-log bucket, under this prefix (`logs/s3/<key>/`); absent for a standby's replica. */
  accessLogs?: { prefix: string };
  /** Its events sent to EventBridge (the default bus), where the rules of the functions it triggers match them; absent: not sent. */
  eventBridge?: true;
}

/**
 * S3 replication of a bucket into its replica in the secondary region: one rule over every object,
 * delete markers included. The replica is versioned (S3 requires it on both buckets), encrypted,
 * retained and tagged like its source, private and TLS-only.
 *
 * The replica's name is `${replicaBucketPrefix}-${account id}`: the design fixes the prefix (at most
 * 50 characters, so the name stays within S3's 63), and each renderer appends the ID of the account it
 * deploys to (CDK: the Aws.ACCOUNT_ID token; Pulumi: aws.getCallerIdentityOutput().accountId). The name
 * is then globally unique, and both regions' stacks know it without a cross-region reference.
 */
export interface BucketReplicationDesign {
  /** The secondary region, where the replica lives. */
  region: string;
  /** `<blueprint>-<key>-<region>`, or its first characters and a hash of it when that is longer than 50. */
  replicaBucketPrefix: string;
  /** The rule's ID: `to-<region>`. */
  ruleId: string;
  /**
   * The replica's own lifecycle: the source's tiers and expiry. S3 replicates objects, not lifecycle
   * actions, so without rules of its own the replica would keep forever what the source expires.
   */
  lifecycle?: BucketDesign['lifecycle'];
  /** The replica's S3 server access logs, into the disaster-recovery stack's access-log bucket (SecondaryRegionDesign.accessLogs). */
  accessLogs?: { prefix: string };
  /** Storage class of the replicas. */
  storageClass: 'STANDARD';
  /** Deletes (delete markers) are replicated, so the replica shows what the source shows; its versions keep what was deleted. */
  deleteMarkers: true;
  /**
   * What the role S3 assumes to replicate (it trusts s3.amazonaws.com only) may do: each entry's
   * actions (sorted) on the source bucket, the source's objects or the replica's objects; never "*".
   */
  role: { resource: 'source' | 'source-objects' | 'replica-objects'; actions: string[] }[];
}

export interface QueueDesign extends StoreBase {
  kind: 'queue';
  /** Encryption at rest, of the queue and its dead-letter queue: SSE-SQS, or the stack's key. */
  encryption: 'sse-sqs' | 'customer-managed';
  /** With the stack's key: seconds SQS reuses a data key before asking KMS again (fewer KMS requests, lower cost). */
  dataKeyReuseSeconds?: number;
  fifo: boolean;
  retentionSeconds: number;
  visibilityTimeoutSeconds: number;
  deadLetter?: { maxReceives: number; retentionSeconds: number };
}

export interface TopicDesign extends StoreBase {
  kind: 'topic';
  /** Encryption at rest with this KMS key alias (the AWS-managed SNS key), or the stack's key. */
  encryption: { kmsKeyAlias: 'alias/aws/sns' } | 'customer-managed';
  fifo: boolean;
}

export interface TableDesign extends StoreBase {
  kind: 'table';
  /** Encryption at rest with the AWS-managed DynamoDB KMS key, or the stack's key. */
  encryption: 'aws-managed-kms' | 'customer-managed';
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Pay per request, or provisioned capacity that autoscaling moves (the table's own; each index has its own below). */
  billing: TableBilling;
  /** Sorted by name. capacity: present exactly when the table is provisioned (an index then has throughput of its own). */
  indexes: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; projection: 'all' | 'keys-only'; capacity?: ProvisionedCapacity }[];
  ttlAttribute?: string;
  /** A replicated table's is new-and-old-images (DynamoDB replicates through it). */
  stream?: 'keys-only' | 'new-image' | 'old-image' | 'new-and-old-images';
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
  /**
   * The regions of the table's replicas (replicate_to_secondary: the secondary region), sorted; empty
   * when the table is not replicated. Replicated, the table is a global table (version 2019.11.21): one
   * resource in the primary region's stack that creates and manages every replica.
   */
  replicaRegions: string[];
  /** How each replica is kept: present exactly when replicaRegions is not empty. */
  replica?: TableReplicaDesign;
  /**
   * The table's name (TableName), fixed when the table is replicated, so that the standby in the
   * secondary region can reach its replica by name: `<blueprint>-<key>`. Absent: the backend names it.
   */
  tableName?: string;
  /**
   * Standby designs only: the table is not created by this stack; it is the replica, in this region, of
   * the primary's global table (created and managed by the primary's table resource), named tableName.
   */
  standbyReplica?: { tableName: string };
}

/** What every replica of a global table has, as the table itself does; the renderers copy it per replica. */
export interface TableReplicaDesign {
  pointInTimeRecovery: true;
  deletionProtection: boolean;
  /** The AWS-managed DynamoDB key (aws/dynamodb) of the replica's own region. */
  encryption: 'aws-managed-kms';
}

export type TableBilling = { mode: 'on-demand' } | ({ mode: 'provisioned' } & ProvisionedCapacity);

/** A provisioned table's or index's read and write capacity, each scaled on its own. */
export interface ProvisionedCapacity {
  read: CapacityDesign;
  write: CapacityDesign;
}

/**
 * Capacity units of one kind (read or write) and the Application Auto Scaling target tracking
 * (DynamoDBReadCapacityUtilization / DynamoDBWriteCapacityUtilization) that keeps them near a target.
 */
export interface CapacityDesign {
  /** Units the table or index is created with (its ProvisionedThroughput); autoscaling moves them after that. */
  initial: number;
  /** The scalable target's bounds. */
  min: number;
  max: number;
  /** Consumed units as a percent of provisioned ones that the policy aims at. */
  targetUtilizationPercent: number;
  scaleInCooldownSeconds: number;
  scaleOutCooldownSeconds: number;
}

/** Stores that live in the VPC: reached over the network on their port, from their clients' security groups only. */
interface NetworkStore {
  port: number;
  /** Isolated subnets: no route to or from the internet. */
  subnets: 'isolated';
  /** Tasks (service and job keys) that may connect: one security-group ingress rule on the port from each, sorted. */
  clients: string[];
}

/** An RDS instance, or an Aurora cluster of a writer and readers (provisioned or Serverless v2). */
export interface DatabaseDesign extends StoreBase, NetworkStore {
  kind: 'database';
  engine: 'postgres' | 'mysql' | 'aurora-postgresql' | 'aurora-mysql';
  /** cluster: Aurora (AWS::RDS::DBCluster and its instances); instance: one AWS::RDS::DBInstance. */
  topology: 'instance' | 'cluster';
  /** Full engine version, pinned. */
  engineVersion: string;
  /** Class of every instance; db.serverless for Aurora Serverless v2. */
  instanceClass: string;
  /** Serverless v2 capacity, and the class provisioned instances would get (what its saving is measured against). */
  serverless?: { minAcu: number; maxAcu: number; insteadOf: string };
  /** Aurora reader instances besides the writer (0 for an RDS instance). */
  readers: number;
  /** RDS instance only: a synchronous standby in another AZ (Aurora spreads its instances instead). */
  multiAz: boolean;
  /** RDS instance only: gp3 storage, grown automatically up to maxAllocatedGb. */
  storage?: { allocatedGb: number; maxAllocatedGb: number; type: 'gp3' };
  databaseName: string;
  /** The admin user. */
  username: string;
  /** Where the admin password comes from: see DatabaseCredentials. */
  credentials: DatabaseCredentials;
  /**
   * An Aurora global database (pilot-light, warm-standby): the primary design's cluster is the primary
   * of a global cluster (AWS::RDS::GlobalCluster created from it, SourceDBClusterIdentifier), and the
   * standby design's is its secondary cluster (GlobalClusterIdentifier; no master user of its own: the
   * data, users included, is replicated). Absent for a database of one region.
   */
  global?: GlobalDatabaseDesign;
  /**
   * A secondary cluster with no instances (pilot-light): storage is replicated, nothing runs; failing
   * over adds an instance. The writer and readers fields then describe nothing.
   */
  headless?: true;
  iamAuth: boolean;
  performanceInsights: { enabled: boolean; retentionDays: number };
  /** Automated backups: point-in-time recovery to any second within this many days (the latest about 5 minutes back). */
  backupRetentionDays: number;
  /** Storage (and Performance Insights, and an RDS-managed secret) encrypted with the AWS-managed RDS key (aws/rds), or the stack's key. */
  encryption: 'aws-managed-kms' | 'customer-managed';
  /**
   * The database's own parameter group (Aurora: a DB cluster parameter group; an RDS instance: a DB parameter
   * group) of this family: the engine's defaults except these parameters. Connections without TLS are refused.
   */
  parameterGroup: { family: string; parameters: Record<string, string> };
  /** Log types exported to CloudWatch Logs (compliance profiles: every type the engine has), sorted; empty: none. */
  logExports: string[];
  /** Enhanced monitoring (compliance profiles): OS metrics every intervalSeconds, through a role RDS assumes with AWS's policy for it. */
  monitoring?: { intervalSeconds: 60; roleManagedPolicy: 'service-role/AmazonRDSEnhancedMonitoringRole' };
  /**
   * The key named explicitly, by alias: a cross-region secondary cluster of an encrypted global database
   * must name one of its own region (that region's aws/rds). Absent, RDS uses the region's default key.
   */
  kmsKeyAlias?: 'alias/aws/rds';
  deletionProtection: boolean;
  /** On stack deletion or replacement, a final snapshot is taken (DeletionPolicy/UpdateReplacePolicy Snapshot; Pulumi final snapshot). */
  snapshotOnDelete: boolean;
  /**
   * Off: the version is pinned, so an upgrade is a reviewed change of the output, never drift
   * (an automatic upgrade would leave the template or Pulumi state behind the database).
   */
  autoMinorVersionUpgrade: boolean;
}

/** An ElastiCache replication group (Redis OSS or Valkey). */
/**
 * The admin password:
 * - rds-managed: RDS creates it, keeps it in Secrets Manager and rotates it itself (rotationDays: RDS's own
 *   schedule, stated, not rendered: neither CloudFormation nor Pulumi sets it). The default; RDS refuses it
 *   for a cluster of a global database.
 * - generated: a secret Blueprint creates (GenerateSecretString: a JSON {username, password} of
 *   passwordLength characters without excludeCharacters), replicated into replicaRegions (the standby
 *   reads its replica), attached to the database (which fills in engine, host, port and dbname for the
 *   rotation function) and rotated every rotation.days days by Secrets Manager's hosted single-user
 *   rotation function for the engine. The function runs in the database's VPC, in rotation.subnets, and
 *   connects on the database's port (a security-group rule of its own); it reaches the Secrets Manager
 *   API through NAT.
 * - replica: a standby's secondary cluster has no password of its own: its clients read secretName's
 *   replica in the standby's region (the primary's generated secret).
 */
export type DatabaseCredentials =
  | { source: 'rds-managed'; rotationDays: number }
  | {
      source: 'generated';
      /** The secret's name, fixed (`<blueprint>/<key>/admin`) so the standby finds its replica. */
      secretName: string;
      replicaRegions: string[];
      passwordLength: number;
      excludeCharacters: string;
      rotation: { days: number; function: 'postgresql-single-user' | 'mysql-single-user'; subnets: 'private' };
    }
  | { source: 'replica'; secretName: string; primaryRegion: string };

export interface GlobalDatabaseDesign {
  /** The global cluster's identifier (`<blueprint>-<key>`), which the standby's secondary cluster joins. */
  identifier: string;
  role: 'primary' | 'secondary';
  primaryRegion: string;
  secondaryRegion: string;
}

export interface CacheDesign extends StoreBase, NetworkStore {
  kind: 'cache';
  engine: 'redis' | 'valkey';
  engineVersion: string;
  /** The engine's default parameter group for the version and mode, e.g. default.valkey8 or default.valkey8.cluster.on. */
  parameterGroup: string;
  nodeType: string;
  clusterMode: boolean;
  /** Node groups: 1 without cluster mode. */
  shards: number;
  replicasPerShard: number;
  /** A replica is promoted when the primary fails; needs at least one replica. */
  automaticFailover: boolean;
  multiAz: boolean;
  transitEncryption: true;
  atRestEncryption: true;
  /** The key at rest: ElastiCache's default, or the stack's key (which then encrypts the AUTH token's secret too). */
  encryption: 'aws-managed' | 'customer-managed';
  /** Off, as for databases: the version is pinned, so an upgrade is a reviewed change, never drift. */
  autoMinorVersionUpgrade: boolean;
  /** AUTH token: a generated secret in Secrets Manager, letters and digits only (ElastiCache refuses some punctuation). */
  authToken: { length: number };
  snapshotRetentionDays: number;
  snapshotOnDelete: boolean;
  /** The store it speeds up: that store's users are its clients too. */
  inFrontOf?: string;
}

export type StoreDesign = BucketDesign | QueueDesign | TopicDesign | TableDesign | DatabaseDesign | CacheDesign;

export interface AccessDesign {
  store: string;
  kind: StoreDesign['kind'];
  mode: 'read' | 'read-write';
  /** IAM actions, sorted. */
  actions: string[];
  /**
   * What they apply to: the store itself, its objects ("/*", buckets), its indexes ("/index/*", tables),
   * or its admin database user ("dbuser", IAM database authentication); never "*".
   */
  resources: ('' | '/*' | '/index/*' | 'dbuser')[];
}

export interface ConnectionDesign {
  /** Environment variable name, e.g. REPORTS_BUCKET. */
  variable: string;
  store: string;
  /**
   * What the variable holds: the bucket or table name, the queue URL, the topic ARN, a database's or
   * cache's endpoint address (host), or an Aurora cluster's reader endpoint address (reader-host).
   */
  attribute: 'name' | 'url' | 'arn' | 'host' | 'reader-host';
}

/** A secret injected into the task from Secrets Manager (ECS secrets: never a plain environment variable). */
export interface SecretRefDesign {
  /** Environment variable name, e.g. ORDERS_PASSWORD. */
  variable: string;
  store: string;
  /** The JSON key inside the secret (RDS's secret holds username and password); none: the whole secret (a cache's AUTH token). */
  field?: 'username' | 'password';
}

/** What any Fargate task of the blueprint is made of: a service's or a scheduled job's. */
export interface TaskDesign {
  /** The blueprint key: the log stream prefix, and part of every name. */
  key: string;
  /**
   * What the task is sized for (src/design/sizing.ts), written as tags on the ECS service (a job: on its task
   * definition, a schedule takes no tags): an HTTP service's peak-rps, a worker's peak-messages-per-second (the
   * rate into its queue), the rate one task handles at its scaling target (rps-per-task: requests or messages a
   * second), egress-gb-month when declared.
   */
  sizing: Sizing;
  container: { name: string };
  image: string;
  cpu: number;
  memory: number;
  arch: 'arm64' | 'x86_64';
  environment: Record<string, string>;
  /** IAM permissions on data stores, one entry per `uses` edge to a store, sorted by store. */
  access: AccessDesign[];
  /** Connection details injected as environment variables, resolved by each renderer. */
  connections: ConnectionDesign[];
  /** Credentials injected from Secrets Manager, sorted by variable; the execution role may read exactly these secrets. */
  secrets: SecretRefDesign[];
  logRetentionDays: number;
  /**
   * Actions on the stack's key (SecurityDesign.key), sorted: the task role's, for the SSE-KMS objects and
   * messages of the stores it uses (kms:Decrypt to read; kms:GenerateDataKey too to write), and the
   * execution role's (kms:Decrypt, for its secrets). Empty without a customer-managed key.
   */
  keyActions: { task: string[]; execution: string[] };
}

/** A task that EventBridge Scheduler runs on a schedule: no service, no address, no scaling. */
export interface JobDesign extends TaskDesign {
  subnets: SubnetTier;
  assignPublicIp: boolean;
  schedule: {
    expression: string;
    timezone: 'UTC';
    /** Run at the scheduled time, not within a window. */
    flexibleWindow: 'OFF';
    /** Retries when the task cannot be started, and how long an attempt may wait. */
    maximumRetries: number;
    maximumEventAgeSeconds: number;
    /** ENABLED, or DISABLED in a standby (the job would otherwise run in both regions); failing over enables it. */
    state: 'ENABLED' | 'DISABLED';
    /**
     * The EventBridge Scheduler schedule group the schedule is in: one per stack, named after it (the design's
     * name), created by the stack. Scheduler reports its metrics per group (ScheduleGroup), not per schedule.
     */
    group: string;
  };
  /** How a failed run is seen: an EventBridge rule on this job's stopped tasks (see FailedRunsDesign). */
  failedRuns: FailedRunsDesign;
}

/** How the system survives losing data (backups) and losing its region (disaster recovery). */
export interface ResilienceDesign {
  dr: {
    strategy: 'none' | 'backup-restore' | 'pilot-light' | 'warm-standby' | 'multi-site';
    /** Where the system recovers to; absent for none. */
    secondaryRegion?: string;
  };
  /** An AWS Backup plan over the stateful stores; absent when there is none. */
  backup?: BackupDesign;
  /**
   * What lives in the secondary region: the vault backups are copied into and the replicas of
   * buckets. Absent when nothing does. Present, it is a second CDK stack (`<name>-dr`, deployed
   * before the primary one) and a second Pulumi provider ("aws-recovery").
   */
  secondary?: SecondaryRegionDesign;
}

export interface SecondaryRegionDesign {
  region: string;
  /** The vault backups are copied into (backup.rule.copyTo.vaultName), when there is a copy. */
  recoveryVault?: string;
  /**
   * Keys of the buckets whose replicas live there (their replication), sorted. A global table's replica
   * is not listed: the table's own resource in the primary region creates and manages it, so the
   * disaster-recovery stack and the recovery provider have nothing to deploy for it.
   */
  replicas: string[];
  /** The disaster-recovery stack's own access-log bucket, in its region, for the replicas' server access logs; absent without replicas. */
  accessLogs?: AccessLogsDesign;
}

export interface BackupDesign {
  /** The vault in the primary region, encrypted with the AWS-managed Backup key (aws/backup); kept when the stack is deleted. */
  vaultName: string;
  planName: string;
  rule: {
    name: 'hourly' | 'daily';
    /** Cron expression, in timezone. */
    schedule: string;
    timezone: 'Etc/UTC';
    startWindowMinutes: number;
    completionWindowMinutes: number;
    deleteAfterDays: number;
    /** A copy of every recovery point in a vault of the secondary region (backup-restore). */
    copyTo?: { region: string; vaultName: string; deleteAfterDays: number };
  };
  /** The plan's one selection: its name, and the keys of the stores it selects (buckets, tables, databases), sorted. */
  selectionName: string;
  stores: string[];
  /** The role AWS Backup assumes, with AWS's service-role policies for it (names under arn:aws:iam::aws:policy/service-role/), sorted. */
  roleManagedPolicies: string[];
}

/**
 * A rule-pack (cdk-nag) finding the design accepts. It is made by the code that took the decision (never a
 * blanket list), names one resource and, for rules with a finding per item, one finding, and says why for
 * that resource. CDK acknowledges it on the construct it renders for `on`; `blueprint plan` lists it.
 */
export interface AcknowledgementDesign {
  /** The rule, e.g. AwsSolutions-EC23. */
  rule: string;
  on: AcknowledgedResource;
  /** For a rule with one finding per item (IAM4, IAM5): the item, in design terms. */
  finding?: AcknowledgedFinding;
  reason: string;
}

export type AcknowledgedResource =
  /** The public load balancer's security group, or the load balancer. */
  | { kind: 'load-balancer-security-group' }
  | { kind: 'load-balancer' }
  /** A service's or job's task definition, or its task role. */
  | { kind: 'task-definition'; task: string }
  | { kind: 'task-role'; task: string }
  /** A function's execution role (its policy), or the function itself. */
  | { kind: 'function-role'; fn: string }
  | { kind: 'function'; fn: string }
  /** One route of an API, by its route key. */
  | { kind: 'api-route'; api: string; route: string }
  /** One method of a REST API, by its route key; a REST API's stage; API Gateway's account-wide CloudWatch role. */
  | { kind: 'rest-api-method'; api: string; route: string }
  | { kind: 'rest-api-stage'; api: string }
  | { kind: 'rest-api-account-role' }
  /** The policy of the role AppSync assumes to write a GraphQL API's logs, or to reach one of its data sources. */
  | { kind: 'graphql-logs-policy'; api: string }
  | { kind: 'graphql-data-source-policy'; api: string; dataSource: string }
  /** The user pool of a GraphQL API with auth: cognito, by the API's key. */
  | { kind: 'user-pool'; pool: string }
  /** The policy of the role EventBridge Scheduler assumes to invoke a scheduled function. */
  | { kind: 'function-scheduler-policy'; fn: string }
  /** The role S3 assumes to replicate a bucket. */
  | { kind: 'replication-role'; store: string }
  /** The role AWS Backup assumes. */
  | { kind: 'backup-role' }
  | { kind: 'database'; store: string }
  | { kind: 'queue'; store: string }
  /** A cache's replication group. */
  | { kind: 'cache'; store: string }
  /** A cache's AUTH token secret. */
  | { kind: 'cache-auth-token'; store: string }
  /** In a standby: the function that looks up the complete ARN of a replicated secret at deploy time. */
  | { kind: 'secret-lookup-function' }
  /** The access-log bucket of this stack, or of its disaster-recovery stack (`<name>-dr`). */
  | { kind: 'access-log-bucket'; stack: 'own' | 'disaster-recovery' }
  /** The role AWS Config's recorder assumes (security.audit.config). */
  | { kind: 'config-role' }
  /** A public subnet (its route table's default route), by its AZ's index in availabilityZones. */
  | { kind: 'public-subnet'; index: number }
  /** The port-80 listener that redirects to HTTPS. */
  | { kind: 'redirect-listener' }
  /** The role VPC flow logs assume to write their log group. */
  | { kind: 'flow-log-role' }
  /** The role CloudTrail assumes to write the trail's log group. */
  | { kind: 'trail-role' }
  /** An HTTP API's CloudFront distribution (apis.<key>.cdn). */
  | { kind: 'api-distribution'; api: string }
  /** A static site's bucket, or its distribution. */
  | { kind: 'site-bucket'; site: string }
  | { kind: 'site-distribution'; site: string }
  /** The load balancer's CloudFront distribution (load_balancing.public.cdn). */
  | { kind: 'lb-distribution' }
  /** The stack's one function that unpacks the sites' files into their buckets (CDK's BucketDeployment handler), and its role. */
  | { kind: 'site-upload-handler' }
  /** A data bucket, or the audit-log bucket. */
  | { kind: 'bucket'; store: string }
  | { kind: 'audit-bucket' }
  /** The policy of the role EventBridge Scheduler assumes to start a job's task. */
  | { kind: 'scheduler-policy'; task: string }
  /** The role RDS assumes for a database's enhanced monitoring. */
  | { kind: 'monitoring-role'; store: string };

export type AcknowledgedFinding =
  /** An IAM resource that ends in a wildcard below one store: its objects (/*), its indexes (/index/*), or a replica bucket's objects. */
  | { kind: 'store-resource'; store: string; suffix: '/*' | '/index/*'; replica?: true }
  /** Actions that name no resource, granted on "*" (X-Ray's trace uploads, Lambda's network interfaces in a VPC). */
  | { kind: 'any-resource' }
  /** An AWS managed policy, by its name under arn:aws:iam::aws:policy/ (e.g. service-role/AWSBackupServiceRolePolicyForBackup). */
  | { kind: 'managed-policy'; name: string }
  /** Every log group of the stack's account and region (API Gateway's account-wide CloudWatch role). */
  | { kind: 'account-log-groups' }
  /** The objects AWS Config delivers into the audit-log bucket: <prefix>/AWSLogs/<account>/*. */
  | { kind: 'audit-bucket-objects'; prefix: string }
  /** A wildcard action (e.g. s3:GetObject*). */
  | { kind: 'action'; action: string }
  /** A static site's objects (its bucket's ARN/*). */
  | { kind: 'site-objects'; site: string }
  /** The objects of the CDK bootstrap's asset bucket in the stack's region (cdk-hnb659fds-assets-<account>-<region>/*). */
  | { kind: 'asset-objects' };

/**
 * security.audit: the account-level audit services the blueprint switches on (each off unless written true).
 * Only in the primary design: a standby gets no second trail, detector, hub or recorder. The trail and the
 * configuration recorder deliver into one audit-log bucket (`bucket`), present when either is on.
 */
export interface AuditDesign {
  /** A multi-region CloudTrail trail, into `bucket` (its root: AWSLogs/<account>/CloudTrail/) and a CloudWatch log group. */
  trail?: {
    /** `<blueprint>-audit`: the bucket policy scopes CloudTrail's writes to this trail by its ARN (aws:SourceArn). */
    name: string;
    multiRegion: true;
    includeGlobalServiceEvents: true;
    logFileValidation: true;
    /** Management events, read and write; no data events. */
    readWriteType: 'All';
    /** The log group's retention (the stack's); the role CloudTrail assumes may write only to that log group. */
    logGroup: { retentionDays: number };
  };
  /** A GuardDuty detector, enabled, with its foundational data sources only (no protection plans). */
  guardDuty?: { enabled: true; findingPublishingFrequency: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS' };
  /** Security Hub, its default standards off, these standards (ARN paths under arn:<partition>:securityhub:<region>::) subscribed. */
  securityHub?: { standards: string[]; autoEnableControls: true };
  /** An AWS Config recorder and delivery channel into `bucket` under `prefix`. */
  config?: {
    /** `<blueprint>-config`: the recorder's and the delivery channel's name. */
    name: string;
    allSupported: true;
    includeGlobalResourceTypes: boolean;
    prefix: string;
    /** AWS managed policies of the role the recorder assumes (names under arn:aws:iam::aws:policy/). */
    roleManagedPolicies: string[];
  };
  /** The audit-log bucket, when the trail or the recorder is on. */
  bucket?: AuditBucketDesign;
}

/**
 * The audit-log bucket: SSE-S3, all public access blocked, TLS-only, versioned, BucketOwnerEnforced, objects
 * (and noncurrent versions) expire after expireAfterDays, retained. Its bucket policy lets CloudTrail (this
 * trail only: aws:SourceArn) read its ACL and write under AWSLogs/<account>/ with bucket-owner-full-control,
 * and AWS Config's role writes under the config prefix. Its server access logs go to the stack's access-log
 * bucket. Not a data store: tagged {"blueprint:logs": "audit-logs"}.
 */
export interface AuditBucketDesign {
  key: 'audit-logs';
  tags: Record<string, string>;
  /** SSE-S3, or SSE-KMS with the stack's key (which then lets AWS Config's role use it). */
  encryption: 'sse-s3' | 'customer-managed';
  versioned: true;
  /**
   * ACLs disabled (BucketOwnerEnforced), unless a CloudFront distribution logs into it: CloudFront's standard
   * logs are delivered by an ACL grant, so ACLs are enabled with the bucket owning every object (BucketOwnerPreferred).
   */
  objectOwnership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  expireAfterDays: number;
  retain: true;
  /** Into the stack's access-log bucket (Design.accessLogs), under this prefix. */
  accessLogs?: { prefix: string };
}

/**
 * A static site's files (design/site-files.ts): every file of its source directory, sorted by path, with the content
 * type and Cache-Control it is uploaded with; grouped by those two headers (CDK uploads a group with one
 * BucketDeployment). Nothing is pruned or invalidated.
 */
export interface SiteFilesDesign {
  /** The directory, from the working directory. */
  source: string;
  files: { path: string; size: number; sha256: string; contentType: string; cacheControl: string }[];
  /** siteFilesDigest of the files: the CDK asset's custom hash, recomputed from Pulumi's objects. */
  digest: string;
  /** Files of the same content type and Cache-Control, sorted by id (e.g. TextHtmlNoCache). */
  groups: { id: string; contentType: string; cacheControl: string; paths: string[] }[];
  prune: false;
  invalidation: 'none';
}

/**
 * A static site (kind: static-site): its built files in a private bucket, served only through its CloudFront
 * distribution, which signs every request to the bucket (Origin Access Control, sigv4, always) and which the
 * bucket policy alone admits (s3:GetObject, aws:SourceArn the distribution). Tagged blueprint:site: <key>.
 */
export interface SiteDesign {
  key: string;
  tags: Record<string, string>;
  /** The built files uploaded into the bucket (services.<key>.source); absent without a source. */
  files?: SiteFilesDesign;
  /** SSE-S3, all public access blocked, TLS-only, ACLs disabled (BucketOwnerEnforced), versioned; noncurrent versions expire. */
  bucket: {
    encryption: 'sse-s3';
    versioned: true;
    objectOwnership: 'BucketOwnerEnforced';
    noncurrentExpireAfterDays: number;
    retain: true;
    /** S3 server access logs into the stack's access-log bucket (Design.accessLogs), under `logs/s3/<key>/`. */
    accessLogs: { prefix: string };
  };
  /** `<blueprint>-<key>` (at most 64 characters). */
  originAccessControl: { name: string; signing: 'always'; protocol: 'sigv4'; originType: 's3' };
  distribution: {
    comment: string;
    defaultRootObject: 'index.html';
    httpVersion: 'http2and3';
    ipv6: true;
    priceClass: 'PriceClass_100' | 'PriceClass_All';
    viewerProtocolPolicy: 'redirect-to-https';
    allowedMethods: ['GET', 'HEAD'];
    compress: true;
    /** The managed CachingOptimized cache policy. */
    cachePolicyId: string;
    /** The site's domain as the distribution's one alternate domain name; absent for the *.cloudfront.net name only. */
    domain?: string;
    /** With a domain: the written certificate (us-east-1), or one the stack requests (DNS validation), served by SNI with TLS 1.2 at least. */
    certificate?: { arn?: string; request?: { domain: string; validation: 'dns'; validationZone?: ZoneRef }; minimumProtocolVersion: 'TLSv1.2_2021'; sslSupportMethod: 'sni-only' };
    /** SPA: 403 and 404 from the bucket answered with /index.html and 200, not cached. */
    errorResponses: { errorCode: 403 | 404; responseCode: 200; responsePagePath: '/index.html'; ttlSeconds: 0 }[];
    /** Standard access logs into the stack's access-log bucket (Design.accessLogs), under this prefix, cookies left out (set by withAccessLogs). */
    accessLogs?: { prefix: string };
  };
  /** The response headers policy, `<blueprint>-<key>-headers`: security headers, each overriding the origin's. */
  headers: {
    name: string;
    hsts: { maxAgeSeconds: number; includeSubdomains: true; preload: true };
    contentTypeOptions: true;
    frameOptions: 'DENY';
    referrerPolicy: 'strict-origin-when-cross-origin';
    contentSecurityPolicy: string;
  };
}
