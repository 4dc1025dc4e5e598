/**
 * What a stack would cost a month, line by line. A line is one billable quantity of one resource: a
 * NAT gateway's hours, a task's vCPU-hours, a table's reads. Fixed lines follow from the design alone
 * (hours x 730); usage lines take their quantity from the usage assumptions (src/cost/usage.ts).
 */
export type CostConcern = 'network' | 'compute' | 'data' | 'security' | 'observability';

/**
 * What a line's quantity rests on: fixed (the design alone: hours of what always runs), load (the traffic:
 * at the expected load, average_load_percent of each peak; tasks scaled to it, requests, bytes, messages),
 * data (what the stores hold: their growth for storage_months), activity (account activity the audit services
 * record) or schedule (scheduled jobs' runs).
 */
export type Assumption = 'fixed' | 'load' | 'data' | 'activity' | 'schedule';

export interface CostLine {
  /** What is billed, in the inventory's terms: "nat-gateway", "service:web", "database:orders". */
  resource: string;
  concern: CostConcern;
  /** What about it: "hours", "vCPU-hours", "storage". */
  component: string;
  /** The price snapshot's key (src/cost/prices/<region>.json). */
  priceKey: string;
  /** Units a month, in the price's unit. */
  quantity: number;
  assumption: Assumption;
  /** How the quantity was reached, e.g. "2 tasks x 0.5 vCPU x 730 h". */
  basis: string;
}

export interface PricedLine extends CostLine {
  /** USD per unit, or null when the snapshot has no price for the key (the line is then unpriced). */
  unitUsd: number | null;
  unit: string | null;
  /** quantity x unitUsd, in USD (unrounded), or null when unpriced. */
  monthlyUsd: number | null;
  /** Why the price is uncertain (a third-party source only), when it is. */
  uncertain?: string;
  /** What the line would cost idle and at peak (see Scenario), unrounded; present when the estimate has both scenarios. */
  range?: { idleUsd: number | null; peakUsd: number | null };
}

export interface Estimate {
  name: string;
  region: string;
  /** The price snapshot's date. */
  pricesUpdated: string;
  lines: PricedLine[];
  /**
   * Sums in USD, rounded to the cent; unpriced lines count for nothing (they are listed in `unpriced`). monthly is
   * at the expected load; range, when present, the same lines idle (no traffic, services at their minimum) and at
   * peak all month.
   */
  totals: { monthly: number; fixed: number; usage: number; byConcern: Record<CostConcern, number>; range?: { idle: number; peak: number } };
  /** Price keys with no price in the snapshot, sorted: those lines are not in the totals. */
  unpriced: string[];
  /** The usage assumptions the usage lines were computed from. */
  usage: import('./usage').UsageAssumption[];
}
