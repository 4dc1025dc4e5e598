import type { DatabaseDesign, Design } from '../design';
import { lifecycleSummary } from '../design/data';
import { HOURS, billOf } from './bill';
import { cents, estimate } from './estimate';
import { factsFromDesign, type BillableFacts, type BillableStack } from './facts';
import type { PriceSnapshot } from './prices';
import type { UsageAssumption } from './usage';

/** A cost-aware decision of the design and what it saves a month against the obvious alternative. */
export interface Saving {
  subject: string;
  decision: string;
  /** USD a month, rounded to the cent (> 0). */
  monthlyUsd: number;
  /** The alternative it is measured against. */
  against: string;
}

/**
 * The savings of the design's cost-aware decisions, each measured with the estimator: the design's facts
 * priced against the same facts with that one decision undone. A decision whose alternative has a line
 * the snapshot cannot price, or that saves nothing, is left out.
 */
export function savingsOf(d: Design, usage: readonly UsageAssumption[], prices: PriceSnapshot): Saving[] {
  const facts = factsFromDesign(d);
  const priced = (f: BillableFacts) => estimate(f.name, billOf(f, usage), [...usage], prices);
  const actual = priced(facts);
  const out: Saving[] = [];
  const primary = facts.stacks[0];
  const variant = (change: (s: BillableStack) => BillableStack): BillableFacts => ({ ...facts, stacks: [change(primary), ...facts.stacks.slice(1)] });
  const add = (subject: string, decision: string, against: string, alternative: BillableFacts) => {
    const other = priced(alternative);
    // Only when both sides leave the same quantities unpriced: a line unpriced on one side only (the alternative's,
    // or the design's own, such as Fargate Spot before the snapshot has its prices) would fake a saving. Lines of
    // nothing (a worker at 0 tasks) cost nothing priced or not.
    const unpriced = (e: typeof actual) => JSON.stringify(e.lines.filter((l) => l.monthlyUsd === null && l.quantity > 0).map((l) => [l.resource, l.component, l.priceKey, l.quantity]).sort());
    if (unpriced(other) !== unpriced(actual)) return;
    const saved = cents(other.totals.monthly - actual.totals.monthly);
    if (saved > 0) out.push({ subject, decision, monthlyUsd: saved, against });
  };

  // Graviton: each arm64 task against the same task on x86_64.
  for (const s of primary.services.filter((t) => t.arch === 'arm64')) {
    add(`services.${s.key}`, 'arm64 (Graviton)', 'the same task on x86_64', variant((p) => ({ ...p, services: p.services.map((t) => (t.key === s.key ? { ...t, arch: 'x86_64' as const } : t)) })));
  }
  for (const j of primary.jobs.filter((t) => t.arch === 'arm64')) {
    add(`services.${j.key}`, 'arm64 (Graviton)', 'the same job on x86_64', variant((p) => ({ ...p, jobs: p.jobs.map((t) => (t.key === j.key ? { ...t, arch: 'x86_64' as const } : t)) })));
  }
  // Fargate Spot (cost.spot_for_workers): each Spot worker against the same tasks all on regular Fargate.
  for (const s of primary.services.filter((t) => t.spot)) {
    add(`services.${s.key}`, 'Fargate Spot', 'the same tasks on regular Fargate', variant((p) => ({ ...p, services: p.services.map((t) => (t.key === s.key ? { ...t, spot: null } : t)) })));
  }
    // Fewer NAT gateways than AZs (nat: single or none) against one per AZ.
  if (d.network.nat !== 'per-az') {
    add('network', `nat: ${d.network.nat}`, `one NAT gateway per AZ (${primary.azs})`, variant((p) => ({ ...p, natGateways: p.azs })));
  }
  // Task counts sized from peak_rps and per-task capacity, scaled between min and max, against a fleet fixed at max.
  for (const t of primary.services.filter((x) => x.peakTasks > x.runningTasks)) {
    add(`services.${t.key}`, `${t.runningTasks}-${t.peakTasks} tasks, scaled on load`, `a fixed fleet of ${t.peakTasks} tasks (its maximum) all month`, variant((p) => ({ ...p, services: p.services.map((x) => (x.key === t.key ? { ...x, runningTasks: x.peakTasks } : x)) })));
  }
  // The S3 gateway endpoint keeps the tasks' S3 traffic off the NAT gateways' per-GB charge.
  if (primary.natGateways && primary.gatewayEndpoints.includes('s3')) {
    add('network', 'S3 gateway endpoint', 'S3 traffic through the NAT gateways (s3_gb_per_task)', variant((p) => ({ ...p, gatewayEndpoints: p.gatewayEndpoints.filter((e) => e !== 's3') })));
  }
  // Lifecycle tiers (and expiry) against every object kept in S3 Standard.
  for (const b of primary.buckets.filter((x) => x.lifecycle)) {
    add(`data.${b.key}`, `lifecycle: ${lifecycleSummary(b.lifecycle!)}`, 'every object kept in S3 Standard', variant((p) => ({ ...p, buckets: p.buckets.map((x) => (x.key === b.key ? { ...x, lifecycle: null } : x)) })));
  }
  // Aurora Serverless v2 from its minimum against the provisioned class the design would pick.
  for (const db of d.stores.filter((x): x is DatabaseDesign => x.kind === 'database' && x.serverless !== undefined)) {
    const { minAcu, insteadOf } = db.serverless!;
    add(`data.${db.key}`, `Serverless v2 from ${minAcu} ACU`, `provisioned ${insteadOf} instances, the class Blueprint picks`, variant((p) => ({ ...p, databases: p.databases.map((x) => (x.key === db.key ? { ...x, instanceClass: insteadOf, serverlessMinAcu: null } : x)) })));
  }
  // One shared load balancer against one per public service: the others' hours and public addresses.
  const publicServices = d.services.filter((s) => s.public).length;
  const alb = prices.prices['elb.alb.hour'];
  const ipv4 = prices.prices['ec2.public-ipv4.hour'];
  if (publicServices > 1 && alb && ipv4) {
    const each = (alb.usd + ipv4.usd * primary.azs) * HOURS;
    out.push({ subject: 'load_balancing.public', decision: 'one shared load balancer', monthlyUsd: cents(each * (publicServices - 1)), against: `one per public service (${publicServices}): each $${cents(each).toFixed(2)} of hours and public addresses` });
  }
  return out;
}
