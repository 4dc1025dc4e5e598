import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { DatabaseDesign } from '../design';
import { ENGINE_NAME } from '../design/engines';
import type { RenderedStore } from './data';
import { dbuserArn } from './iam';
import { finalSnapshotName, storeSecurityGroup } from './store-network';
import { fail } from '../fail';

/**
 * A relational store (mirrors src/cdk/databases.ts): an RDS instance, or an Aurora cluster with a
 * writer and its readers, in a subnet group over the isolated subnets, behind its own security
 * group, the master password created and kept in Secrets Manager by RDS itself.
 */
export function renderDatabase(
  scope: pulumi.ComponentResource,
  prefix: string,
  d: DatabaseDesign,
  net: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[] },
): RenderedStore {
  const parent = { parent: scope };
  const tags = d.tags;
  const securityGroup = storeSecurityGroup(prefix, d, net.vpcId, parent);
  const subnetGroup = new aws.rds.SubnetGroup(`${prefix}-subnets`, { description: `Database ${d.key}: ${d.subnets} subnets`, subnetIds: net.subnetIds, tags }, parent);
  // Pulumi's equivalent of DeletionPolicy/UpdateReplacePolicy Snapshot: a final snapshot, named after the key.
  const snapshot = d.snapshotOnDelete ? { skipFinalSnapshot: false, finalSnapshotIdentifier: finalSnapshotName(prefix, parent) } : { skipFinalSnapshot: true };
  const insights = {
    performanceInsightsEnabled: d.performanceInsights.enabled,
    performanceInsightsRetentionPeriod: d.performanceInsights.enabled ? d.performanceInsights.retentionDays : undefined,
  };
  const common = {
    engine: ENGINE_NAME[d.engine],
    engineVersion: d.engineVersion,
    port: d.port,
    manageMasterUserPassword: d.credentials.source === 'rds-managed',
    iamDatabaseAuthenticationEnabled: d.iamAuth,
    backupRetentionPeriod: d.backupRetentionDays,
    // aws-managed-kms: encrypted without a key of our own, i.e. with the AWS-managed aws/rds key.
    storageEncrypted: d.encryption === 'aws-managed-kms',
    deletionProtection: d.deletionProtection,
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [securityGroup.id],
    ...snapshot,
    tags,
  };
  const opts = { parent: scope, retainOnDelete: d.retain };
  const secretArn = (secrets: pulumi.Output<{ secretArn: string }[]>) => secrets.apply((s) => s[0].secretArn);

  if (d.topology === 'instance') {
    const storage = d.storage ?? fail(`database ${d.key}: an RDS instance needs storage`);
    const instance = new aws.rds.Instance(
      prefix,
      {
        ...common,
        instanceClass: d.instanceClass,
        multiAz: d.multiAz,
        allocatedStorage: storage.allocatedGb,
        maxAllocatedStorage: storage.maxAllocatedGb,
        storageType: storage.type,
        dbName: d.databaseName,
        username: d.username,
        ...insights,
        autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
        publiclyAccessible: false,
      },
      opts,
    );
    return {
      arn: instance.arn,
      name: instance.identifier,
      host: instance.address,
      secretArn: secretArn(instance.masterUserSecrets),
      dbuserArn: pulumi.all([instance.arn, instance.resourceId]).apply(([arn, id]) => dbuserArn(arn, id, d.username)),
      securityGroup,
    };
  }

  const cluster = new aws.rds.Cluster(
    prefix,
    {
      ...common,
      databaseName: d.databaseName,
      masterUsername: d.username,
      serverlessv2ScalingConfiguration: d.serverless && { minCapacity: d.serverless.minAcu, maxCapacity: d.serverless.maxAcu },
    },
    opts,
  );
  const instance = (id: string, dependsOn: pulumi.Resource[]) =>
    new aws.rds.ClusterInstance(
      `${prefix}-${id}`,
      {
        clusterIdentifier: cluster.id,
        // No engine version: members take the cluster's (and follow its minor upgrades).
        engine: ENGINE_NAME[d.engine] as aws.types.enums.rds.EngineType,
        instanceClass: d.instanceClass,
        ...insights,
        autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
        publiclyAccessible: false,
        tags,
      },
      { ...opts, dependsOn },
    );
  // The first instance of a cluster is its writer: readers wait for it.
  const writer = instance('writer', []);
  for (let i = 1; i <= d.readers; i++) instance(`reader-${i}`, [writer]);
  return {
    arn: cluster.arn,
    name: cluster.clusterIdentifier,
    host: cluster.endpoint,
    readerHost: cluster.readerEndpoint,
    secretArn: secretArn(cluster.masterUserSecrets),
    dbuserArn: pulumi.all([cluster.arn, cluster.clusterResourceId]).apply(([arn, id]) => dbuserArn(arn, id, d.username)),
    securityGroup,
  };
}
