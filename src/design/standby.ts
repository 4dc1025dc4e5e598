import type { Blueprint } from '../schema';
import type { DecisionLog } from './decisions';
import { nextCidr } from './network';
import { fail } from '../fail';
import { withAccessLogs } from './access-logs';
import { standbyDns } from './dns';
import { strategyOf } from './resilience';
import { withWorkerMin } from './scaling';
import type { Design, ServiceDesign, StandbyDesign, StoreDesign } from './types';
import type { DesignAdaptation } from './index';

/**
 * The standby of a pilot-light or warm-standby design: the same blueprint designed for the secondary
 * region (so every decision is taken the same way), then turned into a standby: services idle or
 * scaled down, jobs disabled, the primary's replicated data reached as replicas, no backup plan.
 * `designOf` is design() itself, passed in to keep this module free of an import cycle.
 */
export function designStandby(bp: Blueprint, primary: Design, log: DecisionLog, designOf: (bp: Blueprint, adapt: DesignAdaptation) => Design): StandbyDesign | undefined {
  const strategy = strategyOf(bp);
  const region = bp.requirements.regions.secondary;
  if ((strategy !== 'pilot-light' && strategy !== 'warm-standby') || region === undefined) return undefined;
  const cidr = standbyCidr(bp.network.cidr);
  const record = (name: string, value: string, rationale: string) => log.record({ concern: 'resilience', subject: 'standby', name, value, source: 'derived', rationale });

  const idle = strategy === 'pilot-light';
  // The blueprint as if the secondary region were its only one: nothing replicates from there.
  const data = Object.fromEntries(Object.entries(bp.data ?? {}).map(([k, s]) => [k, 'replicate_to_secondary' in s ? { ...s, replicate_to_secondary: false } : s]));
  const there = designOf({
    ...bp,
    name: `${bp.name}-standby`,
    requirements: { ...bp.requirements, regions: { primary: region } },
    // The VPN connects on-premises to the primary's VPC only (recorded below).
    network: { ...bp.network, cidr, vpn: undefined },
    resilience: { ...bp.resilience, dr: 'none' },
    // Static sites are served by CloudFront from every edge location: the standby has none of its own.
    services: Object.fromEntries(Object.entries(bp.services).filter(([, s]) => s.kind !== 'static-site')),
    // A user pool's users live in one region: the GraphQL APIs (and their pools) stay with the primary (recorded below).
    apis: bp.apis && Object.fromEntries(Object.entries(bp.apis).filter(([, a]) => a.kind === 'http')),
    // The account's audit services live with the primary: no second trail, detector, hub or recorder.
    security: { ...bp.security, audit: undefined },
    data: bp.data && (data as Blueprint['data']),
  }, {
    // Before anything is designed from them (its alarms among them): the primary's data as replicas and
    // secondary clusters, the jobs disabled.
    stores: (stores) => stores.map((s) => standbyStore(s, primary.stores.find((p) => p.key === s.key)!, idle)),
    jobs: (jobs) => jobs.map((j) => ({ ...j, schedule: { ...j.schedule, state: 'DISABLED' as const } })),
    // A standby serves no requests until it takes over: no provisioned copies waiting there (invoked as functions).
    functions: (fns) =>
      fns.map((f) => {
        const { alias: _, ...rest } = f.schedule ? { ...f, schedule: { ...f.schedule, state: 'DISABLED' as const } } : f;
        return { ...rest, invokedThrough: 'function' as const, asyncRetries: { ...rest.asyncRetries, qualifier: '$LATEST' as const } };
      }),
  });

  record(
    'stack',
    `${there.name} in ${region}, network ${cidr}`,
    `${strategy}: the system's network, load balancer and services wait in ${region} next to the replicas of its data, so failing over starts tasks instead of building a region. Its own stack (CDK ${there.name}, deployed after ${bp.name}, whose global databases it joins; Pulumi: the recovery provider). ${cidr} follows ${bp.network.cidr} without overlapping it, so the two VPCs can be peered`,
  );

  const provisioned = primary.functions.filter((f) => f.alias);
  if (provisioned.length) {
    record('provisioned_concurrency', 'none', `${provisioned.map((f) => `${f.key} (${f.alias!.provisionedConcurrency})`).join(', ')} keep${provisioned.length === 1 ? 's' : ''} copies initialized in ${primary.region} only: the standby serves no requests until failover, and idle copies there would be billed every second; after failing over, the first requests meet cold starts`);
  }

  const graphql = Object.keys(bp.apis ?? {}).filter((k) => bp.apis![k].kind === 'graphql');
  if (graphql.length) {
    record('graphql_apis', 'none', `GraphQL API${graphql.length > 1 ? 's' : ''} ${graphql.join(', ')} stay${graphql.length > 1 ? '' : 's'} in the primary region: a Cognito user pool's users, passwords and MFA devices cannot be replicated to another region, and AppSync has no standby of its own. After failover, deploy them in ${region} against the standby's tables (their replicas)`);
  }
  const restApis = Object.keys(bp.apis ?? {}).filter((k) => bp.apis![k].kind === 'rest');
  if (restApis.length) {
    record('rest_apis', 'none', `REST API${restApis.length > 1 ? 's' : ''} ${restApis.join(', ')} stay${restApis.length > 1 ? '' : 's'} in the primary region: API keys are generated per region (a standby's would differ, and its consumers would need new ones) and a user pool cannot be replicated. After failover, deploy them in ${region} and hand out the new keys`);
  }

  if (bp.network.vpn) {
    record(
      'vpn',
      'none',
      `the Site-to-Site VPN connects on-premises to the primary's VPC only: the standby gets no customer gateway, virtual private gateway or connection. After failover, set up its own: a virtual private gateway on the standby's VPC (${cidr}, which no on-premises route overlaps) and a connection from the customer gateway, whose new tunnels must be configured on the on-premises device`,
    );
  }

  // Pilot-light: nothing runs. Warm-standby: one task of each HTTP service; workers from zero, as their queues
  // get nothing until failover (the queue alarms start tasks when messages arrive).
  const services = there.services.map((s): ServiceDesign => {
    const initial = idle ? { initialTasks: 0 } : {};
    if (s.kind === 'worker') return { ...s, scaling: withWorkerMin(s.scaling, 0), ...initial };
    return { ...s, scaling: { ...s.scaling, minTasks: idle ? 0 : Math.min(1, s.scaling.minTasks) }, ...initial };
  });
  if (services.length) {
    record(
      'services',
      idle ? `${services.map((s) => s.key).join(', ')}: no task running (min 0)` : `${services.map((s) => `${s.key}: min ${s.scaling.minTasks}`).join(', ')}`,
      idle
        ? 'pilot-light: services are defined (task definitions, target groups, scaling) but run nothing, which costs nothing; failing over raises each min to the primary\'s (the README\'s failover steps)'
        : `warm-standby: one task of each HTTP service runs, so the standby is tested by real traffic and scales out to each max (${services.map((s) => s.scaling.maxTasks).join(', ')}) as traffic moves to it; workers wait at 0 tasks, since their queues get nothing until failover, and their queue alarms start tasks when messages arrive`,
    );
  }
  const jobs = there.jobs;
  if (jobs.length) record('jobs', `${jobs.map((j) => j.key).join(', ')}: schedule disabled`, 'a job enabled in both regions would run twice, the second time against replicated data; failing over enables it');

  const scheduled = there.functions.filter((f) => f.schedule);
  if (scheduled.length) record('functions', `${scheduled.map((f) => f.key).join(', ')}: schedule disabled`, 'a scheduled function enabled in both regions would run twice, the second time against replicated data; failing over enables it');

  const stores = there.stores;
  const isReplica = (s: StoreDesign) => (s.kind === 'bucket' || s.kind === 'table') && s.standbyReplica !== undefined;
  const replicas = stores.filter(isReplica).map((s) => s.key);
  const databases = stores.filter((s) => s.kind === 'database').map((s) => s.key);
  const fresh = stores.filter((s) => !isReplica(s) && s.kind !== 'database').map((s) => s.key);
  if (stores.length) {
    record(
      'data',
      [replicas.length && `replicas: ${replicas.join(', ')}`, databases.length && `secondary clusters: ${databases.join(', ')}`, fresh.length && `empty: ${fresh.join(', ')}`].filter(Boolean).join('; '),
      `replicated buckets and global tables are used in place (by name: the replica bucket of the disaster-recovery stack, the table's replica); each Aurora database is the secondary cluster of its global database${idle ? ', headless (no instance: storage only) until failover adds one' : ', with one instance'}; queues, topics, caches and unreplicated buckets and tables start empty there`,
    );
  }
  // One budget, the primary's: it covers every cost tagged with the blueprint's name, the standby's too.
  const { standby: _none, budget: _budget, dns: _dns, ...rest } = there;
  const dns = standbyDns(there.dns, region, log);
  // The standby has no backup plan of its own (its data is the primary's): nothing to accept for one.
  const acknowledgements = there.acknowledgements.filter((a) => a.on.kind !== 'backup-role');
  if (stores.some((s) => s.kind === 'database' && s.credentials.source === 'replica')) {
    acknowledgements.push({
      rule: 'AwsSolutions-IAM4',
      on: { kind: 'secret-lookup-function' },
      finding: { kind: 'managed-policy', name: 'service-role/AWSLambdaBasicExecutionRole' },
      reason: 'the function that looks up the complete ARN of each replicated database secret at deploy time (ECS needs it; no template of this region can know it) may only write its own logs: AWSLambdaBasicExecutionRole grants CloudWatch Logs and nothing else',
    });
  }
  // Its own access-log bucket, now that its replicas (the disaster-recovery stack's buckets, logging there) are known.
  return withAccessLogs({
    ...rest,
    acknowledgements,
    tags: primary.tags,
    services,
    jobs,
    stores,
    resilience: { dr: { strategy: 'none' } },
    ...(dns ? { dns } : {}),
    standbyOf: { name: primary.name, region: primary.region, strategy },
  });
}

/** A store of the standby: a replica where the primary's replicates, the secondary cluster of a global database, or a fresh one. */
function standbyStore(s: StoreDesign, primary: StoreDesign, idle: boolean): StoreDesign {
  if (s.kind === 'bucket' && primary.kind === 'bucket' && primary.replication) {
    return { ...s, versioned: true, lifecycle: undefined, standbyReplica: { bucketNamePrefix: primary.replication.replicaBucketPrefix } };
  }
  if (s.kind === 'table' && primary.kind === 'table' && primary.tableName) {
    return { ...s, tableName: primary.tableName, stream: primary.stream, standbyReplica: { tableName: primary.tableName } };
  }
  if (s.kind === 'database' && primary.kind === 'database' && primary.global && primary.credentials.source === 'generated') {
    const { global, credentials } = primary;
    return {
      ...s,
      global: { ...global, role: 'secondary' },
      credentials: { source: 'replica', secretName: credentials.secretName, primaryRegion: global.primaryRegion },
      readers: 0,
      // Encrypted across regions: the secondary names its own region's AWS-managed key.
      kmsKeyAlias: 'alias/aws/rds',
      ...(idle ? { headless: true as const } : {}),
    };
  }
  return s;
}

/**
 * The standby network's address block: the block of the same size right after the primary's
 * (10.0.0.0/16 -> 10.1.0.0/16), so the two never overlap and can be peered.
 */
export function standbyCidr(cidr: string): string {
  return nextCidr(cidr) ?? fail(`${cidr} is the last block of its size: no room for the standby's network after it`);
}
