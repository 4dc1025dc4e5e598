/*
 * Service scaling read from a mock run: a service's scalable target (min,
 * max), its target-tracking policies (the request-count policy's resource
 * label named "load-balancer/target-group:<service>") and its step-scaling
 * policies (named by their name; each must be invoked by an alarm, which
 * names it "scaling-policy:<service>/<name>").
 */
import type { ServiceInventory, StepPolicyInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import type { Names } from './names';
import { T } from './resource-types';
import { byText } from '../../text';

export function readScaling(ctx: Context, names: Names, svc: R): ServiceInventory['scaling'] {
  const { ofType } = ctx;
  const { suffixName } = names;
  const clusters = ofType(T.cluster);
  const targets = ofType(T.target);
  const policies = ofType(T.policy);
  const target = targets.find((t) => t.inputs.resourceId === `service/${clusters[0]?.name}/${svc.name}`);
  if (!target) return null;
  const own = policies.filter((p) => p.inputs.resourceId === target.inputs.resourceId);
  for (const p of own) {
    if (p.inputs.policyType !== 'StepScaling' && p.inputs.policyType !== 'TargetTrackingScaling') {
      throw new Error(`parity: scaling policy ${p.name} is ${p.inputs.policyType}: only target tracking and step scaling are in the inventory`);
    }
  }
  return {
    min: target.inputs.minCapacity,
    max: target.inputs.maxCapacity,
    policies: own
      .filter((p) => p.inputs.policyType === 'TargetTrackingScaling')
      .map((p) => {
        const cfg = p.inputs.targetTrackingScalingPolicyConfiguration as Inputs;
        if (!cfg.predefinedMetricSpecification) throw new Error(`parity: scaling policy ${p.name} tracks a customized metric; only predefined metrics are in the inventory`);
        const label = cfg.predefinedMetricSpecification.resourceLabel as string | undefined;
        return {
          metric: cfg.predefinedMetricSpecification.predefinedMetricType,
          target: cfg.targetValue,
          scaleInCooldownSeconds: cfg.scaleInCooldown ?? 300,
          scaleOutCooldownSeconds: cfg.scaleOutCooldown ?? 300,
          resource: label ? resourceLabel(label, suffixName) : null,
        };
      })
      .sort((a, b) => byText(a.metric, b.metric)),
    stepPolicies: own.filter((p) => p.inputs.policyType === 'StepScaling').map((p) => stepPolicy(ctx, p)),
  };
}

function stepPolicy(ctx: Context, p: R): StepPolicyInventory {
  const arn = ctx.byArnValue(p);
  const invoked = ctx.ofType(T.alarm).some((a) => [...(a.inputs.alarmActions ?? []), ...(a.inputs.okActions ?? [])].includes(arn));
  if (!invoked) throw new Error(`parity: no alarm invokes step-scaling policy ${p.name}, so it never scales anything`);
  const c = ctx.must(p.inputs.stepScalingPolicyConfiguration as Inputs | undefined, `the step configuration of scaling policy ${p.name}`);
  if (c.adjustmentType === undefined) throw new Error(`parity: step-scaling policy ${p.name} has no adjustment type`);
  const bound = (b: string | undefined) => (b === undefined || b === '' ? null : Number(b));
  const steps = ((c.stepAdjustments ?? []) as Inputs[]).map((s) => ({
    lower: bound(s.metricIntervalLowerBound),
    upper: bound(s.metricIntervalUpperBound),
    adjustment: s.scalingAdjustment,
  }));
  if (steps.length === 0) throw new Error(`parity: step-scaling policy ${p.name} has no steps`);
  return {
    name: ctx.must(p.inputs.name as string | undefined, `the name of scaling policy ${p.name}`),
    adjustmentType: c.adjustmentType,
    // AWS's defaults: a 300 s cooldown for ECS, datapoints averaged.
    cooldownSeconds: c.cooldown ?? 300,
    metricAggregation: c.metricAggregationType ?? 'Average',
    minAdjustmentMagnitude: c.minAdjustmentMagnitude ?? null,
    steps,
  };
}

/** "load-balancer/target-group:<service>" from app/NAME/ID/targetgroup/NAME/ID. */
function resourceLabel(label: string, name: (suffix: string) => string): string {
  const [lbPart, tgPart] = [label.slice(0, label.indexOf('/targetgroup/')), label.slice(label.indexOf('/targetgroup/') + 1)];
  return `${name(lbPart)}/${name(tgPart)}`;
}
