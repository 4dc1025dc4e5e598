import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AlarmDesign, DimensionRef, MetricDesign, ObservabilityDesign } from '../design';
import type { RenderedStore } from './data';
import { tlsOnly } from './s3';
import { fail } from '../fail';

/** What metric dimensions point at, resolved to this program's resources. */
export interface MetricTargets {
  loadBalancer?: aws.lb.LoadBalancer;
  targetGroups: Map<string, aws.lb.TargetGroup>;
  cluster: aws.ecs.Cluster;
  services: Map<string, aws.ecs.Service>;
  /** Data stores by key: queues (QueueName), databases (DBClusterIdentifier, DBInstanceIdentifier), caches' nodes (CacheClusterId) and tables (TableName) are metric dimensions. */
  stores: Map<string, RenderedStore>;
  /** Scheduled jobs: their schedule group (ScheduleGroup) and each one's failed-runs rule (RuleName). */
  jobs?: { scheduleGroup: pulumi.Output<string>; failedRunRules: ReadonlyMap<string, pulumi.Output<string>> };
  /** Functions by key: their names (FunctionName) and their dead-letter queues' (QueueName). */
  functions?: ReadonlyMap<string, { name: pulumi.Output<string>; deadLetterName: pulumi.Output<string> }>;
  /** APIs by key: their IDs (ApiId). */
  apis?: ReadonlyMap<string, pulumi.Output<string>>;
  /** GraphQL API key -> its ApiId (GraphQLAPIId). */
  graphqlApis?: ReadonlyMap<string, pulumi.Output<string>>;
  /** Each REST API's name and stage, by key (its ApiName and Stage dimensions). */
  restApis?: ReadonlyMap<string, { name: string; stage: string }>;
}

/** The alarm topic and its subscribers, the SLO-derived alarms and the dashboard (mirrors src/cdk/observability.ts). */
export class Observability extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;

  constructor(name: string, args: { region: string; design: ObservabilityDesign; targets: MetricTargets; /** The stack's key: the alarm topic is encrypted with it when there is one. */ key?: pulumi.Output<string> }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Observability', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    this.topic = new aws.sns.Topic(`${name}-alarms`, { displayName: `${name} alarms`, ...(args.key ? { kmsMasterKeyId: args.key } : {}) }, parent);
    // As CDK's enforceSSL writes it for a topic: deny sns:Publish without TLS.
    if (d.alarmTopicTlsOnly) new aws.sns.TopicPolicy(`${name}-alarms-tls-only`, { arn: this.topic.arn, policy: tlsOnly('sns:Publish', [this.topic.arn]) }, parent);
    for (const email of d.alarmEmails) {
      new aws.sns.TopicSubscription(`${name}-alarms-${email}`, { topic: this.topic.arn, protocol: 'email', endpoint: email }, parent);
    }

    for (const a of d.alarms) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-alarm-${a.key}`,
        { ...alarmArgs(a, args.targets), alarmActions: [this.topic.arn], okActions: d.notifyOnRecovery ? [this.topic.arn] : [] },
        parent,
      );
    }

    if (d.dashboard) {
      const widgets = d.dashboard.widgets.map((w, i) =>
        pulumi
          .all(w.metrics.map((m) => metricRow(m, args.targets, w.periodSeconds)))
          .apply((metrics) => ({
            type: 'metric',
            width: 12,
            height: 6,
            x: (i % 2) * 12,
            y: Math.floor(i / 2) * 6,
            properties: { view: 'timeSeries', title: w.title, region: args.region, metrics, yAxis: {} },
          })),
      );
      new aws.cloudwatch.Dashboard(
        `${name}-dashboard`,
        { dashboardName: name, dashboardBody: pulumi.all(widgets).apply((ws) => JSON.stringify({ start: '-PT3H', widgets: ws })) },
        parent,
      );
    }
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}

/** An alarm's arguments, exactly as designed (its actions are added by whoever owns it). */
export function alarmArgs(a: AlarmDesign, t: MetricTargets): aws.cloudwatch.MetricAlarmArgs {
  return {
    alarmDescription: a.description,
    threshold: a.threshold,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    comparisonOperator: a.comparison,
    treatMissingData: a.treatMissingData,
    ...alarmMetric(a, t),
  };
}

function alarmMetric(a: AlarmDesign, t: MetricTargets): Partial<aws.cloudwatch.MetricAlarmArgs> {
  if ('expression' in a.metric) {
    return {
      metricQueries: [
        { id: 'expr_1', expression: a.metric.expression, label: a.metric.label, returnData: true },
        ...Object.entries(a.metric.metrics).map(([id, m]) => ({
          id,
          returnData: false,
          metric: { namespace: m.namespace, metricName: m.metricName, stat: m.statistic, period: a.periodSeconds, dimensions: dimensions(m.dimensions, t) },
        })),
      ],
    };
  }
  const m = a.metric;
  const percentile = /^p\d/.test(m.statistic);
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    period: a.periodSeconds,
    dimensions: dimensions(m.dimensions, t),
    ...(percentile ? { extendedStatistic: m.statistic } : { statistic: m.statistic }),
  };
}

/** A dashboard metrics row: [namespace, name, dim, value, ..., {label, period, stat}]. */
function metricRow(m: MetricDesign, t: MetricTargets, periodSeconds: number): pulumi.Output<unknown[]> {
  return pulumi.output(dimensions(m.dimensions, t)).apply((dims) => [
    m.namespace,
    m.metricName,
    ...Object.entries(dims).flat(),
    { label: m.label, period: periodSeconds, stat: m.statistic },
  ]);
}

function dimensions(ref: DimensionRef, t: MetricTargets): Record<string, pulumi.Input<string>> {
  switch (ref.kind) {
    case 'load-balancer':
      return { LoadBalancer: t.loadBalancer!.arnSuffix };
    case 'target-group':
      return { LoadBalancer: t.loadBalancer!.arnSuffix, TargetGroup: t.targetGroups.get(ref.service)!.arnSuffix };
    case 'ecs-service':
      return { ClusterName: t.cluster.name, ServiceName: t.services.get(ref.service)!.name };
    case 'queue': {
      const store = t.stores.get(ref.store);
      if (!store?.url) throw new Error(`metric dimension: ${ref.store} is not a rendered queue`);
      if (ref.deadLetter && !store.deadLetterName) throw new Error(`metric dimension: ${ref.store} has no dead-letter queue`);
      return { QueueName: ref.deadLetter ? store.deadLetterName! : store.name };
    }
    // A database's name is its identifier (a cluster's or an instance's), a cache's its replication group's ID, a table's its name.
    case 'database-cluster':
      return { DBClusterIdentifier: storeOf(t, ref.store, 'database').name, ...(ref.role ? { Role: ref.role } : {}) };
    case 'database-instance':
      return { DBInstanceIdentifier: storeOf(t, ref.store, 'database').name };
    case 'cache-node':
      return { CacheClusterId: pulumi.interpolate`${storeOf(t, ref.store, 'cache').name}-${ref.node}` };
    case 'table':
      return { TableName: storeOf(t, ref.store, 'table').name, ...(ref.operation ? { Operation: ref.operation } : {}) };
    case 'schedule-group':
      return { ScheduleGroup: t.jobs?.scheduleGroup ?? fail('metric dimension: no schedule group is rendered') };
    case 'failed-runs-rule':
      return { RuleName: t.jobs?.failedRunRules.get(ref.job) ?? fail(`metric dimension: job ${ref.job} has no failed-runs rule`) };
    case 'function':
      return { FunctionName: t.functions?.get(ref.fn)?.name ?? fail(`metric dimension: ${ref.fn} is not a rendered function`) };
    case 'function-dead-letter':
      return { QueueName: t.functions?.get(ref.fn)?.deadLetterName ?? fail(`metric dimension: ${ref.fn} is not a rendered function`) };
    case 'api':
      return { ApiId: t.apis?.get(ref.api) ?? fail(`metric dimension: ${ref.api} is not a rendered API`) };
    case 'graphql-api':
      return { GraphQLAPIId: t.graphqlApis?.get(ref.api) ?? fail(`metric dimension: ${ref.api} is not a rendered GraphQL API`) };
    case 'rest-api': {
      const api = t.restApis?.get(ref.api) ?? fail(`metric dimension: ${ref.api} is not a rendered REST API`);
      return { ApiName: api.name, Stage: api.stage };
    }
  }
}

function storeOf(t: MetricTargets, key: string, kind: string): RenderedStore {
  return t.stores.get(key) ?? fail(`metric dimension: ${key} is not a rendered ${kind}`);
}
