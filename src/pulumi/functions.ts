import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { FunctionDesign, SubnetTier } from '../design';
import type { RenderedStore } from './data';
import { assumeRolePolicy } from './iam';
import { keyArnFor } from './key';
import { logGroup as createLogGroup } from './retention';
import { tlsOnly } from './s3';
import { sizedTags } from './tags';
import { connections } from './task';
import { fail } from '../fail';
import { bucketRule, streamMapping, tableStreamArn } from './function-triggers';

/**
 * Functions: each one's log group, dead-letter queue, execution role and its one policy, the function, its
 * asynchronous retries and its trigger (the event source mapping of its queue or of a table's stream, its bucket's EventBridge rule, or its schedule), in the VPC
 * with a security group of its own when the design puts it there; with provisioned concurrency, the function
 * publishes a version on every change, and its alias on it keeps the copies initialized (mirrors src/cdk/functions.ts).
 */
export class Functions extends pulumi.ComponentResource {
  /** Each function's security group in the VPC, by key: databases and caches admit their clients from these. */
  readonly securityGroups = new Map<string, aws.ec2.SecurityGroup>();
  /** Each function's name and its dead-letter queue's, by key: its alarms' metric dimensions. */
  readonly metricTargets = new Map<string, { name: pulumi.Output<string>; deadLetterName: pulumi.Output<string> }>();
  /** Each function, by key. */
  readonly functions = new Map<string, aws.lambda.Function>();
  /** The ARN every caller of each function names (design.invokedThrough), by key: its alias's, or the function's. */
  readonly invokeArns = new Map<string, pulumi.Output<string>>();

  constructor(
    name: string,
    args: {
      functions: FunctionDesign[];
      vpcId: pulumi.Input<string>;
      subnets: Map<SubnetTier, { id: pulumi.Input<string> }[]>;
      stores: Map<string, RenderedStore>;
      /** The stack's schedule group (the jobs'), or none yet: then this component creates it. */
      scheduleGroup?: aws.scheduler.ScheduleGroup;
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Functions', name, {}, opts);
    const parent = { parent: this };
    let group = args.scheduleGroup;
    const scheduleGroup = (groupName: string) => (group ??= new aws.scheduler.ScheduleGroup(`${name}-schedule-group`, { name: groupName }, parent)).name;
    for (const d of args.functions) {
      const prefix = `${name}-function-${d.key}`;
      const store = (key: string) => args.stores.get(key) ?? fail(`function ${d.key} uses store ${key}, which is not rendered`);
      const logGroup = createLogGroup(`${prefix}-logs`, { days: d.logRetentionDays, key: args.key }, parent);
      const deadLetter = new aws.sqs.Queue(
        `${prefix}-dead-letter`,
        {
          messageRetentionSeconds: d.deadLetter.retentionSeconds,
          ...(d.deadLetter.encryption === 'customer-managed' ? { kmsMasterKeyId: keyArnFor(args.key, `function ${d.key}`) } : { sqsManagedSseEnabled: true }),
        },
        parent,
      );
      new aws.sqs.QueuePolicy(`${prefix}-dead-letter-tls-only`, { queueUrl: deadLetter.url, policy: tlsOnly('sqs:*', [deadLetter.arn]) }, parent);

      // One policy, in the CDK policy's order: each statement the design's actions on exactly their resources.
      const role = new aws.iam.Role(`${prefix}-role`, { assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com') }, parent);
      const one = (list: string[]) => (list.length === 1 ? list[0] : list);
      const allow = (actions: string[], resources: pulumi.Input<string>[]) => pulumi.all(resources).apply((r) => ({ Effect: 'Allow', Action: one(actions), Resource: one(r) }));
      const statements = [
        allow(d.role.logs, [logGroup.arn.apply((arn) => `${arn}:*`)]),
        allow(d.role.traces, ['*']),
        allow(d.role.deadLetter, [deadLetter.arn]),
        ...(d.role.network ? [allow(d.role.network, ['*'])] : []),
        ...d.access.map((a) => {
          const s = store(a.store);
          return allow(a.actions, a.resources.map((suffix) => (suffix === 'dbuser' ? (s.dbuserArn ?? fail(`function ${d.key}: store ${a.store} has no database user`)) : pulumi.interpolate`${s.arn}${suffix}`)));
        }),
        ...(d.stream ? [allow(d.stream.actions, [tableStreamArn(store(d.stream.store), d.stream.store)])] : []),
        ...(d.secrets.length ? [allow(d.role.secrets, d.secrets.map((x) => store(x.store).secretArn ?? fail(`store ${x.store} has no secret`)))] : []),
        ...(d.keyActions.length ? [allow(d.keyActions, [keyArnFor(args.key, `the key actions of function ${d.key}`)])] : []),
      ];
      const policy = new aws.iam.RolePolicy(`${prefix}-policy`, { role: role.id, policy: pulumi.all(statements).apply((Statement) => JSON.stringify({ Version: '2012-10-17', Statement })) }, parent);

      let securityGroup: aws.ec2.SecurityGroup | undefined;
      if (d.vpc) {
        // Outbound only (its stores, AWS APIs); nothing connects to a function.
        securityGroup = new aws.ec2.SecurityGroup(
          `${prefix}-sg`,
          { vpcId: args.vpcId, description: `Function ${d.key}`, egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Allow all outbound traffic by default' }] },
          parent,
        );
        this.securityGroups.set(d.key, securityGroup);
      }
      const secretArns = d.secrets.map((x) => (store(x.store).secretArn ?? fail(`store ${x.store} has no secret`)).apply((arn) => [x.variable, arn] as const));
      const variables = pulumi.all([connections(d.connections, args.stores), pulumi.all(secretArns)]).apply(([connected, secrets]) => ({ ...d.environment, ...connected, ...Object.fromEntries(secrets) }));
      const hasVariables = Object.keys(d.environment).length + d.connections.length + d.secrets.length > 0;
      // Lambda checks the role at creation (its network interfaces, its dead-letter queue): the policy comes first.
      const fn = new aws.lambda.Function(
        prefix,
        {
          // Its code as an archive; or its container image in ECR (no runtime or handler), as the CDK function.
          ...(d.code !== undefined
            ? { code: new pulumi.asset.FileArchive(d.code), runtime: d.runtime, handler: d.handler }
            : { packageType: 'Image', imageUri: d.image ?? fail(`function ${d.key} has neither code nor an image`) }),
          architectures: [d.arch],
          memorySize: d.memoryMb,
          timeout: d.timeoutSeconds,
          reservedConcurrentExecutions: d.reservedConcurrency,
          role: role.arn,
          tracingConfig: { mode: d.tracing },
          loggingConfig: { logGroup: logGroup.name, logFormat: d.logFormat },
          deadLetterConfig: { targetArn: deadLetter.arn },
          ...(hasVariables ? { environment: { variables } } : {}),
          ...(d.vpc && securityGroup ? { vpcConfig: { subnetIds: (args.subnets.get(d.vpc.subnets) ?? []).map((s) => s.id), securityGroupIds: [securityGroup.id] } } : {}),
          // Its key, as the CDK function carries it (parity names functions by it).
          tags: { 'blueprint:function': d.key, ...sizedTags(d.sizing).tags },
          // A new version of its code and configuration on every change, for its alias (CDK: an AWS::Lambda::Version).
          ...(d.alias ? { publish: true } : {}),
        },
        { parent: this, dependsOn: [policy] },
      );
      this.metricTargets.set(d.key, { name: fn.name, deadLetterName: deadLetter.name });
      this.functions.set(d.key, fn);
      let alias: aws.lambda.Alias | undefined;
      if (d.alias) {
        alias = new aws.lambda.Alias(`${prefix}-alias`, { functionName: fn.name, functionVersion: fn.version, name: d.alias.name }, parent);
        new aws.lambda.ProvisionedConcurrencyConfig(
          `${prefix}-provisioned-concurrency`,
          { functionName: fn.name, qualifier: alias.name, provisionedConcurrentExecutions: d.alias.provisionedConcurrency },
          parent,
        );
      }
      const invokeArn = d.invokedThrough === 'alias' ? (alias ?? fail(`function ${d.key} is invoked through an alias it does not have`)).arn : fn.arn;
      this.invokeArns.set(d.key, invokeArn);
      new aws.lambda.FunctionEventInvokeConfig(
        `${prefix}-async-retries`,
        {
          functionName: fn.name,
          // Its alias's name (an output: the alias exists first), or $LATEST.
          qualifier: alias && d.asyncRetries.qualifier === d.alias?.name ? alias.name : d.asyncRetries.qualifier,
          maximumRetryAttempts: d.asyncRetries.maximumRetryAttempts,
          maximumEventAgeInSeconds: d.asyncRetries.maximumEventAgeSeconds,
        },
        parent,
      );
      if (d.queue) {
        new aws.lambda.EventSourceMapping(
          `${prefix}-queue`,
          {
            functionName: d.invokedThrough === 'alias' ? invokeArn : fn.name,
            eventSourceArn: store(d.queue.store).arn,
            batchSize: d.queue.batchSize,
            maximumBatchingWindowInSeconds: d.queue.maximumBatchingWindowSeconds,
            functionResponseTypes: ['ReportBatchItemFailures'],
            scalingConfig: { maximumConcurrency: d.queue.maximumConcurrency },
          },
          { parent: this, dependsOn: [policy] },
        );
      }
      if (d.stream) {
        streamMapping(`${prefix}-stream`, d, { functionName: d.invokedThrough === 'alias' ? invokeArn : fn.name, table: store(d.stream.store), deadLetterArn: deadLetter.arn, policy }, this);
      }
      if (d.bucketEvents) bucketRule(`${prefix}-objects`, d, { invokeArn, bucket: store(d.bucketEvents.store) }, this);
      if (d.schedule) {
        const s = d.schedule;
        const schedulerRole = new aws.iam.Role(`${prefix}-scheduler-role`, { assumeRolePolicy: assumeRolePolicy('scheduler.amazonaws.com') }, parent);
        const invoke = new aws.iam.RolePolicy(
          `${prefix}-scheduler-policy`,
          { role: schedulerRole.id, policy: invokeArn.apply((arn) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arn }] })) },
          parent,
        );
        new aws.scheduler.Schedule(
          `${prefix}-schedule`,
          {
            description: `Function ${d.key}`,
            groupName: scheduleGroup(s.group),
            scheduleExpression: s.expression,
            scheduleExpressionTimezone: s.timezone,
            flexibleTimeWindow: { mode: s.flexibleWindow },
            state: s.state,
            target: { arn: invokeArn, roleArn: schedulerRole.arn, retryPolicy: { maximumRetryAttempts: s.maximumRetries, maximumEventAgeInSeconds: s.maximumEventAgeSeconds } },
          },
          { parent: this, dependsOn: [invoke] },
        );
      }
    }
    this.registerOutputs({});
  }
}
