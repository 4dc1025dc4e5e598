/*
 * Databases read from a CloudFormation template: each RDS instance outside
 * any cluster, and each Aurora cluster with its instances (engine and
 * version, classes, Serverless v2 capacity, storage, port, database and
 * admin user, RDS-managed password, IAM authentication, Performance
 * Insights and its key, backups, encryption, the key of the admin secret,
 * log exports, enhanced monitoring, protection and final snapshot), the
 * subnets of its subnet group and who its security group admits; a
 * cluster's generated secret (attached, replicated, rotated by a hosted
 * rotation function) and its global database (the global cluster created
 * from it, or the one a secondary cluster joins). Every property the
 * inventory does not read throws.
 */
import type { DatabaseInventory } from '../inventory';
import type { Context } from './context';
import { kmsKey, kmsKeyOrAwsManaged } from './data';
import { T } from './resource-types';
import { sizingOf } from './sizing';
import { commaList } from './names';
import { fail, isObject, list, obj, onlyKnown, pseudoParameter, refOf, Resolver, snapshotOnDelete } from './template';

// What the inventory reads of each; anything else on the resource throws.
const COMMON = [
  'Engine',
  'MasterUsername',
  'ManageMasterUserPassword',
  'MasterUserSecret',
  'EnableIAMDatabaseAuthentication',
  'BackupRetentionPeriod',
  'StorageEncrypted',
  'KmsKeyId',
  'EnableCloudwatchLogsExports',
  'DeletionProtection',
  'Tags',
];
// Enhanced monitoring and Performance Insights' key, on an RDS instance or each instance of a cluster.
const MONITORED = ['PerformanceInsightsKMSKeyId', 'MonitoringInterval', 'MonitoringRoleArn'];
const INSTANCE = [
  ...COMMON,
  'EngineVersion',
  'DBInstanceClass',
  'MultiAZ',
  'AllocatedStorage',
  'MaxAllocatedStorage',
  'StorageType',
  'Port',
  'DBName',
  'EnablePerformanceInsights',
  'PerformanceInsightsRetentionPeriod',
  ...MONITORED,
  'AutoMinorVersionUpgrade',
  'PubliclyAccessible',
  'DBSubnetGroupName',
  'DBParameterGroupName',
  'VPCSecurityGroups',
];
const CLUSTER = [...COMMON, 'EngineVersion', 'Port', 'DatabaseName', 'ServerlessV2ScalingConfiguration', 'DBSubnetGroupName', 'DBClusterParameterGroupName', 'VpcSecurityGroupIds', 'MasterUserPassword', 'GlobalClusterIdentifier'];
const PARAMETER_GROUP = ['Family', 'Description', 'Parameters', 'Tags'];
// A secondary cluster of a global database has none of these: its data, users included, is the primary's.
const NOT_ON_SECONDARY = ['MasterUsername', 'MasterUserPassword', 'ManageMasterUserPassword', 'MasterUserSecret', 'DatabaseName'];
const SECRET = ['Name', 'Description', 'GenerateSecretString', 'ReplicaRegions', 'KmsKeyId', 'Tags'];
const GLOBAL_CLUSTER = ['GlobalClusterIdentifier', 'SourceDBClusterIdentifier', 'DeletionProtection', 'Tags'];
// Secrets Manager's hosted rotation functions, by RotationType, as the inventory names them.
const ROTATION_FUNCTION: Record<string, string> = { PostgreSQLSingleUser: 'postgresql-single-user', MySQLSingleUser: 'mysql-single-user' };
// The macro that deploys a hosted rotation function (CloudFormation's; aws-cdk-lib picks the version).
const SECRETS_MANAGER_TRANSFORM = /^AWS::SecretsManager-\d{4}-\d{2}-\d{2}$/;
// The AWS-managed RDS key of the stack's region, by alias: what no KmsKeyId means too.
const AWS_RDS_KEY = 'alias/aws/rds';
// Secrets Manager's AWS-managed key: what a secret without a KmsKeyId is encrypted with.
const AWS_SECRETS_KEY = 'alias/aws/secretsmanager';
// An AWS managed policy by its ARN: its path and name ("service-role/AmazonRDSEnhancedMonitoringRole").
const MANAGED_POLICY = /^arn:(aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::aws:policy\/(.+)$/;
// A cluster's instance takes everything else from the cluster.
const MEMBER = ['DBClusterIdentifier', 'Engine', 'DBInstanceClass', 'EnablePerformanceInsights', 'PerformanceInsightsRetentionPeriod', ...MONITORED, 'AutoMinorVersionUpgrade', 'PubliclyAccessible', 'Tags'];
const SUBNET_GROUP = ['DBSubnetGroupDescription', 'SubnetIds', 'Tags'];

// AWS's default port per engine, when none is written.
const DEFAULT_PORT: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306, mariadb: 3306 };

export function readDatabases(x: Context): DatabaseInventory[] {
  const { t, r, names } = x;
  const stores = names.stores;
  const usedSubnetGroups = new Set<string>();

  const subnetsOf = (id: string): DatabaseInventory['subnets'] => {
    const w = t.where(id, 'DBSubnetGroupName');
    if (t.props(id).DBSubnetGroupName === undefined) fail(w, "is missing: the database would be placed in the default VPC's subnets");
    const group = t.target(t.props(id).DBSubnetGroupName, [T.dbSubnetGroup], w);
    if (usedSubnetGroups.has(group)) fail(t.where(group), 'is used by two databases; the inventory reads one subnet group per database');
    usedSubnetGroups.add(group);
    onlyKnown(t, group, SUBNET_GROUP, 'a subnet group');
    return x.span(t.props(group).SubnetIds, t.where(group, 'SubnetIds'));
  };
  /** The database's own parameter group (a cluster's DBClusterParameterGroupName, an instance's DBParameterGroupName), or null for the default. */
  const parameterGroupOf = (id: string): DatabaseInventory['parameterGroup'] => {
    const cluster = t.type(id) === T.dbCluster;
    const field = cluster ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
    const v = t.props(id)[field];
    if (v === undefined) return null;
    const group = t.target(v, [cluster ? T.dbClusterParameterGroup : T.dbParameterGroup], t.where(id, field));
    onlyKnown(t, group, PARAMETER_GROUP, 'a parameter group');
    const g = t.props(group);
    const parameters = obj(g.Parameters ?? {}, t.where(group, 'Parameters'));
    return { family: r.str(g.Family, t.where(group, 'Family')), parameters: Object.entries(parameters).map(([k, x]) => `${k}=${r.str(x, t.where(group, `Parameters.${k}`))}`).sort() };
  };
  const encryption = (id: string): { storageEncrypted: boolean; encryption: string } => {
    const p = t.props(id);
    // AWS's default: unencrypted; encrypted without a key: the AWS-managed key aws/rds.
    const storageEncrypted = r.bool(p.StorageEncrypted, false, t.where(id, 'StorageEncrypted'));
    if (!storageEncrypted && p.KmsKeyId !== undefined) fail(t.where(id, 'KmsKeyId'), 'is set while StorageEncrypted is off');
    const key = p.KmsKeyId === undefined ? AWS_RDS_KEY : kmsKey(r, p.KmsKeyId, t.where(id, 'KmsKeyId'), stores.keyAliases);
    return { storageEncrypted, encryption: !storageEncrypted ? 'none' : key === AWS_RDS_KEY ? 'aws-managed' : key };
  };
  const required = (id: string, field: string): string => {
    const v = t.props(id)[field];
    return v === undefined ? fail(t.where(id, field), 'is missing; the inventory records it as written') : r.str(v, t.where(id, field));
  };
  /**
   * The key of the secret the admin credentials are kept in: RDS's own (ManageMasterUserPassword:
   * MasterUserSecret.KmsKeyId), or the generated secret attached to the cluster (its KmsKeyId); null for none.
   */
  const secretEncryption = (id: string): string | null => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const managed = r.bool(p.ManageMasterUserPassword, false, w('ManageMasterUserPassword'));
    if (p.MasterUserSecret !== undefined) {
      if (!managed) fail(w('MasterUserSecret'), 'is set while ManageMasterUserPassword is off');
      const extra = Object.keys(obj(p.MasterUserSecret, w('MasterUserSecret'))).filter((k) => k !== 'KmsKeyId');
      if (extra.length) fail(w('MasterUserSecret'), `${extra.join(', ')}: not in the inventory (it records the secret's key)`);
    }
    if (managed) return kmsKeyOrAwsManaged(r, obj(p.MasterUserSecret, w('MasterUserSecret')).KmsKeyId, w('MasterUserSecret.KmsKeyId'), AWS_SECRETS_KEY, stores.keyAliases);
    const secret = [...stores.attachedTo].find(([, cluster]) => cluster === id)?.[0];
    return secret === undefined ? null : kmsKeyOrAwsManaged(r, t.props(secret).KmsKeyId, t.where(secret, 'KmsKeyId'), AWS_SECRETS_KEY, stores.keyAliases);
  };
  // What each instance (the one of an RDS database, or each of a cluster) says, which a cluster's must agree on.
  const perInstance = (id: string) => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const pi = r.bool(p.EnablePerformanceInsights, false, w('EnablePerformanceInsights'));
    if (!pi && p.PerformanceInsightsRetentionPeriod !== undefined) fail(w('PerformanceInsightsRetentionPeriod'), 'is set while Performance Insights is off');
    if (!pi && p.PerformanceInsightsKMSKeyId !== undefined) fail(w('PerformanceInsightsKMSKeyId'), 'is set while Performance Insights is off');
    if (p.PubliclyAccessible === undefined) fail(w('PubliclyAccessible'), "is missing; AWS's default depends on the subnets' routes, the inventory records it as written");
    return {
      // AWS's defaults: 7 days of Performance Insights, minor upgrades applied.
      performanceInsightsRetentionDays: pi ? r.numOr(p.PerformanceInsightsRetentionPeriod, 7, w('PerformanceInsightsRetentionPeriod')) : null,
      // Without a key named, Performance Insights encrypts with aws/rds.
      performanceInsightsEncryption: pi ? kmsKeyOrAwsManaged(r, p.PerformanceInsightsKMSKeyId, w('PerformanceInsightsKMSKeyId'), AWS_RDS_KEY, stores.keyAliases) : null,
      monitoring: monitoring(x, id),
      autoMinorVersionUpgrade: r.bool(p.AutoMinorVersionUpgrade, true, w('AutoMinorVersionUpgrade')),
      publiclyAccessible: r.bool(p.PubliclyAccessible, false, w('PubliclyAccessible')),
    };
  };
  // A secondary cluster has no admin user of its own: "".
  const common = (id: string, secondary = false) => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const engine = required(id, 'Engine');
    return {
      name: stores.of(id),
      sizing: sizingOf(t, r, id),
      engine,
      engineVersion: required(id, 'EngineVersion'),
      username: secondary ? '' : required(id, 'MasterUsername'),
      managedPassword: r.bool(p.ManageMasterUserPassword, false, w('ManageMasterUserPassword')),
      iamAuth: r.bool(p.EnableIAMDatabaseAuthentication, false, w('EnableIAMDatabaseAuthentication')),
      // AWS's defaults: one day of backups, no deletion protection.
      backupRetentionDays: r.numOr(p.BackupRetentionPeriod, 1, w('BackupRetentionPeriod')),
      ...encryption(id),
      // AWS's default: no exports.
      logExports: list(p.EnableCloudwatchLogsExports, w('EnableCloudwatchLogsExports')).map((v, i) => r.str(v, w(`EnableCloudwatchLogsExports[${i}]`))),
      deletionProtection: r.bool(p.DeletionProtection, false, w('DeletionProtection')),
      port: p.Port === undefined ? (DEFAULT_PORT[engine] ?? fail(w('Port'), `is missing, and ${engine} has no default port the inventory knows`)) : r.num(p.Port, w('Port')),
      subnets: subnetsOf(id),
      parameterGroup: parameterGroupOf(id),
    };
  };

  const globals = readGlobalClusters(x);
  const rotated = new Set<string>();
  const guarded = new Set<string>();

  /** A cluster's generated secret (attached to it) and its rotation; its MasterUserPassword must be the secret's password. */
  const generatedPassword = (id: string): DatabaseInventory['generatedPassword'] => {
    const p = t.props(id);
    const secret = [...stores.attachedTo].find(([, cluster]) => cluster === id)?.[0];
    if (secret === undefined) {
      if (p.MasterUserPassword !== undefined) fail(t.where(id, 'MasterUserPassword'), 'is not read unless it comes from a secret attached to the cluster');
      return null;
    }
    const sw = (field: string) => t.where(secret, field);
    if (p.MasterUserPassword === undefined) fail(t.where(id, 'MasterUserPassword'), `is missing, yet ${secret} is attached to the cluster`);
    if (r.bool(p.ManageMasterUserPassword, false, t.where(id, 'ManageMasterUserPassword'))) fail(t.where(id, 'ManageMasterUserPassword'), `is on, yet ${secret} is attached to the cluster`);
    // The password: a dynamic reference to the password field of the attached secret, current version.
    const MARK = '\u0004';
    const password = new Resolver((ref, w) => (ref.id === secret && ref.attr === 'Ref' ? MARK : fail(w, `references ${ref.id}, not the attached secret ${secret}`))).str(p.MasterUserPassword, t.where(id, 'MasterUserPassword'));
    if (password !== `{{resolve:secretsmanager:${MARK}:SecretString:password::}}`) fail(t.where(id, 'MasterUserPassword'), `is not the "password" field of ${secret}'s current version`);

    onlyKnown(t, secret, SECRET, "a database's generated secret");
    const sp = t.props(secret);
    const generate = obj(sp.GenerateSecretString, sw('GenerateSecretString'));
    const extra = Object.keys(generate).filter((k) => !['SecretStringTemplate', 'GenerateStringKey', 'PasswordLength', 'ExcludeCharacters'].includes(k));
    if (extra.length) fail(sw('GenerateSecretString'), `${extra.join(', ')}: not in the inventory`);
    let template: unknown;
    try {
      template = JSON.parse(r.str(generate.SecretStringTemplate, sw('GenerateSecretString.SecretStringTemplate')));
    } catch {
      fail(sw('GenerateSecretString.SecretStringTemplate'), 'is not JSON');
    }
    const fields = obj(template, sw('GenerateSecretString.SecretStringTemplate'));
    if (Object.keys(fields).length !== 1 || fields.username !== required(id, 'MasterUsername')) fail(sw('GenerateSecretString.SecretStringTemplate'), `is not {"username": <the cluster's MasterUsername>}`);
    if (generate.GenerateStringKey !== 'password') fail(sw('GenerateSecretString.GenerateStringKey'), 'is not "password", the field the cluster reads');
    if (sp.Name === undefined) fail(sw('Name'), 'is missing; the inventory records a generated secret by its name (its replica is looked up by it)');
    const excludeCharacters = generate.ExcludeCharacters === undefined ? '' : r.str(generate.ExcludeCharacters, sw('GenerateSecretString.ExcludeCharacters'));
    const replicaRegions = list(sp.ReplicaRegions, sw('ReplicaRegions')).map((v, i) => {
      const rw = sw(`ReplicaRegions[${i}]`);
      const { Region, ...rest } = obj(v, rw);
      if (Object.keys(rest).length) fail(rw, `${Object.keys(rest).join(', ')}: not in the inventory (a replica is encrypted with its region's AWS-managed key)`);
      return r.str(Region, `${rw}.Region`);
    });

    // Its rotation: one schedule, by Secrets Manager's hosted single-user function for the engine.
    const schedules = t.ofType(T.rotationSchedule).filter((rs) => t.target(t.props(rs).SecretId, [T.secret], t.where(rs, 'SecretId')) === secret);
    if (schedules.length !== 1) fail(t.where(secret), `has ${schedules.length} rotation schedules; the inventory records a generated secret rotated by one`);
    const rs = schedules[0];
    rotated.add(rs);
    const rw = (field: string) => t.where(rs, field);
    onlyKnown(t, rs, ['SecretId', 'HostedRotationLambda', 'RotationRules'], 'a rotation schedule');
    if (t.props(rs).HostedRotationLambda === undefined) fail(rw('HostedRotationLambda'), 'is missing; the inventory records rotation by a hosted rotation function');
    if (!t.transforms.some((x) => SECRETS_MANAGER_TRANSFORM.test(x))) fail('template', `has no AWS::SecretsManager transform, which deploys the hosted rotation function of ${rs}`);
    const hosted = obj(t.props(rs).HostedRotationLambda, rw('HostedRotationLambda'));
    const hostedExtra = Object.keys(hosted).filter((k) => !['RotationType', 'VpcSecurityGroupIds', 'VpcSubnetIds', 'ExcludeCharacters'].includes(k));
    if (hostedExtra.length) fail(rw('HostedRotationLambda'), `${hostedExtra.join(', ')}: not in the inventory`);
    const type = r.str(hosted.RotationType, rw('HostedRotationLambda.RotationType'));
    const fn = ROTATION_FUNCTION[type] ?? fail(rw('HostedRotationLambda.RotationType'), `${type} is not a single-user rotation of PostgreSQL or MySQL`);
    if (hosted.ExcludeCharacters !== undefined && r.str(hosted.ExcludeCharacters, rw('HostedRotationLambda.ExcludeCharacters')) !== excludeCharacters) {
      fail(rw('HostedRotationLambda.ExcludeCharacters'), "differs from the secret's: rotated passwords would differ from the first");
    }
    if (hosted.VpcSubnetIds === undefined || hosted.VpcSecurityGroupIds === undefined) fail(rw('HostedRotationLambda'), "runs outside the VPC; the inventory records a function in the database's VPC");
    const rules = obj(t.props(rs).RotationRules, rw('RotationRules'));
    const ruleKeys = Object.keys(rules);
    let days: number;
    if (ruleKeys.length === 1 && ruleKeys[0] === 'AutomaticallyAfterDays') days = r.num(rules.AutomaticallyAfterDays, rw('RotationRules.AutomaticallyAfterDays'));
    else if (ruleKeys.length === 1 && ruleKeys[0] === 'ScheduleExpression') {
      const expr = r.str(rules.ScheduleExpression, rw('RotationRules.ScheduleExpression'));
      const m = /^rate\((\d+) days?\)$/.exec(expr);
      days = m ? Number(m[1]) : fail(rw('RotationRules.ScheduleExpression'), `${expr} is not rate(<n> days)`);
    } else days = fail(rw('RotationRules'), 'is not AutomaticallyAfterDays or a ScheduleExpression alone');

    // The deny of DeleteSecret the hosted rotation puts on its secret, and nothing else.
    for (const policy of t.ofType(T.secretPolicy)) {
      if (t.target(t.props(policy).SecretId, [T.secret], t.where(policy, 'SecretId')) !== secret) continue;
      checkDeleteGuard(x, policy);
      guarded.add(policy);
    }
    return {
      secretName: r.str(sp.Name, sw('Name')),
      length: r.num(generate.PasswordLength, sw('GenerateSecretString.PasswordLength')),
      excludeCharacters,
      replicaRegions: replicaRegions.sort(),
      rotation: { days, function: fn, subnets: x.span(commaList(hosted.VpcSubnetIds, rw('HostedRotationLambda.VpcSubnetIds')), rw('HostedRotationLambda.VpcSubnetIds')) },
    };
  };

  const members = new Map<string, string[]>();
  for (const [instance, cluster] of stores.clusterOf) members.set(cluster, [...(members.get(cluster) ?? []), instance]);

  const instances = t
    .ofType(T.dbInstance)
    .filter((id) => !stores.clusterOf.has(id))
    .map((id): DatabaseInventory => {
      onlyKnown(t, id, INSTANCE, 'an RDS instance');
      const p = t.props(id);
      const w = (field: string) => t.where(id, field);
      if (p.AllocatedStorage === undefined) fail(w('AllocatedStorage'), 'is missing; the inventory records storage as written');
      if (p.StorageType === undefined) fail(w('StorageType'), "is missing; AWS's default storage type has changed over time, the inventory records it as written");
      const allocatedGb = r.num(p.AllocatedStorage, w('AllocatedStorage'));
      const sgs = p.VPCSecurityGroups;
      if (!list(sgs, w('VPCSecurityGroups')).length) fail(w('VPCSecurityGroups'), "is missing: the database would be in the VPC's default security group");
      return {
        ...common(id),
        topology: 'instance',
        generatedPassword: null,
        global: null,
        instances: [required(id, 'DBInstanceClass')],
        serverless: null,
        multiAz: r.bool(p.MultiAZ, false, w('MultiAZ')),
        // No MaxAllocatedStorage: no storage autoscaling, the allocated size is the most.
        storage: { allocatedGb, maxAllocatedGb: r.numOr(p.MaxAllocatedStorage, allocatedGb, w('MaxAllocatedStorage')), type: r.str(p.StorageType, w('StorageType')) },
        databaseName: required(id, 'DBName'),
        secretEncryption: secretEncryption(id),
        ...perInstance(id),
        // CloudFormation's default for an instance outside a cluster: a final snapshot on delete.
        snapshotOnDelete: snapshotOnDelete(t, id, 'Snapshot'),
        ingress: x.ingressOf(sgs, w('VPCSecurityGroups')),
        egress: x.egressOf(sgs, w('VPCSecurityGroups')),
      };
    });

  const clusters = t.ofType(T.dbCluster).map((id): DatabaseInventory => {
    onlyKnown(t, id, CLUSTER, 'an Aurora cluster');
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    // A secondary cluster of a global database: it joins the global cluster by identifier.
    const secondary = p.GlobalClusterIdentifier !== undefined;
    if (secondary) {
      for (const f of NOT_ON_SECONDARY) if (p[f] !== undefined) fail(w(f), "is set on a secondary cluster of a global database, which has none of its own (the primary's is replicated)");
      if (globals.has(id)) fail(w('GlobalClusterIdentifier'), 'is set on the cluster a global cluster is created from');
    }
    const global: DatabaseInventory['global'] = secondary
      ? { identifier: r.str(p.GlobalClusterIdentifier, w('GlobalClusterIdentifier')), role: 'secondary', deletionProtection: null }
      : (globals.get(id) ?? null);
    // A secondary may be headless (pilot-light): storage only, no instance.
    const own = members.get(id) ?? (secondary ? [] : fail(t.where(id), 'has no instances, so it serves no connection'));
    const engine = required(id, 'Engine');
    const each = own.map((m) => {
      onlyKnown(t, m, MEMBER, "an Aurora cluster's instance");
      const member = required(m, 'Engine');
      if (member !== engine) fail(t.where(m, 'Engine'), `is ${member}, its cluster's ${engine}`);
      // Snapshots are the cluster's; an instance of it is deleted with it.
      if (snapshotOnDelete(t, m, 'Delete')) fail(t.where(m, 'DeletionPolicy'), "is Snapshot; an Aurora cluster's instance cannot be snapshotted on its own");
      return { instanceClass: required(m, 'DBInstanceClass'), ...perInstance(m) };
    });
    // Without instances (a headless secondary): nothing has Performance Insights, upgrades or an address.
    const none = { performanceInsightsRetentionDays: null, performanceInsightsEncryption: null, monitoring: null, autoMinorVersionUpgrade: null, publiclyAccessible: false };
    const agreed = <K extends keyof typeof none>(field: K): (typeof each)[number][K] | (typeof none)[K] => {
      if (!each.length) return none[field];
      const values = new Set(each.map((i) => JSON.stringify(i[field])));
      if (values.size > 1) fail(t.where(id), `its instances differ in ${field}; the inventory records one value per database`);
      return each[0][field];
    };
    const scaling = p.ServerlessV2ScalingConfiguration === undefined ? undefined : obj(p.ServerlessV2ScalingConfiguration, w('ServerlessV2ScalingConfiguration'));
    if (scaling && Object.keys(scaling).some((k) => !['MinCapacity', 'MaxCapacity'].includes(k))) fail(w('ServerlessV2ScalingConfiguration'), 'has settings besides MinCapacity and MaxCapacity; not in the inventory');
    const sgs = p.VpcSecurityGroupIds;
    if (!list(sgs, w('VpcSecurityGroupIds')).length) fail(w('VpcSecurityGroupIds'), "is missing: the database would be in the VPC's default security group");
    return {
      ...common(id, secondary),
      topology: 'cluster',
      generatedPassword: generatedPassword(id),
      global,
      instances: each.map((i) => i.instanceClass),
      serverless: scaling
        ? { minAcu: r.num(scaling.MinCapacity, w('ServerlessV2ScalingConfiguration.MinCapacity')), maxAcu: r.num(scaling.MaxCapacity, w('ServerlessV2ScalingConfiguration.MaxCapacity')) }
        : null,
      // Aurora spreads its instances over AZs; it has no Multi-AZ standby.
      multiAz: false,
      storage: null,
      databaseName: secondary ? '' : required(id, 'DatabaseName'),
      // A secondary cluster has no secret of its own.
      secretEncryption: secondary ? null : secretEncryption(id),
      performanceInsightsRetentionDays: agreed('performanceInsightsRetentionDays'),
      performanceInsightsEncryption: agreed('performanceInsightsEncryption'),
      monitoring: agreed('monitoring'),
      autoMinorVersionUpgrade: agreed('autoMinorVersionUpgrade'),
      publiclyAccessible: agreed('publiclyAccessible'),
      // CloudFormation's default for a cluster: a final snapshot on delete.
      snapshotOnDelete: snapshotOnDelete(t, id, 'Snapshot'),
      ingress: x.ingressOf(sgs, w('VpcSecurityGroupIds')),
      egress: x.egressOf(sgs, w('VpcSecurityGroupIds')),
    };
  });

  for (const g of t.ofType(T.dbSubnetGroup)) if (!usedSubnetGroups.has(g)) fail(t.where(g), 'no database uses it');
  for (const rs of t.ofType(T.rotationSchedule)) if (!rotated.has(rs)) fail(t.where(rs), "rotates no database's generated secret; no other rotation is in the inventory");
  for (const policy of t.ofType(T.secretPolicy)) if (!guarded.has(policy)) fail(t.where(policy), "is not the deletion guard of a database's rotated secret; no other secret policy is in the inventory");
  if (t.transforms.some((x) => !SECRETS_MANAGER_TRANSFORM.test(x)) || (t.transforms.length && !rotated.size)) {
    fail('template', `Transform ${JSON.stringify(t.transforms)}: the inventory reads the AWS::SecretsManager transform only, for a hosted rotation function`);
  }
  return [...instances, ...clusters];
}

/** The global clusters, by the cluster each is created from (SourceDBClusterIdentifier: its ARN). */
function readGlobalClusters(x: Context): Map<string, NonNullable<DatabaseInventory['global']>> {
  const { t, r } = x;
  const out = new Map<string, NonNullable<DatabaseInventory['global']>>();
  for (const id of t.ofType(T.globalCluster)) {
    onlyKnown(t, id, GLOBAL_CLUSTER, 'a global cluster');
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    if (p.SourceDBClusterIdentifier === undefined) fail(w('SourceDBClusterIdentifier'), 'is missing; the inventory records a global database created from a cluster of the stack');
    const cluster = t.target(p.SourceDBClusterIdentifier, [T.dbCluster], w('SourceDBClusterIdentifier'));
    const v = p.SourceDBClusterIdentifier as Record<string, unknown>;
    const attr = Array.isArray(v['Fn::GetAtt']) ? (v['Fn::GetAtt'] as string[])[1] : undefined;
    if (attr !== 'DBClusterArn') fail(w('SourceDBClusterIdentifier'), `names ${cluster} by something other than its DBClusterArn`);
    if (out.has(cluster)) fail(t.where(id), `${cluster} is the source of two global clusters`);
    out.set(cluster, {
      identifier: p.GlobalClusterIdentifier === undefined ? fail(w('GlobalClusterIdentifier'), 'is missing; the standby joins the global cluster by it') : r.str(p.GlobalClusterIdentifier, w('GlobalClusterIdentifier')),
      role: 'primary',
      // AWS's default: off.
      deletionProtection: r.bool(p.DeletionProtection, false, w('DeletionProtection')),
    });
  }
  return out;
}

/**
 * A hosted rotation's guard on its secret: one statement denying the account secretsmanager:DeleteSecret
 * on the secret (Resource "*" in a secret's resource policy is the secret itself). Anything else throws.
 */
function checkDeleteGuard(x: Context, policy: string): void {
  const { t } = x;
  const where = t.where(policy, 'ResourcePolicy');
  onlyKnown(t, policy, ['SecretId', 'ResourcePolicy'], "a secret's resource policy");
  const doc = obj(t.props(policy).ResourcePolicy, where);
  const statements = list(doc.Statement, `${where}.Statement`);
  const pseudo = new Resolver((ref, w) => pseudoParameter(ref) ?? fail(w, `references ${ref.id}; only pseudo parameters are read here`));
  const ok =
    statements.length === 1 &&
    (() => {
      const { Effect, Action, Principal, Resource, ...rest } = obj(statements[0], `${where}.Statement[0]`);
      const aws = obj(Principal, `${where}.Statement[0].Principal`).AWS;
      return (
        !Object.keys(rest).length &&
        Effect === 'Deny' &&
        (Action === 'secretsmanager:DeleteSecret' || (Array.isArray(Action) && Action.length === 1 && Action[0] === 'secretsmanager:DeleteSecret')) &&
        Resource === '*' &&
        aws !== undefined &&
        Object.keys(obj(Principal, `${where}.Statement[0].Principal`)).length === 1 &&
        /^arn:(aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::\$\{AWS::AccountId\}:root$/.test(pseudo.str(aws, `${where}.Statement[0].Principal.AWS`))
      );
    })();
  if (!ok) fail(where, "is not the hosted rotation's guard (deny the account secretsmanager:DeleteSecret); no other secret policy is in the inventory");
}

/**
 * Enhanced monitoring of an RDS instance (an RDS database's, or a cluster's instance): the interval
 * (MonitoringInterval; AWS's default, and 0, are off) and the AWS managed policies of the role RDS assumes
 * (MonitoringRoleArn, by its Arn), which must trust monitoring.rds.amazonaws.com only and have no policy of
 * its own. A role without an interval, or an interval without a role, throws.
 */
function monitoring(x: Context, id: string): DatabaseInventory['monitoring'] {
  const { t, r } = x;
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  const interval = r.numOr(p.MonitoringInterval, 0, w('MonitoringInterval'));
  if (interval === 0) {
    if (p.MonitoringRoleArn !== undefined) fail(w('MonitoringRoleArn'), 'is set while enhanced monitoring is off (no MonitoringInterval, or 0)');
    return null;
  }
  if (p.MonitoringRoleArn === undefined) fail(w('MonitoringRoleArn'), 'is missing; RDS needs a role to publish enhanced monitoring');
  const role = t.target(p.MonitoringRoleArn, ['AWS::IAM::Role'], w('MonitoringRoleArn'));
  if (refOf(p.MonitoringRoleArn)!.attr !== 'Arn') fail(w('MonitoringRoleArn'), `names ${role} by something other than its Arn`);
  onlyKnown(t, role, ['AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Tags'], "a database's enhanced-monitoring role");
  // Its trust policy: one statement that lets RDS's monitoring service, and no one else, assume it.
  const tw = t.where(role, 'AssumeRolePolicyDocument');
  const st = obj(t.props(role).AssumeRolePolicyDocument, tw).Statement;
  const statements = Array.isArray(st) ? st : [st];
  const s = statements[0];
  const one = (v: unknown, value: string) => v === value || (Array.isArray(v) && v.length === 1 && v[0] === value);
  const trusted =
    statements.length === 1 &&
    isObject(s) &&
    Object.keys(s).every((k) => ['Effect', 'Action', 'Principal', 'Sid'].includes(k)) &&
    s.Effect === 'Allow' &&
    one(s.Action, 'sts:AssumeRole') &&
    isObject(s.Principal) &&
    Object.keys(s.Principal).length === 1 &&
    one(s.Principal.Service, 'monitoring.rds.amazonaws.com');
  if (!trusted) fail(tw, 'an enhanced-monitoring role must trust monitoring.rds.amazonaws.com only, with one sts:AssumeRole statement');
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    if (list(t.props(policy).Roles, t.where(policy, 'Roles')).some((v) => refOf(v)?.id === role)) fail(t.where(policy), `is attached to ${role}, an enhanced-monitoring role; the inventory reads its AWS managed policies only`);
  }
  const pseudo = new Resolver((ref, where) => pseudoParameter(ref) ?? fail(where, `references ${ref.id}; only pseudo parameters are read here`));
  const roleManagedPolicies = list(t.props(role).ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).map((v, i) => {
    const where = t.where(role, `ManagedPolicyArns[${i}]`);
    return MANAGED_POLICY.exec(pseudo.str(v, where))?.[2] ?? fail(where, 'is not an AWS managed policy');
  });
  return { intervalSeconds: interval, roleManagedPolicies };
}
