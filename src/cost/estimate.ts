import type { Design } from '../design';
import { billOf } from './bill';
import { factsFromDesign, type BillableFacts } from './facts';
import type { PriceSnapshot } from './prices';
import type { CostConcern, CostLine, Estimate, PricedLine } from './types';
import type { UsageAssumption } from './usage';

export const CONCERNS: readonly CostConcern[] = ['network', 'compute', 'data', 'security', 'observability'];

/** Prices a design's bill of materials with a region's snapshot, at the expected load, idle and at peak. */
export function estimateDesign(d: Design, usage: UsageAssumption[], prices: PriceSnapshot): Estimate {
  return estimateFacts(factsFromDesign(d), usage, prices);
}

/**
 * Prices billable facts (of a design, a template or a Pulumi run): the bill at the expected load, each line
 * with what it would cost idle and at peak, and the totals of all three.
 */
export function estimateFacts(f: BillableFacts, usage: UsageAssumption[], prices: PriceSnapshot): Estimate {
  return estimate(f.name, billOf(f, usage), usage, prices, { idle: billOf(f, usage, 'idle'), peak: billOf(f, usage, 'peak') });
}

/**
 * Prices cost lines: each line's quantity x its unit price. Totals are summed in cents of the exact line
 * amounts and rounded once, so an estimate from any source of the same lines agrees to the cent. With
 * `scenarios` (the same lines billed idle and at peak), each line gets its range and the totals theirs.
 */
export function estimate(name: string, lines: CostLine[], usage: UsageAssumption[], prices: PriceSnapshot, scenarios?: { idle: CostLine[]; peak: CostLine[] }): Estimate {
  const usd = (l: CostLine) => {
    const p = prices.prices[l.priceKey];
    return p ? l.quantity * p.usd : null;
  };
  if (scenarios) {
    for (const other of [scenarios.idle, scenarios.peak]) {
      const same = other.length === lines.length && other.every((l, i) => l.resource === lines[i].resource && l.component === lines[i].component && l.priceKey === lines[i].priceKey);
      if (!same) throw new Error('cost: the bill has different lines at another load; every scenario must bill the same lines');
    }
  }
  const priced: PricedLine[] = lines.map((l, i) => {
    const p = prices.prices[l.priceKey];
    return {
      ...l,
      unitUsd: p?.usd ?? null,
      unit: p?.unit ?? null,
      monthlyUsd: usd(l),
      ...(p?.uncertain ? { uncertain: p.uncertain } : {}),
      ...(scenarios ? { range: { idleUsd: usd(scenarios.idle[i]), peakUsd: usd(scenarios.peak[i]) } } : {}),
    };
  });
  const sum = (values: (number | null)[]) => cents(values.reduce((n: number, v) => n + (v ?? 0), 0));
  const total = (ls: PricedLine[]) => sum(ls.map((l) => l.monthlyUsd));
  const byConcern = Object.fromEntries(CONCERNS.map((c) => [c, total(priced.filter((l) => l.concern === c))])) as Record<CostConcern, number>;
  return {
    name,
    region: prices.region,
    pricesUpdated: prices.updated,
    lines: priced,
    totals: {
      monthly: total(priced),
      fixed: total(priced.filter((l) => l.assumption === 'fixed')),
      usage: total(priced.filter((l) => l.assumption !== 'fixed')),
      byConcern,
      ...(scenarios ? { range: { idle: sum(priced.map((l) => l.range!.idleUsd)), peak: sum(priced.map((l) => l.range!.peakUsd)) } } : {}),
    },
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
