/*
 * Service scaling read from a CloudFormation template: each ECS service's
 * scalable target (min, max) and its target-tracking policies, by service
 * key.
 */
import type { ServiceInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj } from './template';

/** Scalable targets and their target-tracking policies, by service key. */
export function readScaling(x: Context): Map<string, NonNullable<ServiceInventory['scaling']>> {
  const { t, r } = x;
  const keys = new Set(x.names.serviceKey.values());
  const byTarget = new Map<string, { key: string; scaling: NonNullable<ServiceInventory['scaling']> }>();
  for (const st of t.ofType(T.scalableTarget)) {
    const p = t.props(st);
    const w = (field: string) => t.where(st, field);
    if (p.ServiceNamespace !== 'ecs' || p.ScalableDimension !== 'ecs:service:DesiredCount') fail(t.where(st), 'scales something other than an ECS service\'s desired count');
    if (list(p.ScheduledActions, w('ScheduledActions')).length) fail(w('ScheduledActions'), 'scheduled scaling is not in the inventory');
    // ResourceId is service/<cluster>/<service name>: here "service/cluster/service:<key>".
    const resourceId = r.str(p.ResourceId, w('ResourceId'));
    const m = /^service\/cluster\/service:(.+)$/.exec(resourceId);
    if (!m || !keys.has(m[1])) fail(w('ResourceId'), `${resourceId} is not an ECS service of this template's cluster`);
    if ([...byTarget.values()].some((v) => v.key === m[1])) fail(t.where(st), `service ${m[1]} has a scalable target already`);
    byTarget.set(st, { key: m[1], scaling: { min: r.num(p.MinCapacity, w('MinCapacity')), max: r.num(p.MaxCapacity, w('MaxCapacity')), policies: [] } });
  }
  for (const sp of t.ofType(T.scalingPolicy)) {
    const p = t.props(sp);
    const w = (field: string) => t.where(sp, field);
    if (p.ScalingTargetId === undefined) fail(t.where(sp), 'names its target by ResourceId; only ScalingTargetId is read');
    const st = t.target(p.ScalingTargetId, [T.scalableTarget], w('ScalingTargetId'));
    if (p.PolicyType !== 'TargetTrackingScaling') fail(w('PolicyType'), `${JSON.stringify(p.PolicyType)}: only target tracking is in the inventory`);
    const c = obj(p.TargetTrackingScalingPolicyConfiguration, w('TargetTrackingScalingPolicyConfiguration'));
    if (r.bool(c.DisableScaleIn, false, w('DisableScaleIn'))) fail(w('DisableScaleIn'), 'is not in the inventory');
    if (c.PredefinedMetricSpecification === undefined) fail(t.where(sp), 'tracks a customized metric; only predefined metrics are in the inventory');
    const m = obj(c.PredefinedMetricSpecification, w('PredefinedMetricSpecification'));
    byTarget.get(st)!.scaling.policies.push({
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
