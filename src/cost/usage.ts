import type { Blueprint } from '../schema';
import { HELD_MONTHS } from '../design/growth';
import { AVERAGE_LOAD_PERCENT } from '../design/scaling';

/** Seconds in the 730-hour month every monthly figure assumes. */
export const SECONDS_PER_MONTH = 730 * 3600;

/** One usage assumption: its value, and where it comes from (derived from a requirement, a default, or the --usage file). */
export interface UsageAssumption {
  key: UsageKey;
  value: number;
  unit: string;
  source: 'derived' | 'default' | 'written';
  basis: string;
}

export type UsageKey = keyof typeof DEFAULTS;

/** Each assumption's default, unit and why; the derived ones are computed in usageFor. */
const DEFAULTS = {
  average_load_percent: { value: AVERAGE_LOAD_PERCENT, unit: '% of peak', basis: `a day-and-night traffic curve averages about ${AVERAGE_LOAD_PERCENT} % of its peak: the expected load of every service, queue and request line` },
  average_rps: { value: 0, unit: 'requests/s', basis: 'average_load_percent of requirements.peak_rps' },
  requests_per_month: { value: 0, unit: 'requests', basis: 'average_rps over a 730-hour month' },
  response_kb: { value: 20, unit: 'KB', basis: 'an average response, what the load balancer processes and sends out' },
  nat_gb_per_task: { value: 5, unit: 'GB/task-month', basis: 'image pulls, AWS API calls and outbound calls of one task through NAT (S3 and DynamoDB go through free gateway endpoints)' },
  s3_gb_per_task: { value: 5, unit: 'GB/task-month', basis: "S3 traffic of one task (image layers, which ECR serves from S3, and bucket reads and writes): free through the S3 gateway endpoint, NAT's per-GB charge without it" },
  log_kb_per_request: { value: 1, unit: 'KB', basis: 'access and application log lines written per request' },
  log_gb_per_task: { value: 0.5, unit: 'GB/task-month', basis: 'what a task logs besides requests (start-up, health checks, background work)' },
  flow_log_kb_per_request: { value: 0.1, unit: 'KB', basis: 'VPC flow-log records per request: about one 100-byte record for the client\'s connection (connections the load balancer keeps open to tasks add little)' },
  management_events_per_month: { value: 100000, unit: 'events', basis: 'CloudTrail management events a month (deploys, scaling, console and API reads): what the trail\'s log group ingests and GuardDuty analyzes' },
  management_event_kb: { value: 1.5, unit: 'KB', basis: 'one CloudTrail event as delivered to CloudWatch Logs' },
  config_items_per_month: { value: 1000, unit: 'items', basis: 'configuration items AWS Config records a month: each change of a recorded resource (deploys, scaling, the network interfaces of tasks starting and stopping)' },
  securityhub_checks_per_standard: { value: 20000, unit: 'checks/standard-month', basis: "Security Hub's evaluations of one standard's controls on the account's resources a month (periodic checks every 12 or 24 hours, others on each change)" },
  storage_months: { value: HELD_MONTHS, unit: 'months', basis: "months of its growth a bucket, table or database holds (a year of data; each store's growth is its share of data_growth_gb_month)" },
  storage_gb: { value: 10, unit: 'GB', basis: 'data held by a bucket, table or database whose growth is not known (no data_growth_gb_month or growth_gb_month)' },
  job_minutes_per_run: { value: 5, unit: 'minutes', basis: 'how long one run of a scheduled job takes' },
  table_reads_per_request: { value: 1, unit: 'reads', basis: 'reads of each table per request (or message) of a service that uses it' },
  table_writes_per_request: { value: 0.1, unit: 'writes', basis: 'writes to each table per request (or message) of a service that writes it' },
  queue_messages_per_request: { value: 0.1, unit: 'messages', basis: 'messages sent per request to a queue whose rate the design does not know (each is sent, received and deleted: 3 SQS requests)' },
  topic_publishes_per_request: { value: 0.1, unit: 'publishes', basis: 'messages published to each topic per request' },
  monthly_active_users: { value: 1000, unit: 'users', basis: "distinct users who sign in to each user pool in a month (Cognito bills monthly active users; the Essentials plan's first 10,000 in an account are free)" },
} satisfies Record<string, { value: number; unit: string; basis: string }>;

/**
 * The usage assumptions for a design: defaults, the ones derived from its requirements (the average load from
 * peak_rps), and what the --usage file writes over them. Each store's growth is not here: the design attributes
 * it (src/design/growth.ts) and the estimate reads it from the store.
 */
export function usageFor(peakRps: number | undefined, written: Partial<Record<UsageKey, number>> = {}): UsageAssumption[] {
  const out = new Map<UsageKey, UsageAssumption>();
  const set = (key: UsageKey, value: number, source: UsageAssumption['source'], basis: string) => out.set(key, { key, value, unit: DEFAULTS[key].unit, source, basis });
  const pick = (key: UsageKey, derived?: { value: number; basis: string }) => {
    if (written[key] !== undefined) set(key, written[key]!, 'written', 'the --usage file');
    else if (derived) set(key, derived.value, 'derived', derived.basis);
    else set(key, DEFAULTS[key].value, 'default', DEFAULTS[key].basis);
    return out.get(key)!.value;
  };
  // A written average_rps with a known peak says what share of the peak the average is: every load line uses it.
  const share = written.average_load_percent === undefined && written.average_rps !== undefined && peakRps ? { value: round((written.average_rps / peakRps) * 100), basis: `written average_rps ${written.average_rps} / peak_rps ${peakRps}` } : undefined;
  const percent = pick('average_load_percent', share);
  const rps = pick('average_rps', peakRps === undefined ? { value: 0, basis: 'no requirements.peak_rps: no request traffic assumed (write average_rps in a --usage file)' } : { value: round((peakRps * percent) / 100), basis: `${percent} % of peak_rps ${peakRps}` });
  pick('requests_per_month', { value: Math.round(rps * SECONDS_PER_MONTH), basis: `${rps} requests/s x ${SECONDS_PER_MONTH} s` });
  for (const key of ['response_kb', 'nat_gb_per_task', 's3_gb_per_task', 'log_kb_per_request', 'log_gb_per_task', 'flow_log_kb_per_request', 'management_events_per_month', 'management_event_kb', 'config_items_per_month', 'securityhub_checks_per_standard'] as const) pick(key);
  pick('storage_months');
  pick('storage_gb');
  for (const key of ['job_minutes_per_run', 'table_reads_per_request', 'table_writes_per_request', 'queue_messages_per_request', 'topic_publishes_per_request', 'monthly_active_users'] as const) pick(key);
  return [...out.values()];
}

/** The usage assumptions of a blueprint: derived from its requirements, then what a --usage file writes. */
export function usageOfBlueprint(bp: Blueprint, written: Partial<Record<UsageKey, number>> = {}): UsageAssumption[] {
  return usageFor(bp.requirements.peak_rps, written);
}

/** The value of one assumption. */
export function assumed(usage: readonly UsageAssumption[], key: UsageKey): number {
  const a = usage.find((u) => u.key === key);
  if (!a) throw new Error(`usage assumption ${key} is missing`);
  return a.value;
}

/** Keys the --usage file may write, in the order they print. */
export const USAGE_KEYS = Object.keys(DEFAULTS) as UsageKey[];

const round = (n: number) => Math.round(n * 1000) / 1000;
