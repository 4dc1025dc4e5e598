import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { storeTags } from './tags';
import type { DatabaseDesign } from '../design';
import { ENGINE_NAME } from '../design/engines';
import type { RenderedStore } from './data';
import { assumeRolePolicy, dbuserArn } from './iam';
import { keyArnFor } from './key';
import { generatedCredentials, rotate } from './database-credentials';
import { finalSnapshotName, storeSecurityGroup } from './store-network';
import { fail } from '../fail';

/** Where a database is placed: its VPC, its subnet group's subnets, and the subnets its rotation function runs in. */
export interface DatabaseNetwork {
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  /** The subnets of the tier a generated password's rotation function runs in (credentials.rotation.subnets). */
  rotationSubnetIds: pulumi.Input<string>[];
  region: string;
}

/** What a standby's secondary cluster takes from the primary: the global cluster it joins, and the primary's generated secret. */
export interface PrimaryDatabase {
  globalCluster: aws.rds.GlobalCluster;
  secretArn: pulumi.Output<string>;
}

/** A database as rendered: what its clients need, and the global cluster it leads (a primary of a global database). */
export type RenderedDatabase = RenderedStore & { globalCluster?: aws.rds.GlobalCluster };

/**
 * A relational store (mirrors src/cdk/databases.ts): an RDS instance, or an Aurora cluster with a
 * writer and its readers, in a subnet group over the isolated subnets, behind its own security
 * group. The master password is RDS's own (rds-managed), generated into a secret of Blueprint's
 * and rotated by Secrets Manager's hosted function (generated: the primary of a global database),
 * or none at all (a standby's secondary cluster, whose clients read the replica of the primary's secret).
 */
export function renderDatabase(
  scope: pulumi.ComponentResource,
  prefix: string,
  d: DatabaseDesign,
  net: DatabaseNetwork,
  primary?: PrimaryDatabase,
  /** The stack's customer-managed key: storage, Performance Insights and the secret of a customer-managed database. */
  stackKey?: pulumi.Output<string>,
): RenderedDatabase {
  const parent = { parent: scope };
  // aws-managed: no key named (the region's aws/rds, aws/secretsmanager) unless the design names one; customer-managed: the stack's key.
  const key = d.encryption === 'customer-managed' ? keyArnFor(stackKey, `database ${d.key}`) : undefined;
  const tags = d.tags;
  const securityGroup = storeSecurityGroup(prefix, d, net.vpcId, parent);
  const subnetGroup = new aws.rds.SubnetGroup(`${prefix}-subnets`, { description: `Database ${d.key}: ${d.subnets} subnets`, subnetIds: net.subnetIds, tags }, parent);
  // The database's own parameter group (Aurora: a cluster parameter group): the engine's defaults, TLS required.
  const parameterGroupArgs = {
    family: d.parameterGroup.family,
    description: `Database ${d.key}: ${d.parameterGroup.family} defaults, TLS required`,
    parameters: Object.entries(d.parameterGroup.parameters).map(([name, value]) => ({ name, value })),
    tags,
  };
  const parameterGroup =
    d.topology === 'cluster'
      ? { dbClusterParameterGroupName: new aws.rds.ClusterParameterGroup(`${prefix}-parameters`, parameterGroupArgs, parent).name }
      : { parameterGroupName: new aws.rds.ParameterGroup(`${prefix}-parameters`, parameterGroupArgs, parent).name };
  // Pulumi's equivalent of DeletionPolicy/UpdateReplacePolicy Snapshot: a final snapshot, named after the key.
  const snapshot = d.snapshotOnDelete ? { skipFinalSnapshot: false, finalSnapshotIdentifier: finalSnapshotName(prefix, parent) } : { skipFinalSnapshot: true };
  const insights = {
    performanceInsightsEnabled: d.performanceInsights.enabled,
    performanceInsightsRetentionPeriod: d.performanceInsights.enabled ? d.performanceInsights.retentionDays : undefined,
    ...(d.performanceInsights.enabled && key ? { performanceInsightsKmsKeyId: key } : {}),
  };
  // Enhanced monitoring: one role per database that RDS assumes, with AWS's policy for it; every instance reports through it.
  const monitoring = d.monitoring && monitoringOf(scope, prefix, d.monitoring);
  const common = {
    engine: ENGINE_NAME[d.engine],
    engineVersion: d.engineVersion,
    port: d.port,
    ...(d.credentials.source === 'rds-managed' ? { manageMasterUserPassword: true, ...(key ? { masterUserSecretKmsKeyId: key } : {}) } : {}),
    iamDatabaseAuthenticationEnabled: d.iamAuth,
    backupRetentionPeriod: d.backupRetentionDays,
    // aws-managed-kms: encrypted without a key of our own, i.e. with the AWS-managed aws/rds key; customer-managed: the stack's.
    storageEncrypted: true,
    ...(key ? { kmsKeyId: key } : {}),
    // The logs the design exports to CloudWatch Logs (RDS creates their log groups).
    ...(d.logExports.length ? { enabledCloudwatchLogsExports: d.logExports } : {}),
    deletionProtection: d.deletionProtection,
    dbSubnetGroupName: subnetGroup.name,
    ...parameterGroup,
    vpcSecurityGroupIds: [securityGroup.id],
    ...snapshot,
    tags,
  };
  const opts = { parent: scope, retainOnDelete: d.retain };
  const managedSecret = (secrets: pulumi.Output<{ secretArn: string }[]>) => secrets.apply((s) => s[0].secretArn);

  if (d.topology === 'instance') {
    if (d.credentials.source !== 'rds-managed' || d.global) throw new Error(`database ${d.key}: an RDS instance's password is RDS's own; global databases are Aurora`);
    const storage = d.storage ?? fail(`database ${d.key}: an RDS instance needs storage`);
    const instance = new aws.rds.Instance(
      prefix,
      {
        ...common,
        // The instance itself also carries what it was sized for.
        tags: storeTags(d),
        instanceClass: d.instanceClass,
        multiAz: d.multiAz,
        allocatedStorage: storage.allocatedGb,
        maxAllocatedStorage: storage.maxAllocatedGb,
        storageType: storage.type,
        dbName: d.databaseName,
        username: d.username,
        ...insights,
        ...monitoring,
        autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
        publiclyAccessible: false,
      },
      opts,
    );
    return {
      arn: instance.arn,
      name: instance.identifier,
      host: instance.address,
      secretArn: managedSecret(instance.masterUserSecrets),
      dbuserArn: pulumi.all([instance.arn, instance.resourceId]).apply(([arn, id]) => dbuserArn(arn, id, d.username)),
      securityGroup,
    };
  }

  const c = d.credentials;
  const g = d.global;
  const secondary = g?.role === 'secondary';
  if (secondary !== (c.source === 'replica')) throw new Error(`database ${d.key}: a secondary cluster, and only one, reads the replica of the primary's secret`);
  if (secondary && !primary) throw new Error(`database ${d.key}: a secondary cluster needs the primary's global cluster`);
  if (!secondary && d.headless) throw new Error(`database ${d.key}: only a secondary cluster is headless`);
  const generated = c.source === 'generated' ? generatedCredentials(scope, prefix, d, c, key) : undefined;

  const cluster = new aws.rds.Cluster(
    prefix,
    {
      ...common,
      // The cluster itself also carries what it was sized for.
      tags: storeTags(d),
      serverlessv2ScalingConfiguration: d.serverless && { minCapacity: d.serverless.minAcu, maxCapacity: d.serverless.maxAcu },
      ...(secondary
        ? {
            // Joins the global cluster: its data (users included) is the primary's, so no master user or database of its own.
            globalClusterIdentifier: primary!.globalCluster.globalClusterIdentifier,
            // By its alias ARN: the provider wants an ARN, and RDS creates the AWS-managed key on first use (a lookup would fail).
            kmsKeyId: d.kmsKeyAlias && keyAliasArn(scope, net.region, d.kmsKeyAlias),
          }
        : {
            databaseName: d.databaseName,
            masterUsername: d.username,
            ...(generated ? { masterPassword: generated.password } : {}),
          }),
    },
    {
      ...opts,
      ...(secondary ? { dependsOn: [primary!.globalCluster] } : {}),
      // The global cluster sets these on the cluster after it exists (AWS's side of the membership): not ours to reset.
      ...(g ? { ignoreChanges: [secondary ? 'replicationSourceIdentifier' : 'globalClusterIdentifier'] } : {}),
    },
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
        ...monitoring,
        autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
        publiclyAccessible: false,
        tags,
      },
      { ...opts, dependsOn },
    );
  // The first instance of a cluster is its writer: readers wait for it. A headless secondary has none.
  const members: aws.rds.ClusterInstance[] = [];
  if (!d.headless) {
    const writer = instance('writer', []);
    members.push(writer);
    for (let i = 1; i <= d.readers; i++) members.push(instance(`reader-${i}`, [writer]));
  }
  const globalCluster =
    g?.role === 'primary'
      ? // Created from the cluster (its data, engine and version); kept when a member would be removed.
        new aws.rds.GlobalCluster(
          `${prefix}-global`,
          { globalClusterIdentifier: g.identifier, sourceDbClusterIdentifier: cluster.arn, deletionProtection: d.deletionProtection, forceDestroy: false },
          { parent: scope, retainOnDelete: d.retain, dependsOn: members.slice(0, 1) },
        )
      : undefined;
  let secretArn: pulumi.Output<string>;
  if (generated && c.source === 'generated') {
    secretArn = generated.secret.arn;
    rotate(scope, prefix, d, c, { cluster, generated, securityGroup, members, net });
  } else if (secondary) {
    // The replica of the primary's secret in this region: the primary's ARN with the region swapped (same suffix).
    secretArn = primary!.secretArn.apply((arn) => arn.split(':').map((part, i) => (i === 3 ? net.region : part)).join(':'));
  } else secretArn = managedSecret(cluster.masterUserSecrets);
  return {
    arn: cluster.arn,
    name: cluster.clusterIdentifier,
    host: cluster.endpoint,
    readerHost: cluster.readerEndpoint,
    secretArn,
    dbuserArn: pulumi.all([cluster.arn, cluster.clusterResourceId]).apply(([arn, id]) => dbuserArn(arn, id, d.username)),
    securityGroup,
    globalCluster,
  };
}

/** The role RDS assumes to publish a database's enhanced-monitoring metrics, with AWS's policy for it; what each instance reports through. */
function monitoringOf(scope: pulumi.ComponentResource, prefix: string, m: NonNullable<DatabaseDesign['monitoring']>): { monitoringInterval: number; monitoringRoleArn: pulumi.Output<string> } {
  const parent = { parent: scope };
  const role = new aws.iam.Role(`${prefix}-monitoring-role`, { assumeRolePolicy: assumeRolePolicy('monitoring.rds.amazonaws.com') }, parent);
  const partition = aws.getPartitionOutput({}, parent).partition;
  const attachment = new aws.iam.RolePolicyAttachment(
    `${prefix}-monitoring-role-${m.roleManagedPolicy.split('/').pop()}`,
    { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${m.roleManagedPolicy}` },
    parent,
  );
  // RDS checks the role may publish before it turns monitoring on: the ARN once the policy is attached.
  return { monitoringInterval: m.intervalSeconds, monitoringRoleArn: pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn) };
}

/** arn:<partition>:kms:<region>:<account>:<alias>: a KMS key of a region, by alias. */
function keyAliasArn(scope: pulumi.ComponentResource, region: string, alias: string): pulumi.Output<string> {
  const partition = aws.getPartitionOutput({}, { parent: scope }).partition;
  const account = aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
  return pulumi.interpolate`arn:${partition}:kms:${region}:${account}:${alias}`;
}
