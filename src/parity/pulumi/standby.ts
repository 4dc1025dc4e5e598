/*
 * A standby in a mock run: the resources under the BlueprintStack component
 * that names the stack it stands by for (input standbyOf), all on one
 * provider (the secondary region's), split from the primary's; and what it
 * reaches of the primary's without creating it, named as in the primary
 * region: a replicated bucket's replica "bucket:<key>/replica", a global
 * table's replica "table:<key>" (by the name and ARN it has in the standby's
 * region), the replica of a database's generated secret "database:<key>"
 * (the primary's ARN with the region swapped).
 */
import type { RegisteredResource } from '../../pulumi/mock-run';
import { MOCK_ACCOUNT } from '../../pulumi/mock-values';
import type { Context, Imports } from './context';
import { T } from './resource-types';
import { generatedSecrets } from './secrets';
import { storeNameOf } from './store-names';

const STACK = 'blueprint:index:Stack';
const PROVIDER = 'pulumi:providers:aws';

export interface StandbyRecords {
  resources: RegisteredResource[];
  /** The provider of the standby's region, and that region. */
  provider: string;
  region: string;
}

/** The primary's records (its providers included) and the standby's (with the providers), or no standby. */
export function splitStandby(registered: RegisteredResource[]): { primary: RegisteredResource[]; standby: StandbyRecords | null } {
  const stacks = registered.filter((r) => r.type === STACK && r.inputs.standbyOf !== undefined);
  if (!stacks.length) return { primary: registered, standby: null };
  if (stacks.length > 1) throw new Error(`parity: ${stacks.length} standby stacks (${stacks.map((s) => s.name).join(', ')}); the inventory reads one`);
  const [stack] = stacks;
  const byKey = new Map(registered.filter((r) => !r.custom).map((r) => [`${r.type}::${r.name}`, r]));
  const root = (r: RegisteredResource): RegisteredResource => {
    let top = r;
    for (let key = r.parent; key !== null; key = top.parent) top = byKey.get(key) ?? fail(`the parent ${key} of ${r.type} ${r.name}`);
    return top;
  };
  const providers = registered.filter((r) => r.type === PROVIDER);
  const inStandby = registered.filter((r) => r.type !== PROVIDER && root(r) === stack);
  const used = [...new Set(inStandby.filter((r) => r.custom && r.type.startsWith('aws:')).map((r) => r.provider))];
  if (used.length !== 1 || used[0] === undefined) throw new Error(`parity: the standby ${stack.name} uses the providers ${used.map((p) => p ?? '(default)').join(', ')}; the inventory reads a standby on one provider, the secondary region's`);
  const provider = used[0];
  const region = providers.find((p) => p.name === provider)?.inputs.region;
  if (typeof region !== 'string') fail(`the region of provider ${provider}`);
  return {
    primary: registered.filter((r) => !inStandby.includes(r)),
    standby: { resources: [...providers, ...inStandby], provider, region: region as string },
  };
}

/** What the standby in `region` may reach of the primary's (ctx: the primary's context). */
export function standbyImports(ctx: Context, region: string): Imports {
  const { ofType, storeTag, byArnValue, regionOf, must } = ctx;
  const stores: Imports['stores'] = [];
  for (const b of ofType(T.bucket)) {
    const name = storeNameOf(ctx, b);
    if (name === undefined) continue; // an access-log bucket: never reached by a standby
    if (name.endsWith('/replica') && regionOf(b) === region) stores.push({ arn: byArnValue(b), name, value: (b.inputs.bucket as string | undefined) ?? b.name });
  }
  for (const t of ofType(T.table)) {
    const tableName = t.inputs.name as string | undefined;
    const replicated = ((t.inputs.replicas ?? []) as { regionName: string }[]).some((x) => x.regionName === region);
    if (tableName && replicated) {
      stores.push({ arn: `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT}:table/${tableName}`, name: `table:${must(storeTag(t), `the blueprint:store tag of table ${t.name}`)}`, value: tableName });
    }
  }
  const secrets = new Map<string, string>();
  for (const { secret, name } of generatedSecrets(ctx)) {
    if (!((secret.inputs.replicas ?? []) as { region: string }[]).some((x) => x.region === region)) continue;
    // The replica's ARN: the primary's with the region swapped (same name and suffix).
    secrets.set(byArnValue(secret).split(':').map((part, i) => (i === 3 ? region : part)).join(':'), name);
  }
  return { stores, secrets };
}

function fail(what: string): never {
  throw new Error(`parity: cannot resolve ${what}`);
}

