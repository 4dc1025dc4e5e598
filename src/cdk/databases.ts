import { Arn, ArnFormat, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { customerKey } from './key';
import type { Construct } from 'constructs';
import type { DatabaseDesign } from '../design';
import { generatedSecret, replicaSecret } from './database-secrets';
import { SUBNET_TYPE } from './network';
import { fail } from '../fail';

/** A rendered database: the endpoints, the secret of its admin credentials and the security group its clients are admitted to. */
export interface RenderedDatabase {
  /** The writer's (or the instance's) endpoint address. */
  host: string;
  /** The cluster's reader endpoint address; undefined for an RDS instance. */
  readerHost?: string;
  /**
   * The secret the admin user's credentials are in (JSON: username, password): the one RDS creates and
   * rotates, the one Blueprint generates (a global database's primary), or its replica (a secondary).
   */
  secret: secretsmanager.ISecret;
  /** DbiResourceId (instance) or DbClusterResourceId (cluster): what an rds-db:connect ARN names. */
  resourceId: string;
  securityGroup: ec2.SecurityGroup;
  /** The instance's or cluster's ARN. */
  arn: string;
  /** The instance's identifier (DBInstanceIdentifier) or the cluster's (DBClusterIdentifier): what its metrics are reported by. */
  identifier: string;
}

/**
 * One database, in `scope` (the store's tagged construct): an RDS instance
 * (`Instance`), or an Aurora cluster (`Cluster`) with its `Writer` and
 * `Reader-<n>` instances; its `SubnetGroup` over the isolated subnets and its
 * own `SecurityGroup`, which admits nobody until clients are wired in (stack)
 * and lets nothing out. L1 resources, so that every property the design
 * decides is written out and nothing comes from a construct's defaults.
 * An Aurora global database (design.global): the primary's cluster takes its
 * password from a generated secret (database-secrets.ts) and is the source
 * of the `GlobalCluster`; a secondary's joins it, with no user, database or
 * password of its own, no instance when headless, and reads the replica of
 * the primary's secret.
 */
export function database(scope: Construct, d: DatabaseDesign, vpc: ec2.IVpc): RenderedDatabase {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', { vpc, description: `Database ${d.key}`, allowAllOutbound: false });
  const subnetGroup = new rds.CfnDBSubnetGroup(scope, 'SubnetGroup', {
    dbSubnetGroupDescription: `Database ${d.key}: ${d.subnets} subnets`,
    subnetIds: vpc.selectSubnets({ subnetType: SUBNET_TYPE[d.subnets] }).subnetIds,
  });
  // aws-managed: no KmsKeyId (the region's aws/rds) unless the design names one; customer-managed: the stack's key,
  // for storage, Performance Insights and the secret RDS manages.
  const key = d.encryption === 'customer-managed' ? customerKey(scope, `database ${d.key}`).keyArn : undefined;
  const encrypted = { storageEncrypted: true, kmsKeyId: key ?? d.kmsKeyAlias } as const;
  const managedSecret = key ? { masterUserSecret: { kmsKeyId: key } } : {};
  const performanceInsights = {
    enablePerformanceInsights: d.performanceInsights.enabled,
    performanceInsightsRetentionPeriod: d.performanceInsights.enabled ? d.performanceInsights.retentionDays : undefined,
    performanceInsightsKmsKeyId: d.performanceInsights.enabled ? key : undefined,
  };
  const logExports = d.logExports.length ? { enableCloudwatchLogsExports: d.logExports } : {};
  // Enhanced monitoring: one role per database that RDS assumes, with AWS's policy for it.
  const monitoring = d.monitoring
    ? {
        monitoringInterval: d.monitoring.intervalSeconds,
        monitoringRoleArn: new iam.Role(scope, 'MonitoringRole', {
          assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(d.monitoring.roleManagedPolicy)],
        }).roleArn,
      }
    : {};

  const parameters = { description: `Database ${d.key}: ${d.parameterGroup.family} defaults, TLS required`, family: d.parameterGroup.family, parameters: d.parameterGroup.parameters };

  if (d.topology === 'instance') {
    const parameterGroup = new rds.CfnDBParameterGroup(scope, 'ParameterGroup', parameters);
    const storage = d.storage ?? fail(`database ${d.key}: an RDS instance needs storage in its design`);
    const instance = new rds.CfnDBInstance(scope, 'Instance', {
      engine: d.engine,
      engineVersion: d.engineVersion,
      dbInstanceClass: d.instanceClass,
      multiAz: d.multiAz,
      allocatedStorage: String(storage.allocatedGb),
      maxAllocatedStorage: storage.maxAllocatedGb,
      storageType: storage.type,
      port: String(d.port),
      dbName: d.databaseName,
      masterUsername: d.username,
      manageMasterUserPassword: d.credentials.source === 'rds-managed' ? true : fail(`database ${d.key}: an RDS instance's password is RDS-managed`),
      ...managedSecret,
      enableIamDatabaseAuthentication: d.iamAuth,
      ...performanceInsights,
      backupRetentionPeriod: d.backupRetentionDays,
      ...encrypted,
      ...logExports,
      ...monitoring,
      deletionProtection: d.deletionProtection,
      autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
      publiclyAccessible: false,
      dbSubnetGroupName: subnetGroup.ref,
      dbParameterGroupName: parameterGroup.ref,
      vpcSecurityGroups: [securityGroup.securityGroupId],
    });
    snapshotPolicy(instance, d);
    return {
      host: instance.attrEndpointAddress,
      secret: secretsmanager.Secret.fromSecretCompleteArn(scope, 'MasterUserSecret', instance.attrMasterUserSecretSecretArn),
      resourceId: instance.attrDbiResourceId,
      securityGroup,
      arn: instance.attrDbInstanceArn,
      identifier: instance.ref,
    };
  }

  const credentials = d.credentials;
  const secondary = d.global?.role === 'secondary';
  if (secondary !== (credentials.source === 'replica')) fail(`database ${d.key}: a secondary cluster, and only one, reads the replica of its primary's secret`);
  // A generated secret (a global database's primary): the cluster's admin password comes from it.
  const generated = credentials.source === 'generated' ? generatedSecret(scope, d, credentials, vpc, securityGroup) : undefined;
  const parameterGroup = new rds.CfnDBClusterParameterGroup(scope, 'ParameterGroup', parameters);
  const cluster = new rds.CfnDBCluster(scope, 'Cluster', {
    engine: d.engine,
    engineVersion: d.engineVersion,
    port: d.port,
    // A secondary cluster has no database or admin user of its own: both are replicated from the primary.
    databaseName: secondary ? undefined : d.databaseName,
    masterUsername: secondary ? undefined : d.username,
    masterUserPassword: generated?.password,
    manageMasterUserPassword: credentials.source === 'rds-managed' ? true : undefined,
    ...(credentials.source === 'rds-managed' ? managedSecret : {}),
    globalClusterIdentifier: secondary ? d.global!.identifier : undefined,
    enableIamDatabaseAuthentication: d.iamAuth,
    backupRetentionPeriod: d.backupRetentionDays,
    ...encrypted,
    ...logExports,
    deletionProtection: d.deletionProtection,
    serverlessV2ScalingConfiguration: d.serverless && { minCapacity: d.serverless.minAcu, maxCapacity: d.serverless.maxAcu },
    dbSubnetGroupName: subnetGroup.ref,
    dbClusterParameterGroupName: parameterGroup.ref,
    vpcSecurityGroupIds: [securityGroup.securityGroupId],
  });
  snapshotPolicy(cluster, d);
  generated?.attach(cluster);
  if (d.global?.role === 'primary') {
    // The global database, created from this cluster: the standby's secondary cluster joins it by identifier.
    new rds.CfnGlobalCluster(scope, 'GlobalCluster', {
      globalClusterIdentifier: d.global.identifier,
      sourceDbClusterIdentifier: cluster.attrDbClusterArn,
      deletionProtection: d.deletionProtection,
    });
  }
  // Members take their engine version, storage, backups, subnets and security group from the cluster.
  const member = (id: string) => {
    const instance = new rds.CfnDBInstance(scope, id, {
      dbClusterIdentifier: cluster.ref,
      engine: d.engine,
      dbInstanceClass: d.instanceClass,
      ...performanceInsights,
      ...monitoring,
      autoMinorVersionUpgrade: d.autoMinorVersionUpgrade,
      publiclyAccessible: false,
    });
    // A cluster's instances hold no data of their own (the snapshot is the cluster's): Delete, written out.
    instance.applyRemovalPolicy(RemovalPolicy.DESTROY);
    return instance;
  };
  // A headless secondary (pilot-light) has storage only: no writer, no readers.
  if (!d.headless) {
    const writer = member('Writer');
    // The first instance to come up becomes the writer: readers wait for it.
    for (let i = 1; i <= d.readers; i++) member(`Reader-${i}`).node.addDependency(writer);
  }
  return {
    host: cluster.attrEndpointAddress,
    readerHost: cluster.attrReadEndpointAddress,
    secret:
      generated?.secret ??
      (credentials.source === 'replica'
        ? replicaSecret(scope, credentials.secretName)
        : secretsmanager.Secret.fromSecretCompleteArn(scope, 'MasterUserSecret', cluster.attrMasterUserSecretSecretArn)),
    resourceId: cluster.attrDbClusterResourceId,
    securityGroup,
    arn: cluster.attrDbClusterArn,
    identifier: cluster.ref,
  };
}

/** DeletionPolicy and UpdateReplacePolicy Snapshot: a final snapshot before the stack deletes or replaces it. */
function snapshotPolicy(resource: rds.CfnDBInstance | rds.CfnDBCluster, d: DatabaseDesign): void {
  resource.applyRemovalPolicy(d.snapshotOnDelete ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
}

/** The ARN rds-db:connect is scoped to: the admin user of this database (IAM database authentication). */
export function dbuserArn(scope: Construct, db: RenderedDatabase, username: string): string {
  return Arn.format({ service: 'rds-db', resource: 'dbuser', resourceName: `${db.resourceId}/${username}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(scope));
}
