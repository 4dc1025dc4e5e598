import type { WorkerServiceDesign } from '../src/design';
import { synth } from './support';

/*
 * Queue workers on the CDK side, asserted on the synthesized template of
 * blueprints/event-driven.yaml: the worker's ECS service without a port,
 * load balancer, Service Connect or ingress; its scalable target from 0;
 * the design's step policies, each invoked by an alarm on the consumed
 * queue; read-only access to that queue and its URL.
 */

const FILE = 'blueprints/event-driven.yaml';
const WORKER = 'order-processor';
const QUEUE = 'incoming-orders';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Resource>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const { template, design } = synth(FILE);
const resources = template.Resources as Resources;
const worker = design.services.find((s) => s.key === WORKER) as WorkerServiceDesign;

const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
const getAtt = (v: unknown) => (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
const storeTag = (id: string) => ((resources[id].Properties.Tags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === 'blueprint:store')?.Value;

/** The task definition whose container logs under the key (the blueprint key), and its container. */
function taskOf(key: string): { id: string; container: Record<string, unknown> } {
  const ids = ofType('AWS::ECS::TaskDefinition').filter((id) => {
    const c = (resources[id].Properties.ContainerDefinitions as { LogConfiguration: { Options: Record<string, unknown> } }[])[0];
    return c.LogConfiguration.Options['awslogs-stream-prefix'] === key;
  });
  expect(ids).toHaveLength(1);
  return { id: ids[0], container: (resources[ids[0]].Properties.ContainerDefinitions as Record<string, unknown>[])[0] };
}

function serviceOf(key: string): string {
  const td = taskOf(key).id;
  const [id] = ofType('AWS::ECS::Service').filter((s) => (resources[s].Properties.TaskDefinition as { Ref: string }).Ref === td);
  expect(id).toBeDefined();
  return id;
}

function statementsOf(role: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter((id) => (resources[id].Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((id) => (resources[id].Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

// The consumed queue, not its dead-letter queue (which carries the same store tag).
const [queue] = ofType('AWS::SQS::Queue').filter((id) => storeTag(id) === QUEUE && resources[id].Properties.RedrivePolicy !== undefined);
const svc = serviceOf(WORKER);
const task = taskOf(WORKER);
const [target] = ofType('AWS::ApplicationAutoScaling::ScalableTarget').filter((id) => JSON.stringify(resources[id].Properties.ResourceId).includes(svc));
const policies = ofType('AWS::ApplicationAutoScaling::ScalingPolicy').filter((id) => (resources[id].Properties.ScalingTargetId as { Ref: string }).Ref === target);

test('the worker is an ECS service on Fargate, private, with no load balancer, health check or Service Connect', () => {
  const p = resources[svc].Properties;
  expect(p.LaunchType).toBe('FARGATE');
  expect(p.LoadBalancers ?? []).toEqual([]);
  expect(p.HealthCheckGracePeriodSeconds).toBeUndefined();
  expect(p.ServiceConnectConfiguration).toBeUndefined();
  expect(p.DesiredCount).toBeUndefined();
  const net = (p.NetworkConfiguration as { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: { Ref: string }[] } }).AwsvpcConfiguration;
  expect(net.AssignPublicIp).toBe('DISABLED');
  for (const s of net.Subnets) expect(resources[s.Ref].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
});

test('its container maps no port; no target group is for it', () => {
  expect(task.container.PortMappings).toBeUndefined();
  expect(ofType('AWS::ElasticLoadBalancingV2::TargetGroup')).toHaveLength(1); // the API's
  expect(JSON.stringify(ofType('AWS::ElasticLoadBalancingV2::ListenerRule').map((id) => resources[id]))).not.toContain(WORKER.replace(/-/g, ''));
});

test('its security group admits nothing and may connect out', () => {
  const sgs = (resources[svc].Properties.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: unknown[] } }).AwsvpcConfiguration.SecurityGroups.map((v) => getAtt(v)[0]);
  expect(sgs).toHaveLength(1);
  expect(resources[sgs[0]].Properties.GroupDescription).toBe(`Worker ${WORKER}`);
  expect(resources[sgs[0]].Properties.SecurityGroupIngress).toBeUndefined();
  expect(resources[sgs[0]].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
  for (const id of ofType('AWS::EC2::SecurityGroupIngress')) expect(getAtt(resources[id].Properties.GroupId)[0]).not.toBe(sgs[0]);
});

test('the scalable target starts at the designed min (the tasks its queue\'s average load keeps busy) and stops at the designed max, with the ECS service-linked role', () => {
  // 240 messages/s at peak (one per API request) / 12 per task = 20; 30 % of it keeps 6 busy.
  expect(worker.scaling).toMatchObject({ minTasks: 6, maxTasks: 20 });
  expect(resources[target].Properties).toMatchObject({ MinCapacity: 6, MaxCapacity: 20, ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' });
  expect(JSON.stringify(resources[target].Properties.RoleARN)).toContain('AWSServiceRoleForApplicationAutoScaling_ECSService');
});

test('step policies only, as designed: names, adjustment type, cooldown, aggregation and steps', () => {
  expect(policies.map((id) => resources[id].Properties.PolicyType)).toEqual(['StepScaling', 'StepScaling', 'StepScaling', 'StepScaling']);
  const byName = Object.fromEntries(policies.map((id) => [resources[id].Properties.PolicyName as string, resources[id].Properties.StepScalingPolicyConfiguration]));
  expect(Object.keys(byName).sort()).toEqual(['message-age', 'queue-depth', 'queue-empty', 'queue-shallow']);
  for (const p of worker.scaling.stepPolicies) {
    expect(byName[p.key]).toEqual({
      AdjustmentType: p.adjustmentType,
      Cooldown: p.cooldownSeconds,
      MetricAggregationType: p.metricAggregation,
      StepAdjustments: p.steps.map((s) => ({
        ...(s.lowerBound !== undefined ? { MetricIntervalLowerBound: s.lowerBound } : {}),
        ...(s.upperBound !== undefined ? { MetricIntervalUpperBound: s.upperBound } : {}),
        ScalingAdjustment: s.adjustment,
      })),
    });
  }
  // The numbers themselves: 12 messages/s per task (80 % of 15) -> 720 a task-minute; visibility timeout 120 s + 60 s.
  expect(byName['queue-depth']).toMatchObject({
    AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 2880, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 2880, MetricIntervalUpperBound: 6480, ScalingAdjustment: 2 },
      { MetricIntervalLowerBound: 6480, ScalingAdjustment: 4 },
    ],
  });
  expect(byName['queue-empty']).toEqual({ AdjustmentType: 'ExactCapacity', Cooldown: 300, MetricAggregationType: 'Maximum', StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 6 }] });
});

test('each policy is invoked by its alarm on the consumed queue (not the dead-letter queue), and the alarm notifies no one', () => {
  const queueName = { 'Fn::GetAtt': [queue, 'QueueName'] };
  for (const p of worker.scaling.stepPolicies) {
    const [policy] = policies.filter((id) => resources[id].Properties.PolicyName === p.key);
    const alarms = ofType('AWS::CloudWatch::Alarm').filter((id) => (resources[id].Properties.AlarmActions as unknown[]).some((a) => (a as { Ref?: string }).Ref === policy));
    expect(alarms).toHaveLength(1);
    const a = resources[alarms[0]].Properties;
    expect(a.AlarmActions).toEqual([{ Ref: policy }]);
    expect(a.OKActions).toBeUndefined();
    expect(a).toMatchObject({
      AlarmDescription: p.alarm.description,
      Threshold: p.alarm.threshold,
      ComparisonOperator: p.alarm.comparison,
      EvaluationPeriods: p.alarm.evaluationPeriods,
      DatapointsToAlarm: p.alarm.datapointsToAlarm,
      TreatMissingData: p.alarm.treatMissingData,
    });
    const metrics = a.Metrics
      ? (a.Metrics as { MetricStat?: { Metric: Record<string, unknown>; Period: number; Stat: string } }[]).filter((m) => m.MetricStat).map((m) => ({ ...m.MetricStat!.Metric, Period: m.MetricStat!.Period, Statistic: m.MetricStat!.Stat }))
      : [{ Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions, Period: a.Period, Statistic: a.Statistic }];
    for (const m of metrics) expect(m).toMatchObject({ Namespace: 'AWS/SQS', Dimensions: [{ Name: 'QueueName', Value: queueName }], Period: 60, Statistic: 'Maximum' });
  }
  const depth = ofType('AWS::CloudWatch::Alarm').map((id) => resources[id].Properties).find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')!;
  expect(depth).toMatchObject({ Threshold: 720, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
  const age = ofType('AWS::CloudWatch::Alarm').map((id) => resources[id].Properties).find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')!;
  expect(age).toMatchObject({ Threshold: 180, ComparisonOperator: 'GreaterThanThreshold' });
  const empty = ofType('AWS::CloudWatch::Alarm').map((id) => resources[id].Properties).find((a) => JSON.stringify(a.Metrics ?? '').includes('ApproximateNumberOfMessagesNotVisible'))!;
  expect(empty).toMatchObject({ Threshold: 0, ComparisonOperator: 'LessThanOrEqualToThreshold', EvaluationPeriods: 5, DatapointsToAlarm: 5, TreatMissingData: 'breaching' });
});

test('no target tracking for the worker (the API keeps its CPU and request policies)', () => {
  const trackingTargets = ofType('AWS::ApplicationAutoScaling::ScalingPolicy')
    .filter((id) => resources[id].Properties.PolicyType === 'TargetTrackingScaling')
    .map((id) => (resources[id].Properties.ScalingTargetId as { Ref: string }).Ref);
  expect(trackingTargets).toHaveLength(2);
  expect(trackingTargets).not.toContain(target);
});

test('read-only access to the consumed queue (as uses: incoming-orders:read), read-write to the table; nothing else', () => {
  const role = getAtt(resources[task.id].Properties.TaskRoleArn)[0];
  const statements = statementsOf(role);
  expect(statements).toHaveLength(2);
  const onQueue = statements.find((s) => JSON.stringify(s.Resource).includes(queue))!;
  expect(asList(onQueue.Action).sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
  expect(onQueue.Resource).toEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
  const [table] = ofType('AWS::DynamoDB::Table');
  const onTable = statements.find((s) => JSON.stringify(s.Resource).includes(table))!;
  expect(asList(onTable.Action)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
  expect(JSON.stringify(statements)).not.toContain('"*"');
  // The API that fills the queue may send to it; the worker may not.
  expect(JSON.stringify(statements)).not.toContain('sqs:SendMessage');
  const apiStatements = statementsOf(getAtt(resources[taskOf('api').id].Properties.TaskRoleArn)[0]);
  expect(JSON.stringify(apiStatements.find((s) => JSON.stringify(s.Resource).includes(queue)))).toContain('sqs:SendMessage');
});

test('the queue URL and the table name are injected', () => {
  const env = Object.fromEntries((task.container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
  const [table] = ofType('AWS::DynamoDB::Table');
  expect(env).toEqual({ INCOMING_ORDERS_QUEUE_URL: { Ref: queue }, ORDERS_TABLE: { Ref: table } });
});

test('construct IDs derive from keys: the worker\'s service, target, policies and alarms', () => {
  expect(svc).toMatch(/^ComputeServiceorderprocessorService/);
  expect(target).toMatch(/^ScalingTargetorderprocessor/);
  expect(policies.map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
    'ScalingTargetorderprocessorStepmessageage',
    'ScalingTargetorderprocessorStepqueuedepth',
    'ScalingTargetorderprocessorStepqueueempty',
    'ScalingTargetorderprocessorStepqueueshallow',
  ]);
});
