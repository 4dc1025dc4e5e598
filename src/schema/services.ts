import { z } from 'zod';
import { key } from './common';

export const architecture = z
  .strictObject({
    style: z
      .enum(['microservices', 'modular-monolith', 'serverless'])
      .default('microservices')
      .describe('How the system is split into deployable services.'),
  })
  .describe('Step 2: components and how they talk.');

export const scaling = z
  .strictObject({
    min: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Fewest running tasks. Derived from availability when left out (a worker: 0, it starts when messages wait).'),
    max: z.number().int().min(1).optional().describe('Most running tasks. Derived from peak_rps when left out.'),
    target_cpu: z
      .number()
      .min(10)
      .max(95)
      .optional()
      .describe('Target average CPU utilisation in percent (60 when left out). Not for a worker: it scales on its queue.'),
    target_requests_per_task: z
      .number()
      .positive()
      .optional()
      .describe('Target requests per task per second (ALB RequestCountPerTarget is per minute: ×60). Derived as 80 % of capacity_rps_per_task. Not for a worker.'),
  })
  .describe('Autoscaling: target tracking for a container, step scaling on its queue for a worker.');

export const healthCheck = z
  .strictObject({
    path: z.string().startsWith('/').default('/').describe('HTTP path the load balancer probes.'),
    grace_seconds: z.number().int().min(0).max(7200).default(60).describe('Seconds after start before health checks count.'),
    interval_seconds: z.number().int().min(5).max(300).default(15),
    healthy_threshold: z.number().int().min(2).max(10).default(2),
    unhealthy_threshold: z.number().int().min(2).max(10).default(3),
  })
  .describe('Load-balancer health check.');

/** The port a container service listens on when the blueprint does not say (applied by the design). */
export const DEFAULT_PORT = 8080;

/** CPU units and memory (MiB) pairs that Fargate accepts. */
export const FARGATE_SIZES: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const service = z
  .strictObject({
    kind: z
      .enum(['container', 'worker', 'scheduled', 'function', 'static-site'])
      .default('container')
      .describe(
        'Workload type. container: a long-running HTTP service on ECS Fargate. worker: a Fargate service that consumes an SQS queue (consumes), with no port or address, scaled on the queue from zero. scheduled: a task run on a schedule.',
      ),
    image: z.string().min(1).describe('Container image, e.g. public.ecr.aws/nginx/nginx:1.27.'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe(`Port the container listens on (${DEFAULT_PORT} when left out). Not for a worker: it listens on nothing.`),
    cpu: z
      .literal([256, 512, 1024, 2048, 4096, 8192, 16384])
      .default(256)
      .describe('CPU units (1024 = 1 vCPU).'),
    memory: z.number().int().positive().default(512).describe('Memory in MiB; must fit the CPU size on Fargate.'),
    arch: z.enum(['arm64', 'x86_64']).default('arm64').describe('CPU architecture. arm64 (Graviton) is cheaper per vCPU.'),
    public: z.boolean().default(false).describe('Routed on the shared internet-facing load balancer.'),
    path: z.string().startsWith('/').optional().describe('Path pattern on the shared load balancer, e.g. /api/*.'),
    host: z.string().optional().describe('Host header on the shared load balancer, e.g. api.example.com.'),
    priority: z
      .number()
      .int()
      .min(1)
      .max(50000)
      .optional()
      .describe('Listener rule priority. Derived from the rule (more specific first) when left out.'),
    capacity_rps_per_task: z
      .number()
      .positive()
      .optional()
      .describe('Measured requests per second one task serves within the latency target (a worker: messages per second one task processes). Default: 50. Not for a scheduled job.'),
    peak_rps: z
      .number()
      .positive()
      .optional()
      .describe('Requests per second this service takes at peak (a container). Left out: requirements.peak_rps, the whole system\'s: each service is then sized for all of it. Drives its maximum tasks and its cost at the expected load.'),
    scaling: scaling.optional(),
    egress_gb_month: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        "GB a month the tasks exchange with the internet over their own outbound connections (both directions: what they send and what they download, e.g. a crawler's fetches or calls to external APIs), besides the load balancer's traffic. Through NAT gateways every GB is billed as processed; drives placement.",
      ),
    placement: z
      .enum(['private', 'public'])
      .optional()
      .describe(
        'Subnets the tasks run in. private: behind NAT, no public IP. public: public subnets with a public IP (the security group still admits nothing but the load balancer and declared callers). Derived when left out: private, except a worker or scheduled job whose egress_gb_month costs more through NAT than public IPs, when no compliance profile forbids it; public with network.nat: none.',
      ),
    health_check: healthCheck.optional(),
    environment: z.record(z.string(), z.string()).optional().describe('Plain environment variables (never secrets).'),
    uses: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*[a-z0-9](:read)?$/, 'must be the name of a service or data store, optionally with :read (e.g. orders, reports:read)'))
      .optional()
      .describe('Services and data stores this service talks to (NAME, or NAME:read for read-only access to a store): becomes network access, IAM permissions and injected connection details.'),
    consumes: z
      .string()
      .optional()
      .describe('The SQS queue (a key under data) a worker consumes: read access to it, its URL injected (JOBS_QUEUE_URL for a queue jobs), and scaling on its depth and message age.'),
    schedule: z
      .string()
      .regex(/^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/, 'must be an EventBridge Scheduler expression: cron(0 3 * * ? *) or rate(15 minutes)')
      .optional()
      .describe('When a scheduled job runs (kind: scheduled), in UTC: cron(min hour day month weekday year) or rate(N minutes|hours|days).'),
  })
  .describe('One deployable service, keyed by a stable name.');

export const services = z
  .record(key, service)
  .refine((s) => Object.keys(s).length > 0, { message: 'declare at least one service' })
  .describe('Services keyed by stable name (never by position).');
