import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { sizingTags, type Sizing } from '../design/sizing';

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

/**
 * Tags the resource of this CloudFormation type in `c` (not its roles, policies or dead-letter queue) with what
 * it was sized for (src/design/sizing.ts), so that an estimate of the template prices it at that load.
 */
export function tagSizing(c: IConstruct, sizing: Sizing, type: string): void {
  for (const [k, v] of Object.entries(sizingTags(sizing))) Tags.of(c).add(k, v, { includeResourceTypes: [type] });
}
