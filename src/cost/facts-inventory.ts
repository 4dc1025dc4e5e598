import type { Inventory } from '../parity/inventory';
import { billableFunction, billableJob, growthOf, lifecycleOf, metricsRead, spotOfStrategy, tableLoadOf, taskLoadOf, type BillableDatabase, type BillableFacts, type BillableStack } from './facts';

/**
 * The billable facts of a synthesized stack, read as a parity inventory (a CloudFormation template with
 * inventoryFromTemplate, a Pulumi run with inventoryFromPulumi): what the estimate prices when it starts
 * from the output rather than the design. `name` and `region` come from the caller; a standby inventory
 * (Inventory.standby) is billed as a stack of its own, prefixed "<name>-standby/".
 */
export function factsFromInventory(name: string, region: string, inv: Inventory): BillableFacts {
  return { name, region, stacks: [stackFacts(inv, '', true), ...(inv.standby ? [stackFacts(inv.standby, `${name}-standby/`, false)] : [])] };
}

/** "bucket:uploads" -> "uploads". */
const keyOf = (symbolic: string) => symbolic.slice(symbolic.indexOf(':') + 1);
/** Buckets that hold logs rather than data (the access-log and audit-log buckets). */
const LOG_BUCKETS = new Set(['bucket:access-logs', 'bucket:audit-logs']);

function stackFacts(inv: Inventory, prefix: string, serving: boolean): BillableStack {
  const secrets = inv.databases.filter((d) => d.managedPassword || d.generatedPassword !== null).length + inv.caches.filter((c) => c.authToken !== null).length;
  return {
    prefix,
    serving,
    azs: inv.network.azs.length,
    natGateways: inv.network.natGateways.length,
    loadBalancer: inv.loadBalancers.length > 0,
    loadBalancerCdn: inv.loadBalancers.some((lb) => lb.cdn !== null),
    interfaceEndpoints: inv.network.interfaceEndpoints.map((e) => e.service).sort(),
    gatewayEndpoints: inv.network.gatewayEndpoints.map((e) => e.service).sort(),
    vpn: inv.network.vpn !== null,
    healthChecks: inv.dns?.healthChecks.length ?? 0,
    services: inv.services.map((s) => ({
      key: s.key,
      cpu: s.cpu,
      memory: s.memory,
      arch: arch(s.architecture),
      runningTasks: s.desiredCount ?? s.scaling?.min ?? 1,
      peakTasks: s.scaling?.max ?? s.desiredCount ?? 1,
      spot: spotOfStrategy(s.capacityProviderStrategy, `service ${s.key}`),
      ...taskLoadOf(s.sizing),
      publicIp: s.assignPublicIp,
    })),
    jobs: inv.jobs.map((j) => billableJob({ ...j, arch: arch(j.architecture), publicIp: j.assignPublicIp })),
    functions: inv.functions.map((f) => billableFunction({ key: f.key, arch: f.architecture, memoryMb: f.memoryMb, sizing: f.sizing, schedule: f.schedule ? { state: f.schedule.state, expression: f.schedule.expression } : undefined, provisionedConcurrency: f.alias?.provisionedConcurrency ?? 0 })),
    apis: inv.apis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null, cdn: a.cdn !== null })),
    graphqlApis: inv.graphqlApis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null })),
    restApis: inv.restApis.map((a) => ({ key: a.key, peakPerSecond: a.sizing['peak-rps'] ?? null })),
    userPools: inv.userPools.map((u) => ({ key: u.key, tier: u.tier })),
    // Data buckets the stack creates: not its log buckets, not replicas (which live in the disaster-recovery stack), not a site's (priced with its site).
    buckets: inv.buckets
      .filter((b) => !LOG_BUCKETS.has(b.name) && !b.name.endsWith('/replica') && !b.name.endsWith('/dr') && !b.name.startsWith('bucket:site:'))
      .map((b) => ({ key: keyOf(b.name), versioned: b.versioned, replicaRegion: b.replication ? b.replication.destination.split(':')[0] : null, lifecycle: lifecycleOf(b.transitions, b.expireDays, b.noncurrentExpireDays), ...growthOf(b.sizing) })),
    queues: inv.queues.filter((q) => !q.name.endsWith('/dead-letter')).map((q) => ({ key: keyOf(q.name), fifo: q.fifo, peakMessagesPerSecond: q.sizing['peak-messages-per-second'] ?? null })),
    // The alarm topic is "topic"; data topics are "topic:<key>".
    topics: inv.topics.filter((t) => t.name.startsWith('topic:')).map((t) => ({ key: keyOf(t.name) })),
    // A standby's tables are the primary's replicas, not in its inventory: only tables the stack creates.
    tables: inv.tables.map((t) => ({
        key: keyOf(t.name),
        provisioned: t.capacity ? { rcu: t.capacity.read.units + t.indexes.reduce((n, i) => n + (i.capacity?.read.units ?? 0), 0), wcu: t.capacity.write.units + t.indexes.reduce((n, i) => n + (i.capacity?.write.units ?? 0), 0) } : null,
        regions: 1 + t.replicaRegions.length,
        pointInTimeRecovery: t.pointInTimeRecovery,
        itemKb: t.sizing['item-kb'] ?? 1,
        ...growthOf(t.sizing),
        ...tableLoadOf(t.sizing),
    })),
    databases: inv.databases.map(
      (d): BillableDatabase => ({
        key: keyOf(d.name),
        engine: d.engine as BillableDatabase['engine'],
        topology: d.topology,
        instanceClass: d.serverless ? 'db.serverless' : (d.instances[0] ?? ''),
        instances: d.instances.length,
        multiAz: d.multiAz,
        allocatedGb: d.storage?.allocatedGb ?? 0,
        serverlessMinAcu: d.serverless?.minAcu ?? null,
        serverlessMaxAcu: d.serverless?.maxAcu ?? null,
        ...growthOf(d.sizing),
      }),
    ),
    caches: inv.caches.map((c) => ({ key: keyOf(c.name), engine: c.engine, nodeType: c.nodeType, nodes: c.shards * (1 + c.replicasPerShard) })),
    backup: inv.backup ? { stores: inv.backup.selection.map(keyOf).sort(), copyRegion: inv.backup.plan.rules[0]?.copyTo?.vault.split(':')[0] ?? null } : null,
    customerKey: inv.key !== null,
    secrets,
    webAclRules: inv.webAcls.find((a) => a.scope === 'REGIONAL')?.rules.length ?? null,
    sites: inv.sites.map((s) => ({ key: s.key, priceClass: s.priceClass })),
    siteWebAclRules: inv.webAcls.find((a) => a.scope === 'CLOUDFRONT')?.rules.length ?? null,
    trail: inv.audit?.trail != null,
    trailLogs: inv.audit?.trail?.logGroupRetentionDays != null,
    flowLogs: inv.network.flowLogs.length > 0,
    guardDuty: inv.audit?.detector?.enabled === true,
    securityHubStandards: inv.audit?.securityHub?.standards.length ?? 0,
    config: inv.audit?.config != null,
    alarms: inv.alarms.length,
    alarmMetrics: inv.alarms.reduce((n, a) => n + metricsRead(a.metric), 0),
    dashboard: inv.dashboards.length > 0,
    logRetentionDays: logRetention(inv),
  };
}

const arch = (a: 'ARM64' | 'X86_64'): 'arm64' | 'x86_64' => (a === 'ARM64' ? 'arm64' : 'x86_64');

/** The stack's log retention: every log group of a blueprint keeps its logs as long (the flow logs', else any). */
function logRetention(inv: Inventory): number {
  const groups = inv.logGroups;
  return (groups.find((g) => g.owner === 'flow-logs') ?? groups[0])?.retentionDays ?? 0;
}
