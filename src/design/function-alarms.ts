import { deadLettersAlarm } from './alarm-shapes';
import type { DecisionLog } from './decisions';
import type { FunctionDesign } from './functions';
import type { AlarmDesign, MetricDesign, WidgetDesign } from './types';

/** Runs at this share of the timeout are close to being stopped. */
const NEAR_TIMEOUT = 0.8;

/**
 * Each function's alarms and its dashboard widget: errors and throttles in 3 periods of 5 minutes in a row
 * (not a blip: a failing dependency, or concurrency that does not keep up), p99 duration near its timeout,
 * and its dead-letter queue not empty (an invocation that failed every retry).
 */
export function designFunctionAlarms(functions: FunctionDesign[], log: DecisionLog): { alarms: AlarmDesign[]; widgets: WidgetDesign[] } {
  const alarms: AlarmDesign[] = [];
  const widgets: WidgetDesign[] = [];
  for (const f of functions) {
    const metric = (metricName: string, statistic: MetricDesign['statistic']): MetricDesign => ({ namespace: 'AWS/Lambda', metricName, statistic, dimensions: { kind: 'function', fn: f.key } });
    const sustained = { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3, comparison: 'GreaterThanThreshold' as const, treatMissingData: 'notBreaching' as const };
    alarms.push(
      { key: `${f.key}-errors`, description: `${f.key}: invocations failing in each of 3 periods of 5 minutes`, metric: metric('Errors', 'Sum'), ...sustained, threshold: 0 },
      { key: `${f.key}-throttles`, description: `${f.key}: invocations throttled at its concurrency of ${f.reservedConcurrency} in each of 3 periods of 5 minutes`, metric: metric('Throttles', 'Sum'), ...sustained, threshold: 0 },
      {
        key: `${f.key}-duration`,
        description: `${f.key}: p99 duration above ${NEAR_TIMEOUT * 100} % of its ${f.timeoutSeconds} s timeout for 15 minutes`,
        metric: metric('Duration', 'p99'),
        ...sustained,
        threshold: Math.round(f.timeoutSeconds * 1000 * NEAR_TIMEOUT),
      },
      ...(f.stream
        ? [
            {
              key: `${f.key}-iterator-age`,
              description: `${f.key}: the last record of its batches from the stream of ${f.stream.store} older than ${f.stream.iteratorAgeAlarmSeconds} s for 15 minutes (falling behind the table's writes)`,
              metric: metric('IteratorAge', 'Maximum'),
              ...sustained,
              threshold: f.stream.iteratorAgeAlarmSeconds * 1000,
            },
          ]
        : []),
            deadLettersAlarm(`${f.key}-dead-letters`, `${f.key}: asynchronous invocations in its dead-letter queue (they failed every retry and wait for someone)`, { kind: 'function-dead-letter', fn: f.key }),
    );
    log.record({
      concern: 'observability',
      subject: `services.${f.key}`,
      name: 'alarms',
      value: `errors, throttles, p99 duration > ${Math.round(f.timeoutSeconds * 1000 * NEAR_TIMEOUT)} ms, ${f.stream ? `iterator age > ${f.stream.iteratorAgeAlarmSeconds} s, ` : ''}dead letters`,
      source: 'derived',
      rationale: `errors or throttles (at concurrency ${f.reservedConcurrency}) in 3 x 5 min in a row; p99 duration above ${NEAR_TIMEOUT * 100} % of the ${f.timeoutSeconds} s timeout (runs about to be stopped)${f.stream ? `; the age of the stream records it reads above ${f.stream.iteratorAgeAlarmSeconds} s (its maximum over 5 minutes, 3 in a row): it falls behind ${f.stream.store}'s writes` : ''}; a message in its dead-letter queue is an invocation that failed every retry, kept 14 days`,
    });
    widgets.push({ title: `Function ${f.key}`, metrics: [metric('Invocations', 'Sum'), metric('Errors', 'Sum'), metric('Throttles', 'Sum')], periodSeconds: 300 });
  }
  return { alarms, widgets };
}
