/*
 * A Pulumi mock run as CrossGuard sees a stack: each registered resource as a PolicyResource, its props
 * the inputs, and its propertyDependencies rebuilt from the values: an input that holds another
 * resource's mock id, ARN, name or URL depends on that resource (what the engine records while it
 * resolves outputs; a preview knows it even before the values are computed).
 */
import type { PolicyResource } from '@pulumi/policy';
import type { RegisteredResource } from '../../src/pulumi/mock-run';
import { mockId, mockOutputs } from '../../src/pulumi/mock-values';

export function policyResources(records: RegisteredResource[], primaryRegion: string): PolicyResource[] {
  const regions = new Map(records.filter((r) => r.type === 'pulumi:providers:aws').map((p) => [p.name, String(p.inputs.region)]));
  const out: PolicyResource[] = records.map((r) => ({
    type: r.type,
    name: r.name,
    urn: `urn:pulumi:mock::blueprint::${r.type}::${r.name}`,
    props: r.inputs,
    // The parent component's URN, and the provider (the secondary region's, when not the primary's), as a preview gives them.
    opts: r.parent ? { parent: `urn:pulumi:mock::blueprint::${r.parent.split('::')[0]}::${r.parent.split('::')[1]}` } : {},
    ...(r.provider ? { provider: { type: 'pulumi:providers:aws', name: r.provider, urn: `urn:pulumi:mock::blueprint::pulumi:providers:aws::${r.provider}`, props: { region: regions.get(r.provider) } } } : {}),
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }) as unknown as PolicyResource);
  // Each resource's identifiers: what another resource's input holds when it refers to it.
  const byValue = new Map<string, PolicyResource[]>();
  records.forEach((r, i) => {
    if (!r.custom) return;
    const region = r.provider ? (regions.get(r.provider) ?? primaryRegion) : primaryRegion;
    const ids = [mockId(r.name), ...Object.values(mockOutputs(r.type, r.name, region, r.inputs)).filter((v): v is string => typeof v === 'string')];
    for (const v of new Set(ids)) byValue.set(v, [...(byValue.get(v) ?? []), out[i]]);
  });
  records.forEach((r, i) => {
    for (const [prop, value] of Object.entries(r.inputs)) {
      const targets = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? (byValue.get(v) ?? []) : []));
      if (targets.length) out[i].propertyDependencies[prop] = targets.filter((t) => t !== out[i]);
    }
  });
  return out;
}
