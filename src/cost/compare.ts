import { columns } from '../cli/output';
import { cents } from './estimate';
import type { Estimate } from './types';

/** One line of a comparison: what a base and a fork pay for the same resource and component. */
export interface ComparedLine {
  resource: string;
  component: string;
  /** USD a month; null where that side has no such line; 'unpriced' where the snapshot has no price for it. */
  base: Side;
  fork: Side;
  /** fork - base, a missing side counting 0; null when a side is unpriced (the difference is not known). */
  difference: number | null;
}

export type Side = number | 'unpriced' | null;

export interface Comparison {
  base: { name: string; monthly: number };
  fork: { name: string; monthly: number };
  difference: number;
  /** Lines whose cost differs, the largest difference first; lines equal on both sides are left out. */
  lines: ComparedLine[];
  /** Price keys unpriced on either side. */
  unpriced: string[];
}

/** What a fork costs against its base, line by line (by resource and component) and in total. */
export function compare(base: Estimate, fork: Estimate): Comparison {
  const key = (l: { resource: string; component: string }) => `${l.resource}\u0000${l.component}`;
  // Each side's cost of a resource and component; one unpriced line makes the whole side unpriced.
  const sum = (e: Estimate) => {
    const m = new Map<string, number | 'unpriced'>();
    for (const l of e.lines) {
      const before = m.get(key(l)) ?? 0;
      m.set(key(l), before === 'unpriced' || l.monthlyUsd === null ? 'unpriced' : before + l.monthlyUsd);
    }
    return m;
  };
  const a = sum(base);
  const b = sum(fork);
  const side = (m: Map<string, number | 'unpriced'>, k: string): Side => {
    const v = m.get(k);
    return v === undefined ? null : v === 'unpriced' ? v : cents(v);
  };
  const lines: ComparedLine[] = [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => {
      const [resource, component] = k.split('\u0000');
      const x = side(a, k);
      const y = side(b, k);
      return { resource, component, base: x, fork: y, difference: x === 'unpriced' || y === 'unpriced' ? null : cents((y ?? 0) - (x ?? 0)) };
    })
    .filter((l) => l.difference !== 0 && !(l.base === 'unpriced' && l.fork === 'unpriced'))
    // The largest known differences first, then the lines whose difference is not known.
    .sort((p, q) => (q.difference === null ? -1 : Math.abs(q.difference)) - (p.difference === null ? -1 : Math.abs(p.difference)) || (p.resource < q.resource ? -1 : 1));
  return {
    base: { name: base.name, monthly: base.totals.monthly },
    fork: { name: fork.name, monthly: fork.totals.monthly },
    difference: cents(fork.totals.monthly - base.totals.monthly),
    lines,
    unpriced: [...new Set([...base.unpriced, ...fork.unpriced])].sort(),
  };
}

const usd = (n: Side) => (n === null ? '-' : n === 'unpriced' ? 'unpriced' : `$${n.toFixed(2)}`);
const signed = (n: number | null) => (n === null ? '?' : `${n < 0 ? '-' : '+'}$${Math.abs(n).toFixed(2)}`);
/** The totals leave unpriced lines out: the headline says so when there are some. */
const caveat = (c: Comparison) => (c.unpriced.length ? ', not counting unpriced lines' : '');

/** The comparison as a plain-text table. */
export function comparisonTable(c: Comparison): string {
  const out = [`${c.fork.name} against ${c.base.name}: ${usd(c.fork.monthly)} a month against ${usd(c.base.monthly)} (${signed(c.difference)}${caveat(c)})`, ''];
  if (!c.lines.length) out.push('No line differs.');
  else out.push(...columns([['RESOURCE', 'COMPONENT', c.base.name.toUpperCase(), c.fork.name.toUpperCase(), 'DIFFERENCE'], ...c.lines.map((l) => [l.resource, l.component, usd(l.base), usd(l.fork), signed(l.difference)])], '  '));
  if (c.unpriced.length) out.push('', `Unpriced on either side, in neither total: ${c.unpriced.join(', ')}.`);
  return out.join('\n');
}

/** The comparison as Markdown. */
export function comparisonMarkdown(c: Comparison): string {
  const out = [`### ${c.fork.name} against ${c.base.name}: ${signed(c.difference)} a month${caveat(c)}`, '', `${usd(c.fork.monthly)} against ${usd(c.base.monthly)}.`, ''];
  out.push(`| Resource | Component | ${c.base.name} | ${c.fork.name} | Difference |`, '| --- | --- | ---: | ---: | ---: |', ...c.lines.map((l) => `| ${l.resource} | ${l.component} | ${usd(l.base)} | ${usd(l.fork)} | ${signed(l.difference)} |`));
  if (c.unpriced.length) out.push('', `Unpriced on either side, in neither total: ${c.unpriced.join(', ')}.`);
  return out.join('\n');
}
