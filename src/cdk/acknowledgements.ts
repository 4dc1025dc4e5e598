import { Aws, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import type { AcknowledgedFinding, AcknowledgedResource, AcknowledgementDesign } from '../design';
import type { Backup } from './backup';
import type { Compute } from './compute';
import type { Data } from './data';
import type { AccessLogs } from './access-logs';
import type { Audit } from './audit';
import type { Apis } from './apis';
import type { GraphqlApis } from './graphql';
import type { RestApis } from './rest-apis';
import type { UserPools } from './user-pools';
import type { Functions } from './functions';
import type { Jobs } from './jobs';
import type { LoadBalancing } from './load-balancing';
import type { Network } from './network';
import type { Sites } from './sites';
import { uploadHandlerOf } from './site-files';
import { replicaBucketArn } from './replication';
import { fail } from '../fail';

/** The constructs of a stack that acknowledgements name. */
export interface AcknowledgedConstructs {
  /** Which of the design's stacks this is: the acknowledgements of the other are skipped. */
  stack: 'own' | 'disaster-recovery';
  network?: Network;
  loadBalancing?: LoadBalancing;
  compute?: Compute;
  jobs?: Jobs;
  functions?: Functions;
  apis?: Apis;
  graphqlApis?: GraphqlApis;
  restApis?: RestApis;
  userPools?: UserPools;
  sites?: Sites;
  data?: Data;
  backup?: Backup;
  accessLogs?: AccessLogs;
  audit?: Audit;
}

/**
 * Acknowledges each rule-pack finding the design accepts (design.acknowledgements) on the construct it
 * renders for the acknowledgement's resource, under the finding's exact ID: `AwsSolutions-IAM5[Resource::
 * <TaskRoleLogicalId.Arn>/*]` names one resource of one statement, so a new wildcard elsewhere is still a
 * finding. An acknowledgement whose resource this stack did not render is a bug, and throws.
 */
export function acknowledgeFindings(stack: Stack, acknowledgements: AcknowledgementDesign[], c: AcknowledgedConstructs): void {
  for (const a of acknowledgements) {
    if ((a.on.kind === 'access-log-bucket' ? a.on.stack : 'own') !== c.stack) continue;
    Validations.of(constructOf(stack, a.on, c)).acknowledge({ id: a.finding ? `${a.rule}[${findingId(stack, a.finding, c)}]` : a.rule, reason: a.reason });
  }
}

function constructOf(stack: Stack, on: AcknowledgedResource, c: AcknowledgedConstructs): IConstruct {
  const what = JSON.stringify(on);
  switch (on.kind) {
    case 'load-balancer-security-group':
      return c.loadBalancing?.securityGroup ?? fail(`acknowledgement on ${what}: no load balancer`);
    case 'load-balancer':
      return c.loadBalancing?.alb ?? fail(`acknowledgement on ${what}: no load balancer`);
    case 'task-definition':
      return taskOf(on.task, c) ?? fail(`acknowledgement on ${what}: no such task`);
    case 'api-distribution':
      return c.sites?.apiDistributions.get(on.api) ?? fail(`acknowledgement on ${what}: no such distribution`);
    case 'rest-api-method':
      return c.restApis?.apis.get(on.api)?.methods.get(on.route) ?? fail(`acknowledgement on ${what}: no such method`);
    case 'rest-api-stage':
      return c.restApis?.apis.get(on.api)?.stage ?? fail(`acknowledgement on ${what}: no such REST API`);
    case 'rest-api-account-role':
      return c.restApis?.account ?? fail(`acknowledgement on ${what}: no REST API`);
    case 'graphql-logs-policy':
      return graphqlOf(on.api, c).logsAccess;
    case 'graphql-data-source-policy':
      return graphqlOf(on.api, c).sourceAccess.get(on.dataSource) ?? fail(`acknowledgement on ${what}: no such data source`);
    case 'user-pool':
      return c.userPools?.pools.get(on.pool)?.pool ?? fail(`acknowledgement on ${what}: no such user pool`);
    case 'task-role':
      // The task role's permissions on stores: its `DataAccess` policy, beside the task definition.
      return taskOf(on.task, c)?.node.scope?.node.tryFindChild('DataAccess') ?? fail(`acknowledgement on ${what}: no data access policy`);
    case 'replication-role': {
      const store = c.data?.stores.get(on.store);
      if (store?.kind !== 'bucket') fail(`acknowledgement on ${what}: no such bucket`);
      return store.resource.node.scope?.node.findChild('ReplicationRole') ?? fail(`acknowledgement on ${what}: no replication role`);
    }
    case 'backup-role':
      return c.backup?.role ?? fail(`acknowledgement on ${what}: no backup plan`);
    case 'database': {
      // The database's own construct: its cluster or instance (and nothing of another store).
      const store = c.data?.stores.get(on.store);
      return store?.kind === 'database' ? store.scope : fail(`acknowledgement on ${what}: no such database`);
    }
    case 'queue': {
      const store = c.data?.stores.get(on.store);
      return store?.kind === 'queue' ? store.resource : fail(`acknowledgement on ${what}: no such queue`);
    }
    case 'cache': {
      const store = c.data?.stores.get(on.store);
      return store?.kind === 'cache' ? store.scope : fail(`acknowledgement on ${what}: no such cache`);
    }
    case 'cache-auth-token': {
      const store = c.data?.stores.get(on.store);
      return store?.kind === 'cache' ? store.resource.secret : fail(`acknowledgement on ${what}: no such cache`);
    }
    case 'access-log-bucket':
      return c.accessLogs?.bucket ?? fail(`acknowledgement on ${what}: no access-log bucket`);
    case 'config-role':
      return c.audit?.configRole ?? fail(`acknowledgement on ${what}: no configuration recorder`);
    case 'secret-lookup-function':
      // custom_resources.AwsCustomResource's one function per stack (a SingletonFunction of this ID).
      return stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287') ?? fail(`acknowledgement on ${what}: no lookup function`);
    case 'scheduler-policy':
      return c.jobs?.tasks.get(on.task)?.node.scope?.node.tryFindChild('SchedulerAccess') ?? fail(`acknowledgement on ${what}: no such job`);
    case 'public-subnet':
      return c.network?.vpc.publicSubnets[on.index] ?? fail(`acknowledgement on ${what}: no such public subnet`);
    case 'redirect-listener':
      // aws-cdk-lib's ApplicationLoadBalancer.addRedirect: the port-80 listener.
      return c.loadBalancing?.alb.node.tryFindChild('Redirect80To443') ?? fail(`acknowledgement on ${what}: no redirect listener`);
    case 'flow-log-role':
      return c.network?.vpc.node.tryFindChild('FlowLog')?.node.tryFindChild('IAMRole') ?? fail(`acknowledgement on ${what}: no flow-log role`);
    case 'trail-role':
      return c.audit?.node.tryFindChild('TrailLogsRole') ?? fail(`acknowledgement on ${what}: no trail role`);
    case 'audit-bucket':
      return c.audit?.bucket ?? fail(`acknowledgement on ${what}: no audit-log bucket`);
    case 'bucket': {
      const store = c.data?.stores.get(on.store);
      return store?.kind === 'bucket' ? (store.resource as IConstruct) : fail(`acknowledgement on ${what}: no such bucket`);
    }
    case 'function':
      return functionOf(on.fn, c).function;
    case 'function-role':
      return functionOf(on.fn, c).access;
    case 'function-scheduler-policy':
      return functionOf(on.fn, c).schedulerAccess ?? fail(`acknowledgement on ${what}: function ${on.fn} has no schedule`);
    case 'api-route':
      return c.apis?.apis.get(on.api)?.routes.get(on.route) ?? fail(`acknowledgement on ${what}: no such route`);
    case 'site-bucket':
      return c.sites?.sites.get(on.site)?.bucket ?? fail(`acknowledgement on ${what}: no such site`);
    case 'site-upload-handler':
      return uploadHandlerOf(stack) ?? fail(`acknowledgement on ${what}: no site files`);
    case 'site-distribution':
      return c.sites?.sites.get(on.site)?.distribution ?? fail(`acknowledgement on ${what}: no such site`);
    case 'lb-distribution':
      return c.sites?.loadBalancerDistribution ?? fail(`acknowledgement on ${what}: the load balancer has no distribution`);
    case 'monitoring-role': {
      const store = c.data?.stores.get(on.store);
      return (store?.kind === 'database' && store.scope.node.tryFindChild('MonitoringRole')) || fail(`acknowledgement on ${what}: no monitoring role`);
    }
  }
}

const graphqlOf = (key: string, c: AcknowledgedConstructs) => c.graphqlApis?.apis.get(key) ?? fail(`acknowledgement on GraphQL API ${key}: no such API`);

const functionOf = (key: string, c: AcknowledgedConstructs) => c.functions?.functions.get(key) ?? fail(`acknowledgement on function ${key}: no such function`);

const taskOf = (key: string, c: AcknowledgedConstructs) => c.compute?.services.get(key)?.taskDefinition ?? c.jobs?.tasks.get(key);

/** The finding's ID as cdk-nag writes it: a resource flattened as cdk-nag flattens it, or a managed policy's ARN. */
function findingId(stack: Stack, f: AcknowledgedFinding, c: AcknowledgedConstructs): string {
  if (f.kind === 'any-resource') return 'Resource::*';
  if (f.kind === 'account-log-groups') return 'Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*';
  if (f.kind === 'action') return `Action::${f.action}`;
  if (f.kind === 'asset-objects') return `Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*`;
  if (f.kind === 'site-objects') return `Resource::${flattenCfnReference(stack.resolve((c.sites?.sites.get(f.site) ?? fail(`finding ${JSON.stringify(f)}: no such site`)).bucket.arnForObjects('*')))}`;
  if (f.kind === 'managed-policy') return `Policy::arn:<AWS::Partition>:iam::aws:policy/${f.name}`;
  if (f.kind === 'audit-bucket-objects') {
    const bucket = c.audit?.bucket ?? fail(`finding ${JSON.stringify(f)}: no audit-log bucket`);
    return `Resource::${flattenCfnReference(stack.resolve(bucket.arnForObjects(`${f.prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`)))}`;
  }
  const store = c.data?.stores.get(f.store);
  let arn: string;
  if (store?.kind === 'bucket') {
    const replication = store.design.replication;
    arn = f.replica ? replicaBucketArn(replication ?? fail(`finding ${JSON.stringify(f)}: ${f.store} does not replicate`)) : (store.resource as s3.IBucket).bucketArn;
  } else if (store?.kind === 'table') {
    arn = store.resource.tableArn;
  } else {
    fail(`finding ${JSON.stringify(f)}: no bucket or table ${f.store}`);
  }
  return `Resource::${flattenCfnReference(stack.resolve(`${arn}${f.suffix}`))}`;
}
