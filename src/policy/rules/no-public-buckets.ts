import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, referring } from '../resources';

const BLOCKS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];

/** Every bucket blocks public access, all four ways (ACLs and policies, new and existing). */
export const noPublicBuckets: StackValidationPolicy = {
  name: 'no-public-buckets',
  description: 'Every bucket has a public access block with all four settings on.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const b of ofType(resources, 'aws:s3/bucket:Bucket')) {
      const blocks = referring(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'bucket', b);
      if (!blocks.some((p) => BLOCKS.every((k) => p.props[k] === true))) report(`${named(b)} does not block public access (a BucketPublicAccessBlock with ${BLOCKS.join(', ')})`, b.urn);
    }
  },
};
