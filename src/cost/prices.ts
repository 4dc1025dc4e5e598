import euWest1 from './prices/eu-west-1.json';
import usEast1 from './prices/us-east-1.json';
import usWest2 from './prices/us-west-2.json';

/** One price: USD per unit, where it was found and when; `uncertain` says why it is not confirmed. */
export interface Price {
  usd: number;
  unit: string;
  source: string;
  date: string;
  uncertain?: string;
}

/** A region's price snapshot (src/cost/prices/<region>.json), rebuilt by `blueprint prices refresh`. */
export interface PriceSnapshot {
  region: string;
  currency: 'USD';
  updated: string;
  prices: Record<string, Price>;
}

/** The snapshots in the repository, by region. */
const SNAPSHOTS: Record<string, PriceSnapshot> = { 'eu-west-1': euWest1 as PriceSnapshot, 'us-east-1': usEast1 as PriceSnapshot, 'us-west-2': usWest2 as PriceSnapshot };

/** The snapshot of a region, or undefined when the repository has none. */
export function pricesFor(region: string): PriceSnapshot | undefined {
  return SNAPSHOTS[region];
}

export const PRICED_REGIONS = Object.keys(SNAPSHOTS).sort();
