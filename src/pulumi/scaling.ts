import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ScalingDesign, ServiceDesign, WorkerScalingDesign } from '../design';
import { alarmArgs, type MetricTargets } from './observability';

/**
 * Autoscaling of each service (mirrors src/cdk/scaling.ts); AWS's service-linked role does the scaling.
 * An HTTP service tracks targets; a worker scales in steps, each policy invoked by its alarm on the worker's queue.
 */
export class Scaling extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: {
      services: ServiceDesign[];
      clusterName: pulumi.Input<string>;
      fargate: Map<string, aws.ecs.Service>;
      targetGroups: Map<string, aws.lb.TargetGroup>;
      loadBalancerArnSuffix?: pulumi.Input<string>;
      /** What the workers' queue alarms measure. */
      metricTargets: MetricTargets;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Scaling', name, {}, opts);
    const parent = { parent: this };
    for (const s of args.services) {
      const target = new aws.appautoscaling.Target(
        `${name}-scaling-${s.key}`,
        {
          serviceNamespace: 'ecs',
          scalableDimension: 'ecs:service:DesiredCount',
          resourceId: pulumi.interpolate`service/${args.clusterName}/${args.fargate.get(s.key)!.name}`,
          minCapacity: s.scaling.minTasks,
          maxCapacity: s.scaling.maxTasks,
        },
        parent,
      );
      const prefix = `${name}-scaling-${s.key}`;
      if (s.kind === 'worker') this.stepScaling(prefix, target, s.scaling, args.metricTargets);
      else this.targetTracking(prefix, target, s.key, s.scaling, args);
    }
    this.registerOutputs({});
  }

  private targetTracking(
    prefix: string,
    target: aws.appautoscaling.Target,
    key: string,
    d: ScalingDesign,
    args: { targetGroups: Map<string, aws.lb.TargetGroup>; loadBalancerArnSuffix?: pulumi.Input<string> },
  ): void {
    const policy = (id: string, metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> }, targetValue: number) =>
      new aws.appautoscaling.Policy(
        `${prefix}-${id}`,
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
        { parent: this },
      );
    policy('cpu', { predefinedMetricType: 'ECSServiceAverageCPUUtilization' }, d.targetCpuPercent);
    const tg = args.targetGroups.get(key);
    if (d.targetRequestsPerTargetPerMinute !== undefined && tg && args.loadBalancerArnSuffix) {
      policy(
        'requests',
        { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${tg.arnSuffix}` },
        d.targetRequestsPerTargetPerMinute,
      );
    }
  }

  /** A worker's step policies (`<prefix>-<policy key>`, named by the key) and their alarms (`<prefix>-<policy key>-alarm`). */
  private stepScaling(prefix: string, target: aws.appautoscaling.Target, d: WorkerScalingDesign, targets: MetricTargets): void {
    for (const p of d.stepPolicies) {
      const policy = new aws.appautoscaling.Policy(
        `${prefix}-${p.key}`,
        {
          name: p.key,
          policyType: 'StepScaling',
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          stepScalingPolicyConfiguration: {
            adjustmentType: p.adjustmentType,
            cooldown: p.cooldownSeconds,
            metricAggregationType: p.metricAggregation,
            // The provider takes the bounds as strings (absent: unbounded).
            stepAdjustments: p.steps.map((s) => ({
              metricIntervalLowerBound: s.lowerBound === undefined ? undefined : String(s.lowerBound),
              metricIntervalUpperBound: s.upperBound === undefined ? undefined : String(s.upperBound),
              scalingAdjustment: s.adjustment,
            })),
          },
        },
        { parent: this },
      );
      new aws.cloudwatch.MetricAlarm(`${prefix}-${p.key}-alarm`, { ...alarmArgs(p.alarm, targets), alarmActions: [policy.arn] }, { parent: this });
    }
  }
}
