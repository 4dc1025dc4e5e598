/*
 * The stack's customer-managed KMS key (security.key) read from a CloudFormation template: the one
 * AWS::KMS::Key (symmetric), the one AWS::KMS::Alias that targets it, rotation, deletion window,
 * retention, and the AWS services its key policy lets use it. Elsewhere the key is named "key"
 * (StoreNames.keyRef). Anything the inventory does not describe throws (see KeyInventory).
 */
import type { KeyInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, pseudoParameter, Resolver } from './template';

const KEY = ['Description', 'Enabled', 'EnableKeyRotation', 'KeyPolicy', 'KeySpec', 'KeyUsage', 'PendingWindowInDays', 'RotationPeriodInDays', 'Tags'];
const PARTITION = '(?:aws|aws-cn|aws-us-gov|\\$\\{AWS::Partition\\})';
/** The account's root: arn:<partition>:iam::<this account>:root. */
const ROOT = new RegExp(`^arn:${PARTITION}:iam::\\$\\{AWS::AccountId\\}:root$`);
// Brackets around a role's logical ID inside a resolved principal (its Arn).
const ROLE_OPEN = '\u0010';
const ROLE_CLOSE = '\u0011';
const ROLE = new RegExp(`^${ROLE_OPEN}[^${ROLE_OPEN}${ROLE_CLOSE}]+${ROLE_CLOSE}$`);

/**
 * What each service may do, as "<action> if <condition>" pairs ("" for none), exactly as the design lets it
 * (KeyDesign): the statements of one service may be split or merged in any way, but together they must
 * allow exactly these. `region` is the stack's region, or ${AWS::Region}.
 */
function serviceGrants(service: string, region: string): string[] {
  const pairs = (actions: string[], condition: string) => actions.map((a) => `${a} if ${condition}`);
  switch (service) {
    case 'cloudtrail':
      return [
        ...pairs(['kms:GenerateDataKey*'], `kms:EncryptionContext:aws:cloudtrail:arn like arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`),
        ...pairs(['kms:DescribeKey'], ''),
      ];
    case 'cloudwatch':
      return pairs(['kms:Decrypt', 'kms:GenerateDataKey*'], '');
    case 'logs':
      return pairs(['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], `kms:EncryptionContext:aws:logs:arn like arn:\${AWS::Partition}:logs:${region}:\${AWS::AccountId}:*`);
    default:
      return [];
  }
}

export function readKey(x: Context): KeyInventory | null {
  const { t, r } = x;
  // StoreNames has checked there is one key at most, and that every alias targets it.
  const id = x.names.stores.key;
  const aliases = t.ofType(T.kmsAlias);
  if (id === undefined) return null;
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, KEY, "the stack's key");
  const p = t.props(id);
  // AWS's defaults: a symmetric encryption key, enabled.
  if (p.KeySpec !== undefined && r.str(p.KeySpec, w('KeySpec')) !== 'SYMMETRIC_DEFAULT') fail(w('KeySpec'), 'is not SYMMETRIC_DEFAULT; the inventory records a symmetric key');
  if (p.KeyUsage !== undefined && r.str(p.KeyUsage, w('KeyUsage')) !== 'ENCRYPT_DECRYPT') fail(w('KeyUsage'), 'is not ENCRYPT_DECRYPT; the inventory records an encryption key');
  if (!r.bool(p.Enabled, true, w('Enabled'))) fail(w('Enabled'), 'is false: nothing could use the key, which the inventory cannot say');
  if (aliases.length !== 1) fail(aliases.length ? t.where(aliases[1]) : t.where(id), `has ${aliases.length} aliases; the inventory records exactly one`);
  const rotation = r.bool(p.EnableKeyRotation, false, w('EnableKeyRotation'));
  if (!rotation && p.RotationPeriodInDays !== undefined) fail(w('RotationPeriodInDays'), 'is set while rotation is off');
  return {
    alias: r.str(t.props(aliases[0]).AliasName, t.where(aliases[0], 'AliasName')),
    rotation,
    rotationPeriodDays: r.numOr(p.RotationPeriodInDays, 365, w('RotationPeriodInDays')),
    pendingWindowDays: r.numOr(p.PendingWindowInDays, 30, w('PendingWindowInDays')),
    retain: t.retained(id),
    services: keyPolicyServices(x, id),
  };
}

/**
 * The services the key policy allows, by short name. The account's root must have kms:* on the key (without
 * it, IAM policies could not grant its use); every other Allow is either a service's, which must be exactly
 * what serviceGrants says, or one aws-cdk-lib adds for a grant to an IAM principal of this account: the
 * account's root with a condition (e.g. kms:ViaService, for a Secrets Manager secret encrypted with the key)
 * or a role of the template (e.g. an execution role reading such a secret). Those grants are to the
 * account's own identities, not services, so they are not in `services` and are not read (the roles' own
 * permissions on "key" are, in the services' and jobs' permissions). A Deny, NotAction, NotPrincipal or
 * NotResource, a resource other than "*", a principal of another account, an unknown service or a service
 * allowed anything else throws. No KeyPolicy is AWS's default policy: the root's kms:*, no service.
 */
function keyPolicyServices(x: Context, id: string): string[] {
  const { t } = x;
  const where = t.where(id, 'KeyPolicy');
  if (t.props(id).KeyPolicy === undefined) return [];
  const region = x.region();
  // Pseudo parameters as ${AWS::...}, a role of the stack by its Arn in brackets.
  const resolver = new Resolver((ref, rw) => {
    const pseudo = pseudoParameter(ref);
    if (pseudo !== undefined) return pseudo;
    if (ref.attr === 'Arn' && t.type(ref.id) === 'AWS::IAM::Role') return `${ROLE_OPEN}${ref.id}${ROLE_CLOSE}`;
    return fail(rw, `${ref.id} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is neither a pseudo parameter nor a role's Arn`);
  });
  // A condition's ARN pattern with the partition written out reads as ${AWS::Partition}, as the design's.
  const pattern = (v: unknown, vw: string) => resolver.str(v, vw).replace(/^arn:aws:/, 'arn:${AWS::Partition}:');
  const doc = obj(t.props(id).KeyPolicy, where);
  const st = doc.Statement;
  const statements = Array.isArray(st) ? st : st === undefined ? [] : [st];
  let root = false;
  const granted = new Map<string, Set<string>>();
  statements.forEach((raw, i) => {
    const sw = `${where}.Statement[${i}]`;
    const s = obj(raw, sw);
    const extra = Object.keys(s).filter((k) => !['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'].includes(k));
    if (extra.length) fail(sw, `${extra.join(', ')}: not in the inventory of a key policy`);
    if (s.Effect !== 'Allow') fail(`${sw}.Effect`, `is ${JSON.stringify(s.Effect)}; the inventory reads a key policy of Allow statements only`);
    const resources = list(Array.isArray(s.Resource) ? s.Resource : [s.Resource], `${sw}.Resource`);
    if (resources.length !== 1 || resources[0] !== '*') fail(`${sw}.Resource`, 'is not "*" (the key itself, in a key policy)');
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).map((a, j) => (typeof a === 'string' ? a : fail(`${sw}.Action[${j}]`, `expected a string, found ${JSON.stringify(a)}`)));
    const principal = obj(s.Principal, `${sw}.Principal`);
    const kinds = Object.keys(principal);
    if (kinds.length !== 1 || (kinds[0] !== 'AWS' && kinds[0] !== 'Service')) fail(`${sw}.Principal`, `is ${JSON.stringify(s.Principal)}; the inventory reads AWS principals or services, not both in one statement`);
    const named = principal[kinds[0]];
    // aws-cdk-lib merges grants of the same actions and conditions into one statement of several principals.
    const who = (Array.isArray(named) ? named : [named]).map((v, j) => resolver.str(v, `${sw}.Principal.${kinds[0]}[${j}]`));
    if (!who.length) fail(`${sw}.Principal`, 'names no principal');
    const conditions = conditionsOf(s.Condition, `${sw}.Condition`, pattern);

    if (kinds[0] === 'AWS') {
      if (who.length === 1 && ROOT.test(who[0]) && actions.length === 1 && actions[0] === 'kms:*' && !conditions.length) {
        root = true;
        return;
      }
      // A grant aws-cdk-lib adds to identities of this account (see above): not a service's, not read.
      for (const name of who) {
        if (!ROOT.test(name) && !ROLE.test(name)) {
          fail(`${sw}.Principal.AWS`, `${JSON.stringify(name.replace(/[\u0010\u0011]/g, ''))} is neither the account's root nor a role of the stack; the inventory reads no grant to another account`);
        }
      }
      return;
    }
    if (conditions.length > 1) fail(`${sw}.Condition`, 'has several conditions; a service is allowed with one at most');
    for (const name of who) {
      const service = name === 'cloudtrail.amazonaws.com' ? 'cloudtrail' : name === 'cloudwatch.amazonaws.com' ? 'cloudwatch' : new RegExp(`^logs\\.(\\$\\{AWS::Region\\}|${region})\\.amazonaws\\.com$`).test(name) ? 'logs' : undefined;
      if (service === undefined) fail(`${sw}.Principal.Service`, `${JSON.stringify(name)} is not a service the inventory knows the key to serve (cloudtrail, cloudwatch, logs.<region>)`);
      const pairs = granted.get(service) ?? new Set<string>();
      for (const a of actions) pairs.add(`${a} if ${conditions[0] ?? ''}`);
      granted.set(service, pairs);
    }
  });
  if (!root) fail(where, "does not allow the account's root kms:* on the key; the inventory requires it (IAM policies grant the key's use through it)");
  for (const [service, pairs] of granted) {
    const expected = serviceGrants(service, '${AWS::Region}');
    const got = [...pairs].map((pair) => pair.replace(`:logs:${region}:`, ':logs:${AWS::Region}:')).sort();
    if (JSON.stringify(got) !== JSON.stringify([...expected].sort())) {
      fail(where, `allows ${service} ${JSON.stringify(got)}; the inventory records exactly ${JSON.stringify([...expected].sort())}`);
    }
  }
  return [...granted.keys()].sort();
}

/**
 * A statement's conditions, as "<key> like <value>" (ArnLike and StringLike alike: the values are ARN
 * patterns) or "<key> = <value>" (StringEquals, ArnEquals); several values or another operator throw.
 */
function conditionsOf(v: unknown, where: string, text: (v: unknown, where: string) => string): string[] {
  if (v === undefined) return [];
  const out: string[] = [];
  for (const [op, kv] of Object.entries(obj(v, where))) {
    const relation = op === 'ArnLike' || op === 'StringLike' ? 'like' : op === 'StringEquals' || op === 'ArnEquals' ? '=' : fail(`${where}.${op}`, 'is not an operator the inventory reads in a key policy');
    for (const [key, value] of Object.entries(obj(kv, `${where}.${op}`))) {
      const values = Array.isArray(value) ? value : [value];
      if (values.length !== 1) fail(`${where}.${op}.${key}`, 'has several values; the inventory reads one');
      out.push(`${key} ${relation} ${text(values[0], `${where}.${op}.${key}`)}`);
    }
  }
  return out;
}
