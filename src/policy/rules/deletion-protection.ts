import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType } from '../resources';

/**
 * Stateful stores and entry points refuse deletion: databases (RDS instances, Aurora clusters), tables, user
 * pools and load balancers have deletion protection. A blueprint that writes resilience.deletion_protection: false (a throwaway environment)
 * fails this policy on purpose; run the pack as advisory there.
 */
export const deletionProtection: StackValidationPolicy = {
  name: 'deletion-protection',
  description: 'Databases, tables, user pools and load balancers have deletion protection.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const d of [...ofType(resources, 'aws:rds/cluster:Cluster'), ...ofType(resources, 'aws:rds/instance:Instance')]) {
      if (d.props.deletionProtection !== true) report(`${named(d)} has no deletion protection`, d.urn);
    }
    for (const t of ofType(resources, 'aws:dynamodb/table:Table')) {
      if (t.props.deletionProtectionEnabled !== true) report(`${named(t)} has no deletion protection (deletionProtectionEnabled)`, t.urn);
    }
    for (const u of ofType(resources, 'aws:cognito/userPool:UserPool')) {
      if (u.props.deletionProtection !== 'ACTIVE') report(`${named(u)} has no deletion protection (deletionProtection ACTIVE)`, u.urn);
    }
    for (const lb of ofType(resources, 'aws:lb/loadBalancer:LoadBalancer')) {
      if (lb.props.enableDeletionProtection !== true) report(`${named(lb)} has no deletion protection (enableDeletionProtection)`, lb.urn);
    }
  },
};
