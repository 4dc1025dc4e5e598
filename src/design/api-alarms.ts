import type { Blueprint } from '../schema';
import type { ApiDesign } from './apis';
import type { GraphqlApiDesign } from './graphql';
import type { RestApiDesign } from './rest-apis';
import { pct, type DecisionLog } from './decisions';
import { FAST_BURN, SLOW_BURN, errorBudgetAlarms } from './alarm-shapes';
import type { AlarmDesign, MetricDesign, WidgetDesign } from './types';

/** Where each kind of API publishes its metrics, and under which names. */
type Named = [metricName: string, statistic: MetricDesign['statistic']];
const METRICS: Record<'http' | 'rest' | 'graphql', { namespace: MetricDesign['namespace']; errors: Named; requests: Named; clientErrors: string; latency: string; keyPrefix: string; what: string }> = {
  http: { namespace: 'AWS/ApiGateway', errors: ['5xx', 'Sum'], requests: ['Count', 'Sum'], clientErrors: '4xx', latency: 'Latency', keyPrefix: 'api-', what: "API Gateway's Latency is in ms: from the request to the response, the function's time included" },
  // A REST API's metrics are 5XXError and 4XXError (Count: the requests), by ApiName and Stage.
  rest: { namespace: 'AWS/ApiGateway', errors: ['5XXError', 'Sum'], requests: ['Count', 'Sum'], clientErrors: '4XXError', latency: 'Latency', keyPrefix: 'rest-api-', what: "API Gateway's Latency is in ms: from the request to the response, the function's time included" },
  // AppSync publishes one 5XXError datapoint (0 or 1) per request: their count is the requests.
  graphql: { namespace: 'AWS/AppSync', errors: ['5XXError', 'Sum'], requests: ['5XXError', 'SampleCount'], clientErrors: '4XXError', latency: 'Latency', keyPrefix: 'graphql-', what: "AppSync's Latency is in ms: from the request to the response, every resolver's time included" },
};

/**
 * Each API's SLO alarms, as the load balancer's: its 5xx rate against the availability target's error budget
 * (fast burn 14.4x over 1 h, slow burn 6x over 6 h) and its p99 latency against latency_p99_ms; and a widget.
 * HTTP APIs and GraphQL APIs alike.
 */
export function designApiAlarms(bp: Blueprint, apis: ApiDesign[], graphqlApis: GraphqlApiDesign[], restApis: RestApiDesign[], log: DecisionLog): { alarms: AlarmDesign[]; widgets: WidgetDesign[] } {
  const alarms: AlarmDesign[] = [];
  const widgets: WidgetDesign[] = [];
  const a = bp.requirements.availability;
  const latency = bp.requirements.latency_p99_ms;
  const all = [...apis.map((x) => ({ key: x.key, kind: 'http' as const })), ...restApis.map((x) => ({ key: x.key, kind: 'rest' as const })), ...graphqlApis.map((x) => ({ key: x.key, kind: 'graphql' as const }))];
  for (const api of all) {
    const m = METRICS[api.kind];
    const dimensions = { kind: ({ http: 'api', rest: 'rest-api', graphql: 'graphql-api' } as const)[api.kind], api: api.key };
    const metric = (metricName: string, statistic: MetricDesign['statistic']): MetricDesign => ({ namespace: m.namespace, metricName, statistic, dimensions });
    const rate = { expression: '100 * FILL(errors, 0) / FILL(requests, 1)', label: '5xx rate (%)', metrics: { errors: metric(...m.errors), requests: metric(...m.requests) } };
    const burns = errorBudgetAlarms(a, `${m.keyPrefix}${api.key}-`, `API ${api.key}: `, rate);
    alarms.push(...burns.map((x) => x.alarm));
    if (latency) {
      alarms.push({
        key: `${m.keyPrefix}${api.key}-latency-p99`,
        description: `API ${api.key}: p99 latency above ${latency} ms for 15 minutes`,
        metric: metric(m.latency, 'p99'),
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: latency,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
    }
    log.record({
      concern: 'observability',
      subject: `apis.${api.key}`,
      name: 'alarms',
      value: `5xx rate > ${pct(burns[0].threshold)} % over 1 h, > ${pct(burns[1].threshold)} % over 6 h${latency ? `; p99 latency > ${latency} ms for 3 x 5 min` : ''}`,
      source: 'derived',
      rationale: `as the load balancer's: error budget 100 - ${pct(a)} = ${pct(burns[0].budget)} %, burnt ${FAST_BURN.rate}x fast or ${SLOW_BURN.rate}x slow${latency ? `; requirements.latency_p99_ms ${latency} (${m.what})` : '; no latency objective: no latency alarm'}`,
    });
    widgets.push({ title: `API ${api.key}`, metrics: [metric(...m.requests), metric(m.clientErrors, 'Sum'), metric(...m.errors)], periodSeconds: 60 });
  }
  return { alarms, widgets };
}
