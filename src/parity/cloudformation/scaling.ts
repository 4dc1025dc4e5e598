/*
 * Service scaling read from a CloudFormation template: each ECS service's
 * scalable target (min, max), its target-tracking policies and its
 * step-scaling policies (named by PolicyName; each must be invoked by an
 * alarm, whose actions names.ts names "scaling-policy:<service>/<name>"),
 * by service key.
 */
import type { ServiceInventory, StepPolicyInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, refOf } from './template';

type Scaling = NonNullable<ServiceInventory['scaling']>;

/** Scalable targets and their policies, by service key. */
export function readScaling(x: Context): Map<string, Scaling> {
  const { t, r } = x;
  const keys = new Set(x.names.serviceKey.values());
  const byTarget = new Map<string, { key: string; scaling: Scaling }>();
  for (const st of t.ofType(T.scalableTarget)) {
    const p = t.props(st);
    const w = (field: string) => t.where(st, field);
    if (p.ServiceNamespace !== 'ecs' || p.ScalableDimension !== 'ecs:service:DesiredCount') fail(t.where(st), 'scales something other than an ECS service\'s desired count');
    if (list(p.ScheduledActions, w('ScheduledActions')).length) fail(w('ScheduledActions'), 'scheduled scaling is not in the inventory');
    if (p.SuspendedState !== undefined) fail(w('SuspendedState'), 'suspended scaling is not in the inventory');
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
