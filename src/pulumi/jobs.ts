import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { JobDesign, SubnetTier } from '../design';
import type { RenderedStore } from './data';
import { assumeRolePolicy } from './iam';
import { fargateTask } from './task';
import { sizingTags } from '../design/sizing';

/** Scheduled jobs: a Fargate task each, started by an EventBridge Scheduler schedule (mirrors src/cdk/jobs.ts). */
export class Jobs extends pulumi.ComponentResource {
  /** Each job's security group, by key: databases and caches admit their clients from these. */
  readonly securityGroups = new Map<string, aws.ec2.SecurityGroup>();

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
    for (const j of args.jobs) {
      const prefix = `${name}-job-${j.key}`;
      const { task, taskRole, executionRole } = fargateTask(prefix, { ...j, container: { name: j.container.name }, region: args.region, stackKey: args.key, taskTags: sizingTags(j.sizing) }, args.stores, parent);
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
    }
    this.registerOutputs({});
  }
}
