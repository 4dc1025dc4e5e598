import { blueprintSchema, type Blueprint } from '../src/schema';
import { design } from '../src/design';

/** A minimal valid blueprint with overrides: the design layer is pure, so no files are needed. */
function bp(over: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({
    blueprint: 1,
    name: 'demo',
    services: { web: { image: 'nginx', public: true } },
    ...over,
  });
}

const decision = (d: ReturnType<typeof design>, subject: string, name: string) => d.decisions.find((x) => x.subject === subject && x.name === name)!;

describe('network', () => {
  test.each([
    [99.0, 2, 'single', 1],
    [99.5, 2, 'single', 1],
    [99.9, 2, 'per-az', 2],
    [99.95, 3, 'per-az', 3],
    [99.99, 3, 'per-az', 3],
  ])('availability %p -> %p AZs, NAT %p (%p gateways)', (availability, azs, nat, gateways) => {
    const d = design(bp({ requirements: { availability } }));
    expect(d.network.availabilityZones).toHaveLength(azs);
    expect(d.network.nat).toBe(nat);
    expect(d.network.natGateways).toBe(gateways);
    expect(decision(d, 'network', 'azs').source).toBe('derived');
  });

  test('a written AZ count and NAT strategy win, and say so', () => {
    const d = design(bp({ requirements: { availability: 99.5 }, network: { azs: 3, nat: 'per-az' } }));
    expect(d.network.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(decision(d, 'network', 'azs')).toMatchObject({ value: 3, source: 'written' });
    expect(decision(d, 'network', 'nat')).toMatchObject({ value: 'per-az', source: 'written' });
  });

  test('AZ names come from the region table, without lookups', () => {
    expect(design(bp({ requirements: { regions: { primary: 'ap-northeast-1' }, availability: 99.95 } })).network.availabilityZones).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
      'ap-northeast-1d',
    ]);
  });

  test('subnet sizes follow the VPC prefix', () => {
    expect(design(bp({ network: { cidr: '10.1.0.0/20' } })).network.subnets).toEqual([
      { tier: 'public', cidrMask: 28, cidrs: ['10.1.0.0/28', '10.1.0.16/28'] },
      { tier: 'private', cidrMask: 24, cidrs: ['10.1.1.0/24', '10.1.2.0/24'] },
      { tier: 'isolated', cidrMask: 28, cidrs: ['10.1.3.0/28', '10.1.3.16/28'] },
    ]);
  });
});

describe('scaling', () => {
  test('max tasks from peak_rps and 80 % of per-task capacity, with the arithmetic in the rationale', () => {
    const d = design(bp({ requirements: { availability: 99.95, peak_rps: 1000 }, services: { web: { image: 'nginx', public: true, capacity_rps_per_task: 50 } } }));
    const web = d.services[0].scaling;
    expect(web).toMatchObject({ minTasks: 3, maxTasks: 25, targetRequestsPerTargetPerMinute: 2400 });
    expect(decision(d, 'services.web', 'max_tasks').rationale).toContain('peak_rps 1000 / 40 rps per task at target = 25');
  });

  test('one task is enough below 99.9 %; max is 2 x min without peak_rps', () => {
    const web = design(bp({ requirements: { availability: 99.5 } })).services[0].scaling;
    expect(web).toMatchObject({ minTasks: 1, maxTasks: 2 });
  });

  test('written scaling wins', () => {
    const web = design(bp({ services: { web: { image: 'nginx', public: true, scaling: { min: 4, max: 9, target_cpu: 40, target_requests_per_task: 20 } } } })).services[0].scaling;
    expect(web).toMatchObject({ minTasks: 4, maxTasks: 9, targetCpuPercent: 40, targetRequestsPerTargetPerMinute: 1200 });
  });

  test('internal services scale on CPU only', () => {
    const d = design(bp({ services: { web: { image: 'nginx', public: true, uses: ['api'] }, api: { image: 'httpd' } } }));
    const api = d.services.find((s) => s.key === 'api')!;
    expect(api.kind === 'http' && api.scaling.targetRequestsPerTargetPerMinute).toBeUndefined();
  });
});

describe('load balancing', () => {
  test('no public service: no load balancer', () => {
    expect(design(bp({ services: { worker: { image: 'busybox' } } })).loadBalancer).toBeUndefined();
  });

  test('rules are ordered most specific first, and a service without host or path is the default', () => {
    const lb = design(
      bp({
        services: {
          site: { image: 'a', public: true },
          api: { image: 'b', public: true, path: '/api/*' },
          admin: { image: 'c', public: true, path: '/api/admin/*' },
          docs: { image: 'd', public: true, host: 'docs.example.com' },
          pinned: { image: 'e', public: true, path: '/pinned', priority: 10 },
        },
      }),
    ).loadBalancer!;
    expect(lb.defaultService).toBe('site');
    expect(lb.rules.map((r) => [r.service, r.priority])).toEqual([
      ['pinned', 10],
      ['docs', 20],
      ['admin', 30],
      ['api', 40],
    ]);
  });

  test('HTTPS only when the blueprint names a domain or certificate', () => {
    expect(design(bp()).loadBalancer!.https).toBeUndefined();
    expect(design(bp({ security: { tls: { domain: 'x.example.com' } } })).loadBalancer!.https).toEqual({
      domain: 'x.example.com',
      certificateArn: undefined,
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });
});

describe('observability', () => {
  test.each([
    [99.9, 1.44, 0.6],
    [99.95, 0.72, 0.3],
    [99.99, 0.144, 0.06],
  ])('availability %p -> fast burn > %p %, slow burn > %p %', (availability, fast, slow) => {
    const alarms = design(bp({ requirements: { availability } })).observability.alarms;
    expect(alarms.find((a) => a.key === 'error-budget-fast-burn')).toMatchObject({ threshold: fast, periodSeconds: 3600 });
    expect(alarms.find((a) => a.key === 'error-budget-slow-burn')).toMatchObject({ threshold: slow, periodSeconds: 21600 });
  });

  test('a latency alarm only with a latency objective, in seconds', () => {
    expect(design(bp()).observability.alarms.some((a) => a.key === 'web-latency-p99')).toBe(false);
    expect(design(bp({ requirements: { latency_p99_ms: 250 } })).observability.alarms.find((a) => a.key === 'web-latency-p99')).toMatchObject({ threshold: 0.25 });
  });

  test('log retention: written, else 90 days at >= 99.9 % and 30 below', () => {
    expect(design(bp({ requirements: { availability: 99.9 } })).observability.logRetentionDays).toBe(90);
    expect(design(bp({ requirements: { availability: 99.5 } })).observability.logRetentionDays).toBe(30);
    expect(design(bp({ observability: { log_retention_days: 14 } })).observability.logRetentionDays).toBe(14);
  });
});

describe('compute', () => {
  test('a used service\'s address is injected as NAME_URL, unless the blueprint writes that variable', () => {
    const services = {
      web: { image: 'nginx', public: true, uses: ['order-api', 'search'], environment: { SEARCH_URL: 'http://search.example:9200' } },
      'order-api': { image: 'httpd', port: 9000 },
      search: { image: 'opensearch' },
    };
    const web = design(bp({ services })).services.find((s) => s.key === 'web')!;
    expect(web.environment).toEqual({ ORDER_API_URL: 'http://order-api:9000', SEARCH_URL: 'http://search.example:9200' });
  });

  test('only internal services that someone uses get a Service Connect name, and know their callers', () => {
    const d = design(bp({ services: { web: { image: 'nginx', public: true, uses: ['api'] }, api: { image: 'httpd' }, batch: { image: 'busybox' } } }));
    expect(d.services.find((s) => s.key === 'api')).toMatchObject({ serviceConnect: { dnsName: 'api', port: 8080 }, calledBy: ['web'] });
    expect(d.services.find((s) => s.key === 'batch')!.serviceConnect).toBeUndefined();
  });
});

test('every decision carries a rationale', () => {
  const d = design(bp({ requirements: { availability: 99.95, peak_rps: 300, latency_p99_ms: 200 } }));
  expect(d.decisions.length).toBeGreaterThan(10);
  for (const x of d.decisions) expect(x.rationale.length).toBeGreaterThan(5);
});

test('design is deterministic and independent of service order', () => {
  const a = design(bp({ services: { bb: { image: 'x', public: true, path: '/b/*' }, aa: { image: 'y', public: true, path: '/a/*' } } }));
  const b = design(bp({ services: { aa: { image: 'y', public: true, path: '/a/*' }, bb: { image: 'x', public: true, path: '/b/*' } } }));
  expect(JSON.stringify(a.services)).toBe(JSON.stringify(b.services));
});
