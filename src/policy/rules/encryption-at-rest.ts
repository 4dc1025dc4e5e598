import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, referring, tag } from '../resources';

const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

/**
 * Every store is encrypted at rest: a bucket has a default encryption configuration, a queue SSE-SQS or
 * a KMS key, a data topic (tagged blueprint:store) a KMS key, a table SSE, a database encrypted storage,
 * a cache at-rest encryption. The alarm topic is exempt: CloudWatch cannot publish to a topic encrypted
 * with the AWS-managed SNS key, and it carries alarm states, not data. A customer-managed KMS key (the
 * stack's, security.encryption kms or a compliance profile) rotates automatically.
 */
export const encryptionAtRest: StackValidationPolicy = {
  name: 'encryption-at-rest',
  description: 'Buckets, queues, data topics, tables, databases and caches are encrypted at rest; customer-managed KMS keys rotate.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const b of ofType(resources, 'aws:s3/bucket:Bucket')) {
      const configs = referring(resources, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'bucket', b);
      const encrypted = configs.some((c) => ((c.props.rules ?? []) as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[]).some((r) => SSE_ALGORITHMS.includes(r.applyServerSideEncryptionByDefault?.sseAlgorithm ?? '')));
      if (!encrypted) report(`${named(b)} has no default encryption (a BucketServerSideEncryptionConfiguration with SSE-S3 or KMS)`, b.urn);
    }
    for (const q of ofType(resources, 'aws:sqs/queue:Queue')) {
      if (q.props.sqsManagedSseEnabled !== true && !q.props.kmsMasterKeyId) report(`${named(q)} is not encrypted (sqsManagedSseEnabled or kmsMasterKeyId)`, q.urn);
    }
    for (const t of ofType(resources, 'aws:sns/topic:Topic')) {
      if (tag(t, 'blueprint:store') !== undefined && !t.props.kmsMasterKeyId) report(`${named(t)} holds data and is not encrypted (kmsMasterKeyId)`, t.urn);
    }
    for (const t of ofType(resources, 'aws:dynamodb/table:Table')) {
      if ((t.props.serverSideEncryption as { enabled?: boolean } | undefined)?.enabled !== true) report(`${named(t)} is encrypted with DynamoDB's own key only: turn on serverSideEncryption (the aws/dynamodb KMS key or a key of your own)`, t.urn);
    }
    for (const d of [...ofType(resources, 'aws:rds/cluster:Cluster'), ...ofType(resources, 'aws:rds/instance:Instance')]) {
      if (d.props.storageEncrypted !== true) report(`${named(d)} has unencrypted storage (storageEncrypted)`, d.urn);
    }
    for (const c of ofType(resources, 'aws:elasticache/replicationGroup:ReplicationGroup')) {
      if (c.props.atRestEncryptionEnabled !== true) report(`${named(c)} is not encrypted at rest (atRestEncryptionEnabled)`, c.urn);
    }
    for (const k of ofType(resources, 'aws:kms/key:Key')) {
      // Symmetric keys only: AWS rotates no other kind.
      const symmetric = (k.props.customerMasterKeySpec ?? k.props.keySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT';
      if (symmetric && k.props.enableKeyRotation !== true) report(`${named(k)} does not rotate (enableKeyRotation)`, k.urn);
    }
  },
};
