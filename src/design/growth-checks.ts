import type { Blueprint } from '../schema';
import type { CheckIssue } from './checks';
import { pct } from './decisions';
import { HELD_MONTHS, engineLimitGb, isDurable, monthsToFill, storeGrowth } from './growth';

/**
 * The stores' growth must add up: the shares they declare cannot exceed the system's growth, and no store
 * may fill its engine's largest volume within the year it is sized for (Aurora 128 TiB, RDS 64 TiB).
 */
export function checkGrowth(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const total = bp.requirements.data_growth_gb_month;
  const stores = Object.entries(bp.data ?? {}).filter(([, s]) => isDurable(s));
  const declared = stores.filter(([, s]) => 'growth_gb_month' in s && s.growth_gb_month !== undefined);
  const sum = declared.reduce((n, [, s]) => n + ((s as { growth_gb_month?: number }).growth_gb_month ?? 0), 0);
  if (total !== undefined && sum > total) {
    issues.push({
      path: ['requirements', 'data_growth_gb_month'],
      involves: declared.map(([k]) => ['data', k, 'growth_gb_month']),
      message: `the stores declare ${pct(sum)} GB a month (${declared.map(([k, s]) => `${k} ${pct((s as { growth_gb_month: number }).growth_gb_month)}`).join(', ')}), more than the whole system's ${pct(total)}: raise this, or lower a store's growth_gb_month`,
    });
  }
  for (const [key, g] of storeGrowth(bp)) {
    const store = bp.data![key];
    const limit = engineLimitGb(store);
    if (!limit || g.gbPerMonth * HELD_MONTHS <= limit.gb) continue;
    const fills = `fills ${limit.what} (${limit.gb} GB) in ${pct(Math.round(monthsToFill(limit.gb, g.gbPerMonth) * 10) / 10)} months, before the year Blueprint sizes it for`;
    const fix = 'keep large objects in an S3 bucket (engine: s3) and their keys in the database, or split the data over several stores';
    issues.push(
      g.source === 'written'
        ? { path: ['data', key, 'growth_gb_month'], message: `${pct(g.gbPerMonth)} GB a month ${fills}: ${fix}` }
        : {
            path: ['requirements', 'data_growth_gb_month'],
            involves: [['data', key]],
            message: `the share of data.${key}, ${pct(g.gbPerMonth)} GB a month (what the stores that declare growth_gb_month leave, split evenly over those that do not), ${fills}: ${fix}; write growth_gb_month on each store to say where the data lands`,
          },
    );
  }
  return issues;
}
