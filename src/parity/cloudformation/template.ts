/*
 * Reading a CloudFormation template as plain JSON: resources by logical ID
 * and type, and the resolution of intrinsic functions (Ref, Fn::GetAtt,
 * Fn::Join, Fn::Sub) into strings in which every reference is replaced by a
 * symbolic name. Pure: no aws-cdk-lib, no constructs, no Pulumi.
 */

/** A reference to a resource (or pseudo parameter): Ref gives attr "Ref". */
export interface CfnRef {
  id: string;
  attr: string;
}

type Props = Record<string, unknown>;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every failure names the template location, so a gap can never pass silently. */
export function fail(where: string, message: string): never {
  throw new Error(`inventoryFromTemplate: ${where}: ${message}`);
}

/** A Ref of a pseudo parameter (partition, region, account) as Fn::Sub writes it, "${AWS::Partition}"; undefined for any other reference. */
export function pseudoParameter(ref: CfnRef): string | undefined {
  return ref.attr === 'Ref' && ['AWS::Partition', 'AWS::Region', 'AWS::AccountId'].includes(ref.id) ? `\${${ref.id}}` : undefined;
}

/** The resource a Ref / Fn::GetAtt points at, or undefined for anything else. */
export function refOf(v: unknown): CfnRef | undefined {
  if (!isObject(v) || Object.keys(v).length !== 1) return undefined;
  if (typeof v.Ref === 'string') return { id: v.Ref, attr: 'Ref' };
  const g = v['Fn::GetAtt'];
  if (Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && typeof g[1] === 'string') return { id: g[0], attr: g[1] };
  if (typeof g === 'string' && g.includes('.')) return { id: g.slice(0, g.indexOf('.')), attr: g.slice(g.indexOf('.') + 1) };
  return undefined;
}

export class CfnTemplate {
  private readonly resources = new Map<string, { type: string; props: Props; deletionPolicy?: unknown; updateReplacePolicy?: unknown; dependsOn: string[] }>();
  /** The template's Transform (macros CloudFormation runs before deploying it), as a list. */
  readonly transforms: string[];

  constructor(template: Record<string, unknown>) {
    const resources = template.Resources;
    if (!isObject(resources)) fail('template', 'has no Resources section');
    const transform = template.Transform;
    const transforms = transform === undefined ? [] : Array.isArray(transform) ? transform : [transform];
    this.transforms = transforms.map((x) => (typeof x === 'string' ? x : fail('template', `Transform ${JSON.stringify(x)} is not a macro name (parameters are not read)`)));
    // Logical-ID order, so that nothing depends on the order the template lists resources in.
    for (const id of Object.keys(resources).sort()) {
      const r = resources[id];
      if (!isObject(r) || typeof r.Type !== 'string') fail(id, 'is not a resource (no Type)');
      if (r.Condition !== undefined) fail(`${id} (${r.Type})`, 'has a Condition: the inventory reads unconditional templates only');
      const props = r.Properties ?? {};
      if (!isObject(props)) fail(`${id} (${r.Type})`, 'Properties is not an object');
      const dependsOn = r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
      if (!dependsOn.every((d): d is string => typeof d === 'string')) fail(`${id} (${r.Type})`, 'DependsOn is not a logical ID or a list of them');
      this.resources.set(id, { type: r.Type, props, deletionPolicy: r.DeletionPolicy, updateReplacePolicy: r.UpdateReplacePolicy, dependsOn });
    }
  }

  /** Every logical ID, sorted. */
  ids(): string[] {
    return [...this.resources.keys()];
  }

  /** Logical IDs of one type, sorted. */
  ofType(type: string): string[] {
    return this.ids().filter((id) => this.resources.get(id)!.type === type);
  }

  type(id: string): string | undefined {
    return this.resources.get(id)?.type;
  }

  props(id: string): Props {
    const r = this.resources.get(id);
    if (!r) fail(id, 'is not in the template');
    return r.props;
  }

  /** Kept when the stack is deleted and when an update replaces it: DeletionPolicy and UpdateReplacePolicy both Retain. */
  retained(id: string): boolean {
    const r = this.resources.get(id);
    if (!r) fail(id, 'is not in the template');
    return r.deletionPolicy === 'Retain' && r.updateReplacePolicy === 'Retain';
  }

  /** DeletionPolicy and UpdateReplacePolicy as written (undefined when absent: CloudFormation's default for the type applies). */
  policies(id: string): { deletion: unknown; updateReplace: unknown } {
    const r = this.resources.get(id);
    if (!r) fail(id, 'is not in the template');
    return { deletion: r.deletionPolicy, updateReplace: r.updateReplacePolicy };
  }

  /** The logical IDs the resource is created after (DependsOn). */
  dependsOn(id: string): string[] {
    const r = this.resources.get(id);
    if (!r) fail(id, 'is not in the template');
    return r.dependsOn;
  }

  /** "Id (Type)", or "Id (Type) Field" when a field is named: the prefix of every message. */
  where(id: string, field?: string): string {
    return `${id} (${this.type(id) ?? 'not in the template'})${field ? ` ${field}` : ''}`;
  }

  /**
   * The logical ID a property references (Ref or any Fn::GetAtt), which must
   * be a resource of one of `types`.
   */
  target(v: unknown, types: readonly string[], where: string): string {
    const ref = refOf(v);
    if (!ref) fail(where, `expected a reference to ${types.join(' or ')}, found ${JSON.stringify(v)}`);
    const type = this.type(ref.id);
    if (!type) fail(where, `references ${ref.id}, which is not a resource of the template`);
    if (!types.includes(type)) fail(where, `references ${ref.id} (${type}), expected ${types.join(' or ')}`);
    return ref.id;
  }
}

/**
 * Turns property values into plain values. A reference inside a string
 * becomes what `symbol` names it ("load-balancer", "service:web"); a
 * reference `symbol` cannot name throws.
 */
export class Resolver {
  constructor(private readonly symbol: (ref: CfnRef, where: string) => string) {}

  str(v: unknown, where: string): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const ref = refOf(v);
    if (ref) return this.symbol(ref, where);
    if (isObject(v) && Object.keys(v).length === 1) {
      const join = v['Fn::Join'];
      if (join !== undefined) {
        if (!Array.isArray(join) || join.length !== 2 || typeof join[0] !== 'string' || !Array.isArray(join[1])) fail(where, 'malformed Fn::Join');
        return join[1].map((part) => this.str(part, where)).join(join[0]);
      }
      const sub = v['Fn::Sub'];
      if (typeof sub === 'string') return this.sub(sub, where);
    }
    return fail(where, `cannot resolve ${JSON.stringify(v)} to a string (only Ref, Fn::GetAtt, Fn::Join and Fn::Sub are read)`);
  }

  /** Optional string: undefined stays undefined. */
  optStr(v: unknown, where: string): string | undefined {
    return v === undefined ? undefined : this.str(v, where);
  }

  num(v: unknown, where: string): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return fail(where, `expected a number, found ${JSON.stringify(v)}`);
  }

  /** A number, or `dflt` (AWS's default) when the property is absent. */
  numOr(v: unknown, dflt: number, where: string): number {
    return v === undefined ? dflt : this.num(v, where);
  }

  bool(v: unknown, dflt: boolean, where: string): boolean {
    if (v === undefined) return dflt;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return fail(where, `expected a boolean, found ${JSON.stringify(v)}`);
  }

  private sub(text: string, where: string): string {
    return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return whole.replace('${!', '${');
      const dot = name.indexOf('.');
      return this.symbol(dot < 0 ? { id: name, attr: 'Ref' } : { id: name.slice(0, dot), attr: name.slice(dot + 1) }, where);
    });
  }
}

/** Throws on any property of a resource that `known` does not list: what the inventory does not read must not pass unseen. */
export function onlyKnown(t: CfnTemplate, id: string, known: readonly string[], what: string): void {
  const extra = Object.keys(t.props(id)).filter((k) => !known.includes(k));
  if (extra.length) fail(t.where(id), `${extra.join(', ')}: not in the inventory of ${what}`);
}

/**
 * Whether CloudFormation takes a final snapshot when it deletes or replaces
 * the resource: DeletionPolicy and UpdateReplacePolicy both Snapshot
 * (absent: `deletionDefault`, CloudFormation's default for the type, and
 * Delete). Retain throws: the inventory does not record it for these types.
 */
export function snapshotOnDelete(t: CfnTemplate, id: string, deletionDefault: 'Snapshot' | 'Delete'): boolean {
  const { deletion, updateReplace } = t.policies(id);
  const d = deletion ?? deletionDefault;
  const u = updateReplace ?? 'Delete';
  for (const [field, v] of [['DeletionPolicy', d], ['UpdateReplacePolicy', u]] as const) {
    if (v !== 'Snapshot' && v !== 'Delete') fail(t.where(id, field), `is ${JSON.stringify(v)}; the inventory records Snapshot or Delete here`);
  }
  return d === 'Snapshot' && u === 'Snapshot';
}

/** A list property: absent is empty; anything but an array throws. */
export function list(v: unknown, where: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(where, `expected a list, found ${JSON.stringify(v)}`);
  return v;
}

/** An object property (or list element): absent is {}; anything but an object throws. */
export function obj(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isObject(v)) fail(where, `expected an object, found ${JSON.stringify(v)}`);
  return v;
}

/** Key/value attribute lists (LoadBalancerAttributes, TargetGroupAttributes) as a map. */
export function attributes(v: unknown, where: string, resolve: Resolver): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of list(v, where)) {
    const { Key, Value } = obj(a, where);
    const key = resolve.str(Key, where);
    if (out.has(key)) fail(where, `attribute ${key} is set twice`);
    out.set(key, resolve.str(Value, `${where} ${key}`));
  }
  return out;
}
