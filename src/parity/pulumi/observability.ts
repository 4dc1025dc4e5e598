/*
 * Observability read from a mock run: alarms (a metric or an expression over
 * metrics, their dimensions named symbolically, their actions the alarm topic
 * or a step-scaling policy), dashboards and their metric
 * widgets, topics with their subscriptions (the alarm topic and data-store
 * topics) and log groups, named by who uses them (a function's: its loggingConfig).
 */
import type { AlarmInventory, DashboardInventory, LogGroupInventory, MetricRef, TopicInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import type { Names } from './names';
import { deniesPlainHttp } from './policies';
import { T } from './resource-types';
import { apiLogGroupOwners } from './apis';
import { graphqlLogGroupOwners } from './graphql';
import { restApiLogGroupOwners } from './rest-apis';
import { trailLogGroup } from './audit';
import { blueprintFunctions, jobSchedules } from './function-names';
import { kmsKeyOf } from './key';
import { byText } from '../../text';

/** A metric with its dimensions named ("load-balancer", "service:web"). */
function metricRef(names: Names, m: Inputs, statistic: string, period: number): MetricRef {
  const { dimensionName } = names;
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    statistic,
    dimensions: Object.fromEntries(Object.entries((m.dimensions ?? {}) as Record<string, string>).map(([k, v]) => [k, dimensionName(k, v)])),
    periodSeconds: period,
  };
}

export function readAlarms(ctx: Context, names: Names): AlarmInventory[] {
  const { ofType, byArnValue, must } = ctx;
  const topics = ofType(T.topic);
  const policies = ofType(T.policy);
  // An action notifies the alarm topic, or invokes a step-scaling policy (named by its service and name).
  const actionName = (arn: string) => {
    const policy = policies.find((p) => byArnValue(p) === arn);
    if (policy) return names.scalingPolicy(policy);
    const topic = must(topics.find((t) => byArnValue(t) === arn), `alarm action ${arn}`);
    return ctx.storeTag(topic) ? `topic:${ctx.storeTag(topic)}` : 'topic';
  };
  return ofType(T.alarm)
    .map((a) => {
      const i = a.inputs;
      const metric: AlarmInventory['metric'] = i.metricQueries
        ? {
            expression: (i.metricQueries as Inputs[]).find((q) => q.expression)!.expression,
            metrics: Object.fromEntries(
              (i.metricQueries as Inputs[]).filter((q) => q.metric).map((q) => [q.id, metricRef(names, q.metric, q.metric.stat, q.metric.period)]),
            ),
          }
        : metricRef(names, i, i.extendedStatistic ?? i.statistic, i.period);
      return {
        description: i.alarmDescription,
        metric,
        threshold: i.threshold,
        comparison: i.comparisonOperator,
        evaluationPeriods: i.evaluationPeriods,
        datapointsToAlarm: i.datapointsToAlarm,
        treatMissingData: i.treatMissingData,
        alarmActions: ((i.alarmActions ?? []) as string[]).map(actionName),
        okActions: ((i.okActions ?? []) as string[]).map(actionName),
      };
    })
    .sort((a, b) => byText(a.description, b.description));
}

export function readDashboards(ctx: Context, names: Names): DashboardInventory[] {
  const { ofType } = ctx;
  const { dimensionName } = names;
  return ofType(T.dashboard).map((d) => ({
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
}

export function readTopics(ctx: Context): TopicInventory[] {
  const { ofType, byArnValue, storeTag } = ctx;
  return ofType(T.topic).map((t) => ({
    name: storeTag(t) ? `topic:${storeTag(t)}` : 'topic',
    displayName: t.inputs.displayName ?? null,
    fifo: t.inputs.fifoTopic === true,
    tlsOnly: ofType(T.topicPolicy).some((p) => p.inputs.arn === byArnValue(t) && deniesPlainHttp(p.inputs.policy)),
    subscriptions: ofType(T.subscription)
      .filter((s) => s.inputs.topic === byArnValue(t))
      .map((s) => `${s.inputs.protocol}:${s.inputs.endpoint}`)
      .sort(),
    kmsKey: kmsKeyOf(ctx, t.inputs.kmsMasterKeyId),
  }));
}

/** The log group a function's loggingConfig names (by its name: the mocks', its logical name, unless it is given one). */
export function functionLogGroup(ctx: Context, fn: R): R {
  const name = ctx.must((fn.inputs.loggingConfig as Inputs | undefined)?.logGroup as string | undefined, `the log group of function ${fn.name} (loggingConfig.logGroup; Lambda's own /aws/lambda/ group keeps logs forever)`);
  return ctx.must(ctx.ofType(T.logGroup).find((l) => ((l.inputs.name as string | undefined) ?? l.name) === name), `log group ${name} of function ${fn.name}`);
}

/** Who uses each log group, by its logical name: "flow-logs", "trail", "web-acl", "api:<key>", "graphql-api:<key>", "service:<key>", "job:<key>", "function:<key>". */
export function logGroupOwners(ctx: Context, names: Names): Map<string, string> {
  const { ofType, logGroupByArn } = ctx;
  const { container } = names;
  const tasks = ofType(T.task);
  const owners = new Map<string, string>();
  for (const f of ofType(T.flowLog)) owners.set(logGroupByArn(f.inputs.logDestination).name, 'flow-logs');
  for (const tr of ofType(T.trail)) {
    const lg = trailLogGroup(ctx, tr);
    if (lg) owners.set(lg.name, 'trail');
  }
  // A web ACL's request logs (WAF delivers to the log group's ARN, without CloudFormation's :* suffix).
  for (const w of ofType(T.webAclLogging)) for (const arn of (w.inputs.logDestinationConfigs ?? []) as string[]) owners.set(logGroupByArn(arn).name, 'web-acl');
  // An API stage's access logs.
  for (const [lg, owner] of apiLogGroupOwners(ctx)) owners.set(lg, owner);
  // A REST API's access and execution logs.
  for (const [lg, owner] of restApiLogGroupOwners(ctx)) owners.set(lg, owner);
  // A GraphQL API's field logs (the group named /aws/appsync/apis/<its id>).
  for (const [lg, owner] of graphqlLogGroupOwners(ctx)) owners.set(lg, owner);
  // A task a schedule starts is a job's; any other, a service's.
  const scheduled = new Set(jobSchedules(ctx).map((s) => s.inputs.target.ecsParameters.taskDefinitionArn as string));
  for (const t of tasks) {
    const options = container(t).logConfiguration.options;
    owners.set(options['awslogs-group'], `${scheduled.has(ctx.byArnValue(t)) ? 'job' : 'service'}:${options['awslogs-stream-prefix']}`);
  }
  // A function's log group, named in its loggingConfig (its name).
  for (const [fn, key] of blueprintFunctions(ctx)) owners.set(functionLogGroup(ctx, fn).name, `function:${key}`);
  return owners;
}

export function readLogGroups(ctx: Context, names: Names): LogGroupInventory[] {
  const { ofType, must } = ctx;
  const owners = logGroupOwners(ctx, names);
  return ofType(T.logGroup)
    .map((l) => ({ owner: must(owners.get(l.name), `the owner of log group ${l.name}`), retentionDays: l.inputs.retentionInDays, kmsKey: kmsKeyOf(ctx, l.inputs.kmsKeyId) }))
    .sort((a, b) => byText(a.owner, b.owner));
}
