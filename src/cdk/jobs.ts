import { aws_ec2 as ec2, aws_ecs as ecs, aws_events as events, aws_iam as iam, aws_scheduler as scheduler } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { JobDesign } from '../design';
import { failedRunsPattern } from '../design/jobs';
import type { DataStore } from './data';
import { SUBNET_TYPE } from './network';
import { fargateTask } from './task';
import { tagSizing } from './tags';

/**
 * Scheduled jobs, one construct per job (`Job-<key>`): the job's Fargate task (as a service's, without a
 * port), a security group that admits nothing, the EventBridge Scheduler schedule that runs one task on the
 * cluster at each scheduled time, in the stack's schedule group (`ScheduleGroup`), and the EventBridge rule
 * that matches its failed runs (`FailedRuns`, no target: its metrics are what an alarm counts). No ECS
 * service: nothing keeps the task running.
 */
export class Jobs extends Construct {
  readonly schedules = new Map<string, scheduler.CfnSchedule>();
  /** The schedule group every job's schedule is in (ScheduleGroup metric dimension). */
  readonly scheduleGroup: scheduler.CfnScheduleGroup;
  /** Each job's failed-runs rule, by key (RuleName metric dimension). */
  readonly failedRunRules = new Map<string, events.CfnRule>();
  /** Each job's security group, by key: what the stores its tasks reach admit. */
  readonly securityGroups = new Map<string, ec2.SecurityGroup>();
  /** Each job's task definition, by key. */
  readonly tasks = new Map<string, ecs.FargateTaskDefinition>();

  constructor(
    scope: Construct,
    id: string,
    props: { jobs: JobDesign[]; vpc: ec2.IVpc; cluster: ecs.ICluster; stores?: ReadonlyMap<string, DataStore> },
  ) {
    super(scope, id);
    const groups = [...new Set(props.jobs.map((j) => j.schedule.group))];
    if (groups.length !== 1) throw new Error(`jobs: one schedule group per stack, not ${groups.join(', ') || 'none'}`);
    this.scheduleGroup = new scheduler.CfnScheduleGroup(this, 'ScheduleGroup', { name: groups[0] });
    for (const d of props.jobs) {
      const job = new JobFor(this, `Job-${d.key}`, { design: d, vpc: props.vpc, cluster: props.cluster, stores: props.stores ?? new Map(), group: this.scheduleGroup });
      this.failedRunRules.set(d.key, job.failedRuns);
      this.schedules.set(d.key, job.schedule);
      this.securityGroups.set(d.key, job.securityGroup);
      this.tasks.set(d.key, job.task);
    }
  }
}

class JobFor extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly failedRuns: events.CfnRule;
  readonly securityGroup: ec2.SecurityGroup;
  readonly task: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: { design: JobDesign; vpc: ec2.IVpc; cluster: ecs.ICluster; stores: ReadonlyMap<string, DataStore>; group: scheduler.CfnScheduleGroup }) {
    super(scope, id);
    const d = props.design;
    const { task, access, secretReader } = fargateTask(this, d, props.stores);
    // A schedule takes no tags: a job's sizing (its declared internet traffic) goes on its task definition.
    tagSizing(task, d.sizing, 'AWS::ECS::TaskDefinition');
    this.task = task;
    // Outbound only (the image registry, the stores, AWS APIs); nothing connects to a job.
    const securityGroup = (this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: `Job ${d.key}`, allowAllOutbound: true }));

    // The scheduler may start exactly this task definition and hand it exactly its two roles.
    const role = new iam.Role(this, 'SchedulerRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    const start = new iam.Policy(this, 'SchedulerAccess', {
      document: new iam.PolicyDocument({
        minimize: false,
        statements: [
          new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: ['ecs:RunTask'], resources: [task.taskDefinitionArn] }),
          new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: ['iam:PassRole'], resources: [task.taskRole.roleArn, task.obtainExecutionRole().roleArn] }),
        ],
      }),
      roles: [role],
    });

    const s = d.schedule;
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Job ${d.key}`,
      groupName: props.group.ref,
      scheduleExpression: s.expression,
      scheduleExpressionTimezone: s.timezone,
      flexibleTimeWindow: { mode: s.flexibleWindow },
      state: s.state,
      target: {
        arn: props.cluster.clusterArn,
        roleArn: role.roleArn,
        ecsParameters: {
          taskDefinitionArn: task.taskDefinitionArn,
          launchType: 'FARGATE',
          taskCount: 1,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: props.vpc.selectSubnets({ subnetType: SUBNET_TYPE[d.subnets] }).subnetIds,
              securityGroups: [securityGroup.securityGroupId],
              assignPublicIp: d.assignPublicIp ? 'ENABLED' : 'DISABLED',
            },
          },
        },
        retryPolicy: { maximumRetryAttempts: s.maximumRetries, maximumEventAgeInSeconds: s.maximumEventAgeSeconds },
      },
    });
    // The first run finds the scheduler allowed to start the task, and the task allowed to reach its stores.
    this.schedule.node.addDependency(start);
    if (access) this.schedule.node.addDependency(access);
    if (secretReader) this.schedule.node.addDependency(secretReader);

    // The task of this job's schedule stopping without finishing: what its failed-runs alarm counts.
    this.failedRuns = new events.CfnRule(this, 'FailedRuns', {
      description: `Job ${d.key}: failed runs`,
      state: d.failedRuns.state,
      eventPattern: failedRunsPattern(d.failedRuns, { clusterArn: props.cluster.clusterArn, taskDefinitionArn: task.taskDefinitionArn }),
    });
  }
}
