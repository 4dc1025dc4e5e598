import type { Blueprint } from '../schema';
import type { ApiDesign } from './apis';
import { pct, type DecisionLog } from './decisions';
import { FAST_BURN, SLOW_BURN, errorBudgetAlarms } from './alarm-shapes';
import type { AlarmDesign, MetricDesign, WidgetDesign } from './types';

/**
 * Each API's SLO alarms, as the load balancer's: its 5xx rate against the availability target's error budget
 * (fast burn 14.4x over 1 h, slow burn 6x over 6 h) and its p99 latency against latency_p99_ms; and a widget.
 */
export function designApiAlarms(bp: Blueprint, apis: ApiDesign[], log: DecisionLog): { alarms: AlarmDesign[]; widgets: WidgetDesign[] } {
  const alarms: AlarmDesign[] = [];
  const widgets: WidgetDesign[] = [];
  const a = bp.requirements.availability;
  const latency = bp.requirements.latency_p99_ms;
  for (const api of apis) {
    const metric = (metricName: string, statistic: MetricDesign['statistic']): MetricDesign => ({ namespace: 'AWS/ApiGateway', metricName, statistic, dimensions: { kind: 'api', api: api.key } });
    const rate = { expression: '100 * FILL(errors, 0) / FILL(requests, 1)', label: '5xx rate (%)', metrics: { errors: metric('5xx', 'Sum'), requests: metric('Count', 'Sum') } };
    const burns = errorBudgetAlarms(a, `api-${api.key}-`, `API ${api.key}: `, rate);
    alarms.push(...burns.map((x) => x.alarm));
    if (latency) {
      alarms.push({
        key: `api-${api.key}-latency-p99`,
        description: `API ${api.key}: p99 latency above ${latency} ms for 15 minutes`,
        metric: metric('Latency', 'p99'),
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
      rationale: `as the load balancer's: error budget 100 - ${pct(a)} = ${pct(burns[0].budget)} %, burnt ${FAST_BURN.rate}x fast or ${SLOW_BURN.rate}x slow${latency ? `; requirements.latency_p99_ms ${latency} (API Gateway's Latency is in ms: from the request to the response, the function's time included)` : '; no latency objective: no latency alarm'}`,
    });
    widgets.push({ title: `API ${api.key}`, metrics: [metric('Count', 'Sum'), metric('4xx', 'Sum'), metric('5xx', 'Sum')], periodSeconds: 60 });
  }
  return { alarms, widgets };
}
