import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

/**
 * A log group kept `days`, encrypted with the stack's key when it has one (CloudWatch Logs' own encryption
 * otherwise; mirrors createLogGroup in src/cdk/retention.ts). `name`: a fixed log group name (WAF's must
 * start with aws-waf-logs-; AppSync writes to /aws/appsync/apis/<api id>); otherwise Pulumi names it.
 */
export function logGroup(
  resourceName: string,
  x: { days: number; key?: pulumi.Input<string>; name?: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(resourceName, { ...(x.name ? { name: x.name } : {}), retentionInDays: x.days, ...(x.key ? { kmsKeyId: x.key } : {}) }, opts);
}
