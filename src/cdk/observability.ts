import {
  Duration,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  aws_ecs as ecs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackKey } from './key';
import type { AlarmDesign, DimensionRef, MetricDesign, ObservabilityDesign } from '../design';
import type { DataStore } from './data';
import { fail } from '../fail';

/** What metric dimensions point at, resolved to this stack's resources. */
export interface MetricTargets {
  loadBalancer?: elbv2.ApplicationLoadBalancer;
  targetGroups: Map<string, elbv2.ApplicationTargetGroup>;
  cluster: ecs.ICluster;
  services: Map<string, ecs.FargateService>;
  /** Data stores by key: queues (QueueName), databases (DBClusterIdentifier, DBInstanceIdentifier), caches' nodes (CacheClusterId) and tables (TableName) are metric dimensions. */
  stores: ReadonlyMap<string, DataStore>;
  /** Scheduled jobs: their schedule group (ScheduleGroup) and each one's failed-runs rule (RuleName). */
  jobs?: { scheduleGroup: string; failedRunRules: ReadonlyMap<string, string> };
  /** Functions by key: their names (FunctionName) and their dead-letter queues' (QueueName). */
  functions?: ReadonlyMap<string, { name: string; deadLetterName: string }>;
  /** APIs by key: their IDs (ApiId). */
  apis?: ReadonlyMap<string, string>;
  /** GraphQL API key -> its ApiId (GraphQLAPIId). */
  graphqlApis?: ReadonlyMap<string, string>;
  /** Each REST API's name and stage, by key (its ApiName and Stage dimensions). */
  restApis?: ReadonlyMap<string, { name: string; stage: string }>;
}

/** The alarm topic and its subscribers, the SLO-derived alarms and the dashboard. */
export class Observability extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: { name: string; design: ObservabilityDesign; targets: MetricTargets }) {
    super(scope, id);
    const d = props.design;
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `${props.name} alarms`, enforceSSL: d.alarmTopicTlsOnly, masterKey: stackKey(this) });
    for (const email of d.alarmEmails) this.topic.addSubscription(new subs.EmailSubscription(email));

    const action = new cwActions.SnsAction(this.topic);
    for (const a of d.alarms) {
      const alarm = new cw.Alarm(this, `Alarm-${a.key}`, alarmProps(a, props.targets));
      alarm.addAlarmAction(action);
      if (d.notifyOnRecovery) alarm.addOkAction(action);
    }

    if (d.dashboard) {
      const dashboard = new cw.Dashboard(this, 'Dashboard', { dashboardName: props.name, defaultInterval: Duration.hours(3) });
      dashboard.addWidgets(
        ...d.dashboard.widgets.map(
          (w) =>
            new cw.GraphWidget({
              title: w.title,
              width: 12,
              left: w.metrics.map((m) => metric(m, props.targets, w.periodSeconds)),
            }),
        ),
      );
    }
  }
}

/** An alarm's properties, exactly as designed (its actions are added by whoever owns it). */
export function alarmProps(a: AlarmDesign, targets: MetricTargets): cw.AlarmProps {
  return {
    alarmDescription: a.description,
    metric: toMetric(a, targets),
    threshold: a.threshold,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    comparisonOperator: cw.ComparisonOperator[COMPARISON[a.comparison]],
    treatMissingData: TREAT_MISSING[a.treatMissingData],
  };
}

const COMPARISON = {
  GreaterThanThreshold: 'GREATER_THAN_THRESHOLD',
  GreaterThanOrEqualToThreshold: 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD',
  LessThanThreshold: 'LESS_THAN_THRESHOLD',
  LessThanOrEqualToThreshold: 'LESS_THAN_OR_EQUAL_TO_THRESHOLD',
} as const;

const TREAT_MISSING = {
  notBreaching: cw.TreatMissingData.NOT_BREACHING,
  breaching: cw.TreatMissingData.BREACHING,
  missing: cw.TreatMissingData.MISSING,
} as const;

function toMetric(a: AlarmDesign, targets: MetricTargets): cw.IMetric {
  const period = Duration.seconds(a.periodSeconds);
  if ('expression' in a.metric) {
    const usingMetrics = Object.fromEntries(Object.entries(a.metric.metrics).map(([k, m]) => [k, metric(m, targets, a.periodSeconds)]));
    return new cw.MathExpression({ expression: a.metric.expression, label: a.metric.label, usingMetrics, period });
  }
  return metric(a.metric, targets, a.periodSeconds);
}

function metric(m: MetricDesign, targets: MetricTargets, periodSeconds: number): cw.Metric {
  return new cw.Metric({
    namespace: m.namespace,
    metricName: m.metricName,
    statistic: m.statistic,
    dimensionsMap: dimensions(m.dimensions, targets),
    period: Duration.seconds(periodSeconds),
    label: m.label,
  });
}

function dimensions(ref: DimensionRef, t: MetricTargets): Record<string, string> {
  switch (ref.kind) {
    case 'load-balancer':
      return { LoadBalancer: t.loadBalancer!.loadBalancerFullName };
    case 'target-group':
      return { LoadBalancer: t.loadBalancer!.loadBalancerFullName, TargetGroup: t.targetGroups.get(ref.service)!.targetGroupFullName };
    case 'ecs-service':
      return { ClusterName: t.cluster.clusterName, ServiceName: t.services.get(ref.service)!.serviceName };
    case 'queue': {
      const store = t.stores.get(ref.store);
      if (store?.kind !== 'queue') throw new Error(`metric dimension: ${ref.store} is not a rendered queue`);
      if (ref.deadLetter && !store.deadLetter) throw new Error(`metric dimension: ${ref.store} has no dead-letter queue`);
      return { QueueName: ref.deadLetter ? store.deadLetter!.queueName : store.resource.queueName };
    }
    case 'database-cluster':
    case 'database-instance': {
      const store = t.stores.get(ref.store);
      if (store?.kind !== 'database') throw new Error(`metric dimension: ${ref.store} is not a rendered database`);
      if (ref.kind === 'database-instance') return { DBInstanceIdentifier: store.resource.identifier };
      return { DBClusterIdentifier: store.resource.identifier, ...(ref.role ? { Role: ref.role } : {}) };
    }
    case 'cache-node': {
      const store = t.stores.get(ref.store);
      if (store?.kind !== 'cache') throw new Error(`metric dimension: ${ref.store} is not a rendered cache`);
      return { CacheClusterId: `${store.resource.groupId}-${ref.node}` };
    }
    case 'table': {
      const store = t.stores.get(ref.store);
      if (store?.kind !== 'table') throw new Error(`metric dimension: ${ref.store} is not a rendered table`);
      return { TableName: store.resource.tableName, ...(ref.operation ? { Operation: ref.operation } : {}) };
    }
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
