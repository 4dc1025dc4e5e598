import type { TableStore } from '../schema/data';
import type { CapacityDesign, ProvisionedCapacity, TableBilling } from './types';

/*
 * A DynamoDB table's billing: on demand, or provisioned capacity with
 * target-tracking autoscaling of the table and each of its indexes.
 */

/** How a store's designer records a decision about it. */
export type RecordDecision = (name: string, value: string | number | boolean, rationale: string, source?: 'written' | 'derived' | 'default') => unknown;

/**
 * Cooldowns of a provisioned table's target tracking (AWS's default for DynamoDB is 0 s both ways).
 * Out: a capacity increase takes effect within about a minute, so a second scale-out waits for the
 * first to show in the consumed-capacity metric instead of adding capacity twice for one burst.
 * In: DynamoDB allows few decreases a day (up to 4 in the day's first hour, then one an hour: 27 at
 * most), so after a decrease the next waits 5 minutes rather than spending the day's decreases on one
 * slow ramp-down.
 */
const SCALE_OUT_COOLDOWN_SECONDS = 60;
const SCALE_IN_COOLDOWN_SECONDS = 300;
const DEFAULT_TARGET_UTILIZATION = 70;

/** On demand, or the written capacity with its autoscaling; every number is decided here, the renderers copy them. */
export function tableBilling(key: string, store: TableStore, record: RecordDecision): TableBilling {
  if (store.billing !== 'provisioned') return { mode: 'on-demand' };
  // Loading the blueprint checks that provisioned billing has capacity (src/design/store-checks.ts).
  const c = store.capacity;
  if (!c) throw new Error(`data.${key}: billing: provisioned needs capacity: { read: { min, max }, write: { min, max } }`);
  const target = c.target_utilization;
  const units = (dim: 'read' | 'write'): CapacityDesign => ({
    initial: c[dim].min,
    min: c[dim].min,
    max: c[dim].max,
    targetUtilizationPercent: target,
    scaleInCooldownSeconds: SCALE_IN_COOLDOWN_SECONDS,
    scaleOutCooldownSeconds: SCALE_OUT_COOLDOWN_SECONDS,
  });
  const read = units('read');
  const write = units('write');
  for (const [dim, u, unit, metric] of [
    ['read', read, 'RCU', 'DynamoDBReadCapacityUtilization'],
    ['write', write, 'WCU', 'DynamoDBWriteCapacityUtilization'],
  ] as const) {
    record(
      `${dim}_capacity`,
      `${u.min}-${u.max} ${unit}, starting at ${u.initial}`,
      `written capacity.${dim}: the table is created with min (the cheapest start) and Application Auto Scaling moves it between min and max, tracking ${metric}; AWS's service-linked role for DynamoDB autoscaling does the scaling`,
      'written',
    );
  }
  record(
    'target_utilization',
    target,
    `autoscaling keeps consumed capacity near ${target} % of provisioned: the ${100 - target} % left over absorbs a burst while capacity is added (a scale-out follows 2 minutes above the target)`,
    target === DEFAULT_TARGET_UTILIZATION ? 'default' : 'written',
  );
  record(
    'scaling_cooldowns',
    `scale out ${SCALE_OUT_COOLDOWN_SECONDS} s, scale in ${SCALE_IN_COOLDOWN_SECONDS} s`,
    'an increase takes effect within about a minute, so the next scale-out waits for it to show in the metric; DynamoDB allows few decreases a day, so after one the next waits 5 minutes',
  );
  return { mode: 'provisioned', read, write };
}

/**
 * Each global secondary index of a provisioned table gets the table's capacity and autoscaling. A write
 * to the table is also a write to every index it projects into, and an index short of write capacity
 * throttles the table's writes, so an index needs at least the table's write capacity; what reads an
 * index will do the blueprint cannot tell, so it gets the table's read capacity too. Autoscaling then
 * moves each index on its own consumption.
 */
export function designIndexCapacity(names: string[], billing: ProvisionedCapacity, record: RecordDecision): ProvisionedCapacity {
  record(
    'index_capacity',
    `the table's capacity and autoscaling, each on its own: ${names.join(', ')}`,
    "an index has throughput of its own; every table write that it projects is also an index write, and an index short of write capacity throttles the table's writes, so it gets the table's write capacity; its reads are unknown, so it gets the table's read capacity; autoscaling then moves each index on its own use",
    'derived',
  );
  return { read: { ...billing.read }, write: { ...billing.write } };
}
