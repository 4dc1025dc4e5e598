import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { CacheDesign } from '../design';
import type { RenderedStore } from './data';
import { finalSnapshotName, storeSecurityGroup } from './store-network';
import { keyArnFor } from './key';

/**
 * A cache (mirrors src/cdk/caches.ts): an ElastiCache replication group in a subnet group over the
 * isolated subnets, behind its own security group, encrypted in transit and at rest, its AUTH token
 * generated and kept in Secrets Manager (the whole secret string is the token). Customer-managed: the
 * stack's key encrypts the data at rest and the token's secret.
 */
export function renderCache(
  scope: pulumi.ComponentResource,
  prefix: string,
  d: CacheDesign,
  net: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[] },
  stackKey?: pulumi.Output<string>,
): RenderedStore {
  const key = d.encryption === 'customer-managed' ? keyArnFor(stackKey, `cache ${d.key}`) : undefined;
  // Without cluster mode there is one node group: numCacheClusters could not render more.
  if (!d.clusterMode && d.shards !== 1) throw new Error(`cache ${d.key}: ${d.shards} shards without cluster mode`);
  const parent = { parent: scope };
  const tags = d.tags;
  const securityGroup = storeSecurityGroup(prefix, d, net.vpcId, parent);
  // Letters and digits only: ElastiCache refuses some punctuation in a token.
  const token = new random.RandomPassword(`${prefix}-auth-token`, { length: d.authToken.length, special: false }, parent);
  // Names of their own: the mocks derive ids and ARNs from names, which must not collide.
  const secret = new aws.secretsmanager.Secret(`${prefix}-auth-token-secret`, { description: `AUTH token of cache ${d.key}`, ...(key ? { kmsKeyId: key } : {}), tags }, parent);
  new aws.secretsmanager.SecretVersion(`${prefix}-auth-token-value`, { secretId: secret.id, secretString: token.result }, parent);
  const subnetGroup = new aws.elasticache.SubnetGroup(`${prefix}-subnets`, { description: `Cache ${d.key}: ${d.subnets} subnets`, subnetIds: net.subnetIds, tags }, parent);
  const group = new aws.elasticache.ReplicationGroup(
    prefix,
    {
      description: `Cache ${d.key}`,
      engine: d.engine,
      engineVersion: d.engineVersion,
      nodeType: d.nodeType,
      parameterGroupName: d.parameterGroup,
      clusterMode: d.clusterMode ? 'enabled' : 'disabled',
      // Cluster mode: shards of a primary and its replicas; otherwise one primary and its replicas.
      ...(d.clusterMode ? { numNodeGroups: d.shards, replicasPerNodeGroup: d.replicasPerShard } : { numCacheClusters: 1 + d.replicasPerShard }),
      automaticFailoverEnabled: d.automaticFailover,
      multiAzEnabled: d.multiAz,
      transitEncryptionEnabled: d.transitEncryption,
      atRestEncryptionEnabled: d.atRestEncryption,
      ...(key ? { kmsKeyId: key } : {}),
      autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
      authToken: token.result,
      snapshotRetentionLimit: d.snapshotRetentionDays,
      // Pulumi's equivalent of DeletionPolicy/UpdateReplacePolicy Snapshot, named after the key.
      finalSnapshotIdentifier: d.snapshotOnDelete ? finalSnapshotName(prefix, { parent: scope }) : undefined,
      port: d.port,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.id],
      tags,
    },
    { parent: scope, retainOnDelete: d.retain },
  );
  return {
    arn: group.arn,
    name: group.id,
    // Cluster mode is reached through its configuration endpoint; otherwise through the primary's.
    host: d.clusterMode ? group.configurationEndpointAddress : group.primaryEndpointAddress,
    secretArn: secret.arn,
    securityGroup,
  };
}
