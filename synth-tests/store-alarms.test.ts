/*
 * Alarms on the data stores and the scheduled jobs (src/design/store-alarms.ts): Aurora and RDS
 * saturation, replica and global-database lag and storage; cache evictions, memory and engine CPU per
 * node; DynamoDB throttling and system errors; the age of every queue's oldest message; a job's failed
 * runs. Each in the design (threshold and the arithmetic of its rationale), in the CDK template, in the
 * Pulumi mock run, and read back the same from both (the parity inventory), standby included.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { AlarmDesign, Design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const DATABASES = 'synth-tests/fixtures/databases.yaml';
const STANDBY = 'synth-tests/fixtures/warm-standby.yaml';
const JOBS = 'synth-tests/fixtures/jobs.yaml';
const EVENTS = 'blueprints/event-driven.yaml';
const PILOT = 'blueprints/three-tier.yaml';

const alarm = (d: Design, key: string): AlarmDesign => {
  const a = d.observability.alarms.find((x) => x.key === key);
  if (!a) throw new Error(`no alarm ${key} in ${d.name}: ${d.observability.alarms.map((x) => x.key).join(', ')}`);
  return a;
};
const decision = (d: Design, subject: string, name: string) => {
  const x = d.decisions.find((y) => y.subject === subject && y.name === name);
  if (!x) throw new Error(`no decision ${subject} ${name}`);
  return x;
};
const keys = (d: Design, prefix: string) => d.observability.alarms.filter((a) => a.key.startsWith(prefix)).map((a) => a.key);

type Props = Record<string, unknown>;
/** The CloudFormation alarms of a template, by description. */
function cfnAlarm(template: Record<string, unknown>, description: string): Props {
  const resources = template.Resources as Record<string, { Type: string; Properties: Props }>;
  const hit = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmDescription === description);
  if (!hit) throw new Error(`no alarm "${description}"`);
  return hit.Properties;
}
const logicalId = (template: Record<string, unknown>, type: string, pattern: RegExp) => {
  const ids = Object.entries(template.Resources as Record<string, { Type: string }>).filter(([id, r]) => r.Type === type && pattern.test(id)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`${ids.length} ${type} match ${pattern}`);
  return ids[0];
};
const pulumiAlarm = (g: RegisteredResource[], name: string) => {
  const r = g.find((x) => x.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && x.name === name);
  if (!r) throw new Error(`no alarm ${name}`);
  return r;
};

describe('Aurora, RDS and caches (databases fixture)', () => {
  const d = designOf(DATABASES);
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  });

  test('design: which alarms each database and cache gets', () => {
    // orders: Serverless v2 with a reader; catalog: provisioned Aurora MySQL, two readers; ledger: an RDS instance.
    expect(keys(d, 'orders-')).toEqual(['orders-acu-utilization', 'orders-replica-lag']);
    expect(keys(d, 'catalog-')).toEqual(['catalog-writer-cpu', 'catalog-reader-cpu', 'catalog-replica-lag']);
    expect(keys(d, 'ledger-')).toEqual(['ledger-cpu', 'ledger-free-storage']);
    expect(keys(d, 'sessions-')).toEqual(['sessions-evictions', 'sessions-memory', 'sessions-engine-cpu']);
    expect(keys(d, 'leaderboard-')).toEqual(['leaderboard-evictions', 'leaderboard-memory', 'leaderboard-engine-cpu']);
  });

  test('design: Aurora CPU by role, over 3 x 5 minutes, 85 %', () => {
    expect(alarm(d, 'catalog-writer-cpu')).toEqual({
      key: 'catalog-writer-cpu',
      description: 'catalog: average CPU of the writer above 85 % for 15 minutes (db.r7g.large is too small for the load)',
      metric: { namespace: 'AWS/RDS', metricName: 'CPUUtilization', statistic: 'Average', dimensions: { kind: 'database-cluster', store: 'catalog', role: 'WRITER' } },
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 85,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    });
    expect(alarm(d, 'catalog-reader-cpu').metric).toMatchObject({ dimensions: { kind: 'database-cluster', store: 'catalog', role: 'READER' } });
    expect(decision(d, 'data.catalog', 'alarm_reader_cpu').rationale).toMatch(/Role READER, which follows a failover/);
  });

  test('design: Serverless v2 capacity near max_acu (90 % of 8 = 7.2 ACU), no CPU alarm', () => {
    expect(alarm(d, 'orders-acu-utilization')).toMatchObject({
      metric: { namespace: 'AWS/RDS', metricName: 'ACUUtilization', statistic: 'Average', dimensions: { kind: 'database-cluster', store: 'orders' } },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: 3,
    });
    expect(decision(d, 'data.orders', 'alarm_acu_utilization')).toMatchObject({ source: 'derived', value: 'ACUUtilization > 90 % for 3 x 5 min' });
    expect(decision(d, 'data.orders', 'alarm_acu_utilization').rationale).toContain('90 % of it = 8 x 0.9 = 7.2 ACU');
    expect(keys(d, 'orders-').some((k) => k.includes('cpu'))).toBe(false);
  });

  test('design: replica lag, without a latency objective: the 1 s default', () => {
    expect(alarm(d, 'catalog-replica-lag')).toMatchObject({
      metric: { namespace: 'AWS/RDS', metricName: 'AuroraReplicaLagMaximum', statistic: 'Maximum', dimensions: { kind: 'database-cluster', store: 'catalog', role: 'WRITER' } },
      threshold: 1000,
    });
    expect(decision(d, 'data.catalog', 'alarm_replica_lag')).toMatchObject({ source: 'default', value: 'AuroraReplicaLagMaximum > 1000 ms for 3 x 5 min' });
    expect(decision(d, 'data.catalog', 'alarm_replica_lag').rationale).toMatch(/^2 readers: .*no latency_p99_ms: 1000 ms/);
  });

  test('design: the RDS instance: CPU, and free storage below 20 % of the allocated 100 GiB; no replica, no lag alarm', () => {
    expect(alarm(d, 'ledger-cpu').metric).toEqual({ namespace: 'AWS/RDS', metricName: 'CPUUtilization', statistic: 'Average', dimensions: { kind: 'database-instance', store: 'ledger' } });
    expect(alarm(d, 'ledger-free-storage')).toMatchObject({
      metric: { namespace: 'AWS/RDS', metricName: 'FreeStorageSpace', statistic: 'Minimum', dimensions: { kind: 'database-instance', store: 'ledger' } },
      threshold: 20 * 2 ** 30,
      comparison: 'LessThanThreshold',
    });
    expect(decision(d, 'data.ledger', 'alarm_free_storage').rationale).toMatch(/^20 % of the allocated 100 GiB = 100 x 0.2 = 20 GiB\. Storage autoscaling grows the disk \(up to 400 GiB\)/);
    expect(decision(d, 'data.ledger', 'alarm_replica_lag')).toMatchObject({ value: false });
  });

  test('design: a cache alarms on its worst node, one alarm per metric over MAX() of its nodes', () => {
    // sessions: a primary and its replica (001, 002); leaderboard: cluster mode, 2 shards of 2 (0001-001 ...).
    expect(alarm(d, 'sessions-evictions')).toEqual({
      key: 'sessions-evictions',
      description: 'sessions: keys evicted on any node in each of 3 periods of 5 minutes',
      metric: {
        expression: 'MAX([node_001, node_002])',
        label: 'Evictions (worst node)',
        metrics: {
          node_001: { namespace: 'AWS/ElastiCache', metricName: 'Evictions', statistic: 'Sum', dimensions: { kind: 'cache-node', store: 'sessions', node: '001' } },
          node_002: { namespace: 'AWS/ElastiCache', metricName: 'Evictions', statistic: 'Sum', dimensions: { kind: 'cache-node', store: 'sessions', node: '002' } },
        },
      },
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    });
    const memory = alarm(d, 'leaderboard-memory');
    expect(memory).toMatchObject({ threshold: 80, metric: { expression: 'MAX([node_0001_001, node_0001_002, node_0002_001, node_0002_002])' } });
    expect(alarm(d, 'leaderboard-engine-cpu')).toMatchObject({ threshold: 90 });
    expect(decision(d, 'data.leaderboard', 'alarm_memory').rationale).toMatch(/4 nodes \(2 shards x 2\): ElastiCache reports per node, so one alarm over MAX\(\) of the nodes/);
  });

  test('CDK: dimensions resolve to the cluster, the instance and the replication group\'s member clusters, and the alarm topic is notified', () => {
    const { template, assertions } = synth(DATABASES);
    const cluster = logicalId(template, 'AWS::RDS::DBCluster', /catalog/);
    expect(cfnAlarm(template, alarm(d, 'catalog-reader-cpu').description)).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 85,
      Dimensions: [
        { Name: 'DBClusterIdentifier', Value: { Ref: cluster } },
        { Name: 'Role', Value: 'READER' },
      ],
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
      OKActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
    const instance = logicalId(template, 'AWS::RDS::DBInstance', /ledger/);
    expect(cfnAlarm(template, alarm(d, 'ledger-free-storage').description)).toMatchObject({
      MetricName: 'FreeStorageSpace',
      Statistic: 'Minimum',
      Threshold: 21474836480,
      ComparisonOperator: 'LessThanThreshold',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: instance } }],
    });
    const group = logicalId(template, 'AWS::ElastiCache::ReplicationGroup', /leaderboard/);
    const metrics = cfnAlarm(template, alarm(d, 'leaderboard-evictions').description).Metrics as Props[];
    expect(metrics[0]).toEqual({ Id: 'expr_1', Expression: 'MAX([node_0001_001, node_0001_002, node_0002_001, node_0002_002])', Label: 'Evictions (worst node)', ReturnData: true });
    expect(metrics.slice(1).map((m) => (m.MetricStat as { Metric: { Dimensions: unknown } }).Metric.Dimensions)).toEqual(
      ['0001-001', '0001-002', '0002-001', '0002-002'].map((node) => [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: group }, `-${node}`]] } }]),
    );
    // ReplicationGroupId is still not set: the group keeps its generated ID (no replacement).
    assertions.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { ReplicationGroupId: Match.absent() });
  });

  test('Pulumi: the same dimensions, from the cluster\'s and instance\'s identifiers and the replication group\'s ID', () => {
    expect(pulumiAlarm(g, 'databases-alarm-catalog-reader-cpu').inputs).toMatchObject({
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      statistic: 'Average',
      period: 300,
      threshold: 85,
      dimensions: { DBClusterIdentifier: 'databases-database-catalog', Role: 'READER' },
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:databases-alarms'],
      okActions: ['arn:aws:sns:us-east-1:123456789012:databases-alarms'],
    });
    expect(pulumiAlarm(g, 'databases-alarm-ledger-free-storage').inputs).toMatchObject({ dimensions: { DBInstanceIdentifier: 'databases-database-ledger' }, threshold: 21474836480, comparisonOperator: 'LessThanThreshold', statistic: 'Minimum' });
    const queries = pulumiAlarm(g, 'databases-alarm-sessions-memory').inputs.metricQueries as { id: string; expression?: string; metric?: { dimensions: Record<string, string> } }[];
    expect(queries.map((q) => q.expression ?? q.metric!.dimensions.CacheClusterId)).toEqual(['MAX([node_001, node_002])', 'databases-cache-sessions-id-001', 'databases-cache-sessions-id-002']);
  });

  test('both backends read back the same alarms and dashboard', async () => {
    const r = await compareBackends(loadBlueprint(DATABASES));
    expect(r.differences).toEqual([]);
    const got = r.cdk.alarms.find((a) => a.description === alarm(d, 'orders-replica-lag').description)!;
    expect(got.metric).toEqual({ namespace: 'AWS/RDS', metricName: 'AuroraReplicaLagMaximum', statistic: 'Maximum', dimensions: { DBClusterIdentifier: 'id:database:orders', Role: 'WRITER' }, periodSeconds: 300 });
    expect(r.cdk.dashboards[0].widgets.map((w) => w.title)).toEqual(expect.arrayContaining(['Database CPU (%)', 'Database capacity (% of max ACU)', 'Database replica lag (ms)', 'Database free storage (bytes)', 'Cache evictions', 'Cache memory (% of maxmemory)', 'Cache engine CPU (%)']));
    const memory = r.cdk.dashboards[0].widgets.find((w) => w.title === 'Cache memory (% of maxmemory)')!;
    expect(memory.metrics.map((m) => [m.label, m.dimensions.CacheClusterId])).toEqual([
      ['leaderboard 0001-001 DatabaseMemoryUsagePercentage', 'id:cache:leaderboard-0001-001'],
      ['leaderboard 0001-002 DatabaseMemoryUsagePercentage', 'id:cache:leaderboard-0001-002'],
      ['leaderboard 0002-001 DatabaseMemoryUsagePercentage', 'id:cache:leaderboard-0002-001'],
      ['leaderboard 0002-002 DatabaseMemoryUsagePercentage', 'id:cache:leaderboard-0002-002'],
      ['sessions 001 DatabaseMemoryUsagePercentage', 'id:cache:sessions-001'],
      ['sessions 002 DatabaseMemoryUsagePercentage', 'id:cache:sessions-002'],
    ]);
  });
});

test('a latency objective sets the replica lag (web-app: latency_p99_ms 400)', () => {
  const d = designOf('blueprints/web-app.yaml');
  expect(alarm(d, 'orders-replica-lag').threshold).toBe(400);
  expect(decision(d, 'data.orders', 'alarm_replica_lag')).toMatchObject({ source: 'derived' });
  expect(decision(d, 'data.orders', 'alarm_replica_lag').rationale).toContain('requirements.latency_p99_ms 400: a reader further behind than a whole request');
});

test('more than 10 nodes: one alarm per metric per 10 nodes (CloudWatch\'s limit of metrics in an alarm), in both backends', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'store-alarms-'));
  const file = path.join(dir, 'big-cache.yaml');
  writeFileSync(
    file,
    [
      'blueprint: 1',
      'name: big-cache',
      'requirements: { availability: 99.9, regions: { primary: us-east-1 } }',
      'services:',
      '  web: { image: public.ecr.aws/nginx/nginx:1.27, public: true, uses: [hot] }',
      'data:',
      '  hot: { engine: valkey, cluster_mode: true, shards: 6, replicas: 1 }',
      '',
    ].join('\n'),
  );
  const d = designOf(file);
  expect(keys(d, 'hot-')).toEqual(['hot-evictions-1', 'hot-evictions-2', 'hot-memory-1', 'hot-memory-2', 'hot-engine-cpu-1', 'hot-engine-cpu-2']);
  const first = alarm(d, 'hot-memory-1').metric as { metrics: Record<string, unknown> };
  const second = alarm(d, 'hot-memory-2').metric as { metrics: Record<string, unknown> };
  expect(Object.keys(first.metrics)).toHaveLength(10);
  expect(Object.keys(second.metrics)).toEqual(['node_0006_001', 'node_0006_002']);
  expect(alarm(d, 'hot-memory-2').description).toBe('hot: memory above 80 % of maxmemory on any of nodes 0006-001 to 0006-002 for 15 minutes');
  expect(decision(d, 'data.hot', 'alarm_memory').rationale).toMatch(/12 nodes \(6 shards x 2\): ElastiCache reports per node, so 2 alarms over MAX\(\) of the nodes \(at most 10 metrics in an alarm\)/);
  expect((await compareBackends(loadBlueprint(file))).differences).toEqual([]);
});

describe('tables and queues', () => {
  const d = designOf(EVENTS);

  test('design: a table\'s throttles and system errors, summed over the operations SystemErrors is reported for', () => {
    expect(alarm(d, 'orders-throttles')).toEqual({
      key: 'orders-throttles',
      description: 'orders: read or write requests throttled in each of 3 periods of 5 minutes',
      metric: {
        expression: 'FILL(reads, 0) + FILL(writes, 0)',
        label: 'throttle events',
        metrics: {
          reads: { namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', statistic: 'Sum', dimensions: { kind: 'table', store: 'orders' } },
          writes: { namespace: 'AWS/DynamoDB', metricName: 'WriteThrottleEvents', statistic: 'Sum', dimensions: { kind: 'table', store: 'orders' } },
        },
      },
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    const errors = alarm(d, 'orders-system-errors').metric as { expression: string; metrics: Record<string, { dimensions: unknown }> };
    expect(Object.keys(errors.metrics)).toEqual(['getitem', 'batchgetitem', 'query', 'scan', 'getrecords', 'putitem', 'updateitem', 'deleteitem', 'batchwriteitem']);
    expect(errors.metrics.putitem.dimensions).toEqual({ kind: 'table', store: 'orders', operation: 'PutItem' });
    expect(errors.expression).toBe('FILL(getitem, 0) + FILL(batchgetitem, 0) + FILL(query, 0) + FILL(scan, 0) + FILL(getrecords, 0) + FILL(putitem, 0) + FILL(updateitem, 0) + FILL(deleteitem, 0) + FILL(batchwriteitem, 0)');
  });

  test('design: the oldest message pages a human beyond the worker\'s scaling, without rto_minutes: an hour', () => {
    // incoming-orders: visibility 120 s, a worker (order-processor), 7 days' retention, no rto_minutes.
    expect(alarm(d, 'incoming-orders-message-age')).toMatchObject({
      metric: { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum', dimensions: { kind: 'queue', store: 'incoming-orders' } },
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 3600,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    // Beyond the worker's own age policy (its biggest step is at 2 x (120 + 60) = 360 s).
    const worker = d.services.find((s) => s.key === 'order-processor')!;
    const policy = worker.kind === 'worker' ? worker.scaling.stepPolicies.find((p) => p.key === 'message-age')! : undefined;
    expect(policy!.alarm.threshold * 2).toBeLessThan(alarm(d, 'incoming-orders-message-age').threshold);
    expect(decision(d, 'data.incoming-orders', 'alarm_message_age').rationale).toBe(
      "no rto_minutes: 3600 s; at least twice 360 s (2 x (visibility timeout 120 s + 60 s), where order-processor's message-age policy adds its biggest step: the alarm pages a human only once scaling had its chance) = 720 s; at most a quarter of the 7-day retention (604800 / 4 = 151200 s), so three quarters of it are left before messages are dropped -> 3600 s",
    );
  });

  test('design: with rto_minutes, half of it (warm-standby: rto 30 -> 900 s); a queue without a worker gets one too', () => {
    const w = designOf(STANDBY);
    expect(alarm(w, 'tasks-message-age').threshold).toBe(900);
    expect(decision(w, 'data.tasks', 'alarm_message_age')).toMatchObject({ source: 'derived' });
    expect(decision(w, 'data.tasks', 'alarm_message_age').rationale).toMatch(/^requirements\.rto_minutes 30: half of it, 30 x 60 \/ 2 = 900 s/);
    const stores = designOf('synth-tests/fixtures/data-stores.yaml');
    expect(alarm(stores, 'jobs-message-age').threshold).toBe(3600);
    expect(decision(stores, 'data.jobs', 'alarm_message_age').rationale).toContain('no worker consumes it, so a human is the consumer of last resort');
  });

  test('CDK and Pulumi: TableName, Operation and QueueName resolve to the table and the queue', async () => {
    const { template } = synth(EVENTS);
    const table = logicalId(template, 'AWS::DynamoDB::Table', /orders/);
    const metrics = cfnAlarm(template, alarm(d, 'orders-system-errors').description).Metrics as { Id: string; MetricStat?: { Metric: { Dimensions: unknown } } }[];
    expect(metrics.find((m) => m.Id === 'putitem')!.MetricStat!.Metric.Dimensions).toEqual([
      { Name: 'Operation', Value: 'PutItem' },
      { Name: 'TableName', Value: { Ref: table } },
    ]);
    const queue = logicalId(template, 'AWS::SQS::Queue', /incomingorders(?!.*Dead)/i);
    expect(cfnAlarm(template, alarm(d, 'incoming-orders-message-age').description)).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Threshold: 3600,
    });
    const g = await runUnderMocks(d);
    const throttles = pulumiAlarm(g, 'event-driven-alarm-orders-throttles').inputs.metricQueries as { metric?: { dimensions: Record<string, string> } }[];
    const tableName = g.find((r) => r.type === 'aws:dynamodb/table:Table')!.name;
    expect(throttles.flatMap((q) => (q.metric ? [q.metric.dimensions] : []))).toEqual([{ TableName: tableName }, { TableName: tableName }]);
    const r = await compareBackends(loadBlueprint(EVENTS));
    expect(r.differences).toEqual([]);
    expect(r.pulumi.alarms.find((a) => a.description === alarm(d, 'orders-throttles').description)!.metric).toMatchObject({ expression: 'FILL(reads, 0) + FILL(writes, 0)' });
  });
});

describe('scheduled jobs (jobs fixture)', () => {
  const d = designOf(JOBS);

  test('design: the stack\'s schedule group, its dropped runs, and each job\'s failed runs', () => {
    expect(d.jobs.map((j) => j.schedule.group)).toEqual(['jobs']);
    expect(alarm(d, 'jobs-dropped-runs')).toEqual({
      key: 'jobs-dropped-runs',
      description: 'scheduled jobs (nightly-report): a run the scheduler could not start after its retries',
      metric: { namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', statistic: 'Sum', dimensions: { kind: 'schedule-group' } },
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    });
    expect(alarm(d, 'nightly-report-failed-runs')).toMatchObject({
      metric: { namespace: 'AWS/Events', metricName: 'MatchedEvents', statistic: 'Sum', dimensions: { kind: 'failed-runs-rule', job: 'nightly-report' } },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    expect(decision(d, 'observability', 'alarm_dropped_runs').rationale).toContain('after 2 retries within 60 minutes');
    expect(decision(d, 'services.nightly-report', 'alarm_failed_runs').rationale).toContain('(cron(0 3 * * ? *))');
  });

  test('CDK: the schedule group, the schedule in it, the rule on the job\'s stopped tasks and the alarms on both', () => {
    const { template, assertions } = synth(JOBS);
    const group = logicalId(template, 'AWS::Scheduler::ScheduleGroup', /ScheduleGroup/);
    assertions.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'jobs' });
    assertions.hasResourceProperties('AWS::Scheduler::Schedule', { GroupName: { Ref: group } });
    const task = logicalId(template, 'AWS::ECS::TaskDefinition', /Jobnightlyreport/);
    const cluster = logicalId(template, 'AWS::ECS::Cluster', /Cluster/);
    const rule = logicalId(template, 'AWS::Events::Rule', /FailedRuns/);
    assertions.hasResource('AWS::Events::Rule', {
      Properties: {
        State: 'ENABLED',
        Targets: Match.absent(),
        EventPattern: {
          source: ['aws.ecs'],
          'detail-type': ['ECS Task State Change'],
          detail: {
            clusterArn: [{ 'Fn::GetAtt': [cluster, 'Arn'] }],
            taskDefinitionArn: [{ Ref: task }],
            lastStatus: ['STOPPED'],
            $or: [{ stopCode: ['TaskFailedToStart'] }, { containers: { exitCode: [{ 'anything-but': 0 }] } }],
          },
        },
      },
    });
    expect(cfnAlarm(template, alarm(d, 'jobs-dropped-runs').description)).toMatchObject({ Namespace: 'AWS/Scheduler', Dimensions: [{ Name: 'ScheduleGroup', Value: { Ref: group } }] });
    expect(cfnAlarm(template, alarm(d, 'nightly-report-failed-runs').description)).toMatchObject({
      Namespace: 'AWS/Events',
      MetricName: 'MatchedEvents',
      Statistic: 'Sum',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: rule } }],
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
  });

  test('Pulumi: the same group, rule and alarms', async () => {
    const g = await runUnderMocks(d);
    const group = g.find((r) => r.type === 'aws:scheduler/scheduleGroup:ScheduleGroup')!;
    expect(group).toMatchObject({ name: 'jobs-schedule-group', inputs: { name: 'jobs' }, parent: 'blueprint:index:Jobs::jobs' });
    expect(g.find((r) => r.type === 'aws:scheduler/schedule:Schedule')!.inputs.groupName).toBe('jobs');
    const rule = g.find((r) => r.type === 'aws:cloudwatch/eventRule:EventRule')!;
    expect(rule.name).toBe('jobs-job-nightly-report-failed-runs');
    expect(JSON.parse(rule.inputs.eventPattern as string)).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        clusterArn: ['arn:aws:ecs:us-east-1:123456789012:jobs-cluster'],
        taskDefinitionArn: ['arn:aws:ecs:us-east-1:123456789012:jobs-job-nightly-report-task'],
        lastStatus: ['STOPPED'],
        $or: [{ stopCode: ['TaskFailedToStart'] }, { containers: { exitCode: [{ 'anything-but': 0 }] } }],
      },
    });
    expect(pulumiAlarm(g, 'jobs-alarm-jobs-dropped-runs').inputs).toMatchObject({ dimensions: { ScheduleGroup: 'jobs' } });
    expect(pulumiAlarm(g, 'jobs-alarm-nightly-report-failed-runs').inputs).toMatchObject({ dimensions: { RuleName: rule.name }, threshold: 1 });
  });

  test('both inventories: the job\'s group and failed-runs rule, and the alarms on them', async () => {
    const r = await compareBackends(loadBlueprint(JOBS));
    expect(r.differences).toEqual([]);
    expect(r.cdk.jobs[0].schedule.group).toBe('schedule-group:jobs');
    expect(r.cdk.jobs[0].failedRuns).toEqual({
      state: 'ENABLED',
      pattern:
        '{"detail":{"$or":[{"stopCode":["TaskFailedToStart"]},{"containers":{"exitCode":[{"anything-but":0}]}}],"clusterArn":["cluster"],"lastStatus":["STOPPED"],"taskDefinitionArn":["task:nightly-report"]},"detail-type":["ECS Task State Change"],"source":["aws.ecs"]}',
    });
    expect(r.cdk.alarms.filter((a) => a.metric && 'namespace' in a.metric && ['AWS/Scheduler', 'AWS/Events'].includes(a.metric.namespace)).map((a) => (a.metric as { dimensions: unknown }).dimensions)).toEqual(
      expect.arrayContaining([{ ScheduleGroup: 'schedule-group:jobs' }, { RuleName: 'failed-runs:nightly-report' }]),
    );
  });
});

describe('a standby', () => {
  test('warm-standby: the global database\'s lag against half the RPO, in the standby; its secondary cluster\'s capacity, no writer alarms', () => {
    const d = designOf(STANDBY);
    const s = d.standby!;
    // The primary records the decision (its plan shows it); the alarm lives in the standby's stack, where the metric is.
    expect(keys(d, 'ledger-')).toEqual(['ledger-acu-utilization', 'ledger-replica-lag']);
    expect(decision(d, 'data.ledger', 'alarm_global_replication_lag')).toMatchObject({ source: 'derived', value: 'AuroraGlobalDBRPOLag > 150000 ms for 5 x 1 min (in the standby, eu-central-1)' });
    expect(decision(d, 'data.ledger', 'alarm_global_replication_lag').rationale).toMatch(/^requirements\.rpo_minutes 5 = 300000 ms; the alarm fires at half of it, 300000 \/ 2 = 150000 ms/);
    expect(keys(s, 'ledger-')).toEqual(['ledger-acu-utilization', 'ledger-global-replication-lag']);
    expect(alarm(s, 'ledger-global-replication-lag')).toEqual({
      key: 'ledger-global-replication-lag',
      description: 'ledger: this secondary cluster more than 150000 ms behind the primary in eu-west-1 for 5 minutes (half of the 5-minute RPO)',
      metric: { namespace: 'AWS/RDS', metricName: 'AuroraGlobalDBRPOLag', statistic: 'Maximum', dimensions: { kind: 'database-cluster', store: 'ledger' } },
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: 150000,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    });
    // Its queue, its replica of the global table and its (disabled) job are watched as the primary's are.
    expect(keys(s, 'orders-')).toEqual(['orders-throttles', 'orders-system-errors']);
    expect(alarm(s, 'tasks-message-age').threshold).toBe(900);
    expect(s.jobs[0].schedule).toMatchObject({ state: 'DISABLED', group: 'ledger-app-standby' });
    expect(keys(s, 'nightly-')).toEqual(['nightly-failed-runs']);
  });

  test('pilot-light: a headless secondary has only the lag alarm (no instance to watch)', () => {
    const s = designOf(PILOT).standby!;
    expect(keys(s, 'catalog-')).toEqual(['catalog-global-replication-lag']);
    expect(alarm(s, 'catalog-global-replication-lag')).toMatchObject({ threshold: 450000, treatMissingData: 'missing' });
    expect(decision(designOf(PILOT), 'data.catalog', 'alarm_global_replication_lag').rationale).toContain('a headless secondary may report nothing until failover adds an instance');
  });

  test('CDK: the standby\'s alarm watches its own secondary cluster and its replica table by name', async () => {
    const { standby } = synth(STANDBY);
    const s = designOf(STANDBY).standby!;
    const cluster = logicalId(standby!.template, 'AWS::RDS::DBCluster', /ledger/);
    expect(cfnAlarm(standby!.template, alarm(s, 'ledger-global-replication-lag').description)).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'AuroraGlobalDBRPOLag',
      Period: 60,
      Threshold: 150000,
      Dimensions: [{ Name: 'DBClusterIdentifier', Value: { Ref: cluster } }],
    });
    const throttles = cfnAlarm(standby!.template, alarm(s, 'orders-throttles').description).Metrics as { MetricStat?: { Metric: { Dimensions: unknown } } }[];
    expect(throttles[1].MetricStat!.Metric.Dimensions).toEqual([{ Name: 'TableName', Value: 'ledger-app-orders' }]);
    const r = await compareBackends(loadBlueprint(STANDBY));
    expect(r.differences).toEqual([]);
    const lag = r.cdk.standby!.alarms.find((a) => a.description === alarm(s, 'ledger-global-replication-lag').description)!;
    expect(lag.metric).toEqual({ namespace: 'AWS/RDS', metricName: 'AuroraGlobalDBRPOLag', statistic: 'Maximum', dimensions: { DBClusterIdentifier: 'id:database:ledger' }, periodSeconds: 60 });
    expect(r.cdk.standby!.alarms.find((a) => a.description === alarm(s, 'orders-throttles').description)!.metric).toMatchObject({ metrics: { reads: { dimensions: { TableName: 'table:orders' } } } });
  });
});
