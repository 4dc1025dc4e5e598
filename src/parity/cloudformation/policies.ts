/*
 * Policy documents: the resource policies that make stores TLS-only, the
 * task roles' permissions (every statement of every AWS::IAM::Policy
 * attached to a task role), resources named by store, and the execution
 * roles' permissions beyond the plumbing (the secrets they read); and the
 * ECS secrets those execution roles read; a function's execution role's
 * permissions. The stack's key is "key" in all of them.
 */
import type { BucketGrantInventory, ServiceInventory } from '../inventory';
import { T } from './resource-types';
import { SITE_TAG, type ArnResolver, type StoreNames } from './store-names';
import { fail, isObject, list, obj, refOf, Resolver, type CfnTemplate } from './template';

/** A policy document's statements: a list, or one object. */
function statements(doc: unknown, where: string): { s: Record<string, unknown>; where: string }[] {
  const d = obj(doc, where);
  const st = d.Statement;
  const items = Array.isArray(st) ? st : st === undefined ? [] : [st];
  return items.map((s, i) => ({ s: obj(s, `${where}.Statement[${i}]`), where: `${where}.Statement[${i}]` }));
}

/** A string-or-list policy element (Action, Resource) as a list. */
function strings(v: unknown, where: string): unknown[] {
  if (v === undefined) fail(where, 'is missing');
  return Array.isArray(v) ? v : [v];
}

// ------------------------------------------------------ resource policies

const TLS_ACTIONS: Record<string, string[]> = {
  [T.bucketPolicy]: ['s3:*'],
  [T.queuePolicy]: ['sqs:*'],
  // Publishing is what reaches an SNS topic's data; AWS's TLS-only topic policy denies sns:Publish.
  [T.topicPolicy]: ['sns:Publish', 'sns:*'],
};

/** aws:SecureTransport false, the only condition a TLS-only statement has. */
function isPlainHttpCondition(c: unknown): boolean {
  if (!isObject(c) || Object.keys(c).length !== 1 || !isObject(c.Bool) || Object.keys(c.Bool).length !== 1) return false;
  const v = c.Bool['aws:SecureTransport'];
  return v === false || v === 'false' || (Array.isArray(v) && v.length === 1 && (v[0] === false || v[0] === 'false'));
}

function isEveryone(p: unknown): boolean {
  if (p === '*') return true;
  if (!isObject(p) || Object.keys(p).length !== 1) return false;
  const a = p.AWS;
  return a === '*' || (Array.isArray(a) && a.length === 1 && a[0] === '*');
}

/**
 * The store resources that the resource policies of one type make
 * TLS-only: every statement must deny everyone, over plain HTTP
 * (aws:SecureTransport false), the store's actions, on stores the policy is
 * attached to. Any other statement (an Allow, another condition, another
 * principal) is not in the inventory and throws.
 */
export function tlsOnly(t: CfnTemplate, arns: ArnResolver, names: StoreNames, policyType: string, attachedField: string): Set<string> {
  const covered = new Set<string>();
  for (const p of t.ofType(policyType)) {
    const props = t.props(p);
    const fieldWhere = t.where(p, attachedField);
    const attachedRaw = props[attachedField];
    const attached = new Set((Array.isArray(attachedRaw) ? attachedRaw : [attachedRaw]).map((v) => names.of(t.target(v, [policyType === T.bucketPolicy ? T.bucket : policyType === T.queuePolicy ? T.queue : T.topic], fieldWhere))));
    for (const { s, where } of statements(props.PolicyDocument, t.where(p, 'PolicyDocument'))) {
      // A bucket policy's grants (access-log delivery) are read by bucketGrants.
      if (policyType === T.bucketPolicy && s.Effect === 'Allow') continue;
      const actions = strings(s.Action, `${where}.Action`);
      const what = 'the inventory records only a statement that denies everyone plain-HTTP access (tlsOnly)';
      if (s.Effect !== 'Deny' || !isEveryone(s.Principal) || !isPlainHttpCondition(s.Condition)) fail(where, `is not a TLS-only deny; ${what}`);
      if (s.NotAction !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined) fail(where, `uses NotAction, NotResource or NotPrincipal; ${what}`);
      if (!actions.some((a) => TLS_ACTIONS[policyType].includes(a as string))) fail(`${where}.Action`, `denies ${JSON.stringify(actions)}, not ${TLS_ACTIONS[policyType].join(' or ')}`);
      for (const [i, v] of strings(s.Resource, `${where}.Resource`).entries()) {
        const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
        if (!attached.has(store)) fail(`${where}.Resource[${i}]`, `names ${store}, which the policy is not attached to`);
        covered.add(`${store}${path}`);
      }
    }
  }
  return covered;
}

/**
 * What each bucket's policy allows (its Allow statements; the TLS-only deny is tlsOnly's), by bucket name:
 * principal "service:<name>" or "aws:<arn>", actions, resources on that bucket, and conditions as
 * "<operator>:<key>=<value>" (aws:SourceArn a bucket's ARN, named as the bucket, or a trail's, "trail:<name>"). NotAction, NotResource,
 * NotPrincipal, a principal of several kinds or values, or a resource outside the bucket throw.
 */
export function bucketGrants(t: CfnTemplate, arns: ArnResolver, names: StoreNames, r: Resolver): Map<string, BucketGrantInventory[]> {
  const out = new Map<string, BucketGrantInventory[]>();
  for (const p of t.ofType(T.bucketPolicy)) {
    const props = t.props(p);
    const bucket = names.of(t.target(props.Bucket, [T.bucket], t.where(p, 'Bucket')));
    for (const { s, where } of statements(props.PolicyDocument, t.where(p, 'PolicyDocument'))) {
      if (s.Effect !== 'Allow') continue;
      for (const field of ['NotAction', 'NotResource', 'NotPrincipal']) if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory of a bucket grant');
      const principal = obj(s.Principal, `${where}.Principal`);
      const kinds = Object.keys(principal);
      if (kinds.length !== 1 || (kinds[0] !== 'Service' && kinds[0] !== 'AWS')) fail(`${where}.Principal`, `is ${JSON.stringify(s.Principal)}; a grant is to one service or one AWS principal`);
      const who = strings(principal[kinds[0]], `${where}.Principal.${kinds[0]}`);
      if (who.length !== 1) fail(`${where}.Principal`, 'names several principals; the inventory records one per grant');
      const resources = strings(s.Resource, `${where}.Resource`).map((v, i) => {
        const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
        if (store !== bucket) fail(`${where}.Resource[${i}]`, `names ${store}, not ${bucket}, which the policy is attached to`);
        return `${store}${path}`;
      });
      const conditions: string[] = [];
      if (s.Condition !== undefined) {
        for (const [op, kv] of Object.entries(obj(s.Condition, `${where}.Condition`))) {
          for (const [key, v] of Object.entries(obj(kv, `${where}.Condition.${op}`))) {
            const cw = `${where}.Condition.${op}.${key}`;
            if (Array.isArray(v)) fail(cw, 'has several values; the inventory records one');
            const value = distributionName(t, r, v, cw) ?? (key === 'aws:SourceArn' ? (trailName(r, v, cw) ?? (({ store, path }) => `${store}${path}`)(arns.resource(v, cw))) : r.str(v, cw));
            conditions.push(`${op}:${key}=${value}`);
          }
        }
      }
      const grant: BucketGrantInventory = {
        principal: `${kinds[0] === 'Service' ? 'service' : 'aws'}:${r.str(who[0], `${where}.Principal.${kinds[0]}`)}`,
        actions: strings(s.Action, `${where}.Action`).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.Action[${i}]`, `expected a string, found ${JSON.stringify(a)}`))),
        resources,
        conditions,
      };
      out.set(bucket, [...(out.get(bucket) ?? []), grant]);
    }
  }
  return out;
}

/**
 * "trail:<name>" when a value is the ARN of a CloudTrail trail of the stack's account and region, built from
 * its name (the bucket policy cannot name the trail's own Arn: the trail waits for the policy); else undefined.
 */
function trailName(r: Resolver, v: unknown, where: string): string | undefined {
  let s: string;
  try {
    s = r.str(v, where);
  } catch {
    return undefined;
  }
  const m = /^arn:\$\{AWS::Partition\}:cloudtrail:\$\{AWS::Region\}:\$\{AWS::AccountId\}:trail\/([^/]+)$/.exec(s);
  return m ? `trail:${m[1]}` : undefined;
}

// ----------------------------------------------------------- permissions

/**
 * What a task role (or a bucket's replication role, `what`) may do: every statement of every AWS::IAM::Policy
 * attached to it, resources named by store, or "key" for the stack's key (in statements of its own, merged
 * into one). The role's own inline Policies and ManagedPolicyArns are not read, so they throw.
 */
export function readPermissions(t: CfnTemplate, arns: ArnResolver, role: string, what = 'a task role'): ServiceInventory['permissions'] {
  return readRolePermissions(t, role, what, (v, where) => {
    const { store, path } = arns.resource(v, where);
    // A database is reached over the network; through IAM only as its user (IAM database authentication).
    const dbuser = /^database:/.test(store) && path.startsWith('/dbuser:');
    // The stack's key: to read and write the stores it encrypts.
    const key = store === 'key' && path === '';
    if (!dbuser && !key && !/^(bucket|queue|table|topic):/.test(store)) fail(where, `${store}${path} is neither a data store nor the stack's key`);
    return `${store}${path}`;
  });
}

/**
 * What a function's execution role may do: every statement of every AWS::IAM::Policy attached to it, as
 * readPermissions reads a task role's, each resource named: "*" (IAM takes nothing else for X-Ray and the
 * network interfaces Lambda attaches), "log-group:<owner>" (a log group's Arn; `logGroupOwner` names it),
 * a store and its path ("queue:function:<key>/dead-letter" among them), a database user, a secret
 * ("secret:database:<key>") or the stack's key ("key", in statements of its own, merged into one). Any
 * other resource, and the role's inline Policies and ManagedPolicyArns, throw.
 */
export function readFunctionPermissions(t: CfnTemplate, arns: ArnResolver, role: string, logGroupOwner: ReadonlyMap<string, string>): ServiceInventory['permissions'] {
  return readRolePermissions(t, role, "a function's role", (v, where) => {
    if (v === '*') return '*';
    const ref = refOf(v);
    if (ref && t.type(ref.id) === T.logGroup) {
      if (ref.attr !== 'Arn') fail(where, `names log group ${ref.id} by something other than its Arn`);
      return `log-group:${logGroupOwner.get(ref.id) ?? fail(where, `${ref.id} is a log group nothing owns`)}`;
    }
    const { store, path } = arns.resource(v, where);
    const dbuser = /^database:/.test(store) && path.startsWith('/dbuser:');
    const whole = (store === 'key' || store.startsWith('secret:')) && path === '';
    if (!dbuser && !whole && !/^(bucket|queue|table|topic):/.test(store)) fail(where, `${store}${path} is neither a data store, a secret, a log group, the stack's key nor "*"`);
    return `${store}${path}`;
  });
}

/**
 * Every statement of every AWS::IAM::Policy attached to a role (`what`: "a function's role"), each
 * resource named by `resource` (which throws on what it cannot name); Allow statements on the stack's key
 * alone merged into one. NotAction, NotResource, conditions and principals, and the role's inline
 * Policies and ManagedPolicyArns, throw.
 */
export function readRolePermissions(t: CfnTemplate, role: string, what: string, resource: (v: unknown, where: string) => string): ServiceInventory['permissions'] {
  const p = t.props(role);
  if (list(p.Policies, t.where(role, 'Policies')).length) fail(t.where(role, 'Policies'), `inline policies of ${what} are not read; the inventory reads AWS::IAM::Policy resources`);
  if (list(p.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).length) fail(t.where(role, 'ManagedPolicyArns'), `managed policies of ${what} are not in the inventory`);
  const out: ServiceInventory['permissions'] = [];
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    const pp = t.props(policy);
    const roles = list(pp.Roles, t.where(policy, 'Roles')).map((v) => refOf(v)?.id ?? fail(t.where(policy, 'Roles'), `names a role by ${JSON.stringify(v)}; only Ref is read`));
    if (!roles.includes(role)) continue;
    for (const { s, where } of statements(pp.PolicyDocument, t.where(policy, 'PolicyDocument'))) {
      for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) {
        if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory (permissions are effect, actions and named resources)');
      }
      const effect = s.Effect;
      if (effect !== 'Allow' && effect !== 'Deny') fail(`${where}.Effect`, `is ${JSON.stringify(effect)}`);
      out.push({
        effect,
        actions: strings(s.Action, `${where}.Action`).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.Action[${i}]`, `expected a string, found ${JSON.stringify(a)}`))),
        resources: strings(s.Resource, `${where}.Resource`).map((v, i) => resource(v, `${where}.Resource[${i}]`)),
      });
      keyAlone(out[out.length - 1], where);
    }
  }
  return mergeKeyStatements(out);
}

/** The stack's key is granted in a statement of its own (ServiceInventory.permissions). */
function keyAlone(statement: ServiceInventory['permissions'][number], where: string): void {
  if (statement.resources.includes('key') && statement.resources.length > 1) fail(`${where}.Resource`, "names the stack's key beside other resources; the inventory records the key in a statement of its own");
}

/**
 * The Allow statements on the stack's key alone, merged into one with the union of their actions (what IAM
 * allows is the union of the statements): the design's statement, and any grant of the same key that
 * aws-cdk-lib adds to the same role beside it (e.g. when a secret encrypted with the key is granted), read
 * as the one statement on "key" the inventory records.
 */
function mergeKeyStatements(statements: ServiceInventory['permissions']): ServiceInventory['permissions'] {
  const onKey = statements.filter((s) => s.effect === 'Allow' && s.resources.length === 1 && s.resources[0] === 'key');
  if (onKey.length < 2) return statements;
  const actions = [...new Set(onKey.flatMap((s) => s.actions))].sort();
  return [...statements.filter((s) => !onKey.includes(s)), { effect: 'Allow', actions, resources: ['key'] }];
}

// What every Fargate execution role may do that is no concern of the inventory: pull images, write the task's logs.
const IMAGE_PULL = ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const LOG_WRITE = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * What an execution role may do beyond pulling images and writing to the
 * task's own log group: every other statement of every AWS::IAM::Policy
 * attached to it, whose resources must be secrets ("secret:database:orders",
 * "secret:cache:sessions") or the stack's key that decrypts them ("key", in
 * statements of its own, merged into one). The role's inline Policies and
 * ManagedPolicyArns are not read, so they throw.
 */
export function readExecutionPermissions(t: CfnTemplate, arns: ArnResolver, role: string, logGroup: string): ServiceInventory['executionPermissions'] {
  const p = t.props(role);
  if (list(p.Policies, t.where(role, 'Policies')).length) fail(t.where(role, 'Policies'), 'inline policies of an execution role are not read; the inventory reads AWS::IAM::Policy resources');
  if (list(p.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).length) fail(t.where(role, 'ManagedPolicyArns'), 'managed policies of an execution role are not in the inventory');
  const out: ServiceInventory['executionPermissions'] = [];
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    const pp = t.props(policy);
    const roles = list(pp.Roles, t.where(policy, 'Roles')).map((v) => refOf(v)?.id ?? fail(t.where(policy, 'Roles'), `names a role by ${JSON.stringify(v)}; only Ref is read`));
    if (!roles.includes(role)) continue;
    for (const { s, where } of statements(pp.PolicyDocument, t.where(policy, 'PolicyDocument'))) {
      for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) {
        if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory (execution permissions are effect, actions and secrets)');
      }
      const effect = s.Effect;
      if (effect !== 'Allow' && effect !== 'Deny') fail(`${where}.Effect`, `is ${JSON.stringify(effect)}`);
      const actions = strings(s.Action, `${where}.Action`).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.Action[${i}]`, `expected a string, found ${JSON.stringify(a)}`)));
      const resources = strings(s.Resource, `${where}.Resource`);
      if (effect === 'Allow' && actions.every((a) => IMAGE_PULL.includes(a))) continue;
      const ownLogs = resources.every((v) => {
        const ref = refOf(v);
        return ref !== undefined && ref.id === logGroup && ref.attr === 'Arn';
      });
      if (effect === 'Allow' && actions.every((a) => LOG_WRITE.includes(a)) && ownLogs) continue;
      out.push({
        effect,
        actions,
        resources: resources.map((v, i) => {
          const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
          if ((!store.startsWith('secret:') && store !== 'key') || path !== '') fail(`${where}.Resource[${i}]`, `${store}${path} is neither a secret nor the stack's key; an execution role reads secrets (and decrypts them) beyond pulling images and writing logs`);
          return store;
        }),
      });
      keyAlone(out[out.length - 1], where);
    }
  }
  return mergeKeyStatements(out);
}

/**
 * A container's ECS secrets, sorted "NAME=database:orders:password" (one
 * JSON key of the secret) or "NAME=cache:sessions" (the whole secret),
 * each a reference to a secret of the template's stores. A version stage or
 * ID, a literal ARN or an SSM parameter throws.
 */
export function readSecrets(t: CfnTemplate, names: StoreNames, secrets: unknown, where: string): string[] {
  const r = new Resolver((ref, w) => {
    const n = names.secret(ref);
    if (n === undefined) return fail(w, `${ref.id}${t.type(ref.id) ? ` (${t.type(ref.id)})` : ''} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is not the ARN of a store's secret`);
    return `${SECRET_OPEN}${n}${SECRET_CLOSE}`;
  });
  return list(secrets, where).map((v, i) => {
    const sw = `${where}[${i}]`;
    const { Name, ValueFrom, ...rest } = obj(v, sw);
    if (Object.keys(rest).length) fail(sw, `${Object.keys(rest).join(', ')}: not in the inventory`);
    const name = r.str(Name, `${sw}.Name`);
    const from = r.str(ValueFrom, `${sw}.ValueFrom`);
    // valueFrom: the secret's ARN, optionally ":<json-key>:<version-stage>:<version-id>" (stage and ID empty: the current version).
    const m = SECRET_VALUE_FROM.exec(from);
    if (!m) fail(`${sw}.ValueFrom`, `${JSON.stringify(from.replace(SECRET_MARKS, ''))} is not a store's secret, whole or one JSON key of its current version`);
    return `${name}=${m[1]}${m[2] ? `:${m[2]}` : ''}`;
  });
}

const SECRET_OPEN = '\u0006';
const SECRET_CLOSE = '\u0007';
const SECRET_MARKS = new RegExp(`[${SECRET_OPEN}${SECRET_CLOSE}]`, 'g');
const SECRET_VALUE_FROM = new RegExp(`^${SECRET_OPEN}([^${SECRET_OPEN}${SECRET_CLOSE}]+)${SECRET_CLOSE}(?::([A-Za-z0-9_.-]+)::)?$`);

/**
 * A CloudFront distribution's ARN, arn:<partition>:cloudfront::<account>:distribution/<Ref of it> (a static
 * site's bucket policy's AWS:SourceArn), as "distribution:<site key>"; undefined for anything else.
 */
function distributionName(t: CfnTemplate, r: Resolver, v: unknown, where: string): string | undefined {
  const join = isObject(v) ? v['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const parts = join[1] as unknown[];
  const last = refOf(parts[parts.length - 1]);
  if (!last || t.type(last.id) !== T.distribution || last.attr !== 'Ref') return undefined;
  const prefix = parts.slice(0, -1).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('');
  if (prefix !== 'arn:{"Ref":"AWS::Partition"}:cloudfront::{"Ref":"AWS::AccountId"}:distribution/') fail(where, `names ${last.id} in something other than its ARN`);
  const tags = list(t.props(last.id).Tags, t.where(last.id, 'Tags')).map((x, i) => obj(x, t.where(last.id, `Tags[${i}]`)));
  const tag = tags.find((x) => x.Key === SITE_TAG) ?? fail(t.where(last.id, 'Tags'), `has no "${SITE_TAG}" tag`);
  return `distribution:${r.str(tag.Value, where)}`;
}
