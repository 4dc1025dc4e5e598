import type { WorkerServiceDesign } from '../src/design';
import { mockArn } from '../src/pulumi/mock-values';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf } from './support';

/* The queue worker of blueprints/event-driven.yaml in the Pulumi graph. */
const FILE = 'blueprints/event-driven.yaml';
const design = designOf(FILE);
const worker = design.services.find((s) => s.key === 'order-processor') as WorkerServiceDesign;
let g: RegisteredResource[];
beforeAll(async () => {
  g = await runUnderMocks(design);
});
const one = (type: string, name: string) => {
  const r = g.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};
const POLICY = 'aws:appautoscaling/policy:Policy';
const ALARM = 'aws:cloudwatch/metricAlarm:MetricAlarm';

test('the worker\'s ECS service: Fargate, private, no load balancer, health check or Service Connect', () => {
  const svc = one('aws:ecs/service:Service', 'event-driven-svc-order-processor-service');
  expect(svc.parent).toBe('blueprint:index:Compute::event-driven');
  expect(svc.inputs).toMatchObject({ launchType: 'FARGATE', networkConfiguration: { assignPublicIp: false } });
  expect(svc.inputs.loadBalancers).toBeUndefined();
  expect(svc.inputs.healthCheckGracePeriodSeconds).toBeUndefined();
  expect(svc.inputs.serviceConnectConfiguration).toBeUndefined();
  expect(svc.inputs.desiredCount).toBeUndefined();
});

test('its container maps no port; the queue URL and table name are injected', () => {
  const [c] = JSON.parse(one('aws:ecs/taskDefinition:TaskDefinition', 'event-driven-svc-order-processor-task').inputs.containerDefinitions as string);
  expect(c.portMappings).toBeUndefined();
  expect(c.environment).toEqual([
    { name: 'INCOMING_ORDERS_QUEUE_URL', value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/event-driven-queue-incoming-orders' },
    { name: 'ORDERS_TABLE', value: 'event-driven-table-orders' },
  ]);
});

test('nothing may connect to it', () => {
  expect(one('aws:ec2/securityGroup:SecurityGroup', 'event-driven-sg-order-processor').inputs).toMatchObject({ description: 'Worker order-processor' });
  expect(one('aws:ec2/securityGroup:SecurityGroup', 'event-driven-sg-order-processor').inputs.ingress).toBeUndefined();
  expect(g.filter((r) => r.type === 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule' && r.name.includes('order-processor'))).toEqual([]);
});

test('the scalable target runs the designed min to max tasks', () => {
  expect(one('aws:appautoscaling/target:Target', 'event-driven-scaling-order-processor').inputs).toMatchObject({ minCapacity: 6, maxCapacity: worker.scaling.maxTasks });
});

test('three step policies, named by their keys, with the design\'s numbers (bounds as the provider\'s strings); no target tracking', () => {
  const policies = g.filter((r) => r.type === POLICY && r.name.startsWith('event-driven-scaling-order-processor-'));
  expect(policies.map((p) => p.name)).toEqual(worker.scaling.stepPolicies.map((p) => `event-driven-scaling-order-processor-${p.key}`));
  for (const p of worker.scaling.stepPolicies) {
    const r = one(POLICY, `event-driven-scaling-order-processor-${p.key}`);
    expect(r.inputs).toMatchObject({ name: p.key, policyType: 'StepScaling', serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount' });
    expect(r.inputs.targetTrackingScalingPolicyConfiguration).toBeUndefined();
    expect(r.inputs.stepScalingPolicyConfiguration).toEqual({
      adjustmentType: p.adjustmentType,
      cooldown: p.cooldownSeconds,
      metricAggregationType: p.metricAggregation,
      stepAdjustments: p.steps.map((s) => ({
        ...(s.lowerBound !== undefined ? { metricIntervalLowerBound: String(s.lowerBound) } : {}),
        ...(s.upperBound !== undefined ? { metricIntervalUpperBound: String(s.upperBound) } : {}),
        scalingAdjustment: s.adjustment,
      })),
    });
  }
  expect(one(POLICY, 'event-driven-scaling-order-processor-message-age').inputs.stepScalingPolicyConfiguration).toMatchObject({
    stepAdjustments: [
      { metricIntervalLowerBound: '0', metricIntervalUpperBound: '180', scalingAdjustment: 1 },
      { metricIntervalLowerBound: '180', scalingAdjustment: 2 },
    ],
  });
});

test('each alarm watches the consumed queue and invokes its policy only', () => {
  for (const p of worker.scaling.stepPolicies) {
    const policy = one(POLICY, `event-driven-scaling-order-processor-${p.key}`);
    const a = one(ALARM, `event-driven-scaling-order-processor-${p.key}-alarm`);
    expect(a.parent).toBe('blueprint:index:Scaling::event-driven');
    expect(a.inputs.alarmActions).toEqual([mockArn(POLICY, policy.name, 'eu-west-1')]);
    expect(a.inputs.okActions).toBeUndefined();
    expect(a.inputs).toMatchObject({
      alarmDescription: p.alarm.description,
      threshold: p.alarm.threshold,
      comparisonOperator: p.alarm.comparison,
      evaluationPeriods: p.alarm.evaluationPeriods,
      datapointsToAlarm: p.alarm.datapointsToAlarm,
      treatMissingData: p.alarm.treatMissingData,
    });
    const metrics = a.inputs.metricQueries
      ? (a.inputs.metricQueries as { metric?: Record<string, unknown> }[]).filter((q) => q.metric).map((q) => q.metric!)
      : [{ namespace: a.inputs.namespace, dimensions: a.inputs.dimensions, period: a.inputs.period, stat: a.inputs.statistic }];
    for (const m of metrics) expect(m).toMatchObject({ namespace: 'AWS/SQS', dimensions: { QueueName: 'event-driven-queue-incoming-orders' }, period: 60, stat: 'Maximum' });
  }
});

test('read-only on the consumed queue, read-write on the table', () => {
  const statements = JSON.parse(one('aws:iam/rolePolicy:RolePolicy', 'event-driven-svc-order-processor-task-policy').inputs.policy as string).Statement as { Action: string[]; Resource: unknown }[];
  expect(statements).toHaveLength(2);
  const onQueue = statements.find((s) => JSON.stringify(s.Resource).includes('incoming-orders'))!;
  expect(onQueue.Action).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
  expect(onQueue.Resource).toBe(mockArn('aws:sqs/queue:Queue', 'event-driven-queue-incoming-orders', 'eu-west-1'));
});
