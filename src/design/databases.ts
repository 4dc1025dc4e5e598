import type { Blueprint } from '../schema';
import type { RelationalStore } from '../schema/data';
import { pct, recorder, type DecisionLog } from './decisions';
import { DATABASE_LOG_EXPORTS, DEFAULT_PORT, REQUIRE_TLS, canPause, isAurora, parameterGroupFamily, resolveDatabaseVersion, supportsPerformanceInsights } from './engines';
import { acknowledgeInPacks, profileNames } from './compliance';
import { hasStandby } from './resilience';
import type { DatabaseCredentials, DatabaseDesign, GlobalDatabaseDesign, SecurityDesign } from './types';
import type { Sizing } from './sizing';
import { HELD_MONTHS } from './growth';

type Relational = RelationalStore;

/** Days of automated backups (point-in-time recovery) unless resilience says otherwise. */
const BACKUP_RETENTION_DAYS = 7;

/**
 * A relational store: an RDS instance (postgres, mysql) or an Aurora cluster.
 * Availability decides the standby or readers, peak_rps the class,
 * data_growth_gb_month the storage. Always encrypted, isolated, backed up,
 * deletion-protected, with its password in Secrets Manager.
 */
export function designDatabase(bp: Blueprint, key: string, store: Relational, clients: string[], tags: Record<string, string>, sizing: Sizing, log: DecisionLog, security: SecurityDesign): DatabaseDesign {
  const record = recorder(log, 'data', `data.${key}`);
  const a = bp.requirements.availability;
  const production = a >= 99.9;
  const aurora = isAurora(store.engine);

  // Checked before design (checks.ts): a version that does not resolve is an error at its line.
  const engineVersion = resolveDatabaseVersion(store.engine, store.version)!;
  record(
    'engine_version',
    `${store.engine} ${engineVersion}`,
    store.version === undefined ? 'default' : 'written',
    store.version === undefined
      ? `the newest major version Blueprint knows, pinned to ${engineVersion} so a deploy never depends on AWS's default of the day; no automatic minor upgrades (they would leave the template and Pulumi state behind the database): upgrade by writing version`
      : store.version === engineVersion
        ? 'written in full'
        : `major version ${store.version}, pinned to ${engineVersion}; no automatic minor upgrades (they would leave the template and Pulumi state behind the database): upgrade by writing the full version`,
  );

  // The class provisioned instances would get: the class itself, or what Serverless v2 is measured against.
  const peak = bp.requirements.peak_rps ?? 0;
  const size = peak > 2000 ? 'xlarge' : 'large';
  // Aurora global databases refuse burstable (db.t*) classes: a replicated cluster gets r7g whatever the availability.
  const replicated = aurora && hasStandby(bp);
  const provisionedClass = production || replicated ? (aurora ? `db.r7g.${size}` : `db.m7g.${size}`) : 'db.t4g.medium';
  let instanceClass: string;
  let serverless: DatabaseDesign['serverless'];
  if (store.serverless) {
    instanceClass = 'db.serverless';
    const written = store.serverless.min_acu;
    // Pausing at 0 ACU costs nothing while idle, but the first connection after a pause waits about 15 s.
    const pause = !production && !replicated && canPause(store.engine, engineVersion);
    const minAcu = record(
      'min_acu',
      written ?? (pause ? 0 : 0.5),
      written !== undefined ? 'written' : 'derived',
      written !== undefined
        ? 'written'
        : pause
          ? `availability ${pct(a)} % < 99.9 %: 0 ACU, an idle cluster pauses and its compute costs nothing (the first connection after a pause waits about 15 s)`
          : `${production ? `availability ${pct(a)} % >= 99.9 %: no pause (its first connection would wait about 15 s)` : replicated ? 'an Aurora global database cannot pause' : `${engineVersion} cannot pause`}: 0.5 ACU, the least that stays up`,
    );
    record(
      'capacity',
      `Serverless v2, ${pct(minAcu)}-${pct(store.serverless.max_acu)} ACU`,
      written !== undefined ? 'written' : 'derived',
      minAcu === 0
        ? 'capacity follows load; at 0 ACU an idle cluster pauses (the first connection after a pause waits about 15 s)'
        : `capacity follows load between ${pct(minAcu * 2)} and ${pct(store.serverless.max_acu * 2)} GiB of memory (1 ACU is about 2 GiB)`,
    );
    serverless = { minAcu, maxAcu: store.serverless.max_acu, insteadOf: provisionedClass };
  } else if (store.instance_class) {
    instanceClass = record('instance_class', store.instance_class, 'written', 'written');
  } else {
    instanceClass = provisionedClass;
    record(
      'instance_class',
      instanceClass,
      'derived',
      production || replicated
        ? `${production ? `availability ${pct(a)} % >= 99.9 %` : 'an Aurora global database (burstable classes are refused)'}: a non-burstable Graviton class (${aurora ? 'memory-optimised r7g, what Aurora offers' : 'general-purpose m7g'}) so performance does not depend on CPU credits; ${peak > 2000 ? `peak_rps ${peak} > 2000: xlarge` : 'large (peak_rps <= 2000)'}`
        : `availability ${pct(a)} % < 99.9 %: a burstable db.t4g.medium is enough`,
    );
  }

  const readers = aurora
    ? record(
        'readers',
        store.readers ?? (production ? 1 : 0),
        store.readers !== undefined ? 'written' : 'derived',
        store.readers !== undefined
          ? 'written'
          : production
            ? `availability ${pct(a)} % >= 99.9 %: one reader in another AZ, which Aurora promotes in about 30 s if the writer fails`
            : `availability ${pct(a)} % < 99.9 %: no reader; a failed writer is replaced in about 10 minutes`,
      )
    : 0;
  const multiAz = !aurora && record(
    'multi_az',
    production,
    'derived',
    production
      ? `availability ${pct(a)} % >= 99.9 %: a synchronous standby in another AZ, failed over to in 1-2 minutes`
      : `availability ${pct(a)} % < 99.9 %: single-AZ`,
  );
  if (!aurora && !multiAz) {
    const reason = `database ${key} is single-AZ because availability ${pct(a)} % < 99.9 % does not need a standby: a failed instance is replaced from storage and backups in minutes to an hour, within the error budget, for half the cost`;
    log.acknowledge({ rule: 'AwsSolutions-RDS3', on: { kind: 'database', store: key }, reason });
    acknowledgeInPacks(log, security, 'RDSMultiAZSupport', { kind: 'database', store: key }, reason);
  }

  let storage: DatabaseDesign['storage'];
  if (!aurora) {
    // The store's own share of the growth (src/design/growth.ts), never the whole system's.
    const growth = sizing['growth-gb-month'];
    const allocatedGb = store.storage_gb ?? Math.max(20, Math.ceil((growth ?? 0) * HELD_MONTHS));
    storage = { allocatedGb, maxAllocatedGb: Math.min(65536, allocatedGb * 4), type: 'gp3' };
    record(
      'storage',
      `${allocatedGb} GiB gp3, grows to ${storage.maxAllocatedGb} GiB`,
      store.storage_gb !== undefined ? 'written' : growth !== undefined ? 'derived' : 'default',
      `${store.storage_gb !== undefined ? 'written' : growth !== undefined ? `${HELD_MONTHS} months of its growth, ${pct(growth)} GB a month (at least 20); RDS cannot shrink allocated storage, so write storage_gb (or this store's growth_gb_month) before a change that would lower its share` : 'the 20 GiB minimum (write growth_gb_month or requirements.data_growth_gb_month to size it)'}; storage autoscaling up to 4x (at most 65536) so a full disk never stops the database`,
    );
  }

  const port = databasePort(store);
  record('port', port, store.port !== undefined ? 'written' : 'default', store.port !== undefined ? 'written: a non-default port' : `the ${store.engine} default`);
  const databaseName = databaseNameOf(key, store);
  // Checked before design (resilience-checks.ts): a standby needs Aurora, whose global database replicates it.
  const global: GlobalDatabaseDesign | undefined = aurora && hasStandby(bp) ? designGlobalDatabase(bp, key, record) : undefined;
  const credentials = designCredentials(bp, key, store, global, record);
  const performanceInsights = store.performance_insights ?? supportsPerformanceInsights(instanceClass);
  record(
    'performance_insights',
    performanceInsights,
    store.performance_insights !== undefined ? 'written' : 'default',
    store.performance_insights !== undefined ? 'written' : performanceInsights ? 'query-level load history for 7 days, which is free' : `${instanceClass} does not support Performance Insights`,
  );
  record(
    'backups',
    `${BACKUP_RETENTION_DAYS} days, point-in-time recovery`,
    'default',
    `automated daily snapshots and transaction logs: restore to any second of the last ${BACKUP_RETENTION_DAYS} days; the latest restorable time is about 5 minutes back${bp.requirements.rpo_minutes !== undefined ? `, within rpo_minutes ${pct(bp.requirements.rpo_minutes)}` : ''}`,
  );
  const protect = bp.resilience.deletion_protection;
  record(
    'protection',
    `${protect ? 'deletion protection, ' : ''}snapshot on delete or replace`,
    protect ? 'default' : 'written',
    `${protect ? 'a delete is refused until protection is turned off' : 'written resilience.deletion_protection: false: the database can be deleted'}; deleting or replacing it through the stack takes a final snapshot first`,
  );
  // AwsSolutions-RDS11 flags a default port on an RDS instance and on Aurora MySQL (not on provisioned Aurora PostgreSQL).
  if (port === DEFAULT_PORT[store.engine] && (!aurora || store.engine === 'aurora-mysql')) {
    log.acknowledge({
      rule: 'AwsSolutions-RDS11',
      on: { kind: 'database', store: key },
      reason: `database ${key} listens on ${store.engine}'s default port ${port}: another port hides nothing from a task its security group admits, and nothing else reaches its isolated subnets; write port to change it`,
    });
  }
  if (store.engine === 'aurora-mysql') {
    log.acknowledge({
      rule: 'AwsSolutions-RDS14',
      on: { kind: 'database', store: key },
      reason: `database ${key}: point-in-time recovery restores any second of the last ${BACKUP_RETENTION_DAYS} days into a new cluster; Backtrack (rewinding in place) is billed per change record and refused by Aurora global databases, which a standby needs`,
    });
  }
  // AwsSolutions-RDS6 asks Aurora clusters (not RDS instances) for IAM authentication.
  if (aurora && !store.iam_auth) {
    log.acknowledge({
      rule: 'AwsSolutions-RDS6',
      on: { kind: 'database', store: key },
      reason: `database ${key}: its clients authenticate with the admin password, which Secrets Manager keeps and rotates and tasks receive as ECS secrets; write iam_auth: true for IAM database authentication`,
    });
  }
  record('placement', `isolated subnets, port ${port} open to ${clients.length ? clients.join(', ') : 'no task'}`, 'derived', 'no route to or from the internet; only the tasks that use it may connect, each through its own security-group rule');

  const parameterGroup = { family: parameterGroupFamily(store.engine, engineVersion), parameters: REQUIRE_TLS[store.engine] };
  record(
    'transit_encryption',
    `TLS required (${Object.entries(parameterGroup.parameters).map(([k, v]) => `${k}=${v}`).join(', ')})`,
    'default',
    `a ${aurora ? 'cluster ' : ''}parameter group of its own (${parameterGroup.family}, the engine's defaults otherwise) makes the database refuse connections that do not use TLS, so credentials and data never cross the VPC in clear text; every current driver supports TLS`,
  );
  const hardened = security.hardened;
  const who = hardened ? profileNames(security) : '';
  const logExports = hardened ? DATABASE_LOG_EXPORTS[store.engine] : [];
  record(
    'log_exports',
    logExports.length ? logExports.join(', ') : false,
    hardened ? 'derived' : 'default',
    hardened
      ? `${who}: every log the engine writes (${logExports.join(', ')}) goes to CloudWatch Logs, where it is kept and searched with the rest; RDS creates the log groups`
      : 'database logs stay in RDS (a few days, rotated); a compliance profile exports them to CloudWatch Logs',
  );
  const monitoring = hardened ? ({ intervalSeconds: 60, roleManagedPolicy: 'service-role/AmazonRDSEnhancedMonitoringRole' } as const) : undefined;
  record(
    'enhanced_monitoring',
    monitoring ? `every ${monitoring.intervalSeconds} s` : false,
    hardened ? 'derived' : 'default',
    monitoring
      ? `${who}: operating-system metrics of each instance every minute, through a role RDS assumes with AWS's AmazonRDSEnhancedMonitoringRole policy. Cost: the metrics' CloudWatch Logs ingestion, about $1 a month per instance`
      : 'CloudWatch\'s standard RDS metrics (and Performance Insights where enabled); a compliance profile adds OS metrics',
  );
  if (monitoring) {
    log.acknowledge({
      rule: 'AwsSolutions-IAM4',
      on: { kind: 'monitoring-role', store: key },
      finding: { kind: 'managed-policy', name: monitoring.roleManagedPolicy },
      reason: `the role RDS assumes to publish database ${key}'s enhanced-monitoring metrics uses AWS's own policy for that service, which grants only writes to the RDSOSMetrics log group`,
    });
  }
  if (aurora) {
    acknowledgeInPacks(log, security, 'RDSInBackupPlan', { kind: 'database', store: key }, `Aurora backs up the cluster of database ${key}, not its instances (which hold no data of their own): ${BACKUP_RETENTION_DAYS} days of point-in-time recovery, and the cluster is what an AWS Backup plan selects`);
  }
  const autoMinorVersionUpgrade = record(
    'auto_minor_version_upgrade',
    hardened,
    hardened ? 'derived' : 'default',
    hardened
      ? `${who}: security patches (minor versions) are applied automatically in the maintenance window; the pinned version in the output may then lag behind what runs, which a reviewed version bump catches up`
      : 'off: the version is pinned, so an upgrade is a reviewed change of the output, never drift',
  );

  return {
    key,
    tags,
    sizing,
    kind: 'database',
    engine: store.engine,
    topology: aurora ? 'cluster' : 'instance',
    engineVersion,
    instanceClass,
    serverless,
    readers,
    multiAz,
    storage,
    port,
    subnets: 'isolated',
    clients,
    databaseName,
    username: DATABASE_USER,
    credentials,
    ...(global ? { global } : {}),
    iamAuth: store.iam_auth,
    performanceInsights: { enabled: performanceInsights, retentionDays: 7 },
    backupRetentionDays: BACKUP_RETENTION_DAYS,
    encryption: security.encryption === 'customer-managed' ? 'customer-managed' : 'aws-managed-kms',
    parameterGroup,
    logExports,
    ...(monitoring ? { monitoring } : {}),
    deletionProtection: bp.resilience.deletion_protection,
    snapshotOnDelete: true,
    autoMinorVersionUpgrade,
    retain: false,
  };
}

/** The global database an Aurora cluster leads when a standby waits in the secondary region (pilot-light, warm-standby). */
function designGlobalDatabase(bp: Blueprint, key: string, record: ReturnType<typeof recorder>): GlobalDatabaseDesign {
  const secondaryRegion = bp.requirements.regions.secondary!;
  const identifier = `${bp.name}-${key}`;
  record(
    'global_database',
    `${identifier}: this cluster is its primary, with a secondary cluster in ${secondaryRegion}`,
    'derived',
    `the standby in ${secondaryRegion} needs the data: an Aurora global database replicates storage to a secondary cluster there (typically under a second behind; RPO about 1 s), which a managed failover promotes to a writer in about a minute. Cost: the secondary's storage and replicated write I/O, plus its instances (none for pilot-light)`,
  );
  return { identifier, role: 'primary', primaryRegion: bp.requirements.regions.primary, secondaryRegion };
}

/** Characters a generated RDS password leaves out: those RDS refuses (/, @, ", space) and those shells and URLs trip on (as aws-cdk-lib's default). */
export const PASSWORD_EXCLUDE_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

/** RDS manages the password, unless the database leads a global database, where RDS refuses to. */
function designCredentials(bp: Blueprint, key: string, store: Relational, global: GlobalDatabaseDesign | undefined, record: ReturnType<typeof recorder>): DatabaseCredentials {
  if (!global) {
    record('credentials', 'admin password in Secrets Manager, rotated by RDS every 7 days', 'default', 'RDS creates the password, stores it in Secrets Manager and rotates it itself (no rotation function to run); tasks receive it as ECS secrets, never as plain environment variables');
    return { source: 'rds-managed', rotationDays: 7 };
  }
  const secretName = `${bp.name}/${key}/admin`;
  const days = 30;
  record(
    'credentials',
    `generated secret ${secretName}, replicated to ${global.secondaryRegion}, rotated every ${days} days`,
    'derived',
    `RDS cannot manage the password of a global database's cluster, so Blueprint generates it in a Secrets Manager secret replicated to ${global.secondaryRegion} (the standby's tasks read the replica) and rotates it every ${days} days with Secrets Manager's hosted single-user rotation function, which runs in the private subnets and connects on port ${databasePort(store)}; tasks receive it as ECS secrets, never as plain environment variables`,
  );
  return {
    source: 'generated',
    secretName,
    replicaRegions: [global.secondaryRegion],
    passwordLength: 30,
    excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
    rotation: { days, function: store.engine === 'aurora-mysql' ? 'mysql-single-user' : 'postgresql-single-user', subnets: 'private' },
  };
}

/** The admin user RDS creates (not a reserved word in PostgreSQL or MySQL). */
export const DATABASE_USER = 'dbadmin';

export const databasePort = (store: Relational): number => store.port ?? DEFAULT_PORT[store.engine];

export const databaseNameOf = (key: string, store: Relational): string => store.database_name ?? key.replace(/-/g, '_');
