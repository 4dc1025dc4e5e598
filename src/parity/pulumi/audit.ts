/*
 * security.audit in a mock run, read as the CloudFormation reader reads it (see AuditInventory): the trail,
 * the GuardDuty detector, Security Hub (aws.securityhub.Account) and its standards subscriptions, the AWS
 * Config recorder, its delivery channel and its status (started: what CloudFormation does by itself).
 */
import type { AuditInventory } from '../inventory';
import { bucketNameOf } from './access-logs';
import type { Context, R } from './context';
import { T } from './resource-types';
import { kmsKeyOf } from './key';

export function readAudit(ctx: Context): AuditInventory | null {
  const out: AuditInventory = { trail: readTrail(ctx), detector: readDetector(ctx), securityHub: readSecurityHub(ctx), config: readConfig(ctx) };
  return out.trail || out.detector || out.securityHub || out.config ? out : null;
}

function one(ctx: Context, type: string): R | undefined {
  const rs = ctx.ofType(type);
  if (rs.length > 1) throw new Error(`parity: ${rs.length} resources of ${type}; the inventory records one`);
  return rs[0];
}

function onlyKnown(r: R, known: string[]): void {
  const extra = Object.keys(r.inputs).filter((k) => !known.includes(k));
  if (extra.length) throw new Error(`parity: ${r.name} sets ${extra.join(', ')}, which the inventory does not read`);
}

/** A bucket by its name (the bucket output), as the inventory names it. */
const bucketByName = (ctx: Context, name: string, what: string): string =>
  bucketNameOf(ctx, ctx.must(ctx.ofType(T.bucket).find((x) => (x.inputs.bucket ?? x.name) === name), `the bucket ${name} of ${what}`));

/** The trail's log group: its ARN with the streams suffix (:*) CloudTrail wants. */
export function trailLogGroup(ctx: Context, trail: R): R | undefined {
  const arn = trail.inputs.cloudWatchLogsGroupArn as string | undefined;
  if (arn === undefined) return undefined;
  if (!arn.endsWith(':*')) throw new Error(`parity: ${trail.name}'s cloudWatchLogsGroupArn ${arn} does not end in :* (the log group's streams)`);
  return ctx.logGroupByArn(arn.slice(0, -2));
}

function readTrail(ctx: Context): AuditInventory['trail'] {
  const tr = one(ctx, T.trail);
  if (!tr) return null;
  onlyKnown(tr, ['name', 'enableLogging', 's3BucketName', 's3KeyPrefix', 'isMultiRegionTrail', 'includeGlobalServiceEvents', 'enableLogFileValidation', 'eventSelectors', 'cloudWatchLogsGroupArn', 'cloudWatchLogsRoleArn', 'kmsKeyId', 'tags']);
  const a = tr.inputs;
  if (a.enableLogging === false) throw new Error(`parity: ${tr.name} does not log`);
  const lg = trailLogGroup(ctx, tr);
  if (lg && a.cloudWatchLogsRoleArn === undefined) throw new Error(`parity: ${tr.name} has a log group but no role to write to it`);
  const selectors = (a.eventSelectors ?? [{ readWriteType: 'All', includeManagementEvents: true }]) as Record<string, unknown>[];
  return {
    name: a.name,
    multiRegion: a.isMultiRegionTrail === true,
    globalServiceEvents: a.includeGlobalServiceEvents !== false,
    logFileValidation: a.enableLogFileValidation === true,
    bucket: bucketByName(ctx, a.s3BucketName, tr.name),
    prefix: a.s3KeyPrefix ?? '',
    logGroupRetentionDays: lg ? lg.inputs.retentionInDays : null,
    kmsKey: kmsKeyOf(ctx, a.kmsKeyId),
    events: selectors.map((s) => {
      const extra = Object.keys(s).filter((k) => !['readWriteType', 'includeManagementEvents'].includes(k));
      if (extra.length) throw new Error(`parity: an event selector of ${tr.name} sets ${extra.join(', ')}: the inventory records management events only`);
      if (s.includeManagementEvents === false) throw new Error(`parity: an event selector of ${tr.name} records no management events`);
      return `management:${(s.readWriteType as string | undefined) ?? 'All'}`;
    }),
  };
}

function readDetector(ctx: Context): AuditInventory['detector'] {
  const d = one(ctx, T.detector);
  if (!d) return null;
  onlyKnown(d, ['enable', 'findingPublishingFrequency', 'tags']);
  return { enabled: d.inputs.enable !== false, frequency: d.inputs.findingPublishingFrequency ?? 'SIX_HOURS' };
}

function readSecurityHub(ctx: Context): AuditInventory['securityHub'] {
  const hub = one(ctx, T.securityHub);
  const subs = ctx.ofType(T.standardsSubscription);
  if (!hub) {
    if (subs.length) throw new Error(`parity: ${subs[0].name} subscribes a standard without Security Hub`);
    return null;
  }
  onlyKnown(hub, ['enableDefaultStandards', 'autoEnableControls', 'controlFindingGenerator']);
  if (hub.inputs.controlFindingGenerator !== undefined) throw new Error(`parity: ${hub.name} sets controlFindingGenerator, which the inventory does not read`);
  return {
    standards: subs.map((s) => {
      onlyKnown(s, ['standardsArn']);
      const m = new RegExp(`^arn:aws:securityhub:${ctx.region}::(standards/.+)$`).exec(s.inputs.standardsArn);
      if (!m) throw new Error(`parity: ${s.name} subscribes ${s.inputs.standardsArn}, not a standard of ${ctx.region}`);
      return m[1];
    }),
    defaultStandards: hub.inputs.enableDefaultStandards !== false,
    autoEnableControls: hub.inputs.autoEnableControls !== false,
  };
}

function readConfig(ctx: Context): AuditInventory['config'] {
  const rec = one(ctx, T.configRecorder);
  const ch = one(ctx, T.deliveryChannel);
  const status = one(ctx, T.recorderStatus);
  if (!rec && !ch && !status) return null;
  if (!rec || !ch || !status) throw new Error('parity: a configuration recorder, its delivery channel and its status come together');
  onlyKnown(rec, ['name', 'roleArn', 'recordingGroup']);
  onlyKnown(ch, ['name', 's3BucketName', 's3KeyPrefix']);
  onlyKnown(status, ['name', 'isEnabled']);
  if (status.inputs.name !== rec.inputs.name || status.inputs.isEnabled !== true) throw new Error(`parity: ${status.name} does not start recorder ${rec.inputs.name}`);
  const g = (rec.inputs.recordingGroup ?? {}) as Record<string, unknown>;
  const extra = Object.keys(g).filter((k) => !['allSupported', 'includeGlobalResourceTypes'].includes(k));
  if (extra.length) throw new Error(`parity: ${rec.name}'s recordingGroup sets ${extra.join(', ')}, which the inventory does not read`);
  return {
    recorder: { name: rec.inputs.name, allSupported: g.allSupported !== false, includeGlobal: g.includeGlobalResourceTypes === true },
    deliveryBucket: bucketByName(ctx, ch.inputs.s3BucketName, ch.name),
    prefix: ch.inputs.s3KeyPrefix ?? '',
  };
}
