import type { Blueprint } from '../schema';
import { isRelational, type Store } from '../schema/data';
import { pct } from './decisions';
import { isAurora } from './engines';
import { byText } from '../text';

/*
 * Where the system's data growth lands. requirements.data_growth_gb_month is the whole system's: each
 * durable store (bucket, table, database) takes its own share, once. A store may declare its share
 * (growth_gb_month); what the declared shares leave of the requirement is split evenly over the stores
 * that declare none. The shares add up to the requirement, so no gigabyte is stored (or billed) twice.
 */

/** Months of growth a store is sized and billed for: a year of data. */
export const HELD_MONTHS = 12;

/** The most one store can hold, in GB (GiB, as AWS states them): Aurora's cluster volume, an RDS gp3 volume. */
export const ENGINE_LIMIT_GB = { aurora: 128 * 1024, rds: 64 * 1024 } as const;

/** Above this much held data a table or database pays many times S3's price per GB: plan recommends a bucket. */
const BULK_GB = 10 * 1024;

/** One store's share of the growth, and why. */
export interface StoreGrowth {
  gbPerMonth: number;
  source: 'written' | 'derived';
  rationale: string;
}

/** Buckets, tables and databases hold data that grows; queues, topics and caches hold passing or derived data. */
export const isDurable = (s: Store): boolean => s.engine === 's3' || s.engine === 'dynamodb' || isRelational(s);

/**
 * Each durable store's growth in GB a month, by key: written, or its even share of what the written ones
 * leave of requirements.data_growth_gb_month. A store has none (absent) when neither says anything. Pure:
 * the checks (limits) and the design (storage, tags, plan) read the same numbers.
 */
export function storeGrowth(bp: Blueprint): Map<string, StoreGrowth> {
  const durable = Object.entries(bp.data ?? {})
    .filter(([, s]) => isDurable(s))
    .sort(([a], [b]) => byText(a, b)) as [string, Store & { growth_gb_month?: number }][];
  const out = new Map<string, StoreGrowth>();
  const written = durable.filter(([, s]) => s.growth_gb_month !== undefined);
  for (const [key, s] of written) out.set(key, { gbPerMonth: s.growth_gb_month!, source: 'written', rationale: 'written' });
  const total = bp.requirements.data_growth_gb_month;
  const rest = durable.filter(([, s]) => s.growth_gb_month === undefined).map(([key]) => key);
  if (total === undefined || !rest.length) return out;
  const declared = written.reduce((n, [, s]) => n + s.growth_gb_month!, 0);
  const left = Math.max(0, total - declared);
  const share = round(left / rest.length);
  const less = written.length ? ` less the ${pct(declared)} GB that ${written.map(([k]) => k).join(', ')} declare${written.length === 1 ? 's' : ''} = ${pct(left)} GB,` : '';
  const split = rest.length === 1 ? `all of it to ${rest[0]}, the one store that declares none` : `split evenly over the ${rest.length} stores that declare none (${rest.join(', ')}): ${pct(left)} / ${rest.length} = ${pct(share)} GB`;
  const rationale = `requirements.data_growth_gb_month ${pct(total)} GB${less} ${split}; never charged to each store in full. Write growth_gb_month on each store to say where the data really lands`;
  for (const key of rest) out.set(key, { gbPerMonth: share, source: 'derived', rationale });
  return out;
}

/** The largest volume a store's engine holds, in GB, or undefined when it has none that growth reaches (S3, DynamoDB). */
export function engineLimitGb(s: Store): { gb: number; what: string } | undefined {
  if (!isRelational(s)) return undefined;
  return isAurora(s.engine) ? { gb: ENGINE_LIMIT_GB.aurora, what: "Aurora's 128 TiB cluster volume" } : { gb: ENGINE_LIMIT_GB.rds, what: "RDS's 64 TiB gp3 volume" };
}

/** How many months of this growth a limit holds. */
export const monthsToFill = (limitGb: number, gbPerMonth: number): number => (gbPerMonth > 0 ? limitGb / gbPerMonth : Infinity);

/**
 * What plan recommends for a store's volume: a table or database that holds more than 10 TiB after a year
 * pays many times S3's price per GB for data that is usually objects, not records. Undefined when nothing.
 */
export function volumeAdvice(key: string, s: Store, g: StoreGrowth): string | undefined {
  if (s.engine === 's3') return undefined;
  const held = g.gbPerMonth * HELD_MONTHS;
  const limit = engineLimitGb(s);
  if (limit && held > limit.gb / 2) {
    return `data.${key} holds ${pct(held)} GB after a year, over half of ${limit.what} (${limit.gb} GB; full in ${pct(Math.round(monthsToFill(limit.gb, g.gbPerMonth) * 10) / 10)} months): keep large objects in an S3 bucket and their keys here, or partition the data over several databases`;
  }
  if (held > BULK_GB) {
    return `data.${key} holds ${pct(held)} GB after a year: a ${s.engine === 'dynamodb' ? 'table' : 'database'} pays about ten times S3 Standard's price per GB-month; keep large objects (pages, media, documents) in an S3 bucket and their keys here`;
  }
  return undefined;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
