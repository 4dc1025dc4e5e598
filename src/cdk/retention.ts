import { aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { stackKey } from './key';

/** The design speaks in days; CDK's enum values are the same day counts. */
export function retention(days: number): logs.RetentionDays {
  return days as logs.RetentionDays;
}

/** A log group kept `days`, encrypted with the stack's key when it has one (CloudWatch Logs' own encryption otherwise). */
export function createLogGroup(scope: Construct, id: string, days: number, props: Omit<logs.LogGroupProps, 'retention' | 'encryptionKey'> = {}): logs.LogGroup {
  return new logs.LogGroup(scope, id, { ...props, retention: retention(days), encryptionKey: stackKey(scope) });
}
