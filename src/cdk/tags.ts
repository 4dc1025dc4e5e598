/**
 * Types whose Tags property is newer than cfn-lint 1.51's schemas; none of them is billed on its own.
 * Every Tags.of(...).add in the stack excludes them (the stack's tags, and a store's blueprint:store tag,
 * which would otherwise reach a provisioned table's scalable targets).
 */
export const UNTAGGED_TYPES = [
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::CloudWatch::Dashboard',
];
