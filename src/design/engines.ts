/*
 * What RDS, Aurora and ElastiCache offer, as far as Blueprint renders it:
 * engine versions (a major version pins one minor, so output never depends
 * on what AWS calls "default" on the day of a deploy) and instance or node
 * classes per engine. Checked against the AWS engine-version and
 * instance-class pages in November 2026; a combination missing here is an
 * error at the blueprint's line, never a guess.
 */

export type RelationalEngine = 'postgres' | 'mysql' | 'aurora-postgresql' | 'aurora-mysql';
export type CacheEngine = 'redis' | 'valkey';

/** Major version -> the pinned full version, per engine. The last entry is the default. */
export const DATABASE_VERSIONS: Record<RelationalEngine, Record<string, string>> = {
  postgres: { '13': '13.18', '14': '14.15', '15': '15.10', '16': '16.6', '17': '17.2' },
  mysql: { '8.0': '8.0.40', '8.4': '8.4.3' },
  'aurora-postgresql': { '13': '13.18', '14': '14.15', '15': '15.10', '16': '16.6' },
  'aurora-mysql': { '3': '8.0.mysql_aurora.3.08.0' },
};

export const DEFAULT_PORT: Record<RelationalEngine, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306 };

/** The engine family's name in CloudFormation (AWS::RDS::DBInstance/DBCluster Engine). */
export const ENGINE_NAME: Record<RelationalEngine, string> = { postgres: 'postgres', mysql: 'mysql', 'aurora-postgresql': 'aurora-postgresql', 'aurora-mysql': 'aurora-mysql' };

export const isAurora = (e: RelationalEngine): boolean => e.startsWith('aurora-');

/** The major version a full version belongs to: 16.6 -> 16, 8.0.40 -> 8.0, 8.0.mysql_aurora.3.08.0 -> 3. */
export function majorOf(engine: RelationalEngine, version: string): string {
  if (engine === 'aurora-mysql') return version.includes('mysql_aurora') ? version.split('.mysql_aurora.')[1].split('.')[0] : version.split('.')[0];
  if (engine === 'mysql') return version.split('.').slice(0, 2).join('.');
  return version.split('.')[0];
}

/** The full version to deploy, or undefined when the engine has no such major version. */
export function resolveDatabaseVersion(engine: RelationalEngine, written: string | undefined): string | undefined {
  const versions = DATABASE_VERSIONS[engine];
  if (written === undefined) return Object.values(versions).at(-1);
  if (written in versions) return versions[written];
  const major = majorOf(engine, written);
  if (!(major in versions)) return undefined;
  // Aurora MySQL is written either as 3 or in full; a bare 8.0.x is not an Aurora version.
  if (engine === 'aurora-mysql' && !written.includes('mysql_aurora')) return undefined;
  return written;
}

/** Instance families (db.<family>.<size>) per engine, and the sizes they come in. */
const RDS_FAMILIES = ['t3', 't4g', 'm5', 'm6g', 'm6i', 'm7g', 'r5', 'r6g', 'r6i', 'r7g'];
const AURORA_FAMILIES = ['t3', 't4g', 'r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g', 'x2g'];
const BURSTABLE_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const AURORA_BURSTABLE_SIZES = ['medium', 'large'];
const STANDARD_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

/** Why an instance class does not exist for an engine, or undefined when it does. */
export function instanceClassProblem(engine: RelationalEngine, instanceClass: string): string | undefined {
  const [, family, size] = instanceClass.split('.');
  const aurora = isAurora(engine);
  if (family === 'serverless') return `db.serverless is Aurora Serverless v2's class: write serverless: { min_acu, max_acu } instead`;
  const families = aurora ? AURORA_FAMILIES : RDS_FAMILIES;
  if (!families.includes(family)) {
    return `${instanceClass} is not offered for ${engine} (families: ${families.map((f) => `db.${f}`).join(', ')})`;
  }
  const burstable = family.startsWith('t');
  const sizes = burstable ? (aurora ? AURORA_BURSTABLE_SIZES : BURSTABLE_SIZES) : STANDARD_SIZES;
  if (!sizes.includes(size)) return `${instanceClass} does not exist for ${engine}: db.${family} comes in ${sizes.join(', ')}`;
  return undefined;
}

/** Performance Insights is not available on the smallest burstable classes. */
export const supportsPerformanceInsights = (instanceClass: string): boolean => !/^db\.t\d+g?\.(micro|small)$/.test(instanceClass);

/** Aurora Serverless v2 may pause at 0 ACU on these versions and later (per major). */
export const AUTO_PAUSE_MIN_VERSION: Partial<Record<RelationalEngine, Record<string, string>>> = {
  'aurora-postgresql': { '13': '13.15', '14': '14.12', '15': '15.7', '16': '16.3' },
  'aurora-mysql': { '3': '8.0.mysql_aurora.3.08.0' },
};

/** The key DATABASE_VERSIONS uses for a full version's major. */
export function majorKey(engine: RelationalEngine, version: string): string {
  return Object.entries(DATABASE_VERSIONS[engine]).find(([, full]) => full === version)?.[0] ?? (engine === 'aurora-mysql' ? version.split('.mysql_aurora.')[1]?.split('.')[0] ?? '' : version.split('.')[0]);
}

/** The first version of this one's major that may pause at 0 ACU, or undefined when none may. */
export function pauseVersion(engine: RelationalEngine, version: string): string | undefined {
  return AUTO_PAUSE_MIN_VERSION[engine]?.[majorKey(engine, version)];
}

/** Whether Aurora Serverless v2 on this full version may pause at 0 ACU. */
export function canPause(engine: RelationalEngine, version: string): boolean {
  const first = pauseVersion(engine, version);
  return first !== undefined && versionAtLeast(version, first);
}

/** Compares dotted versions numerically (16.10 > 16.9); text parts compare as equal. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.match(/\d+/g)!.map(Number);
  const b = minimum.match(/\d+/g)!.map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The port Redis OSS and Valkey listen on (ElastiCache's default; Blueprint does not change it). */
export const CACHE_PORT = 6379;

/** ElastiCache: major.minor versions per engine (the last is the default) and the parameter-group family of each. */
export const CACHE_VERSIONS: Record<CacheEngine, Record<string, string>> = {
  redis: { '6.2': 'redis6.x', '7.0': 'redis7', '7.1': 'redis7' },
  valkey: { '7.2': 'valkey7', '8.0': 'valkey8' },
};

const CACHE_FAMILIES = ['t3', 't4g', 'm5', 'm6g', 'm7g', 'r5', 'r6g', 'r7g'];
const CACHE_BURSTABLE_SIZES = ['micro', 'small', 'medium'];
const CACHE_STANDARD_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

/** Why a node type does not exist, or undefined when it does. */
export function nodeTypeProblem(nodeType: string): string | undefined {
  const [, family, size] = nodeType.split('.');
  if (!CACHE_FAMILIES.includes(family)) return `${nodeType} is not an ElastiCache node type (families: ${CACHE_FAMILIES.map((f) => `cache.${f}`).join(', ')})`;
  const sizes = family.startsWith('t') ? CACHE_BURSTABLE_SIZES : CACHE_STANDARD_SIZES;
  if (!sizes.includes(size)) return `${nodeType} does not exist: cache.${family} comes in ${sizes.join(', ')}`;
  return undefined;
}

/**
 * The log types each database engine can export to CloudWatch Logs; compliance profiles export them all
 * (the audit log of MySQL engines records only what its audit plugin or parameters switch on).
 */
export const DATABASE_LOG_EXPORTS: Record<'postgres' | 'mysql' | 'aurora-postgresql' | 'aurora-mysql', string[]> = {
  postgres: ['postgresql', 'upgrade'],
  'aurora-postgresql': ['postgresql'],
  mysql: ['audit', 'error', 'general', 'slowquery'],
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery'],
};

/** The parameter group family of an engine version: postgres16, mysql8.0, aurora-postgresql16, aurora-mysql8.0. */
export function parameterGroupFamily(engine: RelationalEngine, version: string): string {
  const major = majorOf(engine, version);
  return engine === 'aurora-mysql' ? 'aurora-mysql8.0' : `${engine}${major}`;
}

/** The parameter that makes each engine refuse connections without TLS, and its value. */
export const REQUIRE_TLS: Record<RelationalEngine, Record<string, string>> = {
  postgres: { 'rds.force_ssl': '1' },
  'aurora-postgresql': { 'rds.force_ssl': '1' },
  mysql: { require_secure_transport: 'ON' },
  'aurora-mysql': { require_secure_transport: 'ON' },
};
