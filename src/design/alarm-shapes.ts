import { pct } from './decisions';
import type { AlarmDesign, DimensionRef, MetricDesign } from './types';

/*
 * Alarm shapes more than one concern uses: the SLO's error-budget burns (the load balancer's, each API's) and
 * a dead-letter queue that is not empty (a store queue's, a function's).
 */

/**
 * Multi-window burn rates (Google SRE workbook): 14.4x over 1 h spends 2 % of a 30-day budget; 6x over 6 h
 * spends 5 %. Both page before the budget is gone.
 */
export const FAST_BURN = { rate: 14.4, periodSeconds: 3600 };
export const SLOW_BURN = { rate: 6, periodSeconds: 21600 };

/**
 * The fast and slow burn alarms of an error rate (a percentage `metric` expression) against the error budget
 * of `availability`: keyed `<keyPrefix>error-budget-<fast|slow>-burn`, described after `what` ("", "API notes: ").
 */
export function errorBudgetAlarms(availability: number, keyPrefix: string, what: string, metric: AlarmDesign['metric']): { name: 'fast' | 'slow'; hours: number; threshold: number; budget: number; alarm: AlarmDesign }[] {
  const budget = Number((100 - availability).toFixed(6));
  return ([['fast', FAST_BURN], ['slow', SLOW_BURN]] as const).map(([name, burn]) => {
    const threshold = Number((burn.rate * budget).toFixed(6));
    const hours = burn.periodSeconds / 3600;
    return {
      name,
      hours,
      threshold,
      budget,
      alarm: {
        key: `${keyPrefix}error-budget-${name}-burn`,
        description: `${what}5xx rate over ${hours} h above ${threshold} % (${burn.rate}x the ${pct(budget)} % error budget of the ${pct(availability)} % SLO)`,
        metric,
        periodSeconds: burn.periodSeconds,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      },
    };
  });
}

/** A dead-letter queue with a message in it (its oldest visible, per 5 minutes): someone has to look. */
export function deadLettersAlarm(key: string, description: string, dimensions: DimensionRef): AlarmDesign {
  const metric: MetricDesign = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', dimensions };
  return { key, description, metric, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', treatMissingData: 'notBreaching' };
}
