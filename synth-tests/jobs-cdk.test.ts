import { Match } from 'aws-cdk-lib/assertions';
import { synth } from './support';

/*
 * Scheduled jobs on the CDK side, asserted on the synthesized template of
 * the jobs fixture: the EventBridge Scheduler schedule and its target, the
 * scheduler role's scoped permissions, the job's task (environment with
 * connections, data access), and what a job does not have (an ECS service,
 * ingress).
 */

const FIXTURE = 'synth-tests/fixtures/jobs.yaml';
const JOB = 'nightly-report';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Resource>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const { template, assertions } = synth(FIXTURE);
const resources = template.Resources as Resources;

const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
const getAtt = (v: unknown) => (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);

/** The task definitions, by the awslogs stream prefix of their container (the blueprint key). */
function taskOf(key: string): string {
  const [td] = ofType('AWS::ECS::TaskDefinition').filter((id) => {
    const c = (resources[id].Properties.ContainerDefinitions as { LogConfiguration: { Options: Record<string, unknown> } }[])[0];
    return c.LogConfiguration.Options['awslogs-stream-prefix'] === key;
  });
  expect(td).toBeDefined();
  return td;
}

function statementsOf(role: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter((id) => (resources[id].Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((id) => (resources[id].Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const schedules = ofType('AWS::Scheduler::Schedule');
const schedule = resources[schedules[0]];
const target = schedule.Properties.Target as {
  Arn: unknown;
  RoleArn: unknown;
  EcsParameters: { TaskDefinitionArn: unknown; LaunchType: string; TaskCount: number; NetworkConfiguration: { AwsvpcConfiguration: { Subnets: { Ref: string }[]; SecurityGroups: unknown[]; AssignPublicIp: string } } };
  RetryPolicy: unknown;
};
const td = taskOf(JOB);

test('one schedule: the job\'s expression in UTC, no flexible window, enabled, retried twice within an hour', () => {
  expect(schedules).toHaveLength(1);
  assertions.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } }),
  });
});

test('the target runs one Fargate task of the job\'s task definition on the cluster, in private subnets without a public IP', () => {
  const [cluster] = ofType('AWS::ECS::Cluster');
  expect(getAtt(target.Arn)).toEqual([cluster, 'Arn']);
  expect(target.EcsParameters.TaskDefinitionArn).toEqual({ Ref: td });
  expect(target.EcsParameters.LaunchType).toBe('FARGATE');
  expect(target.EcsParameters.TaskCount).toBe(1);
  const net = target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration;
  expect(net.AssignPublicIp).toBe('DISABLED');
  expect(net.Subnets).toHaveLength(2);
  for (const s of net.Subnets) {
    const tags = resources[s.Ref].Properties.Tags as { Key: string; Value: string }[];
    expect(tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
  }
});

test('the scheduler role: assumed by EventBridge Scheduler, may run exactly this task definition and pass exactly its two roles', () => {
  const role = getAtt(target.RoleArn)[0];
  expect(resources[role].Type).toBe('AWS::IAM::Role');
  expect(resources[role].Properties.AssumeRolePolicyDocument).toEqual({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' } }],
    Version: '2012-10-17',
  });
  expect(resources[role].Properties.Policies).toBeUndefined();
  expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();
  const statements = statementsOf(role);
  const p = resources[td].Properties;
  expect(statements).toEqual([
    { Effect: 'Allow', Action: 'ecs:RunTask', Resource: { Ref: td } },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: [p.TaskRoleArn, p.ExecutionRoleArn] },
  ]);
  // Nothing on "*".
  expect(JSON.stringify(statements)).not.toContain('"*"');
  // The schedule exists only once the scheduler may start the task and the task may reach its stores.
  const taskRole = getAtt(p.TaskRoleArn)[0];
  const policies = ofType('AWS::IAM::Policy').filter((id) => (resources[id].Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role || r.Ref === taskRole));
  expect(policies).toHaveLength(2);
  expect(schedule.DependsOn).toEqual(expect.arrayContaining(policies));
});

test('the job\'s task: size, architecture, image, environment with connections, logs under its key', () => {
  const p = resources[td].Properties;
  expect(p).toMatchObject({ Cpu: '512', Memory: '1024', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' }, RequiresCompatibilities: ['FARGATE'] });
  const [c] = p.ContainerDefinitions as { Name: string; Image: string; PortMappings?: unknown; Environment: { Name: string; Value: unknown }[]; LogConfiguration: { Options: Record<string, unknown> } }[];
  expect(c.Name).toBe('app');
  expect(c.Image).toBe('public.ecr.aws/docker/library/busybox:1.36');
  expect(c.PortMappings).toBeUndefined();
  const env = Object.fromEntries(c.Environment.map((e) => [e.Name, e.Value]));
  const [bucket] = ofType('AWS::S3::Bucket').filter((id) => id.startsWith('Data')); // not the access-log bucket
  const [table] = ofType('AWS::DynamoDB::Table');
  expect(env).toEqual({ REPORT_FORMAT: 'csv', REPORTS_BUCKET: { Ref: bucket }, ORDERS_TABLE: { Ref: table } });
  const logGroup = (c.LogConfiguration.Options['awslogs-group'] as { Ref: string }).Ref;
  expect(resources[logGroup].Properties.RetentionInDays).toBe(30);
});

test('the job\'s DataAccess: read-write on the bucket and its objects, read-only on the orders table; nothing else', () => {
  const role = getAtt(resources[td].Properties.TaskRoleArn)[0];
  const [bucket] = ofType('AWS::S3::Bucket').filter((id) => id.startsWith('Data')); // not the access-log bucket
  const [table] = ofType('AWS::DynamoDB::Table');
  const statements = statementsOf(role);
  expect(statements).toHaveLength(2);
  const onTable = statements.find((s) => JSON.stringify(s.Resource).includes(table))!;
  expect(asList(onTable.Action).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']);
  expect(asList(onTable.Action).some((a) => /Put|Update|Delete|Write/.test(a))).toBe(false);
  expect(onTable.Resource).toEqual({ 'Fn::GetAtt': [table, 'Arn'] });
  const onBucket = statements.find((s) => JSON.stringify(s.Resource).includes(bucket))!;
  expect(asList(onBucket.Action)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
  expect(onBucket.Resource).toEqual([{ 'Fn::GetAtt': [bucket, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] }]);
  expect(JSON.stringify(statements)).not.toContain('"*"');
});

test('no ECS service runs the job; its security group admits nothing and may connect out', () => {
  const services = ofType('AWS::ECS::Service');
  expect(services.map((s) => resources[s].Properties.TaskDefinition)).not.toContainEqual({ Ref: td });
  expect(services).toHaveLength(1);
  const [sg] = target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.map((v) => getAtt(v)[0]);
  expect(resources[sg].Properties.SecurityGroupIngress).toBeUndefined();
  expect(resources[sg].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
  for (const id of ofType('AWS::EC2::SecurityGroupIngress')) expect(getAtt(resources[id].Properties.GroupId)[0]).not.toBe(sg);
});
