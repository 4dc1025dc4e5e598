import type { RegisteredResource } from '../pulumi/mock-run';
import { mockArn, mockArnSuffix, mockId, mockQueueUrl } from '../pulumi/mock-values';
import { sortInventory } from './sort';
import type {
  AlarmInventory,
  BucketInventory,
  QueueInventory,
  TableInventory,
  DashboardInventory,
  Inventory,
  ListenerAction,
  LoadBalancerInventory,
  LogGroupInventory,
  MetricRef,
  ServiceInventory,
  TargetGroupInventory,
  TopicInventory,
} from './inventory';

/*
 * Reads the capability inventory back from the resources a Pulumi program
 * registered (a mock run). References arrive as resolved values (ids, ARNs,
 * names that the mocks derive from logical names), so each is looked up by
 * value and named by what it points at, as the CloudFormation reader does.
 */

// Inputs are untyped JSON here: each field is read where the reader needs it.
type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type R = Omit<RegisteredResource, 'inputs'> & { inputs: Inputs };

const T = {
  vpc: 'aws:ec2/vpc:Vpc',
  subnet: 'aws:ec2/subnet:Subnet',
  igw: 'aws:ec2/internetGateway:InternetGateway',
  nat: 'aws:ec2/natGateway:NatGateway',
  routeTable: 'aws:ec2/routeTable:RouteTable',
  association: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
  route: 'aws:ec2/route:Route',
  flowLog: 'aws:ec2/flowLog:FlowLog',
  defaultSg: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  lb: 'aws:lb/loadBalancer:LoadBalancer',
  listener: 'aws:lb/listener:Listener',
  rule: 'aws:lb/listenerRule:ListenerRule',
  tg: 'aws:lb/targetGroup:TargetGroup',
  certificate: 'aws:acm/certificate:Certificate',
  cluster: 'aws:ecs/cluster:Cluster',
  service: 'aws:ecs/service:Service',
  task: 'aws:ecs/taskDefinition:TaskDefinition',
  namespace: 'aws:servicediscovery/httpNamespace:HttpNamespace',
  target: 'aws:appautoscaling/target:Target',
  policy: 'aws:appautoscaling/policy:Policy',
  alarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  dashboard: 'aws:cloudwatch/dashboard:Dashboard',
  topic: 'aws:sns/topic:Topic',
  subscription: 'aws:sns/topicSubscription:TopicSubscription',
  topicPolicy: 'aws:sns/topicPolicy:TopicPolicy',
  bucket: 'aws:s3/bucket:Bucket',
  bucketEncryption: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  bucketPublicAccess: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  bucketPolicy: 'aws:s3/bucketPolicy:BucketPolicy',
  bucketVersioning: 'aws:s3/bucketVersioning:BucketVersioning',
  bucketLifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  queue: 'aws:sqs/queue:Queue',
  queuePolicy: 'aws:sqs/queuePolicy:QueuePolicy',
  table: 'aws:dynamodb/table:Table',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
};

/** Types the inventory deliberately does not cover, with why. */
export const PULUMI_TYPES_NOT_IN_INVENTORY: Record<string, string> = {
  'pulumi:providers:aws': 'the provider: its region is the design region, checked by the program',
  'aws:ec2/eip:Eip': 'the NAT gateways\' addresses; the gateways themselves are covered',
  'aws:ec2/route:Route': 'read to classify subnets (public, private, isolated) and private routes',
  'aws:ec2/routeTable:RouteTable': 'read to classify subnets',
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 'read to classify subnets',
  'aws:ec2/securityGroup:SecurityGroup': 'read as the ingress of load balancers and services',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'read as the ingress of services',
  'aws:iam/role:Role': 'roles are covered as whether a task and execution role exist; policies arrive with least-privilege checks',
  'aws:iam/rolePolicy:RolePolicy': 'read as the permissions of a task role; other roles\' policies (execution, flow logs) are not inventoried yet',
  'aws:acm/certificate:Certificate': 'read as the certificate of a listener',
  'aws:ecs/cluster:Cluster': 'the cluster has no decisions of its own yet',
  'aws:ecs/taskDefinition:TaskDefinition': 'read as part of its service',
  'aws:servicediscovery/httpNamespace:HttpNamespace': 'read as the Service Connect namespace of services',
  'aws:appautoscaling/target:Target': 'read as the scaling of its service',
  'aws:appautoscaling/policy:Policy': 'read as the scaling of its service',
  'aws:sns/topicSubscription:TopicSubscription': 'read as the subscriptions of its topic',
  'aws:sns/topicPolicy:TopicPolicy': 'read as whether its topic is TLS-only',
  'aws:sqs/queuePolicy:QueuePolicy': 'read as whether its queue is TLS-only',
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': 'read as the encryption of its bucket',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': 'read as the public-access block of its bucket',
  'aws:s3/bucketPolicy:BucketPolicy': 'read as whether its bucket is TLS-only',
  'aws:s3/bucketVersioning:BucketVersioning': 'read as the versioning of its bucket',
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration': 'read as the lifecycle of its bucket',
};

export function inventoryFromPulumi(registered: RegisteredResource[]): Inventory {
  const resources = registered as R[];
  const custom = resources.filter((r) => r.custom);
  const ofType = (type: string) => custom.filter((r) => r.type === type);
  const covered = new Set([...Object.values(T), ...Object.keys(PULUMI_TYPES_NOT_IN_INVENTORY)]);
  for (const r of custom) {
    if (!covered.has(r.type)) throw new Error(`the parity inventory cannot classify ${r.type} "${r.name}": add it to src/parity/ (see docs/PARITY.md)`);
  }

  // Values the mocks computed from logical names (src/pulumi/mock-run.ts): ids, ARNs, names, ARN suffixes.
  const region = regionOf(resources);
  const id = (r: R) => mockId(r.name);
  const byArnValue = (r: R) => mockArn(r.type, r.name, region);
  const byId = new Map(custom.map((r) => [id(r), r]));
  const byArn = (arn: string) => custom.find((r) => byArnValue(r) === arn);
  const storeTag = (r: R): string | undefined => r.inputs.tags?.['blueprint:store'];
  /** The symbolic name of a store's ARN, with any suffix kept: "bucket:reports/*". */
  const storeArn = (arn: string): string => {
    for (const r of custom) {
      const kind = STORE_KINDS[r.type];
      const base = byArnValue(r);
      if (kind && (arn === base || arn.startsWith(`${base}/`)) && storeTag(r)) return `${kind}:${storeTag(r)}${arn.slice(base.length)}`;
    }
    throw new Error(`parity: a task role grants access to ${arn}, which is not a data store`);
  };
  /** An injected connection detail named by its store ("bucket:reports"), as the template reader names it. */
  const connectionValue = (value: string): string => {
    for (const r of custom) {
      const kind = STORE_KINDS[r.type];
      const key = storeTag(r);
      if (!kind || !key || r.name.endsWith('-dead-letter')) continue;
      const exposed = kind === 'queue' ? mockQueueUrl(r.name, region) : kind === 'topic' ? byArnValue(r) : r.name;
      if (value === exposed) return `${kind}:${key}`;
    }
    return value;
  };
  const permissionsOf = (roleArn: string): ServiceInventory['permissions'] =>
    custom
      .filter((r) => r.type === T.rolePolicy && byArnValue(must(byId.get(r.inputs.role), `role ${r.inputs.role}`)) === roleArn)
      .flatMap((p) => (JSON.parse(p.inputs.policy).Statement as Inputs[]))
      .map((st) => ({
        effect: st.Effect,
        actions: ([] as string[]).concat(st.Action).sort(),
        resources: ([] as string[]).concat(st.Resource).map(storeArn).sort(),
      }));
  const must = <X>(x: X | undefined, what: string): X => {
    if (x === undefined) throw new Error(`parity: cannot resolve ${what}`);
    return x;
  };

  // --- network
  const subnets = ofType(T.subnet);
  const tables = new Map(ofType(T.association).map((a) => [a.inputs.subnetId as string, a.inputs.routeTableId as string]));
  const routes = ofType(T.route).filter((r) => r.inputs.destinationCidrBlock === '0.0.0.0/0');
  const tierOf = (subnet: R): 'public' | 'private' | 'isolated' => {
    const table = must(tables.get(id(subnet)), `the route table of subnet ${subnet.name}`);
    const route = routes.find((r) => r.inputs.routeTableId === table);
    if (!route) return 'isolated';
    if (route.inputs.gatewayId) return 'public';
    if (route.inputs.natGatewayId) return 'private';
    throw new Error(`parity: unclassifiable default route of subnet ${subnet.name}`);
  };
  const subnetById = new Map(subnets.map((s) => [id(s), s]));
  const azOfSubnet = (subnetId: string) => must(subnetById.get(subnetId), `subnet ${subnetId}`).inputs.availabilityZone as string;
  const subnetSet = (ids: string[]) => {
    const tiers = [...new Set(ids.map((i) => tierOf(must(subnetById.get(i), `subnet ${i}`))))];
    if (tiers.length !== 1) throw new Error(`parity: subnets of several tiers: ${tiers.join(', ')}`);
    return { tier: tiers[0], count: ids.length };
  };
  const nats = ofType(T.nat);
  const natAz = (natId: string) => azOfSubnet(must(byId.get(natId), `NAT gateway ${natId}`).inputs.subnetId as string);
  const vpc = must(ofType(T.vpc)[0], 'the VPC');
  const logGroups = ofType(T.logGroup);
  const logGroupByArn = (arn: string) => must(logGroups.find((l) => arn === byArnValue(l)), `log group ${arn}`);

  const network: Inventory['network'] = {
    vpcCidr: vpc.inputs.cidrBlock,
    // The provider's defaults: DNS support on, hostnames off.
    dnsSupport: vpc.inputs.enableDnsSupport ?? true,
    dnsHostnames: vpc.inputs.enableDnsHostnames ?? false,
    azs: [...new Set(subnets.map((s) => s.inputs.availabilityZone as string))].sort(),
    subnets: subnets
      .map((s) => ({ tier: tierOf(s), az: s.inputs.availabilityZone as string, cidr: s.inputs.cidrBlock as string, mapPublicIp: s.inputs.mapPublicIpOnLaunch === true }))
      .sort((a, b) => a.tier.localeCompare(b.tier) || a.az.localeCompare(b.az)),
    natGateways: nats.map((n) => azOfSubnet(n.inputs.subnetId)).sort(),
    internetGateway: ofType(T.igw).length > 0,
    privateRoutes: subnets
      .filter((s) => tierOf(s) === 'private')
      .map((s) => ({ az: s.inputs.availabilityZone as string, natAz: natAz(routes.find((r) => r.inputs.routeTableId === tables.get(id(s)))!.inputs.natGatewayId) }))
      .sort((a, b) => a.az.localeCompare(b.az)),
    flowLogs: ofType(T.flowLog).map((f) => ({
      trafficType: f.inputs.trafficType,
      destination: f.inputs.logDestinationType,
      retentionDays: logGroupByArn(f.inputs.logDestination).inputs.retentionInDays,
    })),
    defaultSecurityGroupRestricted: ofType(T.defaultSg).some(
      (g) => g.inputs.vpcId === id(vpc) && (g.inputs.ingress ?? []).length === 0 && (g.inputs.egress ?? []).length === 0,
    ),
  };

  // --- services and their target groups
  const tasks = ofType(T.task);
  const container = (task: R) => (JSON.parse(task.inputs.containerDefinitions as string) as Inputs[])[0];
  const ecsServices = ofType(T.service);
  const keyOf = (svc: R) => container(must(custom.find((t) => t.type === T.task && byArnValue(t) === svc.inputs.taskDefinition), `task of ${svc.name}`)).logConfiguration.options['awslogs-stream-prefix'] as string;
  const tgKey = new Map<string, string>(); // target group ARN -> service key
  for (const svc of ecsServices) for (const lb of (svc.inputs.loadBalancers ?? []) as Inputs[]) tgKey.set(lb.targetGroupArn, keyOf(svc));
  const tgName = (arn: string) => `target-group:${must(tgKey.get(arn), `target group ${arn}`)}`;
  const lbs = ofType(T.lb);
  const tgs = ofType(T.tg);
  const suffixName = (value: string): string => {
    const lb = lbs.find((l) => value === mockArnSuffix(l.type, l.name));
    if (lb) return 'load-balancer';
    const tg = tgs.find((t) => value === mockArnSuffix(t.type, t.name));
    if (tg) return tgName(byArnValue(tg));
    throw new Error(`parity: unknown ARN suffix ${value}`);
  };
  const sgs = ofType(T.sg);
  /** Inline rules as "peer:ports" ("0.0.0.0/0:all" for every protocol), the CloudFormation reader's form. */
  const ports = (rule: Inputs) => (rule.protocol === '-1' ? 'all' : rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`);
  const egressOf = (sg: R) => ((sg.inputs.egress ?? []) as Inputs[]).flatMap((e) => ((e.cidrBlocks ?? []) as string[]).map((c) => `${c}:${ports(e)}`)).sort();

  const lbSgIds = new Set(lbs.flatMap((l) => l.inputs.securityGroups as string[]));
  const serviceSg = new Map(ecsServices.map((s) => [(s.inputs.networkConfiguration.securityGroups as string[])[0], keyOf(s)]));
  const clusters = ofType(T.cluster);
  const dimensionName = (name: string, value: string): string => {
    if (name === 'LoadBalancer' || name === 'TargetGroup') return suffixName(value);
    if (name === 'ClusterName' && clusters.some((c) => c.name === value)) return 'cluster';
    const svc = ecsServices.find((s) => s.name === value);
    if (name === 'ServiceName' && svc) return `service:${keyOf(svc)}`;
    throw new Error(`parity: unknown dimension ${name}=${value}`);
  };

  const targets = ofType(T.target);
  const policies = ofType(T.policy);
  const services: ServiceInventory[] = ecsServices
    .map((svc) => {
      const key = keyOf(svc);
      const task = custom.find((t) => t.type === T.task && byArnValue(t) === svc.inputs.taskDefinition)!;
      const c = container(task);
      const group = logGroups.find((l) => l.name === c.logConfiguration.options['awslogs-group']);
      const net = svc.inputs.networkConfiguration as Inputs;
      const sgId = (net.securityGroups as string[])[0];
      const target = targets.find((t) => t.inputs.resourceId === `service/${clusters[0]?.name}/${svc.name}`);
      const sc = svc.inputs.serviceConnectConfiguration as Inputs | undefined;
      return {
        key,
        launchType: svc.inputs.launchType,
        cpu: Number(task.inputs.cpu),
        memory: Number(task.inputs.memory),
        architecture: task.inputs.runtimePlatform.cpuArchitecture,
        image: c.image,
        containerPort: c.portMappings[0].containerPort,
        portName: c.portMappings[0].name ?? null,
        appProtocol: c.portMappings[0].appProtocol ?? null,
        environment: ((c.environment ?? []) as { name: string; value: string }[]).map((e) => `${e.name}=${connectionValue(e.value)}`).sort(),
        logRetentionDays: must(group, `log group of ${key}`).inputs.retentionInDays,
        subnets: subnetSet(net.subnets),
        assignPublicIp: net.assignPublicIp === true,
        desiredCount: svc.inputs.desiredCount ?? null,
        deployment: {
          circuitBreaker: svc.inputs.deploymentCircuitBreaker?.enable === true,
          rollback: svc.inputs.deploymentCircuitBreaker?.rollback === true,
          minHealthyPercent: svc.inputs.deploymentMinimumHealthyPercent,
          maxPercent: svc.inputs.deploymentMaximumPercent,
        },
        healthCheckGraceSeconds: svc.inputs.healthCheckGracePeriodSeconds ?? null,
        targetGroups: ((svc.inputs.loadBalancers ?? []) as Inputs[]).map((l) => tgName(l.targetGroupArn)).sort(),
        ingress: ofType(T.ingress)
          .filter((i) => i.inputs.securityGroupId === sgId)
          .map((i) => {
            const from = i.inputs.referencedSecurityGroupId as string;
            const source = lbSgIds.has(from) ? 'load-balancer' : `service:${must(serviceSg.get(from), `security group ${from}`)}`;
            return `${source}:${i.inputs.fromPort}`;
          })
          .sort(),
        egress: egressOf(must(sgs.find((g) => id(g) === sgId), `security group ${sgId}`)),
        serviceConnect: sc?.enabled
          ? {
              namespace: must(byArn(sc.namespace), `namespace ${sc.namespace}`).inputs.name,
              dnsName: sc.services?.[0]?.clientAlias?.[0]?.dnsName ?? null,
              port: sc.services?.[0]?.clientAlias?.[0]?.port ?? null,
            }
          : null,
        scaling: target
          ? {
              min: target.inputs.minCapacity,
              max: target.inputs.maxCapacity,
              policies: policies
                .filter((p) => p.inputs.resourceId === target.inputs.resourceId)
                .map((p) => {
                  const cfg = p.inputs.targetTrackingScalingPolicyConfiguration as Inputs;
                  const label = cfg.predefinedMetricSpecification.resourceLabel as string | undefined;
                  return {
                    metric: cfg.predefinedMetricSpecification.predefinedMetricType,
                    target: cfg.targetValue,
                    scaleInCooldownSeconds: cfg.scaleInCooldown,
                    scaleOutCooldownSeconds: cfg.scaleOutCooldown,
                    resource: label ? resourceLabel(label, suffixName) : null,
                  };
                })
                .sort((a, b) => a.metric.localeCompare(b.metric)),
            }
          : null,
        roles: { task: !!task.inputs.taskRoleArn, execution: !!task.inputs.executionRoleArn },
        permissions: permissionsOf(task.inputs.taskRoleArn),
      } as ServiceInventory;
    })
    .sort((a, b) => a.key.localeCompare(b.key));

  const targetGroups: TargetGroupInventory[] = tgs
    .map((t) => ({
      name: tgName(byArnValue(t)),
      port: t.inputs.port,
      protocol: t.inputs.protocol,
      targetType: t.inputs.targetType,
      deregistrationDelaySeconds: Number(t.inputs.deregistrationDelay),
      healthCheck: {
        path: t.inputs.healthCheck.path,
        intervalSeconds: t.inputs.healthCheck.interval,
        healthyThreshold: t.inputs.healthCheck.healthyThreshold,
        unhealthyThreshold: t.inputs.healthCheck.unhealthyThreshold,
      },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  // --- load balancers
  const certificates = ofType(T.certificate);
  const action = (a: Inputs): ListenerAction => {
    if (a.type === 'forward') return { type: 'forward', targetGroup: tgName(a.targetGroupArn) };
    if (a.type === 'redirect') return { type: 'redirect', protocol: a.redirect.protocol, port: String(a.redirect.port), statusCode: a.redirect.statusCode };
    if (a.type === 'fixed-response') return { type: 'fixed-response', statusCode: String(a.fixedResponse.statusCode), contentType: a.fixedResponse.contentType, body: a.fixedResponse.messageBody };
    throw new Error(`parity: unknown listener action ${a.type}`);
  };
  const loadBalancers: LoadBalancerInventory[] = lbs.map((lb) => {
    const arn = byArnValue(lb);
    const sg = must(sgs.find((g) => (lb.inputs.securityGroups as string[]).includes(id(g))), `security group of ${lb.name}`);
    return {
      scheme: lb.inputs.internal ? 'internal' : 'internet-facing',
      subnets: subnetSet(lb.inputs.subnets),
      idleTimeoutSeconds: lb.inputs.idleTimeout ?? 60,
      dropInvalidHeaderFields: lb.inputs.dropInvalidHeaderFields === true,
      ingress: ((sg.inputs.ingress ?? []) as Inputs[]).flatMap((i) => (i.cidrBlocks as string[]).map((c) => `${c}:${ports(i)}`)).sort(),
      egress: egressOf(sg),
      listeners: ofType(T.listener)
        .filter((l) => l.inputs.loadBalancerArn === arn)
        .map((l) => {
          const cert = certificates.find((c) => byArnValue(c) === l.inputs.certificateArn);
          return {
            port: l.inputs.port,
            protocol: l.inputs.protocol,
            sslPolicy: l.inputs.sslPolicy ?? null,
            certificate: cert ? `requested:${cert.inputs.domainName}` : (l.inputs.certificateArn ?? null),
            defaultAction: action(l.inputs.defaultActions[0]),
            rules: ofType(T.rule)
              .filter((r) => r.inputs.listenerArn === byArnValue(l))
              .map((r) => ({
                priority: r.inputs.priority,
                hostHeaders: ((r.inputs.conditions as Inputs[]).find((c) => c.hostHeader)?.hostHeader.values ?? []) as string[],
                pathPatterns: ((r.inputs.conditions as Inputs[]).find((c) => c.pathPattern)?.pathPattern.values ?? []) as string[],
                action: action(r.inputs.actions[0]),
              }))
              .sort((a, b) => a.priority - b.priority),
          };
        })
        .sort((a, b) => a.port - b.port),
    };
  });

  // --- observability
  const topics = ofType(T.topic);
  const topicName = (arn: string) => {
    must(topics.find((t) => byArnValue(t) === arn), `topic ${arn}`);
    return 'topic';
  };
  const metricRef = (m: Inputs, statistic: string, period: number): MetricRef => ({
    namespace: m.namespace,
    metricName: m.metricName,
    statistic,
    dimensions: Object.fromEntries(Object.entries((m.dimensions ?? {}) as Record<string, string>).map(([k, v]) => [k, dimensionName(k, v)])),
    periodSeconds: period,
  });
  const alarms: AlarmInventory[] = ofType(T.alarm)
    .map((a) => {
      const i = a.inputs;
      const metric: AlarmInventory['metric'] = i.metricQueries
        ? {
            expression: (i.metricQueries as Inputs[]).find((q) => q.expression)!.expression,
            metrics: Object.fromEntries(
              (i.metricQueries as Inputs[]).filter((q) => q.metric).map((q) => [q.id, metricRef(q.metric, q.metric.stat, q.metric.period)]),
            ),
          }
        : metricRef(i, i.extendedStatistic ?? i.statistic, i.period);
      return {
        description: i.alarmDescription,
        metric,
        threshold: i.threshold,
        comparison: i.comparisonOperator,
        evaluationPeriods: i.evaluationPeriods,
        datapointsToAlarm: i.datapointsToAlarm,
        treatMissingData: i.treatMissingData,
        alarmActions: ((i.alarmActions ?? []) as string[]).map(topicName),
        okActions: ((i.okActions ?? []) as string[]).map(topicName),
      };
    })
    .sort((a, b) => a.description.localeCompare(b.description));

  const dashboards: DashboardInventory[] = ofType(T.dashboard).map((d) => ({
    name: d.inputs.dashboardName,
    widgets: (JSON.parse(d.inputs.dashboardBody as string).widgets as Inputs[]).map((w) => ({
      title: w.properties.title,
      metrics: (w.properties.metrics as unknown[][]).map((row) => {
        const options = row[row.length - 1] as Inputs;
        const dims: Record<string, string> = {};
        for (let k = 2; k < row.length - 1; k += 2) dims[row[k] as string] = dimensionName(row[k] as string, row[k + 1] as string);
        return { namespace: row[0] as string, metricName: row[1] as string, statistic: options.stat, dimensions: dims, label: options.label ?? null, periodSeconds: options.period };
      }),
    })),
  }));

  const topicInventory: TopicInventory[] = topics.map((t) => ({
    name: storeTag(t) ? `topic:${storeTag(t)}` : 'topic',
    displayName: t.inputs.displayName ?? null,
    fifo: t.inputs.fifoTopic === true,
    tlsOnly: ofType(T.topicPolicy).some((p) => p.inputs.arn === byArnValue(t) && deniesPlainHttp(p.inputs.policy)),
    subscriptions: ofType(T.subscription)
      .filter((s) => s.inputs.topic === byArnValue(t))
      .map((s) => `${s.inputs.protocol}:${s.inputs.endpoint}`)
      .sort(),
    kmsKey: t.inputs.kmsMasterKeyId ?? null,
  }));

  const owners = new Map<string, string>();
  for (const f of ofType(T.flowLog)) owners.set(logGroupByArn(f.inputs.logDestination).name, 'flow-logs');
  for (const t of tasks) owners.set(container(t).logConfiguration.options['awslogs-group'], `service:${container(t).logConfiguration.options['awslogs-stream-prefix']}`);
  const logGroupInventory: LogGroupInventory[] = logGroups
    .map((l) => ({ owner: must(owners.get(l.name), `the owner of log group ${l.name}`), retentionDays: l.inputs.retentionInDays, kmsKey: l.inputs.kmsKeyId ?? null }))
    .sort((a, b) => a.owner.localeCompare(b.owner));

  const provider = resources.find((r) => r.type === 'pulumi:providers:aws');
  const tags = (provider?.inputs.defaultTags ? JSON.parse(provider.inputs.defaultTags).tags : {}) as Record<string, string>;
  // --- data stores
  const onBucket = (type: string, b: R) => ofType(type).filter((x) => x.inputs.bucket === id(b));
  const buckets: BucketInventory[] = ofType(T.bucket).map((b) => {
    const lifecycle = onBucket(T.bucketLifecycle, b).flatMap((l) => l.inputs.rules as Inputs[]);
    const pab = onBucket(T.bucketPublicAccess, b)[0]?.inputs ?? {};
    return {
      name: `bucket:${must(storeTag(b), `the blueprint:store tag of bucket ${b.name}`)}`,
      versioned: onBucket(T.bucketVersioning, b).some((v) => v.inputs.versioningConfiguration?.status === 'Enabled'),
      encryption: onBucket(T.bucketEncryption, b)[0]?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm ?? 'AES256',
      blockPublicAccess: ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((k) => pab[k] === true),
      tlsOnly: onBucket(T.bucketPolicy, b).some((p) => deniesPlainHttp(p.inputs.policy)),
      transitions: lifecycle.flatMap((r) => (r.transitions ?? []) as Inputs[]).map((t) => ({ storageClass: t.storageClass, days: t.days })),
      expireDays: lifecycle.find((r) => r.expiration?.days)?.expiration.days ?? null,
      retain: b.retainOnDelete === true,
    };
  });
  const queues = ofType(T.queue);
  const redrive = (q: R) => (q.inputs.redrivePolicy ? (JSON.parse(q.inputs.redrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined);
  const queueName = (q: R): string => {
    const parent = queues.find((other) => redrive(other)?.deadLetterTargetArn === byArnValue(q));
    return parent ? `${queueName(parent)}/dead-letter` : `queue:${must(storeTag(q), `the blueprint:store tag of queue ${q.name}`)}`;
  };
  const queueInventory: QueueInventory[] = queues.map((q) => {
    const dl = redrive(q);
    return {
      name: queueName(q),
      fifo: q.inputs.fifoQueue === true,
      retentionSeconds: q.inputs.messageRetentionSeconds ?? 345600,
      visibilityTimeoutSeconds: q.inputs.visibilityTimeoutSeconds ?? 30,
      encryption: q.inputs.kmsMasterKeyId ?? (q.inputs.sqsManagedSseEnabled === false ? 'none' : 'sqs-managed'),
      tlsOnly: ofType(T.queuePolicy).some((p) => p.inputs.queueUrl === mockQueueUrl(q.name, region) && deniesPlainHttp(p.inputs.policy)),
      deadLetter: dl ? { queue: queueName(must(queues.find((x) => byArnValue(x) === dl.deadLetterTargetArn), `dead-letter queue ${dl.deadLetterTargetArn}`)), maxReceives: dl.maxReceiveCount } : null,
      retain: q.retainOnDelete === true,
    };
  });
  const tableInventory: TableInventory[] = ofType(T.table).map((t) => {
    const types = new Map(((t.inputs.attributes ?? []) as Inputs[]).map((a) => [a.name, a.type]));
    const attr = (name: string | undefined) => (name ? `${name}:${types.get(name)}` : null);
    return {
      name: `table:${must(storeTag(t), `the blueprint:store tag of table ${t.name}`)}`,
      billing: t.inputs.billingMode ?? 'PROVISIONED',
      partitionKey: attr(t.inputs.hashKey)!,
      sortKey: attr(t.inputs.rangeKey),
      indexes: ((t.inputs.globalSecondaryIndexes ?? []) as Inputs[]).map((i) => ({ name: i.name, partitionKey: attr(i.hashKey)!, sortKey: attr(i.rangeKey), projection: i.projectionType })),
      ttlAttribute: t.inputs.ttl?.enabled ? t.inputs.ttl.attributeName : null,
      stream: t.inputs.streamEnabled ? t.inputs.streamViewType : null,
      pointInTimeRecovery: t.inputs.pointInTimeRecovery?.enabled === true,
      encryption: t.inputs.serverSideEncryption?.enabled ? (t.inputs.serverSideEncryption.kmsKeyArn ?? 'aws-managed') : 'aws-owned',
      deletionProtection: t.inputs.deletionProtectionEnabled === true,
      retain: t.retainOnDelete === true,
    };
  });

  return sortInventory({ buckets, queues: queueInventory, tables: tableInventory, tags, network, loadBalancers, targetGroups, services, alarms, dashboards, topics: topicInventory, logGroups: logGroupInventory });
}

const STORE_KINDS: Record<string, string> = {
  'aws:s3/bucket:Bucket': 'bucket',
  'aws:sqs/queue:Queue': 'queue',
  'aws:sns/topic:Topic': 'topic',
  'aws:dynamodb/table:Table': 'table',
};

/** A resource policy with a Deny for requests where aws:SecureTransport is false. */
function deniesPlainHttp(policy: string): boolean {
  const statements = (JSON.parse(policy) as { Statement: Inputs[] }).Statement;
  return statements.some((st) => st.Effect === 'Deny' && String(st.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

function resourceLabel(label: string, name: (suffix: string) => string): string {
  const [lbPart, tgPart] = [label.slice(0, label.indexOf('/targetgroup/')), label.slice(label.indexOf('/targetgroup/') + 1)];
  return `${name(lbPart)}/${name(tgPart)}`;
}

function regionOf(resources: R[]): string {
  return (resources.find((r) => r.type === 'pulumi:providers:aws')?.inputs.region as string) ?? 'us-east-1';
}
