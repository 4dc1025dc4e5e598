import type { BillableDatabase, BillableFacts, BillableStack, BillableTask, BucketLifecycle } from './facts';
import type { Assumption, CostConcern, CostLine } from './types';
import { assumed, SECONDS_PER_MONTH, type UsageAssumption, type UsageKey } from './usage';
import { COGNITO_FREE_TIER_MAU } from '../design/user-pools';

/** Hours in the month every estimate assumes (AWS's own convention). */
export const HOURS = 730;

/**
 * The load a bill is drawn up at. expected: the average load (average_load_percent of each peak), what the
 * estimate's total is; idle: no traffic at all, services at their minimum; peak: the peak all month long.
 */
export type Scenario = 'idle' | 'expected' | 'peak';

/**
 * The bill of materials: every billable quantity a month, as cost lines, from the facts of each stack
 * (the primary and, when there is one, its standby, whose resources are prefixed with its name). Fixed
 * lines come from the facts alone; the others from the assumptions, at the scenario's load. Every
 * scenario has the same lines in the same order; only quantities differ.
 */
export function billOf(facts: BillableFacts, usage: readonly UsageAssumption[], scenario: Scenario = 'expected'): CostLine[] {
  return facts.stacks.flatMap((s) => stackBill(s, usage, scenario));
}

type Add = (resource: string, concern: CostConcern, component: string, priceKey: string, quantity: number, assumption: Assumption, basis: string) => void;

/** The load of a scenario as a percentage of each peak, and the words that say which. */
function loadOf(f: BillableStack, usage: readonly UsageAssumption[], scenario: Scenario): { percent: number; scale: number; what: string } {
  const expected = assumed(usage, 'average_load_percent');
  // A standby serves nothing until it takes over.
  if (!f.serving) return { percent: 0, scale: 0, what: 'a standby serves no traffic' };
  const percent = scenario === 'idle' ? 0 : scenario === 'peak' ? 100 : expected;
  // requests_per_month is the expected load's: idle has none, peak has it / average_load_percent.
  const scale = percent === expected ? 1 : expected > 0 ? percent / expected : 0;
  return { percent, scale, what: scenario === 'expected' ? `expected load, ${expected} % of peak` : scenario === 'peak' ? 'peak all month' : 'idle' };
}

/** The tasks a service runs at a load: what the load needs at its per-task rate, within its minimum and maximum. */
export function tasksAt(s: BillableTask, percent: number): { tasks: number; why: string } {
  if (!s.load) return { tasks: s.runningTasks, why: `${plural(s.runningTasks, 'task')} (its minimum; no peak load known)` };
  const rate = round((s.load.peakPerSecond * percent) / 100);
  const needed = Math.ceil(round(rate / s.load.perTask));
  const tasks = Math.min(s.peakTasks, Math.max(s.runningTasks, needed));
  return { tasks, why: `${plural(tasks, 'task')} (${rate} ${s.load.unit}/s / ${s.load.perTask} per task -> ${needed}, within ${s.runningTasks}-${s.peakTasks})` };
}

function stackBill(f: BillableStack, usage: readonly UsageAssumption[], scenario: Scenario): CostLine[] {
  const lines: CostLine[] = [];
  const add: Add = (resource, concern, component, priceKey, quantity, assumption, basis) => lines.push({ resource: f.prefix + resource, concern, component, priceKey, quantity: round(quantity), assumption, basis });
  const u = (key: UsageKey) => assumed(usage, key);
  const load = loadOf(f, usage, scenario);
  const requests = Math.round(u('requests_per_month') * load.scale);
  const at = load.what;
  // A standby's services run what they start with (none, or one each); a serving stack's what the load needs.
  const taskCounts = new Map(f.services.map((s) => [s.key, f.serving ? tasksAt(s, load.percent) : { tasks: s.runningTasks, why: `${plural(s.runningTasks, 'task')} (${load.what})` }]));
  const tasksOf = (s: BillableTask) => taskCounts.get(s.key)!.tasks;
  const tasks = f.services.reduce((n, s) => n + tasksOf(s), 0);
  const privateTasks = f.services.filter((s) => !s.publicIp).reduce((n, s) => n + tasksOf(s), 0);
  // Declared internet traffic: a service's scales with the load (it is declared at the expected load), a job's follows its runs.
  const egress = (list: BillableTask[], jobs: boolean) => list.reduce((n, s) => n + s.egressGbMonth * (jobs ? (f.serving ? 1 : 0) : load.scale), 0);
  const runHours = (j: BillableStack['jobs'][number]) => ((f.serving ? j.runsPerMonth : 0) * u('job_minutes_per_run')) / 60;

  // Network: NAT gateways (hours and the data they process), public IPv4 addresses, endpoints, VPN.
  if (f.natGateways) {
    add('nat-gateways', 'network', 'hours', 'ec2.nat-gateway.hour', f.natGateways * HOURS, 'fixed', `${f.natGateways} x ${HOURS} h`);
    add('nat-gateways', 'network', 'data processed', 'ec2.nat-gateway.gb-processed', privateTasks * u('nat_gb_per_task'), 'load', `${plural(privateTasks, 'running task')} in private subnets x ${u('nat_gb_per_task')} GB (${at})`);
    // Without an S3 gateway endpoint, the tasks' S3 traffic (image layers, buckets) goes through NAT too.
    if (!f.gatewayEndpoints.includes('s3')) add('nat-gateways', 'network', 'S3 data processed', 'ec2.nat-gateway.gb-processed', privateTasks * u('s3_gb_per_task'), 'load', `${plural(privateTasks, 'running task')} x ${u('s3_gb_per_task')} GB of S3 traffic, no S3 gateway endpoint`);
    // What services and jobs behind NAT declare they exchange with the internet (egress_gb_month): every GB is processed.
    const privateServices = f.services.filter((s) => !s.publicIp && s.egressGbMonth > 0);
    const privateJobs = f.jobs.filter((j) => !j.publicIp && j.egressGbMonth > 0);
    if (privateServices.length || privateJobs.length) {
      const gb = egress(privateServices, false) + egress(privateJobs, true);
      add('nat-gateways', 'network', 'internet traffic processed', 'ec2.nat-gateway.gb-processed', gb, 'load', `egress_gb_month of ${[...privateServices, ...privateJobs].map((s) => `${s.key} ${s.egressGbMonth} GB`).join(', ')} (${at})`);
    }
  }
  const addresses = f.natGateways + (f.loadBalancer ? f.azs : 0);
  if (addresses) add('public-ipv4', 'network', 'address-hours', 'ec2.public-ipv4.hour', addresses * HOURS, 'fixed', `${plural(f.natGateways, 'NAT gateway')}${f.loadBalancer ? ` + the load balancer's ${f.azs} (one per AZ)` : ''} x ${HOURS} h`);
  // Tasks with a public IP (public subnets) hold an address each while they run.
  const publicServices = f.services.filter((s) => s.publicIp);
  const publicJobs = f.jobs.filter((j) => j.publicIp);
  if (publicServices.length || publicJobs.length) {
    const serviceHours = publicServices.reduce((n, s) => n + tasksOf(s) * HOURS, 0);
    const jobHours = publicJobs.reduce((n, j) => n + runHours(j), 0);
    add('public-ipv4', 'network', 'task address-hours', 'ec2.public-ipv4.hour', serviceHours + jobHours, 'load', `tasks with a public IP: ${[...publicServices.map((s) => `${s.key} ${plural(tasksOf(s), 'task')} x ${HOURS} h`), ...publicJobs.map((j) => `${j.key} ${round(runHours(j))} h of runs`)].join(', ')}`);
  }
  for (const e of f.interfaceEndpoints) add(`endpoint:${e}`, 'network', 'AZ-hours', 'ec2.vpc-endpoint.interface.az-hour', f.azs * HOURS, 'fixed', `${f.azs} AZs x ${HOURS} h`);
  // Route 53: a health check a month each (the first 50 of an account are free, not subtracted); alias queries are free.
  if (f.healthChecks) add('dns', 'network', 'health-check-months', 'route53.health-check.month', f.healthChecks, 'fixed', `${plural(f.healthChecks, 'health check')} of an AWS endpoint (alias queries to AWS resources are free)`);
  if (f.vpn) add('vpn', 'network', 'connection-hours', 'ec2.vpn-connection.hour', HOURS, 'fixed', `1 connection x ${HOURS} h`);

  // The load balancer: hours, and LCUs from the traffic (new connections or processed bytes, whichever is more).
  if (f.loadBalancer) {
    add('load-balancer', 'network', 'hours', 'elb.alb.hour', HOURS, 'fixed', `${HOURS} h`);
    const rps = requests / (HOURS * 3600);
    const gbPerHour = (rps * 3600 * u('response_kb')) / 1e6;
    add('load-balancer', 'network', 'LCU-hours', 'elb.alb.lcu-hour', Math.max(rps / 25, gbPerHour) * HOURS, 'load', `max(${round(rps)} requests/s / 25 new connections, ${round(gbPerHour)} GB/h processed) x ${HOURS} h (${at})`);
    if (f.loadBalancerCdn) {
      // Behind a CDN every request and response passes CloudFront (nothing cached); the load balancer's answers to CloudFront are free.
      add('load-balancer-cdn', 'network', 'CloudFront HTTPS requests', 'cloudfront.requests.https.10k', requests / 1e4, 'load', `${requests} requests (${at}), each through the distribution (nothing cached)`);
      add('load-balancer-cdn', 'network', 'CloudFront data transfer out', 'cloudfront.data-transfer-out.gb', (requests * u('response_kb')) / 1e6, 'load', `${requests} requests x ${u('response_kb')} KB (response_kb); origin fetches from the load balancer are free`);
    } else add('internet', 'network', 'data out', 'data-transfer.internet-out.gb', (requests * u('response_kb')) / 1e6, 'load', `${requests} requests x ${u('response_kb')} KB (${at})`);
  }

  // Compute: each service's tasks at the load; each job's runs.
  for (const s of f.services) {
    const { tasks: n, why } = taskCounts.get(s.key)!;
    const assumption: Assumption = f.serving && s.load ? 'load' : 'fixed';
    if (!s.spot) {
      addTasks(add, `service:${s.key}`, s, n * HOURS, `${why} x ${HOURS} h`, assumption);
      continue;
    }
    // Fargate Spot: the regular Fargate base first (its lines only when there is one), every further task on Spot.
    const base = s.spot.onDemandBase;
    const regular = Math.min(n, base);
    const spot = n - regular;
    if (base) addTasks(add, `service:${s.key}`, s, regular * HOURS, `${regular} of ${why} on regular Fargate (its base of ${base}) x ${HOURS} h`, assumption);
    addTasks(add, `service:${s.key}`, s, spot * HOURS, `${spot} of ${why} on Spot x ${HOURS} h`, assumption, 'spot');
  }
  for (const j of f.jobs) {
    const runs = f.serving ? j.runsPerMonth : 0;
    addTasks(add, `job:${j.key}`, j, runHours(j), `${runs} runs x ${u('job_minutes_per_run')} min`, 'schedule');
  }

  // Functions: invocations and GB-seconds at the load (a queue's consumer is billed one invocation per message, an
  // upper bound: batches of several messages are fewer), and the traces X-Ray records of them.
  const invocationsOf = new Map<string, { n: number; why: string; perSecond: number | null }>(
    f.functions.map((fn): [string, { n: number; why: string; perSecond: number | null }] => {
      if (fn.runsPerMonth !== null) return [fn.key, { n: f.serving ? fn.runsPerMonth : 0, why: `${f.serving ? fn.runsPerMonth : 0} runs of its schedule`, perSecond: null }];
      if (fn.peakPerSecond !== null) {
        const rate = (fn.peakPerSecond * load.percent) / 100;
        return [fn.key, { n: Math.round(rate * SECONDS_PER_MONTH), why: `${load.percent} % of its peak ${fn.peakPerSecond}/s`, perSecond: rate }];
      }
      const n = Math.round(requests * u('queue_messages_per_request'));
      return [fn.key, { n, why: `${requests} requests x ${u('queue_messages_per_request')} (${at}; no peak rate known)`, perSecond: n / SECONDS_PER_MONTH }];
    }),
  );
  for (const fn of f.functions) {
    const { n, why, perSecond } = invocationsOf.get(fn.key)!;
    const assumption: Assumption = fn.runsPerMonth !== null ? 'schedule' : 'load';
    const gbSeconds = (n * fn.durationMs * fn.memoryMb) / 1000 / 1024;
    add(`function:${fn.key}`, 'compute', 'requests', 'lambda.requests.million', n / 1e6, assumption, `${n} invocations (${why})`);
    const invoked = `${n} invocations x ${fn.durationMs} ms x ${fn.memoryMb / 1024} GB`;
    if (!fn.provisionedConcurrency) {
      add(`function:${fn.key}`, 'compute', 'GB-seconds', `lambda.gb-second.${fn.arch}`, gbSeconds, assumption, invoked);
    } else {
      // Provisioned concurrency: its copies billed every second of the month, and the invocations they serve at the
      // provisioned duration price. The simplest honest model: the invocations up to the copies' number at once (the
      // load's average concurrency, rate x duration) run on them; only what is beyond it runs on demand.
      const pc = fn.provisionedConcurrency;
      const busy = ((perSecond ?? n / SECONDS_PER_MONTH) * fn.durationMs) / 1000;
      const share = busy <= pc ? 1 : pc / busy;
      const served = busy <= pc ? `all of them: ${round(busy)} copies busy on average, within the ${pc} provisioned` : `${round(share * 100)} % of them: ${round(busy)} copies busy on average, ${pc} provisioned`;
      add(`function:${fn.key}`, 'compute', 'GB-seconds', `lambda.gb-second.${fn.arch}`, gbSeconds * (1 - share), assumption, `${invoked}, beyond what the provisioned copies serve (${served})`);
      add(`function:${fn.key}`, 'compute', 'provisioned concurrency', `lambda.provisioned-concurrency.gb-second.${fn.arch}`, pc * (fn.memoryMb / 1024) * HOURS * 3600, 'fixed', `${pc} provisioned ${pc === 1 ? 'copy' : 'copies'} x ${fn.memoryMb / 1024} GB x ${HOURS} h x 3600 s, billed whether invoked or not`);
      add(`function:${fn.key}`, 'compute', 'provisioned duration', `lambda.provisioned-duration.gb-second.${fn.arch}`, gbSeconds * share, assumption, `${invoked}, the invocations up to ${pc} at once (${served}) at the provisioned duration price`);
    }
    // X-Ray's default sampling: the first request each second, then 5 % of the rest.
    const traces = perSecond === null ? n : Math.round((Math.min(1, perSecond) + 0.05 * Math.max(0, perSecond - 1)) * SECONDS_PER_MONTH);
    add(`function:${fn.key}`, 'observability', 'traces recorded', 'xray.traces-recorded.million', traces / 1e6, assumption, perSecond === null ? `${traces} runs, each traced` : `${traces} traces: X-Ray samples the first invocation each second and 5 % of the rest (${round(perSecond)}/s)`);
  }
  const invocations = [...invocationsOf.values()].reduce((n, i) => n + i.n, 0);

  // APIs: requests at the load, each one access-log line.
  let apiRequests = 0;
  let cdnRequests = 0;
  for (const a of f.apis) {
    const n = a.peakPerSecond !== null ? Math.round(((a.peakPerSecond * load.percent) / 100) * SECONDS_PER_MONTH) : requests;
    apiRequests += n;
    add(`api:${a.key}`, 'network', 'requests', 'apigateway.http.requests.million', n / 1e6, 'load', a.peakPerSecond !== null ? `${n} requests (${load.percent} % of its peak ${a.peakPerSecond}/s)` : `${n} requests (${at})`);
    // Its CDN: every request through CloudFront (nothing cached), each response out of it.
    if (a.cdn) {
      cdnRequests += n;
      add(`api:${a.key}`, 'network', 'CloudFront HTTPS requests', 'cloudfront.requests.https.10k', n / 1e4, 'load', `${n} requests, each through its distribution (nothing cached)`);
      add(`api:${a.key}`, 'network', 'CloudFront data transfer out', 'cloudfront.data-transfer-out.gb', (n * u('response_kb')) / 1e6, 'load', `${n} requests x ${u('response_kb')} KB (response_kb)`);
    }
  }

  // REST APIs: one request each, at the load (API keys, usage plans and validation are free).
  for (const a of f.restApis) {
    const n = a.peakPerSecond !== null ? Math.round(((a.peakPerSecond * load.percent) / 100) * SECONDS_PER_MONTH) : requests;
    apiRequests += n;
    add(`rest-api:${a.key}`, 'network', 'requests', 'apigateway.rest.requests.million', n / 1e6, 'load', a.peakPerSecond !== null ? `${n} requests (${load.percent} % of its peak ${a.peakPerSecond}/s)` : `${n} requests (${at})`);
  }

  // GraphQL APIs: one AppSync operation a request (a query or mutation, whatever its resolvers do), at the load.
  for (const a of f.graphqlApis) {
    const n = a.peakPerSecond !== null ? Math.round(((a.peakPerSecond * load.percent) / 100) * SECONDS_PER_MONTH) : requests;
    add(`graphql-api:${a.key}`, 'network', 'operations', 'appsync.requests.million', n / 1e6, 'load', a.peakPerSecond !== null ? `${n} queries and mutations (${load.percent} % of its peak ${a.peakPerSecond}/s)` : `${n} queries and mutations (${at})`);
  }
  // User pools: monthly active users, the Essentials plan's first 10,000 in the account free; Plus bills every one.
  for (const p of f.userPools) {
    const mau = u('monthly_active_users');
    const plus = p.tier === 'PLUS';
    const billed = plus ? mau : Math.max(0, mau - COGNITO_FREE_TIER_MAU);
    add(`user-pool:${p.key}`, 'security', 'monthly active users', plus ? 'cognito.threat-protection.mau' : 'cognito.mau', billed, 'load', plus ? `${mau} monthly active users, every one billed on Plus` : `${mau} monthly active users less the ${COGNITO_FREE_TIER_MAU} free on Essentials (one pool per account assumed)`);
  }

  // Data: each store holds its own growth for storage_months (or storage_gb when no growth is known).
  const months = u('storage_months');
  const held = (g: { growthGbMonth: number | null }) => (g.growthGbMonth !== null ? g.growthGbMonth * months : u('storage_gb'));
  const heldWhy = (g: { growthGbMonth: number | null }) => (g.growthGbMonth !== null ? `${g.growthGbMonth} GB a month x ${months} months` : `${u('storage_gb')} GB (storage_gb: no growth known)`);
  const monthly = (g: { growthGbMonth: number | null }) => (g.growthGbMonth !== null ? g.growthGbMonth : u('storage_gb') / months);
  const byKey = new Map<string, { growthGbMonth: number | null }>([...f.buckets, ...f.tables, ...f.databases].map((s) => [s.key, s]));
  for (const b of f.buckets) {
    bucketStorage(add, `bucket:${b.key}`, b.versioned, b.lifecycle, held(b), heldWhy(b), months, '');
    // The replica is written in S3 Standard and keeps the bucket's tiers and expiry.
    if (b.replicaRegion) {
      bucketStorage(add, `bucket:${b.key}/replica`, true, b.lifecycle, held(b), heldWhy(b), months, ` replicated to ${b.replicaRegion}`);
      // Each month's new objects cross to the other region once.
      add(`bucket:${b.key}/replica`, 'data', 'replication transfer', 'data-transfer.inter-region.gb', monthly(b), 'data', `a month of new objects (${round(monthly(b))} GB) copied to ${b.replicaRegion}`);
    }
  }
  for (const q of f.queues) {
    // The queue's own peak rate when the design knows it; else the assumption per request.
    const messages = q.peakMessagesPerSecond !== null ? ((q.peakMessagesPerSecond * load.percent) / 100) * SECONDS_PER_MONTH : requests * u('queue_messages_per_request');
    const why = q.peakMessagesPerSecond !== null ? `${load.percent} % of its peak ${q.peakMessagesPerSecond} messages/s` : `${requests} requests x ${u('queue_messages_per_request')}`;
    add(`queue:${q.key}`, 'data', 'requests', q.fifo ? 'sqs.fifo.million-requests' : 'sqs.standard.million-requests', (messages * 3) / 1e6, 'load', `${round(messages)} messages (${why}) x 3 (send, receive, delete)`);
  }
  for (const t of f.topics) add(`topic:${t.key}`, 'data', 'publishes', 'sns.publishes.million', (requests * u('topic_publishes_per_request')) / 1e6, 'load', `${requests} requests x ${u('topic_publishes_per_request')} (${at})`);
  for (const t of f.tables) {
    const name = `table:${t.key}`;
    const regions = t.regions > 1 ? `, in ${t.regions} regions` : '';
    if (t.provisioned) {
      add(name, 'data', 'read capacity', 'dynamodb.provisioned.rcu-hour', t.provisioned.rcu * HOURS, 'fixed', `${t.provisioned.rcu} RCU (table and indexes) x ${HOURS} h; autoscaling moves it`);
      add(name, 'data', 'write capacity', 'dynamodb.provisioned.wcu-hour', t.provisioned.wcu * HOURS, 'fixed', `${t.provisioned.wcu} WCU (table and indexes) x ${HOURS} h; autoscaling moves it`);
    } else {
      // A read unit reads up to 4 KB, a write unit writes up to 1 KB: larger items take more units each.
      const readUnits = Math.ceil(t.itemKb / 4);
      const writeUnits = Math.ceil(t.itemKb);
      const units = (n: number, what: string) => (n > 1 ? ` x ${n} ${what} units (${t.itemKb} KB items)` : '');
      // The requests of the services that use the table when the design knows them; else the system's.
      const of = (peak: number | null, what: string) =>
        peak !== null
          ? { n: Math.round(((peak * load.percent) / 100) * SECONDS_PER_MONTH), why: `${load.percent} % of its peak ${peak} ${what}/s` }
          : { n: requests, why: at };
      const reads = of(t.peakReadsPerSecond, 'reading requests');
      const writes = of(t.peakWritesPerSecond, 'writing requests');
      add(name, 'data', 'reads', 'dynamodb.on-demand.read.million', (reads.n * u('table_reads_per_request') * readUnits) / 1e6, 'load', `${reads.n} requests x ${u('table_reads_per_request')}${units(readUnits, 'read')} (${reads.why})`);
      add(name, 'data', 'writes', 'dynamodb.on-demand.write.million', ((writes.n * u('table_writes_per_request') * writeUnits) / 1e6) * t.regions, 'load', `${writes.n} requests x ${u('table_writes_per_request')}${units(writeUnits, 'write')}${regions} (${writes.why})`);
    }
    add(name, 'data', 'storage', 'dynamodb.storage.gb-month', held(t) * t.regions, 'data', `${heldWhy(t)}${regions}`);
    if (t.pointInTimeRecovery) add(name, 'data', 'point-in-time recovery', 'dynamodb.pitr.gb-month', held(t), 'data', heldWhy(t));
  }
  for (const db of f.databases) databaseBill(db, add, held(db), heldWhy(db), load.percent);
  for (const c of f.caches) add(`cache:${c.key}`, 'data', 'node-hours', `elasticache.${c.engine}.${c.nodeType}.hour`, c.nodes * HOURS, 'fixed', `${plural(c.nodes, `${c.nodeType} node`)} x ${HOURS} h`);
  if (f.backup) {
    // A copy of each store it selects, of what that store holds.
    const stores = f.backup.stores.map((k) => ({ key: k, store: byKey.get(k) ?? { growthGbMonth: null } }));
    const gb = stores.reduce((n, s) => n + held(s.store), 0);
    const why = stores.map((s) => `${s.key} ${round(held(s.store))} GB`).join(' + ');
    add('backup', 'data', 'warm storage', 'backup.warm-storage.gb-month', gb, 'data', why || 'no store');
    if (f.backup.copyRegion) {
      add('backup', 'data', `copies in ${f.backup.copyRegion}`, 'backup.warm-storage.gb-month', gb, 'data', why || 'no store');
      // Copies after the first are incremental: about a month of new data crosses each month.
      const month = stores.reduce((n, s) => n + monthly(s.store), 0);
      add('backup', 'data', `copy transfer to ${f.backup.copyRegion}`, 'data-transfer.inter-region.gb', month, 'data', `a month of new data of ${plural(stores.length, 'store')} (${round(month)} GB)`);
    }
  }

  // Security.
  if (f.customerKey) add('key', 'security', 'key-months', 'kms.customer-managed-key.month', 1, 'fixed', '1 key');
  if (f.secrets) add('secrets', 'security', 'secret-months', 'secretsmanager.secret.month', f.secrets, 'fixed', `${plural(f.secrets, 'secret')} (database credentials, cache AUTH tokens)`);
  if (f.webAclRules !== null) {
    add('web-acl', 'security', 'web ACL-months', 'waf.web-acl.month', 1, 'fixed', '1 web ACL');
    add('web-acl', 'security', 'rule-months', 'waf.rule.month', f.webAclRules, 'fixed', plural(f.webAclRules, 'rule'));
    add('web-acl', 'security', 'requests', 'waf.requests.million', requests / 1e6, 'load', `${requests} requests (${at})`);
  }
  // Static sites: the system's requests shared evenly by its sites, each response out of CloudFront.
  if (f.sites.length) {
    const share = Math.round(requests / f.sites.length);
    const kb = u('response_kb');
    for (const s of f.sites) {
      const why = `${share} requests (${at}${f.sites.length > 1 ? `, requests_per_month / ${f.sites.length} sites` : ''})`;
      add(`site:${s.key}`, 'network', `CloudFront data transfer out (${s.priceClass})`, 'cloudfront.data-transfer-out.gb', (share * kb) / 1e6, 'load', `${why} x ${kb} KB (response_kb)`);
      add(`site:${s.key}`, 'network', 'CloudFront HTTPS requests', 'cloudfront.requests.https.10k', share / 1e4, 'load', why);
      add(`site:${s.key}`, 'data', 'bucket storage', 's3.standard.gb-month', u('storage_gb'), 'data', `the built files and their versions (storage_gb)`);
    }
  }
  // The CLOUDFRONT web ACL every site's and API CDN's distribution names.
  if (f.siteWebAclRules !== null) {
    const lbRequests = f.loadBalancer && f.loadBalancerCdn ? requests : 0;
    const seen = (f.sites.length ? requests : 0) + cdnRequests + lbRequests;
    add('site-web-acl', 'security', 'web ACL-months', 'waf.web-acl.month', 1, 'fixed', f.sites.length ? '1 web ACL (CLOUDFRONT) for every site' : lbRequests ? '1 web ACL (CLOUDFRONT) for every distribution' : '1 web ACL (CLOUDFRONT) for every API distribution');
    add('site-web-acl', 'security', 'rule-months', 'waf.rule.month', f.siteWebAclRules, 'fixed', plural(f.siteWebAclRules, 'rule'));
    add('site-web-acl', 'security', 'requests', 'waf.requests.million', seen / 1e6, 'load', `${[f.sites.length ? `${requests} requests to the sites (${at})` : '', cdnRequests ? `${cdnRequests} through the APIs' distributions` : '', lbRequests ? `${lbRequests} through the load balancer's distribution (${at})` : ''].filter(Boolean).join(' + ')}`);
  }
  if (f.trail) add('trail', 'security', 'management events (first copy)', 'cloudtrail.management-events.first-copy', 1, 'fixed', 'the first copy of management events is free');
  // The audit services bill what they record and analyze: account activity, not requests.
  const events = u('management_events_per_month');
  const eventsGb = (events * u('management_event_kb')) / 1e6;
  if (f.trailLogs) add('trail', 'security', 'log ingestion', 'logs.ingestion.gb', eventsGb, 'activity', `${events} events x ${u('management_event_kb')} KB into its log group`);
  // Flow-log volume follows the requests (GuardDuty reads the VPC's flow logs whether or not the stack keeps them).
  // Requests reach the VPC through the load balancer or its services; a blueprint of functions only and APIs takes them outside it.
  const vpcRequests = f.loadBalancer || f.services.length ? requests : 0;
  const flowGb = (vpcRequests * u('flow_log_kb_per_request')) / 1e6;
  if (f.guardDuty) {
    add('guardduty', 'security', 'CloudTrail events analyzed', 'guardduty.cloudtrail-events.million', events / 1e6, 'activity', `${events} management events`);
    add('guardduty', 'security', 'VPC flow logs analyzed', 'guardduty.vpc-flow-logs.gb', flowGb, 'load', `${vpcRequests} requests x ${u('flow_log_kb_per_request')} KB (${at})`);
  }
  if (f.securityHubStandards) add('security-hub', 'security', 'security checks', 'securityhub.security-checks.first-100k', f.securityHubStandards * u('securityhub_checks_per_standard'), 'activity', `${plural(f.securityHubStandards, 'standard')} x ${u('securityhub_checks_per_standard')} checks`);
  if (f.config) add('config', 'security', 'configuration items', 'config.configuration-item', u('config_items_per_month'), 'activity', `${u('config_items_per_month')} items recorded`);

  // Observability: alarms, the dashboard, logs ingested and stored.
  // CloudWatch bills an alarm per metric it reads: an alarm on an expression over n metrics is n alarm metrics.
  if (f.alarms) add('alarms', 'observability', 'alarm-months', 'cloudwatch.alarm.standard.month', f.alarmMetrics, 'fixed', f.alarmMetrics === f.alarms ? plural(f.alarms, 'alarm') : `${plural(f.alarms, 'alarm')} reading ${f.alarmMetrics} metrics (an alarm on an expression is billed per metric it reads)`);
  if (f.dashboard) add('dashboard', 'observability', 'dashboard-months', 'cloudwatch.dashboard.month', 1, 'fixed', '1 dashboard');
  const logGb = (vpcRequests * u('log_kb_per_request')) / 1e6 + tasks * u('log_gb_per_task') + ((invocations + apiRequests) * u('log_kb_per_request')) / 1e6;
  const invocationLogs = `${f.functions.length ? ` + ${invocations} function invocations x ${u('log_kb_per_request')} KB` : ''}${f.apis.length || f.restApis.length ? ` + ${apiRequests} API access-log lines x ${u('log_kb_per_request')} KB` : ''}`;
  add('logs', 'observability', 'ingestion', 'logs.ingestion.gb', logGb, 'load', `${vpcRequests} requests x ${u('log_kb_per_request')} KB + ${plural(tasks, 'task')} x ${u('log_gb_per_task')} GB${invocationLogs} (${at})`);
  // Steady state: a month's logs kept for the retention (at most a year is counted).
  const kept = Math.min(12, f.logRetentionDays / 30);
  add('logs', 'observability', 'storage', 'logs.storage.gb-month', logGb * kept, 'load', `${round(logGb)} GB a month kept ${round(kept)} months`);
  if (f.flowLogs) {
    add('flow-logs', 'observability', 'ingestion', 'logs.ingestion.gb', flowGb, 'load', `${vpcRequests} requests x ${u('flow_log_kb_per_request')} KB of flow-log records (${at})`);
    add('flow-logs', 'observability', 'storage', 'logs.storage.gb-month', flowGb * kept, 'load', `${round(flowGb)} GB a month kept ${round(kept)} months`);
  }
  return lines;
}

/**
 * A bucket's storage by class. Its objects are written evenly over the months it holds (storage_months), so
 * their ages spread evenly over that span: each class holds the share of it between its transitions, and an
 * expired object is gone, unless the bucket is versioned, when it stays, as a noncurrent version in the class
 * it was in, for noncurrentExpireAfterDays (or for ever, without a noncurrent-version rule). Transition
 * requests, minimum storage durations and retrievals are not billed.
 */
function bucketStorage(add: Add, resource: string, versioned: boolean, l: BucketLifecycle | null, gb: number, why: string, months: number, replicated: string): void {
  const horizon = Math.round((months * 365) / 12);
  if (!l || (l.infrequentAfterDays === null && l.archiveAfterDays === null && l.expireAfterDays === null)) {
    add(resource, 'data', 'storage', 's3.standard.gb-month', gb, 'data', `${why}${replicated || ' in S3 Standard'}`);
    return;
  }
  // Versions outlive their expiry by the noncurrent window (for ever without one).
  const kept = l.expireAfterDays === null ? horizon : versioned ? (l.noncurrentExpireAfterDays === null ? horizon : l.expireAfterDays + l.noncurrentExpireAfterDays) : l.expireAfterDays;
  const end = Math.min(horizon, kept);
  const ia = l.infrequentAfterDays ?? Infinity;
  const archive = l.archiveAfterDays ?? Infinity;
  const spans: [component: string, priceKey: string, from: number, to: number][] = [
    ['storage', 's3.standard.gb-month', 0, Math.min(ia, archive, end)],
    ['storage (Standard-IA)', 's3.standard-ia.gb-month', ia, Math.min(archive, end)],
    ['storage (Glacier Flexible Retrieval)', 's3.glacier-flexible-retrieval.gb-month', archive, end],
  ];
  const expired =
    l.expireAfterDays === null
      ? ''
      : !versioned
        ? `; older than ${l.expireAfterDays} days expired`
        : l.noncurrentExpireAfterDays === null
          ? `; expired objects kept for ever as noncurrent versions (no noncurrent-version rule)`
          : `; expired after ${l.expireAfterDays} days, kept ${l.noncurrentExpireAfterDays} more as noncurrent versions`;
  for (const [component, priceKey, from, to] of spans) {
    if (!(to > from)) continue;
    const share = (to - from) / horizon;
    add(resource, 'data', component, priceKey, gb * share, 'data', `${round(gb * share)} GB: objects ${from}-${to} days old, of ${why}${replicated} written evenly over ${horizon} days${expired}`);
  }
}

/** A task's vCPU-hours and GB-hours on Fargate (x86_64 or arm64), or on Fargate Spot (its own prices and components). */
function addTasks(add: Add, resource: string, t: BillableTask, taskHours: number, basis: string, assumption: Assumption, capacity: 'regular' | 'spot' = 'regular'): void {
  const vcpu = t.cpu / 1024;
  const gb = t.memory / 1024;
  const [component, key] = capacity === 'spot' ? ['Spot ', 'fargate.spot.'] : ['', 'fargate.'];
  add(resource, 'compute', `${component}vCPU-hours`, `${key}vcpu-hour.${t.arch}`, taskHours * vcpu, assumption, `${basis} x ${vcpu} vCPU`);
  add(resource, 'compute', `${component}GB-hours`, `${key}gb-hour.${t.arch}`, taskHours * gb, assumption, `${basis} x ${gb} GB`);
}

function databaseBill(db: BillableDatabase, add: Add, storageGb: number, storageWhy: string, loadPercent: number): void {
  const name = `database:${db.key}`;
  if (db.topology === 'instance') {
    const az = db.multiAz ? 'multi-az' : 'single-az';
    add(name, 'data', 'instance-hours', `rds.${db.engine}.${db.instanceClass}.${az}.hour`, HOURS, 'fixed', `1 ${db.instanceClass} ${db.multiAz ? 'Multi-AZ' : 'Single-AZ'} x ${HOURS} h`);
    // Multi-AZ storage has a price of its own (the standby keeps a copy); allocated storage is billed, not what is used.
    add(name, 'data', 'storage', db.multiAz ? 'rds.gp3.multi-az.gb-month' : 'rds.gp3.gb-month', db.allocatedGb, 'fixed', `${db.allocatedGb} GB gp3 allocated${db.multiAz ? ', Multi-AZ' : ''}`);
    return;
  }
  const family = db.engine === 'aurora-mysql' ? 'mysql' : 'postgresql';
  const n = db.instances;
  if (db.serverlessMinAcu !== null) {
    // Capacity follows load: the load's share of max_acu, never below min_acu (a standby idles at its minimum).
    const max = db.serverlessMaxAcu ?? db.serverlessMinAcu;
    const acu = Math.max(db.serverlessMinAcu, round((max * loadPercent) / 100));
    const basis = acu > db.serverlessMinAcu ? `${loadPercent} % (the load) of max ${max} ACU` : `${db.serverlessMinAcu} ACU (the minimum)`;
    add(name, 'data', 'ACU-hours', 'aurora.serverless-v2.acu-hour', n * acu * HOURS, 'load', `${n} instance${n === 1 ? '' : 's'} x ${basis} x ${HOURS} h`);
  } else if (n) {
    add(name, 'data', 'instance-hours', `aurora.${family}.${db.instanceClass}.hour`, n * HOURS, 'fixed', `${n} ${db.instanceClass} x ${HOURS} h`);
  }
  // Aurora bills the storage used, which grows with the data.
  add(name, 'data', 'storage', 'aurora.storage.gb-month', storageGb, 'data', storageWhy);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const round = (n: number) => Math.round(n * 1e6) / 1e6;
