/*
 * security.audit in a template: the CloudTrail trail (its bucket, log group, key and event selectors), the
 * GuardDuty detector, Security Hub and its standards, the AWS Config recorder and its delivery channel.
 * Anything the inventory does not describe throws (see AuditInventory). Run before readLogGroups: the
 * trail owns its log group ("trail").
 */
import type { AuditInventory } from '../inventory';
import type { Context } from './context';
import { kmsKey } from './data';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, refOf } from './template';

export function readAudit(x: Context): AuditInventory | null {
  const out: AuditInventory = { trail: readTrail(x), detector: readDetector(x), securityHub: readSecurityHub(x), config: readConfig(x) };
  return out.trail || out.detector || out.securityHub || out.config ? out : null;
}

/** At most one resource of a type (these are one per account and region). */
function one(x: Context, type: string): string | undefined {
  const ids = x.t.ofType(type);
  if (ids.length > 1) fail(x.t.where(ids[1]), `a second ${type}; the inventory records one`);
  return ids[0];
}

/** A bucket named by Ref (its name), as the inventory names it. */
function bucketByName(x: Context, v: unknown, where: string): string {
  const id = x.t.target(v, [T.bucket], where);
  if (refOf(v)!.attr !== 'Ref') fail(where, 'names the bucket by something other than its name (Ref)');
  return x.names.stores.of(id);
}

function readTrail(x: Context): AuditInventory['trail'] {
  const { t, r } = x;
  const id = one(x, T.trail);
  if (id === undefined) return null;
  const w = (f: string) => t.where(id, f);
  onlyKnown(
    t,
    id,
    ['TrailName', 'IsLogging', 'S3BucketName', 'S3KeyPrefix', 'IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'EnableLogFileValidation', 'EventSelectors', 'CloudWatchLogsLogGroupArn', 'CloudWatchLogsRoleArn', 'KMSKeyId', 'Tags'],
    'a trail',
  );
  const p = t.props(id);
  if (p.IsLogging !== true) fail(w('IsLogging'), 'the inventory records a trail that logs');
  let logGroupRetentionDays: number | null = null;
  if (p.CloudWatchLogsLogGroupArn !== undefined) {
    const lg = t.target(p.CloudWatchLogsLogGroupArn, [T.logGroup], w('CloudWatchLogsLogGroupArn'));
    if (refOf(p.CloudWatchLogsLogGroupArn)!.attr !== 'Arn') fail(w('CloudWatchLogsLogGroupArn'), 'names the log group by something other than its Arn');
    if (p.CloudWatchLogsRoleArn === undefined) fail(w('CloudWatchLogsRoleArn'), 'is missing: CloudTrail cannot write to the log group');
    x.names.ownLogGroup(lg, 'trail', id);
    logGroupRetentionDays = x.retention(lg);
  }
  const selectors = p.EventSelectors === undefined ? [{ ReadWriteType: 'All', IncludeManagementEvents: true }] : list(p.EventSelectors, w('EventSelectors'));
  const events = selectors.map((v, i) => {
    const sw = w(`EventSelectors[${i}]`);
    const s = obj(v, sw);
    const extra = Object.keys(s).filter((k) => !['ReadWriteType', 'IncludeManagementEvents'].includes(k));
    if (extra.length) fail(sw, `${extra.join(', ')}: not in the inventory (it records management events only)`);
    if (!r.bool(s.IncludeManagementEvents, true, `${sw}.IncludeManagementEvents`)) fail(sw, 'records no management events: not in the inventory');
    return `management:${s.ReadWriteType === undefined ? 'All' : r.str(s.ReadWriteType, `${sw}.ReadWriteType`)}`;
  });
  return {
    name: r.str(p.TrailName, w('TrailName')),
    multiRegion: r.bool(p.IsMultiRegionTrail, false, w('IsMultiRegionTrail')),
    globalServiceEvents: r.bool(p.IncludeGlobalServiceEvents, true, w('IncludeGlobalServiceEvents')),
    logFileValidation: r.bool(p.EnableLogFileValidation, false, w('EnableLogFileValidation')),
    bucket: bucketByName(x, p.S3BucketName, w('S3BucketName')),
    prefix: p.S3KeyPrefix === undefined ? '' : r.str(p.S3KeyPrefix, w('S3KeyPrefix')),
    logGroupRetentionDays,
    // Absent: the bucket's own encryption of the log files.
    kmsKey: p.KMSKeyId === undefined ? null : kmsKey(r, p.KMSKeyId, w('KMSKeyId'), x.names.stores.keyAliases),
    events,
  };
}

function readDetector(x: Context): AuditInventory['detector'] {
  const { t, r } = x;
  const id = one(x, T.detector);
  if (id === undefined) return null;
  onlyKnown(t, id, ['Enable', 'FindingPublishingFrequency', 'Tags'], 'a GuardDuty detector');
  const p = t.props(id);
  return { enabled: r.bool(p.Enable, false, t.where(id, 'Enable')), frequency: p.FindingPublishingFrequency === undefined ? 'SIX_HOURS' : r.str(p.FindingPublishingFrequency, t.where(id, 'FindingPublishingFrequency')) };
}

function readSecurityHub(x: Context): AuditInventory['securityHub'] {
  const { t, r } = x;
  const hub = one(x, T.securityHub);
  const standards = t.ofType(T.securityHubStandard);
  if (hub === undefined) {
    if (standards.length) fail(t.where(standards[0]), 'a Security Hub standard without the hub');
    return null;
  }
  onlyKnown(t, hub, ['EnableDefaultStandards', 'AutoEnableControls', 'Tags'], 'Security Hub');
  const p = t.props(hub);
  return {
    standards: standards.map((s) => {
      onlyKnown(t, s, ['StandardsArn'], 'a Security Hub standard');
      const arn = r.str(t.props(s).StandardsArn, t.where(s, 'StandardsArn'));
      const m = /^arn:\$\{AWS::Partition\}:securityhub:\$\{AWS::Region\}::(standards\/.+)$/.exec(arn) ?? fail(t.where(s, 'StandardsArn'), `${arn}: not a Security Hub standard of the stack's region`);
      return m[1];
    }),
    defaultStandards: r.bool(p.EnableDefaultStandards, true, t.where(hub, 'EnableDefaultStandards')),
    autoEnableControls: r.bool(p.AutoEnableControls, true, t.where(hub, 'AutoEnableControls')),
  };
}

function readConfig(x: Context): AuditInventory['config'] {
  const { t, r } = x;
  const recorder = one(x, T.configRecorder);
  const channel = one(x, T.deliveryChannel);
  if (recorder === undefined && channel === undefined) return null;
  if (recorder === undefined || channel === undefined) fail(t.where((recorder ?? channel)!), 'a configuration recorder and a delivery channel come together (CloudFormation starts the recorder once both exist)');
  onlyKnown(t, recorder, ['Name', 'RoleARN', 'RecordingGroup'], 'a configuration recorder');
  onlyKnown(t, channel, ['Name', 'S3BucketName', 'S3KeyPrefix'], 'a delivery channel');
  const p = t.props(recorder);
  const gw = t.where(recorder, 'RecordingGroup');
  const g = p.RecordingGroup === undefined ? {} : obj(p.RecordingGroup, gw);
  const extra = Object.keys(g).filter((k) => !['AllSupported', 'IncludeGlobalResourceTypes'].includes(k));
  if (extra.length) fail(gw, `${extra.join(', ')}: not in the inventory (it records all supported types, with or without global ones)`);
  const c = t.props(channel);
  return {
    recorder: { name: r.str(p.Name, t.where(recorder, 'Name')), allSupported: r.bool(g.AllSupported, true, `${gw}.AllSupported`), includeGlobal: r.bool(g.IncludeGlobalResourceTypes, false, `${gw}.IncludeGlobalResourceTypes`) },
    deliveryBucket: bucketByName(x, c.S3BucketName, t.where(channel, 'S3BucketName')),
    prefix: c.S3KeyPrefix === undefined ? '' : r.str(c.S3KeyPrefix, t.where(channel, 'S3KeyPrefix')),
  };
}
