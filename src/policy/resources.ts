/*
 * What the policies read of a stack: resources by type, the resources one of them refers to through a
 * property (its propertyDependencies, which a preview knows even when the values are not computed yet),
 * tags, and IAM policy documents. Pure functions of @pulumi/policy's PolicyResource.
 */
import type { PolicyResource } from '@pulumi/policy';

export const ofType = (resources: PolicyResource[], type: string): PolicyResource[] => resources.filter((r) => r.type === type);

/** Whether `r` refers to `target` through its property `prop` (e.g. an encryption configuration's `bucket`). */
export const refersTo = (r: PolicyResource, prop: string, target: PolicyResource): boolean => (r.propertyDependencies?.[prop] ?? []).some((d) => d.urn === target.urn);

/** The resources of `type` that refer to `target` through `prop`. */
export const referring = (resources: PolicyResource[], type: string, prop: string, target: PolicyResource): PolicyResource[] =>
  ofType(resources, type).filter((r) => refersTo(r, prop, target));

export const tag = (r: PolicyResource, key: string): string | undefined => (r.props.tags as Record<string, string> | undefined)?.[key];

export interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document's statements, from its JSON string or object; none when it is not known yet. */
export function statements(doc: unknown): Statement[] {
  const parsed = typeof doc === 'string' ? (JSON.parse(doc) as { Statement?: Statement | Statement[] }) : (doc as { Statement?: Statement | Statement[] } | undefined);
  const s = parsed?.Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A resource policy that denies every request not made over TLS (aws:SecureTransport false), as CDK's enforceSSL writes it. */
export const deniesPlainHttp = (doc: unknown): boolean =>
  statements(doc).some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false');

/** How a violation names a resource: its type and name. */
export const named = (r: PolicyResource): string => `${r.type} ${r.name}`;
