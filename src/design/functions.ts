import type { Blueprint, Service } from '../schema';
import { DEFAULT_FUNCTION_MEMORY, FUNCTION_RUNTIMES } from '../schema/services';
import { isCache, isRelational } from '../schema/data';
import { designAccess } from './access';
import { acknowledgeInPacks } from './compliance';
import { pct, recorder, type DecisionLog } from './decisions';
import { peakOf, queueLoads } from './queue-load';
import { routesTo } from './apis';
import { AVERAGE_LOAD_PERCENT } from './scaling';
import { asTagged, type Sizing } from './sizing';
import type { AccessDesign, ConnectionDesign, JobDesign, SecurityDesign } from './types';
import { byText } from '../text';
import { designBucketTrigger, designStreamTrigger, streamSizing, streamTimeout, triggerBucketOf, triggerTableOf, type FunctionBucketTrigger, type FunctionStreamTrigger } from './function-triggers';

/*
 * Functions (kind: function): AWS Lambda functions invoked by the queue they consume (an event source
 * mapping) or on their schedule (EventBridge Scheduler). Their size, timeout and concurrency come from the
 * work they state (duration_ms) and the rate that reaches them; their access, like a task's, from their
 * uses edges. Calls from services and APIs arrive with `apis`.
 */

export type FunctionRuntime = (typeof FUNCTION_RUNTIMES)[number];

export interface FunctionDesign {
  key: string;
  /** The code's directory or .zip file, from the working directory (the load resolved it from the blueprint file); absent for an image. */
  code?: string;
  /** Absent for an image, which carries its runtime. */
  runtime?: FunctionRuntime;
  /** Absent for an image (its CMD is the entry point). */
  handler?: string;
  /** A container image (PackageType Image): an ECR image URI in the stack's region, by tag or digest; absent for code. */
  image?: string;
  arch: 'arm64' | 'x86_64';
  memoryMb: number;
  timeoutSeconds: number;
  /** Reserved concurrency: the most copies that run at once, kept from the account's pool for this function. */
  reservedConcurrency: number;
  /** Plain environment: what the blueprint writes and the stores' ports and database names; never a secret. */
  environment: Record<string, string>;
  /** IAM permissions on data stores, one entry per uses edge to a store (a consumed queue among them), sorted by store. */
  access: AccessDesign[];
  /** Connection details injected as environment variables, resolved by each renderer. */
  connections: ConnectionDesign[];
  /**
   * Secrets the code reads itself from Secrets Manager (Lambda has no secret injection): each one's ARN as an
   * environment variable, <STORE>_SECRET_ARN, and secretsmanager:GetSecretValue on exactly that secret.
   */
  secrets: { variable: string; store: string }[];
  /** Actions on the stack's key (kms:Decrypt to read SSE-KMS data and secrets, kms:GenerateDataKey to write), sorted; empty without one. */
  keyActions: string[];
  /** Its own log group, kept this many days; the role may write exactly there. */
  logRetentionDays: number;
  /** Its log lines as the code writes them (Text): JSON would also filter by log levels, which Blueprint does not set. */
  logFormat: 'Text';
  /** X-Ray active tracing: Lambda samples invocations (its default rule: the first each second, then 5 %). */
  tracing: 'Active';
  /** In the VPC's private subnets with a security group of its own (it admits nothing), or absent: Lambda's own network. */
  vpc?: { subnets: 'private' };
  /**
   * Where asynchronous invocations that failed every retry go (its schedule's runs among them): an SQS queue of
   * its own, encrypted as the stores are and TLS only, keeping messages retentionSeconds.
   */
  deadLetter: { retentionSeconds: number; encryption: 'sse-sqs' | 'customer-managed' };
  /**
   * Lambda's retries of an asynchronous invocation, and how long an event may wait to be run (EventInvokeConfig),
   * on the qualifier its asynchronous invocations run: $LATEST, or its alias (an unqualified function's config does
   * not apply to invocations of an alias).
   */
  asyncRetries: { qualifier: '$LATEST' | FunctionAlias['name']; maximumRetryAttempts: number; maximumEventAgeSeconds: number };
  /**
   * What its execution role may do besides its stores (access) and secrets: write its log group, send X-Ray
   * segments, send to its dead-letter queue, (in the VPC) manage the network interfaces Lambda attaches, and read
   * its secrets (on those in `secrets`; none without).
   * Actions sorted; "*" only where IAM accepts nothing else.
   */
  role: { logs: string[]; traces: string[]; deadLetter: string[]; network?: string[]; secrets: string[] };
  /** The queue it consumes: Lambda polls it and invokes the function with batches of messages. */
  queue?: FunctionQueueTrigger;
  /** The table whose change stream invokes it (triggers.table): Lambda polls the stream and invokes it with batches of records. */
  stream?: FunctionStreamTrigger;
  /** The bucket whose created objects invoke it (triggers.bucket): an EventBridge rule on the bucket's events, invoking it asynchronously. */
  bucketEvents?: FunctionBucketTrigger;
  /**
   * The API routes that invoke it (synchronously, Lambda proxy integrations), by API, sorted: each route gets a
   * permission of its own for API Gateway to invoke the function from that route only.
   */
  invokedBy: { api: string; routes: string[] }[];
  /** When it runs: an EventBridge Scheduler schedule in the stack's schedule group, invoking it asynchronously. */
  schedule?: JobDesign['schedule'];
  /**
   * Provisioned concurrency: the function's code and configuration published as a version, and an alias on that
   * version with this many copies kept initialized (provisionedConcurrencyFor). Absent: none.
   */
  alias?: FunctionAlias;
  /**
   * What every caller names (an API route's integration and its Lambda permission, a GraphQL data source and its
   * role's lambda:InvokeFunction, the queue's event source mapping, the schedule and its role): the alias's ARN when
   * it has one (a call of the unqualified function runs $LATEST, which has no provisioned copies), else the function's.
   */
  invokedThrough: 'alias' | 'function';
  /**
   * What it is sized for (sizing.ts), written as tags on the function: peak-rps (the requests, messages or runs
   * a second at peak; none on a schedule: its runs come from its expression) and duration-ms (one's average time).
   */
  sizing: Sizing;
}

/** An SQS event source mapping: batches of batchSize messages, failures reported per message (the rest are deleted). */
export interface FunctionQueueTrigger {
  store: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  /** The most concurrent invocations the mapping starts (ScalingConfig; 2 to 1000): the function's reserved concurrency. */
  maximumConcurrency: number;
  reportBatchItemFailures: true;
}

/**
 * The alias every caller invokes when the function has provisioned concurrency ("live"), on the version published
 * from its current code and configuration, with that many copies Lambda keeps initialized (billed every second).
 */
export interface FunctionAlias {
  name: 'live';
  provisionedConcurrency: number;
}

/** Lambda's default account concurrency, of which 100 always stay unreserved. */
export const ACCOUNT_CONCURRENCY = 1000;
const UNRESERVED = 100;
const BATCH_SIZE = 10;
/** Memory at which Lambda gives a function one whole vCPU. */
const ONE_VCPU_MB = 1769;
/** A cold start to set against a latency target: the runtime and the code loading before the first request. */
const COLD_START_MS = 500;
const UTILISATION = 0.8;
/** What AWS's AWSLambdaVPCAccessExecutionRole grants, on "*": Lambda creates and removes the function's network interfaces with them. */
const VPC_ACTIONS = ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses'];
/** Fourteen days: SQS's longest retention, for failed runs someone has to look at. */
const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/**
 * Whether a function runs in the VPC: when it uses a database or a cache (directly, or a cache in front of a store
 * it uses), reachable only there, or when a compliance profile is set (LambdaInsideVPC).
 */
export function functionInVpc(bp: Blueprint, key: string): boolean {
  const svc = bp.services[key];
  if (svc?.kind !== 'function') return false;
  if ((bp.requirements.compliance ?? []).length) return true;
  const used = new Set((svc.uses ?? []).map((e) => e.split(':')[0]));
  return Object.entries(bp.data ?? {}).some(([k, s]) => (isRelational(s) || isCache(s)) && (used.has(k) || (isCache(s) && s.in_front_of !== undefined && used.has(s.in_front_of))));
}

/** The functions of a blueprint, sorted by key. */
export function designFunctions(bp: Blueprint, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): FunctionDesign[] {
  const loads = queueLoads(bp);
  const functions = Object.entries(bp.services)
    .filter(([, s]) => s.kind === 'function')
    .sort(([a], [b]) => byText(a, b))
    .map(([key, svc]) => designFunction(bp, key, svc, loads.get(svc.consumes ?? '')?.perSecond, logRetentionDays, log, security));
  const reserved = functions.reduce((n, f) => n + f.reservedConcurrency, 0);
  if (reserved > ACCOUNT_CONCURRENCY - UNRESERVED) {
    log.recommend({
      subject: 'services',
      text: `the functions reserve ${reserved} concurrent executions; an account has ${ACCOUNT_CONCURRENCY} by default, of which ${UNRESERVED} must stay unreserved: request a Lambda concurrency quota of at least ${reserved + UNRESERVED} before deploying, or lower concurrency`,
    });
  }
  return functions;
}

/**
 * A function's duration, the peak rate it is sized for and its reserved concurrency: written, or derived (the
 * rationale of each is designFunction's). The peak: written, or the queue's rate (queueRate), or its busiest API's
 * whole peak (any one route may take all of it); one run at a time on a schedule. Reserved: peak x duration / 80 %
 * (at least 2 for a consumer), 1 on a schedule, 10 without a peak.
 */
export function functionSizing(bp: Blueprint, key: string, queueRate: number | undefined): { durationMs: number; peak: number | undefined; reservedConcurrency: number } {
  const svc = bp.services[key];
  const callers = routesTo(bp, key);
  const latency = bp.requirements.latency_p99_ms;
  const durationMs = svc.duration_ms ?? (callers.length ? (latency !== undefined ? latency / 2 : 100) : 1000);
  if (triggerTableOf(svc) !== undefined) {
    // A table's stream: its writes, and the shards and batches per shard that keep up with them (function-triggers.ts).
    const stream = streamSizing(bp, key, durationMs);
    return { durationMs, peak: svc.peak_rps ?? stream.peak, reservedConcurrency: svc.concurrency ?? stream.concurrency };
  }
  const apiPeaks = callers.flatMap((c) => (c.peak === undefined ? [] : [c.peak]));
  const peak = svc.peak_rps ?? queueRate ?? (apiPeaks.length ? Math.max(...apiPeaks) : undefined);
  const concurrencyFor = (rate: number) => Math.max(svc.consumes ? 2 : 1, Math.ceil((rate * durationMs) / 1000 / UTILISATION));
  const reservedConcurrency = svc.concurrency ?? (svc.schedule && !svc.consumes ? 1 : peak !== undefined ? concurrencyFor(peak) : 10);
  return { durationMs, peak, reservedConcurrency };
}

function designFunction(bp: Blueprint, key: string, svc: Service, queueRate: number | undefined, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): FunctionDesign {
  const subject = `services.${key}`;
  const record = recorder(log, 'compute', subject);
  // A container image (image: an ECR URI) carries its own runtime and entry point: no runtime or handler then.
  const image = svc.image;
  if (image !== undefined) {
    record('package', `image ${image}`, 'written', `a container image from ECR in ${bp.requirements.regions.primary} (Lambda pulls from no other registry, and from no other region): it carries its runtime and entry point (its CMD), so no runtime or handler; it must be built for ${svc.arch} (Lambda runs an image on the architecture the function names)${/@sha256:/.test(image) ? '; by digest, so a deploy runs exactly that image' : '; by tag: Lambda resolves the tag to a digest when the function is created or updated, so pushing a new image under the tag changes nothing until the next deploy'}`);
  }
  const runtime = image !== undefined ? undefined : record('runtime', svc.runtime ?? FUNCTION_RUNTIMES[0], svc.runtime ? 'written' : 'default', svc.runtime ? 'written' : 'the newest Node.js runtime Lambda offers (AwsSolutions-L1 asks for the newest of its family)');
  // Every runtime offered but the default and provided.al2023 (which the rule does not judge) has a newer one in its family.
  if (runtime !== undefined && runtime !== FUNCTION_RUNTIMES[0] && !runtime.startsWith('provided')) {
    log.acknowledge({ rule: 'AwsSolutions-L1', on: { kind: 'function', fn: key }, reason: `runtime ${runtime} is written in the blueprint (services.${key}.runtime): the code is built for it; move both to the newest of the family together` });
  }
  const handler = image !== undefined ? undefined : record('handler', svc.handler ?? 'index.handler', svc.handler ? 'written' : 'default', svc.handler ? 'written' : 'the export handler of the file index');
  const arch = record('arch', svc.arch, svc.arch === 'arm64' ? 'default' : 'written', svc.arch === 'arm64' ? 'Graviton by default: Lambda bills arm64 GB-seconds 20 % below x86 ($0.0000133334 vs $0.0000166667 in us-east-1)' : 'written: x86_64 (e.g. native dependencies without an arm64 build)');
  // Called by API routes: a request waits for it, so its size and time come from the latency target.
  const callers = routesTo(bp, key);
  const latency = bp.requirements.latency_p99_ms;
  const tight = callers.length > 0 && latency !== undefined && latency <= 100;
  const sized = functionSizing(bp, key, queueRate);
  const memoryMb = record(
    'memory',
    svc.memory ?? (tight ? ONE_VCPU_MB : DEFAULT_FUNCTION_MEMORY),
    svc.memory ? 'written' : tight ? 'derived' : 'default',
    svc.memory ? 'written' : tight ? `requirements.latency_p99_ms ${latency} ms leaves no room for a slow CPU: ${ONE_VCPU_MB} MB, one whole vCPU` : `${DEFAULT_FUNCTION_MEMORY} MB: Lambda gives CPU in proportion to memory (${ONE_VCPU_MB} MB is one vCPU); write memory once duration_ms is measured`,
  );
  const durationMs = record(
    'duration_ms',
    sized.durationMs,
    svc.duration_ms ? 'written' : callers.length && latency !== undefined ? 'derived' : 'default',
    svc.duration_ms
      ? 'written: the measured average time of one request, message or run'
      : callers.length
        ? latency !== undefined
          ? `half of requirements.latency_p99_ms ${latency} ms: a request's time in the function, leaving the rest for API Gateway and what it calls; write duration_ms once measured`
          : '100 ms a request, assumed (no latency_p99_ms): write duration_ms once measured (it sizes concurrency, timeout and cost)'
        : 'one second per message or run, assumed: write duration_ms once measured (it sizes concurrency, timeout and cost)',
  );

  // Timeout: a consumer's must fit six times in its queue's visibility timeout (AWS's advice), so a batch being
  // retried is never received twice; a scheduled run may take ten times its usual time, within 60-900 s.
  const visibility = svc.consumes ? (bp.data?.[svc.consumes] as { visibility_timeout_seconds?: number } | undefined)?.visibility_timeout_seconds ?? 30 : undefined;
  // Called by an API: API Gateway waits at most 30 s, so the function gives up first (within 3-29 s).
  const streamTimed = triggerTableOf(svc) !== undefined ? streamTimeout(durationMs) : undefined;
  const derivedTimeout = streamTimed
    ? streamTimed.seconds
    : visibility !== undefined
      ? Math.max(1, Math.floor(visibility / 6))
      : callers.length
        ? Math.min(29, Math.max(3, Math.ceil((3 * durationMs) / 1000)))
        : Math.min(900, Math.max(60, Math.ceil((10 * durationMs) / 1000)));
  const timeoutSeconds = record(
    'timeout_seconds',
    svc.timeout_seconds ?? derivedTimeout,
    svc.timeout_seconds ? 'written' : 'derived',
    svc.timeout_seconds
      ? 'written'
      : streamTimed
        ? streamTimed.why
        : visibility !== undefined
        ? `the visibility timeout of ${svc.consumes}, ${visibility} s, / 6: a message in a batch being processed stays hidden six times as long as a run may take (AWS's advice for SQS event sources)`
        : callers.length
          ? `3 x duration_ms ${pct(durationMs)} ms, within 3-29 s: API Gateway waits 30 s at most, so the function stops first and the caller gets an error rather than a hung request`
          : `10 x duration_ms ${pct(durationMs)} ms, within 60-900 s: room for a slow run, and a hung one is stopped`,
  );

  // The peak rate it is sized for: written, or the queue's derived rate, or its busiest API's whole peak (any one
  // route may take all of it), or one run at a time on a schedule. What it is billed for: its share of its APIs'
  // requests (peakOf: its routes' share), not each API's whole peak once per function.
  const { peak } = sized;
  const billed = callers.length ? peakOf(bp, key) : peak;
  const reservedConcurrency = record(
    'concurrency',
    sized.reservedConcurrency,
    svc.concurrency ? 'written' : peak !== undefined || svc.schedule ? 'derived' : 'default',
    svc.concurrency
      ? 'written: reserved for this function, and its most copies at once'
      : triggerTableOf(svc) !== undefined
        ? streamSizing(bp, key, durationMs).why
        : svc.schedule && !svc.consumes
        ? 'a scheduled function runs one at a time: a run that overlaps the next is throttled and retried by Lambda'
        : peak !== undefined
          ? `peak ${pct(peak)}/s x ${pct(durationMs)} ms / ${UTILISATION * 100} % = ${sized.reservedConcurrency} concurrent runs (Little's law, with headroom)${svc.consumes ? '; at least 2, the least an SQS event source scales to' : ''}`
          : `no peak rate known (write peak_rps${svc.consumes ? `, or peak_messages_per_second on data.${svc.consumes}` : ', or requirements.peak_rps'}): 10 concurrent runs`,
  );
  if (callers.length) {
    record('invoked_by', callers.map((c) => `${c.api}: ${c.routes.join(', ')}`).join('; '), 'derived', 'API Gateway invokes it for these routes and waits for its answer; each route has a permission of its own to invoke it, from that route only');
    if (svc.peak_rps === undefined && billed !== undefined) {
      record('expected_share', `${pct(billed)}/s at peak`, 'derived', `${callers.map((c) => `${c.routes.length} of the routes of ${c.api} (${pct(c.peak!)}/s)`).join(' + ')}, each route assumed to take as much: what its requests are billed at; write peak_rps once measured`);
    }
  }
  const provisioned = provisionedConcurrencyFor({ svc, callers: callers.length, latency, billed, durationMs, reservedConcurrency, record });
  const alias: FunctionAlias | undefined = provisioned ? { name: 'live', provisionedConcurrency: provisioned } : undefined;

  const access = designAccess(bp, key, svc, log, security, 'function');
  const secretStores = [...new Set(access.secrets.map((s) => s.store))].sort(byText);
  const secrets = secretStores.map((store) => ({ variable: `${store.toUpperCase().replace(/-/g, '_')}_SECRET_ARN`, store }));
  // The stack's key encrypts the function's dead-letter queue: Lambda sends a failed event there with the function's
  // role, which needs a data key for it (SQS SSE-KMS); a table's stream the key encrypts is read decrypting with it.
  const deadLetterKeyActions = security.key ? ['kms:Decrypt', 'kms:GenerateDataKey'] : [];
  if (deadLetterKeyActions.length) {
    record(
      'dead_letter_key_access',
      deadLetterKeyActions.join(', '),
      'derived',
      `the stack's key encrypts the dead-letter queue${triggerTableOf(svc) !== undefined ? ` and ${triggerTableOf(svc)}'s stream` : ''}: Lambda sends a failed ${triggerTableOf(svc) !== undefined ? "batch's description" : 'event'} there with the function's role, which needs a data key of it (and may decrypt${triggerTableOf(svc) !== undefined ? " the stream's records" : ''}), on this key only`,
    );
  }
  const keyActions = [...new Set([...access.keyActions.task, ...access.keyActions.execution, ...deadLetterKeyActions])].sort();
  const privateStores = access.connections.filter((c) => c.attribute === 'host' || c.attribute === 'reader-host').map((c) => c.store);
  const inVpc = functionInVpc(bp, key);
  record(
    'network',
    inVpc ? 'VPC: private subnets' : "Lambda's network",
    'derived',
    privateStores.length
      ? `uses ${[...new Set(privateStores)].join(', ')}, reachable only inside the VPC: it runs in the private subnets with a security group of its own (admitting nothing), which the store admits on its port`
      : inVpc
        ? `${security.profiles.join(', ')}: every function runs inside the VPC (HIPAA/PCI/NIST LambdaInsideVPC), in the private subnets, with a security group that admits nothing`
        : 'it uses no store inside the VPC: outside it, with no network interfaces to manage and no NAT in its way',
  );
  const deadLetter = { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS, encryption: security.key ? ('customer-managed' as const) : ('sse-sqs' as const) };
  record('dead_letter', `${DEAD_LETTER_RETENTION_SECONDS / 86400} days`, 'default', 'an asynchronous invocation (a scheduled run, an event) that fails Lambda\'s two retries is kept in a dead-letter queue of its own, alarmed, for 14 days');
  record('tracing', 'X-Ray active', 'default', "every invocation's timeline (cold start, its calls to AWS) in X-Ray, sampled by its default rule (the first each second, then 5 %)");

  const queue: FunctionQueueTrigger | undefined = svc.consumes
    ? { store: svc.consumes, batchSize: BATCH_SIZE, maximumBatchingWindowSeconds: 0, maximumConcurrency: Math.min(1000, Math.max(2, reservedConcurrency)), reportBatchItemFailures: true }
    : undefined;
  if (queue) {
    record('consumes', queue.store, 'written', `Lambda polls ${queue.store} and invokes the function with up to ${queue.batchSize} messages; the function reports the ones that failed (ReportBatchItemFailures), which return to the queue, the rest are deleted; at most ${queue.maximumConcurrency} invocations at once`);
  }
  const streamSized = triggerTableOf(svc) !== undefined ? streamSizing(bp, key, durationMs) : undefined;
  if (streamSized?.invocationsWhy && svc.peak_rps === undefined) record('expected_invocations', `${pct(streamSized.peak!)}/s at peak`, 'derived', streamSized.invocationsWhy);
  const stream = streamSized ? designStreamTrigger(bp, key, streamSized.parallelizationFactor, record) : undefined;
  const bucketEvents = triggerBucketOf(svc) !== undefined ? designBucketTrigger(bp, key, record) : undefined;
  const schedule = svc.schedule
    ? { expression: svc.schedule, timezone: 'UTC' as const, flexibleWindow: 'OFF' as const, maximumRetries: 2, maximumEventAgeSeconds: 3600, state: 'ENABLED' as const, group: bp.name }
    : undefined;
  if (schedule) {
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'function-scheduler-policy', fn: key }, `the scheduler's role for function ${key} has its own policy: invoking this function only; a managed policy would be a second resource with the same single use`);
  }
  if (schedule) record('schedule', `${schedule.expression} UTC`, 'written', 'EventBridge Scheduler invokes the function at that time, asynchronously (no flexible window); an invocation it cannot deliver is retried twice within an hour');

  // What the role is granted beyond its stores, each without a resource of its own.
  acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'function-role', fn: key }, `the execution role of function ${key} has its own policy: its log group, its traces, ${inVpc ? 'its network interfaces, ' : ''}the stores it uses and its dead-letter queue, nothing shared with another function`);
  log.acknowledge({
    rule: 'AwsSolutions-IAM5',
    on: { kind: 'function-role', fn: key },
    finding: { kind: 'any-resource' },
    reason: `xray:PutTraceSegments and xray:PutTelemetryRecords${inVpc ? ", and ec2's network-interface actions Lambda needs to attach the function to the VPC," : ''} name no resource: IAM accepts only "*" for them`,
  });

  return {
    key,
    ...(image !== undefined ? { image } : { code: svc.code!, runtime: runtime!, handler: handler! }),
    arch,
    memoryMb,
    timeoutSeconds,
    reservedConcurrency,
    environment: { ...access.environment, ...(svc.environment ?? {}) },
    access: access.access,
    connections: access.connections,
    secrets,
    keyActions,
    logRetentionDays,
    logFormat: 'Text',
    tracing: 'Active',
    ...(inVpc ? { vpc: { subnets: 'private' as const } } : {}),
    deadLetter,
    role: { logs: ['logs:CreateLogStream', 'logs:PutLogEvents'], traces: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], deadLetter: ['sqs:SendMessage'], ...(inVpc ? { network: VPC_ACTIONS } : {}), secrets: secrets.length ? ['secretsmanager:GetSecretValue'] : [] },
    asyncRetries: { qualifier: alias?.name ?? '$LATEST', maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 },
    invokedBy: callers.map((c) => ({ api: c.api, routes: c.routes })),
    ...(queue ? { queue } : {}),
    ...(stream ? { stream } : {}),
    ...(bucketEvents ? { bucketEvents } : {}),
    ...(schedule ? { schedule } : {}),
    ...(alias ? { alias } : {}),
    invokedThrough: alias ? 'alias' : 'function',
    sizing: {
      ...(billed !== undefined && !schedule ? { 'peak-rps': asTagged(billed) } : {}),
      'duration-ms': durationMs,
    },
  };
}

/**
 * Provisioned concurrency (services.<key>.provisioned_concurrency): written (a number, or false for none), or derived.
 * A function APIs invoke, when requirements.latency_p99_ms is below a cold start: the copies its expected load keeps
 * busy (average_load_percent of its peak share x duration_ms, Little's law), at least 1, at most its reserved
 * concurrency, so that the requests of an ordinary hour meet an initialized copy. Otherwise none: a queue consumer's
 * message or a scheduled run waits for a cold start without a caller waiting for it, and a looser target has room
 * for one. Recorded with its arithmetic; 0 is none.
 */
function provisionedConcurrencyFor(f: {
  svc: Service;
  /** How many APIs invoke it. */
  callers: number;
  latency: number | undefined;
  /** Its share of its APIs' peak (requests a second), undefined when no peak is known. */
  billed: number | undefined;
  durationMs: number;
  reservedConcurrency: number;
  record: ReturnType<typeof recorder>;
}): number {
  const { svc, latency, billed, durationMs, reservedConcurrency, record } = f;
  const through = 'kept initialized on alias live (the version published from its code and configuration), which every caller invokes; billed every second of the month';
  const tight = f.callers > 0 && latency !== undefined && latency < COLD_START_MS;
  const coldStart = `a cold start (often ${COLD_START_MS} ms or more: the runtime and the code loading before the first request)`;
  if (svc.provisioned_concurrency === false) {
    record('provisioned_concurrency', 'none', 'written', tight ? `written false: the requests that meet a new copy wait for ${coldStart}, beyond requirements.latency_p99_ms ${latency} ms` : 'written false: no copies kept initialized');
    return 0;
  }
  if (svc.provisioned_concurrency !== undefined) {
    return record('provisioned_concurrency', svc.provisioned_concurrency, 'written', `written: ${svc.provisioned_concurrency} of its ${reservedConcurrency} concurrent copies ${through}`);
  }
  if (!tight) {
    const why =
      f.callers > 0
        ? latency === undefined
          ? `no requirements.latency_p99_ms to hold against ${coldStart}: none`
          : `requirements.latency_p99_ms ${latency} ms leaves room for ${coldStart}: none`
        : svc.triggers?.table !== undefined
          ? `a stream consumer tolerates cold starts (the records wait in the stream of ${svc.triggers.table}; no caller waits for the answer): none; write provisioned_concurrency to keep copies initialized`
          : svc.consumes
          ? `a queue consumer tolerates cold starts (its messages wait in ${svc.consumes}; no caller waits for the answer): none; write provisioned_concurrency to keep copies initialized`
          : 'a scheduled run tolerates a cold start (nobody waits for its answer): none; write provisioned_concurrency to keep copies initialized';
    record('provisioned_concurrency', 'none', f.callers > 0 && latency !== undefined ? 'derived' : 'default', why);
    return 0;
  }
  if (billed === undefined) {
    return record('provisioned_concurrency', 1, 'derived', `${coldStart} is beyond requirements.latency_p99_ms ${latency} ms; no peak rate known (write peak_rps, or requirements.peak_rps): 1 copy ${through}`);
  }
  const busy = (billed * AVERAGE_LOAD_PERCENT) / 100 * (durationMs / 1000);
  const needed = Math.max(1, Math.ceil(Number(busy.toFixed(6))));
  const n = Math.min(needed, reservedConcurrency);
  return record(
    'provisioned_concurrency',
    n,
    'derived',
    `${coldStart} is beyond requirements.latency_p99_ms ${latency} ms: its expected load, ${AVERAGE_LOAD_PERCENT} % of its peak share ${pct(billed)}/s, x ${pct(durationMs)} ms = ${pct(Number(busy.toFixed(3)))} ${busy === 1 ? 'copy' : 'copies'} busy on average -> ${needed}${Math.ceil(busy) < 1 ? ' (at least 1)' : ''}${n < needed ? `, at most its concurrency ${reservedConcurrency} -> ${n}` : ''} ${n === 1 ? 'copy' : 'copies'} ${through}`,
  );
}
