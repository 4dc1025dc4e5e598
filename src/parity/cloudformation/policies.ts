/*
 * Policy documents: the resource policies that make stores TLS-only, and the
 * task roles' permissions (every statement of every AWS::IAM::Policy
 * attached to a task role), resources named by store.
 */
import type { ServiceInventory } from '../inventory';
import { T } from './resource-types';
import type { ArnResolver, StoreNames } from './store-names';
import { fail, isObject, list, obj, refOf, type CfnTemplate } from './template';

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

// ----------------------------------------------------------- permissions

/**
 * What a task role may do: every statement of every AWS::IAM::Policy
 * attached to it, resources named by store. The role's own inline Policies
 * and ManagedPolicyArns are not read, so they throw.
 */
export function readPermissions(t: CfnTemplate, arns: ArnResolver, role: string): ServiceInventory['permissions'] {
  const p = t.props(role);
  if (list(p.Policies, t.where(role, 'Policies')).length) fail(t.where(role, 'Policies'), 'inline policies of a task role are not read; the inventory reads AWS::IAM::Policy resources');
  if (list(p.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).length) fail(t.where(role, 'ManagedPolicyArns'), 'managed policies of a task role are not in the inventory');
  const out: ServiceInventory['permissions'] = [];
  for (const policy of t.ofType('AWS::IAM::Policy')) {
    const pp = t.props(policy);
    const roles = list(pp.Roles, t.where(policy, 'Roles')).map((v) => {
      if (!refOf(v)) fail(t.where(policy, 'Roles'), `names a role by ${JSON.stringify(v)}; only Ref is read`);
      return refOf(v)!.id;
    });
    if (!roles.includes(role)) continue;
    for (const { s, where } of statements(pp.PolicyDocument, t.where(policy, 'PolicyDocument'))) {
      for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) {
        if (s[field] !== undefined) fail(`${where}.${field}`, 'is not in the inventory (permissions are effect, actions and store resources)');
      }
      const effect = s.Effect;
      if (effect !== 'Allow' && effect !== 'Deny') fail(`${where}.Effect`, `is ${JSON.stringify(effect)}`);
      out.push({
        effect,
        actions: strings(s.Action, `${where}.Action`).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.Action[${i}]`, `expected a string, found ${JSON.stringify(a)}`))),
        resources: strings(s.Resource, `${where}.Resource`).map((v, i) => {
          const { store, path } = arns.resource(v, `${where}.Resource[${i}]`);
          if (!/^(bucket|queue|table|topic):/.test(store)) fail(`${where}.Resource[${i}]`, `${store} is not a data store`);
          return `${store}${path}`;
        }),
      });
    }
  }
  return out;
}
