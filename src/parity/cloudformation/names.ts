/*
 * The symbolic names of a template's resources, by logical ID: the load
 * balancer, target groups and ECS services (by their service key), security
 * groups (by who they protect: "service:web", "job:nightly", "function:ledger",
 * "database:orders"), log groups (by who uses them), the blueprint's functions (by
 * their "blueprint:function" tag) and schedules (a job's or a function's), HTTP APIs ("api:<key>", by
 * their Name, apis.ts), GraphQL APIs ("graphql-api:<key>", graphql.ts), data
 * stores and the stack's KMS key ("key"). References inside strings resolve to these names, never to
 * logical IDs (docs/PARITY.md, "How references become symbolic names").
 */
import { apiKey, restApiKey } from './apis';
import { graphqlApiKey } from './graphql';
import { T } from './resource-types';
import { StoreNames } from './store-names';
import { fail, isObject, list, obj, refOf, type CfnRef, type CfnTemplate, type Resolver } from './template';

/** The tag that names a function of the blueprint: its key (both renderers write it). */
const FUNCTION_TAG = 'blueprint:function';

/** The value of a resource's tag `key`, or undefined when it has none. */
function tagOf(t: CfnTemplate, r: Resolver, id: string, key: string): string | undefined {
  const tags = list(t.props(id).Tags, t.where(id, 'Tags')).map((v, i) => obj(v, t.where(id, `Tags[${i}]`)));
  const tag = tags.find((v) => v.Key === key);
  return tag === undefined ? undefined : r.str(tag.Value, t.where(id, `Tags ${key}`));
}

/** What a template's resources are, by logical ID: the names the inventory gives them. */
export class Names {
  readonly serviceKeyOfTask = new Map<string, string>();
  readonly serviceKey = new Map<string, string>();
  /** A scheduled job's key, by the logical ID of its AWS::Scheduler::Schedule: the stream prefix of the task definition it runs. */
  readonly jobKey = new Map<string, string>();
  /** The blueprint's functions, by logical ID -> key: every Lambda function but a custom-resource provider, by its "blueprint:function" tag. */
  readonly functionKey = new Map<string, string>();
  /** The functions that back custom resources (Custom::VpcRestrictDefaultSG, Custom::AWS: their ServiceToken), plumbing. */
  readonly providers = new Set<string>();
  /** A function's alias, by the logical ID of its AWS::Lambda::Alias -> the function's key and the alias's name (one per function). */
  readonly functionAlias = new Map<string, { key: string; name: string }>();
  /** A function's schedule, by the logical ID of its AWS::Scheduler::Schedule (whose target is the function's ARN or its alias's) -> the function's key. */
  readonly functionSchedule = new Map<string, string>();
  readonly targetGroupKey = new Map<string, string>();
  readonly securityGroupOwner = new Map<string, string>();
  readonly logGroupOwner = new Map<string, string>();
  loadBalancer?: string;
  /** Data stores ("bucket:reports", ...) and the alarm topic ("topic"), by logical ID. */
  readonly stores: StoreNames;

  /** `importedSecrets`: generated database secrets of the primary template, by Name -> the database's key (a standby looks up their replicas). */
  constructor(
    private readonly t: CfnTemplate,
    private readonly r: Resolver,
    importedSecrets: ReadonlyMap<string, string> = new Map(),
  ) {
    const lbs = t.ofType(T.loadBalancer);
    if (lbs.length > 1) fail(t.where(lbs[1]), `the inventory names one load balancer ("load-balancer"); the template has ${lbs.length}: ${lbs.join(', ')}`);
    this.loadBalancer = lbs[0];

    // Custom-resource providers are plumbing; every other function is the blueprint's, named by its tag.
    for (const c of [...t.ofType(T.restrictDefaultSg), ...t.ofType(T.awsCall), ...t.ofType(T.siteUpload)]) this.providers.add(t.target(t.props(c).ServiceToken, [T.lambda], t.where(c, 'ServiceToken')));
    const deadLetters = new Map<string, string>();
    for (const fn of t.ofType(T.lambda)) {
      const key = tagOf(t, r, fn, FUNCTION_TAG);
      if (this.providers.has(fn)) {
        if (key !== undefined) fail(t.where(fn), `backs a custom resource, yet is tagged "${FUNCTION_TAG}" as a function of the blueprint`);
        continue;
      }
      if (key === undefined) fail(t.where(fn), `is neither the provider of a Custom::VpcRestrictDefaultSG, Custom::AWS or Custom::CDKBucketDeployment nor tagged "${FUNCTION_TAG}" (a function of the blueprint, by its key): Lambda functions are not in the inventory otherwise`);
      const other = [...this.functionKey].find(([, k]) => k === key);
      if (other) fail(t.where(fn), `has the function key "${key}" of ${other[0]} too`);
      this.functionKey.set(fn, key);
      // Its dead-letter queue is its own, named after it.
      const dl = t.props(fn).DeadLetterConfig;
      if (dl === undefined) continue;
      const where = t.where(fn, 'DeadLetterConfig.TargetArn');
      const target = obj(dl, t.where(fn, 'DeadLetterConfig')).TargetArn;
      const queue = t.target(target, [T.queue], where);
      if (refOf(target)!.attr !== 'Arn') fail(where, `names ${queue} by something other than its Arn`);
      if (deadLetters.has(queue)) fail(where, `${queue} is the dead-letter queue of function ${deadLetters.get(queue)} too; the inventory names it after its one function`);
      deadLetters.set(queue, key);
    }
    this.stores = new StoreNames(t, r, importedSecrets, undefined, deadLetters);
    // A function's alias names it by Ref (its name); its own name is a plain string.
    for (const alias of t.ofType(T.lambdaAlias)) {
      const where = t.where(alias, 'FunctionName');
      const v = t.props(alias).FunctionName;
      const fn = t.target(v, [T.lambda], where);
      if (refOf(v)!.attr !== 'Ref') fail(where, `names ${fn} by something other than Ref (its name)`);
      const key = this.functionKey.get(fn) ?? fail(where, `${fn} is a custom-resource provider, not a function of the blueprint`);
      const other = [...this.functionAlias].find(([, a]) => a.key === key);
      if (other) fail(t.where(alias), `is a second alias of function ${key} (${other[0]}); the inventory records one`);
      this.functionAlias.set(alias, { key, name: r.str(t.props(alias).Name, t.where(alias, 'Name')) });
    }
    // A function's log group is the one its LoggingConfig names (by Ref: its name).
    for (const [fn, key] of this.functionKey) {
      const where = t.where(fn, 'LoggingConfig.LogGroup');
      const v = obj(t.props(fn).LoggingConfig, t.where(fn, 'LoggingConfig')).LogGroup;
      if (v === undefined) fail(where, "is missing; the inventory reads a function that logs into a log group of the stack (Lambda's own /aws/lambda/ group keeps logs forever)");
      const lg = t.target(v, [T.logGroup], where);
      if (refOf(v)!.attr !== 'Ref') fail(where, `names ${lg} by something other than Ref (its name)`);
      this.ownLogGroup(lg, `function:${key}`, fn);
    }

    // A service's key is the awslogs stream prefix of its task definition's container.
    for (const td of t.ofType(T.taskDefinition)) {
      const options = obj(obj(container(t, td).LogConfiguration, t.where(td, 'LogConfiguration')).Options, t.where(td, 'LogConfiguration.Options'));
      const prefix = options['awslogs-stream-prefix'];
      if (prefix === undefined) fail(t.where(td), 'its container has no awslogs-stream-prefix, the blueprint service key');
      this.serviceKeyOfTask.set(td, r.str(prefix, t.where(td, 'awslogs-stream-prefix')));
    }
    const run = new Set<string>();
    for (const svc of t.ofType(T.service)) {
      const td = t.target(t.props(svc).TaskDefinition, [T.taskDefinition], t.where(svc, 'TaskDefinition'));
      run.add(td);
      const key = this.serviceKeyOfTask.get(td)!;
      const other = [...this.serviceKey].find(([, k]) => k === key);
      if (other) fail(t.where(svc), `has the service key "${key}" of ${other[0]} too`);
      this.serviceKey.set(svc, key);
      for (const [i, lb] of list(t.props(svc).LoadBalancers, t.where(svc, 'LoadBalancers')).entries()) {
        const where = t.where(svc, `LoadBalancers[${i}]`);
        const tg = t.target(obj(lb, where).TargetGroupArn, [T.targetGroup], `${where}.TargetGroupArn`);
        const owner = this.targetGroupKey.get(tg);
        if (owner !== undefined && owner !== key) fail(t.where(tg), `services "${owner}" and "${key}" both register in it; the inventory names a target group by its one service`);
        this.targetGroupKey.set(tg, key);
      }
    }
    // A task definition that no service runs but a schedule starts is a scheduled job, named by its stream prefix too;
    // a schedule whose target is a function's ARN is that function's.
    const scheduled = new Set<string>();
    for (const sch of t.ofType(T.schedule)) {
      const targetArn = obj(t.props(sch).Target, t.where(sch, 'Target')).Arn;
      const fn = refOf(targetArn);
      if (fn && (t.type(fn.id) === T.lambda || t.type(fn.id) === T.lambdaAlias)) {
        const where = t.where(sch, 'Target.Arn');
        const key = this.invokedFunction(targetArn, where, ['Arn']).key;
        const other = [...this.functionSchedule].find(([, k]) => k === key);
        if (other) fail(t.where(sch), `invokes function ${key}, which ${other[0]} invokes too; the inventory records one schedule per function`);
        this.functionSchedule.set(sch, key);
        continue;
      }
      const td = t.target(ecsParameters(t, sch).TaskDefinitionArn, [T.taskDefinition], t.where(sch, 'Target.EcsParameters.TaskDefinitionArn'));
      if (run.has(td)) fail(t.where(sch), `starts ${td}, which an ECS service runs; the inventory reads a job's task definition as its own`);
      if (scheduled.has(td)) fail(t.where(sch), `starts ${td}, which another schedule starts too; the inventory records one schedule per job`);
      scheduled.add(td);
      const key = this.serviceKeyOfTask.get(td)!;
      if ([...this.serviceKey.values()].includes(key)) fail(t.where(sch), `the job key "${key}" is a service's key too`);
      this.jobKey.set(sch, key);
    }
    for (const td of t.ofType(T.taskDefinition)) if (!run.has(td) && !scheduled.has(td)) fail(t.where(td), 'neither an ECS service nor a schedule runs it');

    // Security groups are named by who they protect.
    const own = (sg: string, owner: string, by: string) => {
      const had = this.securityGroupOwner.get(sg);
      if (had !== undefined && had !== owner) fail(t.where(sg), `is shared by ${had} and ${owner} (${by}); the inventory names a group by its one owner`);
      this.securityGroupOwner.set(sg, owner);
    };
    if (this.loadBalancer) {
      for (const sg of list(t.props(this.loadBalancer).SecurityGroups, t.where(this.loadBalancer, 'SecurityGroups'))) {
        own(t.target(sg, [T.securityGroup], t.where(this.loadBalancer, 'SecurityGroups')), 'load-balancer', this.loadBalancer);
      }
    }
    for (const [svc, key] of this.serviceKey) {
      const where = t.where(svc, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups');
      for (const sg of list(awsvpc(t, svc).SecurityGroups, where)) own(t.target(sg, [T.securityGroup], where), `service:${key}`, svc);
    }
    for (const [sch, key] of this.jobKey) {
      const where = t.where(sch, 'Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups');
      for (const sg of list(scheduleAwsvpc(t, sch).SecurityGroups, where)) own(t.target(sg, [T.securityGroup], where), `job:${key}`, sch);
    }
    for (const [fn, key] of this.functionKey) {
      const vpc = t.props(fn).VpcConfig;
      if (vpc === undefined) continue;
      const where = t.where(fn, 'VpcConfig.SecurityGroupIds');
      for (const sg of list(obj(vpc, t.where(fn, 'VpcConfig')).SecurityGroupIds, where)) own(t.target(sg, [T.securityGroup], where), `function:${key}`, fn);
    }
    // A database's or cache's security group is named by the store ("database:orders"); an Aurora
    // cluster's instances take the cluster's.
    for (const id of [...t.ofType(T.dbCluster), ...t.ofType(T.dbInstance), ...t.ofType(T.replicationGroup)]) {
      const field = t.type(id) === T.dbCluster ? 'VpcSecurityGroupIds' : t.type(id) === T.dbInstance ? 'VPCSecurityGroups' : 'SecurityGroupIds';
      const where = t.where(id, field);
      if (this.stores.clusterOf.has(id)) {
        if (t.props(id)[field] !== undefined) fail(where, "is set on an Aurora cluster's instance; the inventory reads the cluster's");
        continue;
      }
      for (const sg of list(t.props(id)[field], where)) own(t.target(sg, [T.securityGroup], where), this.stores.of(id), id);
    }
    // The function rotating a database's generated secret: "rotation:<key>".
    for (const rs of t.ofType(T.rotationSchedule)) {
      const hosted = t.props(rs).HostedRotationLambda;
      if (hosted === undefined) continue;
      const where = t.where(rs, 'HostedRotationLambda.VpcSecurityGroupIds');
      const secret = t.target(t.props(rs).SecretId, [T.secret], t.where(rs, 'SecretId'));
      const key = this.stores.databaseOfSecret(secret) ?? fail(t.where(rs, 'SecretId'), `${secret} is not a database's generated secret; the inventory reads their rotation only`);
      for (const sg of commaList(obj(hosted, t.where(rs, 'HostedRotationLambda')).VpcSecurityGroupIds, where)) own(t.target(sg, [T.securityGroup], where), `rotation:${key}`, rs);
    }
    // An API's VPC link: "vpc-link:<key>", the API its integrations (ConnectionId) belong to.
    for (const link of t.ofType(T.vpcLink)) {
      const apis = new Set(t.ofType(T.apiIntegration).filter((i) => refOf(t.props(i).ConnectionId)?.id === link).map((i) => t.target(t.props(i).ApiId, [T.api], t.where(i, 'ApiId'))));
      if (apis.size !== 1) fail(t.where(link), `is used by ${apis.size} APIs' integrations; the inventory reads a VPC link of one API`);
      const where = t.where(link, 'SecurityGroupIds');
      for (const sg of list(t.props(link).SecurityGroupIds, where)) own(t.target(sg, [T.securityGroup], where), `vpc-link:${apiKey(t, r, [...apis][0])}`, link);
    }
    // The interface VPC endpoints' group: "endpoint:interface" (network.ts checks they share exactly one).
    for (const e of t.ofType(T.vpcEndpoint)) {
      const where = t.where(e, 'SecurityGroupIds');
      for (const sg of list(t.props(e).SecurityGroupIds, where)) own(t.target(sg, [T.securityGroup], where), 'endpoint:interface', e);
    }
    for (const sg of t.ofType(T.securityGroup)) {
      if (!this.securityGroupOwner.has(sg)) fail(t.where(sg), 'protects neither the load balancer, an ECS service, a scheduled job, a function, a database, a cache, a rotation function, an API\'s VPC link nor an interface VPC endpoint');
    }
  }

  /**
   * What a caller invokes (an integration's URI, a permission's function, a data source, a mapping, a schedule's
   * target, a role's resource): the blueprint's function, by one of `attrs`, or its alias by Ref (its ARN). Its
   * key, and its name in the inventory: "function:<key>", or "function:<key>:<alias>".
   */
  invokedFunction(v: unknown, where: string, attrs: readonly string[]): { key: string; name: string } {
    const id = this.t.target(v, [T.lambda, T.lambdaAlias], where);
    const attr = refOf(v)!.attr;
    if (this.t.type(id) === T.lambdaAlias) {
      if (attr !== 'Ref') fail(where, `names alias ${id} by ${attr}, not Ref (its ARN)`);
      const alias = this.functionAlias.get(id)!;
      return { key: alias.key, name: `function:${alias.key}:${alias.name}` };
    }
    if (!attrs.includes(attr)) fail(where, `names ${id} by ${attr}, not ${attrs.join(' or ')}`);
    const key = this.functionKey.get(id) ?? fail(where, `invokes ${id}, a custom-resource provider, not a function of the blueprint`);
    return { key, name: `function:${key}` };
  }

  targetGroup(id: string): string {
    const key = this.targetGroupKey.get(id);
    if (key === undefined) fail(this.t.where(id), 'no ECS service registers in it, so it has no name ("target-group:<service>")');
    return `target-group:${key}`;
  }

  service(id: string): string {
    return `service:${this.serviceKey.get(id)!}`;
  }

  /** The key of the service a scalable target scales: its ResourceId reads "service/cluster/service:<key>". */
  scaledService(st: string): string {
    const resourceId = this.r.str(this.t.props(st).ResourceId, this.t.where(st, 'ResourceId'));
    const m = /^service\/cluster\/service:(.+)$/.exec(resourceId);
    if (!m) fail(this.t.where(st, 'ResourceId'), `${resourceId} is not an ECS service of this template's cluster`);
    return m[1];
  }

  /** "scaling-policy:<service>/<PolicyName>" for a step-scaling policy; any other policy has no name here. */
  private scalingPolicy(id: string, where: string): string {
    const p = this.t.props(id);
    if (p.PolicyType !== 'StepScaling') fail(where, `invokes ${id}, a ${JSON.stringify(p.PolicyType)} policy; alarms invoke step-scaling policies only`);
    const st = this.t.target(p.ScalingTargetId, [T.scalableTarget], this.t.where(id, 'ScalingTargetId'));
    return `scaling-policy:${this.scaledService(st)}/${this.r.str(p.PolicyName, this.t.where(id, 'PolicyName'))}`;
  }

  /**
   * The job whose failed runs a rule matches: the scheduled job whose task definition its pattern names
   * (detail.taskDefinitionArn, one Ref). Any other rule has no name here.
   */
  failedRunsJob(rule: string): string {
    const where = this.t.where(rule, 'EventPattern.detail.taskDefinitionArn');
    const pattern = obj(this.t.props(rule).EventPattern, this.t.where(rule, 'EventPattern'));
    const arns = list(obj(pattern.detail, this.t.where(rule, 'EventPattern.detail')).taskDefinitionArn, where);
    if (arns.length !== 1) fail(where, "names no single task definition; the inventory reads a rule of one job's failed runs");
    const td = this.t.target(arns[0], [T.taskDefinition], where);
    const key = this.serviceKeyOfTask.get(td)!;
    if (![...this.jobKey.values()].includes(key)) fail(where, `names ${td}, which no schedule starts; the inventory reads rules of a job's failed runs only`);
    return key;
  }

  /** Records what a log group is for; it may have one owner only. */
  ownLogGroup(id: string, owner: string, by: string): void {
    const had = this.logGroupOwner.get(id);
    if (had !== undefined && had !== owner) fail(this.t.where(id), `is used by ${had} and by ${owner} (${by})`);
    this.logGroupOwner.set(id, owner);
  }

  /**
   * The symbolic name of a reference inside a string (a metric dimension, a
   * scaling resource label, a dashboard body). Only the attribute each
   * consumer needs is named: a load balancer's ARN where its full name
   * belongs would deploy and monitor nothing, so it throws instead.
   */
  symbol = (ref: CfnRef, where: string): string => {
    const type = this.t.type(ref.id);
    if (type === undefined) {
      if (ref.attr === 'Ref' && ref.id.startsWith('AWS::')) return `\${${ref.id}}`;
      fail(where, `references ${ref.id}, which is not a resource of the template (parameters are not read)`);
    }
    if (type === T.loadBalancer && ref.attr === 'LoadBalancerFullName') return 'load-balancer';
    if (type === T.targetGroup && ref.attr === 'TargetGroupFullName') return this.targetGroup(ref.id);
    if (type === T.cluster && (ref.attr === 'Ref' || ref.attr === 'Arn')) return 'cluster';
    // A task definition by its ARN (an event pattern's taskDefinitionArn): "task:<key>".
    if (type === T.taskDefinition && ref.attr === 'Ref') return `task:${this.serviceKeyOfTask.get(ref.id)!}`;
    // What metrics are reported by (dimensions): a database's or cache's identifier, the schedule group, a job's failed-runs rule.
    if ((type === T.dbCluster || type === T.replicationGroup || (type === T.dbInstance && !this.stores.clusterOf.has(ref.id))) && ref.attr === 'Ref') return `id:${this.stores.of(ref.id)}`;
    if (type === T.scheduleGroup && ref.attr === 'Ref') return `schedule-group:${this.r.str(this.t.props(ref.id).Name, this.t.where(ref.id, 'Name'))}`;
    if (type === T.eventRule && ref.attr === 'Ref') return `failed-runs:${this.failedRunsJob(ref.id)}`;
    if (type === T.service && ref.attr === 'Name') return this.service(ref.id);
    // A function by its name (its alarms' FunctionName dimension): "function:<key>".
    if (type === T.lambda && ref.attr === 'Ref' && this.functionKey.has(ref.id)) return `function:${this.functionKey.get(ref.id)}`;
    // An HTTP API by its id (its alarms' ApiId dimension): "api:<key>".
    if (type === T.api && ref.attr === 'Ref') return `api:${apiKey(this.t, this.r, ref.id)}`;
    // A REST API by its id (its execution-log group's name): "rest-api:<key>".
    if (type === T.restApi && ref.attr === 'Ref') return `rest-api:${restApiKey(this.t, this.r, ref.id)}`;
    // A GraphQL API by its id (its alarms' GraphQLAPIId dimension) or ARN (a web ACL association): "graphql-api:<key>".
    if (type === T.graphqlApi && (ref.attr === 'ApiId' || ref.attr === 'Arn')) return `graphql-api:${graphqlApiKey(this.t, this.r, ref.id)}`;
    // The VPC's address block (a security-group rule's CidrIp): the block itself, as a literal would read.
    if (type === T.vpc && ref.attr === 'CidrBlock') return this.r.str(this.t.props(ref.id).CidrBlock, this.t.where(ref.id, 'CidrBlock'));
    // An alarm action that invokes a step-scaling policy: the policy, by its service and name.
    if (type === T.scalingPolicy && ref.attr === 'Ref') return this.scalingPolicy(ref.id, where);
    // The stack's key, wherever it is referenced (an encryption setting): "key".
    const key = this.stores.keyRef(ref);
    if (key !== undefined) return key;
    // A store where a connection belongs: a bucket's or table's name, a queue's URL, a topic's ARN.
    const store = this.stores.connection(ref);
    if (store !== undefined) return store;
    return fail(where, `a reference to ${ref.id} (${type}) ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} has no name in the inventory`);
  };
}

/**
 * A comma-separated list of references, as a hosted rotation function's VpcSubnetIds and
 * VpcSecurityGroupIds are written: one reference, or an Fn::Join of references and "," (either joined
 * by "," or by "" with "," between them). Returns the references, for t.target or Context.span.
 */
export function commaList(v: unknown, where: string): unknown[] {
  if (refOf(v)) return [v];
  const join = isObject(v) && Object.keys(v).length === 1 ? v['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join.length !== 2 || typeof join[0] !== 'string' || !Array.isArray(join[1])) return fail(where, `expected a reference or an Fn::Join of references, found ${JSON.stringify(v)}`);
  const [sep, parts] = join as [string, unknown[]];
  if (sep === ',') return parts.map((p) => (refOf(p) ? p : fail(where, `${JSON.stringify(p)} is not a reference`)));
  if (sep !== '') fail(where, `joins with ${JSON.stringify(sep)}, not ","`);
  return parts.filter((p, i) => (i % 2 === 1 ? (p === ',' ? false : fail(where, `expected "," between references, found ${JSON.stringify(p)}`)) : refOf(p) ? true : fail(where, `${JSON.stringify(p)} is not a reference`)));
}

/** The one container of a task definition. */
export function container(t: CfnTemplate, td: string): Record<string, unknown> {
  const containers = list(t.props(td).ContainerDefinitions, t.where(td, 'ContainerDefinitions'));
  if (containers.length !== 1) fail(t.where(td), `has ${containers.length} containers; the inventory describes a service with exactly one`);
  return obj(containers[0], t.where(td, 'ContainerDefinitions[0]'));
}

/** A service's awsvpc network configuration. */
export function awsvpc(t: CfnTemplate, svc: string): Record<string, unknown> {
  const where = t.where(svc, 'NetworkConfiguration');
  return obj(obj(t.props(svc).NetworkConfiguration, where).AwsvpcConfiguration, `${where}.AwsvpcConfiguration`);
}

/** A schedule's ECS target (EcsParameters); a schedule with any other target but a function (Names.functionSchedule) is not in the inventory. */
export function ecsParameters(t: CfnTemplate, sch: string): Record<string, unknown> {
  const target = obj(t.props(sch).Target, t.where(sch, 'Target'));
  if (target.EcsParameters === undefined) fail(t.where(sch, 'Target'), "has no EcsParameters and is no function's ARN; the inventory reads schedules that run an ECS task or invoke a function of the blueprint");
  return obj(target.EcsParameters, t.where(sch, 'Target.EcsParameters'));
}

/** A schedule's awsvpc network configuration. */
export function scheduleAwsvpc(t: CfnTemplate, sch: string): Record<string, unknown> {
  const where = t.where(sch, 'Target.EcsParameters.NetworkConfiguration');
  return obj(obj(ecsParameters(t, sch).NetworkConfiguration, where).AwsvpcConfiguration, `${where}.AwsvpcConfiguration`);
}
