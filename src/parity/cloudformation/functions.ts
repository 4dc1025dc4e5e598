/*
 * The blueprint's Lambda functions read from a CloudFormation template: each
 * function Names recognises by its "blueprint:function" tag (custom-resource
 * providers aside), with its size, runtime, environment, log group, dead-letter
 * queue, network and execution role's permissions; its asynchronous retries
 * (AWS::Lambda::EventInvokeConfig), the queue it consumes
 * (AWS::Lambda::EventSourceMapping) and the schedule that invokes it (an
 * AWS::Scheduler::Schedule whose target is its ARN or its alias's) or the table stream that invokes it (an
 * event source mapping of a StreamArn), with what the
 * scheduler's role may do, and its alias (AWS::Lambda::Alias) on the version
 * it publishes (AWS::Lambda::Version), with its provisioned concurrency.
 * Every property these do not read throws.
 */
import type { FunctionBucketEventsInventory, FunctionInventory } from '../inventory';
import type { Context } from './context';
import { scheduleGroup } from './jobs';
import { readFunctionPermissions, readRolePermissions } from './policies';
import { T } from './resource-types';
import { sizingOf } from './sizing';
import { fail, list, obj, onlyKnown, refOf, Resolver } from './template';

// What the inventory reads of each resource and of each part of it; anything else present throws.
const FUNCTION = ['Architectures', 'Code', 'DeadLetterConfig', 'Environment', 'Handler', 'LoggingConfig', 'MemorySize', 'PackageType', 'ReservedConcurrentExecutions', 'Role', 'Runtime', 'Tags', 'Timeout', 'TracingConfig', 'VpcConfig'];
const FUNCTION_PARTS: Record<string, string[]> = {
  // An uploaded .zip (CDK's asset, Pulumi's archive): a backend artefact, checked but not recorded.
  Code: ['S3Bucket', 'S3Key', 'ImageUri'],
  DeadLetterConfig: ['TargetArn'],
  Environment: ['Variables'],
  LoggingConfig: ['LogGroup', 'LogFormat'],
  TracingConfig: ['Mode'],
  VpcConfig: ['SecurityGroupIds', 'SubnetIds'],
};
// The stack's tags are compared as the stack's (Inventory.tags); a mapping carries no other.
const MAPPING = ['FunctionName', 'EventSourceArn', 'BatchSize', 'MaximumBatchingWindowInSeconds', 'FunctionResponseTypes', 'ScalingConfig', 'Tags'];
const STREAM_MAPPING = [
  'FunctionName',
  'EventSourceArn',
  'StartingPosition',
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'ParallelizationFactor',
  'BisectBatchOnFunctionError',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'DestinationConfig',
  'FunctionResponseTypes',
  'Tags',
];
const INVOKE_CONFIG = ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds'];
const SCHEDULE = ['Description', 'FlexibleTimeWindow', 'GroupName', 'ScheduleExpression', 'ScheduleExpressionTimezone', 'State', 'Target'];
const SCHEDULE_TARGET = ['Arn', 'RoleArn', 'RetryPolicy'];
const ALIAS = ['FunctionName', 'FunctionVersion', 'Name', 'ProvisionedConcurrencyConfig'];
// A version publishes the function as it is: a description, a code hash, a runtime policy or provisioned concurrency of its own are not read.
const VERSION = ['FunctionName'];

/** Throws on a key of `o` that `fields` does not list. */
function only(o: Record<string, unknown>, fields: readonly string[], where: string): Record<string, unknown> {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory`);
  return o;
}

export function readFunctions(x: Context): FunctionInventory[] {
  const { t, r, names } = x;

  // The function a mapping, an invoke config or a scheduler role names (by Ref, its name, or its Arn): its key.
  const functionOf = (v: unknown, where: string, attrs: readonly string[]): string => {
    const id = t.target(v, [T.lambda], where);
    if (!attrs.includes(refOf(v)!.attr)) fail(where, `names ${id} by ${refOf(v)!.attr}, not ${attrs.join(' or ')}`);
    return names.functionKey.get(id) ?? fail(where, `${id} is a custom-resource provider, not a function of the blueprint`);
  };
  // One of each per function, keyed by the function's key.
  const byFunction = (type: string, what: string) => {
    const out = new Map<string, string>();
    for (const id of t.ofType(type)) {
      const key = functionOf(t.props(id).FunctionName, t.where(id, 'FunctionName'), ['Ref', 'Arn']);
      if (out.has(key)) fail(t.where(id), `is a second ${what} of function ${key} (${out.get(key)}); the inventory records one`);
      out.set(key, id);
    }
    return out;
  };
  const invokeConfigs = byFunction(T.eventInvokeConfig, 'event invoke config');
  // A mapping names the function (by Ref or Arn) or its alias (by Ref: its ARN).
  const mappings = new Map<string, string>();
  for (const id of t.ofType(T.eventSourceMapping)) {
    const { key } = names.invokedFunction(t.props(id).FunctionName, t.where(id, 'FunctionName'), ['Ref', 'Arn']);
    if (mappings.has(key)) fail(t.where(id), `is a second event source mapping of function ${key} (${mappings.get(key)}); the inventory records one`);
    mappings.set(key, id);
  }
  const aliases = readAliases(x);
  const bucketRules = readBucketRules(x);
  const schedules = new Map([...names.functionSchedule].map(([sch, key]) => [key, sch]));

  // Environment values: a store as a connection names it, a secret's ARN as "secret:<store>"; an imported store by its name.
  const env = new Resolver((ref, where) => {
    const secret = names.stores.secret(ref);
    return secret !== undefined ? `secret:${secret}` : names.symbol(ref, where);
  });
  const value = (v: unknown, where: string) => {
    const s = env.str(v, where);
    return x.imports.buckets.get(s) ?? x.imports.tables.get(s) ?? s;
  };

  return [...names.functionKey].map(([fn, key]): FunctionInventory => {
    const p = t.props(fn);
    const w = (field: string) => t.where(fn, field);
    onlyKnown(t, fn, FUNCTION, 'a function');
    const part = (field: string) => only(obj(p[field], w(field)), FUNCTION_PARTS[field], w(field));
    const code = part('Code');
    // A container image (PackageType Image, Code.ImageUri), or a .zip uploaded to S3 (Zip, AWS's default).
    const packageType = p.PackageType === undefined ? 'Zip' : r.str(p.PackageType, w('PackageType'));
    if (packageType !== 'Zip' && packageType !== 'Image') fail(w('PackageType'), `unknown package type ${packageType}`);
    const image = packageType === 'Image' ? r.str(code.ImageUri ?? fail(w('Code.ImageUri'), 'is missing; an image function names its image'), w('Code.ImageUri')) : null;
    if (image === null) {
      if (code.ImageUri !== undefined) fail(w('Code.ImageUri'), 'is set on a Zip function');
      r.str(code.S3Bucket ?? fail(w('Code.S3Bucket'), 'is missing; the inventory reads code uploaded to S3'), w('Code.S3Bucket'));
      r.str(code.S3Key ?? fail(w('Code.S3Key'), 'is missing; the inventory reads code uploaded to S3'), w('Code.S3Key'));
    } else if (code.S3Bucket !== undefined || code.S3Key !== undefined || p.Runtime !== undefined || p.Handler !== undefined) {
      fail(w('Code'), 'an image function has no code in S3, runtime or handler');
    }

    const archs = list(p.Architectures, w('Architectures')).map((a, i) => r.str(a, w(`Architectures[${i}]`)));
    if (archs.length > 1) fail(w('Architectures'), `lists ${archs.length} architectures; Lambda takes one`);
    const architecture = archs[0] ?? 'x86_64';
    if (architecture !== 'arm64' && architecture !== 'x86_64') fail(w('Architectures'), `unknown architecture ${architecture}`);

    const variables = obj(part('Environment').Variables, w('Environment.Variables'));
    const logGroup = t.target(part('LoggingConfig').LogGroup, [T.logGroup], w('LoggingConfig.LogGroup'));
    const dead = part('DeadLetterConfig');

    let vpc: FunctionInventory['vpc'] = null;
    if (p.VpcConfig !== undefined) {
      const net = part('VpcConfig');
      const sgWhere = w('VpcConfig.SecurityGroupIds');
      if (!list(net.SecurityGroupIds, sgWhere).length) fail(sgWhere, 'is empty; a function in the VPC has a security group of its own');
      const ingress = x.ingressOf(net.SecurityGroupIds, sgWhere);
      if (ingress.length) fail(sgWhere, `admit ${ingress.join(', ')}; nothing connects to a function, the inventory records no ingress`);
      vpc = { subnets: x.span(net.SubnetIds, w('VpcConfig.SubnetIds')), egress: x.egressOf(net.SecurityGroupIds, sgWhere) };
    }

    const role = t.target(p.Role, ['AWS::IAM::Role'], w('Role'));
    if (refOf(p.Role)!.attr !== 'Arn') fail(w('Role'), `names ${role} by something other than its Arn`);

    return {
      key,
      sizing: sizingOf(t, r, fn),
      runtime: image !== null ? null : r.str(p.Runtime ?? fail(w('Runtime'), 'is missing; a .zip function names its runtime'), w('Runtime')),
      handler: image !== null ? null : r.str(p.Handler ?? fail(w('Handler'), 'is missing; a .zip function names its handler'), w('Handler')),
      image,
      architecture,
      // AWS's defaults: 128 MB, 3 s, unreserved, PassThrough.
      memoryMb: r.numOr(p.MemorySize, 128, w('MemorySize')),
      timeoutSeconds: r.numOr(p.Timeout, 3, w('Timeout')),
      reservedConcurrency: p.ReservedConcurrentExecutions === undefined ? null : r.num(p.ReservedConcurrentExecutions, w('ReservedConcurrentExecutions')),
      tracing: r.str(part('TracingConfig').Mode ?? 'PassThrough', w('TracingConfig.Mode')),
      environment: Object.entries(variables).map(([k, v]) => `${k}=${value(v, w(`Environment.Variables.${k}`))}`),
      logRetentionDays: x.retention(logGroup),
      // AWS's default: Text (JSON would also take application and system log levels, which the inventory does not read).
      logFormat: r.str(part('LoggingConfig').LogFormat ?? 'Text', w('LoggingConfig.LogFormat')),
      deadLetter: dead.TargetArn === undefined ? null : names.stores.of(t.target(dead.TargetArn, [T.queue], w('DeadLetterConfig.TargetArn'))),
      vpc,
      permissions: readFunctionPermissions(t, x.arns, role, names.logGroupOwner),
      asyncRetries: invokeConfigs.has(key) ? readInvokeConfig(x, invokeConfigs.get(key)!) : null,
      queue: mappings.has(key) && !isStreamMapping(x, mappings.get(key)!) ? readMapping(x, mappings.get(key)!) : null,
      bucketEvents: bucketRules.get(key) ?? null,
      stream: mappings.has(key) && isStreamMapping(x, mappings.get(key)!) ? readStreamMapping(x, mappings.get(key)!) : null,
      schedule: schedules.has(key) ? readSchedule(x, schedules.get(key)!, (v, where) => names.invokedFunction(v, where, ['Arn']).name) : null,
      alias: aliases.get(key) ?? null,
    };
  });
}

/** Asynchronous invocation settings: the qualifier, retries and event age (AWS's defaults when absent: 2, 6 hours). */
function readInvokeConfig(x: Context, id: string): NonNullable<FunctionInventory['asyncRetries']> {
  const { t, r } = x;
  onlyKnown(t, id, INVOKE_CONFIG, 'an event invoke config (destinations are not in the inventory)');
  const p = t.props(id);
  return {
    qualifier: r.str(p.Qualifier ?? fail(t.where(id, 'Qualifier'), 'is missing'), t.where(id, 'Qualifier')),
    maximumRetryAttempts: r.numOr(p.MaximumRetryAttempts, 2, t.where(id, 'MaximumRetryAttempts')),
    maximumEventAgeSeconds: r.numOr(p.MaximumEventAgeInSeconds, 21600, t.where(id, 'MaximumEventAgeInSeconds')),
  };
}

/** An SQS event source mapping: its queue, batching, response types and concurrency (AWS's defaults for SQS when absent). */
function readMapping(x: Context, id: string): NonNullable<FunctionInventory['queue']> {
  const { t, r } = x;
  onlyKnown(t, id, MAPPING, 'an event source mapping (filters, Enabled, destinations and stream settings are not in the inventory)');
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  const { store, path } = x.arns.resource(p.EventSourceArn, w('EventSourceArn'));
  if (!store.startsWith('queue:') || path !== '') fail(w('EventSourceArn'), `is ${store}${path}; the inventory reads mappings of a queue only`);
  const scaling = only(obj(p.ScalingConfig, w('ScalingConfig')), ['MaximumConcurrency'], w('ScalingConfig'));
  return {
    source: store,
    invokes: x.names.invokedFunction(p.FunctionName, w('FunctionName'), ['Ref', 'Arn']).name,
    batchSize: r.numOr(p.BatchSize, 10, w('BatchSize')),
    maximumBatchingWindowSeconds: r.numOr(p.MaximumBatchingWindowInSeconds, 0, w('MaximumBatchingWindowInSeconds')),
    functionResponseTypes: list(p.FunctionResponseTypes, w('FunctionResponseTypes')).map((v, i) => r.str(v, w(`FunctionResponseTypes[${i}]`))),
    maximumConcurrency: scaling.MaximumConcurrency === undefined ? null : r.num(scaling.MaximumConcurrency, w('ScalingConfig.MaximumConcurrency')),
  };
}

/** Whether a rule matches S3's events (source aws.s3): a function's bucket rule, not a job's failed runs. */
export function isBucketEventsRule(t: Context['t'], id: string): boolean {
  const pattern = t.props(id).EventPattern as Record<string, unknown> | undefined;
  return Array.isArray(pattern?.source) && pattern.source.length === 1 && pattern.source[0] === 'aws.s3';
}

const RULE = ['Description', 'EventPattern', 'State', 'Targets', 'Tags'];
const RULE_TARGET = ['Arn', 'Id', 'RetryPolicy'];

/**
 * Each function's bucket rule, by the function's key: the rule matching S3 events of one bucket of the stack whose one
 * target is the function or its alias, with its retries and the Lambda permissions whose SourceArn is the rule's Arn.
 */
function readBucketRules(x: Context): Map<string, FunctionBucketEventsInventory> {
  const { t, r, names } = x;
  const out = new Map<string, FunctionBucketEventsInventory>();
  for (const id of t.ofType(T.eventRule).filter((rule) => isBucketEventsRule(t, rule))) {
    onlyKnown(t, id, RULE, "a function's bucket rule (another bus, a schedule, a role are not in the inventory)");
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const pattern = only(obj(p.EventPattern, w('EventPattern')), ['source', 'detail-type', 'detail'], w('EventPattern'));
    const detail = only(obj(pattern.detail, w('EventPattern.detail')), ['bucket', 'object'], w('EventPattern.detail'));
    const names_ = list(only(obj(detail.bucket, w('EventPattern.detail.bucket')), ['name'], w('EventPattern.detail.bucket')).name, w('EventPattern.detail.bucket.name'));
    if (names_.length !== 1) fail(w('EventPattern.detail.bucket.name'), "names no single bucket; the inventory reads a rule of one bucket's events");
    const bucket = names.stores.of(t.target(names_[0], [T.bucket], w('EventPattern.detail.bucket.name[0]')));
    if (refOf(names_[0])!.attr !== 'Ref') fail(w('EventPattern.detail.bucket.name[0]'), 'names the bucket by something other than Ref (its name)');
    let keyMatcher: string | null = null;
    if (detail.object !== undefined) {
      const key = list(only(obj(detail.object, w('EventPattern.detail.object')), ['key'], w('EventPattern.detail.object')).key, w('EventPattern.detail.object.key'));
      if (key.length !== 1) fail(w('EventPattern.detail.object.key'), 'has other than one matcher; the inventory reads one');
      keyMatcher = JSON.stringify(key[0]);
    }
    const targets = list(p.Targets, w('Targets'));
    if (targets.length !== 1) fail(w('Targets'), `has ${targets.length} targets; a function's bucket rule has one`);
    const target = only(obj(targets[0], w('Targets[0]')), RULE_TARGET, w('Targets[0]'));
    const invoked = names.invokedFunction(target.Arn, w('Targets[0].Arn'), ['Arn']);
    if (out.has(invoked.key)) fail(t.where(id), `is a second bucket rule of function ${invoked.key}; the inventory records one`);
    const retry = target.RetryPolicy === undefined ? {} : only(obj(target.RetryPolicy, w('Targets[0].RetryPolicy')), ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds'], w('Targets[0].RetryPolicy'));
    const permissions = t.ofType(T.lambdaPermission).flatMap((perm) => {
      const pp = t.props(perm);
      const pw = (field: string) => t.where(perm, field);
      const source = refOf(pp.SourceArn);
      if (source?.id !== id) return [];
      onlyKnown(t, perm, ['Action', 'FunctionName', 'Principal', 'SourceArn'], "a bucket rule's Lambda permission");
      if (source.attr !== 'Arn') fail(pw('SourceArn'), 'names the rule by something other than its Arn');
      const of = names.invokedFunction(pp.FunctionName, pw('FunctionName'), ['Arn', 'Ref']);
      if (of.name !== invoked.name) fail(pw('FunctionName'), `is ${of.name}, not what the rule invokes (${invoked.name})`);
      return [`${r.str(pp.Principal, pw('Principal'))} ${r.str(pp.Action, pw('Action'))}`];
    });
    out.set(invoked.key, {
      bucket,
      detailTypes: list(pattern['detail-type'], w('EventPattern.detail-type')).map((v, i) => r.str(v, w(`EventPattern.detail-type[${i}]`))).sort(),
      keyMatcher,
      invokes: invoked.name,
      state: r.str(p.State ?? 'ENABLED', w('State')),
      description: p.Description === undefined ? null : r.str(p.Description, w('Description')),
      maximumRetryAttempts: r.numOr((retry as Record<string, unknown>).MaximumRetryAttempts, 185, w('Targets[0].RetryPolicy.MaximumRetryAttempts')),
      maximumEventAgeSeconds: r.numOr((retry as Record<string, unknown>).MaximumEventAgeInSeconds, 86400, w('Targets[0].RetryPolicy.MaximumEventAgeInSeconds')),
      permissions: permissions.sort(),
    });
  }
  return out;
}

/** Whether a mapping's source is a table's stream (its StreamArn) rather than a queue. */
function isStreamMapping(x: Context, id: string): boolean {
  const { path } = x.arns.resource(x.t.props(id).EventSourceArn, x.t.where(id, 'EventSourceArn'));
  return path === '/stream';
}

/** A table stream's event source mapping: every setting the inventory reads, AWS's defaults for a stream when absent. */
function readStreamMapping(x: Context, id: string): NonNullable<FunctionInventory['stream']> {
  const { t, r } = x;
  onlyKnown(t, id, STREAM_MAPPING, "a table stream's event source mapping (filters, Enabled, tumbling windows and metrics are not in the inventory)");
  const p = t.props(id);
  const w = (field: string) => t.where(id, field);
  const { store, path } = x.arns.resource(p.EventSourceArn, w('EventSourceArn'));
  if (!store.startsWith('table:')) fail(w('EventSourceArn'), `is ${store}${path}; a stream mapping reads a table's stream`);
  let onFailure: string | null = null;
  if (p.DestinationConfig !== undefined) {
    const dest = only(obj(p.DestinationConfig, w('DestinationConfig')), ['OnFailure'], w('DestinationConfig'));
    const on = only(obj(dest.OnFailure, w('DestinationConfig.OnFailure')), ['Destination'], w('DestinationConfig.OnFailure'));
    onFailure = x.names.stores.of(t.target(on.Destination, [T.queue], w('DestinationConfig.OnFailure.Destination')));
  }
  return {
    source: `${store}${path}`,
    invokes: x.names.invokedFunction(p.FunctionName, w('FunctionName'), ['Ref', 'Arn']).name,
    startingPosition: r.str(p.StartingPosition ?? fail(w('StartingPosition'), 'is missing; a stream mapping names where it starts'), w('StartingPosition')),
    batchSize: r.numOr(p.BatchSize, 100, w('BatchSize')),
    maximumBatchingWindowSeconds: r.numOr(p.MaximumBatchingWindowInSeconds, 0, w('MaximumBatchingWindowInSeconds')),
    parallelizationFactor: r.numOr(p.ParallelizationFactor, 1, w('ParallelizationFactor')),
    bisectBatchOnFunctionError: r.bool(p.BisectBatchOnFunctionError, false, w('BisectBatchOnFunctionError')),
    maximumRetryAttempts: r.numOr(p.MaximumRetryAttempts, -1, w('MaximumRetryAttempts')),
    maximumRecordAgeSeconds: r.numOr(p.MaximumRecordAgeInSeconds, -1, w('MaximumRecordAgeInSeconds')),
    onFailure,
    functionResponseTypes: list(p.FunctionResponseTypes, w('FunctionResponseTypes')).map((v, i) => r.str(v, w(`FunctionResponseTypes[${i}]`))).sort(),
  };
}

/**
 * A function's schedule: as a job's (AWS's defaults when absent), its description, and the permissions of
 * the scheduler's role, a function's ARN named by `functionArn`.
 */
function readSchedule(x: Context, sch: string, functionArn: (v: unknown, where: string) => string): NonNullable<FunctionInventory['schedule']> {
  const { t, r } = x;
  onlyKnown(t, sch, SCHEDULE, "a function's schedule (start and end dates and a KMS key are not in the inventory)");
  const p = t.props(sch);
  const w = (field: string) => t.where(sch, field);
  const target = only(obj(p.Target, w('Target')), SCHEDULE_TARGET, w('Target'));
  const retry = only(obj(target.RetryPolicy, w('Target.RetryPolicy')), ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds'], w('Target.RetryPolicy'));
  const window = only(obj(p.FlexibleTimeWindow, w('FlexibleTimeWindow')), ['Mode'], w('FlexibleTimeWindow'));
  const role = t.target(target.RoleArn, ['AWS::IAM::Role'], w('Target.RoleArn'));
  return {
    expression: r.str(p.ScheduleExpression, w('ScheduleExpression')),
    timezone: r.str(p.ScheduleExpressionTimezone ?? 'UTC', w('ScheduleExpressionTimezone')),
    flexibleWindow: r.str(window.Mode, w('FlexibleTimeWindow.Mode')),
    state: r.str(p.State ?? 'ENABLED', w('State')),
    maximumRetries: r.numOr(retry.MaximumRetryAttempts, 185, w('Target.RetryPolicy.MaximumRetryAttempts')),
    maximumEventAgeSeconds: r.numOr(retry.MaximumEventAgeInSeconds, 86400, w('Target.RetryPolicy.MaximumEventAgeInSeconds')),
    group: p.GroupName === undefined ? 'default' : scheduleGroup(x, p.GroupName, w('GroupName')),
    description: p.Description === undefined ? null : r.str(p.Description, w('Description')),
    invokes: functionArn(target.Arn, w('Target.Arn')),
    schedulerPermissions: readRolePermissions(t, role, "a function's scheduler role", functionArn),
  };
}

/**
 * Each function's alias, by the function's key: its name and provisioned concurrency (null without), on the version
 * of that function its FunctionVersion names (Fn::GetAtt Version of an AWS::Lambda::Version whose FunctionName is the
 * function, by Ref). A version no alias names, or two aliases name, and anything else either sets throw.
 */
function readAliases(x: Context): Map<string, NonNullable<FunctionInventory['alias']>> {
  const { t, r, names } = x;
  const versionOf = new Map<string, string>();
  for (const v of t.ofType(T.lambdaVersion)) {
    onlyKnown(t, v, VERSION, 'a function version (a description, code hash, runtime policy or provisioned concurrency of its own is not)');
    const where = t.where(v, 'FunctionName');
    const fn = t.target(t.props(v).FunctionName, [T.lambda], where);
    if (refOf(t.props(v).FunctionName)!.attr !== 'Ref') fail(where, `names ${fn} by something other than Ref (its name)`);
    versionOf.set(v, names.functionKey.get(fn) ?? fail(where, `${fn} is a custom-resource provider, not a function of the blueprint`));
  }
  const named = new Set<string>();
  const out = new Map<string, NonNullable<FunctionInventory['alias']>>();
  for (const [id, { key, name }] of names.functionAlias) {
    onlyKnown(t, id, ALIAS, 'an alias (routing weights and a description are not in the inventory)');
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    const version = t.target(p.FunctionVersion, [T.lambdaVersion], w('FunctionVersion'));
    if (refOf(p.FunctionVersion)!.attr !== 'Version') fail(w('FunctionVersion'), `names ${version} by ${refOf(p.FunctionVersion)!.attr}, not its Version`);
    if (versionOf.get(version) !== key) fail(w('FunctionVersion'), `${version} is a version of function ${versionOf.get(version)}, not of ${key}`);
    if (named.has(version)) fail(w('FunctionVersion'), `${version} is named by another alias too; the inventory reads one alias per version`);
    named.add(version);
    const pc = p.ProvisionedConcurrencyConfig === undefined ? undefined : only(obj(p.ProvisionedConcurrencyConfig, w('ProvisionedConcurrencyConfig')), ['ProvisionedConcurrentExecutions'], w('ProvisionedConcurrencyConfig'));
    out.set(key, { name, provisionedConcurrency: pc === undefined ? null : r.num(pc.ProvisionedConcurrentExecutions, w('ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions')) });
  }
  for (const v of versionOf.keys()) if (!named.has(v)) fail(t.where(v), 'no alias names it; the inventory reads a version only as what an alias invokes');
  return out;
}
