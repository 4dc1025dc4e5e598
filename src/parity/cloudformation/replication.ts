/*
 * A bucket's replication, read from its ReplicationConfiguration: one
 * enabled V2 rule over every object into a replica of the disaster-recovery
 * template (named "<region>:bucket:<key>/replica" through the ARN built from
 * its BucketName), its storage class and delete-marker replication, and what
 * the role S3 assumes may do (it must trust s3.amazonaws.com only). Anything
 * else throws.
 */
import type { BucketReplicationInventory } from '../inventory';
import { readPermissions } from './policies';
import type { SecondaryRegion } from './secondary';
import type { ArnResolver } from './store-names';
import { fail, isObject, list, obj, refOf, type CfnTemplate, type Resolver } from './template';

const WHAT = 'not in the inventory (it records one rule over every object: its destination, storage class and delete markers)';

export function readReplication(t: CfnTemplate, r: Resolver, arns: ArnResolver, bucket: string, secondary: SecondaryRegion): BucketReplicationInventory {
  const w = (field?: string) => t.where(bucket, `ReplicationConfiguration${field ? `.${field}` : ''}`);
  const c = obj(t.props(bucket).ReplicationConfiguration, w());
  only(c, ['Role', 'Rules'], w());
  const rules = list(c.Rules, w('Rules'));
  if (rules.length !== 1) fail(w('Rules'), `has ${rules.length} rules; the inventory reads one`);
  const rw = w('Rules[0]');
  const rule = obj(rules[0], rw);
  // Id and Priority name and order rules: with one rule, nothing to record.
  only(rule, ['Id', 'Priority', 'Status', 'Filter', 'Destination', 'DeleteMarkerReplication'], rw);
  if (r.str(rule.Status, `${rw}.Status`) !== 'Enabled') fail(`${rw}.Status`, 'is not Enabled; the inventory records replication that runs');
  if (rule.Filter === undefined) fail(rw, 'has no Filter: a V1 rule (its Prefix, delete markers always replicated) is not read');
  const filter = obj(rule.Filter, `${rw}.Filter`);
  if (Object.keys(filter).some((k) => k !== 'Prefix') || r.str(filter.Prefix ?? '', `${rw}.Filter.Prefix`) !== '') {
    fail(`${rw}.Filter`, 'selects part of the bucket; the inventory records replication of every object');
  }
  const dw = `${rw}.Destination`;
  const d = obj(rule.Destination, dw);
  only(d, ['Bucket', 'StorageClass'], dw);
  const { store, path } = arns.resource(d.Bucket, `${dw}.Bucket`);
  if (path !== '' || !secondary.replicas.some((b) => b.name === store)) fail(`${dw}.Bucket`, `${store}${path} is not a replica bucket of the disaster-recovery template`);
  const dm = rule.DeleteMarkerReplication === undefined ? undefined : obj(rule.DeleteMarkerReplication, `${rw}.DeleteMarkerReplication`);
  if (dm) only(dm, ['Status'], `${rw}.DeleteMarkerReplication`);
  const dmStatus = dm === undefined ? 'Disabled' : r.str(dm.Status, `${rw}.DeleteMarkerReplication.Status`);
  if (dmStatus !== 'Enabled' && dmStatus !== 'Disabled') fail(`${rw}.DeleteMarkerReplication.Status`, `is ${JSON.stringify(dmStatus)}`);

  const role = t.target(c.Role, ['AWS::IAM::Role'], w('Role'));
  if (refOf(c.Role)!.attr !== 'Arn') fail(w('Role'), `names ${role} by something other than its Arn`);
  assumedByS3Only(t, role);
  return {
    destination: `${secondary.region}:${store}`,
    // AWS's default: the source object's storage class.
    storageClass: d.StorageClass === undefined ? null : r.str(d.StorageClass, `${dw}.StorageClass`),
    // AWS's default for a V2 rule: delete markers are not replicated.
    deleteMarkers: dmStatus === 'Enabled',
    rolePermissions: readPermissions(t, arns, role, 'a replication role'),
  };
}

function only(o: Record<string, unknown>, known: string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: ${WHAT}`);
}

/** The role's trust policy: one statement that lets S3, and no one else, assume it. */
function assumedByS3Only(t: CfnTemplate, role: string): void {
  const where = t.where(role, 'AssumeRolePolicyDocument');
  const st = obj(t.props(role).AssumeRolePolicyDocument, where).Statement;
  const statements = Array.isArray(st) ? st : [st];
  const s = statements[0];
  const ok =
    statements.length === 1 &&
    isObject(s) &&
    s.Effect === 'Allow' &&
    s.Condition === undefined &&
    (s.Action === 'sts:AssumeRole' || (Array.isArray(s.Action) && s.Action.length === 1 && s.Action[0] === 'sts:AssumeRole')) &&
    isObject(s.Principal) &&
    Object.keys(s.Principal).length === 1 &&
    s.Principal.Service === 's3.amazonaws.com';
  if (!ok) fail(where, 'a replication role must trust s3.amazonaws.com only, with one sts:AssumeRole statement');
}
