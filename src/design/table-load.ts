import type { Blueprint } from '../schema';
import { pct } from './decisions';
import { parseEdge } from './edges';
import { busiestOf, peakOf, takesRequests, type QueueLoad } from './queue-load';
import { byText } from '../text';
import { apiPeakOf } from './apis';

/** The table operations of GraphQL resolvers that write. */
const WRITES = new Set(['put', 'delete']);

/** The requests a second at peak that read and that write one table, and why: what its on-demand bill follows. */
export interface TableLoad {
  readsPerSecond: number;
  writesPerSecond: number;
  readsWhy: string;
  writesWhy: string;
}

/**
 * Each DynamoDB table's peak request rate, from the services that use it (never the system's whole load
 * charged to every table): an HTTP service at its peak_rps (or requirements.peak_rps; HTTP users share the
 * system's requests, so the busiest counts once), a worker or a function at its queue's message rate, a GraphQL
 * API's table resolvers at their share of its peak. Every user reads; a read-write edge also writes. Scheduled jobs and functions use a table in bursts and add no steady rate. Absent when a
 * table's HTTP users have no peak to go by (the estimate then uses the system's requests).
 */
export function tableLoads(bp: Blueprint, queues: Map<string, QueueLoad>): Map<string, TableLoad> {
  const out = new Map<string, TableLoad>();
  const services = Object.entries(bp.services).sort(([a], [b]) => byText(a, b));
  for (const [key, store] of Object.entries(bp.data ?? {}).sort(([a], [b]) => byText(a, b))) {
    if (store.engine !== 'dynamodb') continue;
    const users = services
      .map(([k, s]) => ({ key: k, s, edge: (s.uses ?? []).map(parseEdge).find((e) => e.target === key) }))
      .filter((u) => u.edge !== undefined);
    const rateOf = (writing: boolean) => {
      const using = users.filter((u) => !writing || u.edge!.mode === 'read-write');
      const http = using.filter((u) => takesRequests(bp, u.key)).map((u) => u.key);
      if (http.some((k) => peakOf(bp, k) === undefined)) return undefined;
      const busiest = busiestOf(bp, http);
      const parts = busiest ? [{ rate: busiest.peak, why: `${pct(busiest.peak)} requests/s of ${http.length > 1 ? `the busiest of ${http.join(', ')} (${busiest.key})` : busiest.key}` }] : [];
      // A worker or a function that consumes a queue: at the queue's message rate.
      for (const u of using.filter((x) => (x.s.kind === 'worker' || x.s.kind === 'function') && x.s.consumes)) {
        const q = queues.get(u.s.consumes!);
        if (q) parts.push({ rate: q.perSecond, why: `${pct(q.perSecond)} messages/s of ${u.key}` });
      }
      // A GraphQL API's table resolvers: AppSync reads (get, query, scan) or writes (put, delete) the table itself,
      // each resolver taking as large a share of the API's peak as any other.
      for (const [api, a] of Object.entries(bp.apis ?? {}).sort(([x], [y]) => byText(x, y))) {
        if (a.kind !== 'graphql') continue;
        const all = Object.entries(a.resolvers ?? {});
        const mine = all.filter(([, r]) => typeof r !== 'string' && 'table' in r && r.table === key && (writing ? WRITES.has(r.operation) : !WRITES.has(r.operation)));
        if (!mine.length) continue;
        const peak = apiPeakOf(bp, a);
        if (peak === undefined) return undefined;
        const rate = (peak * mine.length) / all.length;
        parts.push({ rate, why: `${pct(rate)} requests/s of API ${api}'s ${mine.map(([f]) => f).join(', ')} (${mine.length} of its ${all.length} resolvers at ${pct(peak)}/s)` });
      }
      const rate = parts.reduce((n, p) => n + p.rate, 0);
      return { rate, why: parts.length ? `${parts.map((p) => p.why).join(' + ')}${parts.length > 1 ? ` = ${pct(rate)}` : ''}` : `no service ${writing ? 'writes' : 'reads'} it steadily` };
    };
    const reads = rateOf(false);
    const writes = rateOf(true);
    if (!reads || !writes) continue;
    const jobs = users.filter((u) => u.s.kind === 'scheduled' || (u.s.kind === 'function' && u.s.schedule)).map((u) => u.key);
    const note = `${jobs.length ? `; ${jobs.join(', ')} use${jobs.length === 1 ? 's' : ''} it in bursts, not counted` : ''}: the requests of the services that use it, not the system's`;
    out.set(key, {
      readsPerSecond: reads.rate,
      writesPerSecond: writes.rate,
      readsWhy: `${reads.why}${note}; each reads table_reads_per_request (a usage assumption)`,
      writesWhy: `${writes.why}${users.some((u) => u.edge!.mode === 'read-write') ? ' (read-write edges)' : ''}${note}; each writes table_writes_per_request (a usage assumption)`,
    });
  }
  return out;
}
