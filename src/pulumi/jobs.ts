import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { JobDesign, SubnetTier } from '../design';
import { failedRunsPattern } from '../design/jobs';
import type { RenderedStore } from './data';
import { assumeRolePolicy } from './iam';
import { fargateTask } from './task';
import { sizedTags } from './tags';

/**
 * Scheduled jobs: a Fargate task each, started by an EventBridge Scheduler schedule in the stack's schedule
 * group, and the EventBridge rule that matches its failed runs (mirrors src/cdk/jobs.ts).
 */
export class Jobs extends pulumi.ComponentResource {
  /** Each job's security group, by key: databases and caches admit their clients from these. */
  readonly securityGroups = new Map<string, aws.ec2.SecurityGroup>();
  /** The schedule group every job's schedule is in (ScheduleGroup metric dimension). */
  readonly scheduleGroup: aws.scheduler.ScheduleGroup;
  /** Each job's failed-runs rule, by key (RuleName metric dimension). */
  readonly failedRunRules = new Map<string, aws.cloudwatch.EventRule>();

  constructor(
    name: string,
    args: {
      region: string;
      jobs: JobDesign[];
      clusterArn: pulumi.Input<string>;
      vpcId: pulumi.Input<string>;
      subnets: Map<SubnetTier, { id: pulumi.Input<string> }[]>;
      stores: Map<string, RenderedStore>;
      /** The stack's customer-managed key: log groups and the tasks' key actions. */
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Jobs', name, {}, opts);
    const parent = { parent: this };
    const groups = [...new Set(args.jobs.map((j) => j.schedule.group))];
    if (groups.length !== 1) throw new Error(`jobs: one schedule group per stack, not ${groups.join(', ') || 'none'}`);
    this.scheduleGroup = new aws.scheduler.ScheduleGroup(`${name}-schedule-group`, { name: groups[0] }, parent);
    for (const j of args.jobs) {
      const prefix = `${name}-job-${j.key}`;
      const { task, taskRole, executionRole } = fargateTask(prefix, { ...j, container: { name: j.container.name }, region: args.region, stackKey: args.key, taskTags: sizedTags(j.sizing).tags }, args.stores, parent);
      // Nothing calls a job: no ingress; it may reach out (image pulls, logs, its stores).
      const securityGroup = new aws.ec2.SecurityGroup(
        `${prefix}-sg`,
        {
          vpcId: args.vpcId,
          description: `Scheduled job ${j.key}`,
          egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Allow all outbound traffic by default' }],
        },
        parent,
      );
      this.securityGroups.set(j.key, securityGroup);
      const schedulerRole = new aws.iam.Role(`${prefix}-scheduler-role`, { assumeRolePolicy: assumeRolePolicy('scheduler.amazonaws.com') }, parent);
      new aws.iam.RolePolicy(
        `${prefix}-scheduler-policy`,
        {
          role: schedulerRole.id,
          policy: pulumi.all([task.arn, taskRole.arn, executionRole.arn]).apply(([taskArn, taskRoleArn, executionRoleArn]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'ecs:RunTask', Resource: taskArn },
                { Effect: 'Allow', Action: 'iam:PassRole', Resource: [taskRoleArn, executionRoleArn] },
              ],
            }),
          ),
        },
        parent,
      );
      const s = j.schedule;
      new aws.scheduler.Schedule(
        `${prefix}-schedule`,
        {
          groupName: this.scheduleGroup.name,
          scheduleExpression: s.expression,
          scheduleExpressionTimezone: s.timezone,
          flexibleTimeWindow: { mode: s.flexibleWindow },
          state: s.state,
          target: {
            arn: args.clusterArn,
            roleArn: schedulerRole.arn,
            ecsParameters: {
              taskDefinitionArn: task.arn,
              launchType: 'FARGATE',
              taskCount: 1,
              networkConfiguration: {
                subnets: (args.subnets.get(j.subnets) ?? []).map((x) => x.id),
                securityGroups: [securityGroup.id],
                assignPublicIp: j.assignPublicIp,
              },
            },
            retryPolicy: { maximumRetryAttempts: s.maximumRetries, maximumEventAgeInSeconds: s.maximumEventAgeSeconds },
          },
        },
        parent,
      );
      // The task of this job's schedule stopping without finishing: what its failed-runs alarm counts.
      const rule = new aws.cloudwatch.EventRule(
        `${prefix}-failed-runs`,
        {
          description: `Job ${j.key}: failed runs`,
          state: j.failedRuns.state,
          eventPattern: pulumi
            .all([args.clusterArn, task.arn])
            .apply(([clusterArn, taskDefinitionArn]) => JSON.stringify(failedRunsPattern(j.failedRuns, { clusterArn, taskDefinitionArn }))),
        },
        parent,
      );
      this.failedRunRules.set(j.key, rule);
    }
    this.registerOutputs({});
  }
}
