/*
 * Policy documents in a mock run: a task role's permissions (the statements
 * of its role policies, resources named by store, or "key"), a function's
 * execution and scheduler roles' (every statement, each resource named), and
 * whether a resource policy makes its store TLS-only.
 */
import type { ServiceInventory } from '../inventory';
import type { Context, Inputs } from './context';
import { T } from './resource-types';
import { storeArn } from './store-names';
import { keyName } from './key';
import { secretNames } from './secrets';

const ROLE = 'aws:iam/role:Role';

/** The statements of every role policy attached to the role with this ARN; the stack's key is "key". */
export function permissionsOf(ctx: Context, roleArn: string): ServiceInventory['permissions'] {
  const { custom, byArnValue, byId, must } = ctx;
  return custom
    .filter((r) => r.type === T.rolePolicy && byArnValue(must(byId.get(r.inputs.role), `role ${r.inputs.role}`)) === roleArn)
    .flatMap((p) => (JSON.parse(p.inputs.policy).Statement as Inputs[]))
    .map((st) => ({
      effect: st.Effect,
      actions: ([] as string[]).concat(st.Action).sort(),
      resources: ([] as string[]).concat(st.Resource).map((arn) => keyName(ctx, arn) ?? storeArn(ctx, arn)).sort(),
    }));
}

/** A resource policy with a Deny for requests where aws:SecureTransport is false. */
export function deniesPlainHttp(policy: string): boolean {
  const statements = (JSON.parse(policy) as { Statement: Inputs[] }).Statement;
  return statements.some((st) => st.Effect === 'Deny' && String(st.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

/**
 * Every statement of every role policy attached to the role with this ARN (`what`: "function expire's
 * role"), each resource named by `resource` (which throws on what it cannot name); Allow statements on the
 * stack's key alone merged into one, as the CloudFormation reader merges them. NotAction, NotResource,
 * conditions and principals, the role's inline and managed policies and policy attachments throw.
 */
export function rolePermissionsOf(ctx: Context, roleArn: string, what: string, resource: (arn: string) => string): ServiceInventory['permissions'] {
  const { ofType, byArnValue, byId, id, must } = ctx;
  const role = must(ofType(ROLE).find((r) => byArnValue(r) === roleArn), `the role ${roleArn} of ${what}`);
  for (const field of ['inlinePolicies', 'managedPolicyArns']) {
    if (((role.inputs[field] ?? []) as unknown[]).length) throw new Error(`parity: ${what} (${role.name}) has ${field}, which the inventory does not read (it reads role policies)`);
  }
  const attached = ofType(T.rolePolicyAttachment).filter((a) => a.inputs.role === id(role) || a.inputs.role === role.name);
  if (attached.length) throw new Error(`parity: ${what} (${role.name}) has managed policies attached (${attached.map((a) => a.name).join(', ')}), which the inventory does not read`);
  const out = ofType(T.rolePolicy)
    .filter((p) => must(byId.get(p.inputs.role), `role ${p.inputs.role}`) === role)
    .flatMap((p) =>
      (JSON.parse(p.inputs.policy).Statement as Inputs[]).map((st, i) => {
        const where = `${p.name} Statement[${i}]`;
        for (const field of ['NotAction', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']) {
          if (st[field] !== undefined) throw new Error(`parity: ${where}.${field} is not in the inventory (permissions are effect, actions and named resources)`);
        }
        if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new Error(`parity: ${where}.Effect is ${JSON.stringify(st.Effect)}`);
        const statement = { effect: st.Effect as 'Allow' | 'Deny', actions: ([] as string[]).concat(st.Action).sort(), resources: ([] as string[]).concat(st.Resource).map(resource).sort() };
        if (statement.resources.includes('key') && statement.resources.length > 1) throw new Error(`parity: ${where} names the stack's key beside other resources; the inventory records the key in a statement of its own`);
        return statement;
      }),
    );
  // The design's statement on the key, and any other grant of it to the same role, read as one.
  const onKey = out.filter((s) => s.effect === 'Allow' && s.resources.length === 1 && s.resources[0] === 'key');
  if (onKey.length < 2) return out;
  return [...out.filter((s) => !onKey.includes(s)), { effect: 'Allow', actions: [...new Set(onKey.flatMap((s) => s.actions))].sort(), resources: ['key'] }];
}

/**
 * What a function's execution role may do: every statement of its role policies, each resource named "*"
 * (IAM takes nothing else for X-Ray and the network interfaces Lambda attaches), "log-group:<owner>" (a log
 * group's ARN with ":*" appended, its log streams: the ARN CloudFormation's Arn attribute of a log group
 * reads, `logGroupOwner` naming the group by its logical name), a store and its path (a function's
 * dead-letter queue among them), a database user, a secret ("secret:database:<key>") or the stack's key
 * ("key"). Anything else throws.
 */
export function functionPermissionsOf(ctx: Context, roleArn: string, what: string, logGroupOwner: (logGroupName: string) => string | undefined): ServiceInventory['permissions'] {
  const secrets = secretNames(ctx);
  return rolePermissionsOf(ctx, roleArn, what, (arn) => {
    if (arn === '*') return '*';
    const lg = arn.endsWith(':*') ? ctx.ofType(T.logGroup).find((l) => `${ctx.byArnValue(l)}:*` === arn) : undefined;
    if (lg) return `log-group:${ctx.must(logGroupOwner(lg.name), `the owner of log group ${lg.name}`)}`;
    if (ctx.ofType(T.logGroup).some((l) => ctx.byArnValue(l) === arn)) throw new Error(`parity: ${what} names log group ${arn} without ":*" (its log streams); the inventory reads a log group's ARN as CloudFormation's Arn attribute gives it`);
    const key = keyName(ctx, arn);
    if (key) return key;
    const secret = secrets.get(arn);
    if (secret !== undefined) return `secret:${secret}`;
    const store = storeArn(ctx, arn);
    if (!/^(bucket|queue|table|topic):/.test(store) && !/^database:[^/]+\/dbuser:/.test(store)) throw new Error(`parity: ${what} grants access to ${store}, neither a data store, a database user, a secret, a log group, the stack's key nor "*"`);
    return store;
  });
}
