import type { DatabaseDesign, Design, JobDesign, ServiceDesign, StoreDesign } from '../design';
import type { CostConcern, CostLine } from './types';
import { assumed, type UsageAssumption } from './usage';

/** Hours in the month every estimate assumes (AWS's own convention). */
export const HOURS = 730;

/**
 * The bill of materials of a design: every billable quantity a month, as cost lines. Fixed lines come from
 * the design alone; usage lines from the assumptions. A standby (pilot-light, warm-standby) is billed
 * as a stack of its own, its resources prefixed with its name.
 */
export function billOf(d: Design, usage: readonly UsageAssumption[]): CostLine[] {
  return [...stackBill(d, usage, ''), ...(d.standby ? stackBill(d.standby, usage, `${d.standby.name}/`, true) : [])];
}

function stackBill(d: Design, usage: readonly UsageAssumption[], prefix: string, standby = false): CostLine[] {
  const lines: CostLine[] = [];
  const add = (resource: string, concern: CostConcern, component: string, priceKey: string, quantity: number, fixed: boolean, basis: string) => {
    lines.push({ resource: prefix + resource, concern, component, priceKey, quantity: round(quantity), fixed, basis });
  };
  const u = (key: Parameters<typeof assumed>[1]) => assumed(usage, key);
  // A standby serves no traffic until it takes over: its usage lines are zero.
  const requests = standby ? 0 : u('requests_per_month');
  const azs = d.network.availabilityZones.length;

  // Network: NAT gateways (hours and the data they process), public IPv4 addresses, endpoints, VPN.
  const tasks = runningTasks(d);
  if (d.network.natGateways) {
    add('nat-gateways', 'network', 'hours', 'ec2.nat-gateway.hour', d.network.natGateways * HOURS, true, `${d.network.natGateways} x ${HOURS} h`);
    add('nat-gateways', 'network', 'data processed', 'ec2.nat-gateway.gb-processed', tasks * u('nat_gb_per_task'), false, `${tasks} running tasks x ${u('nat_gb_per_task')} GB`);
  }
  const addresses = d.network.natGateways + (d.loadBalancer ? azs : 0);
  if (addresses) {
    add('public-ipv4', 'network', 'address-hours', 'ec2.public-ipv4.hour', addresses * HOURS, true, `${d.network.natGateways} NAT gateway${d.network.natGateways === 1 ? '' : 's'}${d.loadBalancer ? ` + the load balancer's ${azs} (one per AZ)` : ''} x ${HOURS} h`);
  }
  for (const e of d.network.interfaceEndpoints) {
    add(`endpoint:${e.service}`, 'network', 'AZ-hours', 'ec2.vpc-endpoint.interface.az-hour', azs * HOURS, true, `${azs} AZs x ${HOURS} h`);
  }
  if (d.network.vpn) add('vpn', 'network', 'connection-hours', 'ec2.vpn-connection.hour', HOURS, true, `1 connection x ${HOURS} h`);

  // The load balancer: hours, and LCUs from the traffic (new connections or processed bytes, whichever is more).
  if (d.loadBalancer) {
    add('load-balancer', 'network', 'hours', 'elb.alb.hour', HOURS, true, `${HOURS} h`);
    const rps = requests / (HOURS * 3600);
    const gbPerHour = (rps * 3600 * u('response_kb')) / 1e6;
    const lcu = Math.max(rps / 25, gbPerHour);
    add('load-balancer', 'network', 'LCU-hours', 'elb.alb.lcu-hour', lcu * HOURS, false, `max(${round(rps)} requests/s / 25 new connections, ${round(gbPerHour)} GB/h processed) x ${HOURS} h`);
    add('internet', 'network', 'data out', 'data-transfer.internet-out.gb', (requests * u('response_kb')) / 1e6, false, `${requests} requests x ${u('response_kb')} KB`);
  }

  // Compute: each service's running tasks all month; each job's runs.
  for (const s of d.services) addTasks(lines, prefix, `service:${s.key}`, s, minTasks(s) * HOURS, `${minTasks(s)} task${minTasks(s) === 1 ? '' : 's'} x ${HOURS} h`);
  for (const j of d.jobs) {
    const runs = standby || j.schedule.state === 'DISABLED' ? 0 : runsPerMonth(j);
    const hours = (runs * u('job_minutes_per_run')) / 60;
    addTasks(lines, prefix, `job:${j.key}`, j, hours, `${runs} runs x ${u('job_minutes_per_run')} min`, false);
  }

  // Data.
  for (const s of d.stores) storeBill(s, add, usage, requests, standby);
  if (d.resilience.backup) {
    const stores = d.resilience.backup.stores;
    add('backup', 'data', 'warm storage', 'backup.warm-storage.gb-month', stores.length * u('storage_gb'), false, `${stores.length} store${stores.length === 1 ? '' : 's'} (${stores.join(', ')}) x ${u('storage_gb')} GB`);
    const copy = d.resilience.backup.rule.copyTo;
    if (copy) add('backup', 'data', `copies in ${copy.region}`, 'backup.warm-storage.gb-month', stores.length * u('storage_gb'), false, `${stores.length} x ${u('storage_gb')} GB`);
  }

  // Security.
  if (d.security.key) add('key', 'security', 'key-months', 'kms.customer-managed-key.month', 1, true, '1 key');
  const secrets = secretCount(d);
  if (secrets) add('secrets', 'security', 'secret-months', 'secretsmanager.secret.month', secrets, true, `${secrets} secret${secrets === 1 ? '' : 's'} (database credentials, cache AUTH tokens)`);
  if (d.webAcl) {
    add('web-acl', 'security', 'web ACL-months', 'waf.web-acl.month', 1, true, '1 web ACL');
    add('web-acl', 'security', 'rule-months', 'waf.rule.month', d.webAcl.rules.length, true, `${d.webAcl.rules.length} rules`);
    add('web-acl', 'security', 'requests', 'waf.requests.million', requests / 1e6, false, `${requests} requests`);
  }
  if (d.audit?.trail) add('trail', 'security', 'management events (first copy)', 'cloudtrail.management-events.first-copy', 1, true, 'the first copy of management events is free');

  // Observability: alarms, the dashboard, logs ingested and stored.
  const alarms = d.observability.alarms.length;
  if (alarms) add('alarms', 'observability', 'alarm-months', 'cloudwatch.alarm.standard.month', alarms, true, `${alarms} alarms`);
  if (d.observability.dashboard) add('dashboard', 'observability', 'dashboard-months', 'cloudwatch.dashboard.month', 1, true, '1 dashboard');
  const logGb = (requests * u('log_kb_per_request')) / 1e6 + tasks * u('log_gb_per_task');
  add('logs', 'observability', 'ingestion', 'logs.ingestion.gb', logGb, false, `${requests} requests x ${u('log_kb_per_request')} KB + ${tasks} tasks x ${u('log_gb_per_task')} GB`);
  // Steady state: a month's logs kept for the retention (at most a year is counted).
  const months = Math.min(12, d.observability.logRetentionDays / 30);
  add('logs', 'observability', 'storage', 'logs.storage.gb-month', logGb * months, false, `${round(logGb)} GB a month kept ${round(months)} months`);
  return lines;
}

/** A task's vCPU-hours and GB-hours on Fargate (x86_64 or arm64). */
function addTasks(lines: CostLine[], prefix: string, resource: string, t: ServiceDesign | JobDesign, taskHours: number, basis: string, fixed = true): void {
  const vcpu = t.cpu / 1024;
  const gb = t.memory / 1024;
  lines.push(
    { resource: prefix + resource, concern: 'compute', component: 'vCPU-hours', priceKey: `fargate.vcpu-hour.${t.arch}`, quantity: round(taskHours * vcpu), fixed, basis: `${basis} x ${vcpu} vCPU` },
    { resource: prefix + resource, concern: 'compute', component: 'GB-hours', priceKey: `fargate.gb-hour.${t.arch}`, quantity: round(taskHours * gb), fixed, basis: `${basis} x ${gb} GB` },
  );
}

type Add = (resource: string, concern: CostConcern, component: string, priceKey: string, quantity: number, fixed: boolean, basis: string) => void;

function storeBill(s: StoreDesign, add: Add, usage: readonly UsageAssumption[], requests: number, standby: boolean): void {
  const u = (key: Parameters<typeof assumed>[1]) => assumed(usage, key);
  const name = `${s.kind}:${s.key}`;
  switch (s.kind) {
    case 'bucket':
      if (s.standbyReplica) return;
      add(name, 'data', 'storage', 's3.standard.gb-month', u('storage_gb'), false, `${u('storage_gb')} GB in S3 Standard`);
      if (s.replication) add(`${name}/replica`, 'data', 'storage', 's3.standard.gb-month', u('storage_gb'), false, `${u('storage_gb')} GB replicated to ${s.replication.region}`);
      return;
    case 'queue': {
      const messages = standby ? 0 : requests * u('queue_messages_per_request');
      add(name, 'data', 'requests', s.fifo ? 'sqs.fifo.million-requests' : 'sqs.standard.million-requests', (messages * 3) / 1e6, false, `${round(messages)} messages x 3 (send, receive, delete)`);
      return;
    }
    case 'topic':
      add(name, 'data', 'publishes', 'sns.publishes.million', (standby ? 0 : requests * u('topic_publishes_per_request')) / 1e6, false, `${requests} requests x ${u('topic_publishes_per_request')}`);
      return;
    case 'table':
      if (s.standbyReplica) return;
      if (s.billing.mode === 'provisioned') {
        add(name, 'data', 'read capacity', 'dynamodb.provisioned.rcu-hour', s.billing.read.initial * HOURS, true, `${s.billing.read.initial} RCU x ${HOURS} h (autoscaling moves it)`);
        add(name, 'data', 'write capacity', 'dynamodb.provisioned.wcu-hour', s.billing.write.initial * HOURS, true, `${s.billing.write.initial} WCU x ${HOURS} h (autoscaling moves it)`);
      } else {
        add(name, 'data', 'reads', 'dynamodb.on-demand.read.million', (requests * u('table_reads_per_request')) / 1e6, false, `${requests} requests x ${u('table_reads_per_request')}`);
        add(name, 'data', 'writes', 'dynamodb.on-demand.write.million', ((requests * u('table_writes_per_request')) / 1e6) * (1 + s.replicaRegions.length), false, `${requests} requests x ${u('table_writes_per_request')}${s.replicaRegions.length ? `, in ${1 + s.replicaRegions.length} regions` : ''}`);
      }
      add(name, 'data', 'storage', 'dynamodb.storage.gb-month', u('storage_gb') * (1 + s.replicaRegions.length), false, `${u('storage_gb')} GB${s.replicaRegions.length ? ` in ${1 + s.replicaRegions.length} regions` : ''}`);
      if (s.pointInTimeRecovery) add(name, 'data', 'point-in-time recovery', 'dynamodb.pitr.gb-month', u('storage_gb'), false, `${u('storage_gb')} GB`);
      return;
    case 'database':
      databaseBill(s, name, add, u('storage_gb'));
      return;
    case 'cache': {
      const nodes = s.shards * (1 + s.replicasPerShard);
      add(name, 'data', 'node-hours', `elasticache.${s.engine}.${s.nodeType}.hour`, nodes * HOURS, true, `${nodes} ${s.nodeType} node${nodes === 1 ? '' : 's'} x ${HOURS} h`);
      return;
    }
  }
}

function databaseBill(s: DatabaseDesign, name: string, add: Add, storageGb: number): void {
  if (s.topology === 'instance') {
    const az = s.multiAz ? 'multi-az' : 'single-az';
    add(name, 'data', 'instance-hours', `rds.${s.engine}.${s.instanceClass}.${az}.hour`, HOURS, true, `1 ${s.instanceClass} ${s.multiAz ? 'Multi-AZ' : 'Single-AZ'} x ${HOURS} h`);
    // Multi-AZ storage has a price of its own (the standby keeps a copy).
    add(name, 'data', 'storage', s.multiAz ? 'rds.gp3.multi-az.gb-month' : 'rds.gp3.gb-month', s.storage?.allocatedGb ?? 0, true, `${s.storage?.allocatedGb ?? 0} GB gp3${s.multiAz ? ', Multi-AZ' : ''}`);
    return;
  }
  const family = s.engine === 'aurora-mysql' ? 'mysql' : 'postgresql';
  const instances = s.headless ? 0 : 1 + s.readers;
  if (s.serverless) {
    add(name, 'data', 'ACU-hours', 'aurora.serverless-v2.acu-hour', instances * s.serverless.minAcu * HOURS, true, `${instances} instance${instances === 1 ? '' : 's'} x ${s.serverless.minAcu} ACU (the minimum) x ${HOURS} h`);
  } else if (instances) {
    add(name, 'data', 'instance-hours', `aurora.${family}.${s.instanceClass}.hour`, instances * HOURS, true, `${instances} ${s.instanceClass} x ${HOURS} h`);
  }
  add(name, 'data', 'storage', 'aurora.storage.gb-month', storageGb, false, `${storageGb} GB`);
}

/** Tasks that run all month: each service's minimum (a pilot-light standby's are 0). */
function runningTasks(d: Design): number {
  return d.services.reduce((n, s) => n + minTasks(s), 0);
}

const minTasks = (s: ServiceDesign): number => s.initialTasks ?? s.scaling.minTasks;

/** Secrets Manager secrets the stack creates or has RDS create: one per database (none for a replica's), one per cache. */
function secretCount(d: Design): number {
  return d.stores.filter((s) => (s.kind === 'database' && s.credentials.source !== 'replica') || s.kind === 'cache').length;
}

/** Runs a month of a job's schedule: rate(N unit) exactly; cron(...) by its days and hours (30-day month). */
export function runsPerMonth(j: JobDesign): number {
  const e = j.schedule.expression;
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(e);
  if (rate) {
    const minutes = Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
    return Math.floor((HOURS * 60) / minutes);
  }
  const cron = /^cron\((\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\)$/.exec(e);
  if (!cron) return 30;
  const [, minute, hour, dom, , dow] = cron;
  const count = (field: string, all: number) => (field === '*' || field === '?' ? all : field.includes('/') ? Math.ceil(all / Number(field.split('/')[1])) : field.split(',').reduce((n, part) => n + (part.includes('-') ? Number(part.split('-')[1]) - Number(part.split('-')[0]) + 1 || 1 : 1), 0));
  const days = dom !== '*' && dom !== '?' ? count(dom, 30) : dow !== '*' && dow !== '?' ? Math.round((count(dow.replace(/MON|TUE|WED|THU|FRI|SAT|SUN/g, (d) => String('SUNMONTUEWEDTHUFRISAT'.indexOf(d) / 3)), 7) * 30) / 7) : 30;
  return count(minute, 60) * count(hour, 24) * days;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
