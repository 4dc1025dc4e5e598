/*
 * A queue with a dead-letter queue gets an alarm as soon as a message lands
 * there (it failed max_receives times and is lost after 14 days), in both
 * backends, on the dead-letter queue itself and not on the queue.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const FILE = 'synth-tests/fixtures/data-stores.yaml';

test('the design: one alarm per dead-letter queue, with a rationale', () => {
  const d = designOf(FILE);
  expect(d.observability.alarms.filter((a) => a.key.endsWith('-dead-letters')).map((a) => [a.key, a.metric])).toEqual([
    ['jobs-dead-letters', { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', dimensions: { kind: 'queue', store: 'jobs', deadLetter: true } }],
  ]);
  expect(d.decisions.find((x) => x.subject === 'data.jobs' && x.name === 'alarm_dead_letters')?.rationale).toMatch(/failed 3 receives/);
});

test('CDK: the alarm watches the dead-letter queue\'s name and notifies the alarm topic', () => {
  const { assertions: t, template } = synth(FILE);
  const resources = template.Resources as Record<string, { Type: string; Properties: { RedrivePolicy?: { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } } } }>;
  const dlq = Object.values(resources).find((r) => r.Properties.RedrivePolicy)!.Properties.RedrivePolicy!.deadLetterTargetArn['Fn::GetAtt'][0];
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('Topic') })],
  });
});

test('Pulumi: the alarm watches the dead-letter queue\'s name', async () => {
  const g = await runUnderMocks(designOf(FILE));
  const alarm = g.find((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && r.name.includes('jobs-dead-letters'))!;
  const dlq = g.find((r) => r.type === 'aws:sqs/queue:Queue' && r.name.endsWith('jobs-dead-letter'))!;
  expect(alarm.inputs).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: dlq.name }, threshold: 1 });
});
