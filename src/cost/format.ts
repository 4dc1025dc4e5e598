import { columns } from '../cli/output';
import { CONCERNS, cents } from './estimate';
import type { Estimate, PricedLine } from './types';

const usd = (n: number | null): string => (n === null ? 'unpriced' : `$${cents(n).toFixed(2)}`);
const unitUsd = (l: PricedLine): string => (l.unitUsd === null ? '-' : `$${l.unitUsd}/${l.unit}${l.uncertain ? ' *' : ''}`);
const qty = (n: number): string => String(Math.round(n * 1000) / 1000);

/** The estimate as a plain-text table: the lines, the totals per concern, fixed and usage, and the assumptions. */
export function costTable(e: Estimate): string {
  const rows = [['RESOURCE', 'CONCERN', 'COMPONENT', 'QUANTITY', 'UNIT PRICE', 'MONTHLY', 'KIND', 'BASIS'], ...e.lines.map((l) => [l.resource, l.concern, l.component, qty(l.quantity), unitUsd(l), usd(l.monthlyUsd), l.fixed ? 'fixed' : 'usage', l.basis])];
  const out = [`${e.name} in ${e.region}: about ${usd(e.totals.monthly)} a month (prices of ${e.pricesUpdated})`, '', ...columns(rows, '  ')];
  out.push('', ...columns([['CONCERN', 'MONTHLY'], ...CONCERNS.map((c) => [c, usd(e.totals.byConcern[c])]), ['fixed', usd(e.totals.fixed)], ['usage', usd(e.totals.usage)], ['total', usd(e.totals.monthly)]], '  '));
  out.push(...notes(e));
  out.push('', 'Usage assumptions (override with --usage FILE):', ...columns([['ASSUMPTION', 'VALUE', 'UNIT', 'SOURCE', 'BASIS'], ...e.usage.map((a) => [a.key, String(a.value), a.unit, a.source, a.basis])], '  ').map((l) => `  ${l}`));
  return out.join('\n');
}

/** The same as GitHub-flavoured Markdown, for a pull request comment. */
export function costMarkdown(e: Estimate): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`### ${e.name} in ${e.region}: about ${usd(e.totals.monthly)} a month`, '', `Prices of ${e.pricesUpdated}; fixed ${usd(e.totals.fixed)}, usage ${usd(e.totals.usage)}.`, ''];
  out.push('| Concern | Monthly |', '| --- | ---: |', ...CONCERNS.map((c) => `| ${c} | ${usd(e.totals.byConcern[c])} |`), `| **total** | **${usd(e.totals.monthly)}** |`, '');
  out.push('| Resource | Component | Quantity | Unit price | Monthly | Kind |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const l of e.lines) out.push(`| ${cell(l.resource)} | ${cell(l.component)} | ${qty(l.quantity)} | ${cell(unitUsd(l))} | ${usd(l.monthlyUsd)} | ${l.fixed ? 'fixed' : 'usage'} |`);
  out.push(...notes(e));
  out.push('', '| Usage assumption | Value | Source |', '| --- | ---: | --- |', ...e.usage.map((a) => `| ${a.key} | ${a.value} ${cell(a.unit)} | ${a.source}: ${cell(a.basis)} |`));
  return out.join('\n');
}

function notes(e: Estimate): string[] {
  const out: string[] = [];
  if (e.unpriced.length) out.push('', `Not in the total: no price in the ${e.region} snapshot for ${e.unpriced.join(', ')}.`);
  if (e.lines.some((l) => l.uncertain)) out.push('', '* from a third-party source only, not yet confirmed against AWS (each price\'s source is in the snapshot).');
  return out;
}
