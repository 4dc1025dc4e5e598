import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType } from '../resources';

/** Every log group expires its logs (a retention in days): logs kept forever are a cost and a liability. */
export const logRetention: StackValidationPolicy = {
  name: 'log-retention',
  description: 'Every CloudWatch log group has a retention.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const g of ofType(resources, 'aws:cloudwatch/logGroup:LogGroup')) {
      const days = g.props.retentionInDays;
      if (typeof days !== 'number' || days <= 0) report(`${named(g)} keeps its logs forever (no retentionInDays)`, g.urn);
    }
  },
};
