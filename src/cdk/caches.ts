import { RemovalPolicy, aws_ec2 as ec2, aws_elasticache as elasticache, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CacheDesign } from '../design';
import { SUBNET_TYPE } from './network';
import { customerKey, stackKey } from './key';

/** A rendered cache: its endpoint, the AUTH token's secret and the security group its clients are admitted to. */
export interface RenderedCache {
  /** The primary endpoint address, or the configuration endpoint's in cluster mode. */
  host: string;
  /** The AUTH token: the whole secret string. */
  secret: secretsmanager.Secret;
  securityGroup: ec2.SecurityGroup;
  /** The replication group's ID (its Ref): its nodes' metrics are reported by member cluster, `<ID>-<node>`. */
  groupId: string;
}

/**
 * One cache, in `scope` (the store's tagged construct): the ElastiCache
 * replication group (`ReplicationGroup`), the generated AUTH token
 * (`AuthToken`, a Secrets Manager secret), its `SubnetGroup` over the
 * isolated subnets and its own `SecurityGroup`, which admits nobody until
 * clients are wired in (stack) and lets nothing out.
 */
export function cache(scope: Construct, d: CacheDesign, vpc: ec2.IVpc): RenderedCache {
  // Without cluster mode there is one node group: NumCacheClusters could not render more.
  if (!d.clusterMode && d.shards !== 1) throw new Error(`cache ${d.key}: ${d.shards} shards without cluster mode`);
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', { vpc, description: `Cache ${d.key}`, allowAllOutbound: false });
  const subnetGroup = new elasticache.CfnSubnetGroup(scope, 'SubnetGroup', {
    description: `Cache ${d.key}: ${d.subnets} subnets`,
    subnetIds: vpc.selectSubnets({ subnetType: SUBNET_TYPE[d.subnets] }).subnetIds,
  });
  // The token is the whole secret string: letters and digits only (ElastiCache refuses some punctuation).
  const secret = new secretsmanager.Secret(scope, 'AuthToken', {
    description: `AUTH token of cache ${d.key}`,
    generateSecretString: { passwordLength: d.authToken.length, excludePunctuation: true },
    encryptionKey: stackKey(scope),
  });
  const group = new elasticache.CfnReplicationGroup(scope, 'ReplicationGroup', {
    replicationGroupDescription: `Cache ${d.key}`,
    engine: d.engine,
    engineVersion: d.engineVersion,
    cacheParameterGroupName: d.parameterGroup,
    cacheNodeType: d.nodeType,
    clusterMode: d.clusterMode ? 'enabled' : 'disabled',
    // Cluster mode: shards of a primary and its replicas each; otherwise one primary and its replicas.
    ...(d.clusterMode
      ? { numNodeGroups: d.shards, replicasPerNodeGroup: d.replicasPerShard }
      : { numCacheClusters: 1 + d.replicasPerShard }),
    automaticFailoverEnabled: d.automaticFailover,
    multiAzEnabled: d.multiAz,
    transitEncryptionEnabled: d.transitEncryption,
    atRestEncryptionEnabled: d.atRestEncryption,
    kmsKeyId: d.encryption === 'customer-managed' ? customerKey(scope, `cache ${d.key}`).keyArn : undefined,
    autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
    // A dynamic reference: CloudFormation reads the secret at deploy time, the template never holds the token.
    authToken: secret.secretValue.unsafeUnwrap(),
    snapshotRetentionLimit: d.snapshotRetentionDays,
    port: d.port,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [securityGroup.securityGroupId],
  });
  group.applyRemovalPolicy(d.snapshotOnDelete ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
  return {
    host: d.clusterMode ? group.attrConfigurationEndPointAddress : group.attrPrimaryEndPointAddress,
    secret,
    securityGroup,
    groupId: group.ref,
  };
}
