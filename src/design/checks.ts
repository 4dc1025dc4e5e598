import type { Blueprint } from '../schema';
import { DEFAULT_CPU, DEFAULT_MEMORY, FARGATE_SIZES } from '../schema/services';
import { closest } from '../load/suggest';
import { parseEdge } from './edges';
import { capacityOf } from './scaling';
import { checkStores } from './store-checks';
import { checkResilience } from './resilience-checks';
import { checkCompliance } from './compliance-checks';
import { checkNetwork } from './network-checks';
import { checkGrowth } from './growth-checks';
import { checkFunctions } from './function-checks';
import { checkApis } from './api-checks';
import { checkDns } from './dns-checks';
import { checkSites } from './site-checks';
import { checkLoadBalancerCdn } from './edge-checks';
import { MANAGED_RULE_GROUPS } from './waf';
import { MAX_AVAILABILITY_BY_AZS, REGIONS, azCountFor } from './regions';

/** A contradiction between fields that the schema alone cannot see. */
export interface CheckIssue {
  path: (string | number)[];
  message: string;
  /** Point at the key rather than its value (e.g. for a missing partner key). */
  at?: 'key' | 'value';
  /** Other paths the rule read: if one of them is already reported as invalid, the rule stays silent. */
  involves?: (string | number)[][];
}

/**
 * Cross-field rules: each returns every problem it finds so that users see
 * all of them at once. Pure functions of the blueprint, like cdk-nag rules.
 */
export function checkBlueprint(bp: Blueprint): CheckIssue[] {
  return [
    ...checkRegion(bp),
    ...checkAvailability(bp),
    ...checkServices(bp),
    ...checkRouting(bp),
    ...checkTls(bp),
    ...checkWaf(bp),
    ...checkNames(bp),
    ...checkJobs(bp),
    ...checkFunctions(bp),
    ...checkApis(bp),
    ...checkDns(bp),
    ...checkSites(bp),
    ...checkLoadBalancerCdn(bp),
    ...checkWorkers(bp),
    ...checkSpot(bp),
    ...checkStores(bp),
    ...checkGrowth(bp),
    ...checkResilience(bp),
    ...checkCompliance(bp),
    ...checkNetwork(bp),
  ];
}

/** WAF managed rules are named by short names Blueprint knows, each once; without a public service nothing gets a web ACL. */
function checkWaf(bp: Blueprint): CheckIssue[] {
  const waf = bp.security.waf;
  if (!waf) return [];
  const issues: CheckIssue[] = [];
  const known = Object.keys(MANAGED_RULE_GROUPS);
  const seen = new Set<string>();
  (waf.managed_rules ?? []).forEach((name, i) => {
    const path = ['security', 'waf', 'managed_rules', i];
    if (!known.includes(name)) {
      const guess = closest(name, known);
      issues.push({ path, message: `unknown managed rule group "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${known.join(', ')}` });
    } else if (seen.has(name)) {
      issues.push({ path, message: `"${name}" is listed twice` });
    }
    seen.add(name);
  });
  if (!Object.values(bp.services).some((s) => s.public || s.kind === 'static-site') && !Object.values(bp.apis ?? {}).some((a) => a.kind === 'graphql')) {
    issues.push({ path: ['security', 'waf'], at: 'key', message: 'no public service or GraphQL API: there is no entry point to put a web ACL in front of' });
  }
  return issues;
}

/** `uses` names services and stores alike, so one name cannot be both. */
function checkNames(bp: Blueprint): CheckIssue[] {
  return Object.keys(bp.data ?? {})
    .filter((k) => k in bp.services)
    .map((k) => ({ path: ['data', k], at: 'key' as const, message: `"${k}" is also a service: services and data stores share one set of names (uses: names either), so rename one` }));
}

function checkRegion(bp: Blueprint): CheckIssue[] {
  const region = bp.requirements.regions.primary;
  if (REGIONS.includes(region)) return [];
  const guess = closest(region, REGIONS);
  return [{ path: ['requirements', 'regions', 'primary'], message: `unknown or unsupported region "${region}"${guess ? ` (did you mean "${guess}"?)` : `; supported: ${REGIONS.join(', ')}`}` }];
}

function checkAvailability(bp: Blueprint): CheckIssue[] {
  const a = bp.requirements.availability;
  const best = Math.max(...Object.values(MAX_AVAILABILITY_BY_AZS));
  if (a > best) {
    return [{ path: ['requirements', 'availability'], message: `${a} % is above what one region gives (${best} % with 3 AZs); multi-region designs arrive with resilience.dr` }];
  }
  const azs = bp.network.azs;
  if (azs !== undefined && a > MAX_AVAILABILITY_BY_AZS[azs]) {
    return [{ path: ['network', 'azs'], involves: [['requirements', 'availability']], message: `${azs} AZs give at most ${MAX_AVAILABILITY_BY_AZS[azs]} % availability, but requirements.availability is ${a} (use ${azCountFor(a)})` }];
  }
  return [];
}

/** A scheduled job runs now and then: no address, no load balancer, no scaling; only store edges. */
function checkJobs(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (const [name, svc] of Object.entries(bp.services)) {
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    if (svc.kind !== 'scheduled') {
      if (svc.schedule !== undefined && svc.kind !== 'function') issues.push({ path: at('schedule'), at: 'key', message: 'only a scheduled job or a function has a schedule (set kind: scheduled, or remove it)' });
      continue;
    }
    if (svc.schedule === undefined) issues.push({ path: at('kind'), involves: [at('schedule')], message: 'a scheduled job needs a schedule, e.g. schedule: cron(0 3 * * ? *)' });
    for (const k of ['public', 'path', 'host', 'priority', 'scaling', 'health_check', 'port', 'capacity_rps_per_task', 'peak_rps'] as const) {
      if (k === 'public' ? svc.public : svc[k] !== undefined) {
        issues.push({ path: at(k), at: 'key', message: 'a scheduled job runs a task on its schedule: it has no port, is not routed, probed or scaled, and serves no requests' });
      }
    }
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      if (target in bp.services) issues.push({ path: at('uses', i), message: `a scheduled job reaches data stores only: "${target}" is a service, and Service Connect names work for ECS services, not scheduled tasks` });
    });
  }
  for (const [name, svc] of Object.entries(bp.services)) {
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      if (bp.services[target]?.kind === 'scheduled') issues.push({ path: ['services', name, 'uses', i], message: `"${target}" is a scheduled job: it has no address to call` });
    });
  }
  return issues;
}

/**
 * A worker consumes one SQS queue and has no address: it is not routed or probed, nobody calls it,
 * and it scales on its queue (not on CPU or requests). Nobody else consumes a queue.
 */
function checkWorkers(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const stores = Object.keys(bp.data ?? {});
  for (const [name, svc] of Object.entries(bp.services)) {
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    if (svc.kind !== 'worker') {
      if (svc.consumes !== undefined && svc.kind !== 'function') issues.push({ path: at('consumes'), at: 'key', message: 'only a worker or a function consumes a queue (set kind: worker, or remove it)' });
      continue;
    }
    const q = svc.consumes;
    if (q === undefined) {
      issues.push({ path: at('kind'), involves: [at('consumes')], message: 'a worker needs a queue to consume, e.g. consumes: jobs (an sqs store under data)' });
    } else if (q in bp.services) {
      issues.push({ path: at('consumes'), message: `"${q}" is a service: a worker consumes an SQS queue declared under data` });
    } else if (bp.data?.[q] === undefined) {
      const guess = closest(q, stores);
      issues.push({ path: at('consumes'), involves: [['data', q]], message: `"${q}" is not declared under data${guess ? ` (did you mean "${guess}"?)` : ''}` });
    } else if (bp.data[q].engine !== 'sqs') {
      issues.push({ path: at('consumes'), involves: [['data', q]], message: `"${q}" is not an SQS queue (engine: ${bp.data[q].engine}): a worker consumes an sqs store` });
    }
    for (const k of ['public', 'path', 'host', 'priority', 'health_check'] as const) {
      if (k === 'public' ? svc.public : svc[k] !== undefined) issues.push({ path: at(k), at: 'key', message: 'a worker pulls its work from its queue: it is not routed or probed (no load balancer, no health check)' });
    }
    if (svc.port !== undefined) issues.push({ path: at('port'), at: 'key', message: 'a worker listens on no port: it pulls its work from its queue, and nothing connects to it' });
    if (svc.peak_rps !== undefined) issues.push({ path: at('peak_rps'), at: 'key', message: `a worker takes messages, not requests: write the rate into its queue as peak_messages_per_second on data.${svc.consumes ?? 'its queue'}` });
    for (const k of ['target_cpu', 'target_requests_per_task'] as const) {
      if (svc.scaling?.[k] !== undefined) {
        issues.push({ path: at('scaling', k), at: 'key', message: 'a worker scales in steps on its queue (depth, age of the oldest message), not on CPU or requests: with no task running there is nothing to measure' });
      }
    }
  }
  // A scheduled job's edges to services are reported by checkJobs.
  for (const [name, svc] of Object.entries(bp.services).filter(([, s]) => s.kind !== 'scheduled')) {
    (svc.uses ?? []).forEach((edge, i) => {
      const { target } = parseEdge(edge);
      const worker = bp.services[target];
      if (worker?.kind === 'worker' && target !== name) {
        issues.push({ path: ['services', name, 'uses', i], message: `"${target}" is a worker: it has no address to call${worker.consumes ? ` (send it messages through its queue, uses: [${worker.consumes}])` : ''}` });
      }
    });
  }
  return issues;
}

/** cost.spot_for_workers moves queue workers to Fargate Spot: written true without a worker, it would change nothing. */
function checkSpot(bp: Blueprint): CheckIssue[] {
  if (bp.cost?.spot_for_workers !== true) return [];
  const workers = Object.entries(bp.services).filter(([, s]) => s.kind === 'worker');
  if (workers.length && !workers.some(([, s]) => s.arch === 'x86_64')) {
    return [
      {
        path: ['cost', 'spot_for_workers'],
        at: 'key',
        message: `every worker (${workers.map(([k]) => k).join(', ')}) is arm64, and Fargate Spot runs x86_64 Linux tasks only: write arch: x86_64 on the workers to put on Spot (their images need an x86_64 build), or remove the key`,
      },
    ];
  }
  if (workers.length) return [];
  return [
    {
      path: ['cost', 'spot_for_workers'],
      at: 'key',
      message: 'no worker (kind: worker) to run on Fargate Spot: only queue workers do, since a message an interrupted task held returns to its queue; HTTP services and scheduled jobs stay on regular Fargate (remove the key, or add a worker)',
    },
  ];
}

function checkServices(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const names = Object.keys(bp.services);
  const azs = bp.network.azs ?? azCountFor(bp.requirements.availability);
  for (const [name, svc] of Object.entries(bp.services)) {
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    const cpu = svc.cpu ?? DEFAULT_CPU;
    const memory = svc.memory ?? DEFAULT_MEMORY;
    const memories = FARGATE_SIZES[cpu];
    if (svc.kind !== 'function' && svc.kind !== 'static-site' && memories && !memories.includes(memory)) {
      issues.push({ path: at(svc.memory === undefined ? 'cpu' : 'memory'), involves: [at('cpu')], message: `${memory} MiB does not fit ${cpu} CPU units on Fargate (${memories[0]}-${memories[memories.length - 1]} MiB in steps of ${memories[1] - memories[0]})` });
    }
    const s = svc.kind === 'function' || svc.kind === 'static-site' ? undefined : svc.scaling;
    if (s?.min !== undefined && s.max !== undefined && s.max < s.min) {
      issues.push({ path: at('scaling', 'max'), involves: [at('scaling', 'min')], message: `must be at least min (${s.min})` });
    }
    // Not for a worker: a worker with nothing to do needs no task at all (messages wait in its queue, and the
    // queue alarms start tasks when they do), so no AZ needs one of its tasks to stay available.
    if (s?.min !== undefined && svc.kind !== 'worker' && bp.requirements.availability >= 99.9 && s.min < azs) {
      issues.push({ path: at('scaling', 'min'), involves: [['requirements', 'availability'], ['network', 'azs']], message: `${s.min} task${s.min === 1 ? '' : 's'} cannot cover ${azs} AZs; availability ${bp.requirements.availability} % needs at least one task per AZ (min: ${azs})` });
    }
    if (s?.target_requests_per_task !== undefined && s.target_requests_per_task > capacityOf(svc)) {
      issues.push({ path: at('scaling', 'target_requests_per_task'), involves: [at('capacity_rps_per_task')], message: `${s.target_requests_per_task} is above capacity_rps_per_task (${capacityOf(svc)}): tasks would saturate before scaling out` });
    }
    // A static site's uses are reported by checkSites (it calls nothing).
    (svc.kind === 'static-site' ? [] : svc.uses ?? []).forEach((edge, i) => {
      const { target, mode } = parseEdge(edge);
      const store = bp.data?.[target];
      if (target === name) {
        issues.push({ path: at('uses', i), message: 'a service cannot use itself' });
      } else if (!names.includes(target) && !store) {
        const guess = closest(target, [...names, ...Object.keys(bp.data ?? {})]);
        issues.push({ path: at('uses', i), involves: [['services', target], ['data', target]], message: `"${target}" is not declared under services or data${guess ? ` (did you mean "${guess}"?)` : ''}` });
      } else if (!store && (svc.kind === 'function' || ['worker', 'function', 'static-site'].includes(bp.services[target].kind))) {
        // Reported by checkWorkers (a worker has no address), checkFunctions (nor has a function; a function reaches stores only) and checkSites.
      } else if (!store && bp.services[target].public) {
        issues.push({ path: at('uses', i), message: `"${target}" is public: call it through the load balancer; uses is for internal services and data stores` });
      } else if (mode === 'read' && !store) {
        issues.push({ path: at('uses', i), message: `:read applies to data stores; "${target}" is a service (write uses: [${target}])` });
      }
    });
    // A worker's routing keys are reported by checkWorkers, a function's by checkFunctions, a site's by checkSites.
    if (svc.kind === 'worker' || svc.kind === 'function' || svc.kind === 'static-site') continue;
    if (svc.public && bp.load_balancing.public === null) {
      issues.push({ path: at('public'), involves: [['load_balancing']], message: 'a public service needs a load balancer, but load_balancing.public is null' });
    }
    if (!svc.public) {
      for (const k of ['path', 'host', 'priority'] as const) {
        if (svc[k] !== undefined) issues.push({ path: at(k), message: 'only public services are routed on the load balancer (set public: true, or remove it)', at: 'key' });
      }
    }
    if (svc.health_check && !svc.public) {
      // Internal services have no target group to probe.
      issues.push({ path: at('health_check'), message: 'internal services have no load-balancer health check; set public: true or remove it', at: 'key' });
    }
  }
  return issues;
}

function checkRouting(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const routes = new Map<string, string>();
  const priorities = new Map<number, string>();
  for (const [name, svc] of Object.entries(bp.services)) {
    if (!svc.public || svc.kind === 'scheduled' || svc.kind === 'worker') continue;
    const route = `${svc.host ?? '*'} ${svc.path ?? '/*'}`;
    const other = routes.get(route);
    if (other) {
      const what = svc.host || svc.path ? `host ${svc.host ?? '(any)'} and path ${svc.path ?? '/*'}` : 'the default route (no path or host)';
      issues.push({ path: ['services', name, svc.path ? 'path' : svc.host ? 'host' : 'public'], message: `same routing as service "${other}": ${what}` });
    } else routes.set(route, name);
    if (svc.priority !== undefined) {
      const taken = priorities.get(svc.priority);
      if (taken) issues.push({ path: ['services', name, 'priority'], message: `priority ${svc.priority} is already used by service "${taken}"` });
      else priorities.set(svc.priority, name);
    }
  }
  return issues;
}

function checkTls(bp: Blueprint): CheckIssue[] {
  const arn = bp.security.tls?.certificate_arn;
  const region = bp.requirements.regions.primary;
  if (arn && arn.split(':')[3] !== region && REGIONS.includes(region)) {
    return [{ path: ['security', 'tls', 'certificate_arn'], message: `the certificate is in ${arn.split(':')[3]}, but the load balancer is in ${region}: ACM certificates are regional` }];
  }
  if (bp.security.tls && !bp.security.tls.domain && !arn) {
    return [{ path: ['security', 'tls'], message: 'name a domain or a certificate_arn (or remove tls)', at: 'key' }];
  }
  return [];
}

