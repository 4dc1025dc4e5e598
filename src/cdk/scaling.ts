import { Duration, Stack, aws_applicationautoscaling as appscaling, aws_ecs as ecs, aws_elasticloadbalancingv2 as elbv2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ScalingDesign, ServiceDesign } from '../design';

/** Target-tracking autoscaling of each service: on CPU, and on requests per target where the load balancer routes to it. */
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
      const d: ScalingDesign = s.scaling;
      const target = new appscaling.ScalableTarget(this, `Target-${s.key}`, {
        serviceNamespace: appscaling.ServiceNamespace.ECS,
        resourceId: `service/${props.cluster.clusterName}/${props.fargate.get(s.key)!.serviceName}`,
        scalableDimension: 'ecs:service:DesiredCount',
        role,
        minCapacity: d.minTasks,
        maxCapacity: d.maxTasks,
      });
      const cooldowns = { scaleInCooldown: Duration.seconds(d.scaleInCooldownSeconds), scaleOutCooldown: Duration.seconds(d.scaleOutCooldownSeconds) };
      target.scaleToTrackMetric('Cpu', {
        predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
        targetValue: d.targetCpuPercent,
        ...cooldowns,
      });
      const tg = props.targetGroups.get(s.key);
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
  }
}
