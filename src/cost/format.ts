import { columns } from '../cli/output';
import { CONCERNS, cents } from './estimate';
import type { Estimate, PricedLine } from './types';

const usd = (n: number | null): string => (n === null ? 'unpriced' : `$${cents(n).toFixed(2)}`);
const unitUsd = (l: PricedLine): string => (l.unitUsd === null ? '-' : `$${l.unitUsd}/${l.unit}${l.uncertain ? ' *' : ''}`);
const qty = (n: number): string => String(Math.round(n * 1000) / 1000);
/** A line's cost idle and at peak, when either differs from its expected cost; blank otherwise. */
const range = (l: PricedLine): string => {
  if (!l.range || l.monthlyUsd === null) return '';
  const { idleUsd, peakUsd } = l.range;
  return cents(idleUsd ?? 0) === cents(l.monthlyUsd) && cents(peakUsd ?? 0) === cents(l.monthlyUsd) ? '' : `${usd(idleUsd)}-${usd(peakUsd)}`;
};
const ASSUMPTION = { fixed: 'fixed', load: 'load', data: 'data', activity: 'activity', schedule: 'schedule' } as const;

/** The headline: the expected monthly cost, and its range from idle to peak when the estimate has one. */
function headline(e: Estimate): string {
  const load = e.usage.find((a) => a.key === 'average_load_percent')?.value;
  const r = e.totals.range;
  return `${e.name} in ${e.region}: about ${usd(e.totals.monthly)} a month at the expected load${load === undefined ? '' : ` (${load} % of peak)`}${r ? `; ${usd(r.idle)} idle, ${usd(r.peak)} at peak all month` : ''}`;
}

/** The estimate as a plain-text table: the lines, the totals per concern, fixed and usage, the range, and the assumptions. */
export function costTable(e: Estimate): string {
  const rows = [
    ['RESOURCE', 'CONCERN', 'COMPONENT', 'QUANTITY', 'UNIT PRICE', 'MONTHLY', 'IDLE-PEAK', 'ASSUMPTION', 'BASIS'],
    ...e.lines.map((l) => [l.resource, l.concern, l.component, qty(l.quantity), unitUsd(l), usd(l.monthlyUsd), range(l), ASSUMPTION[l.assumption], l.basis]),
  ];
  const out = [`${headline(e)} (prices of ${e.pricesUpdated})`, '', ...columns(rows, '  ')];
  const totals = [['CONCERN', 'MONTHLY'], ...CONCERNS.map((c) => [c, usd(e.totals.byConcern[c])]), ['fixed', usd(e.totals.fixed)], ['usage', usd(e.totals.usage)], ['total', usd(e.totals.monthly)]];
  if (e.totals.range) totals.push(['idle', usd(e.totals.range.idle)], ['peak all month', usd(e.totals.range.peak)]);
  out.push('', ...columns(totals, '  '));
  out.push(...notes(e));
  out.push('', 'Usage assumptions (override with --usage FILE):', ...columns([['ASSUMPTION', 'VALUE', 'UNIT', 'SOURCE', 'BASIS'], ...e.usage.map((a) => [a.key, String(a.value), a.unit, a.source, a.basis])], '  ').map((l) => `  ${l}`));
  return out.join('\n');
}

/** The same as GitHub-flavoured Markdown, for a pull request comment. */
export function costMarkdown(e: Estimate): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const r = e.totals.range;
  const out = [`### ${headline(e)}`, '', `Prices of ${e.pricesUpdated}; fixed ${usd(e.totals.fixed)}, usage ${usd(e.totals.usage)}.`, ''];
  out.push('| Concern | Monthly |', '| --- | ---: |', ...CONCERNS.map((c) => `| ${c} | ${usd(e.totals.byConcern[c])} |`), `| **total** | **${usd(e.totals.monthly)}** |`);
  if (r) out.push(`| idle | ${usd(r.idle)} |`, `| peak all month | ${usd(r.peak)} |`);
  out.push('', '| Resource | Component | Quantity | Unit price | Monthly | Idle-peak | Assumption |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const l of e.lines) out.push(`| ${cell(l.resource)} | ${cell(l.component)} | ${qty(l.quantity)} | ${cell(unitUsd(l))} | ${usd(l.monthlyUsd)} | ${range(l)} | ${ASSUMPTION[l.assumption]} |`);
  out.push(...notes(e));
  out.push('', '| Usage assumption | Value | Source |', '| --- | ---: | --- |', ...e.usage.map((a) => `| ${a.key} | ${a.value} ${cell(a.unit)} | ${a.source}: ${cell(a.basis)} |`));
  return out.join('\n');
}

function notes(e: Estimate): string[] {
  const out: string[] = [
    '',
    'Assumptions: fixed, from the design alone; load, at the expected load (average_load_percent of each peak: tasks scaled to it, requests, bytes, messages); data, what each store holds (its growth for storage_months); activity, account activity the audit services record; schedule, scheduled jobs\' runs.',
  ];
  if (e.unpriced.length) out.push('', `Not in the total: no price in the ${e.region} snapshot for ${e.unpriced.join(', ')}.`);
  if (e.lines.some((l) => l.uncertain)) out.push('', '* from a third-party source only, not yet confirmed against AWS (each price\'s source is in the snapshot).');
  return out;
}
