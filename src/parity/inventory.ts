import type { Sizing } from '../design/sizing';

/*
 * The capability inventory: what a stack provides, in backend-neutral terms,
 * read back from what each backend actually emitted (a CloudFormation
 * template, a Pulumi mock run). Two backends render the same design exactly
 * when their inventories are deep-equal. Every list is sorted and every value
 * plain JSON, so that equality and diffs are meaningful.
 *
 * References between resources are named by what they point at, never by
 * logical ID or URN: "load-balancer", "target-group:web", "service:web",
 * "topic", "namespace", "queue:jobs", "scaling-policy:worker/queue-depth", "function:thumbnail".
 * The stack's customer-managed KMS key (security.key) is "key" wherever it is
 * referenced (its ARN, id or alias: an encryption setting, a permission's resource).
 */
export interface Inventory {
  /** Tags every taggable resource carries (the design's tags); CDK puts them on each resource, Pulumi on its provider. */
  tags: Record<string, string>;
  network: NetworkInventory;
  loadBalancers: LoadBalancerInventory[];
  targetGroups: TargetGroupInventory[];
  services: ServiceInventory[];
  alarms: AlarmInventory[];
  dashboards: DashboardInventory[];
  topics: TopicInventory[];
  logGroups: LogGroupInventory[];
  buckets: BucketInventory[];
  queues: QueueInventory[];
  tables: TableInventory[];
  databases: DatabaseInventory[];
  caches: CacheInventory[];
  jobs: JobInventory[];
  /** The blueprint's Lambda functions (services.<key>.kind: function), sorted by key. */
  functions: FunctionInventory[];
  /** The blueprint's API Gateway HTTP APIs (apis.<key>), sorted by key. */
  apis: ApiInventory[];
  /** The blueprint's AppSync GraphQL APIs (apis.<key>.kind: graphql), sorted by key. */
  graphqlApis: GraphqlApiInventory[];
  /** The blueprint's API Gateway REST APIs (apis.<key>.kind: rest), sorted by key. */
  restApis: RestApiInventory[];
  /** API Gateway's account-wide CloudWatch role, which REST APIs log through; null without one. */
  restApiAccount: RestApiAccountInventory | null;
  /** The Cognito user pools of GraphQL APIs with auth: cognito, sorted by key. */
  userPools: UserPoolInventory[];
  /** Route 53 records and health checks the stack writes (network.dns); null when it writes none. */
  dns: DnsInventory | null;
  /** The blueprint's static sites (services.<key>.kind: static-site), sorted by key. */
  sites: SiteInventory[];
  /** The AWS Backup plan over the stateful stores, or null for none. */
  backup: BackupInventory | null;
  /** WAFv2 web ACLs, sorted by name. */
  webAcls: WebAclInventory[];
  /** security.audit: the trail, detector, hub and recorder; null when none is on. */
  audit: AuditInventory | null;
  /** The ECS cluster's Container Insights setting: enabled, enhanced, or disabled (no setting); null without a cluster. */
  containerInsights: string | null;
  /**
   * The capacity providers associated with the ECS cluster (AWS::ECS::ClusterCapacityProviderAssociations; Pulumi
   * aws.ecs.ClusterCapacityProviders), sorted: FARGATE, FARGATE_SPOT; [] without an association, null without a
   * cluster. A default capacity provider strategy, another provider or a second association throws.
   */
  capacityProviders: string[] | null;
  /** The stack's customer-managed KMS key (security.key), referenced elsewhere as "key"; null without one. */
  key: KeyInventory | null;
  /** The monthly cost budget (cost.budget_usd_month); null without one. */
  budget: BudgetInventory | null;
  /**
   * The standby in the secondary region (pilot-light, warm-standby): the CDK stack `<name>-standby`, or
   * the Pulumi resources under the BlueprintStack component `<name>-standby`, read as an inventory of
   * its own (whose standby is null). Stores it reaches but does not create are named as in the primary
   * region: a replicated bucket's replica "bucket:<key>/replica", a global table's replica "table:<key>",
   * the replica of a database's generated secret "secret:database:<key>". null without a standby.
   */
  standby: Inventory | null;
}

/**
 * An AWS Budgets cost budget (AWS::Budgets::Budget; Pulumi aws.budgets.Budget): its name, limit in USD, time
 * unit, cost filters ("TagKeyValue=user:blueprint$shop", sorted) and notifications, sorted, as
 * "<ACTUAL|FORECASTED> > <threshold>%: <email>, ..." (subscribers sorted). Other budget types, units,
 * threshold types, operators or subscriber types throw.
 */
export interface BudgetInventory {
  name: string;
  limitUsd: number;
  timeUnit: string;
  costFilters: string[];
  notifications: string[];
}

/**
 * The stack's customer-managed KMS key: symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT; any other spec or
 * usage throws), its alias, rotation, deletion window, whether it outlives the stack, and the AWS services
 * its key policy lets use it. The key policy must allow the account's root (arn:<partition>:iam::<account>:root)
 * kms:* on *; every other statement must allow one of the services below, or be a grant to IAM identities of
 * the stack's own account: the account's root with other actions or conditions, or a role of the stack (what
 * aws-cdk-lib adds when it grants a secret encrypted with the key, e.g. kms:ViaService secretsmanager). Those
 * grants are not services and are not recorded here (a role's use of the key is in its task's permissions or
 * executionPermissions, "key"). Any other principal (another account's, a role not of the stack), a Deny, an
 * unknown service, or a service statement with other actions, resources or conditions than the design's throws.
 */
export interface KeyInventory {
  /** The alias (AWS::KMS::Alias; Pulumi aws.kms.Alias) that targets it: "alias/<blueprint>". Exactly one. */
  alias: string;
  /** Automatic rotation (EnableKeyRotation; AWS's default: off). */
  rotation: boolean;
  /** Days between rotations (RotationPeriodInDays; AWS's default when absent: 365). */
  rotationPeriodDays: number;
  /** Days a scheduled deletion waits (PendingWindowInDays; AWS's default when absent: 30). */
  pendingWindowDays: number;
  /** Kept when the stack is deleted or the key replaced (DeletionPolicy/UpdateReplacePolicy Retain; Pulumi retainOnDelete). */
  retain: boolean;
  /**
   * The services its key policy allows, by short name, sorted: "cloudtrail" (cloudtrail.amazonaws.com:
   * kms:GenerateDataKey* for trails of this account, and kms:DescribeKey), "cloudwatch"
   * (cloudwatch.amazonaws.com: kms:Decrypt, kms:GenerateDataKey*), "logs" (logs.<region>.amazonaws.com:
   * kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* for log groups of this
   * account and region).
   */
  services: string[];
}

export interface NetworkInventory {
  vpcCidr: string;
  /** VPC DNS resolution and hostnames: Service Connect and image pulls need both. */
  dnsSupport: boolean;
  dnsHostnames: boolean;
  /** Sorted AZ names. */
  azs: string[];
  /** One entry per subnet, sorted by tier then AZ. tier: public (route to an internet gateway), private (route to a NAT gateway), isolated (no default route). */
  subnets: { tier: 'public' | 'private' | 'isolated'; az: string; cidr: string; mapPublicIp: boolean }[];
  /** AZ of each NAT gateway, sorted (one per AZ for per-az, one for single). */
  natGateways: string[];
  internetGateway: boolean;
  /** Private subnet AZ -> AZ of the NAT gateway its default route uses, sorted by subnet AZ. */
  privateRoutes: { az: string; natAz: string }[];
  flowLogs: { trafficType: string; destination: 'cloud-watch-logs'; retentionDays: number }[];
  /**
   * Gateway VPC endpoints, sorted by service ("s3", "dynamodb": the last part of the service name), each
   * with the route tables it is on as "tier:az", sorted. Endpoint policies throw.
   */
  gatewayEndpoints: { service: string; routeTables: string[] }[];
  /**
   * Interface VPC endpoints, sorted by service (what follows com.amazonaws.<the stack's region>., e.g.
   * "ecr.api"), each with the subnets it has a network interface in as "tier:az", sorted, and whether private
   * DNS is on (AWS's default when absent: off). Every interface endpoint has the one security group
   * endpointSecurityGroup describes, and nothing else has it; anything else, and endpoint policies, throw.
   */
  interfaceEndpoints: { service: string; subnets: string[]; privateDns: boolean }[];
  /** The interface endpoints' security group ("endpoint:interface"): who may connect, where it may connect to ("10.0.0.0/16:443"); null without interface endpoints. */
  endpointSecurityGroup: { ingress: string[]; egress: string[] } | null;
  /** A Site-to-Site VPN, or null for none. */
  vpn: VpnInventory | null;
  /** The VPC's default security group is stripped of all rules. */
  defaultSecurityGroupRestricted: boolean;
}

/**
 * A Site-to-Site VPN: exactly one customer gateway, one virtual private gateway attached to the VPC and one
 * VPN connection between them (a second of any, a detached gateway or tunnel options set throw).
 */
export interface VpnInventory {
  /** The on-premises device: its address, its BGP ASN (BgpAsn or BgpAsnExtended) and type. */
  customerGateway: { ipAddress: string; bgpAsn: number; type: string };
  /** The Amazon side ASN (AWS's default when absent: 64512) and type. */
  gateway: { amazonSideAsn: number; type: string };
  /** Static routing (AWS's default when absent: off, BGP), and the connection's static routes, sorted. */
  connection: { type: string; staticRoutesOnly: boolean; routes: string[] };
  /** Route tables the gateway propagates its routes into, as the "tier:az" of their subnets, sorted. */
  propagation: string[];
}

export type ListenerAction =
  | { type: 'forward'; targetGroup: string }
  | { type: 'redirect'; protocol: string; port: string; statusCode: string }
  | { type: 'fixed-response'; statusCode: string; contentType: string; body: string };

export interface LoadBalancerInventory {
  scheme: 'internet-facing' | 'internal';
  /** Tier of the subnets it spans, and how many. */
  subnets: { tier: string; count: number };
  idleTimeoutSeconds: number;
  dropInvalidHeaderFields: boolean;
  /** deletion_protection.enabled (AWS's default: off). */
  deletionProtection: boolean;
  /** Who may connect, sorted: "0.0.0.0/0:443". */
  ingress: string[];
  /** Where it may connect to, sorted, in the same form ("0.0.0.0/0:all"). */
  egress: string[];
  listeners: {
    port: number;
    protocol: string;
    sslPolicy: string | null;
    /** "requested:shop.example.com" (a DNS-validated ACM certificate; "... validated in <zone id>" when its validation record is written in a zone), "arn:..." (an existing one), or null. */
    certificate: string | null;
    defaultAction: ListenerAction;
    /** Sorted by priority. */
    rules: { priority: number; hostHeaders: string[]; pathPatterns: string[]; action: ListenerAction }[];
  }[];
  /** Access logs (access_logs.s3.*): the bucket ("bucket:access-logs") and prefix, or null when off (AWS's default). */
  accessLogs: AccessLogsInventory | null;
  /**
   * The CloudFront distribution in front of it (load_balancing.public.cdn; tagged blueprint:lb-cdn), its one
   * custom origin the load balancer's DNS name ("load-balancer"), its certificate as a listener's reads; error
   * responses, other origins or behaviors throw. null without one.
   */
  cdn: CustomOriginDistributionInventory | null;
}

/** What every CloudFront distribution of the stack has, a site's or one in front of a custom origin. */
export interface DistributionInventory {
  comment: string;
  httpVersion: string;
  ipv6: boolean;
  priceClass: string;
  /** The web ACL it names (WebACLId), by its name. */
  webAcl: string | null;
  /** Standard logs (Logging; Pulumi loggingConfig): the bucket ("bucket:access-logs") and prefix, cookies left out; null without. */
  accessLogs: AccessLogsInventory | null;
  /** Alternate domain names, sorted. */
  aliases: string[];
  /** The certificate: "requested:<domain>" (the stack's, DNS-validated), the ARN written, or "cloudfront-default"; its minimum protocol and SSL method (null without). */
  certificate: string;
  minimumProtocolVersion: string | null;
  sslSupportMethod: string | null;
}

/** A CloudFront distribution in front of a custom origin (an API's, the load balancer's): what both kinds have. */
export interface CustomOriginDistributionInventory extends DistributionInventory {
  origin: { domain: string; protocolPolicy: string; sslProtocols: string[] };
  behavior: { viewerProtocolPolicy: string; allowedMethods: string[]; cachedMethods: string[]; compress: boolean; cachePolicyId: string; originRequestPolicyId: string | null };
}

/** Where something sends its access logs: a bucket by its inventory name, and the key prefix. */
export interface AccessLogsInventory {
  /** "bucket:access-logs" (the stack's access-log bucket), "bucket:access-logs/dr" (the disaster-recovery stack's). */
  bucket: string;
  prefix: string;
}

export interface TargetGroupInventory {
  /** "target-group:<service>": the service whose tasks register in it. */
  name: string;
  port: number;
  protocol: string;
  targetType: string;
  deregistrationDelaySeconds: number;
  healthCheck: { path: string; intervalSeconds: number; healthyThreshold: number; unhealthyThreshold: number };
}

export interface ServiceInventory {
  /** The blueprint's service key. */
  key: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  /** FARGATE, or null when a capacity provider strategy places the tasks (never both: ECS refuses that). */
  launchType: 'FARGATE' | null;
  /**
   * How the tasks are placed across the cluster's capacity providers (cost.spot_for_workers), sorted by provider:
   * base (AWS's default when absent: 0) and weight (default 0) of each; [] with a launch type. Only FARGATE and
   * FARGATE_SPOT are read, each must be associated with the cluster (capacityProviders), and (CloudFormation) the
   * service must DependsOn the association; anything else throws.
   */
  capacityProviderStrategy: { capacityProvider: string; base: number; weight: number }[];
  cpu: number;
  memory: number;
  architecture: 'ARM64' | 'X86_64';
  image: string;
  /** null when the container maps no port (a queue worker). */
  containerPort: number | null;
  /** The container port's name and application protocol: Service Connect finds the port by this name. */
  portName: string | null;
  appProtocol: string | null;
  /** Sorted NAME=value. */
  environment: string[];
  logRetentionDays: number;
  subnets: { tier: string; count: number };
  assignPublicIp: boolean;
  /** null when autoscaling owns the count. */
  desiredCount: number | null;
  deployment: { circuitBreaker: boolean; rollback: boolean; minHealthyPercent: number; maxPercent: number };
  healthCheckGraceSeconds: number | null;
  targetGroups: string[];
  /** Who may reach the tasks, sorted: "load-balancer:8080", "service:web:8080". */
  ingress: string[];
  /** Where the tasks may connect to, sorted, in the same form. */
  egress: string[];
  serviceConnect: { namespace: string; dnsName: string | null; port: number | null } | null;
  scaling: {
    min: number;
    max: number;
    /** Target-tracking policies, sorted by metric. */
    policies: { metric: string; target: number; scaleInCooldownSeconds: number; scaleOutCooldownSeconds: number; resource: string | null }[];
    /** Step-scaling policies, sorted by name; the alarms that invoke them are in `alarms`, their actions naming them. */
    stepPolicies: StepPolicyInventory[];
  } | null;
  /** IAM roles the task gets. */
  roles: { task: boolean; execution: boolean };
  /**
   * What the task role may do, one entry per policy statement, sorted: actions sorted,
   * resources as symbolic names ("bucket:reports", "bucket:reports/*", "table:orders/index/*", and
   * "key" for the stack's key: TaskDesign.keyActions.task, one statement of its own).
   */
  permissions: { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] }[];
  /** Secrets injected from Secrets Manager, sorted "NAME=database:orders:password", "NAME=cache:sessions" (the whole secret). */
  secrets: string[];
  /**
   * What the execution role may do beyond pulling images and writing logs, same form as permissions
   * (reading the injected secrets: "secret:database:orders", "secret:cache:sessions"; decrypting them
   * with the stack's key, TaskDesign.keyActions.execution: a statement of its own on "key").
   */
  executionPermissions: { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] }[];
}

/**
 * A step-scaling policy. An alarm invokes it (alarmActions "scaling-policy:<service>/<name>"); one that no
 * alarm invokes throws, as it would never scale anything.
 */
export interface StepPolicyInventory {
  /** The policy's name (PolicyName): the design's policy key, e.g. "queue-depth". */
  name: string;
  /** ChangeInCapacity, ExactCapacity or PercentChangeInCapacity. */
  adjustmentType: string;
  /** AWS's default when absent: 300 s. */
  cooldownSeconds: number;
  /** AWS's default when absent: Average. */
  metricAggregation: string;
  minAdjustmentMagnitude: number | null;
  /** Bounds relative to the alarm threshold, null for unbounded; sorted by lower bound (null first), then upper. */
  steps: { lower: number | null; upper: number | null; adjustment: number }[];
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  statistic: string;
  /**
   * Dimension name -> what it points at: "load-balancer", "target-group:web", "cluster", "service:web",
   * "queue:jobs" (QueueName), "id:database:orders" (an Aurora cluster's DBClusterIdentifier, an RDS instance's
   * DBInstanceIdentifier), "id:cache:sessions-001" (CacheClusterId: the member cluster of the replication group
   * `<ID>-<node>`), "table:orders" (TableName), "schedule-group:<name>" (ScheduleGroup), "failed-runs:<job>"
   * (RuleName: the rule of that job's failed runs), "api:orders" (ApiId: an HTTP API's id); Role and Operation are
   * written out ("WRITER", "GetItem").
   */
  dimensions: Record<string, string>;
  periodSeconds: number;
}

export interface AlarmInventory {
  description: string;
  /** A single metric, or a math expression over named metrics. */
  metric: MetricRef | { expression: string; metrics: Record<string, MetricRef> };
  threshold: number;
  comparison: string;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: string;
  /** "topic" for the alarm topic, "scaling-policy:<service>/<policy name>" for a step-scaling policy. */
  alarmActions: string[];
  okActions: string[];
}

export interface DashboardInventory {
  name: string;
  /** In order. */
  widgets: { title: string; metrics: (Omit<MetricRef, 'periodSeconds'> & { label: string | null; periodSeconds: number })[] }[];
}

export interface TopicInventory {
  /** "topic" for the alarm topic, "topic:<key>" for a data store. */
  name: string;
  displayName: string | null;
  fifo: boolean;
  /** A topic policy denies every request not made over TLS. */
  tlsOnly: boolean;
  /** Sorted "email:ops@example.com". */
  subscriptions: string[];
  /** KMS key for encryption at rest: an AWS-managed key by its alias ("alias/aws/sns"), "key" (the stack's), or null for none. */
  kmsKey: string | null;
}

export interface LogGroupInventory {
  /** What the log group is for: "flow-logs", "service:web", "job:nightly", "function:thumbnail", "api:orders" (an API stage's access logs), "trail", "web-acl" (the web ACL's request logs). */
  owner: string;
  retentionDays: number;
  /** "key" when the stack's key encrypts it; null: CloudWatch Logs' own encryption. */
  kmsKey: string | null;
}

/*
 * Data stores are named by the blueprint key each carries in its
 * "blueprint:store" tag (logical IDs and URNs are backend-specific).
 */

/**
 * A bucket: a data store, or the replica of one in the secondary region (the disaster-recovery
 * template; Pulumi's secondary-region provider), which is an entry of its own.
 */
export interface BucketInventory {
  /**
   * "bucket:<key>", or "bucket:<key>/replica" for the replica of bucket:<key>; a stack's access-log bucket
   * (tagged "blueprint:logs": "access-logs", no store tag) is "bucket:access-logs", the disaster-recovery
   * stack's "bucket:access-logs/dr".
   */
  name: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  /** Where it lives: the stack's region for a data store, the secondary region for a replica. */
  region: string;
  versioned: boolean;
  /** Server-side encryption: "AES256" (SSE-S3) or "aws:kms". */
  encryption: string;
  /** With aws:kms, the key: "key" (the stack's), or "aws-managed" (aws/s3, no key named); null for SSE-S3. */
  kmsKey: string | null;
  /** An S3 bucket key (BucketKeyEnabled; AWS's default: off): fewer KMS requests under SSE-KMS. */
  bucketKey: boolean;
  /** All four public-access blocks on. */
  blockPublicAccess: boolean;
  /** A bucket policy denies every request not made over TLS. */
  tlsOnly: boolean;
  /** Sorted by days. */
  transitions: { storageClass: string; days: number }[];
  expireDays: number | null;
  /** Days after which a noncurrent object version expires (NoncurrentVersionExpiration), or null for never. */
  noncurrentExpireDays: number | null;
  /** Kept when the stack is deleted or the bucket replaced. */
  retain: boolean;
  /** S3 replication into a replica, or null for none (a replica replicates nothing). */
  replication: BucketReplicationInventory | null;
  /** Object ownership (OwnershipControls); absent: AWS's default for a new bucket, BucketOwnerEnforced (ACLs disabled). */
  objectOwnership: string;
  /** S3 server access logging into a bucket (LoggingConfiguration; Pulumi: BucketLogging), or null for none. */
  accessLogs: AccessLogsInventory | null;
  /** What its bucket policy allows, besides the TLS-only deny (tlsOnly); sorted. Any other deny throws. */
  grants: BucketGrantInventory[];
  /**
   * Its events sent to EventBridge (NotificationConfiguration.EventBridgeConfiguration; Pulumi aws.s3.BucketNotification
   * with eventbridge); AWS's default: false. Direct notifications to Lambda, SQS or SNS throw.
   */
  eventBridge: boolean;
}

/**
 * One Allow statement of a bucket policy: to a service ("service:logging.s3.amazonaws.com") or an AWS
 * principal ("aws:arn:aws:iam::127311923021:root"); actions sorted; resources as the bucket's name and path
 * ("bucket:access-logs/logs/alb/AWSLogs/${AWS::AccountId}/*"); conditions as "<operator>:<key>=<value>",
 * sorted, a bucket's ARN named as the bucket ("ArnLike:aws:SourceArn=bucket:uploads"), the account as
 * ${AWS::AccountId}. NotAction, NotResource, NotPrincipal and a principal of several kinds throw.
 */
export interface BucketGrantInventory {
  principal: string;
  actions: string[];
  resources: string[];
  conditions: string[];
}

/**
 * One replication rule over every object (a V2 rule: a filter with an empty prefix), enabled; other
 * filters, further rules, replication time control, KMS or ownership settings throw.
 */
export interface BucketReplicationInventory {
  /** The replica, by region and name: "<region>:bucket:<key>/replica". */
  destination: string;
  /** The replicas' storage class; null when absent (AWS keeps the source object's). */
  storageClass: string | null;
  /** Delete markers are replicated (absent: AWS's default for a V2 rule, not). */
  deleteMarkers: boolean;
  /**
   * What the role S3 assumes (it must trust s3.amazonaws.com only) may do, in the form of a service's
   * permissions: "bucket:reports" (the source), "bucket:reports/*" (its objects),
   * "bucket:reports/replica/*" (the replica's objects). The role's inline or managed policies throw.
   */
  rolePermissions: { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] }[];
}

export interface QueueInventory {
  /** "queue:<key>", or "queue:<key>/dead-letter" for its dead-letter queue; "queue:function:<key>/dead-letter" for a function's (FunctionInventory.deadLetter). */
  name: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  fifo: boolean;
  retentionSeconds: number;
  visibilityTimeoutSeconds: number;
  /** "sqs-managed" (SSE-SQS) or a KMS key ("key": the stack's). */
  encryption: string;
  /** With a KMS key, how long SQS reuses a data key (KmsDataKeyReusePeriodSeconds; AWS's default when absent: 300); null without one. */
  dataKeyReuseSeconds: number | null;
  tlsOnly: boolean;
  deadLetter: { queue: string; maxReceives: number } | null;
  retain: boolean;
}

export interface TableInventory {
  /** "table:<key>". */
  name: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  billing: 'PAY_PER_REQUEST' | 'PROVISIONED';
  /** The table's provisioned capacity and its autoscaling; null when billed per request. */
  capacity: TableCapacityInventory | null;
  /** "name:S" (S string, N number, B binary). */
  partitionKey: string;
  sortKey: string | null;
  /** Sorted by name. capacity: the index's own, as the table's (null when billed per request). */
  indexes: { name: string; partitionKey: string; sortKey: string | null; projection: string; capacity: TableCapacityInventory | null }[];
  ttlAttribute: string | null;
  /** Stream view type, or null for no stream. */
  stream: string | null;
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
  /** Encryption at rest: "aws-owned" (DynamoDB's default key), "aws-managed" (the KMS key aws/dynamodb), or a KMS key ("key": the stack's). */
  encryption: string;
  retain: boolean;
  /** The regions of a global table's replicas beyond the stack's own, sorted; empty for a table of one region. */
  replicaRegions: string[];
  /** TableName, when the stack fixes it (a global table, whose standby reaches the replica by it); null when the backend names it. */
  tableName: string | null;
  /**
   * Each of those replicas as its table's resource keeps it (sorted by region): point-in-time recovery,
   * deletion protection (AWS's default for both: off) and encryption ("aws-managed": the region's
   * aws/dynamodb key, or a KMS key). Both readers require a replica to carry the store's tags.
   */
  replicas: TableReplicaInventory[];
}

/** A replica of a global table, in a region other than the stack's. */
export interface TableReplicaInventory {
  region: string;
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
  encryption: string;
}

/** A provisioned table's or index's read and write capacity. */
export interface TableCapacityInventory {
  read: CapacityInventory;
  write: CapacityInventory;
}

/**
 * Provisioned units of one kind, and the Application Auto Scaling that moves them: a scalable target
 * (ResourceId table/<name> or table/<name>/index/<index>) run by AWS's DynamoDB service-linked role
 * (any other role throws), with one target-tracking policy on DynamoDBReadCapacityUtilization or
 * DynamoDBWriteCapacityUtilization (another metric, a second policy or step scaling throws).
 */
export interface CapacityInventory {
  /** The units the table or index is created with (ProvisionedThroughput, readCapacity / writeCapacity). */
  units: number;
  /** null when nothing scales them. Cooldowns: AWS's default for DynamoDB when absent, 0 s. */
  scaling: { min: number; max: number; targetUtilization: number; scaleInCooldownSeconds: number; scaleOutCooldownSeconds: number } | null;
}

/**
 * An RDS instance or Aurora cluster, named "database:<key>". Connections in a task's
 * environment are "database:<key>" (the writer or instance endpoint address) and
 * "database:<key>/reader" (the cluster's reader endpoint address); IAM database
 * authentication is "database:<key>/dbuser:<username>" in permissions.
 */
export interface DatabaseInventory {
  name: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  engine: string;
  engineVersion: string;
  topology: 'instance' | 'cluster';
  /** Class of each instance (a cluster's writer and readers), sorted. */
  instances: string[];
  serverless: { minAcu: number; maxAcu: number } | null;
  multiAz: boolean;
  storage: { allocatedGb: number; maxAllocatedGb: number; type: string } | null;
  port: number;
  databaseName: string;
  username: string;
  /** The password is generated, kept in Secrets Manager and rotated by RDS (ManageMasterUserPassword). */
  managedPassword: boolean;
  /**
   * A password in a Secrets Manager secret the stack generates ("secret:database:<key>", named by its
   * Name), attached to the database, replicated and rotated by the hosted single-user rotation function
   * (postgresql-single-user or mysql-single-user) in the stack's subnets of that tier, every `days`
   * days; or null (RDS manages it, or a secondary cluster, which has none of its own).
   */
  generatedPassword: {
    secretName: string;
    length: number;
    /** The characters left out, in code-unit order. */
    excludeCharacters: string;
    replicaRegions: string[];
    rotation: { days: number; function: string; subnets: { tier: string; count: number } };
  } | null;
  /**
   * Membership of an Aurora global database: the global cluster's identifier, and whether this cluster
   * is its primary (the stack creates the global cluster from it, with the deletion protection given)
   * or a secondary (it joins it, with no master user of its own); null for a database of one region.
   */
  global: { identifier: string; role: 'primary' | 'secondary'; deletionProtection: boolean | null } | null;
  iamAuth: boolean;
  /** Performance Insights retention in days on every instance, or null when off. */
  performanceInsightsRetentionDays: number | null;
  /**
   * The key Performance Insights encrypts with on every instance (all must agree): "aws-managed" (aws/rds,
   * none named) or "key" (the stack's); null when Performance Insights is off.
   */
  performanceInsightsEncryption: string | null;
  backupRetentionDays: number;
  storageEncrypted: boolean;
  /** "aws-managed" (aws/rds) or a KMS key ("key": the stack's). */
  encryption: string;
  /**
   * The key of the secret its admin credentials are kept in: RDS's own secret (managedPassword:
   * MasterUserSecret.KmsKeyId; Pulumi masterUserSecretKmsKeyId) or the generated one (the secret's
   * KmsKeyId): "aws-managed" (aws/secretsmanager, none named) or "key" (the stack's); null when it has no
   * secret of its own (a secondary cluster).
   */
  secretEncryption: string | null;
  /**
   * The database's own parameter group (Aurora: the cluster's DB cluster parameter group; an RDS instance: its
   * DB parameter group): its family and the parameters it sets, "name=value", sorted; null for the engine's
   * default group.
   */
  parameterGroup: { family: string; parameters: string[] } | null;
  /** The log types exported to CloudWatch Logs (EnableCloudwatchLogsExports on the cluster or instance), sorted; [] for none. */
  logExports: string[];
  /**
   * Enhanced monitoring on every instance (all must agree): the interval (MonitoringInterval) and the AWS
   * managed policies of the role RDS assumes (MonitoringRoleArn; it must trust monitoring.rds.amazonaws.com
   * only and have no policy of its own), sorted, as "service-role/AmazonRDSEnhancedMonitoringRole"; null
   * when off (no interval, or 0).
   */
  monitoring: { intervalSeconds: number; roleManagedPolicies: string[] } | null;
  deletionProtection: boolean;
  /** A final snapshot is taken when the stack deletes or replaces it. */
  snapshotOnDelete: boolean;
  /** Automatic minor version upgrades of its instances; null for a cluster without instances (a headless secondary). */
  autoMinorVersionUpgrade: boolean | null;
  publiclyAccessible: boolean;
  /** Tier and count of the subnets of its subnet group. */
  subnets: { tier: string; count: number };
  /** Who may connect, sorted: "service:web:5432", "job:report:5432", "function:ledger:5432", and "rotation:<key>:5432" for the function rotating its generated password. */
  ingress: string[];
  /** Where it may connect to, sorted (nothing: []). */
  egress: string[];
}

/** An ElastiCache replication group, named "cache:<key>". */
export interface CacheInventory {
  name: string;
  engine: string;
  engineVersion: string;
  parameterGroup: string;
  nodeType: string;
  clusterMode: boolean;
  shards: number;
  replicasPerShard: number;
  automaticFailover: boolean;
  multiAz: boolean;
  transitEncryption: boolean;
  atRestEncryption: boolean;
  /** The key at rest (KmsKeyId): "aws-managed" (ElastiCache's default, none named) or "key" (the stack's); null when at-rest encryption is off. */
  encryption: string | null;
  autoMinorVersionUpgrade: boolean;
  /** "secret:cache:<key>" when the AUTH token comes from that Secrets Manager secret, else null. */
  authToken: string | null;
  /** The key of the AUTH token's secret: "aws-managed" (aws/secretsmanager, none named) or "key" (the stack's); null without a secret. */
  authTokenEncryption: string | null;
  /** Length of the generated token and whether it is letters and digits only. */
  authTokenGeneration: { length: number; alphanumeric: boolean } | null;
  snapshotRetentionDays: number;
  snapshotOnDelete: boolean;
  port: number;
  subnets: { tier: string; count: number };
  ingress: string[];
  egress: string[];
}

/** A scheduled job: its task, and the EventBridge Scheduler schedule that runs it. Named by the key in its log stream prefix. */
export interface JobInventory {
  key: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  cpu: number;
  memory: number;
  architecture: 'ARM64' | 'X86_64';
  image: string;
  /** Sorted NAME=value; connection details named by their store ("bucket:reports"). */
  environment: string[];
  /** Same form as a service's. */
  permissions: { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] }[];
  roles: { task: boolean; execution: boolean };
  /** Same form as a service's. */
  secrets: string[];
  executionPermissions: { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] }[];
  /** Where the scheduler starts the task. */
  subnets: { tier: string; count: number };
  assignPublicIp: boolean;
  /** Where the task may connect to, sorted ("0.0.0.0/0:all"); a job admits no ingress. */
  egress: string[];
  schedule: {
    expression: string;
    timezone: string;
    flexibleWindow: string;
    state: string;
    maximumRetries: number;
    maximumEventAgeSeconds: number;
    launchType: string;
    /** The scheduler role's actions, sorted (ecs:RunTask on this task definition, iam:PassRole on its two roles). */
    schedulerActions: string[];
    /** The schedule group it is in: "schedule-group:<name>" (a group the stack creates), or "default" (AWS's, when none is named). */
    group: string;
  };
  /**
   * The EventBridge rule on the default bus whose pattern names this job's task definition ("task:<key>"):
   * its state and its event pattern as canonical JSON (keys sorted), references named ("cluster",
   * "task:<key>"); an alarm counts its MatchedEvents (RuleName "failed-runs:<key>"). A rule with a target, a
   * schedule, another bus, or a pattern naming no job's task definition throws. null without one.
   */
  failedRuns: { state: string; pattern: string } | null;
}

/** An IAM policy statement: actions sorted, resources as symbolic names, sorted. */
export interface PermissionInventory {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
}

/**
 * A Lambda function of the blueprint, "function:<key>" wherever referenced: the function that carries the
 * tag "blueprint:function" (its key; both renderers write it). A custom-resource provider (of
 * Custom::VpcRestrictDefaultSG, of a Custom::AWS lookup) is plumbing, not here; any other untagged function
 * throws. Its code (an S3 object the deploy uploads: CDK's asset, Pulumi's archive) is a backend artefact
 * and is not recorded; inline code, an image, an object version, layers and every other property the
 * fields below do not read throw. Its log group is in `logGroups` (owner "function:<key>"), its
 * dead-letter queue in `queues`, its security group is owned by "function:<key>" (a store it reaches
 * admits "function:<key>:<port>").
 */
export interface FunctionInventory {
  key: string;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  /** null for a container image (PackageType Image), which carries its runtime. */
  runtime: string | null;
  /** null for a container image. */
  handler: string | null;
  /** A container image's URI (PackageType Image, Code.ImageUri; Pulumi imageUri), as written; null for code uploaded as a .zip. */
  image: string | null;
  /** Lambda's spelling (AWS's default when absent: x86_64). */
  architecture: 'arm64' | 'x86_64';
  /** AWS's default when absent: 128. */
  memoryMb: number;
  /** AWS's default when absent: 3. */
  timeoutSeconds: number;
  /** ReservedConcurrentExecutions; null when unreserved (the account's pool). */
  reservedConcurrency: number | null;
  /** X-Ray tracing mode: Active, or PassThrough (AWS's default when absent). */
  tracing: string;
  /**
   * Sorted NAME=value: plain values as written, connections named by their store as a service's are
   * ("IMAGES_BUCKET=bucket:images", "ACCOUNTS_HOST=database:accounts"), a secret's ARN by its name
   * ("ACCOUNTS_SECRET_ARN=secret:database:accounts": Lambda injects no secret, the code reads it).
   */
  environment: string[];
  /** Its log group's retention (LoggingConfig.LogGroup; log format and levels throw). */
  logRetentionDays: number;
  /** Its log lines' format (LoggingConfig.LogFormat; AWS's default when absent: Text). */
  logFormat: string;
  /**
   * Where asynchronous invocations that failed every retry go (DeadLetterConfig): its own SQS queue,
   * "queue:function:<key>/dead-letter", read in `queues` (retention, encryption, TLS-only); it carries no
   * blueprint:store tag and is no other queue's dead-letter queue. null without one; an SNS topic throws.
   */
  deadLetter: string | null;
  /**
   * In the VPC (VpcConfig): the tier and number of its subnets and its security group's egress, sorted
   * ("0.0.0.0/0:all"); a function admits nothing (ingress throws), IPv6 dual stack throws. null outside it.
   */
  vpc: { subnets: { tier: string; count: number }; egress: string[] } | null;
  /**
   * What its execution role may do: every statement of every AWS::IAM::Policy attached to it (Pulumi:
   * aws.iam.RolePolicy), sorted, as a service's permissions, with resources "log-group:function:<key>" (a log
   * group's ARN, named by its owner), "queue:function:<key>/dead-letter", stores and their paths
   * ("bucket:images/*"), "secret:database:<key>", "key", and "*" where IAM takes nothing else. The role's
   * inline or managed policies throw.
   */
  permissions: PermissionInventory[];
  /**
   * Its asynchronous invocation settings (AWS::Lambda::EventInvokeConfig; Pulumi
   * aws.lambda.FunctionEventInvokeConfig): the qualifier ("$LATEST"), retries (AWS's default when absent: 2) and
   * the most seconds an event waits (default 21600); destinations throw, as does a second one. null without
   * one (Lambda's own defaults apply).
   */
  asyncRetries: { qualifier: string; maximumRetryAttempts: number; maximumEventAgeSeconds: number } | null;
  /**
   * The queue it consumes (AWS::Lambda::EventSourceMapping; Pulumi aws.lambda.EventSourceMapping): the
   * queue ("queue:uploads"), batch size (AWS's default for SQS when absent: 10), batching window (default
   * 0 s), function response types (sorted; [] when absent) and the most concurrent invocations
   * (ScalingConfig.MaximumConcurrency; null when absent: no limit). A second mapping, a source other than a
   * queue, filters, a disabled mapping and every other setting throw. null without one.
   */
  queue: {
    source: string;
    /** What the mapping invokes (FunctionName): "function:<key>" (by name or ARN), or "function:<key>:<alias>" (its alias's ARN). */
    invokes: string;
    batchSize: number;
    maximumBatchingWindowSeconds: number;
    functionResponseTypes: string[];
    maximumConcurrency: number | null;
  } | null;
  /**
   * The table stream that invokes it (an AWS::Lambda::EventSourceMapping, Pulumi aws.lambda.EventSourceMapping, whose
   * source is a table's StreamArn): the stream ("table:orders/stream"), what it invokes, its starting position, batch
   * size (AWS's default for a stream when absent: 100), batching window (0), parallelization factor (1), bisect on
   * error (false), retries and record age (-1: until the record expires), where failed batches are described
   * (DestinationConfig.OnFailure: "queue:function:<key>/dead-letter"; null without), function response types
   * (sorted). Filters, a disabled mapping, tumbling windows and every other setting throw. null without one.
   */
  bucketEvents: FunctionBucketEventsInventory | null;
  stream: {
    source: string;
    invokes: string;
    startingPosition: string;
    batchSize: number;
    maximumBatchingWindowSeconds: number;
    parallelizationFactor: number;
    bisectBatchOnFunctionError: boolean;
    maximumRetryAttempts: number;
    maximumRecordAgeSeconds: number;
    onFailure: string | null;
    functionResponseTypes: string[];
  } | null;
  /**
   * The EventBridge Scheduler schedule whose target is the function's ARN (a job's starts an ECS task):
   * as a job's schedule (AWS's defaults when absent), its description (null for none) and what the
   * scheduler's role may do, in the form of permissions, on "function:<key>" (a function's ARN). Input,
   * a dead-letter queue, start and end dates, a KMS key, a flexible window's length or a second schedule
   * throw. null without one.
   */
  schedule: {
    expression: string;
    timezone: string;
    flexibleWindow: string;
    state: string;
    maximumRetries: number;
    maximumEventAgeSeconds: number;
    /** "schedule-group:<name>" (a group the stack creates), or "default" (AWS's, when none is named). */
    group: string;
    description: string | null;
    /** What it invokes (Target.Arn): "function:<key>", or "function:<key>:<alias>" (its alias's ARN). */
    invokes: string;
    schedulerPermissions: PermissionInventory[];
  } | null;
  /**
   * Its alias (AWS::Lambda::Alias; Pulumi aws.lambda.Alias) on the version the function publishes (CloudFormation:
   * the AWS::Lambda::Version of the function its FunctionVersion names, Fn::GetAtt Version; Pulumi: the function's
   * version, with publish: true): its name and the copies its provisioned concurrency keeps initialized
   * (ProvisionedConcurrencyConfig; Pulumi: the aws.lambda.ProvisionedConcurrencyConfig on the alias's name; null
   * without one). Whatever names the alias's ARN reads "function:<key>:<name>" (API integrations and permissions,
   * GraphQL data sources and roles, a mapping, a schedule). A second alias, an alias on $LATEST or on another
   * function's version, routing weights, a description, a version with settings of its own or named by no alias,
   * and (Pulumi) publishing without an alias throw. null without one.
   */
  alias: { name: string; provisionedConcurrency: number | null } | null;
}

/**
 * The EventBridge rule whose one target is the function (its ARN or its alias's) and whose pattern matches S3 events
 * of a bucket of the stack (AWS::Events::Rule; Pulumi aws.cloudwatch.EventRule with its aws.cloudwatch.EventTarget):
 * the bucket ("bucket:uploads"), the detail types (sorted), the key matcher (detail.object.key's one matcher as JSON,
 * null for every key), its state and description, the target's retries (AWS's defaults when absent: 185, 86400), and
 * the Lambda permissions whose source ARN is the rule's ("principal action", sorted). A second target, an input
 * transformer, a dead-letter queue, another bus or another pattern field throw. null without one.
 */
export interface FunctionBucketEventsInventory {
  bucket: string;
  detailTypes: string[];
  keyMatcher: string | null;
  invokes: string;
  state: string;
  description: string | null;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  permissions: string[];
}

/**
 * An API Gateway HTTP API of the blueprint (AWS::ApiGatewayV2::Api; Pulumi aws.apigatewayv2.Api), "api:<key>"
 * wherever referenced (its ApiId in metric dimensions). Its key is its Name, "<blueprint>-<key>", less the
 * blueprint's name (its "blueprint" tag: CloudFormation the API's own, Pulumi the provider's default tags).
 * With it: its one stage, its authorizers, its routes with the Lambda proxy integration each targets, and
 * the Lambda permissions whose SourceArn lies under its execute-api ARN. Its access-log group is in
 * `logGroups` (owner "api:<key>"). An integration no route targets, a route or integration of another API, a
 * second stage, a Lambda permission that names no API's execute-api ARN of the stack's account and region, and
 * every property the fields below do not read (CorsConfiguration's AllowCredentials and ExposeHeaders, stage
 * logging and metrics settings, route settings, API keys, request parameters, an authorizer's Lambda, ...)
 * throw.
 */
/**
 * What a stack writes into Route 53: alias records (AWS::Route53::RecordSet; Pulumi aws.route53.Record, not a
 * certificate's validation record), sorted by name then set identifier, each naming its zone by ID and its
 * target as "load-balancer" or "api:<key>" (an API's custom domain); and health checks (by their Name tag),
 * sorted by name, each naming what it checks the same way.
 */
export interface DnsInventory {
  records: {
    name: string;
    type: string;
    zone: string;
    target: string;
    /** The alias's hosted zone when it is a literal (a distribution's, CloudFront's); null when it is the target's own attribute. */
    targetZone: string | null;
    evaluateTargetHealth: boolean;
    /** Failover routing: PRIMARY or SECONDARY, the set identifier, the health check by name (null for none). */
    failover: { role: string; setIdentifier: string; healthCheck: string | null } | null;
  }[];
  healthChecks: { name: string; target: string; type: string; port: number; path: string; requestIntervalSeconds: number; failureThreshold: number; enableSni: boolean }[];
}

export interface ApiInventory {
  key: string;
  /**
   * Its custom domain (AWS::ApiGatewayV2::DomainName mapped to its stage; one at most): the name, endpoint
   * type, security policy and certificate ("requested:<domain>", with " validated in <zone id>" when its
   * validation record is written in a zone); null without one.
   */
  domain: { name: string; endpointType: string; securityPolicy: string; certificate: string } | null;
  /** The default execute-api endpoint answers (DisableExecuteApiEndpoint absent or false). */
  executeApiEndpoint: boolean;
  /** What it was sized for, read from its blueprint:<quantity> tags (src/design/sizing.ts); {} when it has none. */
  sizing: Sizing;
  /** ProtocolType: HTTP (WEBSOCKET is read as written). */
  protocol: string;
  /** null for none. */
  description: string | null;
  /** CorsConfiguration (lists sorted; MaxAge null when absent: no Access-Control-Max-Age); null without one. */
  cors: { allowOrigins: string[]; allowMethods: string[]; allowHeaders: string[]; maxAgeSeconds: number | null } | null;
  /**
   * Its one stage (AWS::ApiGatewayV2::Stage): name, auto deploy (AWS's default when absent: off), the
   * default route throttling (DefaultRouteSettings' rate and burst, both or neither; null: only the account's
   * limits), and its access logs: the log group as "log-group:api:<key>" (DestinationArn: the group's ARN) and
   * the format as written; null when it logs nothing.
   */
  stage: {
    name: string;
    autoDeploy: boolean;
    throttling: { rateLimit: number; burstLimit: number } | null;
    accessLogs: { logGroup: string; format: string } | null;
  };
  /** JWT authorizers, sorted by name: identity sources and audiences sorted. */
  authorizers: { name: string; type: string; identitySource: string[]; issuer: string; audience: string[] }[];
  /**
   * Routes, sorted by route key ("GET /notes/{id}", "$default"): the function their integration invokes
   * ("function:<key>": an AWS_PROXY integration's IntegrationUri is the function's ARN), that integration's
   * type, payload format and timeout (AWS's default when absent: 30000 ms), the authorization type (AWS's
   * default when absent: NONE) and the authorizer, by name (null for none).
   */
  routes: {
    routeKey: string;
    /** "function:<key>", or "listener:HTTPS" / "listener:HTTP" (the load balancer's listener, through the API's VPC link). */
    target: string;
    /**
     * vpcLink: an HTTP_PROXY integration's connection through the API's VPC link: its method, the name its TLS
     * config verifies (null without one) and the Host header it writes (overwrite:header.host; null without);
     * any other request parameter throws. null for a Lambda proxy integration.
     */
    integration: { type: string; payloadFormatVersion: string; timeoutMs: number; vpcLink: { method: string; serverNameToVerify: string | null; hostHeader: string | null } | null };
    authorizationType: string;
    authorizer: string | null;
  }[];
  /**
   * The Lambda permissions (AWS::Lambda::Permission; Pulumi aws.lambda.Permission) that let this API invoke a
   * function (one per route in the design), sorted by source then function: the function ("function:<key>"),
   * the action, the principal, and the source as "execute-api:<key>/<path>": the path below the API's
   * execute-api ARN as written (stage, method and resource path, "*" for any stage or method; the design's
   * ApiRouteDesign.invokeFrom).
   */
  permissions: { function: string; action: string; principal: string; source: string }[];
  /**
   * Its VPC link (AWS::ApiGatewayV2::VpcLink; Pulumi aws.apigatewayv2.VpcLink), the one its HTTP_PROXY
   * integrations connect through: name, the tier and number of its subnets, and its security group's egress
   * ("load-balancer:443"; the group is owned by "vpc-link:<key>" and admits nothing). null without one.
   */
  vpcLink: { name: string; subnets: { tier: string; count: number }; egress: string[] } | null;
  /**
   * The CloudFront distribution in front of it (tagged blueprint:api-cdn: its key), its one custom origin the
   * API's execute-api endpoint ("execute-api:<key>"); aliases, certificates, error responses, other origins or
   * behaviors throw. null without one.
   */
  cdn: CustomOriginDistributionInventory | null;
}

/**
 * An API Gateway REST API of the blueprint (AWS::ApiGateway::RestApi; Pulumi aws.apigateway.RestApi),
 * "rest-api:<key>" wherever referenced (its stage's ARN in a web ACL association; its ApiName dimension is its
 * name, a literal). Its key is its Name, "<blueprint>-<key>", less the blueprint's name. With it: its resource
 * tree, request validators, models, authorizers, methods with the Lambda proxy integration each invokes, the
 * Lambda permissions whose SourceArn lies under its execute-api ARN, its one deployment and one stage, its usage
 * plans with their API keys, and its custom domain. Its log groups are in `logGroups`: the access logs (owner
 * "rest-api:<key>") and the execution logs, named API-Gateway-Execution-Logs_<api id>/<stage> (owner
 * "rest-api:<key>:execution"). A resource, method, deployment, plan or key of no API, an OpenAPI body, a Lambda
 * authorizer, method responses, a cache cluster, canary settings and every property the fields below do not read
 * throw.
 */
export interface RestApiInventory {
  key: string;
  /** What it was sized for, read from its blueprint:<quantity> tags; {} when it has none. */
  sizing: Sizing;
  /** null for none. */
  description: string | null;
  /** EndpointConfiguration.Types (AWS's default when absent: EDGE). */
  endpointTypes: string[];
  /** The default execute-api endpoint answers (DisableExecuteApiEndpoint absent or false). */
  executeApiEndpoint: boolean;
  /** Every resource's full path below the root, sorted ("/orders", "/orders/{id}"); the root itself is not listed. */
  resources: string[];
  /** Request validators, sorted by name. */
  validators: { name: string; body: boolean; parameters: boolean }[];
  /** Models, sorted by name: content type and the SHA-256 of the schema as JSON. */
  models: { name: string; contentType: string; schemaSha256: string }[];
  /** Cognito user pool authorizers, sorted by name: the pools as "user-pool:<key>". */
  authorizers: { name: string; type: string; identitySource: string; providers: string[] }[];
  /**
   * Methods, sorted by route key ("GET /orders/{id}": the method and its resource's path): the function its
   * AWS_PROXY integration invokes ("function:<key>", read from the integration's URI), that integration's method
   * and timeout (AWS's default when absent: 29000 ms), the authorization type, the authorizer by name (null for
   * none), whether it needs an API key, the request parameters it requires (names, sorted; an optional one
   * throws), its validator and its application/json model, by name (null for none).
   */
  methods: {
    routeKey: string;
    target: string;
    integration: { type: string; httpMethod: string; timeoutMs: number };
    authorizationType: string;
    authorizer: string | null;
    apiKeyRequired: boolean;
    requiredParameters: string[];
    validator: string | null;
    model: string | null;
  }[];
  /** The Lambda permissions that let it invoke a function, sorted by source then function (as ApiInventory's). */
  permissions: { function: string; action: string; principal: string; source: string }[];
  /**
   * Its CORS preflights: OPTIONS methods of no authorization and no API key whose MOCK integration answers alone,
   * all alike: their paths (sorted), the request templates, the integration response's status and header
   * values as written, and the method response's header names (sorted); null without. A mock integration of
   * another method, or preflights that differ, throw.
   */
  preflight: { paths: string[]; requestTemplates: Record<string, string>; statusCode: string; headers: Record<string, string>; methodResponseHeaders: string[] } | null;
  /** Its gateway responses (API Gateway's own answers), sorted by type: their response parameters as written. */
  gatewayResponses: { type: string; headers: Record<string, string> }[];
  /** Its one deployment's description (a deployment is replaced whenever what it snapshots changes). */
  deployment: { description: string | null };
  /**
   * Its one stage, on that deployment: name, X-Ray tracing (absent: off), access logs (the group as
   * "log-group:rest-api:<key>") and its method settings for every method (*\/*: logging level, data trace, metrics,
   * throttling); null when absent.
   */
  stage: {
    name: string;
    tracing: boolean;
    accessLogs: { logGroup: string; format: string } | null;
    methodSettings: { loggingLevel: string; dataTrace: boolean; metrics: boolean; throttling: { rateLimit: number; burstLimit: number } | null } | null;
  };
  /** Usage plans on its stage, sorted by name: throttling, quota and their API keys (sorted by name; each enabled). */
  usagePlans: { name: string; description: string | null; throttle: { rateLimit: number; burstLimit: number } | null; quota: { limit: number; period: string } | null; keys: { name: string; description: string | null }[] }[];
  /** Its custom domain (AWS::ApiGateway::DomainName mapped to its stage by a base path mapping), as ApiInventory's; null without one. */
  domain: { name: string; endpointType: string; securityPolicy: string; certificate: string } | null;
}

/**
 * API Gateway's account settings (AWS::ApiGateway::Account; Pulumi aws.apigateway.Account): the role it names
 * (assumed by apigateway.amazonaws.com alone), what that role may do (resources as written, "log-group:*" for
 * every log group of the account and region), and whether both are kept when the stack is deleted.
 */
export interface RestApiAccountInventory {
  rolePermissions: PermissionInventory[];
  retained: boolean;
}

/**
 * An AppSync GraphQL API of the blueprint (AWS::AppSync::GraphQLApi; Pulumi aws.appsync.GraphQLApi),
 * "graphql-api:<key>" wherever referenced (its ApiId in metric dimensions, its ARN in a web ACL association).
 * Its key is its Name, "<blueprint>-<key>", less the blueprint's name. With it: its schema (CloudFormation's
 * AWS::AppSync::GraphQLSchema, Pulumi's inline schema), its data sources and resolvers. Its log group (named
 * /aws/appsync/apis/<api id>) is in `logGroups` (owner "graphql-api:<key>"). Additional authentication
 * providers, Lambda authorizers, caching, pipeline resolvers, functions, API keys, custom domains, a data
 * source or resolver of no API, and every property the fields below do not read throw.
 */
export interface GraphqlApiInventory {
  key: string;
  /** What it was sized for, read from its blueprint:<quantity> tags; {} when it has none. */
  sizing: Sizing;
  authenticationType: string;
  /** OpenIdConnectConfig: issuer and client ID as written; null without one. */
  openIdConnect: { issuer: string; clientId: string } | null;
  /** UserPoolConfig: the pool ("user-pool:<key>"), its default action, and the app client regex ("user-pool-client:<key>" when it is the pool's client's ID); null without one. */
  userPool: { pool: string; defaultAction: string; appIdClientRegex: string | null } | null;
  /** AWS's default when absent: GLOBAL. */
  visibility: string;
  /** IntrospectionConfig (AWS's default when absent: ENABLED). */
  introspection: string;
  /** QueryDepthLimit; null when absent (no limit). */
  queryDepthLimit: number | null;
  /** XrayEnabled (absent: false). */
  xray: boolean;
  /**
   * LogConfig: field log level, verbose content excluded, and what the role named by CloudWatchLogsRoleArn may
   * do (its statements, resources as "log-group:graphql-api:<key>"), assumed by appsync.amazonaws.com; null without.
   */
  logs: { fieldLogLevel: string; excludeVerboseContent: boolean; rolePermissions: PermissionInventory[] } | null;
  /** The SHA-256 (hex) of the schema's definition as given to AppSync. */
  schemaSha256: string;
  /**
   * Its custom domain (AWS::AppSync::DomainName associated with it by AWS::AppSync::DomainNameApiAssociation):
   * the name and its certificate ("requested:<domain>", " validated in <zone id>" when the validation record
   * is written in a zone); null without one.
   */
  domain: { name: string; certificate: string } | null;
  /**
   * Data sources, sorted by name: type, target ("function:<key>", "table:<key>", or an HTTP data source's
   * endpoint, "https://<name>"), and what its role (assumed by appsync.amazonaws.com) may do, as statements
   * with symbolic resources (none for an HTTP data source, which has no role).
   */
  dataSources: { name: string; type: string; target: string; rolePermissions: PermissionInventory[] }[];
  /** Resolvers, sorted by "Type.field": the data source by name, kind (AWS's default: UNIT), runtime ("APPSYNC_JS@1.0.0" or null) and the SHA-256 of its code (null for none). */
  resolvers: { field: string; dataSource: string; kind: string; runtime: string | null; codeSha256: string | null }[];
}

/**
 * A Cognito user pool (AWS::Cognito::UserPool; Pulumi aws.cognito.UserPool), "user-pool:<key>", keyed by its
 * Name less "<blueprint>-", with its one app client (AWS::Cognito::UserPoolClient; Pulumi
 * aws.cognito.UserPoolClient). Identity providers, domains, Lambda triggers, SMS settings, a second client,
 * and every property the fields below do not read throw.
 */
export interface UserPoolInventory {
  key: string;
  /** UserPoolTier (AWS's default when absent: ESSENTIALS). */
  tier: string;
  /** MfaConfiguration (absent: OFF) and the enabled MFA types, sorted. */
  mfa: string;
  enabledMfas: string[];
  passwordPolicy: { minimumLength: number; requireLowercase: boolean; requireUppercase: boolean; requireNumbers: boolean; requireSymbols: boolean; temporaryPasswordValidityDays: number };
  /** Sorted. */
  usernameAttributes: string[];
  autoVerifiedAttributes: string[];
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly (AWS's default when absent: false, anyone may sign up); its other settings throw. */
  adminCreateUserOnly: boolean;
  /** Recovery mechanisms by priority: "verified_email". */
  accountRecovery: string[];
  /** UserPoolAddOns.AdvancedSecurityMode; null when absent. */
  advancedSecurityMode: string | null;
  /** DeletionProtection (absent: INACTIVE). */
  deletionProtection: string;
  /** Kept when the stack is deleted (CloudFormation DeletionPolicy Retain; Pulumi retainOnDelete). */
  retained: boolean;
  client: { name: string; generateSecret: boolean; explicitAuthFlows: string[]; preventUserExistenceErrors: string; enableTokenRevocation: boolean };
}

/** The AWS Backup plan, its vault, what it selects, and the vaults in other regions it copies into. */
export interface BackupInventory {
  vault: { name: string; /** "aws-managed" (aws/backup) or a KMS key. */ encryption: string; retain: boolean };
  plan: {
    name: string;
    rules: {
      name: string;
      schedule: string;
      timezone: string;
      startWindowMinutes: number;
      completionWindowMinutes: number;
      deleteAfterDays: number;
      /** "<region>:<vault name>" and how long copies are kept, or null. */
      copyTo: { vault: string; deleteAfterDays: number } | null;
    }[];
  };
  /** The selected stores, symbolic and sorted: "bucket:reports", "table:orders", "database:ledger". */
  selection: string[];
  /** The AWS managed policies of the role AWS Backup assumes, sorted: "service-role/AWSBackupServiceRolePolicyForBackup". */
  roleManagedPolicies: string[];
  /** Vaults created in other regions (copy targets): "<region>:<name>", sorted, with whether each is retained. */
  recoveryVaults: { vault: string; retain: boolean }[];
}

/**
 * A WAFv2 web ACL: what it is associated with ("load-balancer"), its default action, and its rules in
 * priority order. A rule's statement reads "managed:<vendor>/<group>" (override action none: the
 * group's own actions) or "rate:<key>:<limit>/<window seconds>" (action block); other statements,
 * rule actions, overrides, custom responses or CAPTCHA settings throw. Visibility is "metric" (CloudWatch
 * metrics and sampled requests both on; anything else throws), so only the metric name is recorded.
 */
export interface WebAclInventory {
  name: string;
  scope: string;
  defaultAction: 'allow' | 'block';
  /** What it is associated with, sorted: "load-balancer", "graphql-api:<key>" (a distribution names its ACL instead: SiteInventory.webAcl). */
  protects: string[];
  metricName: string;
  rules: { name: string; priority: number; action: string; statement: string; metricName: string }[];
  /**
   * Request logging (AWS::WAFv2::LoggingConfiguration; Pulumi aws.wafv2.WebAclLoggingConfiguration) into a
   * CloudWatch log group of the stack (in `logGroups`, owner "web-acl"): its name, retention, and the headers
   * redacted from the logs (SingleHeader names, lower case, sorted); null when off. Any other redacted field,
   * a logging filter or another destination throws.
   */
  logging: { logGroupName: string; retentionDays: number; redactedHeaders: string[] } | null;
}

/**
 * security.audit, backend-neutral. Buckets are named as in `buckets` ("bucket:audit-logs", the audit-log
 * bucket, tagged blueprint:logs); the trail's log group is in `logGroups` (owner "trail"). Each part is null
 * when off.
 */
export interface AuditInventory {
  /** The CloudTrail trail (logging on). */
  trail: {
    name: string;
    multiRegion: boolean;
    globalServiceEvents: boolean;
    logFileValidation: boolean;
    /** Where its log files go, and its key prefix ("" for the bucket's root). */
    bucket: string;
    prefix: string;
    /** Its CloudWatch Logs log group's retention, in days; null when it delivers to none. */
    logGroupRetentionDays: number | null;
    /** The key its log files are encrypted with (KMSKeyId; SSE-KMS): "key" (the stack's); null for the bucket's own encryption. */
    kmsKey: string | null;
    /** Its event selectors: "management:<ReadWriteType>" (no data events), sorted. */
    events: string[];
  } | null;
  /** The GuardDuty detector. */
  detector: { enabled: boolean; frequency: string } | null;
  /** Security Hub: its standards (the ARN after arn:<partition>:securityhub:<region>::), sorted, and whether new controls are enabled automatically. */
  securityHub: { standards: string[]; defaultStandards: boolean; autoEnableControls: boolean } | null;
  /** The AWS Config recorder (recording: started) and its delivery channel. */
  config: { recorder: { name: string; allSupported: boolean; includeGlobal: boolean }; deliveryBucket: string; prefix: string } | null;
}

/**
 * A static site's CloudFront distribution (AWS::CloudFront::Distribution; Pulumi aws.cloudfront.Distribution),
 * keyed by its blueprint:site tag, with its one S3 origin (the bucket "bucket:site:<key>" in `buckets`), its
 * Origin Access Control, default cache behavior, response headers policy and certificate. Other origins,
 * cache behaviors, logging, function associations or a custom origin throw.
 */
export interface SiteInventory extends DistributionInventory {
  key: string;
  /** The origin's bucket, as named in `buckets`. */
  bucket: string;
  /** Whether the bucket's policy lets cloudfront.amazonaws.com read its objects (s3:GetObject) from this distribution only (AWS:SourceArn). */
  bucketReadByDistributionOnly: boolean;
  originAccessControl: { name: string; originType: string; signing: string; protocol: string };
  defaultRootObject: string;
  behavior: { viewerProtocolPolicy: string; allowedMethods: string[]; cachedMethods: string[]; compress: boolean; cachePolicyId: string };
  /** Custom error responses, sorted by error code. */
  errorResponses: { errorCode: number; responseCode: number; responsePagePath: string; ttlSeconds: number }[];
  /** The files uploaded into the bucket (services.<key>.source), sorted by path, with the headers each is uploaded with; empty without a source. */
  files: { path: string; contentType: string; cacheControl: string }[];
  /** SHA-256 of the files' digest (design/site-files.ts): CDK's asset hash, recomputed from Pulumi's objects' keys and source hashes; null without files. */
  filesHash: string | null;
  headers: {
    name: string;
    hsts: { maxAgeSeconds: number; includeSubdomains: boolean; preload: boolean; override: boolean };
    contentTypeOptions: boolean;
    frameOptions: string;
    referrerPolicy: string;
    contentSecurityPolicy: string;
  };
}
