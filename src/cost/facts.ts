import { fail } from '../fail';
import type { AlarmDesign, Design, JobDesign, Sizing, StoreDesign } from '../design';

/*
 * What a stack is billed for, in one shape whatever it was read from: the design (factsFromDesign), or a
 * synthesized template or Pulumi run read as a parity inventory (facts-inventory.ts). The bill of
 * materials (bill.ts) is computed from these facts only, so the three sources price alike.
 */

export interface BillableStack {
  /** Prefixes each line's resource: "" for the primary stack, "<name>-standby/" for a standby. */
  prefix: string;
  /** A standby serves no traffic until it takes over: its usage lines are zero. */
  serving: boolean;
  azs: number;
  natGateways: number;
  loadBalancer: boolean;
  /** A CloudFront distribution in front of the load balancer (load_balancing.public.cdn): its requests and data out go through CloudFront. */
  loadBalancerCdn: boolean;
  /** Interface endpoints by service ("ecr.api"), sorted. */
  interfaceEndpoints: string[];
  /** Gateway endpoints by service ("s3", "dynamodb"), sorted: free, and their traffic skips the NAT gateways. */
  gatewayEndpoints: string[];
  vpn: boolean;
  /** Route 53 health checks (DNS failover); alias records to AWS resources are free to query, and the zone is not the stack's. */
  healthChecks: number;
  services: BillableTask[];
  jobs: (BillableTask & { runsPerMonth: number })[];
  functions: BillableFunction[];
  /** HTTP APIs, sorted by key: the peak requests a second each takes (its peak-rps sizing), or null when not known (the estimate then bills the system's requests). */
  apis: { key: string; peakPerSecond: number | null; /** A CloudFront distribution in front of it (apis.<key>.cdn). */ cdn: boolean }[];
  /** GraphQL APIs, sorted by key: the peak requests a second each takes (its peak-rps sizing), or null when not known. */
  graphqlApis: { key: string; peakPerSecond: number | null }[];
  /** REST APIs, sorted by key: the peak requests a second each takes (its peak-rps sizing), or null when not known. */
  restApis: { key: string; peakPerSecond: number | null }[];
  /** Cognito user pools, sorted by key, with their feature plan (ESSENTIALS or PLUS). */
  userPools: { key: string; tier: string }[];
  /** Data buckets the stack creates (not log buckets, not a standby's replicas), sorted by key. */
  buckets: ({ key: string; versioned: boolean; replicaRegion: string | null; lifecycle: BucketLifecycle | null } & Growing)[];
  /** Queues (not their dead-letter queues), sorted by key; the peak rate reaching each, when the design knows it. */
  queues: { key: string; fifo: boolean; peakMessagesPerSecond: number | null }[];
  /** Data topics (not the alarm topic), sorted by key. */
  topics: { key: string }[];
  /** Tables the stack creates (not a standby's replicas), sorted by key; itemKb: the average item (1 when not written). */
  tables: ({ key: string; provisioned: { rcu: number; wcu: number } | null; regions: number; pointInTimeRecovery: boolean; itemKb: number } & Growing & TableLoadFacts)[];
  databases: BillableDatabase[];
  caches: { key: string; engine: string; nodeType: string; nodes: number }[];
  /** The backup plan: the keys of the stores it selects, sorted, and the copy's region. */
  backup: { stores: string[]; copyRegion: string | null } | null;
  customerKey: boolean;
  /** Secrets Manager secrets: database credentials and cache AUTH tokens. */
  secrets: number;
  /** The web ACL's rule count, or null without a web ACL. */
  webAclRules: number | null;
  /** Static sites: each one's distribution (CloudFront data transfer and requests, its bucket's storage). */
  sites: { key: string; priceClass: string }[];
  /** The rules of the sites' CLOUDFRONT web ACL; null without one. */
  siteWebAclRules: number | null;
  trail: boolean;
  /** The trail also delivers to a CloudWatch Logs log group. */
  trailLogs: boolean;
  /** VPC flow logs to CloudWatch Logs. */
  flowLogs: boolean;
  guardDuty: boolean;
  /** Security Hub's subscribed standards (0 without Security Hub). */
  securityHubStandards: number;
  /** An AWS Config recorder. */
  config: boolean;
  alarms: number;
  /** The metrics those alarms read: CloudWatch bills an alarm per metric, so an expression over n metrics is n. */
  alarmMetrics: number;
  dashboard: boolean;
  logRetentionDays: number;
}

/**
 * What a function is billed for, read alike from every source: its size and architecture, the time one
 * invocation takes (duration-ms), and what invokes it: runs of its schedule (none while disabled), or its
 * peak rate (peak-rps: messages a second of its queue; null when not known: the estimate then uses the
 * system's requests, as for its queue), and its alias's provisioned concurrency.
 */
export interface BillableFunction {
  key: string;
  arch: 'x86_64' | 'arm64';
  memoryMb: number;
  durationMs: number;
  runsPerMonth: number | null;
  peakPerSecond: number | null;
  /** The copies its alias keeps initialized (provisioned concurrency), billed every second; 0 without. */
  provisionedConcurrency: number;
}

/** A function's facts from its size, sizing tags and schedule (expression and state), whatever the source. */
export function billableFunction(f: { key: string; arch: BillableFunction['arch']; memoryMb: number; sizing: Sizing; schedule?: { state?: string; expression: string }; provisionedConcurrency: number }): BillableFunction {
  return {
    key: f.key,
    arch: f.arch,
    memoryMb: f.memoryMb,
    durationMs: f.sizing['duration-ms'] ?? fail(`function ${f.key}: no duration-ms sizing`),
    runsPerMonth: f.schedule ? (f.schedule.state === 'DISABLED' ? 0 : runsPerMonth(f.schedule.expression)) : null,
    peakPerSecond: f.schedule ? null : (f.sizing['peak-rps'] ?? null),
    provisionedConcurrency: f.provisionedConcurrency,
  };
}

/** A durable store's share of the system's data growth (GB a month), or null when the design knows none (the estimate then assumes storage_gb). */
export interface Growing {
  growthGbMonth: number | null;
}

/** How many metrics an alarm reads: one, or each metric its expression names. */
export const metricsRead = (m: object & { metrics?: Record<string, unknown> }): number => (m.metrics ? Object.keys(m.metrics).length : 1);

/** Every alarm of a design: its observability alarms and the alarm of each worker's step-scaling policy. */
const alarmsOf = (d: Design): AlarmDesign[] => [...d.observability.alarms, ...d.services.flatMap((s) => (s.kind === 'worker' ? s.scaling.stepPolicies.map((p) => p.alarm) : []))];

/** A store's growth from its sizing. */
export const growthOf = (s: Sizing): Growing => ({ growthGbMonth: s['growth-gb-month'] ?? null });

/**
 * The requests a second at peak that read and that write a table (its using services' rates), or null when the
 * design knows none (the estimate then bills the system's requests).
 */
export interface TableLoadFacts {
  peakReadsPerSecond: number | null;
  peakWritesPerSecond: number | null;
}

/** A table's request rates from its sizing. */
export const tableLoadOf = (s: Sizing): TableLoadFacts => ({ peakReadsPerSecond: s['peak-reads-per-second'] ?? null, peakWritesPerSecond: s['peak-writes-per-second'] ?? null });

/** A task's load and internet traffic from its sizing (src/design/sizing.ts), as every source reads it. */
export function taskLoadOf(s: Sizing): Pick<BillableTask, 'load' | 'egressGbMonth'> {
  const requests = s['peak-rps'];
  const peak = requests ?? s['peak-messages-per-second'];
  const perTask = s['rps-per-task'];
  return {
    load: peak !== undefined && perTask !== undefined && perTask > 0 ? { unit: requests !== undefined ? 'requests' : 'messages', peakPerSecond: peak, perTask } : null,
    egressGbMonth: s['egress-gb-month'] ?? 0,
  };
}

/**
 * The system's peak requests per second, as the output says it: the largest peak an HTTP service is sized for
 * (each is sized for the whole of requirements.peak_rps). What a template or preview is priced at without its blueprint.
 */
export function peakRpsOf(f: BillableFacts): number | undefined {
  const peaks = f.stacks.flatMap((s) => s.services).flatMap((s) => (s.load?.unit === 'requests' ? [s.load.peakPerSecond] : []));
  return peaks.length ? Math.max(...peaks) : undefined;
}

/**
 * A bucket's lifecycle: days after which objects move to Standard-IA, to Glacier Flexible Retrieval, and expire;
 * and (a versioned bucket) days a version is kept once it is no longer current.
 */
export interface BucketLifecycle {
  infrequentAfterDays: number | null;
  archiveAfterDays: number | null;
  expireAfterDays: number | null;
  noncurrentExpireAfterDays: number | null;
}

export interface BillableTask {
  key: string;
  cpu: number;
  memory: number;
  arch: 'x86_64' | 'arm64';
  /** Tasks running all month (a service's minimum; 0 for a job, which runs per schedule). */
  runningTasks: number;
  /** The most tasks autoscaling may run (a service's maximum, sized for peak_rps; 0 for a job). */
  peakTasks: number;
  /**
   * On Fargate Spot (a worker under cost.spot_for_workers): the first onDemandBase running tasks on regular
   * Fargate, every further one on Spot. null: every task on regular Fargate (launch type FARGATE).
   */
  spot: { onDemandBase: number } | null;
  /**
   * What the service is sized for: the peak requests (a worker: messages) per second reaching it and what one
   * task handles at its scaling target; the estimate runs the tasks a load needs, between runningTasks and
   * peakTasks. null when not known (no peak_rps, or a job): runningTasks all month.
   */
  load: { unit: 'requests' | 'messages'; peakPerSecond: number; perTask: number } | null;
  /** GB a month it exchanges with the internet on its own connections (egress_gb_month); 0 when not declared. */
  egressGbMonth: number;
  /** Runs in public subnets with a public IP: its traffic skips NAT, and each running task holds a public IPv4 address. */
  publicIp: boolean;
}

/** What a job is billed for, read alike from every source: its task, sizing and address, and its runs a month (none while disabled). */
export function billableJob(j: {
  key: string;
  cpu: number;
  memory: number;
  arch: BillableTask['arch'];
  sizing: Sizing;
  publicIp: boolean;
  schedule: { state?: string; expression: string };
}): BillableStack['jobs'][number] {
  return {
    key: j.key,
    cpu: j.cpu,
    memory: j.memory,
    arch: j.arch,
    runningTasks: 0,
    peakTasks: 0,
    spot: null,
    ...taskLoadOf(j.sizing),
    publicIp: j.publicIp,
    runsPerMonth: j.schedule.state === 'DISABLED' ? 0 : runsPerMonth(j.schedule.expression),
  };
}

/** A bucket's tiers and expiry from its lifecycle rule's transitions (STANDARD_IA, GLACIER) and expiration. */
export function lifecycleOf(transitions: readonly { storageClass: string; days: number }[], expireDays: number | null, noncurrentDays: number | null): BucketLifecycle | null {
  if (!transitions.length && expireDays === null && noncurrentDays === null) return null;
  const after = (storageClass: string) => transitions.find((t) => t.storageClass === storageClass)?.days ?? null;
  return { infrequentAfterDays: after('STANDARD_IA'), archiveAfterDays: after('GLACIER'), expireAfterDays: expireDays, noncurrentExpireAfterDays: noncurrentDays };
}

/**
 * Where a capacity provider strategy puts a task's hours, as BillableTask.spot: null when Fargate Spot takes no
 * task (no strategy, or FARGATE only), else the FARGATE base before Spot. A strategy that splits tasks between
 * both by weight is not one Blueprint renders, and is not priced: it throws.
 */
export function spotOfStrategy(strategy: readonly { capacityProvider: string; base?: number; weight?: number }[], what: string): BillableTask['spot'] {
  const spot = strategy.find((x) => x.capacityProvider === 'FARGATE_SPOT');
  if (!spot || !(spot.weight ?? 0)) return null;
  const regular = strategy.find((x) => x.capacityProvider === 'FARGATE');
  if (regular?.weight) throw new Error(`cost: ${what} splits its tasks between FARGATE and FARGATE_SPOT by weight, which the estimate does not price`);
  const other = strategy.find((x) => x.capacityProvider !== 'FARGATE' && x.capacityProvider !== 'FARGATE_SPOT');
  if (other) throw new Error(`cost: ${what} places tasks on capacity provider ${other.capacityProvider}, which the estimate does not price`);
  return { onDemandBase: regular?.base ?? 0 };
}

export interface BillableDatabase {
  key: string;
  engine: 'postgres' | 'mysql' | 'aurora-postgresql' | 'aurora-mysql';
  topology: 'instance' | 'cluster';
  instanceClass: string;
  /** Instances that run: 1 for an RDS instance, writer and readers for Aurora (0 when headless). */
  instances: number;
  multiAz: boolean;
  allocatedGb: number;
  serverlessMinAcu: number | null;
  serverlessMaxAcu: number | null;
  growthGbMonth: number | null;
}

export interface BillableFacts {
  name: string;
  region: string;
  stacks: BillableStack[];
}

/** The facts of a design and, when it has one, of its standby. */
export function factsFromDesign(d: Design): BillableFacts {
  return { name: d.name, region: d.region, stacks: [stackFacts(d, ''), ...(d.standby ? [stackFacts(d.standby, `${d.standby.name}/`)] : [])] };
}

function stackFacts(d: Design, prefix: string): BillableStack {
  const stores = <K extends StoreDesign['kind']>(kind: K) => d.stores.filter((s): s is Extract<StoreDesign, { kind: K }> => s.kind === kind);
  return {
    prefix,
    serving: !('standbyOf' in d),
    azs: d.network.availabilityZones.length,
    natGateways: d.network.natGateways,
    loadBalancer: d.loadBalancer !== undefined,
    loadBalancerCdn: d.loadBalancer?.cdn !== undefined,
    interfaceEndpoints: d.network.interfaceEndpoints.map((e) => e.service).sort(),
    gatewayEndpoints: d.network.gatewayEndpoints.map((e) => e.service).sort(),
    vpn: d.network.vpn !== undefined,
    healthChecks: d.dns?.healthChecks.length ?? 0,
    services: d.services.map((s) => ({
      key: s.key,
      cpu: s.cpu,
      memory: s.memory,
      arch: s.arch,
      runningTasks: s.initialTasks ?? s.scaling.minTasks,
      peakTasks: s.scaling.maxTasks,
      // Read from the strategy the renderers write, as the other sources read it.
      spot: s.kind === 'worker' && s.capacity ? spotOfStrategy(s.capacity.strategy, `service ${s.key}`) : null,
      ...taskLoadOf(s.sizing),
      publicIp: s.assignPublicIp,
    })),
    jobs: d.jobs.map((j) => billableJob({ ...j, publicIp: j.assignPublicIp })),
    functions: d.functions.map((f) => billableFunction({ ...f, provisionedConcurrency: f.alias?.provisionedConcurrency ?? 0 })),
    apis: d.apis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null, cdn: a.cdn !== undefined })),
    graphqlApis: d.graphqlApis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null })),
    restApis: d.restApis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null })),
    userPools: d.userPools.map((u) => ({ key: u.key, tier: u.tier })),
    buckets: stores('bucket')
      .filter((b) => !b.standbyReplica)
      .map((b) => ({
        key: b.key,
        replicaRegion: b.replication?.region ?? null,
        versioned: b.versioned,
        lifecycle: b.lifecycle
          ? { infrequentAfterDays: b.lifecycle.infrequentAfterDays ?? null, archiveAfterDays: b.lifecycle.archiveAfterDays ?? null, expireAfterDays: b.lifecycle.expireAfterDays ?? null, noncurrentExpireAfterDays: b.lifecycle.noncurrentExpireAfterDays ?? null }
          : null,
        ...growthOf(b.sizing),
      })),
    queues: stores('queue').map((q) => ({ key: q.key, fifo: q.fifo, peakMessagesPerSecond: q.sizing['peak-messages-per-second'] ?? null })),
    topics: stores('topic').map((t) => ({ key: t.key })),
    tables: stores('table')
      .filter((t) => !t.standbyReplica)
      .map((t) => ({
        key: t.key,
        provisioned: t.billing.mode === 'provisioned' ? { rcu: t.billing.read.initial + t.indexes.reduce((n, i) => n + (i.capacity?.read.initial ?? 0), 0), wcu: t.billing.write.initial + t.indexes.reduce((n, i) => n + (i.capacity?.write.initial ?? 0), 0) } : null,
        regions: 1 + t.replicaRegions.length,
        pointInTimeRecovery: t.pointInTimeRecovery,
        itemKb: t.sizing['item-kb'] ?? 1,
        ...growthOf(t.sizing),
        ...tableLoadOf(t.sizing),
      })),
    databases: stores('database').map((s) => ({
      key: s.key,
      engine: s.engine,
      topology: s.topology,
      instanceClass: s.instanceClass,
      instances: s.topology === 'instance' ? 1 : s.headless ? 0 : 1 + s.readers,
      multiAz: s.multiAz,
      allocatedGb: s.storage?.allocatedGb ?? 0,
      serverlessMinAcu: s.serverless?.minAcu ?? null,
      serverlessMaxAcu: s.serverless?.maxAcu ?? null,
      ...growthOf(s.sizing),
    })),
    caches: stores('cache').map((c) => ({ key: c.key, engine: c.engine, nodeType: c.nodeType, nodes: c.shards * (1 + c.replicasPerShard) })),
    backup: d.resilience.backup ? { stores: [...d.resilience.backup.stores].sort(), copyRegion: d.resilience.backup.rule.copyTo?.region ?? null } : null,
    customerKey: d.security.key !== undefined,
    secrets: d.stores.filter((s) => (s.kind === 'database' && s.credentials.source !== 'replica') || s.kind === 'cache').length,
    webAclRules: d.webAcl ? d.webAcl.rules.length : null,
    sites: (d.sites ?? []).map((s) => ({ key: s.key, priceClass: s.distribution.priceClass })),
    siteWebAclRules: d.siteWebAcl ? d.siteWebAcl.rules.length : null,
    trail: d.audit?.trail !== undefined,
    trailLogs: d.audit?.trail?.logGroup !== undefined,
    flowLogs: d.network.flowLogs !== undefined,
    guardDuty: d.audit?.guardDuty !== undefined,
    securityHubStandards: d.audit?.securityHub?.standards.length ?? 0,
    config: d.audit?.config !== undefined,
    // The observability alarms, and the alarm of each worker's step-scaling policy.
    alarms: alarmsOf(d).length,
    alarmMetrics: alarmsOf(d).reduce((n, a) => n + metricsRead(a.metric), 0),
    dashboard: d.observability.dashboard !== undefined,
    logRetentionDays: d.observability.logRetentionDays,
  };
}

/** Runs a month of a schedule expression: rate(N unit) exactly; cron(...) by its minutes, hours and days (30-day month). */
export function runsPerMonth(expression: JobDesign['schedule']['expression']): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
    return Math.floor((730 * 60) / minutes);
  }
  const cron = /^cron\((\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\)$/.exec(expression);
  if (!cron) return 30;
  const [, minute, hour, dom, , dow] = cron;
  const days = dom !== '*' && dom !== '?' ? count(dom, 30) : dow !== '*' && dow !== '?' ? Math.round((count(dayNumbers(dow), 7) * 30) / 7) : 30;
  return count(minute, 60) * count(hour, 24) * days;
}

/** How many values a cron field matches out of `all`: *, a/b steps, lists and ranges. */
function count(field: string, all: number): number {
  if (field === '*' || field === '?') return all;
  if (field.includes('/')) return Math.ceil(all / Number(field.split('/')[1]));
  return field.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined || Number.isNaN(a) || Number.isNaN(b) ? 1 : b - a + 1);
  }, 0);
}

const dayNumbers = (dow: string) => dow.replace(/SUN|MON|TUE|WED|THU|FRI|SAT/g, (d) => String('SUNMONTUEWEDTHUFRISAT'.indexOf(d) / 3 + 1));
