import type { Inventory } from './inventory';
import { byText } from '../text';

const TIERS = ['public', 'private', 'isolated'] as const;

/** JSON with sorted keys: a tie-breaker independent of how an object was built. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

function sortBy<I>(items: readonly I[], ...keys: ((item: I) => string | number)[]): I[] {
  return [...items].sort((a, b) => {
    for (const key of [...keys, canonical]) {
      const ka = key(a);
      const kb = key(b);
      const c = typeof ka === 'number' && typeof kb === 'number' ? byNumber(ka, kb) : byString(String(ka), String(kb));
      if (c !== 0) return c;
    }
    return 0;
  });
}

const strings = (xs: readonly string[]) => [...xs].sort(byString);
const sortedKeys = <V>(o: Record<string, V>, f: (v: V) => V = (v) => v): Record<string, V> =>
  Object.fromEntries(Object.keys(o).sort(byString).map((k) => [k, f(o[k])]));

type Statement = { effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] };
const sortStatements = (ps: readonly Statement[]): Statement[] =>
  sortBy(
    ps.map((p) => ({ ...p, actions: strings(p.actions), resources: strings(p.resources) })),
    canonical,
  );

function sortMetric<M extends { dimensions: Record<string, string> }>(m: M): M {
  return { ...m, dimensions: sortedKeys(m.dimensions) };
}

/**
 * The inventory in its one canonical order, so equal inventories are equal
 * as JSON: strings by code unit; subnets by tier (public, private, isolated)
 * then AZ; gateway and interface endpoints by service; listeners by port; rules by priority; services and log groups by
 * key / owner; target groups, dashboards, topics, buckets, queues, tables
 * and table indexes by name; databases and caches by name; jobs, functions and APIs by key (an API's routes by
 * route key, its authorizers by name, its permissions by source then function, its CORS lists as strings); backup rules by
 * name, selected stores, policies and recovery vaults as strings; alarms by description; scaling policies by
 * metric, step-scaling policies by name and their steps by lower bound (unbounded first); bucket transitions by days; a bucket's grants by their canonical JSON (actions, resources and conditions sorted); a service's, a job's, a function's (and its scheduler's) and a replication role's permissions by their
 * canonical JSON, each with its actions and resources sorted; dimension
 * maps by name; a function's environment, egress and response types, the key's services, a web ACL's redacted headers, a database's log exports and its monitoring
 * role's managed policies as strings. Dashboard widgets and their metrics keep their order (it is
 * the layout). Ties fall back to the canonical JSON of the item.
 */
export function sortInventory(inv: Inventory): Inventory {
  const n = inv.network;
  return {
    containerInsights: inv.containerInsights,
    capacityProviders: inv.capacityProviders && strings(inv.capacityProviders),
    key: inv.key && { ...inv.key, services: strings(inv.key.services) },
    budget: inv.budget && { ...inv.budget, costFilters: strings(inv.budget.costFilters), notifications: strings(inv.budget.notifications) },
    audit: inv.audit && {
      ...inv.audit,
      trail: inv.audit.trail && { ...inv.audit.trail, events: strings(inv.audit.trail.events) },
      securityHub: inv.audit.securityHub && { ...inv.audit.securityHub, standards: strings(inv.audit.securityHub.standards) },
    },
    webAcls: sortBy(
      inv.webAcls.map((a) => ({
        ...a,
        protects: strings(a.protects),
        rules: [...a.rules].sort((x, y) => x.priority - y.priority),
        logging: a.logging && { ...a.logging, redactedHeaders: strings(a.logging.redactedHeaders) },
      })),
      (a) => a.name,
    ),
    dns: inv.dns && {
      records: [...inv.dns.records].sort((a, b) => byText(a.name, b.name) || byText(a.failover?.setIdentifier ?? '', b.failover?.setIdentifier ?? '')),
      healthChecks: sortBy(inv.dns.healthChecks, (h) => h.name),
    },
    tags: sortedKeys(inv.tags),
    network: {
      ...n,
      gatewayEndpoints: sortBy(
        n.gatewayEndpoints.map((e) => ({ ...e, routeTables: strings(e.routeTables) })),
        (e) => e.service,
      ),
      interfaceEndpoints: sortBy(
        n.interfaceEndpoints.map((e) => ({ ...e, subnets: strings(e.subnets) })),
        (e) => e.service,
      ),
      endpointSecurityGroup: n.endpointSecurityGroup && { ingress: strings(n.endpointSecurityGroup.ingress), egress: strings(n.endpointSecurityGroup.egress) },
      vpn: n.vpn && { ...n.vpn, connection: { ...n.vpn.connection, routes: strings(n.vpn.connection.routes) }, propagation: strings(n.vpn.propagation) },
      azs: strings(n.azs),
      subnets: sortBy(n.subnets, (s) => TIERS.indexOf(s.tier), (s) => s.az, (s) => s.cidr),
      natGateways: strings(n.natGateways),
      privateRoutes: sortBy(n.privateRoutes, (p) => p.az, (p) => p.natAz),
      flowLogs: sortBy(n.flowLogs, (f) => f.trafficType, (f) => f.retentionDays),
    },
    loadBalancers: sortBy(
      inv.loadBalancers.map((lb) => ({
        ...lb,
        ingress: strings(lb.ingress),
        egress: strings(lb.egress),
        listeners: sortBy(
          lb.listeners.map((l) => ({
            ...l,
                        rules: sortBy(
              l.rules.map((rule) => ({ ...rule, hostHeaders: strings(rule.hostHeaders), pathPatterns: strings(rule.pathPatterns), action: rule.action })),
              (rule) => rule.priority,
            ),
          })),
          (l) => l.port,
          (l) => l.protocol,
        ),
      })),
      (lb) => lb.scheme,
    ),
    targetGroups: sortBy(inv.targetGroups, (tg) => tg.name),
    services: sortBy(
      inv.services.map((s) => ({
        ...s,
        capacityProviderStrategy: sortBy(s.capacityProviderStrategy, (x) => x.capacityProvider),
        environment: strings(s.environment),
        targetGroups: strings(s.targetGroups),
        ingress: strings(s.ingress),
        egress: strings(s.egress),
        scaling: s.scaling && {
          ...s.scaling,
          policies: sortBy(s.scaling.policies, (p) => p.metric, (p) => p.resource ?? ''),
          stepPolicies: sortBy(
            s.scaling.stepPolicies.map((p) => ({ ...p, steps: sortBy(p.steps, (x) => x.lower ?? -Infinity, (x) => x.upper ?? Infinity) })),
            (p) => p.name,
          ),
        },
        permissions: sortStatements(s.permissions),
        secrets: strings(s.secrets),
        executionPermissions: sortStatements(s.executionPermissions),
      })),
      (s) => s.key,
    ),
    alarms: sortBy(
      inv.alarms.map((a) => ({
        ...a,
        metric: 'expression' in a.metric ? { expression: a.metric.expression, metrics: sortedKeys(a.metric.metrics, sortMetric) } : sortMetric(a.metric),
        alarmActions: strings(a.alarmActions),
        okActions: strings(a.okActions),
      })),
      (a) => a.description,
    ),
    dashboards: sortBy(
      inv.dashboards.map((d) => ({ ...d, widgets: d.widgets.map((w) => ({ ...w, metrics: w.metrics.map(sortMetric) })) })),
      (d) => d.name,
    ),
    topics: sortBy(
      inv.topics.map((tp) => ({ ...tp, subscriptions: strings(tp.subscriptions) })),
      (tp) => tp.name,
    ),
    logGroups: sortBy(inv.logGroups, (lg) => lg.owner),
    buckets: sortBy(
      inv.buckets.map((b) => ({
        ...b,
        transitions: sortBy(b.transitions, (t) => t.days, (t) => t.storageClass),
        replication: b.replication && { ...b.replication, rolePermissions: sortStatements(b.replication.rolePermissions) },
        grants: sortBy(
          b.grants.map((g) => ({ ...g, actions: strings(g.actions), resources: strings(g.resources), conditions: strings(g.conditions) })),
          canonical,
        ),
      })),
      (b) => b.name,
    ),
    queues: sortBy(inv.queues, (q) => q.name),
    tables: sortBy(
      inv.tables.map((t) => ({ ...t, indexes: sortBy(t.indexes, (i) => i.name), replicaRegions: strings(t.replicaRegions), replicas: sortBy(t.replicas, (r) => r.region) })),
      (t) => t.name,
    ),
    databases: sortBy(
      inv.databases.map((d) => ({
        ...d,
        instances: strings(d.instances),
        ingress: strings(d.ingress),
        egress: strings(d.egress),
        logExports: strings(d.logExports),
        monitoring: d.monitoring && { ...d.monitoring, roleManagedPolicies: strings(d.monitoring.roleManagedPolicies) },
        // A set of characters: CloudFormation keeps the written order, a Pulumi random password cannot.
        generatedPassword: d.generatedPassword && { ...d.generatedPassword, excludeCharacters: strings([...d.generatedPassword.excludeCharacters]).join(''), replicaRegions: strings(d.generatedPassword.replicaRegions) },
      })),
      (d) => d.name,
    ),
    caches: sortBy(
      inv.caches.map((c) => ({ ...c, ingress: strings(c.ingress), egress: strings(c.egress) })),
      (c) => c.name,
    ),
    jobs: sortBy(
      inv.jobs.map((j) => ({
        ...j,
        environment: strings(j.environment),
        egress: strings(j.egress),
        permissions: sortStatements(j.permissions),
        secrets: strings(j.secrets),
        executionPermissions: sortStatements(j.executionPermissions),
        schedule: { ...j.schedule, schedulerActions: strings(j.schedule.schedulerActions) },
      })),
      (j) => j.key,
    ),
    functions: sortBy(
      inv.functions.map((f) => ({
        ...f,
        environment: strings(f.environment),
        vpc: f.vpc && { ...f.vpc, egress: strings(f.vpc.egress) },
        permissions: sortStatements(f.permissions),
        queue: f.queue && { ...f.queue, functionResponseTypes: strings(f.queue.functionResponseTypes) },
        schedule: f.schedule && { ...f.schedule, schedulerPermissions: sortStatements(f.schedule.schedulerPermissions) },
      })),
      (f) => f.key,
    ),
    sites: sortBy(inv.sites, (s) => s.key),
    apis: sortBy(
      inv.apis.map((a) => ({
        ...a,
        cors: a.cors && { ...a.cors, allowOrigins: strings(a.cors.allowOrigins), allowMethods: strings(a.cors.allowMethods), allowHeaders: strings(a.cors.allowHeaders) },
        authorizers: sortBy(
          a.authorizers.map((z) => ({ ...z, identitySource: strings(z.identitySource), audience: strings(z.audience) })),
          (z) => z.name,
        ),
        routes: sortBy(a.routes, (r) => r.routeKey),
        permissions: sortBy(a.permissions, (p) => p.source, (p) => p.function),
      })),
      (a) => a.key,
    ),
    graphqlApis: sortBy(
      inv.graphqlApis.map((a) => ({
        ...a,
        logs: a.logs && { ...a.logs, rolePermissions: sortStatements(a.logs.rolePermissions) },
        dataSources: sortBy(a.dataSources.map((d) => ({ ...d, rolePermissions: sortStatements(d.rolePermissions) })), (d) => d.name),
        resolvers: sortBy(a.resolvers, (r) => r.field),
      })),
      (a) => a.key,
    ),
    restApis: sortBy(
      inv.restApis.map((a) => ({
        ...a,
        resources: strings(a.resources),
        validators: sortBy(a.validators, (v) => v.name),
        models: sortBy(a.models, (m) => m.name),
        authorizers: sortBy(a.authorizers.map((z) => ({ ...z, providers: strings(z.providers) })), (z) => z.name),
        methods: sortBy(a.methods.map((m) => ({ ...m, requiredParameters: strings(m.requiredParameters) })), (m) => m.routeKey),
        permissions: sortBy(a.permissions, (p) => p.source, (p) => p.function),
        preflight: a.preflight && { ...a.preflight, paths: strings(a.preflight.paths), methodResponseHeaders: strings(a.preflight.methodResponseHeaders) },
        gatewayResponses: sortBy(a.gatewayResponses, (g) => g.type),
        usagePlans: sortBy(a.usagePlans.map((p) => ({ ...p, keys: sortBy(p.keys, (k) => k.name) })), (p) => p.name),
      })),
      (a) => a.key,
    ),
    restApiAccount: inv.restApiAccount && { ...inv.restApiAccount, rolePermissions: sortStatements(inv.restApiAccount.rolePermissions) },
    userPools: sortBy(
      inv.userPools.map((u) => ({ ...u, enabledMfas: strings(u.enabledMfas), usernameAttributes: strings(u.usernameAttributes), autoVerifiedAttributes: strings(u.autoVerifiedAttributes), client: { ...u.client, explicitAuthFlows: strings(u.client.explicitAuthFlows) } })),
      (u) => u.key,
    ),
    backup: inv.backup && {
      ...inv.backup,
      plan: { ...inv.backup.plan, rules: sortBy(inv.backup.plan.rules, (r) => r.name) },
      selection: strings(inv.backup.selection),
      roleManagedPolicies: strings(inv.backup.roleManagedPolicies),
      recoveryVaults: sortBy(inv.backup.recoveryVaults, (v) => v.vault),
    },
    standby: inv.standby && sortInventory(inv.standby),
  };
}
