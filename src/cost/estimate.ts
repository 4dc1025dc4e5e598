import type { Design } from '../design';
import { billOf } from './bill';
import { factsFromDesign } from './facts';
import type { PriceSnapshot } from './prices';
import type { CostConcern, CostLine, Estimate, PricedLine } from './types';
import type { UsageAssumption } from './usage';

export const CONCERNS: readonly CostConcern[] = ['network', 'compute', 'data', 'security', 'observability'];

/** Prices a design's bill of materials with a region's snapshot. */
export function estimateDesign(d: Design, usage: UsageAssumption[], prices: PriceSnapshot): Estimate {
  return estimate(d.name, billOf(factsFromDesign(d), usage), usage, prices);
}

/**
 * Prices cost lines: each line's quantity x its unit price. Totals are summed in cents of the exact line
 * amounts and rounded once, so an estimate from any source of the same lines agrees to the cent.
 */
export function estimate(name: string, lines: CostLine[], usage: UsageAssumption[], prices: PriceSnapshot): Estimate {
  const priced: PricedLine[] = lines.map((l) => {
    const p = prices.prices[l.priceKey];
    return { ...l, unitUsd: p?.usd ?? null, unit: p?.unit ?? null, monthlyUsd: p ? l.quantity * p.usd : null, ...(p?.uncertain ? { uncertain: p.uncertain } : {}) };
  });
  const sum = (ls: PricedLine[]) => cents(ls.reduce((n, l) => n + (l.monthlyUsd ?? 0), 0));
  const byConcern = Object.fromEntries(CONCERNS.map((c) => [c, sum(priced.filter((l) => l.concern === c))])) as Record<CostConcern, number>;
  return {
    name,
    region: prices.region,
    pricesUpdated: prices.updated,
    lines: priced,
    totals: { monthly: sum(priced), fixed: sum(priced.filter((l) => l.fixed)), usage: sum(priced.filter((l) => !l.fixed)), byConcern },
    unpriced: [...new Set(priced.filter((l) => l.unitUsd === null).map((l) => l.priceKey))].sort(),
    usage,
  };
}

/** The `n` priced lines that cost most, most first. */
export function largestLines(e: Estimate, n: number): PricedLine[] {
  return e.lines
    .filter((l) => l.monthlyUsd !== null)
    .sort((a, b) => b.monthlyUsd! - a.monthlyUsd!)
    .slice(0, n);
}

/** USD rounded to the cent. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;
