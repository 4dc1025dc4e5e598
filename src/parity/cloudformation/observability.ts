/*
 * Observability read from a CloudFormation template: alarms (a metric or an
 * expression over metrics, threshold, actions (the alarm topic, or a
 * step-scaling policy), AWS's defaults when absent),
 * dashboards (their widgets read by dashboard.ts), topics with their
 * subscriptions (the alarm topic and data-store topics) and log groups,
 * named by who uses them.
 */
import type { AlarmInventory, DashboardInventory, LogGroupInventory, MetricRef, TopicInventory } from '../inventory';
import type { Context } from './context';
import { dashboardWidgets } from './dashboard';
import { kmsKey } from './data';
import { T } from './resource-types';
import { fail, list, obj, refOf, Resolver } from './template';

function dimensions(x: Context, v: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, d] of list(v, where).entries()) {
    const dw = `${where}[${i}]`;
    const name = x.r.str(obj(d, dw).Name, `${dw}.Name`);
    if (name in out) fail(dw, `dimension ${name} is set twice`);
    out[name] = name === 'QueueName' ? queueName(x, obj(d, dw).Value, `${dw}.Value`) : named(name, x.value(obj(d, dw).Value, `${dw}.Value`), `${dw}.Value`);
  }
  return out;
}

/**
 * What the value of each dimension of the stores and jobs must name (an imported table, a standby's replica,
 * by its name): the attribute its metrics are reported by, never another one of the same resource.
 */
const DIMENSION_VALUES: Readonly<Record<string, RegExp>> = {
  DBClusterIdentifier: /^id:database:[^/]+$/,
  DBInstanceIdentifier: /^id:database:[^/]+$/,
  CacheClusterId: /^id:cache:[^/]+-(\d{3}|\d{4}-\d{3})$/,
  TableName: /^table:[^/]+$/,
  ScheduleGroup: /^schedule-group:.+$/,
  RuleName: /^failed-runs:.+$/,
  ApiId: /^api:[^/]+$/,
  GraphQLAPIId: /^graphql-api:[^/]+$/,
  Role: /^(WRITER|READER)$/,
  Operation: /^[A-Z][A-Za-z]+$/,
};

function named(name: string, value: string, where: string): string {
  const expected = DIMENSION_VALUES[name];
  if (expected && !expected.test(value)) fail(where, `${JSON.stringify(value)} is not what a ${name} dimension names (${expected.source})`);
  return value;
}

/**
 * A QueueName dimension names its queue ("queue:jobs") only by the queue's QueueName attribute: read
 * here, not by the resolver, so that a queue's name can never pass for its URL in a connection.
 */
function queueName(x: Context, v: unknown, where: string): string {
  const ref = refOf(v);
  if (!ref || ref.attr !== 'QueueName' || x.t.type(ref.id) !== T.queue) fail(where, `expected a queue's QueueName (Fn::GetAtt), found ${JSON.stringify(v)}`);
  return x.names.stores.of(ref.id);
}

export function readAlarms(x: Context): AlarmInventory[] {
  const { t, r } = x;
  return t.ofType(T.alarm).map((a) => {
    const p = t.props(a);
    const w = (field: string) => t.where(a, field);
    if (!r.bool(p.ActionsEnabled, true, w('ActionsEnabled'))) fail(w('ActionsEnabled'), 'is false: the alarm notifies no one, which the inventory cannot say');
    if (list(p.InsufficientDataActions, w('InsufficientDataActions')).length) fail(w('InsufficientDataActions'), 'is not in the inventory');
    if (p.ThresholdMetricId !== undefined) fail(w('ThresholdMetricId'), 'anomaly-detection alarms are not in the inventory');

    let metric: AlarmInventory['metric'];
    if (p.MetricName !== undefined) {
      const statistic = p.ExtendedStatistic ?? p.Statistic;
      metric = {
        namespace: r.str(p.Namespace, w('Namespace')),
        metricName: r.str(p.MetricName, w('MetricName')),
        statistic: r.str(statistic, w('Statistic')),
        dimensions: dimensions(x, p.Dimensions, w('Dimensions')),
        periodSeconds: r.num(p.Period, w('Period')),
      };
    } else if (p.Metrics !== undefined) {
      let expression: string | undefined;
      const metrics: Record<string, MetricRef> = {};
      for (const [i, m] of list(p.Metrics, w('Metrics')).entries()) {
        const mw = w(`Metrics[${i}]`);
        const q = obj(m, mw);
        if (q.Expression !== undefined) {
          if (expression !== undefined) fail(mw, 'a second expression; the inventory records one expression over named metrics');
          expression = r.str(q.Expression, `${mw}.Expression`);
        } else if (q.MetricStat !== undefined) {
          const ms = obj(q.MetricStat, `${mw}.MetricStat`);
          const mm = obj(ms.Metric, `${mw}.MetricStat.Metric`);
          metrics[r.str(q.Id, `${mw}.Id`)] = {
            namespace: r.str(mm.Namespace, `${mw}.Namespace`),
            metricName: r.str(mm.MetricName, `${mw}.MetricName`),
            statistic: r.str(ms.Stat, `${mw}.Stat`),
            dimensions: dimensions(x, mm.Dimensions, `${mw}.Dimensions`),
            periodSeconds: r.num(ms.Period, `${mw}.Period`),
          };
        } else fail(mw, 'is neither an expression nor a MetricStat');
      }
      if (expression === undefined) fail(w('Metrics'), 'has no expression; a single metric is written with MetricName');
      metric = { expression, metrics };
    } else return fail(t.where(a), 'has neither MetricName nor Metrics');

    const evaluationPeriods = r.num(p.EvaluationPeriods, w('EvaluationPeriods'));
    return {
      description: r.str(p.AlarmDescription ?? '', w('AlarmDescription')),
      metric,
      threshold: r.num(p.Threshold, w('Threshold')),
      comparison: r.str(p.ComparisonOperator, w('ComparisonOperator')),
      evaluationPeriods,
      // AWS's defaults: every evaluated period must breach; missing data is "missing".
      datapointsToAlarm: r.numOr(p.DatapointsToAlarm, evaluationPeriods, w('DatapointsToAlarm')),
      treatMissingData: r.str(p.TreatMissingData ?? 'missing', w('TreatMissingData')),
      alarmActions: list(p.AlarmActions, w('AlarmActions')).map((v) => r.str(v, w('AlarmActions'))),
      okActions: list(p.OKActions, w('OKActions')).map((v) => r.str(v, w('OKActions'))),
    };
  });
}

export function readDashboards(x: Context): DashboardInventory[] {
  const { t } = x;
  // A dashboard's queue metrics name their queue by its QueueName, which only here (and in alarms) names the queue.
  const r = new Resolver((ref, where) => (ref.attr === 'QueueName' && t.type(ref.id) === T.queue ? x.names.stores.of(ref.id) : x.names.symbol(ref, where)));
  return t.ofType(T.dashboard).map((d) => {
    const p = t.props(d);
    if (p.DashboardName === undefined) fail(t.where(d), 'has no DashboardName; the inventory names each dashboard');
    const widgets = dashboardWidgets(p.DashboardBody, t.where(d, 'DashboardBody'), r).map((w) => ({
      ...w,
      // A table the stack reaches by name (a standby's replica of a global table) is written out: named as in the primary.
      metrics: w.metrics.map((m) => ({ ...m, dimensions: Object.fromEntries(Object.entries(m.dimensions).map(([k, v]) => [k, x.value(v, t.where(d, 'DashboardBody'))])) })),
    }));
    return { name: r.str(p.DashboardName, t.where(d, 'DashboardName')), widgets };
  });
}

export function readTopics(x: Context, tlsOnly: Set<string>): TopicInventory[] {
  const { t, r } = x;
  const subscriptions = new Map<string, string[]>();
  for (const s of t.ofType(T.subscription)) {
    const p = t.props(s);
    const topic = t.target(p.TopicArn, [T.topic], t.where(s, 'TopicArn'));
    subscriptions.set(topic, [...(subscriptions.get(topic) ?? []), `${r.str(p.Protocol, t.where(s, 'Protocol'))}:${r.str(p.Endpoint, t.where(s, 'Endpoint'))}`]);
  }
  return t.ofType(T.topic).map((topic) => {
    const p = t.props(topic);
    const w = (field: string) => t.where(topic, field);
    const inline = list(p.Subscription, w('Subscription')).map((s, i) => {
      const sw = w(`Subscription[${i}]`);
      return `${r.str(obj(s, sw).Protocol, `${sw}.Protocol`)}:${r.str(obj(s, sw).Endpoint, `${sw}.Endpoint`)}`;
    });
    const name = x.names.stores.of(topic);
    return {
      name,
      displayName: p.DisplayName === undefined ? null : r.str(p.DisplayName, w('DisplayName')),
      fifo: r.bool(p.FifoTopic, false, w('FifoTopic')),
      tlsOnly: tlsOnly.has(name),
      subscriptions: [...inline, ...(subscriptions.get(topic) ?? [])],
      kmsKey: p.KmsMasterKeyId === undefined ? null : kmsKey(r, p.KmsMasterKeyId, w('KmsMasterKeyId'), x.names.stores.keyAliases),
    };
  });
}

/** Run last: owners are recorded by the flow logs, task definitions, the trail, web ACL logging and API stages read before. */
export function readLogGroups(x: Context): LogGroupInventory[] {
  const { t, r, names } = x;
  // A custom-resource provider's own log group (/aws/lambda/<provider>) is plumbing, as the provider is (Names tells providers from the blueprint's functions).
  const providerLogs = (lg: string) => {
    const join = (t.props(lg).LogGroupName as Record<string, unknown> | undefined)?.['Fn::Join'];
    return Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) && join[1].length === 2 && join[1][0] === '/aws/lambda/' && names.providers.has(refOf(join[1][1])?.id ?? '');
  };
  return t.ofType(T.logGroup).filter((lg) => !providerLogs(lg)).map((lg) => {
    const owner = names.logGroupOwner.get(lg) ?? fail(t.where(lg), "is used by neither a flow log, a service's or job's task definition (awslogs-group), a function (LoggingConfig), an API's stage (AccessLogSettings), a GraphQL API (its name), the trail nor a web ACL's logging");
    const p = t.props(lg);
    // Absent: CloudWatch Logs' own encryption.
    return { owner, retentionDays: x.retention(lg), kmsKey: p.KmsKeyId === undefined ? null : kmsKey(r, p.KmsKeyId, t.where(lg, 'KmsKeyId'), names.stores.keyAliases) };
  });
}
