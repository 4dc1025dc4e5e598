import { DecisionLog, recorder } from './decisions';
import { acknowledgeInPacks, profileNames } from './compliance';
import type { AccessLogsDesign, AcknowledgementDesign, BucketDesign, Design, ElbLogDelivery, SecurityDesign, StoreDesign } from './types';

/**
 * Access logs, safe by default (cdk-nag AwsSolutions-ELB2, AwsSolutions-S1): every stack that has a load
 * balancer or creates a bucket gets one access-log bucket of its own; the load balancer and every bucket it
 * creates log into it. The disaster-recovery stack gets one in its region for the replicas' logs.
 */

export const ACCESS_LOGS_KEY = 'access-logs';
/** The tag that names the access-log bucket (it is not a data store: no blueprint:store tag). */
export const ACCESS_LOGS_TAG = 'blueprint:logs';
export const ALB_LOG_PREFIX = 'logs/alb';
export const bucketLogPrefix = (key: string): string => `logs/s3/${key}/`;

/** Where a CloudFront distribution's standard logs go: `logs/cloudfront/<site key | api-<key> | load-balancer>/`. */
export const distributionLogPrefix = (name: string): string => `logs/cloudfront/${name}/`;

/**
 * The regional Elastic Load Balancing account that delivers ALB access logs, for the regions Blueprint
 * knows (regions.ts), all opened before August 2022; aws-cdk-lib's RegionInfo elbv2Account says the same
 * (a test checks). A region opened later has no such account: the log delivery service principal writes.
 */
export const ELB_LOG_ACCOUNTS: Record<string, string> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-2': '797873946194',
  'ca-central-1': '985666609251',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-west-3': '009996457667',
  'eu-central-1': '054676820928',
  'eu-north-1': '897822967062',
  'eu-south-1': '635631232127',
  'ap-south-1': '718504428378',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ap-northeast-2': '600734575887',
  'sa-east-1': '507241528517',
};

export function elbLogDelivery(region: string): ElbLogDelivery {
  const accountId = ELB_LOG_ACCOUNTS[region];
  return accountId
    ? { principal: 'account', accountId, deliveryLogsService: 'delivery.logs.amazonaws.com' }
    : { principal: 'service', service: 'logdelivery.elasticloadbalancing.amazonaws.com', deliveryLogsService: 'delivery.logs.amazonaws.com' };
}

/** Buckets the stack itself creates (a standby's replica is the disaster-recovery stack's). */
const ownBucket = (s: StoreDesign): s is BucketDesign => s.kind === 'bucket' && !s.standbyReplica;

function logBucket(region: string, expireAfterDays: number, loadBalancer: boolean, sources: string[], versioned: boolean, distributions: boolean): AccessLogsDesign {
  return {
    key: ACCESS_LOGS_KEY,
    region,
    tags: { [ACCESS_LOGS_TAG]: ACCESS_LOGS_KEY },
    encryption: 'sse-s3',
    versioned,
    objectOwnership: distributions ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced',
    expireAfterDays,
    retain: true,
    ...(loadBalancer ? { loadBalancer: { prefix: ALB_LOG_PREFIX, delivery: elbLogDelivery(region) } } : {}),
    serverAccessLogs: [...sources].sort().map((source) => ({ source, prefix: bucketLogPrefix(source) })),
  };
}

/**
 * The design with its access logs: the stack's log bucket (design.accessLogs), the load balancer's and each
 * created bucket's logging into it, and the disaster-recovery stack's log bucket for the replicas. Pure and
 * idempotent (a standby recomputes it once its replicas are known); `log` records the decisions.
 */
export function withAccessLogs<D extends Design>(d: D, log?: DecisionLog): D {
  const days = Math.max(1, d.observability.logRetentionDays);
  const auditBucket = d.audit?.bucket;
  const buckets = [...d.stores.filter(ownBucket).map((b) => b.key), ...(auditBucket ? [auditBucket.key] : []), ...(d.sites ?? []).map((s) => s.key)];
  // CloudFront distributions' standard logs: every site's, every API CDN's, the load balancer's CDN.
  const distributions = distributionsOf(d);
  const accessLogs = d.loadBalancer || buckets.length || distributions.length ? logBucket(d.region, days, d.loadBalancer !== undefined, buckets, d.security.hardened, distributions.length > 0) : undefined;
  const logsOf = (name: string) => ({ accessLogs: { prefix: distributionLogPrefix(name) } });
  const stores = d.stores.map((s): StoreDesign => {
    if (s.kind !== 'bucket') return s;
    const { accessLogs: _old, ...rest } = s;
    const replication = rest.replication && { ...rest.replication, accessLogs: { prefix: bucketLogPrefix(s.key) } };
    return { ...rest, ...(replication ? { replication } : {}), ...(ownBucket(s) ? { accessLogs: { prefix: bucketLogPrefix(s.key) } } : {}) };
  });
  const secondary = d.resilience.secondary;
  const drLogs = secondary && secondary.replicas.length ? logBucket(secondary.region, days, false, secondary.replicas, d.security.hardened, false) : undefined;
  const { accessLogs: _none, ...withoutLogs } = d;
  const out = {
    ...withoutLogs,
    ...(d.audit ? { audit: { ...d.audit, ...(auditBucket ? { bucket: { ...auditBucket, accessLogs: { prefix: bucketLogPrefix(auditBucket.key) } } } : {}) } } : {}),
    ...(accessLogs ? { accessLogs } : {}),
    loadBalancer: d.loadBalancer && { ...d.loadBalancer, accessLogs: { prefix: ALB_LOG_PREFIX }, ...(d.loadBalancer.cdn ? { cdn: { ...d.loadBalancer.cdn, ...logsOf('load-balancer') } } : {}) },
    ...(d.sites ? { sites: d.sites.map((x) => ({ ...x, distribution: { ...x.distribution, ...logsOf(x.key) } })) } : {}),
    apis: d.apis.map((a) => (a.cdn ? { ...a, cdn: { ...a.cdn, ...logsOf(`api-${a.key}`) } } : a)),
    stores,
    resilience: secondary ? { ...d.resilience, secondary: { ...withoutKey(secondary, 'accessLogs'), ...(drLogs ? { accessLogs: drLogs } : {}) } } : d.resilience,
  } as D;
  if (!d.loadBalancer) delete (out as Design).loadBalancer;
  if (log) record(d, accessLogs, drLogs, log);
  // Recomputed with the log buckets: a log bucket does not log into itself. AwsSolutions-S1 counts a bucket
  // that receives other buckets' server access logs as a log bucket, and flags one that receives only the
  // load balancer's.
  out.acknowledgements = [
    ...d.acknowledgements.filter((a) => a.on.kind !== 'access-log-bucket'),
    ...(accessLogs ? logBucketAcknowledgements('own', accessLogs, d.security) : []),
    ...(drLogs ? logBucketAcknowledgements('disaster-recovery', drLogs, d.security) : []),
  ];
  return out;
}

/** What a log bucket cannot be, and why: each finding of AwsSolutions and the profiles' packs it trips. */
function logBucketAcknowledgements(stack: 'own' | 'disaster-recovery', logs: AccessLogsDesign, security: SecurityDesign): AcknowledgementDesign[] {
  const collected = new DecisionLog();
  const on = { kind: 'access-log-bucket', stack } as const;
  const which = stack === 'own' ? "stack's" : "disaster-recovery stack's";
  const itself = `the ${which} access-log bucket, where the load balancer's and the buckets' access logs go: logging its own requests into itself would write a log object for every log object, without end`;
  // A bucket that receives other buckets' server access logs counts as a log bucket; one that receives only the load balancer's does not.
  if (!logs.serverAccessLogs.length) {
    collected.acknowledge({ rule: 'AwsSolutions-S1', on, reason: itself });
    acknowledgeInPacks(collected, security, 'S3BucketLoggingEnabled', on, itself);
  }
  acknowledgeInPacks(collected, security, 'S3DefaultEncryptionKMS', on, `the ${which} access-log bucket is encrypted with SSE-S3: load balancer access logs and S3 server access logs can be delivered only to a bucket with SSE-S3 (a KMS key is refused)`);
  acknowledgeInPacks(collected, security, 'S3BucketReplicationEnabled', on, `the ${which} access-log bucket is not replicated: access logs are records of this region, kept ${logs.expireAfterDays} days${logs.versioned ? ' and versioned' : ''}, and the bucket is kept when the stack is deleted`);
  return collected.acknowledgements;
}

/** The distributions of a design, by the name their standard logs go under: each site's key, api-<key>, load-balancer. */
function distributionsOf(d: Design): string[] {
  return [...(d.sites ?? []).map((x) => x.key), ...d.apis.filter((a) => a.cdn).map((a) => `api-${a.key}`), ...(d.loadBalancer?.cdn ? ['load-balancer'] : [])];
}

function withoutKey<T extends object, K extends keyof T>(o: T, k: K): Omit<T, K> {
  const { [k]: _drop, ...rest } = o;
  return rest;
}

function record(d: Design, logs: AccessLogsDesign | undefined, dr: AccessLogsDesign | undefined, log: DecisionLog): void {
  const record = recorder(log, 'observability', 'observability.access_logs');
  if (!logs && !dr) return;
  const list = (l: AccessLogsDesign) => `${l.serverAccessLogs.length === 1 ? 'bucket' : 'buckets'} ${l.serverAccessLogs.map((s) => s.source).join(', ')}`;
  const distributions = distributionsOf(d);
  const writers = (l: AccessLogsDesign) => [l.loadBalancer && 'the load balancer', l.serverAccessLogs.length && list(l), l === logs && distributions.length && `the distributions of ${distributions.join(', ')}`].filter(Boolean).join(' and ');
  if (logs) {
    record(
      'bucket',
      `one access-log bucket in ${d.region} for ${writers(logs)}`,
      'derived',
      "cdk-nag AwsSolutions-ELB2 and AwsSolutions-S1: who reached the load balancer and the data is recorded. One bucket per stack, in the stack's region (log delivery writes only to a bucket in its own region); it does not log into itself",
    );
  }
  if (dr) {
    record(
      'dr_bucket',
      `one access-log bucket in ${dr.region} (${d.name}-dr) for the replicas of ${list(dr)}`,
      'derived',
      "S3 server access logs go to a bucket in the source bucket's own region: the disaster-recovery stack gets a log bucket of its own for its replicas",
    );
  }
  const l = (logs ?? dr)!;
  record('encryption', 'SSE-S3', 'default', 'ALB access logs support only SSE-S3 (a KMS key is refused); all public access blocked, TLS-only');
  record('expire_after_days', l.expireAfterDays, 'derived', `observability.log_retention_days ${d.observability.logRetentionDays} (at least 1): access logs are kept as long as every other log, then expire`);
  record(
    'versioned',
    l.versioned,
    l.versioned ? 'derived' : 'default',
    l.versioned
      ? `${profileNames(d.security)}: versioned, so a log object overwritten or deleted before it expires can be recovered; noncurrent versions expire as the logs do`
      : 'log objects are written once and never overwritten; versions would only keep expired logs',
  );
  if (logs?.objectOwnership === 'BucketOwnerPreferred') {
    record(
      'object_ownership',
      'BucketOwnerPreferred',
      'derived',
      `CloudFront standard logs of ${distributions.join(', ')}, each under ${distributionLogPrefix('<name>')} (cookies left out), kept ${logs.expireAfterDays} days as every access log (cdk-nag AwsSolutions-CFR3): CloudFront delivers them by an ACL grant to its log-delivery account, so ACLs are enabled, the bucket owner still owning every object it is given (BucketOwnerPreferred); public access stays blocked, public ACLs included. Chosen over standard logging v2 (CloudWatch Logs delivery): cdk-nag reads the distribution's Logging alone, and one bucket already keeps every other access log for the same days. The logs cost only their storage`,
    );
  } else record('object_ownership', 'BucketOwnerEnforced', 'default', 'ACLs disabled: the bucket owner owns every log object whoever delivers it; access is the bucket policy alone');
  record(
    'retain',
    true,
    'default',
    'kept when the stack is deleted: the logs are the record of what happened, wanted most after a teardown, and CloudFormation cannot delete a bucket that still holds objects; the expiry empties it over time',
  );
  if (logs?.loadBalancer) {
    const dlv = logs.loadBalancer.delivery;
    record(
      'load_balancer_delivery',
      dlv.principal === 'account' ? `ELB account ${dlv.accountId} (${d.region}) under ${logs.loadBalancer.prefix}/` : `${dlv.service} under ${logs.loadBalancer.prefix}/`,
      'derived',
      `${d.region} ${dlv.principal === 'account' ? 'opened before August 2022: its regional Elastic Load Balancing account writes the logs' : 'opened in August 2022 or later: the log delivery service principal writes the logs'}, only under ${logs.loadBalancer.prefix}/AWSLogs/<account>/ (that principal sends no source account or ARN to scope by); ${dlv.deliveryLogsService} as aws-cdk-lib grants it`,
    );
  }
  const sources = [...(logs?.serverAccessLogs ?? []), ...(dr?.serverAccessLogs.map((s) => ({ ...s, source: `${s.source} (replica)` })) ?? [])];
  if (sources.length) {
    record(
      'bucket_server_access_logs',
      sources.map((s) => `${s.source} -> ${s.prefix}`).join(', '),
      'derived',
      'each bucket sends its S3 server access logs under a prefix of its own; logging.s3.amazonaws.com may write there only for that source bucket (aws:SourceArn) of this account (aws:SourceAccount)',
    );
  }
}
