import type { BillableDatabase, BillableFacts, BillableStack, BillableTask, BucketLifecycle } from './facts';
import type { CostConcern, CostLine } from './types';
import { assumed, type UsageAssumption, type UsageKey } from './usage';

/** Hours in the month every estimate assumes (AWS's own convention). */
export const HOURS = 730;

/**
 * The bill of materials: every billable quantity a month, as cost lines, from the facts of each stack
 * (the primary and, when there is one, its standby, whose resources are prefixed with its name). Fixed
 * lines come from the facts alone; usage lines from the assumptions.
 */
export function billOf(facts: BillableFacts, usage: readonly UsageAssumption[]): CostLine[] {
  return facts.stacks.flatMap((s) => stackBill(s, usage));
}

type Add = (resource: string, concern: CostConcern, component: string, priceKey: string, quantity: number, fixed: boolean, basis: string) => void;

function stackBill(f: BillableStack, usage: readonly UsageAssumption[]): CostLine[] {
  const lines: CostLine[] = [];
  const add: Add = (resource, concern, component, priceKey, quantity, fixed, basis) => lines.push({ resource: f.prefix + resource, concern, component, priceKey, quantity: round(quantity), fixed, basis });
  const u = (key: UsageKey) => assumed(usage, key);
  const requests = f.serving ? u('requests_per_month') : 0;
  const tasks = f.services.reduce((n, s) => n + s.runningTasks, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

  // Network: NAT gateways (hours and the data they process), public IPv4 addresses, endpoints, VPN.
  if (f.natGateways) {
    add('nat-gateways', 'network', 'hours', 'ec2.nat-gateway.hour', f.natGateways * HOURS, true, `${f.natGateways} x ${HOURS} h`);
    add('nat-gateways', 'network', 'data processed', 'ec2.nat-gateway.gb-processed', tasks * u('nat_gb_per_task'), false, `${plural(tasks, 'running task')} x ${u('nat_gb_per_task')} GB`);
    // Without an S3 gateway endpoint, the tasks' S3 traffic (image layers, buckets) goes through NAT too.
    if (!f.gatewayEndpoints.includes('s3')) add('nat-gateways', 'network', 'S3 data processed', 'ec2.nat-gateway.gb-processed', tasks * u('s3_gb_per_task'), false, `${plural(tasks, 'running task')} x ${u('s3_gb_per_task')} GB of S3 traffic, no S3 gateway endpoint`);
  }
  const addresses = f.natGateways + (f.loadBalancer ? f.azs : 0);
  if (addresses) add('public-ipv4', 'network', 'address-hours', 'ec2.public-ipv4.hour', addresses * HOURS, true, `${plural(f.natGateways, 'NAT gateway')}${f.loadBalancer ? ` + the load balancer's ${f.azs} (one per AZ)` : ''} x ${HOURS} h`);
  for (const e of f.interfaceEndpoints) add(`endpoint:${e}`, 'network', 'AZ-hours', 'ec2.vpc-endpoint.interface.az-hour', f.azs * HOURS, true, `${f.azs} AZs x ${HOURS} h`);
  if (f.vpn) add('vpn', 'network', 'connection-hours', 'ec2.vpn-connection.hour', HOURS, true, `1 connection x ${HOURS} h`);

  // The load balancer: hours, and LCUs from the traffic (new connections or processed bytes, whichever is more).
  if (f.loadBalancer) {
    add('load-balancer', 'network', 'hours', 'elb.alb.hour', HOURS, true, `${HOURS} h`);
    const rps = requests / (HOURS * 3600);
    const gbPerHour = (rps * 3600 * u('response_kb')) / 1e6;
    add('load-balancer', 'network', 'LCU-hours', 'elb.alb.lcu-hour', Math.max(rps / 25, gbPerHour) * HOURS, false, `max(${round(rps)} requests/s / 25 new connections, ${round(gbPerHour)} GB/h processed) x ${HOURS} h`);
    add('internet', 'network', 'data out', 'data-transfer.internet-out.gb', (requests * u('response_kb')) / 1e6, false, `${requests} requests x ${u('response_kb')} KB`);
  }

  // Compute: each service's running tasks all month; each job's runs.
  for (const s of f.services) {
    if (!s.spot) {
      addTasks(add, `service:${s.key}`, s, s.runningTasks * HOURS, `${plural(s.runningTasks, 'task')} x ${HOURS} h`, true);
      continue;
    }
    // Fargate Spot: the regular Fargate base first (its lines only when there is one), every further task on Spot.
    const base = s.spot.onDemandBase;
    const regular = Math.min(s.runningTasks, base);
    const spot = s.runningTasks - regular;
    if (base) addTasks(add, `service:${s.key}`, s, regular * HOURS, `${plural(regular, 'task')} (the regular Fargate base of ${base}) x ${HOURS} h`, true);
    addTasks(add, `service:${s.key}`, s, spot * HOURS, `${plural(spot, 'task')} on Spot x ${HOURS} h`, true, 'spot');
  }
  for (const j of f.jobs) {
    const runs = f.serving ? j.runsPerMonth : 0;
    addTasks(add, `job:${j.key}`, j, (runs * u('job_minutes_per_run')) / 60, `${runs} runs x ${u('job_minutes_per_run')} min`, false);
  }

  // Data.
  const gb = u('storage_gb');
  for (const b of f.buckets) {
    bucketStorage(add, `bucket:${b.key}`, b.lifecycle, gb, '');
    // The replica is written in S3 Standard and keeps the bucket's tiers and expiry.
    if (b.replicaRegion) {
      bucketStorage(add, `bucket:${b.key}/replica`, b.lifecycle, gb, ` replicated to ${b.replicaRegion}`);
      // Each month's new objects cross to the other region once: storage_gb is a year of them.
      add(`bucket:${b.key}/replica`, 'data', 'replication transfer', 'data-transfer.inter-region.gb', gb / 12, false, `a month of new objects (${gb} GB / 12) copied to ${b.replicaRegion}`);
    }
  }
  for (const q of f.queues) {
    const messages = requests * u('queue_messages_per_request');
    add(`queue:${q.key}`, 'data', 'requests', q.fifo ? 'sqs.fifo.million-requests' : 'sqs.standard.million-requests', (messages * 3) / 1e6, false, `${round(messages)} messages x 3 (send, receive, delete)`);
  }
  for (const t of f.topics) add(`topic:${t.key}`, 'data', 'publishes', 'sns.publishes.million', (requests * u('topic_publishes_per_request')) / 1e6, false, `${requests} requests x ${u('topic_publishes_per_request')}`);
  for (const t of f.tables) {
    const name = `table:${t.key}`;
    const regions = t.regions > 1 ? `, in ${t.regions} regions` : '';
    if (t.provisioned) {
      add(name, 'data', 'read capacity', 'dynamodb.provisioned.rcu-hour', t.provisioned.rcu * HOURS, true, `${t.provisioned.rcu} RCU (table and indexes) x ${HOURS} h; autoscaling moves it`);
      add(name, 'data', 'write capacity', 'dynamodb.provisioned.wcu-hour', t.provisioned.wcu * HOURS, true, `${t.provisioned.wcu} WCU (table and indexes) x ${HOURS} h; autoscaling moves it`);
    } else {
      add(name, 'data', 'reads', 'dynamodb.on-demand.read.million', (requests * u('table_reads_per_request')) / 1e6, false, `${requests} requests x ${u('table_reads_per_request')}`);
      add(name, 'data', 'writes', 'dynamodb.on-demand.write.million', ((requests * u('table_writes_per_request')) / 1e6) * t.regions, false, `${requests} requests x ${u('table_writes_per_request')}${regions}`);
    }
    add(name, 'data', 'storage', 'dynamodb.storage.gb-month', gb * t.regions, false, `${gb} GB${regions}`);
    if (t.pointInTimeRecovery) add(name, 'data', 'point-in-time recovery', 'dynamodb.pitr.gb-month', gb, false, `${gb} GB`);
  }
  for (const db of f.databases) databaseBill(db, add, gb, f.serving ? u('average_load_percent') : 0);
  for (const c of f.caches) add(`cache:${c.key}`, 'data', 'node-hours', `elasticache.${c.engine}.${c.nodeType}.hour`, c.nodes * HOURS, true, `${plural(c.nodes, `${c.nodeType} node`)} x ${HOURS} h`);
  if (f.backup) {
    const n = f.backup.stores;
    add('backup', 'data', 'warm storage', 'backup.warm-storage.gb-month', n * gb, false, `${plural(n, 'store')}${f.backup.names ? ` (${f.backup.names.join(', ')})` : ''} x ${gb} GB`);
    if (f.backup.copyRegion) {
      add('backup', 'data', `copies in ${f.backup.copyRegion}`, 'backup.warm-storage.gb-month', n * gb, false, `${n} x ${gb} GB`);
      // Copies after the first are incremental: about a month of new data crosses each month.
      add('backup', 'data', `copy transfer to ${f.backup.copyRegion}`, 'data-transfer.inter-region.gb', (n * gb) / 12, false, `${n} x a month of new data (${gb} GB / 12)`);
    }
  }

  // Security.
  if (f.customerKey) add('key', 'security', 'key-months', 'kms.customer-managed-key.month', 1, true, '1 key');
  if (f.secrets) add('secrets', 'security', 'secret-months', 'secretsmanager.secret.month', f.secrets, true, `${plural(f.secrets, 'secret')} (database credentials, cache AUTH tokens)`);
  if (f.webAclRules !== null) {
    add('web-acl', 'security', 'web ACL-months', 'waf.web-acl.month', 1, true, '1 web ACL');
    add('web-acl', 'security', 'rule-months', 'waf.rule.month', f.webAclRules, true, plural(f.webAclRules, 'rule'));
    add('web-acl', 'security', 'requests', 'waf.requests.million', requests / 1e6, false, `${requests} requests`);
  }
  if (f.trail) add('trail', 'security', 'management events (first copy)', 'cloudtrail.management-events.first-copy', 1, true, 'the first copy of management events is free');
  // The audit services bill what they record and analyze: account activity, not requests.
  const events = u('management_events_per_month');
  const eventsGb = (events * u('management_event_kb')) / 1e6;
  if (f.trailLogs) add('trail', 'security', 'log ingestion', 'logs.ingestion.gb', eventsGb, false, `${events} events x ${u('management_event_kb')} KB into its log group`);
  // Flow-log volume follows the requests (GuardDuty reads the VPC's flow logs whether or not the stack keeps them).
  const flowGb = (requests * u('flow_log_kb_per_request')) / 1e6;
  if (f.guardDuty) {
    add('guardduty', 'security', 'CloudTrail events analyzed', 'guardduty.cloudtrail-events.million', events / 1e6, false, `${events} management events`);
    add('guardduty', 'security', 'VPC flow logs analyzed', 'guardduty.vpc-flow-logs.gb', flowGb, false, `${requests} requests x ${u('flow_log_kb_per_request')} KB`);
  }
  if (f.securityHubStandards) add('security-hub', 'security', 'security checks', 'securityhub.security-checks.first-100k', f.securityHubStandards * u('securityhub_checks_per_standard'), false, `${plural(f.securityHubStandards, 'standard')} x ${u('securityhub_checks_per_standard')} checks`);
  if (f.config) add('config', 'security', 'configuration items', 'config.configuration-item', u('config_items_per_month'), false, `${u('config_items_per_month')} items recorded`);

  // Observability: alarms, the dashboard, logs ingested and stored.
  if (f.alarms) add('alarms', 'observability', 'alarm-months', 'cloudwatch.alarm.standard.month', f.alarms, true, plural(f.alarms, 'alarm'));
  if (f.dashboard) add('dashboard', 'observability', 'dashboard-months', 'cloudwatch.dashboard.month', 1, true, '1 dashboard');
  const logGb = (requests * u('log_kb_per_request')) / 1e6 + tasks * u('log_gb_per_task');
  add('logs', 'observability', 'ingestion', 'logs.ingestion.gb', logGb, false, `${requests} requests x ${u('log_kb_per_request')} KB + ${plural(tasks, 'task')} x ${u('log_gb_per_task')} GB`);
  // Steady state: a month's logs kept for the retention (at most a year is counted).
  const months = Math.min(12, f.logRetentionDays / 30);
  add('logs', 'observability', 'storage', 'logs.storage.gb-month', logGb * months, false, `${round(logGb)} GB a month kept ${round(months)} months`);
  if (f.flowLogs) {
    add('flow-logs', 'observability', 'ingestion', 'logs.ingestion.gb', flowGb, false, `${requests} requests x ${u('flow_log_kb_per_request')} KB of flow-log records`);
    add('flow-logs', 'observability', 'storage', 'logs.storage.gb-month', flowGb * months, false, `${round(flowGb)} GB a month kept ${round(months)} months`);
  }
  return lines;
}

/** Days in the year of data storage_gb is: objects are written evenly through it, so their ages spread evenly. */
const YEAR_DAYS = 365;

/**
 * A bucket's storage by class: without a lifecycle, all of it in S3 Standard; with one, each class holds the
 * objects whose age falls in its span (a year's data written evenly: the share of the year each span covers),
 * and expired objects are gone. Transition requests, minimum storage durations and retrievals are not billed.
 */
function bucketStorage(add: Add, resource: string, l: BucketLifecycle | null, gb: number, replicated: string): void {
  if (!l) {
    add(resource, 'data', 'storage', 's3.standard.gb-month', gb, false, replicated ? `${gb} GB${replicated}` : `${gb} GB in S3 Standard`);
    return;
  }
  const end = Math.min(YEAR_DAYS, l.expireAfterDays ?? YEAR_DAYS);
  const ia = l.infrequentAfterDays ?? Infinity;
  const archive = l.archiveAfterDays ?? Infinity;
  const spans: [component: string, priceKey: string, from: number, to: number][] = [
    ['storage', 's3.standard.gb-month', 0, Math.min(ia, archive, end)],
    ['storage (Standard-IA)', 's3.standard-ia.gb-month', ia, Math.min(archive, end)],
    ['storage (Glacier Flexible Retrieval)', 's3.glacier-flexible-retrieval.gb-month', archive, end],
  ];
  const expired = l.expireAfterDays !== null && l.expireAfterDays < YEAR_DAYS ? `; older than ${l.expireAfterDays} days expired` : '';
  for (const [component, priceKey, from, to] of spans) {
    if (!(to > from)) continue;
    const share = (to - from) / YEAR_DAYS;
    add(resource, 'data', component, priceKey, gb * share, false, `${Math.round(gb * share * 1000) / 1000} GB: objects ${from}-${to} days old, of ${gb} GB${replicated} written evenly over a year${expired}`);
  }
}

/** A task's vCPU-hours and GB-hours on Fargate (x86_64 or arm64), or on Fargate Spot (its own prices and components). */
function addTasks(add: Add, resource: string, t: BillableTask, taskHours: number, basis: string, fixed: boolean, capacity: 'regular' | 'spot' = 'regular'): void {
  const vcpu = t.cpu / 1024;
  const gb = t.memory / 1024;
  const [component, key] = capacity === 'spot' ? ['Spot ', 'fargate.spot.'] : ['', 'fargate.'];
  add(resource, 'compute', `${component}vCPU-hours`, `${key}vcpu-hour.${t.arch}`, taskHours * vcpu, fixed, `${basis} x ${vcpu} vCPU`);
  add(resource, 'compute', `${component}GB-hours`, `${key}gb-hour.${t.arch}`, taskHours * gb, fixed, `${basis} x ${gb} GB`);
}

function databaseBill(db: BillableDatabase, add: Add, storageGb: number, loadPercent: number): void {
  const name = `database:${db.key}`;
  if (db.topology === 'instance') {
    const az = db.multiAz ? 'multi-az' : 'single-az';
    add(name, 'data', 'instance-hours', `rds.${db.engine}.${db.instanceClass}.${az}.hour`, HOURS, true, `1 ${db.instanceClass} ${db.multiAz ? 'Multi-AZ' : 'Single-AZ'} x ${HOURS} h`);
    // Multi-AZ storage has a price of its own (the standby keeps a copy).
    add(name, 'data', 'storage', db.multiAz ? 'rds.gp3.multi-az.gb-month' : 'rds.gp3.gb-month', db.allocatedGb, true, `${db.allocatedGb} GB gp3${db.multiAz ? ', Multi-AZ' : ''}`);
    return;
  }
  const family = db.engine === 'aurora-mysql' ? 'mysql' : 'postgresql';
  const n = db.instances;
  if (db.serverlessMinAcu !== null) {
    // Capacity follows load: the average load's share of max_acu, never below min_acu (a standby idles at its minimum).
    const max = db.serverlessMaxAcu ?? db.serverlessMinAcu;
    const acu = Math.max(db.serverlessMinAcu, round((max * loadPercent) / 100));
    const basis = acu > db.serverlessMinAcu ? `${loadPercent} % (average load) of max ${max} ACU` : `${db.serverlessMinAcu} ACU (the minimum)`;
    add(name, 'data', 'ACU-hours', 'aurora.serverless-v2.acu-hour', n * acu * HOURS, false, `${n} instance${n === 1 ? '' : 's'} x ${basis} x ${HOURS} h`);
  } else if (n) {
    add(name, 'data', 'instance-hours', `aurora.${family}.${db.instanceClass}.hour`, n * HOURS, true, `${n} ${db.instanceClass} x ${HOURS} h`);
  }
  add(name, 'data', 'storage', 'aurora.storage.gb-month', storageGb, false, `${storageGb} GB`);
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
