import {
  Duration,
  Stack,
  aws_applicationautoscaling as appscaling,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  aws_ecs as ecs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ScalingDesign, ServiceDesign, WorkerScalingDesign } from '../design';
import { alarmProps, type MetricTargets } from './observability';

/**
 * Autoscaling of each service. An HTTP service: target tracking on CPU, and on requests per target where the
 * load balancer routes to it. A worker: step scaling, each policy invoked by its alarm on the worker's queue.
 */
export class Scaling extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      services: ServiceDesign[];
      cluster: ecs.ICluster;
      fargate: Map<string, ecs.FargateService>;
      targetGroups: Map<string, elbv2.ApplicationTargetGroup>;
      loadBalancerFullName?: string;
      /** What the workers' queue alarms measure. */
      metricTargets: MetricTargets;
    },
  ) {
    super(scope, id);
    // ECS scaling uses AWS's service-linked role: no extra IAM role per service.
    const role = iam.Role.fromRoleArn(
      this,
      'ServiceLinkedRole',
      Stack.of(this).formatArn({
        region: '',
        service: 'iam',
        resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
        resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
      }),
    );
    for (const s of props.services) {
      const target = new appscaling.ScalableTarget(this, `Target-${s.key}`, {
        serviceNamespace: appscaling.ServiceNamespace.ECS,
        resourceId: `service/${props.cluster.clusterName}/${props.fargate.get(s.key)!.serviceName}`,
        scalableDimension: 'ecs:service:DesiredCount',
        role,
        minCapacity: s.scaling.minTasks,
        maxCapacity: s.scaling.maxTasks,
      });
      if (s.kind === 'worker') stepScaling(target, s.scaling, props.metricTargets);
      else targetTracking(target, s.key, s.scaling, props);
    }
  }
}

function targetTracking(
  target: appscaling.ScalableTarget,
  key: string,
  d: ScalingDesign,
  props: { targetGroups: Map<string, elbv2.ApplicationTargetGroup>; loadBalancerFullName?: string },
): void {
  const cooldowns = { scaleInCooldown: Duration.seconds(d.scaleInCooldownSeconds), scaleOutCooldown: Duration.seconds(d.scaleOutCooldownSeconds) };
  target.scaleToTrackMetric('Cpu', {
    predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
    targetValue: d.targetCpuPercent,
    ...cooldowns,
  });
  const tg = props.targetGroups.get(key);
  if (d.targetRequestsPerTargetPerMinute !== undefined && tg && props.loadBalancerFullName) {
    const policy = target.scaleToTrackMetric('Requests', {
      predefinedMetric: appscaling.PredefinedMetric.ALB_REQUEST_COUNT_PER_TARGET,
      resourceLabel: `${props.loadBalancerFullName}/${tg.targetGroupFullName}`,
      targetValue: d.targetRequestsPerTargetPerMinute,
      ...cooldowns,
    });
    // The metric exists only once the target group is attached to a listener.
    policy.node.addDependency(tg.loadBalancerAttached);
  }
}

/**
 * A worker's step policies (`Step-<policy key>`, named by the key) and the alarms that invoke them
 * (`Alarm-<policy key>`), under the worker's scalable target: every number as designed.
 */
function stepScaling(target: appscaling.ScalableTarget, d: WorkerScalingDesign, targets: MetricTargets): void {
  for (const p of d.stepPolicies) {
    const action = new appscaling.StepScalingAction(target, `Step-${p.key}`, {
      scalingTarget: target,
      policyName: p.key,
      adjustmentType: appscaling.AdjustmentType[ADJUSTMENT[p.adjustmentType]],
      cooldown: Duration.seconds(p.cooldownSeconds),
      metricAggregationType: appscaling.MetricAggregationType[AGGREGATION[p.metricAggregation]],
    });
    for (const step of p.steps) action.addAdjustment({ adjustment: step.adjustment, lowerBound: step.lowerBound, upperBound: step.upperBound });
    new cw.Alarm(target, `Alarm-${p.key}`, alarmProps(p.alarm, targets)).addAlarmAction(new cwActions.ApplicationScalingAction(action));
  }
}

const ADJUSTMENT = { ChangeInCapacity: 'CHANGE_IN_CAPACITY', ExactCapacity: 'EXACT_CAPACITY' } as const;
const AGGREGATION = { Average: 'AVERAGE', Minimum: 'MINIMUM', Maximum: 'MAXIMUM' } as const;
