import { aws_logs as logs } from 'aws-cdk-lib';

/** The design speaks in days; CDK's enum values are the same day counts. */
export function retention(days: number): logs.RetentionDays {
  return days as logs.RetentionDays;
}
