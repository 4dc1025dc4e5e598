import type { Blueprint } from '../schema';
import { isCache, isRelational, type CacheStore, type RelationalStore, type S3Store, type TableStore } from '../schema/data';
import { closest } from '../load/suggest';
import type { CheckIssue } from './checks';
import { parseEdge } from './edges';
import {
  CACHE_VERSIONS,
  DATABASE_VERSIONS,
  canPause,
  instanceClassProblem,
  isAurora,
  nodeTypeProblem,
  pauseVersion,
  resolveDatabaseVersion,
} from './engines';

/**
 * Rules for tables, databases and caches: a table's capacity goes with
 * provisioned billing; a database's or cache's engine, version and class must
 * exist together, the shape must fit the engine, written choices must not
 * undercut the availability target, and edges must use each store the way it
 * can be used.
 */
export function checkStores(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [key, store] of Object.entries(bp.data ?? {})) {
    if (isCache(store)) issues.push(...checkCache(bp, key, store));
    else if (isRelational(store)) issues.push(...checkDatabase(bp, key, store));
    else if (store.engine === 's3') issues.push(...checkBucket(bp, key, store));
    else if (store.engine === 'dynamodb') issues.push(...checkTable(bp, key, store));
  }
  issues.push(...checkEdges(bp));
  return issues;
}

const production = (bp: Blueprint) => bp.requirements.availability >= 99.9;

/** Provisioned billing and capacity go together; autoscaling needs a range to move in; a global table needs its region and stream. */
function checkTable(bp: Blueprint, key: string, table: TableStore): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: string[]) => ['data', key, ...p];
  const c = table.capacity;
  if (table.billing === 'provisioned' && !c) {
    issues.push({ path: at('billing'), involves: [at('capacity')], message: 'provisioned billing needs capacity: { read: { min, max }, write: { min, max } } (the units autoscaling moves between)' });
  }
  if (c && table.billing !== 'provisioned') {
    issues.push({ path: at('capacity'), at: 'key', involves: [at('billing')], message: 'capacity is for billing: provisioned; an on-demand table scales by itself (set billing: provisioned, or remove capacity)' });
  }
  for (const dim of ['read', 'write'] as const) {
    if (c && c[dim].max < c[dim].min) issues.push({ path: at('capacity', dim, 'max'), involves: [at('capacity', dim, 'min')], message: `must be at least min (${c[dim].min})` });
  }
  if (table.replicate_to_secondary) issues.push(...checkGlobalTable(bp, key, table));
  return issues;
}

/** replicate_to_secondary on a table: the secondary region to replicate into, on-demand billing, the stream replication runs on. */
function checkGlobalTable(bp: Blueprint, key: string, table: TableStore): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: string[]) => ['data', key, ...p];
  if (bp.requirements.regions.secondary === undefined) {
    issues.push({ path: at('replicate_to_secondary'), at: 'key', involves: [['requirements', 'regions']], message: 'a global table keeps a replica in the secondary region: name it in requirements.regions.secondary' });
  }
  // A provisioned global table's write capacity is set once for every replica (and autoscaled as one), its
  // read capacity per replica: neither the design's capacity nor the renderers' autoscaling expresses that yet.
  if (table.billing === 'provisioned') {
    issues.push({ path: at('billing'), involves: [at('replicate_to_secondary')], message: 'not rendered yet: replicated tables are on demand (remove billing: provisioned, or replicate_to_secondary)' });
  }
  // DynamoDB replicates a global table through its stream, which must carry new and old images.
  if (table.stream !== undefined && table.stream !== 'new-and-old-images') {
    issues.push({ path: at('stream'), involves: [at('replicate_to_secondary')], message: `a global table replicates through a new-and-old-images stream: remove stream: ${table.stream}, or write new-and-old-images` });
  }
  return issues;
}

function checkDatabase(bp: Blueprint, key: string, db: RelationalStore): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: string[]) => ['data', key, ...p];
  const aurora = isAurora(db.engine);
  const version = resolveDatabaseVersion(db.engine, db.version);
  if (version === undefined) {
    const majors = Object.keys(DATABASE_VERSIONS[db.engine]);
    issues.push({ path: at('version'), involves: [at('engine')], message: `${db.engine} ${db.version} is not a version Blueprint can deploy (major versions: ${majors.join(', ')})` });
  }
  if (db.instance_class !== undefined) {
    const problem = db.serverless
      ? 'Serverless v2 instances have no class to choose: remove instance_class, or remove serverless for provisioned instances'
      : instanceClassProblem(db.engine, db.instance_class);
    if (problem) issues.push({ path: at('instance_class'), involves: [at('engine')], message: problem });
  }
  if (db.serverless) {
    if (!aurora) issues.push({ path: at('serverless'), at: 'key', involves: [at('engine')], message: `Serverless v2 is an Aurora feature: use engine aurora-${db.engine === 'mysql' ? 'mysql' : 'postgresql'}, or remove serverless` });
    else {
      const min = db.serverless.min_acu;
      if (min !== undefined && db.serverless.max_acu < min) issues.push({ path: at('serverless', 'max_acu'), involves: [at('serverless', 'min_acu')], message: `must be at least min_acu (${min})` });
      if (min === 0 && version && !canPause(db.engine, version)) {
        issues.push({ path: at('serverless', 'min_acu'), involves: [at('version')], message: `0 ACU (auto-pause) needs ${db.engine} ${pauseVersion(db.engine, version) ?? 'a newer major version'} or later; ${version} must keep at least 0.5` });
      }
    }
  }
  if (db.readers !== undefined && !aurora) {
    issues.push({ path: at('readers'), at: 'key', involves: [at('engine')], message: `an RDS ${db.engine} instance has no readers (its Multi-AZ standby follows from availability); use an Aurora engine for readers` });
  }
  if (db.readers === 0 && aurora && production(bp)) {
    issues.push({ path: at('readers'), involves: [['requirements', 'availability']], message: `availability ${bp.requirements.availability} % needs a failover target in another AZ: at least 1 reader` });
  }
  if (db.storage_gb !== undefined && aurora) {
    issues.push({ path: at('storage_gb'), at: 'key', involves: [at('engine')], message: 'Aurora storage grows by itself: remove storage_gb' });
  }
  return issues;
}

/** Replication to the secondary region needs that region, and versioning on both buckets (S3 refuses it otherwise). */
function checkBucket(bp: Blueprint, key: string, bucket: S3Store): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: string[]) => ['data', key, ...p];
  if (!bucket.versioned && bucket.lifecycle?.noncurrent_expire_after_days !== undefined) {
    issues.push({ path: at('lifecycle', 'noncurrent_expire_after_days'), at: 'key', involves: [at('versioned')], message: 'an unversioned bucket keeps no noncurrent versions to expire: remove it, or remove versioned: false' });
  }
  if (!bucket.replicate_to_secondary) return issues;
  if (bp.requirements.regions.secondary === undefined) {
    issues.push({ path: at('replicate_to_secondary'), at: 'key', involves: [['requirements', 'regions']], message: 'replication copies every object into the secondary region: name it in requirements.regions.secondary' });
  }
  if (!bucket.versioned) {
    issues.push({ path: at('versioned'), involves: [at('replicate_to_secondary')], message: 'S3 replication requires versioning on both buckets: remove versioned: false, or replicate_to_secondary' });
  }
  return issues;
}

function checkCache(bp: Blueprint, key: string, cache: CacheStore): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const at = (...p: string[]) => ['data', key, ...p];
  const versions = Object.keys(CACHE_VERSIONS[cache.engine]);
  if (cache.version !== undefined && !versions.includes(cache.version)) {
    issues.push({ path: at('version'), involves: [at('engine')], message: `${cache.engine} ${cache.version} is not a version Blueprint can deploy (${versions.join(', ')})` });
  }
  const problem = cache.node_type && nodeTypeProblem(cache.node_type);
  if (problem) issues.push({ path: at('node_type'), message: problem });
  if (cache.shards !== undefined && !cache.cluster_mode) {
    issues.push({ path: at('shards'), at: 'key', involves: [at('cluster_mode')], message: 'shards need cluster_mode: true (without it the cache is one node group)' });
  }
  if (cache.replicas === 0 && production(bp)) {
    issues.push({ path: at('replicas'), involves: [['requirements', 'availability']], message: `availability ${bp.requirements.availability} % needs a replica in another AZ to fail over to: at least 1` });
  }
  const target = cache.in_front_of;
  if (target !== undefined) {
    const other = bp.data?.[target];
    const names = Object.keys(bp.data ?? {}).filter((k) => k !== key);
    if (target === key) issues.push({ path: at('in_front_of'), message: 'a cache cannot be in front of itself' });
    else if (!other) {
      const guess = closest(target, names);
      issues.push({ path: at('in_front_of'), involves: [['data', target]], message: `"${target}" is not a data store${guess ? ` (did you mean "${guess}"?)` : ''}` });
    } else if (isCache(other) || other.engine === 'sqs' || other.engine === 'sns') {
      issues.push({ path: at('in_front_of'), message: `"${target}" is ${other.engine === 'sqs' ? 'a queue' : other.engine === 'sns' ? 'a topic' : 'a cache'}: a cache goes in front of a database, table or bucket` });
    }
  }
  return issues;
}

/** How each `uses` edge may reach a store: which stores have nothing (or no read-only way) to read. */
function checkEdges(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [name, svc] of Object.entries(bp.services)) {
    (svc.uses ?? []).forEach((entry, i) => {
      const { target, mode } = parseEdge(entry);
      const store = bp.data?.[target];
      if (!store || mode !== 'read') return;
      const path = ['services', name, 'uses', i];
      if (store.engine === 'sns') {
        issues.push({ path, message: `"${target}" is an SNS topic: services publish to it, there is nothing to read (write uses: [${target}])` });
      } else if (isCache(store)) {
        issues.push({ path, message: `"${target}" is a cache: a cache has no read-only access (write uses: [${target}])` });
      } else if (isRelational(store) && !isAurora(store.engine)) {
        issues.push({ path, message: `"${target}" is one RDS instance: there is no read-only endpoint to give (use an Aurora engine with readers, or write uses: [${target}])` });
      } else if (isRelational(store) && (store.readers ?? (production(bp) ? 1 : 0)) === 0) {
        issues.push({ path, involves: [['data', target, 'readers']], message: `"${target}" has no readers, so its reader endpoint is the writer: add readers, or write uses: [${target}]` });
      }
    });
  }
  return issues;
}
