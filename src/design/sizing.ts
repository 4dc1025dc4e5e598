/*
 * What a resource was sized for, carried on the resource itself as tags (blueprint:<quantity>), so that a
 * synthesized template or a Pulumi preview can be priced at the same load as its design without the
 * blueprint: the peak a service or queue is sized for and what one task handles, a store's growth, a
 * table's item size and the requests a second that read and write it, the internet traffic a service
 * declares. Both renderers write sizingTags on the resource the quantity is about; both parity readers
 * read it back with readSizing.
 */

/** The quantities, by tag name (after "blueprint:"). */
export const SIZING_KEYS = [
  'peak-rps',
  'rps-per-task',
  'egress-gb-month',
  'growth-gb-month',
  'item-kb',
  'peak-messages-per-second',
  'peak-reads-per-second',
  'peak-writes-per-second',
  'duration-ms',
] as const;
export type SizingKey = (typeof SIZING_KEYS)[number];

/** Only the quantities the design knows: a service without peak_rps has no peak-rps. */
export type Sizing = Partial<Record<SizingKey, number>>;

const PREFIX = 'blueprint:';

/**
 * A sizing value as its tag carries it (at most 3 decimals): the design keeps that value, so that what is billed
 * from the design is what is billed from the template or the Pulumi run, which read the tag.
 */
export const asTagged = (n: number): number => Math.round(n * 1000) / 1000;

/** The tags that carry a sizing, sorted by key; values in plain decimal (at most 3 decimals). */
export function sizingTags(s: Sizing): Record<string, string> {
  return Object.fromEntries(SIZING_KEYS.filter((k) => s[k] !== undefined).map((k) => [`${PREFIX}${k}`, String(asTagged(s[k]!))]));
}

/** The sizing a resource's tags carry (the other tags are ignored); a value that is not a number >= 0 throws. */
export function readSizing(tags: Record<string, unknown> | undefined, what: string): Sizing {
  const out: Sizing = {};
  for (const k of SIZING_KEYS) {
    const v = tags?.[`${PREFIX}${k}`];
    if (v === undefined) continue;
    const n = Number(v);
    if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) throw new Error(`${what}: tag ${PREFIX}${k} is ${JSON.stringify(v)}, not a number`);
    out[k] = n;
  }
  return out;
}

/** A task's sizing with the internet traffic it declares (egress_gb_month), which the estimate bills through NAT or not. */
export function withEgress(sizing: Sizing, svc: { egress_gb_month?: number }): Sizing {
  return svc.egress_gb_month === undefined ? sizing : { ...sizing, 'egress-gb-month': svc.egress_gb_month };
}
