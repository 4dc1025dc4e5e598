/*
 * Policy documents in a mock run: a task role's permissions (the statements
 * of its role policies, resources named by store, or "key") and whether a resource
 * policy makes its store TLS-only.
 */
import type { ServiceInventory } from '../inventory';
import type { Context, Inputs } from './context';
import { T } from './resource-types';
import { storeArn } from './store-names';
import { keyName } from './key';

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
