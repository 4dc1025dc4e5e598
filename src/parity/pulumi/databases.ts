/*
 * Databases and caches read from a mock run: RDS instances and Aurora
 * clusters (with their cluster instances), ElastiCache replication groups
 * (with how their AUTH token is generated and kept), each named by its
 * "blueprint:store" tag, with its subnet group's subnets and its security
 * groups' ingress and egress.
 */
import { mockPassword, mockRotationLambdaArn } from '../../pulumi/mock-values';
import { PUNCTUATION, ROTATION_APPLICATIONS } from '../../pulumi/providers';
import type { CacheInventory, DatabaseInventory } from '../inventory';
import { plain, type Context, type Inputs, type R } from './context';
import type { Names } from './names';
import { subnetLookup, trafficOf } from './network';
import { generatedSecrets, secretNames } from './secrets';
import { T } from './resource-types';
import { readSizing } from '../../design/sizing';
import { kmsKeyOf } from './key';

export function readDatabases(ctx: Context, names: Names): DatabaseInventory[] {
  const { ofType, id, storeTag, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const subnetGroups = ofType(T.dbSubnetGroup);
  const subnetsOf = (r: R) =>
    subnetSet(must(subnetGroups.find((g) => (g.inputs.name ?? g.name) === r.inputs.dbSubnetGroupName), `the subnet group of ${r.name}`).inputs.subnetIds);
  // The database's own parameter group, by the name the instance or cluster is given; null for the engine's default.
  const parameterGroupOf = (r: R, type: string, name: unknown): DatabaseInventory['parameterGroup'] => {
    if (name === undefined) return null;
    const g = must(ofType(type).find((x) => (x.inputs.name ?? x.name) === name), `the parameter group of ${r.name}`);
    const parameters = (g.inputs.parameters ?? []) as { name: string; value: string; applyMethod?: string }[];
    return { family: g.inputs.family, parameters: parameters.map((p) => `${p.name}=${p.value}`).sort() };
  };
  const nameOf = (r: R) => `database:${must(storeTag(r), `the blueprint:store tag of ${r.name}`)}`;
  const snapshotOnDelete = (r: R) => r.inputs.skipFinalSnapshot !== true && !!r.inputs.finalSnapshotIdentifier;
  // The region's aws/rds key, named (a cross-region secondary cluster must name it), is AWS-managed encryption too.
  const encryption = (r: R) =>
    r.inputs.storageEncrypted === true ? (r.inputs.kmsKeyId === undefined || isAwsRdsKeyAlias(r.inputs.kmsKeyId, ctx.regionOf(r)) ? 'aws-managed' : kmsKeyOf(ctx, r.inputs.kmsKeyId)!) : 'none';
  const insights = (r: R): number | null => (r.inputs.performanceInsightsEnabled === true ? (r.inputs.performanceInsightsRetentionPeriod ?? 7) : null);
  const insightsKey = (r: R): string | null => {
    if (r.inputs.performanceInsightsEnabled !== true) {
      if (r.inputs.performanceInsightsKmsKeyId !== undefined) throw new Error(`parity: ${r.name} names a Performance Insights key with Performance Insights off`);
      return null;
    }
    return kmsKeyOf(ctx, r.inputs.performanceInsightsKmsKeyId) ?? 'aws-managed';
  };
  // RDS's own secret (manageMasterUserPassword): its key, or aws/secretsmanager when none is named.
  const managedSecretKey = (r: R): string | null => {
    if (r.inputs.manageMasterUserPassword !== true) {
      if (r.inputs.masterUserSecretKmsKeyId !== undefined) throw new Error(`parity: ${r.name} names a key for a secret RDS does not manage`);
      return null;
    }
    return kmsKeyOf(ctx, r.inputs.masterUserSecretKmsKeyId) ?? 'aws-managed';
  };
  const logExports = (r: R): string[] => [...((r.inputs.enabledCloudwatchLogsExports ?? []) as string[])].sort();
  const monitoring = (r: R): DatabaseInventory['monitoring'] => readMonitoring(ctx, r);

  const instances: DatabaseInventory[] = ofType(T.dbInstance).map((db) => ({
    name: nameOf(db),
    sizing: readSizing(db.inputs.tags, `database ${db.name}`),
    generatedPassword: null,
    global: null,
    engine: db.inputs.engine,
    engineVersion: db.inputs.engineVersion,
    topology: 'instance',
    instances: [db.inputs.instanceClass],
    serverless: null,
    multiAz: db.inputs.multiAz === true,
    storage: {
      allocatedGb: must(db.inputs.allocatedStorage, `the storage of ${db.name}`),
      maxAllocatedGb: db.inputs.maxAllocatedStorage ?? db.inputs.allocatedStorage,
      type: db.inputs.storageType ?? 'gp2',
    },
    port: must(db.inputs.port, `the port of ${db.name}`),
    databaseName: db.inputs.dbName,
    username: db.inputs.username,
    managedPassword: db.inputs.manageMasterUserPassword === true,
    iamAuth: db.inputs.iamDatabaseAuthenticationEnabled === true,
    performanceInsightsRetentionDays: insights(db),
    performanceInsightsEncryption: insightsKey(db),
    backupRetentionDays: must(db.inputs.backupRetentionPeriod, `the backup retention of ${db.name}`),
    storageEncrypted: db.inputs.storageEncrypted === true,
    encryption: encryption(db),
    secretEncryption: managedSecretKey(db),
    logExports: logExports(db),
    monitoring: monitoring(db),
    deletionProtection: db.inputs.deletionProtection === true,
    snapshotOnDelete: snapshotOnDelete(db),
    // AWS's default: minor versions are applied.
    autoMinorVersionUpgrade: db.inputs.autoMinorVersionUpgrade !== false,
    publiclyAccessible: db.inputs.publiclyAccessible === true,
    subnets: subnetsOf(db),
    parameterGroup: parameterGroupOf(db, T.dbParameterGroup, db.inputs.parameterGroupName),
    ...trafficOf(ctx, names.sgSource, db.inputs.vpcSecurityGroupIds ?? []),
  }));

  const members = ofType(T.dbClusterInstance);
  const globals = readGlobal(ctx);
  const passwords = readGeneratedPasswords(ctx);
  const clusters: DatabaseInventory[] = ofType(T.dbCluster).map((c) => {
    const own = members.filter((m) => m.inputs.clusterIdentifier === id(c));
    const global = globals.get(c) ?? null;
    const secondary = global?.role === 'secondary';
    // A secondary cluster may be headless (pilot-light): storage only, no instance.
    if (!own.length && !secondary) throw new Error(`parity: Aurora cluster ${c.name} has no instances`);
    if (secondary && (c.inputs.masterUsername !== undefined || c.inputs.masterPassword !== undefined || c.inputs.databaseName !== undefined || c.inputs.manageMasterUserPassword === true)) {
      throw new Error(`parity: secondary cluster ${c.name} sets a master user, password or database of its own; it has the global cluster's`);
    }
    // The same on every instance, or the inventory could not say it in one value; `none` for a cluster without any.
    const same = <X>(what: string, f: (m: R) => X, none: X): X => {
      if (!own.length) return none;
      const values = [...new Set(own.map(f))];
      if (values.length !== 1) throw new Error(`parity: the instances of ${c.name} differ in ${what}: ${values.join(', ')}`);
      return values[0];
    };
    const scaling = c.inputs.serverlessv2ScalingConfiguration;
    // Cluster-level Performance Insights and monitoring settings are not read: the instances carry them.
    for (const k of ['performanceInsightsEnabled', 'performanceInsightsKmsKeyId', 'monitoringInterval', 'monitoringRoleArn']) {
      if (c.inputs[k] !== undefined) throw new Error(`parity: Aurora cluster ${c.name} sets ${k}; the inventory reads it on the cluster's instances`);
    }
    if (own.some((m) => m.inputs.enabledCloudwatchLogsExports !== undefined)) throw new Error(`parity: an instance of ${c.name} exports logs; the inventory reads the cluster's exports`);
    const generated = generatedSecrets(ctx).find((g) => g.cluster === c);
    return {
      name: nameOf(c),
      sizing: readSizing(c.inputs.tags, `database ${c.name}`),
      generatedPassword: passwords.get(c) ?? null,
      global,
      engine: c.inputs.engine,
      engineVersion: c.inputs.engineVersion,
      topology: 'cluster',
      instances: own.map((m) => m.inputs.instanceClass as string).sort(),
      serverless: scaling ? { minAcu: scaling.minCapacity, maxAcu: scaling.maxCapacity } : null,
      // Aurora spreads its instances over AZs; no standby of its own.
      multiAz: false,
      storage: null,
      port: must(c.inputs.port, `the port of ${c.name}`),
      // A secondary cluster has neither of its own: "".
      databaseName: secondary ? '' : must(c.inputs.databaseName, `the database name of ${c.name}`),
      username: secondary ? '' : must(c.inputs.masterUsername, `the master username of ${c.name}`),
      managedPassword: c.inputs.manageMasterUserPassword === true,
      iamAuth: c.inputs.iamDatabaseAuthenticationEnabled === true,
      performanceInsightsRetentionDays: same('Performance Insights', insights, insights(c)),
      performanceInsightsEncryption: same('the Performance Insights key', insightsKey, null),
      backupRetentionDays: c.inputs.backupRetentionPeriod ?? 1,
      storageEncrypted: c.inputs.storageEncrypted === true,
      encryption: encryption(c),
      // RDS's own secret, or the one the password is generated into (aws/secretsmanager when it names no key); a secondary has none.
      secretEncryption: generated ? (kmsKeyOf(ctx, generated.secret.inputs.kmsKeyId) ?? 'aws-managed') : managedSecretKey(c),
      logExports: logExports(c),
      monitoring: JSON.parse(same('enhanced monitoring', (m) => JSON.stringify(monitoring(m)), 'null')) as DatabaseInventory['monitoring'],
      deletionProtection: c.inputs.deletionProtection === true,
      snapshotOnDelete: snapshotOnDelete(c),
      // A headless secondary has no instance to upgrade.
      autoMinorVersionUpgrade: own.length ? same('minor version upgrades', (m) => m.inputs.autoMinorVersionUpgrade !== false, true) : null,
      publiclyAccessible: own.some((m) => m.inputs.publiclyAccessible === true),
      subnets: subnetsOf(c),
      parameterGroup: parameterGroupOf(c, T.dbClusterParameterGroup, c.inputs.dbClusterParameterGroupName),
      ...trafficOf(ctx, names.sgSource, c.inputs.vpcSecurityGroupIds ?? []),
    };
  });
  for (const m of members) if (!ofType(T.dbCluster).some((c) => id(c) === m.inputs.clusterIdentifier)) throw new Error(`parity: cluster instance ${m.name} belongs to no cluster`);
  return [...instances, ...clusters];
}

/**
 * Each Aurora cluster's membership of a global database: the primary, from which a GlobalCluster is
 * created (sourceDbClusterIdentifier, its ARN), with that global cluster's deletion protection; or a
 * secondary, which joins one (globalClusterIdentifier). A global cluster created otherwise (engine and
 * version of its own, no source), or from anything but a cluster of the run, throws.
 */
function readGlobal(ctx: Context): Map<R, NonNullable<DatabaseInventory['global']>> {
  const { ofType, byArnValue, must } = ctx;
  const out = new Map<R, NonNullable<DatabaseInventory['global']>>();
  for (const g of ofType(T.globalCluster)) {
    const source = must(ofType(T.dbCluster).find((c) => byArnValue(c) === g.inputs.sourceDbClusterIdentifier), `the source cluster of global cluster ${g.name} (${g.inputs.sourceDbClusterIdentifier})`);
    if (g.inputs.engine !== undefined || g.inputs.engineVersion !== undefined || g.inputs.databaseName !== undefined) throw new Error(`parity: global cluster ${g.name} sets its engine or database; the inventory reads global clusters created from their primary`);
    if (out.has(source)) throw new Error(`parity: cluster ${source.name} is the source of two global clusters`);
    if (source.inputs.globalClusterIdentifier !== undefined) throw new Error(`parity: cluster ${source.name} both joins a global cluster and is the source of ${g.name}`);
    out.set(source, { identifier: must(g.inputs.globalClusterIdentifier, `the identifier of global cluster ${g.name}`), role: 'primary', deletionProtection: g.inputs.deletionProtection === true });
  }
  for (const c of ofType(T.dbCluster)) {
    const identifier = c.inputs.globalClusterIdentifier as string | undefined;
    if (identifier !== undefined) out.set(c, { identifier, role: 'secondary', deletionProtection: null });
  }
  return out;
}

/**
 * Each generated master password: the random password a cluster's masterPassword is (its length, and
 * the space and punctuation it leaves out, in ASCII order), the secret holding it (its name, replica regions) and
 * that secret's rotation: one SecretRotation every N days by a hosted single-user rotation application
 * (its function, the subnets it runs in). Anything else set on them throws.
 */
function readGeneratedPasswords(ctx: Context): Map<R, NonNullable<DatabaseInventory['generatedPassword']>> {
  const { ofType, id, byId, regionOf, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const out = new Map<R, NonNullable<DatabaseInventory['generatedPassword']>>();
  for (const { secret, cluster } of generatedSecrets(ctx)) {
    const value = plain(cluster.inputs.masterPassword);
    const generator = must(
      ofType(T.randomPassword).find((p) => mockPassword(p.name, p.inputs.length) === value),
      `the random password ${cluster.name}'s master password is`,
    );
    only(generator.inputs, ['length', 'special', 'overrideSpecial'], `random password ${generator.name}`);
    const allowed = generator.inputs.special === false ? '' : ((generator.inputs.overrideSpecial as string | undefined) ?? PUNCTUATION);
    // A random password never holds a space (nor does GenerateSecretString's by default): always left out.
    const excludeCharacters = [...` ${PUNCTUATION}`].filter((ch) => !allowed.includes(ch)).join('');
    only(secret.inputs, ['name', 'description', 'replicas', 'kmsKeyId', 'tags'], `secret ${secret.name}`);
    const rotations = ofType(T.secretRotation).filter((r) => r.inputs.secretId === id(secret));
    if (rotations.length !== 1) throw new Error(`parity: the secret ${secret.name} of ${cluster.name}'s generated password has ${rotations.length} rotations, not 1`);
    const [rotation] = rotations;
    only(rotation.inputs, ['secretId', 'rotationLambdaArn', 'rotationRules'], `secret rotation ${rotation.name}`);
    only(rotation.inputs.rotationRules ?? {}, ['automaticallyAfterDays'], `the rotation rules of ${rotation.name}`);
    const app = must(
      ofType(T.rotationStack).find((s) => mockRotationLambdaArn(s.inputs.parameters?.functionName, regionOf(s)) === rotation.inputs.rotationLambdaArn),
      `the rotation function of ${rotation.name} (${rotation.inputs.rotationLambdaArn})`,
    );
    const fn = (Object.keys(ROTATION_APPLICATIONS) as (keyof typeof ROTATION_APPLICATIONS)[]).find((k) => ROTATION_APPLICATIONS[k] === app.inputs.applicationId);
    if (!fn) throw new Error(`parity: ${app.name} deploys ${app.inputs.applicationId}, which is no hosted single-user rotation application`);
    const p = app.inputs.parameters as Inputs;
    only(p, ['endpoint', 'functionName', 'excludeCharacters', 'vpcSubnetIds', 'vpcSecurityGroupIds'], `the parameters of ${app.name}`);
    if (![...String(p.excludeCharacters ?? '')].every((ch) => excludeCharacters.includes(ch)) || ![...excludeCharacters].every((ch) => String(p.excludeCharacters).includes(ch))) {
      throw new Error(`parity: ${app.name} rotates to passwords without ${JSON.stringify(p.excludeCharacters)}, the first one was generated without ${JSON.stringify(excludeCharacters)}`);
    }
    const groupId = must(p.vpcSecurityGroupIds as string | undefined, `the security group of ${app.name}`);
    if (groupId.includes(',') || !byId.has(groupId)) throw new Error(`parity: ${app.name} runs in security groups ${groupId}; the inventory reads one of the run's`);
    out.set(cluster, {
      secretName: must(secret.inputs.name as string | undefined, `the name of secret ${secret.name}`),
      length: generator.inputs.length,
      excludeCharacters,
      replicaRegions: ((secret.inputs.replicas ?? []) as Inputs[]).map((r) => {
        only(r, ['region'], `a replica of secret ${secret.name}`);
        return r.region as string;
      }).sort(),
      rotation: {
        days: must(rotation.inputs.rotationRules?.automaticallyAfterDays as number | undefined, `the rotation schedule of ${rotation.name}`),
        function: fn,
        subnets: subnetSet(String(must(p.vpcSubnetIds as string | undefined, `the subnets of ${app.name}`)).split(',')),
      },
    });
  }
  return out;
}

/**
 * An instance's enhanced monitoring: its interval (0 or none: off) and the role RDS assumes, which must
 * trust monitoring.rds.amazonaws.com only and carry AWS managed policies only; null when off.
 */
function readMonitoring(ctx: Context, r: R): DatabaseInventory['monitoring'] {
  const { byArn, ofType, byId, must } = ctx;
  const interval = (r.inputs.monitoringInterval as number | undefined) ?? 0;
  if (!interval) {
    if (r.inputs.monitoringRoleArn !== undefined) throw new Error(`parity: ${r.name} names a monitoring role without enhanced monitoring`);
    return null;
  }
  const role = must(byArn(must(r.inputs.monitoringRoleArn as string | undefined, `the monitoring role of ${r.name}`)), `the monitoring role of ${r.name} (${r.inputs.monitoringRoleArn})`);
  const trust = (JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: Inputs[] }).Statement;
  if (trust.length !== 1 || JSON.stringify(trust[0].Principal) !== JSON.stringify({ Service: 'monitoring.rds.amazonaws.com' })) {
    throw new Error(`parity: the monitoring role ${role.name} of ${r.name} trusts ${JSON.stringify(trust.map((t) => t.Principal))}, not monitoring.rds.amazonaws.com only`);
  }
  const attached = (x: R) => byId.get(x.inputs.role) === role || x.inputs.role === role.name;
  if (ofType(T.rolePolicy).some(attached)) throw new Error(`parity: the monitoring role ${role.name} has inline policies; the inventory reads its managed policies only`);
  const roleManagedPolicies = ofType(T.rolePolicyAttachment)
    .filter(attached)
    .map((a) => must(/^arn:aws:iam::aws:policy\/(.+)$/.exec(a.inputs.policyArn as string)?.[1], `an AWS managed policy in ${a.name}`))
    .sort();
  return { intervalSeconds: interval, roleManagedPolicies };
}

/** Throws when `o` sets anything but `known`: the inventory would not say it. */
function only(o: Inputs, known: string[], what: string): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k) && o[k] !== undefined);
  if (extra.length) throw new Error(`parity: ${what} sets ${extra.join(', ')}, which the inventory does not read`);
}

export function readCaches(ctx: Context, names: Names): CacheInventory[] {
  const { ofType, byId, byArnValue, storeTag, must } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const subnetGroups = ofType(T.cacheSubnetGroup);
  const secrets = secretNames(ctx);
  const passwords = ofType(T.randomPassword);
  return ofType(T.replicationGroup).map((g) => {
    const i = g.inputs;
    const token = plain(i.authToken) as string | undefined;
    // Where the token is kept: the secret one of whose versions holds it.
    const version = token === undefined ? undefined : ofType(T.secretVersion).find((v) => plain(v.inputs.secretString) === token);
    const secret = version && must(byId.get(version.inputs.secretId), `the secret of ${version.name}`);
    // How it is generated: the random password the mocks answered with that value.
    const generator = token === undefined ? undefined : passwords.find((p) => mockPassword(p.name, p.inputs.length) === token);
    const clusterMode = i.clusterMode ? i.clusterMode === 'enabled' : /\.cluster\.on$/.test(i.parameterGroupName ?? '');
    return {
      name: `cache:${must(storeTag(g), `the blueprint:store tag of ${g.name}`)}`,
      engine: i.engine ?? 'redis',
      engineVersion: i.engineVersion,
      parameterGroup: i.parameterGroupName,
      nodeType: i.nodeType,
      clusterMode,
      shards: i.numNodeGroups ?? 1,
      replicasPerShard: i.numNodeGroups !== undefined ? (i.replicasPerNodeGroup ?? 0) : (i.numCacheClusters ?? 1) - 1,
      automaticFailover: i.automaticFailoverEnabled === true,
      multiAz: i.multiAzEnabled === true,
      transitEncryption: i.transitEncryptionEnabled === true,
      // AWS's default: Valkey encrypts at rest, Redis OSS does not.
      atRestEncryption: i.atRestEncryptionEnabled ?? i.engine === 'valkey',
      // ElastiCache's own key unless one is named.
      encryption: (i.atRestEncryptionEnabled ?? i.engine === 'valkey') ? (kmsKeyOf(ctx, i.kmsKeyId) ?? 'aws-managed') : null,
      autoMinorVersionUpgrade: i.autoMinorVersionUpgrade !== false,
      authToken: secret ? `secret:${must(secrets.get(byArnValue(secret)), `the secret ${secret.name}`)}` : null,
      authTokenEncryption: secret ? (kmsKeyOf(ctx, secret.inputs.kmsKeyId) ?? 'aws-managed') : null,
      authTokenGeneration: generator ? { length: generator.inputs.length, alphanumeric: generator.inputs.special === false } : null,
      snapshotRetentionDays: i.snapshotRetentionLimit ?? 0,
      snapshotOnDelete: !!i.finalSnapshotIdentifier,
      port: i.port ?? 6379,
      subnets: subnetSet(must(subnetGroups.find((s) => (s.inputs.name ?? s.name) === i.subnetGroupName), `the subnet group of ${g.name}`).inputs.subnetIds),
      ...trafficOf(ctx, names.sgSource, i.securityGroupIds ?? []),
    };
  });
}

/** The AWS-managed RDS key of the resource's region, named by its alias ARN. */
const isAwsRdsKeyAlias = (key: unknown, region: string): boolean => typeof key === 'string' && new RegExp(`^arn:[a-z-]+:kms:${region}:\\d{12}:alias/aws/rds$`).test(key);
