import { blueprintSchema, type Blueprint } from '../src/schema';
import { design, type WorkerServiceDesign } from '../src/design';

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

describe('workers', () => {
  /** A public API that feeds a queue, and a worker that consumes it. */
  const pipeline = (worker: Record<string, unknown> = {}, over: Record<string, unknown> = {}, queue: Record<string, unknown> = {}) =>
    design(
      bp({
        services: { web: { image: 'nginx', public: true, uses: ['jobs'] }, worker: { kind: 'worker', image: 'busybox', consumes: 'jobs', ...worker } },
        data: { jobs: { engine: 'sqs', ...queue } },
        ...over,
      }),
    );
  const workerOf = (d: ReturnType<typeof design>) => d.services.find((s) => s.key === 'worker') as WorkerServiceDesign;
  const policy = (w: WorkerServiceDesign, key: string) => w.scaling.stepPolicies.find((p) => p.key === key)!;

  test('a worker is a service with no port, address, health check or ingress', () => {
    const d = pipeline();
    const w = workerOf(d);
    expect(w).toMatchObject({ kind: 'worker', consumes: 'jobs', public: false, calledBy: [], container: { name: 'app' } });
    expect(w).not.toHaveProperty('port');
    expect(w.serviceConnect).toBeUndefined();
    expect(w.healthCheck).toBeUndefined();
    expect(d.loadBalancer!.rules.map((r) => r.service)).not.toContain('worker');
    expect(d.serviceConnectNamespace).toBeUndefined();
  });

  test('the consumed queue is an implied read edge (access and QUEUE_URL), the same as uses: jobs:read', () => {
    const implied = workerOf(pipeline());
    const written = workerOf(design(bp({ services: { worker: { kind: 'worker', image: 'busybox', consumes: 'jobs', uses: ['jobs:read'] } }, data: { jobs: { engine: 'sqs' } } })));
    expect(implied.access).toEqual([
      { store: 'jobs', kind: 'queue', mode: 'read', actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], resources: [''] },
    ]);
    expect(implied.connections).toEqual([{ variable: 'JOBS_QUEUE_URL', store: 'jobs', attribute: 'url' }]);
    expect(written.access).toEqual(implied.access);
    expect(written.connections).toEqual(implied.connections);
  });

  test('a queue the worker also uses is not granted twice: the written edge (here read-write) is the one', () => {
    const w = workerOf(pipeline({ uses: ['jobs', 'orders'] }, { data: { jobs: { engine: 'sqs' }, orders: { engine: 'dynamodb', partition_key: { name: 'pk' } } } }));
    expect(w.access.map((a) => [a.store, a.mode])).toEqual([
      ['jobs', 'read-write'],
      ['orders', 'read-write'],
    ]);
    expect(w.connections.map((c) => c.variable)).toEqual(['JOBS_QUEUE_URL', 'ORDERS_TABLE']);
  });

  test('the queue\'s rate: one message per request of the HTTP service that sends to it, with the arithmetic', () => {
    const d = pipeline({ capacity_rps_per_task: 10 }, { requirements: { availability: 99.95, peak_rps: 100 } });
    const queue = d.stores.find((s) => s.key === 'jobs')!;
    expect(queue.sizing).toEqual({ 'peak-messages-per-second': 100 });
    expect(decision(d, 'data.jobs', 'peak_messages_per_second')).toMatchObject({ value: 100, source: 'derived', rationale: expect.stringContaining('one message per request at peak_rps 100 from web') });
  });

  test('max from the messages that reach its queue; min from their average load and, at >= 99.9 %, one per AZ', () => {
    const d = pipeline({ capacity_rps_per_task: 10 }, { requirements: { availability: 99.95, peak_rps: 100 } });
    // 100 messages/s at peak / 8 per task = 12.5 -> 13; 30 % of 100 = 30 messages/s keep 3.75 tasks busy -> 4 (>= 3 AZs).
    expect(workerOf(d).scaling).toMatchObject({ minTasks: 4, maxTasks: 13 });
    expect(workerOf(d).sizing).toEqual({ 'peak-messages-per-second': 100, 'rps-per-task': 8 });
    expect(decision(d, 'services.worker', 'min_tasks')).toMatchObject({ value: 4, source: 'derived', rationale: expect.stringContaining('30 % of 100 = 30 messages/s, keeps 3.75 tasks busy (8 messages/s per task (80 % of capacity_rps_per_task 10)) -> 4; availability 99.95 % >= 99.9 %: at least one per AZ (3) -> 4') });
    expect(decision(d, 'services.worker', 'max_tasks').rationale).toContain('peak 100 messages/s into jobs / 8 messages/s per task (80 % of capacity_rps_per_task 10) = 12.5 -> 13');
    // The AZ floor where the average alone needs fewer: 30 % of 40 = 12 messages/s, 1.5 tasks -> 2, but 3 AZs -> 3.
    expect(workerOf(pipeline({ capacity_rps_per_task: 10 }, { requirements: { availability: 99.95 } }, { peak_messages_per_second: 40 })).scaling).toMatchObject({ minTasks: 3, maxTasks: 6 });
  });

  test('scale from zero when nothing gives the queue a rate, or its average keeps less than one task busy', () => {
    const idle = pipeline();
    expect(workerOf(idle).scaling).toMatchObject({ minTasks: 0, maxTasks: 2 });
    expect(decision(idle, 'services.worker', 'min_tasks')).toMatchObject({ value: 0, source: 'default', rationale: expect.stringContaining('no message rate for jobs') });
    const light = pipeline({ capacity_rps_per_task: 100 }, { requirements: { peak_rps: 10 } });
    expect(workerOf(light).scaling.minTasks).toBe(0);
    expect(decision(light, 'services.worker', 'min_tasks').rationale).toContain('keeps 0.04 of a task busy');
  });

  test('a written rate wins; written min and max win', () => {
    const d = pipeline({ capacity_rps_per_task: 10 }, {}, { peak_messages_per_second: 40 });
    expect(decision(d, 'data.jobs', 'peak_messages_per_second')).toMatchObject({ value: 40, source: 'written' });
    expect(workerOf(d).scaling.maxTasks).toBe(5);
    expect(workerOf(pipeline({ scaling: { min: 3 } })).scaling).toMatchObject({ minTasks: 3, maxTasks: 6 });
    expect(workerOf(pipeline({ scaling: { min: 1, max: 40 } }, { requirements: { peak_rps: 5000 } })).scaling).toMatchObject({ minTasks: 1, maxTasks: 40 });
    // A derived min never goes above a written max.
    expect(workerOf(pipeline({ capacity_rps_per_task: 10, scaling: { max: 2 } }, { requirements: { peak_rps: 100 } })).scaling).toMatchObject({ minTasks: 2, maxTasks: 2 });
  });

  test('capped at ECS\'s 5,000 tasks per service, and the decision says what to do instead', () => {
    const d = pipeline({ capacity_rps_per_task: 1 }, {}, { peak_messages_per_second: 10000 });
    expect(workerOf(d).scaling.maxTasks).toBe(5000);
    expect(decision(d, 'services.worker', 'max_tasks').rationale).toContain("capped at ECS's quota of 5000 tasks per service (12500 would be needed");
    const web = design(bp({ requirements: { peak_rps: 1000000 }, services: { web: { image: 'nginx', public: true } } }));
    expect(web.services[0].scaling.maxTasks).toBe(5000);
  });

  test('a worker that sends to another queue passes its rate on; a scheduled job sends in bursts and adds none', () => {
    const d = design(
      bp({
        requirements: { peak_rps: 50 },
        services: {
          web: { image: 'nginx', public: true, uses: ['intake'] },
          first: { kind: 'worker', image: 'busybox', consumes: 'intake', uses: ['outbox'] },
          second: { kind: 'worker', image: 'busybox', consumes: 'outbox' },
          nightly: { kind: 'scheduled', image: 'busybox', schedule: 'cron(0 3 * * ? *)', uses: ['outbox'] },
        },
        data: { intake: { engine: 'sqs' }, outbox: { engine: 'sqs' } },
      }),
    );
    expect(d.stores.find((s) => s.key === 'outbox')!.sizing).toEqual({ 'peak-messages-per-second': 50 });
    expect(decision(d, 'data.outbox', 'peak_messages_per_second').rationale).toBe('50 from worker first (one message out per message of intake) messages/s; nightly sends in bursts, not counted; write peak_messages_per_second to size it yourself');
  });

  test('queue depth: scale out in steps of task-minutes of backlog (80 % of capacity x 60 messages)', () => {
    const w = workerOf(pipeline({ capacity_rps_per_task: 10 }));
    // 8 messages/s x 60 = 480 messages a task-minute: >= 480 +1, >= 2400 +2, >= 4800 +4.
    expect(policy(w, 'queue-depth')).toMatchObject({
      adjustmentType: 'ChangeInCapacity',
      cooldownSeconds: 60,
      metricAggregation: 'Maximum',
      steps: [
        { lowerBound: 0, upperBound: 1920, adjustment: 1 },
        { lowerBound: 1920, upperBound: 4320, adjustment: 2 },
        { lowerBound: 4320, upperBound: undefined, adjustment: 4 },
      ],
      alarm: {
        key: 'worker-queue-depth',
        metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', dimensions: { kind: 'queue', store: 'jobs' } },
        periodSeconds: 60,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 480,
        comparison: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      },
    });
  });

  test('message age: scale out when the oldest message is older than the visibility timeout + 60 s, +2 at twice that', () => {
    const w = workerOf(pipeline({}, {}, { visibility_timeout_seconds: 300 }));
    expect(policy(w, 'message-age')).toMatchObject({
      adjustmentType: 'ChangeInCapacity',
      cooldownSeconds: 60,
      steps: [
        { lowerBound: 0, upperBound: 360, adjustment: 1 },
        { lowerBound: 360, upperBound: undefined, adjustment: 2 },
      ],
      alarm: { metric: { metricName: 'ApproximateAgeOfOldestMessage' }, threshold: 360, comparison: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' },
    });
  });

  test('queue empty (nothing visible or in flight) for 5 minutes: exactly min tasks, scale-in cooldown 300 s', () => {
    const w = workerOf(pipeline({ scaling: { min: 1 } }));
    expect(policy(w, 'queue-empty')).toMatchObject({
      adjustmentType: 'ExactCapacity',
      cooldownSeconds: 300,
      steps: [{ upperBound: 0, adjustment: 1 }],
      alarm: {
        metric: {
          expression: 'FILL(visible, 0) + FILL(inflight, 0)',
          metrics: { visible: { metricName: 'ApproximateNumberOfMessagesVisible' }, inflight: { metricName: 'ApproximateNumberOfMessagesNotVisible' } },
        },
        threshold: 0,
        comparison: 'LessThanOrEqualToThreshold',
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'breaching',
      },
    });
  });

  test('a worker may call an internal service by name: a Service Connect client, and a caller the service admits', () => {
    const d = design(bp({ services: { worker: { kind: 'worker', image: 'busybox', consumes: 'jobs', uses: ['api'] }, api: { image: 'httpd' } }, data: { jobs: { engine: 'sqs' } } }));
    expect(workerOf(d).environment).toEqual({ API_URL: 'http://api:8080' });
    expect(d.services.find((s) => s.key === 'api')).toMatchObject({ calledBy: ['worker'], serviceConnect: { dnsName: 'api', port: 8080 } });
    expect(d.serviceConnectNamespace).toBe('demo.internal');
  });

  test('step scaling only: no target tracking for a worker, and the decision says why', () => {
    const d = pipeline();
    const w = workerOf(d);
    expect(w.scaling.stepPolicies.map((p) => p.key)).toEqual(['message-age', 'queue-depth', 'queue-empty', 'queue-shallow']);
    expect(w.scaling).not.toHaveProperty('targetCpuPercent');
    expect(decision(d, 'services.worker', 'policy').rationale).toContain('no CPU metric');
    for (const name of ['scale_out_queue_depth', 'scale_out_message_age', 'scale_in_queue_empty', 'scale_in_queue_shallow', 'consumes', 'reachability']) expect(decision(d, 'services.worker', name)).toBeDefined();
  });

  test('queue shallow: fewer than a tenth of a task-minute waiting for 10 minutes takes one task away', () => {
    const w = workerOf(pipeline({ capacity_rps_per_task: 10 }));
    // 8 messages/s x 60 = 480 a task-minute: fewer than 48 visible for 10 minutes -> -1.
    expect(policy(w, 'queue-shallow')).toMatchObject({
      adjustmentType: 'ChangeInCapacity',
      cooldownSeconds: 300,
      steps: [{ upperBound: 0, adjustment: -1 }],
      alarm: { key: 'worker-queue-shallow', metric: { metricName: 'ApproximateNumberOfMessagesVisible' }, evaluationPeriods: 10, datapointsToAlarm: 10, threshold: 48, comparison: 'LessThanThreshold', treatMissingData: 'notBreaching' },
    });
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
