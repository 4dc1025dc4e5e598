import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType } from '../resources';

/** No database instance has a public address: databases live in isolated subnets and admit only their clients. */
export const noPublicDatabases: StackValidationPolicy = {
  name: 'no-public-databases',
  description: 'RDS instances and Aurora cluster instances are not publicly accessible.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const d of [...ofType(resources, 'aws:rds/instance:Instance'), ...ofType(resources, 'aws:rds/clusterInstance:ClusterInstance')]) {
      if (d.props.publiclyAccessible === true) report(`${named(d)} is publicly accessible`, d.urn);
    }
  },
};
