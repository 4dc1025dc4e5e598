/*
 * The context every concern's reader is given, built once per template: the
 * template, the resolver that turns references into symbolic names, the
 * names, and what network.ts records for the others (subnet tiers,
 * security-group rules). Reads the subnets a resource spans, a log group's
 * retention and a security group's rules.
 */
import { T } from './resource-types';
import { Names } from './names';
import { ArnResolver } from './store-names';
import { fail, list, Resolver, type CfnTemplate } from './template';

const TIERS = ['public', 'private', 'isolated'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * What a template reaches by name but does not create, each by the name it has there -> its inventory
 * name: a standby's replica buckets (the disaster-recovery template's, by BucketName: "bucket:<key>/replica";
 * the primary template's replication destinations are named the same way), the replicas of global tables
 * (the primary template's, by TableName: "table:<key>") and the replicas of generated database secrets
 * (the primary template's, by Name: the database's key; "secret:database:<key>").
 */
export interface Imports {
  buckets: ReadonlyMap<string, string>;
  tables: ReadonlyMap<string, string>;
  secrets: ReadonlyMap<string, string>;
}

export const NO_IMPORTS: Imports = { buckets: new Map(), tables: new Map(), secrets: new Map() };

/** Everything the readers share: the template, the resolver, names, subnet tiers and security-group ingress. */
export class Context {
  readonly r: Resolver;
  readonly names: Names;
  /** Resolves IAM and resource-policy resources to store names ("bucket:reports/*"). */
  readonly arns: ArnResolver;
  readonly subnets = new Map<string, { tier: Tier; az: string; cidr: string; mapPublicIp: boolean }>();
  readonly ingress = new Map<string, string[]>();
  readonly egress = new Map<string, string[]>();
  /** The certificates a listener, API domain or distribution named (certificates.ts). */
  readonly certificatesRead = new Set<string>();

  /** `imports`: what the template names but does not create (see Imports), named in ARNs and connection values. */
  constructor(
    readonly t: CfnTemplate,
    readonly imports: Imports = NO_IMPORTS,
  ) {
    let names: Names | undefined;
    // The resolver names references through Names, which itself needs the resolver for plain strings.
    this.r = new Resolver((ref, where) => (names ? names.symbol(ref, where) : fail(where, `cannot name ${ref.id} yet`)));
    names = this.names = new Names(t, this.r, imports.secrets);
    this.arns = new ArnResolver(t, names.stores, () => this.subnetRegion(), imports.buckets, imports.tables);
  }

  /**
   * A connection value (an environment variable's): a string, with references named; the whole name of
   * an imported bucket or table (built from its name, not referenced) is that store's inventory name.
   */
  value(v: unknown, where: string): string {
    const s = this.r.str(v, where);
    return this.imports.buckets.get(s) ?? this.imports.tables.get(s) ?? s;
  }

  /** The stack's region, as its subnets' AZs name it (us-east-1a: us-east-1), once the network is read. */
  private subnetRegion(): string | undefined {
    const regions = new Set([...this.subnets.values()].map((s) => s.az.replace(/[a-z]$/, '')));
    return regions.size === 1 ? [...regions][0] : undefined;
  }

  /** The stack's region (a template names it only in its subnets' AZs); throws when they name none or several. */
  region(): string {
    return this.subnetRegion() ?? fail('template', "its subnets' availability zones name no single region");
  }

  /** The tier and number of the subnets a resource spans; they must share one tier. */
  span(v: unknown, where: string): { tier: string; count: number } {
    const ids = list(v, where).map((s) => this.t.target(s, [T.subnet], where));
    if (ids.length === 0) fail(where, 'names no subnets');
    const tiers = new Set(ids.map((id) => this.subnets.get(id)!.tier));
    if (tiers.size !== 1) fail(where, `spans subnets of several tiers (${[...tiers].join(', ')})`);
    return { tier: [...tiers][0], count: ids.length };
  }

  retention(logGroup: string): number {
    const days = this.t.props(logGroup).RetentionInDays;
    if (days === undefined) fail(this.t.where(logGroup), 'has no RetentionInDays (kept forever); the inventory records a retention in days');
    return this.r.num(days, this.t.where(logGroup, 'RetentionInDays'));
  }

  /** Who may connect to a security group: "0.0.0.0/0:443", "load-balancer:8080", "service:web:8080". */
  ingressOf(sgs: unknown, where: string): string[] {
    return list(sgs, where).flatMap((sg) => this.ingress.get(this.t.target(sg, [T.securityGroup], where)) ?? []);
  }

  /** Where a security group may connect to, in the same form. */
  egressOf(sgs: unknown, where: string): string[] {
    return list(sgs, where).flatMap((sg) => this.egress.get(this.t.target(sg, [T.securityGroup], where)) ?? []);
  }
}
