/*
 * Scaling read from a CloudFormation template. Every scalable target is
 * classified: an ECS service's desired count, or a DynamoDB table's or
 * index's read or write capacity; anything else throws. A service's scaling:
 * its scalable target (min, max), its target-tracking policies and its
 * step-scaling policies (named by PolicyName; each must be invoked by an
 * alarm, whose actions names.ts names "scaling-policy:<service>/<name>"), by
 * service key. A table's: each target's bounds and its one target-tracking
 * policy, by table and index (data.ts puts them beside the provisioned units).
 */
import type { CapacityInventory, ServiceInventory, StepPolicyInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, refOf } from './template';

type Scaling = NonNullable<ServiceInventory['scaling']>;
export type CapacityScaling = NonNullable<CapacityInventory['scaling']>;

/** What a scalable target scales: an ECS service, or the read or write capacity of a table (index null) or one of its indexes. */
type Scaled = { kind: 'service' } | { kind: 'table'; table: string; index: string | null; dimension: 'read' | 'write' };

// DynamoDB's scalable dimensions, and the predefined metric a target-tracking policy of each tracks.
const TABLE_DIMENSIONS: Readonly<Record<string, { of: 'table' | 'index'; dimension: 'read' | 'write'; metric: string }>> = {
  'dynamodb:table:ReadCapacityUnits': { of: 'table', dimension: 'read', metric: 'DynamoDBReadCapacityUtilization' },
  'dynamodb:table:WriteCapacityUnits': { of: 'table', dimension: 'write', metric: 'DynamoDBWriteCapacityUtilization' },
  'dynamodb:index:ReadCapacityUnits': { of: 'index', dimension: 'read', metric: 'DynamoDBReadCapacityUtilization' },
  'dynamodb:index:WriteCapacityUnits': { of: 'index', dimension: 'write', metric: 'DynamoDBWriteCapacityUtilization' },
};

// The role Application Auto Scaling uses for DynamoDB whatever a target names (it ignores legacy roles).
const DYNAMODB_SCALING_ROLE = /^arn:(aws[a-z-]*|\$\{AWS::Partition\}):iam::(\d{12}|\$\{AWS::AccountId\}):role\/aws-service-role\/dynamodb\.application-autoscaling\.amazonaws\.com\/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable$/;

/** Classifies a scalable target, or throws: the inventory describes ECS services' and DynamoDB tables' scaling only. */
function scaled(x: Context, st: string): Scaled {
  const { t, r } = x;
  const p = t.props(st);
  const w = (field: string) => t.where(st, field);
  if (list(p.ScheduledActions, w('ScheduledActions')).length) fail(w('ScheduledActions'), 'scheduled scaling is not in the inventory');
  if (p.SuspendedState !== undefined) fail(w('SuspendedState'), 'suspended scaling is not in the inventory');
  if (p.ServiceNamespace === 'ecs' && p.ScalableDimension === 'ecs:service:DesiredCount') return { kind: 'service' };
  const dim = p.ServiceNamespace === 'dynamodb' && typeof p.ScalableDimension === 'string' ? TABLE_DIMENSIONS[p.ScalableDimension] : undefined;
  if (!dim) fail(t.where(st), `scales ${JSON.stringify(p.ServiceNamespace)} ${JSON.stringify(p.ScalableDimension)}: the inventory knows an ECS service's desired count and a DynamoDB table's or index's capacity only`);
  // ResourceId is table/<table name> or table/<table name>/index/<index name>: here "table/table:<key>[/index/<name>]".
  const resourceId = r.str(p.ResourceId, w('ResourceId'));
  const m = /^table\/(table:[^/]+)(?:\/index\/([^/]+))?$/.exec(resourceId);
  if (!m || (dim.of === 'index') !== (m[2] !== undefined)) fail(w('ResourceId'), `${resourceId} is not a table${dim.of === 'index' ? "'s index" : ''} of this template (for ${p.ScalableDimension})`);
  const table = t.ofType(T.table).find((id) => x.names.stores.of(id) === m[1]) ?? fail(w('ResourceId'), `${m[1]} is not a table of this template`);
  if (p.RoleARN !== undefined && !DYNAMODB_SCALING_ROLE.test(r.str(p.RoleARN, w('RoleARN')))) {
    fail(w('RoleARN'), "is not DynamoDB's Application Auto Scaling service-linked role (AWSServiceRoleForApplicationAutoScaling_DynamoDBTable)");
  }
  return { kind: 'table', table, index: m[2] ?? null, dimension: dim.dimension };
}

/** Scalable targets and their policies, by service key. */
export function readScaling(x: Context): Map<string, Scaling> {
  const { t, r } = x;
  const keys = new Set(x.names.serviceKey.values());
  const byTarget = new Map<string, { key: string; scaling: Scaling }>();
  for (const st of t.ofType(T.scalableTarget)) {
    const p = t.props(st);
    const w = (field: string) => t.where(st, field);
    if (scaled(x, st).kind !== 'service') continue;
    // ResourceId is service/<cluster>/<service name>: here "service/cluster/service:<key>".
    const key = x.names.scaledService(st);
    if (!keys.has(key)) fail(w('ResourceId'), `service:${key} is not an ECS service of this template's cluster`);
    if ([...byTarget.values()].some((v) => v.key === key)) fail(t.where(st), `service ${key} has a scalable target already`);
    byTarget.set(st, { key, scaling: { min: r.num(p.MinCapacity, w('MinCapacity')), max: r.num(p.MaxCapacity, w('MaxCapacity')), policies: [], stepPolicies: [] } });
  }
  // The policies an alarm invokes (a step policy no alarm invokes would never scale anything).
  const invoked = new Set(
    t.ofType(T.alarm).flatMap((a) => [...list(t.props(a).AlarmActions, t.where(a, 'AlarmActions')), ...list(t.props(a).OKActions, t.where(a, 'OKActions'))].map((v) => refOf(v)?.id)),
  );
  for (const sp of t.ofType(T.scalingPolicy)) {
    const p = t.props(sp);
    const w = (field: string) => t.where(sp, field);
    if (p.ScalingTargetId === undefined) fail(t.where(sp), 'names its target by ResourceId; only ScalingTargetId is read');
    const st = t.target(p.ScalingTargetId, [T.scalableTarget], w('ScalingTargetId'));
    // A table's policies are read with its capacity (readTableScaling).
    if (!byTarget.has(st)) continue;
    const scaling = byTarget.get(st)!.scaling;
    if (p.PolicyType === 'StepScaling') {
      if (p.TargetTrackingScalingPolicyConfiguration !== undefined) fail(w('TargetTrackingScalingPolicyConfiguration'), 'a step-scaling policy with a target-tracking configuration');
      if (!invoked.has(sp)) fail(t.where(sp), 'no alarm invokes this step-scaling policy, so it never scales anything');
      scaling.stepPolicies.push(readStepPolicy(x, sp));
      continue;
    }
    if (p.PolicyType !== 'TargetTrackingScaling') fail(w('PolicyType'), `${JSON.stringify(p.PolicyType)}: only target tracking and step scaling are in the inventory`);
    if (p.StepScalingPolicyConfiguration !== undefined) fail(w('StepScalingPolicyConfiguration'), 'a target-tracking policy with a step-scaling configuration');
    const c = obj(p.TargetTrackingScalingPolicyConfiguration, w('TargetTrackingScalingPolicyConfiguration'));
    if (r.bool(c.DisableScaleIn, false, w('DisableScaleIn'))) fail(w('DisableScaleIn'), 'is not in the inventory');
    if (c.PredefinedMetricSpecification === undefined) fail(t.where(sp), 'tracks a customized metric; only predefined metrics are in the inventory');
    const m = obj(c.PredefinedMetricSpecification, w('PredefinedMetricSpecification'));
    scaling.policies.push({
      metric: r.str(m.PredefinedMetricType, w('PredefinedMetricType')),
      target: r.num(c.TargetValue, w('TargetValue')),
      // AWS's default cooldown for ECS services is 300 s both ways.
      scaleInCooldownSeconds: r.numOr(c.ScaleInCooldown, 300, w('ScaleInCooldown')),
      scaleOutCooldownSeconds: r.numOr(c.ScaleOutCooldown, 300, w('ScaleOutCooldown')),
      resource: m.ResourceLabel === undefined ? null : r.str(m.ResourceLabel, w('ResourceLabel')),
    });
  }
  return new Map([...byTarget.values()].map((v) => [v.key, v.scaling]));
}

/**
 * The autoscaling of tables' and indexes' capacity, by table logical ID, then index name ("" for the
 * table itself) and dimension: each scalable target's bounds and its one target-tracking policy on the
 * dimension's utilization metric. A second target for the same capacity, a target without a policy,
 * a second policy, step scaling, another metric or scale-in disabled throws.
 */
export function readTableScaling(x: Context): Map<string, Map<string, { read?: CapacityScaling; write?: CapacityScaling }>> {
  const { t, r } = x;
  const out = new Map<string, Map<string, { read?: CapacityScaling; write?: CapacityScaling }>>();
  const policies = new Map<string, string[]>();
  for (const sp of t.ofType(T.scalingPolicy)) {
    const p = t.props(sp);
    if (p.ScalingTargetId === undefined) fail(t.where(sp), 'names its target by ResourceId; only ScalingTargetId is read');
    const st = t.target(p.ScalingTargetId, [T.scalableTarget], t.where(sp, 'ScalingTargetId'));
    policies.set(st, [...(policies.get(st) ?? []), sp]);
  }
  for (const st of t.ofType(T.scalableTarget)) {
    const s = scaled(x, st);
    if (s.kind !== 'table') continue;
    const p = t.props(st);
    const w = (field: string) => t.where(st, field);
    const what = `the ${s.dimension} capacity of ${x.names.stores.of(s.table)}${s.index === null ? '' : ` index ${s.index}`}`;
    const byIndex = out.get(s.table) ?? new Map<string, { read?: CapacityScaling; write?: CapacityScaling }>();
    out.set(s.table, byIndex);
    const entry = byIndex.get(s.index ?? '') ?? {};
    byIndex.set(s.index ?? '', entry);
    if (entry[s.dimension]) fail(t.where(st), `${what} has a scalable target already`);
    const own = policies.get(st) ?? [];
    if (own.length !== 1) fail(t.where(st), `${what} has ${own.length} scaling policies; the inventory records one target-tracking policy per table capacity`);
    const sp = own[0];
    const pp = t.props(sp);
    const pw = (field: string) => t.where(sp, field);
    if (pp.PolicyType !== 'TargetTrackingScaling') fail(pw('PolicyType'), `${JSON.stringify(pp.PolicyType)}: a table's capacity is read as target tracking only`);
    if (pp.StepScalingPolicyConfiguration !== undefined) fail(pw('StepScalingPolicyConfiguration'), 'a target-tracking policy with a step-scaling configuration');
    const c = obj(pp.TargetTrackingScalingPolicyConfiguration, pw('TargetTrackingScalingPolicyConfiguration'));
    if (r.bool(c.DisableScaleIn, false, pw('DisableScaleIn'))) fail(pw('DisableScaleIn'), 'is not in the inventory');
    if (c.PredefinedMetricSpecification === undefined) fail(t.where(sp), 'tracks a customized metric; only predefined metrics are in the inventory');
    const m = obj(c.PredefinedMetricSpecification, pw('PredefinedMetricSpecification'));
    const metric = r.str(m.PredefinedMetricType, pw('PredefinedMetricType'));
    const expected = TABLE_DIMENSIONS[String(p.ScalableDimension)].metric;
    if (metric !== expected) fail(pw('PredefinedMetricType'), `${metric} does not measure ${what} (${expected} does)`);
    if (m.ResourceLabel !== undefined) fail(pw('ResourceLabel'), `has no meaning for ${metric}`);
    entry[s.dimension] = {
      min: r.num(p.MinCapacity, w('MinCapacity')),
      max: r.num(p.MaxCapacity, w('MaxCapacity')),
      targetUtilization: r.num(c.TargetValue, pw('TargetValue')),
      // AWS's default cooldown for DynamoDB is 0 s both ways.
      scaleInCooldownSeconds: r.numOr(c.ScaleInCooldown, 0, pw('ScaleInCooldown')),
      scaleOutCooldownSeconds: r.numOr(c.ScaleOutCooldown, 0, pw('ScaleOutCooldown')),
    };
  }
  return out;
}

function readStepPolicy(x: Context, sp: string): StepPolicyInventory {
  const { t, r } = x;
  const w = (field: string) => t.where(sp, `StepScalingPolicyConfiguration${field ? `.${field}` : ''}`);
  const c = obj(t.props(sp).StepScalingPolicyConfiguration, w(''));
  if (c.AdjustmentType === undefined) fail(w('AdjustmentType'), 'is missing; a step-scaling policy needs one');
  const steps = list(c.StepAdjustments, w('StepAdjustments')).map((v, i) => {
    const s = obj(v, w(`StepAdjustments[${i}]`));
    const bound = (b: unknown, f: string) => (b === undefined ? null : r.num(b, w(`StepAdjustments[${i}].${f}`)));
    return { lower: bound(s.MetricIntervalLowerBound, 'MetricIntervalLowerBound'), upper: bound(s.MetricIntervalUpperBound, 'MetricIntervalUpperBound'), adjustment: r.num(s.ScalingAdjustment, w(`StepAdjustments[${i}].ScalingAdjustment`)) };
  });
  if (steps.length === 0) fail(w('StepAdjustments'), 'has no steps');
  return {
    name: r.str(t.props(sp).PolicyName, t.where(sp, 'PolicyName')),
    adjustmentType: r.str(c.AdjustmentType, w('AdjustmentType')),
    // AWS's defaults: a 300 s cooldown for ECS, datapoints averaged.
    cooldownSeconds: r.numOr(c.Cooldown, 300, w('Cooldown')),
    metricAggregation: r.str(c.MetricAggregationType ?? 'Average', w('MetricAggregationType')),
    minAdjustmentMagnitude: c.MinAdjustmentMagnitude === undefined ? null : r.num(c.MinAdjustmentMagnitude, w('MinAdjustmentMagnitude')),
    steps,
  };
}
