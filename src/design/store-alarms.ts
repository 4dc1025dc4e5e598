import type { Blueprint } from '../schema';
import { pct, type DecisionLog } from './decisions';
import { STRATEGY_LIMITS, strategyOf } from './resilience';
import { AGE_ALLOWANCE_SECONDS, AGE_STEPS } from './scaling';
import type { AlarmDesign, CacheDesign, DatabaseDesign, JobDesign, MetricDesign, QueueDesign, ServiceDesign, StoreDesign, TableDesign, WidgetDesign } from './types';

/*
 * Alarms on the data stores and the scheduled jobs, derived from the requirements (availability,
 * latency_p99_ms, rpo_minutes, rto_minutes) or a stated default, each with its arithmetic in the
 * decision's rationale: Aurora and RDS saturation, replica and global-database lag, storage; cache
 * evictions, memory and CPU per node; DynamoDB throttling and system errors; the age of every queue's
 * oldest message beyond what its worker's scaling handles; a scheduled job's failed run. Each notifies the
 * alarm topic when it fires and when it recovers, like every other alarm (designObservability).
 */

/** Sustained utilisation above this means the capacity is too small (the services' saturation alarms use it too). */
export const SATURATION_PERCENT = 85;
/** Store alarms look at 5-minute periods; "sustained" is 3 of them in a row (15 minutes), as the services' saturation alarms. */
const PERIOD_SECONDS = 300;
const SUSTAINED_PERIODS = 3;
/** Serverless v2 capacity this close to max_acu cannot grow much further. */
const ACU_PERCENT = 90;
/** Without latency_p99_ms: a reader further behind than this serves noticeably old data. */
const REPLICA_LAG_DEFAULT_MS = 1000;
/** Free storage below this share of the allocated storage: RDS storage autoscaling acts at 10 %, this warns first. */
const FREE_STORAGE_PERCENT = 20;
/** Of the engine's maxmemory (reserved memory excluded): at 100 % it evicts. */
const CACHE_MEMORY_PERCENT = 80;
/** ElastiCache's own guidance for EngineCPUUtilization (the engine is single-threaded for commands). */
const CACHE_ENGINE_CPU_PERCENT = 90;
/** CloudWatch takes at most 10 metrics in one alarm's math expression. */
export const MAX_METRICS_PER_ALARM = 10;
/** Without rto_minutes: a queue whose oldest message is an hour old pages. */
const QUEUE_AGE_DEFAULT_SECONDS = 3600;
/** Without rpo_minutes: the least RPO of pilot-light and warm-standby. */
const DEFAULT_RPO_MINUTES = STRATEGY_LIMITS['pilot-light'].rpoMinutes;
/** The operations DynamoDB reports SystemErrors for that an application's tasks call (the read and write API, and streams). */
export const TABLE_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'GetRecords', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'] as const;

type Record_ = DecisionLog['record'];

/** The store and job alarms, and the dashboard widgets of the stores' and jobs' key metrics (unlabelled). */
export function designStoreAlarms(
  bp: Blueprint,
  stores: StoreDesign[],
  services: ServiceDesign[],
  jobs: JobDesign[],
  log: DecisionLog,
): { alarms: AlarmDesign[]; widgets: WidgetDesign[] } {
  const alarms: AlarmDesign[] = [];
  const record: Record_ = (d) => log.record(d);
  for (const s of stores) {
    if (s.kind === 'database') alarms.push(...(s.topology === 'cluster' ? auroraAlarms(bp, s, record) : instanceAlarms(s, record)));
    else if (s.kind === 'cache') alarms.push(...cacheAlarms(s, record));
    else if (s.kind === 'table') alarms.push(...tableAlarms(s, record));
    else if (s.kind === 'queue') alarms.push(queueAgeAlarm(bp, s, services.find((w) => w.kind === 'worker' && w.consumes === s.key), record));
  }
  alarms.push(...jobAlarms(jobs, record));
  return { alarms, widgets: widgets(stores, jobs) };
}

function sustained(a: Omit<AlarmDesign, 'periodSeconds' | 'evaluationPeriods' | 'datapointsToAlarm'>): AlarmDesign {
  return { ...a, periodSeconds: PERIOD_SECONDS, evaluationPeriods: SUSTAINED_PERIODS, datapointsToAlarm: SUSTAINED_PERIODS };
}

/** Fires on the first 5-minute period that breaches (a count of events that should be zero). */
function once(a: Omit<AlarmDesign, 'periodSeconds' | 'evaluationPeriods' | 'datapointsToAlarm'>): AlarmDesign {
  return { ...a, periodSeconds: PERIOD_SECONDS, evaluationPeriods: 1, datapointsToAlarm: 1 };
}

const rds = (metricName: string, statistic: MetricDesign['statistic'], dimensions: MetricDesign['dimensions']): MetricDesign => ({ namespace: 'AWS/RDS', metricName, statistic, dimensions });

// --- Aurora ---------------------------------------------------------------------------------------------

function auroraAlarms(bp: Blueprint, d: DatabaseDesign, record: Record_): AlarmDesign[] {
  const subject = `data.${d.key}`;
  const concern = 'observability';
  const out: AlarmDesign[] = [];
  const secondary = d.global?.role === 'secondary';
  const cluster = (role?: 'WRITER' | 'READER') => ({ kind: 'database-cluster' as const, store: d.key, ...(role ? { role } : {}) });
  const running = !d.headless;

  if (running && !d.serverless) {
    // A secondary cluster's instances are all readers (the writer is the primary's, in the other region).
    const roles: ('WRITER' | 'READER')[] = secondary ? ['READER'] : d.readers > 0 ? ['WRITER', 'READER'] : ['WRITER'];
    for (const role of roles) {
      const who = role === 'WRITER' ? 'writer' : secondary ? 'instances' : 'readers';
      out.push(
        sustained({
          key: `${d.key}-${role === 'WRITER' ? 'writer' : 'reader'}-cpu`,
          description: `${d.key}: average CPU of the ${who} above ${SATURATION_PERCENT} % for 15 minutes (${d.instanceClass} is too small for the load)`,
          metric: rds('CPUUtilization', 'Average', cluster(role)),
          threshold: SATURATION_PERCENT,
          comparison: 'GreaterThanThreshold',
          treatMissingData: 'missing',
        }),
      );
      record({
        concern,
        subject,
        name: `alarm_${role === 'WRITER' ? 'writer' : 'reader'}_cpu`,
        value: `CPU (${role}) > ${SATURATION_PERCENT} % for 3 x 5 min`,
        source: 'default',
        rationale: `the ${who} of ${d.instanceClass} (CPUUtilization by DBClusterIdentifier and Role ${role}, which follows a failover): staying above ${SATURATION_PERCENT} % for 15 minutes means queries queue; a bigger instance_class${role === 'READER' && !secondary ? ' or more readers' : ''} is needed`,
      });
    }
  }
  if (running && d.serverless) {
    const near = Number(((d.serverless.maxAcu * ACU_PERCENT) / 100).toFixed(2));
    out.push(
      sustained({
        key: `${d.key}-acu-utilization`,
        description: `${d.key}: Serverless v2 capacity above ${ACU_PERCENT} % of max_acu ${pct(d.serverless.maxAcu)} (${pct(near)} ACU) for 15 minutes`,
        metric: rds('ACUUtilization', 'Average', cluster()),
        threshold: ACU_PERCENT,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'missing',
      }),
    );
    record({
      concern,
      subject,
      name: 'alarm_acu_utilization',
      value: `ACUUtilization > ${ACU_PERCENT} % for 3 x 5 min`,
      source: 'derived',
      rationale: `Serverless v2 grows its capacity on CPU and memory up to max_acu ${pct(d.serverless.maxAcu)}: ${ACU_PERCENT} % of it = ${pct(d.serverless.maxAcu)} x ${ACU_PERCENT / 100} = ${pct(near)} ACU; held there for 15 minutes, the cluster has nearly nowhere to grow (raise max_acu). No CPU alarm: CPU is what makes it scale, not its limit`,
    });
  }
  if (running && !secondary && d.readers > 0) {
    const latency = bp.requirements.latency_p99_ms;
    const lag = latency ?? REPLICA_LAG_DEFAULT_MS;
    out.push(
      sustained({
        key: `${d.key}-replica-lag`,
        description: `${d.key}: a reader more than ${lag} ms behind the writer for 15 minutes`,
        metric: rds('AuroraReplicaLagMaximum', 'Maximum', cluster('WRITER')),
        threshold: lag,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'missing',
      }),
    );
    record({
      concern,
      subject,
      name: 'alarm_replica_lag',
      value: `AuroraReplicaLagMaximum > ${lag} ms for 3 x 5 min`,
      source: latency ? 'derived' : 'default',
      rationale: `${d.readers} reader${d.readers === 1 ? '' : 's'}: the writer reports the lag of the furthest one (AuroraReplicaLagMaximum, Role WRITER). ${
        latency
          ? `requirements.latency_p99_ms ${latency}: a reader further behind than a whole request may take serves reads older than the latency objective allows`
          : `no latency_p99_ms: ${REPLICA_LAG_DEFAULT_MS} ms, where readers usually trail by tens of milliseconds`
      }; sustained for 15 minutes, the readers are overloaded or the writes too heavy for them (and a failover to one would start behind)`,
    });
  }
  if (d.global) {
    const g = globalLag(bp, d);
    // Pilot-light: the secondary cluster has no instance (the primary's design says so for its standby).
    const headless = d.headless || (!secondary && strategyOf(bp) === 'pilot-light');
    if (secondary) {
      out.push({
        key: `${d.key}-global-replication-lag`,
        description: `${d.key}: this secondary cluster more than ${g.thresholdMs} ms behind the primary in ${d.global.primaryRegion} for 5 minutes (half of the ${pct(g.rpoMinutes)}-minute RPO)`,
        metric: rds(g.metricName, 'Maximum', cluster()),
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        threshold: g.thresholdMs,
        comparison: 'GreaterThanThreshold',
        // Not reported (a headless cluster may report nothing until an instance is added): neither OK nor an alarm.
        treatMissingData: 'missing',
      });
    }
    record({
      concern,
      subject,
      name: 'alarm_global_replication_lag',
      value: `${g.metricName} > ${g.thresholdMs} ms for 5 x 1 min${secondary ? '' : ` (in the standby, ${d.global.secondaryRegion})`}`,
      source: g.written ? 'derived' : 'default',
      rationale: `${g.written ? `requirements.rpo_minutes ${pct(g.rpoMinutes)}` : `no rpo_minutes: the ${DEFAULT_RPO_MINUTES}-minute least RPO of a standby`} = ${pct(g.rpoMinutes * 60000)} ms; the alarm fires at half of it, ${pct(g.rpoMinutes * 60000)} / 2 = ${g.thresholdMs} ms, so there is time to act before a failover would lose more than the RPO. ${g.metricName} (${g.metricName === 'AuroraGlobalDBRPOLag' ? 'how far the secondary is behind in committed user transactions' : "this engine version's replication lag; AuroraGlobalDBRPOLag needs Aurora MySQL 3.04 or later"}) is reported for the secondary cluster in its own region, so the alarm lives in the standby's stack and notifies its alarm topic${headless ? '; a headless secondary may report nothing until failover adds an instance: missing data leaves the alarm neither OK nor in alarm' : ''}`,
    });
  }
  return out;
}

/** The global database's lag alarm: half the RPO, on the metric the engine version reports. */
function globalLag(bp: Blueprint, d: DatabaseDesign): { metricName: string; rpoMinutes: number; thresholdMs: number; written: boolean } {
  const written = bp.requirements.rpo_minutes;
  const rpoMinutes = written ?? DEFAULT_RPO_MINUTES;
  return { metricName: reportsRpoLag(d) ? 'AuroraGlobalDBRPOLag' : 'AuroraGlobalDBReplicationLag', rpoMinutes, thresholdMs: Math.round((rpoMinutes * 60000) / 2), written: written !== undefined };
}

/** AuroraGlobalDBRPOLag: every Aurora PostgreSQL global database, Aurora MySQL from 3.04. */
function reportsRpoLag(d: DatabaseDesign): boolean {
  if (d.engine !== 'aurora-mysql') return true;
  const m = /mysql_aurora\.(\d+)\.(\d+)/.exec(d.engineVersion);
  return !!m && (Number(m[1]) > 3 || (Number(m[1]) === 3 && Number(m[2]) >= 4));
}

// --- RDS instances ----------------------------------------------------------------------------------------

function instanceAlarms(d: DatabaseDesign, record: Record_): AlarmDesign[] {
  const subject = `data.${d.key}`;
  const concern = 'observability';
  const instance = { kind: 'database-instance' as const, store: d.key };
  const storage = d.storage!;
  const freeGb = Number(((storage.allocatedGb * FREE_STORAGE_PERCENT) / 100).toFixed(2));
  const freeBytes = Math.round(freeGb * 2 ** 30);
  record({
    concern,
    subject,
    name: 'alarm_cpu',
    value: `CPU > ${SATURATION_PERCENT} % for 3 x 5 min`,
    source: 'default',
    rationale: `${d.instanceClass}: staying above ${SATURATION_PERCENT} % for 15 minutes means queries queue; a bigger instance_class is needed`,
  });
  record({
    concern,
    subject,
    name: 'alarm_free_storage',
    value: `free storage < ${pct(freeGb)} GiB (${freeBytes} bytes) for 3 x 5 min`,
    source: 'derived',
    rationale: `${FREE_STORAGE_PERCENT} % of the allocated ${storage.allocatedGb} GiB = ${storage.allocatedGb} x ${FREE_STORAGE_PERCENT / 100} = ${pct(freeGb)} GiB. Storage autoscaling grows the disk (up to ${storage.maxAllocatedGb} GiB) when less than 10 % is free, so the alarm first warns that growth is coming, then recovers as the disk grows; once it has grown to ${storage.maxAllocatedGb} GiB, it is the warning that the disk will fill`,
  });
  record({
    concern,
    subject,
    name: 'alarm_replica_lag',
    value: false,
    source: 'default',
    rationale: d.multiAz ? 'no read replica: the Multi-AZ standby is synchronous (no lag) and serves no reads' : 'no read replica, so no replica lag to watch',
  });
  return [
    sustained({
      key: `${d.key}-cpu`,
      description: `${d.key}: average CPU above ${SATURATION_PERCENT} % for 15 minutes (${d.instanceClass} is too small for the load)`,
      metric: rds('CPUUtilization', 'Average', instance),
      threshold: SATURATION_PERCENT,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    }),
    sustained({
      key: `${d.key}-free-storage`,
      description: `${d.key}: less than ${pct(freeGb)} GiB of storage free (${FREE_STORAGE_PERCENT} % of the allocated ${storage.allocatedGb} GiB) for 15 minutes`,
      metric: rds('FreeStorageSpace', 'Minimum', instance),
      threshold: freeBytes,
      comparison: 'LessThanThreshold',
      treatMissingData: 'missing',
    }),
  ];
}

// --- Caches -----------------------------------------------------------------------------------------------

/** A cache's nodes, as ElastiCache names its member clusters after the group: 001, 002, ... or, in cluster mode, 0001-001, 0001-002, ... */
export function cacheNodes(c: CacheDesign): string[] {
  const perShard = 1 + c.replicasPerShard;
  const node = (i: number) => String(i + 1).padStart(3, '0');
  if (!c.clusterMode) return Array.from({ length: perShard }, (_, i) => node(i));
  return Array.from({ length: c.shards }, (_, s) => Array.from({ length: perShard }, (_, i) => `${String(s + 1).padStart(4, '0')}-${node(i)}`)).flat();
}

const CACHE_METRICS = [
  {
    label: 'evictions',
    metricName: 'Evictions',
    statistic: 'Sum' as const,
    threshold: 0,
    what: (n: string) => `keys evicted on ${n} in each of 3 periods of 5 minutes`,
    why: 'the engine drops keys only when its memory is full: a cache sized for its working set evicts nothing, so evictions for 15 minutes in a row mean a bigger node_type (or more shards)',
  },
  {
    label: 'memory',
    metricName: 'DatabaseMemoryUsagePercentage',
    statistic: 'Maximum' as const,
    threshold: CACHE_MEMORY_PERCENT,
    what: (n: string) => `memory above ${CACHE_MEMORY_PERCENT} % of maxmemory on ${n} for 15 minutes`,
    why: `DatabaseMemoryUsagePercentage is the share of maxmemory (reserved memory excluded) in use; at 100 % the engine evicts, so ${CACHE_MEMORY_PERCENT} % is the warning before it does`,
  },
  {
    label: 'engine-cpu',
    metricName: 'EngineCPUUtilization',
    statistic: 'Average' as const,
    threshold: CACHE_ENGINE_CPU_PERCENT,
    what: (n: string) => `engine CPU above ${CACHE_ENGINE_CPU_PERCENT} % on ${n} for 15 minutes`,
    why: `the engine runs commands on one thread: EngineCPUUtilization is that thread's share, and ${CACHE_ENGINE_CPU_PERCENT} % is ElastiCache's own guidance for when commands start to queue`,
  },
];

/**
 * Each metric on every node (metrics are per node: CacheClusterId), the worst node deciding: one alarm per
 * metric over MAX() of up to 10 nodes (CloudWatch's limit of metrics in one alarm), so a cache has 3 alarms
 * per 10 nodes, not 3 per node.
 */
function cacheAlarms(c: CacheDesign, record: Record_): AlarmDesign[] {
  const nodes = cacheNodes(c);
  const chunks: string[][] = [];
  for (let i = 0; i < nodes.length; i += MAX_METRICS_PER_ALARM) chunks.push(nodes.slice(i, i + MAX_METRICS_PER_ALARM));
  const out: AlarmDesign[] = [];
  for (const m of CACHE_METRICS) {
    for (const [i, chunk] of chunks.entries()) {
      const metric = (node: string): MetricDesign => ({ namespace: 'AWS/ElastiCache', metricName: m.metricName, statistic: m.statistic, dimensions: { kind: 'cache-node', store: c.key, node } });
      const which = chunk.length === 1 ? `node ${chunk[0]}` : chunks.length === 1 ? 'any node' : `any of nodes ${chunk[0]} to ${chunk.at(-1)}`;
      out.push(
        sustained({
          key: `${c.key}-${m.label}${chunks.length > 1 ? `-${i + 1}` : ''}`,
          description: `${c.key}: ${m.what(which)}`,
          metric:
            chunk.length === 1
              ? metric(chunk[0])
              : { expression: `MAX([${chunk.map(nodeId).join(', ')}])`, label: `${m.metricName} (worst node)`, metrics: Object.fromEntries(chunk.map((n) => [nodeId(n), metric(n)])) },
          threshold: m.threshold,
          comparison: 'GreaterThanThreshold',
          treatMissingData: 'missing',
        }),
      );
    }
    record({
      concern: 'observability',
      subject: `data.${c.key}`,
      name: `alarm_${m.label.replace(/-/g, '_')}`,
      value: `${m.metricName} > ${m.threshold}${m.label === 'evictions' ? '' : ' %'} on the worst node for 3 x 5 min`,
      source: 'default',
      rationale: `${m.why}. ${nodes.length} node${nodes.length === 1 ? '' : 's'} (${c.clusterMode ? `${c.shards} shards x ${1 + c.replicasPerShard}` : `1 primary + ${c.replicasPerShard} replica${c.replicasPerShard === 1 ? '' : 's'}`}): ElastiCache reports per node, so ${
        nodes.length === 1 ? 'the alarm watches the one node' : `${chunks.length === 1 ? 'one alarm' : `${chunks.length} alarms`} over MAX() of the nodes (at most ${MAX_METRICS_PER_ALARM} metrics in an alarm), not one per node`
      }`,
    });
  }
  return out;
}

/** A metric id for a node: lower case letters, digits and underscores, starting with a letter. */
const nodeId = (node: string) => `node_${node.replace(/-/g, '_')}`;

// --- Tables -----------------------------------------------------------------------------------------------

function tableAlarms(t: TableDesign, record: Record_): AlarmDesign[] {
  const table = (metricName: string, operation?: string): MetricDesign => ({ namespace: 'AWS/DynamoDB', metricName, statistic: 'Sum', dimensions: { kind: 'table', store: t.key, ...(operation ? { operation } : {}) } });
  const provisioned = t.billing.mode === 'provisioned';
  record({
    concern: 'observability',
    subject: `data.${t.key}`,
    name: 'alarm_throttles',
    value: 'read or write throttle events in 3 x 5 min',
    source: 'default',
    rationale: `${provisioned ? 'autoscaling adds capacity within a few minutes of a rise' : 'on demand, a table throttles only past twice its previous peak or at the account limits'}: throttling in 3 periods of 5 minutes in a row is not a burst (the SDKs retry those) but capacity that does not keep up${provisioned ? ' (max reached, or scaling too slow)' : ''}. The table's ReadThrottleEvents and WriteThrottleEvents; an index's own are not summed in`,
  });
  record({
    concern: 'observability',
    subject: `data.${t.key}`,
    name: 'alarm_system_errors',
    value: 'system errors in 3 x 5 min',
    source: 'default',
    rationale: `HTTP 500s from DynamoDB, summed over ${TABLE_OPERATIONS.join(', ')} (SystemErrors is reported per operation); a few are retried by the SDKs, errors in 3 periods of 5 minutes in a row are a DynamoDB problem in the region`,
  });
  return [
    sustained({
      key: `${t.key}-throttles`,
      description: `${t.key}: read or write requests throttled in each of 3 periods of 5 minutes`,
      metric: { expression: 'FILL(reads, 0) + FILL(writes, 0)', label: 'throttle events', metrics: { reads: table('ReadThrottleEvents'), writes: table('WriteThrottleEvents') } },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    }),
    sustained({
      key: `${t.key}-system-errors`,
      description: `${t.key}: DynamoDB system errors (HTTP 500) in each of 3 periods of 5 minutes`,
      metric: {
        expression: TABLE_OPERATIONS.map((o) => `FILL(${o.toLowerCase()}, 0)`).join(' + '),
        label: 'system errors',
        metrics: Object.fromEntries(TABLE_OPERATIONS.map((o) => [o.toLowerCase(), table('SystemErrors', o)])),
      },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    }),
  ];
}

// --- Queues -----------------------------------------------------------------------------------------------

/**
 * The age of the oldest message, for a human: beyond what the worker's message-age policy handles (at
 * least twice the age of its biggest step), within the recovery objective (half of rto_minutes, or an
 * hour), and well before the queue drops messages (a quarter of its retention).
 */
export function queueAgeThreshold(bp: Blueprint, q: QueueDesign): { seconds: number; floor: number; candidate: number; ceiling: number } {
  const topStep = AGE_STEPS.at(-1)!.from * (q.visibilityTimeoutSeconds + AGE_ALLOWANCE_SECONDS);
  const floor = 2 * topStep;
  const rto = bp.requirements.rto_minutes;
  const candidate = rto !== undefined ? Math.round((rto * 60) / 2) : QUEUE_AGE_DEFAULT_SECONDS;
  const ceiling = Math.floor(q.retentionSeconds / 4);
  return { seconds: Math.min(Math.max(candidate, floor), ceiling), floor, candidate, ceiling };
}

function queueAgeAlarm(bp: Blueprint, q: QueueDesign, worker: ServiceDesign | undefined, record: Record_): AlarmDesign {
  const t = queueAgeThreshold(bp, q);
  const rto = bp.requirements.rto_minutes;
  const topStep = t.floor / 2;
  record({
    concern: 'observability',
    subject: `data.${q.key}`,
    name: 'alarm_message_age',
    value: `oldest message > ${t.seconds} s (5 min)`,
    source: rto !== undefined ? 'derived' : 'default',
    rationale: `${rto !== undefined ? `requirements.rto_minutes ${pct(rto)}: half of it, ${pct(rto)} x 60 / 2 = ${t.candidate} s` : `no rto_minutes: ${QUEUE_AGE_DEFAULT_SECONDS} s`}; at least twice ${topStep} s (${AGE_STEPS.at(-1)!.from} x (visibility timeout ${q.visibilityTimeoutSeconds} s + ${AGE_ALLOWANCE_SECONDS} s), ${
      worker ? `where ${worker.key}'s message-age policy adds its biggest step: the alarm pages a human only once scaling had its chance` : 'the age at which a worker would add its biggest step: no worker consumes it, so a human is the consumer of last resort'
    }) = ${t.floor} s; at most a quarter of the ${q.retentionSeconds / 86400}-day retention (${q.retentionSeconds} / 4 = ${t.ceiling} s), so three quarters of it are left before messages are dropped -> ${t.seconds} s`,
  });
  return once({
    key: `${q.key}-message-age`,
    description: `${q.key}: oldest message older than ${t.seconds} s${worker ? ` (beyond what ${worker.key}'s scaling handles)` : ''}; messages are dropped after ${q.retentionSeconds / 86400} days`,
    metric: { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum', dimensions: { kind: 'queue', store: q.key } },
    threshold: t.seconds,
    comparison: 'GreaterThanThreshold',
    // An idle queue stops reporting: nothing is waiting.
    treatMissingData: 'notBreaching',
  });
}

// --- Scheduled jobs ---------------------------------------------------------------------------------------

function jobAlarms(jobs: JobDesign[], record: Record_): AlarmDesign[] {
  if (!jobs.length) return [];
  const group = jobs[0].schedule.group;
  const names = jobs.map((j) => j.key).join(', ');
  const out: AlarmDesign[] = [
    once({
      key: 'jobs-dropped-runs',
      description: `scheduled jobs (${names}): a run the scheduler could not start after its retries`,
      metric: { namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', statistic: 'Sum', dimensions: { kind: 'schedule-group' } },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    }),
  ];
  record({
    concern: 'observability',
    subject: 'observability',
    name: 'alarm_dropped_runs',
    value: `schedule group ${group}: a dropped run`,
    source: 'default',
    rationale: `EventBridge Scheduler reports per schedule group, so every job's schedule is in the stack's own group, ${group}; InvocationDroppedCount counts the runs it gave up starting after ${jobs[0].schedule.maximumRetries} retries within ${jobs[0].schedule.maximumEventAgeSeconds / 60} minutes (no dead-letter queue): one is a run that never happened`,
  });
  for (const j of jobs) {
    out.push(
      once({
        key: `${j.key}-failed-runs`,
        description: `${j.key}: a run stopped without finishing (it failed to start, or a container exited with a non-zero code)`,
        metric: { namespace: 'AWS/Events', metricName: 'MatchedEvents', statistic: 'Sum', dimensions: { kind: 'failed-runs-rule', job: j.key } },
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      }),
    );
    record({
      concern: 'observability',
      subject: `services.${j.key}`,
      name: 'alarm_failed_runs',
      value: 'a failed run (5 min)',
      source: 'default',
      rationale: `an EventBridge rule matches the ECS Task State Change of ${j.key}'s task stopping after it failed to start or with a non-zero exit code; the alarm counts its MatchedEvents: a job runs on its schedule (${j.schedule.expression}) and nothing runs it again, so one failed run is already work not done${j.schedule.state === 'DISABLED' ? '. Its schedule is disabled here: the alarm fires only once failing over enables it' : ''}`,
    });
  }
  return out;
}

// --- Dashboard --------------------------------------------------------------------------------------------

function widgets(stores: StoreDesign[], jobs: JobDesign[]): WidgetDesign[] {
  const out: WidgetDesign[] = [];
  const add = (title: string, metrics: MetricDesign[], periodSeconds = 300) => {
    if (metrics.length) out.push({ title, metrics, periodSeconds });
  };
  const dbs = stores.filter((s): s is DatabaseDesign => s.kind === 'database');
  const clusters = dbs.filter((d) => d.topology === 'cluster' && !d.headless);
  const cluster = (d: DatabaseDesign, role?: 'WRITER' | 'READER') => ({ kind: 'database-cluster' as const, store: d.key, ...(role ? { role } : {}) });
  add('Database CPU (%)', [
    ...clusters.filter((d) => !d.serverless).flatMap((d) => {
      const roles: ('WRITER' | 'READER')[] = d.global?.role === 'secondary' ? ['READER'] : d.readers > 0 ? ['WRITER', 'READER'] : ['WRITER'];
      return roles.map((role) => rds('CPUUtilization', 'Average', cluster(d, role)));
    }),
    ...dbs.filter((d) => d.topology === 'instance').map((d) => rds('CPUUtilization', 'Average', { kind: 'database-instance', store: d.key })),
  ]);
  add('Database capacity (% of max ACU)', clusters.filter((d) => d.serverless).map((d) => rds('ACUUtilization', 'Average', cluster(d))));
  add('Database replica lag (ms)', clusters.filter((d) => d.global?.role !== 'secondary' && d.readers > 0).map((d) => rds('AuroraReplicaLagMaximum', 'Maximum', cluster(d, 'WRITER'))));
  add('Database free storage (bytes)', dbs.filter((d) => d.topology === 'instance').map((d) => rds('FreeStorageSpace', 'Minimum', { kind: 'database-instance', store: d.key })));
  add(
    'Global database lag (ms)',
    dbs.filter((d) => d.global?.role === 'secondary').map((d) => rds(reportsRpoLag(d) ? 'AuroraGlobalDBRPOLag' : 'AuroraGlobalDBReplicationLag', 'Maximum', cluster(d))),
    60,
  );
  const caches = stores.filter((s): s is CacheDesign => s.kind === 'cache');
  for (const m of CACHE_METRICS) {
    add(
      `Cache ${m.label === 'engine-cpu' ? 'engine CPU (%)' : m.label === 'memory' ? 'memory (% of maxmemory)' : 'evictions'}`,
      caches.flatMap((c) => cacheNodes(c).map((node): MetricDesign => ({ namespace: 'AWS/ElastiCache', metricName: m.metricName, statistic: m.statistic, dimensions: { kind: 'cache-node', store: c.key, node } }))),
    );
  }
  const tables = stores.filter((s) => s.kind === 'table');
  add(
    'Table throttle events',
    tables.flatMap((t) => ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName): MetricDesign => ({ namespace: 'AWS/DynamoDB', metricName, statistic: 'Sum', dimensions: { kind: 'table', store: t.key } }))),
  );
  add(
    'Queue: oldest message (s)',
    stores.filter((s) => s.kind === 'queue').map((q): MetricDesign => ({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum', dimensions: { kind: 'queue', store: q.key } })),
    60,
  );
  if (jobs.length) {
    add('Scheduled jobs: dropped and failed runs', [
      { namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', statistic: 'Sum', dimensions: { kind: 'schedule-group' } },
      ...jobs.map((j): MetricDesign => ({ namespace: 'AWS/Events', metricName: 'MatchedEvents', statistic: 'Sum', dimensions: { kind: 'failed-runs-rule', job: j.key } })),
    ]);
  }
  return out;
}
