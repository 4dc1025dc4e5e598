/*
 * The context every concern's reader is given, built once per mock run: the
 * registered resources and the lookups the readers share (by type, id, ARN,
 * store tag), all on the values the mocks derive from logical names
 * (src/pulumi/mock-values.ts), and `must`, which names what could not be
 * resolved. Building it checks that every resource type is known.
 */
import type { RegisteredResource } from '../../pulumi/mock-run';
import { mockArn, mockId } from '../../pulumi/mock-values';
import { PRIMARY_PROVIDER } from '../../pulumi/providers';
import { PULUMI_TYPES_NOT_IN_INVENTORY, T } from './resource-types';

// Inputs are untyped JSON here: each field is read where the reader needs it.
export type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type R = Omit<RegisteredResource, 'inputs'> & { inputs: Inputs };

/** A secret input arrives wrapped ({<sig>: <secret sig>, value}); its plain value. */
export function plain(value: unknown): unknown {
  const v = value as Inputs | undefined;
  return v && typeof v === 'object' && v[SIG_KEY] === SECRET_SIG ? v.value : value;
}
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/**
 * What a standby reaches but does not create, named as in the primary region (they are resources of the
 * primary's): each store by its ARN and the value a task is given (a replica bucket's or a global table's
 * name), and each secret by its ARN (the replica of a database's generated secret).
 */
export interface Imports {
  stores: { arn: string; name: string; value: string }[];
  /** Secret ARN -> what it holds ("database:<key>"). */
  secrets: Map<string, string>;
}

export interface Context {
  /** Every registered resource, the provider and components among them. */
  resources: R[];
  /** The custom resources: what the program deploys. */
  custom: R[];
  ofType: (type: string) => R[];
  region: string;
  /** The name of the provider of the stack's region ("aws"; a standby's: the recovery provider). */
  provider: string;
  /** A standby's references to the primary's stores and secrets (empty for the primary). */
  imports: Imports;
  /** A resource's id, as the mocks compute it. */
  id: (r: R) => string;
  /** A resource's ARN, as the mocks compute it. */
  byArnValue: (r: R) => string;
  byId: Map<string, R>;
  byArn: (arn: string) => R | undefined;
  /** The blueprint key a data store is tagged with. */
  storeTag: (r: R) => string | undefined;
  /** The region a resource is in: its provider's (the primary region's, unless it names another provider). */
  regionOf: (r: R) => string;
  logGroupByArn: (arn: string) => R;
  /** The value, or a "cannot resolve <what>" error. */
  must: <X>(x: X | undefined, what: string) => X;
}

/** provider: the provider of the stack's region (default "aws"); imports: what a standby reaches of the primary's. */
export function contextOf(registered: RegisteredResource[], options: { provider?: string; imports?: Imports } = {}): Context {
  const home = options.provider ?? PRIMARY_PROVIDER;
  const imports = options.imports ?? { stores: [], secrets: new Map() };
  const resources = registered as R[];
  const custom = resources.filter((r) => r.custom);
  const ofType = (type: string) => custom.filter((r) => r.type === type);
  const covered = new Set([...Object.values(T), ...Object.keys(PULUMI_TYPES_NOT_IN_INVENTORY)]);
  for (const r of custom) {
    if (!covered.has(r.type)) throw new Error(`the parity inventory cannot classify ${r.type} "${r.name}": add it to src/parity/ (see docs/PARITY.md)`);
  }

  const must = <X>(x: X | undefined, what: string): X => {
    if (x === undefined) throw new Error(`parity: cannot resolve ${what}`);
    return x;
  };
  // Values the mocks computed from logical names (src/pulumi/mock-run.ts): ids, ARNs (in the resource's provider's region), names, ARN suffixes.
  const region = must(
    resources.find((r) => r.type === 'pulumi:providers:aws' && r.name === home)?.inputs.region as string | undefined,
    `the region of provider ${home}`,
  );
  const regionOf = (r: R): string => {
    if (!r.provider || r.provider === home) return region;
    const provider = must(resources.find((p) => p.type === 'pulumi:providers:aws' && p.name === r.provider), `provider ${r.provider} of ${r.name}`);
    return must(provider.inputs.region as string | undefined, `the region of provider ${r.provider}`);
  };
  const id = (r: R) => mockId(r.name);
  const byArnValue = (r: R) => mockArn(r.type, r.name, regionOf(r));
  const byId = new Map(custom.map((r) => [id(r), r]));
  const byArn = (arn: string) => custom.find((r) => byArnValue(r) === arn);
  // A static site's bucket is read as a bucket named "bucket:site:<key>" (its blueprint:site tag).
  const storeTag = (r: R): string | undefined => r.inputs.tags?.['blueprint:store'] ?? (r.type === T.bucket && r.inputs.tags?.['blueprint:site'] ? `site:${r.inputs.tags['blueprint:site']}` : undefined);
  const logGroups = ofType(T.logGroup);
  const logGroupByArn = (arn: string) => must(logGroups.find((l) => arn === byArnValue(l)), `log group ${arn}`);
  return { resources, custom, ofType, region, provider: home, imports, id, byArnValue, byId, byArn, storeTag, regionOf, logGroupByArn, must };
}
