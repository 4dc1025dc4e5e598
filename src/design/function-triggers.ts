import type { Blueprint, Service } from '../schema';
import { pct, type recorder } from './decisions';
import { queueLoads } from './queue-load';
import { tableLoads } from './table-load';
import { byText } from '../text';

/*
 * Function triggers (services.<key>.triggers): what invokes a function besides its callers, the queue it consumes
 * and its schedule. A table's change stream: Lambda polls the table's DynamoDB stream, shard by shard, and invokes
 * the function with batches of its records in order (an event source mapping). Every decision of the mapping, the
 * stream's view, the function's timeout and concurrency for it, with its arithmetic; the renderers decide nothing.
 */

/**
 * A DynamoDB stream event source mapping: from the newest record (LATEST), batches of batchSize records; a batch that
 * fails is split in two (bisect) and retried at most maximumRetryAttempts times, a record older than
 * maximumRecordAgeSeconds is not retried, and either way the batch's description (its shard and sequence numbers;
 * the records stay in the stream for 24 h) goes to the function's dead-letter queue; the function reports the first
 * record that failed (ReportBatchItemFailures), so the records before it are not processed again.
 */
export interface FunctionStreamTrigger {
  /** The table (a key under data) whose stream invokes it. */
  store: string;
  startingPosition: 'LATEST';
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  /** Concurrent batches per shard (1-10): a shard's records in order within each partition key, several keys at once. */
  parallelizationFactor: number;
  bisectBatchOnFunctionError: true;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  /** Where a batch that failed every retry is described: the function's own dead-letter queue. */
  onFailure: 'dead-letter';
  reportBatchItemFailures: true;
  /** What the execution role may do on the stream (its ARN, the table's StreamArn), sorted: exactly what the mapping reads with. */
  actions: string[];
  /** Its IteratorAge alarm's threshold (iteratorAgeThreshold): how far behind the newest record the consumer may fall. */
  iteratorAgeAlarmSeconds: number;
}

/**
 * A bucket's created objects, through EventBridge: the bucket sends its events to the account's default event bus
 * (its EventBridge configuration), and a rule of the stack matching Object Created in that bucket (under prefix,
 * ending in suffix) invokes the function asynchronously, one event an object; Lambda then retries a failed run
 * twice and dead-letters it (the function's asynchronous retries). The rule retries delivering an event to Lambda
 * for maximumEventAgeSeconds, at most maximumRetryAttempts times. The Lambda permission lets that rule alone invoke it.
 */
export interface FunctionBucketTrigger {
  /** The bucket (a key under data) whose objects invoke it. */
  store: string;
  /** The S3 event EventBridge delivers: an object created (put, copied, or completed as a multipart upload). */
  detailType: 'Object Created';
  prefix?: string;
  suffix?: string;
  /**
   * The event pattern's filter on the object's key (detail.object.key), one matcher: { prefix }, { suffix }, or both
   * as one { wildcard: "<prefix>*<suffix>" } (in a pattern, a list of matchers is any of them, not all); absent: every key.
   */
  keyMatcher?: { prefix: string } | { suffix: string } | { wildcard: string };
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

/** EventBridge's most retries and longest wait delivering an event to its target. */
const EVENTBRIDGE_RETRIES = 185;
const EVENTBRIDGE_EVENT_AGE_SECONDS = 86_400;

/** Lambda's default batch for a DynamoDB stream. */
const STREAM_BATCH_SIZE = 100;
/** What a DynamoDB partition (and so a stream shard) takes at most: 1,000 write units a second. */
const SHARD_WRITES_PER_SECOND = 1000;
/** Lambda's most concurrent batches per shard. */
const MAX_PARALLELIZATION = 10;
const UTILISATION = 0.8;
/** DynamoDB keeps a stream's records 24 hours. */
export const STREAM_RETENTION_SECONDS = 86_400;
/** What Lambda's event source mapping reads a DynamoDB stream with (AWS's DynamoDB guide scopes all four to the stream). */
export const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
/** Without rto_minutes: a stream consumer an hour behind pages. */
const DEFAULT_ITERATOR_AGE_SECONDS = 3600;

/** The table whose stream invokes a function, or undefined. */
export const triggerTableOf = (svc: Service | undefined): string | undefined => (svc?.kind === 'function' ? svc.triggers?.table : undefined);

/** The bucket whose created objects invoke a function, or undefined. */
export const triggerBucketOf = (svc: Service | undefined): string | undefined => (svc?.kind === 'function' ? svc.triggers?.bucket : undefined);

/** The functions a bucket's created objects invoke, sorted. */
export function bucketConsumers(bp: Blueprint, bucket: string): string[] {
  return Object.entries(bp.services)
    .filter(([, s]) => triggerBucketOf(s) === bucket)
    .map(([k]) => k)
    .sort(byText);
}

/**
 * The rule of the bucket whose created objects invoke function `key`, its choices recorded: EventBridge rather than
 * S3's own notification to Lambda (which CloudFormation writes on the bucket only with a custom resource in CDK, and
 * which allows one notification per event type and prefix across every consumer of the bucket), a rule per function,
 * its filter on the key, and its retries.
 */
export function designBucketTrigger(bp: Blueprint, key: string, record: ReturnType<typeof recorder>): FunctionBucketTrigger {
  const svc = bp.services[key];
  const bucket = triggerBucketOf(svc)!;
  const { prefix, suffix } = svc.triggers ?? {};
  const filter = [prefix !== undefined && `keys starting ${prefix}`, suffix !== undefined && `ending ${suffix}`].filter(Boolean).join(', ');
  record(
    'triggers',
    `bucket ${bucket}: objects created${filter ? ` (${filter})` : ''}, through EventBridge`,
    'written',
    `${bucket} sends its events to EventBridge (the default bus; S3's events are free there), and a rule of the stack matching Object Created in ${bucket}${filter ? ` with ${filter}` : ''} invokes the function asynchronously, one event an object. EventBridge rather than S3's notification to Lambda: the rule is a plain resource in both backends (aws-cdk-lib writes a bucket's own notifications with a custom resource and a function of its own), each consumer of the bucket has a rule of its own (S3 takes one notification per event type and overlapping prefix), and a rule retries a delivery. Only that rule may invoke the function (its Lambda permission's source ARN)`,
  );
  record(
    'event_retries',
    `${EVENTBRIDGE_RETRIES} deliveries within ${EVENTBRIDGE_EVENT_AGE_SECONDS / 3600} h, then Lambda's 2 retries and the dead-letter queue`,
    'default',
    `EventBridge retries handing an event to Lambda (throttled, or the service unavailable) for up to ${EVENTBRIDGE_EVENT_AGE_SECONDS / 3600} h (its longest); once Lambda has it, a failing run is retried twice and then kept in the function's dead-letter queue, alarmed, for 14 days`,
  );
  // A wildcard's own * and \ are escaped with \.
  const literal = (x: string) => x.replace(/[\\*]/g, (c) => `\\${c}`);
  const keyMatcher =
    prefix !== undefined && suffix !== undefined ? { wildcard: `${literal(prefix)}*${literal(suffix)}` } : prefix !== undefined ? { prefix } : suffix !== undefined ? { suffix } : undefined;
  return {
    store: bucket,
    detailType: 'Object Created',
    ...(prefix !== undefined ? { prefix } : {}),
    ...(suffix !== undefined ? { suffix } : {}),
    ...(keyMatcher ? { keyMatcher } : {}),
    maximumRetryAttempts: EVENTBRIDGE_RETRIES,
    maximumEventAgeSeconds: EVENTBRIDGE_EVENT_AGE_SECONDS,
  };
}

/** The functions a table's stream invokes, sorted. */
export function streamConsumers(bp: Blueprint, table: string): string[] {
  return Object.entries(bp.services)
    .filter(([, s]) => triggerTableOf(s) === table)
    .map(([k]) => k)
    .sort(byText);
}

/** The records a second a table's stream carries at peak (its writes), and why; undefined when no write rate is known. */
export function streamRate(bp: Blueprint, table: string): { perSecond: number; why: string } | undefined {
  const load = tableLoads(bp, queueLoads(bp)).get(table);
  if (!load || load.writesPerSecond <= 0) return undefined;
  return { perSecond: load.writesPerSecond, why: `${table}'s writes at peak, one stream record each: ${load.writesWhy}` };
}

/**
 * How a stream consumer keeps up: DynamoDB gives the stream a shard per partition, and a partition takes at most
 * 1,000 writes a second, so at least ceil(writes / 1,000) shards; each shard's records arrive at writes / shards a
 * second, and one batch at a time takes duration_ms, so a shard needs that rate x duration / batch size / 80 %
 * concurrent batches (the parallelization factor, 1-10). Its concurrency is shards x factor. Without a write rate:
 * one batch per shard, and the concurrency of a function with no known peak.
 */
export function streamSizing(
  bp: Blueprint,
  key: string,
  durationMs: number,
): { parallelizationFactor: number; concurrency: number; peak: number | undefined; why: string; invocationsWhy?: string } {
  const table = triggerTableOf(bp.services[key])!;
  const rate = streamRate(bp, table);
  if (!rate) {
    return { parallelizationFactor: 1, concurrency: 10, peak: undefined, why: `no write rate known for ${table} (its writers have no peak_rps, nor does requirements): one batch per shard at a time; 10 concurrent runs` };
  }
  const shards = Math.max(1, Math.ceil(Number((rate.perSecond / SHARD_WRITES_PER_SECOND).toFixed(6))));
  const perShard = rate.perSecond / shards;
  const busy = (perShard * durationMs) / 1000 / STREAM_BATCH_SIZE / UTILISATION;
  const needed = Math.max(1, Math.ceil(Number(busy.toFixed(6))));
  const parallelizationFactor = Math.min(MAX_PARALLELIZATION, needed);
  const why =
    `${rate.why}; ${pct(rate.perSecond)}/s / ${SHARD_WRITES_PER_SECOND} writes/s a partition -> at least ${shards} shard${shards === 1 ? '' : 's'} of ${pct(perShard)} records/s; ` +
    `${pct(perShard)}/s x ${pct(durationMs)} ms / ${STREAM_BATCH_SIZE} records a batch / ${UTILISATION * 100} % = ${pct(Number(busy.toFixed(3)))} -> ${needed} concurrent batch${needed === 1 ? '' : 'es'} per shard` +
    `${needed > MAX_PARALLELIZATION ? `, at most ${MAX_PARALLELIZATION} (Lambda's limit: the stream falls behind, see its IteratorAge alarm; lower duration_ms)` : ''}; ${shards} x ${parallelizationFactor} = ${shards * parallelizationFactor} concurrent runs`;
  // Invocations: a record alone while a shard's records arrive slower than one batch's time; else the batch holds what
  // arrived while the one before ran (perShard x duration), at most batchSize records.
  const perBatch = Math.min(STREAM_BATCH_SIZE, Math.max(1, (perShard * durationMs) / 1000));
  const invocations = (shards * perShard) / perBatch;
  const invocationsWhy = `${pct(rate.perSecond)} records/s at peak in batches of ${pct(Number(perBatch.toFixed(3)))} (what a shard's ${pct(perShard)}/s brings in one batch's ${pct(durationMs)} ms, at least 1, at most ${STREAM_BATCH_SIZE}) = ${pct(Number(invocations.toFixed(3)))} invocations/s: what its requests and GB-seconds are billed at`;
  return { parallelizationFactor, concurrency: shards * parallelizationFactor, peak: Number(invocations.toFixed(6)), why, invocationsWhy };
}

/**
 * The timeout of a stream consumer: a batch that hangs holds its shard (no later record of it is processed) until
 * Lambda stops it, so 5 x duration_ms, within 30-900 s: room for a slow batch, and a hung one is stopped soon.
 */
export function streamTimeout(durationMs: number): { seconds: number; why: string } {
  const seconds = Math.min(900, Math.max(30, Math.ceil((5 * durationMs) / 1000)));
  return { seconds, why: `5 x duration_ms ${pct(durationMs)} ms, within 30-900 s: a hung batch holds its shard's later records until it is stopped, so it is stopped soon, with room for a slow one` };
}

/** The event source mapping of the table whose stream invokes function `key`, each setting recorded. */
export function designStreamTrigger(bp: Blueprint, key: string, parallelizationFactor: number, record: ReturnType<typeof recorder>): FunctionStreamTrigger {
  const table = triggerTableOf(bp.services[key])!;
  record(
    'triggers',
    `table ${table}: its stream, from LATEST, batches of ${STREAM_BATCH_SIZE}`,
    'written',
    `Lambda polls the stream of ${table} shard by shard and invokes the function with up to ${STREAM_BATCH_SIZE} records (Lambda's default batch for a stream), in order within a shard, from the newest record when the mapping is created (LATEST: what was written before it is not replayed), with no batching window (a record waits for nothing but the batch before it)`,
  );
  record('parallelization_factor', parallelizationFactor, 'derived', `concurrent batches per shard (records of one partition key stay in order): see concurrency`);
  record(
    'stream_retries',
    'bisect on error, 2 retries, records kept 24 h',
    'default',
    `a failing batch is split in two and each half retried (isolating the record that fails), at most 2 retries, then described (shard, sequence numbers) in the function's dead-letter queue and skipped, so one bad record holds its shard for minutes, not the stream's 24 hours (Lambda's default: retry until the record expires); no record is skipped for its age (maximum record age ${STREAM_RETENTION_SECONDS / 3600} h, the stream's own retention); the function reports the first record that failed (ReportBatchItemFailures), so the records before it are not processed again`,
  );
  const actions = [...STREAM_READ_ACTIONS].sort();
  record('access_stream', `${table}'s stream: ${actions.join(', ')}`, 'derived', `what the event source mapping reads the stream with, on that stream's ARN only (not the table's: the function reads the table itself only if it uses it)`);
  const age = iteratorAgeThreshold(bp);
  record('alarm_iterator_age', `IteratorAge > ${pct(age.seconds)} s`, 'derived', age.why);
  return {
    iteratorAgeAlarmSeconds: age.seconds,
    store: table,
    startingPosition: 'LATEST',
    batchSize: STREAM_BATCH_SIZE,
    maximumBatchingWindowSeconds: 0,
    parallelizationFactor,
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: 2,
    maximumRecordAgeSeconds: STREAM_RETENTION_SECONDS,
    onFailure: 'dead-letter',
    reportBatchItemFailures: true,
    actions,
  };
}

/**
 * The threshold of a stream consumer's IteratorAge alarm (the age of the last record of a batch when it was
 * read), in seconds: half of rto_minutes (an hour without one), at most a quarter of the stream's 24-hour retention,
 * so the consumer is caught falling behind long before DynamoDB drops records it has not read.
 */
export function iteratorAgeThreshold(bp: Blueprint): { seconds: number; why: string } {
  const rto = bp.requirements.rto_minutes;
  const objective = rto !== undefined ? (rto * 60) / 2 : DEFAULT_ITERATOR_AGE_SECONDS;
  const seconds = Math.max(60, Math.min(STREAM_RETENTION_SECONDS / 4, objective));
  const why = `${rto !== undefined ? `half of requirements.rto_minutes ${rto}` : 'an hour (no rto_minutes)'}${seconds < objective ? `, at most a quarter of the stream's 24 h retention` : ''}${seconds > objective ? ', at least a minute' : ''}: ${pct(seconds)} s behind, long before DynamoDB drops records it has not read`;
  return { seconds, why };
}
