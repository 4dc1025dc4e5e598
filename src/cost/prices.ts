import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';

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

/**
 * The folder of the snapshots, src/cost/prices, found from this module whether it runs compiled (dist/cost)
 * or from source (src/cost): a refreshed or added region is read without a rebuild.
 */
export const PRICES_DIR = nodePath.resolve(__dirname, '..', '..', 'src', 'cost', 'prices');

let snapshots: Map<string, PriceSnapshot> | undefined;

function all(): Map<string, PriceSnapshot> {
  snapshots ??= new Map(
    readdirSync(PRICES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(nodePath.join(PRICES_DIR, f), 'utf8')) as PriceSnapshot]),
  );
  return snapshots;
}

/** The snapshot of a region, or undefined when the repository has none. */
export function pricesFor(region: string): PriceSnapshot | undefined {
  return all().get(region);
}

/** The regions the repository has snapshots of, sorted. */
export function pricedRegions(): string[] {
  return [...all().keys()];
}

/** Where a region's snapshot is kept. */
export function snapshotPath(region: string): string {
  return nodePath.join(PRICES_DIR, `${region}.json`);
}
