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

/** A task's CPU units when the blueprint does not say: the smallest Fargate size. */
export const DEFAULT_CPU = 256;

/** A task's memory (MiB) when the blueprint does not say: the smallest Fargate size's. */
export const DEFAULT_MEMORY = 512;

/** A function's memory (MiB) when the blueprint does not say. */
export const DEFAULT_FUNCTION_MEMORY = 1024;

/** Lambda runtimes a function may name, the default first (the newest Node.js: cdk-nag's AwsSolutions-L1 asks for the newest of a family). */
export const FUNCTION_RUNTIMES = ['nodejs24.x', 'nodejs22.x', 'python3.14', 'python3.13', 'java21', 'provided.al2023'] as const;

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
        'Workload type. container: a long-running HTTP service on ECS Fargate. worker: a Fargate service that consumes an SQS queue (consumes), with no port or address, scaled on the queue from zero. scheduled: a task run on a schedule. function: an AWS Lambda function (code), invoked by the services that use it, by the queue it consumes or on its schedule. static-site: built files in a private S3 bucket served by a CloudFront distribution (HTTPS, security headers, a web ACL), with no task, port or code.',
      ),
    image: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Container image, e.g. public.ecr.aws/nginx/nginx:1.27. Required for a container, worker or scheduled job. A function (kind: function) has code instead, or an image in a private Amazon ECR repository in the stack's region, by tag or digest (123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.0): Lambda pulls from no other registry; built for the function's arch (arm64 by default), with no runtime or handler.",
      ),
    code: z
      .string()
      .min(1)
      .optional()
      .describe("A function's code: a directory (or a .zip file), relative to the blueprint file that writes it; zipped and uploaded when the stack deploys. kind: function only."),
    source: z
      .string()
      .min(1)
      .optional()
      .describe("A static site's built files: a directory, relative to the blueprint file that writes it. It must hold index.html. Uploaded when the stack deploys, each file with a content type from its extension and a Cache-Control header (long-lived for content-hashed names, no-cache for the rest). Left out: the bucket starts empty (deploy the files with aws s3 sync). kind: static-site only."),
    spa: z
      .boolean()
      .optional()
      .describe('A static site that is a single-page application: a path with no file (403 or 404 from the bucket) is answered with /index.html and 200, so the client-side router handles it. false when left out. kind: static-site only.'),
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name, e.g. www.example.com')
      .optional()
      .describe("A static site's host name, e.g. www.example.com: an alternate domain name of its distribution, with a DNS-validated ACM certificate for it unless certificate_arn names one. Left out: the distribution's own *.cloudfront.net name. kind: static-site only."),
    certificate_arn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/, 'must be an ACM certificate ARN in us-east-1 (CloudFront takes certificates from us-east-1 only), e.g. arn:aws:acm:us-east-1:123456789012:certificate/...')
      .optional()
      .describe("An existing ACM certificate (in us-east-1: CloudFront takes no other) for a static site's domain. kind: static-site only, with domain."),
    runtime: z
      .enum(FUNCTION_RUNTIMES)
      .optional()
      .describe(`A function's runtime (${FUNCTION_RUNTIMES[0]} when left out: the newest Node.js that Lambda runs).`),
    handler: z
      .string()
      .regex(/^[A-Za-z0-9_./-]+\.[A-Za-z0-9_$]+$/, 'must be FILE.EXPORT, e.g. index.handler')
      .optional()
      .describe("A function's entry point, FILE.EXPORT (index.handler when left out)."),
    duration_ms: z
      .number()
      .positive()
      .max(900000)
      .optional()
      .describe(
        "Measured average time a function takes for one request, message or run, in ms. Drives its concurrency, its timeout and its cost. Left out: half of requirements.latency_p99_ms for a function that services call, 1000 for one that consumes a queue or runs on a schedule.",
      ),
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(900)
      .optional()
      .describe("Seconds a function may run before Lambda stops it. Derived when left out: 3 x duration_ms (3-30 s) when services call it, its queue's visibility timeout / 6 when it consumes a queue, 10 x duration_ms (60-900 s) on a schedule."),
    concurrency: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("A function's reserved concurrency: the most copies that run at once, kept for it alone. Derived when left out: its peak rate x duration_ms / 80 %."),
    provisioned_concurrency: z
      .union([z.number().int().min(1), z.literal(false)], { error: 'must be a number of copies (1 or more), or false for none' })
      .optional()
      .describe(
        "Copies of a function Lambda keeps initialized (provisioned concurrency, on an alias live that every caller invokes), at most its concurrency; false for none. Derived when left out: for a function APIs invoke when requirements.latency_p99_ms is below a cold start (500 ms), what its expected load needs (average_load_percent of its peak share x duration_ms), at least 1; none otherwise. kind: function only.",
      ),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe(`Port the container listens on (${DEFAULT_PORT} when left out). Not for a worker: it listens on nothing.`),
    cpu: z
      .literal([256, 512, 1024, 2048, 4096, 8192, 16384])
      .optional()
      .describe(`A task's CPU units (1024 = 1 vCPU; ${DEFAULT_CPU} when left out). Not for a function: Lambda gives CPU in proportion to memory.`),
    memory: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(`Memory in MiB. A task: ${DEFAULT_MEMORY} when left out, and it must fit the CPU size on Fargate. A function: 128-10240 (Lambda gives CPU in proportion: 1769 MiB is one vCPU), ${DEFAULT_FUNCTION_MEMORY} when left out.`),
    arch: z.enum(['arm64', 'x86_64']).default('arm64').describe('CPU architecture. arm64 (Graviton) is cheaper per vCPU.'),
    public: z.boolean().optional().describe('Routed on the shared internet-facing load balancer (false when left out). A static site is always public (its CloudFront distribution is on the internet, behind a web ACL): public: false is an error.'),
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
      .describe('Requests per second this service takes at peak (a container). Left out: requirements.peak_rps, the whole system\'s: each service is then sized for all of it. Drives its maximum tasks and its cost at the expected load. A function: the requests, messages or runs a second it takes at peak (derived from its callers or its queue when left out).'),
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
      .describe('The SQS queue (a key under data) a worker or a function consumes: read access to it, its URL injected (JOBS_QUEUE_URL for a queue jobs); a worker scales on its depth and message age, a function is invoked with its messages in batches.'),
    schedule: z
      .string()
      .regex(/^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/, 'must be an EventBridge Scheduler expression: cron(0 3 * * ? *) or rate(15 minutes)')
      .optional()
      .describe('When a scheduled job (kind: scheduled) or a function runs, in UTC: cron(min hour day month weekday year) or rate(N minutes|hours|days).'),
    triggers: z
      .strictObject({
        table: z
          .string()
          .describe(
            "A DynamoDB table (a key under data, engine: dynamodb) whose change stream invokes the function: an event source mapping from the latest record, in batches, a failing batch split in two and retried twice, then recorded in the function's dead-letter queue. Its stream is new-and-old-images unless data.<table>.stream says otherwise.",
          )
          .optional(),
        bucket: z
          .string()
          .optional()
          .describe(
            "An S3 bucket (a key under data, engine: s3) whose created objects invoke the function, one event each: the bucket sends its events to EventBridge, and a rule matching Object Created in that bucket (under prefix, ending in suffix) invokes the function asynchronously. The function reads the object only if it uses the bucket.",
          ),
        prefix: z.string().min(1).optional().describe('With bucket: only objects whose key starts with this, e.g. incoming/.'),
        suffix: z.string().min(1).optional().describe('With bucket: only objects whose key ends with this, e.g. .csv.'),
      })
      .optional()
      .describe('What invokes a function besides callers, a queue (consumes) or a schedule: a table (its change stream) or a bucket (its created objects), one of the two. kind: function only; one trigger per function.'),
  })
  .describe('One deployable service, keyed by a stable name.');

export const services = z
  .record(key, service)
  .refine((s) => Object.keys(s).length > 0, { message: 'declare at least one service' })
  .describe('Services keyed by stable name (never by position).');
