import type { Blueprint, Service } from '../schema';
import { DEFAULT_CPU, DEFAULT_MEMORY, DEFAULT_PORT } from '../schema/services';
import { acknowledgeEnvironment, designAccess } from './access';
import { parseEdge } from './edges';
import type { DecisionLog } from './decisions';
import { designScaling, designWorkerScaling } from './scaling';
import { designPlacement } from './placement';
import { queueLoads } from './queue-load';
import type { SecurityDesign, ServiceDesign } from './types';
import { withEgress } from './sizing';
import { byText } from '../text';

/**
 * Each container service and queue worker on ECS Fargate: size, architecture, health checks, safe
 * deployments, scaling. A worker is a service without a port: it pulls its work from its queue.
 */
export function designServices(bp: Blueprint, azs: number, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): ServiceDesign[] {
  const concern = 'compute';
  // Scheduled jobs are tasks on a schedule, not services: see jobs.ts; functions: functions.ts.
  const entries = Object.entries(bp.services)
    .filter(([, s]) => s.kind !== 'scheduled' && s.kind !== 'function' && s.kind !== 'static-site')
    .sort(([a], [b]) => byText(a, b));
  const style = bp.architecture.style;
  const loads = queueLoads(bp);
  log.record({
    concern,
    subject: 'architecture',
    name: 'style',
    value: style,
    source: 'written',
    rationale:
      style === 'modular-monolith'
        ? `one deployable unit per service entry (${entries.length} here): each runs as its own Fargate service; keep it to one to deploy the monolith as a whole`
        : `each of the ${entries.length} service${entries.length === 1 ? '' : 's'} is its own Fargate service: deployed, scaled and alarmed on its own`,
  });
  return entries.map(([key, svc]) => {
    const subject = `services.${key}`;
    log.record({
      concern,
      subject,
      name: 'arch',
      value: svc.arch,
      source: svc.arch === 'arm64' ? 'default' : 'written',
      rationale:
        svc.arch === 'arm64'
          ? 'Graviton by default: Fargate arm64 is about 20 % cheaper per vCPU-hour than x86 ($0.03238 vs $0.04048 in us-east-1)'
          : 'written: x86_64 (e.g. an image without an arm64 build)',
    });
    const defaultSize = svc.cpu === undefined && svc.memory === undefined;
    log.record({
      concern,
      subject,
      name: 'size',
      value: `${svc.cpu ?? DEFAULT_CPU} CPU units, ${svc.memory ?? DEFAULT_MEMORY} MiB`,
      source: defaultSize ? 'default' : 'written',
      rationale: defaultSize ? 'the smallest Fargate size (0.25 vCPU, 0.5 GiB); write cpu and memory to change it' : 'a valid Fargate CPU/memory combination',
    });
    log.record({
      concern,
      subject,
      name: 'deployment',
      value: 'rolling, circuit breaker with rollback',
      source: 'default',
      rationale: 'a deployment whose tasks fail to become healthy is rolled back automatically; 100 % of capacity stays up during deploys',
    });
    const calledBy = entries.filter(([, other]) => serviceEdges(bp, other).includes(key)).map(([k]) => k);
    // A function, so that its decisions (injected addresses, data access) follow those above in the log.
    const common = (maxTasks: number) => {
      const placement = designPlacement(bp, key, svc, maxTasks, security, log);
      const urls = connectionEnvironment(key, serviceEdges(bp, svc), bp, log);
      const { environment: storeEnvironment, ...access } = designAccess(bp, key, svc, log, security);
      acknowledgeEnvironment(log, key, { ...urls, ...storeEnvironment, ...(svc.environment ?? {}) }, access.connections, svc.environment);
      return {
        key,
        image: svc.image!,
        cpu: svc.cpu ?? DEFAULT_CPU,
        memory: svc.memory ?? DEFAULT_MEMORY,
        arch: svc.arch,
        ...placement,
        environment: { ...urls, ...storeEnvironment, ...(svc.environment ?? {}) },
        uses: serviceEdges(bp, svc).sort(),
        ...access,
        deployment: { circuitBreakerRollback: true as const, minHealthyPercent: 100, maxPercent: 200 },
        logRetentionDays,
      };
    };
    if (svc.kind === 'worker') {
      // Loading the blueprint checks that a worker consumes an sqs store (src/design/checks.ts).
      const queue = svc.consumes ?? '';
      const store = bp.data?.[queue];
      if (store?.engine !== 'sqs') throw new Error(`services.${key}: a worker consumes an sqs store under data, not ${JSON.stringify(svc.consumes)}`);
      log.record({
        concern,
        subject,
        name: 'consumes',
        value: queue,
        source: 'written',
        rationale: `a worker: an ECS service that pulls messages from ${queue} (read access and its URL implied, as uses: ${queue}:read) and scales on that queue`,
      });
      log.record({
        concern,
        subject,
        name: 'reachability',
        value: 'none',
        source: 'derived',
        rationale:
          'a worker has no port and no address: no port mapping, load balancer, Service Connect name or health check; its security group admits nothing (it only connects out, to its queue and what it uses)',
      });
      const { sizing, ...scaling } = designWorkerScaling(bp, key, svc, { key: queue, visibilityTimeoutSeconds: store.visibility_timeout_seconds }, loads.get(queue), azs, log);
      return {
        ...common(scaling.maxTasks),
        sizing: withEgress(sizing, svc),
        kind: 'worker',
        container: { name: 'app' },
        public: false,
        calledBy: [],
        consumes: queue,
        scaling,
      };
    }
    const port = svc.port ?? DEFAULT_PORT;
    if (!svc.public) {
      log.record({
        concern,
        subject,
        name: 'reachability',
        value: calledBy.length ? `Service Connect ${key}:${port}` : 'none',
        source: 'derived',
        rationale: calledBy.length
          ? `internal: reached by name (http://${key}:${port}) from ${calledBy.join(', ')} only, through Service Connect; no load balancer`
          : 'internal and used by no service: no inbound traffic at all',
      });
    }
    const hc = bp.services[key].health_check ?? { path: '/', grace_seconds: 60, interval_seconds: 15, healthy_threshold: 2, unhealthy_threshold: 3 };
    const { sizing, ...scaling } = designScaling(bp, key, svc, azs, log);
    return {
      ...common(scaling.maxTasks),
      sizing: withEgress(sizing, svc),
      kind: 'http',
      container: { name: 'app', portName: 'http', appProtocol: 'http' },
      port,
      public: svc.public ?? false,
      calledBy,
      serviceConnect: !svc.public && calledBy.length ? { dnsName: key, port } : undefined,
      healthCheck: svc.public
        ? {
            path: hc.path,
            intervalSeconds: hc.interval_seconds,
            healthyThreshold: hc.healthy_threshold,
            unhealthyThreshold: hc.unhealthy_threshold,
            graceSeconds: hc.grace_seconds,
          }
        : undefined,
      scaling,
    };
  });
}

/** The services (not stores) a service uses. */
function serviceEdges(bp: Blueprint, svc: Service): string[] {
  return (svc.uses ?? []).map(parseEdge).filter((e) => e.target in bp.services).map((e) => e.target);
}

/**
 * Each used service's address as an environment variable (API_URL=http://api:8080),
 * so code never hard-codes it. A variable the blueprint writes itself wins.
 */
function connectionEnvironment(key: string, uses: string[], bp: Blueprint, log: DecisionLog): Record<string, string> {
  const env: Record<string, string> = {};
  for (const target of [...uses].sort()) {
    const name = `${target.toUpperCase().replace(/-/g, '_')}_URL`;
    if (bp.services[key].environment?.[name] !== undefined) continue;
    env[name] = `http://${target}:${bp.services[target].port ?? DEFAULT_PORT}`;
    log.record({
      concern: 'compute',
      subject: `services.${key}`,
      name: `env_${name}`,
      value: env[name],
      source: 'derived',
      rationale: `uses: ${target}: its Service Connect address, injected so the code need not hard-code it`,
    });
  }
  return env;
}
