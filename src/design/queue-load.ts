import type { Blueprint } from '../schema';
import { pct } from './decisions';
import { parseEdge } from './edges';
import { byText } from '../text';
import { routesTo } from './apis';

/** A queue's peak message rate, and why: what sizes its worker and its cost. */
export interface QueueLoad {
  perSecond: number;
  source: 'written' | 'derived';
  rationale: string;
}

/**
 * The peak messages a second that reach each queue: written (peak_messages_per_second), or derived from the
 * services that send to it (a read-write uses edge): one message per request when an HTTP service sends, at the
 * busiest sender's peak (its peak_rps, or requirements.peak_rps; counted once: senders share the system's requests), plus, for each
 * worker that sends to it, what that worker consumes (one message out per message in). A scheduled job sends
 * in bursts and adds no steady rate. Absent when nothing gives a rate: the worker is then sized by its floor.
 */
export function queueLoads(bp: Blueprint): Map<string, QueueLoad> {
  const out = new Map<string, QueueLoad>();
  const queues = Object.entries(bp.data ?? {})
    .filter(([, s]) => s.engine === 'sqs')
    .sort(([a], [b]) => byText(a, b));
  const resolving = new Set<string>();
  const loadOf = (q: string): QueueLoad | undefined => {
    if (out.has(q)) return out.get(q);
    const store = bp.data![q];
    if (store.engine !== 'sqs') return undefined;
    if (store.peak_messages_per_second !== undefined) {
      const l: QueueLoad = { perSecond: store.peak_messages_per_second, source: 'written', rationale: 'written' };
      out.set(q, l);
      return l;
    }
    // A worker that sends back into the queue it consumes (retries, fan-out loops) adds nothing to derive from.
    if (resolving.has(q)) return undefined;
    resolving.add(q);
    const senders = Object.entries(bp.services)
      .filter(([, s]) => (s.uses ?? []).some((e) => parseEdge(e).target === q && parseEdge(e).mode !== 'read'))
      .sort(([a], [b]) => byText(a, b));
    const parts: { rate: number; why: string }[] = [];
    // HTTP senders share the system's requests: one message per request of the busiest (its own peak_rps, or the system's).
    const http = senders.filter(([k]) => takesRequests(bp, k)).map(([k]) => k);
    const busiest = busiestOf(bp, http);
    if (busiest) {
      const own = bp.services[busiest.key].peak_rps !== undefined;
      parts.push({ rate: busiest.peak, why: `one message per request at ${own ? `${busiest.key}'s peak_rps` : 'peak_rps'} ${pct(busiest.peak)} from ${http.join(', ')}` });
    }
    for (const [k, s] of senders.filter(([, x]) => (x.kind === 'worker' || x.kind === 'function') && x.consumes && x.consumes !== q)) {
      const upstream = loadOf(s.consumes!);
      if (upstream) parts.push({ rate: upstream.perSecond, why: `${pct(upstream.perSecond)} from ${s.kind} ${k} (one message out per message of ${s.consumes})` });
    }
    resolving.delete(q);
    if (!parts.length) return undefined;
    const total = parts.reduce((n, p) => n + p.rate, 0);
    const jobs = senders.filter(([, s]) => s.kind === 'scheduled' || (s.kind === 'function' && s.schedule)).map(([k]) => k);
    const l: QueueLoad = {
      perSecond: total,
      source: 'derived',
      rationale: `${parts.map((p) => p.why).join(' + ')}${parts.length > 1 ? ` = ${pct(total)}` : ''} messages/s${jobs.length ? `; ${jobs.join(', ')} send${jobs.length === 1 ? 's' : ''} in bursts, not counted` : ''}; write peak_messages_per_second to size it yourself`,
    };
    out.set(q, l);
    return l;
  };
  for (const [q] of queues) loadOf(q);
  return out;
}

/**
 * An HTTP service's peak requests a second: its own peak_rps, or the system's; a function that API routes invoke:
 * its own, or its share of its APIs' (routesTo). undefined when none is known.
 */
export const peakOf = (bp: Blueprint, key: string): number | undefined => {
  const routes = routesTo(bp, key);
  if (bp.services[key].peak_rps !== undefined || !routes.length) return bp.services[key].peak_rps ?? bp.requirements.peak_rps;
  return routes.some((r) => r.share === undefined) ? undefined : routes.reduce((n, r) => n + r.share!, 0);
};

/** Whether a service takes requests that share the system's load: a container, or a function that API routes invoke. */
export const takesRequests = (bp: Blueprint, key: string): boolean => bp.services[key].kind === 'container' || routesTo(bp, key).length > 0;

/**
 * Of HTTP services that share the system's requests, the busiest with a known peak (the first by key on a tie):
 * what they pass on to a queue or a table together, counted once.
 */
export function busiestOf(bp: Blueprint, http: readonly string[]): { key: string; peak: number } | undefined {
  const known = http.flatMap((key) => {
    const peak = peakOf(bp, key);
    return peak === undefined ? [] : [{ key, peak }];
  });
  return known.sort((a, b) => b.peak - a.peak || byText(a.key, b.key))[0];
}
