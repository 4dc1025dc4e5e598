import { FAST_BURN, SLOW_BURN, deadLettersAlarm, errorBudgetAlarms } from './alarm-shapes';
import { designFunctionAlarms } from './function-alarms';
import { designApiAlarms } from './api-alarms';
import type { ApiDesign } from './apis';
import type { GraphqlApiDesign } from './graphql';
import type { RestApiDesign } from './rest-apis';
import type { FunctionDesign } from './functions';
import type { Blueprint } from '../schema';
import { pct, type DecisionLog } from './decisions';
import { strictestProfile } from './compliance';
import { SATURATION_PERCENT, designStoreAlarms } from './store-alarms';
import type { AlarmDesign, DimensionRef, JobDesign, LoadBalancerDesign, MetricDesign, ObservabilityDesign, SecurityDesign, ServiceDesign, StoreDesign, WidgetDesign } from './types';


export function designLogRetention(bp: Blueprint, log: DecisionLog, security: SecurityDesign): number {
  const written = bp.observability.log_retention_days;
  const a = bp.requirements.availability;
  // The longest retention a compliance profile asks for (checks refuse a shorter written one).
  const profile = strictestProfile(security.profiles);
  return log.record({
    concern: 'observability',
    subject: 'observability',
    name: 'log_retention_days',
    value: written ?? profile?.logRetentionDays ?? (a >= 99.9 ? 90 : 30),
    source: written ? 'written' : 'derived',
    rationale: written
      ? 'written'
      : profile
        ? `${profile.title}: ${profile.retentionWhy}`
        : a >= 99.9
          ? `availability ${pct(a)} % >= 99.9 %: 90 days to investigate incidents`
          : `availability ${pct(a)} % < 99.9 %: 30 days`,
  });
}

/** Alarms derived from the SLOs, on the data stores and the scheduled jobs (store-alarms.ts), an alarm topic and one dashboard. */
export function designObservability(
  bp: Blueprint,
  lb: LoadBalancerDesign | undefined,
  services: ServiceDesign[],
  stores: StoreDesign[],
  jobs: JobDesign[],
  functions: FunctionDesign[],
  apis: ApiDesign[],
  graphqlApis: GraphqlApiDesign[],
  restApis: RestApiDesign[],
  logRetentionDays: number,
  log: DecisionLog,
): ObservabilityDesign {
  const concern = 'observability';
  const alarms: AlarmDesign[] = [];
  const emails = bp.observability.alarms?.notify ?? [];
  log.record({
    concern,
    subject: 'observability.alarms',
    name: 'alarm_topic',
    value: emails.length ? emails.join(', ') : 'no subscribers',
    source: emails.length ? 'written' : 'default',
    rationale: emails.length ? 'every alarm notifies one SNS topic when it fires and when it recovers; these addresses are subscribed' : 'alarms notify one SNS topic (firing and recovery); add observability.alarms.notify to get emails',
  });

  const a = bp.requirements.availability;
  if (lb) {
    const rate = {
      expression: '100 * (FILL(target5xx, 0) + FILL(lb5xx, 0)) / FILL(requests, 1)',
      label: '5xx rate (%)',
      metrics: { target5xx: lbMetric('HTTPCode_Target_5XX_Count'), lb5xx: lbMetric('HTTPCode_ELB_5XX_Count'), requests: lbMetric('RequestCount') },
    };
    for (const { name, hours, threshold, budget, alarm } of errorBudgetAlarms(a, '', '', rate)) {
      const burn = name === 'fast' ? FAST_BURN : SLOW_BURN;
      alarms.push(alarm);
      log.record({
        concern,
        subject: 'requirements.availability',
        name: `alarm_error_budget_${name}_burn`,
        value: `5xx rate > ${threshold} % over ${hours} h`,
        source: 'derived',
        rationale: `error budget 100 - ${pct(a)} = ${pct(budget)} %; ${name} burn ${burn.rate}x -> ${burn.rate} x ${pct(budget)} = ${threshold} %`,
      });
    }
  }

  const latency = bp.requirements.latency_p99_ms;
  for (const s of services) {
    if (s.public && latency) {
      alarms.push({
        key: `${s.key}-latency-p99`,
        description: `${s.key}: p99 target response time above ${latency} ms for 15 minutes`,
        metric: { namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', statistic: 'p99', dimensions: { kind: 'target-group', service: s.key } },
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: latency / 1000,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
      log.record({ concern, subject: `services.${s.key}`, name: 'alarm_latency_p99', value: `p99 > ${latency / 1000} s for 3 x 5 min`, source: 'derived', rationale: `requirements.latency_p99_ms ${latency} ms = ${latency / 1000} s (the metric is in seconds)` });
    }
    if (s.public) {
      alarms.push({
        key: `${s.key}-unhealthy-targets`,
        description: `${s.key}: at least one unhealthy target for 5 minutes`,
        metric: { namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', statistic: 'Maximum', dimensions: { kind: 'target-group', service: s.key } },
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      });
    }
    for (const [metricName, label] of [['CPUUtilization', 'cpu'], ['MemoryUtilization', 'memory']] as const) {
      alarms.push({
        key: `${s.key}-${label}-saturation`,
        description: `${s.key}: average ${label} above ${SATURATION_PERCENT} % for 15 minutes (scaling at max or not keeping up)`,
        metric: { namespace: 'AWS/ECS', metricName, statistic: 'Average', dimensions: { kind: 'ecs-service', service: s.key } },
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: SATURATION_PERCENT,
        comparison: 'GreaterThanThreshold',
        // A worker at 0 tasks reports no CPU or memory: that is idle, not a problem to show as INSUFFICIENT_DATA.
        treatMissingData: s.kind === 'worker' ? 'notBreaching' : 'missing',
      });
    }
  }
  if (!latency && lb) {
    log.record({ concern, subject: 'requirements.latency_p99_ms', name: 'alarm_latency_p99', value: false, source: 'default', rationale: 'no latency objective: no latency alarm (set requirements.latency_p99_ms)' });
  }
  log.record({
    concern,
    subject: 'observability',
    name: 'saturation_alarms',
    value: `CPU and memory > ${SATURATION_PERCENT} % for 3 x 5 min`,
    source: 'default',
    rationale: 'target tracking holds utilisation near its target; staying above 85 % means scaling is at max or too slow',
  });

  // A message in a dead-letter queue is work that failed max_receives times: someone has to look.
  for (const q of stores) {
    if (q.kind !== 'queue' || !q.deadLetter) continue;
    alarms.push(deadLettersAlarm(`${q.key}-dead-letters`, `${q.key}: messages in the dead-letter queue (they failed ${q.deadLetter.maxReceives} times and wait for someone)`, { kind: 'queue', store: q.key, deadLetter: true }));
    log.record({
      concern,
      subject: `data.${q.key}`,
      name: 'alarm_dead_letters',
      value: 'dead-letter queue not empty',
      source: 'derived',
      rationale: `a message in the dead-letter queue failed ${q.deadLetter.maxReceives} receives and is kept 14 days, then lost: the alarm fires as soon as one arrives`,
    });
  }

  // The data stores' and the jobs' alarms, and their widgets.
  const forStores = designStoreAlarms(bp, stores, services, jobs, log);
  alarms.push(...forStores.alarms);
  const forFunctions = designFunctionAlarms(functions, log);
  alarms.push(...forFunctions.alarms);
  const forApis = designApiAlarms(bp, apis, graphqlApis, restApis, log);
  alarms.push(...forApis.alarms);
  // Keys name construct IDs and resources: two alarms must never share one.
  const taken = new Set<string>();
  for (const a of alarms) {
    if (taken.has(a.key)) throw new Error(`observability: two alarms are keyed ${a.key}`);
    taken.add(a.key);
  }

  const dashboard = bp.observability.dashboard ? { widgets: widgets(lb, services, [...forStores.widgets, ...forFunctions.widgets, ...forApis.widgets]) } : undefined;
  log.record({ concern, subject: 'observability', name: 'dashboard', value: !!dashboard, source: dashboard ? 'default' : 'written', rationale: dashboard ? `one dashboard with ${dashboard.widgets.length} widgets` : 'turned off in the blueprint' });

  log.record({ concern: 'observability', subject: 'observability.alarms', name: 'topic_tls_only', value: true, source: 'default', rationale: 'the alarm topic\'s policy denies publishing over plain HTTP, as every data topic\'s does: alarms reach it over TLS only' });
  log.record({
    concern: 'observability',
    subject: 'observability',
    name: 'container_insights',
    value: 'enabled',
    source: 'default',
    rationale: 'CloudWatch Container Insights on the ECS cluster: CPU, memory, network and storage per service and task, which the alarms above do not show when a task misbehaves; paid as CloudWatch custom metrics (a few per service and task)',
  });
  return { logRetentionDays, alarmEmails: emails, alarmTopicTlsOnly: true, containerInsights: 'enabled', notifyOnRecovery: true, alarms, dashboard };
}

function lbMetric(metricName: string): MetricDesign {
  return { namespace: 'AWS/ApplicationELB', metricName, statistic: 'Sum', dimensions: { kind: 'load-balancer' } };
}

/** What a widget's metric label starts with: the service, store, node or job it is about ("web ", "orders writer "), nothing for the load balancer or the schedule group. */
function subjectOf(d: DimensionRef): string {
  switch (d.kind) {
    case 'load-balancer':
    case 'schedule-group':
      return '';
    case 'target-group':
    case 'ecs-service':
      return `${d.service} `;
    case 'database-cluster':
      return `${d.store} ${d.role ? `${d.role.toLowerCase()} ` : ''}`;
    case 'cache-node':
      return `${d.store} ${d.node} `;
    case 'failed-runs-rule':
      return `${d.job} `;
    case 'function':
    case 'function-dead-letter':
      return `${d.fn} `;
    case 'api':
    case 'rest-api':
    case 'graphql-api':
      return `${d.api} `;
    default:
      return `${d.store} `;
  }
}

function widgets(lb: LoadBalancerDesign | undefined, services: ServiceDesign[], forStores: WidgetDesign[]): WidgetDesign[] {
  const out: WidgetDesign[] = [];
  const labelled = (w: WidgetDesign): WidgetDesign => ({
    ...w,
    metrics: w.metrics.map((m) => ({ ...m, label: `${subjectOf(m.dimensions)}${m.metricName}` })),
  });
  if (lb) {
    out.push({ title: 'Requests', metrics: [lbMetric('RequestCount')], periodSeconds: 60 });
    out.push({ title: '5xx responses', metrics: [lbMetric('HTTPCode_Target_5XX_Count'), lbMetric('HTTPCode_ELB_5XX_Count')], periodSeconds: 60 });
    const pub = services.filter((s) => s.public);
    out.push({
      title: 'p99 response time (s)',
      metrics: pub.map((s) => ({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', statistic: 'p99', dimensions: { kind: 'target-group', service: s.key } })),
      periodSeconds: 60,
    });
  }
  // Services' CPU and memory: none to show without a service (a blueprint of functions only).
  for (const [metricName, title] of services.length ? ([['CPUUtilization', 'CPU (%)'], ['MemoryUtilization', 'Memory (%)']] as const) : []) {
    out.push({
      title,
      metrics: services.map((s) => ({ namespace: 'AWS/ECS', metricName, statistic: 'Average', dimensions: { kind: 'ecs-service', service: s.key } })),
      periodSeconds: 60,
    });
  }
  out.push(...forStores);
  return out.map(labelled);
}
