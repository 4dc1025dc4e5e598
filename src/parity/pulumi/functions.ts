/*
 * The blueprint's Lambda functions read from a mock run: each
 * aws.lambda.Function tagged "blueprint:function" (its key; function-names.ts),
 * with its size, runtime, environment, log group, dead-letter queue, network
 * and execution role's permissions; its asynchronous retries
 * (aws.lambda.FunctionEventInvokeConfig), the queue it consumes
 * (aws.lambda.EventSourceMapping) and the schedule that invokes it (an
 * aws.scheduler.Schedule whose target is its ARN or its alias's), with what the
 * scheduler's role may do, and its alias (aws.lambda.Alias) on the version it
 * publishes, with its provisioned concurrency
 * (aws.lambda.ProvisionedConcurrencyConfig), as the CloudFormation reader reads
 * them. Every input these do not read throws.
 */
import { readSizing } from '../../design/sizing';
import type { FunctionBucketEventsInventory, FunctionInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { mockFunctionVersion } from '../../pulumi/mock-values';
import { blueprintFunctions, functionAliases, functionDeadLetterOf, functionNamed, functionSchedules, invokedFunction } from './function-names';
import type { Names } from './names';
import { egressOf, subnetLookup } from './network';
import { functionLogGroup, logGroupOwners } from './observability';
import { functionPermissionsOf, rolePermissionsOf } from './policies';
import { T } from './resource-types';
import { secretNames } from './secrets';
import { connectionValue, queueStoreName, redriveOf, storeArn } from './store-names';

// What the inventory reads of each resource and of each part of it; anything else set throws.
const FUNCTION = ['architectures', 'code', 'deadLetterConfig', 'environment', 'handler', 'imageUri', 'loggingConfig', 'memorySize', 'packageType', 'publish', 'reservedConcurrentExecutions', 'role', 'runtime', 'tags', 'timeout', 'tracingConfig', 'vpcConfig'];
const FUNCTION_PARTS: Record<string, string[]> = {
  deadLetterConfig: ['targetArn'],
  environment: ['variables'],
  loggingConfig: ['logGroup', 'logFormat'],
  tracingConfig: ['mode'],
  vpcConfig: ['securityGroupIds', 'subnetIds'],
};
// The stack's tags are the provider's default tags (Inventory.tags); a mapping carries no other.
const MAPPING = ['functionName', 'eventSourceArn', 'batchSize', 'maximumBatchingWindowInSeconds', 'functionResponseTypes', 'scalingConfig', 'tags'];
const STREAM_MAPPING = [
  'functionName',
  'eventSourceArn',
  'startingPosition',
  'batchSize',
  'maximumBatchingWindowInSeconds',
  'parallelizationFactor',
  'bisectBatchOnFunctionError',
  'maximumRetryAttempts',
  'maximumRecordAgeInSeconds',
  'destinationConfig',
  'functionResponseTypes',
  'tags',
];
const INVOKE_CONFIG = ['functionName', 'qualifier', 'maximumRetryAttempts', 'maximumEventAgeInSeconds'];
const SCHEDULE = ['description', 'flexibleTimeWindow', 'groupName', 'scheduleExpression', 'scheduleExpressionTimezone', 'state', 'target'];
const SCHEDULE_TARGET = ['arn', 'roleArn', 'retryPolicy'];
const ALIAS = ['functionName', 'functionVersion', 'name'];
const PROVISIONED = ['functionName', 'provisionedConcurrentExecutions', 'qualifier'];
// A function's security group: its egress is read, ingress throws; its description and VPC identify it.
const SECURITY_GROUP = ['description', 'egress', 'ingress', 'tags', 'vpcId'];
const EGRESS_RULE = ['cidrBlocks', 'description', 'fromPort', 'protocol', 'toPort'];

/** Throws on an input of `o` that `fields` does not list (an input given as undefined is not set). */
export function only(o: Inputs | undefined, fields: readonly string[], where: string): Inputs {
  const extra = Object.keys(o ?? {}).filter((k) => !fields.includes(k) && o![k] !== undefined);
  if (extra.length) throw new Error(`parity: ${where}: ${extra.join(', ')}: not in the inventory`);
  return o ?? {};
}

export function readFunctions(ctx: Context, names: Names): FunctionInventory[] {
  const { ofType, byArnValue, id, must, storeTag } = ctx;
  const { subnetSet } = subnetLookup(ctx);
  const functions = blueprintFunctions(ctx);
  const secrets = secretNames(ctx);
  const owners = logGroupOwners(ctx, names);

  // One of each per function, by the function it names (by name or ARN), keyed by the function's key.
  const byFunction = (type: string, what: string) => {
    const out = new Map<string, R>();
    for (const r of ofType(type)) {
      const found = must(functionNamed(ctx, r.inputs.functionName), `the function of ${what} ${r.name} (${r.inputs.functionName}): a function of the blueprint`);
      if (out.has(found.key)) throw new Error(`parity: ${what} ${r.name} is a second ${what} of function ${found.key} (${out.get(found.key)!.name}); the inventory records one`);
      out.set(found.key, r);
    }
    return out;
  };
  const invokeConfigs = byFunction(T.eventInvokeConfig, 'event invoke config');
  // A mapping names the function (by name or ARN) or its alias (by its ARN).
  const mappings = new Map<string, R>();
  for (const r of ofType(T.eventSourceMapping)) {
    const found = must(invokedFunction(ctx, r.inputs.functionName, true), `the function of event source mapping ${r.name} (${r.inputs.functionName}): a function of the blueprint, or its alias`);
    if (mappings.has(found.key)) throw new Error(`parity: event source mapping ${r.name} is a second event source mapping of function ${found.key} (${mappings.get(found.key)!.name}); the inventory records one`);
    mappings.set(found.key, r);
  }
  const aliases = readAliases(ctx);
  const bucketRules = readBucketRules(ctx);
  const schedules = functionSchedules(ctx);

  return [...functions].map(([fn, key]): FunctionInventory => {
    const i = only(fn.inputs, FUNCTION, `function ${fn.name}`);
    const part = (field: string) => only(i[field] as Inputs | undefined, FUNCTION_PARTS[field], `function ${fn.name} ${field}`);
    // A container image (packageType Image, imageUri), or an uploaded archive (Pulumi's FileArchive, CDK's asset: a
    // backend artefact, checked but not recorded).
    const packageType = (i.packageType as string | undefined) ?? 'Zip';
    if (packageType !== 'Zip' && packageType !== 'Image') throw new Error(`parity: function ${fn.name}: unknown package type ${packageType}`);
    const image = packageType === 'Image' ? must(i.imageUri as string | undefined, `the image of function ${fn.name} (an image function names its image)`) : null;
    if (image === null && (i.code as Inputs | undefined)?.__pulumiArchive !== true) throw new Error(`parity: function ${fn.name}: its code is no archive; the inventory reads code uploaded as a .zip`);
    if (image !== null && (i.code !== undefined || i.runtime !== undefined || i.handler !== undefined)) throw new Error(`parity: function ${fn.name}: an image function has no archive, runtime or handler`);
    if (image === null && i.imageUri !== undefined) throw new Error(`parity: function ${fn.name}: imageUri on a Zip function`);

    const archs = (i.architectures ?? []) as string[];
    if (archs.length > 1) throw new Error(`parity: function ${fn.name} lists ${archs.length} architectures; Lambda takes one`);
    const architecture = archs[0] ?? 'x86_64';
    if (architecture !== 'arm64' && architecture !== 'x86_64') throw new Error(`parity: function ${fn.name}: unknown architecture ${architecture}`);

    const variables = (part('environment').variables ?? {}) as Record<string, string>;
    const logging = part('loggingConfig');
    const logGroup = functionLogGroup(ctx, fn);
    const dead = part('deadLetterConfig');

    let vpc: FunctionInventory['vpc'] = null;
    if (i.vpcConfig !== undefined) {
      const net = part('vpcConfig');
      const groupIds = (net.securityGroupIds ?? []) as string[];
      if (!groupIds.length) throw new Error(`parity: function ${fn.name}: vpcConfig.securityGroupIds is empty; a function in the VPC has a security group of its own`);
      const groups = groupIds.map((g) => must(ofType(T.sg).find((s) => id(s) === g), `security group ${g} of function ${fn.name}`));
      for (const sg of groups) {
        only(sg.inputs, SECURITY_GROUP, `security group ${sg.name} of function ${fn.name}`);
        const ingress = [...((sg.inputs.ingress ?? []) as Inputs[]), ...ofType(T.ingress).filter((r) => r.inputs.securityGroupId === id(sg))];
        if (ingress.length) throw new Error(`parity: security group ${sg.name} of function ${fn.name} admits something; nothing connects to a function, the inventory records no ingress`);
        ((sg.inputs.egress ?? []) as Inputs[]).forEach((e, n) => only(e, EGRESS_RULE, `security group ${sg.name} egress[${n}]`));
      }
      vpc = { subnets: subnetSet((net.subnetIds ?? []) as string[]), egress: groups.flatMap(egressOf).sort() };
    }

    return {
      key,
      sizing: readSizing(i.tags, `function ${fn.name}`),
      runtime: image !== null ? null : must(i.runtime as string | undefined, `the runtime of function ${fn.name} (a .zip function names its runtime)`),
      handler: image !== null ? null : must(i.handler as string | undefined, `the handler of function ${fn.name} (a .zip function names its handler)`),
      image,
      architecture,
      // AWS's defaults: 128 MB, 3 s, unreserved, PassThrough, Text.
      memoryMb: i.memorySize ?? 128,
      timeoutSeconds: i.timeout ?? 3,
      reservedConcurrency: i.reservedConcurrentExecutions ?? null,
      tracing: part('tracingConfig').mode ?? 'PassThrough',
      environment: Object.entries(variables).map(([k, v]) => `${k}=${secrets.has(v) ? `secret:${secrets.get(v)}` : connectionValue(ctx, v)}`),
      logRetentionDays: must(logGroup.inputs.retentionInDays as number | undefined, `the retention of log group ${logGroup.name} (kept forever; the inventory records a retention in days)`),
      logFormat: logging.logFormat ?? 'Text',
      deadLetter: dead.targetArn === undefined ? null : deadLetterOf(fn, key, dead.targetArn),
      vpc,
      permissions: functionPermissionsOf(ctx, must(i.role as string | undefined, `the role of function ${fn.name}`), `function ${key}'s role`, (name) => owners.get(name)),
      asyncRetries: invokeConfigs.has(key) ? readInvokeConfig(invokeConfigs.get(key)!) : null,
      queue: mappings.has(key) && !isStreamMapping(ctx, mappings.get(key)!) ? readMapping(ctx, mappings.get(key)!) : null,
      bucketEvents: bucketRules.get(key) ?? null,
      stream: mappings.has(key) && isStreamMapping(ctx, mappings.get(key)!) ? readStreamMapping(ctx, mappings.get(key)!) : null,
      schedule: schedules.has(key) ? readSchedule(ctx, schedules.get(key)!, key) : null,
      alias: aliases.get(key) ?? null,
    };
  });

  /** A function's dead-letter queue: its own SQS queue, no store's (untagged), no queue's dead-letter queue, with none of its own. */
  function deadLetterOf(fn: R, key: string, arn: string): string {
    const q = must(ofType(T.queue).find((x) => byArnValue(x) === arn), `the dead-letter queue ${arn} of function ${fn.name}: an SQS queue`);
    if (functionDeadLetterOf(ctx, q) !== key) throw new Error(`parity: queue ${q.name} is not function ${key}'s dead-letter queue alone`);
    if (storeTag(q) !== undefined) throw new Error(`parity: queue ${q.name} is the dead-letter queue of function ${key} but is tagged as store "${storeTag(q)}"; the inventory names it after the function`);
    if (redriveOf(q)) throw new Error(`parity: queue ${q.name}, the dead-letter queue of function ${key}, has a redrive policy; the inventory reads no dead-letter queue of a dead-letter queue`);
    const parent = ofType(T.queue).find((other) => redriveOf(other)?.deadLetterTargetArn === arn);
    if (parent) throw new Error(`parity: queue ${q.name} is the dead-letter queue of function ${key} and of queue ${parent.name}; the inventory names it after its one owner`);
    return queueStoreName(ctx, q);
  }
}

/** Asynchronous invocation settings: the qualifier, retries and event age (AWS's defaults when absent: 2, 6 hours). */
function readInvokeConfig(r: R): NonNullable<FunctionInventory['asyncRetries']> {
  const i = only(r.inputs, INVOKE_CONFIG, `event invoke config ${r.name} (destinations are not in the inventory)`);
  if (i.qualifier === undefined) throw new Error(`parity: event invoke config ${r.name}: qualifier is missing`);
  return { qualifier: i.qualifier, maximumRetryAttempts: i.maximumRetryAttempts ?? 2, maximumEventAgeSeconds: i.maximumEventAgeInSeconds ?? 21600 };
}

/** An SQS event source mapping: its queue, batching, response types and concurrency (AWS's defaults for SQS when absent). */
function readMapping(ctx: Context, r: R): NonNullable<FunctionInventory['queue']> {
  const i = only(r.inputs, MAPPING, `event source mapping ${r.name} (filters, enabled, destinations and stream settings are not in the inventory)`);
  const queue = ctx.ofType(T.queue).find((q) => ctx.byArnValue(q) === i.eventSourceArn);
  if (!queue) throw new Error(`parity: event source mapping ${r.name} reads ${i.eventSourceArn}; the inventory reads mappings of a queue only`);
  const scaling = only(i.scalingConfig, ['maximumConcurrency'], `event source mapping ${r.name} scalingConfig`);
  return {
    source: queueStoreName(ctx, queue),
    invokes: ctx.must(invokedFunction(ctx, i.functionName, true), `the function of event source mapping ${r.name}`).name,
    batchSize: i.batchSize ?? 10,
    maximumBatchingWindowSeconds: i.maximumBatchingWindowInSeconds ?? 0,
    functionResponseTypes: [...((i.functionResponseTypes ?? []) as string[])].sort(),
    maximumConcurrency: scaling.maximumConcurrency ?? null,
  };
}

/** Whether a rule matches S3's events (source aws.s3): a function's bucket rule, not a job's failed runs. */
export function isBucketEventsRule(rule: R): boolean {
  const source = (JSON.parse(String(rule.inputs.eventPattern ?? '{}')) as { source?: unknown }).source;
  return Array.isArray(source) && source.length === 1 && source[0] === 'aws.s3';
}

/**
 * Each function's bucket rule, by the function's key (mirrors the CloudFormation reader): the rule matching S3 events
 * of one bucket of the stack (by its name), its one aws.cloudwatch.EventTarget (the function or its alias, with its
 * retries), and the Lambda permissions whose sourceArn is the rule's ARN.
 */
function readBucketRules(ctx: Context): Map<string, FunctionBucketEventsInventory> {
  const out = new Map<string, FunctionBucketEventsInventory>();
  for (const rule of ctx.ofType(T.eventRule).filter(isBucketEventsRule)) {
    const i = only(rule.inputs, ['description', 'eventPattern', 'state', 'tags', 'tagsAll'], `event rule ${rule.name} (another bus, a schedule, a role are not in the inventory)`);
    const pattern = only(JSON.parse(String(i.eventPattern)) as Inputs, ['source', 'detail-type', 'detail'], `event rule ${rule.name} eventPattern`);
    const detail = only(pattern.detail, ['bucket', 'object'], `event rule ${rule.name} eventPattern.detail`);
    const bucketNames = (only(detail.bucket, ['name'], `event rule ${rule.name} eventPattern.detail.bucket`).name ?? []) as string[];
    if (bucketNames.length !== 1) throw new Error(`parity: event rule ${rule.name} names no single bucket; the inventory reads a rule of one bucket's events`);
    const b = ctx.must(ctx.ofType(T.bucket).find((x) => x.name === bucketNames[0]), `the bucket ${bucketNames[0]} of event rule ${rule.name}: a bucket of the stack`);
    let keyMatcher: string | null = null;
    if (detail.object !== undefined) {
      const key = (only(detail.object, ['key'], `event rule ${rule.name} eventPattern.detail.object`).key ?? []) as unknown[];
      if (key.length !== 1) throw new Error(`parity: event rule ${rule.name}: detail.object.key has other than one matcher; the inventory reads one`);
      keyMatcher = JSON.stringify(key[0]);
    }
    const targets = ctx.ofType(T.eventTarget).filter((x) => x.inputs.rule === rule.name);
    if (targets.length !== 1) throw new Error(`parity: event rule ${rule.name} has ${targets.length} targets; a function's bucket rule has one`);
    const target = only(targets[0].inputs, ['rule', 'targetId', 'arn', 'retryPolicy'], `event target ${targets[0].name} (input, a dead-letter queue and a role are not in the inventory)`);
    const invoked = ctx.must(invokedFunction(ctx, target.arn), `the function event target ${targets[0].name} invokes`);
    if (out.has(invoked.key)) throw new Error(`parity: event rule ${rule.name} is a second bucket rule of function ${invoked.key}; the inventory records one`);
    const retry = only(target.retryPolicy, ['maximumRetryAttempts', 'maximumEventAgeInSeconds'], `event target ${targets[0].name} retryPolicy`);
    const permissions = ctx.ofType(T.lambdaPermission)
      .filter((p) => p.inputs.sourceArn === ctx.byArnValue(rule))
      .map((p) => {
        const pi = only(p.inputs, ['action', 'function', 'principal', 'sourceArn'], `Lambda permission ${p.name} of a bucket rule`);
        const of = ctx.must(invokedFunction(ctx, pi.function), `the function of Lambda permission ${p.name}`);
        if (of.name !== invoked.name) throw new Error(`parity: Lambda permission ${p.name} is for ${of.name}, not what rule ${rule.name} invokes (${invoked.name})`);
        return `${pi.principal} ${pi.action}`;
      });
    out.set(invoked.key, {
      bucket: storeArn(ctx, ctx.byArnValue(b)),
      detailTypes: [...((pattern['detail-type'] ?? []) as string[])].sort(),
      keyMatcher,
      invokes: invoked.name,
      state: i.state ?? 'ENABLED',
      description: i.description ?? null,
      maximumRetryAttempts: retry.maximumRetryAttempts ?? 185,
      maximumEventAgeSeconds: retry.maximumEventAgeInSeconds ?? 86400,
      permissions: permissions.sort(),
    });
  }
  return out;
}

/** Whether a mapping reads a table's stream rather than a queue. */
function isStreamMapping(ctx: Context, r: R): boolean {
  return !ctx.ofType(T.queue).some((q) => ctx.byArnValue(q) === r.inputs.eventSourceArn) && storeArn(ctx, String(r.inputs.eventSourceArn)).endsWith('/stream');
}

/** A table stream's event source mapping: every setting the inventory reads, AWS's defaults for a stream when absent. */
function readStreamMapping(ctx: Context, r: R): NonNullable<FunctionInventory['stream']> {
  const i = only(r.inputs, STREAM_MAPPING, `event source mapping ${r.name} (filters, enabled, tumbling windows and metrics are not in the inventory)`);
  const source = storeArn(ctx, String(i.eventSourceArn));
  if (!source.startsWith('table:')) throw new Error(`parity: event source mapping ${r.name} reads ${source}; a stream mapping reads a table's stream`);
  const dest = i.destinationConfig === undefined ? undefined : only(i.destinationConfig, ['onFailure'], `event source mapping ${r.name} destinationConfig`);
  const onFailure = dest === undefined ? undefined : only(dest.onFailure, ['destinationArn'], `event source mapping ${r.name} destinationConfig.onFailure`);
  return {
    source,
    invokes: ctx.must(invokedFunction(ctx, i.functionName, true), `the function of event source mapping ${r.name}`).name,
    startingPosition: ctx.must(i.startingPosition as string | undefined, `the starting position of event source mapping ${r.name} (a stream mapping names where it starts)`),
    batchSize: i.batchSize ?? 100,
    maximumBatchingWindowSeconds: i.maximumBatchingWindowInSeconds ?? 0,
    parallelizationFactor: i.parallelizationFactor ?? 1,
    bisectBatchOnFunctionError: i.bisectBatchOnFunctionError ?? false,
    maximumRetryAttempts: i.maximumRetryAttempts ?? -1,
    maximumRecordAgeSeconds: i.maximumRecordAgeInSeconds ?? -1,
    onFailure: onFailure === undefined ? null : storeArn(ctx, ctx.must(onFailure.destinationArn as string | undefined, `the on-failure destination of ${r.name}`)),
    functionResponseTypes: [...((i.functionResponseTypes ?? []) as string[])].sort(),
  };
}

/**
 * A function's schedule: as a job's (AWS's defaults when absent), its description, and the permissions of
 * the scheduler's role, a function's ARN named "function:<key>".
 */
function readSchedule(ctx: Context, s: R, key: string): NonNullable<FunctionInventory['schedule']> {
  const { ofType, must } = ctx;
  const i = only(s.inputs, SCHEDULE, `schedule ${s.name} of function ${key} (start and end dates, a name and a KMS key are not in the inventory)`);
  const target = only(i.target, SCHEDULE_TARGET, `schedule ${s.name} target (input, a dead-letter queue are not in the inventory)`);
  const retry = only(target.retryPolicy, ['maximumRetryAttempts', 'maximumEventAgeInSeconds'], `schedule ${s.name} target.retryPolicy`);
  const window = only(i.flexibleTimeWindow, ['mode'], `schedule ${s.name} flexibleTimeWindow (a window's length is not in the inventory)`);
  const invoked = (arn: string) => must(invokedFunction(ctx, arn), `the function ${arn} the scheduler role of ${s.name} may invoke`).name;
  return {
    expression: must(i.scheduleExpression as string | undefined, `the expression of schedule ${s.name}`),
    timezone: i.scheduleExpressionTimezone ?? 'UTC',
    flexibleWindow: must(window.mode as string | undefined, `the flexible time window of schedule ${s.name}`),
    state: i.state ?? 'ENABLED',
    maximumRetries: retry.maximumRetryAttempts ?? 185,
    maximumEventAgeSeconds: retry.maximumEventAgeInSeconds ?? 86400,
    group: i.groupName === undefined ? 'default' : `schedule-group:${must(ofType(T.scheduleGroup).find((g) => g.inputs.name === i.groupName), `the schedule group ${i.groupName} of ${s.name}: one the stack creates`).inputs.name}`,
    description: i.description ?? null,
    invokes: invoked(target.arn),
    schedulerPermissions: rolePermissionsOf(ctx, must(target.roleArn as string | undefined, `the role of schedule ${s.name}`), `function ${key}'s scheduler role`, invoked),
  };
}

/**
 * Each function's alias, by the function's key: its name and provisioned concurrency (the ProvisionedConcurrencyConfig
 * of the function on the alias's name; null without), on the version the function publishes (publish: true, its
 * version as the mocks give it). Publishing without an alias, an alias on $LATEST, a config on anything but an
 * alias, and every input these do not read throw.
 */
function readAliases(ctx: Context): Map<string, NonNullable<FunctionInventory['alias']>> {
  const aliases = functionAliases(ctx);
  const configs = ctx.ofType(T.provisionedConcurrency);
  const used = new Set<R>();
  const out = new Map<string, NonNullable<FunctionInventory['alias']>>();
  for (const [a, { fn, key }] of aliases) {
    const i = only(a.inputs, ALIAS, `alias ${a.name} (routing weights and a description are not in the inventory)`);
    if (fn.inputs.publish !== true) throw new Error(`parity: alias ${a.name} of function ${key}: the function publishes no version (publish), so the alias names $LATEST or a version the program does not make`);
    if (i.functionVersion !== mockFunctionVersion(fn.inputs)) throw new Error(`parity: alias ${a.name} names version ${JSON.stringify(i.functionVersion)}, not the one function ${key} publishes`);
    const name = ctx.must(i.name as string | undefined, `the name of alias ${a.name}`);
    const mine = configs.filter((c) => functionNamed(ctx, c.inputs.functionName)?.key === key && c.inputs.qualifier === name);
    if (mine.length > 1) throw new Error(`parity: provisioned concurrency configs ${mine.map((c) => c.name).join(' and ')} both configure alias ${name} of function ${key}`);
    mine.forEach((c) => used.add(c));
    const pc = mine[0] && only(mine[0].inputs, PROVISIONED, `provisioned concurrency config ${mine[0].name} (skipDestroy is not in the inventory)`);
    out.set(key, { name, provisionedConcurrency: pc ? ctx.must(pc.provisionedConcurrentExecutions as number | undefined, `the provisioned concurrent executions of ${mine[0].name}`) : null });
  }
  for (const c of configs) if (!used.has(c)) throw new Error(`parity: provisioned concurrency config ${c.name} configures ${JSON.stringify(c.inputs.functionName)}:${JSON.stringify(c.inputs.qualifier)}, not an alias of a function of the blueprint; the inventory reads provisioned concurrency on an alias`);
  for (const [fn, key] of blueprintFunctions(ctx)) {
    if (fn.inputs.publish === true && !out.has(key)) throw new Error(`parity: function ${fn.name} publishes versions, but no alias names them; the inventory reads a version only as what an alias invokes`);
  }
  return out;
}
