import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ServiceDesign } from '../design';

/** Target-tracking autoscaling of each service (mirrors src/cdk/scaling.ts); AWS's service-linked role does the scaling. */
export class Scaling extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: {
      services: ServiceDesign[];
      clusterName: pulumi.Input<string>;
      fargate: Map<string, aws.ecs.Service>;
      targetGroups: Map<string, aws.lb.TargetGroup>;
      loadBalancerArnSuffix?: pulumi.Input<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Scaling', name, {}, opts);
    const parent = { parent: this };
    for (const s of args.services) {
      const d = s.scaling;
      const target = new aws.appautoscaling.Target(
        `${name}-scaling-${s.key}`,
        {
          serviceNamespace: 'ecs',
          scalableDimension: 'ecs:service:DesiredCount',
          resourceId: pulumi.interpolate`service/${args.clusterName}/${args.fargate.get(s.key)!.name}`,
          minCapacity: d.minTasks,
          maxCapacity: d.maxTasks,
        },
        parent,
      );
      const policy = (id: string, metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> }, targetValue: number) =>
        new aws.appautoscaling.Policy(
          `${name}-scaling-${s.key}-${id}`,
          {
            policyType: 'TargetTrackingScaling',
            serviceNamespace: target.serviceNamespace,
            scalableDimension: target.scalableDimension,
            resourceId: target.resourceId,
            targetTrackingScalingPolicyConfiguration: {
              predefinedMetricSpecification: metric,
              targetValue,
              scaleInCooldown: d.scaleInCooldownSeconds,
              scaleOutCooldown: d.scaleOutCooldownSeconds,
            },
          },
          parent,
        );
      policy('cpu', { predefinedMetricType: 'ECSServiceAverageCPUUtilization' }, d.targetCpuPercent);
      const tg = args.targetGroups.get(s.key);
      if (d.targetRequestsPerTargetPerMinute !== undefined && tg && args.loadBalancerArnSuffix) {
        policy(
          'requests',
          { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${tg.arnSuffix}` },
          d.targetRequestsPerTargetPerMinute,
        );
      }
    }
    this.registerOutputs({});
  }
}
