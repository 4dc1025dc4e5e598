import type { Decision } from './decisions';

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
  /** Cloud Map namespace through which internal services are reached by name (Service Connect). */
  serviceConnectNamespace?: string;
  services: ServiceDesign[];
  /** Data stores, sorted by key. */
  stores: StoreDesign[];
  /** Scheduled jobs (kind: scheduled), sorted by key. */
  jobs: JobDesign[];
  observability: ObservabilityDesign;
  decisions: Decision[];
}

export type SubnetTier = 'public' | 'private' | 'isolated';

export interface NetworkDesign {
  cidr: string;
  availabilityZones: string[];
  /** Per tier, one subnet per AZ (in availabilityZones order), with its address block. */
  subnets: { tier: SubnetTier; cidrMask: number; cidrs: string[] }[];
  nat: 'per-az' | 'single' | 'none';
  natGateways: number;
  flowLogs?: { trafficType: 'ALL'; retentionDays: number };
}

export interface LoadBalancerDesign {
  scheme: 'internet-facing';
  subnets: SubnetTier;
  idleTimeoutSeconds: number;
  /** Drop requests whose headers are not valid HTTP (request smuggling). */
  dropInvalidHeaderFields: boolean;
  /** Seconds a deregistering task keeps serving in-flight requests. */
  deregistrationDelaySeconds: number;
  /** What requests no rule matches get, when no service is the default. */
  notFound: { statusCode: number; contentType: 'text/plain'; body: string };
  /** Present when the blueprint names a domain or certificate: HTTPS on 443, port 80 redirects. */
  https?: { domain?: string; certificateArn?: string; sslPolicy: string };
  /** The service that answers requests no rule matches; otherwise a fixed 404. */
  defaultService?: string;
  /** Listener rules, in priority order. */
  rules: { service: string; priority: number; pathPatterns?: string[]; hostHeaders?: string[] }[];
}

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
  namespace: 'AWS/ApplicationELB' | 'AWS/ECS' | 'AWS/SQS';
  metricName: string;
  statistic: 'Sum' | 'Average' | 'Maximum' | 'p99';
  dimensions: DimensionRef;
  /** Legend text on the dashboard. */
  label?: string;
}

export type DimensionRef =
  | { kind: 'load-balancer' }
  | { kind: 'target-group'; service: string }
  | { kind: 'ecs-service'; service: string }
  /** An SQS queue (a store key): dimension QueueName. */
  | { kind: 'queue'; store: string };

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
  /** Kept when the stack is deleted or the store would be replaced (DeletionPolicy/UpdateReplacePolicy Retain; Pulumi retainOnDelete). */
  retain: boolean;
}

export interface BucketDesign extends StoreBase {
  kind: 'bucket';
  /** Encryption at rest: SSE-S3 (customer-managed KMS keys arrive with the security profile). */
  encryption: 'sse-s3';
  versioned: boolean;
  lifecycle?: { infrequentAfterDays?: number; archiveAfterDays?: number; expireAfterDays?: number };
}

export interface QueueDesign extends StoreBase {
  kind: 'queue';
  /** Encryption at rest, of the queue and its dead-letter queue: SSE-SQS. */
  encryption: 'sse-sqs';
  fifo: boolean;
  retentionSeconds: number;
  visibilityTimeoutSeconds: number;
  deadLetter?: { maxReceives: number; retentionSeconds: number };
}

export interface TopicDesign extends StoreBase {
  kind: 'topic';
  /** Encryption at rest with this KMS key alias (the AWS-managed SNS key). */
  encryption: { kmsKeyAlias: 'alias/aws/sns' };
  fifo: boolean;
}

export interface TableDesign extends StoreBase {
  kind: 'table';
  /** Encryption at rest with the AWS-managed DynamoDB KMS key. */
  encryption: 'aws-managed-kms';
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; projection: 'all' | 'keys-only' }[];
  ttlAttribute?: string;
  stream?: 'keys-only' | 'new-image' | 'old-image' | 'new-and-old-images';
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
}

export type StoreDesign = BucketDesign | QueueDesign | TopicDesign | TableDesign;

export interface AccessDesign {
  store: string;
  kind: StoreDesign['kind'];
  mode: 'read' | 'read-write';
  /** IAM actions, sorted. */
  actions: string[];
  /** What they apply to: the store itself, its objects ("/*", buckets) or its indexes ("/index/*", tables); never "*". */
  resources: ('' | '/*' | '/index/*')[];
}

export interface ConnectionDesign {
  /** Environment variable name, e.g. REPORTS_BUCKET. */
  variable: string;
  store: string;
  /** What the variable holds: the bucket or table name, the queue URL, the topic ARN. */
  attribute: 'name' | 'url' | 'arn';
}

/** What any Fargate task of the blueprint is made of: a service's or a scheduled job's. */
export interface TaskDesign {
  /** The blueprint key: the log stream prefix, and part of every name. */
  key: string;
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
  logRetentionDays: number;
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
  };
}
