import { readSizing } from '../design/sizing';
import { billableFunction, billableJob, growthOf, lifecycleOf, spotOfStrategy, tableLoadOf, taskLoadOf, type BillableDatabase, type BillableFacts, type BillableStack } from './facts';

/** What `pulumi preview` writes for a value only known after deploy. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** A resource of a Pulumi program: its type, name, inputs, parent component ("<type>::<name>") and provider name. */
export interface PulumiResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  parent?: string;
  provider?: string;
}

/**
 * The resources of a `pulumi preview --json` document: each step's newState (type, inputs, parent URN,
 * provider reference), named by the last part of its URN. Deletes are skipped: they will not be billed.
 */
export function resourcesOfPreview(doc: unknown): PulumiResource[] {
  const steps = (doc as { steps?: unknown })?.steps;
  if (!Array.isArray(steps)) throw new Error('not a pulumi preview --json document: no steps');
  return steps
    .filter((s) => s?.op !== 'delete' && s?.newState)
    .map((s) => {
      const state = s.newState as { type: string; inputs?: Record<string, unknown>; parent?: string; provider?: string };
      return { type: state.type, name: nameOfUrn(String(s.urn)), inputs: (state.inputs ?? {}) as Record<string, any>, parent: state.parent && parentOfUrn(state.parent), provider: state.provider && providerName(state.provider) };
    });
}

/** urn:pulumi:stack::project::a$b$type::name -> name. */
const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf('::') + 2);
/** A parent component's URN as the mock run names it: "<its type>::<its name>". */
export function parentOfUrn(urn: string): string {
  const parts = urn.split('::');
  const types = parts[parts.length - 2].split('$');
  return `${types[types.length - 1]}::${parts[parts.length - 1]}`;
}
/** A provider reference "<urn>::<id>": the provider's name (e.g. aws-recovery). */
function providerName(ref: string): string {
  const urn = ref.split('::').slice(0, -1).join('::');
  return nameOfUrn(urn);
}

/** A bucket's lifecycle from its BucketLifecycleConfiguration's one rule (transitions, expiration), or null. */
function bucketLifecycle(config: PulumiResource | undefined) {
  const rule = (config?.inputs.rules as { transitions?: { days: number; storageClass: string }[]; expiration?: { days?: number }; noncurrentVersionExpiration?: { noncurrentDays?: number } }[] | undefined)?.[0];
  if (!rule) return null;
  return lifecycleOf(rule.transitions ?? [], rule.expiration?.days ?? null, rule.noncurrentVersionExpiration?.noncurrentDays ?? null);
}

const known = (v: unknown): boolean => v !== undefined && v !== UNKNOWN;
const store = (r: PulumiResource): string | undefined => r.inputs.tags?.['blueprint:store'];

/**
 * The billable facts of a Blueprint Pulumi program from its resources alone, by type, inputs, the
 * blueprint:store tag and the names the program gives (`<stack>-svc-<key>-task`, ...): no value only
 * known after deploy is read, so a preview document prices like the mock run it comes from.
 */
export function factsFromPulumi(name: string, region: string, resources: PulumiResource[]): BillableFacts {
  const stackOf = (r: PulumiResource) => r.parent?.slice(r.parent.indexOf('::') + 2);
  const standby = `${name}-standby`;
  const recovery = resources.find((r) => r.type === 'pulumi:providers:aws' && r.name === 'aws-recovery')?.inputs.region as string | undefined;
  const stacks = [name, ...(resources.some((r) => stackOf(r) === standby) ? [standby] : [])];
  return { name, region, stacks: stacks.map((s) => stackFacts(resources.filter((r) => stackOf(r) === s), s, s === name ? '' : `${s}/`, recovery)) };
}

function stackFacts(rs: PulumiResource[], stack: string, prefix: string, recoveryRegion: string | undefined): BillableStack {
  const of = (type: string) => rs.filter((r) => r.type === type);
  const one = (type: string, name: string) => rs.find((r) => r.type === type && r.name === name);
  const task = (name: string) => {
    const t = one('aws:ecs/taskDefinition:TaskDefinition', name);
    if (!t) throw new Error(`pulumi: no task definition ${name}`);
    return { cpu: Number(t.inputs.cpu), memory: Number(t.inputs.memory), arch: t.inputs.runtimePlatform?.cpuArchitecture === 'ARM64' ? ('arm64' as const) : ('x86_64' as const), tags: t.inputs.tags };
  };
  const sizing = (r: PulumiResource) => readSizing(r.inputs.tags, `${r.type} ${r.name}`);
  const services = of('aws:ecs/service:Service').map((s) => {
    const key = s.name.slice(`${stack}-svc-`.length, -'-service'.length);
    const scaling = one('aws:appautoscaling/target:Target', `${stack}-scaling-${key}`);
    const running = known(s.inputs.desiredCount) ? Number(s.inputs.desiredCount) : scaling ? Number(scaling.inputs.minCapacity) : 1;
    const peak = scaling ? Number(scaling.inputs.maxCapacity) : running;
    const { tags: _, ...t } = task(`${stack}-svc-${key}-task`);
    return {
      key,
      ...t,
      runningTasks: running,
      peakTasks: peak,
      spot: spotOfStrategy(s.inputs.capacityProviderStrategies ?? [], `service ${key}`),
      ...taskLoadOf(sizing(s)),
      publicIp: s.inputs.networkConfiguration?.assignPublicIp === true,
    };
  });
  const jobs = of('aws:scheduler/schedule:Schedule').filter((s) => s.name.startsWith(`${stack}-job-`)).map((s) => {
    const key = s.name.slice(`${stack}-job-`.length, -'-schedule'.length);
    // A schedule takes no tags: a job's sizing is on its task definition.
    const { tags, ...t } = task(`${stack}-job-${key}-task`);
    return billableJob({
      key,
      ...t,
      sizing: readSizing(tags, `the task definition of job ${key}`),
      publicIp: s.inputs.target?.ecsParameters?.networkConfiguration?.assignPublicIp === true,
      schedule: { state: s.inputs.state, expression: s.inputs.scheduleExpression },
    });
  });
  // A function's sizing is on the function; its schedule and its alias's provisioned concurrency, when it has them, are named after it.
  const functions = of('aws:lambda/function:Function')
    .filter((f) => f.name.startsWith(`${stack}-function-`))
    .map((f) => {
      const key = f.name.slice(`${stack}-function-`.length);
      const schedule = one('aws:scheduler/schedule:Schedule', `${f.name}-schedule`);
      const provisioned = one('aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig', `${f.name}-provisioned-concurrency`);
      const arch = (f.inputs.architectures ?? ['x86_64'])[0] === 'arm64' ? ('arm64' as const) : ('x86_64' as const);
      return billableFunction({
        key,
        arch,
        memoryMb: Number(f.inputs.memorySize ?? 128),
        sizing: sizing(f),
        ...(schedule ? { schedule: { state: schedule.inputs.state, expression: schedule.inputs.scheduleExpression } } : {}),
        provisionedConcurrency: provisioned ? Number(provisioned.inputs.provisionedConcurrentExecutions) : 0,
      });
    });
  // Not the primary's replicas: they are created with the secondary region's provider (as all of a standby's resources are).
  const buckets = of('aws:s3/bucket:Bucket').filter((b) => store(b) && !(prefix === '' && b.provider === 'aws-recovery'));
  const replicated = new Set(of('aws:s3/bucketReplicationConfig:BucketReplicationConfig').map((r) => r.name.replace(/-replication$/, '')));
  const tables = of('aws:dynamodb/table:Table').filter(store);
  const clusters = of('aws:rds/cluster:Cluster').filter(store);
  const instances = of('aws:rds/instance:Instance').filter(store);
  const members = of('aws:rds/clusterInstance:ClusterInstance');
  const caches = of('aws:elasticache/replicationGroup:ReplicationGroup').filter(store);
  const plan = of('aws:backup/plan:Plan')[0];
  // The selection's resources are ARNs, unknown before deploy; how many there are is known.
  const selected = of('aws:backup/selection:Selection')[0]?.inputs.resources as unknown[] | undefined;
  const copies = plan && (plan.inputs.rules ?? []).some((r: { copyActions?: unknown[] }) => r.copyActions?.length);
  const key = (r: PulumiResource) => store(r)!;
  // A bucket's versioning is a resource of its own, named after the bucket (its bucket input is unknown before deploy).
  const versioned = new Set(of('aws:s3/bucketVersioning:BucketVersioning').filter((v) => v.inputs.versioningConfiguration?.status === 'Enabled').map((v) => v.name.replace(/-versioning$/, '')));
  // Which stores the backup selects: its resources are ARNs, unknown before deploy, so they are named by what the
  // design selects (its tables and databases, and its versioned buckets), checked against how many ARNs it lists.
  const backedUp = (count: number): string[] => {
    const keys = [...tables, ...clusters, ...instances, ...buckets.filter((b) => versioned.has(b.name))].map(key).sort();
    if (keys.length !== count) throw new Error(`cost: the backup selection lists ${count} resources, but the stack has ${keys.length} tables, databases and versioned buckets (${keys.join(', ')})`);
    return keys;
  };
  const sorted = <T extends { key: string }>(xs: T[]) => xs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    prefix,
    serving: prefix === '',
    azs: new Set(of('aws:ec2/subnet:Subnet').map((s) => s.inputs.availabilityZone)).size,
    natGateways: of('aws:ec2/natGateway:NatGateway').length,
    loadBalancer: of('aws:lb/loadBalancer:LoadBalancer').length > 0,
    loadBalancerCdn: of('aws:cloudfront/distribution:Distribution').some((x) => x.inputs.tags?.['blueprint:lb-cdn'] !== undefined),
    interfaceEndpoints: of('aws:ec2/vpcEndpoint:VpcEndpoint')
      .filter((e) => e.inputs.vpcEndpointType === 'Interface')
      .map((e) => String(e.inputs.serviceName).split('.').slice(3).join('.'))
      .sort(),
    gatewayEndpoints: of('aws:ec2/vpcEndpoint:VpcEndpoint')
      .filter((e) => e.inputs.vpcEndpointType === 'Gateway')
      .map((e) => String(e.inputs.serviceName).split('.').slice(3).join('.'))
      .sort(),
    vpn: of('aws:ec2/vpnConnection:VpnConnection').length > 0,
    healthChecks: of('aws:route53/healthCheck:HealthCheck').length,
    services,
    jobs,
    functions: sorted(functions),
    // A GraphQL API's sizing is on the API (`<stack>-graphql-<key>`); a user pool's plan is its userPoolTier (`<stack>-user-pool-<key>`).
    graphqlApis: sorted(of('aws:appsync/graphQLApi:GraphQLApi').filter((a) => a.name.startsWith(`${stack}-graphql-`)).map((a) => ({ key: a.name.slice(`${stack}-graphql-`.length), peakPerSecond: sizing(a)['peak-rps'] ?? null }))),
    // A REST API's sizing is on the API (`<stack>-rest-api-<key>`).
    restApis: sorted(of('aws:apigateway/restApi:RestApi').filter((a) => a.name.startsWith(`${stack}-rest-api-`)).map((a) => ({ key: a.name.slice(`${stack}-rest-api-`.length), peakPerSecond: sizing(a)['peak-rps'] ?? null }))),
    userPools: sorted(of('aws:cognito/userPool:UserPool').filter((u) => u.name.startsWith(`${stack}-user-pool-`)).map((u) => ({ key: u.name.slice(`${stack}-user-pool-`.length), tier: String(u.inputs.userPoolTier ?? 'ESSENTIALS') }))),
    apis: sorted(
      of('aws:apigatewayv2/api:Api')
        .filter((a) => a.name.startsWith(`${stack}-api-`))
        .map((a) => {
          const key = a.name.slice(`${stack}-api-`.length);
          return { key, peakPerSecond: sizing(a)['peak-rps'] ?? null, cdn: of('aws:cloudfront/distribution:Distribution').some((x) => x.inputs.tags?.['blueprint:api-cdn'] === key) };
        }),
    ),
    buckets: sorted(
      buckets.map((b) => ({
        key: key(b),
        versioned: versioned.has(b.name),
        replicaRegion: replicated.has(b.name) ? (recoveryRegion ?? null) : null,
        lifecycle: bucketLifecycle(one('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', `${b.name}-lifecycle`)),
        ...growthOf(sizing(b)),
      })),
    ),
    queues: sorted(
      of('aws:sqs/queue:Queue')
        .filter((q) => store(q) && !q.name.endsWith('-dead-letter'))
        .map((q) => ({ key: key(q), fifo: q.inputs.fifoQueue === true, peakMessagesPerSecond: sizing(q)['peak-messages-per-second'] ?? null })),
    ),
    topics: sorted(of('aws:sns/topic:Topic').filter(store).map((t) => ({ key: key(t) }))),
    tables: sorted(
      tables.map((t) => {
        const indexes = (t.inputs.globalSecondaryIndexes ?? []) as { readCapacity?: number; writeCapacity?: number }[];
        const provisioned = t.inputs.billingMode === 'PROVISIONED';
        return {
          key: key(t),
          provisioned: provisioned ? { rcu: Number(t.inputs.readCapacity) + indexes.reduce((n, i) => n + (i.readCapacity ?? 0), 0), wcu: Number(t.inputs.writeCapacity) + indexes.reduce((n, i) => n + (i.writeCapacity ?? 0), 0) } : null,
          regions: 1 + ((t.inputs.replicas ?? []) as unknown[]).length,
          pointInTimeRecovery: t.inputs.pointInTimeRecovery?.enabled === true,
          itemKb: sizing(t)['item-kb'] ?? 1,
          ...growthOf(sizing(t)),
          ...tableLoadOf(sizing(t)),
        };
      }),
    ),
    databases: sorted([
      ...instances.map(
        (i): BillableDatabase => ({
          key: key(i),
          engine: i.inputs.engine,
          topology: 'instance',
          instanceClass: i.inputs.instanceClass,
          instances: 1,
          multiAz: i.inputs.multiAz === true,
          allocatedGb: Number(i.inputs.allocatedStorage ?? 0),
          serverlessMinAcu: null,
          serverlessMaxAcu: null,
          ...growthOf(sizing(i)),
        }),
      ),
      ...clusters.map((c): BillableDatabase => {
        const own = members.filter((m) => store(m) === key(c));
        return {
          key: key(c),
          engine: c.inputs.engine,
          topology: 'cluster',
          instanceClass: own[0]?.inputs.instanceClass ?? '',
          instances: own.length,
          multiAz: false,
          allocatedGb: 0,
          serverlessMinAcu: c.inputs.serverlessv2ScalingConfiguration ? Number(c.inputs.serverlessv2ScalingConfiguration.minCapacity) : null,
          serverlessMaxAcu: c.inputs.serverlessv2ScalingConfiguration ? Number(c.inputs.serverlessv2ScalingConfiguration.maxCapacity) : null,
          ...growthOf(sizing(c)),
        };
      }),
    ]),
    caches: sorted(
      caches.map((c) => ({
        key: key(c),
        engine: c.inputs.engine,
        nodeType: c.inputs.nodeType,
        nodes: c.inputs.numNodeGroups !== undefined ? Number(c.inputs.numNodeGroups) * (1 + Number(c.inputs.replicasPerNodeGroup ?? 0)) : Number(c.inputs.numCacheClusters),
      })),
    ),
    backup: plan ? { stores: backedUp(selected?.length ?? 0), copyRegion: copies ? (recoveryRegion ?? null) : null } : null,
    customerKey: of('aws:kms/key:Key').length > 0,
    secrets: of('aws:secretsmanager/secret:Secret').length + [...instances, ...clusters].filter((d) => d.inputs.manageMasterUserPassword === true).length,
    webAclRules: ((acl) => (acl ? (acl.inputs.rules ?? []).length : null))(of('aws:wafv2/webAcl:WebAcl').find((a) => a.inputs.scope !== 'CLOUDFRONT')),
    sites: of('aws:cloudfront/distribution:Distribution')
      .filter((x) => x.inputs.tags?.['blueprint:api-cdn'] === undefined && x.inputs.tags?.['blueprint:lb-cdn'] === undefined)
      .map((x) => ({ key: String(x.inputs.tags?.['blueprint:site'] ?? x.name), priceClass: String(x.inputs.priceClass ?? 'PriceClass_All') }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    siteWebAclRules: ((acl) => (acl ? (acl.inputs.rules ?? []).length : null))(of('aws:wafv2/webAcl:WebAcl').find((a) => a.inputs.scope === 'CLOUDFRONT')),
    trail: of('aws:cloudtrail/trail:Trail').length > 0,
    trailLogs: of('aws:cloudtrail/trail:Trail').some((t) => t.inputs.cloudWatchLogsGroupArn !== undefined),
    flowLogs: of('aws:ec2/flowLog:FlowLog').length > 0,
    guardDuty: of('aws:guardduty/detector:Detector').some((g) => g.inputs.enable !== false),
    securityHubStandards: of('aws:securityhub/standardsSubscription:StandardsSubscription').length,
    config: of('aws:cfg/recorder:Recorder').length > 0,
    alarms: of('aws:cloudwatch/metricAlarm:MetricAlarm').length,
    // An alarm on an expression lists each metric it reads as a query with a metric.
    alarmMetrics: of('aws:cloudwatch/metricAlarm:MetricAlarm').reduce((n, a) => n + (a.inputs.metricQueries ? (a.inputs.metricQueries as { metric?: unknown }[]).filter((q) => q.metric).length : 1), 0),
    dashboard: of('aws:cloudwatch/dashboard:Dashboard').length > 0,
    logRetentionDays: Math.max(0, ...of('aws:cloudwatch/logGroup:LogGroup').map((g) => Number(g.inputs.retentionInDays ?? 0))),
  };
}
