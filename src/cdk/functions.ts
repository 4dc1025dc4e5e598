import { createHash } from 'node:crypto';
import { Duration, Lazy, Stack, aws_ec2 as ec2, type aws_events as events, aws_iam as iam, aws_lambda as lambda, aws_scheduler as scheduler, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionDesign } from '../design';
import { accessResources, connectionValue, storeArn, storeSecret, type DataStore } from './data';
import { customerKey, stackKey } from './key';
import { SUBNET_TYPE } from './network';
import { createLogGroup } from './retention';
import { tagSizing } from './tags';
import { fail } from '../fail';
import { bucketRule, streamMapping, tableStreamArn } from './function-triggers';

/**
 * Functions, one construct per function (`Function-<key>`): its log group (`Logs`), dead-letter queue
 * (`DeadLetter`), execution role (`Role`) with one policy (`Access`) made from the design, the function
 * (`Function`, L1: every property is the design's, none is CDK's own), its asynchronous retries
 * (`AsyncRetries`), and its trigger: the SQS event source mapping of the queue it consumes (`Queue`), the
 * mapping of a table's stream (`Stream`, src/cdk/function-triggers.ts), its bucket's EventBridge rule (`Objects`,
 * with the permission it invokes by, `ObjectsPermission`) or its schedule (`Schedule`, with the role the scheduler assumes), in the VPC with a security group of its own
 * (`SecurityGroup`) when the design puts it there. The function carries its key in a `blueprint:function` tag.
 * With provisioned concurrency, its version (`Version`, published from its code and configuration) and the alias
 * on it (`Alias`) that keeps the copies initialized; every caller then names the alias (`invokeArn`).
 */
export class Functions extends Construct {
  readonly functions = new Map<string, FunctionFor>();
  /** The security group of each function in the VPC, by key: what the stores it reaches admit. */
  readonly securityGroups = new Map<string, ec2.SecurityGroup>();

  constructor(
    scope: Construct,
    id: string,
    props: { functions: FunctionDesign[]; vpc: ec2.IVpc; stores: ReadonlyMap<string, DataStore>; scheduleGroup?: scheduler.CfnScheduleGroup },
  ) {
    super(scope, id);
    // The stack's schedule group: the jobs' (Jobs/ScheduleGroup) when it has jobs, else this one.
    let group = props.scheduleGroup;
    const scheduleGroup = (name: string) => (group ??= new scheduler.CfnScheduleGroup(this, 'ScheduleGroup', { name })).ref;
    for (const d of props.functions) {
      const fn = new FunctionFor(this, `Function-${d.key}`, { design: d, vpc: props.vpc, stores: props.stores, scheduleGroup });
      this.functions.set(d.key, fn);
      if (fn.securityGroup) this.securityGroups.set(d.key, fn.securityGroup);
    }
  }
}

export class FunctionFor extends Construct {
  readonly function: lambda.CfnFunction;
  /** Its alias `live` on its published version, with the provisioned concurrency (design.alias). */
  readonly alias?: lambda.CfnAlias;
  /** The ARN every caller names (design.invokedThrough): the alias's, or the function's. */
  readonly invokeArn: string;
  readonly role: iam.Role;
  readonly access: iam.Policy;
  readonly deadLetter: sqs.Queue;
  readonly securityGroup?: ec2.SecurityGroup;
  readonly schedulerAccess?: iam.Policy;
  /** What starts the function's first invocation: its event source mapping, its bucket's rule or its schedule. */
  readonly trigger?: lambda.CfnEventSourceMapping | scheduler.CfnSchedule | events.CfnRule;

  constructor(scope: Construct, id: string, props: { design: FunctionDesign; vpc: ec2.IVpc; stores: ReadonlyMap<string, DataStore>; scheduleGroup: (name: string) => string }) {
    super(scope, id);
    const d = props.design;
    const store = (key: string) => props.stores.get(key) ?? fail(`function ${d.key} uses store ${key}, which is not rendered`);
    const logGroup = createLogGroup(this, 'Logs', d.logRetentionDays);
    this.deadLetter = new sqs.Queue(this, 'DeadLetter', {
      retentionPeriod: Duration.seconds(d.deadLetter.retentionSeconds),
      enforceSSL: true,
      ...(d.deadLetter.encryption === 'customer-managed'
        ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: customerKey(this, `function ${d.key}`) }
        : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
    });

    // One policy, each statement the design's actions on exactly their resources (no CDK grant adds its own).
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources });
    const key = stackKey(this);
    const statements = [
      allow(d.role.logs, [logGroup.logGroupArn]),
      allow(d.role.traces, ['*']),
      allow(d.role.deadLetter, [this.deadLetter.queueArn]),
      ...(d.role.network ? [allow(d.role.network, ['*'])] : []),
      ...d.access.map((a) => allow(a.actions, accessResources(store(a.store), a.resources))),
      ...(d.stream ? [allow(d.stream.actions, [tableStreamArn(store(d.stream.store))])] : []),
      ...(d.secrets.length ? [allow(d.role.secrets, d.secrets.map((s) => storeSecret(store(s.store)).secretArn))] : []),
      ...(d.keyActions.length ? [allow(d.keyActions, [(key ?? fail(`function ${d.key}: key actions without the stack's key`)).keyArn])] : []),
    ];
    this.access = new iam.Policy(this, 'Access', { document: new iam.PolicyDocument({ minimize: false, statements }), roles: [this.role] });

    if (d.vpc) {
      // Outbound only (its stores, AWS APIs); nothing connects to a function.
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: `Function ${d.key}`, allowAllOutbound: true });
    }
    // Its code, an asset uploaded to S3; or its container image in ECR (PackageType Image: no runtime or handler).
    const location = d.code === undefined ? undefined : (lambda.Code.fromAsset(d.code).bind(this).s3Location ?? fail(`function ${d.key}: its code is not an S3 asset`));
    const variables = {
      ...d.environment,
      ...Object.fromEntries(d.connections.map((c) => [c.variable, connectionValue(store(c.store), c.attribute)])),
      ...Object.fromEntries(d.secrets.map((s) => [s.variable, storeSecret(store(s.store)).secretArn])),
    };
    const fnProps: lambda.CfnFunctionProps = {
      ...(location
        ? { code: { s3Bucket: location.bucketName, s3Key: location.objectKey }, runtime: d.runtime, handler: d.handler }
        : { code: { imageUri: d.image ?? fail(`function ${d.key} has neither code nor an image`) }, packageType: 'Image' }),
      architectures: [d.arch],
      memorySize: d.memoryMb,
      timeout: d.timeoutSeconds,
      reservedConcurrentExecutions: d.reservedConcurrency,
      role: this.role.roleArn,
      // Its key, by which both parity readers name it ("function:<key>"): nothing else in the function carries it.
      tags: [{ key: 'blueprint:function', value: d.key }],
      tracingConfig: { mode: d.tracing },
      loggingConfig: { logGroup: logGroup.logGroupName, logFormat: d.logFormat },
      deadLetterConfig: { targetArn: this.deadLetter.queueArn },
      ...(Object.keys(variables).length ? { environment: { variables } } : {}),
      ...(d.vpc
        ? { vpcConfig: { subnetIds: props.vpc.selectSubnets({ subnetType: SUBNET_TYPE[d.vpc.subnets] }).subnetIds, securityGroupIds: [this.securityGroup!.securityGroupId] } }
        : {}),
    };
    this.function = new lambda.CfnFunction(this, 'Function', fnProps);
    // Lambda checks the role at creation (its network interfaces, its dead-letter queue): the policy comes first.
    this.function.node.addDependency(this.access);
    tagSizing(this.function, d.sizing, 'AWS::Lambda::Function');

    if (d.alias) this.alias = publishAlias(this, this.function, fnProps, d.alias);
    this.invokeArn = d.invokedThrough === 'alias' ? (this.alias ?? fail(`function ${d.key} is invoked through an alias it does not have`)).ref : this.function.attrArn;

    const asyncRetries = new lambda.CfnEventInvokeConfig(this, 'AsyncRetries', {
      functionName: this.function.ref,
      qualifier: d.asyncRetries.qualifier,
      maximumRetryAttempts: d.asyncRetries.maximumRetryAttempts,
      maximumEventAgeInSeconds: d.asyncRetries.maximumEventAgeSeconds,
    });
    // The alias it configures must exist first.
    if (this.alias && d.asyncRetries.qualifier === d.alias?.name) asyncRetries.node.addDependency(this.alias);

    if (d.queue) {
      const mapping = new lambda.CfnEventSourceMapping(this, 'Queue', {
        // The function by name, or its alias by ARN.
        functionName: d.invokedThrough === 'alias' ? this.invokeArn : this.function.ref,
        eventSourceArn: storeArn(store(d.queue.store)),
        batchSize: d.queue.batchSize,
        maximumBatchingWindowInSeconds: d.queue.maximumBatchingWindowSeconds,
        functionResponseTypes: ['ReportBatchItemFailures'],
        scalingConfig: { maximumConcurrency: d.queue.maximumConcurrency },
      });
      // Lambda checks at creation that the role may receive from the queue.
      mapping.node.addDependency(this.access);
      this.trigger = mapping;
    }
    if (d.stream) {
      this.trigger = streamMapping(this, d, {
        functionName: d.invokedThrough === 'alias' ? this.invokeArn : this.function.ref,
        table: store(d.stream.store),
        deadLetter: this.deadLetter,
        access: this.access,
      });
    }
    if (d.bucketEvents) this.trigger = bucketRule(this, d, { invokeArn: this.invokeArn, bucket: store(d.bucketEvents.store) }).rule;
    if (d.schedule) {
      const s = d.schedule;
      const role = new iam.Role(this, 'SchedulerRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
      this.schedulerAccess = new iam.Policy(this, 'SchedulerAccess', {
        document: new iam.PolicyDocument({ minimize: false, statements: [allow(['lambda:InvokeFunction'], [this.invokeArn])] }),
        roles: [role],
      });
      const schedule = new scheduler.CfnSchedule(this, 'Schedule', {
        description: `Function ${d.key}`,
        groupName: props.scheduleGroup(s.group),
        scheduleExpression: s.expression,
        scheduleExpressionTimezone: s.timezone,
        flexibleTimeWindow: { mode: s.flexibleWindow },
        state: s.state,
        target: { arn: this.invokeArn, roleArn: role.roleArn, retryPolicy: { maximumRetryAttempts: s.maximumRetries, maximumEventAgeInSeconds: s.maximumEventAgeSeconds } },
      });
      schedule.node.addDependency(this.schedulerAccess);
      this.trigger = schedule;
    }
  }
}

/**
 * What a version publishes (AWS::Lambda::Version takes the function's code and configuration as they are when it is
 * created): every property but the tags and the reserved concurrency, as aws-cdk-lib's currentVersion counts them.
 */
const NOT_VERSIONED: readonly (keyof lambda.CfnFunctionProps)[] = ['tags', 'reservedConcurrentExecutions'];

/**
 * The function's version (`Version`) and its alias (`Alias`) with the design's provisioned concurrency. CloudFormation
 * publishes a version when the resource is created, so the version's logical ID carries an MD5 of the function's
 * versioned properties, resolved (as aws-cdk-lib's currentVersion does): new code or configuration is a new version,
 * which the alias moves to; the old one is deleted once nothing names it.
 */
function publishAlias(scope: Construct, fn: lambda.CfnFunction, props: lambda.CfnFunctionProps, alias: NonNullable<FunctionDesign['alias']>): lambda.CfnAlias {
  const version = new lambda.CfnVersion(scope, 'Version', { functionName: fn.ref });
  const stack = Stack.of(scope);
  const logicalId = stack.getLogicalId(version);
  version.overrideLogicalId(
    Lazy.uncachedString({
      produce: () => {
        const versioned = Object.fromEntries(Object.entries(props).filter(([k]) => !NOT_VERSIONED.includes(k as keyof lambda.CfnFunctionProps)));
        return `${stack.resolve(logicalId)}${createHash('md5').update(JSON.stringify(stack.resolve(versioned))).digest('hex')}`;
      },
    }),
  );
  return new lambda.CfnAlias(scope, 'Alias', {
    functionName: fn.ref,
    functionVersion: version.attrVersion,
    name: alias.name,
    provisionedConcurrencyConfig: { provisionedConcurrentExecutions: alias.provisionedConcurrency },
  });
}
