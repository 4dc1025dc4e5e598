/*
 * Service scaling read from a mock run: a service's scalable target (min,
 * max) and its target-tracking policies, the request-count policy's
 * resource label named "load-balancer/target-group:<service>".
 */
import type { ServiceInventory } from '../inventory';
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
  return {
    min: target.inputs.minCapacity,
    max: target.inputs.maxCapacity,
    policies: policies
      .filter((p) => p.inputs.resourceId === target.inputs.resourceId)
      .map((p) => {
        const cfg = p.inputs.targetTrackingScalingPolicyConfiguration as Inputs;
        const label = cfg.predefinedMetricSpecification.resourceLabel as string | undefined;
        return {
          metric: cfg.predefinedMetricSpecification.predefinedMetricType,
          target: cfg.targetValue,
          scaleInCooldownSeconds: cfg.scaleInCooldown,
          scaleOutCooldownSeconds: cfg.scaleOutCooldown,
          resource: label ? resourceLabel(label, suffixName) : null,
        };
      })
      .sort((a, b) => byText(a.metric, b.metric)),
  };
}

/** "load-balancer/target-group:<service>" from app/NAME/ID/targetgroup/NAME/ID. */
function resourceLabel(label: string, name: (suffix: string) => string): string {
  const [lbPart, tgPart] = [label.slice(0, label.indexOf('/targetgroup/')), label.slice(label.indexOf('/targetgroup/') + 1)];
  return `${name(lbPart)}/${name(tgPart)}`;
}
