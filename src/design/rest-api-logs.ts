/**
 * What API Gateway's account-wide CloudWatch role may do (AmazonAPIGatewayPushToCloudWatchLogs, written out: no
 * AWS managed policy, AwsSolutions-IAM4): REST APIs write their access and execution logs through it. Its own
 * module so that the CrossGuard policy pack can name it without loading the design.
 */
export const REST_LOGS_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:PutLogEvents'];
