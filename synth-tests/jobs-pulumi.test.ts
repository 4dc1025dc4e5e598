import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf } from './support';

/* The scheduled job of the jobs fixture in the Pulumi graph. */
let g: RegisteredResource[];
beforeAll(async () => {
  g = await runUnderMocks(designOf('synth-tests/fixtures/jobs.yaml'));
});
const one = (type: string, name: string) => {
  const r = g.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};

test('the schedule starts the job\'s task on Fargate at 03:00 UTC, with retries, in a Jobs component', () => {
  const s = one('aws:scheduler/schedule:Schedule', 'jobs-job-nightly-report-schedule');
  expect(s.parent).toBe('blueprint:index:Jobs::jobs');
  expect(s.inputs).toMatchObject({
    scheduleExpression: 'cron(0 3 * * ? *)',
    scheduleExpressionTimezone: 'UTC',
    flexibleTimeWindow: { mode: 'OFF' },
    state: 'ENABLED',
    target: {
      ecsParameters: { launchType: 'FARGATE', taskCount: 1, taskDefinitionArn: expect.stringMatching(/jobs-job-nightly-report-task$/) },
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
    },
  });
});

test('a job is a task, not a service: no ECS service, no scaling, no ingress', () => {
  expect(g.filter((r) => r.type === 'aws:ecs/service:Service').map((r) => r.name)).toEqual(['jobs-svc-web-service']);
  expect(g.filter((r) => r.type === 'aws:appautoscaling/target:Target').map((r) => r.name)).toEqual(['jobs-scaling-web']);
  expect(one('aws:ec2/securityGroup:SecurityGroup', 'jobs-job-nightly-report-sg').inputs.ingress).toBeUndefined();
  expect(g.some((r) => r.type === 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule' && r.name.includes('nightly-report'))).toBe(false);
});

test('the scheduler role may run exactly this task and pass exactly its two roles', () => {
  const policy = JSON.parse(one('aws:iam/rolePolicy:RolePolicy', 'jobs-job-nightly-report-scheduler-policy').inputs.policy as string);
  expect(policy.Statement).toEqual([
    { Effect: 'Allow', Action: 'ecs:RunTask', Resource: expect.stringMatching(/jobs-job-nightly-report-task$/) },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: [expect.stringMatching(/nightly-report-task-role$/), expect.stringMatching(/nightly-report-execution-role$/)] },
  ]);
});

test('the job\'s edges: read-write on reports, read-only on orders, connection details and its own variables', () => {
  const statements = JSON.parse(one('aws:iam/rolePolicy:RolePolicy', 'jobs-job-nightly-report-task-policy').inputs.policy as string).Statement as { Action: string[] }[];
  expect(statements.map((s) => s.Action.length)).toEqual([6, 4]); // orders (read), reports (read-write)
  const env = JSON.parse(one('aws:ecs/taskDefinition:TaskDefinition', 'jobs-job-nightly-report-task').inputs.containerDefinitions as string)[0].environment as { name: string }[];
  expect(env.map((e) => e.name)).toEqual(['ORDERS_TABLE', 'REPORTS_BUCKET', 'REPORT_FORMAT']); // code-unit order
});
