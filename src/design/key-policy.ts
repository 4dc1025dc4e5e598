import type { KeyDesign } from './types';

/**
 * One statement of the key policy that lets an AWS service use the stack's key on the account's behalf.
 * In `service` and the condition's value, ${Partition}, ${Region} and ${AccountId} stand for the stack's:
 * each renderer fills them in with its own tokens or values (fillKeyPolicy).
 */
export interface KeyServiceStatement {
  sid: string;
  service: string;
  actions: string[];
  condition?: { operator: 'ArnLike' | 'StringLike'; key: string; value: string };
}

/**
 * The key policy statements of the services the design names (KeyDesign.services), in that order, besides
 * the account root's (which may do everything, so that IAM policies grant the key's use).
 */
export function keyServiceStatements(services: KeyDesign['services']): KeyServiceStatement[] {
  return services.flatMap((service): KeyServiceStatement[] => {
    switch (service) {
      case 'logs':
        // CloudWatch Logs of this region, for this account's log groups only.
        return [
          {
            sid: 'CloudWatchLogs',
            service: 'logs.${Region}.amazonaws.com',
            actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            condition: { operator: 'ArnLike', key: 'kms:EncryptionContext:aws:logs:arn', value: 'arn:${Partition}:logs:${Region}:${AccountId}:*' },
          },
        ];
      case 'cloudwatch':
        // Alarms publishing to the encrypted alarm topic.
        return [{ sid: 'CloudWatchAlarms', service: 'cloudwatch.amazonaws.com', actions: ['kms:Decrypt', 'kms:GenerateDataKey*'] }];
      case 'cloudtrail':
        // The trail encrypting its log files (trails of this account only), and describing the key.
        return [
          {
            sid: 'CloudTrailEncrypt',
            service: 'cloudtrail.amazonaws.com',
            actions: ['kms:GenerateDataKey*'],
            condition: { operator: 'StringLike', key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: 'arn:${Partition}:cloudtrail:*:${AccountId}:trail/*' },
          },
          { sid: 'CloudTrailDescribe', service: 'cloudtrail.amazonaws.com', actions: ['kms:DescribeKey'] },
        ];
    }
  });
}

/** A statement's text with ${Partition}, ${Region} and ${AccountId} filled in. */
export function fillKeyPolicy(text: string, stack: { partition: string; region: string; account: string }): string {
  return text.replace(/\$\{Partition\}/g, stack.partition).replace(/\$\{Region\}/g, stack.region).replace(/\$\{AccountId\}/g, stack.account);
}
